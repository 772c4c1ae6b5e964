/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_phases.c: three rules of the daily phases, each checked in process
 * on one phase (or one function) of a tiny world built for the case:
 *  - matching order (model/phase_matching.c, docs/ODD.md 7.3): waiting
 *    clients are served longest-waiting first, ties by number, today's
 *    handovers after earlier waiters, and a client no pooled volunteer
 *    suits is passed over and keeps their place;
 *  - vol_rel_end (model/relations.c, docs/ODD.md 7.7): what an ending hands
 *    to the relationship list, the client, the volunteer, the professional,
 *    the day's flows and the event log, by reason and NPO kind;
 *  - supervision priority (model/phase_supervision.c, docs/ODD.md 7.5):
 *    scarce hours go to the matched volunteers of the NPOs supervising
 *    today, lowest energy first (ties by number), each NPO with its own
 *    hours.
 *
 * The world comes from the constructed day-0 state (run.burn_in_days 0, no
 * relationships on day 0, no arrivals, no companies, fixed seed); each test
 * then sets the state its case needs (waiting days, traits, energies,
 * relationships through vol_rel_start) and calls the phase directly, so the
 * outcome is forced. Every expectation is exact (1e-12: rounding only). */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include "volsim.h"
#include "sim_internal.h"
#include "model_test.h"
#include "population_test.h"

#define EPS 1e-12

/* ---- helpers -------------------------------------------------------------- */

static void near(const char *what, double got, double want)
{
    cr_assert(fabs(got - want) <= EPS, "%s: %.17g, expected %.17g", what, got, want);
}

/* A tiny world: npos NPOs (all welfare unless the test changes the shares),
 * one social worker each, no coordinators, no relationships on day 0, no
 * arrivals, no companies, no vulnerable or episodic volunteers, clients who
 * always accept, social workers who hand nobody over (who waits is set by
 * the test). Clients and volunteers go to NPO (number mod npos). */
static void tiny(vol_params *p, int npos, int clients, int volunteers)
{
    small(p); /* run.burn_in_days 0, seed 12345 */
    set(p, "run.days", 60);
    set(p, "npo.count", npos);
    set(p, "npo.share.welfare", 1);
    set(p, "npo.share.volunteer_org", 0);
    set(p, "npo.share.hybrid", 0);
    set(p, "npo.professionals", 1);
    set(p, "municipality.coordinator_share", 0);
    set(p, "clients.count", clients);
    set(p, "volunteers.initial", volunteers);
    set(p, "volunteers.arrivals_per_year", 0);
    set(p, "volunteers.vulnerable_share", 0);
    set(p, "volunteers.episodic_share", 0);
    set(p, "init.matched_share", 0);
    set(p, "companies.count", 0);
    set(p, "handover.base", 0);
    set(p, "clients.acceptance_trust_weight", 0);
    cr_assert_eq(p->run_burn_in, 0);
}

/* Volunteer v's skills all equal to skill, so that the fit is skill for
 * every client; availability the same for every volunteer. */
static void skill(vol_sim *s, int v, double x)
{
    s->vo.relational[v] = s->vo.empathy[v] = s->vo.practical[v] = x;
    s->vo.availability[v] = 0.5;
}

/* Client i with complexity cx, waiting for a volunteer since day since (-1:
 * not waiting). */
static void client(vol_sim *s, int i, double cx, int since)
{
    cr_assert_eq(s->cl.rel[i], -1);
    s->cl.complexity[i] = cx;
    s->cl.seeking_since[i] = since;
}

static void run_matching(vol_sim *s, long day)
{
    s->day = day;
    memset(&s->flow, 0, sizeof s->flow); /* as each morning (run_phases) */
    cr_assert_eq(vol_phase_matching(s), VOL_OK, "%s", vol_error_message());
}

/* Relationship r is client c with volunteer v, started today. */
static void assert_match(const vol_sim *s, int r, int c, int v)
{
    cr_assert_lt(r, s->re.n, "relationship %d was not started (%d in all)", r, s->re.n);
    cr_assert_eq(s->re.hot[r].client, c, "relationship %d (the %d. match of the day) is client %d's, expected %d's", r,
                 r + 1, s->re.hot[r].client, c);
    cr_assert_eq(s->re.volunteer[r], v, "relationship %d: volunteer %d, expected %d", r, s->re.volunteer[r], v);
    cr_assert_eq(s->re.start[r], (int32_t)s->day);
    cr_assert_eq(s->cl.rel[c], r);
    cr_assert_eq(s->vo.rel[v], r);
    cr_assert_eq(s->cl.seeking_since[c], -1, "client %d matched but still waiting", c);
}

