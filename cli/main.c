/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: the volsim command. Only this file decides to exit.
 * Exit codes: 0 success, 2 bad input (usage, scenario files, existing
 * output), 1 runtime failure, 128 + the signal when run or sweep was
 * interrupted (130 SIGINT, 143 SIGTERM) and kept what was complete. */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <omp.h>
#include "volsim.h"
#include "vol_scenario.h"
#include "vol_results.h"
#include "tables.h"
#include "vol_patterns.h"
#include "vol_calibration.h"
#include "vol_stats.h"
#include "vol_resources.h"
#include "vol_engine.h"
#include "sweep.h"
#include "commands.h"
#include "vol_calib_file.h"
#include "vol_gitinfo.h"

#define EXIT_BAD_INPUT VCLI_EXIT_BAD_INPUT
#define EXIT_RUNTIME VCLI_EXIT_RUNTIME

/* The signal that interrupted volsim run (SIGINT, SIGTERM), 0 if none. A
 * second signal stops at once: the temporary results file (run_tmp_path,
 * when set) is removed and the process exits (async-signal-safe calls). */
static volatile sig_atomic_t interrupted = 0;
static char run_tmp_path[4096], run_out_path[4096];
static void on_signal(int sig)
{
    if (interrupted) {
        static const char msg[] = "volsim run: interrupted again; stopped at once, nothing was written to ";
        vol_tmp_remove_registered();
        if (run_tmp_path[0]) unlink(run_tmp_path);
        if (write(STDERR_FILENO, msg, sizeof msg - 1) > 0 && write(STDERR_FILENO, run_out_path, strlen(run_out_path)) > 0)
            (void)!write(STDERR_FILENO, "\n", 1);
        _exit(128 + sig);
    }
    interrupted = sig;
}

#define usage_error vcli_usage_error

/* ---- argument helpers ------------------------------------------------- */

static char *join_command_line(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++) len += 3 + 2 * strlen(argv[i]);
    char *out = malloc(len), *p = out;
    if (!out) return NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int quote = *a == '\0' || strpbrk(a, " \t\n'\"\\$`*?;&|<>()") != NULL;
        if (i) *p++ = ' ';
        if (quote) *p++ = '\'';
        for (; *a; a++) {
            if (*a == '\'' && quote) { memcpy(p, "'\\''", 4); p += 4; }
            else *p++ = *a;
        }
        if (quote) *p++ = '\'';
    }
    *p = '\0';
    return out;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- volsim run --------------------------------------------------------- */

typedef struct {
    long done, total;
    double t0;
    int show;
} progress;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void progress_tick(progress *pg, const char *name)
{
    pg->done++;
    if (!pg->show) return;
    double el = now_seconds() - pg->t0, rate = pg->done / (el > 1e-9 ? el : 1e-9);
    double left = (pg->total - pg->done) / (rate > 0 ? rate : 1);
    fprintf(stderr, "\r%-24.24s %ld/%ld replicates  %.1f/s  %.0f s left   ", name, pg->done, pg->total, rate,
            left);
    if (pg->done == pg->total) fputc('\n', stderr);
    fflush(stderr);
}

/* Final-day mean with a 95% t interval over replicates of a few key
 * outcomes; the analysis commands give the full picture. */
static const char *const key_metrics[] = {"client_wellbeing", "clients_durable_share",
                                          "clients_with_volunteer_share", "client_trust_npo",
                                          "client_scepticism", "volunteer_yearly_dropout",
                                          "matches_closed_within_year", "volunteers_active_regular"};

/* Scenarios run with the same seed, replicates, days and burn-in share their random
 * streams: their per-replicate differences are paired. */
static void print_paired_differences(const vol_scenario *sc, double *const *finals, int nsc)
{
    if (nsc < 2) return;
    const vol_params *a = &sc[0].params;
    for (int i = 1; i < nsc; i++) {
        const vol_params *b = &sc[i].params;
        if (b->run_seed != a->run_seed || b->run_days != a->run_days || b->run_burn_in != a->run_burn_in) {
            printf("\n%s and %s differ in seed, days or burn-in: no paired comparison\n", sc[i].name, sc[0].name);
            continue;
        }
        /* replicate r of both shares its streams: pair the common ones */
        long reps = a->run_replicates < b->run_replicates ? a->run_replicates : b->run_replicates;
        double *d = malloc((size_t)reps * sizeof *d);
        if (!d) return;
        printf("\n%s - %s, paired over %ld replicates (common random numbers), day %ld:\n", sc[i].name,
               sc[0].name, reps, a->run_days);
        for (size_t k = 0; k < sizeof key_metrics / sizeof key_metrics[0]; k++) {
            int m = vol_metrics_find(key_metrics[k]);
            for (long r = 0; r < reps; r++)
                d[r] = finals[i][(size_t)r * VOL_M_COUNT + (size_t)m] - finals[0][(size_t)r * VOL_M_COUNT + (size_t)m];
            double mean, half;
            if (vol_mean_ci95(d, 1, reps, &mean, &half) > 1)
                printf("  %-30s %+10.4f  [%+.4f, %+.4f]%s\n", key_metrics[k], mean, mean - half, mean + half,
                       (mean - half > 0 || mean + half < 0) ? "  *" : "");
        }
        free(d);
    }
    printf("  (* the 95%% interval excludes zero)\n");
}

