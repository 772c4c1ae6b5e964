/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <gsl/gsl_rng.h>
#include "sim_internal.h"


/* & rather than &&: every term is safe to evaluate, and without the
 * short circuit no branch depends on the volunteer */
static int is_free(const vol_sim *s, int v)
{
    return (s->vo.state[v] == VOL_STATE_ACTIVE) & (s->vo.rel[v] < 0) & (s->vo.kind[v] != VOL_VOL_CORPORATE);
}

/* Skill fit: complex clients need relational skill and empathy, simpler
 * needs are also served by practical skill. */
static double fit(const vol_sim *s, int client, int v)
{
    double cx = s->cl.complexity[client];
    return cx * 0.5 * (s->vo.relational[v] + s->vo.empathy[v]) +
           (1.0 - cx) * 0.5 * (s->vo.practical[v] + s->vo.relational[v]);
}

/* The score of volunteer v for client i, trust the professional's in v
 * (0 in a volunteer organisation). */
static double score(const vol_sim *s, int client, int v, double trust)
{
    const vol_params *p = &s->p;
    return p->match_skill_weight * fit(s, client, v) + p->match_trust_weight * trust +
           p->match_avail_weight * s->vo.availability[v];
}

/* Whether v with score sc beats the best so far (ties: the lower number). */
static int beats(double sc, int v, double best_score, int best)
{
    return sc > best_score || (sc == best_score && v < best);
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

/* The daily probability that a client without a volunteer who is not
 * waiting is reviewed (welfare and hybrid NPOs) or asks by themselves
 * (volunteer organisations). Constant per client: care avoidance and the
 * NPO never change. */
static double review_rate(const vol_sim *s, int client)
{
    return s->npos.kind[s->cl.npo[client]] == VOL_NPO_VOLUNTEER_ORG
               ? (1.0 - s->cl.care_avoid[client]) / s->p.ho_self_referral
               : 1.0 / s->p.ho_review_days;
}

/* Days G >= 0 until the next review, counted from the day of the draw
 * (G = 0: that day), for daily probability q: geometric, P(G >= k) = (1 -
 * q)^k, by inversion of u in [0, 1): G = floor(log(1 - u) / log(1 - q)),
 * since P(log(1 - u) <= k log(1 - q)) = P(1 - u <= (1 - q)^k) = (1 - q)^k.
 * q >= 1 gives 0 (every day), q <= 0 "never" (far beyond any run). */
static long review_gap(double u, double q)
{
    if (!(q < 1.0)) return 0;
    if (!(q > 0.0)) return INT32_MAX;
    double g = floor(log1p(-u) / log1p(-q));
    return g < (double)INT32_MAX ? (long)g : INT32_MAX;
}

static int32_t day_after(long day, long gap)
{
    return day + gap < (long)INT32_MAX ? (int32_t)(day + gap) : INT32_MAX;
}

/* Reviews and self-referrals of the day; returns the clients waiting for a
 * volunteer after them (in increasing number) in waiting[]. asking and old
 * are scratch for one value per client.
 *
 * The process (docs/ODD.md 7.3): every day on which a client is without a
 * volunteer and not waiting, a review happens with probability q
 * (review_rate), independently of every other day. Instead of a Bernoulli
 * draw per client and day, each client keeps the day of its next review
 * (c->review_day), a geometric number of days ahead, and is looked at only
 * on that day. This is the same process in distribution:
 *  - when a client becomes eligible (day 0, after a relationship ends,
 *    after declining or a programme, ...) and the kept day has passed, the
 *    days to the next review are drawn afresh from that day: geometric,
 *    P(first review on day d + k) = (1 - q)^k q, as the daily draws give;
 *  - after a review that hands nobody over, the next one is 1 + G days
 *    later, G geometric again: the daily draws of the following days;
 *  - a client who becomes eligible again while the kept day still lies
 *    ahead keeps it. That day T was drawn as the day of a geometric
 *    variable, nothing but T itself decided anything between (the days
 *    the client was not eligible come from other streams, and no review
 *    happened before T), and a geometric variable is memoryless: given T
 *    >= today, T - today is geometric with the same q. So whether the day
 *    is kept (T >= today) or drawn afresh (T < today), the next review is
 *    geometric from today, independently of the past.
 * q is constant per client, so a kept day never goes stale. The draws are
 * keyed by (client, day of the draw) in VOL_STREAM_REVIEW_DAY: u[0] for a
 * fresh schedule, u[1] for the one after a review (both can fall on one
 * day); the handover decision at a review reads u[1] of (client, day) in
 * VOL_STREAM_REVIEW. */
static int decide_requests(vol_sim *s, int32_t *waiting, int32_t *asking, int32_t *old,
                           const unsigned char *is_free_)
{
    const vol_params *p = &s->p;
    vol_clients *c = &s->cl;
    const int32_t today = (int32_t)s->day;
    /* Split the clients without a volunteer (no branches): those waiting
     * since an earlier day to old[], those whose review day is today or
     * must be drawn (it has passed) to asking[]. */
    int na = 0, nold = 0, n = c->n;
    const int32_t *restrict rel = c->rel, *restrict since = c->seeking_since, *restrict due = c->review_day;
    for (int i = 0; i < n; i++) {
        int free_ = rel[i] < 0, seeking = since[i] >= 0;
        asking[na] = i;
        na += free_ & !seeking & (due[i] <= today);
        old[nold] = i;
        nold += free_ & seeking;
    }
    /* asking[] is reused for the clients who ask today, in order (never
     * ahead of the one being read) */
    int nnew = 0;
    for (int k = 0; k < na; k++) {
        int i = asking[k];
        double q = review_rate(s, i), g[2] = {0, 0};
        int drawn = 0;
        if (c->review_day[i] < today) {
            vol_sim_uniforms(s, VOL_STREAM_REVIEW_DAY, (uint64_t)i, g);
            drawn = 1;
            c->review_day[i] = day_after(today, review_gap(g[0], q));
            if (c->review_day[i] != today) continue;
        }
        int npo = c->npo[i], kind = s->npos.kind[npo];
        if (kind == VOL_NPO_VOLUNTEER_ORG) {
            /* O1: the client comes to the volunteer organisation directly
             * (the next day is drawn when they are eligible again) */
            c->seeking_since[i] = today;
            asking[nnew++] = i;
            continue;
        }
        int prof = c->prof[i];
        int known = knows_free_trusted(s, prof, i, is_free_);
        s->flow.reviews++;
        s->flow.reviews_known += known;
        double u[2];
        vol_sim_uniforms(s, VOL_STREAM_REVIEW, (uint64_t)i, u);
        if (u[1] < vol_handover_probability(s, i, known)) {
            c->seeking_since[i] = today;
            asking[nnew++] = i;
            s->flow.handovers++;
            s->flow.handovers_known += known;
            if (c->complexity[i] > p->ho_complex_threshold) s->flow.handovers_complex++;
            s->pr.handovers[prof]++;
            vol_sim_log(s, VOL_EV_HANDOVER, known, i, -1, prof, -1, npo);
        } else {
            /* still eligible: the next review 1 + G days from today */
            if (!drawn)
                vol_sim_uniforms(s, VOL_STREAM_REVIEW_DAY, (uint64_t)i, g);
            c->review_day[i] = day_after(today + 1, review_gap(g[1], q));
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
    for (int v = 0; v < s->vo.n; v++) { /* without branches */
        int f = is_free_[v];
        pos[nfree] = v;
        nfree += f;
        o->pool_start[(shared ? 0 : s->vo.npo[v]) + 1] += f;
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
        s->pr.willingness[k] = vol_relax(s->pr.willingness[k], 1.0, p->ho_willing_days);
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
                double sc = score(s, i, v, e[k].trust);
                if (beats(sc, v, best_score, best)) { best_score = sc; best = v; }
            }
        }
        int len = s->npos.pool_len[g];
        if (len > 0) {
            vol_sim_stream(s, VOL_STREAM_MATCH, (uint64_t)i, (uint64_t)s->day);
            for (long k = 0; k < p->match_candidates; k++) {
                int v = pool[s->npos.pool_start[g] + (int)gsl_rng_uniform_int(s->rng, (unsigned long)len)];
                if (!suitable(s, i, v)) continue;
                double tr = uses_trust ? vol_prof_trust(s, prof, v) : 0.0;
                double sc = score(s, i, v, tr);
                if (beats(sc, v, best_score, best)) { best_score = sc; best = v; }
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
