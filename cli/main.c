/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: the volsim command. Only this file decides to exit.
 * Exit codes: 0 success, 2 bad input (usage, scenario files, existing
 * output), 1 runtime failure, 128 + the signal when run or sweep was
 * interrupted (130 SIGINT, 143 SIGTERM) and kept what was complete. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
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
#include "analyze.h"
#include "vol_gitinfo.h"

#define EXIT_BAD_INPUT 2
#define EXIT_RUNTIME 1

/* The signal that interrupted volsim run (SIGINT, SIGTERM), 0 if none. A
 * second signal stops at once: the temporary results file (run_tmp_path,
 * when set) is removed and the process exits (async-signal-safe calls). */
static volatile sig_atomic_t interrupted = 0;
static char run_tmp_path[4096], run_out_path[4096];
static void on_signal(int sig)
{
    if (interrupted) {
        static const char msg[] = "volsim run: interrupted again; stopped at once, nothing was written to ";
        if (run_tmp_path[0]) unlink(run_tmp_path);
        if (write(STDERR_FILENO, msg, sizeof msg - 1) > 0 && write(STDERR_FILENO, run_out_path, strlen(run_out_path)) > 0)
            (void)!write(STDERR_FILENO, "\n", 1);
        _exit(128 + sig);
    }
    interrupted = sig;
}

static int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "volsim%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'volsim %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return EXIT_BAD_INPUT;
}

/* ---- argument helpers ------------------------------------------------- */
static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return 0;
    *out = v;
    return 1;
}

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
static const char run_usage[] =
    "Usage: volsim run SCENARIO.cfg... [options]\n"
    "Runs each scenario's replicates and writes one HDF5 results file.\n\n"
    "  -o, --output FILE      results file (default results/<scenario>.h5; for several\n"
    "                         scenarios results/<a>_vs_<b>....h5)\n"
    "  -r, --replicates N     replicates per scenario (sets run.replicates), or auto:\n"
    "      --ci-width W       with auto: add replicates until the 95% interval of --metric\n"
    "      --metric M         on the last day is narrower than W (default batches of 10,\n"
    "      --batch B          at most 200: --batch, --max-replicates); the results file\n"
    "      --max-replicates N records why it stopped\n"
    "  -s, --seed S           master seed (sets run.seed)\n"
    "  -d, --days D           simulated days (sets run.days)\n"
    "  -t, --threads T        OpenMP threads (default: all cores); results do not depend on it\n"
    "      --set PATH=VALUE   override any parameter (repeatable; see 'volsim params')\n"
    "      --agents           also write the final agent tables of every replicate\n"
    "      --events           also write the event log of every replicate\n"
    "  -f, --force            overwrite an existing results file\n"
    "  -q, --quiet            no progress and no summary\n"
    "  -h, --help             this help\n\n"
    "Scenarios run with the same seed share their random streams (common random numbers),\n"
    "so their differences are paired.\n\n"
    "Interrupted (Ctrl-C, SIGINT or SIGTERM), it finishes the replicates running and keeps\n"
    "the completed ones (the first of each scenario) in the results file, marked with root\n"
    "attributes complete = 0 and interrupted; a second Ctrl-C stops at once, keeping nothing.\n"
    "A failed run (full disk, unwritable directory) leaves nothing under the file's name.\n"
    "Exit status: 0 success, 2 bad input, 1 failure, 130 interrupted by SIGINT (143 by SIGTERM).\n";

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
 * asked, its agent tables and events, and counts it in the progress. */
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
    if (st == VOL_OK) progress_tick(ctx->pg, ctx->name);
    return st;
}

/* The options of volsim run. */
typedef struct {
    int on;
    double width;
    int metric;
    long max, batch;
} run_control;

typedef struct {
    const char *output, *metric_name;
    run_control rcontrol;
    long threads;
    int agents, events, force, quiet;
    char **sets; /* --set and the settings of -r, -s, -d; free with free_run_options */
    size_t nsets;
    char *owned[3];
} run_options;

static void free_run_options(run_options *o)
{
    for (int i = 0; i < 3; i++) free(o->owned[i]);
    free(o->sets);
}

/* Parses the options (scenario files from optind on): -1 to go on, else
 * the exit status (usage printed, or an error said). */
