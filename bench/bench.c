/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench.c: volsim_bench, the benchmark harness of issue 6.
 *
 *   volsim_bench run SCENARIO.cfg [--set k=v]... [--label NAME] [--floor-bytes B] [--csv]
 *   volsim_bench scaling SCENARIO.cfg --agents N1,N2,... [--days D] [--csv FILE] [--plot FILE.svg]
 *   volsim_bench floor --agents N --days D [--floor-bytes B]
 *
 * Every measurement runs in a forked child process, so that the peak
 * resident memory wait4() reports (ru_maxrss) belongs to that measurement
 * alone; the child sends its figures back as one fixed struct over a pipe.
 * The parent only loads the scenario file: it never allocates memory that
 * grows with the population.
 *
 * Agents are the population at day 0: clients + initial volunteers +
 * professionals (social workers and the coordinators the library drew,
 * counted from its NPO table) + companies + NPOs. Employees in the company
 * pools (companies.count x companies.pool_size) are potential volunteers,
 * not agents; they are in the memory figures but not in the agent count.
 *
 * The floor is what any agent model of that size must at least pay: a
 * memory-streaming loop over the same number of agents for the same number
 * of days (see floor_child). The ratio model/floor says how far the model's
 * cost per agent-day is from streaming its population once a day.
 *
 * Exit status: 0 success, 2 bad usage or scenario, 1 a measurement failed. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <plplot.h>
#include "volsim.h"
#include "vol_scenario.h"

#define EXIT_BAD_INPUT 2
#define EXIT_RUNTIME 1
#define MAX_PHASES 16
#define DEFAULT_FLOOR_BYTES 96
#define DEFAULT_SCALING_DAYS 120

/* What a child sends back (fixed size, one write). */
typedef struct {
    int ok;                        /* 1 when the measurement finished */
    char message[400];             /* why not, otherwise */
    long agents, days;
    double init_seconds;           /* vol_sim_create (model) or allocation and first touch (floor) */
    double step_seconds;           /* the day loop */
    int nphases;
    double phase_seconds[MAX_PHASES];
    double model_bytes;            /* vol_sim_memory_bytes at the end */
    uint64_t hash;                 /* FNV-1a of every day's metrics */
    double checksum;               /* floor: sum of its arrays, so the loop cannot be removed */
    int passes;                    /* floor: times the days were streamed (step_seconds is one pass) */
} child_result;

