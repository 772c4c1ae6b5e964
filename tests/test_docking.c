/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_docking.c: docking tests. Each one switches mechanisms off until the
 * model reduces to something solvable by hand, and compares a simulated
 * mean with its closed-form expectation.
 *
 * Tolerances are sampling tolerances: 4 standard errors, from the binomial
 * or Poisson variance of the quantity measured or from the spread of the
 * simulated values (stated in each test). With a correct model a check fails
 * by chance with probability about 6e-5; the seeds are fixed, so the tests
 * are reproducible. They test mechanisms in distribution (rates, shares,
 * decays), not particular random draws, so they should keep passing when
 * the draws are reorganised.
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

/* ---- helpers ----------------------------------------------------------- */

/* 4 binomial standard errors of a share with probability q over n trials. */
static double binomial_tol(double q, double n) { return 4.0 * sqrt(q * (1.0 - q) / n); }

/* A population with the mechanisms no case needs switched off: no
 * vulnerable volunteers (nobody refused, no extra hazards), no companies. */
static void base(vol_params *p, long seed)
{
    vol_params_defaults(p);
    p->run_burn_in = 0; /* tests start from the constructed day-0 state */
    set(p, "run.seed", (double)seed);
    set(p, "volunteers.vulnerable_share", 0);
    set(p, "companies.count", 0);
    set(p, "dropout.other_personal_share", 0); /* every exit of the background hazard labelled circumstances */
}

/* ---- 1. constant dropout hazard ------------------------------------------
 * Special case: no unmet-expectation hazard (dropout.low_commitment_per_year
 * = 0), no early-tenure term (dropout.early_factor = 0), no perseverance
 * effect (dropout.perseverance_effect = 0), no burnout (drain_per_visit = 0:
 * energy starts at 1 and only recovers), no vulnerable volunteers, no
 * arrivals, no companies. Then h = (h_c + 0) x (1 + 0) x max(0, 1 - 0) = h_c
 * for every active volunteer every day, so each leaves on a day with
 * probability 1 - exp(-h_c/365), independently of the past: the share of
 * day-0 volunteers still present after t simulated days (the burnout phase
 * of days 0 .. t-1) is exp(-h_c t / 365). h_c = 3.65 a year (0.01 a day):
 * exp(-0.5) at t = 50, exp(-1.5) at t = 150.
 * Tolerance: 4 binomial standard errors, 4 sqrt(S (1 - S) / N), N = 20000
 * volunteers (0.014 and 0.012). */
Test(docking, constant_dropout_hazard_gives_exponential_survival)
{
    vol_params p;
    base(&p, 101);
    set(&p, "clients.count", 200);
    set(&p, "volunteers.initial", 20000);
    set(&p, "volunteers.arrivals_per_year", 0);
    set(&p, "dropout.circumstances_per_year", 3.65);
    set(&p, "dropout.low_commitment_per_year", 0);
    set(&p, "dropout.early_factor", 0);
    set(&p, "dropout.perseverance_effect", 0);
    set(&p, "burnout.drain_per_visit", 0);
    const double h = 3.65;
    const long t1 = 50, t2 = 150;
    vol_sim *s = create(&p, 0, 0);
    steps(s, t2);
    size_t n;
    vol_volunteer_record *vo = table(s, VOL_TABLE_VOLUNTEERS, &n);
    cr_assert_eq(n, 20000);
    double alive1 = 0, alive2 = 0;
    for (size_t i = 0; i < n; i++) {
        /* the special case: nobody leaves for any other reason */
        if (vo[i].state == VOL_STATE_GONE)
            cr_assert_eq(vo[i].exit_reason, VOL_EXIT_CIRCUMSTANCES, "volunteer %zu left for reason %d", i,
                         vo[i].exit_reason);
        else cr_assert_eq(vo[i].state, VOL_STATE_ACTIVE, "volunteer %zu is resting without burnout", i);
        alive1 += vo[i].gone_day < 0 || vo[i].gone_day >= t1;
        alive2 += vo[i].gone_day < 0;
    }
    double e1 = exp(-h * (double)t1 / 365.0), e2 = exp(-h * (double)t2 / 365.0);
    check_near("survival after 50 days", alive1 / (double)n, e1, binomial_tol(e1, (double)n));
    check_near("survival after 150 days", alive2 / (double)n, e2, binomial_tol(e2, (double)n));
    free(vo);
    vol_sim_free(s);
}