static int parse_run_options(int argc, char **argv, run_options *o)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"replicates", required_argument, 0, 'r'},
        {"seed", required_argument, 0, 's'},   {"days", required_argument, 0, 'd'},
        {"threads", required_argument, 0, 't'}, {"set", required_argument, 0, 'S'},
        {"agents", no_argument, 0, 'A'},        {"events", no_argument, 0, 'E'},
        {"force", no_argument, 0, 'f'},         {"quiet", no_argument, 0, 'q'},
        {"ci-width", required_argument, 0, 'W'}, {"metric", required_argument, 0, 'M'},
        {"max-replicates", required_argument, 0, 'X'}, {"batch", required_argument, 0, 'B'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    long tmp;
    int rc = EXIT_BAD_INPUT;
    *o = (run_options){.rcontrol = {0, NAN, -1, 200, 10}};
    o->sets = calloc((size_t)argc + 4, sizeof *o->sets);
    if (!o->sets) return EXIT_RUNTIME;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:r:s:d:t:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o->output = optarg; break;
        case 'W': {
            char *end;
            o->rcontrol.width = strtod(optarg, &end);
            if (*end || !(o->rcontrol.width > 0)) { rc = usage_error("run", "--ci-width: expected a positive number, found '%s'", optarg); return rc; }
            break;
        }
        case 'M': o->metric_name = optarg; break;
        case 'X':
            if (!parse_long(optarg, 2, 100000, &o->rcontrol.max)) { rc = usage_error("run", "--max-replicates: expected an integer in [2, 100000], found '%s'", optarg); return rc; }
            break;
        case 'B':
            if (!parse_long(optarg, 2, 100000, &o->rcontrol.batch)) { rc = usage_error("run", "--batch: expected an integer in [2, 100000], found '%s'", optarg); return rc; }
            break;
        case 'r':
            if (strcmp(optarg, "auto") == 0) { o->rcontrol.on = 1; break; }
            if (!parse_long(optarg, 1, 100000, &tmp)) { rc = usage_error("run", "--replicates: expected an integer in [1, 100000] or auto, found '%s'", optarg); return rc; }
            if (asprintf(&o->owned[0], "run.replicates=%ld", tmp) < 0) { rc = EXIT_RUNTIME; return rc; }
            o->sets[o->nsets++] = o->owned[0];
            break;
        case 's':
            if (!parse_long(optarg, 0, 4611686018427387904L, &tmp)) { rc = usage_error("run", "--seed: expected an integer in [0, 2^62], found '%s'", optarg); return rc; }
            if (asprintf(&o->owned[1], "run.seed=%ldL", tmp) < 0) { rc = EXIT_RUNTIME; return rc; }
            o->sets[o->nsets++] = o->owned[1];
            break;
        case 'd':
            if (!parse_long(optarg, 1, 36500, &tmp)) { rc = usage_error("run", "--days: expected an integer in [1, 36500], found '%s'", optarg); return rc; }
            if (asprintf(&o->owned[2], "run.days=%ld", tmp) < 0) { rc = EXIT_RUNTIME; return rc; }
            o->sets[o->nsets++] = o->owned[2];
            break;
        case 't':
            if (!parse_long(optarg, 1, 4096, &o->threads)) { rc = usage_error("run", "--o->threads: expected an integer in [1, 4096], found '%s'", optarg); return rc; }
            break;
        case 'S': o->sets[o->nsets++] = optarg; break;
        case 'A': o->agents = 1; break;
        case 'E': o->events = 1; break;
        case 'f': o->force = 1; break;
        case 'q': o->quiet = 1; break;
        case 'h': fputs(run_usage, stdout); rc = 0; return rc;
        case ':': rc = usage_error("run", "option '%s' needs a value", argv[optind - 1]); return rc;
        default: rc = usage_error("run", "unknown option '%s'", argv[optind - 1]); return rc;
        }
    }
    int nsc = argc - optind;
    if (nsc < 1) { rc = usage_error("run", "no scenario file given"); return rc; }
    if (o->rcontrol.on) {
        if (isnan(o->rcontrol.width) || !o->metric_name) { rc = usage_error("run", "--replicates auto needs --ci-width W and --metric M"); return rc; }
        o->rcontrol.metric = vol_metrics_find(o->metric_name);
        if (o->rcontrol.metric < 0) { rc = usage_error("run", "--metric: expected a metric of 'volsim metrics', found '%s'", o->metric_name); return rc; }
    } else if (!isnan(o->rcontrol.width) || o->metric_name) {
        rc = usage_error("run", "--ci-width and --metric go with --replicates auto");
        return rc;
    }
    return -1;
}

