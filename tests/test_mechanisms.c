/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_mechanisms.c: the mechanisms of model 0.2, step 4 (issue 11):
 * professional care diluted by caseload, trust in the NPO acting on
 * acceptance, the professional's judgement over programme places, the
 * outing budget and the attention per client of a group day.
 *
 * These are mechanism tests: each checks that one rule does what
 * docs/ODD.md and the model code's contract say, in a special case where
 * the rule's effect has a closed form. They are not evidence that the model
 * reproduces any pattern. Each test states its special case, the
 * expectation and the tolerance: exact to 1e-12 (rounding only) where the
 * rule is deterministic, else 4 binomial standard errors of a sum of
 * independent Bernoulli trials, 4 sqrt(sum q_i (1 - q_i)) (a check fails by
 * chance with probability about 6e-5 with a correct model). Every test also
 * has a knock-out case: the mechanism's parameter at 0 gives the behaviour
 * of model 0.1 (no declines, no care term, unlimited participants, the full
 * boost). Seeds are fixed.
 *
 * Parameters are set by their dotted names (vol_params_find), as in
 * scenario files; run with --verbose to see every simulated value, its
 * expectation and its tolerance. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include "volsim.h"
#include "model_test.h"

/* ---- helpers (the shared ones in model_test.h) --------------------------- */

/* Steps `days` days and returns the sum over them of metric m. */
static double steps_sum(vol_sim *s, long days, int m)
{
    double sum = 0;
    for (long d = 0; d < days; d++) {
        cr_assert_eq(vol_sim_step(s), VOL_OK, "%s", vol_error_message());
        sum += vol_sim_metrics(s)[m];
    }
    return sum;
}

/* A count of successes of independent Bernoulli trials with probabilities
 * q_i: the observed count against sum q_i, tolerance 4 sqrt(sum q_i (1 - q_i)). */
typedef struct { double observed, expected, variance, trials; } bernoulli_sum;

static void add_trial(bernoulli_sum *b, double q, int success)
{
    b->observed += success;
    b->expected += q;
    b->variance += q * (1.0 - q);
    b->trials += 1;
}

static void check_sum(const char *what, const bernoulli_sum *b)
{
    char label[200];
    snprintf(label, sizeof label, "%s (%.0f trials)", what, b->trials);
    check_near(label, b->observed, b->expected, 4.0 * sqrt(b->variance));
}

/* The five mechanisms of this file switched off (their 0.2 defaults are
 * on); each test switches on the one it checks. */
static void mechanisms_off(vol_params *p)
{
    set(p, "care.support", 0);
    set(p, "clients.acceptance_trust_weight", 0);
    set(p, "handover.programme_judgement", 0);
    set(p, "companies.outing_cost_per_client", 0);
    set(p, "companies.attention_elasticity", 0);
}

/* A population with what no case needs switched off: the mechanisms of
 * this file, vulnerable volunteers, companies. */
static void base(vol_params *p, long seed)
{
    vol_params_defaults(p);
    p->run_burn_in = 0; /* tests start from the constructed day-0 state */
    set(p, "run.seed", (double)seed);
    mechanisms_off(p);
    set(p, "volunteers.vulnerable_share", 0);
    set(p, "companies.count", 0);
}

static int welfare_or_hybrid(const vol_npo_record *npo, int32_t n) { return npo[n].kind != VOL_NPO_VOLUNTEER_ORG; }

/* ---- 1. care.support, care.caseload_reference, care.after_handover_share --
 * Mechanism test (model/phase_clients.c): wellbeing = clamp(base + care +
 * relational + event - disruption - loss), care = S x min(1, ref / L_p) x
 * (1, or a while the client has a volunteer) for clients of welfare and
 * hybrid NPOs, 0 for clients of volunteer organisations, where L_p, the
 * caseload of the client's professional p, counts each of p's clients
 * without a volunteer as 1 and each with one as a.
 * (a) No volunteers at all (volunteers.initial = arrivals = 0), no
 *     companies: every other component stays 0, so wellbeing - base
 *     wellbeing is the care term. 317 clients over 10 NPOs and 3 social
 *     workers each: caseloads of 10 and 11; ref = 10.5 dilutes the
 *     caseloads of 11 (10.5 / 11) and not those of 10. S = 0.05;
 *     clients.trait_concentration = 100 keeps base + S inside (0, 1), so no
 *     clamping (checked). Expectation per client, exactly (1e-12).
 * (b) The after-handover share: the default population with volunteers
 *     (a = 0.3, ref = 16), against a twin with S = 0 (same seed and
 *     replicate). Client wellbeing feeds back into no mechanism, so the two
 *     runs have the same people, relationships and components; the
 *     difference of each client's wellbeing is the care term, with L_p and
 *     "has a volunteer" read from the client table (relationship >= 0) of
 *     the same day. Exact (1e-12) on days 0, 29 and 119, for clients not
 *     clamped in either run.
 * Knock-out: S = 0 in (a) gives wellbeing = base wellbeing exactly. */