/* ---- 2. Poisson arrivals -------------------------------------------------
 * Special case: no vulnerable applicants (nobody is turned away) and no
 * companies (no corporate volunteer turns regular by staying on), so the
 * volunteers recruited so far (metric vol_recruited, the gone included) are
 * the initial ones plus the arrivals, and the daily arrivals are independent
 * Poisson(lambda / 365) counts. After T days the mean over replicates of the
 * recruited is initial + lambda T / 365 (lambda = 3650 a year, T = 365: 50
 * + 3650), with variance lambda T / 365 per replicate; and the daily counts
 * have a dispersion index (variance / mean) of 1, whose standard error over
 * n days is about sqrt((2 + 1/mu) / n) (mu = 10 a day; Var s^2 = (mu + 2
 * mu^2) / n for a Poisson variable).
 * Tolerances: 4 sqrt(lambda T / 365 / R) for the mean of R = 8 replicates
 * (85 volunteers); 4 sqrt((2 + 1/mu) / (R T)) for the index (0.11). */
Test(docking, poisson_arrivals_mean_and_dispersion)
{
    vol_params p;
    base(&p, 202);
    set(&p, "clients.count", 200);
    set(&p, "volunteers.initial", 50);
    set(&p, "volunteers.arrivals_per_year", 3650);
    const long T = 365;
    const int R = 8;
    const double lambda = 3650, mu = lambda / 365.0;
    double sum_total = 0, sum_x = 0, sum_x2 = 0;
    long ndays = 0;
    double *out = malloc(sizeof(double) * (size_t)T * VOL_M_COUNT);
    cr_assert_not_null(out);
    for (int rep = 0; rep < R; rep++) {
        vol_sim *s = create(&p, (uint32_t)rep, 0);
        cr_assert_eq(vol_sim_run(s, T, out), VOL_OK, "%s", vol_error_message());
        const double *rec = out + (size_t)VOL_M_VOL_RECRUITED * (size_t)T;
        sum_total += rec[T - 1];
        for (long d = 0; d < T; d++) {
            double x = rec[d] - (d > 0 ? rec[d - 1] : 50.0);
            sum_x += x;
            sum_x2 += x * x;
            ndays++;
        }
        vol_sim_free(s);
    }
    free(out);
    double mean_total = sum_total / R, expected = 50.0 + lambda * (double)T / 365.0;
    check_near("recruited after 365 days (mean of 8 replicates)", mean_total, expected,
               4.0 * sqrt(lambda * (double)T / 365.0 / R));
    double m = sum_x / (double)ndays, var = (sum_x2 - (double)ndays * m * m) / (double)(ndays - 1);
    check_near("dispersion index of daily arrivals", var / m, 1.0, 4.0 * sqrt((2.0 + 1.0 / mu) / (double)ndays));
}

/* ---- 3. burnout: rest length and exit share --------------------------------
 * Special case: heavy drain (burnout.drain_per_visit = 0.5) and eager
 * handover (handover.base = 1, so returned volunteers are soon matched
 * again) so that many volunteers burn out; no companies (a corporate
 * volunteer who burns out leaves without resting); mean rest R = 10 days. A burnout on day d sets
 * the rest end to d + K, K = ceil(E), E ~ Exp(mean R); the burnout phase of
 * day d + K resolves the rest: the volunteer leaves (event dropout, reason
 * stress) with probability burnout.exit_probability = 0.4, else returns
 * (event return), with a fresh draw of that day. So
 *   (a) stress exits / (stress exits + returns) = 0.4: binomial, tolerance
 *       4 sqrt(0.4 x 0.6 / n) over the n resolved rests;
 *   (b) K is geometric, P(K > k) = exp(-k/R): E K = 1 / (1 - exp(-1/R))
 *       = 10.51 days, Var K = exp(-1/R) / (1 - exp(-1/R))^2; tolerance 4
 *       sqrt(Var K / n) over the n burnouts of days 0-199 (all resolved by
 *       day 400: P(K > 200) = e^-20), from the event log.
 * Every burnout is either resolved or still resting at the end (checked). */