static void print_key_outcomes(const vol_scenario *sc, const double *finals, long reps)
{
    const char *const *keys = key_metrics;
    printf("\n%s: %ld replicates, day %ld (mean and 95%% interval over replicates)\n", sc->name, reps,
           sc->params.run_days);
    for (size_t k = 0; k < sizeof key_metrics / sizeof key_metrics[0]; k++) {
        int m = vol_metrics_find(keys[k]);
        if (m < 0) continue;
        double mean, half;
        long n = vol_mean_ci95(finals + m, VOL_M_COUNT, reps, &mean, &half);
        if (n == 0) {
            printf("  %-30s %12s\n", keys[k], "n/a");
            continue;
        }
        if (n > 1) {
            printf("  %-30s %10.4f  [%.4f, %.4f]  %s\n", keys[k], mean, mean - half, mean + half,
                   vol_metrics_info((size_t)m)->unit);
        } else {
            printf("  %-30s %10.4f  %s\n", keys[k], mean, vol_metrics_info((size_t)m)->unit);
        }
    }
}

/* What volsim run does with each completed replicate (the engine's sink):
 * keeps its last day for replicate control, writes its metrics and, when
 * asked, its agent tables and events (run_progress counts it). */
typedef struct {
    vol_results *res;
    size_t index;
    double *finals;
    int agents, events, panel;
    progress *pg;
    const char *name;
} run_sink;

static vol_status write_replicate(void *ctx_, long r, const vol_sim *sim, const double *buf, long days)
{
    run_sink *ctx = ctx_;
    for (int m = 0; m < VOL_M_COUNT; m++)
        ctx->finals[(size_t)r * VOL_M_COUNT + (size_t)m] = buf[(size_t)m * (size_t)days + (size_t)days - 1];
    vol_status st = vol_results_write_replicate(ctx->res, ctx->index, r, buf);
    if (st == VOL_OK && (ctx->agents || ctx->events || ctx->panel))
        st = vol_results_write_tables(ctx->res, ctx->index, r, sim, ctx->agents, ctx->events);
    return st;
}

/* The engine's progress callback of volsim run: one tick per replicate. */
static void run_progress(void *ctx_, long done, long total)
{
    (void)done;
    (void)total;
    run_sink *ctx = ctx_;
    progress_tick(ctx->pg, ctx->name);
}

/* The options of volsim run. */
typedef struct {
    int on;
    double width;
    int metric;
    long max, batch;
} run_control;

typedef struct {
    const char *output;
    run_control rcontrol;
    long threads;
    int agents, events, force, quiet;
    const char **sets; /* --set and the settings of -r, -s, -d; free with free_run_options */
    size_t nsets;
    char *owned[3];
} run_options;

static void free_run_options(run_options *o)
{
    for (int i = 0; i < 3; i++) free(o->owned[i]);
    free(o->sets);
}

/* The parsed options of volsim run as settings: -1 to go on, else the exit
 * status (an error said). -r, -s and -d become --set overrides. */
static int run_options_from(const vcli_args *a, run_options *o)
{
    *o = (run_options){.output = vcli_text(a, "output"), .threads = vcli_int(a, "threads", 0),
                       .agents = vcli_given(a, "agents") > 0, .events = vcli_given(a, "events") > 0,
                       .force = vcli_given(a, "force") > 0, .quiet = vcli_given(a, "quiet") > 0};
    o->rcontrol = (run_control){0, vcli_real(a, "ci-width", NAN), -1, vcli_int(a, "max-replicates", 200),
                                vcli_int(a, "batch", 10)};
    size_t nset;
    const char **set = vcli_list(a, "set", &nset);
    o->sets = calloc(nset + 4, sizeof *o->sets);
    if (!o->sets) return EXIT_RUNTIME;
    const char *reps = vcli_text(a, "replicates");
    long r;
    if (reps && strcmp(reps, "auto") == 0) o->rcontrol.on = 1;
    else if (reps && !vcli_parse_long(reps, 1, 100000, &r))
        return usage_error("run", "--replicates: expected an integer in [1, 100000] or auto, found '%s'", reps);
    else if (reps && asprintf(&o->owned[0], "run.replicates=%ld", r) < 0) return EXIT_RUNTIME;
    if (vcli_given(a, "seed") && asprintf(&o->owned[1], "run.seed=%ldL", vcli_int(a, "seed", 0)) < 0) return EXIT_RUNTIME;
    if (vcli_given(a, "days") && asprintf(&o->owned[2], "run.days=%ld", vcli_int(a, "days", 0)) < 0) return EXIT_RUNTIME;
    /* --set first, then -r, -s and -d: the dedicated options win over a
     * --set of the same parameter */
    for (size_t i = 0; i < nset; i++) o->sets[o->nsets++] = set[i];
    for (int i = 0; i < 3; i++)
        if (o->owned[i]) o->sets[o->nsets++] = o->owned[i];
    if (a->npos < 1) return usage_error("run", "no scenario file given");
    const char *metric = vcli_text(a, "metric");
    if (o->rcontrol.on) {
        if (isnan(o->rcontrol.width) || !metric) return usage_error("run", "--replicates auto needs --ci-width W and --metric M");
        o->rcontrol.metric = vol_metrics_find(metric);
    } else if (!isnan(o->rcontrol.width) || metric) {
        return usage_error("run", "--ci-width and --metric go with --replicates auto");
    }
    return -1;
}

/* Loads the scenarios of a run (with the overrides), refuses two of one
 * name and work that cannot fit in memory: -1 to go on, else the exit
 * status. sc[0 .. nsc-1] are then loaded (free them whatever the outcome:
 * those not loaded are zeroed). */
