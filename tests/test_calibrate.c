/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_calibrate.c: volsim calibrate and its target files, as a user runs
 * them (the algorithms against closed forms are in test_abc.c).
 *
 * - volsim check names file, line and setting of each mistake in a target
 *   file (tests/data/calibration/bad.cfg: eight of them) and exits 2;
 * - a small calibration (tests/data/calibration/small.cfg in a small world
 *   with a short burn-in, for speed) gives the same
 *   generations, particles and weights, bit for bit, on 1 and 2 threads,
 *   and after SIGKILL right after its second stage was written
 *   (VOLSIM_TEST_KILL_AFTER_STAGE=2: the file then holds one wave and one
 *   generation, complete = 0) and --resume;
 * - it refuses to overwrite without --force, --resume of another target
 *   file or of other settings, and --predict's options without --predict;
 * - summary, the three figures, the CSV export and --predict (the same
 *   answer from the .h5 and the CSV, on 1 and 2 threads) of a finished
 *   calibration; the shipped posterior fits the shipped target file. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "volsim.h"
#include "vol_h5read.h"

#define V VOLSIM_EXE
#define DATA VOLSIM_SOURCE_DIR "/tests/data/calibration/"
/* a small world and a short burn-in: the sanitizer build (-O0) runs these
 * calibrations too, about ten times slower */
#define SMALL "--set run.burn_in_days=300 --set clients.count=150 --set volunteers.initial=60 --set npo.count=5 " \
              "--set companies.pool_size=60"

/* A fresh folder of the test's own under TMPDIR (two test runs at once
 * never share one). */