Test(docking, burnout_rest_length_and_exit_share)
{
    vol_params p;
    base(&p, 303);
    set(&p, "clients.count", 6000);
    set(&p, "volunteers.initial", 4000);
    set(&p, "volunteers.arrivals_per_year", 0);
    set(&p, "burnout.drain_per_visit", 0.5);
    set(&p, "burnout.rest_days", 10);
    set(&p, "burnout.exit_probability", 0.4);
    set(&p, "handover.base", 1.0);
    const double R = 10, q = 0.4;
    const long T = 400, last_counted = 199;
    vol_sim *s = create(&p, 0, 1);
    steps(s, T);
    size_t ne, nv;
    vol_event_record *ev = table(s, VOL_TABLE_EVENTS, &ne);
    vol_volunteer_record *vo = table(s, VOL_TABLE_VOLUNTEERS, &nv);
    /* day of the open burnout of each volunteer (-1: none) */
    long *open = malloc(nv * sizeof *open);
    cr_assert_not_null(open);
    for (size_t v = 0; v < nv; v++) open[v] = -1;
    double burnouts = 0, exits = 0, returns = 0, k_sum = 0, k_sum2 = 0, k_n = 0;
    for (size_t i = 0; i < ne; i++) {
        int v = ev[i].volunteer;
        int resolves = ev[i].kind == VOL_EV_RETURN ||
                       (ev[i].kind == VOL_EV_DROPOUT && ev[i].reason == VOL_EXIT_STRESS);
        if (ev[i].kind == VOL_EV_BURNOUT) {
            cr_assert_eq(open[v], -1, "volunteer %d burnt out while resting", v);
            open[v] = ev[i].day;
            burnouts++;
        } else if (resolves) {
            cr_assert_geq(open[v], 0, "volunteer %d ended a rest that never began", v);
            if (ev[i].kind == VOL_EV_RETURN) returns++;
            else exits++;
            if (open[v] <= last_counted) {
                double k = (double)(ev[i].day - open[v]);
                k_sum += k;
                k_sum2 += k * k;
                k_n++;
            }
            open[v] = -1;
        }
    }
    double resting = 0;
    for (size_t v = 0; v < nv; v++) {
        resting += vo[v].state == VOL_STATE_RESTING;
        cr_assert_eq(open[v] >= 0, vo[v].state == VOL_STATE_RESTING, "volunteer %zu: rest log and state differ", v);
        if (open[v] >= 0) cr_assert_gt(open[v], last_counted, "volunteer %zu rested for over 200 days", v);
    }
    cr_assert_eq(burnouts, exits + returns + resting, "burnouts %g != exits %g + returns %g + resting %g", burnouts,
                 exits, returns, resting);
    cr_log_info("burnout: %g burnouts, %g returns, %g stress exits, %g resting at the end", burnouts, returns, exits,
                resting);
    double n = exits + returns;
    cr_assert_gt(n, 4000, "too few resolved rests (%g) for the tolerance", n);
    check_near("share of rests ending in exit", exits / n, q, binomial_tol(q, n));
    double a = exp(-1.0 / R), ek = 1.0 / (1.0 - a), vk = a / ((1.0 - a) * (1.0 - a));
    check_near("mean rest length (days)", k_sum / k_n, ek, 4.0 * sqrt(vk / k_n));
    /* the spread of K agrees with the geometric law as well (a loose check:
     * Var K^ has a standard error of about sqrt((mu4 - Var^2) / n), here
     * below 0.2 Var K; tolerance 4 x 0.2 Var K / sqrt(n / 1000)) */
    double mk = k_sum / k_n, vk_sim = (k_sum2 - k_n * mk * mk) / (k_n - 1);
    check_near("variance of the rest length", vk_sim, vk, 4.0 * 0.2 * vk / sqrt(k_n / 1000.0));
    free(open);
    free(vo);
    free(ev);
    vol_sim_free(s);
}

