/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_params.c: the parameter and metrics tables. */
#include <math.h>
#include <string.h>
#include <criterion/criterion.h>
#include "volsim.h"

static size_t problems;
static char last_setting[512];
static void count(void *ctx, const char *setting, const char *expected, const char *found)
{
    (void)ctx; (void)expected; (void)found;
    problems++;
    snprintf(last_setting, sizeof last_setting, "%s", setting);
}

Test(params, defaults_are_valid_and_in_range)
{
    vol_params p;
    vol_params_defaults(&p);
    problems = 0;
    cr_assert_eq(vol_params_validate(&p, count, NULL), 0, "defaults have a problem: %s", last_setting);
    for (size_t i = 0; i < vol_params_count(); i++) {
        const vol_param_info *r = vol_params_info(i);
        cr_assert(r->min <= r->def && r->def <= r->max, "%s default outside [min, max]", r->name);
        cr_assert(r->description && strlen(r->description) > 10, "%s has no description", r->name);
        cr_assert(r->unit && *r->unit, "%s has no unit", r->name);
        cr_assert_eq(vol_params_get(&p, r), r->def, "%s default not applied", r->name);
    }
}

Test(params, names_unique_and_found)
{
    size_t n = vol_params_count();
    cr_assert_gt(n, 50);
    for (size_t i = 0; i < n; i++) {
        const vol_param_info *r = vol_params_info(i);
        cr_assert_eq(vol_params_find(r->name), r, "lookup of %s", r->name);
        for (size_t j = i + 1; j < n; j++) cr_assert_str_neq(r->name, vol_params_info(j)->name);
        /* no name is the prefix group of another (a value cannot also be a group) */
        for (size_t j = 0; j < n; j++) {
            const char *o = vol_params_info(j)->name;
            size_t l = strlen(r->name);
            cr_assert(!(strncmp(o, r->name, l) == 0 && o[l] == '.'), "%s is a group of %s", r->name, o);
        }
    }
    cr_assert_null(vol_params_find("no.such.thing"));
    cr_assert_null(vol_params_info(n));
}

Test(params, every_behavioural_parameter_has_evidence)
{
    /* Issue 11 point 4: a plausible range within the valid range that holds
     * the default, a source and a reason; settings say "setting". */
    size_t behavioural = 0;
    for (size_t i = 0; i < vol_params_count(); i++) {
        const vol_param_info *p = vol_params_info(i);
        cr_assert(p->source && p->source[0], "%s: no source", p->name);
        cr_assert(p->reason && p->reason[0], "%s: no reason", p->name);
        if (!p->behavioural) {
            cr_expect_str_eq(p->source, "setting", "%s", p->name);
            continue;
        }
        behavioural++;
        cr_expect(p->type == VOL_PT_REAL || p->type == VOL_PT_INT,
                  "%s: a behavioural parameter is a number", p->name);
        cr_expect(p->min <= p->plausible_min && p->plausible_min <= p->plausible_max &&
                      p->plausible_max <= p->max,
                  "%s: plausible [%g, %g] not within [%g, %g]", p->name, p->plausible_min,
                  p->plausible_max, p->min, p->max);
        cr_expect(p->plausible_min <= p->def && p->def <= p->plausible_max,
                  "%s: default %g outside its plausible range [%g, %g]", p->name, p->def,
                  p->plausible_min, p->plausible_max);
        cr_expect(strcmp(p->source, "setting") != 0, "%s: behavioural with source 'setting'", p->name);
    }
    cr_expect_gt(behavioural, 100, "only %zu behavioural parameters", behavioural);
}

Test(params, suggestions)
{
    cr_assert_str_eq(vol_params_suggest("clients.cont"), "clients.count");
    cr_assert_str_eq(vol_params_suggest("client.count"), "clients.count");
    cr_assert_str_eq(vol_params_suggest("companies.formt"), "companies.format");
    cr_assert_null(vol_params_suggest("zzzzzzzzzzzzzzzzzzzzzzz"));
}

