/* SPDX-License-Identifier: GPL-3.0-or-later */
/* relations.c: starting and ending client-volunteer relationships, and the
 * sparse trust of professionals in volunteers (T3).
 *
 * Every consequence of an ending lives in vol_rel_end, so that a premature
 * ending means the same thing whichever phase causes it (P8). */
#include <math.h>
#include <stdlib.h>
#include "sim_internal.h"

vol_status vol_rel_start(vol_sim *s, int client, int volunteer, int kind,
                         int interval, int planned_end, int company, int32_t *id)
{
    vol_relationships *r = &s->re;
    vol_status st = vol_relationships_grow(s, r->n + 1);
    if (st != VOL_OK) return st;
    int i = r->n++;
    r->kind[i] = kind;
    r->origin[i] = kind;
    r->hot[i].client = client;
    r->volunteer[i] = volunteer;
    r->npo[i] = s->cl.npo[client];
    r->start[i] = (int32_t)s->day;
    r->planned_end[i] = planned_end;
    r->interval[i] = interval > 0 ? interval : 1;
    r->visits[i] = 0;
    r->last_visit[i] = -1;
    r->hot[i].next_visit = (int32_t)s->day;
    r->end_day[i] = -1;
    r->end_reason[i] = VOL_END_ACTIVE;
    r->company[i] = company;
    r->hot[i].bond = 0;
    r->max_bond[i] = 0;
    r->wb_start[i] = s->cl.wellbeing[client];
    r->wb_end[i] = NAN;
    r->active_pos[i] = r->n_active;
    r->active[r->n_active++] = i;
    s->cl.rel[client] = i;
    s->cl.n_rel[client]++;
    s->cl.wait_saved[client] = kind == VOL_REL_CORPORATE ? s->cl.seeking_since[client] : -1;
    s->cl.seeking_since[client] = -1;
    s->vo.rel[volunteer] = i;
    s->flow.matches++;
    *id = i;
    return vol_sim_log(s, VOL_EV_MATCH, kind, client, volunteer, s->cl.prof[client], company,
                       s->cl.npo[client]);
}

void vol_rel_end(vol_sim *s, int i, int reason)
{
    vol_relationships *r = &s->re;
    const vol_params *p = &s->p;
    if (r->end_day[i] >= 0) return;
    r->end_day[i] = (int32_t)s->day;
    r->end_reason[i] = reason;
    /* swap-remove from the active list */
    int pos = r->active_pos[i], last = r->active[--r->n_active];
    r->active[pos] = last;
    r->active_pos[last] = pos;
    r->active_pos[i] = -1;
    int c = r->hot[i].client, v = r->volunteer[i];
    s->cl.rel[c] = -1;
    s->vo.rel[v] = -1;
    /* The waiting place after a programme (companies.keep_waiting_place):
     * a client who was waiting for a regular volunteer when the programme
     * began waits from the same day again, however the programme ended;
     * otherwise the professional must hand the client over anew. A stay-on
     * turned the relationship regular, so it keeps no saved place. */
    if (r->kind[i] == VOL_REL_CORPORATE && p->co_keep_waiting && s->cl.wait_saved[c] >= 0)
        s->cl.seeking_since[c] = s->cl.wait_saved[c];
    s->cl.wait_saved[c] = -1;
    int premature = reason == VOL_END_DROPOUT || reason == VOL_END_BURNOUT;
    /* C1, P8: a volunteer who leaves before the planned end leaves the
     * client worse off (dashed expectations plus the lost bond); a planned
     * ending (programme over, episodic match completed) costs the share
     * endings.planned_harm of that loss (seed 004: the end of a bond causes
     * pain, whoever ends it). */
    double loss_share = premature ? 1.0
                        : (reason == VOL_END_COMPLETED || reason == VOL_END_PROGRAMME_OVER) ? p->end_planned_harm
                                                                                             : 0.0;
    if (loss_share > 0) {
        s->cl.w_loss[c] += loss_share * p->wb_loss_harm * (r->hot[i].bond + p->wb_loss_floor);
        /* the client's wellbeing right after the loss, same formula as the
         * clients phase (care as of its last run, while the relationship
         * was still there) */
        const vol_clients *k = &s->cl;
        r->wb_end[i] = vol_client_wellbeing(k->w_base[c], k->w_care[c], k->w_rel[c], k->w_event[c], k->w_disrupt[c],
                                            k->w_loss[c]);
    } else {
        r->wb_end[i] = s->cl.wellbeing[c];
    }
    if (premature) {
        /* ... and only a premature ending costs trust in the NPO and makes
         * the professional warier of handing over (P8) */
        s->cl.trust[c] = vol_clamp01(s->cl.trust[c] - p->trust_ending_loss);
        s->cl.n_premature[c]++;
        s->flow.premature++;
        int prof = s->cl.prof[c];
        if (s->npos.kind[s->cl.npo[c]] != VOL_NPO_VOLUNTEER_ORG) {
            s->pr.willingness[prof] = vol_clamp01(s->pr.willingness[prof] - p->ho_willing_loss);
            vol_prof_trust_scale(s, prof, v, 1.0 - p->trust_prof_dropout_loss);
        }
    }
    vol_sim_log(s, VOL_EV_END, reason, c, v, s->cl.prof[c], r->company[i], s->cl.npo[c]);
}