/* ---- 4. event boost and its decay ----------------------------------------
 * Special case: one NPO, one company holding one one-off group day a year
 * (rounds_per_year = 1, duration 1), so its first group day is day 0 and no
 * client takes part twice within the run; no disruption harm
 * (wellbeing.disruption_harm = 0) and no premature-ending harm (loss_harm
 * = 0), so the day changes nothing else of the clients' wellbeing (the
 * scepticism it adds only moves trust in the NPO, which feeds nothing back).
 * With common random numbers a baseline run without the programme (format
 * none, same seed and replicate) has the same people and the same
 * relationships; the participants (company_contacts = 1) differ from it by
 * the event component only. A participant gets boost B w, w = 1 or
 * maintenance_contact = 0.25 on a maintenance day (share m = 0.4), and the
 * clients phase of the same day already decays it once, so after the
 * clients phase of day `lag` the excess is
 *   B w 2^-((lag + 1) / halflife).
 * (a) Decay law: exactly that, per participant, at lag 0 and at lag 7 (one
 *     half-life), with w from the day's log (maintenance flag); tolerance
 *     1e-12 (rounding only: the wellbeing is not clamped here).
 * (b) Maintenance mix: the mean excess at lag 0 over R = 2000 independent
 *     events is B (1 - m (1 - c)) 2^-(1/halflife), c = maintenance_contact.
 *     An event's excess is B 2^-(1/h) times 1 or c (Bernoulli(m)); every
 *     event has the same number of participants, so the tolerance is
 *     4 B 2^-(1/h) (1 - c) sqrt(m (1 - m) / R). */
Test(docking, event_boost_mix_and_halflife_decay)
{
    vol_params p;
    vol_params_defaults(&p);
    p.run_burn_in = 0; /* tests start from the constructed day-0 state */
    set(&p, "run.seed", 404);
    set(&p, "npo.count", 1);
    set(&p, "clients.count", 200);
    set(&p, "clients.trait_concentration", 100); /* keeps every wellbeing well inside [0, 1] */
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
    set(&p, "companies.hours_per_year", 84); /* 14 employees, 14 participants */
    set(&p, "companies.clients_per_employee", 1);
    vol_params baseline = p;
    set_choice(&baseline, "companies.format", "none");
    const double B = p.wb_event_boost, hl = p.wb_event_halflife, m = p.co_maintenance, c = p.co_maint_contact;
    const int R = 2000, lag2 = 7;
    double sum_lag0 = 0, worst = 0;
    long participants = 0;
    for (int rep = 0; rep < R; rep++) {
        vol_sim *g = create(&p, (uint32_t)rep, 1), *b = create(&baseline, (uint32_t)rep, 0);
        double w = -1, event_sum = 0;
        int event_n = 0;
        for (long day = 0; day <= lag2; day++) {
            steps(g, 1);
            steps(b, 1);
            if (day != 0 && day != lag2) continue;
            size_t ng, nb, ne;
            vol_client_record *cg = table(g, VOL_TABLE_CLIENTS, &ng), *cb = table(b, VOL_TABLE_CLIENTS, &nb);
            if (day == 0) {
                vol_event_record *ev = table(g, VOL_TABLE_EVENTS, &ne);
                for (size_t i = 0; i < ne; i++)
                    if (ev[i].kind == VOL_EV_GROUP_EVENT) {
                        cr_assert_eq(w, -1, "two group days on day 0");
                        cr_assert_eq(ev[i].day, 0);
                        w = ev[i].reason ? c : 1.0;
                    }
                free(ev);
                cr_assert_neq(w, -1, "no group day on day 0");
            }
            double expected = B * w * pow(2.0, -((double)day + 1.0) / hl);
            int n = 0;
            for (size_t i = 0; i < ng; i++) {
                double excess = cg[i].wellbeing - cb[i].wellbeing;
                cr_assert_leq(cg[i].company_contacts, 1);
                if (cg[i].company_contacts == 0) {
                    cr_assert_eq(excess, 0.0, "client %zu took no part but differs from the baseline by %g", i,
                                 excess);
                    continue;
                }
                n++;
                worst = fmax(worst, fabs(excess - expected));
                cr_assert(fabs(excess - expected) <= 1e-12,
                          "replicate %d, client %zu, lag %ld: excess %.15g, expected B w 2^-((lag+1)/h) = %.15g", rep,
                          i, day, excess, expected);
                if (day == 0) event_sum += excess;
            }
            cr_assert_eq(n, 14, "replicate %d: %d participants, expected 14", rep, n);
            if (day == 0) event_n = n;
            free(cg);
            free(cb);
        }
        sum_lag0 += event_sum / event_n;
        participants += event_n;
        vol_sim_free(g);
        vol_sim_free(b);
    }
    cr_log_info("event boost: %ld participants, largest deviation from B w 2^-((lag+1)/h): %.3g", participants,
                worst);
    double d1 = pow(2.0, -1.0 / hl);
    check_near("mean event excess at lag 0", sum_lag0 / R, B * (1.0 - m * (1.0 - c)) * d1,
               4.0 * B * d1 * (1.0 - c) * sqrt(m * (1.0 - m) / R));
}