/* A finished measurement: the child's figures and its peak RSS. */
typedef struct {
    child_result r;
    long maxrss_kib;
    double wall_seconds;           /* the child's life, fork to wait4 */
    double cpu_seconds;            /* its user + system time (wait4) */
} measurement;

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void set_message(child_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_message(child_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
}

/* ---- the children -------------------------------------------------------- */

/* 64-bit FNV-1a over the bytes of the values. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
#define FNV_OFFSET 0xcbf29ce484222325ULL

/* Runs replicate 0 of p for p->run_days days with profiling on. */
static void model_child(const vol_params *p, child_result *r)
{
    vol_sim *s = NULL;
    double t0 = now_seconds();
    vol_status st = vol_sim_create(p, 0, 0, &s);
    r->init_seconds = now_seconds() - t0;
    if (st != VOL_OK) {
        set_message(r, "vol_sim_create: %s: %s", vol_status_name(st), vol_error_message());
        return;
    }
    /* Professionals as the library drew them (coordinators included). */
    void *recs = NULL;
    size_t nnpo = 0;
    st = vol_sim_export(s, VOL_TABLE_NPOS, &recs, &nnpo);
    if (st != VOL_OK) {
        set_message(r, "vol_sim_export(npos): %s: %s", vol_status_name(st), vol_error_message());
        vol_sim_free(s);
        return;
    }
    long prof = 0;
    const vol_npo_record *npo = recs;
    for (size_t i = 0; i < nnpo; i++) prof += npo[i].professionals;
    free(recs);
    r->agents = p->clients_count + p->vol_initial + prof + p->co_count + (long)nnpo;
    r->days = p->run_days;

    vol_sim_set_profiling(s, 1);
    r->nphases = vol_sim_phase_count();
    if (r->nphases > MAX_PHASES) r->nphases = MAX_PHASES;
    uint64_t h = FNV_OFFSET;
    double step = 0;
    for (long d = 0; d < p->run_days; d++) {
        double a = now_seconds();
        st = vol_sim_step(s);
        step += now_seconds() - a;
        if (st != VOL_OK) {
            set_message(r, "vol_sim_step (day %ld): %s: %s", d + 1, vol_status_name(st), vol_error_message());
            vol_sim_free(s);
            return;
        }
        h = fnv1a(h, vol_sim_metrics(s), VOL_M_COUNT * sizeof(double));
    }
    r->step_seconds = step;
    r->hash = h;
    const double *ph = vol_sim_phase_seconds(s);
    for (int i = 0; i < r->nphases; i++) r->phase_seconds[i] = ph[i];
    r->model_bytes = (double)vol_sim_memory_bytes(s);
    vol_sim_free(s);
    r->ok = 1;
}

/* The floor: one record of m = B/16 doubles per agent (B/2 bytes), in one
 * freshly allocated array that is streamed in order once a day. Each day
 * every field is read and rewritten from the old values of its record,
 *     x[k] = 0.5 x[k] + 0.25 x[(k+1) mod m] + 0.25,
 * so an agent-day reads B/2 bytes and writes B/2 bytes (B = 96: six
 * doubles, 48 bytes read and 48 written). The update is independent across
 * agents (it vectorises, as a well-written agent loop would) but depends on
 * the previous day, and the sum of the array at the end is sent to the
 * parent, so the compiler can drop neither the loop nor a day. The values
 * converge to 1 and stay normal numbers (no denormal slow-down). Allocation
 * and first touch are timed apart (init) from the day loop.
 *
 * The day is compiled for each record size (1 to 16 doubles, B = 16 to
 * 256): with the record size known the compiler keeps a record in
 * registers, while a loop over a run-time record size is ten times slower
 * and would make the floor flatter the model. */
#define FLOOR_DAY(M)                                                                  \
    static void floor_day_##M(double *restrict x, size_t n)                         \
    {                                                                               \
        for (size_t i = 0; i < n; i++) {                                            \
            double *rec = x + i * (M), t[M];                                        \
            for (int k = 0; k < (M); k++) t[k] = rec[k];                             \
            for (int k = 0; k < (M); k++) rec[k] = 0.5 * t[k] + 0.25 * t[(k + 1) % (M)] + 0.25; \
        }                                                                           \
    }
FLOOR_DAY(1) FLOOR_DAY(2) FLOOR_DAY(3) FLOOR_DAY(4) FLOOR_DAY(5) FLOOR_DAY(6) FLOOR_DAY(7) FLOOR_DAY(8)
FLOOR_DAY(9) FLOOR_DAY(10) FLOOR_DAY(11) FLOOR_DAY(12) FLOOR_DAY(13) FLOOR_DAY(14) FLOOR_DAY(15) FLOOR_DAY(16)
#undef FLOOR_DAY

static void floor_child(long agents, long days, int floor_bytes, child_result *r)
{
    typedef void (*day_fn)(double *restrict, size_t);
    static const day_fn fixed[17] = {NULL,          floor_day_1,  floor_day_2,  floor_day_3,  floor_day_4,
                                     floor_day_5,   floor_day_6,  floor_day_7,  floor_day_8,  floor_day_9,
                                     floor_day_10,  floor_day_11, floor_day_12, floor_day_13, floor_day_14,
                                     floor_day_15,  floor_day_16};
    size_t m = (size_t)floor_bytes / 16, n = (size_t)agents; /* 1 <= m <= 16 */
    r->agents = agents;
    r->days = days;
    double t0 = now_seconds();
    double *x = malloc(n * m * sizeof *x);
    if (!x) {
        set_message(r, "floor: cannot allocate %zu bytes for %ld agents", n * m * sizeof *x, agents);
        return;
    }
    for (size_t i = 0; i < n * m; i++) x[i] = 1.0 + 0.125 * (double)(i % 7);
    r->init_seconds = now_seconds() - t0;
    day_fn day = fixed[m];
    /* A small population streams its days in milliseconds: the days are
     * run again until 0.2 s have passed, and the mean of the passes kept. */
    int passes = 0;
    t0 = now_seconds();
    double t1;
    do {
        for (long d = 0; d < days; d++) day(x, n);
        passes++;
        t1 = now_seconds();
    } while (t1 - t0 < 0.2 && passes < 1000);
    r->step_seconds = (t1 - t0) / passes;
    r->passes = passes;
    double sum = 0;
    for (size_t i = 0; i < n * m; i++) sum += x[i];
    r->checksum = sum;
    free(x);
    r->ok = 1;
}

typedef enum { JOB_MODEL, JOB_FLOOR, JOB_IDLE } job_kind;

typedef struct {
    job_kind kind;
    const vol_params *params;      /* JOB_MODEL */
    long agents, days;             /* JOB_FLOOR */
    int floor_bytes;
} job;

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Runs the job in a forked child; fills *out. Returns 0, or -1 with a
 * message on stderr (prefixed by what). */
static int measure(const job *jb, const char *what, measurement *out)
{
    memset(out, 0, sizeof *out);
    int fds[2];
    if (pipe(fds) != 0) {
        fprintf(stderr, "volsim_bench: %s: pipe: %s\n", what, strerror(errno));
        return -1;
    }
    fflush(NULL); /* no stdio buffer is written twice */
    double t0 = now_seconds();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "volsim_bench: %s: fork: %s\n", what, strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        child_result r;
        memset(&r, 0, sizeof r);
        if (jb->kind == JOB_MODEL) model_child(jb->params, &r);
        else if (jb->kind == JOB_FLOOR) floor_child(jb->agents, jb->days, jb->floor_bytes, &r);
        else r.ok = 1;
        int rc = write_all(fds[1], &r, sizeof r) == 0 ? 0 : 1;
        close(fds[1]);
        _exit(rc);
    }
    close(fds[1]);
    size_t got = 0;
    char *buf = (char *)&out->r;
    while (got < sizeof out->r) {
        ssize_t k = read(fds[0], buf + got, sizeof out->r - got);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        got += (size_t)k;
    }
    close(fds[0]);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "volsim_bench: %s: wait4: %s\n", what, strerror(errno));
            return -1;
        }
    }
    out->wall_seconds = now_seconds() - t0;
    out->maxrss_kib = ru.ru_maxrss;
    out->cpu_seconds = (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
                       (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        fprintf(stderr, "volsim_bench: %s: the child was killed by signal %d (%s)%s\n", what, sig, strsignal(sig),
                sig == SIGKILL ? "; out of memory?" : "");
        return -1;
    }
    if (got != sizeof out->r) {
        fprintf(stderr, "volsim_bench: %s: the child exited (status %d) without sending its figures\n", what,
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    if (!out->r.ok) {
        fprintf(stderr, "volsim_bench: %s: %s\n", what, out->r.message);
        return -1;
    }
    return 0;
}

/* ---- figures ------------------------------------------------------------- */

typedef struct {
    char label[64];
    measurement model, floor;
    long idle_rss_kib;
    int floor_bytes;
} run_result;

/* The child's CPU time over its life, in percent of one CPU: well under
 * 100 means it waited for a CPU (other processes running) and its times
 * are inflated. */
static double cpu_percent(const measurement *m)
{
    return m->wall_seconds > 0 ? 100.0 * m->cpu_seconds / m->wall_seconds : NAN;
}

static double ns_per_agent_day(double seconds, long agents, long days)
{
    return 1e9 * seconds / ((double)agents * (double)days);
}

static int phase_index(const char *name)
{
    for (int i = 0; i < vol_sim_phase_count(); i++)
        if (strcmp(vol_sim_phase_name(i), name) == 0) return i;
    return -1;
}

static void print_run_csv_header(FILE *f)
{
    fputs("label,agents,days,wall_s,init_s,ns_per_agent_day,peak_rss_mib,bytes_per_agent,model_bytes_per_agent,"
          "floor_ns_per_agent_day,ratio,hash", f);
    for (int i = 0; i < vol_sim_phase_count() && i < MAX_PHASES; i++) fprintf(f, ",%s_ns", vol_sim_phase_name(i));
    fputs(",matching_ms_per_day,floor_bytes,idle_rss_mib,cpu_percent\n", f);
}

static void print_run_csv(FILE *f, const run_result *x)
{
    const child_result *m = &x->model.r, *fl = &x->floor.r;
    double ns = ns_per_agent_day(m->step_seconds, m->agents, m->days);
    double fns = ns_per_agent_day(fl->step_seconds, fl->agents, fl->days);
    fprintf(f, "%s,%ld,%ld,%.3f,%.3f,%.2f,%.1f,%.0f,%.0f,%.3f,%.1f,%016llx", x->label, m->agents, m->days,
            m->step_seconds, m->init_seconds, ns, (double)x->model.maxrss_kib / 1024.0,
            1024.0 * (double)x->model.maxrss_kib / (double)m->agents, m->model_bytes / (double)m->agents, fns,
            ns / fns, (unsigned long long)m->hash);
    for (int i = 0; i < m->nphases; i++) fprintf(f, ",%.3f", ns_per_agent_day(m->phase_seconds[i], m->agents, m->days));
    int mi = phase_index("matching");
    fprintf(f, ",%.4f,%d,%.1f,%.0f\n", mi >= 0 ? 1e3 * m->phase_seconds[mi] / (double)m->days : NAN, x->floor_bytes,
            (double)x->idle_rss_kib / 1024.0, cpu_percent(&x->model));
}

static void print_run_table(FILE *f, const run_result *x, int verbose)
{
    const child_result *m = &x->model.r, *fl = &x->floor.r;
    double ns = ns_per_agent_day(m->step_seconds, m->agents, m->days);
    double fns = ns_per_agent_day(fl->step_seconds, fl->agents, fl->days);
    fprintf(f, "%-12s %10s %6s %9s %8s %13s %13s %12s %18s %19s %8s  %-16s\n", "label", "agents", "days", "wall s",
            "init s", "ns/agent-day", "peak RSS MiB", "bytes/agent", "model bytes/agent", "floor ns/agent-day",
            "ratio", "hash");
    fprintf(f, "%-12s %10ld %6ld %9.3f %8.3f %13.2f %13.1f %12.0f %18.0f %19.3f %8.1f  %016llx\n", x->label, m->agents,
            m->days, m->step_seconds, m->init_seconds, ns, (double)x->model.maxrss_kib / 1024.0,
            1024.0 * (double)x->model.maxrss_kib / (double)m->agents, m->model_bytes / (double)m->agents, fns,
            ns / fns, (unsigned long long)m->hash);
    fputs("\nphase ns/agent-day:", f);
    for (int i = 0; i < m->nphases; i++)
        fprintf(f, "%s %s %.2f", i ? "," : "", vol_sim_phase_name(i),
                ns_per_agent_day(m->phase_seconds[i], m->agents, m->days));
    int mi = phase_index("matching");
    if (mi >= 0) fprintf(f, "\nmatching: %.3f ms/day", 1e3 * m->phase_seconds[mi] / (double)m->days);
    fprintf(f, "\nfloor: %d bytes streamed per agent-day (%d read, %d written), %.1f MiB, %.3f s; "
               "peak RSS includes %.1f MiB of an idle forked child\n",
            x->floor_bytes, x->floor_bytes / 2, x->floor_bytes / 2,
            (double)x->floor_bytes / 2 * (double)fl->agents / 1048576.0, fl->step_seconds,
            (double)x->idle_rss_kib / 1024.0);
    double cpu = cpu_percent(&x->model);
    fprintf(f, "model child: %.0f%% of a CPU over its life%s\n", cpu,
            cpu < 95 ? " (it waited for a CPU: other processes were running, the times are inflated)" : "");
    if (verbose) {
        double sum = 0;
        for (int i = 0; i < m->nphases; i++) sum += m->phase_seconds[i];
        fprintf(f, "floor checksum %.17g (%d passes over the days), floor peak RSS %.1f MiB; "
                   "phases sum to %.3f s of the %.3f s step loop\n",
                fl->checksum, fl->passes, (double)x->floor.maxrss_kib / 1024.0, sum, m->step_seconds);
    }
}

/* ---- command-line helpers ----------------------------------------------- */

static int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "volsim_bench %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'volsim_bench %s --help'.\n", cmd);
    return EXIT_BAD_INPUT;
}

