/* SPDX-License-Identifier: GPL-3.0-or-later */
/* phase_observe.c: the day's metrics, one value per row of the metrics
 * table (pure read of the state; definitions in vol_metric_table.h). The
 * sums over all clients are taken by the clients phase, which walks them
 * anyway right before (one pass over the client arrays instead of two). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim_internal.h"

static double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

/* The q-quantile of the binned bonds (n of them), interpolated linearly
 * within its bin: the value below which a share q of the bonds lie. */
static double bond_quantile(const int32_t *hist, double n, double q)
{
    if (n <= 0) return NAN;
    double target = q * n, below = 0;
    for (int b = 0; b < VOL_BOND_BINS; b++) {
        if (hist[b] > 0 && below + hist[b] >= target)
            return (b + (target - below) / hist[b]) / VOL_BOND_BINS;
        below += hist[b];
    }
    return 1.0;
}

/* Returns the number of clients without a volunteer (for the caseload). */
static double observe_clients(vol_sim *s, double *m)
{
    const vol_clients *c = &s->cl;
    const double *by = s->obs_cl_by_profile;
    double nby[VOL_PROFILE_COUNT] = {0};
    /* the client sums were taken by the clients phase, in client order */
    double sum = s->obs_cl_wellbeing, trust = s->obs_cl_trust, scep = s->obs_cl_scep;
    double durable = s->obs_cl_durable, with = s->obs_cl_with, contacted = s->obs_cl_contacted,
           contacted_wb = s->obs_cl_contacted_wb;
    for (int k = 0; k < VOL_PROFILE_COUNT; k++) nby[k] = s->profile_count[k];
    double n = c->n;
    m[VOL_M_CLIENT_WELLBEING] = ratio(sum, n);
    for (int k = 0; k < VOL_PROFILE_COUNT; k++) m[VOL_M_CLIENT_WELLBEING_ELDERLY + k] = ratio(by[k], nby[k]);
    m[VOL_M_CLIENTS_DURABLE] = ratio(durable, n);
    m[VOL_M_CLIENTS_LASTING_6M] = ratio(s->obs_cl_last6, n);
    m[VOL_M_CLIENTS_LASTING_12M] = ratio(s->obs_cl_last12, n);
    m[VOL_M_BOND_Q25] = bond_quantile(s->obs_bond_hist, with, 0.25);
    m[VOL_M_BOND_MEDIAN] = bond_quantile(s->obs_bond_hist, with, 0.5);
    m[VOL_M_BOND_Q75] = bond_quantile(s->obs_bond_hist, with, 0.75);
    m[VOL_M_CLIENTS_WITH_VOLUNTEER] = ratio(with, n);
    m[VOL_M_CLIENT_DISRUPTIONS] = s->flow.disruptions;
    m[VOL_M_CLIENT_TRUST_NPO] = ratio(trust, n);
    m[VOL_M_CLIENT_SCEPTICISM] = ratio(scep, n);
    m[VOL_M_PREMATURE_ENDINGS] = s->flow.premature;
    m[VOL_M_CLIENTS_EVENT_PARTICIPANTS] = s->flow.event_participants;
    m[VOL_M_COMPANY_CONTACTED_WELLBEING] = ratio(contacted_wb, contacted);
    m[VOL_M_COMPANY_CONTACTED_SHARE] = ratio(contacted, n);
    return n - with;
}

