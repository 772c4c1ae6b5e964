/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sim.c: life cycle of a replicate (create, step, run, free), the daily
 * pipeline and shared helpers. */
#define _POSIX_C_SOURCE 199309L /* clock_gettime for profiling */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "sim_internal.h"

#ifndef VOLSIM_VERSION_STRING
#define VOLSIM_VERSION_STRING "0.0.0"
#endif

const char *vol_version(void) { return VOLSIM_VERSION_STRING; }

int vol_abi_version(void) { return VOL_ABI_VERSION; }

void vol_sim_stream(vol_sim *s, uint32_t purpose, uint64_t agent, uint64_t sub)
{
    vol_rng_select(s->rng, s->seed, s->replicate, purpose, agent, sub);
}

double vol_draw_beta(gsl_rng *r, double m, double k)
{
    return gsl_ran_beta(r, m * k, (1.0 - m) * k);
}

/* Growable struct-of-arrays: the field lists drive allocation and growth. */
#define VOLUNTEER_I32(X) X(kind) X(state) X(npo) X(company) X(employee) X(supervisor) \
    X(recruited_day) X(gone_day) X(exit_reason) X(rel) X(burnouts) X(episodic) X(rest_until) X(sup_next)
#define VOLUNTEER_F64(X) X(relational) X(empathy) X(perseverance) X(practical) \
    X(reciprocity) X(challenge) X(overinv) X(availability) X(interval) X(energy) \
    X(commitment) X(recognition) X(reward_avg) X(w_base) X(wellbeing) X(dropout_left)
#define REL_I32(X) X(kind) X(origin) X(volunteer) X(npo) X(start) X(planned_end) \
    X(interval) X(visits) X(last_visit) X(end_day) X(end_reason) X(company) \
    X(active_pos)
#define REL_F64(X) X(max_bond) X(wb_start) X(wb_end)
#define REL_HOT(X) X(hot)

double vol_dropout_threshold(const vol_sim *s, uint64_t sid)
{
    double u[2];
    vol_rng_uniform2(s->seed, s->replicate, VOL_STREAM_DROPOUT, sid, (uint64_t)s->day, u);
    return -log1p(-u[0]); /* u in [0, 1): P(E > x) = P(1 - u < e^-x) = e^-x */
}

/* Arrays of agent state: each its own allocation, placed at its own
 * 64-byte slot modulo 4096 (see vol_soa_alloc). */
void *vol_soa_alloc(size_t bytes, unsigned slot)
{
    unsigned char *base = calloc(1, bytes + VOL_SOA_PAD);
    if (!base) return NULL;
    uintptr_t first = (uintptr_t)(base + sizeof(void *));
    uintptr_t at = (first & ~(uintptr_t)4095) + (uintptr_t)(slot % 64u) * 64u;
    if (at < first) at += 4096;
    ((void **)at)[-1] = base;
    return (void *)at;
}

void vol_soa_free(void *p)
{
    if (p) free(((void **)p)[-1]);
}

/* Grows *ptr from old_cap to cap elements (the first old_cap kept). */
static int grow_array(void **ptr, size_t elem, int old_cap, int cap, unsigned slot)
{
    void *q = vol_soa_alloc(elem * (size_t)cap, slot);
    if (!q) return 0;
    if (*ptr) memcpy(q, *ptr, elem * (size_t)old_cap);
    vol_soa_free(*ptr);
    *ptr = q;
    return 1;
}

/* Slots: clients take the first (init.c), then volunteers, relationships
 * and scratch buffers, in field order. */
enum { SLOT_VOLUNTEERS = VOL_SOA_CLIENT_SLOTS, SLOT_RELATIONSHIPS = SLOT_VOLUNTEERS + 32,
       SLOT_SCRATCH = SLOT_RELATIONSHIPS + 20 };

