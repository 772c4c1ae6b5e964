/* SPDX-License-Identifier: GPL-3.0-or-later */
/* phase_supervision.c: weekly supervision of matched volunteers (B2, B3,
 * B4, C1, P10).
 *
 * Each NPO supervises on one weekday (NPO number mod 7). Its hours are the
 * social workers' scarce supervision time (not in volunteer organisations,
 * which keep volunteers apart from professional care) plus a coordinator's
 * when it has one. Matched volunteers need need_hours_per_month (twice that
 * when their energy is below one half); the most drained are served first.
 * An hour restores energy, manages an unmet expectation of reciprocity
 * towards what the volunteer actually gets, and teaches recognising small
 * results. */
#include <stdlib.h>
#include "sim_internal.h"

static inline int rank_before(vol_rank_item x, vol_rank_item y)
{
    return x.key < y.key || (x.key == y.key && x.index < y.index);
}

/* Bottom-up merge sort by (key, index), a total order: the same result as
 * any correct sort, without qsort's indirect comparisons. The passes
 * alternate between the two buffers; returns the one holding the result. */
static vol_rank_item *sort_ranks(vol_rank_item *a, vol_rank_item *tmp, int n)
{
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = rank_before(a[j], a[i]) ? a[j++] : a[i++];
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
        }
        vol_rank_item *t = a;
        a = tmp;
        tmp = t;
    }
    return a;
}

vol_status vol_phase_supervision(vol_sim *s)
{
    const vol_params *p = &s->p;
    vol_volunteers *vo = &s->vo;
    vol_npos *o = &s->npos;
    int today = (int)(s->day % 7);
    /* new volunteers join the list of their NPO's weekday */
    for (int v = s->sup_added; v < vo->n; v++) {
        int w = vo->npo[v] % 7;
        vo->sup_next[v] = -1;
        if (s->sup_tail[w] < 0) s->sup_head[w] = v;
        else vo->sup_next[s->sup_tail[w]] = v;
        s->sup_tail[w] = v;
    }
    s->sup_added = vo->n;
    /* the matched volunteers of NPOs supervising today (those who left for
     * good leave the list) */
    vol_rank_item *items = s->scratch_rank;
    int n = 0, prev = -1;
    for (int v = s->sup_head[today]; v >= 0;) {
        int next = vo->sup_next[v];
        if (vo->state[v] == VOL_STATE_GONE) {
            if (prev < 0) s->sup_head[today] = next;
            else vo->sup_next[prev] = next;
            if (s->sup_tail[today] == v) s->sup_tail[today] = prev;
        } else {
            if (vo->state[v] == VOL_STATE_ACTIVE && vo->rel[v] >= 0)
                items[n++] = (vol_rank_item){(double)vo->npo[v] * 2.0 + vo->energy[v], v};
            prev = v;
        }
        v = next;
    }
    if (n == 0) return VOL_OK;
    /* NPO first (key's integer part), then energy ascending */
    items = sort_ranks(items, s->scratch_rank2, n);
    double weekly_need = p->sup_need * 12.0 / 52.0;
    int cur = -1;
    double left = 0;
    for (int k = 0; k < n; k++) {
        int v = items[k].index, npo = vo->npo[v];
        if (npo != cur) {
            cur = npo;
            int workers = o->prof_count[npo] - o->has_coordinator[npo];
            left = (o->kind[npo] != VOL_NPO_VOLUNTEER_ORG ? workers * p->sup_hours_prof : 0.0) +
                   (o->has_coordinator[npo] ? p->sup_hours_coord : 0.0);
        }
        double need = weekly_need * (vo->energy[v] < p->sup_low_energy ? p->sup_low_factor : 1.0);
        double h = need < left ? need : left;
        left -= h;
        s->flow.supervision_needed += need;
        s->flow.supervision_given += h;
        if (h <= 0) continue;
        vo->energy[v] = vol_grow01(vo->energy[v], p->sup_restore * h);
        if (vo->reward_avg[v] < vo->reciprocity[v])
            vo->reciprocity[v] -= p->sup_expectation * h * (vo->reciprocity[v] - vo->reward_avg[v]);
        vo->recognition[v] = vol_grow01(vo->recognition[v], p->sup_recognition * h);
    }
    return VOL_OK;
}