Test(params, choices)
{
    const vol_param_info *f = vol_params_find("companies.format");
    char buf[32];
    cr_assert_eq(vol_params_choice_index(f, "one_to_one"), VOL_FORMAT_ONE_TO_ONE);
    cr_assert_eq(vol_params_choice_index(f, "group"), VOL_FORMAT_GROUP);
    cr_assert_eq(vol_params_choice_index(f, "grp"), -1);
    cr_assert_str_eq(vol_params_choice_name(f, VOL_FORMAT_NONE, buf, sizeof buf), "none");
    cr_assert_null(vol_params_choice_name(f, 3, buf, sizeof buf));
}

Test(params, validation_reports_every_problem)
{
    vol_params p;
    vol_params_defaults(&p);
    p.clients_count = -1;                 /* range */
    p.clients_share_isolated = 0.9;       /* shares sum > 1 */
    p.vol_interval_min = 30;              /* min > max */
    p.bo_symptom = 0.1;                   /* below burnout threshold */
    problems = 0;
    size_t n = vol_params_validate(&p, count, NULL);
    cr_assert_eq(n, 4, "expected 4 problems, got %zu", n);
    cr_assert_eq(problems, 4);
}

Test(params, employees_derived_from_equal_hours)
{
    /* one_off and three_month as shipped spend 336 hours a year each */
    vol_params p;
    vol_params_defaults(&p);
    p.co_format = VOL_FORMAT_GROUP;
    p.co_duration = 1;
    p.co_rounds = 4;
    p.co_hours_visit = 6;
    vol_params q = p;
    q.co_format = VOL_FORMAT_ONE_TO_ONE;
    q.co_duration = 90;
    q.co_interval = 14;
    q.co_rounds = 2;
    q.co_hours_visit = 3;
    problems = 0;
    cr_assert_eq(vol_params_validate(&p, count, NULL), 0, "%s", last_setting);
    cr_assert_eq(vol_params_validate(&q, count, NULL), 0, "%s", last_setting);
}

Test(params, format_round_trips_reals)
{
    vol_params p;
    vol_params_defaults(&p);
    const vol_param_info *r = vol_params_find("bond.decay_per_day");
    vol_params_set(&p, r, 0.1 + 0.2);
    char buf[64];
    vol_params_format(&p, r, buf, sizeof buf);
    cr_assert_eq(strtod(buf, NULL), 0.1 + 0.2, "%s", buf);
    const vol_param_info *seed = vol_params_find("run.seed");
    vol_params_set_long(&p, seed, 4611686018427387903L);
    vol_params_format(&p, seed, buf, sizeof buf);
    cr_assert_str_eq(buf, "4611686018427387903L");
}

Test(metrics, table_is_complete)
{
    cr_assert_eq(vol_metrics_count(), VOL_M_COUNT);
    for (size_t i = 0; i < vol_metrics_count(); i++) {
        const vol_metric_info *m = vol_metrics_info(i);
        cr_assert(m->name && *m->name && m->unit && *m->unit && m->description && strlen(m->description) > 10,
                  "metric %zu incomplete", i);
        cr_assert_eq(vol_metrics_find(m->name), (int)i);
        for (size_t j = i + 1; j < vol_metrics_count(); j++)
            cr_assert_str_neq(m->name, vol_metrics_info(j)->name);
    }
    cr_assert_eq(vol_metrics_find("nope"), -1);
}

/* A binding or client never guesses the struct's size or layout: the
 * library says both (vol_params_size, VOL_ABI_VERSION), and a set it
 * allocates holds the defaults. */
Test(params, library_allocated_sets_and_the_interface_version)
{
    cr_assert_eq(vol_abi_version(), VOL_ABI_VERSION);
    cr_assert_eq(vol_params_size(), sizeof(vol_params));
    vol_params *p = vol_params_new();
    cr_assert_not_null(p);
    vol_params d;
    vol_params_defaults(&d);
    for (size_t i = 0; i < vol_params_count(); i++) {
        const vol_param_info *info = vol_params_info(i);
        double a = vol_params_get(p, info), b = vol_params_get(&d, info);
        cr_assert(a == b || (a != a && b != b), "%s: %g against the default %g", info->name, a, b);
    }
    vol_params_delete(p);
    vol_params_delete(NULL);
}