/* A whole number in [lo, hi]; plain digits or a real literal such as 1e6. */
static int parse_count(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !(v >= (double)lo && v <= (double)hi) || v != floor(v)) return -1;
    *out = (long)v;
    return 0;
}

static int parse_floor_bytes(const char *cmd, const char *s, int *out)
{
    long b;
    if (parse_count(s, 16, 256, &b) != 0 || b % 16 != 0) {
        usage_error(cmd, "--floor-bytes: expected a multiple of 16 in [16, 256] (bytes streamed per agent-day), "
                         "found '%s'", s);
        return -1;
    }
    *out = (int)b;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Loads a scenario; on problems prints them and returns their number. */
static size_t load_scenario(const char *cmd, const char *path, char **sets, size_t nsets, vol_scenario *sc,
                            const char *context)
{
    vol_diag diag;
    vol_diag_init(&diag);
    size_t n = vol_scenario_load(path, (const char *const *)sets, nsets, sc, &diag);
    if (n) {
        vol_diag_print(&diag, stderr);
        fprintf(stderr, "volsim_bench %s: %s%s%zu problem%s; nothing was run\n", cmd, context ? context : "",
                context ? ": " : "", n, n == 1 ? "" : "s");
    }
    vol_diag_free(&diag);
    return n;
}

/* A growing list of --set strings. */
typedef struct {
    char **v;
    size_t n, cap;
} strlist;

static int strlist_push(strlist *l, char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    return 0;
}

/* ---- volsim_bench run ---------------------------------------------------- */

static const char run_usage[] =
    "Usage: volsim_bench run SCENARIO.cfg [--set PATH=VALUE]... [--label NAME] [--floor-bytes B]\n"
    "                        [--csv [--no-header]] [--verbose]\n"
    "Runs replicate 0 of the scenario for run.days days in a forked child with phase profiling on,\n"
    "then the memory-streaming floor for the same agents and days in a second child, and prints one\n"
    "row: agents (clients + initial volunteers + professionals with coordinators + companies + NPOs),\n"
    "days, step-loop wall seconds, vol_sim_create seconds, ns per agent-day, the child's peak RSS\n"
    "(wait4), bytes per agent (peak RSS / agents), model bytes per agent (vol_sim_memory_bytes at the\n"
    "end / agents), floor ns per agent-day, model/floor ratio, an FNV-1a hash of every day's metrics\n"
    "(equal hashes: bit-identical runs), and the ns per agent-day of each phase (matching also in\n"
    "ms per day).\n\n"
    "  -S, --set PATH=VALUE   override a parameter (repeatable), as in volsim run\n"
    "  -l, --label NAME       row label (default: the scenario name)\n"
    "  -b, --floor-bytes B    bytes the floor streams per agent-day, B/2 read and B/2 written\n"
    "                         (multiple of 16 in [16, 256]; default 96)\n"
    "      --csv              one CSV header and row instead of the aligned table\n"
    "      --no-header        with --csv, the row only (to append rows of several runs)\n"
    "  -v, --verbose          also the floor checksum, the floor's peak RSS and the phase total\n"
    "Exit status: 0 success, 2 bad usage or scenario, 1 a measurement failed.\n";

static int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {{"set", required_argument, 0, 'S'},   {"label", required_argument, 0, 'l'},
                                         {"floor-bytes", required_argument, 0, 'b'}, {"csv", no_argument, 0, 'c'},
                                         {"no-header", no_argument, 0, 'H'},  {"verbose", no_argument, 0, 'v'},
                                         {"help", no_argument, 0, 'h'},       {0, 0, 0, 0}};
    strlist sets = {0};
    const char *label = NULL;
    int floor_bytes = DEFAULT_FLOOR_BYTES, csv = 0, header = 1, verbose = 0, c, rc = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "S:l:b:vh", opts, NULL)) != -1) {
        if (c == 'S') {
            if (!strchr(optarg, '=')) { rc = usage_error("run", "--set: expected PATH=VALUE, found '%s'", optarg); goto done; }
            if (strlist_push(&sets, optarg) != 0) { rc = EXIT_RUNTIME; goto done; }
        } else if (c == 'l') label = optarg;
        else if (c == 'b') { if (parse_floor_bytes("run", optarg, &floor_bytes) != 0) { rc = EXIT_BAD_INPUT; goto done; } }
        else if (c == 'c') csv = 1;
        else if (c == 'H') header = 0;
        else if (c == 'v') verbose = 1;
        else if (c == 'h') { fputs(run_usage, stdout); goto done; }
        else { rc = usage_error("run", "unknown option or missing value '%s'", argv[optind - 1]); goto done; }
    }
    if (optind >= argc) { rc = usage_error("run", "no scenario file given"); goto done; }
    if (optind + 1 < argc) { rc = usage_error("run", "one scenario file at a time, found '%s' too", argv[optind + 1]); goto done; }
    if (label && (!*label || strlen(label) >= 64 || strpbrk(label, ", \t\n\"")))
        { rc = usage_error("run", "--label: expected 1 to 63 characters without spaces, commas or quotes, found '%s'", label); goto done; }

    vol_scenario sc;
    if (load_scenario("run", argv[optind], sets.v, sets.n, &sc, argv[optind])) { rc = EXIT_BAD_INPUT; goto done; }
    run_result x;
    memset(&x, 0, sizeof x);
    snprintf(x.label, sizeof x.label, "%s", label ? label : sc.name);
    x.floor_bytes = floor_bytes;
    job jm = {JOB_MODEL, &sc.params, 0, 0, 0};
    if (measure(&jm, "model", &x.model) != 0) { rc = EXIT_RUNTIME; goto free_sc; }
    job jf = {JOB_FLOOR, NULL, x.model.r.agents, x.model.r.days, floor_bytes};
    if (measure(&jf, "floor", &x.floor) != 0) { rc = EXIT_RUNTIME; goto free_sc; }
    job ji = {JOB_IDLE, NULL, 0, 0, 0};
    measurement idle;
    if (measure(&ji, "idle child", &idle) != 0) { rc = EXIT_RUNTIME; goto free_sc; }
    x.idle_rss_kib = idle.maxrss_kib;
    if (csv) {
        if (header) print_run_csv_header(stdout);
        print_run_csv(stdout, &x);
    } else {
        print_run_table(stdout, &x, verbose);
    }