/* ---- 5. bond growth without decay ------------------------------------------
 * Special case: bond.decay_per_day = 0; traits concentrated on their means
 * (volunteers.trait_concentration = clients.trait_concentration = 10000,
 * which also sets the employees' spread); all clients elderly (care
 * avoidance a = 0.15); no burnout (drain 0) and nobody staying on after a
 * programme (stay_on_probability = 0). Each visit adds g (1 - bond) with
 * g = gain x q x (1 - slowdown x a), q = (relational + empathy) / 2, so from
 * bond 0 the bond after n visits is 1 - (1 - g)^n.
 * (a) Programmes: one_to_one, duration 90, interval 14: visits on days 0, 14,
 *     ..., 84 (n = 7), ended as programme_over on day 89; employees' q =
 *     (0.5 + 0.5) / 2, g = 0.25 x 0.5 x (1 - 0.7 x 0.15) = 0.1119, bond
 *     1 - (1 - g)^7 = 0.564.
 * (b) Regular relationships started during the run (volunteers' q = 0.6, g
 *     = 0.1343): mean bond against the mean of 1 - (1 - g)^visits.
 * Tolerance: 4 standard errors of the mean from the spread of the simulated
 * bonds (4 sd / sqrt(N); the traits' residual sd of about 0.005 gives a bond
 * sd near 0.003), plus 1e-9 for rounding. The curvature of 1 - (1 - g)^n
 * biases the mean by about 21 (1 - g)^5 Var g < 1e-5, far inside. */
