/* SPDX-License-Identifier: GPL-3.0-or-later */
/* options.c: volsim's command table and option table, the parser built
 * from them and the usage texts generated from them (options.h). */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "options.h"
#include "commands.h"
#include "volsim.h"

/* ---- the option table ----------------------------------------------------- */
#define RC "--replicates auto"
static const vcli_option options[] = {
    /* volsim run */
    {"run", "output", 'o', "FILE", VCLI_TEXT, 0, 0, NULL, NULL,
     "results file (default results/<scenario>.h5; for several\nscenarios results/<a>_vs_<b>....h5)"},
    {"run", "replicates", 'r', "N", VCLI_TEXT, 0, 0, NULL, NULL,
     "replicates per scenario (sets run.replicates), or auto:\nreplicate control (--ci-width, --metric)"},
    {"run sweep", "ci-width", 0, "W", VCLI_POSITIVE, 0, 0, NULL, NULL,
     "with " RC ": add batches of replicates until the\n95% interval of --metric on the last day is narrower than W"},
    {"run sweep", "metric", 0, "M", VCLI_METRIC, 0, 0, NULL, NULL, "the metric of " RC},
    {"run sweep", "batch", 0, "B", VCLI_INT, 2, 100000, NULL, NULL, "replicates per batch with " RC " (default 10)"},
    {"run sweep", "max-replicates", 0, "N", VCLI_INT, 2, 100000, NULL, NULL,
     "at most N replicates with " RC " (default 200);\nthe results file records why it stopped"},
    {"run", "seed", 's', "S", VCLI_INT, 0, 4611686018427387904L, NULL, "an integer in [0, 2^62]",
     "master seed (sets run.seed)"},
    {"run", "days", 'd', "D", VCLI_INT, 1, 36500, NULL, NULL, "simulated days (sets run.days)"},
    {"run sweep patterns calibration calibrate discover", "threads", 't', "T", VCLI_INT, 1, 4096, NULL, NULL,
     "OpenMP threads (default: all cores); results do not depend on it"},
    {"run", "set", 0, "PATH=VALUE", VCLI_LIST, 0, 0, NULL, NULL, "override any parameter (repeatable; see 'volsim params')"},
    {"run", "name", 0, "NAME", VCLI_LIST, 0, 0, NULL, NULL,
     "name the scenario file before it (letters, digits, '_', '-', '.'); shown in\n"
     "every table, figure and report"},
    {"run", "description", 0, "TEXT", VCLI_LIST, 0, 0, NULL, NULL, "the description of the scenario file before it"},
    {"run", "with", 0, "PATH=VALUE", VCLI_LIST, 0, 0, NULL, NULL,
     "override a parameter of the scenario file before it only (repeatable): a\n"
     "variant; with a --name, the same file may be given twice"},
    {"run", "agents", 0, NULL, VCLI_FLAG, 0, 0, NULL, NULL, "also write the final agent tables of every replicate"},
    {"run", "events", 0, NULL, VCLI_FLAG, 0, 0, NULL, NULL, "also write the event log of every replicate"},
    {"run", "force", 'f', NULL, VCLI_FLAG, 0, 0, NULL, NULL, "overwrite an existing results file"},
    {"run sweep", "quiet", 'q', NULL, VCLI_FLAG, 0, 0, NULL, NULL, "no progress and no summary"},
    /* volsim sweep */
    {"sweep", "output", 'o', "FILE", VCLI_TEXT, 0, 0, NULL, NULL, "results file (default results/<sweep>.h5)"},
    {"sweep", "resume", 0, NULL, VCLI_FLAG, 0, 0, NULL, NULL, "finish an interrupted sweep from its journal (<FILE>.journal)"},
    {"sweep", "force", 'f', NULL, VCLI_FLAG, 0, 0, NULL, NULL, "start again, replacing an existing file and journal"},
    {"sweep", "set", 0, "PATH=VALUE", VCLI_LIST, 0, 0, NULL, NULL, "override a parameter in every policy (repeatable)"},
    {"sweep", "checkpoint", 0, "S", VCLI_INT, 0, 86400, NULL, "seconds in [0, 86400]",
     "rewrite the results file every S seconds while running (default 30)"},
    {"sweep", "replicates", 'r', "auto", VCLI_CHOICE, 0, 0, "auto", "auto (fixed replicates are set in the sweep file)",
     "replicate control per point and policy (--ci-width, --metric)"},
    {"sweep", "paired", 0, "A,B", VCLI_TEXT, 0, 0, NULL, NULL,
     "with " RC ": a point's policies grow together until the interval of the\npaired difference A - B is narrower than W"},
    /* volsim check */
    {"check", "set", 0, "PATH=VALUE", VCLI_LIST, 0, 0, NULL, NULL, "override a parameter (repeatable)"},
    {"check", "quiet", 'q', NULL, VCLI_FLAG, 0, 0, NULL, NULL, "print only the problems"},
    /* volsim params, metrics, summary */
    {"params metrics summary sensitivity discover", "format", 0, "F", VCLI_CHOICE, 0, 0, "text|csv|markdown", NULL,
     "text (default), csv or markdown"},
    /* volsim patterns */
    {"patterns", "replicates", 'r', "N", VCLI_INT, 2, 100000, NULL, NULL, "replicates per scenario (default 30)"},
    {"patterns", "scenarios", 0, "DIR", VCLI_TEXT, 0, 0, NULL, NULL, "the shipped scenarios' folder (default ./scenarios)"},
    {"patterns", "set", 0, "PATH=VALUE", VCLI_LIST, 0, 0, NULL, NULL, "override a parameter in every scenario (repeatable)"},
    {"patterns", "only", 0, "ID", VCLI_LIST, 0, 0, NULL, NULL, "check only this row (repeatable)"},
    {"patterns", "knockout", 0, NULL, VCLI_FLAG, 0, 0, NULL, NULL,
     "also run each row with its mechanism switched off: it must then fail"},
    {"patterns", "robustness", 0, "N", VCLI_INT, 1, 100000, NULL, "a number of points in [1, 100000]",
     "also run each row at N points of a Latin hypercube over the\nplausible ranges"},
    {"patterns", "robustness-replicates", 0, "R", VCLI_INT, 2, 100000, NULL, NULL,
     "replicates per robustness point (default 10)"},
    {"patterns", "robustness-seed", 0, "S", VCLI_INT, 0, 4294967295L, NULL, NULL,
     "seed of the robustness design (default 20261202)"},
    /* volsim calibrate */
    {"calibrate", "output", 'o', "FILE.h5", VCLI_TEXT, 0, 0, NULL, NULL,
     "the calibration file (default results/calibration_<targets>.h5); with --predict,\n"
     "a prediction file of the answer (for volsim report)"},
    {"calibrate", "resume", 0, NULL, VCLI_FLAG, 0, 0, NULL, NULL,
     "go on from the last wave or generation in the file (same results\nas an uninterrupted run)"},
    {"calibrate", "force", 'f', NULL, VCLI_FLAG, 0, 0, NULL, NULL, "start again over an existing file"},
    {"calibrate", "quick", 0, NULL, VCLI_FLAG, 0, 0, NULL, NULL,
     "a small calibration for tests and a first look: one wave of at most\n40 points x 2 replicates, at most 60 particles and 3 generations"},
    {"calibrate", "set", 0, "PATH=VALUE", VCLI_LIST, 0, 0, NULL, NULL, "override a parameter of the base scenario (repeatable)"},
    {"calibrate", "quiet", 'q', NULL, VCLI_FLAG, 0, 0, NULL, NULL, "no progress"},
    {"calibrate", "predict", 0, "A.cfg", VCLI_TEXT, 0, 0, NULL, NULL,
     "instead of calibrating: the paired difference A - B of --metric\nunder the posterior (with --against B.cfg)"},
    {"calibrate", "against", 0, "B.cfg", VCLI_TEXT, 0, 0, NULL, NULL, "the scenario A is compared with (--predict)"},
    {"calibrate", "metric", 'm', "M", VCLI_METRIC, 0, 0, NULL, NULL, "the metric of --predict"},
    {"calibrate", "posterior", 0, "FILE", VCLI_TEXT, 0, 0, NULL, NULL,
     "the posterior of --predict: a calibration file or its posterior.csv\n(default results/calibration_baseline.h5 when it exists,\nelse the shipped scenarios/calibration/baseline_posterior.csv, here\nor in the source tree of the volsim executable)"},
    {"calibrate", "draws", 0, "D", VCLI_INT, 1, 100000, NULL, NULL, "posterior draws of --predict (default 200)"},
    {"calibrate", "replicates", 'r', "R", VCLI_INT, 1, 100000, NULL, NULL,
     "paired replicates of A and B per draw (--predict; default 4)"},
    {"calibrate", "day", 0, "D", VCLI_INT, 1, 36500, NULL, NULL, "--predict reads the metric on day D (default: the last day)"},
    {"calibrate", "seed", 's', "S", VCLI_INT, 0, 4611686018427387904L, NULL, "an integer in [0, 2^62]",
     "seed of --predict's draws and runs (default 20261207)"},
    {"calibrate", "lower-is-better", 0, NULL, VCLI_FLAG, 0, 0, NULL, NULL, "--predict: a lower value of the metric is better"},
    /* volsim calibration */
    {"calibration", "replicates", 'r', "N", VCLI_INT, 2, 100000, NULL, NULL, "replicates (default 30)"},
    {"calibration", "set", 0, "PATH=VALUE", VCLI_LIST, 0, 0, NULL, NULL, "override a parameter (repeatable)"},
    {"patterns calibration compare", "format", 0, "F", VCLI_CHOICE, 0, 0, "text|markdown", NULL,
     "text (default) or markdown"},
    /* the analysis commands */
    {"summary compare", "metric", 'm', "M", VCLI_LIST, 0, 0, NULL, NULL, "only this metric (repeatable; default every metric)"},
    {"summary compare", "day", 0, "D", VCLI_TEXT, 0, 0, NULL, NULL, "the value of a replicate on day D (1-based; default the last)"},
    {"sensitivity discover plot", "day", 0, "D", VCLI_TEXT, 0, 0, NULL, NULL,
     "each run's value on day D, one of the sweep file's follow_up_days (default the last day)"},
    {"summary compare", "mean-over", 0, "A:B", VCLI_TEXT, 0, 0, NULL, NULL, "the value of a replicate: its mean over days A to B"},
    {"compare", "scenarios", 0, "A,B", VCLI_TEXT, 0, 0, NULL, NULL, "the two scenarios to compare in one file"},
    {"export", "csv", 0, "DIR", VCLI_TEXT, 0, 0, NULL, NULL,
     "the folder to write metrics.csv into (sweeps: sweep_runs.csv and sweep_points.csv)"},
    {"export", "force", 'f', NULL, VCLI_FLAG, 0, 0, NULL, NULL, "overwrite files written before"},
    {"compare", "per-point", 0, NULL, VCLI_FLAG, 0, 0, NULL, NULL, "sweeps: also one row per design point"},
    {"sensitivity plot discover", "metric", 'm', "M", VCLI_METRIC, 0, 0, NULL, NULL, "the metric"},
    {"sensitivity", "output", 0, "WHICH", VCLI_CHOICE, 0, 0, "final|last_year", NULL,
     "a run's output: the last day (final, default) or the mean of the\nlast year"},
    {"sensitivity", "bootstrap", 0, "B", VCLI_INT, 0, 100000, NULL, NULL, "bootstrap resamples of the intervals (default 1000)"},
    {"sensitivity plot", "policy", 0, "NAME", VCLI_TEXT, 0, 0, NULL, NULL, "the policy (needed when the sweep has several)"},
    {"sensitivity plot", "versus", 0, "NAME", VCLI_TEXT, 0, 0, NULL, NULL,
     "analyse the paired difference policy - NAME (same point and\nreplicate) instead of the policy's own output"},
    {"plot", "kind", 0, "K", VCLI_CHOICE, 0, 0, "timeseries|scenarios|sensitivity|response|marginals|pairs|predictive", NULL,
     "the figure (default timeseries for runs, sensitivity for sweeps);\ncalibration files: marginals, pairs or predictive (no --metric)"},
    {"plot", "parameter", 0, "P", VCLI_TEXT, 0, 0, NULL, NULL, "the swept parameter of a response figure"},
    {"plot", "output", 'o', "FIGURE", VCLI_TEXT, 0, 0, NULL, NULL, "the figure file (.svg or .png)"},
    {"discover", "better", 0, "A", VCLI_TEXT, 0, 0, NULL, NULL, "the policy whose advantage is explained"},
    {"discover", "than", 0, "B", VCLI_TEXT, 0, 0, NULL, NULL, "the policy it is compared with"},
    {"discover", "lower-is-better", 0, NULL, VCLI_FLAG, 0, 0, NULL, NULL, "a lower value of the metric is better"},
    {"discover", "min-effect", 0, "E", VCLI_TEXT, 0, 0, NULL, NULL,
     "a point counts for A when the 95% interval of A - B lies above E\n(default 0), for B when below -E"},
    {"discover", "table", 0, "FILE.csv", VCLI_TEXT, 0, 0, NULL, NULL, "inputs and a 0/1 outcome made elsewhere, instead of a sweep"},
    {"discover", "outcome", 0, "COLUMN", VCLI_TEXT, 0, 0, NULL, NULL, "the 0/1 column of --table"},
    {"discover", "boxes", 0, "N", VCLI_INT, 1, 10, NULL, NULL, "find up to N boxes by covering (default 1)"},
    {"discover", "step", 0, "K", VCLI_INT, 0, 100000, NULL, NULL, "report step K of the first box's trajectory instead of the rule's"},
    {"discover", "resamples", 0, "R", VCLI_INT, 2, 100000, NULL, NULL, "subsamples of half the points for the resampling shares (default 100)"},
    {"discover", "figures", 0, "PREFIX", VCLI_TEXT, 0, 0, NULL, NULL,
     "write PREFIX-trajectory.svg (box 1's peeling trajectory) and PREFIX-box.svg (its points\non its two main parameters)"},
    {"discover", "output", 'o', "FILE.h5", VCLI_TEXT, 0, 0, NULL, NULL,
     "write the labels, trajectories, boxes, tree, scores and check into a discovery file"},
    {"discover", "force", 'f', NULL, VCLI_FLAG, 0, 0, NULL, NULL, "overwrite an existing discovery file or figures"},
    {"discover", "verify", 0, "N", VCLI_INT, 1, 100000, NULL, NULL,
     "simulate N fresh points inside box 1 and N outside it, and say how often A wins there"},
    {"report", "output", 'o', "REPORT.html", VCLI_TEXT, 0, 0, NULL, NULL, "the report file"},
    {"report", "force", 'f', NULL, VCLI_FLAG, 0, 0, NULL, NULL, "overwrite an existing report"},
    {"report", "compare", 0, "A,B", VCLI_LIST, 0, 0, NULL, NULL,
     "a bottom line of B compared with A (B - A, as 'volsim compare\n"
     "--scenarios A,B'); repeatable; default: a variant against the scenario\n"
     "of its file, else each scenario against the one it is based on, else\n"
     "against the first"},
    {"report", "lang", 0, "L", VCLI_CHOICE, 0, 0, "en|nl", NULL, "the page's language: en (default) or nl (Dutch)"},
    {"report", "pdf", 0, NULL, VCLI_FLAG, 0, 0, NULL, NULL,
     "also print it to REPORT.pdf (A4) with headless Chromium (Debian's\nchromium)"},
    {"plot", "force", 'f', NULL, VCLI_FLAG, 0, 0, NULL, NULL, "overwrite an existing figure (calibration figures refuse without it)"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

/* ---- the command table ---------------------------------------------------- */
static const vcli_command commands[] = {
    {"run", "SCENARIO.cfg... [options]", "run replicates and write an HDF5 results file",
     "Runs each scenario's replicates and writes one HDF5 results file.",
     "Scenarios run with the same seed share their random streams (common random numbers),\n"
     "so their differences are paired.\n\n"
     "Interrupted (Ctrl-C, SIGINT, SIGTERM, SIGHUP or SIGPIPE), it finishes the replicates\n"
     "running and keeps the completed ones (the first of each scenario) in the results file,\n"
     "marked with root attributes complete = 0 and interrupted; a second signal stops at once,\n"
     "keeping nothing. A failed run (full disk, unwritable directory) leaves nothing under the\n"
     "file's name; a second writer of the same file is refused while the run holds its lock.\n"
     "Exit status: 0 success, 2 bad input, 1 failure, 128 + n stopped by signal n (130 SIGINT,\n"
     "143 SIGTERM, 129 SIGHUP, 141 SIGPIPE).",
     vcli_cmd_run, 0},
    {"sweep", "SWEEP.cfg [options]", "run a parameter sweep (grid, LHS, Sobol, Saltelli, Morris)",
     "Runs every design point of a sweep file under each of its policies and replicates,\n"
     "and writes one HDF5 file: the design, each run's outputs (every metric on the last\n"
     "day and averaged over the last year), per-run status and the provenance.",
     "Finished runs go to the journal as they finish; a sweep killed at any moment loses at most\n"
     "the runs in flight, and the results file is always complete and readable. Interrupted\n"
     "(Ctrl-C, SIGINT, SIGTERM, SIGHUP or SIGPIPE), it finishes the runs in flight, writes the\n"
     "file and says how many runs it kept; after a full disk, what was saved stays. --resume\n"
     "finishes either, with the same build of volsim only; a second sweep of the same output is\n"
     "refused while the first holds its lock. See docs/experiments.md. Exit status: 0 success,\n"
     "2 bad input, 1 failure (a failed run, a full disk), 128 + n stopped by signal n (130\n"
     "SIGINT, 143 SIGTERM, 129 SIGHUP, 141 SIGPIPE).",
     vcli_cmd_sweep, 0},
    {"check", "SCENARIO.cfg... [--set PATH=VALUE]...", "validate scenario files without running",
     "Validates scenario files (with their bases and overrides) without running them.\n"
     "Every problem is reported, one per line, as FILE:LINE: SETTING: expected ..., found ...",
     "Exit status: 0 when all are valid, 2 otherwise.", vcli_cmd_check, 0},
    {"summary", "FILE.h5 [--metric M]... [--day D | --mean-over A:B] [--format text|csv|markdown]",
     "means, intervals, medians and quartiles per scenario and metric",
     "Per scenario and metric, over replicates: mean, sd, 95% interval (t), median and quartiles.\n"
     "The value of a replicate is the metric on day D (1-based; default the last day) or its mean\n"
     "over days A to B. Default: every metric. A sweep file: its design, policies and runs, then per\n"
     "policy and metric the mean over the runs and the spread of the points' means across the\n"
     "design (2.5%, 50%, 97.5%); --day D one of its follow_up_days.",
     NULL, vcli_cmd_summary, 1},
    {"compare", "A.h5 B.h5 | volsim compare FILE.h5 --scenarios A,B\n"
     "[--metric M]... [--day D | --mean-over A:B] [--per-point] [--format text|markdown]",
     "differences with intervals (paired over common random numbers)",
     "Per metric the difference B - A with a 95% interval: paired over replicates when the two\n"
     "share their random streams (same seed: common random numbers), Welch otherwise; the\n"
     "precision of the simulated difference (paired d_z or Cohen's d over replicates: it grows with\n"
     "the population and is not an effect size) and how much narrower pairing made the interval;\n"
     "then, when the runs hold a client panel (run.client_panel_days), per-client effects on the\n"
     "clients each scenario reaches at the end of the engagement and 3, 6 and 12 months after the\n"
     "first company contact, as differences and standardised mean differences (SMD) with 95%\n"
     "intervals; costs (employee hours per extra client with a lasting relationship, supervision\n"
     "hours per extra active volunteer); and one plain-language line per key outcome. A sweep\n"
     "file with --scenarios A,B (two of its policies): per metric the mean over the design's points\n"
     "of the paired difference A - B (same point and replicate) with a 95% interval over the\n"
     "points, and at how many points A is higher, lower or unclear (each point's own interval);\n"
     "--per-point adds one row per point.",
     NULL, vcli_cmd_compare, 1},
    {"export", "FILE.h5 --csv DIR [--force]", "tidy CSV for spreadsheets and R",
     "Writes DIR/metrics.csv in tidy form (scenario, replicate, day, metric, value; one row per\n"
     "value) for spreadsheets and R. Days are 1-based; replicates 0-based. A sweep file gives\n"
     "DIR/sweep_runs.csv (run, point, policy, replicate, status, the parameters' values, metric,\n"
     "final, mean_last_year, day_D per follow-up day; NA where a run has no value) and\n"
     "DIR/sweep_points.csv (point, block, factor, the parameters' values) and\n"
     "DIR/sweep_differences.csv (each policy minus the first at the same point and replicate: point,\n"
     "replicate, policy, versus, metric, final_difference, last_year_difference, day_D_difference).\n"
     "Files written before are kept unless --force.",
     NULL, vcli_cmd_export, 1},
    {"sensitivity", "SWEEP.h5 --metric M [--output final|last_year] [--bootstrap B]\n"
     "[--policy NAME [--versus NAME]] [--format text|csv|markdown]",
     "Sobol indices (Saltelli designs) or Morris elementary effects",
     "Saltelli designs: first-order (Saltelli 2010) and total (Jansen 1999) Sobol indices with\n"
     "bootstrap 95% intervals, computed on the centred output (so a constant added to the output\n"
     "changes nothing), with a warning when a first-order interval reaches outside [-0.1, 1.1]\n"
     "or the first-order indices sum above 1 beyond their interval. Morris designs: mu* with a\n"
     "bootstrap 95% interval (trajectories resampled), mu and sigma of the elementary effects.\n"
     "The output of a design point is the metric (last day, or mean of the last year) averaged\n"
     "over its replicates; with --versus, the mean over replicates of the paired difference\n"
     "policy - versus at the same point and replicate.",
     NULL, vcli_cmd_sensitivity, 1},
    {"discover", "SWEEP.h5 --metric M --better A --than B [--min-effect E] [--lower-is-better] [--verify N]\n"
     "[--figures PREFIX] [-o FILE.h5]\n"
     "volsim discover --table FILE.csv --outcome COLUMN [--boxes N] [--step K] [--format text|csv|markdown]",
     "scenario discovery: where in the assumptions does A beat B (PRIM)",
     "Labels each design point of a sweep from the paired differences A - B over its replicates:\n"
     "A better (the 95% interval above --min-effect), B better, or unclear. Then PRIM (Friedman and\n"
     "Fisher 1999) with EMA Workbench's rules and defaults (objective LENIENT1, peel and paste\n"
     "alpha 0.05, minimum mass 0.05; quantile peeling of real parameters, discrete peeling of\n"
     "integer and choice parameters) finds a box of the parameters where A is better. The box\n"
     "reported: each step of the peeling trajectory loses the restrictions whose quasi-p value\n"
     "(one-sided binomial test per restricted limit) is above 0.05, the worst first; of the boxes\n"
     "left with density at least 0.8, the one with the highest coverage. --step K reports step K\n"
     "as it is. Each restricted dimension shows its limits, quasi-p values and the share of\n"
     "resamples (half the points, fresh PRIM) that restrict it. --boxes N finds further boxes on\n"
     "the points outside the earlier ones. --verify N simulates N fresh points drawn inside box 1\n"
     "and N outside it (within the sweep's ranges; seed: the sweep's + 1), under A and B with the\n"
     "sweep's replicates, labels them the same way and says how often A wins there: an\n"
     "out-of-sample check of the box. Then a classification tree (CART, depth 3, leaves of at\n"
     "least 5% of the points) and extra-trees feature scores of the parameters. With --table, the\n"
     "same on a CSV of inputs and a 0/1 outcome (integer-written columns are discrete).",
     NULL, vcli_cmd_discover, 1},
    {"plot", "FILE.h5 --metric M [--kind timeseries|scenarios] -o FIGURE.svg|.png\n"
     "volsim plot CALIBRATION.h5 --kind marginals|pairs|predictive -o FIGURE.svg|.png\n"
     "volsim plot SWEEP.h5 --metric M --kind sensitivity|response [--parameter P]\n"
     "[--policy NAME] -o FIGURE.svg|.png",
     "figures (SVG, PNG) with PLplot",
     "Figures with PLplot: a metric over time with 95% bands per scenario (timeseries); the\n"
     "scenarios' last-day means with 95% intervals (scenarios); first-order and total Sobol\n"
     "indices as bars (sensitivity, Saltelli sweeps); a metric against a swept parameter\n"
     "(response). Axis labels carry the units of the metrics table.",
     NULL, vcli_cmd_plot, 1},
    {"report", "FILE.h5... -o REPORT.html [--compare A,B]... [--lang en|nl] [--pdf] [--force]",
     "a self-contained HTML report for policy makers",
     "Writes one self-contained HTML page for policy makers (figures inline, no external files\n"
     "or scripts). It opens with the bottom line of each comparison in plain words: on which\n"
     "outcomes B does clearly better or worse than A; what changes for clients (per 100 clients\n"
     "and for all of them), clients with particular needs, volunteers, professionals and\n"
     "companies; what it takes (employee hours, supervision, coordinators); how sure the\n"
     "simulation is (95% intervals in words). Given a sweep file holding both scenarios as\n"
     "policies, it adds at how many plausible combinations of assumptions B does better; a\n"
     "discovery file of the two (volsim discover -o), what decides it; a prediction file\n"
     "(volsim calibrate --predict ... -o), the answer under the calibrated evidence. Then the\n"
     "clients with particular needs, the key outcomes, figures, each sweep's answer across its\n"
     "design, and a technical appendix (metrics, the volsim compare commands that give the same\n"
     "numbers, seeds, resolved configurations, provenance). --lang nl writes it in Dutch.",
     NULL, vcli_cmd_report, 1},
    {"params", "[--format text|csv|markdown]", "list every parameter (name, type, default, range, unit)",
     "Prints the parameter table: dotted name, type, default, min, max, unit, description.", NULL,
     vcli_cmd_params, 0},
    {"metrics", "[--format text|csv|markdown]", "list every recorded outcome (name, unit, description)",
     "Prints the metrics table: name, unit, description.", NULL, vcli_cmd_metrics, 0},
    {"patterns", "[options]", "check the patterns of the model brief by simulation (and knocked out)",
     "Checks the patterns of the model brief (P1-P10) and the emergent patterns\n"
     "(E1-) on the shipped scenarios: each compares two scenarios replicate by\n"
     "replicate over common random numbers and holds when the whole 95% interval\n"
     "of the difference lies beyond the row's stated magnitude in the expected\n"
     "direction. --set applies to every scenario (e.g. a smaller population).\n"
     "--knockout also runs each row with its mechanism switched off (the row's\n"
     "knockout settings, applied last to both scenarios): the row must then fail.\n"
     "--robustness N also runs each row at N points of a Latin hypercube over the\n"
     "plausible ranges of the behavioural parameters and reports the share where it holds.",
     "Exit status 0 when all checked patterns hold (and, with --knockout, all fail knocked\n"
     "out), 1 otherwise, 2 on bad input.",
     vcli_cmd_patterns, 0},
    {"calibrate", "TARGETS.cfg [-o FILE.h5] [--resume | --force] [--quick]\n"
     "volsim calibrate --predict A.cfg --against B.cfg --metric M [--posterior FILE] [--draws D] [--replicates R]",
     "calibrate parameters against published targets: history matching, then ABC-SMC",
     "Reads a target file (base scenario, parameters with uniform priors, targets with their\n"
     "observation SD, model discrepancy and source; docs/calibration.md) and calibrates:\n"
     "history-matching waves by direct simulation (implausibility cut-off 3) narrow the\n"
     "prior to the region not ruled out, then ABC-SMC with a Gaussian acceptance kernel\n"
     "lowers its tolerance to the targets' own uncertainty (eps = 1). The file is\n"
     "rewritten after every wave and generation: after an interruption, --resume finishes\n"
     "with the same results. Prints the share of the prior not ruled out per wave, the\n"
     "generations, the posterior table (mean, median, 95% credible interval, width\n"
     "relative to the prior: identified or not), strong correlations, and each target's\n"
     "posterior predictive range next to its published value.\n"
     "--predict A.cfg --against B.cfg --metric M gives the evidence-weighted answer to a policy\n"
     "question: draws of the posterior, A and B with each draw's parameters on common random\n"
     "numbers, the posterior mean and 95% credible interval of A - B and the posterior\n"
     "probability that A is better.",
     "Results do not depend on --threads. Exit status 0 when done, 1 when no posterior\n"
     "could be had (the reason is printed), 2 on bad input, 128+N after signal N.",
     vcli_cmd_calibrate, 0},
    {"calibration", "[SCENARIO.cfg] [options]", "calibration figures of the brief next to the simulated ones",
     "Runs a scenario (default scenarios/baseline.cfg) and prints the calibration figures\n"
     "of the model brief (sections 5 and 5b) next to the simulated means with 95% intervals.",
     NULL, vcli_cmd_calibration, 0},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

const vcli_command *vcli_command_find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

/* Whether row r belongs to command name (a word of its commands list). */
static int belongs(size_t r, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = options[r].commands; (p = strstr(p, name)) != NULL; p += n)
        if ((p == options[r].commands || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return 1;
    return 0;
}

/* ---- messages and usage --------------------------------------------------- */
int vcli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "volsim%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'volsim %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return VCLI_EXIT_BAD_INPUT;
}

/* "  -o, --output FILE" padded to the help column, then the help's lines. */
static void print_option(FILE *out, char short_name, const char *name, const char *arg, const char *help)
{
    char head[96];
    int n = snprintf(head, sizeof head, "  %c%c%s--%s%s%s", short_name ? '-' : ' ', short_name ? short_name : ' ',
                     short_name ? ", " : "  ", name, arg ? " " : "", arg ? arg : "");
    const int col = 25;
    fputs(head, out);
    if (n >= col - 1) fprintf(out, "\n%*s", col, "");
    else fprintf(out, "%*s", col - n, "");
    for (const char *p = help; *p; p++) {
        fputc(*p, out);
        if (*p == '\n') fprintf(out, "%*s", col, "");
    }
    fputc('\n', out);
}

void vcli_print_usage(FILE *out, const vcli_command *cmd)
{
    if (!cmd) {
        fputs("Usage: volsim COMMAND [options]\n"
              "An agent-based simulator of volunteering ecosystems: clients, volunteers, professionals,\n"
              "companies and NPOs, to test engagement policies before trying them on people.\n\n"
              "Commands:\n", out);
        for (size_t i = 0; i < NCOMMANDS; i++) {
            /* the first word of the synopsis when it names the input */
            char first[40] = "";
            const char *s = commands[i].synopsis;
            size_t n = 0;
            while (s[n] && s[n] != '\n' && s[n] != '[' && n + 1 < sizeof first &&
                   !(s[n] == ' ' && (s[n + 1] == '[' || s[n + 1] == '|' || s[n + 1] == '-')))
                n++;
            memcpy(first, s, n);
            first[n] = '\0';
            char head[64];
            snprintf(head, sizeof head, "%s %s", commands[i].name, first);
            fprintf(out, "  %-21s %s\n", head, commands[i].brief);
        }
        fputs("\nOptions: -h, --help (also after a command), -V, --version\n"
              "See volsim(1), README.md and docs/ for more.\n", out);
        return;
    }
    fprintf(out, "Usage: volsim %s ", cmd->name);
    size_t indent = strlen("Usage: volsim  ") + strlen(cmd->name);
    for (const char *p = cmd->synopsis; *p; p++) {
        fputc(*p, out);
        if (*p == '\n') {
            /* a line starting with "volsim " is another form of the command */
            if (strncmp(p + 1, "volsim ", 7) == 0) fputs("       ", out);
            else fprintf(out, "%*s", (int)indent, "");
        }
    }
    fprintf(out, "\n%s\n\n", cmd->text);
    for (size_t r = 0; r < NOPTIONS; r++)
        if (belongs(r, cmd->name))
            print_option(out, options[r].short_name, options[r].name, options[r].arg, options[r].help);
    print_option(out, 'h', "help", NULL, "this help");
    if (cmd->after) fprintf(out, "\n%s\n", cmd->after);
}

/* ---- parsing -------------------------------------------------------------- */
int vcli_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    if (isspace((unsigned char)*s)) return 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return 0;
    *out = v;
    return 1;
}

/* Checks value v of row r; 1 when good, else prints the error. */
static int check_value(const char *cmd, size_t r, const char *v)
{
    const vcli_option *o = &options[r];
    char expect[160];
    long l;
    switch (o->kind) {
    case VCLI_INT:
        if (vcli_parse_long(v, o->lo, o->hi, &l)) return 1;
        snprintf(expect, sizeof expect, "an integer in [%ld, %ld]", o->lo, o->hi);
        break;
    case VCLI_POSITIVE: {
        char *end;
        double x = strtod(v, &end);
        if (end != v && !*end && !isspace((unsigned char)*v) && x > 0 && isfinite(x)) return 1;
        snprintf(expect, sizeof expect, "a positive number");
        break;
    }
    case VCLI_CHOICE: {
        size_t n = strlen(v);
        for (const char *p = o->choices; n && (p = strstr(p, v)) != NULL; p += n)
            if ((p == o->choices || p[-1] == '|') && (p[n] == '|' || p[n] == '\0')) return 1;
        snprintf(expect, sizeof expect, "one of %s", o->choices);
        break;
    }
    case VCLI_METRIC:
        if (vol_metrics_find(v) >= 0) return 1;
        snprintf(expect, sizeof expect, "a metric of 'volsim metrics'");
        break;
    default:
        return 1;
    }
    vcli_usage_error(cmd, "--%s: expected %s, found '%s'", o->name, o->expect ? o->expect : expect, v);
    return 0;
}

int vcli_args_parse(const vcli_command *cmd, int argc, char **argv, const char *cmdline, vcli_args *a)
{
    memset(a, 0, sizeof *a);
    a->cmd = cmd;
    a->cmdline = cmdline;
    struct option *lo = calloc(NOPTIONS + 2, sizeof *lo);
    char *shorts = calloc(2 * NOPTIONS + 4, 1);
    a->count = calloc(NOPTIONS, sizeof *a->count);
    a->last = calloc(NOPTIONS, sizeof *a->last);
    a->values = calloc(NOPTIONS, sizeof *a->values);
    a->before = calloc(NOPTIONS, sizeof *a->before);
    a->pos_owned = calloc((size_t)argc + 1, sizeof *a->pos_owned);
    int rc = -1;
    if (!lo || !shorts || !a->count || !a->last || !a->values || !a->before || !a->pos_owned) {
        rc = VCLI_EXIT_RUNTIME;
        goto done;
    }
    size_t nl = 0, ns = 0;
    /* '-': positional arguments come back in place (as option 1), so that an
     * option can apply to the argument before it; ':' reports a missing value */
    shorts[ns++] = '-';
    shorts[ns++] = ':';
    shorts[ns++] = 'h';
    for (size_t r = 0; r < NOPTIONS; r++) {
        if (!belongs(r, cmd->name)) continue;
        lo[nl++] = (struct option){options[r].name, options[r].kind == VCLI_FLAG ? no_argument : required_argument,
                                   NULL, 256 + (int)r};
        if (options[r].short_name) {
            shorts[ns++] = options[r].short_name;
            if (options[r].kind != VCLI_FLAG) shorts[ns++] = ':';
        }
        if (options[r].kind == VCLI_LIST && (!(a->values[r] = calloc((size_t)argc + 1, sizeof *a->values[r])) ||
                                             !(a->before[r] = calloc((size_t)argc + 1, sizeof *a->before[r])))) {
            rc = VCLI_EXIT_RUNTIME;
            goto done;
        }
    }
    lo[nl++] = (struct option){"help", no_argument, NULL, 'h'};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        if (c == 1) { a->pos_owned[a->npos++] = optarg; continue; }
        if (c == 'h') { vcli_print_usage(stdout, cmd); rc = 0; goto done; }
        if (c == ':') { rc = vcli_usage_error(cmd->name, "option '%s' needs a value", argv[optind - 1]); goto done; }
        size_t r = NOPTIONS;
        if (c >= 256) r = (size_t)(c - 256);
        else
            for (size_t q = 0; q < NOPTIONS; q++)
                if (options[q].short_name == c && belongs(q, cmd->name)) { r = q; break; }
        if (r >= NOPTIONS) { rc = vcli_usage_error(cmd->name, "unknown option '%s'", argv[optind - 1]); goto done; }
        if (optarg && !check_value(cmd->name, r, optarg)) { rc = VCLI_EXIT_BAD_INPUT; goto done; }
        if (a->values[r]) {
            a->values[r][a->count[r]] = optarg;
            a->before[r][a->count[r]] = a->npos;
        }
        a->count[r]++;
        a->last[r] = optarg;
    }
    for (int i = optind; i < argc; i++) a->pos_owned[a->npos++] = argv[i]; /* after "--" */
    a->pos = a->pos_owned;
done:
    free(lo);
    free(shorts);
    if (rc >= 0) vcli_args_free(a);
    return rc;
}

void vcli_args_free(vcli_args *a)
{
    for (size_t r = 0; a->values && r < NOPTIONS; r++) free(a->values[r]);
    for (size_t r = 0; a->before && r < NOPTIONS; r++) free(a->before[r]);
    free(a->values);
    free(a->before);
    free(a->pos_owned);
    a->before = NULL;
    a->pos_owned = NULL;
    a->pos = NULL;
    a->npos = 0;
    free(a->count);
    free(a->last);
    a->values = NULL;
    a->count = NULL;
    a->last = NULL;
}

/* The row of option name of a's command; a name the command does not have
 * is a programming error. */
static size_t row(const vcli_args *a, const char *name)
{
    for (size_t r = 0; r < NOPTIONS; r++)
        if (strcmp(options[r].name, name) == 0 && belongs(r, a->cmd->name)) return r;
    fprintf(stderr, "volsim: internal error: command %s has no option --%s\n", a->cmd->name, name);
    abort();
}

int vcli_given(const vcli_args *a, const char *name) { return a->count[row(a, name)]; }
const char *vcli_text(const vcli_args *a, const char *name) { return a->last[row(a, name)]; }

/* vcli_int and vcli_real read values check_value accepted: only options of
 * those kinds (another is a programming error). */
static size_t checked_row(const vcli_args *a, const char *name, vcli_kind kind)
{
    size_t r = row(a, name);
    if (options[r].kind == kind) return r;
    fprintf(stderr, "volsim: internal error: --%s is not checked as a number\n", name);
    abort();
}

long vcli_int(const vcli_args *a, const char *name, long dflt)
{
    const char *v = a->last[checked_row(a, name, VCLI_INT)];
    return v ? strtol(v, NULL, 10) : dflt;
}

double vcli_real(const vcli_args *a, const char *name, double dflt)
{
    const char *v = a->last[checked_row(a, name, VCLI_POSITIVE)];
    return v ? strtod(v, NULL) : dflt;
}

const char **vcli_list(const vcli_args *a, const char *name, size_t *n)
{
    size_t r = row(a, name);
    if (n) *n = (size_t)a->count[r];
    return a->values[r];
}

int vcli_exe_dir(char *buf, size_t n)
{
    ssize_t len = n > 1 ? readlink("/proc/self/exe", buf, n - 1) : -1;
    if (len <= 0) return 0;
    buf[len] = 0;
    char *slash = strrchr(buf, '/');
    if (!slash) return 0;
    *slash = 0;
    return 1;
}

int vcli_list_before(const vcli_args *a, const char *name, size_t k)
{
    size_t r = row(a, name);
    return k < (size_t)a->count[r] ? a->before[r][k] : a->npos;
}

int vcli_choice(const vcli_args *a, const char *name, int dflt)
{
    size_t r = row(a, name);
    const char *v = a->last[r];
    if (!v) return dflt;
    int idx = 0;
    size_t n = strlen(v);
    for (const char *p = options[r].choices; *p; idx++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, v, n) == 0) return idx;
        if (!bar) break;
        p = bar + 1;
    }
    return dflt;
}