static int load_run_scenarios(const vcli_args *a, const run_options *o, vol_scenario *sc)
{
    int nsc = a->npos;
    size_t problems = 0;
    vol_diag diag;
    vol_diag_init(&diag);
    /* --name, --description and --with apply to the scenario file before them */
    static const char *const scoped[] = {"name", "description", "with"};
    for (size_t k = 0; k < 3; k++) {
        size_t n;
        const char **v = vcli_list(a, scoped[k], &n);
        for (size_t j = 0; j < n; j++)
            if (vcli_list_before(a, scoped[k], j) == 0)
                return usage_error("run", "--%s %s: it names the scenario file before it, and none comes before",
                                   scoped[k], v[j]);
    }
    size_t nnames, ndesc, nwith;
    const char **names = vcli_list(a, "name", &nnames), **descs = vcli_list(a, "description", &ndesc),
               **with = vcli_list(a, "with", &nwith);
    const char **own = calloc(nwith + 1, sizeof *own);
    if (!own) return EXIT_RUNTIME;
    for (int i = 0; i < nsc; i++) {
        /* the run's --set first, then this file's --with: the variant wins */
        size_t nown = 0;
        for (size_t j = 0; j < nwith; j++)
            if (vcli_list_before(a, "with", j) == i + 1) own[nown++] = with[j];
        problems += vol_scenario_load_variant(a->pos[i], o->sets, o->nsets, own, nown, &sc[i], &diag);
    }
    free(own);
    for (int i = 0; i < nsc && !problems; i++) {
        const char *name = NULL, *desc = NULL;
        for (size_t j = 0; j < nnames; j++)
            if (vcli_list_before(a, "name", j) == i + 1) {
                if (name) return usage_error("run", "--name %s: %s already has the name %s", names[j], a->pos[i], name);
                name = names[j];
            }
        for (size_t j = 0; j < ndesc; j++)
            if (vcli_list_before(a, "description", j) == i + 1) {
                if (desc) return usage_error("run", "--description: %s already has a description", a->pos[i]);
                desc = descs[j];
            }
        if (name && !vol_scenario_valid_name(name))
            return usage_error("run", "--name: expected 1 to 100 letters, digits, '_', '-' or '.', not starting with '.', "
                                      "found '%s'", name);
        if ((name && vol_scenario_rename(&sc[i], name, NULL) != VOL_OK) ||
            (desc && vol_scenario_rename(&sc[i], NULL, desc) != VOL_OK))
            return EXIT_RUNTIME;
    }
    for (int i = 0; i < nsc && !problems; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(sc[i].name, sc[j].name) == 0) {
                vol_diag_add(&diag, "%s:1: name: expected a name different from %s's, found \"%s\" in both (a variant needs a --name)",
                              sc[i].path, sc[j].path, sc[i].name);
                problems++;
            }
    if (problems) {
        vol_diag_print(&diag, stderr);
        fprintf(stderr, "volsim run: %zu problem%s; nothing was run\n", problems, problems == 1 ? "" : "s");
        vol_diag_free(&diag);
        return EXIT_BAD_INPUT;
    }
    vol_diag_free(&diag);
    /* refuse before anything is allocated what cannot fit in memory: the
     * replicates running at once each hold a whole population */
    for (int i = 0; i < nsc; i++) {
        /* with --replicates auto, up to the maximum can run */
        long reps = o->rcontrol.on ? o->rcontrol.max : sc[i].params.run_replicates;
        long at_once = o->threads > 0 ? o->threads : omp_get_max_threads();
        if (at_once > reps) at_once = reps;
        char msg[768];
        if (!vol_memory_fits(&sc[i].params, (int)at_once, msg, sizeof msg)) {
            fprintf(stderr, "volsim run: %s: %s%s; nothing was run\n", sc[i].path, msg,
                    o->rcontrol.on ? " (or a smaller --max-replicates)" : "");
            return EXIT_BAD_INPUT;
        }
    }
    return -1;
}

/* results/<a>_vs_<b>....h5, with the folder created; NULL (error said) on
 * failure. */
static char *default_run_output(const vol_scenario *sc, int nsc)
{
    size_t len = 16;
    for (int i = 0; i < nsc; i++) len += strlen(sc[i].name) + 4;
    char *path = malloc(len);
    if (!path) return NULL;
    strcpy(path, "results/");
    for (int i = 0; i < nsc; i++) {
        if (i) strcat(path, "_vs_");
        strcat(path, sc[i].name);
    }
    strcat(path, ".h5");
    if (!is_dir("results") && mkdir("results", 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "volsim run: cannot create directory 'results': %s\n", strerror(errno));
        free(path);
        return NULL;
    }
    return path;
}

/* A run in progress: what its scenarios have done so far. */
typedef struct {
    const run_options *o;
    vol_scenario *sc;
    int nsc;
    vol_results *res;
    const char *output;
    progress pg;
    double **finals;      /* per scenario: [replicate * VOL_M_COUNT + m] of the last day */
    long *kept, *requested;
    int started, nwhole;  /* scenarios begun, and run to their end */
    int failed;
    char failure[1024];
    double t_start;
} run_state;

/* Runs scenario i into the file: its replicates (in batches under
 * replicate control, until the interval is narrow enough or the maximum
 * is reached), then closes its group. Sets x->failed on failure. */
