/* SPDX-License-Identifier: GPL-3.0-or-later */
/* calibration.h: the calibration figures of the model brief next to the
 * simulated baseline (volsim calibration, docs/calibration.md). */
#ifndef VOL_CALIBRATION_H
#define VOL_CALIBRATION_H

#include <stdio.h>
#include "volsim.h"

typedef struct {
    const char *quantity, *published, *source, *note;
    double range_lo, range_hi;  /* published range; NaN when not a target */
    double mean, lo, hi;        /* simulated mean and 95% t interval */
    long n;
    int inside;                 /* mean inside the published range */
} vol_calibration_row;

VOL_API size_t vol_calibration_count(void);
/* Runs reps replicates of p and fills rows[vol_calibration_count()]. */
VOL_API vol_status vol_calibration_eval(const vol_params *p, long reps, vol_calibration_row *rows);
VOL_API void vol_calibration_print(FILE *out, int markdown, const vol_calibration_row *rows, size_t n, long reps,
                            const char *scenario);

#endif