static void expected_care(const vol_client_record *cl, size_t nc, const vol_npo_record *npo, size_t nprof, double S,
                          double ref, double a, double *care, int *diluted, int *full)
{
    double *load = calloc(nprof, sizeof *load);
    cr_assert_not_null(load);
    for (size_t i = 0; i < nc; i++)
        if (welfare_or_hybrid(npo, cl[i].npo)) {
            cr_assert_lt((size_t)cl[i].professional, nprof);
            load[cl[i].professional] += cl[i].relationship >= 0 ? a : 1.0;
        }
    *diluted = *full = 0;
    for (size_t i = 0; i < nc; i++) {
        if (!welfare_or_hybrid(npo, cl[i].npo)) {
            care[i] = 0.0;
            continue;
        }
        double L = load[cl[i].professional];
        *diluted += L > ref;
        *full += L <= ref;
        care[i] = S * fmin(1.0, ref / L) * (cl[i].relationship >= 0 ? a : 1.0);
    }
    free(load);
}

static void care_without_volunteers(double S)
{
    vol_params p;
    base(&p, 1101);
    set(&p, "volunteers.initial", 0);
    set(&p, "volunteers.arrivals_per_year", 0);
    set(&p, "clients.count", 317);
    set(&p, "clients.trait_concentration", 100);
    set(&p, "care.support", S);
    set(&p, "care.caseload_reference", 10.5);
    vol_sim *s = create(&p, 0, 0);
    steps(s, 3);
    size_t nc, nn, np;
    vol_client_record *cl = table(s, VOL_TABLE_CLIENTS, &nc);
    vol_npo_record *npo = table(s, VOL_TABLE_NPOS, &nn);
    vol_professional_record *pr = table(s, VOL_TABLE_PROFESSIONALS, &np);
    double *care = malloc(nc * sizeof *care);
    cr_assert_not_null(care);
    int diluted, full;
    expected_care(cl, nc, npo, np, S, 10.5, p.care_after_share, care, &diluted, &full);
    double worst = 0;
    int vo_clients = 0;
    for (size_t i = 0; i < nc; i++) {
        cr_assert_eq(cl[i].relationship, -1);
        cr_assert(cl[i].wellbeing > 0 && cl[i].wellbeing < 1, "client %zu clamped", i);
        double d = cl[i].wellbeing - cl[i].base_wellbeing;
        vo_clients += !welfare_or_hybrid(npo, cl[i].npo);
        if (S == 0) cr_assert_eq(d, 0.0, "care.support 0: client %zu differs from its base by %g", i, d);
        worst = fmax(worst, fabs(d - care[i]));
        cr_assert(fabs(d - care[i]) <= 1e-12, "client %zu (professional %d): wellbeing - base %.15g, expected %.15g", i,
                  cl[i].professional, d, care[i]);
    }
    cr_log_info("care, no volunteers, S = %g: %zu clients (%d of volunteer organisations), %d diluted and %d full "
                "(client count); largest deviation %.3g",
                S, nc, vo_clients, diluted, full, worst);
    if (S > 0) {
        cr_expect_gt(diluted, 0, "no caseload above the reference: dilution not exercised");
        cr_expect_gt(full, 0, "every caseload above the reference");
        cr_expect_gt(vo_clients, 0);
    }
    free(care);
    free(pr);
    free(npo);
    free(cl);
    vol_sim_free(s);
}

