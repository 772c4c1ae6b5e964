/* SPDX-License-Identifier: GPL-3.0-or-later */
/* discover.c: scenario discovery on sweeps (vol_discover.h): labels from
 * paired differences, PRIM with covering by volsim's rule, and the
 * out-of-sample check of a box by fresh simulations. */
#define _GNU_SOURCE /* mkstemp, strdup */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_rng.h>
#include "vol_discover.h"
#include "vol_rng.h"
#include "vol_scenario.h"

#define VERIFY_STREAM 104 /* purpose of vol_rng_select for the fresh points of a check */
#define OUTSIDE_TRIES 100000 /* draws per point outside a box before giving up */
#define ERROR_CODE(code, ...) vol_error_set((code), __FILE__, __LINE__, __VA_ARGS__) /* VOL_ERROR without the return */

vol_status vol_discover_label(const vol_sweep_file *s, const vol_discover_label_spec *spec,
                              unsigned char *label, size_t count[3])
{
    if (!s || !spec || !label || !count || spec->metric >= s->nmetrics || spec->a >= s->npolicies ||
        spec->b >= s->npolicies || spec->a == spec->b || !(spec->min_effect >= 0))
        VOL_ERROR(VOL_EINVAL, "discover: a label needs a metric, two different policies and a minimum effect >= 0");
    vol_point_stat *ps = calloc(s->npoints + 1, sizeof *ps);
    if (!ps) VOL_ERROR(VOL_ENOMEM, "out of memory (labels)");
    vol_status st = vol_sweep_points(s, spec->metric, spec->output, spec->a, (long)spec->b, ps);
    count[0] = count[1] = count[2] = 0;
    for (size_t p = 0; st == VOL_OK && p < s->npoints; p++) {
        double lo = spec->lower_is_better ? -ps[p].hi : ps[p].lo, hi = spec->lower_is_better ? -ps[p].lo : ps[p].hi;
        label[p] = !isnan(lo) && lo > spec->min_effect    ? VOL_LABEL_A
                   : !isnan(hi) && hi < -spec->min_effect ? VOL_LABEL_B
                                                          : VOL_LABEL_UNCLEAR;
        count[label[p]]++;
    }
    free(ps);
    return st;
}

vol_discover_options vol_discover_defaults(void)
{
    vol_discover_options o = {vol_prim_defaults(), 0.8, 0.05, 1, -1, VOL_PRIM_RESAMPLE_DEFAULT, 0.5, 20261203};
    return o;
}

/* Room for the chosen box of an attempt (d values per array). */
static vol_status attempt_alloc(vol_discover_box *b, size_t d)
{
    double *m = calloc(6 * d + 1, sizeof *m);
    if (!m) VOL_ERROR(VOL_ENOMEM, "out of memory (discovery)");
    b->box.lower = m;
    b->box.upper = m + d;
    b->box.qp_lower = m + 2 * d;
    b->box.qp_upper = m + 3 * d;
    b->share = m + 4 * d;
    b->share_density = m + 5 * d;
    return VOL_OK;
}

/* The step asked for, as a box (not simplified): its limits, counts and
 * quasi-p values. */
static vol_status asked_step(const vol_prim_data *data, vol_discover_box *b, size_t step)
{
    const vol_prim_step *st = &b->trajectory.steps[step];
    size_t d = data->d;
    vol_prim_simple *x = &b->box;
    x->step = step;
    x->dropped = 0;
    x->n = st->n;
    x->k = st->k;
    x->res_dim = st->res_dim;
    x->coverage = st->coverage;
    x->density = st->density;
    x->mass = st->mass;
    memcpy(x->lower, st->lower, d * sizeof *x->lower);
    memcpy(x->upper, st->upper, d * sizeof *x->upper);
    return vol_prim_quasi_p(data, &b->trajectory, step, x->qp_lower, x->qp_upper);
}

/* One attempt: PRIM from the available points, the box by the rule (or
 * the step asked for), its resampling shares. */