free_sc:
    vol_scenario_free(&sc);
done:
    free(sets.v);
    return rc;
}

/* ---- volsim_bench floor -------------------------------------------------- */

static const char floor_usage[] =
    "Usage: volsim_bench floor --agents N --days D [--floor-bytes B] [--csv] [--verbose]\n"
    "Measures only the floor in a forked child: one record of B/2 bytes per agent in a freshly\n"
    "allocated array, streamed once a day (each agent-day reads B/2 and writes B/2 bytes with\n"
    "x[k] = x[k]/2 + x[k+1]/4 + 1/4). Prints ns per agent-day, the effective bandwidth and the\n"
    "child's peak RSS.\n\n"
    "  -n, --agents N         agents (whole number >= 1, e.g. 1000000 or 1e6)\n"
    "  -d, --days D           days (>= 1)\n"
    "  -b, --floor-bytes B    bytes per agent-day (multiple of 16 in [16, 256]; default 96)\n"
    "      --csv              CSV header and row\n"
    "  -v, --verbose          also the checksum of the arrays\n"
    "Exit status: 0 success, 2 bad usage, 1 the measurement failed.\n";

static int cmd_floor(int argc, char **argv)
{
    static const struct option opts[] = {{"agents", required_argument, 0, 'n'}, {"days", required_argument, 0, 'd'},
                                         {"floor-bytes", required_argument, 0, 'b'}, {"csv", no_argument, 0, 'c'},
                                         {"verbose", no_argument, 0, 'v'},  {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    long agents = 0, days = 0;
    int floor_bytes = DEFAULT_FLOOR_BYTES, csv = 0, verbose = 0, c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "n:d:b:vh", opts, NULL)) != -1) {
        if (c == 'n') {
            if (parse_count(optarg, 1, 1000000000L, &agents) != 0)
                return usage_error("floor", "--agents: expected a whole number in [1, 1e9], found '%s'", optarg);
        } else if (c == 'd') {
            if (parse_count(optarg, 1, 36500, &days) != 0)
                return usage_error("floor", "--days: expected a whole number in [1, 36500], found '%s'", optarg);
        } else if (c == 'b') {
            if (parse_floor_bytes("floor", optarg, &floor_bytes) != 0) return EXIT_BAD_INPUT;
        } else if (c == 'c') csv = 1;
        else if (c == 'v') verbose = 1;
        else if (c == 'h') { fputs(floor_usage, stdout); return 0; }
        else return usage_error("floor", "unknown option or missing value '%s'", argv[optind - 1]);
    }
    if (optind < argc) return usage_error("floor", "unexpected argument '%s'", argv[optind]);
    if (!agents) return usage_error("floor", "--agents N is required");
    if (!days) return usage_error("floor", "--days D is required");
    job jf = {JOB_FLOOR, NULL, agents, days, floor_bytes};
    measurement fl;
    if (measure(&jf, "floor", &fl) != 0) return EXIT_RUNTIME;
    double ns = ns_per_agent_day(fl.r.step_seconds, agents, days);
    double gbs = (double)floor_bytes / ns; /* bytes per ns = GB/s */
    if (csv) {
        printf("agents,days,floor_bytes,wall_s,init_s,floor_ns_per_agent_day,gb_per_s,peak_rss_mib,checksum\n");
        printf("%ld,%ld,%d,%.3f,%.3f,%.3f,%.2f,%.1f,%.17g\n", agents, days, floor_bytes, fl.r.step_seconds,
               fl.r.init_seconds, ns, gbs, (double)fl.maxrss_kib / 1024.0, fl.r.checksum);
    } else {
        printf("%10s %6s %12s %9s %8s %19s %8s %13s\n", "agents", "days", "bytes/a-day", "wall s", "init s",
               "floor ns/agent-day", "GB/s", "peak RSS MiB");
        printf("%10ld %6ld %12d %9.3f %8.3f %19.3f %8.2f %13.1f\n", agents, days, floor_bytes, fl.r.step_seconds,
               fl.r.init_seconds, ns, gbs, (double)fl.maxrss_kib / 1024.0);
        if (verbose) printf("checksum %.17g (%d passes over the days; wall s is one pass)\n", fl.r.checksum, fl.r.passes);
    }
    return 0;
}

