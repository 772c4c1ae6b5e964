/* SPDX-License-Identifier: GPL-3.0-or-later */
/* phase_engagement.c: company rounds: group activity days and the start of
 * one-to-one programmes (E1-E5, T4).
 *
 * A company spends companies.hours_per_year in rounds_per_year rounds. Each
 * round sends employees_per_round employees (vol_params_employees_per_round)
 * for duration_days with a visit every visit_interval_days. The format says
 * whether they spend those visits with a group of the NPO's clients (group)
 * or each with one client (one_to_one); one-off and three-month programmes
 * are two settings of the same mechanism. Who is sent is a selection rule
 * (a const table below, as REBOUND plugs in integrators). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "sim_internal.h"

typedef int (*vol_select_fn)(vol_sim *s, int c, int want, int32_t *out);

/* One step of a random permutation of a[0 .. n-1]: one of a[i .. n-1],
 * drawn uniformly, is swapped to a[i] and returned. */
static int32_t draw_to(gsl_rng *r, int32_t *a, int i, int n)
{
    int j = i + (int)gsl_rng_uniform_int(r, (unsigned long)(n - i));
    int32_t t = a[i];
    a[i] = a[j];
    a[j] = t;
    return a[i];
}

/* E4: the company picks, mostly from senior or specialist staff: a random
 * draw among the top senior_share of the pool by seniority. */
static int select_company(vol_sim *s, int c, int want, int32_t *out)
{
    const vol_companies *co = &s->co;
    int top = (int)ceil(s->p.co_senior_share * co->pool), n = 0;
    const int32_t *rank = co->senior_rank + vol_employee_index(co, c, 0);
    int32_t *cand = s->scratch_b;
    for (int i = 0; i < co->pool && (i < top || n < want); i++) {
        /* the senior tier first; juniors only when seniors are all busy */
        int e = rank[i];
        if (co->e_busy[vol_employee_index(co, c, e)] < 0) cand[n++] = e;
    }
    int k = want < n ? want : n;
    for (int i = 0; i < k; i++) out[i] = draw_to(s->rng, cand, i, n);
    return k;
}

static double soft_skill(vol_sim *s, size_t i)
{
    double t[VOL_TRAIT_EMPATHY + 1];
    vol_employee_traits(s, i, VOL_TRAIT_EMPATHY + 1, t);
    return vol_soft_skill(t[VOL_TRAIT_RELATIONAL], t[VOL_TRAIT_EMPATHY]);
}

/* E4, P5: the NPO's needs decide: of a random sample of three available
 * employees per place (companies.needs_first_sample), those with the best
 * soft skills come. */
static int select_needs_first(vol_sim *s, int c, int want, int32_t *out)
{
    const vol_companies *co = &s->co;
    int32_t *cand = s->scratch_b;
    int n = 0;
    for (int e = 0; e < co->pool; e++)
        if (co->e_busy[vol_employee_index(co, c, e)] < 0) cand[n++] = e;
    long per_place = s->p.co_needs_sample;
    int sample = per_place * want < n ? (int)(per_place * want) : n;
    for (int i = 0; i < sample; i++) draw_to(s->rng, cand, i, n);
    int k = want < sample ? want : sample;
    if (per_place <= 1) {
        /* one employee per place: no choice, the employees come in the
         * random order drawn (so that places a client declines are not
         * always those of the least skilled) */
        for (int i = 0; i < k; i++) out[i] = cand[i];
        return k;
    }
    /* the sample's soft skills, kept next to it (scratch_rank's keys) */
    vol_rank_item *skill = s->scratch_rank;
    for (int j = 0; j < sample; j++) skill[j].key = soft_skill(s, vol_employee_index(co, c, cand[j]));
    /* partial selection sort of the sample by soft skill, descending */
    for (int i = 0; i < k; i++) {
        int best = i;
        for (int j = i + 1; j < sample; j++) {
            double a = skill[j].key, b = skill[best].key;
            if (a > b || (a == b && cand[j] < cand[best])) best = j;
        }
        int32_t t = cand[i]; cand[i] = cand[best]; cand[best] = t;
        double u = skill[i].key; skill[i].key = skill[best].key; skill[best].key = u;
        out[i] = cand[i];
    }
    return k;
}