static vol_status one_attempt(const vol_prim_data *data, const vol_discover_options *o, const unsigned char *avail,
                              long want, vol_discover_box *b)
{
    vol_status st = vol_prim_find(data, &o->prim, avail, &b->trajectory);
    if (st == VOL_OK) st = attempt_alloc(b, data->d);
    if (st != VOL_OK) return st;
    if (want >= 0 && (size_t)want >= b->trajectory.n_steps)
        VOL_ERROR(VOL_EINVAL, "discover: the first box's trajectory has steps 0 to %zu, asked for step %ld",
                  b->trajectory.n_steps - 1, want);
    long step = want;
    if (want >= 0) st = asked_step(data, b, (size_t)want);
    else st = vol_prim_choose_simplified(data, &b->trajectory, o->min_density, o->max_qp, &b->box, &step);
    if (st != VOL_OK || step < 0) return st;
    b->found = 1;
    b->by_rule = want < 0;
    return vol_prim_resample(data, &o->prim, &b->trajectory, (size_t)step, o->resamples, o->resample_fraction,
                             o->seed, b->share, b->share_density);
}

vol_status vol_discover_run(const vol_prim_data *data, const vol_discover_options *opts, vol_discovery *out)
{
    if (!out) VOL_ERROR(VOL_EINVAL, "discover: no output");
    memset(out, 0, sizeof *out);
    if (!data || !data->y) VOL_ERROR(VOL_EINVAL, "discover: no data");
    vol_discover_options o = opts ? *opts : vol_discover_defaults();
    if (o.max_boxes < 1) o.max_boxes = 1;
    out->n = data->n;
    out->d = data->d;
    for (size_t i = 0; i < data->n; i++) out->total_k += data->y[i] != 0;
    unsigned char *avail = malloc(data->n + 1);
    out->attempts = calloc(o.max_boxes, sizeof *out->attempts);
    if (!avail || !out->attempts) {
        free(avail);
        vol_discovery_free(out);
        VOL_ERROR(VOL_ENOMEM, "out of memory (discovery)");
    }
    memset(avail, 1, data->n);
    vol_status st = VOL_OK;
    for (size_t b = 0; b < o.max_boxes && st == VOL_OK; b++) {
        vol_discover_box *x = &out->attempts[b];
        out->nattempts++;
        st = one_attempt(data, &o, avail, b == 0 ? o.step : -1, x);
        if (st != VOL_OK || !x->found) break;
        out->nboxes++;
        st = vol_prim_exclude_limits(data, x->box.lower, x->box.upper, avail);
    }
    free(avail);
    if (st != VOL_OK) vol_discovery_free(out);
    return st;
}

void vol_discovery_free(vol_discovery *d)
{
    if (!d) return;
    for (size_t i = 0; d->attempts && i < d->nattempts; i++) {
        vol_prim_box_free(&d->attempts[i].trajectory);
        free(d->attempts[i].box.lower);
    }
    free(d->attempts);
    memset(d, 0, sizeof *d);
}

/* ---- the out-of-sample check ---- */

void vol_discover_open_limits(const vol_discover_box *x, double *lower, double *upper)
{
    const vol_prim_box *t = &x->trajectory;
    for (size_t j = 0; j < t->d; j++) {
        lower[j] = x->box.lower[j] == t->init_lower[j] ? -INFINITY : x->box.lower[j];
        upper[j] = x->box.upper[j] == t->init_upper[j] ? INFINITY : x->box.upper[j];
    }
}

/* The sorted distinct values of dimension j of the design (for the
 * parameters that are not real: their draws keep to the design's values). */
static size_t distinct_values(const vol_sweep_file *s, size_t j, double *v)
{
    size_t m = 0;
    for (size_t p = 0; p < s->npoints; p++) {
        double x = s->values[p * s->k + j];
        size_t i = 0;
        while (i < m && v[i] < x) i++;
        if (i < m && v[i] == x) continue;
        memmove(v + i + 1, v + i, (m - i) * sizeof *v);
        v[i] = x;
        m++;
    }
    return m;
}

typedef struct {
    const vol_sweep_file *s;
    const double *lower, *upper;
    unsigned char *real;  /* k flags */
    double *levels;       /* [k * npoints] distinct design values per dimension */
    size_t *nlevels;      /* [k] */
} point_space;

