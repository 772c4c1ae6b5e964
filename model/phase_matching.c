/* phase_matching.c: who asks for a volunteer, and which volunteer they get
 * (T2, T3, O1, O2, P6).
 *
 * Willingness: a social worker's willingness to hand over recovers towards
 * 1 with time constant handover.willingness_recovery_days (P8).
 *
 * Asking: in welfare and hybrid NPOs the client's social worker reviews
 * clients without a volunteer (every handover.review_days on average) and
 * hands one over with a probability that falls with complexity and care
 * avoidance, rises with a known trusted volunteer, a coordinator and a
 * hybrid set-up, and scales with the professional's willingness. Clients of
 * volunteer organisations ask for a volunteer themselves (no professional in
 * the loop).
 *
 * Matching: clients waiting longest are served first (ordered by waiting
 * day, then number, by a counting sort: O(n + days)); clients no pooled
 * volunteer could serve are left waiting without drawing. Each scores the
 * volunteers their
 * professional knows plus matching.candidates volunteers drawn from the pool
 * of free volunteers (their NPO's, or every NPO's with municipal
 * facilitation), and takes the best by skill fit, the professional's trust
 * and availability. The client accepts the volunteer with a probability
 * that rises with trust in the NPO (vol_client_accepts); one who declines
 * stops waiting. O(n (k + known)) per day: never all pairs. */
#include <stdint.h>
#include <stdlib.h>
#include <gsl/gsl_rng.h>
#include "sim_internal.h"


static int is_free(const vol_sim *s, int v)
{
    return s->vo.state[v] == VOL_STATE_ACTIVE && s->vo.rel[v] < 0 &&
           s->vo.kind[v] != VOL_VOL_CORPORATE;
}

/* Skill fit: complex clients need relational skill and empathy, simpler
 * needs are also served by practical skill. */
static double fit(const vol_sim *s, int client, int v)
{
    double cx = s->cl.complexity[client];
    return cx * 0.5 * (s->vo.relational[v] + s->vo.empathy[v]) +
           (1.0 - cx) * 0.5 * (s->vo.practical[v] + s->vo.relational[v]);
}

static int skilled(const vol_sim *s, int v) { return s->vo.relational[v] >= s->p.ho_min_skill; }

static int suitable(const vol_sim *s, int client, int v)
{
    return s->cl.complexity[client] <= s->p.ho_complex_threshold || skilled(s, v);
}

/* Whether the client's pool segment holds a volunteer suitable for them:
 * when not, neither a known volunteer nor a sampled one can be chosen, and
 * the client (whose draws come from their own stream) is left waiting
 * without drawing. */
static int pool_can_serve(const vol_sim *s, int client, int g)
{
    return s->npos.pool_len[g] > 0 &&
           (s->cl.complexity[client] <= s->p.ho_complex_threshold || s->npos.pool_skilled[g] > 0);
}

/* Whether the professional knows a free volunteer they trust (T3).
 * is_free_[v]: whether v is free (taken once at the start of matching). */
static int knows_free_trusted(const vol_sim *s, int prof, int client, const unsigned char *is_free_)
{
    const vol_trust_entry *e = s->pr.known[prof];
    for (int i = 0; i < s->pr.n_known[prof]; i++)
        if (e[i].trust >= s->p.ho_trust_threshold && is_free_[e[i].volunteer] &&
            suitable(s, client, e[i].volunteer))
            return 1;
    return 0;
}

double vol_handover_probability(const vol_sim *s, int client, int known)
{
    const vol_params *p = &s->p;
    const vol_clients *c = &s->cl;
    int npo = c->npo[client];
    double q = p->ho_base * (1.0 - p->ho_complexity * c->complexity[client]) *
               (1.0 - p->ho_care_avoid * c->care_avoid[client]) * s->pr.willingness[c->prof[client]];
    if (!known) q *= p->ho_unknown;
    if (s->npos.has_coordinator[npo]) q *= p->ho_coordinator;
    if (s->npos.kind[npo] == VOL_NPO_HYBRID) q *= p->ho_hybrid;
    return q;
}

/* Reviews and self-referrals of the day; returns the clients waiting for a
 * volunteer after them (in increasing number) in waiting[]. asking and old
 * are scratch for one value per client. */