Test(mechanisms, care_support_is_diluted_by_the_caseload)
{
    care_without_volunteers(0.05);
    care_without_volunteers(0.0); /* knock-out */

    /* (b) with volunteers: the twin difference is the care term */
    const double S = 0.05, ref = 16, a = 0.3;
    vol_params p;
    base(&p, 1102);
    set(&p, "clients.trait_concentration", 100);
    set(&p, "care.caseload_reference", ref);
    set(&p, "care.after_handover_share", a);
    vol_params twin = p;
    set(&p, "care.support", S);
    set(&twin, "care.support", 0);
    vol_sim *s = create(&p, 0, 0), *t = create(&twin, 0, 0);
    const long check_days[] = {0, 29, 119};
    long day = 0;
    int with_volunteer = 0, checked = 0, clamped = 0;
    double worst = 0;
    for (size_t k = 0; k < sizeof check_days / sizeof *check_days; k++) {
        steps(s, check_days[k] + 1 - day);
        steps(t, check_days[k] + 1 - day);
        day = check_days[k] + 1;
        size_t nc, nt, nn, np;
        vol_client_record *cl = table(s, VOL_TABLE_CLIENTS, &nc), *ct = table(t, VOL_TABLE_CLIENTS, &nt);
        vol_npo_record *npo = table(s, VOL_TABLE_NPOS, &nn);
        vol_professional_record *pr = table(s, VOL_TABLE_PROFESSIONALS, &np);
        cr_assert_eq(nc, nt);
        double *care = malloc(nc * sizeof *care);
        cr_assert_not_null(care);
        int diluted, full;
        expected_care(cl, nc, npo, np, S, ref, a, care, &diluted, &full);
        cr_expect_gt(diluted, 0, "day %ld: dilution not exercised", check_days[k]);
        cr_expect_gt(full, 0, "day %ld: every caseload diluted", check_days[k]);
        for (size_t i = 0; i < nc; i++) {
            cr_assert_eq(cl[i].relationship, ct[i].relationship, "the twins differ in more than wellbeing");
            if (cl[i].wellbeing <= 0 || cl[i].wellbeing >= 1 || ct[i].wellbeing <= 0 || ct[i].wellbeing >= 1) {
                clamped++;
                continue;
            }
            double d = cl[i].wellbeing - ct[i].wellbeing;
            worst = fmax(worst, fabs(d - care[i]));
            cr_assert(fabs(d - care[i]) <= 1e-12,
                      "day %ld, client %zu (relationship %d, professional %d): care term %.15g, expected %.15g",
                      check_days[k], i, cl[i].relationship, cl[i].professional, d, care[i]);
            checked++;
            with_volunteer += cl[i].relationship >= 0 && welfare_or_hybrid(npo, cl[i].npo);
        }
        free(care);
        free(pr);
        free(npo);
        free(cl);
        free(ct);
    }
    cr_log_info("care with volunteers: %d client-days checked (%d with a volunteer, cared), %d clamped and skipped; "
                "largest deviation %.3g",
                checked, with_volunteer, clamped, worst);
    cr_expect_gt(with_volunteer, 100, "the after-handover share was hardly exercised");
    cr_expect_lt(clamped, checked / 100 + 1, "too many clamped clients for the check to mean much");
    vol_sim_free(s);
    vol_sim_free(t);
}

/* ---- 2. clients.acceptance_trust_weight -----------------------------------
 * Mechanism test (model/phase_clients.c vol_client_accepts, used by the
 * matching and engagement phases): a client accepts what is offered with
 * probability 1 - w (1 - trust in the NPO), each offer with its own uniform
 * (stream (client, day)); a decline is logged as event declined with reason
 * 0 (a matched volunteer), 1 (a group day) or 2 (a programme place), and a
 * client who declines a matched volunteer stops waiting.
 * Special case: trust.scepticism_weight = 0 and trust.ending_trust_loss = 0,
 * so trust in the NPO stays at its initial value (checked: it equals the
 * day-0 value exactly at the end), and w = 0.8. Given the past, each offer
 * is then a Bernoulli trial with decline probability q_i = w (1 - trust_i),
 * so the number of declines has mean sum q_i over the offers and variance
 * sum q_i (1 - q_i) (the offers made depend on earlier outcomes, but the
 * sum of (decline - q_i) is a martingale, so the mean and variance hold).
 * (a) Matched volunteers (no companies): offers = regular matches during
 *     the run (match events after day-0 creation) + declines with reason
 *     0. Checked over all offers and separately for clients with trust
 *     below and above 0.7 (the rule's slope). A decliner stops waiting: in
 *     welfare and hybrid NPOs, after a decline the client gets no offer
 *     before a new handover event (checked for every decline).
 * (b) Group days: one NPO, one company with a one-off group day every day
 *     (rounds_per_year = 365, 14 places): invitations = participants (the
 *     client table's company_contacts) + declines with reason 1.
 * (c) Programme places (handover.programme_judgement = 0, so the
 *     professional always consents): asks = programme matches + declines
 *     with reason 2.
 * Tolerance: 4 sqrt(sum q_i (1 - q_i)) for each count. The declines metric
 * summed over the days equals the number of declined events.
 * Knock-out: w = 0 in (a) gives no declined event and a zero metric. */
static void trust_fixed(vol_params *p, long seed, double w)
{
    base(p, seed);
    set(p, "trust.scepticism_weight", 0);
    set(p, "trust.ending_trust_loss", 0);
    set(p, "clients.acceptance_trust_weight", w);
}

/* Runs replicate 0 of p for `days` days with the event log, checks that
 * trust in the NPO stayed at its day-0 value and that the declines metric
 * matches the declined events. Returns the event log (*ne events, the
 * first *first logged at creation), the final client table (*cl, *nc) and,
 * when npo is not NULL, the NPO table (*npo); the caller frees them. */