static void run_scenario(run_state *x, int i)
{
    const run_control *rc = &x->o->rcontrol;
    vol_scenario *sc = &x->sc[i];
    const vol_params *p = &sc->params;
    long days = p->run_days, cap = rc->on ? rc->max : p->run_replicates;
    long reps = 0, target = rc->on ? (rc->batch < cap ? rc->batch : cap) : cap;
    char control[512] = "";
    size_t index;
    x->requested[i] = cap;
    if (vol_results_add_scenario(x->res, sc, target, days, &index) != VOL_OK) {
        snprintf(x->failure, sizeof x->failure, "%s", vol_error_message());
        x->failed = 1;
        return;
    }
    x->started = i + 1;
    double *finals = x->finals[i] = malloc((size_t)cap * VOL_M_COUNT * sizeof *finals);
    if (!finals) { snprintf(x->failure, sizeof x->failure, "out of memory"); x->failed = 1; return; }
    while (!x->failed && !interrupted && reps < target) {
        /* replicates are claimed in order, and a claimed one always runs to
         * its end: when interrupted, the completed replicates are
         * 0..next-1, with no gap */
        run_sink ctx = {x->res, index, finals, x->o->agents, x->o->events, p->run_panel > 0, &x->pg, sc->name};
        vol_engine_replicates job = {.params = p, .first = reps, .count = target - reps, .log_events = x->o->events,
                                     .label = sc->name, .sink = write_replicate, .ctx = &ctx, .stop = &interrupted,
                                     .progress = run_progress, .progress_ctx = &ctx};
        long done = 0;
        if (vol_engine_run_replicates(&job, &done) != VOL_OK) {
            snprintf(x->failure, sizeof x->failure, "%s", vol_error_message());
            x->failed = 1;
        }
        reps += done;
        if (!rc->on || x->failed || interrupted) break;
        double mean, half;
        vol_mean_ci95(finals + rc->metric, VOL_M_COUNT, reps, &mean, &half);
        double width = 2 * half;
        const char *mname = vol_metrics_info((size_t)rc->metric)->name;
        if (width < rc->width) {
            snprintf(control, sizeof control, "stopped at %ld replicates: the 95%% interval of %s on the last day "
                     "is %.6g wide, below the target %.6g (batches of %ld, at most %ld)", reps, mname, width,
                     rc->width, rc->batch, cap);
        } else if (reps >= cap) {
            snprintf(control, sizeof control, "stopped at the maximum of %ld replicates: the 95%% interval of %s "
                     "on the last day is %.6g wide, above the target %.6g", reps, mname,
                     isnan(width) ? INFINITY : width, rc->width);
        } else {
            target = reps + rc->batch < cap ? reps + rc->batch : cap;
            x->pg.total += target - reps;
            continue;
        }
        break;
    }
    if (x->failed) return;
    x->kept[i] = reps;
    /* all its replicates, even if a signal came during the last one */
    int whole = rc->on ? control[0] != '\0' : reps == cap;
    if (interrupted && reps == 0) {
        /* interrupted before its first replicate was complete: not in the file */
        if (vol_results_drop_scenario(x->res, index) != VOL_OK) {
            snprintf(x->failure, sizeof x->failure, "%s", vol_error_message());
            x->failed = 1;
        }
        return;
    }
    if (interrupted && !whole && rc->on)
        snprintf(control, sizeof control, "interrupted at %ld replicates, before the 95%% interval of %s on the "
                 "last day was below the target %.6g (batches of %ld, at most %ld)", reps,
                 vol_metrics_info((size_t)rc->metric)->name, rc->width, rc->batch, cap);
    sc->params.run_replicates = reps;
    if (vol_results_finish_scenario(x->res, index, sc, reps, rc->on ? control : NULL) != VOL_OK) {
        snprintf(x->failure, sizeof x->failure, "%s", vol_error_message());
        x->failed = 1;
        return;
    }
    if (interrupted && !whole) return;
    x->nwhole++;
    if (rc->on && !x->o->quiet) printf("\n%s: %s\n", sc->name, control);
    if (!x->o->quiet) print_key_outcomes(sc, finals, reps);
}

/* After the scenarios: commits the file (all of it, or what an interrupted
 * run kept, marked so) or removes it, and says so. Returns the exit
 * status. */
static int finish_run(run_state *x)
{
    const run_control *rc = &x->o->rcontrol;
    if (x->nwhole == x->nsc) interrupted = 0; /* the signal came too late to stop anything */
    /* what an interrupted run kept: "a 40 of 40, b 12 of 40; not started: c" */
    long nkept = 0, nrequested = 0;
    char kept_list[1024] = "";
    if (interrupted && !x->failed) {
        size_t len = 0;
        for (int i = 0; i < x->nsc; i++) {
            nkept += x->kept[i];
            nrequested += i < x->started ? x->requested[i] : (rc->on ? rc->max : x->sc[i].params.run_replicates);
            if (i < x->started && len < sizeof kept_list)
                len += (size_t)snprintf(kept_list + len, sizeof kept_list - len, "%s%s %ld of %s%ld", i ? ", " : "",
                                        x->sc[i].name, x->kept[i], rc->on ? "at most " : "", x->requested[i]);
        }
        for (int i = x->started; i < x->nsc && len < sizeof kept_list; i++)
            len += (size_t)snprintf(kept_list + len, sizeof kept_list - len, "%s%s",
                                    i == x->started ? "; not started: " : ", ", x->sc[i].name);
        /* the file records how many of each scenario were requested */
        for (int i = 0; i < x->started && !x->failed && nkept > 0; i++)
            if (x->kept[i] > 0 && vol_results_set_requested(x->res, (size_t)i, x->requested[i]) != VOL_OK) {
                snprintf(x->failure, sizeof x->failure, "%s", vol_error_message());
                x->failed = 1;
            }
    }
    const char *signame = vcli_signal_name(interrupted);
    vol_status st;
    if (x->pg.show && (x->failed || interrupted)) fputc('\n', stderr);
    if (x->failed) {
        vol_results_abort(x->res);
        fprintf(stderr, "volsim run: %s; nothing was written to %s\n", x->failure, x->output);
        return EXIT_RUNTIME;
    }
    if (interrupted && nkept == 0) {
        vol_results_abort(x->res);
        fprintf(stderr, "volsim run: interrupted by %s before any replicate was complete; nothing was written to %s\n",
                signame, x->output);
        return 128 + interrupted;
    }
    if (interrupted) {
        char note[1200];
        snprintf(note, sizeof note, "interrupted by %s after %ld of %ld replicates (%s); the replicates kept are the "
                 "first ones, complete", signame, nkept, nrequested, kept_list);
        if ((st = vol_results_mark_interrupted(x->res, note)) != VOL_OK || (st = vol_results_commit(x->res)) != VOL_OK) {
            if (st == VOL_ENOMEM) vol_results_abort(x->res);
            fprintf(stderr, "volsim run: interrupted by %s, and the %ld completed replicates could not be kept: %s\n",
                    signame, nkept, vol_error_message());
            return EXIT_RUNTIME;
        }
        fprintf(stderr, "volsim run: interrupted by %s; kept the %ld completed replicate%s of %ld in %s (%s), "
                "marked as interrupted (root attribute complete = 0); run again with --force or -o for all of "
                "them\n", signame, nkept, nkept == 1 ? "" : "s", nrequested, x->output, kept_list);
        return 128 + interrupted;
    }
    if ((st = vol_results_commit(x->res)) != VOL_OK) {
        fprintf(stderr, "volsim run: %s\n", vol_error_message());
        return st == VOL_EINVAL ? EXIT_BAD_INPUT : EXIT_RUNTIME;
    }
    if (!x->o->quiet) {
        print_paired_differences(x->sc, x->finals, x->nsc);
        printf("\nwrote %s: %d scenario%s, %ld replicates in %.1f s\n", x->output, x->nsc, x->nsc == 1 ? "" : "s",
               x->pg.total, now_seconds() - x->t_start);
    }
    return 0;
}

