/* SPDX-License-Identifier: GPL-3.0-or-later */
/* records.c: enumerations and the field tables of exported records (agents,
 * relationships, events), and their export from a simulation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim_internal.h"

#define NAMES(...) (const char *const[]){__VA_ARGS__}
#define ENUM(nm, ...) {nm, (int)(sizeof(NAMES(__VA_ARGS__)) / sizeof(const char *)), NAMES(__VA_ARGS__)}

static const vol_enum_info enums[VOL_ENUM_COUNT] = {
    [VOL_ENUM_NPO_KIND] = ENUM("npo_kind", "welfare", "volunteer_org", "hybrid"),
    [VOL_ENUM_PROFILE] = ENUM("profile", "elderly", "youth", "disability", "refugee", "isolated",
                              "routine_sensitive"),
    [VOL_ENUM_VOLUNTEER_KIND] = ENUM("volunteer_kind", "regular", "corporate", "vulnerable"),
    [VOL_ENUM_VOLUNTEER_STATE] = ENUM("volunteer_state", "active", "resting", "gone"),
    [VOL_ENUM_EXIT_REASON] = ENUM("exit_reason", "none", "circumstances", "stress",
                                  "unmet_expectations", "programme_over", "other_personal"),
    [VOL_ENUM_ROLE] = ENUM("role", "social_worker", "coordinator"),
    [VOL_ENUM_REL_KIND] = ENUM("relationship_kind", "regular", "corporate"),
    [VOL_ENUM_END_REASON] = ENUM("end_reason", "active", "completed", "volunteer_dropped_out",
                                 "burnout", "programme_over"),
    [VOL_ENUM_EVENT_KIND] = ENUM("event_kind", "arrival", "not_accepted", "handover", "match", "end",
                                 "burnout", "return", "dropout", "group_event", "programme_start",
                                 "stay_on", "missed_visit", "declined"),
};

const vol_enum_info *vol_enum(vol_enum_id id)
{
    return (unsigned)id < VOL_ENUM_COUNT ? &enums[id] : NULL;
}

/* ---- the columns of each table ----
 * One list per table, in the order of its record's members (model/vol_sim.h):
 * X(member, type, value, description), type I32, F64 or ENUM_OF(the
 * enumeration). The list makes both the table's field descriptors
 * (vol_table: names, types, offsets, descriptions, so the HDF5 schema) and
 * its export (fill: the member of row i set to value). So an exported
 * attribute is the record's member and one entry here. The values are
 * expressions of the row being filled (i: the agent's number in the state;
 * c, v, p, e, ev: the agent kind's arrays; w: the numbering of exported
 * rows, map_id and day_rec translating references and days; s: the
 * simulation). */

/* NPO i */
#define NPO_COLUMNS(X) \
    X(id, I32, (int32_t)i, "NPO number") \
    X(kind, ENUM_OF(VOL_ENUM_NPO_KIND), s->npos.kind[i], "kind of organisation") \
    X(has_coordinator, I32, s->npos.has_coordinator[i], "1 when it has a volunteer coordinator") \
    X(clients, I32, s->npos.client_count[i], "clients") \
    X(volunteers, I32, 0 /* counted in fill */, "regular and vulnerable volunteers not gone") \
    X(professionals, I32, s->npos.prof_count[i], "professionals (social workers and coordinator)") \
    X(partner_company, I32, s->npos.partner_company[i], "first partner company, -1 when none")

/* client i (c = &s->cl) */
#define CLIENT_COLUMNS(X) \
    X(id, I32, (int32_t)i, "client number") \
    X(npo, I32, c->npo[i], "NPO") \
    X(profile, ENUM_OF(VOL_ENUM_PROFILE), c->profile[i], "profile") \
    X(professional, I32, c->prof[i], "assigned social worker") \
    X(relationship, I32, map_id(w->re, c->rel[i]), "current relationship, -1 when none") \
    X(relationships, I32, c->n_rel[i], "relationships since day 0 (the one running on day 0 included)") \
    X(premature_endings, I32, c->n_premature[i], "relationships ended prematurely by the volunteer since day 0") \
    X(company_contacts, I32, c->company_contacts[i], "company activities and programmes taken part in") \
    X(first_company_contact_day, I32, day_rec_or_none(s, c->first_contact[i]), \
      "day of the first company activity or programme, -1 when none") \
    X(complexity, F64, c->complexity[i], "complexity of problems, 0-1") \
    X(care_avoidance, F64, c->care_avoid[i], "care avoidance, 0-1") \
    X(demandingness, F64, c->demand[i], "demandingness, 0-1") \
    X(routine_sensitivity, F64, c->routine[i], "routine sensitivity, 0-1") \
    X(base_wellbeing, F64, c->w_base[i], "base wellbeing, 0-1") \
    X(wellbeing, F64, c->wellbeing[i], "wellbeing, 0-1") \
    X(trust_npo, F64, c->trust[i], "trust in the NPO, 0-1") \
    X(scepticism, F64, c->scep[i], "scepticism about company involvement, 0-1")