static vol_event_record *run_fixed_trust(const vol_params *p, long days, size_t *first, size_t *ne,
                                         vol_client_record **cl, size_t *nc, vol_npo_record **npo)
{
    vol_sim *s = create(p, 0, 1);
    size_t n0, nc0;
    vol_event_record *e0 = table(s, VOL_TABLE_EVENTS, &n0);
    vol_client_record *c0 = table(s, VOL_TABLE_CLIENTS, &nc0);
    free(e0);
    double metric = steps_sum(s, days, VOL_M_DECLINES);
    vol_event_record *ev = table(s, VOL_TABLE_EVENTS, ne);
    *cl = table(s, VOL_TABLE_CLIENTS, nc);
    if (npo) {
        size_t nn;
        *npo = table(s, VOL_TABLE_NPOS, &nn);
    }
    cr_assert_eq(*nc, nc0);
    for (size_t i = 0; i < nc0; i++)
        cr_assert_eq((*cl)[i].trust_npo, c0[i].trust_npo, "client %zu: trust moved from %.17g to %.17g", i,
                     c0[i].trust_npo, (*cl)[i].trust_npo);
    double logged = 0;
    for (size_t i = n0; i < *ne; i++) logged += ev[i].kind == VOL_EV_DECLINED;
    cr_expect_eq(metric, logged, "declines metric %g, declined events %g", metric, logged);
    free(c0);
    vol_sim_free(s);
    *first = n0;
    return ev;
}

Test(mechanisms, acceptance_falls_with_distrust_of_the_npo)
{
    const double w = 0.8;
    /* (a) matched volunteers */
    {
        vol_params p;
        trust_fixed(&p, 1201, w);
        set(&p, "clients.count", 4000);
        set(&p, "volunteers.initial", 1500);
        set(&p, "volunteers.arrivals_per_year", 1500);
        size_t n0, ne, nc;
        vol_client_record *cl;
        vol_npo_record *npo;
        vol_event_record *ev = run_fixed_trust(&p, 365, &n0, &ne, &cl, &nc, &npo);
        bernoulli_sum all = {0}, low = {0}, high = {0};
        /* per client: 0 nothing pending, 1 declined a volunteer and not
         * handed over since, 2 declined and handed over again since */
        unsigned char *after_decline = calloc(nc, 1);
        cr_assert_not_null(after_decline);
        int violations = 0, declined_then_offered = 0;
        for (size_t i = n0; i < ne; i++) {
            int c = ev[i].client;
            if (ev[i].kind == VOL_EV_HANDOVER && after_decline[c] == 1) after_decline[c] = 2;
            int accepted = ev[i].kind == VOL_EV_MATCH && ev[i].reason == VOL_REL_REGULAR,
                declined = ev[i].kind == VOL_EV_DECLINED;
            if (!accepted && !declined) continue;
            cr_assert(!declined || ev[i].reason == 0, "a decline of reason %d without companies", ev[i].reason);
            double q = w * (1.0 - cl[c].trust_npo);
            add_trial(&all, q, declined);
            add_trial(cl[c].trust_npo < 0.7 ? &low : &high, q, declined);
            if (welfare_or_hybrid(npo, cl[c].npo)) {
                violations += after_decline[c] == 1;
                declined_then_offered += after_decline[c] == 2;
                after_decline[c] = declined ? 1 : 0;
            }
        }
        cr_log_info("acceptance of volunteers: %.0f offers, %.0f declined; %d decliners offered again after a new "
                    "handover, %d offered again without one",
                    all.trials, all.observed, declined_then_offered, violations);
        cr_expect_eq(violations, 0, "a client who declined a volunteer got another before a new handover");
        cr_expect_gt(declined_then_offered, 10);
        cr_assert_gt(all.trials, 2000);
        check_sum("declined volunteers", &all);
        check_sum("declined volunteers, trust below 0.7", &low);
        check_sum("declined volunteers, trust 0.7 and above", &high);
        free(after_decline);
        free(npo);
        free(cl);
        free(ev);

        /* knock-out: w = 0, no declines at all */
        set(&p, "clients.acceptance_trust_weight", 0);
        ev = run_fixed_trust(&p, 120, &n0, &ne, &cl, &nc, NULL);
        int declines = 0;
        for (size_t i = n0; i < ne; i++) declines += ev[i].kind == VOL_EV_DECLINED;
        cr_expect_eq(declines, 0, "acceptance_trust_weight 0: %d declines", declines);
        free(cl);
        free(ev);
    }
    /* (b) group days */
    {
        vol_params p;
        trust_fixed(&p, 1202, w);
        set(&p, "npo.count", 1);
        set(&p, "clients.count", 200);
        set(&p, "volunteers.initial", 60);
        set(&p, "volunteers.arrivals_per_year", 20);
        set(&p, "companies.count", 1);
        set(&p, "companies.pool_size", 50);
        set_choice(&p, "companies.format", "group");
        set(&p, "companies.duration_days", 1);
        set(&p, "companies.rounds_per_year", 365);
        set(&p, "companies.hours_per_visit", 6);
        set(&p, "companies.hours_per_year", 365 * 6 * 14); /* 14 employees, 14 places a day */
        set(&p, "companies.clients_per_employee", 1);
        const long days = 150;
        size_t n0, ne, nc;
        vol_client_record *cl;
        vol_event_record *ev = run_fixed_trust(&p, days, &n0, &ne, &cl, &nc, NULL);
        bernoulli_sum b = {0};
        double days_held = 0;
        for (size_t i = n0; i < ne; i++) {
            days_held += ev[i].kind == VOL_EV_GROUP_EVENT;
            if (ev[i].kind == VOL_EV_DECLINED && ev[i].reason == 1)
                add_trial(&b, w * (1.0 - cl[ev[i].client].trust_npo), 1);
        }
        double taken = 0;
        for (size_t i = 0; i < nc; i++) {
            taken += cl[i].company_contacts;
            for (int k = 0; k < cl[i].company_contacts; k++) add_trial(&b, w * (1.0 - cl[i].trust_npo), 0);
        }
        cr_expect_eq(days_held, days);
        cr_expect_eq(taken, 14 * days, "%g participants in %g group days of 14 places", taken, days_held);
        check_sum("declined group-day invitations", &b);
        free(cl);
        free(ev);
    }
    /* (c) programme places */
    {
        vol_params p;
        trust_fixed(&p, 1203, w);
        set(&p, "clients.count", 2000);
        set(&p, "companies.count", 10);
        set_choice(&p, "companies.format", "one_to_one");
        set(&p, "companies.duration_days", 7);
        set(&p, "companies.visit_interval_days", 7);
        set(&p, "companies.rounds_per_year", 52);
        set(&p, "companies.hours_per_visit", 3);
        set(&p, "companies.hours_per_year", 52 * 3 * 10); /* 10 places a round */
        set(&p, "companies.stay_on_probability", 0);
        size_t n0, ne, nc;
        vol_client_record *cl;
        vol_event_record *ev = run_fixed_trust(&p, 365, &n0, &ne, &cl, &nc, NULL);
        bernoulli_sum b = {0};
        for (size_t i = n0; i < ne; i++) {
            int placed = ev[i].kind == VOL_EV_MATCH && ev[i].reason == VOL_REL_CORPORATE,
                declined = ev[i].kind == VOL_EV_DECLINED && ev[i].reason == 2;
            cr_assert(!(ev[i].kind == VOL_EV_DECLINED && ev[i].reason == 3), "a professional refused with j = 0");
            if (placed || declined) add_trial(&b, w * (1.0 - cl[ev[i].client].trust_npo), declined);
        }
        cr_assert_gt(b.trials, 1000);
        check_sum("declined programme places", &b);
        free(cl);
        free(ev);
    }
}