/* ---- volsim_bench scaling ------------------------------------------------ */

typedef struct {
    long target;
    char sets[6][96];   /* the scaling overrides, after the user's --set */
    measurement model, floor;
} scale_point;

/* Day-0 agents implied by the parameters, with the expected number of
 * coordinators (the library draws them; the child counts the real ones). */
static double expected_agents(const vol_params *p)
{
    double coord = p->npo_share_volunteer_org + (1.0 - p->npo_share_volunteer_org) * p->muni_coordinator_share;
    return (double)p->clients_count + (double)p->vol_initial +
           (double)p->npo_count * ((double)p->npo_professionals + coord + 1.0) + (double)p->co_count;
}

/* Scales a count, keeping at least 1 when the base has any. */
static long scale_count(long base, double f)
{
    if (base <= 0) return base;
    long v = (long)llround((double)base * f);
    return v < 1 ? 1 : v;
}

static void scaling_columns(FILE *f, int csv)
{
    if (csv)
        fputs("target_agents,agents,days,wall_s,init_s,ns_per_agent_day,floor_ns_per_agent_day,ratio,"
              "matching_ms_per_day,matching_ns_per_agent_log2_agent,peak_rss_mib,bytes_per_agent,"
              "model_bytes_per_agent,hash,cpu_percent\n", f);
    else
        fprintf(f, "%10s %10s %5s %9s %8s %13s %19s %7s %16s %19s %13s %12s %18s  %-16s %6s\n", "target", "agents",
                "days", "wall s", "init s", "ns/agent-day", "floor ns/agent-day", "ratio", "matching ms/day",
                "matching ns/(n lg n)", "peak RSS MiB", "bytes/agent", "model bytes/agent", "hash", "CPU %");
}