Test(docking, bond_growth_without_decay)
{
    vol_params p;
    base(&p, 505);
    set(&p, "clients.count", 2000);
    set(&p, "clients.share.elderly", 1);
    set(&p, "clients.share.youth", 0);
    set(&p, "clients.share.disability", 0);
    set(&p, "clients.share.refugee", 0);
    set(&p, "clients.share.isolated", 0);
    set(&p, "clients.share.routine_sensitive", 0);
    set(&p, "clients.trait_concentration", 10000);
    set(&p, "volunteers.trait_concentration", 10000);
    set(&p, "bond.decay_per_day", 0);
    set(&p, "burnout.drain_per_visit", 0);
    set(&p, "companies.count", 10);
    set(&p, "companies.pool_size", 100);
    set_choice(&p, "companies.format", "one_to_one");
    set(&p, "companies.duration_days", 90);
    set(&p, "companies.visit_interval_days", 14);
    set(&p, "companies.rounds_per_year", 2);
    set(&p, "companies.hours_per_visit", 3);
    set(&p, "companies.hours_per_year", 336); /* 8 employees a round */
    set(&p, "companies.stay_on_probability", 0);
    set(&p, "companies.visit_attendance", 1); /* every programme visit made, nobody leaves early */
    set(&p, "companies.dropout_per_year", 0);
    const double gain = p.bond_gain, slow = p.bond_care_slowdown, a = p.clients_elderly_care_avoidance;
    const double g_emp = gain * 0.5 * (p.co_relational + p.co_empathy) * (1.0 - slow * a);
    const double g_vol = gain * 0.5 * (p.vol_relational + p.vol_empathy) * (1.0 - slow * a);
    vol_sim *s = create(&p, 0, 0);
    steps(s, 365);
    size_t nr;
    vol_relationship_record *re = table(s, VOL_TABLE_RELATIONSHIPS, &nr);
    double ps = 0, ps2 = 0, pn = 0;            /* programme bonds */
    double rs = 0, rs2 = 0, rexp = 0, rn = 0;  /* regular: bond - expectation */
    for (size_t i = 0; i < nr; i++) {
        if (re[i].kind == VOL_REL_CORPORATE && re[i].end_reason == VOL_END_PROGRAMME_OVER) {
            cr_assert_eq(re[i].visits, 7, "programme %zu had %d visits", i, re[i].visits);
            cr_assert_eq(re[i].end_day - re[i].start_day, 89);
            ps += re[i].bond;
            ps2 += re[i].bond * re[i].bond;
            pn++;
        } else if (re[i].kind == VOL_REL_REGULAR && re[i].start_day >= 0 && re[i].visits > 0) {
            double e = 1.0 - pow(1.0 - g_vol, re[i].visits), d = re[i].bond - e;
            rs += d;
            rs2 += d * d;
            rexp += e;
            rn++;
        }
    }
    cr_assert_gt(pn, 100, "only %g finished programmes", pn);
    cr_assert_gt(rn, 100, "only %g regular relationships", rn);
    double pm = ps / pn, psd = sqrt(fmax(0.0, (ps2 - pn * pm * pm) / (pn - 1)));
    check_near("bond after a 7-visit programme", pm, 1.0 - pow(1.0 - g_emp, 7), 4.0 * psd / sqrt(pn) + 1e-9);
    double rm = rs / rn, rsd = sqrt(fmax(0.0, (rs2 - rn * rm * rm) / (rn - 1)));
    check_near("mean bond of regular relationships", rexp / rn + rm, rexp / rn, 4.0 * rsd / sqrt(rn) + 1e-9);
    cr_log_info("bond: %g programmes, %g regular relationships (mean expected bond %.4g)", pn, rn, rexp / rn);
    free(re);
    vol_sim_free(s);
}

/* ---- 6. shares drawn per applicant ---------------------------------------
 * Special case: each applicant draws "vulnerable" (volunteers.vulnerable_share
 * v = 0.3) and "episodic" (episodic_share e = 0.41) independently from its
 * own stream. Volunteers present on day 0 are all accepted, so the shares
 * among the N = 20000 initial volunteers are e and v. A vulnerable arrival
 * during the run is accepted with probability volunteers.vulnerable.acceptance
 * = 0.6 (acceptance_chain = 0.9 under chain cooperation), else logged as
 * not_accepted; so accepted / (accepted + refused) vulnerable arrivals is
 * that probability, and (vulnerable arrivals) / (all arrivals) is v.
 * Tolerance: 4 binomial standard errors, 4 sqrt(q (1 - q) / n), with n the
 * volunteers or applicants in the denominator. */
static void applicant_shares(int chain, double acceptance)
{
    vol_params p;
    base(&p, 606 + chain);
    set(&p, "clients.count", 200);
    set(&p, "volunteers.initial", 20000);
    set(&p, "volunteers.arrivals_per_year", 36500);
    set(&p, "volunteers.vulnerable_share", 0.3);
    set(&p, "volunteers.episodic_share", 0.41);
    set(&p, "municipality.chain_cooperation", chain);
    const double v = 0.3, e = 0.41;
    vol_sim *s = create(&p, 0, 1);
    size_t nv, ne;
    vol_volunteer_record *vo = table(s, VOL_TABLE_VOLUNTEERS, &nv);
    double episodic = 0, vulnerable = 0;
    for (size_t i = 0; i < nv; i++) {
        episodic += vo[i].episodic;
        vulnerable += vo[i].kind == VOL_VOL_VULNERABLE;
    }
    free(vo);
    if (!chain) {
        check_near("episodic share of initial volunteers", episodic / (double)nv, e, binomial_tol(e, (double)nv));
        check_near("vulnerable share of initial volunteers", vulnerable / (double)nv, v, binomial_tol(v, (double)nv));
    }
    steps(s, 150);
    vo = table(s, VOL_TABLE_VOLUNTEERS, &nv);
    vol_event_record *ev = table(s, VOL_TABLE_EVENTS, &ne);
    double arrived = 0, arrived_vuln = 0, refused = 0;
    for (size_t i = 0; i < ne; i++) {
        if (ev[i].kind == VOL_EV_ARRIVAL) {
            arrived++;
            arrived_vuln += vo[ev[i].volunteer].kind == VOL_VOL_VULNERABLE;
        } else if (ev[i].kind == VOL_EV_NOT_ACCEPTED) refused++;
    }
    double applicants = arrived + refused, vuln_applicants = arrived_vuln + refused;
    char what[96];
    snprintf(what, sizeof what, "acceptance of vulnerable applicants (chain cooperation %s)", chain ? "on" : "off");
    check_near(what, arrived_vuln / vuln_applicants, acceptance, binomial_tol(acceptance, vuln_applicants));
    snprintf(what, sizeof what, "vulnerable share of applicants (chain cooperation %s)", chain ? "on" : "off");
    check_near(what, vuln_applicants / applicants, v, binomial_tol(v, applicants));
    free(ev);
    free(vo);
    vol_sim_free(s);
}