static const char *scratch(void)
{
    static char dir[4096];
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/volsim_test_calibrate.XXXXXX", t && *t ? t : "/tmp");
    cr_assert_not_null(mkdtemp(dir), "mkdtemp");
    return dir;
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char *cmd;
    va_list ap;
    va_start(ap, fmt);
    cr_assert(vasprintf(&cmd, fmt, ap) >= 0);
    va_end(ap);
    int rc = system(cmd);
    free(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

Test(calibrate, check_names_every_mistake)
{
    const char *d = scratch();
    cr_assert_eq(sh("%s check " DATA "bad.cfg 2> %s/bad.txt", V, d), 2);
    const char *expect[] = {"bad.cfg:4: parameters: expected a parameter of the table, found \\\"dropout.circumstances_per_yaer\\\"",
                            "bad.cfg:5: dropout.early_factor: expected min < max",
                            "bad.cfg:8: targets\\[1\\].day: expected an integer in \\[1, 730\\], found 9999",
                            "bad.cfg:9: targets\\[2\\].reason: expected one of",
                            "bad.cfg:9: targets\\[2\\].sd: expected",
                            "bad.cfg:9: targets\\[2\\].source: expected",
                            "bad.cfg:9: targets\\[2\\].informs: expected names of the file's parameters",
                            "bad.cfg:11: abc.particles: expected an integer in \\[10"};
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        cr_expect_eq(sh("grep -q \"%s\" %s/bad.txt", expect[i], d), 0, "missing: %s", expect[i]);
    cr_expect_eq(sh("grep -q '8 problems' %s/bad.txt", d), 0);
    cr_expect_eq(sh("%s check " DATA "small.cfg " SMALL " > /dev/null", V), 0);
    /* options of --predict without it are refused, not ignored */
    cr_expect_eq(sh("%s calibrate " DATA "small.cfg --draws 3 2> %s/opt.txt", V, d), 2);
    cr_expect_eq(sh("grep -q -- '--draws goes with --predict' %s/opt.txt", d), 0);
    sh("rm -rf %s", d);
}

/* every generation's particles and weights of two files, equal bit for bit */
static void same_file(const char *a, const char *b)
{
    vol_h5in *x, *y;
    cr_assert_eq(vol_h5in_open(a, "volsim-calibration", "volsim calibrate", &x), VOL_OK, "%s", vol_error_message());
    cr_assert_eq(vol_h5in_open(b, "volsim-calibration", "volsim calibrate", &y), VOL_OK, "%s", vol_error_message());
    long long ga, gb, ca, cb;
    cr_assert_eq(vol_h5in_attr_long(x, "/", "generations", &ga), VOL_OK);
    cr_assert_eq(vol_h5in_attr_long(y, "/", "generations", &gb), VOL_OK);
    cr_assert_eq(vol_h5in_attr_long(x, "/", "complete", &ca), VOL_OK);
    cr_assert_eq(vol_h5in_attr_long(y, "/", "complete", &cb), VOL_OK);
    cr_expect_eq(ga, gb);
    cr_expect(ga >= 2, "%lld generations", ga);
    cr_expect(ca == 1 && cb == 1);
    const char *sets[] = {"theta", "weight", "distance", "stats"};
    for (long long g = 0; g < ga; g++)
        for (size_t i = 0; i < 4; i++) {
            char p[96];
            snprintf(p, sizeof p, "/abc/generation_%lld/%s", g, sets[i]);
            size_t n1, n2;
            double *u = vol_h5in_doubles(x, p, &n1), *v = vol_h5in_doubles(y, p, &n2);
            cr_assert(u && v, "%s", p);
            cr_expect(n1 == n2 && memcmp(u, v, n1 * sizeof *u) == 0, "%s differs", p);
            free(u);
            free(v);
        }
    size_t n1, n2;
    double *u = vol_h5in_doubles(x, "/history_matching/wave_0/mean", &n1),
           *v = vol_h5in_doubles(y, "/history_matching/wave_0/mean", &n2);
    cr_expect(u && v && n1 == n2 && memcmp(u, v, n1 * sizeof *u) == 0, "wave 0 differs");
    free(u);
    free(v);
    vol_h5in_close(x);
    vol_h5in_close(y);
}

Test(calibrate, threads_and_kill_resume_identical, .timeout = 600)
{
    const char *d = scratch();
    cr_assert_eq(sh("%s calibrate " DATA "small.cfg " SMALL " -o %s/one.h5 --threads 1 -q > %s/one.txt", V, d, d), 0);
    cr_assert_eq(sh("%s calibrate " DATA "small.cfg " SMALL " -o %s/two.h5 --threads 2 -q > /dev/null", V, d), 0);
    char one[4200], two[4200], killed[4200];
    snprintf(one, sizeof one, "%s/one.h5", d);
    snprintf(two, sizeof two, "%s/two.h5", d);
    snprintf(killed, sizeof killed, "%s/killed.h5", d);
    same_file(one, two);
    /* killed (SIGKILL) right after its second stage was written, then resumed */
    cr_assert_eq(sh("VOLSIM_TEST_KILL_AFTER_STAGE=2 %s calibrate " DATA "small.cfg " SMALL " -o %s/killed.h5 -q "
                    "> /dev/null 2>&1; test $? = 137", V, d), 0, "not killed");
    long long complete = -1, gens = -1;
    vol_h5in *k;
    cr_assert_eq(vol_h5in_open(killed, "volsim-calibration", "volsim calibrate", &k), VOL_OK, "%s", vol_error_message());
    cr_expect_eq(vol_h5in_attr_long(k, "/", "complete", &complete), VOL_OK);
    cr_expect_eq(vol_h5in_attr_long(k, "/", "generations", &gens), VOL_OK);
    vol_h5in_close(k);
    cr_expect(complete == 0 && gens == 1, "the killed file: complete %lld, %lld generations", complete, gens);
    cr_assert_eq(sh("%s calibrate " DATA "small.cfg " SMALL " -o %s/killed.h5 --resume -q > /dev/null 2> %s/resume.txt", V, d, d), 0);
    same_file(one, killed);
    /* the posterior table is printed */
    cr_expect_eq(sh("grep -q 'dropout.circumstances_per_year' %s/one.txt && grep -q 'share of the prior not ruled out' %s/one.txt", d, d), 0);
    /* no overwrite without --force; --resume of another target file refused */
    cr_expect_eq(sh("%s calibrate " DATA "small.cfg " SMALL " -o %s/one.h5 -q 2> %s/err.txt", V, d, d), 2);
    cr_expect_eq(sh("grep -q 'exists' %s/err.txt", d), 0);
    cr_expect_eq(sh("%s calibrate " VOLSIM_SOURCE_DIR "/scenarios/calibration/baseline.cfg -o %s/one.h5 --resume -q 2> %s/err2.txt", V, d, d), 2);
    cr_expect_eq(sh("grep -q 'another target file' %s/err2.txt", d), 0);
    /* nor with other settings: --quick lowers a copy's 100 particles to 60 */
    cr_assert_eq(sh("sed 's#\\.\\./\\.\\./\\.\\./scenarios/#" VOLSIM_SOURCE_DIR "/scenarios/#; s/particles = 16/particles = 100/; "
                    "s/max_generations = 3/max_generations = 1/' " DATA "small.cfg > %s/copy.cfg", d), 0);
    cr_assert_eq(sh("%s calibrate %s/copy.cfg " SMALL " -o %s/q.h5 --quick -q > /dev/null", V, d, d), 0);
    cr_expect_eq(sh("%s calibrate %s/copy.cfg " SMALL " -o %s/q.h5 --resume -q 2> %s/err3.txt", V, d, d, d), 2);
    cr_expect_eq(sh("grep -q 'other settings' %s/err3.txt", d), 0);
    sh("rm -rf %s", d);
}

/* summary, figures, the CSV export and --predict of a finished calibration */
Test(calibrate, summary_figures_export_predict, .timeout = 600)
{
    const char *d = scratch();
    cr_assert_eq(sh("%s calibrate " DATA "small.cfg " SMALL " -o %s/c.h5 -q > /dev/null", V, d), 0);
    cr_expect_eq(sh("%s summary %s/c.h5 > %s/sum.txt && grep -q 'credible\\|97.5%%' %s/sum.txt && "
                    "grep -q 'dropout.early_factor' %s/sum.txt && grep -q 'Vecina' %s/sum.txt", V, d, d, d, d, d), 0);
    const char *kinds[] = {"marginals", "pairs", "predictive"};
    for (size_t i = 0; i < 3; i++) {
        cr_expect_eq(sh("%s plot %s/c.h5 --kind %s -o %s/%s.svg > /dev/null && test -s %s/%s.svg", V, d, kinds[i], d,
                        kinds[i], d, kinds[i]), 0, "%s", kinds[i]);
        cr_expect_eq(sh("%s plot %s/c.h5 --kind %s -o %s/%s.svg 2> /dev/null", V, d, kinds[i], d, kinds[i]), 2,
                     "%s overwritten without --force", kinds[i]);
    }
    cr_expect_eq(sh("%s plot %s/c.h5 --kind pairs --metric client_wellbeing -o %s/x.svg 2> /dev/null", V, d, d), 2);
    /* the CSV export reads back to the same particles: --predict gives the same answer from both */
    cr_assert_eq(sh("%s export %s/c.h5 --csv %s/x > /dev/null && head -1 %s/x/posterior.csv | grep -q "
                    "'^particle,weight,dropout.circumstances_per_year,dropout.early_factor$'", V, d, d, d), 0);
    const char *pred = "calibrate --predict " VOLSIM_SOURCE_DIR "/scenarios/three_month.cfg --against "
                       VOLSIM_SOURCE_DIR "/scenarios/one_off.cfg --metric client_wellbeing --draws 6 --replicates 2 "
                       SMALL " -q";
    cr_assert_eq(sh("%s %s --posterior %s/c.h5 > %s/p1.txt", V, pred, d, d), 0);
    cr_assert_eq(sh("%s %s --posterior %s/x/posterior.csv --threads 1 > %s/p2.txt", V, pred, d, d), 0);
    cr_expect_eq(sh("grep -q 'posterior probability three_month is better' %s/p1.txt && "
                    "grep -q '95%% credible interval' %s/p1.txt", d, d), 0);
    /* the same numbers (the run time and the file name aside) */
    cr_expect_eq(sh("grep -v 'under the posterior\\|draws x' %s/p1.txt > %s/p1n && grep -v 'under the posterior\\|draws x' "
                    "%s/p2.txt > %s/p2n && cmp -s %s/p1n %s/p2n", d, d, d, d, d, d), 0, "predict differs between h5 "
                    "and csv, or between thread counts");
    /* scenarios differing in a calibrated parameter are refused */
    cr_expect_eq(sh("%s %s --posterior %s/c.h5 --set dropout.early_factor=1 2> /dev/null > /dev/null", V, pred, d), 0,
                 "a --set applies to both");
    cr_expect_eq(sh("printf 'base = \"%s/scenarios/one_off.cfg\";\\ndropout: { early_factor = 2.5; };\\n' > %s/other.cfg && "
                    "%s calibrate --predict %s/other.cfg --against " VOLSIM_SOURCE_DIR "/scenarios/one_off.cfg "
                    "--metric client_wellbeing --posterior %s/c.h5 -q 2> %s/err.txt; test $? = 2 && grep -q "
                    "'a calibrated parameter' %s/err.txt", VOLSIM_SOURCE_DIR, d, V, d, d, d, d), 0);
    sh("rm -rf %s", d);
}

/* The shipped posterior is the export of the shipped target file's
 * calibration: the same parameters in the same order, weights summing to
 * 1, every particle inside the priors; and --predict runs from it. */
Test(calibrate, shipped_posterior_fits_the_shipped_targets, .timeout = 300)
{
    const char *d = scratch();
    cr_assert_eq(sh("%s check " VOLSIM_SOURCE_DIR "/scenarios/calibration/baseline.cfg > /dev/null", V), 0);
    FILE *f = fopen(VOLSIM_SOURCE_DIR "/scenarios/calibration/baseline_posterior.csv", "r");
    cr_assert_not_null(f);
    char head[4096];
    cr_assert_not_null(fgets(head, sizeof head, f));
    fclose(f);
    const char *want = "particle,weight,dropout.circumstances_per_year,dropout.other_personal_share,"
                       "dropout.low_commitment_per_year,dropout.early_factor,burnout.drain_per_visit,"
                       "burnout.exit_probability,burnout.recovery_per_day,wellbeing.bond_gain,wellbeing.loss_harm,"
                       "endings.planned_harm\n";
    cr_expect_str_eq(head, want);
    cr_expect_eq(sh("awk -F, 'NR > 1 { w += $2; if ($3 < 0.1 || $3 > 0.6 || $12 < 0 || $12 > 1) bad++ } "
                    "END { exit (bad > 0 || w < 0.999999 || w > 1.000001) }' "
                    VOLSIM_SOURCE_DIR "/scenarios/calibration/baseline_posterior.csv"), 0);
    cr_expect_eq(sh("cd " VOLSIM_SOURCE_DIR " && %s calibrate --predict scenarios/three_month.cfg --against "
                    "scenarios/one_off.cfg --metric client_wellbeing --posterior scenarios/calibration/baseline_posterior.csv "
                    "--draws 3 --replicates 1 --set run.burn_in_days=200 --set run.days=400 -q > %s/p.txt && grep -q "
                    "'posterior probability' %s/p.txt", V, d, d), 0);
    sh("rm -rf %s", d);
}