static void assert_still_waiting(const vol_sim *s, int c, int since)
{
    cr_assert_eq(s->cl.rel[c], -1, "client %d was matched (relationship %d)", c, s->cl.rel[c]);
    cr_assert_eq(s->cl.seeking_since[c], since, "client %d waits since %d, expected %d", c, s->cl.seeking_since[c],
                 since);
}

/* ---- 1. matching order ------------------------------------------------------
 * phase_matching.c: "clients waiting longest are served first (ordered by
 * waiting day, then number)"; docs/ODD.md 7.3: "Waiting clients are served
 * longest-waiting first (ties by number ...)". Relationships are numbered
 * in the order they start, so relationship k is the (k+1)-th match of the
 * day. */

/* One free volunteer, three waiting clients; the one waiting longest has
 * neither the lowest nor the highest number, so serving by number (either
 * way) or latest-first picks another client. */
Test(phases, matching_serves_the_longest_waiting_client_first)
{
    vol_params p;
    tiny(&p, 1, 3, 1);
    vol_sim *s = create(&p, 0, 0);
    skill(s, 0, 0.6);
    client(s, 0, 0.3, 7);
    client(s, 1, 0.3, 2); /* waiting longest */
    client(s, 2, 0.3, 5);
    run_matching(s, 10);
    cr_assert_eq(s->re.n, 1);
    cr_assert_eq(s->flow.matches, 1);
    assert_match(s, 0, 1, 0);
    assert_still_waiting(s, 0, 7);
    assert_still_waiting(s, 2, 5);
    vol_sim_free(s);
}

/* Three free volunteers of clearly different fit and three waiting
 * clients: every client samples the whole pool (1000 candidates from at
 * most three), so each takes the best volunteer left when their turn
 * comes. The longest waiter (client 2) gets the best (volunteer 1), the
 * next (client 0) the second best (volunteer 2), the last (client 1) the
 * remaining one; the matches start in that order (relationships 0, 1, 2;
 * match events in the log in that order). */
Test(phases, matching_order_decides_who_gets_the_best_volunteer)
{
    vol_params p;
    tiny(&p, 1, 3, 3);
    set(&p, "matching.candidates", 1000);
    vol_sim *s = create(&p, 0, 1);
    skill(s, 0, 0.2);
    skill(s, 1, 0.9);
    skill(s, 2, 0.5);
    client(s, 0, 0.3, 4);
    client(s, 1, 0.3, 8);
    client(s, 2, 0.3, 1);
    size_t before = s->n_events;
    run_matching(s, 10);
    cr_assert_eq(s->re.n, 3);
    assert_match(s, 0, 2, 1);
    assert_match(s, 1, 0, 2);
    assert_match(s, 2, 1, 0);
    const int order[3][2] = {{2, 1}, {0, 2}, {1, 0}};
    int k = 0;
    for (size_t e = before; e < s->n_events; e++) {
        const vol_event_record *ev = &s->events[e];
        if (ev->kind != VOL_EV_MATCH) continue;
        cr_assert_lt(k, 3);
        cr_assert_eq(ev->client, order[k][0], "match event %d: client %d, expected %d", k, ev->client, order[k][0]);
        cr_assert_eq(ev->volunteer, order[k][1]);
        cr_assert_eq(ev->day, 10);
        k++;
    }
    cr_assert_eq(k, 3, "%d match events, expected 3", k);
    vol_sim_free(s);
}

/* Ties by number: clients 1 and 2 wait since the same day, client 0 not at
 * all; the one volunteer goes to client 1. */
Test(phases, matching_breaks_ties_by_client_number)
{
    vol_params p;
    tiny(&p, 1, 3, 1);
    vol_sim *s = create(&p, 0, 0);
    skill(s, 0, 0.6);
    client(s, 0, 0.3, -1);
    client(s, 1, 0.3, 3);
    client(s, 2, 0.3, 3);
    run_matching(s, 10);
    cr_assert_eq(s->re.n, 1);
    assert_match(s, 0, 1, 0);
    assert_still_waiting(s, 2, 3);
    assert_still_waiting(s, 0, -1);
    vol_sim_free(s);
}

/* A client handed over today waits from today: behind a client waiting
 * since an earlier day even with a lower number. Reviews every day
 * (review_days 1) and a handover probability of 1 (every reluctance off)
 * make client 0's handover certain; client 1 waits since day 3. */
