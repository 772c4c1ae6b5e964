/* SPDX-License-Identifier: GPL-3.0-or-later */
/* phase_contact.c: visits due today, in every active relationship (T1, T2,
 * T3, B1, B3, C1, C2).
 *
 * Between visits the bond decays by bond.decay_per_day. A visit raises it by
 * gain x quality x (1 - slowdown x care_avoidance) x (1 - bond), so one
 * contact cannot build a durable bond and care-avoidant clients bond slowly.
 * A first visit by an unfamiliar volunteer disrupts routine-sensitive
 * clients. The volunteer spends energy (more with demanding clients, most
 * when over-involved) and is rewarded by thanks, the challenge of a complex
 * client (for challenge seekers) and by recognising small results (B3);
 * commitment follows reward minus the expectation of reciprocity (C1). The
 * client's professional comes to trust the volunteer (T3), except in
 * volunteer organisations, which keep volunteers apart from professional
 * care (O1). An employee in a programme comes to a scheduled visit with
 * probability companies.visit_attendance; a missed visit is logged and the
 * next one is an interval later. */
#include <math.h>
#include <gsl/gsl_rng.h>
#include "sim_internal.h"

/* Whether the employee of programme relationship r misses today's visit
 * (companies.visit_attendance; seed 000: companies cannot guarantee that
 * an employee comes more than once). Draws from the employee's own stream
 * of the day only when attendance is below 1. A missed visit moves the
 * next one an interval on; the programme's planned end stays. */
static vol_status missed_visit(vol_sim *s, int r, int *missed)
{
    const vol_params *p = &s->p;
    *missed = 0;
    if (s->re.kind[r] != VOL_REL_CORPORATE || p->co_attendance >= 1.0) return VOL_OK;
    int v = s->re.volunteer[r];
    vol_sim_stream(s, VOL_STREAM_VISIT, s->vo.sid[v], (uint64_t)s->day);
    if (gsl_rng_uniform(s->rng) < p->co_attendance) return VOL_OK;
    s->re.hot[r].next_visit = (int32_t)s->day + s->re.interval[r];
    s->flow.missed_visits++;
    *missed = 1;
    return vol_sim_log(s, VOL_EV_MISSED_VISIT, 0, s->re.hot[r].client, v, -1, s->re.company[r], s->re.npo[r]);
}

static vol_status visit(vol_sim *s, int r)
{
    const vol_params *p = &s->p;
    vol_relationships *re = &s->re;
    vol_clients *cl = &s->cl;
    vol_volunteers *vo = &s->vo;
    int c = re->hot[r].client, v = re->volunteer[r];

    if (re->visits[r] == 0) {
        cl->w_disrupt[c] += p->wb_disruption_harm * cl->routine[c] * p->wb_new_contact;
        s->flow.disruptions += p->wb_new_contact;
    }
    double quality = vol_soft_skill(vo->relational[v], vo->empathy[v]);
    re->hot[r].bond =
        vol_grow01(re->hot[r].bond, p->bond_gain * quality * (1.0 - p->bond_care_slowdown * cl->care_avoid[c]));
    if (re->hot[r].bond > re->max_bond[r]) {
        if (re->origin[r] == VOL_REL_CORPORATE && re->max_bond[r] < p->bond_durable && re->hot[r].bond >= p->bond_durable)
            s->corporate_durable++;
        re->max_bond[r] = re->hot[r].bond;
    }

    double drain = p->bo_drain * cl->demand[c] * (1.0 + p->bo_overinv_weight * vo->overinv[v]);
    if (vo->kind[v] == VOL_VOL_VULNERABLE) drain *= vol_vulnerable_factor(p, p->vol_vuln_drain);
    vo->energy[v] = vol_clamp01(vo->energy[v] - drain);

    double progress = p->wb_bond_gain > 0 ? vol_clamp01(cl->w_rel[c] / p->wb_bond_gain) : 0.0;
    double reward = p->cm_reward_base + p->cm_thanks * re->hot[r].bond +
                    p->cm_challenge * (2.0 * vo->challenge[v] - 1.0) * cl->complexity[c] +
                    p->cm_recognition * vo->recognition[v] * (1.0 - progress) -
                    p->cm_demand * cl->demand[c];
    vo->reward_avg[v] = (1.0 - p->cm_reward_memory) * vo->reward_avg[v] + p->cm_reward_memory * reward;
    vo->commitment[v] = vol_clamp01(vo->commitment[v] + p->cm_learning * (reward - vo->reciprocity[v]));

    if (re->kind[r] == VOL_REL_CORPORATE) {
        s->co.hours[re->company[r]] += p->co_hours_visit;
        s->flow.company_hours += p->co_hours_visit;
    }
    int npo = cl->npo[c];
    if (s->npos.kind[npo] != VOL_NPO_VOLUNTEER_ORG) {
        int prof = cl->prof[c];
        double f = s->npos.has_coordinator[npo] ? p->trust_coord_factor : 1.0;
        vol_status st = vol_prof_trust_grow(s, prof, v, p->trust_prof_gain * f);
        if (st != VOL_OK) return st;
    }
    re->visits[r]++;
    re->last_visit[r] = (int32_t)s->day;
    re->hot[r].next_visit = (int32_t)s->day + re->interval[r];
    return VOL_OK;
}

vol_status vol_phase_contact(vol_sim *s)
{
    vol_relationships *re = &s->re;
    double keep = 1.0 - s->p.bond_decay;
    for (int k = 0; k < re->n_active; k++) {
        int r = re->active[k];
        re->hot[r].bond *= keep;
        if (s->day >= re->hot[r].next_visit && s->vo.state[re->volunteer[r]] == VOL_STATE_ACTIVE) {
            int missed;
            vol_status st = missed_visit(s, r, &missed);
            if (st == VOL_OK && !missed) st = visit(s, r);
            if (st != VOL_OK) return st;
        }
        /* no later phase of the day changes a bond: the clients phase reads
         * this copy in client order instead of gathering */
        s->cl.bond[re->hot[r].client] = re->hot[r].bond;
    }
    return VOL_OK;
}
