/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_params_used.c: every parameter of the table is read by the model.
 *
 * Each parameter is moved to another valid value and the run must change
 * (some metric on some day differs), in at least one of three small set-ups
 * that together switch on every mechanism: group days with client voice,
 * chain cooperation and facilitation; one-to-one programmes chosen by needs
 * with social-impact companies; one-to-one programmes chosen by the company.
 * run.replicates is the one documented exception: it sets how many
 * replicates run, not what one replicate does. */
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <criterion/criterion.h>
#include "volsim.h"

#define DAYS 400

static void setup(vol_params *p, int k)
{
    vol_params_defaults(p);
    p->run_burn_in = 0; /* tests start from the constructed day-0 state */
    p->clients_count = 200;
    p->npo_count = 5;
    p->vol_initial = 90;
    p->vol_arrivals = 40;
    p->co_pool = 60;
    p->run_days = DAYS;
    p->vol_vulnerable_share = 0.3;
    if (k == 0) {
        p->co_format = VOL_FORMAT_GROUP;
        p->co_rounds = 12;
        p->co_hours = 1008;
        p->co_ratio = 2; /* attention per client below one employee each (companies.attention_elasticity) */
        p->npo_voice_inform = p->npo_voice_feedback = p->npo_voice_codesign = 1;
        p->muni_chain = 1;
        p->muni_facilitation = 1;
    } else {
        p->co_format = VOL_FORMAT_ONE_TO_ONE;
        p->co_duration = 90;
        p->co_interval = 14;
        p->co_rounds = 4;
        p->co_hours_visit = 3;
        p->co_hours = 336;
        p->co_selection = k == 1 ? VOL_SELECT_NEEDS_FIRST : VOL_SELECT_COMPANY;
        p->co_motive = k == 1 ? VOL_MOTIVE_SOCIAL : VOL_MOTIVE_BUSINESS;
    }
    /* crowded NPOs in one set-up: with many day-0 volunteers per client
     * some fail to find a free client within init.match_tries, so that the
     * number of tries shows in the output (in the others it is luck) */
    if (k == 2) p->vol_initial = 150;
}

static size_t problems;
static void count(void *ctx, const char *a, const char *b, const char *c)
{
    (void)ctx; (void)a; (void)b; (void)c;
    problems++;
}

static int valid(const vol_params *p)
{
    problems = 0;
    return vol_params_validate(p, count, NULL) == 0;
}

/* Moves parameter info of p to its attempt-th other valid value (0, 1, ...);
 * returns 0 when there is no such value. Values stay within a factor of
 * about two of the default so that the runs stay small. */
static int perturb(vol_params *p, const vol_param_info *info, int attempt)
{
    vol_params q = *p;
    double def = vol_params_get(p, info);
    int found = 0;
    if (info->share_group) {
        /* move some share from the largest other member of the group */
        const vol_param_info *other = NULL;
        for (size_t i = 0; i < vol_params_count(); i++) {
            const vol_param_info *o = vol_params_info(i);
            if (o != info && o->share_group && strcmp(o->share_group, info->share_group) == 0 &&
                (!other || vol_params_get(p, o) > vol_params_get(p, other)))
                other = o;
        }
        const double moves[] = {0.2, 0.05, -0.05, -0.2};
        for (size_t k = 0; k < 4; k++) {
            q = *p;
            vol_params_set(&q, info, def + moves[k]);
            vol_params_set(&q, other, vol_params_get(p, other) - moves[k]);
            if (valid(&q) && found++ == attempt) { *p = q; return 1; }
        }
        return 0;
    }
    if (info->type == VOL_PT_BOOL || info->type == VOL_PT_CHOICE) {
        for (long v = (long)info->min; v <= (long)info->max; v++) {
            if (v == (long)def) continue;
            q = *p;
            vol_params_set_long(&q, info, v);
            if (valid(&q) && found++ == attempt) { *p = q; return 1; }
        }
        return 0;
    }
    double cap = 2 * fabs(def) + 2;
    double cand[] = {def * 1.5, def * 0.5, (def + fmin(info->max, cap)) / 2, (def + info->min) / 2, def + 1, def - 1,
                     fmin(info->max, cap), info->min};
    for (size_t k = 0; k < sizeof cand / sizeof cand[0]; k++) {
        double v = cand[k];
        if (info->type == VOL_PT_INT) v = round(v);
        if (v == def || v < info->min || v > info->max) continue;
        q = *p;
        vol_params_set(&q, info, v);
        if (valid(&q) && found++ == attempt) { *p = q; return 1; }
    }
    return 0;
}

static double *run(const vol_params *p)
{
    vol_sim *s;
    cr_assert_eq(vol_sim_create(p, 0, 0, &s), VOL_OK, "%s", vol_error_message());
    long days = p->run_days;
    double *m = malloc(sizeof(double) * (size_t)days * VOL_M_COUNT);
    cr_assert_eq(vol_sim_run(s, days, m), VOL_OK);
    vol_sim_free(s);
    return m;
}

static int differs(const double *a, const double *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(a[i] == b[i] || (isnan(a[i]) && isnan(b[i])))) return 1;
    return 0;
}

Test(params_used, every_parameter_changes_some_output, .timeout = 600)
{
    vol_params base[3];
    double *ref[3];
    for (int k = 0; k < 3; k++) {
        setup(&base[k], k);
        cr_assert(valid(&base[k]), "set-up %d is not valid", k);
        ref[k] = run(&base[k]);
    }
    size_t unread = 0;
    for (size_t i = 0; i < vol_params_count(); i++) {
        const vol_param_info *info = vol_params_info(i);
        /* documented exceptions: how many replicates, and the client panel
         * (an extra output, not a metric) */
        if (strcmp(info->name, "run.replicates") == 0 || strcmp(info->name, "run.client_panel_days") == 0) continue;
        int changed = 0, tried = 0;
        for (int t = 0; t < 9 && !changed; t++) {
            int k = t % 3, attempt = t / 3;
            vol_params q = base[k];
            if (!perturb(&q, info, attempt)) continue;
            tried = 1;
            double *m = run(&q);
            long days = q.run_days < base[k].run_days ? q.run_days : base[k].run_days;
            changed = q.run_days != base[k].run_days;
            for (int mm = 0; mm < VOL_M_COUNT && !changed; mm++)
                changed = differs(m + (size_t)mm * (size_t)q.run_days, ref[k] + (size_t)mm * (size_t)base[k].run_days,
                                  (size_t)days);
            free(m);
        }
        cr_expect(tried, "%s: no other valid value found", info->name);
        cr_expect(changed, "%s: changing it changes no output", info->name);
        unread += !changed;
    }
    for (int k = 0; k < 3; k++) free(ref[k]);
    cr_assert_eq(unread, 0, "%zu parameters are not read by the model", unread);
}
