/* analyze.h: the analysis commands (volsim summary, compare, export,
 * sensitivity); each returns the exit status. */
#ifndef VCLI_ANALYZE_H
#define VCLI_ANALYZE_H
int vcli_cmd_summary(int argc, char **argv);
int vcli_cmd_compare(int argc, char **argv);
int vcli_cmd_export(int argc, char **argv);
int vcli_cmd_sensitivity(int argc, char **argv);
int vcli_cmd_plot(int argc, char **argv);
int vcli_cmd_report(int argc, char **argv);
#endif