static void scaling_row(FILE *f, int csv, const scale_point *pt, int matching)
{
    const child_result *m = &pt->model.r, *fl = &pt->floor.r;
    double n = (double)m->agents;
    double ns = ns_per_agent_day(m->step_seconds, m->agents, m->days);
    double fns = ns_per_agent_day(fl->step_seconds, fl->agents, fl->days);
    double mday = matching >= 0 ? m->phase_seconds[matching] / (double)m->days : NAN;
    double mnlogn = 1e9 * mday / (n * log2(n));
    const char *fmt = csv ? "%ld,%ld,%ld,%.3f,%.3f,%.2f,%.3f,%.1f,%.4f,%.4f,%.1f,%.0f,%.0f,%016llx,%.0f\n"
                          : "%10ld %10ld %5ld %9.3f %8.3f %13.2f %19.3f %7.1f %16.4f %19.4f %13.1f %12.0f %18.0f  %016llx %6.0f\n";
    fprintf(f, fmt, pt->target, m->agents, m->days, m->step_seconds, m->init_seconds, ns, fns, ns / fns, 1e3 * mday,
            mnlogn, (double)pt->model.maxrss_kib / 1024.0, 1024.0 * (double)pt->model.maxrss_kib / n,
            m->model_bytes / n, (unsigned long long)m->hash, cpu_percent(&pt->model));
    fflush(f);
}

static int pos_or_nan(double v) { return v > 0 && isfinite(v); }

/* Two panels: ns per agent-day (model and floor) against agents, log x;
 * matching ms per day against agents, log-log, with an n log n line
 * through the smallest population. */
static int plot_scaling(const char *path, const char *scenario, const scale_point *pts, size_t n, int matching)
{
    PLFLT *x = malloc(n * sizeof *x), *ym = malloc(n * sizeof *ym), *yf = malloc(n * sizeof *yf),
          *yl = malloc(n * sizeof *yl);
    if (!x || !ym || !yf || !yl) {
        free(x); free(ym); free(yf); free(yl);
        fprintf(stderr, "volsim_bench scaling: out of memory for the figure\n");
        return -1;
    }
    double x0 = INFINITY, x1 = -INFINITY, ymax = 0, l0 = INFINITY, l1 = -INFINITY;
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        const child_result *m = &pts[i].model.r, *fl = &pts[i].floor.r;
        x[i] = log10((double)m->agents);
        ym[i] = ns_per_agent_day(m->step_seconds, m->agents, m->days);
        yf[i] = ns_per_agent_day(fl->step_seconds, fl->agents, fl->days);
        if (x[i] < x0) x0 = x[i];
        if (x[i] > x1) x1 = x[i];
        if (ym[i] > ymax) ymax = ym[i];
        if (yf[i] > ymax) ymax = yf[i];
        double ms = matching >= 0 ? 1e3 * m->phase_seconds[matching] / (double)m->days : NAN;
        if (pos_or_nan(ms)) {
            yl[nl] = log10(ms);
            if (yl[nl] < l0) l0 = yl[nl];
            if (yl[nl] > l1) l1 = yl[nl];
            nl++;
        }
    }
    /* the n log n reference through the first (smallest) point with a matching time */
    size_t nref = 50;
    PLFLT rx[50], ry[50];
    double n0 = 0, ms0 = 0;
    for (size_t i = 0; i < n && matching >= 0; i++) {
        double ms = 1e3 * pts[i].model.r.phase_seconds[matching] / (double)pts[i].model.r.days;
        if (pos_or_nan(ms) && (n0 == 0 || (double)pts[i].model.r.agents < n0)) {
            n0 = (double)pts[i].model.r.agents;
            ms0 = ms;
        }
    }
    double xpad = x1 > x0 ? 0.08 * (x1 - x0) : 0.5;
    x0 -= xpad;
    x1 += xpad;
    if (n0 > 0) {
        for (size_t k = 0; k < nref; k++) {
            double lx = x0 + (x1 - x0) * (double)k / (double)(nref - 1), nn = pow(10.0, lx);
            rx[k] = lx;
            ry[k] = log10(ms0 * nn * log2(nn) / (n0 * log2(n0)));
            if (ry[k] < l0) l0 = ry[k];
            if (ry[k] > l1) l1 = ry[k];
        }
    }
    if (!(l1 > l0)) { l0 = isfinite(l0) ? l0 - 0.5 : -1; l1 = l0 + 1; }
    double lpad = 0.06 * (l1 - l0);
    l0 -= lpad;
    l1 += 4 * lpad; /* room for the legend */
    if (!(ymax > 0)) ymax = 1;

    plsdev(ends_with(path, ".png") ? "pngcairo" : "svgcairo");
    plsfnam(path);
    plspage(0, 0, 1100, 480, 0, 0);
    plscolbg(255, 255, 255);
    plscol0(1, 40, 40, 40);
    plscol0(2, 0, 114, 178);   /* model */
    plscol0(3, 213, 94, 0);    /* floor */
    plscol0(4, 120, 120, 120); /* reference */
    plinit();
    pladv(0);
    plfontld(1);
    plschr(0, 0.85);
    char title[200];
    snprintf(title, sizeof title, "volsim scaling: %s, %ld days per run", scenario, pts[0].model.r.days);
    plvpor(0.07, 0.97, 0.13, 0.80);
    plcol0(1);
    plschr(0, 1.0);
    plmtex("t", 4.2, 0.5, 0.5, title);
    plschr(0, 0.85);

    /* left: cost per agent-day */
    plvpor(0.07, 0.46, 0.13, 0.80);
    plwind(x0, x1, 0, ymax * 1.3); /* room for the legend */
    plcol0(1);
    plbox("bclnst", 0, 0, "bcnstv", 0, 0);
    pllab("agents (day-0 population)", "ns per agent-day", "Step time per agent-day");
    plcol0(2);
    plwidth(2);
    if (n > 1) plline((PLINT)n, x, ym);
    plpoin((PLINT)n, x, ym, 17);
    plcol0(3);
    if (n > 1) plline((PLINT)n, x, yf);
    plpoin((PLINT)n, x, yf, 17);
    plwidth(1);
    plcol0(2);
    plmtex("t", -1.5, 0.03, 0.0, "model");
    plcol0(3);
    plmtex("t", -2.7, 0.03, 0.0, "floor (memory streaming)");

    /* right: matching per day, log-log */
    plvpor(0.58, 0.97, 0.13, 0.80);
    plwind(x0, x1, l0, l1);
    plcol0(1);
    plbox("bclnst", 0, 0, "bclnstv", 0, 0);
    pllab("agents (day-0 population)", "matching ms per day", "Matching time per day");
    if (n0 > 0) {
        plcol0(4);
        plstyl(1, (PLINT[]){1500}, (PLINT[]){1500});
        plline((PLINT)nref, rx, ry);
        plstyl(0, NULL, NULL);
    }
    PLFLT *xl = malloc((nl ? nl : 1) * sizeof *xl);
    if (xl) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            double ms = matching >= 0 ? 1e3 * pts[i].model.r.phase_seconds[matching] / (double)pts[i].model.r.days : NAN;
            if (pos_or_nan(ms)) xl[k++] = x[i];
        }
        plcol0(2);
        plwidth(2);
        if (nl > 1) plline((PLINT)nl, xl, yl);
        if (nl) plpoin((PLINT)nl, xl, yl, 17);
        plwidth(1);
        free(xl);
    }
    plcol0(2);
    plmtex("t", -1.5, 0.03, 0.0, "matching");
    plcol0(4);
    plmtex("t", -2.7, 0.03, 0.0, "n log n (through the smallest run)");
    plend();
    free(x); free(ym); free(yf); free(yl);
    return 0;
}