static int cmd_run(int argc, char **argv, const char *cmdline)
{
    run_options o;
    int rc = parse_run_options(argc, argv, &o);
    if (rc >= 0) {
        free_run_options(&o);
        return rc;
    }
    const char *output = o.output;
    run_control rcontrol = o.rcontrol;
    const long threads = o.threads;
    const int agents = o.agents, events = o.events, force = o.force, quiet = o.quiet;
    const char *const *sets = (const char *const *)o.sets;
    const size_t nsets = o.nsets;
    int nsc = argc - optind;
    vol_scenario *sc = calloc((size_t)nsc, sizeof *sc);
    if (!sc) { rc = EXIT_RUNTIME; goto done; }
    size_t problems = 0;
    vol_diag diag;
    vol_diag_init(&diag);
    for (int i = 0; i < nsc; i++)
        problems += vol_scenario_load(argv[optind + i], (const char *const *)sets, nsets, &sc[i], &diag);
    for (int i = 0; i < nsc && !problems; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(sc[i].name, sc[j].name) == 0) {
                vol_diag_add(&diag, "%s:1: name: expected a name different from %s's, found \"%s\" in both",
                              sc[i].path, sc[j].path, sc[i].name);
                problems++;
            }
    if (problems) {
        vol_diag_print(&diag, stderr);
        fprintf(stderr, "volsim run: %zu problem%s; nothing was run\n", problems, problems == 1 ? "" : "s");
        vol_diag_free(&diag);
        rc = EXIT_BAD_INPUT;
        goto free_scenarios;
    }
    vol_diag_free(&diag);

    /* refuse before anything is allocated what cannot fit in memory: the
     * replicates running at once each hold a whole population */
    for (int i = 0; i < nsc; i++) {
        long at_once = threads > 0 ? threads : omp_get_max_threads();
        if (at_once > sc[i].params.run_replicates) at_once = sc[i].params.run_replicates;
        char msg[768];
        if (!vol_memory_fits(&sc[i].params, (int)at_once, msg, sizeof msg)) {
            fprintf(stderr, "volsim run: %s: %s; nothing was run\n", sc[i].path, msg);
            rc = EXIT_BAD_INPUT;
            goto free_scenarios;
        }
    }

    char *defpath = NULL;
    if (!output) {
        size_t len = 16;
        for (int i = 0; i < nsc; i++) len += strlen(sc[i].name) + 4;
        defpath = malloc(len);
        if (!defpath) { rc = EXIT_RUNTIME; goto free_scenarios; }
        strcpy(defpath, "results/");
        for (int i = 0; i < nsc; i++) {
            if (i) strcat(defpath, "_vs_");
            strcat(defpath, sc[i].name);
        }
        strcat(defpath, ".h5");
        if (!is_dir("results") && mkdir("results", 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "volsim run: cannot create directory 'results': %s\n", strerror(errno));
            rc = EXIT_RUNTIME;
            free(defpath);
            goto free_scenarios;
        }
        output = defpath;
    }

    /* SIGINT or SIGTERM: no new replicate starts, those running finish, and
     * the completed ones are kept (see below); a second signal stops at
     * once, removing the temporary file: nothing under the final name. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigfillset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    vol_provenance prov = {cmdline, VOLSIM_GIT_COMMIT, vol_version()};
    vol_results *res = NULL;
    vol_status st = vol_results_create(output, force, &prov, &res);
    if (st != VOL_OK) {
        fprintf(stderr, "volsim run: %s\n", vol_error_message());
        rc = st == VOL_EINVAL ? EXIT_BAD_INPUT : EXIT_RUNTIME;
        free(defpath);
        goto free_scenarios;
    }
    snprintf(run_tmp_path, sizeof run_tmp_path, "%s", vol_results_tmp_path(res));
    snprintf(run_out_path, sizeof run_out_path, "%s", output);
    if (threads > 0) omp_set_num_threads((int)threads);

    progress pg = {0, 0, now_seconds(), !quiet && isatty(STDERR_FILENO)};
    for (int i = 0; i < nsc; i++) pg.total += sc[i].params.run_replicates;
    int failed = 0;
    char failure[1024] = "";
    double **finals_all = calloc((size_t)nsc, sizeof *finals_all);
    long *kept = calloc((size_t)nsc, sizeof *kept), *requested = calloc((size_t)nsc, sizeof *requested);
    if (!finals_all || !kept || !requested) {
        vol_results_abort(res);
        free(finals_all); free(kept); free(requested); free(defpath);
        rc = EXIT_RUNTIME;
        goto free_scenarios;
    }
    double t_start = now_seconds();
    int started = 0, nwhole = 0; /* scenarios begun, and run to their end */
    for (int i = 0; i < nsc && !failed && !interrupted; i++) {
        const vol_params *p = &sc[i].params;
        long days = p->run_days;
        /* with replicate control, replicates come in batches until the 95%
         * interval of the metric is narrow enough or the maximum is reached */
        long cap = rcontrol.on ? rcontrol.max : p->run_replicates;
        long reps = 0, target = rcontrol.on ? (rcontrol.batch < cap ? rcontrol.batch : cap) : cap;
        char control[512] = "";
        size_t index;
        requested[i] = cap;
        if (vol_results_add_scenario(res, &sc[i], target, days, &index) != VOL_OK) {
            snprintf(failure, sizeof failure, "%s", vol_error_message());
            failed = 1;
            break;
        }
        started = i + 1;
        double *finals = malloc((size_t)cap * VOL_M_COUNT * sizeof *finals);
        finals_all[i] = finals;
        if (!finals) { snprintf(failure, sizeof failure, "out of memory"); failed = 1; break; }
        while (!failed && !interrupted && reps < target) {
            /* replicates are claimed in order, and a claimed one always
             * runs to its end: when interrupted, the completed replicates
             * are 0..next-1, with no gap */
            run_sink ctx = {res, index, finals, agents, events, p->run_panel > 0, &pg, sc[i].name};
            vol_engine_replicates job = {.params = p, .first = reps, .count = target - reps, .log_events = events,
                                         .label = sc[i].name, .sink = write_replicate, .ctx = &ctx,
                                         .stop = &interrupted};
            long done = 0;
            if (vol_engine_run_replicates(&job, &done) != VOL_OK) {
                snprintf(failure, sizeof failure, "%s", vol_error_message());
                failed = 1;
            }
            long next = reps + done;
            reps = next;
            if (!rcontrol.on || failed || interrupted) break;
            double mean, half;
            vol_mean_ci95(finals + rcontrol.metric, VOL_M_COUNT, reps, &mean, &half);
            double width = 2 * half;
            if (width < rcontrol.width) {
                snprintf(control, sizeof control, "stopped at %ld replicates: the 95%% interval of %s on the last day "
                         "is %.6g wide, below the target %.6g (batches of %ld, at most %ld)", reps,
                         vol_metrics_info((size_t)rcontrol.metric)->name, width, rcontrol.width, rcontrol.batch, cap);
            } else if (reps >= cap) {
                snprintf(control, sizeof control, "stopped at the maximum of %ld replicates: the 95%% interval of %s "
                         "on the last day is %.6g wide, above the target %.6g", reps,
                         vol_metrics_info((size_t)rcontrol.metric)->name, isnan(width) ? INFINITY : width, rcontrol.width);
            } else {
                target = reps + rcontrol.batch < cap ? reps + rcontrol.batch : cap;
                pg.total += target - reps;
                continue;
            }
            break;
        }
        if (failed) break;
        kept[i] = reps;
        /* all its replicates, even if a signal came during the last one */
        int whole = rcontrol.on ? control[0] != '\0' : reps == cap;
        if (interrupted && reps == 0) {
            /* interrupted before its first replicate was complete: not in the file */
            if (vol_results_drop_scenario(res, index) != VOL_OK) {
                snprintf(failure, sizeof failure, "%s", vol_error_message());
                failed = 1;
            }
            break;
        }
        if (interrupted && !whole && rcontrol.on)
            snprintf(control, sizeof control, "interrupted at %ld replicates, before the 95%% interval of %s on the "
                     "last day was below the target %.6g (batches of %ld, at most %ld)", reps,
                     vol_metrics_info((size_t)rcontrol.metric)->name, rcontrol.width, rcontrol.batch, cap);
        sc[i].params.run_replicates = reps;
        if (vol_results_finish_scenario(res, index, &sc[i], reps, rcontrol.on ? control : NULL) != VOL_OK) {
            snprintf(failure, sizeof failure, "%s", vol_error_message());
            failed = 1;
            break;
        }
        if (interrupted && !whole) break;
        nwhole++;
        if (rcontrol.on && !quiet) printf("\n%s: %s\n", sc[i].name, control);
        if (!quiet) print_key_outcomes(&sc[i], finals, reps);
    }
    if (nwhole == nsc) interrupted = 0; /* the signal came too late to stop anything */
    /* what an interrupted run kept: "a 40 of 40, b 12 of 40; not started: c" */
    long nkept = 0, nrequested = 0;
    char kept_list[1024] = "";
    if (interrupted && !failed) {
        size_t len = 0;
        for (int i = 0; i < nsc; i++) {
            nkept += kept[i];
            nrequested += i < started ? requested[i] : (rcontrol.on ? rcontrol.max : sc[i].params.run_replicates);
            if (i < started && len < sizeof kept_list)
                len += (size_t)snprintf(kept_list + len, sizeof kept_list - len, "%s%s %ld of %s%ld", i ? ", " : "",
                                        sc[i].name, kept[i], rcontrol.on ? "at most " : "", requested[i]);
        }
        for (int i = started; i < nsc && len < sizeof kept_list; i++)
            len += (size_t)snprintf(kept_list + len, sizeof kept_list - len, "%s%s", i == started ? "; not started: " : ", ",
                                    sc[i].name);
        /* the file records how many of each scenario were requested */
        for (int i = 0; i < started && !failed && nkept > 0; i++)
            if (kept[i] > 0 && vol_results_set_requested(res, (size_t)i, requested[i]) != VOL_OK) {
                snprintf(failure, sizeof failure, "%s", vol_error_message());
                failed = 1;
            }
    }
    const char *signame = interrupted == SIGTERM ? "SIGTERM" : "SIGINT";
    if (pg.show && (failed || interrupted)) fputc('\n', stderr);
    if (failed) {
        vol_results_abort(res);
        fprintf(stderr, "volsim run: %s; nothing was written to %s\n", failure, output);
        rc = EXIT_RUNTIME;
    } else if (interrupted && nkept == 0) {
        vol_results_abort(res);
        fprintf(stderr, "volsim run: interrupted by %s before any replicate was complete; nothing was written to %s\n",
                signame, output);
        rc = 128 + interrupted;
    } else if (interrupted) {
        char note[1200];
        snprintf(note, sizeof note, "interrupted by %s after %ld of %ld replicates (%s); the replicates kept are the "
                 "first ones, complete", signame, nkept, nrequested, kept_list);
        if ((st = vol_results_mark_interrupted(res, note)) != VOL_OK || (st = vol_results_commit(res)) != VOL_OK) {
            if (st == VOL_ENOMEM) vol_results_abort(res);
            fprintf(stderr, "volsim run: interrupted by %s, and the %ld completed replicates could not be kept: %s\n",
                    signame, nkept, vol_error_message());
            rc = EXIT_RUNTIME;
        } else {
            fprintf(stderr, "volsim run: interrupted by %s; kept the %ld completed replicate%s of %ld in %s (%s), "
                    "marked as interrupted (root attribute complete = 0); run again with --force or -o for all of "
                    "them\n", signame, nkept, nkept == 1 ? "" : "s", nrequested, output, kept_list);
            rc = 128 + interrupted;
        }
    } else if ((st = vol_results_commit(res)) != VOL_OK) {
        fprintf(stderr, "volsim run: %s\n", vol_error_message());
        rc = st == VOL_EINVAL ? EXIT_BAD_INPUT : EXIT_RUNTIME;
    } else {
        if (!quiet) print_paired_differences(sc, finals_all, nsc);
        if (!quiet)
            printf("\nwrote %s: %d scenario%s, %ld replicates in %.1f s\n", output, nsc, nsc == 1 ? "" : "s",
                   pg.total, now_seconds() - t_start);
        rc = 0;
    }
    free(kept);
    free(requested);
    for (int i = 0; i < nsc; i++) free(finals_all[i]);
    free(finals_all);
    free(defpath);
free_scenarios:
    for (int i = 0; i < nsc; i++) vol_scenario_free(&sc[i]);
    free(sc);
done:
    free_run_options(&o);
    return rc;
}