vol_status vol_roster_update(vol_sim *s)
{
    const vol_volunteers *v = &s->vo;
    /* the lists have the volunteer arrays' capacity (vol_volunteers_grow) */
    for (int i = s->obs_roster_added; i < v->n; i++) {
        s->obs_present[s->obs_n_present++] = i;
        if (v->kind[i] == VOL_VOL_VULNERABLE) s->obs_vuln[s->obs_n_vuln++] = i;
    }
    s->obs_roster_added = v->n;
    /* who left during the burn-in is history, not recorded: kept out of
     * the vulnerable list and of the counts */
    const int recorded = s->day >= s->burn_in;
    int kept = 0;
    for (int k = 0; k < s->obs_n_present; k++) {
        int i = s->obs_present[k];
        if (v->state[i] != VOL_STATE_GONE) {
            s->obs_present[kept++] = i;
            continue;
        }
        if (!recorded || v->kind[i] == VOL_VOL_CORPORATE) continue; /* employees count only while active */
        if (s->obs_n_left == s->obs_cap_left) {
            if (s->obs_left_head > 0) { /* reuse the room of the settled */
                memmove(s->obs_left, s->obs_left + s->obs_left_head,
                        (size_t)(s->obs_n_left - s->obs_left_head) * sizeof *s->obs_left);
                s->obs_n_left -= s->obs_left_head;
                s->obs_left_head = 0;
            }
            if (s->obs_n_left == s->obs_cap_left) {
                long cap = s->obs_cap_left ? 2 * s->obs_cap_left : 256;
                int32_t(*q)[2] = realloc(s->obs_left, (size_t)cap * sizeof *q);
                if (!q) VOL_ERROR(VOL_ENOMEM, "cannot grow the list of volunteers who left to %ld", cap);
                s->obs_left = q;
                s->obs_cap_left = cap;
            }
        }
        s->obs_left[s->obs_n_left][0] = v->recruited_day[i];
        s->obs_left[s->obs_n_left][1] = v->gone_day[i];
        s->obs_n_left++;
    }
    s->obs_n_present = kept;
    if (!recorded) {
        kept = 0;
        for (int k = 0; k < s->obs_n_vuln; k++)
            if (v->state[s->obs_vuln[k]] != VOL_STATE_GONE) s->obs_vuln[kept++] = s->obs_vuln[k];
        s->obs_n_vuln = kept;
    }
    /* left a year ago or longer: in no count that changes any more
     * (present a year ago requires leaving since; the tenure is past 365
     * days, since a volunteer leaves after being recruited) */
    const long year_before = s->day - 365;
    while (s->obs_left_head < s->obs_n_left && s->obs_left[s->obs_left_head][1] <= year_before) {
        s->obs_left_head++;
        s->obs_left_settled++;
    }
    return VOL_OK;
}

