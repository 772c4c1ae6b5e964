/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_programme.c: the programme mechanisms of model 0.2 (issue 11),
 * measured from the event log and the relationship table.
 *
 * These are mechanism tests (each checks that one rule of the model does
 * what docs/ODD.md says, at the rate its parameter sets), not evidence
 * that the model reproduces a pattern. Tolerances are 4 sampling standard
 * errors (binomial), stated next to each check; seeds are fixed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "volsim.h"

/* Many short three-month programmes in a population where nothing else
 * ends them: no stay-on, no burnout. */
static void programmes(vol_params *p)
{
    vol_params_defaults(p);
    p->run_burn_in = 0; /* tests start from the constructed day-0 state */
    p->clients_count = 2000;
    p->npo_count = 10;
    p->vol_initial = 100;
    p->vol_arrivals = 20;
    p->co_count = 10;
    p->co_pool = 200;
    p->co_format = VOL_FORMAT_ONE_TO_ONE;
    p->co_duration = 90;
    p->co_interval = 14;
    p->co_rounds = 4;
    p->co_hours_visit = 3;
    p->co_hours = 4 * 7 * 3 * 10; /* 10 employees a round */
    p->co_stay_on = 0;
    p->bo_drain = 0;
    /* each test switches on the mechanism it measures: employees come to
     * every visit and stay, every place is filled without consent */
    p->co_attendance = 1;
    p->co_dropout = 0;
    p->ho_programme = 0;
    p->clients_accept_weight = 0;
    p->run_days = 730;
    p->run_seed = 777;
}

typedef struct {
    double scheduled, missed;     /* programme visits (relationships that ran to their planned end) */
    double started, early, ended; /* programme relationships begun; ended early by the employee; ended at all */
} counts;

static void count_rep(const vol_params *p, uint32_t rep, counts *k)
{
    vol_sim *s = NULL;
    cr_assert_eq(vol_sim_create(p, rep, 1, &s), VOL_OK);
    cr_assert_eq(vol_sim_run(s, p->run_days, NULL), VOL_OK);
    vol_relationship_record *r;
    vol_event_record *e;
    size_t nr, ne;
    cr_assert_eq(vol_sim_export(s, VOL_TABLE_RELATIONSHIPS, (void **)&r, &nr), VOL_OK);
    cr_assert_eq(vol_sim_export(s, VOL_TABLE_EVENTS, (void **)&e, &ne), VOL_OK);
    /* missed visits per volunteer (one programme each) */
    int32_t nv = 0;
    for (size_t i = 0; i < nr; i++)
        if (r[i].volunteer >= nv) nv = r[i].volunteer + 1;
    for (size_t i = 0; i < ne; i++)
        if (e[i].volunteer >= nv) nv = e[i].volunteer + 1;
    int *missed = calloc((size_t)nv + 1, sizeof *missed);
    cr_assert(missed);
    for (size_t i = 0; i < ne; i++)
        if (e[i].kind == VOL_EV_MISSED_VISIT) missed[e[i].volunteer]++;
    for (size_t i = 0; i < nr; i++) {
        /* programmes that could run their whole 90 days before the last day
         * (counting later ones would over-represent early ends) */
        if (r[i].kind != VOL_REL_CORPORATE || r[i].start_day < 0 || r[i].start_day + 90 > p->run_days - 1)
            continue;
        k->started += 1;
        if (r[i].end_day >= 0) k->ended += 1;
        if (r[i].end_reason == VOL_END_DROPOUT) k->early += 1;
        if (r[i].end_reason == VOL_END_PROGRAMME_OVER) {
            /* 90 days, a visit every 14: days 0, 14, ..., 84 are 7 scheduled
             * visits whether made or missed (a miss moves the next one an
             * interval on, so the schedule is the same) */
            k->scheduled += r[i].visits + missed[r[i].volunteer];
            k->missed += missed[r[i].volunteer];
        }
    }
    free(missed);
    free(r);
    free(e);
    vol_sim_free(s);
}

static counts run_counts(const vol_params *p, int reps)
{
    counts k = {0};
    for (int rep = 0; rep < reps; rep++) count_rep(p, (uint32_t)rep, &k);
    return k;
}

Test(programme, full_attendance_and_no_dropout_run_every_visit)
{
    vol_params p;
    programmes(&p);
    counts k = run_counts(&p, 2);
    cr_assert_gt(k.started, 200);
    cr_expect_eq(k.missed, 0);
    cr_expect_eq(k.early, 0);
    cr_expect_eq(k.scheduled, 7 * (k.ended - k.early), "every finished programme had 7 visits");
}

Test(programme, employees_miss_visits_at_the_attendance_rate)
{
    vol_params p;
    programmes(&p);
    p.co_attendance = 0.8;
    counts k = run_counts(&p, 2);
    double miss = k.missed / k.scheduled, want = 1.0 - p.co_attendance;
    /* binomial over the scheduled visits */
    double tol = 4.0 * sqrt(want * (1.0 - want) / k.scheduled);
    cr_log_info("missed %.0f of %.0f scheduled visits: %.4f, expected %.4f +- %.4f", k.missed, k.scheduled, miss,
                want, tol);
    cr_assert_gt(k.scheduled, 1000);
    cr_expect(fabs(miss - want) < tol, "missed share %.4f, expected %.4f +- %.4f", miss, want, tol);
    cr_expect_eq(k.early, 0, "missing visits ends no programme");
}