/* ---- volsim check ------------------------------------------------------- */
static const char check_usage[] =
    "Usage: volsim check SCENARIO.cfg... [--set PATH=VALUE]...\n"
    "Validates scenario files (with their bases and overrides) without running them.\n"
    "Every problem is reported, one per line, as FILE:LINE: SETTING: expected ..., found ...\n"
    "Exit status: 0 when all are valid, 2 otherwise.\n";

static int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {{"set", required_argument, 0, 'S'}, {"help", no_argument, 0, 'h'},
                                         {"quiet", no_argument, 0, 'q'}, {0, 0, 0, 0}};
    char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t nsets = 0;
    int quiet = 0, c, rc = 0;
    if (!sets) return EXIT_RUNTIME;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":hq", opts, NULL)) != -1) {
        if (c == 'S') sets[nsets++] = optarg;
        else if (c == 'q') quiet = 1;
        else if (c == 'h') { fputs(check_usage, stdout); free(sets); return 0; }
        else { free(sets); return usage_error("check", "unknown option or missing value '%s'", argv[optind - 1]); }
    }
    if (optind >= argc) { free(sets); return usage_error("check", "no scenario file given"); }
    for (int i = optind; i < argc; i++) {
        vol_scenario sc;
        vol_diag diag;
        vol_diag_init(&diag);
        size_t n = vol_scenario_load(argv[i], (const char *const *)sets, nsets, &sc, &diag);
        if (n) {
            vol_diag_print(&diag, stderr);
            fprintf(stderr, "%s: %zu problem%s\n", argv[i], n, n == 1 ? "" : "s");
            rc = EXIT_BAD_INPUT;
        } else {
            if (!quiet) printf("%s: ok (scenario '%s', %zu file%s)\n", argv[i], sc.name, sc.chain_len,
                               sc.chain_len == 1 ? "" : "s");
            vol_scenario_free(&sc);
        }
        vol_diag_free(&diag);
    }
    free(sets);
    return rc;
}

