/* phase_clients.c: daily relaxation of client state (T1, T4, P2, P3, P8).
 *
 * wellbeing = clamp(base + relational + event - disruption - loss, 0, 1):
 * the relational component follows bond_gain x bond of the current
 * relationship with time constant bond_tracking_days (zero without one); the
 * event boost, disruption harm and premature-ending loss decay with their
 * own half-lives. Scepticism decays slowly; trust in the NPO follows
 * trust0 x (1 - scepticism_weight x scepticism). */
#include <math.h>
#include "sim_internal.h"

vol_status vol_phase_clients(vol_sim *s)
{
    const vol_params *p = &s->p;
    vol_clients *c = &s->cl;
    const double ln2 = 0.69314718055994530942;
    double k_event = exp(-ln2 / p->wb_event_halflife), k_disrupt = exp(-ln2 / p->wb_disruption_halflife),
           k_loss = exp(-ln2 / p->wb_loss_halflife), k_scep = exp(-1.0 / p->trust_scep_days);
    /* sums for observe, in client order (this is the last phase that
     * changes client state, so they are the end-of-day values) */
    double sum = 0, trust = 0, scep = 0, with = 0, durable = 0, contacted = 0, contacted_wb = 0;
    for (int i = 0; i < c->n; i++) {
        double bond = c->rel[i] >= 0 ? s->re.bond[c->rel[i]] : 0.0;
        c->w_rel[i] += (p->wb_bond_gain * bond - c->w_rel[i]) / p->wb_bond_days;
        c->w_event[i] *= k_event;
        c->w_disrupt[i] *= k_disrupt;
        c->w_loss[i] *= k_loss;
        c->wellbeing[i] = vol_clamp01(c->w_base[i] + c->w_rel[i] + c->w_event[i] - c->w_disrupt[i] - c->w_loss[i]);
        c->scep[i] *= k_scep;
        double target = c->trust0[i] * (1.0 - p->trust_scep_weight * c->scep[i]);
        c->trust[i] = vol_clamp01(c->trust[i] + (target - c->trust[i]) / p->trust_npo_days);
        sum += c->wellbeing[i];
        trust += c->trust[i];
        scep += c->scep[i];
        if (c->rel[i] >= 0) {
            with += 1;
            if (bond >= p->bond_durable) durable += 1;
        }
        if (c->company_contacts[i] > 0) {
            contacted += 1;
            contacted_wb += c->wellbeing[i];
        }
    }
    s->obs_cl_wellbeing = sum;
    s->obs_cl_trust = trust;
    s->obs_cl_scep = scep;
    s->obs_cl_with = with;
    s->obs_cl_durable = durable;
    s->obs_cl_contacted = contacted;
    s->obs_cl_contacted_wb = contacted_wb;
    return VOL_OK;
}
