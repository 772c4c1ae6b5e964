/* SPDX-License-Identifier: GPL-3.0-or-later */
/* commands.h: the commands of volsim, each called with its parsed
 * arguments (options.h) and returning the exit status. The command table
 * in options.c names them. */
#ifndef VCLI_COMMANDS_H
#define VCLI_COMMANDS_H
#include "options.h"
#include "vol_outfile.h"
#include "vol_sweep_stats.h"

/* cli/main.c */
int vcli_cmd_run(const vcli_args *a);
int vcli_cmd_sweep(const vcli_args *a);
int vcli_cmd_check(const vcli_args *a);
int vcli_cmd_params(const vcli_args *a);
int vcli_cmd_metrics(const vcli_args *a);
int vcli_cmd_patterns(const vcli_args *a);
int vcli_cmd_calibration(const vcli_args *a);
/* cli/calibrate.c */
int vcli_cmd_calibrate(const vcli_args *a);
/* export of a calibration file: DIR/posterior.csv */
int vcli_calibration_export(const char *file, const char *dir, int force);
/* summary of a calibration file: the posterior table, correlations beyond min_correlation */
int vcli_calibration_summary(const char *file, double min_correlation);
/* plot of a calibration file: kind marginals, pairs or predictive */
int vcli_calibration_plot(const char *file, const char *kind, const char *out, int force);
/* cli/analyze.c: the commands that read results files */
int vcli_cmd_summary(const vcli_args *a);
int vcli_cmd_compare(const vcli_args *a);
int vcli_cmd_export(const vcli_args *a);
int vcli_cmd_sensitivity(const vcli_args *a);
int vcli_cmd_discover(const vcli_args *a);
int vcli_cmd_plot(const vcli_args *a);
int vcli_cmd_report(const vcli_args *a);

/* The output of a sweep's runs a command analyses: the last day's value,
 * the last year's mean (last_year), or --day D, one of the sweep's
 * follow-up days; what gets its words ("value on day 365"). 0, or 2 after
 * a message naming the file and its follow-up days. */
int vcli_sweep_output(const char *cmd, const vol_sweep_file *s, const vcli_args *a, int last_year,
                      vol_sweep_output *out, char *what, size_t n);

/* cli/sweep_results.c: summary, compare and export of sweep files */
int vcli_is_sweep_file(const char *path);
int vcli_sweep_summary(const vcli_args *a);
int vcli_sweep_compare(const vcli_args *a);
int vcli_sweep_export(const vcli_args *a, const char *dir);

/* cli/output.c: every file a command writes goes through a temporary
 * (vol_outfile.h). vcli_output_begin: 0 with *w (its temporary path is
 * vol_outfile_tmp_path), else the exit code after a message. A figure
 * keeps its extension at the end of the temporary's name. */
int vcli_output_begin(const char *cmd, const char *path, int force, vol_outfile **w);
/* Ends w: when rc != 0 (the work failed, already reported) drops it and
 * returns rc; else commits it and returns 0, or 1 (2 when the file
 * appeared meanwhile) after a message naming the file. */
int vcli_output_end(const char *cmd, vol_outfile *w, int rc);
/* SIGINT, SIGTERM, SIGHUP and SIGPIPE remove this process's temporaries
 * and end it by the same signal (commands that keep nothing when stopped);
 * a stale temporary a writer removes is reported on stderr. */
void vcli_output_signals(void);
void vcli_output_notices(void);
/* The signals a long-running writer (run, sweep, calibrate) treats as a
 * request to stop and keep what is complete: SIGINT, SIGTERM, SIGHUP and
 * SIGPIPE, each given handler (sa_flags 0, every signal blocked inside). */
void vcli_stop_signals(void (*handler)(int));
/* "SIGINT", "SIGTERM", "SIGHUP", "SIGPIPE" or "a signal". */
const char *vcli_signal_name(int sig);

/* Runs a reading command in a child process: a file damaged in a way that
 * crashes the HDF5 library then gives a clear error naming the input files
 * (exit 2, nothing written) instead of a crash; Ctrl-C gives exit 130.
 * Falls back to running it directly if fork fails. */
int vcli_run_guarded(int (*command)(const vcli_args *), const vcli_args *a);

#endif