Test(docking, applicant_shares_and_vulnerable_acceptance)
{
    applicant_shares(0, 0.6);
    applicant_shares(1, 0.9);
}

/* ---- 7. review days: geometric scheduling of the daily review ------------
 * Special case: welfare NPOs only, no volunteers (nobody is ever matched,
 * so a client handed over waits for good), no companies, and a handover
 * probability q0 = handover.base = 0.5 that depends on nothing (complexity
 * and care-avoidance aversion 0, unknown-volunteer factor 1, willingness
 * stays 1 without premature endings). A client without a volunteer and not
 * waiting is reviewed on a day with probability p = 1 / review_days (20
 * days), independently of every other day: the matching phase schedules the
 * next review day instead (a geometric number of days ahead, drawn afresh
 * after each review that hands nobody over), which must be the same
 * process. So
 *   (a) the reviews per eligible client-day (eligible on day d: the
 *       clients not handed over before day d) are p: binomial, tolerance 4
 *       sqrt(p (1 - p) / M) over the M eligible client-days;
 *   (b) a client is handed over on a day with probability p q0, first on
 *       day D, P(D >= t) = (1 - p q0)^t: the share not handed over by the
 *       end of day t - 1 (metric handovers, cumulated) is (1 - p q0)^t at t
 *       = 10, 40 and 120; 4 binomial standard errors over N = 20000
 *       clients. (b) fails when the first review or the gap after a review
 *       is off by a day or not geometric (the schedule 1 + G after a
 *       review, G from 0). */
Test(docking, review_days_are_geometric)
{
    vol_params p;
    base(&p, 707);
    const long N = 20000, T = 120;
    set(&p, "clients.count", (double)N);
    set(&p, "volunteers.initial", 0);
    set(&p, "volunteers.arrivals_per_year", 0);
    set(&p, "npo.share.welfare", 1);
    set(&p, "npo.share.volunteer_org", 0);
    set(&p, "npo.share.hybrid", 0);
    set(&p, "handover.review_days", 20);
    set(&p, "handover.base", 0.5);
    set(&p, "handover.complexity_aversion", 0);
    set(&p, "handover.care_avoidance_aversion", 0);
    set(&p, "handover.unknown_volunteer_factor", 1);
    set(&p, "handover.coordinator_factor", 1);
    const double pr = 1.0 / 20.0, q = pr * 0.5;
    double *out = malloc(sizeof(double) * (size_t)T * VOL_M_COUNT);
    cr_assert_not_null(out);
    vol_sim *s = create(&p, 0, 0);
    cr_assert_eq(vol_sim_run(s, T, out), VOL_OK, "%s", vol_error_message());
    vol_sim_free(s);
    const double *rev = out + (size_t)VOL_M_REVIEWS * (size_t)T, *ho = out + (size_t)VOL_M_HANDOVERS * (size_t)T;
    double reviews = 0, eligible = 0, handed = 0;
    for (long d = 0; d < T; d++) {
        eligible += (double)N - handed;
        reviews += rev[d];
        handed += ho[d];
        if (d + 1 == 10 || d + 1 == 40 || d + 1 == 120) {
            double e = pow(1.0 - q, (double)(d + 1)), sim = 1.0 - handed / (double)N;
            char what[64];
            snprintf(what, sizeof what, "share not handed over after %ld days", d + 1);
            check_near(what, sim, e, binomial_tol(e, (double)N));
        }
    }
    check_near("reviews per eligible client-day", reviews / eligible, pr, binomial_tol(pr, eligible));
    free(out);
}