vol_status vol_volunteers_grow(vol_sim *s, int need)
{
    vol_volunteers *v = &s->vo;
    if (need <= v->cap) return VOL_OK;
    int cap = v->cap ? v->cap : 64;
    while (cap < need) cap *= 2;
    int ok = 1;
    unsigned slot = SLOT_VOLUNTEERS;
#define G(f) ok &= grow_array((void **)&v->f, sizeof *v->f, v->cap, cap, slot++);
    VOLUNTEER_I32(G) VOLUNTEER_F64(G) G(sid)
#undef G
    /* observe's lists of volunteers (vol_roster_update) hold at most all */
    int32_t *present = ok ? realloc(s->obs_present, (size_t)cap * sizeof *present) : NULL;
    if (present) s->obs_present = present;
    int32_t *vuln = present ? realloc(s->obs_vuln, (size_t)cap * sizeof *vuln) : NULL;
    if (vuln) s->obs_vuln = vuln;
    if (!ok || !vuln) VOL_ERROR(VOL_ENOMEM, "cannot grow the volunteer arrays to %d", cap);
    v->cap = cap;
    return vol_scratch_reserve(s, (size_t)cap);
}

vol_status vol_relationships_grow(vol_sim *s, int need)
{
    vol_relationships *r = &s->re;
    if (need <= r->cap) return VOL_OK;
    int cap = r->cap ? r->cap : 256;
    while (cap < need) cap *= 2;
    int ok = 1;
    unsigned slot = SLOT_RELATIONSHIPS;
#define G(f) ok &= grow_array((void **)&r->f, sizeof *r->f, r->cap, cap, slot++);
    REL_I32(G) REL_F64(G) REL_HOT(G) G(active)
#undef G
    if (!ok) VOL_ERROR(VOL_ENOMEM, "cannot grow the relationship arrays to %d", cap);
    r->cap = cap;
    return VOL_OK;
}

vol_status vol_scratch_reserve(vol_sim *s, size_t n)
{
    if (n <= s->scratch_cap) return VOL_OK;
    size_t cap = s->scratch_cap ? s->scratch_cap : 256;
    while (cap < n) cap *= 2;
    int old = (int)s->scratch_cap;
    int ok = grow_array((void **)&s->scratch_a, sizeof *s->scratch_a, old, (int)cap, SLOT_SCRATCH)
           & grow_array((void **)&s->scratch_b, sizeof *s->scratch_b, old, (int)cap, SLOT_SCRATCH + 1)
           & grow_array((void **)&s->scratch_c, sizeof *s->scratch_c, old, (int)cap, SLOT_SCRATCH + 2)
           & grow_array((void **)&s->scratch_rank, sizeof *s->scratch_rank, old, (int)cap, SLOT_SCRATCH + 3)
           & grow_array((void **)&s->scratch_rank2, sizeof *s->scratch_rank2, old, (int)cap, SLOT_SCRATCH + 4);
    if (!ok) VOL_ERROR(VOL_ENOMEM, "cannot grow scratch buffers to %zu", cap);
    s->scratch_cap = cap;
    return VOL_OK;
}

vol_status vol_sim_log(vol_sim *s, int kind, int reason, int client,
                       int volunteer, int professional, int company, int npo)
{
    if (!s->log_events) return VOL_OK;
    if (s->n_events == s->cap_events) {
        size_t cap = s->cap_events ? 2 * s->cap_events : 1024;
        vol_event_record *q = realloc(s->events, cap * sizeof *q);
        if (!q) {
            if (s->log_status == VOL_OK) s->log_status = VOL_ENOMEM;
            VOL_ERROR(VOL_ENOMEM, "cannot grow the event log to %zu events", cap);
        }
        s->events = q;
        s->cap_events = cap;
    }
    s->events[s->n_events++] = (vol_event_record){(int32_t)(s->day - s->burn_in), kind, reason, client,
                                                  volunteer, professional, company, npo};
    return VOL_OK;
}

