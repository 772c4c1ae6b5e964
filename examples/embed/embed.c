/* SPDX-License-Identifier: GPL-3.0-or-later */
/* embed.c: volsim from a program of your own, against the installed
 * libraries alone. Loads a scenario file (with its base chain and the same
 * checks and messages as the command), runs 4 replicates on OpenMP threads
 * through the engine, and writes the same HDF5 results file as
 * `volsim run SCENARIO --replicates 4 -o OUT`.
 *
 *   make PREFIX=/usr/local && ./embed ../../scenarios/one_off.cfg /tmp/e.h5
 *   volsim summary /tmp/e.h5 */
#include <stdio.h>
#include <stdlib.h>
#include <volsim.h>
#include <vol_engine.h>
#include <vol_scenario.h>
#include <vol_results.h>

#define REPLICATES 4

/* The engine calls this once per finished replicate (one call at a time):
 * its metrics go to the file, and its client panel when the scenario keeps
 * one. */
typedef struct {
    vol_results *res;
    size_t index;
    int panel;
} sink_ctx;

static vol_status write_replicate(void *ctx_, long r, const vol_sim *sim, const double *metrics, long days)
{
    (void)days;
    sink_ctx *ctx = ctx_;
    vol_status st = vol_results_write_replicate(ctx->res, ctx->index, r, metrics);
    if (st == VOL_OK && ctx->panel) st = vol_results_write_tables(ctx->res, ctx->index, r, sim, 0, 0);
    return st;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s SCENARIO.cfg OUTPUT.h5\n", argv[0]);
        return 2;
    }
    /* the headers this program was compiled with and the library it runs
     * with must agree */
    if (vol_abi_version() != VOL_ABI_VERSION) {
        fprintf(stderr, "embed: built for volsim ABI %d, running with %d\n", VOL_ABI_VERSION, vol_abi_version());
        return 1;
    }
    vol_results_library_init();

    /* 1. the scenario, with the replicates set as `--replicates 4` sets them */
    const char *sets[] = {"run.replicates=4"};
    vol_scenario sc;
    vol_diag diag;
    vol_diag_init(&diag);
    if (vol_scenario_load(argv[1], sets, 1, &sc, &diag) != 0) {
        vol_diag_print(&diag, stderr); /* file:line: setting: expected ..., found ... */
        vol_diag_free(&diag);
        return 2;
    }
    vol_diag_free(&diag);

    /* 2. the results file: written under a temporary name, renamed at the end */
    char cmdline[1024];
    snprintf(cmdline, sizeof cmdline, "embed %s %s", argv[1], argv[2]);
    vol_provenance prov = {cmdline, "", vol_version()};
    vol_results *res = NULL;
    size_t index = 0;
    long days = sc.params.run_days, done = 0;
    if (vol_results_create(argv[2], 0, &prov, &res) != VOL_OK ||
        vol_results_add_scenario(res, &sc, REPLICATES, days, &index) != VOL_OK) {
        fprintf(stderr, "embed: %s\n", vol_error_message());
        if (res) vol_results_abort(res);
        vol_scenario_free(&sc);
        return 1;
    }

    /* 3. the replicates: bit-identical whatever the number of threads */
    sink_ctx ctx = {res, index, sc.params.run_panel > 0};
    vol_engine_replicates job = {.params = &sc.params, .first = 0, .count = REPLICATES,
                                 .label = sc.name, .sink = write_replicate, .ctx = &ctx};
    vol_status st = vol_engine_run_replicates(&job, &done);
    if (st == VOL_OK) st = vol_results_finish_scenario(res, index, &sc, done, NULL);
    if (st == VOL_OK) st = vol_results_commit(res);
    else vol_results_abort(res);
    if (st != VOL_OK) {
        fprintf(stderr, "embed: %s\n", vol_error_message());
        vol_scenario_free(&sc);
        return 1;
    }
    printf("wrote %s: %s, %ld replicates of %ld days (volsim %s)\n", argv[2], sc.name, done, days, vol_version());
    vol_scenario_free(&sc);
    return 0;
}