Test(phases, matching_serves_todays_handovers_after_earlier_waiters)
{
    vol_params p;
    tiny(&p, 1, 2, 1);
    set(&p, "handover.base", 1);
    set(&p, "handover.review_days", 1);
    set(&p, "handover.complexity_aversion", 0);
    set(&p, "handover.care_avoidance_aversion", 0);
    set(&p, "handover.unknown_volunteer_factor", 1);
    vol_sim *s = create(&p, 0, 1);
    skill(s, 0, 0.6);
    client(s, 0, 0.3, -1);
    client(s, 1, 0.3, 3);
    s->cl.review_day[0] = -1; /* drawn today: geometric(1) is 0, a review today */
    run_matching(s, 10);
    cr_assert_eq(s->flow.handovers, 1, "client 0 was not handed over today");
    cr_assert_eq(s->re.n, 1);
    assert_match(s, 0, 1, 0);
    assert_still_waiting(s, 0, 10);
    /* the log: client 0's handover, then client 1's match */
    cr_assert_geq(s->n_events, 2);
    const vol_event_record *ev = &s->events[s->n_events - 2];
    cr_assert_eq(ev->kind, VOL_EV_HANDOVER);
    cr_assert_eq(ev->client, 0);
    cr_assert_eq(ev[1].kind, VOL_EV_MATCH);
    cr_assert_eq(ev[1].client, 1);
    vol_sim_free(s);
}

/* The longest waiter is complex (complexity 0.9 > complex_threshold 0.6)
 * and the pool holds no skilled volunteer (relational 0.3 < min skill 0.5):
 * they are passed over, keep their waiting day, and the next client is
 * served. Then the longest waiter's priority holds again once a skilled
 * volunteer is free: with a skilled (better fit) and an unskilled
 * volunteer, the complex longest waiter takes the skilled one, the simple
 * client the other (served in the other order, the simple client would
 * take the better-fitting skilled volunteer and leave the complex one
 * unmatched). */
Test(phases, matching_passes_over_a_client_no_free_volunteer_suits)
{
    vol_params p;
    tiny(&p, 1, 4, 3);
    set(&p, "handover.complex_min_skill", 0.5);
    set(&p, "matching.candidates", 1000);
    vol_sim *s = create(&p, 0, 0);
    /* day 10: only volunteer 0 (unskilled) is free */
    skill(s, 0, 0.3);
    skill(s, 1, 0.9);
    skill(s, 2, 0.35);
    s->vo.state[1] = s->vo.state[2] = VOL_STATE_RESTING;
    client(s, 0, 0.9, 1); /* complex, waiting longest */
    client(s, 1, 0.2, 5);
    client(s, 2, 0.2, -1);
    client(s, 3, 0.2, -1);
    run_matching(s, 10);
    cr_assert_eq(s->re.n, 1);
    assert_match(s, 0, 1, 0);
    assert_still_waiting(s, 0, 1);
    /* day 11: volunteers 1 (skilled, fit 0.9) and 2 (unskilled, fit 0.35)
     * are back; client 3 begins waiting on day 6, after client 0 */
    s->vo.state[1] = s->vo.state[2] = VOL_STATE_ACTIVE;
    client(s, 3, 0.2, 6);
    run_matching(s, 11);
    cr_assert_eq(s->re.n, 3);
    assert_match(s, 1, 0, 1);
    assert_match(s, 2, 3, 2);
    vol_sim_free(s);
}

/* ---- 2. vol_rel_end ---------------------------------------------------------
 * relations.c and docs/ODD.md 7.7: every consequence of an ending lives in
 * vol_rel_end. Premature (dropout, burnout): client loss += loss_harm x
 * (bond + loss_floor), trust in the NPO -= ending_trust_loss, the client's
 * premature count and the day's flow + 1, and outside volunteer
 * organisations the social worker's willingness -= willingness_loss and
 * trust in that volunteer x (1 - professional_dropout_loss). Planned
 * (completed, programme over): loss += planned_harm x the same, nothing
 * else. Always: the end day and reason, out of the active list, the client
 * and the volunteer without a relationship, the wellbeing right after, the
 * waiting place of a programme, an end event when events are logged. */

typedef struct {
    double w_loss, trust, willingness, prof_trust_v, prof_trust_other;
    int n_rel, n_premature, n_active;
    size_t n_events;
} before_end;

/* A world of two NPOs: 0 welfare, 1 a volunteer organisation (with its
 * coordinator); client and volunteer k belong to NPO k mod 2. Relationships
 * (client k, volunteer k) for k in ks[0 .. n-1], started on day 0; then
 * the clients' wellbeing components are set to known values and the day
 * moved to 5. */
static vol_sim *ending_world(vol_params *p, int log, const int *ks, int n, int32_t *rel)
{
    vol_sim *s = create(p, 0, log);
    cr_assert_eq(s->npos.kind[0], VOL_NPO_WELFARE);
    cr_assert_eq(s->npos.kind[1], VOL_NPO_VOLUNTEER_ORG);
    for (int j = 0; j < n; j++) {
        int k = ks[j];
        cr_assert_eq(vol_rel_start(s, k, k, VOL_REL_REGULAR, 7, -1, -1, &rel[j]), VOL_OK, "%s", vol_error_message());
        s->re.hot[rel[j]].bond = 0.1 + 0.1 * j;
        s->cl.w_base[k] = 0.5;
        s->cl.w_care[k] = 0.03;
        s->cl.w_rel[k] = 0.04;
        s->cl.w_event[k] = 0.02;
        s->cl.w_disrupt[k] = 0.01;
        s->cl.w_loss[k] = 0.005;
        s->cl.wellbeing[k] = 0.55; /* as of the last clients phase: not the formula's value */
        s->cl.trust[k] = 0.6;
    }
    s->day = 5;
    memset(&s->flow, 0, sizeof s->flow);
    return s;
}