/* ---- 3. handover.programme_judgement --------------------------------------
 * Mechanism test (model/phase_engagement.c programme_consent): a client of
 * a welfare or hybrid NPO who is not waiting for a volunteer takes a
 * programme place only when the professional consents, with probability
 * 1 - j (1 - q), q = min(1, base (1 - complexity_aversion x complexity)
 * (1 - care_avoidance_aversion x care avoidance) x willingness x
 * unknown_volunteer_factor (x coordinator_factor) (x hybrid_factor)); a
 * refusal is logged as event declined, reason 3, with the professional, and
 * the next candidate is asked; places left over count in the metric
 * company_places_unfilled. Clients of volunteer organisations and clients
 * already waiting need no consent.
 * Special case: handover.base = 1, complexity_aversion = 1,
 * care_avoidance_aversion = 0, unknown_volunteer_factor = 1,
 * coordinator_factor = hybrid_factor = 1 and willingness_loss = 0 (so
 * willingness stays 1: checked at the end), acceptance weight 0: consent
 * = 1 - j x complexity. Whether a client of a welfare or hybrid NPO is
 * waiting when asked follows exactly from the event log, read in order
 * (companies.keep_waiting_place = 0): a handover event starts the wait, a
 * match or a declined volunteer ends it. Waiting clients and clients of
 * volunteer organisations must never be refused (checked); every other ask
 * is a Bernoulli trial given the past: consents (programme matches)
 * against sum over those asks (matches + refusals) of 1 - j complexity,
 * overall and for complexity below and above 0.5. Ten companies (one per
 * NPO, every kind) with weekly one-to-one rounds of 10 places over a year
 * (companies selection, no stay-on). Cases: j = 0.7 with 2000 clients and
 * rare reviews (handover.review_days = 3650: almost nobody waits); j = 1
 * with small NPOs (300 clients, 60 volunteers) and the default reviews, so
 * that clients wait and candidates run out (places stay unfilled).
 * Tolerance: 4 sqrt(sum p_i (1 - p_i)). Unfilled places: the metric summed
 * over the days equals rounds x 10 - places filled, exactly.
 * Knock-out: j = 0 gives no refusal, every ask is a consent. */