static void observe_volunteers(vol_sim *s, double *m)
{
    const vol_volunteers *v = &s->vo;
    const vol_params *p = &s->p;
    long day = s->day;
    /* Branch-free: counts are integers, the sums of non-negative values
     * add +0.0 for volunteers who do not count (which changes no bit), so
     * the results are those of a plain loop over every volunteer, in
     * increasing number. Corporate volunteers count only as active
     * corporate ones. The volunteers who have not left (vol_roster_update
     * keeps them in a list), then those who left on a recorded day: the
     * volunteers who left during the burn-in are history, not recorded,
     * and are in no count. */
    long act_reg = 0, act_corp = 0, act_vuln = 0, resting = 0, recruited = 0, gone = 0;
    long nact = 0, no_symptoms = 0, occasional = 0, act_reg_applied = 0;
    long r90 = 0, n90 = 0, r365 = 0, n365 = 0, year_ago = 0, left_since = 0;
    double energy = 0, commit = 0, hours = 0, vuln_wb = s->vuln_rejected_wellbeing;
    static const int32_t no_interval = 1;
    const int32_t *restrict interval = s->re.cap > 0 ? s->re.interval : &no_interval;
    const double symptom = p->bo_symptom;
    const long year_before = day - 365, burn_in = s->burn_in;
    /* a year of recorded days has passed (internal days count the burn-in) */
    const int year_recorded = day - burn_in >= 365;
    const int32_t *restrict present = s->obs_present;
    for (int k = 0; k < s->obs_n_present; k++) {
        int i = present[k];
        int st = v->state[i], kind = v->kind[i];
        int active = st == VOL_STATE_ACTIVE;
        int corp = kind == VOL_VOL_CORPORATE, nc = !corp, vuln = kind == VOL_VOL_VULNERABLE;
        int a = nc & active;
        act_corp += corp & active;
        recruited += nc;
        act_vuln += a & vuln;
        act_reg += a & !vuln;
        nact += a;
        double e = v->energy[i];
        energy += vol_keep_if(e, a);
        commit += vol_keep_if(v->commitment[i], a);
        no_symptoms += a & (e > symptom);
        int r = v->rel[i], has = a & (r >= 0);
        int t = interval[r & -has];
        double h = t <= VOL_MAX_INTERVAL ? s->weekly_hours[t] : vol_weekly_hours(p, t);
        hours += vol_keep_if(h, has);
        occasional += a & (v->episodic[i] != 0);
        resting += nc & (st == VOL_STATE_RESTING);
        act_reg_applied += active & (kind == VOL_VOL_REGULAR) & (v->company[i] < 0);
        long rd = v->recruited_day[i], tenure = day - rd;
        int t90 = nc & (tenure >= 90), t365 = nc & (tenure >= 365);
        n90 += t90;
        r90 += t90;
        n365 += t365;
        r365 += t365;
        /* present 365 days ago: recruited by then (and, having not left,
         * not gone by then) */
        year_ago += nc & year_recorded & (rd <= year_before);
    }
    /* left on a recorded day: settled ones count as recruited, gone and
     * past both tenures; the others by their days */
    const long settled = s->obs_left_settled, n_left = s->obs_n_left - s->obs_left_head;
    recruited += settled + n_left;
    gone += settled + n_left;
    n90 += settled;
    n365 += settled;
    int32_t(*restrict left)[2] = s->obs_left + s->obs_left_head;
    for (long k = 0; k < n_left; k++) {
        long rd = left[k][0], gd = left[k][1], tenure = day - rd;
        n90 += tenure >= 90;
        n365 += tenure >= 365;
        /* present 365 days ago: recruited by then and not gone by then */
        int then = year_recorded & (rd <= year_before) & (gd > year_before);
        year_ago += then;
        left_since += then;
    }
    /* vulnerable volunteers, in increasing number; those who left are back
     * at their base wellbeing */
    for (int k = 0; k < s->obs_n_vuln; k++) {
        int i = s->obs_vuln[k];
        vuln_wb += v->state[i] == VOL_STATE_GONE ? v->w_base[i] : v->wellbeing[i];
    }
    m[VOL_M_VOL_ACTIVE_REGULAR] = (double)act_reg;
    m[VOL_M_VOL_ACTIVE_CORPORATE] = (double)act_corp;
    m[VOL_M_VOL_ACTIVE_VULNERABLE] = (double)act_vuln;
    m[VOL_M_VOL_RESTING] = (double)resting;
    m[VOL_M_VOL_RECRUITED] = (double)recruited;
    m[VOL_M_VOL_GONE] = (double)gone;
    m[VOL_M_BURNOUTS_NEW] = s->flow.burnouts;
    m[VOL_M_DROPOUT_CIRCUMSTANCES] = s->flow.drop_circ;
    m[VOL_M_DROPOUT_OTHER_PERSONAL] = s->flow.drop_other;
    m[VOL_M_DROPOUT_STRESS] = s->flow.drop_stress;
    m[VOL_M_DROPOUT_UNMET] = s->flow.drop_unmet;
    m[VOL_M_VOL_ENERGY] = ratio(energy, (double)nact);
    m[VOL_M_VOL_COMMITMENT] = ratio(commit, (double)nact);
    m[VOL_M_VOL_NO_SYMPTOMS] = ratio((double)no_symptoms, (double)nact);
    m[VOL_M_VOL_RETENTION_90] = ratio((double)r90, (double)n90);
    m[VOL_M_VOL_RETENTION_365] = ratio((double)r365, (double)n365);
    m[VOL_M_VOL_YEARLY_DROPOUT] = ratio((double)left_since, (double)year_ago);
    m[VOL_M_VOL_HOURS_WEEK] = ratio(hours, (double)nact);
    m[VOL_M_VOL_OCCASIONAL] = ratio((double)occasional, (double)nact);
    m[VOL_M_CORPORATE_STAY_ON] = (double)s->stayed_on;
    m[VOL_M_CORPORATE_DURABLE] = (double)s->corporate_durable;
    /* people who offered so far, those who were gone or turned away before
     * recorded day 0 left out */
    long applied = s->applicants - s->obs_applicants_before,
         vuln_applied = s->vuln_applicants - s->obs_vuln_applicants_before;
    m[VOL_M_REGULAR_PARTICIPATION] = ratio((double)act_reg_applied, (double)(applied - vuln_applied));
    /* vulnerable people who offered so far: accepted ones are in the
     * arrays, rejected ones only counted (with their base wellbeing) */
    m[VOL_M_VULNERABLE_PARTICIPATION] = ratio((double)act_vuln, (double)vuln_applied);
    m[VOL_M_VULNERABLE_WELLBEING] = ratio(vuln_wb, (double)vuln_applied);
}

