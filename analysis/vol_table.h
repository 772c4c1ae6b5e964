/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_table.h: a CSV table of inputs and a 0/1 outcome, for PRIM
 * (vol_prim.h).
 *
 * Format: a header line of column names separated by commas, then one row
 * per point with as many fields. Fields are numbers (read with strtod, so
 * exactly: each decimal string becomes the nearest double); spaces and tabs
 * around a field are ignored, as are blank lines and a '\r' before the line
 * end. Quoting is not supported. The outcome column holds 0 or 1. A column
 * whose every value is written as an integer (digits with an optional
 * sign: no '.', no exponent) is discrete. */
#ifndef VOL_TABLE_H
#define VOL_TABLE_H

#include <stddef.h>
#include "volsim.h"
#include "vol_prim.h"

typedef struct {
    size_t n;                /* rows (points) */
    size_t d;                /* input columns: every column but the outcome, in file order */
    char **names;            /* d input-column names */
    double *x;               /* n * d values, row-major */
    unsigned char *discrete; /* d flags: 1 when every value of the column is written as an integer */
    unsigned char *y;        /* n outcomes, 0 or 1 */
    char *outcome;           /* the outcome column's name */
} vol_data_table;

/* Reads path; outcome_column names the 0/1 outcome. Errors name the file,
 * line and column (VOL_EIO: the file cannot be read; VOL_EINVAL: its
 * content). out is zeroed first, so vol_table_free after a failure is safe. */
VOL_API vol_status vol_table_read_csv(const char *path, const char *outcome_column, vol_data_table *out);

/* The table as PRIM data (pointing into t: no copy). */
VOL_API vol_prim_data vol_table_prim_data(const vol_data_table *t);

/* Frees what vol_table_read_csv allocated and zeroes t; NULL is a no-op. */
VOL_API void vol_table_free(vol_data_table *t);

#endif