Test(programme, employees_leave_early_at_the_dropout_hazard_and_it_is_premature)
{
    vol_params p;
    programmes(&p);
    p.co_dropout = 2.0;
    counts k = run_counts(&p, 2);
    /* an employee is exposed to the hazard on the 90 days from the start
     * day to the planned end (the ending phase comes after the dropout
     * phase): P(early) = 1 - exp(-h 90 / 365); binomial over the ended
     * programmes */
    double want = -expm1(-p.co_dropout * 90.0 / 365.0), share = k.early / k.ended;
    double tol = 4.0 * sqrt(want * (1.0 - want) / k.ended);
    cr_log_info("%.0f of %.0f programmes ended early: %.4f, expected %.4f +- %.4f", k.early, k.ended, share, want,
                tol);
    cr_assert_gt(k.ended, 200);
    cr_expect(fabs(share - want) < tol, "early share %.4f, expected %.4f +- %.4f", share, want, tol);

    /* the early end is premature for the client: counted and harmful */
    vol_sim *s = NULL;
    cr_assert_eq(vol_sim_create(&p, 0, 0, &s), VOL_OK);
    double premature = 0;
    for (long d = 0; d < p.run_days; d++) {
        cr_assert_eq(vol_sim_step(s), VOL_OK);
        premature += vol_sim_metrics(s)[VOL_M_PREMATURE_ENDINGS];
    }
    vol_sim_free(s);
    cr_expect_gt(premature, 0.5 * k.early / 2, "early programme ends count as premature endings");
}

/* Runs replicate 0 of p and returns its relationship table (*nr records;
 * the caller frees it). */
static vol_relationship_record *final_relationships(const vol_params *p, size_t *nr)
{
    vol_sim *s = NULL;
    vol_relationship_record *r = NULL;
    cr_assert_eq(vol_sim_create(p, 0, 0, &s), VOL_OK);
    cr_assert_eq(vol_sim_run(s, p->run_days, NULL), VOL_OK);
    cr_assert_eq(vol_sim_export(s, VOL_TABLE_RELATIONSHIPS, (void **)&r, nr), VOL_OK);
    vol_sim_free(s);
    return r;
}

/* Mean over programme relationships that ran to their planned end of the
 * client's wellbeing right after the end minus when it began. */
static double planned_end_drop(double harm)
{
    vol_params p;
    programmes(&p);
    p.end_planned_harm = harm;
    size_t nr;
    vol_relationship_record *r = final_relationships(&p, &nr);
    double sum = 0, n = 0;
    for (size_t i = 0; i < nr; i++)
        if (r[i].kind == VOL_REL_CORPORATE && r[i].end_reason == VOL_END_PROGRAMME_OVER) {
            sum += r[i].wellbeing_end - r[i].wellbeing_start;
            n += 1;
        }
    free(r);
    cr_assert_gt(n, 100);
    return sum / n;
}

Test(programme, a_planned_ending_costs_its_share_of_the_premature_loss)
{
    /* Common random numbers: the same programmes in both runs up to their
     * ends. The loss at a planned end is planned_harm x loss_harm x (bond +
     * loss_floor), at least 0.12 x 0.5 = 0.06 at full harm, so the change
     * over the programme must fall by more than that; with no harm a
     * programme leaves its clients better off than when it began (the bond
     * built a relational component). */
    double none = planned_end_drop(0.0), full = planned_end_drop(1.0);
    cr_log_info("wellbeing change over a programme: harm 0: %+.4f, harm 1: %+.4f", none, full);
    cr_expect_gt(none, 0.0);
    cr_expect_lt(full, none - 0.06);
}

/* Share of programme relationships ending without a stay-on whose client
 * has a new relationship within 30 days of the end. */
static double rematched_within_30_days(int keep)
{
    vol_params p;
    programmes(&p);
    p.co_selection = VOL_SELECT_NEEDS_FIRST; /* places go to waiting clients first */
    p.co_keep_waiting = keep;
    size_t nr;
    vol_relationship_record *r = final_relationships(&p, &nr);
    double ended = 0, again = 0;
    for (size_t i = 0; i < nr; i++) {
        if (r[i].kind != VOL_REL_CORPORATE || r[i].end_reason != VOL_END_PROGRAMME_OVER ||
            r[i].end_day + 30 > p.run_days - 1)
            continue;
        ended += 1;
        for (size_t j = i + 1; j < nr; j++)
            if (r[j].client == r[i].client && r[j].start_day > r[i].end_day) {
                again += r[j].start_day <= r[i].end_day + 30;
                break;
            }
    }
    free(r);
    cr_assert_gt(ended, 100);
    return again / ended;
}

Test(programme, a_kept_waiting_place_brings_the_next_volunteer_sooner)
{
    /* Mechanism test of companies.keep_waiting_place: with the place kept,
     * a client who was waiting before the programme is back in the queue
     * (longest waiting first) the day after it ends; without it, the client
     * waits for the next review (every 30 days on average) and a new
     * handover decision. */
    double off = rematched_within_30_days(0), on = rematched_within_30_days(1);
    cr_log_info("rematched within 30 days of a programme's end: place lost %.3f, kept %.3f", off, on);
    cr_expect_gt(on, off + 0.05);
}