static const struct {
    const char *name;
    const char *doc;
    vol_select_fn select;
} selection_rules[] = {
    [VOL_SELECT_COMPANY] = {"company", "the company picks, mostly senior staff", select_company},
    [VOL_SELECT_NEEDS_FIRST] = {"needs_first", "the NPO's needs (soft skills) decide", select_needs_first},
};

/* Client eligible for company activities: needs-first NPOs shield the most
 * routine-sensitive clients (E2). */
static int eligible(const vol_sim *s, int client)
{
    return s->p.co_selection != VOL_SELECT_NEEDS_FIRST ||
           s->cl.routine[client] <= s->p.co_routine_cutoff;
}

/* T4: every company activity a client takes part in feeds scepticism,
 * unless the client voice policy prevents it. */
static void company_contact(vol_sim *s, int client, double weight)
{
    const vol_params *p = &s->p;
    double g = p->trust_scep_growth * weight;
    if (p->npo_voice_inform) g *= 1.0 - p->trust_voice_inform;
    if (p->npo_voice_feedback) g *= 1.0 - p->trust_voice_feedback;
    if (p->npo_voice_codesign) g *= 1.0 - p->trust_voice_codesign;
    s->cl.scep[client] += g * (1.0 - s->cl.scep[client]);
    if (s->cl.company_contacts[client]++ == 0) s->cl.first_contact[client] = (int32_t)s->day;
}

/* E1: a group day. want = employees x clients_per_employee of the NPO's
 * eligible clients are invited in random order; each takes part when they
 * accept (trust in the NPO, vol_client_accepts), until want take part or
 * the invitations run out. An outing (not a maintenance day) costs
 * outing_cost_per_client per participant from the budget the company
 * brought: without budget fewer go (outings that budget cuts cancelled).
 * Each participant gains the event boost times the attention per client,
 * min(1, 1 / clients_per_employee)^attention_elasticity ("ten to ten
 * instead of ten to one"). */
static vol_status group_day(vol_sim *s, int c, int employees)
{
    const vol_params *p = &s->p;
    vol_companies *co = &s->co;
    int npo = co->partner[c], nn = s->npos.n;
    vol_sim_stream(s, VOL_STREAM_COMPANY, (uint64_t)c, (uint64_t)s->day);
    int maintenance = gsl_rng_uniform(s->rng) < p->co_maintenance;
    int32_t *cand = s->scratch_a;
    int n = 0;
    for (int cl = npo; cl < s->cl.n; cl += nn)
        if (eligible(s, cl)) cand[n++] = cl;
    int want = (int)floor(employees * p->co_ratio + 0.5);
    if (!maintenance && p->co_outing_cost > 0) {
        double left = co->budget[c] - co->spent[c], afford = floor(left / p->co_outing_cost);
        if (afford < want) want = afford > 0 ? (int)afford : 0;
    }
    double contact = maintenance ? p->co_maint_contact : 1.0;
    double attention = p->co_attention > 0 ? pow(fmin(1.0, 1.0 / p->co_ratio), p->co_attention) : 1.0;
    double boost = p->wb_event_boost * contact * attention * (p->npo_voice_codesign ? 1.0 + p->trust_codesign_boost : 1.0);
    int taken = 0;
    for (int i = 0; i < n && taken < want; i++) {
        int32_t cl = draw_to(s->rng, cand, i, n);
        vol_status st;
        if (!vol_client_accepts(s, cl, VOL_STREAM_ACCEPT, 1, 1, &st)) {
            if (st != VOL_OK) return st;
            continue;
        }
        taken++;
        /* E1, P2: attention and a break in routine; E2, P3: the same day
         * disrupts routine-sensitive clients. */
        s->cl.w_event[cl] += boost;
        s->cl.w_disrupt[cl] += p->wb_disruption_harm * s->cl.routine[cl];
        s->flow.disruptions += 1.0;
        s->flow.event_participants++;
        company_contact(s, cl, contact);
    }
    if (!maintenance) co->spent[c] += taken * p->co_outing_cost;
    double hours = employees * p->co_hours_visit;
    co->hours[c] += hours;
    s->flow.company_hours += hours;
    return vol_sim_log(s, VOL_EV_GROUP_EVENT, maintenance, -1, -1, -1, c, npo);
}