/* ---- volsim params / metrics ------------------------------------------ */
static int parse_format(const char *cmd, int argc, char **argv, vcli_format *fmt, const char *usage)
{
    static const struct option opts[] = {{"format", required_argument, 0, 'F'}, {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    opterr = 0;
    *fmt = VCLI_FORMAT_TEXT;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'F') {
            if (strcmp(optarg, "text") == 0) *fmt = VCLI_FORMAT_TEXT;
            else if (strcmp(optarg, "csv") == 0) *fmt = VCLI_FORMAT_CSV;
            else if (strcmp(optarg, "markdown") == 0) *fmt = VCLI_FORMAT_MARKDOWN;
            else return usage_error(cmd, "--format: expected one of text|csv|markdown, found '%s'", optarg);
        } else if (c == 'h') {
            fputs(usage, stdout);
            return -1;
        } else {
            return usage_error(cmd, "unknown option or missing value '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) return usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    return 0;
}

static const char params_usage[] =
    "Usage: volsim params [--format text|csv|markdown]\n"
    "Prints the parameter table: dotted name, type, default, min, max, unit, description.\n";
static const char metrics_usage[] =
    "Usage: volsim metrics [--format text|csv|markdown]\n"
    "Prints the metrics table: name, unit, description.\n";

static int cmd_params(int argc, char **argv)
{
    vcli_format fmt;
    int rc = parse_format("params", argc, argv, &fmt, params_usage);
    if (rc) return rc < 0 ? 0 : rc;
    vcli_print_params(stdout, fmt);
    return 0;
}

static int cmd_metrics(int argc, char **argv)
{
    vcli_format fmt;
    int rc = parse_format("metrics", argc, argv, &fmt, metrics_usage);
    if (rc) return rc < 0 ? 0 : rc;
    vcli_print_metrics(stdout, fmt);
    return 0;
}

/* ---- volsim patterns ---------------------------------------------------- */
static const char patterns_usage[] =
    "Usage: volsim patterns [--replicates N] [--scenarios DIR] [--set PATH=VALUE]... [--only ID]...\n"
    "                       [--knockout] [--robustness N [--robustness-replicates R] [--robustness-seed S]]\n"
    "                       [--threads T] [--format text|markdown]\n"
    "Checks the patterns of the model brief (P1-P10) and the emergent patterns\n"
    "(E1-) on the shipped scenarios: each compares two scenarios replicate by\n"
    "replicate over common random numbers and holds when the whole 95% interval\n"
    "of the difference lies beyond the row's stated magnitude in the expected\n"
    "direction. --set applies to every scenario (e.g. a smaller population).\n"
    "--knockout also runs each row with its mechanism switched off (the row's\n"
    "knockout settings, applied last to both scenarios): the row must then fail.\n"
    "--robustness N also runs each row at N points of a Latin hypercube over the\n"
    "plausible ranges of the behavioural parameters (R replicates per point,\n"
    "default 10; seed S, default 20261202) and reports the share where it holds.\n"
    "Defaults: 30 replicates, scenarios from ./scenarios. Exit status 0 when all\n"
    "checked patterns hold (and, with --knockout, all fail knocked out), 1\n"
    "otherwise, 2 on bad input.\n";

static int cmd_patterns(int argc, char **argv)
{
    static const struct option opts[] = {
        {"replicates", required_argument, 0, 'r'}, {"scenarios", required_argument, 0, 'D'},
        {"set", required_argument, 0, 'S'},        {"only", required_argument, 0, 'O'},
        {"threads", required_argument, 0, 't'},    {"format", required_argument, 0, 'F'},
        {"knockout", no_argument, 0, 'K'},         {"robustness", required_argument, 0, 'R'},
        {"robustness-replicates", required_argument, 0, 'Q'}, {"robustness-seed", required_argument, 0, 'E'},
        {"help", no_argument, 0, 'h'},             {0, 0, 0, 0}};
    long reps = 30, threads = 0, points = 0, rreps = 10, rseed = 20261202;
    const char *dir = "scenarios";
    int markdown = 0, knockout = 0, c, rc = 0;
    char **sets = calloc((size_t)argc + 1, sizeof *sets), **only = calloc((size_t)argc + 1, sizeof *only);
    size_t nsets = 0, nonly = 0;
    vol_pattern_result *res = NULL, *ko = NULL;
    vol_pattern_robustness *rob = NULL;
    if (!sets || !only) { free(sets); free(only); return EXIT_RUNTIME; }
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":r:t:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (!parse_long(optarg, 2, 100000, &reps)) { rc = usage_error("patterns", "--replicates: expected an integer in [2, 100000], found '%s'", optarg); goto done; }
            break;
        case 't':
            if (!parse_long(optarg, 1, 4096, &threads)) { rc = usage_error("patterns", "--threads: expected an integer in [1, 4096], found '%s'", optarg); goto done; }
            break;
        case 'R':
            if (!parse_long(optarg, 1, 100000, &points)) { rc = usage_error("patterns", "--robustness: expected a number of points in [1, 100000], found '%s'", optarg); goto done; }
            break;
        case 'Q':
            if (!parse_long(optarg, 2, 100000, &rreps)) { rc = usage_error("patterns", "--robustness-replicates: expected an integer in [2, 100000], found '%s'", optarg); goto done; }
            break;
        case 'E':
            if (!parse_long(optarg, 0, 4294967295L, &rseed)) { rc = usage_error("patterns", "--robustness-seed: expected an integer in [0, 4294967295], found '%s'", optarg); goto done; }
            break;
        case 'K': knockout = 1; break;
        case 'D': dir = optarg; break;
        case 'S': sets[nsets++] = optarg; break;
        case 'O': only[nonly++] = optarg; break;
        case 'F':
            if (strcmp(optarg, "markdown") == 0) markdown = 1;
            else if (strcmp(optarg, "text") == 0) markdown = 0;
            else { rc = usage_error("patterns", "--format: expected text or markdown, found '%s'", optarg); goto done; }
            break;
        case 'h': fputs(patterns_usage, stdout); goto done;
        default: rc = usage_error("patterns", "unknown option or missing value '%s'", argv[optind - 1]); goto done;
        }
    }
    if (optind < argc) { rc = usage_error("patterns", "unexpected argument '%s'", argv[optind]); goto done; }
    if (threads > 0) omp_set_num_threads((int)threads);
    size_t n = vol_patterns_count();
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
        vol_status st = vol_pattern_eval(i, dir, (const char *const *)sets, nsets, reps, 0, &res[i], &diag);
        if (st == VOL_OK && knockout)
            st = vol_pattern_eval(i, dir, (const char *const *)sets, nsets, reps, 1, &ko[i], &diag);
        if (st == VOL_OK && points)
            st = vol_pattern_robust(i, dir, (const char *const *)sets, nsets, points, rreps, (uint64_t)rseed, &rob[i], &diag);
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
                                 .sets = (const char *const *)sets, .nsets = nsets};
        vol_patterns_print(stdout, res, knockout ? ko : NULL, points ? rob : NULL, n, &run);
    }
    rc = all_hold ? 0 : 1;
