/* SPDX-License-Identifier: GPL-3.0-or-later */
/* designs.c: grid, Latin hypercube, Sobol, Saltelli and Morris designs on
 * the unit hypercube (see designs.h for the layouts). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include "vol_designs.h"

/* stream purpose of the design's own randomness (apart from the model's) */
#define DESIGN_STREAM 100

static const char *const names[VOL_DESIGN_COUNT] = {"grid", "lhs", "sobol", "saltelli", "morris"};

const char *vol_design_name(vol_design_kind d) { return (unsigned)d < VOL_DESIGN_COUNT ? names[d] : "?"; }

int vol_design_find(const char *name)
{
    for (int i = 0; i < VOL_DESIGN_COUNT; i++)
        if (strcmp(names[i], name) == 0) return i;
    return -1;
}

size_t vol_design_size(vol_design_kind d, size_t k, size_t samples, const size_t *levels)
{
    if (k == 0) return 0;
    switch (d) {
    case VOL_DESIGN_GRID: {
        size_t n = 1;
        for (size_t i = 0; i < k; i++) {
            if (levels[i] == 0 || n > SIZE_MAX / levels[i]) return 0;
            n *= levels[i];
        }
        return n;
    }
    case VOL_DESIGN_LHS:
    case VOL_DESIGN_SOBOL: return samples;
    case VOL_DESIGN_SALTELLI: return samples * (k + 2);
    case VOL_DESIGN_MORRIS: return samples * (k + 1);
    case VOL_DESIGN_COUNT: break;
    }
    return 0;
}

static vol_status sobol_points(size_t dim, size_t n, double *out /* n * dim */)
{
    if (dim > 40) VOL_ERROR(VOL_EINVAL, "Sobol points need at most 40 dimensions, got %zu", dim);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dim);
    if (!q) VOL_ERROR(VOL_ENOMEM, "cannot allocate a Sobol sequence");
    for (size_t i = 0; i < n; i++) gsl_qrng_get(q, out + i * dim);
    gsl_qrng_free(q);
    return VOL_OK;
}

vol_status vol_design_fill(vol_design_kind d, size_t k, size_t samples, const size_t *levels, uint64_t seed,
                            double *x, int32_t *block, int32_t *factor)
{
    size_t n = vol_design_size(d, k, samples, levels);
    if (n == 0) VOL_ERROR(VOL_EINVAL, "empty design (%s with %zu factors and %zu samples)", vol_design_name(d), k, samples);
    for (size_t i = 0; i < n; i++) factor[i] = -1;
    gsl_rng *r = gsl_rng_alloc(vol_rng_philox);
    if (!r) VOL_ERROR(VOL_ENOMEM, "cannot allocate a random stream");
    vol_rng_select(r, seed, 0, DESIGN_STREAM, (uint64_t)d, 0);
    vol_status st = VOL_OK;
    switch (d) {
    case VOL_DESIGN_GRID:
        /* last factor varies fastest */
        for (size_t i = 0; i < n; i++) {
            size_t rest = i;
            for (size_t f = k; f-- > 0;) {
                x[i * k + f] = (double)(rest % levels[f]);
                rest /= levels[f];
            }
            block[i] = (int32_t)i;
        }
        break;
    case VOL_DESIGN_LHS: {
        size_t *perm = malloc(n * sizeof *perm);
        if (!perm) { st = vol_error_set(VOL_ENOMEM, __FILE__, __LINE__, "out of memory"); break; }
        for (size_t f = 0; f < k; f++) {
            for (size_t i = 0; i < n; i++) perm[i] = i;
            for (size_t i = n; i > 1; i--) {
                size_t j = gsl_rng_uniform_int(r, i);
                size_t t = perm[i - 1]; perm[i - 1] = perm[j]; perm[j] = t;
            }
            for (size_t i = 0; i < n; i++) x[i * k + f] = ((double)perm[i] + gsl_rng_uniform(r)) / (double)n;
        }
        for (size_t i = 0; i < n; i++) block[i] = (int32_t)i;
        free(perm);
        break;
    }
    case VOL_DESIGN_SOBOL:
        st = sobol_points(k, n, x);
        for (size_t i = 0; i < n; i++) block[i] = (int32_t)i;
        break;
    case VOL_DESIGN_SALTELLI: {
        if (2 * k > 40) { st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "Saltelli designs take at most 20 factors, got %zu", k); break; }
        double *ab = malloc(samples * 2 * k * sizeof *ab);
        if (!ab) { st = vol_error_set(VOL_ENOMEM, __FILE__, __LINE__, "out of memory"); break; }
        st = sobol_points(2 * k, samples, ab);
        for (size_t j = 0; j < samples && st == VOL_OK; j++) {
            const double *a = ab + j * 2 * k, *b = a + k;
            double *row = x + j * (k + 2) * k;
            memcpy(row, a, k * sizeof *row);
            memcpy(row + k, b, k * sizeof *row);
            block[j * (k + 2)] = 0;
            block[j * (k + 2) + 1] = 1;
            for (size_t i = 0; i < k; i++) {
                double *abi = row + (2 + i) * k;
                memcpy(abi, a, k * sizeof *abi);
                abi[i] = b[i];
                block[j * (k + 2) + 2 + i] = (int32_t)(2 + i);
            }
        }
        free(ab);
        break;
    }
    case VOL_DESIGN_MORRIS: {
        size_t p = levels[0];
        if (p < 2 || p % 2) { st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "Morris designs need an even number of levels >= 2, got %zu", p); break; }
        double delta = (double)p / (2.0 * (double)(p - 1));
        size_t *order = malloc(k * sizeof *order);
        if (!order) { st = vol_error_set(VOL_ENOMEM, __FILE__, __LINE__, "out of memory"); break; }
        for (size_t t = 0; t < samples; t++) {
            double *pt = x + t * (k + 1) * k;
            /* start on the lower half of the grid so that +delta stays inside */
            for (size_t f = 0; f < k; f++)
                pt[f] = (double)gsl_rng_uniform_int(r, p / 2) / (double)(p - 1);
            for (size_t f = 0; f < k; f++) order[f] = f;
            for (size_t f = k; f > 1; f--) {
                size_t j = gsl_rng_uniform_int(r, f);
                size_t tmp = order[f - 1]; order[f - 1] = order[j]; order[j] = tmp;
            }
            block[t * (k + 1)] = (int32_t)t;
            for (size_t s = 0; s < k; s++) {
                double *next = pt + (s + 1) * k;
                memcpy(next, pt + s * k, k * sizeof *next);
                size_t f = order[s];
                /* up or down at random, staying on the grid */
                int up = gsl_rng_uniform(r) < 0.5;
                if (next[f] + delta > 1.0 + 1e-12) up = 0;
                if (next[f] - delta < -1e-12) up = 1;
                next[f] += up ? delta : -delta;
                block[t * (k + 1) + s + 1] = (int32_t)t;
                factor[t * (k + 1) + s + 1] = (int32_t)f;
            }
        }
        free(order);
        break;
    }
    case VOL_DESIGN_COUNT: st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "unknown design"); break;
    }
    gsl_rng_free(r);
    return st;
}
