/* phase_observe.c: the day's metrics, one value per row of the metrics
 * table (pure read of the state; definitions in vol_metric_table.h). The
 * sums over all clients are taken by the clients phase, which walks them
 * anyway right before (one pass over the client arrays instead of two). */
#include <math.h>
#include "sim_internal.h"

static double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

/* Returns the number of clients without a volunteer (for the caseload). */
static double observe_clients(vol_sim *s, double *m)
{
    const vol_clients *c = &s->cl;
    double by[VOL_PROFILE_COUNT] = {0}, nby[VOL_PROFILE_COUNT] = {0};
    /* the client sums were taken by the clients phase, in client order */
    double sum = s->obs_cl_wellbeing, trust = s->obs_cl_trust, scep = s->obs_cl_scep;
    double durable = s->obs_cl_durable, with = s->obs_cl_with, contacted = s->obs_cl_contacted,
           contacted_wb = s->obs_cl_contacted_wb;
    for (int k = 0; k < VOL_PROFILE_COUNT; k++) {
        /* per profile, in increasing client number as before */
        for (int j = s->profile_start[k]; j < s->profile_start[k + 1]; j++) by[k] += c->wellbeing[s->by_profile[j]];
        nby[k] = s->profile_start[k + 1] - s->profile_start[k];
    }
    double n = c->n;
    m[VOL_M_CLIENT_WELLBEING] = ratio(sum, n);
    for (int k = 0; k < VOL_PROFILE_COUNT; k++) m[VOL_M_CLIENT_WELLBEING_ELDERLY + k] = ratio(by[k], nby[k]);
    m[VOL_M_CLIENTS_DURABLE] = ratio(durable, n);
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

static void observe_volunteers(vol_sim *s, double *m)
{
    const vol_volunteers *v = &s->vo;
    const vol_params *p = &s->p;
    long day = s->day;
    double act_reg = 0, act_corp = 0, act_vuln = 0, resting = 0, recruited = 0, gone = 0;
    double energy = 0, commit = 0, nact = 0, no_symptoms = 0, hours = 0, occasional = 0;
    double r90 = 0, n90 = 0, r365 = 0, n365 = 0, year_ago = 0, left_since = 0;
    double vuln_wb = s->vuln_rejected_wellbeing, act_reg_applied = 0;
    for (int i = 0; i < v->n; i++) {
        int st = v->state[i], kind = v->kind[i];
        if (kind == VOL_VOL_CORPORATE) {
            if (st == VOL_STATE_ACTIVE) act_corp += 1;
            continue;
        }
        recruited += 1;
        if (st == VOL_STATE_ACTIVE) {
            if (kind == VOL_VOL_VULNERABLE) act_vuln += 1;
            else act_reg += 1;
            nact += 1;
            energy += v->energy[i];
            commit += v->commitment[i];
            if (v->energy[i] > p->bo_symptom) no_symptoms += 1;
            if (v->rel[i] >= 0) {
                int t = s->re.interval[v->rel[i]];
                hours += t <= VOL_MAX_INTERVAL ? s->weekly_hours[t] : p->vol_hours_visit * 7.0 / t;
            }
            if (v->episodic[i]) occasional += 1;
        } else if (st == VOL_STATE_RESTING) {
            resting += 1;
        } else {
            gone += 1;
        }
        if (st == VOL_STATE_ACTIVE && kind == VOL_VOL_REGULAR && v->company[i] < 0) act_reg_applied += 1;
        if (kind == VOL_VOL_VULNERABLE) {
            /* those who left are back at their base wellbeing */
            vuln_wb += st == VOL_STATE_GONE ? v->w_base[i] : v->wellbeing[i];
        }
        long tenure = day - v->recruited_day[i];
        if (tenure >= 90) { n90 += 1; r90 += st != VOL_STATE_GONE; }
        if (tenure >= 365) { n365 += 1; r365 += st != VOL_STATE_GONE; }
        /* present 365 days ago: recruited by then and not gone by then */
        if (day >= 365 && v->recruited_day[i] <= day - 365 &&
            (v->gone_day[i] < 0 || v->gone_day[i] > day - 365)) {
            year_ago += 1;
            if (v->gone_day[i] >= 0) left_since += 1;
        }
    }
    m[VOL_M_VOL_ACTIVE_REGULAR] = act_reg;
    m[VOL_M_VOL_ACTIVE_CORPORATE] = act_corp;
    m[VOL_M_VOL_ACTIVE_VULNERABLE] = act_vuln;
    m[VOL_M_VOL_RESTING] = resting;
    m[VOL_M_VOL_RECRUITED] = recruited;
    m[VOL_M_VOL_GONE] = gone;
    m[VOL_M_BURNOUTS_NEW] = s->flow.burnouts;
    m[VOL_M_DROPOUT_CIRCUMSTANCES] = s->flow.drop_circ;
    m[VOL_M_DROPOUT_STRESS] = s->flow.drop_stress;
    m[VOL_M_DROPOUT_UNMET] = s->flow.drop_unmet;
    m[VOL_M_VOL_ENERGY] = ratio(energy, nact);
    m[VOL_M_VOL_COMMITMENT] = ratio(commit, nact);
    m[VOL_M_VOL_NO_SYMPTOMS] = ratio(no_symptoms, nact);
    m[VOL_M_VOL_RETENTION_90] = ratio(r90, n90);
    m[VOL_M_VOL_RETENTION_365] = ratio(r365, n365);
    m[VOL_M_VOL_YEARLY_DROPOUT] = ratio(left_since, year_ago);
    m[VOL_M_VOL_HOURS_WEEK] = ratio(hours, nact);
    m[VOL_M_VOL_OCCASIONAL] = ratio(occasional, nact);
    m[VOL_M_CORPORATE_STAY_ON] = (double)s->stayed_on;
    m[VOL_M_CORPORATE_DURABLE] = (double)s->corporate_durable;
    m[VOL_M_REGULAR_PARTICIPATION] = ratio(act_reg_applied, (double)(s->applicants - s->vuln_applicants));
    /* vulnerable people who offered so far: accepted ones are in the
     * arrays, rejected ones only counted (with their base wellbeing) */
    m[VOL_M_VULNERABLE_PARTICIPATION] = ratio(act_vuln, (double)s->vuln_applicants);
    m[VOL_M_VULNERABLE_WELLBEING] = ratio(vuln_wb, (double)s->vuln_applicants);
}

static void observe_matches(vol_sim *s, double *m)
{
    const vol_relationships *r = &s->re;
    long day = s->day;
    /* Relationships started on day 0 or later, in order of their start day
     * (those present on day 0 have negative start days and come first).
     * Once a year has passed since the start, "closed within its first
     * year" is settled: count each relationship once, the day it turns a
     * year old. Open-ended matches only (the one-year commitment of
     * mentoring programmes); planned episodic matches are not premature
     * when they end; a regular match's planned end never changes. */
    int i = s->obs_rel_cursor;
    for (; i < r->n && r->start[i] <= day - 365; i++) {
        if (r->origin[i] != VOL_REL_REGULAR || r->planned_end[i] >= 0 || r->start[i] < 0) continue;
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
    double trust = 0, known = 0, will = 0, workers = 0;
    for (int i = 0; i < pr->n; i++) {
        for (int k = 0; k < pr->n_known[i]; k++) trust += pr->known[i][k].trust;
        known += pr->n_known[i];
        if (pr->role[i] == VOL_ROLE_SOCIAL_WORKER) {
            will += pr->willingness[i];
            workers += 1;
        }
    }
    m[VOL_M_HANDOVERS] = s->flow.handovers;
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
