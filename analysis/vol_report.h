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

/* The gettext domain of the report's messages (po/volsim.pot, po/nl.po;
 * compiled to <localedir>/nl/LC_MESSAGES/volsim.mo). */
#define VOL_TEXT_DOMAIN "volsim"

/* The answer of volsim calibrate --predict A --against B -o FILE (a
 * prediction file): the paired difference A - B of metric under the
 * posterior, its 95% credible interval and the posterior probability that
 * A is better. */
typedef struct {
    const char *path, *a, *b, *metric;
    double mean, lo, hi, p_a_better;
    long draws, day;
    int lower_is_better;
} vol_report_prediction;

/* What a discovery file (volsim discover -o) says about where policy
 * `better` beats `than` on metric: the parameters' feature scores and,
 * when a box passed the rule, the box (a side that is not restricted is
 * NaN in lower or upper). */
typedef struct {
    const char *path, *metric, *better, *than;
    size_t points, cases, k;
    const char *const *parameters; /* [k] */
    const double *score;           /* [k] */
    int box;
    const double *lower, *upper;   /* [k] */
    double coverage, density;
} vol_report_discovery;

/* What the report compares and in which language. */
typedef struct {
    /* compare[2p], compare[2p+1]: scenario names A, B of comparison p, each
     * a bottom line of "B compared with A" (B - A, as volsim compare
     * --scenarios A,B); ncompare 0: a variant (the same scenario file
     * under another name) against the scenario of that file given before
     * it, else each scenario against the scenario file it is based on
     * when that is in the files, else (but the first) against the first */
    const char *const *compare;
    size_t ncompare;
    const char *lang;      /* "en" (NULL: en) or "nl" */
    const char *localedir; /* where the message catalogues are (NULL: gettext's default) */
    const char *tmpdir;    /* an existing folder for the figures (removed after) */
    /* answers under the calibrated evidence: a comparison of the same two
     * scenarios (by name, either way round) says them in its bottom line */
    const vol_report_prediction *predictions;
    size_t npredictions;
    /* where the answer flips: a comparison of the discovery's two policies
     * (either way round) says what decides it and, with a box, where */
    const vol_report_discovery *discoveries;
    size_t ndiscoveries;
} vol_report_options;

/* The report with options: the page opens with the bottom line of each
 * comparison in plain words (what changes for clients, volunteers,
 * professionals and companies, what it takes, how sure, how robust across
 * the sweeps given, and under the calibrated evidence), then clients with particular needs, key outcomes,
 * figures, each sweep's design-wide answer, and a technical appendix
 * (metrics, commands, seeds, provenance). VOL_EINVAL with a message for a
 * comparison naming an unknown scenario, or a language without catalogue. */
VOL_API vol_status vol_report_write_opts(FILE *o, vol_run_file *files, size_t nfiles, const vol_sweep_file *sweeps,
                                         size_t nsweeps, const vol_report_options *opt);

#ifdef __cplusplus
}
#endif
#endif