static void ending_params(vol_params *p)
{
    tiny(p, 2, 8, 8);
    set(p, "npo.share.welfare", 0.5);
    set(p, "npo.share.volunteer_org", 0.5);
}

static before_end take(const vol_sim *s, int c, int v, int other)
{
    int prof = s->cl.prof[c];
    return (before_end){s->cl.w_loss[c], s->cl.trust[c], s->pr.willingness[prof], vol_prof_trust(s, prof, v),
                        vol_prof_trust(s, prof, other), s->cl.n_rel[c], s->cl.n_premature[c], s->re.n_active,
                        s->n_events};
}

/* The hand-offs every ending makes, whatever the reason. */
static void assert_ended(const vol_sim *s, int32_t r, int c, int v, int reason, double loss_added, size_t events_before)
{
    const vol_params *p = &s->p;
    cr_assert_eq(s->re.end_day[r], 5);
    cr_assert_eq(s->re.end_reason[r], reason);
    cr_assert_eq(s->re.active_pos[r], -1);
    for (int k = 0; k < s->re.n_active; k++) cr_assert_neq(s->re.active[k], r, "ended relationship still active");
    cr_assert_eq(s->cl.rel[c], -1, "the client keeps relationship %d", s->cl.rel[c]);
    cr_assert_eq(s->vo.rel[v], -1, "the volunteer keeps relationship %d", s->vo.rel[v]);
    /* the volunteer's state is the caller's business */
    cr_assert_eq(s->vo.state[v], VOL_STATE_ACTIVE);
    cr_assert_eq(s->vo.gone_day[v], -1);
    const vol_clients *k = &s->cl;
    double loss = 0.005 + loss_added;
    near("client loss", k->w_loss[c], loss);
    double wb = p->end_planned_harm > 0 || reason == VOL_END_DROPOUT || reason == VOL_END_BURNOUT
                    ? vol_clamp01(0.5 + 0.03 + 0.04 + 0.02 - 0.01 - loss)
                    : 0.55;
    near("wellbeing right after the ending", s->re.wb_end[r], wb);
    if (s->log_events) {
        cr_assert_eq(s->n_events, events_before + 1, "%zu events logged, expected 1", s->n_events - events_before);
        const vol_event_record *ev = &s->events[s->n_events - 1];
        cr_assert_eq(ev->kind, VOL_EV_END);
        cr_assert_eq(ev->reason, reason);
        cr_assert_eq(ev->day, 5);
        cr_assert_eq(ev->client, c);
        cr_assert_eq(ev->volunteer, v);
        cr_assert_eq(ev->professional, s->cl.prof[c]);
        cr_assert_eq(ev->company, s->re.company[r]);
        cr_assert_eq(ev->npo, s->cl.npo[c]);
    } else {
        cr_assert_eq(s->n_events, events_before, "events logged with the log off");
    }
}

/* Premature endings in a welfare NPO: relationships of clients 0, 2 and 4
 * (volunteers 0, 2, 4); the first ends, so the last moves into its place
 * in the active list. The social worker also knows volunteer 2, whose trust
 * must not change. A second call changes nothing. */
