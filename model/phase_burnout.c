/* SPDX-License-Identifier: GPL-3.0-or-later */
/* phase_burnout.c: energy recovery, burnout and rest, dropout (B1, C1, C3,
 * C4, P7, P9, P10).
 *
 * Energy recovers by recovery_per_day x (1 - energy) (rest_recovery_factor
 * times faster while resting). Below burnout.threshold a volunteer burns out: the
 * relationship ends prematurely and the volunteer rests for an exponential
 * time (mean rest_days), then leaves for good with exit_probability (reason:
 * stress) or comes back. Active regular and vulnerable volunteers leave with
 * a yearly hazard: reasons outside the role plus, below
 * commitment.threshold, unmet expectations; higher in the first months, lower
 * with perseverance, higher for unsupported vulnerable volunteers. An exit of
 * the first hazard is labelled other personal reasons with probability
 * dropout.other_personal_share, else circumstances (NCVO's categories; a
 * label only, drawn when the volunteer leaves). Employees in a programme
 * leave early with the yearly hazard companies.dropout_per_year (exit
 * reason: circumstances; the client's ending is premature). Vulnerable
 * volunteers' wellbeing follows their base plus the gain of being active
 * (C4). */
#include <math.h>
#include <gsl/gsl_rng.h>
#include "sim_internal.h"

static void leave(vol_sim *s, int v, int reason)
{
    vol_volunteers *vo = &s->vo;
    if (vo->rel[v] >= 0) vol_rel_end(s, vo->rel[v], reason == VOL_EXIT_STRESS ? VOL_END_BURNOUT : VOL_END_DROPOUT);
    vol_volunteer_gone(s, v, reason);
    if (reason == VOL_EXIT_CIRCUMSTANCES) s->flow.drop_circ++;
    else if (reason == VOL_EXIT_OTHER_PERSONAL) s->flow.drop_other++;
    else if (reason == VOL_EXIT_STRESS) s->flow.drop_stress++;
    else if (reason == VOL_EXIT_UNMET) s->flow.drop_unmet++;
    vol_sim_log(s, VOL_EV_DROPOUT, reason, -1, v, -1, vo->company[v], vo->npo[v]);
}

vol_status vol_phase_burnout(vol_sim *s)
{
    const vol_params *p = &s->p;
    vol_volunteers *vo = &s->vo;
    /* the volunteers still here (no branches; volunteers never outnumber
     * scratch_cap) */
    int32_t *here = s->scratch_a;
    int nh = 0;
    for (int v = 0; v < vo->n; v++) {
        here[nh] = v;
        nh += vo->state[v] != VOL_STATE_GONE;
    }
    /* Dropout (docs/ODD.md 7.6): a volunteer exposed on a day to the
     * yearly hazard h leaves that day with probability 1 - exp(-h / 365),
     * independently of the past. Instead of a uniform drawn every day, each
     * volunteer draws a threshold E ~ Exp(1) when they join
     * (vol_dropout_threshold) and leaves on the first day on which the
     * hazard accumulated over their exposed days, sum h / 365, exceeds E;
     * vo->dropout_left is E minus that sum. The same process in
     * distribution: given that they stayed so far (E > A, A the sum before
     * today), they leave today with probability P(E <= A + x | E > A) = 1 -
     * exp(-x), x = h / 365 of today, and E - A is again Exp(1) (memoryless),
     * whatever the hazards were (h changes with commitment and tenure, which
     * E does not affect). Days without exposure (resting, burning out)
     * add nothing. The exit reason and the rare events (the length of a
     * rest, leaving for good when it ends) are drawn when they happen, from
     * the volunteer's streams of that day. */
    for (int k = 0; k < nh; k++) {
        int v = here[k], state = vo->state[v];
        double rate = p->bo_recovery * (state == VOL_STATE_RESTING ? p->bo_rest_recovery : 1.0);
        vo->energy[v] = vol_grow01(vo->energy[v], rate);
        int vulnerable = vo->kind[v] == VOL_VOL_VULNERABLE;

        if (state == VOL_STATE_RESTING) {
            if (s->day >= vo->rest_until[v]) {
                double u[2];
                vol_sim_uniforms(s, VOL_STREAM_REST, vo->sid[v], u);
                if (u[1] < p->bo_exit) {
                    leave(s, v, VOL_EXIT_STRESS);
                } else {
                    vo->state[v] = VOL_STATE_ACTIVE;
                    vol_sim_log(s, VOL_EV_RETURN, 0, -1, v, -1, -1, vo->npo[v]);
                }
            }
        } else if (vo->energy[v] < p->bo_threshold) {
            vo->burnouts[v]++;
            s->flow.burnouts++;
            vol_sim_log(s, VOL_EV_BURNOUT, 0, vo->rel[v] >= 0 ? s->re.hot[vo->rel[v]].client : -1, v, -1,
                        vo->company[v], vo->npo[v]);
            if (vo->kind[v] == VOL_VOL_CORPORATE) {
                /* an employee who burns out leaves the programme */
                leave(s, v, VOL_EXIT_STRESS);
            } else {
                if (vo->rel[v] >= 0) vol_rel_end(s, vo->rel[v], VOL_END_BURNOUT);
                vo->state[v] = VOL_STATE_RESTING;
                double u[2];
                vol_sim_uniforms(s, VOL_STREAM_REST, vo->sid[v], u);
                vo->rest_until[v] = (int32_t)(s->day + (long)ceil(vol_exp_inverse(u[0]) * p->bo_rest_days));
            }
        } else if (vo->kind[v] == VOL_VOL_CORPORATE) {
            /* An employee may leave the programme early (work, changed
             * circumstances): the client's relationship ends prematurely. */
            vo->dropout_left[v] -= p->co_dropout / 365.0;
            if (vo->dropout_left[v] < 0) leave(s, v, VOL_EXIT_CIRCUMSTANCES);
        } else {
            double hc = p->do_circumstances;
            double hu = p->do_commitment * fmax(0.0, (p->do_threshold - vo->commitment[v]) / p->do_threshold);
            long tenure = s->day - vo->recruited_day[v];
            double early = tenure >= 0 && tenure < s->n_early ? s->early[tenure] : vol_early_weight(p, tenure);
            double mult = (1.0 + p->do_early * early) *
                          fmax(0.0, 1.0 - p->do_perseverance * (vo->perseverance[v] - 0.5) * 2.0);
            if (vulnerable) mult *= vol_vulnerable_factor(p, p->vol_vuln_dropout);
            double h = (hc + hu) * mult;
            vo->dropout_left[v] -= h / 365.0;
            if (vo->dropout_left[v] < 0) {
                /* The reason, drawn now: with u uniform, y = u (hc + hu)
                 * below hc (1 - other_personal_share) circumstances or
                 * less time, then up to hc other personal reasons, above
                 * hc unmet expectations (the shares of the two hazards in
                 * today's h). */
                double u[2];
                vol_sim_uniforms(s, VOL_STREAM_DROPOUT, vo->sid[v], u);
                double y = u[1] * (hc + hu);
                leave(s, v, y < hc * (1.0 - p->do_other_share) ? VOL_EXIT_CIRCUMSTANCES
                            : y < hc                           ? VOL_EXIT_OTHER_PERSONAL
                                                               : VOL_EXIT_UNMET);
            }
        }
        if (vulnerable) {
            double target = vo->w_base[v] + (vo->state[v] == VOL_STATE_ACTIVE ? p->vol_vuln_gain : 0.0);
            vo->wellbeing[v] = vol_relax01(vo->wellbeing[v], target, p->vol_vuln_wb_days);
        }
    }
    return VOL_OK;
}