static const char scaling_usage[] =
    "Usage: volsim_bench scaling SCENARIO.cfg --agents N1,N2,... [--days D] [--set PATH=VALUE]...\n"
    "                            [--csv FILE] [--plot FILE.svg|FILE.png] [--floor-bytes B]\n"
    "Scales the scenario's population so that day 0 has about N agents (clients.count,\n"
    "volunteers.initial, volunteers.arrivals_per_year, npo.count and companies.count in proportion;\n"
    "npo.professionals and companies.pool_size unchanged; counts rounded, at least 1), runs each size\n"
    "and the floor in forked children as 'volsim_bench run' does, and prints per size: agents, ns\n"
    "per agent-day, floor ns per agent-day, ratio, matching ms per day and matching ns per\n"
    "(agent x log2 agent) per day, peak RSS and the metrics hash. Rows print as sizes finish.\n\n"
    "  -n, --agents LIST      comma-separated day-0 populations, e.g. 10000,100000,1e6,4e6\n"
    "  -d, --days D           days per run (sets run.days; default 120)\n"
    "  -S, --set PATH=VALUE   override a parameter before scaling (repeatable)\n"
    "      --csv FILE         also write the rows as CSV to FILE\n"
    "      --plot FILE        figure (.svg or .png): ns per agent-day against agents (log x) and\n"
    "                         matching ms per day against agents (log-log) with an n log n line\n"
    "  -b, --floor-bytes B    bytes the floor streams per agent-day (multiple of 16 in [16, 256];\n"
    "                         default 96)\n"
    "Exit status: 0 success, 2 bad usage or a scaled scenario out of range, 1 a measurement failed.\n";