Test(phases, rel_end_premature_hands_every_consequence_on)
{
    const int reasons[2] = {VOL_END_DROPOUT, VOL_END_BURNOUT};
    for (int t = 0; t < 2; t++) {
        vol_params p;
        ending_params(&p);
        const int ks[3] = {0, 2, 4};
        int32_t r[3];
        vol_sim *s = ending_world(&p, 1, ks, 3, r);
        int c = 0, v = 0, prof = s->cl.prof[c];
        cr_assert_eq(s->cl.prof[2], prof);
        cr_assert_eq(vol_prof_trust_add(s, prof, v, 0.8), VOL_OK);
        cr_assert_eq(vol_prof_trust_add(s, prof, 2, 0.6), VOL_OK);
        s->pr.willingness[prof] = 0.9;
        s->re.hot[r[0]].bond = 0.4;
        before_end b = take(s, c, v, 2);
        vol_rel_end(s, r[0], reasons[t]);
        assert_ended(s, r[0], c, v, reasons[t], p.wb_loss_harm * (0.4 + p.wb_loss_floor), b.n_events);
        /* the active list: r[2] took r[0]'s place */
        cr_assert_eq(s->re.n_active, b.n_active - 1);
        cr_assert_eq(s->re.active[0], r[2]);
        cr_assert_eq(s->re.active_pos[r[2]], 0);
        cr_assert_eq(s->re.active[1], r[1]);
        cr_assert_eq(s->re.active_pos[r[1]], 1);
        /* the other pairs keep their relationships */
        cr_assert_eq(s->cl.rel[2], r[1]);
        cr_assert_eq(s->vo.rel[2], r[1]);
        cr_assert_eq(s->cl.rel[4], r[2]);
        cr_assert_eq(s->vo.rel[4], r[2]);
        cr_assert_eq(s->re.end_day[r[1]], -1);
        /* the client: trust in the NPO, premature count; relationships were
         * counted when they began */
        near("client trust in the NPO", s->cl.trust[c], b.trust - p.trust_ending_loss);
        cr_assert_eq(s->cl.n_premature[c], b.n_premature + 1);
        cr_assert_eq(s->cl.n_rel[c], b.n_rel);
        cr_assert_eq(s->cl.seeking_since[c], -1, "a regular relationship's client waits again");
        cr_assert_eq(s->cl.wait_saved[c], -1);
        cr_assert_eq(s->flow.premature, 1);
        /* the social worker */
        near("willingness", s->pr.willingness[prof], b.willingness - p.ho_willing_loss);
        near("trust in the volunteer", vol_prof_trust(s, prof, v), b.prof_trust_v * (1.0 - p.trust_prof_dropout_loss));
        near("trust in another volunteer", vol_prof_trust(s, prof, 2), b.prof_trust_other);
        /* a second call: nothing more */
        before_end a = take(s, c, v, 2);
        double wb_end = s->re.wb_end[r[0]];
        vol_rel_end(s, r[0], VOL_END_COMPLETED);
        cr_assert_eq(s->re.end_reason[r[0]], reasons[t]);
        cr_assert_eq(s->re.n_active, a.n_active);
        cr_assert_eq(s->cl.n_premature[c], a.n_premature);
        cr_assert_eq(s->flow.premature, 1);
        cr_assert_eq(s->n_events, a.n_events);
        cr_assert_eq(s->cl.w_loss[c], a.w_loss);
        cr_assert_eq(s->cl.trust[c], a.trust);
        cr_assert_eq(s->pr.willingness[prof], a.willingness);
        cr_assert_eq(s->re.wb_end[r[0]], wb_end);
        vol_sim_free(s);
    }
}

/* Clamping: trust and willingness cannot fall below 0. */
Test(phases, rel_end_premature_clamps_trust_and_willingness_at_0)
{
    vol_params p;
    ending_params(&p);
    const int ks[1] = {0};
    int32_t r[1];
    vol_sim *s = ending_world(&p, 0, ks, 1, r);
    s->cl.trust[0] = 0.5 * p.trust_ending_loss;
    s->pr.willingness[s->cl.prof[0]] = 0.5 * p.ho_willing_loss;
    vol_rel_end(s, r[0], VOL_END_DROPOUT);
    cr_assert_eq(s->cl.trust[0], 0.0);
    cr_assert_eq(s->pr.willingness[s->cl.prof[0]], 0.0);
    vol_sim_free(s);
}

/* Planned endings cost the planned share of the loss and nothing else
 * (no trust, willingness or premature count); with the share 0 they cost
 * nothing and the wellbeing after is the client's wellbeing as it stands. */
Test(phases, rel_end_planned_costs_only_the_planned_share)
{
    const int reasons[2] = {VOL_END_COMPLETED, VOL_END_PROGRAMME_OVER};
    const double shares[2] = {0.3, 0.0};
    for (int t = 0; t < 4; t++) {
        vol_params p;
        ending_params(&p);
        set(&p, "endings.planned_harm", shares[t / 2]);
        const int ks[1] = {0};
        int32_t r[1];
        vol_sim *s = ending_world(&p, 1, ks, 1, r);
        int prof = s->cl.prof[0];
        cr_assert_eq(vol_prof_trust_add(s, prof, 0, 0.8), VOL_OK);
        s->pr.willingness[prof] = 0.9;
        s->re.hot[r[0]].bond = 0.4;
        before_end b = take(s, 0, 0, 2);
        vol_rel_end(s, r[0], reasons[t % 2]);
        assert_ended(s, r[0], 0, 0, reasons[t % 2], shares[t / 2] * p.wb_loss_harm * (0.4 + p.wb_loss_floor),
                     b.n_events);
        cr_assert_eq(s->re.n_active, 0);
        cr_assert_eq(s->cl.trust[0], b.trust);
        cr_assert_eq(s->cl.n_premature[0], 0);
        cr_assert_eq(s->flow.premature, 0);
        cr_assert_eq(s->pr.willingness[prof], b.willingness);
        cr_assert_eq(vol_prof_trust(s, prof, 0), b.prof_trust_v);
        vol_sim_free(s);
    }
}