done:
    free(res);
    free(ko);
    free(rob);
    free(sets);
    free(only);
    return rc;
}

/* ---- volsim sweep -------------------------------------------------------- */
static const char sweep_usage[] =
    "Usage: volsim sweep SWEEP.cfg [-o FILE.h5] [--threads T] [--resume] [--force] [--quiet]\n"
    "                    [--set PATH=VALUE]... [--checkpoint SECONDS]\n"
    "Runs every design point of a sweep file under each of its policies and replicates,\n"
    "and writes one HDF5 file: the design, each run's outputs (every metric on the last\n"
    "day and averaged over the last year), per-run status and the provenance.\n\n"
    "  -o, --output FILE     results file (default results/<sweep>.h5)\n"
    "  -t, --threads T       OpenMP threads (default all cores); results do not depend on it\n"
    "      --resume          finish an interrupted sweep from its journal (<FILE>.journal)\n"
    "  -f, --force           start again, replacing an existing file and journal\n"
    "      --set PATH=VALUE  override a parameter in every policy (repeatable)\n"
    "      --checkpoint S    rewrite the results file every S seconds while running (default 30)\n"
    "  -r, --replicates auto with --ci-width W --metric M: per point and policy, add batches of\n"
    "                        replicates (--batch, default 10) until the 95% interval of M on the\n"
    "                        last day is narrower than W or --max-replicates (default 200)\n"
    "  -q, --quiet           no progress and no summary\n\n"
    "Finished runs go to the journal as they finish; a sweep killed at any moment loses at most\n"
    "the runs in flight, and the results file is always complete and readable. Interrupted\n"
    "(Ctrl-C, SIGINT or SIGTERM), it finishes the runs in flight, writes the file and says how\n"
    "many runs it kept; after a full disk, what was saved stays. --resume finishes either. See\n"
    "docs/experiments.md. Exit status: 0 success, 2 bad input, 1 failure (a failed run, a full\n"
    "disk), 130 interrupted by SIGINT (143 by SIGTERM).\n";

