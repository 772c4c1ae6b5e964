/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_scenario.c: libFuzzer harness of the scenario loader (vol_scenario_load).
 *
 * Each input is a scenario file, written to <tmp>/scenarios/input.cfg next to
 * copies of the real scenarios, so that base = "baseline.cfg" and friends
 * resolve (fuzz_common.h). Loads it, frees everything, removes the file;
 * diagnostics are collected, never printed.
 *
 * When the input loads, its resolved text (vol_scenario_resolved_text) must
 * load too and give back exactly the same parameters (scenario.h promises
 * it); otherwise the harness aborts, which libFuzzer reports as a crash. */
#define _GNU_SOURCE /* asprintf */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz_common.h"
#include "vol_scenario.h"

static int same_params(const vol_params *a, const vol_params *b, const char **which)
{
    for (size_t i = 0; i < vol_params_count(); i++) {
        const vol_param_info *info = vol_params_info(i);
        double x = vol_params_get(a, info), y = vol_params_get(b, info);
        if (!(x == y || (isnan(x) && isnan(y)))) {
            *which = info->name;
            return 0;
        }
    }
    return 1;
}

static void check_resolved(const char *dir, const vol_scenario *sc)
{
    char *text = vol_scenario_resolved_text(sc);
    if (!text) return; /* out of memory: nothing to check */
    char *path = NULL;
    if (asprintf(&path, "%s/resolved.cfg", dir) < 0) abort();
    fuzz_write(path, (const uint8_t *)text, strlen(text));
    vol_scenario again;
    vol_diag diag;
    vol_diag_init(&diag);
    size_t problems = vol_scenario_load(path, NULL, 0, &again, &diag);
    const char *which = NULL;
    if (problems || !same_params(&sc->params, &again.params, &which)) {
        fprintf(stderr, "fuzz_scenario: the resolved text of a valid scenario %s\n",
                problems ? "does not load:" : "loads to other parameters:");
        if (problems) vol_diag_print(&diag, stderr);
        else fprintf(stderr, "first difference: %s\n", which);
        fprintf(stderr, "---- resolved text ----\n%s\n", text);
        abort();
    }
    vol_scenario_free(&again);
    vol_diag_free(&diag);
    unlink(path);
    free(path);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fuzz_setup();
    char *path = NULL;
    if (asprintf(&path, "%s/input.cfg", dir) < 0) abort();
    fuzz_write(path, data, size);
    vol_scenario sc;
    vol_diag diag;
    vol_diag_init(&diag);
    if (vol_scenario_load(path, NULL, 0, &sc, &diag) == 0) check_resolved(dir, &sc);
    vol_scenario_free(&sc);
    vol_diag_free(&diag);
    unlink(path);
    free(path);
    return 0;
}
