/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_report.h: the HTML report for policy makers (volsim report). */
#ifndef VOL_REPORT_H
#define VOL_REPORT_H
#include <stddef.h>
#include <stdio.h>
#include "volsim.h"
#include "vol_h5read.h"
#ifdef __cplusplus
extern "C" {
#endif

/* Writes one self-contained HTML page (figures inline as data URIs, no
 * external files or scripts) about every scenario of files[0 .. nfiles-1]:
 * what each asks, the key outcomes with 95% intervals, each compared with
 * the first in plain language, per-client effects where the runs hold
 * client panels, figures, and the provenance. The figures are drawn in
 * tmpdir (an existing folder) and removed. */
VOL_API vol_status vol_report_write(FILE *o, vol_run_file *files, size_t nfiles, const char *tmpdir);

/* The same with sweep files too: for each, how each policy compares with
 * its first across the design's points (at how many the key outcomes rise,
 * fall or do not clearly change, and the mean paired difference). Either
 * list may be empty, not both. */
VOL_API vol_status vol_report_write_all(FILE *o, vol_run_file *files, size_t nfiles, const vol_sweep_file *sweeps,
                                        size_t nsweeps, const char *tmpdir);

#ifdef __cplusplus
}
#endif
#endif