static int cmd_sweep(int argc, char **argv, const char *cmdline)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"threads", required_argument, 0, 't'},
        {"resume", no_argument, 0, 'R'},       {"force", no_argument, 0, 'f'},
        {"quiet", no_argument, 0, 'q'},        {"set", required_argument, 0, 'S'},
        {"checkpoint", required_argument, 0, 'C'}, {"help", no_argument, 0, 'h'},
        {"replicates", required_argument, 0, 'r'}, {"ci-width", required_argument, 0, 'W'},
        {"metric", required_argument, 0, 'M'},     {"max-replicates", required_argument, 0, 'X'},
        {"batch", required_argument, 0, 'B'},      {0, 0, 0, 0}};
    vcli_sweep_options o = {NULL, 0, 0, 0, 30.0, cmdline};
    int auto_on = 0;
    double width = NAN;
    const char *metric_name = NULL;
    long max_reps = 200, batch = 10;
    long threads = 0, ck;
    int c, rc = 0;
    char **sets = calloc((size_t)argc + 1, sizeof *sets), *defpath = NULL;
    size_t nsets = 0;
    if (!sets) return EXIT_RUNTIME;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:t:r:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (strcmp(optarg, "auto") != 0) { rc = usage_error("sweep", "--replicates: expected auto (fixed replicates are set in the sweep file), found '%s'", optarg); goto done; }
            auto_on = 1;
            break;
        case 'W': {
            char *end;
            width = strtod(optarg, &end);
            if (*end || !(width > 0)) { rc = usage_error("sweep", "--ci-width: expected a positive number, found '%s'", optarg); goto done; }
            break;
        }
        case 'M': metric_name = optarg; break;
        case 'X':
            if (!parse_long(optarg, 2, 100000, &max_reps)) { rc = usage_error("sweep", "--max-replicates: expected an integer in [2, 100000], found '%s'", optarg); goto done; }
            break;
        case 'B':
            if (!parse_long(optarg, 2, 100000, &batch)) { rc = usage_error("sweep", "--batch: expected an integer in [2, 100000], found '%s'", optarg); goto done; }
            break;
        case 'o': o.output = optarg; break;
        case 't':
            if (!parse_long(optarg, 1, 4096, &threads)) { rc = usage_error("sweep", "--threads: expected an integer in [1, 4096], found '%s'", optarg); goto done; }
            break;
        case 'R': o.resume = 1; break;
        case 'f': o.force = 1; break;
        case 'q': o.quiet = 1; break;
        case 'S': sets[nsets++] = optarg; break;
        case 'C':
            if (!parse_long(optarg, 0, 86400, &ck)) { rc = usage_error("sweep", "--checkpoint: expected seconds in [0, 86400], found '%s'", optarg); goto done; }
            o.checkpoint_seconds = (double)ck;
            break;
        case 'h': fputs(sweep_usage, stdout); goto done;
        default: rc = usage_error("sweep", "unknown option or missing value '%s'", argv[optind - 1]); goto done;
        }
    }
    if (optind != argc - 1) { rc = usage_error("sweep", "expected one sweep file"); goto done; }
    if (o.resume && o.force) { rc = usage_error("sweep", "--resume and --force contradict each other"); goto done; }
    int metric = -1;
    if (auto_on) {
        if (isnan(width) || !metric_name) { rc = usage_error("sweep", "--replicates auto needs --ci-width W and --metric M"); goto done; }
        metric = vol_metrics_find(metric_name);
        if (metric < 0) { rc = usage_error("sweep", "--metric: expected a metric of 'volsim metrics', found '%s'", metric_name); goto done; }
    } else if (!isnan(width) || metric_name) {
        rc = usage_error("sweep", "--ci-width and --metric go with --replicates auto");
        goto done;
    }
    int rank, size;
    vcli_mpi_start(&argc, &argv, &rank, &size);
    if (rank != 0) o.quiet = 1;
    vol_sweep sw;
    vol_diag diag;
    vol_diag_init(&diag);
    size_t problems = vol_sweep_load(argv[optind], (const char *const *)sets, nsets, &sw, &diag);
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
                            size > 1 ? " (a rank)" : "", argv[optind], sw.policies[pc].name, pt, msg);
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
    if (auto_on) vol_sweep_set_auto(&sw, width, metric, batch, max_reps);
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
    free(sets);
    return rc;
}

/* ---- volsim calibration ------------------------------------------------- */
static const char calibration_usage[] =
    "Usage: volsim calibration [SCENARIO.cfg] [--replicates N] [--set PATH=VALUE]... [--threads T]\n"
    "                          [--format text|markdown]\n"
    "Runs a scenario (default scenarios/baseline.cfg) and prints the calibration figures\n"
    "of the model brief (sections 5 and 5b) next to the simulated means with 95% intervals.\n"
    "Default 30 replicates.\n";

