/* SPDX-License-Identifier: GPL-3.0-or-later */
/* phase_clients.c: daily relaxation of client state (T1, T4, P2, P3, P8).
 *
 * wellbeing = clamp(base + care + relational + event - disruption - loss, 0,
 * 1): care is the support of the client's professional in a welfare or
 * hybrid NPO, care.support x min(1, caseload_reference / caseload) x (1, or
 * after_handover_share while the client has a volunteer), where the
 * professional's caseload counts each client without a volunteer as 1 and
 * each with one as after_handover_share (a handover frees attention for the
 * others); it acts the same day, without a lag. The relational component
 * follows bond_gain x bond of the current
 * relationship with time constant bond_tracking_days (zero without one); the
 * event boost, disruption harm and premature-ending loss decay with their
 * own half-lives. Scepticism decays slowly; trust in the NPO follows
 * trust0 x (1 - scepticism_weight x scepticism), and acts through
 * vol_client_accepts: a client accepts an offered volunteer, programme
 * place or group day with probability 1 - acceptance_trust_weight x (1 -
 * trust). */
#include <math.h>
#include "sim_internal.h"

int vol_client_accepts(vol_sim *s, int client, uint32_t purpose, int which, int reason, vol_status *st)
{
    double w = s->p.clients_accept_weight;
    *st = VOL_OK;
    if (w <= 0) return 1;
    double u[2];
    vol_sim_uniforms(s, purpose, (uint64_t)client, u);
    if (u[which] < 1.0 - w * (1.0 - s->cl.trust[client])) return 1;
    s->flow.declines++;
    *st = vol_sim_log(s, VOL_EV_DECLINED, reason, client, -1, -1, -1, s->cl.npo[client]);
    return 0;
}

/* The daily factor of a component that decays with the half-life h days. */
static double halving(double h)
{
    const double ln2 = 0.69314718055994530942;
    return exp(-ln2 / h);
}

