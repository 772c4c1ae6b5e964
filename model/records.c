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

#define I(T, f, d) {#f, VOL_FT_I32, offsetof(T, f), VOL_ENUM_COUNT, d}
#define D(T, f, d) {#f, VOL_FT_F64, offsetof(T, f), VOL_ENUM_COUNT, d}
#define E(T, f, e, d) {#f, VOL_FT_ENUM, offsetof(T, f), e, d}

static const vol_field npo_fields[] = {
    I(vol_npo_record, id, "NPO number"),
    E(vol_npo_record, kind, VOL_ENUM_NPO_KIND, "kind of organisation"),
    I(vol_npo_record, has_coordinator, "1 when it has a volunteer coordinator"),
    I(vol_npo_record, clients, "clients"),
    I(vol_npo_record, volunteers, "regular and vulnerable volunteers not gone"),
    I(vol_npo_record, professionals, "professionals (social workers and coordinator)"),
    I(vol_npo_record, partner_company, "first partner company, -1 when none"),
};
static const vol_field client_fields[] = {
    I(vol_client_record, id, "client number"),
    I(vol_client_record, npo, "NPO"),
    E(vol_client_record, profile, VOL_ENUM_PROFILE, "profile"),
    I(vol_client_record, professional, "assigned social worker"),
    I(vol_client_record, relationship, "current relationship, -1 when none"),
    I(vol_client_record, relationships, "relationships since day 0 (the one running on day 0 included)"),
    I(vol_client_record, premature_endings, "relationships ended prematurely by the volunteer since day 0"),
    I(vol_client_record, company_contacts, "company activities and programmes taken part in"),
    I(vol_client_record, first_company_contact_day, "day of the first company activity or programme, -1 when none"),
    D(vol_client_record, complexity, "complexity of problems, 0-1"),
    D(vol_client_record, care_avoidance, "care avoidance, 0-1"),
    D(vol_client_record, demandingness, "demandingness, 0-1"),
    D(vol_client_record, routine_sensitivity, "routine sensitivity, 0-1"),
    D(vol_client_record, base_wellbeing, "base wellbeing, 0-1"),
    D(vol_client_record, wellbeing, "wellbeing, 0-1"),
    D(vol_client_record, trust_npo, "trust in the NPO, 0-1"),
    D(vol_client_record, scepticism, "scepticism about company involvement, 0-1"),
};
static const vol_field volunteer_fields[] = {
    I(vol_volunteer_record, id, "volunteer number"),
    E(vol_volunteer_record, kind, VOL_ENUM_VOLUNTEER_KIND, "kind"),
    E(vol_volunteer_record, state, VOL_ENUM_VOLUNTEER_STATE, "state"),
    I(vol_volunteer_record, npo, "NPO"),
    I(vol_volunteer_record, company, "company (corporate volunteers), -1 otherwise"),
    I(vol_volunteer_record, supervisor, "supervising professional"),
    I(vol_volunteer_record, recruited_day, "day recruited (negative: before day 0)"),
    I(vol_volunteer_record, gone_day, "day left, -1 when not gone"),
    E(vol_volunteer_record, exit_reason, VOL_ENUM_EXIT_REASON, "why the volunteer left"),
    I(vol_volunteer_record, clients, "current clients (0 or 1)"),
    I(vol_volunteer_record, burnouts, "burnouts since day 0"),
    I(vol_volunteer_record, episodic, "1 when volunteering 'on measure'"),
    D(vol_volunteer_record, relational_skill, "relational skill, 0-1"),
    D(vol_volunteer_record, empathy, "empathy, 0-1"),
    D(vol_volunteer_record, perseverance, "perseverance, 0-1"),
    D(vol_volunteer_record, practical_skill, "practical skill, 0-1"),
    D(vol_volunteer_record, reciprocity_expectation, "expectation of reciprocity, 0-1"),
    D(vol_volunteer_record, challenge_seeking, "challenge seeking, 0-1"),
    D(vol_volunteer_record, over_involvement, "over-involvement, 0-1"),
    D(vol_volunteer_record, availability, "availability, 0-1"),
    D(vol_volunteer_record, energy, "energy, 0-1"),
    D(vol_volunteer_record, commitment, "commitment, 0-1"),
    D(vol_volunteer_record, recognition, "recognition of small results, 0-1"),
    D(vol_volunteer_record, wellbeing, "wellbeing (vulnerable volunteers; NaN otherwise)"),
};
static const vol_field professional_fields[] = {
    I(vol_professional_record, id, "professional number"),
    I(vol_professional_record, npo, "NPO"),
    E(vol_professional_record, role, VOL_ENUM_ROLE, "role"),
    I(vol_professional_record, caseload, "clients without a volunteer (social workers)"),
    I(vol_professional_record, known_volunteers, "volunteers worked with"),
    I(vol_professional_record, handovers, "clients handed over since day 0"),
    D(vol_professional_record, willingness, "willingness to hand over, 0-1"),
    D(vol_professional_record, mean_trust, "mean trust in known volunteers, 0-1 (NaN when none)"),
    D(vol_professional_record, supervision_hours_week, "supervision hours per week available"),
};
static const vol_field company_fields[] = {
    I(vol_company_record, id, "company number"),
    I(vol_company_record, pool_size, "employees who could take part"),
    I(vol_company_record, employees_sent, "employee places filled so far"),
    I(vol_company_record, rounds, "engagement rounds started"),
    D(vol_company_record, hours_given, "employee hours given (the company's view, E5)"),
    D(vol_company_record, budget_given, "budget brought, EUR"),
};
static const vol_field relationship_fields[] = {
    I(vol_relationship_record, id, "relationship number"),
    E(vol_relationship_record, kind, VOL_ENUM_REL_KIND, "kind now (a corporate one becomes regular when the employee stays on)"),
    I(vol_relationship_record, client, "client"),
    I(vol_relationship_record, volunteer, "volunteer"),
    I(vol_relationship_record, npo, "NPO of the client"),
    I(vol_relationship_record, start_day, "first day (negative: before day 0)"),
    I(vol_relationship_record, planned_end, "planned last day, -1 when open-ended"),
    I(vol_relationship_record, interval, "days between visits"),
    I(vol_relationship_record, visits, "visits so far"),
    I(vol_relationship_record, last_visit, "day of the last visit, -1 when none"),
    I(vol_relationship_record, end_day, "day it ended, -1 when active"),
    E(vol_relationship_record, end_reason, VOL_ENUM_END_REASON, "how it ended"),
    D(vol_relationship_record, bond, "bond (mutual trust), 0-1"),
    D(vol_relationship_record, max_bond, "highest bond reached, 0-1"),
    D(vol_relationship_record, wellbeing_start, "client wellbeing when it began"),
    D(vol_relationship_record, wellbeing_end, "client wellbeing right after it ended (NaN when active)"),
};
static const vol_field event_fields[] = {
    I(vol_event_record, day, "day (0-based, recorded days)"),
    E(vol_event_record, kind, VOL_ENUM_EVENT_KIND, "what happened"),
    I(vol_event_record, reason, "end: end_reason; dropout: exit_reason; match: relationship kind; handover: 1 when a known trusted volunteer was free; group_event: 1 for maintenance; programme_start: format"),
    I(vol_event_record, client, "client, -1 when none"),
    I(vol_event_record, volunteer, "volunteer, -1 when none"),
    I(vol_event_record, professional, "professional, -1 when none"),
    I(vol_event_record, company, "company, -1 when none"),
    I(vol_event_record, npo, "NPO, -1 when none"),
};

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