int vcli_cmd_run(const vcli_args *a)
{
    run_options o;
    int nsc = a->npos, rc = run_options_from(a, &o);
    vol_scenario *sc = NULL;
    char *defpath = NULL;
    run_state x = {.o = &o, .nsc = nsc};
    vol_lock *run_lock = NULL; /* on the output while the run writes it */
    if (rc >= 0) goto done;
    if (!(sc = calloc((size_t)nsc, sizeof *sc))) { rc = EXIT_RUNTIME; goto done; }
    if ((rc = load_run_scenarios(a, &o, sc)) >= 0) goto done;
    x.sc = sc;
    x.output = o.output;
    if (!x.output && !(x.output = defpath = default_run_output(sc, nsc))) { rc = EXIT_RUNTIME; goto done; }

    /* SIGINT or SIGTERM: no new replicate starts, those running finish, and
     * the completed ones are kept (see finish_run); a second signal stops
     * at once, removing the temporary file: nothing under the final name. */
    vcli_stop_signals(on_signal);
    vol_provenance prov = {a->cmdline, VOLSIM_GIT_COMMIT, vol_version()};
    vol_status st = vol_results_create(x.output, o.force, &prov, &x.res);
    if (st != VOL_OK) {
        fprintf(stderr, "volsim run: %s\n", vol_error_message());
        rc = st == VOL_EINVAL ? EXIT_BAD_INPUT : EXIT_RUNTIME;
        goto done;
    }
    if ((st = vol_lock_acquire(x.output, &run_lock)) != VOL_OK) {
        fprintf(stderr, "volsim run: %s; nothing was run\n", vol_error_message());
        vol_results_abort(x.res);
        rc = st == VOL_EINVAL ? EXIT_BAD_INPUT : EXIT_RUNTIME;
        goto done;
    }
    snprintf(run_tmp_path, sizeof run_tmp_path, "%s", vol_results_tmp_path(x.res));
    snprintf(run_out_path, sizeof run_out_path, "%s", x.output);
    if (o.threads > 0) omp_set_num_threads((int)o.threads);
    x.pg = (progress){0, 0, now_seconds(), !o.quiet && isatty(STDERR_FILENO)};
    for (int i = 0; i < nsc; i++) x.pg.total += sc[i].params.run_replicates;
    x.finals = calloc((size_t)nsc, sizeof *x.finals);
    x.kept = calloc((size_t)nsc, sizeof *x.kept);
    x.requested = calloc((size_t)nsc, sizeof *x.requested);
    if (!x.finals || !x.kept || !x.requested) {
        vol_results_abort(x.res);
        rc = EXIT_RUNTIME;
        goto done;
    }
    x.t_start = now_seconds();
    for (int i = 0; i < nsc && !x.failed && !interrupted; i++) run_scenario(&x, i);
    rc = finish_run(&x);
done:
    vol_lock_release(run_lock);
    for (int i = 0; x.finals && i < nsc; i++) free(x.finals[i]);
    free(x.finals);
    free(x.kept);
    free(x.requested);
    free(defpath);
    for (int i = 0; sc && i < nsc; i++) vol_scenario_free(&sc[i]);
    free(sc);
    free_run_options(&o);
    return rc;
}