static void observe_matches(vol_sim *s, double *m)
{
    const vol_relationships *r = &s->re;
    long day = s->day;
    /* Relationships started on recorded day 0 or later, in order of their
     * start day (those present on day 0 began before and come first).
     * Once a year has passed since the start, "closed within its first
     * year" is settled: count each relationship once, the day it turns a
     * year old. Open-ended matches only (the one-year commitment of
     * mentoring programmes); planned episodic matches are not premature
     * when they end; a regular match's planned end never changes. */
    int i = s->obs_rel_cursor;
    for (; i < r->n && r->start[i] <= day - 365; i++) {
        if (r->origin[i] != VOL_REL_REGULAR || r->planned_end[i] >= 0 || r->start[i] < s->burn_in) continue;
        s->obs_started++;
        if (r->end_day[i] >= 0 && r->end_day[i] - r->start[i] < 365) s->obs_closed++;
    }
    s->obs_rel_cursor = i;
    m[VOL_M_MATCH_CLOSED_YEAR] = ratio((double)s->obs_closed, (double)s->obs_started);
    m[VOL_M_MATCHES_NEW] = s->flow.matches;
}

static void observe_professionals(vol_sim *s, double *m, double kept)
{
    const vol_professionals *pr = &s->pr;
    /* pairs with volunteers who are still volunteering (active or
     * resting), summed when the endings phase dropped the others: a mean
     * over every volunteer ever worked with would drift for decades as it
     * accumulates (docs/ODD.md section 5) */
    double trust = s->obs_prof_trust, known = s->obs_prof_known, will = 0, workers = 0;
    for (int i = 0; i < pr->n; i++) {
        if (pr->role[i] == VOL_ROLE_SOCIAL_WORKER) {
            will += pr->willingness[i];
            workers += 1;
        }
    }
    m[VOL_M_HANDOVERS] = s->flow.handovers;
    m[VOL_M_DECLINES] = s->flow.declines;
    m[VOL_M_COMPANY_PLACES_UNFILLED] = s->flow.places_unfilled;
    m[VOL_M_HANDOVERS_COMPLEX] = s->flow.handovers_complex;
    m[VOL_M_REVIEWS] = s->flow.reviews;
    m[VOL_M_REVIEWS_KNOWN] = s->flow.reviews_known;
    m[VOL_M_HANDOVERS_KNOWN] = s->flow.handovers_known;
    m[VOL_M_PROF_TRUST] = ratio(trust, known);
    m[VOL_M_PROF_WILLINGNESS] = ratio(will, workers);
    m[VOL_M_SUPERVISION_GIVEN] = s->flow.supervision_given;
    m[VOL_M_SUPERVISION_NEEDED] = s->flow.supervision_needed;
    m[VOL_M_CASELOAD] = ratio(kept, workers);
    m[VOL_M_COMPANY_HOURS] = s->flow.company_hours;
    m[VOL_M_COMPANY_BUDGET] = s->flow.company_budget;
}

void vol_phase_observe(vol_sim *s)
{
    double *m = s->metrics;
    for (int k = 0; k < VOL_M_COUNT; k++) m[k] = NAN;
    double kept = observe_clients(s, m);
    observe_volunteers(s, m);
    observe_matches(s, m);
    observe_professionals(s, m, kept);
}