vol_status vol_phase_clients(vol_sim *s)
{
    const vol_params *p = &s->p;
    vol_clients *c = &s->cl;
    double k_event = halving(p->wb_event_halflife), k_disrupt = halving(p->wb_disruption_halflife),
           k_loss = halving(p->wb_loss_halflife), k_scep = exp(-1.0 / p->trust_scep_days);
    /* sums for observe, in client order (this is the last phase that
     * changes client state, so they are the end-of-day values) */
    double sum = 0, trust = 0, scep = 0, with = 0, durable = 0, contacted = 0, contacted_wb = 0, last6 = 0,
           last12 = 0;
    /* wellbeing summed per profile (each profile's clients in increasing
     * number) */
    double *restrict by = s->obs_cl_by_profile;
    for (int k = 0; k < VOL_PROFILE_COUNT; k++) by[k] = 0;
    const int32_t *restrict profile = c->profile;
    /* the bonds of the clients with a relationship, in VOL_BOND_BINS bins,
     * for the quantiles (observe) */
    int32_t *hist = s->obs_bond_hist;
    for (int b = 0; b < VOL_BOND_BINS; b++) hist[b] = 0;
    const int32_t *starts = s->re.start;
    const long today = s->day;
    /* Branch-free: the contact phase copied each relationship's bond to
     * its client (a client without one uses 0); counts add 0 or 1 (adding +0.0 to these
     * non-negative sums changes no bit). */
    const double *restrict bonds = c->bond;
    const int32_t *restrict rel = c->rel, *restrict contacts = c->company_contacts;
    double *restrict w_rel = c->w_rel, *restrict w_event = c->w_event, *restrict w_disrupt = c->w_disrupt,
           *restrict w_loss = c->w_loss, *restrict wb = c->wellbeing, *restrict sc = c->scep,
           *restrict tr = c->trust;
    const double *restrict w_base = c->w_base, *restrict trust0 = c->trust0;
    /* professional care: each professional's caseload of the day, then
     * each client's support from it (skipped when care gives nothing: the
     * supports stay 0) */
    double *restrict care = c->w_care; /* kept for vol_rel_end's wellbeing right after an ending */
    if (p->care_support > 0) {
        double *load = s->pr.load;
        for (int k = 0; k < s->pr.n; k++) load[k] = 0.0;
        /* a client's weight in the caseload, without branches (whether a
         * client has a volunteer is as good as random from one client to
         * the next): 0 in a volunteer organisation, else 1 or
         * after_handover_share, looked up */
        const double weight_of[3] = {0.0, 1.0, p->care_after_share};
        const int32_t *restrict npo = c->npo, *restrict prof = c->prof, *restrict kind = s->npos.kind;
        for (int i = 0; i < c->n; i++) {
            int cared = kind[npo[i]] != VOL_NPO_VOLUNTEER_ORG;
            int has = rel[i] >= 0;
            care[i] = weight_of[cared + (cared & has)];
            load[prof[i]] += care[i];
        }
        /* l > ref ? ref / l : 1 without a branch: MINSD(ref / l, 1) is
         * ref / l < 1 ? ref / l : 1, the same value: for l > ref the
         * quotient is at most 1 (rounding is monotonic), for 0 < l <= ref
         * at least 1, l = 0 gives +inf or (ref = 0) NaN, and both give 1 */
        const double ref = p->care_caseload_ref, support = p->care_support;
        /* each professional's factor once (the same product as per client) */
        for (int k = 0; k < s->pr.n; k++) load[k] = support * vol_min_sd(ref / load[k], 1.0);
        for (int i = 0; i < c->n; i++) care[i] *= load[prof[i]];
    }
    const double gain = p->wb_bond_gain, bond_days = p->wb_bond_days, weight = p->trust_scep_weight,
                 npo_days = p->trust_npo_days, durable_at = p->bond_durable;
    /* the start of a client's relationship is read for every client
     * (relationship 0's for those without one, then not counted), so that
     * no branch depends on whether a client has one */
    static const int32_t no_start = 0;
    const int32_t *restrict start_of = s->re.cap > 0 ? starts : &no_start;
    /* Two passes: the updates, element by element (two clients at a time
     * where SSE2 is there: the same operations, the same bits), then the
     * sums for observe, in client order. */
    const int n = c->n;
    int i0 = 0;
#if defined(__SSE2__)
    /* two clients at a time: the same operations in the same order as the
     * loop below (maxpd and minpd are maxsd and minsd lane by lane) */
    {
        const __m128d vgain = _mm_set1_pd(gain), vbond_days = _mm_set1_pd(bond_days),
                      vk_event = _mm_set1_pd(k_event), vk_disrupt = _mm_set1_pd(k_disrupt),
                      vk_loss = _mm_set1_pd(k_loss), vk_scep = _mm_set1_pd(k_scep),
                      vweight = _mm_set1_pd(weight), vnpo_days = _mm_set1_pd(npo_days),
                      zero = _mm_setzero_pd(), one = _mm_set1_pd(1.0);
        for (; i0 + 2 <= n; i0 += 2) {
            /* has: all ones in a lane whose client has a relationship */
            __m128d has = _mm_castsi128_pd(_mm_set_epi64x(-(long long)(rel[i0 + 1] >= 0), -(long long)(rel[i0] >= 0)));
            __m128d bond = _mm_and_pd(_mm_loadu_pd(bonds + i0), has);
            __m128d r = _mm_loadu_pd(w_rel + i0);
            r = _mm_add_pd(r, _mm_div_pd(_mm_sub_pd(_mm_mul_pd(vgain, bond), r), vbond_days));
            _mm_storeu_pd(w_rel + i0, r);
            __m128d ev = _mm_mul_pd(_mm_loadu_pd(w_event + i0), vk_event);
            __m128d di = _mm_mul_pd(_mm_loadu_pd(w_disrupt + i0), vk_disrupt);
            __m128d lo = _mm_mul_pd(_mm_loadu_pd(w_loss + i0), vk_loss);
            _mm_storeu_pd(w_event + i0, ev);
            _mm_storeu_pd(w_disrupt + i0, di);
            _mm_storeu_pd(w_loss + i0, lo);
            __m128d x = _mm_add_pd(_mm_loadu_pd(w_base + i0), _mm_loadu_pd(care + i0));
            x = _mm_sub_pd(_mm_sub_pd(_mm_add_pd(_mm_add_pd(x, r), ev), di), lo);
            _mm_storeu_pd(wb + i0, _mm_min_pd(one, _mm_max_pd(zero, x)));
            __m128d scv = _mm_mul_pd(_mm_loadu_pd(sc + i0), vk_scep);
            _mm_storeu_pd(sc + i0, scv);
            __m128d target = _mm_mul_pd(_mm_loadu_pd(trust0 + i0), _mm_sub_pd(one, _mm_mul_pd(vweight, scv)));
            __m128d t = _mm_loadu_pd(tr + i0);
            t = _mm_add_pd(t, _mm_div_pd(_mm_sub_pd(target, t), vnpo_days));
            _mm_storeu_pd(tr + i0, _mm_min_pd(one, _mm_max_pd(zero, t)));
        }
    }
#endif
    for (int i = i0; i < n; i++) {
        double bond = vol_keep_if(bonds[i], rel[i] >= 0);
        w_rel[i] = vol_relax(w_rel[i], gain * bond, bond_days);
        w_event[i] *= k_event;
        w_disrupt[i] *= k_disrupt;
        w_loss[i] *= k_loss;
        wb[i] = vol_client_wellbeing(w_base[i], care[i], w_rel[i], w_event[i], w_disrupt[i], w_loss[i]);
        sc[i] *= k_scep;
        double target = trust0[i] * (1.0 - weight * sc[i]);
        tr[i] = vol_relax01(tr[i], target, npo_days);
    }
    long n_with = 0, n_durable = 0, n_last6 = 0, n_last12 = 0, n_contacted = 0;
    for (int i = 0; i < c->n; i++) {
        int has = rel[i] >= 0;
        double bond = vol_keep_if(bonds[i], has), w = wb[i];
        sum += w;
        by[profile[i]] += w;
        trust += tr[i];
        scep += sc[i];
        n_with += has;
        n_durable += has & (bond >= durable_at);
        /* persistence: how long the current relationship has lasted
         * (6 months = 182 days, 12 months = 365) */
        long age = today - start_of[rel[i] & -has];
        n_last6 += has & (age >= 182);
        n_last12 += has & (age >= 365);
        hist[(int)(bond * (VOL_BOND_BINS - 1e-9))] += has;
        int contacted_i = contacts[i] > 0;
        n_contacted += contacted_i;
        contacted_wb += vol_keep_if(w, contacted_i);
    }
    with = (double)n_with;
    durable = (double)n_durable;
    last6 = (double)n_last6;
    last12 = (double)n_last12;
    contacted = (double)n_contacted;
    s->obs_cl_wellbeing = sum;
    s->obs_cl_trust = trust;
    s->obs_cl_scep = scep;
    s->obs_cl_with = with;
    s->obs_cl_durable = durable;
    s->obs_cl_last6 = last6;
    s->obs_cl_last12 = last12;
    s->obs_cl_contacted = contacted;
    s->obs_cl_contacted_wb = contacted_wb;
    return VOL_OK;
}