/* In a volunteer organisation no professional decides: a premature ending
 * costs the client (loss, trust, count) but leaves the professional's
 * willingness and trust alone (an entry is planted to see it kept). */
Test(phases, rel_end_in_a_volunteer_organisation_spares_the_professional)
{
    vol_params p;
    ending_params(&p);
    const int ks[1] = {1}; /* client and volunteer 1: NPO 1 */
    int32_t r[1];
    vol_sim *s = ending_world(&p, 1, ks, 1, r);
    int prof = s->cl.prof[1];
    cr_assert_eq(s->pr.npo[prof], 1);
    cr_assert_eq(vol_prof_trust_add(s, prof, 1, 0.8), VOL_OK);
    s->pr.willingness[prof] = 0.9;
    s->re.hot[r[0]].bond = 0.4;
    before_end b = take(s, 1, 1, 3);
    vol_rel_end(s, r[0], VOL_END_DROPOUT);
    assert_ended(s, r[0], 1, 1, VOL_END_DROPOUT, p.wb_loss_harm * (0.4 + p.wb_loss_floor), b.n_events);
    near("client trust in the NPO", s->cl.trust[1], b.trust - p.trust_ending_loss);
    cr_assert_eq(s->cl.n_premature[1], 1);
    cr_assert_eq(s->flow.premature, 1);
    cr_assert_eq(s->pr.willingness[prof], 0.9);
    cr_assert_eq(vol_prof_trust(s, prof, 1), 0.8);
    vol_sim_free(s);
}

/* The waiting place of a programme (companies.keep_waiting_place): a client
 * waiting since day 2 when a corporate relationship began waits from day 2
 * again when it ends, however it ends; off, or for a client who was not
 * waiting, nobody waits. The end event names the company (events logged
 * in every other case; without the log, nothing is logged). */
Test(phases, rel_end_gives_a_programme_client_back_their_waiting_place)
{
    const int reasons[2] = {VOL_END_PROGRAMME_OVER, VOL_END_DROPOUT};
    for (int t = 0; t < 6; t++) {
        int keep = t < 4, waiting = t % 4 < 2 || t >= 4, reason = reasons[t % 2];
        vol_params p;
        ending_params(&p);
        set(&p, "companies.count", 1);
        set(&p, "companies.pool_size", 4);
        set(&p, "companies.keep_waiting_place", keep);
        int log = t % 2 == 0;
        vol_sim *s = create(&p, 0, log);
        s->day = 3;
        s->cl.seeking_since[0] = waiting ? 2 : -1;
        int32_t r;
        cr_assert_eq(vol_rel_start(s, 0, 0, VOL_REL_CORPORATE, 7, 93, 0, &r), VOL_OK, "%s", vol_error_message());
        cr_assert_eq(s->cl.seeking_since[0], -1, "a client in a programme is not waiting");
        cr_assert_eq(s->cl.wait_saved[0], waiting ? 2 : -1);
        s->day = 5;
        vol_rel_end(s, r, reason);
        int want = keep && waiting ? 2 : -1;
        cr_assert_eq(s->cl.seeking_since[0], want, "keep %d, waiting %d, reason %d: waits since %d, expected %d", keep,
                     waiting, reason, s->cl.seeking_since[0], want);
        cr_assert_eq(s->cl.wait_saved[0], -1);
        cr_assert_eq(s->cl.rel[0], -1);
        cr_assert_eq(s->vo.rel[0], -1);
        cr_assert_eq(s->re.company[r], 0);
        if (log) {
            cr_assert_eq(s->n_events, 2, "%zu events, expected the match and the end", s->n_events);
            const vol_event_record *ev = &s->events[1];
            cr_assert_eq(ev->kind, VOL_EV_END);
            cr_assert_eq(ev->reason, reason);
            cr_assert_eq(ev->client, 0);
            cr_assert_eq(ev->volunteer, 0);
            cr_assert_eq(ev->company, 0, "the end event names company %d, expected 0", ev->company);
        } else {
            cr_assert_eq(s->n_events, 0);
        }
        vol_sim_free(s);
    }
}

/* ---- 3. supervision priority -------------------------------------------------
 * phase_supervision.c and docs/ODD.md 7.5: NPO j supervises on days where
 * day mod 7 = j mod 7, with social workers x hours_per_professional (not in
 * volunteer organisations) + hours_per_coordinator (with a coordinator);
 * matched active volunteers need W = need_hours_per_month x 12/52 (x
 * low_energy_factor below low_energy), the lowest energy first (ties by
 * number), each h = min(need, hours left): energy += energy_restore h (1 -
 * energy), recognition += recognition_gain h (1 - recognition), an unmet
 * expectation -= expectation_management h (expectation - mean reward). */

