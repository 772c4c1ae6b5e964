/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_resources.c: the memory estimate of a scenario and the refusal of
 * work that cannot fit, before anything is allocated (issue 7, point 5). */
#define _GNU_SOURCE /* setenv */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "vol_resources.h"
#include "vol_scenario.h"
#include "command_test.h"

static vol_params load(const char *path)
{
    vol_scenario sc;
    vol_diag d;
    vol_diag_init(&d);
    cr_assert_eq(vol_scenario_load(path, NULL, 0, &sc, &d), 0, "%s does not load", path);
    vol_params p = sc.params;
    vol_scenario_free(&sc);
    vol_diag_free(&d);
    return p;
}

Test(resources, estimate_follows_the_population)
{
    vol_params p = load(VOLSIM_SOURCE_DIR "/scenarios/baseline.cfg");
    p.run_burn_in = 0;
    size_t small = vol_params_memory_estimate(&p);
    p.clients_count *= 10;
    size_t more_clients = vol_params_memory_estimate(&p);
    p.run_days *= 4;
    size_t longer = vol_params_memory_estimate(&p);
    cr_assert_gt(small, (size_t)100000);
    cr_assert_gt(more_clients, small);
    cr_assert_gt(longer, more_clients, "arrivals over a longer run need more volunteers");
    p.run_burn_in = 3650;
    cr_assert_gt(vol_params_memory_estimate(&p), longer, "the burn-in's volunteers and relationships stay in the state");
}

/* The country benchmark peaks at 757 MiB resident with 1.0 GiB of capacity
 * (docs/performance.md): the estimate is of that order. */
Test(resources, estimate_of_the_country_benchmark_is_of_the_right_order)
{
    vol_params p = load(VOLSIM_SOURCE_DIR "/bench/country.cfg");
    double mib = (double)vol_params_memory_estimate(&p) / 1048576.0;
    cr_assert(mib > 600 && mib < 2000, "country estimate %.0f MiB", mib);
}

Test(resources, estimate_saturates_instead_of_overflowing)
{
    vol_params p = load(VOLSIM_SOURCE_DIR "/scenarios/three_month.cfg");
    p.co_count = 100000;
    p.co_pool = 10000000;
    p.clients_count = 10000000;
    p.run_days = 36500;
    size_t b = vol_params_memory_estimate(&p);
    cr_assert_gt(b, (size_t)1 << 43, "1e12 employees need terabytes, got %zu bytes", b);
    cr_assert_lt(b, SIZE_MAX, "at the largest valid sizes the estimate is still a number of bytes");
    /* beyond what a size_t can count (a library user's unvalidated
     * parameters): 2^80 employees times 16 bytes, saturated */
    p.co_count = 1L << 40;
    p.co_pool = 1L << 40;
    cr_assert_eq(vol_params_memory_estimate(&p), SIZE_MAX, "an estimate beyond SIZE_MAX saturates");
}

Test(resources, refusal_names_the_settings_and_the_estimate)
{
    vol_params p = load(VOLSIM_SOURCE_DIR "/scenarios/baseline.cfg");
    char msg[512] = "";
    setenv("VOLSIM_MEMORY_LIMIT", "1M", 1);
    cr_assert_eq(vol_memory_fits(&p, 1, msg, sizeof msg), 0, "1 MiB cannot hold the baseline");
    cr_assert_not_null(strstr(msg, "needs about"), "%s", msg);
    cr_assert_not_null(strstr(msg, "clients.count = 600"), "%s", msg);
    cr_assert_not_null(strstr(msg, "1.0 MiB"), "%s", msg);
    setenv("VOLSIM_MEMORY_LIMIT", "64M", 1);
    cr_assert_eq(vol_memory_fits(&p, 1, msg, sizeof msg), 1);
    cr_assert_eq(vol_memory_fits(&p, 100, msg, sizeof msg), 0, "100 replicates at once do not fit in 64 MiB");
    cr_assert_not_null(strstr(msg, "threads"), "%s", msg);
    unsetenv("VOLSIM_MEMORY_LIMIT");
    cr_assert_gt(vol_memory_available(), (size_t)1 << 20);
}

/* The commands refuse before allocating: a trillion employees (the range
 * of each setting allows it) would need terabytes; under a memory limit
 * the message gives the estimate, and nothing is written. ulimit -v makes
 * sure nothing large was allocated first (an attempt would fail with
 * another message); not under AddressSanitizer, which reserves terabytes
 * of address space for its shadow memory. */
#if defined(__SANITIZE_ADDRESS__)
#define LIMIT_VM ""
#else
#define LIMIT_VM "ulimit -v 4000000; "
#endif
Test(resources, run_refuses_what_cannot_fit_before_allocating, .init = make_dir, .fini = remove_dir)
{
    int st = sh(LIMIT_VM "'%s' run " SCEN "/three_month.cfg --set companies.count=100000 "
                "--set companies.pool_size=10000000 -o '%s/huge.h5' 2>'%s/err'",
                VOLSIM_EXE, dir, dir);
    cr_assert_eq(st, 2);
    cr_assert_eq(sh("grep -q 'three_month.cfg: needs about .* TiB per replicate (.*companies.count = 100000 x "
                    "companies.pool_size = 10000000), but only .* available; use a smaller population; nothing was "
                    "run' '%s/err'", dir), 0);
    cr_assert_eq(sh("[ -z \"$(ls -A '%s' | grep -v '^err$')\" ]", dir), 0, "something was written");
    st = sh("VOLSIM_MEMORY_LIMIT=4M '%s' run " SCEN "/baseline.cfg --set run.burn_in_days=0 -t 2 -o '%s/b.h5' 2>'%s/err2'", VOLSIM_EXE,
            dir, dir);
    cr_assert_eq(st, 2);
    cr_assert_eq(sh("grep -q 'for 2 at once, but only 4.0 MiB .*fewer threads' '%s/err2'", dir), 0);
    cr_assert_eq(sh("VOLSIM_MEMORY_LIMIT=4M '%s' run " SCEN "/baseline.cfg -t 1 -d 5 " SMALL " -o '%s/ok.h5'",
                    VOLSIM_EXE, dir), 0, "one small replicate at a time fits");
}

Test(resources, sweep_refuses_a_design_point_that_cannot_fit, .init = make_dir, .fini = remove_dir)
{
    int st = sh("VOLSIM_MEMORY_LIMIT=1M '%s' sweep " SWEEPS "/small.cfg -t 1 -q -o '%s/s.h5' 2>'%s/err'",
                VOLSIM_EXE, dir, dir);
    cr_assert_eq(st, 2);
    cr_assert_eq(sh("grep -q 'small.cfg: policy .*, design point 0: needs about' '%s/err'", dir), 0);
    cr_assert_eq(sh("[ ! -e '%s/s.h5' ] && [ ! -e '%s/s.h5.journal' ]", dir, dir), 0, "something was written");
}
