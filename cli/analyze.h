/* SPDX-License-Identifier: GPL-3.0-or-later */
/* analyze.h: the analysis commands (volsim summary, compare, export,
 * sensitivity); each returns the exit status. */
#ifndef VCLI_ANALYZE_H
#define VCLI_ANALYZE_H
int vcli_cmd_summary(int argc, char **argv);

/* Runs a reading command (argv[0] is its name) in a child process: a file
 * damaged in a way that crashes the HDF5 library then gives a clear error
 * naming the input files (exit 2, nothing written) instead of a crash;
 * Ctrl-C gives exit 130. Falls back to running it directly if fork fails. */
int vcli_run_guarded(int (*command)(int, char **), int argc, char **argv);
int vcli_cmd_compare(int argc, char **argv);
int vcli_cmd_export(int argc, char **argv);
int vcli_cmd_sensitivity(int argc, char **argv);
int vcli_cmd_plot(int argc, char **argv);
int vcli_cmd_report(int argc, char **argv);
#endif