/* T2, T3: the probability that the client's professional lets a client of
 * a welfare or hybrid NPO take a programme place: 1 - j (1 - q), q the
 * review-day handover probability to a volunteer they do not know (an
 * employee is one). Clients of volunteer organisations (no professional in
 * the loop) and clients already waiting for a volunteer (handed over
 * already) need no consent. */
static double programme_consent(const vol_sim *s, int cl)
{
    const vol_params *p = &s->p;
    const vol_clients *c = &s->cl;
    if (p->ho_programme <= 0 || s->npos.kind[c->npo[cl]] == VOL_NPO_VOLUNTEER_ORG || c->seeking_since[cl] >= 0)
        return 1.0;
    return 1.0 - p->ho_programme * (1.0 - fmin(vol_handover_probability(s, cl, 0), 1.0));
}

/* T2, T3, T4: the k chosen employees are paired with clients without a
 * volunteer, in random order (needs first: those waiting longest first).
 * A client takes a place when the professional consents
 * (programme_consent) and the client accepts (vol_client_accepts); the next
 * client is asked otherwise. Places left over stay unfilled: their
 * employees are not sent (*placed counts those who are). */
static vol_status start_programme(vol_sim *s, int c, const int32_t *emp, int k, int *placed)
{
    const vol_params *p = &s->p;
    vol_companies *co = &s->co;
    int npo = co->partner[c], nn = s->npos.n;
    *placed = 0;
    /* Clients without a volunteer who may take part. */
    int32_t *cand = s->scratch_a;
    int n = 0;
    for (int cl = npo; cl < s->cl.n; cl += nn)
        if (s->cl.rel[cl] < 0 && eligible(s, cl)) cand[n++] = cl;
    vol_sim_stream(s, VOL_STREAM_PROGRAMME, (uint64_t)c, (uint64_t)s->day);
    for (int i = 0; i < n; i++) draw_to(s->rng, cand, i, n);
    int waiting_left = p->co_selection == VOL_SELECT_NEEDS_FIRST && p->co_waiting_first;
    vol_status st = VOL_OK;
    for (int i = 0; i < n && *placed < k && st == VOL_OK; i++) {
        if (waiting_left) {
            /* Needs first: the NPO offers the places to the clients waiting
             * for a volunteer, longest waiting first; the random order of
             * the others stays as drawn. */
            int best = -1;
            for (int j = i; j < n; j++) {
                int32_t w = s->cl.seeking_since[cand[j]];
                if (w >= 0 && (best < 0 || w < s->cl.seeking_since[cand[best]])) best = j;
            }
            if (best < 0) waiting_left = 0;
            else { int32_t t = cand[i]; cand[i] = cand[best]; cand[best] = t; }
        }
        int cl = cand[i];
        if (p->ho_programme > 0) {
            double u[2];
            vol_sim_uniforms(s, VOL_STREAM_CONSENT, (uint64_t)cl, u);
            if (u[0] >= programme_consent(s, cl)) {
                s->flow.declines++;
                st = vol_sim_log(s, VOL_EV_DECLINED, 3, cl, -1, s->cl.prof[cl], c, npo);
                continue;
            }
        }
        if (!vol_client_accepts(s, cl, VOL_STREAM_CONSENT, 1, 2, &st)) continue;
        size_t e = vol_employee_index(co, c, emp[*placed]);
        double t[VOL_TRAIT_COUNT];
        vol_employee_traits(s, e, VOL_TRAIT_COUNT, t);
        vol_volunteer_spec sp = {
            .kind = VOL_VOL_CORPORATE, .npo = npo, .company = c, .employee = emp[*placed], .episodic = 1,
            .recruited_day = (int32_t)s->day,
            .sid = VOL_SID_CORPORATE + e, /* the employee's: the same in every programme */
            .relational = t[VOL_TRAIT_RELATIONAL], .empathy = t[VOL_TRAIT_EMPATHY],
            .perseverance = t[VOL_TRAIT_PERSEVERANCE], .practical = t[VOL_TRAIT_PRACTICAL],
            .reciprocity = t[VOL_TRAIT_RECIPROCITY], .challenge = t[VOL_TRAIT_CHALLENGE],
            .overinv = t[VOL_TRAIT_OVERINV], .availability = 1.0, .interval = (double)p->co_interval,
            .commitment = p->co_commitment0, .recognition = p->co_recognition0,
            .reward_avg = t[VOL_TRAIT_RECIPROCITY], .wellbeing = NAN};
        int32_t id;
        if ((st = vol_volunteer_add(s, &sp, &id)) != VOL_OK) break;
        co->e_busy[e] = id;
        int32_t r;
        st = vol_rel_start(s, cl, id, VOL_REL_CORPORATE, (int)p->co_interval,
                           (int)(s->day + p->co_duration - 1), c, &r);
        if (st == VOL_OK) {
            company_contact(s, cl, 1.0);
            ++*placed;
        }
    }
    return st;
}

