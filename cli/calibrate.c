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
#include "vol_calibrate.h"
#include "vol_gitinfo.h"

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

int vcli_cmd_calibrate(const vcli_args *a)
{
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
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
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
        if (vol_calibrate_write(out, force || !first_write, &c, &s, &prov) != VOL_OK) {
            fprintf(stderr, "volsim calibrate: %s\n", vol_error_message());
            rc = VCLI_EXIT_RUNTIME;
            break;
        }
        first_write = 0;
    }
    free(arrays);
    if (rc == 0 && c.max_generations > 0 && !vol_abc_posterior(&s)) {
        fprintf(stderr, "volsim calibrate: no posterior: %s (%s holds the waves)\n", s.reason, out);
        vol_calibrate_print(stdout, &c, &s);
        rc = VCLI_EXIT_RUNTIME;
    } else if (rc == 0) {
        if (!quiet) fprintf(stderr, "wrote %s: %zu simulations in %.1f s\n", out, s.sims, now_s() - t0);
        vol_calibrate_print(stdout, &c, &s);
    }
done:
    vol_abc_state_free(&s);
    vol_calib_free(&c);
    free(defpath);
    return rc;
}