/* ---- volsim check ------------------------------------------------------- */
int vcli_cmd_check(const vcli_args *a)
{
    size_t nsets;
    const char **sets = vcli_list(a, "set", &nsets);
    const int quiet = vcli_given(a, "quiet") > 0;
    int rc = 0;
    if (a->npos < 1) return usage_error("check", "no scenario file given");
    for (int i = 0; i < a->npos; i++) {
        vol_scenario sc;
        vol_diag diag;
        vol_diag_init(&diag);
        if (vol_calib_is_target_file(a->pos[i])) {
            vol_calib_spec c;
            size_t n = vol_calib_load(a->pos[i], sets, nsets, &c, &diag);
            if (n) {
                vol_diag_print(&diag, stderr);
                fprintf(stderr, "%s: %zu problem%s\n", a->pos[i], n, n == 1 ? "" : "s");
                rc = EXIT_BAD_INPUT;
            } else {
                if (!quiet) printf("%s: ok (target file: %zu parameters, %zu targets, base '%s')\n", a->pos[i], c.k,
                                   c.ntargets, c.base.name);
                vol_calib_free(&c);
            }
            vol_diag_free(&diag);
            continue;
        }
        size_t n = vol_scenario_load(a->pos[i], sets, nsets, &sc, &diag);
        if (n) {
            vol_diag_print(&diag, stderr);
            fprintf(stderr, "%s: %zu problem%s\n", a->pos[i], n, n == 1 ? "" : "s");
            rc = EXIT_BAD_INPUT;
        } else {
            if (!quiet) printf("%s: ok (scenario '%s', %zu file%s)\n", a->pos[i], sc.name, sc.chain_len,
                               sc.chain_len == 1 ? "" : "s");
            vol_scenario_free(&sc);
        }
        vol_diag_free(&diag);
    }
    return rc;
}

/* ---- volsim params / metrics ------------------------------------------ */
int vcli_cmd_params(const vcli_args *a)
{
    if (a->npos) return usage_error("params", "unexpected argument '%s'", a->pos[0]);
    vcli_print_params(stdout, (vcli_format)vcli_choice(a, "format", VCLI_FORMAT_TEXT));
    return 0;
}

int vcli_cmd_metrics(const vcli_args *a)
{
    if (a->npos) return usage_error("metrics", "unexpected argument '%s'", a->pos[0]);
    vcli_print_metrics(stdout, (vcli_format)vcli_choice(a, "format", VCLI_FORMAT_TEXT));
    return 0;
}

/* ---- volsim patterns ---------------------------------------------------- */
/* Whether the scenarios of every pattern fit in memory with a replicate per
 * thread (refused before anything is allocated, as run does); 0 after the
 * message. */
static int patterns_fit(const char *dir, const char *const *sets, size_t nsets, long threads)
{
    const int at_once = (int)(threads > 0 ? threads : omp_get_max_threads());
    for (size_t i = 0; i < vol_patterns_count(); i++) {
        const vol_pattern *p = vol_pattern_get(i);
        const char *names[2] = {p->scenario_a, p->scenario_b};
        for (int k = 0; k < 2; k++) {
            if (!names[k]) continue;
            char *path = NULL;
            if (asprintf(&path, "%s/%s", dir, names[k]) < 0) return 0;
            vol_scenario sc;
            vol_diag diag;
            vol_diag_init(&diag);
            int fits = 1;
            char msg[768];
            if (vol_scenario_load(path, sets, nsets, &sc, &diag) == 0) {
                fits = vol_memory_fits(&sc.params, at_once, msg, sizeof msg);
                vol_scenario_free(&sc);
            } /* a load problem is reported by the pattern itself */
            vol_diag_free(&diag);
            if (!fits) fprintf(stderr, "volsim patterns: %s: %s; nothing was run\n", path, msg);
            free(path);
            if (!fits) return 0;
        }
    }
    return 1;
}

int vcli_cmd_patterns(const vcli_args *a)
{
    const long reps = vcli_int(a, "replicates", 30), threads = vcli_int(a, "threads", 0);
    const long points = vcli_int(a, "robustness", 0), rreps = vcli_int(a, "robustness-replicates", 10);
    const long rseed = vcli_int(a, "robustness-seed", 20261202);
    const char *dir = vcli_text(a, "scenarios") ? vcli_text(a, "scenarios") : "scenarios";
    const int markdown = vcli_choice(a, "format", 0) == 1, knockout = vcli_given(a, "knockout") > 0;
    size_t nsets, nonly;
    const char **sets = vcli_list(a, "set", &nsets), **only = vcli_list(a, "only", &nonly);
    vol_pattern_result *res = NULL, *ko = NULL;
    vol_pattern_robustness *rob = NULL;
    int rc = 0;
    if (a->npos) return usage_error("patterns", "unexpected argument '%s'", a->pos[0]);
    size_t n = vol_patterns_count();
    /* each --only must select some row (it matches an id's start) */
    for (size_t k = 0; k < nonly; k++) {
        int matched = 0;
        for (size_t i = 0; *only[k] && i < n; i++)
            matched |= strncmp(vol_pattern_get(i)->id, only[k], strlen(only[k])) == 0;
        if (matched) continue;
        fprintf(stderr, "volsim patterns: --only: expected a pattern id or the start of one (");
        for (size_t i = 0; i < n; i++) fprintf(stderr, "%s%s", i ? ", " : "", vol_pattern_get(i)->id);
        fprintf(stderr, "), found '%s'\nTry 'volsim patterns --help'.\n", only[k]);
        return EXIT_BAD_INPUT;
    }
    if (!patterns_fit(dir, sets, nsets, threads)) return EXIT_BAD_INPUT;
    if (threads > 0) omp_set_num_threads((int)threads);
    res = calloc(n, sizeof *res);
    ko = calloc(n, sizeof *ko);
    rob = calloc(n, sizeof *rob);
    if (!res || !ko || !rob) { rc = EXIT_RUNTIME; goto done; }
    int all_hold = 1;
    for (size_t i = 0; i < n; i++) {
        const vol_pattern *p = vol_pattern_get(i);
        int wanted = nonly == 0;
        for (size_t k = 0; k < nonly; k++) wanted |= strncmp(p->id, only[k], strlen(only[k])) == 0;
        if (!wanted) continue; /* res[i].n stays 0: not evaluated */
        vol_diag diag;
        vol_diag_init(&diag);
        vol_status st = vol_pattern_eval(i, dir, sets, nsets, reps, 0, &res[i], &diag);
        if (st == VOL_OK && knockout)
            st = vol_pattern_eval(i, dir, sets, nsets, reps, 1, &ko[i], &diag);
        if (st == VOL_OK && points)
            st = vol_pattern_robust(i, dir, sets, nsets, points, rreps, (uint64_t)rseed, &rob[i], &diag);
        if (st != VOL_OK) {
            vol_diag_print(&diag, stderr);
            fprintf(stderr, "volsim patterns: %s\n", vol_error_message());
            vol_diag_free(&diag);
            rc = st == VOL_EINVAL ? EXIT_BAD_INPUT : EXIT_RUNTIME;
            goto done;
        }
        vol_diag_free(&diag);
        all_hold &= res[i].holds && !(knockout && ko[i].holds);
        if (!markdown) {
            vol_pattern_print_one(stdout, i, &res[i], knockout ? &ko[i] : NULL, points ? &rob[i] : NULL);
            fflush(stdout);
        }
    }
    if (markdown) {
        vol_patterns_run run = {.reps = reps, .points = points, .robust_reps = rreps, .robust_seed = (uint64_t)rseed,
                                 .sets = sets, .nsets = nsets};
        vol_patterns_print(stdout, res, knockout ? ko : NULL, points ? rob : NULL, n, &run);
    }
    rc = all_hold ? 0 : 1;
done:
    free(res);
    free(ko);
    free(rob);
    return rc;
}