vol_status vol_phase_engagement(vol_sim *s)
{
    const vol_params *p = &s->p;
    vol_companies *co = &s->co;
    /* Companies come from recorded day 0 on: the burn-in is the world
     * without them. Their rounds are timed in recorded days. */
    if (p->co_format == VOL_FORMAT_NONE || co->n == 0 || s->day < s->burn_in) return VOL_OK;
    const long today = vol_sim_day(s);
    int employees = (int)vol_params_employees_per_round(p);
    double spacing = 365.0 / p->co_rounds;
    for (int c = 0; c < co->n; c++) {
        /* Rounds are evenly spaced; companies are staggered within a spacing. */
        double offset = spacing * c / co->n;
        long next = (long)floor(offset + co->rounds[c] * spacing);
        if (today >= next) {
            co->rounds[c]++;
            co->budget[c] += p->co_budget;
            s->flow.company_budget += p->co_budget;
            vol_sim_log(s, VOL_EV_PROGRAMME_START, p->co_format, -1, -1, -1, c, co->partner[c]);
            if (p->co_format == VOL_FORMAT_ONE_TO_ONE) {
                vol_sim_stream(s, VOL_STREAM_COMPANY, (uint64_t)c, (uint64_t)s->day);
                int k = selection_rules[p->co_selection].select(s, c, employees, co->chosen), placed;
                vol_status st = start_programme(s, c, co->chosen, k, &placed);
                co->sent[c] += placed;
                s->flow.places_unfilled += k - placed;
                if (st != VOL_OK) return st;
            }
        }
        if (p->co_format == VOL_FORMAT_GROUP && co->rounds[c] > 0) {
            long start = (long)floor(offset + (co->rounds[c] - 1) * spacing);
            long since = today - start;
            if (since < p->co_duration && since % p->co_interval == 0) {
                co->sent[c] += since == 0 ? employees : 0;
                vol_status st = group_day(s, c, employees);
                if (st != VOL_OK) return st;
            }
        }
    }
    return VOL_OK;
}
