/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_sweep.c: libFuzzer harness of the sweep loader (vol_sweep_load).
 *
 * Each input is a sweep file, written to <tmp>/scenarios/sweeps/input.cfg,
 * so that policies = ["../one_off.cfg"] and base = "../three_month.cfg"
 * resolve to copies of the real scenarios (fuzz_common.h). Loads it (with
 * its policies and design), frees everything, removes the file; diagnostics
 * are collected, never printed. */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "fuzz_common.h"
#include "sweep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fuzz_setup();
    char *path = NULL;
    if (asprintf(&path, "%s/sweeps/input.cfg", dir) < 0) abort();
    fuzz_write(path, data, size);
    vol_sweep sw;
    vol_diag diag;
    vol_diag_init(&diag);
    if (vol_sweep_load(path, NULL, 0, &sw, &diag) == 0 && sw.nruns > 0) {
        /* what a run does first: its point, policy and replicate */
        size_t point, policy;
        long replicate;
        vol_sweep_run_index(&sw, sw.nruns - 1, &point, &policy, &replicate);
        if (point >= sw.npoints || policy >= sw.npolicies || replicate >= sw.replicates) abort();
    }
    vol_sweep_free(&sw);
    vol_diag_free(&diag);
    unlink(path);
    free(path);
    return 0;
}