static int decide_requests(vol_sim *s, int32_t *waiting, int32_t *asking, int32_t *old,
                           const unsigned char *is_free_)
{
    const vol_params *p = &s->p;
    vol_clients *c = &s->cl;
    /* Split the clients without a volunteer (no branches): those waiting
     * since an earlier day to old[], those who may ask today to asking[].
     * The askers draw their two numbers a block at a time, in one tight
     * loop (the block's numbers stay in the first-level cache). */
    int na = 0, nold = 0, n = c->n;
    for (int i = 0; i < n; i++) {
        int free_ = c->rel[i] < 0, seeking = c->seeking_since[i] >= 0;
        asking[na] = i;
        na += free_ & !seeking;
        old[nold] = i;
        nold += free_ & seeking;
    }
    /* asking[] is reused for the clients who ask today, in order (never
     * ahead of the one being read) */
    enum { BLOCK = 256 };
    double u1s[BLOCK], u2s[BLOCK];
    int nnew = 0;
    for (int k = 0; k < na; k++) {
        if (k % BLOCK == 0)
            vol_rng_uniform2_batch(s->seed, s->replicate, VOL_STREAM_REVIEW, (uint64_t)s->day,
                                   (size_t)(na - k < BLOCK ? na - k : BLOCK), asking + k, NULL, u1s, u2s);
        int i = asking[k];
        double u1 = u1s[k % BLOCK], u2 = u2s[k % BLOCK];
        int npo = c->npo[i], kind = s->npos.kind[npo];
        if (kind == VOL_NPO_VOLUNTEER_ORG) {
            /* O1: the client comes to the volunteer organisation directly. */
            if (u1 < (1.0 - c->care_avoid[i]) / p->ho_self_referral) {
                c->seeking_since[i] = (int32_t)s->day;
                asking[nnew++] = i;
            }
            continue;
        }
        if (u1 >= 1.0 / p->ho_review_days) continue;
        int prof = c->prof[i];
        int known = knows_free_trusted(s, prof, i, is_free_);
        s->flow.reviews++;
        s->flow.reviews_known += known;
        if (u2 < vol_handover_probability(s, i, known)) {
            c->seeking_since[i] = (int32_t)s->day;
            asking[nnew++] = i;
            s->flow.handovers++;
            s->flow.handovers_known += known;
            if (c->complexity[i] > p->ho_complex_threshold) s->flow.handovers_complex++;
            s->pr.handovers[prof]++;
            vol_sim_log(s, VOL_EV_HANDOVER, known, i, -1, prof, -1, npo);
        }
    }
    /* merge the earlier waiters and today's askers, both in increasing
     * number */
    int nw = 0, a = 0, b = 0;
    while (a < nold && b < nnew) waiting[nw++] = old[a] < asking[b] ? old[a++] : asking[b++];
    while (a < nold) waiting[nw++] = old[a++];
    while (b < nnew) waiting[nw++] = asking[b++];
    return nw;
}

/* Pool of free volunteers, one segment per NPO (or a single segment with
 * facilitation); pos[v] is v's index in the pool or -1. */
static void build_pool(vol_sim *s, int32_t *pool, int32_t *pos, const unsigned char *is_free_)
{
    vol_npos *o = &s->npos;
    int shared = s->p.muni_facilitation, nseg = shared ? 1 : o->n;
    for (int g = 0; g <= nseg; g++) o->pool_start[g] = o->pool_skilled[g] = 0;
    /* one scan: the free volunteers in increasing number go to pos[]'s
     * front for a moment, then to their segment of the pool */
    int nfree = 0;
    for (int v = 0; v < s->vo.n; v++)
        if (is_free_[v]) {
            pos[nfree++] = v;
            o->pool_start[(shared ? 0 : s->vo.npo[v]) + 1]++;
        }
    for (int g = 0; g < nseg; g++) {
        o->pool_start[g + 1] += o->pool_start[g];
        o->pool_len[g] = 0;
    }
    for (int k = 0; k < nfree; k++) {
        int v = pos[k], g = shared ? 0 : s->vo.npo[v];
        pool[o->pool_start[g] + o->pool_len[g]++] = v;
        o->pool_skilled[g] += skilled(s, v);
    }
    for (int v = 0; v < s->vo.n; v++) pos[v] = -1;
    for (int at = 0; at < nfree; at++) pos[pool[at]] = at;
}

static void pool_remove(vol_sim *s, int32_t *pool, int32_t *pos, int v)
{
    vol_npos *o = &s->npos;
    int g = s->p.muni_facilitation ? 0 : s->vo.npo[v];
    int last = o->pool_start[g] + --o->pool_len[g];
    o->pool_skilled[g] -= skilled(s, v);
    int at = pos[v];
    pool[at] = pool[last];
    pos[pool[at]] = at;
    pos[v] = -1;
}

/* Orders waiting clients by the day they began waiting, then by number:
 * a stable counting sort over the days (a[] is in increasing number), so
 * O(n + days waited) and no comparisons. count has room for last - first
 * + 2 values. */
static void sort_waiting(int32_t *a, int32_t *tmp, int n, const int32_t *since, int32_t *count, int first, int last)
{
    int range = last - first + 1;
    for (int d = 0; d <= range; d++) count[d] = 0;
    for (int k = 0; k < n; k++) count[since[a[k]] - first + 1]++;
    for (int d = 0; d < range; d++) count[d + 1] += count[d];
    for (int k = 0; k < n; k++) tmp[count[since[a[k]] - first]++] = a[k];
    for (int k = 0; k < n; k++) a[k] = tmp[k];
}