static void free_state(vol_sim *s)
{
#define F(f) free(s->npos.f);
    F(kind) F(has_coordinator) F(coordinator) F(prof_first) F(prof_count) F(partner_company)
    F(client_count) F(pool_start) F(pool_len) F(pool_skilled)
#undef F
#define F(f) vol_soa_free(s->cl.f);
    VOL_CLIENT_FIELDS(F)
#undef F
    free(s->cl.panel);
#define F(f) vol_soa_free(s->vo.f);
    VOLUNTEER_I32(F) VOLUNTEER_F64(F) F(sid)
#undef F
    if (s->pr.known)
        for (int i = 0; i < s->pr.n; i++) free(s->pr.known[i]);
#define F(f) free(s->pr.f);
    F(npo) F(role) F(handovers) F(willingness) F(load) F(known) F(n_known) F(cap_known) F(n_forgotten)
    F(forgotten_trust)
#undef F
    free(s->obs_present);
    free(s->obs_vuln);
    free(s->obs_left);
#define F(f) free(s->co.f);
    F(partner) F(rounds) F(sent) F(hours) F(budget) F(spent) F(e_practical) F(e_busy)
    F(senior_rank) F(chosen)
#undef F
#define F(f) vol_soa_free(s->re.f);
    REL_I32(F) REL_F64(F) REL_HOT(F) F(active)
#undef F
    vol_soa_free(s->scratch_a);
    vol_soa_free(s->scratch_b);
    vol_soa_free(s->scratch_c);
    vol_soa_free(s->scratch_rank);
    vol_soa_free(s->scratch_rank2);
    free(s->events);
    free(s->early);
}

void vol_sim_free(vol_sim *s)
{
    if (!s) return;
    free_state(s);
    if (s->rng) gsl_rng_free(s->rng);
    if (s->rng_traits) gsl_rng_free(s->rng_traits);
    free(s);
}

typedef vol_status (*vol_phase_fn)(vol_sim *);

/* The daily pipeline, in order. Each phase has a one-line contract in
 * sim_internal.h and its own file. */
static const struct { const char *name; vol_phase_fn run; } pipeline[] = {
    {"engagement", vol_phase_engagement},
    {"recruitment", vol_phase_recruitment},
    {"matching", vol_phase_matching},
    {"contact", vol_phase_contact},
    {"supervision", vol_phase_supervision},
    {"burnout", vol_phase_burnout},
    {"endings", vol_phase_endings},
    {"clients", vol_phase_clients},
};

#define N_PIPELINE (sizeof pipeline / sizeof pipeline[0])

int vol_sim_phase_count(void) { return (int)N_PIPELINE + 1; }

const char *vol_sim_phase_name(int phase)
{
    if (phase >= 0 && phase < (int)N_PIPELINE) return pipeline[phase].name;
    return phase == (int)N_PIPELINE ? "observe" : NULL;
}

void vol_sim_set_profiling(vol_sim *s, int on) { s->profiling = on != 0; }

const double *vol_sim_phase_seconds(const vol_sim *s) { return s->phase_seconds; }

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The phases of one day but observation, from this morning's zero flows. */
static vol_status run_phases(vol_sim *s)
{
    memset(&s->flow, 0, sizeof s->flow);
    double t0 = s->profiling ? now_seconds() : 0.0;
    for (size_t i = 0; i < N_PIPELINE; i++) {
        vol_status st = pipeline[i].run(s);
        if (st == VOL_OK && s->log_status != VOL_OK) {
            /* a phase went on past a failed vol_sim_log; the message of
             * that failure is still the thread's last */
            st = s->log_status;
        }
        if (st != VOL_OK) return st;
        if (s->profiling) {
            double t1 = now_seconds();
            s->phase_seconds[i] += t1 - t0;
            t0 = t1;
        }
    }
    return VOL_OK;
}

/* Recorded day 0 begins (after the burn-in, or right after construction).
 * The counts kept only for the records start again as on a constructed
 * day 0, where nobody has left, been turned away, burnt out or been handed
 * over yet and a running relationship is its client's first: so the
 * records and the cumulative metrics cover the recorded days only. None of
 * them is read by a mechanism; with no burn-in this changes no value. */
static void begin_recording(vol_sim *s)
{
    long present = 0, present_vuln = 0;
    for (int v = 0; v < s->vo.n; v++) {
        s->vo.burnouts[v] = 0;
        if (s->vo.kind[v] == VOL_VOL_CORPORATE || s->vo.state[v] == VOL_STATE_GONE) continue;
        present++;
        present_vuln += s->vo.kind[v] == VOL_VOL_VULNERABLE;
    }
    s->obs_applicants_before = s->applicants - present;
    s->obs_vuln_applicants_before = s->vuln_applicants - present_vuln;
    s->vuln_rejected_wellbeing = 0;
    for (int c = 0; c < s->cl.n; c++) {
        s->cl.n_rel[c] = s->cl.rel[c] >= 0;
        s->cl.n_premature[c] = 0;
    }
    for (int k = 0; k < s->pr.n; k++) s->pr.handovers[k] = 0;
}

