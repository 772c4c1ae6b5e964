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
    vol_rng_uniform2(s->seed, s->replicate, purpose, (uint64_t)client, (uint64_t)s->day, u);
    if (u[which] < 1.0 - w * (1.0 - s->cl.trust[client])) return 1;
    s->flow.declines++;
    *st = vol_sim_log(s, VOL_EV_DECLINED, reason, client, -1, -1, -1, s->cl.npo[client]);
    return 0;
}

vol_status vol_phase_clients(vol_sim *s)
{
    const vol_params *p = &s->p;
    vol_clients *c = &s->cl;
    const double ln2 = 0.69314718055994530942;
    double k_event = exp(-ln2 / p->wb_event_halflife), k_disrupt = exp(-ln2 / p->wb_disruption_halflife),
           k_loss = exp(-ln2 / p->wb_loss_halflife), k_scep = exp(-1.0 / p->trust_scep_days);
    /* sums for observe, in client order (this is the last phase that
     * changes client state, so they are the end-of-day values) */
    double sum = 0, trust = 0, scep = 0, with = 0, durable = 0, contacted = 0, contacted_wb = 0, last6 = 0,
           last12 = 0;
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
        for (int i = 0; i < c->n; i++) care[i] *= support * vol_min_sd(ref / load[prof[i]], 1.0);
    }
    const double gain = p->wb_bond_gain, bond_days = p->wb_bond_days, weight = p->trust_scep_weight,
                 npo_days = p->trust_npo_days, durable_at = p->bond_durable;
    /* the start of a client's relationship is read for every client
     * (relationship 0's for those without one, then not counted), so that
     * no branch depends on whether a client has one */
    static const int32_t no_start = 0;
    const int32_t *restrict start_of = s->re.cap > 0 ? starts : &no_start;
    for (int i = 0; i < c->n; i++) {
        int has = rel[i] >= 0;
        double bond = vol_keep_if(bonds[i], has);
        w_rel[i] += (gain * bond - w_rel[i]) / bond_days;
        w_event[i] *= k_event;
        w_disrupt[i] *= k_disrupt;
        w_loss[i] *= k_loss;
        double w = vol_client_wellbeing(w_base[i], care[i], w_rel[i], w_event[i], w_disrupt[i], w_loss[i]);
        wb[i] = w;
        sc[i] *= k_scep;
        double target = trust0[i] * (1.0 - weight * sc[i]);
        tr[i] = vol_clamp01(tr[i] + (target - tr[i]) / npo_days);
        sum += w;
        trust += tr[i];
        scep += sc[i];
        with += (double)has;
        durable += (double)(has & (bond >= durable_at));
        /* persistence: how long the current relationship has lasted
         * (6 months = 182 days, 12 months = 365) */
        long age = today - start_of[rel[i] & -has];
        last6 += (double)(has & (age >= 182));
        last12 += (double)(has & (age >= 365));
        hist[(int)(bond * (VOL_BOND_BINS - 1e-9))] += has;
        int contacted_i = contacts[i] > 0;
        contacted += (double)contacted_i;
        contacted_wb += vol_keep_if(w, contacted_i);
    }
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
