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
    vol_discover_options o = {vol_prim_defaults(), 0.8, 0.05, 1, -1, VOL_PRIM_RESAMPLE_DEFAULT, 0.5, 20261203,
                              {3, 0}, 100};
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
    if (st == VOL_OK) st = vol_tree_grow(data, &o.tree, &out->tree);
    out->score = st == VOL_OK ? calloc(2 * data->d + 1, sizeof *out->score) : NULL;
    if (st == VOL_OK && !out->score) st = ERROR_CODE(VOL_ENOMEM, "out of memory (feature scores)");
    if (st == VOL_OK) {
        out->score_sd = out->score + data->d;
        st = vol_tree_scores(data, o.trees ? o.trees : 100, o.seed, out->score, out->score_sd);
    }
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
    vol_tree_free(&d->tree);
    free(d->score);
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
    long day;          /* the follow-up day of the label, when it has one */
} check_runs;

static int check_sink(void *ctx, size_t run, int status, const double *v, const char *msg)
{
    (void)msg;
    check_runs *c = ctx;
    c->f.status[run] = (int8_t)status;
    c->f.final[run] = status == 1 ? v[c->vm] : NAN;
    c->f.last_year[run] = status == 1 ? v[VOL_M_COUNT + c->vm] : NAN;
    if (c->f.at_day) c->f.at_day[run] = status == 1 ? v[VOL_SWEEP_VALUES + c->vm] : NAN; /* one day, one metric */
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
    if (plan->nfollow) {
        c->day = plan->follow_days[0];
        f->nfollow = 1;
        f->follow_days = &c->day;
        f->at_day = malloc(n * sizeof *f->at_day);
    }
    if (!f->point || !f->policy || !f->replicate || !f->status || !f->final || !f->last_year ||
        (plan->nfollow && !f->at_day))
        VOL_ERROR(VOL_ENOMEM, "out of memory (%zu check runs)", n);
    for (size_t r = 0; r < n; r++) {
        size_t pt, pc;
        long rep;
        vol_sweep_plan_index(plan, r, &pt, &pc, &rep);
        f->point[r] = (int32_t)pt;
        f->policy[r] = (int32_t)pc;
        f->replicate[r] = (int32_t)rep;
        f->final[r] = f->last_year[r] = NAN;
        if (f->at_day) f->at_day[r] = NAN;
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
    free(c->f.at_day);
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
        vol_discover_label_spec sp = {0, (int)spec->output >= 2 ? VOL_SWEEP_AT_DAY(0) : spec->output, 0, 1,
                                      spec->lower_is_better, spec->min_effect};
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
        vol_sweep_plan plan = {.k = s->k, .params = params, .values = out->values, .npoints = 2 * opts->n,
                               .npolicies = 2, .policies = pol, .policy_names = names,
                               .replicates = s->replicates, .seed = opts->seed};
        if ((int)spec->output >= 2) { /* the label's follow-up day, and only it */
            plan.nfollow = 1;
            plan.follow_days = s->follow_days + ((size_t)spec->output - 2);
        }
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

/* ---- the discovery file ---- */

/* One attempt's trajectory and chosen box under group g. */
static vol_status write_attempt(vol_h5out *w, const char *g, const vol_discover_box *x, size_t d)
{
    const vol_prim_box *t = &x->trajectory;
    size_t n = t->n_steps;
    char p[256];
    int64_t *iv = malloc((4 * n + 1) * sizeof *iv);
    double *dv = malloc((3 * n + 2 * n * d + 1) * sizeof *dv);
    int8_t *ph = malloc(n + 1);
    if (!iv || !dv || !ph) {
        free(iv); free(dv); free(ph);
        VOL_ERROR(VOL_ENOMEM, "out of memory (discovery file)");
    }
    for (size_t s = 0; s < n; s++) {
        const vol_prim_step *st = &t->steps[s];
        ph[s] = (int8_t)st->phase;
        iv[s] = (int64_t)st->n;
        iv[n + s] = (int64_t)st->k;
        iv[2 * n + s] = (int64_t)st->res_dim;
        dv[s] = st->coverage;
        dv[n + s] = st->density;
        dv[2 * n + s] = st->mass;
        memcpy(dv + 3 * n + s * d, st->lower, d * sizeof *dv);
        memcpy(dv + 3 * n + n * d + s * d, st->upper, d * sizeof *dv);
    }
    vol_status r = VOL_OK;
#define W(call) do { if (r == VOL_OK) r = (call); } while (0)
#define P(name) (snprintf(p, sizeof p, "%s/%s", g, name), p)
    W(vol_h5out_attr_long(w, g, "found", x->found));
    W(vol_h5out_attr_long(w, g, "peel_end", (long long)t->peel_end));
    W(vol_h5out_bytes(w, P("trajectory/phase"), n, ph));
    W(vol_h5out_longs(w, P("trajectory/n"), n, iv));
    W(vol_h5out_longs(w, P("trajectory/k"), n, iv + n));
    W(vol_h5out_longs(w, P("trajectory/restricted"), n, iv + 2 * n));
    W(vol_h5out_doubles(w, P("trajectory/coverage"), n, 0, dv));
    W(vol_h5out_doubles(w, P("trajectory/density"), n, 0, dv + n));
    W(vol_h5out_doubles(w, P("trajectory/mass"), n, 0, dv + 2 * n));
    W(vol_h5out_doubles(w, P("trajectory/lower"), n, d, dv + 3 * n));
    W(vol_h5out_doubles(w, P("trajectory/upper"), n, d, dv + 3 * n + n * d));
    W(vol_h5out_doubles(w, P("trajectory/init_lower"), d, 0, t->init_lower));
    W(vol_h5out_doubles(w, P("trajectory/init_upper"), d, 0, t->init_upper));
    if (x->found) {
        const vol_prim_simple *b = &x->box;
        snprintf(p, sizeof p, "%s/box", g);
        char bg[256];
        snprintf(bg, sizeof bg, "%s", p);
        W(vol_h5out_attr_long(w, bg, "step", (long long)b->step));
        W(vol_h5out_attr_long(w, bg, "by_rule", x->by_rule));
        W(vol_h5out_attr_long(w, bg, "dropped", (long long)b->dropped));
        W(vol_h5out_attr_long(w, bg, "n", (long long)b->n));
        W(vol_h5out_attr_long(w, bg, "k", (long long)b->k));
        W(vol_h5out_attr_long(w, bg, "restricted", (long long)b->res_dim));
        W(vol_h5out_attr_double(w, bg, "coverage", b->coverage));
        W(vol_h5out_attr_double(w, bg, "density", b->density));
        W(vol_h5out_attr_double(w, bg, "mass", b->mass));
        W(vol_h5out_doubles(w, P("box/lower"), d, 0, b->lower));
        W(vol_h5out_doubles(w, P("box/upper"), d, 0, b->upper));
        W(vol_h5out_doubles(w, P("box/quasi_p_lower"), d, 0, b->qp_lower));
        W(vol_h5out_doubles(w, P("box/quasi_p_upper"), d, 0, b->qp_upper));
        W(vol_h5out_doubles(w, P("box/resampled_coverage"), d, 0, x->share));
        W(vol_h5out_doubles(w, P("box/resampled_density"), d, 0, x->share_density));
    }
#undef P
    free(iv); free(dv); free(ph);
    return r;
}

/* The tree's nodes as columns under /discovery/tree. */
static vol_status write_tree(vol_h5out *w, const vol_tree *t)
{
    size_t n = t->n_nodes;
    int64_t *iv = malloc((6 * n + 1) * sizeof *iv);
    double *thr = malloc((n + 1) * sizeof *thr);
    if (!iv || !thr) {
        free(iv); free(thr);
        VOL_ERROR(VOL_ENOMEM, "out of memory (discovery file)");
    }
    for (size_t i = 0; i < n; i++) {
        const vol_tree_node *nd = &t->nodes[i];
        iv[i] = nd->dim;
        iv[n + i] = nd->left;
        iv[2 * n + i] = nd->right;
        iv[3 * n + i] = (int64_t)nd->n;
        iv[4 * n + i] = (int64_t)nd->k;
        iv[5 * n + i] = (int64_t)nd->depth;
        thr[i] = nd->threshold;
    }
    vol_status r = VOL_OK;
    W(vol_h5out_attr_long(w, "/discovery/tree", "min_leaf", (long long)t->min_leaf));
    W(vol_h5out_longs(w, "/discovery/tree/dimension", n, iv));
    W(vol_h5out_doubles(w, "/discovery/tree/threshold", n, 0, thr));
    W(vol_h5out_longs(w, "/discovery/tree/left", n, iv + n));
    W(vol_h5out_longs(w, "/discovery/tree/right", n, iv + 2 * n));
    W(vol_h5out_longs(w, "/discovery/tree/n", n, iv + 3 * n));
    W(vol_h5out_longs(w, "/discovery/tree/k", n, iv + 4 * n));
    W(vol_h5out_longs(w, "/discovery/tree/depth", n, iv + 5 * n));
    free(iv); free(thr);
    return r;
}

/* The check under /discovery/verify. */
static vol_status write_check(vol_h5out *w, const vol_discover_check *c, size_t k)
{
    const char *g = "/discovery/verify";
    int64_t counts[6] = {(int64_t)c->inside[0], (int64_t)c->inside[1], (int64_t)c->inside[2],
                         (int64_t)c->outside[0], (int64_t)c->outside[1], (int64_t)c->outside[2]};
    int8_t *lab = malloc(2 * c->n + 1);
    if (!lab) VOL_ERROR(VOL_ENOMEM, "out of memory (discovery file)");
    for (size_t i = 0; i < 2 * c->n; i++) lab[i] = (int8_t)c->label[i];
    vol_status r = VOL_OK;
    W(vol_h5out_attr_long(w, g, "points_inside", (long long)c->n));
    W(vol_h5out_attr_long(w, g, "points_outside", (long long)c->n));
    W(vol_h5out_attr_long(w, g, "runs", (long long)c->runs));
    W(vol_h5out_attr_long(w, g, "failed", (long long)c->failed));
    W(vol_h5out_attr_text(w, g, "meaning", "values and label: the inside points first; counts: unclear, A better, "
                                           "B better inside, then the same outside"));
    W(vol_h5out_doubles(w, "/discovery/verify/values", 2 * c->n, k, c->values));
    W(vol_h5out_bytes(w, "/discovery/verify/label", 2 * c->n, lab));
    W(vol_h5out_longs(w, "/discovery/verify/counts", 6, counts));
    free(lab);
    return r;
}

/* The settings of the analysis as attributes of /discovery. */
static vol_status write_settings(vol_h5out *w, const vol_discovery *dv, const vol_discovery_record *rec)
{
    const char *g = "/discovery";
    const vol_discover_options *o = rec->opts;
    vol_status r = VOL_OK;
    W(vol_h5out_attr_text(w, g, "source", rec->source));
    W(vol_h5out_attr_text(w, g, "kind", rec->sweep ? "sweep" : "table"));
    W(vol_h5out_attr_text(w, g, "subject", rec->subject));
    if (rec->sweep && rec->spec) {
        const vol_sweep_file *s = rec->sweep;
        W(vol_h5out_attr_text(w, g, "metric", s->metrics[rec->spec->metric]));
        W(vol_h5out_attr_text(w, g, "better", s->policies[rec->spec->a]));
        W(vol_h5out_attr_text(w, g, "than", s->policies[rec->spec->b]));
        W(vol_h5out_attr_long(w, g, "lower_is_better", rec->spec->lower_is_better));
        W(vol_h5out_attr_double(w, g, "min_effect", rec->spec->min_effect));
        long day = (int)rec->spec->output >= 2 ? s->follow_days[(size_t)rec->spec->output - 2] : 0;
        W(vol_h5out_attr_long(w, g, "day", day)); /* 0: the last day */
    }
    if (rec->outcome) W(vol_h5out_attr_text(w, g, "outcome", rec->outcome));
    W(vol_h5out_attr_long(w, g, "points", (long long)dv->n));
    W(vol_h5out_attr_long(w, g, "cases", (long long)dv->total_k));
    W(vol_h5out_attr_long(w, g, "boxes", (long long)dv->nboxes));
    W(vol_h5out_attr_double(w, g, "min_density", o->min_density));
    W(vol_h5out_attr_double(w, g, "max_quasi_p", o->max_qp));
    W(vol_h5out_attr_double(w, g, "peel_alpha", o->prim.peel_alpha));
    W(vol_h5out_attr_double(w, g, "paste_alpha", o->prim.paste_alpha));
    W(vol_h5out_attr_double(w, g, "mass_min", o->prim.mass_min));
    W(vol_h5out_attr_long(w, g, "resamples", (long long)o->resamples));
    W(vol_h5out_attr_double(w, g, "resample_fraction", o->resample_fraction));
    W(vol_h5out_attr_long(w, g, "seed", (long long)o->seed));
    W(vol_h5out_attr_long(w, g, "trees", (long long)o->trees));
    return r;
}

vol_status vol_discovery_write(vol_h5out *w, const vol_prim_data *data, const vol_discovery *dv,
                               const vol_discovery_record *rec)
{
    if (!w || !data || !dv || !rec || !rec->opts || !rec->source)
        VOL_ERROR(VOL_EINVAL, "vol_discovery_write: missing arguments");
    const size_t n = data->n, d = data->d;
    char **names = malloc((d + 1) * sizeof *names), nm[32];
    int8_t *lab = malloc(n + 1);
    if (!names || !lab) {
        free(names); free(lab);
        VOL_ERROR(VOL_ENOMEM, "out of memory (discovery file)");
    }
    for (size_t j = 0; j < d; j++) names[j] = data->names ? (char *)data->names[j] : NULL;
    for (size_t i = 0; i < n; i++) lab[i] = (int8_t)(rec->label3 ? rec->label3[i] : data->y[i]);
    vol_status r = write_settings(w, dv, rec);
    for (size_t j = 0; r == VOL_OK && j < d && !data->names; j++) {
        snprintf(nm, sizeof nm, "x%zu", j);
        names[j] = strdup(nm);
        if (!names[j]) r = ERROR_CODE(VOL_ENOMEM, "out of memory");
    }
    W(vol_h5out_texts(w, "/discovery/parameters", d, (const char *const *)names));
    W(vol_h5out_doubles(w, "/discovery/points/values", n, d, data->x));
    W(vol_h5out_bytes(w, "/discovery/points/label", n, lab));
    W(vol_h5out_attr_text(w, "/discovery/points", "meaning",
                          rec->label3 ? "label: 0 unclear, 1 the first policy better, 2 the second better"
                                      : "label: the table's 0/1 outcome"));
    char g[64];
    for (size_t b = 0; r == VOL_OK && b < dv->nattempts; b++) {
        snprintf(g, sizeof g, "/discovery/box_%zu", b + 1);
        r = write_attempt(w, g, &dv->attempts[b], d);
    }
    if (r == VOL_OK) r = write_tree(w, &dv->tree);
    W(vol_h5out_doubles(w, "/discovery/scores/score", d, 0, dv->score));
    W(vol_h5out_doubles(w, "/discovery/scores/sd", d, 0, dv->score_sd));
    if (r == VOL_OK && rec->check) r = write_check(w, rec->check, d);
    for (size_t j = 0; !data->names && j < d; j++) free(names[j]);
    free(names);
    free(lab);
    return r;
}
#undef W