/* One point uniformly in the box (inside = 1) or in the whole space. */
static void draw_point(const point_space *ps, gsl_rng *r, int inside, double *x)
{
    const vol_sweep_file *s = ps->s;
    for (size_t j = 0; j < s->k; j++) {
        double lo = s->low[j], hi = s->high[j];
        if (inside) {
            lo = fmax(lo, ps->lower[j]);
            hi = fmin(hi, ps->upper[j]);
        }
        if (ps->real[j]) {
            x[j] = lo + gsl_rng_uniform(r) * (hi - lo);
            continue;
        }
        const double *lv = ps->levels + j * s->npoints;
        size_t a = 0, b = ps->nlevels[j];
        while (a < b && lv[a] < lo) a++;
        while (b > a && lv[b - 1] > hi) b--;
        x[j] = b > a ? lv[a + gsl_rng_uniform_int(r, (unsigned long)(b - a))] : lo;
    }
}

static int in_box(const point_space *ps, const double *x)
{
    for (size_t j = 0; j < ps->s->k; j++)
        if (x[j] < ps->lower[j] || x[j] > ps->upper[j]) return 0;
    return 1;
}

/* The 2n fresh points: point i from stream (seed, 0, VERIFY_STREAM, i);
 * the outside ones drawn until they fall outside the box. */
static vol_status draw_points(const point_space *ps, size_t n, uint64_t seed, double *values)
{
    gsl_rng *r = gsl_rng_alloc(vol_rng_philox);
    if (!r) VOL_ERROR(VOL_ENOMEM, "out of memory (random generator)");
    const size_t k = ps->s->k;
    vol_status st = VOL_OK;
    for (size_t i = 0; i < 2 * n && st == VOL_OK; i++) {
        double *x = values + i * k;
        vol_rng_select(r, seed, 0, VERIFY_STREAM, (uint64_t)i, 0);
        if (i < n) {
            draw_point(ps, r, 1, x);
            continue;
        }
        long t = 0;
        do draw_point(ps, r, 0, x);
        while (in_box(ps, x) && ++t < OUTSIDE_TRIES);
        if (t >= OUTSIDE_TRIES) {
            gsl_rng_free(r);
            VOL_ERROR(VOL_EINVAL, "discover: the box covers (nearly) the whole range of the parameters: "
                                  "no point outside it in %d draws", OUTSIDE_TRIES);
        }
    }
    gsl_rng_free(r);
    return st;
}

static vol_status space_init(point_space *ps, const vol_sweep_file *s, const double *lower, const double *upper)
{
    memset(ps, 0, sizeof *ps);
    ps->s = s;
    ps->lower = lower;
    ps->upper = upper;
    ps->real = calloc(s->k, 1);
    ps->levels = malloc(s->k * s->npoints * sizeof *ps->levels);
    ps->nlevels = calloc(s->k, sizeof *ps->nlevels);
    if (!ps->real || !ps->levels || !ps->nlevels) VOL_ERROR(VOL_ENOMEM, "out of memory (fresh points)");
    for (size_t j = 0; j < s->k; j++) {
        const vol_param_info *pi = vol_params_find(s->parameters[j]);
        if (!pi) VOL_ERROR(VOL_EINVAL, "%s: parameter %s is not one of this volsim's", s->path, s->parameters[j]);
        ps->real[j] = pi->type == VOL_PT_REAL;
        ps->nlevels[j] = distinct_values(s, j, ps->levels + j * s->npoints);
    }
    return VOL_OK;
}

static void space_free(point_space *ps)
{
    free(ps->real);
    free(ps->levels);
    free(ps->nlevels);
}

/* Loads a policy's resolved scenario text (written to a private temporary
 * file, as the loader reads files) into sc. */