/* volunteer i (v = &s->vo), exported as row w->vo[i] */
#define VOLUNTEER_COLUMNS(X) \
    X(id, I32, w->vo[i], "volunteer number") \
    X(kind, ENUM_OF(VOL_ENUM_VOLUNTEER_KIND), v->kind[i], "kind") \
    X(state, ENUM_OF(VOL_ENUM_VOLUNTEER_STATE), v->state[i], "state") \
    X(npo, I32, v->npo[i], "NPO") \
    X(company, I32, v->company[i], "company (corporate volunteers), -1 otherwise") \
    X(supervisor, I32, v->supervisor[i], "supervising professional") \
    X(recruited_day, I32, day_rec(s, v->recruited_day[i]), "day recruited (negative: before day 0)") \
    X(gone_day, I32, day_rec_or_none(s, v->gone_day[i]), "day left, -1 when not gone") \
    X(exit_reason, ENUM_OF(VOL_ENUM_EXIT_REASON), v->exit_reason[i], "why the volunteer left") \
    X(clients, I32, v->rel[i] >= 0, "current clients (0 or 1)") \
    X(burnouts, I32, v->burnouts[i], "burnouts since day 0") \
    X(episodic, I32, v->episodic[i], "1 when volunteering 'on measure'") \
    X(relational_skill, F64, v->relational[i], "relational skill, 0-1") \
    X(empathy, F64, v->empathy[i], "empathy, 0-1") \
    X(perseverance, F64, v->perseverance[i], "perseverance, 0-1") \
    X(practical_skill, F64, v->practical[i], "practical skill, 0-1") \
    X(reciprocity_expectation, F64, v->reciprocity[i], "expectation of reciprocity, 0-1") \
    X(challenge_seeking, F64, v->challenge[i], "challenge seeking, 0-1") \
    X(over_involvement, F64, v->overinv[i], "over-involvement, 0-1") \
    X(availability, F64, v->availability[i], "availability, 0-1") \
    X(energy, F64, v->energy[i], "energy, 0-1") \
    X(commitment, F64, v->commitment[i], "commitment, 0-1") \
    X(recognition, F64, v->recognition[i], "recognition of small results, 0-1") \
    X(wellbeing, F64, v->wellbeing[i], "wellbeing (vulnerable volunteers; NaN otherwise)")

/* professional i (p = &s->pr; known, tsum, npo and hours computed in fill) */
#define PROFESSIONAL_COLUMNS(X) \
    X(id, I32, (int32_t)i, "professional number") \
    X(npo, I32, npo, "NPO") \
    X(role, ENUM_OF(VOL_ENUM_ROLE), p->role[i], "role") \
    X(caseload, I32, 0 /* counted in fill */, "clients without a volunteer (social workers)") \
    X(known_volunteers, I32, known, "volunteers worked with") \
    X(handovers, I32, p->handovers[i], "clients handed over since day 0") \
    X(willingness, F64, p->willingness[i], "willingness to hand over, 0-1") \
    X(mean_trust, F64, known ? tsum / known : NAN, "mean trust in known volunteers, 0-1 (NaN when none)") \
    X(supervision_hours_week, F64, hours, "supervision hours per week available")

/* company i */
#define COMPANY_COLUMNS(X) \
    X(id, I32, (int32_t)i, "company number") \
    X(pool_size, I32, s->co.pool, "employees who could take part") \
    X(employees_sent, I32, s->co.sent[i], "employee places filled so far") \
    X(rounds, I32, s->co.rounds[i], "engagement rounds started") \
    X(hours_given, F64, s->co.hours[i], "employee hours given (the company's view, E5)") \
    X(budget_given, F64, s->co.budget[i], "budget brought, EUR")