static void fill(const vol_sim *s, vol_table_id t, const vol_rows *w, void *out)
{
    size_t n = table_rows(s, t, w);
    switch (t) {
    case VOL_TABLE_NPOS: {
        vol_npo_record *r = out;
        for (size_t i = 0; i < n; i++)
            r[i] = (vol_npo_record){(int32_t)i, s->npos.kind[i], s->npos.has_coordinator[i],
                                    s->npos.client_count[i], 0, s->npos.prof_count[i],
                                    s->npos.partner_company[i]};
        for (int v = 0; v < s->vo.n; v++)
            if (s->vo.kind[v] != VOL_VOL_CORPORATE && s->vo.state[v] != VOL_STATE_GONE) r[s->vo.npo[v]].volunteers++;
        break;
    }
    case VOL_TABLE_CLIENTS: {
        vol_client_record *r = out;
        const vol_clients *c = &s->cl;
        for (size_t i = 0; i < n; i++)
            r[i] = (vol_client_record){(int32_t)i, c->npo[i], c->profile[i], c->prof[i], map_id(w->re, c->rel[i]),
                                       c->n_rel[i], c->n_premature[i], c->company_contacts[i],
                                       day_rec_or_none(s, c->first_contact[i]),
                                       c->complexity[i], c->care_avoid[i], c->demand[i], c->routine[i],
                                       c->w_base[i], c->wellbeing[i], c->trust[i], c->scep[i]};
        break;
    }
    case VOL_TABLE_VOLUNTEERS: {
        vol_volunteer_record *r = out;
        const vol_volunteers *v = &s->vo;
        for (int i = 0; i < v->n; i++) {
            if (w->vo[i] < 0) continue;
            r[w->vo[i]] = (vol_volunteer_record){w->vo[i], v->kind[i], v->state[i], v->npo[i], v->company[i],
                                          v->supervisor[i], day_rec(s, v->recruited_day[i]),
                                          day_rec_or_none(s, v->gone_day[i]),
                                          v->exit_reason[i], v->rel[i] >= 0, v->burnouts[i], v->episodic[i],
                                          v->relational[i], v->empathy[i], v->perseverance[i],
                                          v->practical[i], v->reciprocity[i], v->challenge[i], v->overinv[i],
                                          v->availability[i], v->energy[i], v->commitment[i],
                                          v->recognition[i], v->wellbeing[i]};
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
            int nk = p->n_known[i] + p->n_forgotten[i];
            int npo = p->npo[i];
            double hours = p->role[i] == VOL_ROLE_COORDINATOR ? s->p.sup_hours_coord
                           : (s->npos.kind[npo] != VOL_NPO_VOLUNTEER_ORG ? s->p.sup_hours_prof : 0.0);
            r[i] = (vol_professional_record){(int32_t)i, npo, p->role[i], 0, nk, p->handovers[i],
                                             p->willingness[i], nk ? tsum / nk : NAN,
                                             hours};
        }
        for (int c = 0; c < s->cl.n; c++)
            if (s->cl.rel[c] < 0) r[s->cl.prof[c]].caseload++;
        break;
    }
    case VOL_TABLE_COMPANIES: {
        vol_company_record *r = out;
        for (size_t i = 0; i < n; i++)
            r[i] = (vol_company_record){(int32_t)i, s->co.pool, s->co.sent[i], s->co.rounds[i], s->co.hours[i],
                                        s->co.budget[i]};
        break;
    }
    case VOL_TABLE_RELATIONSHIPS: {
        vol_relationship_record *r = out;
        const vol_relationships *e = &s->re;
        for (int i = 0; i < e->n; i++) {
            if (w->re[i] < 0) continue;
            r[w->re[i]] = (vol_relationship_record){w->re[i], e->kind[i], e->hot[i].client,
                                             map_id(w->vo, e->volunteer[i]), e->npo[i],
                                             day_rec(s, e->start[i]), day_rec_or_none(s, e->planned_end[i]),
                                             e->interval[i], e->visits[i], day_rec_or_none(s, e->last_visit[i]),
                                             day_rec_or_none(s, e->end_day[i]), e->end_reason[i], e->hot[i].bond,
                                             e->max_bond[i], e->wb_start[i], e->wb_end[i]};
        }
        break;
    }
    case VOL_TABLE_EVENTS: {
        /* logged with recorded days already */
        vol_event_record *r = out;
        for (size_t i = 0; i < n; i++) {
            r[i] = s->events[i];
            r[i].volunteer = map_id(w->vo, r[i].volunteer);
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
