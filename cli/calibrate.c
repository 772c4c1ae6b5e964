/* SPDX-License-Identifier: GPL-3.0-or-later */
/* calibrate.c: volsim calibrate TARGETS.cfg: history matching, then
 * ABC-SMC, written after every stage (a checkpoint --resume goes on from). */
#define _GNU_SOURCE
#include <errno.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "commands.h"
#include "vol_resources.h"
#include "sweep.h"
#include "vol_calibrate.h"
#include "vol_gitinfo.h"
#include "vol_h5write.h"
#include "vol_figures.h"

static volatile sig_atomic_t stop_flag = 0;
static void on_stop(int sig) { stop_flag = sig; }

typedef struct {
    int quiet;
    time_t last;
} progress;

static void show(void *ctx, long done, long total)
{
    progress *p = ctx;
    time_t now = time(NULL);
    if (p->quiet || (now == p->last && done < total)) return;
    p->last = now;
    fprintf(stderr, "\r  %ld/%ld runs", done, total);
    if (done == total) fprintf(stderr, "\n");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- volsim calibrate --predict ------------------------------------------- */
#define SHIPPED_POSTERIOR "scenarios/calibration/baseline_posterior.csv"
#define DEFAULT_CALIBRATION "results/calibration_baseline.h5"

static int load_one(const char *path, const char *const *sets, size_t nsets, vol_scenario *sc)
{
    vol_diag diag;
    vol_diag_init(&diag);
    size_t n = vol_scenario_load(path, sets, nsets, sc, &diag);
    if (n) {
        vol_diag_print(&diag, stderr);
        fprintf(stderr, "%s: %zu problem%s\n", path, n, n == 1 ? "" : "s");
    }
    vol_diag_free(&diag);
    return n == 0;
}

/* The prediction file of --predict -o: the answer, each draw's parameters
 * and differences, and what it takes to rerun (docs/results-format.md). */
static vol_status write_prediction(const char *out, int force, const vcli_args *a, const char *post_path,
                                   const vol_posterior *post, const vol_scenario *sa, const vol_scenario *sb,
                                   const vol_predict_spec *sp, const vol_predict_result *r, int lower)
{
    vol_provenance prov = {a->cmdline, VOLSIM_GIT_COMMIT, vol_version()};
    vol_h5out *w;
    vol_status st = vol_h5out_create(out, force, "volsim-prediction", 1, &prov, &w);
    if (st != VOL_OK) return st;
    const vol_metric_info *mi = vol_metrics_info((size_t)sp->metric);
    char *ta = vol_scenario_resolved_text(sa), *tb = vol_scenario_resolved_text(sb);
    const double p_better = lower ? 1 - r->p_positive : r->p_positive;
    const char *g = "/prediction";
    if (st == VOL_OK) st = vol_h5out_attr_text(w, g, "scenario_a", sa->name);
    if (st == VOL_OK) st = vol_h5out_attr_text(w, g, "scenario_b", sb->name);
    if (st == VOL_OK) st = vol_h5out_attr_text(w, g, "metric", mi->name);
    if (st == VOL_OK) st = vol_h5out_attr_text(w, g, "unit", mi->unit);
    if (st == VOL_OK) st = vol_h5out_attr_long(w, g, "day", sp->day > 0 ? sp->day : sa->params.run_days);
    if (st == VOL_OK) st = vol_h5out_attr_long(w, g, "draws", (long long)r->draws);
    if (st == VOL_OK) st = vol_h5out_attr_long(w, g, "replicates", sp->replicates);
    if (st == VOL_OK) st = vol_h5out_attr_long(w, g, "seed", (long long)sp->seed);
    if (st == VOL_OK) st = vol_h5out_attr_long(w, g, "failed_runs", (long long)r->failed);
    if (st == VOL_OK) st = vol_h5out_attr_long(w, g, "lower_is_better", lower);
    if (st == VOL_OK) st = vol_h5out_attr_text(w, g, "posterior", post_path);
    if (st == VOL_OK) st = vol_h5out_attr_double(w, g, "mean", r->mean);
    if (st == VOL_OK) st = vol_h5out_attr_double(w, g, "lo", r->lo);
    if (st == VOL_OK) st = vol_h5out_attr_double(w, g, "hi", r->hi);
    if (st == VOL_OK) st = vol_h5out_attr_double(w, g, "p_a_better", p_better);
    if (st == VOL_OK) st = vol_h5out_attr_double(w, g, "replicate_se", r->mc_se);
    if (st == VOL_OK) st = vol_h5out_doubles(w, "/prediction/difference", r->draws, 0, r->diff);
    if (st == VOL_OK) st = vol_h5out_doubles(w, "/prediction/a", r->draws, 0, r->a);
    if (st == VOL_OK) st = vol_h5out_doubles(w, "/prediction/b", r->draws, 0, r->b);
    if (st == VOL_OK) st = vol_h5out_doubles(w, "/prediction/theta", r->draws, post->k, r->theta);
    if (st == VOL_OK) st = vol_h5out_texts(w, "/prediction/parameters", post->k, (const char *const *)post->names);
    if (st == VOL_OK && ta) st = vol_h5out_texts(w, "/prediction/config_a", 1, (const char *const *)&ta);
    if (st == VOL_OK && tb) st = vol_h5out_texts(w, "/prediction/config_b", 1, (const char *const *)&tb);
    free(ta);
    free(tb);
    if (st != VOL_OK) {
        vol_h5out_abort(w);
        return st;
    }
    return vol_h5out_commit(w);
}

static int predict(const vcli_args *a)
{
    const char *pa = vcli_text(a, "predict"), *pb = vcli_text(a, "against"), *mname = vcli_text(a, "metric");
    if (!pb || !mname) return vcli_usage_error("calibrate", "--predict A.cfg needs --against B.cfg and --metric M");
    if (a->npos) return vcli_usage_error("calibrate", "--predict takes no target file (the posterior is --posterior FILE)");
    int metric = vol_metrics_find(mname);
    const char *out = vcli_text(a, "output");
    const int force = vcli_given(a, "force") > 0;
    struct stat ost;
    if (out && !force && stat(out, &ost) == 0) {
        fprintf(stderr, "volsim calibrate: %s already exists; nothing was run (use --force to overwrite it)\n", out);
        return VCLI_EXIT_BAD_INPUT;
    }
    if (vcli_given(a, "resume") || vcli_given(a, "quick"))
        return vcli_usage_error("calibrate", "--resume and --quick go with a calibration, not --predict");
    const long threads = vcli_int(a, "threads", 0), day = vcli_int(a, "day", 0);
    const int quiet = vcli_given(a, "quiet") > 0, lower = vcli_given(a, "lower-is-better") > 0;
    size_t nsets;
    const char **sets = vcli_list(a, "set", &nsets);
    const char *post_path = vcli_text(a, "posterior");
    struct stat st;
    char *beside = NULL; /* the shipped posterior of the source tree the executable was built in */
    if (!post_path) {
        char exe[4096];
        const int have_exe = vcli_exe_dir(exe, sizeof exe);
        if (stat(DEFAULT_CALIBRATION, &st) == 0) post_path = DEFAULT_CALIBRATION;
        else if (stat(SHIPPED_POSTERIOR, &st) == 0 || !have_exe ||
                 asprintf(&beside, "%s/../%s", exe, SHIPPED_POSTERIOR) < 0)
            post_path = SHIPPED_POSTERIOR;
        else post_path = stat(beside, &st) == 0 ? beside : SHIPPED_POSTERIOR;
    }
    vol_posterior post;
    if (vol_posterior_read(post_path, &post) != VOL_OK) {
        fprintf(stderr, "volsim calibrate: %s\n", vol_error_message());
        free(beside);
        return VCLI_EXIT_BAD_INPUT;
    }
    vol_scenario sa, sb;
    int rc = 0, have_a = 0, have_b = 0;
    if (!(have_a = load_one(pa, sets, nsets, &sa)) || !(have_b = load_one(pb, sets, nsets, &sb))) {
        rc = VCLI_EXIT_BAD_INPUT;
        goto done;
    }
    if (day > 0 && (day > sa.params.run_days || day > sb.params.run_days)) {
        fprintf(stderr, "volsim calibrate: --day %ld: expected a day within run.days (%ld and %ld)\n", day,
                sa.params.run_days, sb.params.run_days);
        rc = VCLI_EXIT_BAD_INPUT;
        goto done;
    }
    for (size_t f = 0; f < post.k; f++) {
        double va = vol_params_get(&sa.params, post.info[f]), vb = vol_params_get(&sb.params, post.info[f]);
        if (va != vb) {
            fprintf(stderr, "volsim calibrate: %s and %s differ in %s (%g and %g), a calibrated parameter: the "
                            "posterior would set both alike; compare policies that differ in levers only\n",
                    sa.name, sb.name, post.names[f], va, vb);
            rc = VCLI_EXIT_BAD_INPUT;
            goto done;
        }
    }
    for (int k = 0; k < 2 && rc == 0; k++) { /* refused before anything is allocated, as run does */
        char msg[768];
        const vol_scenario *sc = k ? &sb : &sa;
        if (!vol_memory_fits(&sc->params, (int)(threads > 0 ? threads : omp_get_max_threads()), msg, sizeof msg)) {
            fprintf(stderr, "volsim calibrate: --predict: %s: %s; nothing was run\n", sc->path, msg);
            rc = VCLI_EXIT_BAD_INPUT;
        }
    }
    if (rc) goto done;
    if (threads > 0) omp_set_num_threads((int)threads);
    progress pr = {.quiet = quiet};
    vol_predict_spec sp = {.draws = (size_t)vcli_int(a, "draws", 200), .replicates = vcli_int(a, "replicates", 4),
                           .seed = (uint64_t)vcli_int(a, "seed", 20261207), .metric = metric, .day = day,
                           .stop = &stop_flag, .progress = show, .progress_ctx = &pr};
    vcli_stop_signals(on_stop);
    if (!quiet)
        fprintf(stderr, "%s - %s under the posterior of %s (%zu particles): %zu draws x %ld paired replicates\n",
                sa.name, sb.name, post_path, post.n, sp.draws, sp.replicates);
    double t0 = now_s();
    vol_predict_result r;
    if (vol_calibrate_predict(&post, &sa.params, &sb.params, &sp, &r) != VOL_OK) {
        fprintf(stderr, "volsim calibrate: %s\n", stop_flag ? "interrupted" : vol_error_message());
        rc = stop_flag ? 128 + (int)stop_flag : VCLI_EXIT_RUNTIME;
        goto done;
    }
    const vol_metric_info *mi = vol_metrics_info((size_t)metric);
    double p_better = lower ? 1 - r.p_positive : r.p_positive;
    char when[64];
    if (day > 0) snprintf(when, sizeof when, "on day %ld", day);
    else snprintf(when, sizeof when, "on the last day (day %ld)", sa.params.run_days);
    printf("%s - %s: %s (%s) %s, under the posterior of %s\n", sa.name, sb.name, mi->name, mi->unit, when, post_path);
    printf("  %zu posterior draws x %ld replicates, common random numbers within a draw, own streams across draws (%.1f s)\n",
           r.draws, sp.replicates, now_s() - t0);
    printf("  posterior mean of the difference   %+.6g\n", r.mean);
    printf("  95%% credible interval              [%+.6g, %+.6g]\n", r.lo, r.hi);
    printf("  posterior probability %s is better: %.3f (%s is better; share of draws with %s %s %s)\n", sa.name,
           p_better, lower ? "lower" : "higher", sa.name, lower ? "<" : ">", sb.name);
    printf("  replicate noise of one draw's difference (standard error): %.3g; the interval holds it as well as "
           "the parameters' uncertainty\n", r.mc_se);
    if (r.failed) printf("  %zu runs failed and were left out\n", r.failed);
    if (out) {
        if (write_prediction(out, force, a, post_path, &post, &sa, &sb, &sp, &r, lower) != VOL_OK) {
            fprintf(stderr, "volsim calibrate: %s\n", vol_error_message());
            rc = VCLI_EXIT_RUNTIME;
        } else {
            printf("wrote %s\n", out);
        }
    }
    vol_predict_result_free(&r);
done:
    if (have_a) vol_scenario_free(&sa);
    if (have_b) vol_scenario_free(&sb);
    vol_posterior_free(&post);
    free(beside);
    return rc;
}

int vcli_calibration_export(const char *file, const char *dir, int force)
{
    vol_posterior post;
    if (vol_posterior_read(file, &post) != VOL_OK) {
        fprintf(stderr, "volsim export: %s\n", vol_error_message());
        return VCLI_EXIT_BAD_INPUT;
    }
    char *path = NULL;
    vol_outfile *w = NULL;
    int rc = asprintf(&path, "%s/posterior.csv", dir) < 0 ? VCLI_EXIT_RUNTIME : 0;
    if (!rc) rc = vcli_output_begin("export", path, force, &w);
    if (!rc && vol_posterior_write_csv(&post, vol_outfile_stream(w)) != VOL_OK) {
        fprintf(stderr, "volsim export: %s: %s\n", path, vol_error_message());
        rc = VCLI_EXIT_RUNTIME;
    }
    if (w) rc = vcli_output_end("export", w, rc);
    if (!rc) printf("wrote %s: %zu particles of %zu parameters\n", path, post.n, post.k);
    free(path);
    vol_posterior_free(&post);
    return rc;
}

static void print_state(const vol_calib_spec *c, const vol_abc_state *s)
{
    vol_calib_view v;
    vol_calib_view_of(c, &v);
    if (v.names) vol_calibrate_print(stdout, &v, s);
    vol_calib_view_free(&v);
}

int vcli_calibration_summary(const char *file, double min_correlation)
{
    vol_calib_view v;
    vol_abc_state s;
    if (vol_calib_view_read(file, &v) != VOL_OK || vol_calibrate_read(file, NULL, &s) != VOL_OK) {
        fprintf(stderr, "volsim summary: %s\n", vol_error_message());
        vol_calib_view_free(&v);
        return VCLI_EXIT_BAD_INPUT;
    }
    v.min_correlation = min_correlation;
    printf("%s: calibration, %zu parameters, %zu targets, %zu simulations%s\n", file, v.k, v.ntargets, s.sims,
           s.done ? "" : " (not finished: volsim calibrate --resume goes on)");
    vol_calibrate_print(stdout, &v, &s);
    vol_abc_state_free(&s);
    vol_calib_view_free(&v);
    return 0;
}

int vcli_calibration_plot(const char *file, const char *kind, const char *out, int force)
{
    struct stat st;
    if (!force && stat(out, &st) == 0) {
        fprintf(stderr, "volsim plot: %s exists and is untouched (use --force to overwrite it)\n", out);
        return VCLI_EXIT_BAD_INPUT;
    }
    vol_calib_view v;
    vol_abc_state s;
    if (vol_calib_view_read(file, &v) != VOL_OK || vol_calibrate_read(file, NULL, &s) != VOL_OK) {
        fprintf(stderr, "volsim plot: %s\n", vol_error_message());
        vol_calib_view_free(&v);
        return VCLI_EXIT_BAD_INPUT;
    }
    const vol_abc_gen *g = vol_abc_posterior(&s);
    int rc = 0;
    if (!g) {
        fprintf(stderr, "volsim plot: %s: no posterior yet (volsim calibrate --resume finishes it)\n", file);
        rc = VCLI_EXIT_BAD_INPUT;
    } else {
        char title[256];
        vol_status r;
        if (strcmp(kind, "marginals") == 0) {
            snprintf(title, sizeof title, "Posterior marginals (%zu particles, tolerance %.3g) against the priors", g->n, g->eps);
            r = vol_figure_marginals(out, title, v.k, (const char *const *)v.names, v.lo, v.hi, g->theta, g->weight, g->n);
        } else if (strcmp(kind, "pairs") == 0) {
            /* equal-weight particles: systematic resampling at a fixed offset */
            size_t m = g->n < 600 ? g->n : 600, *ix = malloc(m * sizeof *ix);
            double *th = malloc(m * v.k * sizeof *th);
            r = VOL_ENOMEM;
            if (ix && th) {
                vol_abc_resample(g->weight, g->n, m, 0.5, ix);
                for (size_t i = 0; i < m; i++) memcpy(th + i * v.k, g->theta + ix[i] * v.k, v.k * sizeof *th);
                snprintf(title, sizeof title, "Posterior pairs (%zu draws by weight)", m);
                r = vol_figure_pairs(out, title, v.k, (const char *const *)v.names, v.lo, v.hi, th, m);
            }
            free(ix);
            free(th);
        } else {
            snprintf(title, sizeof title, "Posterior predictive check: the targets' simulated ranges");
            r = vol_figure_predictive(out, title, v.ntargets, (const char *const *)v.tnames, v.tvalue, v.tscale,
                                      g->stats, g->weight, g->n);
        }
        if (r != VOL_OK) {
            fprintf(stderr, "volsim plot: %s\n", r == VOL_ENOMEM ? "out of memory" : vol_error_message());
            rc = r == VOL_EINVAL ? VCLI_EXIT_BAD_INPUT : VCLI_EXIT_RUNTIME;
        }
    }
    vol_abc_state_free(&s);
    vol_calib_view_free(&v);
    return rc;
}

static int calibrate(const vcli_args *a, int rank, int nproc);

int vcli_cmd_calibrate(const vcli_args *a)
{
    int rank, nproc;
    vcli_mpi_start(NULL, NULL, &rank, &nproc);
    int rc;
    if (vcli_text(a, "predict") && nproc > 1) {
        if (rank == 0)
            fprintf(stderr, "volsim calibrate: --predict runs on one process (its threads: --threads); "
                            "start it without mpirun or with mpirun -n 1\n");
        rc = VCLI_EXIT_BAD_INPUT;
    } else if (vcli_text(a, "predict")) rc = predict(a);
    else rc = calibrate(a, rank, nproc);
    vcli_mpi_stop();
    return rc;
}

/* Under MPI every rank runs the same calibration (proposals are the same on
 * every rank) and simulates its block of each batch (vol_abc_split); rank 0
 * alone prints and writes the file, and the ranks decide together whether
 * to go on, so the file is the same as on one process. */
static int calibrate(const vcli_args *a, int rank, int nproc)
{
    /* ranks other than 0 say nothing: rank 0 says it for all */
    if (rank != 0 && !freopen("/dev/null", "w", stderr)) return VCLI_EXIT_RUNTIME;
    static const char *const predict_only[] = {"against", "posterior", "metric", "draws", "replicates", "day", "seed",
                                               "lower-is-better"};
    for (size_t i = 0; i < sizeof predict_only / sizeof predict_only[0]; i++)
        if (vcli_given(a, predict_only[i]) > 0)
            return vcli_usage_error("calibrate", "--%s goes with --predict A.cfg", predict_only[i]);
    if (a->npos != 1) return vcli_usage_error("calibrate", "expected one target file, found %d", a->npos);
    const char *path = a->pos[0];
    size_t nsets;
    const char **sets = vcli_list(a, "set", &nsets);
    const int force = vcli_given(a, "force") > 0, resume = vcli_given(a, "resume") > 0;
    const int quiet = vcli_given(a, "quiet") > 0, quick = vcli_given(a, "quick") > 0;
    const long threads = vcli_int(a, "threads", 0);
    if (force && resume) return vcli_usage_error("calibrate", "--force starts again and --resume goes on: give one");
    vol_calib_spec c;
    vol_diag diag;
    vol_diag_init(&diag);
    size_t np = vol_calib_load(path, sets, nsets, &c, &diag);
    if (np) {
        vol_diag_print(&diag, stderr);
        fprintf(stderr, "%s: %zu problem%s\n", path, np, np == 1 ? "" : "s");
        vol_diag_free(&diag);
        return VCLI_EXIT_BAD_INPUT;
    }
    vol_diag_free(&diag);
    /* refuse before anything is allocated what cannot fit in memory: a
     * simulation per thread, each holding a whole population */
    {
        char msg[768];
        if (!vol_memory_fits(&c.base.params, (int)(threads > 0 ? threads : omp_get_max_threads()), msg, sizeof msg)) {
            fprintf(stderr, "volsim calibrate: %s: the base scenario %s; nothing was run\n", path, msg);
            vol_calib_free(&c);
            return VCLI_EXIT_BAD_INPUT;
        }
    }
    if (quick) {
        /* a small calibration for tests and a first look (not for answers) */
        if (c.hm_waves > 1) c.hm_waves = 1;
        if (c.hm_points > 40) c.hm_points = 40;
        if (c.hm_replicates > 2) c.hm_replicates = 2;
        if (c.particles > 60) c.particles = 60;
        if (c.max_generations > 3) c.max_generations = 3;
    }
    if ((double)c.particles / c.min_acceptance * (double)c.abc_replicates > 4294967295.0 ||
        (double)c.hm_points * (double)c.hm_replicates > 4294967295.0) {
        fprintf(stderr, "%s: abc: expected particles / min_acceptance x replicates below 2^32 (runs of a stage are "
                        "numbered in 32 bits), found %.4g\n", path,
                (double)c.particles / c.min_acceptance * (double)c.abc_replicates);
        vol_calib_free(&c);
        return VCLI_EXIT_BAD_INPUT;
    }
    char *defpath = NULL;
    const char *out = vcli_text(a, "output");
    int rc = 0;
    if (!out) {
        struct stat st;
        if (stat("results", &st) != 0 && mkdir("results", 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "volsim calibrate: cannot create directory 'results': %s\n", strerror(errno));
            vol_calib_free(&c);
            return VCLI_EXIT_RUNTIME;
        }
        if (asprintf(&defpath, "results/calibration_%s%s.h5", c.name, quick ? "_quick" : "") < 0) defpath = NULL;
        out = defpath;
    }
    vol_abc_state s;
    vol_abc_state_init(&s, c.k, c.ntargets);
    vol_lock *lock = NULL; /* rank 0 writes: one calibration of a file at a time */
    const vol_status lst = rank == 0 ? vol_lock_acquire(out, &lock) : VOL_OK;
    const int locked = lst == VOL_OK;
    if (!locked) fprintf(stderr, "volsim calibrate: %s\n", vol_error_message());
    if (!vcli_mpi_all(locked)) { /* every rank stops alike */
        rc = lst == VOL_EIO ? VCLI_EXIT_RUNTIME : VCLI_EXIT_BAD_INPUT;
        goto done;
    }
    struct stat st;
    int exists = stat(out, &st) == 0;
    if (resume) {
        if (!exists) {
            fprintf(stderr, "volsim calibrate: --resume: %s does not exist (start without --resume)\n", out);
            rc = VCLI_EXIT_BAD_INPUT;
            goto done;
        }
        if (vol_calibrate_read(out, &c, &s) != VOL_OK) {
            fprintf(stderr, "volsim calibrate: %s\n", vol_error_message());
            rc = VCLI_EXIT_BAD_INPUT;
            goto done;
        }
        if (!quiet) fprintf(stderr, "%s: resuming after %zu waves and %zu generations\n", out, s.nwaves, s.ngens);
    } else if (exists && !force) {
        fprintf(stderr, "volsim calibrate: %s exists (--force starts again over it, --resume goes on with it)\n", out);
        rc = VCLI_EXIT_BAD_INPUT;
        goto done;
    }
    double *arrays = malloc((2 * c.k + 2 * c.ntargets) * sizeof *arrays);
    if (!arrays) {
        fprintf(stderr, "volsim calibrate: out of memory\n");
        rc = VCLI_EXIT_RUNTIME;
        goto done;
    }
    vol_abc_problem p;
    vol_calibrate_problem(&c, arrays, &p);
    progress pr = {.quiet = quiet};
    p.stop = &stop_flag;
    p.progress = show;
    p.progress_ctx = &pr;
    vol_abc_split split = {.rank = rank, .size = nproc, .gather = vcli_mpi_gather_runs};
    if (nproc > 1) p.split = &split;
    vcli_stop_signals(on_stop);
    if (threads > 0) omp_set_num_threads((int)threads);
    vol_provenance prov = {a->cmdline, VOLSIM_GIT_COMMIT, vol_version()};
    double t0 = now_s();
    int first_write = !resume;
    while (!s.done) {
        size_t w = s.nwaves, g = s.ngens;
        if (!quiet) {
            if (w < c.hm_waves) fprintf(stderr, "history matching wave %zu: %zu points x %ld replicates\n", w + 1,
                                        c.hm_points, c.hm_replicates);
            else fprintf(stderr, "ABC generation %zu: %zu particles\n", g, c.particles);
        }
        vol_status r = vol_abc_step(&p, &s);
        if (r != VOL_OK) {
            if (stop_flag) {
                fprintf(stderr, "volsim calibrate: interrupted; %s holds the stages before (--resume goes on)\n", out);
                rc = 128 + (int)stop_flag;
            } else {
                fprintf(stderr, "volsim calibrate: %s\n", vol_error_message());
                rc = VCLI_EXIT_RUNTIME;
            }
            break;
        }
        if (!quiet) {
            if (s.nwaves > w) {
                const vol_hm_wave *v = &s.waves[w];
                fprintf(stderr, "  %zu of %zu points not implausible; share of the prior not ruled out %.4g\n",
                        v->count, v->n, v->share);
            } else if (s.ngens > g) {
                const vol_abc_gen *v = &s.gens[g];
                fprintf(stderr, "  tolerance %.3g, acceptance %.3f, ESS %.0f\n", v->eps, v->acceptance, v->ess);
            }
        }
        int wrote = rank != 0 || vol_calibrate_write(out, force || !first_write, &c, &s, &prov) == VOL_OK;
        if (!wrote) fprintf(stderr, "volsim calibrate: %s\n", vol_error_message());
        if (!vcli_mpi_all(wrote)) {
            rc = VCLI_EXIT_RUNTIME;
            break;
        }
        first_write = 0;
        /* for the tests: die as kill -9 would, right after stage N was
         * written (VOLSIM_TEST_KILL_AFTER_STAGE=N), to check --resume */
        const char *kill_after = getenv("VOLSIM_TEST_KILL_AFTER_STAGE");
        if (kill_after && strtoul(kill_after, NULL, 10) == s.nwaves + s.ngens) raise(SIGKILL);
    }
    free(arrays);
    if (rc == 0 && c.max_generations > 0 && !vol_abc_posterior(&s)) {
        fprintf(stderr, "volsim calibrate: no posterior: %s (%s holds the waves)\n", s.reason, out);
        print_state(&c, &s);
        rc = VCLI_EXIT_RUNTIME;
    } else if (rc == 0) {
        if (!quiet) fprintf(stderr, "wrote %s: %zu simulations in %.1f s\n", out, s.sims, now_s() - t0);
        print_state(&c, &s);
    }
done:
    vol_lock_release(lock);
    vol_abc_state_free(&s);
    vol_calib_free(&c);
    free(defpath);
    return rc;
}
