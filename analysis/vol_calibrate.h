/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_calibrate.h: volsim calibrate: the model as the simulator of
 * vol_abc.h (a target file's base scenario with the calibrated parameters
 * set, its targets computed from a run), and calibration files (HDF5,
 * format "volsim-calibration", docs/results-format.md): written after
 * every stage, so that each wave and generation is a checkpoint that
 * --resume continues from, bit for bit. */
#ifndef VOL_CALIBRATE_H
#define VOL_CALIBRATE_H
#include <stdio.h>
#include "volsim.h"
#include "vol_abc.h"
#include "vol_calib_file.h"
#include "vol_results.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The problem of a target file; its prior bounds, values and scales go to
 * arrays [2 k + 2 T], which must live as long as p. The run control fields
 * are left for the caller. */
VOL_API void vol_calibrate_problem(const vol_calib_spec *c, double *arrays, vol_abc_problem *p);
/* The target statistics of one finished run (metrics [VOL_M_COUNT x days])
 * into stats [c->ntargets]; NaN where a statistic has no value. */
VOL_API void vol_calibrate_stats(const vol_calib_spec *c, const vol_sim *sim, const double *metrics, long days,
                                 double *stats);
/* The parameters of stage/run's simulation of theta (the base with theta
 * set, its own seed); 0 when they are valid. */
VOL_API int vol_calibrate_params(const vol_calib_spec *c, const double *theta, uint32_t stage, uint64_t run,
                                 vol_params *p, uint32_t *replicate);

/* Writes state s of c to path (over an existing file only with force):
 * complete = s->done. */
VOL_API vol_status vol_calibrate_write(const char *path, int force, const vol_calib_spec *c, const vol_abc_state *s,
                                       const vol_provenance *prov);
/* Reads the state of a calibration file written for c (its target file and
 * base scenario must be the same text), for --resume. */
VOL_API vol_status vol_calibrate_read(const char *path, const vol_calib_spec *c, vol_abc_state *s);

/* The posterior table: for each parameter the prior, the posterior mean,
 * median, 95% credible interval and its width relative to the prior, then
 * the correlations above 0.5 in absolute value. */
VOL_API void vol_calibrate_print(FILE *out, const vol_calib_spec *c, const vol_abc_state *s);

#ifdef __cplusplus
}
#endif
#endif
