/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_exit_reasons.c: exit reasons read as NCVO's reasons for stopping
 * (docs/ODD.md 7.6): dropout.other_personal_share labels that share of the
 * circumstances hazard's exits other_personal, from a uniform drawn anyway,
 * so the labels never change who leaves when.
 *
 * Mechanism tests with a fixed seed; the statistical tolerance is 4
 * binomial standard errors (a false alarm about once in 16,000 runs),
 * stated next to the check. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "volsim.h"

/* the share recommended from NCVO's figures (docs/calibration.md) */
#define RECOMMENDED 0.55

/* Many exits in a short run: a circumstances hazard of 3.65 a year (mean
 * tenure 100 days) with many arrivals to replace the leavers, a commitment
 * threshold so high that the unmet-expectations hazard competes with it,
 * and burnout left on, so that every reason occurs. */
static void many_exits(vol_params *p, double share)
{
    vol_params_defaults(p);
    p->run_burn_in = 0; /* tests start from the constructed day-0 state */
    p->clients_count = 600;
    p->vol_initial = 300;
    p->vol_arrivals = 1200;
    p->do_circumstances = 3.65;
    p->do_threshold = 0.9;
    p->do_commitment = 2.0; /* version 0.1's unmet-expectations hazard: both hazards give many exits */
    p->do_other_share = share;
    p->run_days = 365;
    p->run_seed = 4242;
}

static double *run(const vol_params *p, uint32_t rep, vol_sim **keep)
{
    vol_sim *s = NULL;
    cr_assert_eq(vol_sim_create(p, rep, 1, &s), VOL_OK, "%s", vol_error_message());
    double *m = malloc(sizeof(double) * (size_t)p->run_days * VOL_M_COUNT);
    cr_assert_not_null(m);
    cr_assert_eq(vol_sim_run(s, p->run_days, m), VOL_OK, "%s", vol_error_message());
    if (keep) *keep = s;
    else vol_sim_free(s);
    return m;
}

static const double *series(const double *m, const vol_params *p, int k)
{
    return m + (size_t)k * (size_t)p->run_days;
}

static double total(const double *m, const vol_params *p, int k)
{
    double t = 0;
    for (long d = 0; d < p->run_days; d++) t += series(m, p, k)[d];
    return t;
}

Test(exit_reasons, codes_keep_their_numbers_and_the_new_one_is_appended)
{
    const vol_enum_info *e = vol_enum(VOL_ENUM_EXIT_REASON);
    const char *want[] = {"none", "circumstances", "stress", "unmet_expectations", "programme_over",
                          "other_personal"};
    cr_assert_eq(e->count, 6);
    for (int i = 0; i < 6; i++) cr_expect_str_eq(e->names[i], want[i], "exit reason code %d", i);
    cr_expect_eq(VOL_EXIT_OTHER_PERSONAL, 5);
}

Test(exit_reasons, other_personal_labels_their_share_of_the_circumstances_exits)
{
    vol_params p;
    many_exits(&p, RECOMMENDED);
    double circ = 0, other = 0, unmet = 0;
    for (uint32_t rep = 0; rep < 2; rep++) {
        double *m = run(&p, rep, NULL);
        circ += total(m, &p, VOL_M_DROPOUT_CIRCUMSTANCES);
        other += total(m, &p, VOL_M_DROPOUT_OTHER_PERSONAL);
        unmet += total(m, &p, VOL_M_DROPOUT_UNMET);
        free(m);
    }
    /* u2 is independent of the hazard's draw u1 and of the state, so each
     * exit of the circumstances hazard is other_personal with probability
     * share: binomial over those exits */
    double n = circ + other, got = other / n, tol = 4.0 * sqrt(RECOMMENDED * (1.0 - RECOMMENDED) / n);
    cr_log_info("%.0f of %.0f circumstances-hazard exits labelled other_personal: %.4f, expected %.4f +- %.4f "
                "(%.0f unmet)",
                other, n, got, RECOMMENDED, tol, unmet);
    cr_assert_gt(n, 1000);
    cr_expect_gt(unmet, 0.1 * n, "the unmet-expectations hazard should compete");
    cr_expect(fabs(got - RECOMMENDED) < tol, "other_personal share %.4f, expected %.4f +- %.4f", got, RECOMMENDED,
              tol);
}