/* relationship i (e = &s->re), exported as row w->re[i] */
#define RELATIONSHIP_COLUMNS(X) \
    X(id, I32, w->re[i], "relationship number") \
    X(kind, ENUM_OF(VOL_ENUM_REL_KIND), e->kind[i], \
      "kind now (a corporate one becomes regular when the employee stays on)") \
    X(client, I32, e->hot[i].client, "client") \
    X(volunteer, I32, map_id(w->vo, e->volunteer[i]), "volunteer") \
    X(npo, I32, e->npo[i], "NPO of the client") \
    X(start_day, I32, day_rec(s, e->start[i]), "first day (negative: before day 0)") \
    X(planned_end, I32, day_rec_or_none(s, e->planned_end[i]), "planned last day, -1 when open-ended") \
    X(interval, I32, e->interval[i], "days between visits") \
    X(visits, I32, e->visits[i], "visits so far") \
    X(last_visit, I32, day_rec_or_none(s, e->last_visit[i]), "day of the last visit, -1 when none") \
    X(end_day, I32, day_rec_or_none(s, e->end_day[i]), "day it ended, -1 when active") \
    X(end_reason, ENUM_OF(VOL_ENUM_END_REASON), e->end_reason[i], "how it ended") \
    X(bond, F64, e->hot[i].bond, "bond (mutual trust), 0-1") \
    X(max_bond, F64, e->max_bond[i], "highest bond reached, 0-1") \
    X(wellbeing_start, F64, e->wb_start[i], "client wellbeing when it began") \
    X(wellbeing_end, F64, e->wb_end[i], "client wellbeing right after it ended (NaN when active)")

/* event i (ev = &s->events[i], logged with recorded days already) */
#define EVENT_COLUMNS(X) \
    X(day, I32, ev->day, "day (0-based, recorded days)") \
    X(kind, ENUM_OF(VOL_ENUM_EVENT_KIND), ev->kind, "what happened") \
    X(reason, I32, ev->reason, \
      "end: end_reason; dropout: exit_reason; match: relationship kind; handover: 1 when a known trusted " \
      "volunteer was free; group_event: 1 for maintenance; programme_start: format") \
    X(client, I32, ev->client, "client, -1 when none") \
    X(volunteer, I32, map_id(w->vo, ev->volunteer), "volunteer, -1 when none") \
    X(professional, I32, ev->professional, "professional, -1 when none") \
    X(company, I32, ev->company, "company, -1 when none") \
    X(npo, I32, ev->npo, "NPO, -1 when none")

/* A column's field descriptor, for the record type RECORD. */
#define FT_I32 VOL_FT_I32
#define FT_F64 VOL_FT_F64
#define FT_ENUM_OF(e) VOL_FT_ENUM
#define ENUM_ID_I32 VOL_ENUM_COUNT
#define ENUM_ID_F64 VOL_ENUM_COUNT
#define ENUM_ID_ENUM_OF(e) e
#define DESCRIBE(f, type, value, d) {#f, FT_##type, offsetof(RECORD, f), ENUM_ID_##type, d},

#define RECORD vol_npo_record
static const vol_field npo_fields[] = {NPO_COLUMNS(DESCRIBE)};
#undef RECORD
#define RECORD vol_client_record
static const vol_field client_fields[] = {CLIENT_COLUMNS(DESCRIBE)};
#undef RECORD
#define RECORD vol_volunteer_record
static const vol_field volunteer_fields[] = {VOLUNTEER_COLUMNS(DESCRIBE)};
#undef RECORD
#define RECORD vol_professional_record
static const vol_field professional_fields[] = {PROFESSIONAL_COLUMNS(DESCRIBE)};
#undef RECORD
#define RECORD vol_company_record
static const vol_field company_fields[] = {COMPANY_COLUMNS(DESCRIBE)};
#undef RECORD
#define RECORD vol_relationship_record
static const vol_field relationship_fields[] = {RELATIONSHIP_COLUMNS(DESCRIBE)};
#undef RECORD
#define RECORD vol_event_record
static const vol_field event_fields[] = {EVENT_COLUMNS(DESCRIBE)};
#undef RECORD