static vol_trust_entry *find_entry(const vol_sim *s, int prof, int v)
{
    vol_trust_entry *e = s->pr.known[prof];
    for (int i = 0; i < s->pr.n_known[prof]; i++)
        if (e[i].volunteer == v) return &e[i];
    return NULL;
}

double vol_prof_trust(const vol_sim *s, int prof, int v)
{
    const vol_trust_entry *e = find_entry(s, prof, v);
    return e ? e->trust : 0.0;
}

/* The entry of v in prof's list, added with trust 0 when missing. */
static vol_status entry_for(vol_sim *s, int prof, int v, vol_trust_entry **out)
{
    vol_trust_entry *e = find_entry(s, prof, v);
    if (!e) {
        vol_professionals *pr = &s->pr;
        if (pr->n_known[prof] == pr->cap_known[prof]) {
            int cap = pr->cap_known[prof] ? 2 * pr->cap_known[prof] : 8;
            vol_trust_entry *q = realloc(pr->known[prof], (size_t)cap * sizeof *q);
            if (!q) VOL_ERROR(VOL_ENOMEM, "cannot grow the trust list of professional %d", prof);
            pr->known[prof] = q;
            pr->cap_known[prof] = cap;
        }
        e = &pr->known[prof][pr->n_known[prof]++];
        e->volunteer = v;
        e->trust = 0;
    }
    *out = e;
    return VOL_OK;
}

void vol_prof_forget_gone(vol_sim *s)
{
    vol_professionals *pr = &s->pr;
    const int32_t *state = s->vo.state;
    double trust = 0, known = 0;
    for (int i = 0; i < pr->n; i++) {
        vol_trust_entry *e = pr->known[i];
        int kept = 0, n = pr->n_known[i];
        for (int k = 0; k < n; k++) {
            if (state[e[k].volunteer] == VOL_STATE_GONE) {
                pr->n_forgotten[i]++;
                pr->forgotten_trust[i] += e[k].trust;
                continue;
            }
            e[kept++] = e[k];
            trust += e[k].trust;
            known += 1;
        }
        pr->n_known[i] = kept;
    }
    s->obs_prof_trust = trust;
    s->obs_prof_known = known;
}

vol_status vol_prof_trust_add(vol_sim *s, int prof, int v, double delta)
{
    vol_trust_entry *e = NULL;
    vol_status st = entry_for(s, prof, v, &e);
    if (st != VOL_OK) return st;
    e->trust = vol_clamp01(e->trust + delta);
    return VOL_OK;
}

vol_status vol_prof_trust_grow(vol_sim *s, int prof, int v, double gain)
{
    vol_trust_entry *e = NULL;
    vol_status st = entry_for(s, prof, v, &e);
    if (st != VOL_OK) return st;
    /* as vol_prof_trust_add(s, prof, v, gain * (1 - trust)) */
    e->trust = vol_grow01(e->trust, gain);
    return VOL_OK;
}

void vol_prof_trust_scale(vol_sim *s, int prof, int v, double factor)
{
    vol_trust_entry *e = find_entry(s, prof, v);
    if (e) e->trust = vol_clamp01(e->trust * factor);
}