/* ---- 8. dropout as a threshold on the accumulated hazard -----------------
 * The burnout phase draws each volunteer's Exp(1) threshold when they join
 * and lets them leave when the hazard accumulated over the days they were
 * exposed, sum h / 365, exceeds it: the same process as leaving each day
 * with probability 1 - exp(-h / 365). Special case as in test 1 (no unmet
 * expectations, no perseverance effect, no burnout, no arrivals, no
 * vulnerable volunteers, no companies), N = 20000 day-0 volunteers:
 *   (a) constant hazard (no early-tenure term), h_c = 0.5 a year: the
 *       yearly dropout, the share gone after 365 days, is 1 - exp(-0.5);
 *   (b) a hazard that changes every day: early-tenure term on
 *       (dropout.early_factor a = 3, early_days tau = 60) and short tenures
 *       on day 0 (init.tenure_mean_days = 30), so h_i(d) = h_c (1 + a
 *       exp(-(d - r_i) / tau)) for volunteer i recruited on day r_i (from
 *       the volunteers table): i is still here after t days with
 *       probability S_i = exp(-sum_{d < t} h_i(d) / 365), and the share
 *       still here is on average mean S_i at t = 30 and 365.
 * Tolerances: 4 binomial standard errors, 4 sqrt(sum S_i (1 - S_i)) / N. */
static void threshold_case(int early, long seed)
{
    vol_params p;
    base(&p, seed);
    const long N = 20000, T = 365;
    const double hc = 0.5, a = 3.0, tau = 60.0;
    set(&p, "clients.count", 200);
    set(&p, "volunteers.initial", (double)N);
    set(&p, "volunteers.arrivals_per_year", 0);
    set(&p, "dropout.circumstances_per_year", hc);
    set(&p, "dropout.low_commitment_per_year", 0);
    set(&p, "dropout.early_factor", early ? a : 0);
    set(&p, "dropout.early_days", tau);
    set(&p, "dropout.perseverance_effect", 0);
    set(&p, "burnout.drain_per_visit", 0);
    if (early) set(&p, "init.tenure_mean_days", 30);
    vol_sim *s = create(&p, 0, 0);
    steps(s, T);
    size_t n;
    vol_volunteer_record *vo = table(s, VOL_TABLE_VOLUNTEERS, &n);
    cr_assert_eq(n, (size_t)N);
    const long ts[2] = {30, T};
    for (int j = 0; j < 2; j++) {
        long t = ts[j];
        double alive = 0, expected = 0, var = 0;
        for (size_t i = 0; i < n; i++) {
            if (vo[i].state == VOL_STATE_GONE)
                cr_assert_eq(vo[i].exit_reason, VOL_EXIT_CIRCUMSTANCES, "volunteer %zu left for reason %d", i,
                             vo[i].exit_reason);
            alive += vo[i].gone_day < 0 || vo[i].gone_day >= t;
            double cum = 0;
            for (long d = 0; d < t; d++)
                cum += hc * (1.0 + (early ? a * exp(-(double)(d - vo[i].recruited_day) / tau) : 0.0)) / 365.0;
            double si = exp(-cum);
            expected += si;
            var += si * (1.0 - si);
        }
        char what[96];
        snprintf(what, sizeof what, "%s: share still here after %ld days", early ? "early-tenure hazard" : "constant hazard",
                 t);
        check_near(what, alive / (double)N, expected / (double)N, 4.0 * sqrt(var) / (double)N);
        if (!early && t == T) {
            double e = -expm1(-hc);
            check_near("constant hazard: yearly dropout", 1.0 - alive / (double)N, e, binomial_tol(e, (double)N));
        }
    }
    free(vo);
    vol_sim_free(s);
}

Test(docking, dropout_threshold_on_accumulated_hazard)
{
    threshold_case(0, 808);
    threshold_case(1, 809);
}