/* ---- volsim sweep -------------------------------------------------------- */
/* --paired A,B: paired replicate control on two policies of the sweep;
 * exit 2 with the policies listed when they do not fit. */
static int set_paired(vol_sweep *sw, const char *pair)
{
    const char *comma = strchr(pair, ',');
    long ia = -1, ib = -1;
    for (size_t i = 0; comma && i < sw->npolicies; i++) {
        const char *n = sw->policies[i].name;
        if (strlen(n) == (size_t)(comma - pair) && strncmp(n, pair, (size_t)(comma - pair)) == 0) ia = (long)i;
        if (strcmp(n, comma + 1) == 0) ib = (long)i;
    }
    if (ia < 0 || ib < 0 || ia == ib) {
        fprintf(stderr, "volsim sweep: --paired: expected two different policies of %s as A,B, found '%s'; it has",
                sw->path, pair);
        for (size_t i = 0; i < sw->npolicies; i++) fprintf(stderr, " %s", sw->policies[i].name);
        fprintf(stderr, "\n");
        return EXIT_BAD_INPUT;
    }
    vol_sweep_set_auto_paired(sw, (size_t)ia, (size_t)ib);
    return 0;
}

int vcli_cmd_sweep(const vcli_args *a)
{
    vcli_sweep_options o = {vcli_text(a, "output"), vcli_given(a, "force") > 0, vcli_given(a, "resume") > 0,
                            vcli_given(a, "quiet") > 0, (double)vcli_int(a, "checkpoint", 30), a->cmdline};
    const int auto_on = vcli_given(a, "replicates") > 0;
    const double width = vcli_real(a, "ci-width", NAN);
    const char *metric_name = vcli_text(a, "metric");
    const long max_reps = vcli_int(a, "max-replicates", 200), batch = vcli_int(a, "batch", 10);
    const long threads = vcli_int(a, "threads", 0);
    size_t nsets;
    const char **sets = vcli_list(a, "set", &nsets);
    char *defpath = NULL;
    int rc = 0;
    if (a->npos != 1) return usage_error("sweep", "expected one sweep file");
    if (o.resume && o.force) return usage_error("sweep", "--resume and --force contradict each other");
    int metric = metric_name ? vol_metrics_find(metric_name) : -1;
    if (auto_on && (isnan(width) || !metric_name))
        return usage_error("sweep", "--replicates auto needs --ci-width W and --metric M");
    if (!auto_on && (!isnan(width) || metric_name))
        return usage_error("sweep", "--ci-width and --metric go with --replicates auto");
    const char *paired = vcli_text(a, "paired");
    if (paired && !auto_on) return usage_error("sweep", "--paired goes with --replicates auto");
    int rank, size;
    vcli_mpi_start(NULL, NULL, &rank, &size);
    if (rank != 0) o.quiet = 1;
    vol_sweep sw;
    vol_diag diag;
    vol_diag_init(&diag);
    size_t problems = vol_sweep_load(a->pos[0], sets, nsets, &sw, &diag);
    if (problems) {
        if (rank == 0) {
            vol_diag_print(&diag, stderr);
            fprintf(stderr, "volsim sweep: %zu problem%s; nothing was run\n", problems, problems == 1 ? "" : "s");
        }
        vcli_mpi_stop();
        vol_diag_free(&diag);
        vol_sweep_free(&sw);
        rc = EXIT_BAD_INPUT;
        goto done;
    }
    vol_diag_free(&diag);
    /* refuse before anything is allocated a design point that cannot fit in
     * memory with a run per thread (each rank checks its own machine) */
    {
        long at_once = threads > 0 ? threads : omp_get_max_threads();
        int fits = 1;
        for (size_t pc = 0; pc < sw.npolicies && fits; pc++)
            for (size_t pt = 0; pt < sw.npoints && fits; pt++) {
                vol_params p = sw.policies[pc].params;
                for (size_t f = 0; f < sw.k; f++) vol_params_set(&p, sw.params[f].info, sw.values[pt * sw.k + f]);
                char msg[768];
                if (!vol_memory_fits(&p, (int)at_once, msg, sizeof msg)) {
                    fprintf(stderr, "volsim sweep%s: %s: policy %s, design point %zu: %s; nothing was run\n",
                            size > 1 ? " (a rank)" : "", a->pos[0], sw.policies[pc].name, pt, msg);
                    fits = 0;
                }
            }
        if (!vcli_mpi_all(fits)) {
            vol_sweep_free(&sw);
            vcli_mpi_stop();
            rc = EXIT_BAD_INPUT;
            goto done;
        }
    }
    /* the sweep file's run limit (points x policies x replicates), for the
     * most replicates auto can run */
    if (auto_on && (double)sw.npoints * (double)sw.npolicies * (double)max_reps > 2147483647.0) {
        fprintf(stderr, "volsim sweep: --max-replicates: expected at most 2147483647 runs (points x policies x "
                        "replicates), found %zu points x %zu policies x %ld replicates; nothing was run\n",
                sw.npoints, sw.npolicies, max_reps);
        vol_sweep_free(&sw);
        vcli_mpi_stop();
        rc = EXIT_BAD_INPUT;
        goto done;
    }
    if (auto_on) vol_sweep_set_auto(&sw, width, metric, batch, max_reps);
    if (paired && (rc = set_paired(&sw, paired)) != 0) {
        vol_sweep_free(&sw);
        vcli_mpi_stop();
        goto done;
    }
    if (!o.output) {
        if (rank == 0 && !is_dir("results") && mkdir("results", 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "volsim sweep: cannot create directory 'results': %s\n", strerror(errno));
            vol_sweep_free(&sw);
            vcli_mpi_stop();
            rc = EXIT_RUNTIME;
            goto done;
        }
        if (asprintf(&defpath, "results/%s.h5", sw.name) < 0) { vol_sweep_free(&sw); vcli_mpi_stop(); rc = EXIT_RUNTIME; goto done; }
        o.output = defpath;
    }
    if (threads > 0) omp_set_num_threads((int)threads);
    rc = vcli_sweep_execute(&sw, &o);
    vol_sweep_free(&sw);
    vcli_mpi_stop();
done:
    free(defpath);
    return rc;
}