static int cmd_calibration(int argc, char **argv)
{
    static const struct option opts[] = {
        {"replicates", required_argument, 0, 'r'}, {"set", required_argument, 0, 'S'},
        {"threads", required_argument, 0, 't'},    {"format", required_argument, 0, 'F'},
        {"help", no_argument, 0, 'h'},             {0, 0, 0, 0}};
    long reps = 30, threads = 0;
    int markdown = 0, c, rc = 0;
    char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t nsets = 0;
    if (!sets) return EXIT_RUNTIME;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":r:t:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (!parse_long(optarg, 2, 100000, &reps)) { rc = usage_error("calibration", "--replicates: expected an integer in [2, 100000], found '%s'", optarg); goto done; }
            break;
        case 't':
            if (!parse_long(optarg, 1, 4096, &threads)) { rc = usage_error("calibration", "--threads: expected an integer in [1, 4096], found '%s'", optarg); goto done; }
            break;
        case 'S': sets[nsets++] = optarg; break;
        case 'F':
            if (strcmp(optarg, "markdown") == 0) markdown = 1;
            else if (strcmp(optarg, "text") == 0) markdown = 0;
            else { rc = usage_error("calibration", "--format: expected text or markdown, found '%s'", optarg); goto done; }
            break;
        case 'h': fputs(calibration_usage, stdout); goto done;
        default: rc = usage_error("calibration", "unknown option or missing value '%s'", argv[optind - 1]); goto done;
        }
    }
    const char *path = optind < argc ? argv[optind] : "scenarios/baseline.cfg";
    vol_scenario sc;
    vol_diag diag;
    vol_diag_init(&diag);
    if (vol_scenario_load(path, (const char *const *)sets, nsets, &sc, &diag)) {
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
    free(sets);
    return rc;
}

/* ---- dispatch ----------------------------------------------------------- */
static const char main_usage[] =
    "Usage: volsim COMMAND [options]\n"
    "An agent-based simulator of volunteering ecosystems: clients, volunteers, professionals,\n"
    "companies and NPOs, to test engagement policies before trying them on people.\n\n"
    "Commands:\n"
    "  run SCENARIO.cfg...   run replicates and write an HDF5 results file\n"
    "  sweep SWEEP.cfg       run a parameter sweep (grid, LHS, Sobol, Saltelli, Morris)\n"
    "  check SCENARIO.cfg... validate scenario files without running\n"
    "  summary FILE.h5       means, intervals, medians and quartiles per scenario and metric\n"
    "  compare A.h5 B.h5     differences with intervals (paired over common random numbers)\n"
    "  export FILE.h5        tidy CSV for spreadsheets and R\n"
    "  sensitivity SWEEP.h5  Sobol indices (Saltelli designs) or Morris elementary effects\n"
    "  plot FILE.h5          figures (SVG, PNG) with PLplot\n"
    "  report FILE.h5...     a self-contained HTML report for policy makers\n"
    "  params                list every parameter (name, type, default, range, unit)\n"
    "  metrics               list every recorded outcome (name, unit, description)\n"
    "  patterns              check the patterns of the model brief by simulation (and knocked out)\n"
    "  calibration [S.cfg]   calibration figures of the brief next to the simulated ones\n\n"
    "Options: -h, --help (also after a command), -V, --version\n"
    "See volsim(1), README.md and docs/ for more.\n";

int main(int argc, char **argv)
{
    vol_error_install_gsl_handler();
    /* a file over the size limit (ulimit -f) fails to grow with EFBIG, which
     * is reported like a full disk, instead of killing volsim mid-write */
    signal(SIGXFSZ, SIG_IGN);
    vol_results_library_init();
    if (argc < 2) {
        fputs(main_usage, stderr);
        return EXIT_BAD_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("volsim %s (git %s)\n", vol_version(), VOLSIM_GIT_COMMIT);
        return 0;
    }
    char *cmdline = join_command_line(argc, argv);
    int rc;
    if (!cmdline) return EXIT_RUNTIME;
    if (strcmp(cmd, "run") == 0) rc = cmd_run(argc - 1, argv + 1, cmdline);
    else if (strcmp(cmd, "check") == 0) rc = cmd_check(argc - 1, argv + 1);
    else if (strcmp(cmd, "sweep") == 0) rc = cmd_sweep(argc - 1, argv + 1, cmdline);
    else if (strcmp(cmd, "params") == 0) rc = cmd_params(argc - 1, argv + 1);
    else if (strcmp(cmd, "metrics") == 0) rc = cmd_metrics(argc - 1, argv + 1);
    else if (strcmp(cmd, "patterns") == 0) rc = cmd_patterns(argc - 1, argv + 1);
    /* the commands that read results files run guarded (vcli_run_guarded) */
    else if (strcmp(cmd, "summary") == 0) rc = vcli_run_guarded(vcli_cmd_summary, argc - 1, argv + 1);
    else if (strcmp(cmd, "compare") == 0) rc = vcli_run_guarded(vcli_cmd_compare, argc - 1, argv + 1);
    else if (strcmp(cmd, "export") == 0) rc = vcli_run_guarded(vcli_cmd_export, argc - 1, argv + 1);
    else if (strcmp(cmd, "sensitivity") == 0) rc = vcli_run_guarded(vcli_cmd_sensitivity, argc - 1, argv + 1);
    else if (strcmp(cmd, "plot") == 0) rc = vcli_run_guarded(vcli_cmd_plot, argc - 1, argv + 1);
    else if (strcmp(cmd, "report") == 0) rc = vcli_run_guarded(vcli_cmd_report, argc - 1, argv + 1);
    else if (strcmp(cmd, "calibration") == 0) rc = cmd_calibration(argc - 1, argv + 1);
    else rc = usage_error(NULL, "unknown command '%s'", cmd);
    free(cmdline);
    return rc;
}