#define TABLE(nm, T, f) {nm, sizeof(T), sizeof(f) / sizeof(f[0]), f}
static const vol_table_info tables[VOL_TABLE_COUNT] = {
    [VOL_TABLE_NPOS] = TABLE("npos", vol_npo_record, npo_fields),
    [VOL_TABLE_CLIENTS] = TABLE("clients", vol_client_record, client_fields),
    [VOL_TABLE_VOLUNTEERS] = TABLE("volunteers", vol_volunteer_record, volunteer_fields),
    [VOL_TABLE_PROFESSIONALS] = TABLE("professionals", vol_professional_record, professional_fields),
    [VOL_TABLE_COMPANIES] = TABLE("companies", vol_company_record, company_fields),
    [VOL_TABLE_RELATIONSHIPS] = TABLE("relationships", vol_relationship_record, relationship_fields),
    [VOL_TABLE_EVENTS] = TABLE("events", vol_event_record, event_fields),
};

const vol_table_info *vol_table(vol_table_id t)
{
    return (unsigned)t < VOL_TABLE_COUNT ? &tables[t] : NULL;
}

/* The exported tables describe the recorded days. Volunteers who left and
 * relationships that ended during the burn-in are history, like the
 * constructed past of day 0, and are left out; the others keep their
 * order and are numbered anew, so that a row's number is its id and every
 * reference (a client's relationship, a relationship's volunteer, an
 * event's volunteer) points to its row. Days are recorded days (internal
 * day - run.burn_in_days; -1 for "none" stays -1). Without a burn-in the
 * numbering is the identity and nothing moves. */
typedef struct {
    int32_t *vo, *re;   /* new number of volunteer / relationship i, -1 when left out */
    size_t nvo, nre;    /* rows kept */
} vol_rows;

static void rows_free(vol_rows *w)
{
    free(w->vo);
    free(w->re);
}

static vol_status rows_number(const vol_sim *s, vol_rows *w)
{
    const long b = s->burn_in;
    *w = (vol_rows){NULL, NULL, 0, 0};
    w->vo = malloc(((size_t)s->vo.n + 1) * sizeof *w->vo);
    w->re = malloc(((size_t)s->re.n + 1) * sizeof *w->re);
    if (!w->vo || !w->re) {
        rows_free(w);
        VOL_ERROR(VOL_ENOMEM, "cannot number %d volunteers and %d relationships for export", s->vo.n, s->re.n);
    }
    for (int i = 0; i < s->vo.n; i++)
        w->vo[i] = s->vo.state[i] == VOL_STATE_GONE && s->vo.gone_day[i] < b ? -1 : (int32_t)w->nvo++;
    for (int i = 0; i < s->re.n; i++)
        w->re[i] = s->re.end_day[i] >= 0 && s->re.end_day[i] < b ? -1 : (int32_t)w->nre++;
    return VOL_OK;
}

static int32_t map_id(const int32_t *map, int32_t i) { return i >= 0 ? map[i] : -1; }

/* A day of the state as a recorded day: of an event that happened (a
 * recruitment, a start: negative before recorded day 0), or of a field
 * where -1 means none (left, ended, last visit, planned end). */
static int32_t day_rec(const vol_sim *s, int32_t d) { return (int32_t)(d - s->burn_in); }
static int32_t day_rec_or_none(const vol_sim *s, int32_t d) { return d < 0 ? -1 : day_rec(s, d); }

static size_t table_rows(const vol_sim *s, vol_table_id t, const vol_rows *w)
{
    switch (t) {
    case VOL_TABLE_NPOS: return (size_t)s->npos.n;
    case VOL_TABLE_CLIENTS: return (size_t)s->cl.n;
    case VOL_TABLE_VOLUNTEERS: return w->nvo;
    case VOL_TABLE_PROFESSIONALS: return (size_t)s->pr.n;
    case VOL_TABLE_COMPANIES: return (size_t)s->co.n;
    case VOL_TABLE_RELATIONSHIPS: return w->nre;
    case VOL_TABLE_EVENTS: return s->n_events;
    case VOL_TABLE_COUNT: break;
    }
    return 0;
}

/* Sets every column of record *o (the row of agent i). */
#define FILL(f, type, value, d) o->f = (value);