static void count_problem(void *ctx, const char *a, const char *b, const char *c)
{
    (void)a; (void)b; (void)c;
    (*(size_t *)ctx)++;
}

vol_status vol_sim_create(const vol_params *p, uint32_t replicate,
                          int log_events, vol_sim **out)
{
    if (!p || !out) VOL_ERROR(VOL_EINVAL, "vol_sim_create: NULL argument");
    *out = NULL;
    /* The adapters validate with messages; this guards library users. */
    size_t bad = 0;
    vol_params_validate(p, count_problem, &bad);
    if (bad) VOL_ERROR(VOL_EINVAL, "vol_sim_create: %zu parameter problem(s); validate first", bad);
    vol_sim *s = calloc(1, sizeof *s);
    if (!s) VOL_ERROR(VOL_ENOMEM, "cannot allocate a simulation");
    s->p = *p;
    s->seed = (uint64_t)p->run_seed;
    s->replicate = replicate;
    s->rng = gsl_rng_alloc(vol_rng_philox);
    s->rng_traits = gsl_rng_alloc(vol_rng_philox);
    if (!s->rng || !s->rng_traits) {
        vol_sim_free(s);
        VOL_ERROR(VOL_ENOMEM, "cannot allocate a random stream");
    }
    vol_status st = vol_init_population(s);
    if (st != VOL_OK) {
        vol_sim_free(s);
        return st;
    }
    /* Tenures up to the run's length (burn-in included) plus ten years of
     * history are looked up; longer ones (rare) are computed. */
    for (int w = 0; w < 7; w++) s->sup_head[w] = s->sup_tail[w] = -1;
    int n_early = (int)(p->run_days + p->run_burn_in) + 3651;
    s->n_early = n_early;
    s->early = malloc((size_t)n_early * sizeof *s->early);
    if (!s->early) {
        vol_sim_free(s);
        VOL_ERROR(VOL_ENOMEM, "cannot allocate a table of %d values", n_early);
    }
    for (int t = 0; t < s->n_early; t++) s->early[t] = exp(-(double)t / p->do_early_days);
    for (int t = 1; t <= VOL_MAX_INTERVAL; t++) s->weekly_hours[t] = p->vol_hours_visit * 7.0 / t;
    for (int i = 0; i < s->cl.n; i++) s->profile_count[s->cl.profile[i]]++;
    /* The burn-in: run.burn_in_days days before recorded day 0, every phase
     * but observation (nothing is recorded), without companies (the
     * engagement phase starts at recorded day 0), so that recording starts
     * from the steady state of the world without a company policy. */
    s->burn_in = p->run_burn_in;
    for (; s->day < s->burn_in; s->day++) {
        st = run_phases(s);
        if (st != VOL_OK) {
            vol_sim_free(s);
            return st;
        }
    }
    begin_recording(s);
    /* The log starts with recorded day 0; the population's history (the
     * constructed one and the burn-in) is not logged. */
    s->log_events = log_events != 0;
    *out = s;
    return VOL_OK;
}

long vol_sim_day(const vol_sim *s) { return s->day - s->burn_in; }

const double *vol_sim_metrics(const vol_sim *s)
{
    return s->have_metrics ? s->metrics : NULL;
}

vol_status vol_sim_step(vol_sim *s)
{
    vol_status st = run_phases(s);
    if (st != VOL_OK) return st;
    double t0 = s->profiling ? now_seconds() : 0.0;
    vol_phase_observe(s);
    /* the panel samples recorded days (a step is never a burn-in day) */
    const long rec = s->day - s->burn_in;
    if (s->cl.panel && rec >= 0 && (rec + 1) % s->p.run_panel == 0) {
        long k = (rec + 1) / s->p.run_panel - 1;
        if (k < s->cl.n_panel)
            for (int i = 0; i < s->cl.n; i++)
                s->cl.panel[(size_t)i * (size_t)s->cl.n_panel + (size_t)k] = (float)s->cl.wellbeing[i];
    }
    if (s->profiling) s->phase_seconds[N_PIPELINE] += now_seconds() - t0;
    s->have_metrics = 1;
    s->day++;
    return VOL_OK;
}