/* ---- volsim calibration ------------------------------------------------- */
int vcli_cmd_calibration(const vcli_args *a)
{
    const long reps = vcli_int(a, "replicates", 30), threads = vcli_int(a, "threads", 0);
    const int markdown = vcli_choice(a, "format", 0) == 1;
    size_t nsets;
    const char **sets = vcli_list(a, "set", &nsets);
    int rc = 0;
    if (a->npos > 1) return usage_error("calibration", "expected at most one scenario file, found %d", a->npos);
    const char *path = a->npos ? a->pos[0] : "scenarios/baseline.cfg";
    vol_scenario sc;
    vol_diag diag;
    vol_diag_init(&diag);
    if (vol_scenario_load(path, sets, nsets, &sc, &diag)) {
        vol_diag_print(&diag, stderr);
        vol_diag_free(&diag);
        rc = EXIT_BAD_INPUT;
        goto done;
    }
    vol_diag_free(&diag);
    if (threads > 0) omp_set_num_threads((int)threads);
    size_t n = vol_calibration_count();
    vol_calibration_row *rows = calloc(n, sizeof *rows);
    if (!rows || vol_calibration_eval(&sc.params, reps, rows) != VOL_OK) {
        fprintf(stderr, "volsim calibration: %s\n", rows ? vol_error_message() : "out of memory");
        rc = EXIT_RUNTIME;
    } else {
        vol_calibration_print(stdout, markdown, rows, n, reps, sc.name);
    }
    free(rows);
    vol_scenario_free(&sc);
done:
    return rc;
}

/* ---- dispatch ----------------------------------------------------------- */

int main(int argc, char **argv)
{
    vol_error_install_gsl_handler();
    /* a file over the size limit (ulimit -f) fails to grow with EFBIG, which
     * is reported like a full disk, instead of killing volsim mid-write */
    signal(SIGXFSZ, SIG_IGN);
    /* a signal removes this process's temporary files; run, sweep and
     * calibrate then install their own handlers, which keep complete work */
    vcli_output_notices();
    vcli_output_signals();
    vol_results_library_init();
    /* a limit that cannot be read is an error, not a silent fall-back */
    const char *limit = getenv("VOLSIM_MEMORY_LIMIT");
    if (limit && *limit && vol_memory_parse_size(limit) == 0) {
        fprintf(stderr, "volsim: VOLSIM_MEMORY_LIMIT: expected a size in bytes, optionally with K, M, G or T (e.g. "
                        "512M, 4G), found '%s'\n", limit);
        return EXIT_BAD_INPUT;
    }
    if (argc < 2) {
        vcli_print_usage(stderr, NULL);
        return EXIT_BAD_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        vcli_print_usage(stdout, NULL);
        return 0;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("volsim %s (git %s)\n", vol_version(), VOLSIM_GIT_COMMIT);
        return 0;
    }
    const vcli_command *c = vcli_command_find(cmd);
    if (!c) return usage_error(NULL, "unknown command '%s'", cmd);
    char *cmdline = join_command_line(argc, argv);
    if (!cmdline) return EXIT_RUNTIME;
    vcli_args a;
    /* the commands that read results files run guarded (vcli_run_guarded) */
    int rc = vcli_args_parse(c, argc - 1, argv + 1, cmdline, &a);
    if (rc < 0) {
        rc = c->guarded ? vcli_run_guarded(c->run, &a) : c->run(&a);
        vcli_args_free(&a);
    }
    free(cmdline);
    return rc;
}
