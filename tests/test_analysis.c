/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include <math.h>
#include "command_test.h"
#include "vol_h5read.h"
#include "vol_scenario.h"


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
    cr_assert_eq(sh("grep -c ' S1 .* ST ' %s/o.txt | grep -q '^2$'", dir), 0);
    cr_assert_eq(sh("'%s' sweep %s/morris_small.cfg -q -o %s/m.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    cr_assert_eq(sh("'%s' sensitivity %s/m.h5 --metric clients_with_volunteer_share > %s/m.txt", VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("grep -c 'mu\\*' %s/m.txt | grep -q '^3$' && grep -q '(5 effects)' %s/m.txt", dir, dir), 0);
    cr_assert_eq(sh("'%s' sensitivity %s/s.h5 --metric nope 2>/dev/null", VOLSIM_EXE, dir), 2);
    /* intervals on mu*, csv */
    cr_assert_eq(sh("grep -q 'mu\\* *[0-9.e+-]* \\[ *[0-9.e+-]*, *[0-9.e+-]*\\]' %s/m.txt", dir), 0);
    cr_assert_eq(sh("'%s' sensitivity %s/m.h5 --metric clients_with_volunteer_share --format csv > %s/m.csv", VOLSIM_EXE, dir,
                    dir), 0);
    cr_assert_eq(sh("head -1 %s/m.csv | grep -qx 'parameter,mu_star,mu_star_low,mu_star_high,mu,sigma,effects' && "
                    "test $(wc -l < %s/m.csv) -eq 4", dir, dir), 0);
}

/* Issue 13: the indices of a paired policy difference, and policies that
 * are not in the file named as errors with the file's policies. */
Test(analysis, sensitivity_of_a_paired_policy_difference)
{
    cr_assert_eq(sh("'%s' sweep %s/saltelli_policies.cfg -q -o %s/p.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    cr_assert_eq(sh("'%s' sensitivity %s/p.h5 --metric client_wellbeing --policy three_month --versus one_off "
                    "--format csv > %s/d.csv 2>/dev/null", VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("head -1 %s/d.csv | grep -qx 'parameter,S1,S1_low,S1_high,ST,ST_low,ST_high' && "
                    "grep -q '^endings.planned_harm,' %s/d.csv && test $(wc -l < %s/d.csv) -eq 3", dir, dir, dir), 0);
    cr_assert_eq(sh("'%s' sensitivity %s/p.h5 --metric client_wellbeing --policy three_month --versus one_off 2>/dev/null"
                    " | grep -q 'three_month - one_off (paired)'", VOLSIM_EXE, dir), 0);
    /* the difference is not the policy's own output */
    cr_assert_neq(sh("'%s' sensitivity %s/p.h5 --metric client_wellbeing --policy three_month --format csv 2>/dev/null "
                     "| cmp -s - %s/d.csv", VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("'%s' sensitivity %s/p.h5 --metric client_wellbeing --policy three_month --versus nope 2> %s/e.txt",
                    VOLSIM_EXE, dir, dir), 2);
    cr_assert_eq(sh("grep -q \"versus: expected a policy of .* (one_off, three_month), found 'nope'\" %s/e.txt", dir), 0);
    cr_assert_eq(sh("'%s' sensitivity %s/p.h5 --metric client_wellbeing --policy nope 2>/dev/null", VOLSIM_EXE, dir), 2);
    cr_assert_eq(sh("'%s' sensitivity %s/p.h5 --metric client_wellbeing 2>/dev/null", VOLSIM_EXE, dir), 2);
    cr_assert_eq(sh("'%s' sensitivity %s/p.h5 --metric client_wellbeing --policy one_off --versus one_off 2>/dev/null",
                    VOLSIM_EXE, dir), 2);
    cr_assert_eq(sh("'%s' plot %s/p.h5 --metric client_wellbeing --kind sensitivity --policy nope -o %s/f.svg 2>/dev/null",
                    VOLSIM_EXE, dir, dir), 2);
    /* a response figure of the difference (PLplot draws text as paths, so
     * its labels cannot be read back here) */
    cr_assert_eq(sh("'%s' plot %s/p.h5 --metric client_wellbeing --kind response --parameter companies.clients_per_employee "
                    "--policy three_month --versus one_off -o %s/r.svg > /dev/null && test -s %s/r.svg",
                    VOLSIM_EXE, dir, dir, dir), 0);
}

/* The outcome by realised match duration needs the agent tables; without
 * them compare says how to get them. */
Test(analysis, compare_outcome_by_match_duration)
{
    cr_assert_eq(sh("'%s' run %s/one_off.cfg %s/three_month.cfg -r 4 -d 400 --agents -o %s/r.h5 " SMALL, VOLSIM_EXE, SCEN,
                    SCEN, dir), 0);
    cr_assert_eq(sh("'%s' compare %s/r.h5 --scenarios one_off,three_month --metric client_wellbeing > %s/c.txt",
                    VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("grep -c 'by how long it lasted' %s/c.txt | grep -q '^2$'", dir), 0);
    cr_assert_eq(sh("grep -c '^  ended within 3 months  *[-+][0-9.]* \\[' %s/c.txt | grep -q '^2$'", dir), 0);
    cr_assert_eq(sh("grep -c '^  lasted 12 months or more' %s/c.txt | grep -q '^2$'", dir), 0);
    cr_assert_eq(sh("'%s' run %s/one_off.cfg %s/three_month.cfg -r 2 -d 30 -o %s/n.h5 " SMALL, VOLSIM_EXE, SCEN, SCEN,
                    dir), 0);
    cr_assert_eq(sh("'%s' compare %s/n.h5 --scenarios one_off,three_month | grep -q 'run with --agents'", VOLSIM_EXE,
                    dir), 0);
}

/* The agent tables read back (vol_run_file_table) equal what the model
 * exports for the same scenario, seed and replicate, field by field. */
Test(analysis, agent_tables_read_back_as_exported)
{
    const char *sets[] = {"clients.count=150", "npo.count=5", "volunteers.initial=60", "companies.pool_size=60",
                          "run.days=90"};
    cr_assert_eq(sh("'%s' run %s/three_month.cfg -r 2 --agents -o %s/t.h5 --set clients.count=150 --set npo.count=5 "
                    "--set volunteers.initial=60 --set companies.pool_size=60 --set run.days=90 -q",
                    VOLSIM_EXE, SCEN, dir), 0);
    vol_diag diag;
    vol_diag_init(&diag);
    vol_scenario sc;
    cr_assert_eq(vol_scenario_load(SCEN "/three_month.cfg", sets, 5, &sc, &diag), 0);
    vol_diag_free(&diag);
    char path[600];
    snprintf(path, sizeof path, "%s/t.h5", dir);
    vol_run_file f;
    cr_assert_eq(vol_run_file_open(path, &f), VOL_OK, "%s", vol_error_message());
    vol_sim *s = NULL;
    cr_assert_eq(vol_sim_create(&sc.params, 1, 0, &s), VOL_OK);
    cr_assert_eq(vol_sim_run(s, sc.params.run_days, NULL), VOL_OK);
    vol_table_id ids[] = {VOL_TABLE_CLIENTS, VOL_TABLE_RELATIONSHIPS, VOL_TABLE_VOLUNTEERS};
    for (size_t k = 0; k < 3; k++) {
        void *want, *got;
        size_t nw, ng;
        cr_assert_eq(vol_sim_export(s, ids[k], &want, &nw), VOL_OK);
        cr_assert(vol_run_file_has_table(&f, 0, 1, ids[k]));
        cr_assert_eq(vol_run_file_table(&f, 0, 1, ids[k], &got, &ng), VOL_OK, "%s", vol_error_message());
        cr_assert_eq(ng, nw, "%s: %zu records read, %zu exported", vol_table(ids[k])->name, ng, nw);
        const vol_table_info *ti = vol_table(ids[k]);
        for (size_t i = 0; i < nw; i++)
            for (size_t j = 0; j < ti->nfields; j++) {
                const char *a = (const char *)want + i * ti->record_size + ti->fields[j].offset;
                const char *b = (const char *)got + i * ti->record_size + ti->fields[j].offset;
                if (ti->fields[j].type == VOL_FT_F64) {
                    double x, y;
                    memcpy(&x, a, sizeof x);
                    memcpy(&y, b, sizeof y);
                    cr_assert(isfinite(x) ? x == y : y == -1.0, "%s[%zu].%s: %g read, %g exported", ti->name, i,
                              ti->fields[j].name, y, x);
                } else {
                    cr_assert_eq(memcmp(a, b, sizeof(int32_t)), 0, "%s[%zu].%s differs", ti->name, i, ti->fields[j].name);
                }
            }
        free(want);
        free(got);
    }
    cr_assert(!vol_run_file_has_table(&f, 0, 2, VOL_TABLE_CLIENTS), "replicate 2 was not run");
    vol_sim_free(s);
    vol_run_file_close(&f);
    vol_scenario_free(&sc);
}

/* A file of an older version lacks metrics added since: summary and export
 * of every metric leave them out and say so; asking for one by name is an
 * error naming the file. */
Test(analysis, older_files_without_new_metrics)
{
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -r 2 -d 20 -o %s/r.h5 " SMALL, VOLSIM_EXE, SCEN, dir), 0);
    cr_assert_eq(sh("/usr/bin/python3 -c \"import h5py; f = h5py.File('%s/r.h5', 'a'); del f['scenarios/baseline/metrics/bond_median']\"",
                    dir), 0);
    cr_assert_eq(sh("'%s' summary %s/r.h5 > %s/s.txt 2> %s/e.txt", VOLSIM_EXE, dir, dir, dir), 0);
    cr_assert_eq(sh("grep -q 'lacks 1 metric' %s/e.txt && ! grep -q bond_median %s/s.txt && grep -q bond_q25 %s/s.txt",
                    dir, dir, dir), 0);
    cr_assert_eq(sh("'%s' summary %s/r.h5 --metric bond_median 2>&1 | grep -q 'no metric bond_median'", VOLSIM_EXE, dir), 0);
    cr_assert_eq(sh("'%s' export %s/r.h5 --csv %s/csv >/dev/null", VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("! grep -q bond_median %s/csv/metrics.csv && grep -q bond_q25 %s/csv/metrics.csv", dir, dir), 0);
    /* a closed pipe is not reported as a damaged file */
    cr_assert_eq(sh("'%s' summary %s/r.h5 2>%s/p.txt | head -1 >/dev/null; ! grep -q crashed %s/p.txt", VOLSIM_EXE, dir,
                    dir, dir), 0);
}

/* Issue 13: discover on a small sweep (tests/data/sweeps/discover_small.cfg,
 * 60 points, 4 replicates, 400 days). Measured at its seeds: one_off
 * better at 23 points, three_month at 1, unclear at 36; the rule's box is
 * endings.planned_harm >= 0.5475 (coverage 1, density 0.85); --verify 10:
 * one_off better at 10 of 10 fresh points inside, 4 of 10 outside. The
 * check is the same for 1 and 2 threads. one_off against its copy under
 * another name (common random numbers: every difference is 0) labels no
 * point and gives no box. */
Test(analysis, discover_verifies_its_box_and_finds_none_in_a_null_comparison)
{
    cr_assert_eq(sh("'%s' sweep %s/discover_small.cfg -q -o %s/d.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    const char *q = "--metric client_wellbeing --better one_off --than three_month --format csv";
    cr_assert_eq(sh("'%s' discover %s/d.h5 %s --verify 10 -t 1 > %s/v1.csv", VOLSIM_EXE, dir, q, dir), 0);
    cr_assert_eq(sh("'%s' discover %s/d.h5 %s --verify 10 -t 2 > %s/v2.csv", VOLSIM_EXE, dir, q, dir), 0);
    cr_assert_eq(sh("cmp -s %s/v1.csv %s/v2.csv", dir, dir), 0, "the check depends on the threads");
    /* the box restricts planned-end harm from below, and nothing else */
    cr_assert_eq(sh("test $(grep -c '^1,' %s/v1.csv) -eq 1 && grep -q '^1,endings.planned_harm,0\\.[3-7]' %s/v1.csv",
                    dir, dir), 0);
    /* fresh points: one_off wins inside at least 8 of 10 and more often than outside */
    cr_assert_eq(sh("awk -F, '$1==\"inside\"{i=$3} $1==\"outside\"{o=$3} END{exit !(i>=8 && i>o)}' %s/v1.csv", dir), 0);
    cr_assert_eq(sh("'%s' discover %s/d.h5 --metric client_wellbeing --better one_off --than one_off_copy > %s/n.txt",
                    VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("grep -q 'one_off better at 0, one_off_copy better at 0, unclear at 60' %s/n.txt && "
                    "grep -q 'no box' %s/n.txt", dir, dir), 0);
    /* figures: the trajectory and the box, never overwritten without --force */
    cr_assert_eq(sh("'%s' discover %s/d.h5 --metric client_wellbeing --better one_off --than three_month "
                    "--figures %s/f > /dev/null", VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("grep -q '<svg' %s/f-trajectory.svg && grep -q '<svg' %s/f-box.svg", dir, dir), 0);
    cr_assert_eq(sh("'%s' discover %s/d.h5 --metric client_wellbeing --better one_off --than three_month "
                    "--figures %s/f > /dev/null 2>&1", VOLSIM_EXE, dir, dir), 2);
    cr_assert_eq(sh("'%s' discover %s/d.h5 --metric client_wellbeing --better one_off --than three_month "
                    "--figures %s/f --force > /dev/null", VOLSIM_EXE, dir, dir), 0);
    /* the discovery file: the check in it, never overwritten without --force */
    cr_assert_eq(sh("'%s' discover %s/d.h5 %s --verify 3 -o %s/disc.h5 > /dev/null", VOLSIM_EXE, dir, q, dir), 0);
    cr_assert_eq(sh("h5dump -d /discovery/verify/counts %s/disc.h5 | grep -q '(0): 0, 3'", dir), 0);
    cr_assert_eq(sh("h5dump -a /discovery/better %s/disc.h5 | grep -q one_off", dir), 0);
    cr_assert_eq(sh("'%s' discover %s/d.h5 %s -o %s/disc.h5 > /dev/null 2>&1", VOLSIM_EXE, dir, q, dir), 2);
    cr_assert_eq(sh("'%s' discover %s/d.h5 %s -o %s/disc.h5 --force > /dev/null", VOLSIM_EXE, dir, q, dir), 0);
    cr_assert_eq(sh("h5dump -g /discovery/verify %s/disc.h5 > /dev/null 2>&1", dir), 1, "a check left from before");
    /* the sweep as a result: summary, compare and export */
    cr_assert_eq(sh("'%s' summary %s/d.h5 --metric client_wellbeing > %s/s.txt && grep -q '720 runs done, 0 failed' "
                    "%s/s.txt && test $(grep -c 'client_wellbeing .* 240 runs' %s/s.txt) -eq 3", VOLSIM_EXE, dir, dir,
                    dir, dir), 0);
    cr_assert_eq(sh("'%s' summary %s/d.h5 --mean-over 1:10 2>/dev/null", VOLSIM_EXE, dir), 2);
    cr_assert_eq(sh("'%s' compare %s/d.h5 --scenarios one_off,three_month --metric client_wellbeing > %s/c.txt",
                    VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("grep -q 'one_off higher at 23, lower at 1, unclear at 36' %s/c.txt", dir), 0);
    cr_assert_eq(sh("'%s' compare %s/d.h5 --scenarios one_off,one_off_copy --metric client_wellbeing | "
                    "grep -q '+0 \\[+0, +0\\] .* higher at 0, lower at 0, unclear at 60'", VOLSIM_EXE, dir), 0);
    cr_assert_eq(sh("'%s' compare %s/d.h5 --scenarios one_off,nope 2>&1 | grep -q 'one_off three_month one_off_copy'",
                    VOLSIM_EXE, dir), 0);
    cr_assert_eq(sh("'%s' export %s/d.h5 --csv %s/x > /dev/null && test $(wc -l < %s/x/sweep_runs.csv) -eq "
                    "$((720 * $('%s' metrics --format csv | tail -n +2 | wc -l) + 1)) && test $(wc -l < %s/x/sweep_points.csv)"
                    " -eq 61", VOLSIM_EXE, dir, dir, dir, VOLSIM_EXE, dir), 0);
    cr_assert_eq(sh("test $(wc -l < %s/x/sweep_differences.csv) -eq $((60 * 4 * 2 * $('%s' metrics --format csv | tail "
                    "-n +2 | wc -l) + 1)) && test $(awk -F, '$3==\"one_off_copy\" && $6!=0 && $6!=\"NA\"' "
                    "%s/x/sweep_differences.csv | wc -l) -eq 0", dir, VOLSIM_EXE, dir), 0,
                 "paired differences: the copy of one_off differs from it");
    /* compare's mean difference, recomputed from the export */
    cr_assert_eq(sh("awk -F, '$9==\"client_wellbeing\" && $5==1 {k=$2\",\"$4; if ($3==\"one_off\") a[k]=$10; "
                    "if ($3==\"three_month\") b[k]=$10} END {for (k in a) if (k in b) {split(k, q, \",\"); "
                    "d[q[1]]+=a[k]-b[k]; n[q[1]]++} for (p in d) {s+=d[p]/n[p]; m++} printf \"%%+.4g\\n\", s/m}' "
                    "%s/x/sweep_runs.csv > %s/want.txt && grep -qF \"client_wellbeing: $(cat %s/want.txt) \" %s/c.txt",
                    dir, dir, dir, dir), 0, "compare's mean is not the export's");
    cr_assert_eq(sh("md5sum %s/x/sweep_runs.csv > %s/md5 && '%s' export %s/d.h5 --csv %s/x 2>/dev/null; test $? -eq 2 "
                    "&& md5sum -c --quiet %s/md5", dir, dir, VOLSIM_EXE, dir, dir, dir), 0, "a second export overwrote");
    /* the report on a sweep: each policy against the first across the design */
    cr_assert_eq(sh("'%s' report %s/d.h5 -o %s/r.html > /dev/null && grep -q 'data-policy=\"three_month\" "
                    "data-metric=\"client_wellbeing\" data-mean=\"[^\"]*\" data-points=\"60\".*higher at [0-9]*%% of the "
                    "combinations' %s/r.html", VOLSIM_EXE, dir, dir, dir), 0);
    /* the check needs a box that leaves room outside it, and a sweep */
    cr_assert_eq(sh("'%s' discover %s/d.h5 %s --step 0 --verify 5 >/dev/null 2>&1", VOLSIM_EXE, dir, q), 2);
    cr_assert_eq(sh("'%s' discover --table %s/tests/data/prim/A.csv --outcome y --verify 5 2>/dev/null", VOLSIM_EXE,
                    VOLSIM_SOURCE_DIR), 2);
}

/* Issue 13: volsim discover on a table with a known box (tests/data/prim/A.csv:
 * 0.2 < x0 < 0.6 and x1 > 0.7, 5% labels flipped) reports EMA Workbench's
 * chosen box (step 39: x0 in [0.2037, 0.5998], x1 >= 0.6472; the library
 * test test_prim.c compares every step bit for bit); and on a sweep it
 * labels the points from paired differences. */
Test(analysis, discover_on_a_table_and_a_sweep)
{
    cr_assert_eq(sh("'%s' discover --table %s/tests/data/prim/A.csv --outcome y --format csv > %s/a.csv", VOLSIM_EXE,
                    VOLSIM_SOURCE_DIR, dir), 0);
    cr_assert_eq(sh("test $(wc -l < %s/a.csv) -eq 3 && grep -q '^1,x0,0.203702,0.599762,0.70297,0.812977,' %s/a.csv && "
                    "grep -q '^1,x1,0.647244,0.999768,' %s/a.csv", dir, dir, dir), 0);
    cr_assert_eq(sh("'%s' discover --table %s/tests/data/prim/A.csv --outcome nope 2>/dev/null", VOLSIM_EXE,
                    VOLSIM_SOURCE_DIR), 2);
    cr_assert_eq(sh("'%s' discover --table %s/none.csv --outcome y 2>/dev/null", VOLSIM_EXE, dir), 2);
    cr_assert_eq(sh("'%s' sweep %s/saltelli_policies.cfg -q -o %s/p.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    cr_assert_eq(sh("'%s' discover %s/p.h5 --metric client_wellbeing --better three_month --than one_off > %s/d.txt",
                    VOLSIM_EXE, dir, dir), 0);
    cr_assert_eq(sh("grep -q '32 points: three_month better at [0-9]*, one_off better at [0-9]*, unclear at [0-9]*' %s/d.txt",
                    dir), 0);
    cr_assert_eq(sh("'%s' discover %s/p.h5 --metric client_wellbeing --better one_off --than one_off 2>/dev/null", VOLSIM_EXE,
                    dir), 2);
    cr_assert_eq(sh("'%s' discover %s/p.h5 --metric client_wellbeing --better three_month 2>/dev/null", VOLSIM_EXE, dir), 2);
}