vol_status vol_phase_matching(vol_sim *s)
{
    const vol_params *p = &s->p;
    vol_clients *c = &s->cl;
    /* P8: willingness lost after premature endings slowly comes back */
    for (int k = 0; k < s->pr.n; k++)
        s->pr.willingness[k] += (1.0 - s->pr.willingness[k]) / p->ho_willing_days;
    vol_status st = vol_scratch_reserve(s, (size_t)(c->n > s->vo.n ? c->n : s->vo.n) + 64);
    if (st != VOL_OK) return st;
    int32_t *waiting = s->scratch_a, *pool = s->scratch_b, *pos = s->scratch_c;
    int32_t *tmp = (int32_t *)s->scratch_rank; /* 4 x scratch_cap int32 slots */
    /* which volunteers are free: nothing in the reviews changes it (one
     * byte each in scratch_rank2, which has 16 x scratch_cap) */
    unsigned char *is_free_ = (unsigned char *)(void *)s->scratch_rank2;
    for (int v = 0; v < s->vo.n; v++) is_free_[v] = (unsigned char)is_free(s, v);
    /* pool's and pos's arrays are free until the pool is built */
    int nw = decide_requests(s, waiting, pool, pos, is_free_);
    if (nw == 0) return VOL_OK;
    build_pool(s, pool, pos, is_free_);
    /* A client whose pool holds no volunteer suitable for them now cannot
     * be matched today (pools only shrink during matching), whatever the
     * order: leave such clients out before sorting. */
    int kept = 0, first = INT32_MAX, last = -1;
    for (int w = 0; w < nw; w++) {
        int i = waiting[w], g = p->muni_facilitation ? 0 : c->npo[i];
        if (!pool_can_serve(s, i, g)) continue;
        waiting[kept++] = i;
        if (c->seeking_since[i] < first) first = c->seeking_since[i];
        if (c->seeking_since[i] > last) last = c->seeking_since[i];
    }
    nw = kept;
    if (nw == 0) return VOL_OK;
    /* scratch_rank holds 4 x scratch_cap int32 slots: nw for the sort's
     * buffer, the rest for the day counts (a long wait in a tiny
     * population may need more: grow; pool and pos survive realloc) */
    if ((size_t)(last - first + 2) > 3 * s->scratch_cap) {
        st = vol_scratch_reserve(s, (size_t)(last - first + 2));
        if (st != VOL_OK) return st;
        waiting = s->scratch_a; pool = s->scratch_b; pos = s->scratch_c; tmp = (int32_t *)s->scratch_rank;
    }
    sort_waiting(waiting, tmp, nw, c->seeking_since, tmp + nw, first, last);

    for (int w = 0; w < nw; w++) {
        int i = waiting[w], npo = c->npo[i], prof = c->prof[i];
        int g = p->muni_facilitation ? 0 : npo;
        if (!pool_can_serve(s, i, g)) continue; /* emptied by earlier clients today */
        int uses_trust = s->npos.kind[npo] != VOL_NPO_VOLUNTEER_ORG;
        int best = -1;
        double best_score = -1e300;
        if (uses_trust) {
            const vol_trust_entry *e = s->pr.known[prof];
            for (int k = 0; k < s->pr.n_known[prof]; k++) {
                int v = e[k].volunteer;
                /* free, and in this client's pool (own NPO unless facilitated) */
                if (pos[v] < 0 || !suitable(s, i, v)) continue;
                if (!p->muni_facilitation && s->vo.npo[v] != npo) continue;
                double sc = p->match_skill_weight * fit(s, i, v) + p->match_trust_weight * e[k].trust +
                            p->match_avail_weight * s->vo.availability[v];
                if (sc > best_score || (sc == best_score && v < best)) { best_score = sc; best = v; }
            }
        }
        int len = s->npos.pool_len[g];
        if (len > 0) {
            vol_sim_stream(s, VOL_STREAM_MATCH, (uint64_t)i, (uint64_t)s->day);
            for (long k = 0; k < p->match_candidates; k++) {
                int v = pool[s->npos.pool_start[g] + (int)gsl_rng_uniform_int(s->rng, (unsigned long)len)];
                if (!suitable(s, i, v)) continue;
                double tr = uses_trust ? vol_prof_trust(s, prof, v) : 0.0;
                double sc = p->match_skill_weight * fit(s, i, v) + p->match_trust_weight * tr +
                            p->match_avail_weight * s->vo.availability[v];
                if (sc > best_score || (sc == best_score && v < best)) { best_score = sc; best = v; }
            }
        }
        if (best < 0) continue;
        if (!vol_client_accepts(s, i, VOL_STREAM_ACCEPT, 0, 0, &st)) {
            if (st != VOL_OK) return st;
            /* T4: a client who distrusts the NPO declines and stops
             * waiting; the professional may hand them over again later */
            c->seeking_since[i] = -1;
            continue;
        }
        pool_remove(s, pool, pos, best);
        int planned = s->vo.episodic[best] ? (int)(s->day + (long)p->vol_episodic_days) : -1;
        int32_t r;
        st = vol_rel_start(s, i, best, VOL_REL_REGULAR, (int)s->vo.interval[best], planned, -1, &r);
        if (st != VOL_OK) return st;
    }
    return VOL_OK;
}