static void fill(const vol_sim *s, vol_table_id t, const vol_rows *w, void *out)
{
    size_t n = table_rows(s, t, w);
    switch (t) {
    case VOL_TABLE_NPOS: {
        vol_npo_record *r = out;
        for (size_t i = 0; i < n; i++) {
            vol_npo_record *o = &r[i];
            NPO_COLUMNS(FILL)
        }
        for (int v = 0; v < s->vo.n; v++)
            if (s->vo.kind[v] != VOL_VOL_CORPORATE && s->vo.state[v] != VOL_STATE_GONE) r[s->vo.npo[v]].volunteers++;
        break;
    }
    case VOL_TABLE_CLIENTS: {
        vol_client_record *r = out;
        const vol_clients *c = &s->cl;
        for (size_t i = 0; i < n; i++) {
            vol_client_record *o = &r[i];
            CLIENT_COLUMNS(FILL)
        }
        break;
    }
    case VOL_TABLE_VOLUNTEERS: {
        vol_volunteer_record *r = out;
        const vol_volunteers *v = &s->vo;
        for (int i = 0; i < v->n; i++) {
            if (w->vo[i] < 0) continue;
            vol_volunteer_record *o = &r[w->vo[i]];
            VOLUNTEER_COLUMNS(FILL)
        }
        break;
    }
    case VOL_TABLE_PROFESSIONALS: {
        vol_professional_record *r = out;
        const vol_professionals *p = &s->pr;
        for (size_t i = 0; i < n; i++) {
            /* every volunteer worked with, those who left included */
            double tsum = 0;
            for (int k = 0; k < p->n_known[i]; k++) tsum += p->known[i][k].trust;
            tsum += p->forgotten_trust[i];
            int known = p->n_known[i] + p->n_forgotten[i];
            int npo = p->npo[i];
            double hours = p->role[i] == VOL_ROLE_COORDINATOR ? s->p.sup_hours_coord
                           : (s->npos.kind[npo] != VOL_NPO_VOLUNTEER_ORG ? s->p.sup_hours_prof : 0.0);
            vol_professional_record *o = &r[i];
            PROFESSIONAL_COLUMNS(FILL)
        }
        for (int c = 0; c < s->cl.n; c++)
            if (s->cl.rel[c] < 0) r[s->cl.prof[c]].caseload++;
        break;
    }
    case VOL_TABLE_COMPANIES: {
        vol_company_record *r = out;
        for (size_t i = 0; i < n; i++) {
            vol_company_record *o = &r[i];
            COMPANY_COLUMNS(FILL)
        }
        break;
    }
    case VOL_TABLE_RELATIONSHIPS: {
        vol_relationship_record *r = out;
        const vol_relationships *e = &s->re;
        for (int i = 0; i < e->n; i++) {
            if (w->re[i] < 0) continue;
            vol_relationship_record *o = &r[w->re[i]];
            RELATIONSHIP_COLUMNS(FILL)
        }
        break;
    }
    case VOL_TABLE_EVENTS: {
        vol_event_record *r = out;
        for (size_t i = 0; i < n; i++) {
            const vol_event_record *ev = &s->events[i];
            vol_event_record *o = &r[i];
            EVENT_COLUMNS(FILL)
        }
        break;
    }
    case VOL_TABLE_COUNT: break;
    }
}

vol_status vol_sim_export(const vol_sim *s, vol_table_id t, void **records, size_t *n)
{
    if (!s || !records || !n || (unsigned)t >= VOL_TABLE_COUNT)
        VOL_ERROR(VOL_EINVAL, "vol_sim_export: bad arguments");
    if (t == VOL_TABLE_EVENTS && !s->log_events)
        VOL_ERROR(VOL_EINVAL, "vol_sim_export: the event log was not kept (create with log_events)");
    vol_rows w;
    vol_status st = rows_number(s, &w);
    if (st != VOL_OK) return st;
    *n = table_rows(s, t, &w);
    *records = calloc(*n ? *n : 1, tables[t].record_size);
    if (!*records) {
        rows_free(&w);
        VOL_ERROR(VOL_ENOMEM, "cannot allocate %zu records of table %s", *n, tables[t].name);
    }
    fill(s, t, &w, *records);
    rows_free(&w);
    return VOL_OK;
}