typedef struct { double energy, recognition, reciprocity; } sup_state;

static double weekly_need(const vol_params *p) { return p->sup_need * 12.0 / 52.0; }

/* Volunteer v with energy e, recognition 0.4, an expectation of 0.7 above
 * a mean reward of 0.5; matched to client c when c >= 0. */
static void supervisee(vol_sim *s, int v, double e, int c)
{
    s->vo.energy[v] = e;
    s->vo.recognition[v] = 0.4;
    s->vo.reciprocity[v] = 0.7;
    s->vo.reward_avg[v] = 0.5;
    if (c >= 0) {
        int32_t r;
        cr_assert_eq(vol_rel_start(s, c, v, VOL_REL_REGULAR, 7, -1, -1, &r), VOL_OK, "%s", vol_error_message());
    }
}

static sup_state sup_take(const vol_sim *s, int v)
{
    return (sup_state){s->vo.energy[v], s->vo.recognition[v], s->vo.reciprocity[v]};
}

/* Volunteer v, who was in state b, got h hours (0: none at all). */
static void assert_supervised(const vol_sim *s, int v, sup_state b, double h)
{
    const vol_params *p = &s->p;
    char what[80];
    snprintf(what, sizeof what, "volunteer %d (energy %.2f), %.4f hours: energy", v, b.energy, h);
    near(what, s->vo.energy[v], vol_clamp01(b.energy + p->sup_restore * h * (1.0 - b.energy)));
    snprintf(what, sizeof what, "volunteer %d (energy %.2f), %.4f hours: recognition", v, b.energy, h);
    near(what, s->vo.recognition[v], vol_clamp01(b.recognition + p->sup_recognition * h * (1.0 - b.recognition)));
    snprintf(what, sizeof what, "volunteer %d (energy %.2f), %.4f hours: expectation", v, b.energy, h);
    near(what, s->vo.reciprocity[v], b.reciprocity - p->sup_expectation * h * (b.reciprocity - 0.5));
}

static void run_supervision(vol_sim *s, long day)
{
    s->day = day;
    memset(&s->flow, 0, sizeof s->flow);
    cr_assert_eq(vol_phase_supervision(s), VOL_OK, "%s", vol_error_message());
}

/* One NPO and 2.5 W hours: of four matched volunteers (energies 0.9, 0.6,
 * 0.8, 0.7, all above low_energy) the two most drained (1, then 3) get W,
 * the next (2) the half W left, the least drained (0) nothing; an unmatched
 * volunteer with the lowest energy of all (4) gets nothing and needs
 * nothing. The scarce hours come from three sources in turn, the others
 * plentiful but not the NPO's: a welfare NPO's social worker (no
 * coordinator: hours_per_coordinator unused), a welfare NPO's coordinator
 * (hours_per_professional 0), a volunteer organisation's coordinator (its
 * social worker does not supervise). */
Test(phases, supervision_serves_the_most_drained_first_when_hours_are_scarce)
{
    for (int t = 0; t < 3; t++) {
        vol_params p;
        tiny(&p, 1, 5, 5);
        set(&p, "supervision.need_hours_per_month", 1);
        double W = weekly_need(&p), scarce = 2.5 * W;
        const char *source[3] = {"social worker", "welfare coordinator", "volunteer organisation coordinator"};
        if (t == 0) {
            set(&p, "supervision.hours_per_professional", scarce);
            set(&p, "supervision.hours_per_coordinator", 40);
        } else {
            set(&p, "municipality.coordinator_share", 1);
            set(&p, "supervision.hours_per_professional", t == 1 ? 0 : 40);
            set(&p, "supervision.hours_per_coordinator", scarce);
            if (t == 2) {
                set(&p, "npo.share.welfare", 0);
                set(&p, "npo.share.volunteer_org", 1);
            }
        }
        cr_log_info("supervision from the %s: W = %.6f, %.6f hours", source[t], W, scarce);
        vol_sim *s = create(&p, 0, 0);
        cr_assert_eq(s->npos.kind[0], t == 2 ? VOL_NPO_VOLUNTEER_ORG : VOL_NPO_WELFARE);
        cr_assert_eq(s->npos.has_coordinator[0], t > 0);
        const double energy[5] = {0.9, 0.6, 0.8, 0.7, 0.1};
        sup_state b[5];
        for (int v = 0; v < 5; v++) {
            supervisee(s, v, energy[v], v < 4 ? v : -1);
            b[v] = sup_take(s, v);
        }
        run_supervision(s, 0);
        assert_supervised(s, 1, b[1], W);
        assert_supervised(s, 3, b[3], W);
        assert_supervised(s, 2, b[2], scarce - 2 * W);
        assert_supervised(s, 0, b[0], 0);
        assert_supervised(s, 4, b[4], 0);
        near("hours given", s->flow.supervision_given, scarce);
        near("hours needed", s->flow.supervision_needed, 4 * W);
        vol_sim_free(s);
    }
}