size_t vol_sim_memory_bytes(const vol_sim *s)
{
    size_t b = sizeof *s;
    b += (size_t)s->npos.n * 7 * sizeof(int32_t) + 3 * (size_t)(s->npos.n + 1) * sizeof(int32_t);
    b += (size_t)s->cl.n * (11 * sizeof(int32_t) + 15 * sizeof(double)) + ((size_t)s->cl.n + 1) * sizeof(int32_t);
    b += (size_t)s->cl.n * (size_t)s->cl.n_panel * sizeof(float);
    b += (size_t)s->n_early * sizeof(double);
    size_t per_vol = sizeof(uint64_t);
#define V(f) per_vol += sizeof *s->vo.f;
    VOLUNTEER_I32(V) VOLUNTEER_F64(V)
#undef V
    b += (size_t)s->vo.cap * per_vol;
    b += (size_t)s->vo.cap * 2 * sizeof(int32_t) + (size_t)s->obs_cap_left * 2 * sizeof(int32_t);
    b += (size_t)s->pr.n * (3 * sizeof(int32_t) + 2 * sizeof(double) + sizeof(void *) + 2 * sizeof(int32_t));
    for (int i = 0; i < s->pr.n; i++) b += (size_t)s->pr.cap_known[i] * sizeof(vol_trust_entry);
    size_t pool = (size_t)s->co.n * (size_t)s->co.pool;
    b += (size_t)s->co.n * (3 * sizeof(int32_t) + 3 * sizeof(double));
    b += pool * (sizeof(double) + 2 * sizeof(int32_t)) + (size_t)s->co.pool * sizeof(int32_t);
    size_t per_rel = sizeof *s->re.active;
#define R(f) per_rel += sizeof *s->re.f;
    REL_I32(R) REL_F64(R) REL_HOT(R)
#undef R
    b += (size_t)s->re.cap * per_rel;
    b += s->scratch_cap * (3 * sizeof(int32_t) + 2 * sizeof(vol_rank_item));
    b += s->cap_events * sizeof(vol_event_record);
    /* each array of agent state has a page of room for its placement
     * (vol_soa_alloc) */
    size_t arrays = VOL_SOA_CLIENT_SLOTS + (s->scratch_cap > 0 ? 5 : 0);
#define N(f) arrays += s->vo.cap > 0;
    VOLUNTEER_I32(N) VOLUNTEER_F64(N) N(sid)
#undef N
#define N(f) arrays += s->re.cap > 0;
    REL_I32(N) REL_F64(N) REL_HOT(N) N(active)
#undef N
    b += arrays * VOL_SOA_PAD;
    return b;
}

vol_status vol_sim_run(vol_sim *s, long days, double *out)
{
    if (!s || days < 0) VOL_ERROR(VOL_EINVAL, "vol_sim_run: bad arguments");
    for (long d = 0; d < days; d++) {
        vol_status st = vol_sim_step(s);
        if (st != VOL_OK) return st;
        if (out)
            for (int m = 0; m < VOL_M_COUNT; m++) out[(size_t)m * (size_t)days + (size_t)d] = s->metrics[m];
    }
    return VOL_OK;
}

vol_status vol_sim_client_panel(const vol_sim *s, const float **wellbeing, size_t *clients, size_t *times,
                                long *interval_days)
{
    if (!s || !wellbeing || !clients || !times || !interval_days)
        VOL_ERROR(VOL_EINVAL, "vol_sim_client_panel: a NULL argument");
    *wellbeing = s->cl.panel;
    *clients = s->cl.panel ? (size_t)s->cl.n : 0;
    *times = s->cl.panel ? (size_t)s->cl.n_panel : 0;
    *interval_days = s->cl.panel ? s->p.run_panel : 0;
    return VOL_OK;
}
