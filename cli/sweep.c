/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep.c: volsim sweep's execution from the command: checks of the output
 * and journal, signals, progress, messages, exit codes and MPI (sweep.h);
 * the runs themselves are the engine's (vol_engine_run_sweep), the journal
 * and the file the io layer's (vol_journal.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "sweep.h"
#include "vol_abc.h"
#include "commands.h"
#include "vol_h5read.h"
#include "vol_journal.h"
#include "vol_results.h"

/* ---- execution ---------------------------------------------------------- */
/* The signal that interrupted the sweep (SIGINT, SIGTERM), 0 if none. */
static volatile sig_atomic_t sweep_interrupted = 0;
static void on_sweep_signal(int sig)
{
    if (sweep_interrupted) { /* the second: stop at once, as kill -9, but leave no temporary */
        vol_tmp_remove_registered();
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    sweep_interrupted = sig;
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- MPI ---------------------------------------------------------------- */
#ifdef VOLSIM_HAVE_MPI
#include <mpi.h>
static int mpi_on = 0, mpi_rank = 0, mpi_size = 1;
#endif

void vcli_mpi_start(int *argc, char ***argv, int *rank, int *size)
{
    *rank = 0;
    *size = 1;
#ifdef VOLSIM_HAVE_MPI
    /* only under a launcher: a plain command needs no MPI at all */
    if (getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_SIZE")) {
        int provided;
        if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) == MPI_SUCCESS) {
            mpi_on = 1;
            MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
            MPI_Comm_size(MPI_COMM_WORLD, &mpi_size);
        }
    }
    *rank = mpi_rank;
    *size = mpi_size;
#else
    (void)argc;
    (void)argv;
#endif
}

int vcli_mpi_all(int ok)
{
#ifdef VOLSIM_HAVE_MPI
    if (mpi_on) {
        int all = ok;
        if (MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD) == MPI_SUCCESS) return all;
    }
#endif
    return ok;
}

/* The gather of vol_abc_split: every rank gets every rank's block
 * (vol_abc_split_block). */
int vcli_mpi_gather_runs(void *ctx, double *stats, size_t T, int8_t *status, size_t n, int *ok)
{
    (void)ctx;
#ifdef VOLSIM_HAVE_MPI
    if (!mpi_on || mpi_size < 2) return 0;
    int all = *ok;
    if (MPI_Allreduce(ok, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD) != MPI_SUCCESS) return 1;
    *ok = all;
    if ((double)n * (double)T > 2147483647.0) return 1;
    int *cnt = malloc(4 * (size_t)mpi_size * sizeof *cnt);
    if (!cnt) return 1;
    int *dsp = cnt + mpi_size, *bc = dsp + mpi_size, *bd = bc + mpi_size;
    for (int r = 0; r < mpi_size; r++) {
        size_t lo, hi;
        vol_abc_split_block(n, r, mpi_size, &lo, &hi);
        dsp[r] = (int)(lo * T);
        cnt[r] = (int)((hi - lo) * T);
        bd[r] = (int)lo;
        bc[r] = (int)(hi - lo);
    }
    int rc = MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, stats, cnt, dsp, MPI_DOUBLE, MPI_COMM_WORLD) !=
                     MPI_SUCCESS ||
             MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, status, bc, bd, MPI_INT8_T, MPI_COMM_WORLD) !=
                     MPI_SUCCESS;
    free(cnt);
    return rc;
#else
    (void)stats;
    (void)T;
    (void)status;
    (void)n;
    (void)ok;
    return 0;
#endif
}

void vcli_mpi_stop(void)
{
#ifdef VOLSIM_HAVE_MPI
    if (mpi_on) MPI_Finalize();
    mpi_on = 0;
#endif
}

/* ---- execution state (rank 0) -------------------------------------------- */
typedef struct {
    const vol_sweep *sw;
    const vcli_sweep_options *opt;
    char *jpath;
    FILE *j;
    uint64_t fp;
    int8_t *status;
    size_t *todo, ntodo, done, failed, done0, snap_done, snap_failed;
    double t0, last_snap;
    int show, io_failed;
    int io_errno;        /* why the first write failed (0 unknown) */
    const char *io_file; /* and to which file: the journal or the results */
    int created_journal; /* this process created the journal (not --resume) */
    vol_lock *lock;      /* on the output, held from the checks to the end */
    vol_sweep_control ctl; /* replicate control (vol_engine.h) */
    int complete;        /* every cell stopped (at the last snapshot) */
    int *idle, nidle, unseen; /* MPI: idle workers, workers not heard from yet */
} exec_state;