static void programme_consent_case(double j, long clients, long volunteers, double review_days, long seed,
                                   int small)
{
    vol_params p;
    base(&p, seed);
    set(&p, "clients.count", (double)clients);
    set(&p, "volunteers.initial", (double)volunteers);
    set(&p, "companies.count", 10); /* one per NPO: every kind of NPO */
    set_choice(&p, "companies.format", "one_to_one");
    set(&p, "companies.duration_days", 7);
    set(&p, "companies.visit_interval_days", 7);
    set(&p, "companies.rounds_per_year", 52);
    set(&p, "companies.hours_per_visit", 3);
    set(&p, "companies.hours_per_year", 52 * 3 * 10); /* 10 places a round */
    set(&p, "companies.stay_on_probability", 0);
    set(&p, "handover.base", 1);
    set(&p, "handover.complexity_aversion", 1);
    set(&p, "handover.care_avoidance_aversion", 0);
    set(&p, "handover.unknown_volunteer_factor", 1);
    set(&p, "handover.coordinator_factor", 1);
    set(&p, "handover.hybrid_factor", 1);
    set(&p, "handover.willingness_loss", 0);
    set(&p, "handover.review_days", review_days);
    set(&p, "clients.acceptance_trust_weight", 0);
    set(&p, "companies.keep_waiting_place", 0); /* a waiting place comes back only after a handover */
    set(&p, "handover.programme_judgement", j);
    const int places = 10; /* hours_per_year / (rounds x 1 visit x hours_per_visit) */
    vol_sim *s = create(&p, 0, 1);
    size_t n0;
    free(table(s, VOL_TABLE_EVENTS, &n0));
    double unfilled = steps_sum(s, 365, VOL_M_COMPANY_PLACES_UNFILLED);
    size_t ne, nc, nn, np;
    vol_event_record *ev = table(s, VOL_TABLE_EVENTS, &ne);
    vol_client_record *cl = table(s, VOL_TABLE_CLIENTS, &nc);
    vol_npo_record *npo = table(s, VOL_TABLE_NPOS, &nn);
    vol_professional_record *pr = table(s, VOL_TABLE_PROFESSIONALS, &np);
    for (size_t k = 0; k < np; k++)
        cr_assert_eq(pr[k].willingness, 1.0, "professional %zu: willingness %.17g", k, pr[k].willingness);
    unsigned char *waiting = calloc(nc, 1);
    cr_assert_not_null(waiting);
    bernoulli_sum all = {0}, low_cx = {0}, high_cx = {0};
    double rounds = 0, filled = 0, refusals = 0, waiting_asked = 0, vo_asked = 0;
    for (size_t i = n0; i < ne; i++) {
        rounds += ev[i].kind == VOL_EV_PROGRAMME_START;
        int c = ev[i].client;
        int placed = ev[i].kind == VOL_EV_MATCH && ev[i].reason == VOL_REL_CORPORATE,
            refused = ev[i].kind == VOL_EV_DECLINED;
        int was_waiting = c >= 0 && waiting[c];
        if (ev[i].kind == VOL_EV_HANDOVER) waiting[c] = 1;
        if (ev[i].kind == VOL_EV_MATCH || (refused && ev[i].reason == 0)) waiting[c] = 0;
        if (!placed && !refused) continue;
        filled += placed;
        if (refused) {
            refusals++;
            cr_assert_eq(ev[i].reason, 3, "a decline of reason %d with acceptance weight 0", ev[i].reason);
            cr_assert_eq(ev[i].professional, cl[c].professional, "a refusal logged without the client's professional");
            cr_assert_geq(ev[i].company, 0);
        }
        if (!welfare_or_hybrid(npo, cl[c].npo)) {
            cr_assert(!refused, "client %d of a volunteer organisation refused a place by a professional", c);
            vo_asked++;
            continue;
        }
        if (was_waiting) {
            cr_assert(!refused, "client %d, waiting for a volunteer, refused a place by a professional", c);
            waiting_asked++;
            continue;
        }
        double q = 1.0 - j * cl[c].complexity;
        add_trial(&all, q, placed);
        add_trial(cl[c].complexity < 0.5 ? &low_cx : &high_cx, q, placed);
    }
    cr_log_info("programme judgement j = %g, %ld clients: %.0f rounds, %.0f places filled, %.0f refusals, %.0f places "
                "unfilled; asks of waiting clients %.0f, of volunteer-organisation clients %.0f (no consent needed)",
                j, clients, rounds, filled, refusals, unfilled, waiting_asked, vo_asked);
    cr_expect_gt(vo_asked, 0, "no client of a volunteer organisation asked");
    if (small) {
        cr_expect_gt(unfilled, 0, "no place left unfilled: the count is not exercised");
        cr_expect_gt(waiting_asked, 0, "no waiting client asked: their exemption is not exercised");
    }
    cr_expect_eq(unfilled, rounds * places - filled, "unfilled places %g, rounds x places - filled %g", unfilled,
                 rounds * places - filled);
    cr_assert_gt(all.trials, 1000);
    if (j > 0) {
        check_sum("professional consents to programme places", &all);
        check_sum("consents, complexity below 0.5", &low_cx);
        check_sum("consents, complexity 0.5 and above", &high_cx);
    } else {
        cr_expect_eq(refusals, 0, "programme_judgement 0: %g refusals", refusals);
        cr_expect_eq(all.observed, all.trials, "programme_judgement 0: not every ask a consent");
    }
    free(waiting);
    free(pr);
    free(npo);
    free(cl);
    free(ev);
    vol_sim_free(s);
}