static int cmd_scaling(int argc, char **argv)
{
    static const struct option opts[] = {{"agents", required_argument, 0, 'n'},    {"days", required_argument, 0, 'd'},
                                         {"set", required_argument, 0, 'S'},       {"csv", required_argument, 0, 'c'},
                                         {"plot", required_argument, 0, 'p'},      {"floor-bytes", required_argument, 0, 'b'},
                                         {"help", no_argument, 0, 'h'},            {0, 0, 0, 0}};
    strlist sets = {0};
    const char *agents_arg = NULL, *csv_path = NULL, *plot_path = NULL;
    long days = DEFAULT_SCALING_DAYS;
    int floor_bytes = DEFAULT_FLOOR_BYTES, c, rc = 0;
    long *targets = NULL;
    size_t ntargets = 0;
    scale_point *pts = NULL;
    FILE *csv = NULL;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "n:d:S:b:h", opts, NULL)) != -1) {
        if (c == 'n') agents_arg = optarg;
        else if (c == 'd') {
            if (parse_count(optarg, 1, 36500, &days) != 0)
                { rc = usage_error("scaling", "--days: expected a whole number in [1, 36500], found '%s'", optarg); goto done; }
        } else if (c == 'S') {
            if (!strchr(optarg, '=')) { rc = usage_error("scaling", "--set: expected PATH=VALUE, found '%s'", optarg); goto done; }
            if (strlist_push(&sets, optarg) != 0) { rc = EXIT_RUNTIME; goto done; }
        } else if (c == 'c') csv_path = optarg;
        else if (c == 'p') plot_path = optarg;
        else if (c == 'b') { if (parse_floor_bytes("scaling", optarg, &floor_bytes) != 0) { rc = EXIT_BAD_INPUT; goto done; } }
        else if (c == 'h') { fputs(scaling_usage, stdout); goto done; }
        else { rc = usage_error("scaling", "unknown option or missing value '%s'", argv[optind - 1]); goto done; }
    }
    if (optind >= argc) { rc = usage_error("scaling", "no scenario file given"); goto done; }
    if (optind + 1 < argc) { rc = usage_error("scaling", "one scenario file at a time, found '%s' too", argv[optind + 1]); goto done; }
    if (!agents_arg) { rc = usage_error("scaling", "--agents N1,N2,... is required"); goto done; }
    {
        char *copy = strdup(agents_arg);
        if (!copy) { rc = EXIT_RUNTIME; goto done; }
        size_t cap = 1;
        for (const char *q = agents_arg; *q; q++) cap += *q == ',';
        targets = malloc(cap * sizeof *targets);
        if (!targets) { free(copy); rc = EXIT_RUNTIME; goto done; }
        char *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            if (parse_count(tok, 10, 100000000L, &targets[ntargets]) != 0) {
                rc = usage_error("scaling", "--agents: expected comma-separated whole numbers in [10, 1e8], found '%s'", tok);
                free(copy);
                goto done;
            }
            ntargets++;
        }
        free(copy);
        if (!ntargets) { rc = usage_error("scaling", "--agents: expected at least one number, found '%s'", agents_arg); goto done; }
    }
    if (plot_path && !ends_with(plot_path, ".svg") && !ends_with(plot_path, ".png"))
        { rc = usage_error("scaling", "--plot: expected a file ending in .svg or .png, found '%s'", plot_path); goto done; }

    /* the base population, with the user's overrides and run.days */
    char days_set[64];
    snprintf(days_set, sizeof days_set, "run.days=%ld", days);
    if (strlist_push(&sets, days_set) != 0) { rc = EXIT_RUNTIME; goto done; }
    size_t nuser = sets.n;
    vol_scenario base;
    if (load_scenario("scaling", argv[optind], sets.v, sets.n, &base, argv[optind])) { rc = EXIT_BAD_INPUT; goto done; }
    vol_params bp = base.params;
    char scenario_name[64];
    snprintf(scenario_name, sizeof scenario_name, "%s", base.name);
    vol_scenario_free(&base);
    double base_agents = expected_agents(&bp);

    /* every scaled scenario is checked before anything runs */
    pts = calloc(ntargets, sizeof *pts);
    if (!pts) { rc = EXIT_RUNTIME; goto done; }
    for (size_t i = 0; i < 6; i++)
        if (strlist_push(&sets, NULL) != 0) { rc = EXIT_RUNTIME; goto done; }
    for (size_t t = 0; t < ntargets; t++) {
        scale_point *pt = &pts[t];
        double f = (double)targets[t] / base_agents;
        pt->target = targets[t];
        snprintf(pt->sets[0], sizeof pt->sets[0], "clients.count=%ld", scale_count(bp.clients_count, f));
        snprintf(pt->sets[1], sizeof pt->sets[1], "volunteers.initial=%ld", scale_count(bp.vol_initial, f));
        snprintf(pt->sets[2], sizeof pt->sets[2], "volunteers.arrivals_per_year=%.6f", bp.vol_arrivals * f);
        snprintf(pt->sets[3], sizeof pt->sets[3], "npo.count=%ld", scale_count(bp.npo_count, f));
        snprintf(pt->sets[4], sizeof pt->sets[4], "companies.count=%ld", scale_count(bp.co_count, f));
        snprintf(pt->sets[5], sizeof pt->sets[5], "run.days=%ld", days);
        for (size_t k = 0; k < 6; k++) sets.v[nuser + k] = pt->sets[k];
        char context[96];
        snprintf(context, sizeof context, "scaled to %ld agents", targets[t]);
        vol_scenario sc;
        if (load_scenario("scaling", argv[optind], sets.v, sets.n, &sc, context)) { rc = EXIT_BAD_INPUT; goto done; }
        vol_scenario_free(&sc);
    }
    if (csv_path && !(csv = fopen(csv_path, "w"))) {
        fprintf(stderr, "volsim_bench scaling: %s: cannot write: %s\n", csv_path, strerror(errno));
        rc = EXIT_BAD_INPUT;
        goto done;
    }
    int matching = phase_index("matching");
    if (csv) scaling_columns(csv, 1);
    scaling_columns(stdout, 0);
    for (size_t t = 0; t < ntargets; t++) {
        scale_point *pt = &pts[t];
        for (size_t k = 0; k < 6; k++) sets.v[nuser + k] = pt->sets[k];
        vol_scenario sc;
        if (load_scenario("scaling", argv[optind], sets.v, sets.n, &sc, NULL)) { rc = EXIT_BAD_INPUT; goto done; }
        job jm = {JOB_MODEL, &sc.params, 0, 0, 0};
        char what[96];
        snprintf(what, sizeof what, "model at %ld agents", pt->target);
        int bad = measure(&jm, what, &pt->model) != 0;
        vol_scenario_free(&sc);
        if (bad) { rc = EXIT_RUNTIME; goto done; }
        job jf = {JOB_FLOOR, NULL, pt->model.r.agents, pt->model.r.days, floor_bytes};
        snprintf(what, sizeof what, "floor at %ld agents", pt->target);
        if (measure(&jf, what, &pt->floor) != 0) { rc = EXIT_RUNTIME; goto done; }
        scaling_row(stdout, 0, pt, matching);
        if (csv) scaling_row(csv, 1, pt, matching);
    }
    if (plot_path && plot_scaling(plot_path, scenario_name, pts, ntargets, matching) != 0) rc = EXIT_RUNTIME;
done:
    if (csv && fclose(csv) != 0) {
        fprintf(stderr, "volsim_bench scaling: %s: %s\n", csv_path, strerror(errno));
        rc = EXIT_RUNTIME;
    }
    free(pts);
    free(targets);
    free(sets.v);
    return rc;
}

/* ---- main ---------------------------------------------------------------- */

static const char main_usage[] =
    "Usage: volsim_bench COMMAND [OPTIONS]\n"
    "The benchmark harness of volsim (issue 6). Commands:\n"
    "  run SCENARIO.cfg      time one run with phase profile, peak memory and the streaming floor\n"
    "  scaling SCENARIO.cfg  the same across population sizes (--agents), with CSV and a figure\n"
    "  floor                 only the memory-streaming floor (--agents, --days)\n"
    "'volsim_bench COMMAND --help' describes each. bench/run prints the reference table.\n";

int main(int argc, char **argv)
{
    vol_error_install_gsl_handler();
    if (argc < 2) {
        fputs(main_usage, stderr);
        return EXIT_BAD_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "run") == 0) return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "scaling") == 0) return cmd_scaling(argc - 1, argv + 1);
    if (strcmp(cmd, "floor") == 0) return cmd_floor(argc - 1, argv + 1);
    fprintf(stderr, "volsim_bench: unknown command '%s'\n%s", cmd, main_usage);
    return EXIT_BAD_INPUT;
}