static vol_status load_policy(const vol_sweep_file *s, size_t i, vol_scenario *sc)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/volsim_policy_XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) VOL_ERROR(VOL_EIO, "discover: cannot create a temporary file in %s", dir && *dir ? dir : "/tmp");
    FILE *f = fdopen(fd, "w");
    int ok = f && fputs(s->policy_configs[i], f) >= 0;
    if (f) ok &= fclose(f) == 0;
    else close(fd);
    vol_diag diag;
    vol_diag_init(&diag);
    size_t problems = ok ? vol_scenario_load(path, NULL, 0, sc, &diag) : 1;
    unlink(path);
    char first[512] = "cannot write a temporary file";
    if (problems && diag.count) snprintf(first, sizeof first, "%s", diag.lines[0]);
    vol_diag_free(&diag);
    if (problems)
        VOL_ERROR(VOL_EINVAL, "%s: the stored scenario of policy %s does not load in this volsim: %s", s->path,
                  s->policies[i], first);
    return VOL_OK;
}

/* The check's runs as a small sweep file (two policies, one metric), so
 * that vol_discover_label labels them exactly as the sweep's points. */
typedef struct {
    vol_sweep_file f;
    int vm;            /* the metric's index in the engine's values */
    int last_year;
} check_runs;

static int check_sink(void *ctx, size_t run, int status, const double *v, const char *msg)
{
    (void)msg;
    check_runs *c = ctx;
    c->f.status[run] = (int8_t)status;
    c->f.final[run] = status == 1 ? v[c->vm] : NAN;
    c->f.last_year[run] = status == 1 ? v[VOL_M_COUNT + c->vm] : NAN;
    return 0;
}

static vol_status check_runs_init(check_runs *c, const vol_sweep_plan *plan, const vol_sweep_file *s,
                                  const vol_discover_label_spec *spec, char **policy_names, char **metric_name)
{
    memset(c, 0, sizeof *c);
    size_t n = vol_sweep_plan_runs(plan);
    c->vm = vol_metrics_find(s->metrics[spec->metric]);
    if (c->vm < 0 || c->vm >= VOL_M_COUNT)
        VOL_ERROR(VOL_EINVAL, "%s: metric %s is not one of this volsim's", s->path, s->metrics[spec->metric]);
    vol_sweep_file *f = &c->f;
    f->path = s->path;
    f->k = s->k;
    f->npoints = plan->npoints;
    f->npolicies = 2;
    f->nmetrics = 1;
    f->nruns = n;
    f->replicates = plan->replicates;
    f->policies = policy_names;
    f->metrics = metric_name;
    f->point = malloc(n * sizeof *f->point);
    f->policy = malloc(n * sizeof *f->policy);
    f->replicate = malloc(n * sizeof *f->replicate);
    f->status = calloc(n, sizeof *f->status);
    f->final = malloc(n * sizeof *f->final);
    f->last_year = malloc(n * sizeof *f->last_year);
    if (!f->point || !f->policy || !f->replicate || !f->status || !f->final || !f->last_year)
        VOL_ERROR(VOL_ENOMEM, "out of memory (%zu check runs)", n);
    for (size_t r = 0; r < n; r++) {
        size_t pt, pc;
        long rep;
        vol_sweep_plan_index(plan, r, &pt, &pc, &rep);
        f->point[r] = (int32_t)pt;
        f->policy[r] = (int32_t)pc;
        f->replicate[r] = (int32_t)rep;
        f->final[r] = f->last_year[r] = NAN;
    }
    return VOL_OK;
}

static void check_runs_free(check_runs *c)
{
    free(c->f.point);
    free(c->f.policy);
    free(c->f.replicate);
    free(c->f.status);
    free(c->f.final);
    free(c->f.last_year);
}