Test(mechanisms, professional_judgement_over_programme_places)
{
    programme_consent_case(0.7, 2000, 250, 3650, 1301, 0);
    programme_consent_case(1.0, 300, 60, 30, 1302, 1); /* small NPOs: clients wait, places stay unfilled */
    programme_consent_case(0.0, 2000, 250, 3650, 1301, 0); /* knock-out */
}

/* ---- 4. companies.outing_cost_per_client ----------------------------------
 * Mechanism test (model/phase_engagement.c group_day): an outing (a group
 * day that is not a maintenance job) takes at most floor((budget brought
 * so far - spent) / c) participants, and spent grows by participants x c;
 * maintenance days cost nothing.
 * Special case: two companies with one-off group days (duration 1) four
 * times a year over two years, 14 employees and clients_per_employee 1
 * (want = 14), budget B = 500 a round (added on the round's first day,
 * before its group day), c = 60, the default maintenance share 0.4 (which
 * day is maintenance comes from the day's group_event log entry), no
 * acceptance weight, 60 clients per NPO (never short of invitees). The
 * participants of the k-th group day of a company are then
 *   maintenance: 14;  outing: min(14, floor((k B - c P) / c)),
 * P the company's outing participants so far; B and c are integers, so the
 * model's double arithmetic is exact and so is the check (metric
 * event_participants of the day; the companies' days never coincide,
 * checked). Without maintenance days this is floor(k B / c) cumulated: 8,
 * 8, 9, 8 (carry-over of the unspent 20, 40, 0 EUR).
 * Knock-out: c = 0 gives 14 participants every group day. */
static void outing_budget_case(long cost)
{
    vol_params p;
    base(&p, 1401);
    set(&p, "companies.count", 2);
    set_choice(&p, "companies.format", "group");
    set(&p, "companies.duration_days", 1);
    set(&p, "companies.rounds_per_year", 4);
    set(&p, "companies.hours_per_visit", 6);
    set(&p, "companies.hours_per_year", 336); /* 14 employees a round */
    set(&p, "companies.clients_per_employee", 1);
    set(&p, "companies.budget_per_round", 500);
    set(&p, "companies.outing_cost_per_client", (double)cost);
    const long B = 500, want = 14, days = 730; /* 14: 336 / (4 rounds x 1 visit x 6 hours) */
    vol_sim *s = create(&p, 0, 1);
    double *part = malloc((size_t)days * sizeof *part);
    cr_assert_not_null(part);
    for (long d = 0; d < days; d++) {
        steps(s, 1);
        part[d] = vol_sim_metrics(s)[VOL_M_CLIENTS_EVENT_PARTICIPANTS];
    }
    size_t ne;
    vol_event_record *ev = table(s, VOL_TABLE_EVENTS, &ne);
    long rounds[2] = {0, 0}, spent[2] = {0, 0};
    int events = 0, limited = 0, maint = 0, last_day = -1;
    for (size_t i = 0; i < ne; i++) {
        if (ev[i].kind != VOL_EV_GROUP_EVENT) continue;
        int c = ev[i].company, d = ev[i].day;
        cr_assert(c == 0 || c == 1);
        cr_assert_gt(d, last_day, "two group days on day %d", d);
        last_day = d;
        rounds[c]++;
        long expected = want;
        if (ev[i].reason) maint++;
        else if (cost > 0) {
            long afford = (rounds[c] * B - spent[c]) / cost;
            if (afford < expected) expected = afford;
            spent[c] += expected * cost;
        }
        limited += expected < want;
        events++;
        cr_expect_eq(part[d], (double)expected, "day %d, company %d, round %ld (%s): %g participants, expected %ld", d,
                     c, rounds[c], ev[i].reason ? "maintenance" : "outing", part[d], expected);
        part[d] = 0;
    }
    for (long d = 0; d < days; d++) cr_expect_eq(part[d], 0.0, "participants on day %ld without a group day", d);
    cr_log_info("outing cost %ld: %d group days (%d maintenance), %d limited by the budget; spent %ld and %ld of %ld "
                "and %ld EUR",
                cost, events, maint, limited, spent[0], spent[1], rounds[0] * B, rounds[1] * B);
    cr_expect_eq(events, 16);
    if (cost > 0) {
        cr_expect_gt(limited, 0, "the budget never limited a group day");
        cr_expect_gt(maint, 0, "no maintenance day");
    } else cr_expect_eq(limited, 0);
    free(ev);
    free(part);
    vol_sim_free(s);
}

Test(mechanisms, outing_budget_limits_the_participants)
{
    outing_budget_case(60);
    outing_budget_case(0); /* knock-out */
}