static void keep_metric(void *ctx, uint32_t run, int status, const double *v, const char *msg)
{
    (void)msg;
    (void)status;
    exec_state *x = ctx;
    x->ctl.metric[run] = v[x->sw->auto_metric];
}

static size_t plan_round(exec_state *x)
{
    x->ntodo = vol_sweep_next_round(&x->sw->plan, &x->ctl, x->status, x->todo);
    return x->ntodo;
}

/* Checks, journal and first snapshot. Returns 0 to go on, else the exit code. */
static int prepare(exec_state *x)
{
    const vcli_sweep_options *opt = x->opt;
    const vol_sweep *sw = x->sw;
    if (asprintf(&x->jpath, "%s.journal", opt->output) < 0) return 1;
    struct stat stt, jst;
    int have_out = stat(opt->output, &stt) == 0, have_journal = stat(x->jpath, &jst) == 0;
    if (have_out && S_ISDIR(stt.st_mode)) {
        fprintf(stderr, "volsim sweep: %s is a directory; nothing was run and it is untouched (give a file name with "
                        "-o, e.g. -o %s/%s.h5)\n", opt->output, opt->output, sw->name);
        return 2;
    }
    if (opt->resume) {
        if (!have_journal) {
            /* what the results file says of itself, not a guess */
            long long complete = -1;
            vol_h5in *in = NULL;
            if (have_out && vol_h5in_open(opt->output, "volsim-sweep", "volsim sweep", &in) == VOL_OK &&
                vol_h5in_attr_long(in, "/sweep", "complete", &complete) != VOL_OK)
                complete = -1;
            vol_h5in_close(in);
            fprintf(stderr, "volsim sweep: nothing to resume: %s does not exist%s\n", x->jpath,
                    complete == 1 ? " (the sweep in the results file is complete)"
                    : complete == 0 ? " (the results file is marked incomplete, complete = 0; run it again with --force)"
                                    : "");
            return 2;
        }
    } else if ((have_out || have_journal) && !opt->force) {
        fprintf(stderr, "volsim sweep: %s already exists; nothing was run (use --resume to finish an interrupted "
                        "sweep, --force to start again, or -o to write elsewhere)\n",
                have_out ? opt->output : x->jpath);
        return 2;
    }
    char *d = strdup(opt->output);
    int st_ok = d && stat(dirname(d), &stt) == 0, dir_ok = st_ok && S_ISDIR(stt.st_mode), err = errno;
    free(d);
    if (!dir_ok) {
        if (!st_ok && err == ENOENT)
            fprintf(stderr, "volsim sweep: cannot write %s: its directory does not exist\n", opt->output);
        else
            fprintf(stderr, "volsim sweep: cannot write %s: its directory: %s\n", opt->output,
                    strerror(st_ok ? ENOTDIR : err));
        return 2;
    }
    /* one writer at a time: a second --resume or --force of the same output
     * would mix or truncate the journal of the first */
    vol_status locked = vol_lock_acquire(opt->output, &x->lock);
    if (locked != VOL_OK) {
        fprintf(stderr, "volsim sweep: %s; nothing was run\n", vol_error_message());
        return locked == VOL_EINVAL ? 2 : 1;
    }
    vol_tmp_clean_stale_default(opt->output);
    x->fp = vol_journal_fingerprint(sw);
    size_t n = sw->nruns;
    x->status = calloc(n + 1, 1);
    x->todo = malloc((n + 1) * sizeof *x->todo);
    if (!x->status || !x->todo) return 1;
    /* the journal is never a link (--force would write through it onto
     * whatever it names): opened with O_NOFOLLOW, a new one made afresh */
    struct stat lst;
    if (lstat(x->jpath, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        fprintf(stderr, "volsim sweep: %s is a symbolic link; volsim writes no journal through a link (remove it, or "
                        "write elsewhere with -o); nothing was run\n", x->jpath);
        return 2;
    }
    if (opt->resume) {
        int jfd = open(x->jpath, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
        x->j = jfd >= 0 ? fdopen(jfd, "r+b") : NULL;
        if (jfd >= 0 && !x->j) close(jfd);
        long good = x->j ? vol_journal_scan(x->j, x->fp, n, vol_sweep_plan_values(&sw->plan), x->status, NULL, NULL) : 0;
        if (!x->j || good == 0) {
            /* the file's build says whether another volsim wrote it */
            char *build = NULL;
            vol_h5in *in = NULL;
            if (have_out && vol_h5in_open(opt->output, "volsim-sweep", "volsim sweep", &in) == VOL_OK)
                build = vol_h5in_attr_text(in, "/", "build");
            vol_h5in_close(in);
            if (build && strcmp(build, vol_build_id()) != 0)
                fprintf(stderr, "volsim sweep: %s was started by another build of volsim (%s; this one is %s): "
                                "resuming would mix runs of two model versions in one file; start again with "
                                "--force, or resume with the build that started it\n", opt->output, build, vol_build_id());
            else
                fprintf(stderr, "volsim sweep: %s does not belong to this sweep (another sweep file, version, build "
                                "or override); start again with --force\n", x->jpath);
            free(build);
            return 2;
        }
        /* drop a torn last record */
        if (ftruncate(fileno(x->j), good) != 0 || fseek(x->j, good, SEEK_SET) != 0) {
            fprintf(stderr, "volsim sweep: cannot repair %s: %s\n", x->jpath, strerror(errno));
            return 1;
        }
    } else {
        errno = 0;
        if (have_journal) unlink(x->jpath); /* --force: an old journal goes (this process holds the lock) */
        int jfd = open(x->jpath, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        x->j = jfd >= 0 ? fdopen(jfd, "w+b") : NULL;
        if (jfd >= 0 && !x->j) close(jfd);
        x->created_journal = x->j != NULL;
        if (!x->j || !vol_journal_start(x->j, x->fp)) {
            char why[256];
            vol_io_reason(errno, why, sizeof why);
            if (x->j) {
                __fpurge(x->j);
                fclose(x->j);
                x->j = NULL;
                unlink(x->jpath);
            }
            fprintf(stderr, "volsim sweep: cannot create %s%s; nothing was run\n", x->jpath, why);
            return 1;
        }
    }
    for (size_t r = 0; r < n; r++)
        if (x->status[r] == 1) x->done++;
        else if (x->status[r] == 2) x->failed++;
    x->done0 = x->done + x->failed;
    if (vol_sweep_control_init(&sw->plan, &x->ctl) != VOL_OK) return 1;
    if (sw->auto_on && opt->resume) {
        vol_journal_scan(x->j, x->fp, n, vol_sweep_plan_values(&sw->plan), NULL, keep_metric, x);
        fseek(x->j, 0, SEEK_END);
    }
    if (opt->resume && !opt->quiet)
        printf("resuming %s: %zu of %zu runs already done (from %s)\n", opt->output, x->done + x->failed, n,
               x->jpath);
    if (!vol_journal_snapshot(sw, opt->output, x->jpath, x->fp, opt->command_line, x->ctl.needed, x->ctl.stop, x->ctl.width,
                  &x->snap_done, &x->snap_failed, &x->complete)) {
        char why[256];
        vol_io_reason(errno, why, sizeof why);
        if (x->created_journal) {
            /* nothing was run: leave nothing behind */
            fclose(x->j);
            x->j = NULL;
            unlink(x->jpath);
            fprintf(stderr, "volsim sweep: cannot write %s%s; nothing was run\n", opt->output, why);
        } else {
            fprintf(stderr, "volsim sweep: cannot write %s%s; nothing was run, and %s still holds the %zu runs "
                            "done (--resume again once it can be written)\n", opt->output, why, x->jpath,
                    x->done + x->failed);
        }
        return 1;
    }
    x->show = !opt->quiet && isatty(STDERR_FILENO);
    x->t0 = x->last_snap = mono();
    return 0;
}

/* The first failed write stops the sweep (errno tells why). */
static void io_failure(exec_state *x, const char *file)
{
    if (!x->io_failed) {
        x->io_errno = errno;
        x->io_file = file;
    }
    x->io_failed = 1;
}

/* A finished run: journal, progress, checkpoint (rank 0, serialised). */
static void record_result(exec_state *x, size_t r, int s, const double *v, const char *msg)
{
    const vol_sweep *sw = x->sw;
    /* once a record could not be written the journal takes no more (they
     * would follow a torn record, which ends it): runs not journaled are
     * not done and not reported */
    if (x->io_failed) return;
    errno = 0;
    if (!vol_journal_append(x->j, (uint32_t)r, s, v, vol_sweep_plan_values(&x->sw->plan), s == 2 ? msg : NULL)) {
        io_failure(x, x->jpath);
        return;
    }
    x->status[r] = (int8_t)s;
    if (x->ctl.metric) x->ctl.metric[r] = v[sw->auto_metric];
    if (s == 1) x->done++;
    else x->failed++;
    double now = mono();
    if (x->show) {
        double rate = (double)(x->done + x->failed - x->done0) / (now - x->t0 > 1e-9 ? now - x->t0 : 1e-9);
        fprintf(stderr, "\r%zu/%zu runs, %zu failed, %.1f runs/s, %.0f s left   ", x->done + x->failed, sw->nruns,
                x->failed, rate, rate > 0 ? (double)(sw->nruns - x->done - x->failed) / rate : 0.0);
    }
    if (x->opt->checkpoint_seconds > 0 && now - x->last_snap > x->opt->checkpoint_seconds) {
        if (!vol_journal_snapshot(sw, x->opt->output, x->jpath, x->fp, x->opt->command_line, x->ctl.needed, x->ctl.stop,
                                  x->ctl.width, &x->snap_done, &x->snap_failed, &x->complete))
            io_failure(x, x->opt->output);
        x->last_snap = mono();
    }
}

static int sink_result(void *ctx, size_t run, int status, const double *v, const char *msg)
{
    exec_state *x = ctx;
    record_result(x, run, status, v, msg);
    return x->io_failed;
}

/* All pending runs on this process's OpenMP threads. */
static void run_local(exec_state *x)
{
    vol_engine_sweep job = {.plan = &x->sw->plan, .todo = x->todo, .ntodo = x->ntodo, .sink = sink_result, .ctx = x,
                            .stop = &sweep_interrupted};
    if (vol_engine_run_sweep(&job) != VOL_OK) {
        errno = ENOMEM;
        io_failure(x, x->jpath);
    }
}

#ifdef VOLSIM_HAVE_MPI
typedef struct {
    int32_t run, status;
    char msg[1024];
    double v[]; /* vol_sweep_plan_values of the plan */
} mpi_result;

/* Bytes of a result message of this sweep. */
static size_t result_size(const vol_sweep *sw)
{
    return sizeof(mpi_result) + vol_sweep_plan_values(&sw->plan) * sizeof(double);
}

enum { TAG_READY = 1, TAG_RESULT = 2, TAG_WORK = 3 };

/* Rank 0 hands out the runs of a round one at a time, as workers become
 * free; workers stay for the next round until told to stop. */
static void mpi_round(exec_state *x)
{
    size_t next = 0;
    int outstanding = 0;
    const size_t size = result_size(x->sw);
    mpi_result *res = malloc(size);
    if (!res) { x->io_failed = 1; return; }
    for (;;) {
        int can_give = next < x->ntodo && !sweep_interrupted && !x->io_failed;
        while (can_give && x->nidle > 0) {
            int64_t work = (int64_t)x->todo[next++];
            MPI_Send(&work, 1, MPI_INT64_T, x->idle[--x->nidle], TAG_WORK, MPI_COMM_WORLD);
            outstanding++;
            can_give = next < x->ntodo && !sweep_interrupted && !x->io_failed;
        }
        if (outstanding == 0 && (!can_give || x->unseen == 0)) break;
        MPI_Status st;
        MPI_Recv(res, (int)size, MPI_BYTE, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        if (st.MPI_TAG == TAG_RESULT) {
            record_result(x, (size_t)res->run, res->status, res->v, res->msg);
            outstanding--;
        } else {
            x->unseen--;
        }
        x->idle[x->nidle++] = st.MPI_SOURCE;
    }
    free(res);
}

static void mpi_master(exec_state *x)
{
    x->idle = malloc((size_t)mpi_size * sizeof *x->idle);
    x->nidle = 0;
    x->unseen = mpi_size - 1;
    if (!x->idle) { x->io_failed = 1; return; }
    while (plan_round(x) && !sweep_interrupted && !x->io_failed) mpi_round(x);
    /* stop everyone: the idle now, the unseen when they say they are ready */
    int64_t stop = -1;
    const size_t size = result_size(x->sw);
    mpi_result *res = malloc(size);
    while (res && x->unseen > 0) {
        MPI_Status st;
        MPI_Recv(res, (int)size, MPI_BYTE, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        x->unseen--;
        x->idle[x->nidle++] = st.MPI_SOURCE;
    }
    free(res);
    while (x->nidle > 0) MPI_Send(&stop, 1, MPI_INT64_T, x->idle[--x->nidle], TAG_WORK, MPI_COMM_WORLD);
    free(x->idle);
    x->idle = NULL;
}

static void mpi_worker(const vol_sweep *sw)
{
    long days = vol_sweep_plan_days(&sw->plan);
    double *buf = malloc((size_t)days * VOL_M_COUNT * sizeof *buf);
    const size_t size = result_size(sw);
    mpi_result *res = calloc(1, size);
    int tag = TAG_READY;
    for (;;) {
        MPI_Send(res, tag == TAG_READY ? 0 : (int)size, MPI_BYTE, 0, tag, MPI_COMM_WORLD);
        int64_t work;
        MPI_Recv(&work, 1, MPI_INT64_T, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (work < 0) break;
        res->run = (int32_t)work;
        if (buf) res->status = vol_sweep_run_one(&sw->plan, (size_t)work, res->v, buf, res->msg, sizeof res->msg);
        else {
            res->status = 2;
            snprintf(res->msg, sizeof res->msg, "out of memory on rank %d", mpi_rank);
        }
        tag = TAG_RESULT;
    }
    free(res);
    free(buf);
}
#endif

int vcli_sweep_execute(const vol_sweep *sw, const vcli_sweep_options *opt)
{
    exec_state x;
    memset(&x, 0, sizeof x);
    x.sw = sw;
    x.opt = opt;
    int rc = 0, rank = 0, size = 1;
#ifdef VOLSIM_HAVE_MPI
    rank = mpi_rank;
    size = mpi_size;
#endif
    /* SIGINT or SIGTERM: no new run starts, those running finish and go to
     * the journal, and the file is written; a second signal stops at once
     * (SA_RESETHAND), which loses at most the runs in flight, as kill -9 */
    vcli_stop_signals(on_sweep_signal);
    if (rank == 0) rc = prepare(&x);
#ifdef VOLSIM_HAVE_MPI
    if (size > 1) MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
#endif
    if (rc == 0) {
        if (size == 1)
            while (plan_round(&x) && !sweep_interrupted && !x.io_failed) run_local(&x);
#ifdef VOLSIM_HAVE_MPI
        else if (rank == 0) mpi_master(&x);
        else mpi_worker(sw);
#endif
    }
    if (rank == 0 && rc == 0) {
        if (x.show) fputc('\n', stderr);
        if (!vol_journal_snapshot(sw, opt->output, x.jpath, x.fp, opt->command_line, x.ctl.needed, x.ctl.stop, x.ctl.width,
                      &x.snap_done, &x.snap_failed, &x.complete))
            io_failure(&x, opt->output);
        /* after a failed write, buffered bytes are dropped rather than
         * written later: the journal stays a run of whole records (with at
         * most a torn last one, which --resume removes) */
        if (x.io_failed) __fpurge(x.j);
        fclose(x.j);
        x.j = NULL;
        const char *signame = vcli_signal_name(sweep_interrupted);
        if (x.io_failed) {
            char why[256];
            size_t saved = 0;
            FILE *jf = fopen(x.jpath, "rb");
            if (jf) {
                int8_t *st = calloc(sw->nruns + 1, 1);
                if (st && vol_journal_scan(jf, x.fp, sw->nruns, vol_sweep_plan_values(&sw->plan), st, NULL, NULL) > 0)
                    for (size_t r = 0; r < sw->nruns; r++) saved += st[r] != 0;
                free(st);
                fclose(jf);
            }
            fprintf(stderr, "volsim sweep: cannot write %s%s; the sweep stopped: %s holds %zu of %zu runs, and %s "
                            "the %zu of its last checkpoint; once there is room, run the same command with --resume "
                            "to finish it\n", x.io_file ? x.io_file : opt->output,
                    vol_io_reason(x.io_errno, why, sizeof why), x.jpath, saved, sw->nruns, opt->output,
                    x.snap_done + x.snap_failed);
            rc = 1;
        } else if (!x.complete) {
            fprintf(stderr, "volsim sweep: interrupted by %s; kept the %zu finished runs of %zu in %s (and its "
                            "journal %s); run the same command with --resume to finish the sweep\n",
                    signame, x.snap_done + x.snap_failed, sw->nruns, opt->output, x.jpath);
            rc = sweep_interrupted ? 128 + sweep_interrupted : 1;
        } else {
            unlink(x.jpath);
            if (!opt->quiet)
                printf("wrote %s: %zu runs (%zu points x %zu policies x %s%ld replicates), %zu failed, %.1f s%s\n",
                       opt->output, x.snap_done + x.snap_failed, sw->npoints, sw->npolicies,
                       sw->auto_on ? "at most " : "", sw->replicates, x.snap_failed, mono() - x.t0,
                       size > 1 ? " (MPI)" : "");
            rc = x.snap_failed ? 1 : 0;
        }
    }
#ifdef VOLSIM_HAVE_MPI
    if (size > 1) MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
#endif
    vcli_output_signals();
    if (x.j) fclose(x.j);
    vol_lock_release(x.lock);
    free(x.todo);
    free(x.status);
    free(x.jpath);
    vol_sweep_control_free(&x.ctl);
    return rc;
}