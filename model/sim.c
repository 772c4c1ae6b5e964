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

double vol_dropout_threshold(const vol_sim *s, uint64_t sid)
{
    double u[2];
    vol_sim_uniforms(s, VOL_STREAM_DROPOUT, sid, u);
    return vol_exp_inverse(u[0]);
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
_Static_assert(VOL_FIELDS_COUNT(VOL_VOLUNTEER_FIELDS) <= SLOT_RELATIONSHIPS - SLOT_VOLUNTEERS,
               "the volunteer arrays' slots");
_Static_assert(VOL_FIELDS_COUNT(VOL_REL_FIELDS) <= SLOT_SCRATCH - SLOT_RELATIONSHIPS, "the relationship arrays' slots");

vol_status vol_volunteers_grow(vol_sim *s, int need)
{
    vol_volunteers *v = &s->vo;
    if (need <= v->cap) return VOL_OK;
    int cap = v->cap ? v->cap : 64;
    while (cap < need) cap *= 2;
    int ok = 1;
    unsigned slot = SLOT_VOLUNTEERS;
#define G(T, f) ok &= grow_array((void **)&v->f, sizeof *v->f, v->cap, cap, slot++);
    VOL_VOLUNTEER_FIELDS(G)
#undef G
    /* observe's lists of volunteers (vol_roster_update) hold at most all */
#define G(T, f)                                                              \
    if (ok) {                                                                \
        T *q = realloc(s->f, (size_t)cap * sizeof *q);                       \
        if (q) s->f = q;                                                     \
        else ok = 0;                                                         \
    }
    VOL_ROSTER_FIELDS(G)
#undef G
    if (!ok) VOL_ERROR(VOL_ENOMEM, "cannot grow the volunteer arrays to %d", cap);
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
#define G(T, f) ok &= grow_array((void **)&r->f, sizeof *r->f, r->cap, cap, slot++);
    VOL_REL_FIELDS(G)
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
    int old = (int)s->scratch_cap, ok = 1;
    unsigned slot = SLOT_SCRATCH;
#define G(T, f) ok &= grow_array((void **)&s->f, sizeof *s->f, old, (int)cap, slot++);
    VOL_SCRATCH_FIELDS(G)
#undef G
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
    s->events[s->n_events++] = (vol_event_record){(int32_t)vol_sim_day(s), kind, reason, client,
                                                  volunteer, professional, company, npo};
    return VOL_OK;
}

static void free_state(vol_sim *s)
{
#define F(T, f) free(s->npos.f);
    VOL_NPO_FIELDS(F) VOL_NPO_SEGMENT_FIELDS(F)
#undef F
#define F(T, f) vol_soa_free(s->cl.f);
    VOL_CLIENT_FIELDS(F)
#undef F
    free(s->cl.panel);
#define F(T, f) vol_soa_free(s->vo.f);
    VOL_VOLUNTEER_FIELDS(F)
#undef F
    if (s->pr.known)
        for (int i = 0; i < s->pr.n; i++) free(s->pr.known[i]);
#define F(T, f) free(s->pr.f);
    VOL_PROF_FIELDS(F)
#undef F
#define F(T, f) free(s->f);
    VOL_ROSTER_FIELDS(F)
#undef F
    free(s->obs_left);
#define F(T, f) free(s->co.f);
    VOL_COMPANY_FIELDS(F) VOL_EMPLOYEE_FIELDS(F) VOL_POOL_FIELDS(F)
#undef F
#define F(T, f) vol_soa_free(s->re.f);
    VOL_REL_FIELDS(F)
#undef F
#define F(T, f) vol_soa_free(s->f);
    VOL_SCRATCH_FIELDS(F)
#undef F
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
 * sim_internal.h and its own file; what each reads that an earlier phase
 * of the day left, and what it leaves for later ones, is the table "the
 * day's hand-offs" in struct vol_sim (sim_internal.h), beside the fields
 * that carry them. */
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
    for (int t = 0; t < s->n_early; t++) s->early[t] = vol_early_weight(p, t);
    for (int t = 1; t <= VOL_MAX_INTERVAL; t++) s->weekly_hours[t] = vol_weekly_hours(p, t);
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
    const long rec = vol_sim_day(s);
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

double vol_state_bytes(const vol_state_size *n)
{
    /* observe's list of who left holds a recruited and a gone day each */
    const double left_entry = sizeof(int32_t[2]);
    return n->npos * (double)VOL_FIELDS_BYTES(VOL_NPO_FIELDS) +
           (n->npos + 1) * (double)VOL_FIELDS_BYTES(VOL_NPO_SEGMENT_FIELDS) +
           n->clients * (double)VOL_FIELDS_BYTES(VOL_CLIENT_FIELDS) + n->panel_values * (double)sizeof(float) +
           n->volunteers * (double)(VOL_FIELDS_BYTES(VOL_VOLUNTEER_FIELDS) + VOL_FIELDS_BYTES(VOL_ROSTER_FIELDS)) +
           n->left * left_entry +
           n->professionals * (double)VOL_FIELDS_BYTES(VOL_PROF_FIELDS) +
           n->trust_entries * (double)sizeof(vol_trust_entry) +
           n->companies * (double)VOL_FIELDS_BYTES(VOL_COMPANY_FIELDS) +
           n->employees * (double)VOL_FIELDS_BYTES(VOL_EMPLOYEE_FIELDS) +
           n->pool * (double)VOL_FIELDS_BYTES(VOL_POOL_FIELDS) +
           n->relationships * (double)VOL_FIELDS_BYTES(VOL_REL_FIELDS) +
           n->buffers * (double)VOL_FIELDS_BYTES(VOL_SCRATCH_FIELDS);
}

size_t vol_sim_memory_bytes(const vol_sim *s)
{
    double known = 0;
    for (int i = 0; i < s->pr.n; i++) known += s->pr.cap_known[i];
    const vol_state_size n = {
        .clients = s->cl.n, .panel_values = (double)s->cl.n * s->cl.n_panel, .volunteers = s->vo.cap,
        .left = (double)s->obs_cap_left, .relationships = s->re.cap, .trust_entries = known,
        .professionals = s->pr.n, .npos = s->npos.n, .companies = s->co.n,
        .employees = (double)s->co.n * s->co.pool, .pool = s->co.pool, .buffers = (double)s->scratch_cap};
    size_t b = sizeof *s + (size_t)vol_state_bytes(&n);
    b += (size_t)s->n_early * sizeof *s->early;
    b += s->cap_events * sizeof *s->events;
    /* each array of agent state has a page of room for its placement
     * (vol_soa_alloc) */
    size_t arrays = VOL_FIELDS_COUNT(VOL_CLIENT_FIELDS);
    if (s->vo.cap > 0) arrays += VOL_FIELDS_COUNT(VOL_VOLUNTEER_FIELDS);
    if (s->re.cap > 0) arrays += VOL_FIELDS_COUNT(VOL_REL_FIELDS);
    if (s->scratch_cap > 0) arrays += VOL_FIELDS_COUNT(VOL_SCRATCH_FIELDS);
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