/* ---- 5. companies.attention_elasticity ------------------------------------
 * Mechanism test (model/phase_engagement.c group_day): a group day's event
 * boost is multiplied by min(1, 1 / r)^e, r = clients_per_employee.
 * Special case: as docking test 4 (test_docking.c): one NPO of 200 clients
 * (trait concentration 100: no clamping), one company with one one-off
 * group day a year (day 0), 14 employees, no disruption and no loss harm,
 * against a twin without the programme (format none, same seed and
 * replicate). A participant's wellbeing after day 0 exceeds the twin's by
 *   B w min(1, 1/r)^e 2^(-1 / halflife),
 * w = 1, or maintenance_contact on a maintenance day (from the day's log);
 * non-participants do not differ; participants number floor(14 r + 0.5).
 * Cases: r = 2, e = 0.5 (factor 2^-0.5); r = 4, e = 1 (1/4); r = 0.5, e = 1
 * (factor 1: fewer clients than employees get full attention). Exact to
 * 1e-12, every participant of 12 replicates per case.
 * Knock-out: e = 0 gives the full boost at r = 2. */
static void attention_case(double r, double e)
{
    vol_params p;
    vol_params_defaults(&p);
    p.run_burn_in = 0; /* tests start from the constructed day-0 state */
    set(&p, "run.seed", 1501);
    mechanisms_off(&p);
    set(&p, "npo.count", 1);
    set(&p, "clients.count", 200);
    set(&p, "clients.trait_concentration", 100);
    set(&p, "volunteers.initial", 60);
    set(&p, "volunteers.arrivals_per_year", 20);
    set(&p, "wellbeing.disruption_harm", 0);
    set(&p, "wellbeing.loss_harm", 0);
    set(&p, "companies.count", 1);
    set(&p, "companies.pool_size", 50);
    set_choice(&p, "companies.format", "group");
    set(&p, "companies.duration_days", 1);
    set(&p, "companies.rounds_per_year", 1);
    set(&p, "companies.hours_per_visit", 6);
    set(&p, "companies.hours_per_year", 84); /* 14 employees */
    set(&p, "companies.clients_per_employee", r);
    set(&p, "companies.attention_elasticity", e);
    vol_params twin = p;
    set_choice(&twin, "companies.format", "none");
    const double B = p.wb_event_boost, hl = p.wb_event_halflife, c = p.co_maint_contact;
    const double factor = pow(fmin(1.0, 1.0 / r), e);
    const int want = (int)floor(14 * r + 0.5), R = 12;
    double worst = 0;
    int maint = 0;
    for (int rep = 0; rep < R; rep++) {
        vol_sim *g = create(&p, (uint32_t)rep, 1), *b = create(&twin, (uint32_t)rep, 0);
        steps(g, 1);
        steps(b, 1);
        size_t ng, nb, ne;
        vol_client_record *cg = table(g, VOL_TABLE_CLIENTS, &ng), *cb = table(b, VOL_TABLE_CLIENTS, &nb);
        vol_event_record *ev = table(g, VOL_TABLE_EVENTS, &ne);
        double w = -1;
        for (size_t i = 0; i < ne; i++)
            if (ev[i].kind == VOL_EV_GROUP_EVENT) {
                cr_assert_eq(w, -1, "two group days on day 0");
                w = ev[i].reason ? c : 1.0;
                maint += ev[i].reason != 0;
            }
        cr_assert_neq(w, -1, "no group day on day 0");
        double expected = B * w * factor * pow(2.0, -1.0 / hl);
        int n = 0;
        for (size_t i = 0; i < ng; i++) {
            double excess = cg[i].wellbeing - cb[i].wellbeing;
            if (cg[i].company_contacts == 0) {
                cr_assert_eq(excess, 0.0, "client %zu took no part but differs from the twin by %g", i, excess);
                continue;
            }
            n++;
            cr_assert(cg[i].wellbeing < 1, "client %zu clamped", i);
            worst = fmax(worst, fabs(excess - expected));
            cr_assert(fabs(excess - expected) <= 1e-12,
                      "r %g, e %g, replicate %d, client %zu: excess %.15g, expected B w min(1,1/r)^e 2^(-1/h) = %.15g",
                      r, e, rep, i, excess, expected);
        }
        cr_assert_eq(n, want, "replicate %d: %d participants, expected %d", rep, n, want);
        free(ev);
        free(cg);
        free(cb);
        vol_sim_free(g);
        vol_sim_free(b);
    }
    cr_log_info("attention r = %g, e = %g: factor %.6g, %d x %d participants (%d maintenance days), largest deviation "
                "%.3g",
                r, e, factor, R, want, maint, worst);
    cr_expect(maint > 0 && maint < R, "replicates did not mix outings and maintenance days");
}

Test(mechanisms, attention_per_client_scales_the_event_boost)
{
    attention_case(2, 0.5);
    attention_case(4, 1);
    attention_case(0.5, 1);
    attention_case(2, 0); /* knock-out */
}
