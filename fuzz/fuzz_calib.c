/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_calib.c: libFuzzer harness of the calibration target file loader
 * (vol_calib_load, volsim calibrate and volsim check).
 *
 * Each input is a target file, written to <tmp>/scenarios/sweeps/input.cfg
 * (one directory below the copied scenarios, as the shipped
 * scenarios/calibration/ files are), so that base = "../baseline.cfg"
 * resolves (fuzz_common.h). Loads it, checks what a calibration reads
 * first (every target's days within the base's run, every prior a range),
 * frees everything, removes the file. */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "fuzz_common.h"
#include "vol_calib_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fuzz_setup();
    char *path = NULL;
    if (asprintf(&path, "%s/sweeps/input.cfg", dir) < 0) abort();
    fuzz_write(path, data, size);
    vol_calib_spec c;
    vol_diag diag;
    vol_diag_init(&diag);
    if (vol_calib_load(path, NULL, 0, &c, &diag) == 0) {
        for (size_t t = 0; t < c.ntargets; t++)
            if (c.targets[t].from < 1 || c.targets[t].to > c.base.params.run_days || c.targets[t].from > c.targets[t].to ||
                !(c.targets[t].sd > 0))
                abort();
        for (size_t f = 0; f < c.k; f++)
            if (!(c.params[f].min < c.params[f].max)) abort();
        vol_calib_free(&c);
    }
    vol_diag_free(&diag);
    unlink(path);
    free(path);
    return 0;
}
