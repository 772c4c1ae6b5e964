/* test_analysis.c: volsim summary, compare, export and sensitivity on small
 * results files. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "command_test.h"


TestSuite(analysis, .init = make_dir, .fini = remove_dir);

Test(analysis, summary_and_export)
{
    cr_assert_eq(sh("'%s' run %s/one_off.cfg %s/three_month.cfg -r 4 -d 50 -o %s/r.h5 " SMALL, VOLSIM_EXE, SCEN, SCEN, dir), 0);
    cr_assert_eq(sh("'%s' summary %s/r.h5 --metric client_wellbeing --format csv > %s/s.csv", VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("test $(wc -l < %s/s.csv) -eq 3", dir), 0, "header and one row per scenario");
    cr_assert_eq(sh("grep -q '^three_month,client_wellbeing,index 0-1,day 50,4,' %s/s.csv", dir), 0);
    cr_assert_eq(sh("'%s' summary %s/r.h5 --mean-over 10:20 --format markdown | grep -q 'days 10-20'", VOLSIM_EXE, dir), 0);
    cr_assert_eq(sh("'%s' summary %s/r.h5 --day 51 2>/dev/null", VOLSIM_EXE, dir), 2);
    cr_assert_eq(sh("'%s' summary %s/nope.h5 2>/dev/null", VOLSIM_EXE, dir), 2);
    /* tidy CSV: 2 scenarios x 4 replicates x 50 days x every metric, plus the header */
    cr_assert_eq(sh("'%s' export %s/r.h5 --csv %s/csv >/dev/null", VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("n=$('%s' metrics --format csv | tail -n +2 | wc -l); test $(wc -l < %s/csv/metrics.csv) -eq $((2 * 4 * 50 * n + 1))",
                    VOLSIM_EXE, dir), 0);
    cr_assert_eq(sh("head -1 %s/csv/metrics.csv | grep -q '^scenario,replicate,day,metric,value$'", dir), 0);
}

Test(analysis, compare_pairs_common_random_numbers)
{
    cr_assert_eq(sh("'%s' run %s/one_off.cfg %s/three_month.cfg -r 6 -d 120 -o %s/r.h5 " SMALL, VOLSIM_EXE, SCEN, SCEN, dir), 0);
    cr_assert_eq(sh("'%s' compare %s/r.h5 --scenarios one_off,three_month > %s/c.txt", VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("grep -q 'paired over replicates' %s/c.txt && grep -q 'pairing made the interval' %s/c.txt", dir, dir), 0);
    cr_assert_eq(sh("grep -q '^- three_month .* the share of clients whose relationship has lasted 6 months or more' %s/c.txt", dir), 0);
    /* different seeds: Welch */
    cr_assert_eq(sh("'%s' run %s/one_off.cfg -r 6 -d 120 --seed 1 -o %s/a.h5 " SMALL, VOLSIM_EXE, SCEN, dir), 0);
    cr_assert_eq(sh("'%s' run %s/three_month.cfg -r 6 -d 120 --seed 2 -o %s/b.h5 " SMALL, VOLSIM_EXE, SCEN, dir), 0);
    cr_assert_eq(sh("'%s' compare %s/a.h5 %s/b.h5 --metric client_wellbeing | grep -q Welch", VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("'%s' compare %s/r.h5 2>/dev/null", VOLSIM_EXE, dir), 2);
}

Test(analysis, sensitivity_of_saltelli_and_morris_sweeps)
{
    cr_assert_eq(sh("'%s' sweep %s/saltelli_small.cfg -q -o %s/s.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    cr_assert_eq(sh("'%s' sensitivity %s/s.h5 --metric client_wellbeing --bootstrap 100 > %s/o.txt", VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("grep -c ' S1 ' %s/o.txt | grep -q '^2$'", dir), 0);
    cr_assert_eq(sh("'%s' sweep %s/morris_small.cfg -q -o %s/m.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    cr_assert_eq(sh("'%s' sensitivity %s/m.h5 --metric clients_with_volunteer_share > %s/m.txt", VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("grep -c 'mu\\*' %s/m.txt | grep -q '^3$' && grep -q '(5 effects)' %s/m.txt", dir, dir), 0);
    cr_assert_eq(sh("'%s' sensitivity %s/s.h5 --metric nope 2>/dev/null", VOLSIM_EXE, dir), 2);
}
