/* SPDX-License-Identifier: GPL-3.0-or-later */
/* calibration.h: the calibration figures of the model brief next to the
 * simulated baseline (volsim calibration, docs/calibration.md). */
#ifndef VCLI_CALIBRATION_H
#define VCLI_CALIBRATION_H

#include <stdio.h>
#include "volsim.h"

typedef struct {
    const char *quantity, *published, *source, *note;
    double range_lo, range_hi;  /* published range; NaN when not a target */
    double mean, lo, hi;        /* simulated mean and 95% t interval */
    long n;
    int inside;                 /* mean inside the published range */
} vcli_calibration_row;

size_t vcli_calibration_count(void);
/* Runs reps replicates of p and fills rows[vcli_calibration_count()]. */
vol_status vcli_calibration_eval(const vol_params *p, long reps, vcli_calibration_row *rows);
void vcli_calibration_print(FILE *out, int markdown, const vcli_calibration_row *rows, size_t n, long reps,
                            const char *scenario);

#endif