/* Below low_energy a volunteer needs low_energy_factor x W, and is served
 * first: energies 0.3 (needs 2 W), 0.6 and 0.55 with 2.5 W: volunteer 0
 * gets 2 W, volunteer 2 the half W left, volunteer 1 nothing. Equal
 * energies go by number: volunteers 3 and 4 of a second run, both 0.7,
 * with 1.5 W: 3 gets W, 4 the half W. */
Test(phases, supervision_doubles_the_need_below_low_energy_and_breaks_ties_by_number)
{
    vol_params p;
    tiny(&p, 1, 5, 5);
    set(&p, "supervision.need_hours_per_month", 1);
    double W = weekly_need(&p);
    set(&p, "supervision.hours_per_professional", 2.5 * W);
    vol_sim *s = create(&p, 0, 0);
    const double energy[3] = {0.3, 0.6, 0.55};
    sup_state b[3];
    for (int v = 0; v < 3; v++) {
        supervisee(s, v, energy[v], v);
        b[v] = sup_take(s, v);
    }
    run_supervision(s, 0);
    assert_supervised(s, 0, b[0], p.sup_low_factor * W);
    assert_supervised(s, 2, b[2], 2.5 * W - p.sup_low_factor * W);
    assert_supervised(s, 1, b[1], 0);
    near("hours needed", s->flow.supervision_needed, (p.sup_low_factor + 2) * W);
    vol_sim_free(s);

    set(&p, "supervision.hours_per_professional", 1.5 * W);
    s = create(&p, 0, 0);
    supervisee(s, 3, 0.7, 3);
    supervisee(s, 4, 0.7, 4);
    sup_state b3 = sup_take(s, 3), b4 = sup_take(s, 4);
    run_supervision(s, 0);
    assert_supervised(s, 3, b3, W);
    assert_supervised(s, 4, b4, 0.5 * W);
    vol_sim_free(s);
}

/* Eight NPOs, each with 1.5 W of its own; NPOs 0 and 7 supervise on day 0
 * (0 mod 7 = 7 mod 7), NPO 1 on day 1. Day 0: in NPO 0, volunteer 8
 * (energy 0.6) gets W and volunteer 0 (0.9) the half W left; in NPO 7,
 * volunteer 7 (0.55, the most drained of all) gets W from NPO 7's hours and
 * volunteer 15 (0.95) the half W left, so neither NPO's hours serve the
 * other (had the day's 3 W been one pot, most drained first, volunteers 7,
 * 8 and 0 would get W each and 15 nothing); NPO 1's volunteers 1 and 9 get
 * nothing.
 * Day 1: only NPO 1's, 9 (0.7) W and 1 (0.8) the half W. */
Test(phases, supervision_gives_each_npo_its_own_hours_on_its_own_weekday)
{
    vol_params p;
    tiny(&p, 8, 16, 16);
    set(&p, "supervision.need_hours_per_month", 1);
    double W = weekly_need(&p);
    set(&p, "supervision.hours_per_professional", 1.5 * W);
    vol_sim *s = create(&p, 0, 0);
    const int who[6] = {0, 8, 7, 15, 1, 9};
    const double energy[6] = {0.9, 0.6, 0.55, 0.95, 0.8, 0.7};
    sup_state b[6];
    for (int k = 0; k < 6; k++) {
        cr_assert_eq(s->vo.npo[who[k]], who[k] % 8);
        supervisee(s, who[k], energy[k], who[k]); /* client k is of NPO k mod 8 too */
        b[k] = sup_take(s, who[k]);
    }
    run_supervision(s, 0);
    assert_supervised(s, 8, b[1], W);
    assert_supervised(s, 0, b[0], 0.5 * W);
    assert_supervised(s, 7, b[2], W);
    assert_supervised(s, 15, b[3], 0.5 * W);
    assert_supervised(s, 1, b[4], 0);
    assert_supervised(s, 9, b[5], 0);
    near("hours given on day 0", s->flow.supervision_given, 3 * W);
    near("hours needed on day 0", s->flow.supervision_needed, 4 * W);
    for (int k = 0; k < 6; k++) b[k] = sup_take(s, who[k]);
    run_supervision(s, 1);
    assert_supervised(s, 9, b[5], W);
    assert_supervised(s, 1, b[4], 0.5 * W);
    for (int k = 0; k < 4; k++) assert_supervised(s, who[k], b[k], 0);
    vol_sim_free(s);
}