Test(exit_reasons, labels_do_not_change_the_dynamics)
{
    vol_params p0, p1;
    many_exits(&p0, 0);
    many_exits(&p1, RECOMMENDED);
    vol_sim *s0, *s1;
    double *a = run(&p0, 0, &s0), *b = run(&p1, 0, &s1);
    long days = p0.run_days;
    /* same exits per day: stress and unmet unchanged, circumstances split */
    double moved = 0;
    for (long d = 0; d < days; d++) {
        double c0 = series(a, &p0, VOL_M_DROPOUT_CIRCUMSTANCES)[d], c1 = series(b, &p1, VOL_M_DROPOUT_CIRCUMSTANCES)[d];
        double o0 = series(a, &p0, VOL_M_DROPOUT_OTHER_PERSONAL)[d], o1 = series(b, &p1, VOL_M_DROPOUT_OTHER_PERSONAL)[d];
        cr_assert_eq(o0, 0, "day %ld: other_personal exits at share 0", d);
        cr_assert_eq(c0, c1 + o1, "day %ld: %g exits for circumstances at share 0, %g + %g at %g", d, c0, c1, o1,
                     RECOMMENDED);
        moved += o1;
    }
    cr_assert_gt(moved, 100, "the share should relabel some exits");
    /* every other metric identical, bit for bit */
    for (int k = 0; k < VOL_M_COUNT; k++) {
        if (k == VOL_M_DROPOUT_CIRCUMSTANCES || k == VOL_M_DROPOUT_OTHER_PERSONAL) continue;
        cr_assert(memcmp(series(a, &p0, k), series(b, &p1, k), sizeof(double) * (size_t)days) == 0,
                  "metric %s differs between share 0 and %g", vol_metrics_info(k)->name, RECOMMENDED);
    }
    /* the same volunteers leave on the same days; only labels move, and only
     * from circumstances to other_personal */
    vol_volunteer_record *v0, *v1;
    size_t n0, n1;
    cr_assert_eq(vol_sim_export(s0, VOL_TABLE_VOLUNTEERS, (void **)&v0, &n0), VOL_OK);
    cr_assert_eq(vol_sim_export(s1, VOL_TABLE_VOLUNTEERS, (void **)&v1, &n1), VOL_OK);
    cr_assert_eq(n0, n1);
    for (size_t i = 0; i < n0; i++) {
        cr_assert_eq(v0[i].gone_day, v1[i].gone_day, "volunteer %zu", i);
        cr_assert(v0[i].exit_reason == v1[i].exit_reason ||
                      (v0[i].exit_reason == VOL_EXIT_CIRCUMSTANCES && v1[i].exit_reason == VOL_EXIT_OTHER_PERSONAL),
                  "volunteer %zu: reason %d at share 0, %d at %g", i, v0[i].exit_reason, v1[i].exit_reason,
                  RECOMMENDED);
    }
    free(v0);
    free(v1);
    vol_sim_free(s0);
    vol_sim_free(s1);
    free(a);
    free(b);
}

/* The metric, the event log and the volunteer table count the same
 * other-personal exits (three views of one run). */
Test(exit_reasons, metric_events_and_volunteer_table_agree)
{
    vol_params p;
    many_exits(&p, RECOMMENDED);
    vol_sim *s;
    double *m = run(&p, 1, &s);
    vol_event_record *e;
    vol_volunteer_record *v;
    size_t ne, nv;
    cr_assert_eq(vol_sim_export(s, VOL_TABLE_EVENTS, (void **)&e, &ne), VOL_OK);
    cr_assert_eq(vol_sim_export(s, VOL_TABLE_VOLUNTEERS, (void **)&v, &nv), VOL_OK);
    double events = 0, table = 0;
    for (size_t i = 0; i < ne; i++) events += e[i].kind == VOL_EV_DROPOUT && e[i].reason == VOL_EXIT_OTHER_PERSONAL;
    for (size_t i = 0; i < nv; i++) table += v[i].exit_reason == VOL_EXIT_OTHER_PERSONAL;
    double metric = total(m, &p, VOL_M_DROPOUT_OTHER_PERSONAL);
    cr_assert_gt(metric, 0);
    cr_expect_eq(events, metric, "%.0f dropout events with reason other_personal, metric %.0f", events, metric);
    cr_expect_eq(table, metric, "%.0f volunteers gone for other_personal, metric %.0f", table, metric);
    free(e);
    free(v);
    free(m);
    vol_sim_free(s);
}

/* Employees leaving a programme early (companies.dropout_per_year) keep the
 * label circumstances whatever the share: work and the programme are
 * circumstances, and the share splits the regular volunteers' hazard only
 * (docs/ODD.md 7.6). */
Test(exit_reasons, employees_leaving_a_programme_stay_circumstances)
{
    vol_params p;
    vol_params_defaults(&p);
    p.run_burn_in = 0; /* tests start from the constructed day-0 state */
    p.clients_count = 600;
    p.co_count = 4;
    p.co_format = VOL_FORMAT_ONE_TO_ONE;
    p.co_duration = 90;
    p.co_interval = 14;
    p.co_rounds = 4;
    p.co_hours_visit = 3;
    p.co_hours = 4 * 7 * 3 * 10;
    p.co_dropout = 2.0;
    p.ho_programme = 0;          /* every place filled: many employees in programmes */
    p.clients_accept_weight = 0;
    p.do_other_share = 1.0;
    p.run_days = 365;
    p.run_seed = 99;
    vol_sim *s;
    double *m = run(&p, 0, &s);
    vol_volunteer_record *v;
    size_t nv;
    cr_assert_eq(vol_sim_export(s, VOL_TABLE_VOLUNTEERS, (void **)&v, &nv), VOL_OK);
    int corp_circ = 0, corp_other = 0, reg_circ = 0;
    for (size_t i = 0; i < nv; i++) {
        int corp = v[i].kind == VOL_VOL_CORPORATE;
        corp_circ += corp && v[i].exit_reason == VOL_EXIT_CIRCUMSTANCES;
        corp_other += corp && v[i].exit_reason == VOL_EXIT_OTHER_PERSONAL;
        reg_circ += !corp && v[i].exit_reason == VOL_EXIT_CIRCUMSTANCES;
    }
    cr_log_info("%d employees left a programme early", corp_circ);
    cr_expect_gt(corp_circ, 20, "employees should leave early");
    cr_expect_eq(corp_other, 0);
    cr_expect_eq(reg_circ, 0, "at share 1 every regular circumstances-hazard exit is other_personal");
    cr_expect_eq(total(m, &p, VOL_M_DROPOUT_CIRCUMSTANCES), corp_circ);
    free(v);
    free(m);
    vol_sim_free(s);
}