/* Simulates the plan's runs and labels its points into out. */
static vol_status run_check(const vol_sweep_plan *plan, const vol_sweep_file *s, const vol_discover_label_spec *spec,
                            const vol_discover_verify_options *o, vol_discover_check *out)
{
    char *names[2] = {s->policies[spec->a], s->policies[spec->b]}, *metric[1] = {s->metrics[spec->metric]};
    check_runs c;
    vol_status st = check_runs_init(&c, plan, s, spec, names, metric);
    size_t *todo = st == VOL_OK ? malloc(c.f.nruns * sizeof *todo) : NULL;
    if (st == VOL_OK && !todo) st = ERROR_CODE(VOL_ENOMEM, "out of memory (%zu check runs)", c.f.nruns);
    for (size_t r = 0; todo && r < c.f.nruns; r++) todo[r] = r;
    if (st == VOL_OK) {
        vol_engine_sweep job = {plan, todo, c.f.nruns, check_sink, &c, o->progress, o->progress_ctx, o->stop};
        st = vol_engine_run_sweep(&job);
    }
    if (st == VOL_OK && o->stop && *o->stop) st = ERROR_CODE(VOL_EINVAL, "discover: the check was interrupted");
    out->runs = c.f.nruns;
    for (size_t r = 0; st == VOL_OK && r < c.f.nruns; r++) out->failed += c.f.status[r] != 1;
    if (st == VOL_OK) {
        vol_discover_label_spec sp = {0, spec->output, 0, 1, spec->lower_is_better, spec->min_effect};
        size_t count[3];
        st = vol_discover_label(&c.f, &sp, out->label, count);
    }
    for (size_t p = 0; st == VOL_OK && p < 2 * out->n; p++) (p < out->n ? out->inside : out->outside)[out->label[p]]++;
    free(todo);
    check_runs_free(&c);
    return st;
}

vol_status vol_discover_verify(const vol_sweep_file *s, const vol_discover_label_spec *spec, const double *lower,
                               const double *upper, const vol_discover_verify_options *opts, vol_discover_check *out)
{
    if (!out) VOL_ERROR(VOL_EINVAL, "discover: no output");
    memset(out, 0, sizeof *out);
    if (!s || !spec || !lower || !upper || !opts || opts->n < 1 || spec->a >= s->npolicies || spec->b >= s->npolicies)
        VOL_ERROR(VOL_EINVAL, "discover: a check needs a sweep, a label, a box and at least one point");
    if (!s->policy_configs)
        VOL_ERROR(VOL_EINVAL, "%s: the file does not hold the policies' scenarios (made by an older volsim): "
                              "run the sweep again to check a box", s->path);
    size_t finite = 0;
    for (size_t j = 0; j < s->k; j++) finite += isfinite(lower[j]) + isfinite(upper[j]);
    if (!finite) VOL_ERROR(VOL_EINVAL, "discover: the box restricts no parameter, so nothing lies outside it");
    out->n = opts->n;
    out->values = malloc(2 * opts->n * s->k * sizeof *out->values);
    out->label = calloc(2 * opts->n, 1);
    if (!out->values || !out->label) VOL_ERROR(VOL_ENOMEM, "out of memory (%zu fresh points)", 2 * opts->n);
    point_space ps;
    vol_status st = space_init(&ps, s, lower, upper);
    if (st == VOL_OK) st = draw_points(&ps, opts->n, opts->seed, out->values);
    vol_scenario sc[2];
    int loaded = 0;
    for (int i = 0; i < 2 && st == VOL_OK; i++)
        if ((st = load_policy(s, i == 0 ? spec->a : spec->b, &sc[i])) == VOL_OK) loaded++;
    const vol_param_info **params = malloc(s->k * sizeof *params);
    if (st == VOL_OK && !params) st = ERROR_CODE(VOL_ENOMEM, "out of memory");
    for (size_t j = 0; st == VOL_OK && j < s->k; j++) params[j] = vol_params_find(s->parameters[j]);
    if (st == VOL_OK) {
        const vol_params *pol[2] = {&sc[0].params, &sc[1].params};
        const char *names[2] = {s->policies[spec->a], s->policies[spec->b]};
        vol_sweep_plan plan = {s->k, params, out->values, 2 * opts->n, 2, pol, names, s->replicates, opts->seed,
                               0, 0, 0, 0};
        st = run_check(&plan, s, spec, opts, out);
    }
    free(params);
    for (int i = 0; i < loaded; i++) vol_scenario_free(&sc[i]);
    space_free(&ps);
    return st;
}

void vol_discover_check_free(vol_discover_check *c)
{
    if (!c) return;
    free(c->values);
    free(c->label);
    memset(c, 0, sizeof *c);
}
