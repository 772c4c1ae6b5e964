/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sim_internal.h: the state of one replicate and the phases of the day.
 *
 * Not installed. Agents are stored as structs of arrays per kind; the
 * parameters (const vol_params) live apart from the mutable state. Every
 * non-static function is named vol_* because the library exports it. */
#ifndef VOL_SIM_INTERNAL_H
#define VOL_SIM_INTERNAL_H

#include <math.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <gsl/gsl_rng.h>
#include "vol_sim.h"
#include "vol_rng.h"
#include "params_internal.h"

/* Purposes of random streams: the stream of an agent for a purpose and day
 * is the same in every scenario (common random numbers). Values are part of
 * the results format (replicate keys): never renumber, only append. */
enum {
    VOL_STREAM_INIT_NPO = 1,
    VOL_STREAM_INIT_CLIENT = 2,
    VOL_STREAM_APPLICANT = 3,     /* traits of the k-th person offering to volunteer */
    VOL_STREAM_INIT_MATCH = 4,    /* relationships present on day 0 */
    VOL_STREAM_EMPLOYEE = 5,      /* traits of employee e of company c */
    VOL_STREAM_ARRIVAL = 6,       /* arrivals of a day */
    VOL_STREAM_REVIEW = 7,        /* (client, day): the handover decision of a review that day (u[1];
                                     until 0.2 also whether the review happened, u[0]) */
    VOL_STREAM_MATCH = 8,         /* candidate sampling for a client on a day */
    VOL_STREAM_COMPANY = 9,       /* a company's choices on a day */
    VOL_STREAM_VOLUNTEER_DAY = 10,/* a corporate volunteer's staying on at a programme's end (until 0.2
                                     also the daily dropout and burnout draws) */
    VOL_STREAM_PROGRAMME = 11,    /* pairing of employees with clients in a round */
    VOL_STREAM_VISIT = 12,        /* whether an employee comes to a programme visit (volunteer, day) */
    VOL_STREAM_CONSENT = 13,      /* programme place (client, day): the professional's consent, the client's */
    VOL_STREAM_ACCEPT = 14,       /* (client, day): accepting a matched volunteer, taking part in a group day */
    VOL_STREAM_REVIEW_DAY = 15,   /* (client, day): the days to the client's next review / self-referral,
                                     drawn that day (u[0] on becoming eligible, u[1] after a review) */
    VOL_STREAM_DROPOUT = 16,      /* (volunteer stream id, day): the dropout threshold drawn the day the
                                     volunteer joins (u[0]), the exit reason on the day they leave (u[1]) */
    VOL_STREAM_REST = 17          /* (volunteer stream id, day): the rest length of a burnout that day (u[0]),
                                     leaving for good when the rest ends that day (u[1]) */
};

/* Offset of corporate volunteers' stream ids (regular ones use their
 * applicant number), so the two never collide. */
#define VOL_SID_CORPORATE (UINT64_C(1) << 40)

typedef struct { double key; int32_t index; } vol_rank_item;

/* Longest visit interval in days (volunteers.visit_interval_max and
 * companies.visit_interval_days are at most this by their ranges). */
#define VOL_MAX_INTERVAL 3650 /* for sorting by a key */

typedef struct {            /* a professional's trust in one volunteer */
    int32_t volunteer;
    double trust;
} vol_trust_entry;

/* ---- the agents' arrays: one field list per kind ----
 * Each kind of agent is a structure of arrays, and each array is one entry
 * X(type, name) of its kind's field list below. The list declares the
 * member (type *name), and the same list allocates, grows and frees the
 * arrays (init.c, sim.c) and counts their bytes (VOL_FIELDS_BYTES, used by
 * vol_state_bytes for vol_sim_memory_bytes and the memory estimate
 * vol_params_memory_estimate): a field added to a list is allocated,
 * freed and counted with no other change. The entries' order is the order
 * of allocation (and so of the placement slots of vol_soa_alloc). */
#define VOL_DECLARE_ARRAY(T, f) T *f;
#define VOL_FIELD_BYTES(T, f) + sizeof(T)
#define VOL_FIELD_ONE(T, f) + 1
/* Bytes per entry of a field list (a size_t constant), and its arrays. */
#define VOL_FIELDS_BYTES(LIST) ((size_t)0 LIST(VOL_FIELD_BYTES))
#define VOL_FIELDS_COUNT(LIST) (0 LIST(VOL_FIELD_ONE))

/* NPOs: n entries each (init.c, calloc) */
#define VOL_NPO_FIELDS(X) \
    X(int32_t, kind) X(int32_t, has_coordinator) X(int32_t, coordinator) X(int32_t, prof_first) \
    X(int32_t, prof_count) X(int32_t, partner_company) X(int32_t, client_count)
/* ... and n + 1 entries each: the matching phase's segment of each NPO in
 * the pool of free volunteers (rebuilt every day; no other phase reads it) */
#define VOL_NPO_SEGMENT_FIELDS(X) \
    X(int32_t, pool_start) X(int32_t, pool_len) \
    X(int32_t, pool_skilled) /* of whom skilled enough for complex clients */

typedef struct {
    int n;
    VOL_NPO_FIELDS(VOL_DECLARE_ARRAY)
    VOL_NPO_SEGMENT_FIELDS(VOL_DECLARE_ARRAY)
} vol_npos;

/* Clients: n entries each (init.c allocates them at slots 0, 1, ... in this
 * order with vol_soa_alloc). */
#define VOL_CLIENT_FIELDS(X) \
    X(int32_t, profile) X(int32_t, npo) X(int32_t, prof) X(int32_t, rel) X(int32_t, seeking_since) \
    X(int32_t, n_rel) X(int32_t, n_premature) X(int32_t, company_contacts) \
    X(int32_t, wait_saved)    /* seeking_since when the current programme began (-1: not waiting) */ \
    X(int32_t, first_contact) /* day of the first company activity or programme (-1: none yet) */ \
    X(int32_t, review_day)    /* matching: the next day of a review (self-referral in a volunteer \
                                 organisation) while without a volunteer and not waiting; a day \
                                 before today: none scheduled (drawn when next eligible) */ \
    X(double, complexity) X(double, care_avoid) X(double, demand) X(double, routine) X(double, w_base) \
    X(double, w_rel) X(double, w_event) X(double, w_disrupt) X(double, w_loss) \
    X(double, w_care)         /* professional care support of the last clients phase (care.support): \
                                 read by vol_rel_end until the next clients phase */ \
    X(double, wellbeing) X(double, trust) X(double, trust0) X(double, scep) \
    X(double, bond)           /* the bond of the client's relationship, copied by the contact \
                                 phase for the clients phase (valid while rel >= 0) */
#define VOL_SOA_CLIENT_SLOTS 26
_Static_assert(VOL_FIELDS_COUNT(VOL_CLIENT_FIELDS) == VOL_SOA_CLIENT_SLOTS, "a slot for each client array");

typedef struct {
    int n;
    VOL_CLIENT_FIELDS(VOL_DECLARE_ARRAY)
    float *panel;           /* run.client_panel_days: wellbeing of client i at panel time k in [i * n_panel + k] */
    int n_panel;            /* panel times: run.days / run.client_panel_days */
} vol_clients;

/* Volunteers: cap entries each, grown by doubling (vol_volunteers_grow). */
#define VOL_VOLUNTEER_FIELDS(X) \
    X(int32_t, kind) X(int32_t, state) X(int32_t, npo) X(int32_t, company) X(int32_t, employee) \
    X(int32_t, supervisor) X(int32_t, recruited_day) X(int32_t, gone_day) X(int32_t, exit_reason) \
    X(int32_t, rel) X(int32_t, burnouts) X(int32_t, episodic) X(int32_t, rest_until) \
    X(int32_t, sup_next)      /* supervision: next volunteer of the same weekday list, or -1 */ \
    X(double, relational) X(double, empathy) X(double, perseverance) X(double, practical) \
    X(double, reciprocity) X(double, challenge) X(double, overinv) X(double, availability) \
    X(double, interval) X(double, energy) X(double, commitment) X(double, recognition) \
    X(double, reward_avg) X(double, w_base) X(double, wellbeing) \
    X(double, dropout_left)   /* dropout threshold (Exp(1), drawn on joining) less the hazard \
                                 accumulated since (phase_burnout.c): leaves when below 0 */ \
    X(uint64_t, sid)          /* stream id */

typedef struct {
    int n, cap;
    VOL_VOLUNTEER_FIELDS(VOL_DECLARE_ARRAY)
} vol_volunteers;

/* Professionals: n entries each (init.c, calloc). */
#define VOL_PROF_FIELDS(X) \
    X(int32_t, npo) X(int32_t, role) X(int32_t, handovers) X(double, willingness) \
    X(double, load)           /* clients phase: caseload of the day, then the care factor it gives \
                                 (care.support); no other phase reads it */ \
    X(vol_trust_entry *, known) /* sparse: volunteers this professional worked with who have not \
                                 left for good (vol_prof_forget_gone); cap_known entries each */ \
    X(int32_t, n_known) X(int32_t, cap_known) \
    /* the pairs dropped from known when their volunteer left: how many, and \
     * their trust summed (for the professional records, which count every \
     * volunteer worked with) */ \
    X(int32_t, n_forgotten) X(double, forgotten_trust)

typedef struct {
    int n;
    VOL_PROF_FIELDS(VOL_DECLARE_ARRAY)
} vol_professionals;

/* Companies: n entries each (init.c, calloc) */
#define VOL_COMPANY_FIELDS(X) \
    X(int32_t, partner) X(int32_t, rounds) X(int32_t, sent) X(double, hours) X(double, budget) \
    X(double, spent)          /* of the budget, on outings (companies.outing_cost_per_client) */
/* ... n x pool entries each: employee e of company c is [c * pool + e]
 * (vol_employee_index). Only the practical skill (the seniority order) is
 * stored; the traits are drawn from the employee's own stream when needed
 * (vol_employee_traits), the same values every time. */
#define VOL_EMPLOYEE_FIELDS(X) \
    X(double, e_practical) \
    X(int32_t, e_busy)        /* volunteer id while in a programme, else -1 */ \
    X(int32_t, senior_rank)   /* per company: employee indices by practical skill, descending */
/* ... and pool entries each */
#define VOL_POOL_FIELDS(X) \
    X(int32_t, chosen)        /* employees picked for the current round (pool entries) */

typedef struct {
    int n, pool;
    VOL_COMPANY_FIELDS(VOL_DECLARE_ARRAY)
    VOL_EMPLOYEE_FIELDS(VOL_DECLARE_ARRAY)
    VOL_POOL_FIELDS(VOL_DECLARE_ARRAY)
} vol_companies;

/* The fields of a relationship that the contact phase reads for every
 * active relationship every day, together in one 16-byte record (one
 * cache line holds four), the rest as arrays. */
typedef struct {
    double bond;
    int32_t client, next_visit;
} vol_rel_hot;

/* Relationships: cap entries each, grown by doubling
 * (vol_relationships_grow). */
#define VOL_REL_FIELDS(X) \
    X(int32_t, kind) X(int32_t, origin) X(int32_t, volunteer) X(int32_t, npo) X(int32_t, start) \
    X(int32_t, planned_end) X(int32_t, interval) X(int32_t, visits) X(int32_t, last_visit) \
    X(int32_t, end_day) X(int32_t, end_reason) X(int32_t, company) \
    X(int32_t, active_pos)    /* place in active, -1 when ended */ \
    X(double, max_bond) \
    X(double, wb_start) X(double, wb_end) /* client wellbeing when it began and right after it ended */ \
    X(vol_rel_hot, hot) \
    X(int32_t, active)        /* indices of active relationships, n_active of them (unordered; \
                                 swap-remove) */

typedef struct {
    int n, cap;
    VOL_REL_FIELDS(VOL_DECLARE_ARRAY)
    int n_active;
} vol_relationships;

/* Bins of the bond histogram behind the bond quantiles (width 1/1024: a
 * quantile is exact to within 0.001). */
#define VOL_BOND_BINS 1024

typedef struct {            /* flows of the current day, reset each morning */
    double disruptions, company_hours, company_budget, supervision_given,
           supervision_needed;
    int premature, burnouts, drop_circ, drop_other, drop_stress, drop_unmet, handovers,
        handovers_complex, reviews, reviews_known, handovers_known, matches, event_participants,
        missed_visits, declines, places_unfilled;
} vol_day_flows;

/* The per-day scratch buffers: scratch_cap entries each (vol_scratch_reserve). */
#define VOL_SCRATCH_FIELDS(X) \
    X(int32_t, scratch_a) X(int32_t, scratch_b) X(int32_t, scratch_c) \
    X(vol_rank_item, scratch_rank) X(vol_rank_item, scratch_rank2)
/* Observe's lists of volunteers (vol_roster_update): vo.cap entries each
 * (vol_volunteers_grow). */
#define VOL_ROSTER_FIELDS(X) X(int32_t, obs_present) X(int32_t, obs_vuln)

struct vol_sim {
    /* ---- the run: parameters, days, generators, constant tables ---- */
    vol_params p;           /* copy, constant during the run */
    uint64_t seed;
    uint32_t replicate;
    long day;               /* days simulated so far, burn-in included; today's index is day */
    long burn_in;           /* run.burn_in_days: internal day of recorded day 0. State keeps
                               internal days (never negative after day 0, so -1 stays "none");
                               the event log, exported tables and vol_sim_day use recorded
                               days, day - burn_in */
    gsl_rng *rng;
    gsl_rng *rng_traits;    /* for vol_employee_traits, so that drawing traits
                               never moves the stream a phase is reading */
    /* clients of each profile (profiles never change) */
    int32_t profile_count[VOL_PROFILE_COUNT];
    /* weekly hours of a volunteer visiting every t days, hours_per_visit x
     * 7 / t, for t = 0 .. VOL_MAX_INTERVAL (index 0 unused) */
    double weekly_hours[VOL_MAX_INTERVAL + 1];
    /* exp(-t / dropout.early_days) for tenures t = 0 .. n_early - 1 days:
     * the same values the burnout phase would compute, looked up */
    double *early;
    int n_early;

    /* ---- the agents ---- */
    vol_npos npos;
    vol_clients cl;
    vol_volunteers vo;
    vol_professionals pr;
    vol_companies co;
    vol_relationships re;

    /* ---- counts over the run ---- */
    long applicants;        /* people who offered to volunteer so far (also the next
                               applicant's stream id: never reset) */
    long vuln_applicants;   /* of whom vulnerable */
    /* of those, the ones observation leaves out: who left or was turned
     * away before recorded day 0 (burn-in history is not recorded) */
    long obs_applicants_before, obs_vuln_applicants_before;
    double vuln_rejected_wellbeing; /* sum of base wellbeing of vulnerable applicants turned
                                       away since recorded day 0 (read only by observe) */
    long stayed_on;
    long corporate_durable; /* corporate relationships that reached the durable bond */

    /* ---- a phase's own state from one day to the next ---- */
    /* Supervision: volunteers of NPOs supervising on weekday w (NPO number
     * mod 7) form a list from sup_head[w] through vo.sup_next, in
     * increasing number; volunteers who left for good are dropped from it
     * as it is walked. sup_added: volunteers numbered below it are listed. */
    int32_t sup_head[7], sup_tail[7];
    int sup_added;
    /* Observe, matches_closed_within_year: relationships are numbered in
     * order of their start day, and whether one started a year ago closed
     * within its first year no longer changes, so observe counts each only
     * once (those below obs_rel_cursor are counted). */
    int obs_rel_cursor;
    long obs_started, obs_closed;

    /* ---- the day's hand-offs ----
     * The phases run in the pipeline's order (sim.c: run_phases, then
     * vol_phase_observe in vol_sim_step; on burn-in days observe does not
     * run and engagement does nothing), each reading the agents as the
     * phases before it left them today. What one phase leaves for a later
     * one of the same day:
     *
     * morning      run_phases zeroes flow, the day's counts; the phases
     *              (and vol_client_accepts, vol_rel_start and vol_rel_end
     *              on their behalf) add to it, observe alone reads it.
     * engagement   leaves the programmes' new corporate volunteers and
     *              their relationships (next visit today: contact; a
     *              one-day programme's planned end is today: endings), the
     *              clients placed in them (with a relationship now, so not
     *              reviewed or matched today), clients' w_event, w_disrupt,
     *              scep and company_contacts (clients).
     * recruitment  leaves the day's new volunteers, free for matching's
     *              pool.
     * matching     reads the volunteers and relationships engagement and
     *              recruitment left; leaves new relationships (next visit
     *              today: contact).
     * contact      reads the relationships started today; leaves cl.bond,
     *              the bond of every active relationship (clients: no
     *              phase after contact changes a bond or starts a
     *              relationship, and an ending clears cl.rel), energy
     *              drained (supervision's order, burnout's threshold),
     *              reward_avg (supervision), commitment (burnout),
     *              w_disrupt (clients), the professionals' trust lists
     *              (endings), corporate_durable (observe).
     * supervision  reads the volunteers added today (into its weekday
     *              lists), the relationships matched today, energy after
     *              contact; leaves energy restored (burnout).
     * burnout      reads energy after contact and supervision; leaves the
     *              volunteers gone today (endings) and the relationships
     *              it ended (cl.rel -1, w_loss: clients).
     * endings      reads who left today and the bonds contact left (staying
     *              on); leaves the trust lists without those who left and
     *              obs_prof_trust, obs_prof_known, and observe's lists of
     *              volunteers (obs_present ... obs_left_settled, the day's
     *              new volunteers added), both as of the end of the day (no
     *              later phase changes a volunteer); the relationships it
     *              ended (clients); stayed_on (observe).
     * clients      reads cl.bond of the clients still with a relationship
     *              after burnout and endings, and w_event, w_disrupt, w_loss
     *              and company_contacts as engagement, contact and
     *              vol_rel_end left them; leaves the sums over clients
     *              (obs_cl_*, obs_bond_hist: observe), and cl.w_care, which
     *              vol_rel_end reads until the next clients phase (so
     *              tomorrow's burnout and endings).
     * observe      reads flow, what clients and endings left, the counts
     *              over the run and the agents; vol_sim_step then samples
     *              cl.wellbeing for the panel.
     * Scratch that nothing hands on: the scratch_* buffers below (each
     * phase fills what it reads: engagement's candidates, matching's
     * waiting list, pool, positions, sort buffer and free flags,
     * supervision's sort, burnout's list of those present), npos.pool_*
     * (matching), pr.load (clients), co.chosen (engagement). */
    vol_day_flows flow;
    VOL_SCRATCH_FIELDS(VOL_DECLARE_ARRAY) /* per-day buffers, sized at creation/growth */
    size_t scratch_cap;
    /* clients -> observe: sums over clients in client order (the clients
     * phase is the last to change client state) */
    double obs_cl_last6, obs_cl_last12; /* clients whose relationship has lasted 182 / 365 days */
    int32_t obs_bond_hist[VOL_BOND_BINS]; /* bonds of clients with a relationship, binned */
    double obs_cl_by_profile[VOL_PROFILE_COUNT];
    double obs_cl_wellbeing, obs_cl_trust, obs_cl_scep, obs_cl_with, obs_cl_durable,
           obs_cl_contacted, obs_cl_contacted_wb;
    /* endings -> observe: who observe walks (vol_roster_update, kept from
     * day to day and brought up to date at the end of the endings phase):
     * the volunteers who have not left, in increasing number; the
     * vulnerable ones ever recorded, in increasing number (left or not:
     * the participation metrics count every vulnerable person who
     * offered); and, for the counts over volunteers who left on recorded
     * days, their recruited and gone days in the order they left, of
     * which the first obs_left_head (gone a year ago or longer) are
     * settled: they count in obs_left_settled only (recruited, gone, and
     * tenure past 90 and 365 days). */
    VOL_ROSTER_FIELDS(VOL_DECLARE_ARRAY)
    int obs_n_present, obs_n_vuln, obs_roster_added; /* the lists: vo.cap entries */
    int32_t (*obs_left)[2];
    long obs_n_left, obs_cap_left, obs_left_head, obs_left_settled;
    /* endings -> observe: professionals' trust in their known volunteers,
     * summed over the pairs and counted, by vol_prof_forget_gone */
    double obs_prof_trust, obs_prof_known;

    /* ---- what the run hands out ---- */
    double metrics[VOL_M_COUNT];
    int have_metrics;
    int log_events;
    vol_status log_status; /* the first failure of vol_sim_log, VOL_OK if none */
    vol_event_record *events;
    size_t n_events, cap_events;
    int profiling;
    double phase_seconds[16]; /* per phase of the pipeline, then observe */
};

/* ---- shared helpers (sim.c) ---- */
/* Positions the replicate's generator on the stream (purpose, agent, day). */
void vol_sim_stream(vol_sim *s, uint32_t purpose, uint64_t agent, uint64_t sub);
/* Beta draw with mean m and concentration k (a = m k, b = (1 - m) k). */
double vol_draw_beta(gsl_rng *r, double m, double k);
/* Appends an event to the log (when events are logged). A failure (out of
 * memory) is returned and also kept in s->log_status, which the day's
 * pipeline checks after every phase (run_phases): call sites in the
 * middle of a state change may go on, but no failure is lost and the day
 * fails with it. */
vol_status vol_sim_log(vol_sim *s, int kind, int reason, int client,
                       int volunteer, int professional, int company, int npo);
/* Whether the client accepts what is offered today: probability 1 -
 * clients.acceptance_trust_weight x (1 - trust in the NPO), decided by
 * uniform number which (0 or 1) of the client's stream (purpose, client,
 * day), drawn only when the weight is above 0. A decline is counted and
 * logged with reason (0 a volunteer, 1 a group day, 2 a programme place);
 * *st gets the log's status. */
int vol_client_accepts(vol_sim *s, int client, uint32_t purpose, int which, int reason, vol_status *st);
/* T2, T3: the probability that the client's social worker hands the client
 * over, at a review, to a volunteer (known: one they know and trust is
 * free; else handover.unknown_volunteer_factor applies). Also the consent
 * to a programme place (an employee is not known). */
double vol_handover_probability(const vol_sim *s, int client, int known);
vol_status vol_volunteers_grow(vol_sim *s, int need);
/* Zeroed storage for an array of agent state (free with vol_soa_free),
 * starting at byte (slot mod 64) x 64 of a 4096-byte page. Large
 * allocations come page-aligned from the system, so the arrays of a
 * structure of arrays would all start at the same offset within a page:
 * then the store to element i of one array and the load of element i of
 * another have the same 12 low address bits, and the processor's
 * store-to-load check (which compares only those bits at first) makes
 * the load wait for the store (4K aliasing; the clients phase ran 2.5
 * times slower). Distinct slots keep the arrays of a phase apart. */
void *vol_soa_alloc(size_t bytes, unsigned slot);
#define VOL_SOA_PAD (4096 + 64) /* bytes allocated beyond each array's */
void vol_soa_free(void *p);
/* Entries of agent state (capacities: what is allocated, not only used). */
typedef struct {
    double clients, panel_values, /* clients x panel times (run.client_panel_days) */
           volunteers, left,      /* volunteer arrays' capacity; observe's list of who left */
           relationships, trust_entries, /* relationship arrays' capacity; professionals' known lists */
           professionals, npos, companies, employees, pool, /* pool: companies.pool_size */
           buffers;               /* the per-day scratch buffers' capacity */
} vol_state_size;
/* Bytes of that state: each kind's bytes per entry from its field list
 * (VOL_FIELDS_BYTES). The one pricing of agents: vol_sim_memory_bytes gives
 * it the capacities of a simulation, vol_params_memory_estimate the counts
 * it expects of a run. */
double vol_state_bytes(const vol_state_size *n);
/* A volunteer's dropout threshold, Exp(1), drawn the day they join from
 * (VOL_STREAM_DROPOUT, sid, day) (phase_burnout.c). */
double vol_dropout_threshold(const vol_sim *s, uint64_t sid);
vol_status vol_relationships_grow(vol_sim *s, int need);
vol_status vol_scratch_reserve(vol_sim *s, size_t n);
/* x < 0 ? 0 : (x > 1 ? 1 : x), NaN and -0.0 included. On x86-64 without
 * branches: MAXSD(a, b) is a > b ? a : b and MINSD(a, b) is a < b ? a : b
 * (b when unordered), so max(0, x) then min(1, .) is exactly that. */
static inline double vol_clamp01(double x)
{
#if defined(__SSE2__)
    __m128d v = _mm_max_sd(_mm_set_sd(0.0), _mm_set_sd(x));
    return _mm_cvtsd_f64(_mm_min_sd(_mm_set_sd(1.0), v));
#else
    return x < 0 ? 0 : (x > 1 ? 1 : x);
#endif
}

/* MINSD(a, b): a < b ? a : b (b when unordered), without a branch. */
static inline double vol_min_sd(double a, double b)
{
#if defined(__SSE2__)
    return _mm_cvtsd_f64(_mm_min_sd(_mm_set_sd(a), _mm_set_sd(b)));
#else
    return a < b ? a : b;
#endif
}

/* keep ? x : +0.0, without a branch (a mask on the bits), for sums whose
 * terms are chosen by a condition that is as good as random from one agent
 * to the next (a mispredicted branch costs more than the arithmetic). */
static inline double vol_keep_if(double x, int keep)
{
    union { double d; uint64_t u; } b = {x};
    b.u &= (uint64_t)0 - (uint64_t)(keep != 0);
    return b.d;
}

/* ---- formulas more than one place computes (one home each) ---- */

/* A client's wellbeing from its components (T1, P2, P3, P8; docs/ODD.md
 * 7.8), the one formula of the clients phase, of vol_rel_end and of day 0. */
static inline double vol_client_wellbeing(double base, double care, double rel, double event, double disrupt,
                                          double loss)
{
    return vol_clamp01(base + care + rel + event - disrupt - loss);
}

/* x moved the share g of the way up to 1, within [0, 1]: a visit's bond
 * (contact), energy restored by rest (burnout) and by supervision, the
 * recognition supervision teaches, a professional's trust after a visit
 * (vol_prof_trust_grow). */
static inline double vol_grow01(double x, double g)
{
    return vol_clamp01(x + g * (1.0 - x));
}

/* x relaxed for a day towards target with time constant days: a client's
 * relational wellbeing (clients), a professional's willingness
 * (matching) ... */
static inline double vol_relax(double x, double target, double days)
{
    return x + (target - x) / days;
}

/* ... and within [0, 1]: a client's trust in the NPO (clients), a
 * vulnerable volunteer's wellbeing (burnout). */
static inline double vol_relax01(double x, double target, double days)
{
    return vol_clamp01(vol_relax(x, target, days));
}

/* Soft skills: the quality of a volunteer's visit (contact) and what the
 * needs-first selection ranks employees by (engagement). */
static inline double vol_soft_skill(double relational, double empathy)
{
    return 0.5 * (relational + empathy);
}

/* The factor by which being vulnerable multiplies a volunteer's energy
 * drain (contact; volunteers.vulnerable.drain_factor) or dropout hazard
 * (burnout; dropout_factor): its excess over 1 shrinks by the chain
 * cooperation's support (municipality.chain_cooperation,
 * volunteers.vulnerable.chain_support). */
static inline double vol_vulnerable_factor(const vol_params *p, double factor)
{
    double extra = factor - 1.0;
    if (p->muni_chain) extra *= 1.0 - p->vol_vuln_support;
    return 1.0 + extra;
}

/* The standard exponential variable by inversion of u in [0, 1):
 * P(E > x) = P(1 - u < e^-x) = e^-x (a dropout threshold, scaled: a rest's
 * length, the tenure before day 0). */
static inline double vol_exp_inverse(double u)
{
    return -log1p(-u);
}

/* The weight of the early-months dropout hazard after a tenure of t days,
 * exp(-t / dropout.early_days) (tabled for the usual tenures: s->early). */
static inline double vol_early_weight(const vol_params *p, long t)
{
    return exp(-(double)t / p->do_early_days);
}

/* Weekly hours of a volunteer who visits every t days (tabled for t up to
 * VOL_MAX_INTERVAL: s->weekly_hours). */
static inline double vol_weekly_hours(const vol_params *p, int t)
{
    return p->vol_hours_visit * 7.0 / t;
}

/* The index of employee e of company c in the employee arrays. */
static inline size_t vol_employee_index(const vol_companies *co, int c, int e)
{
    return (size_t)c * (size_t)co->pool + (size_t)e;
}

/* The two uniform numbers of the stream (purpose, agent, today). */
static inline void vol_sim_uniforms(const vol_sim *s, uint32_t purpose, uint64_t agent, double u[2])
{
    vol_rng_uniform2(s->seed, s->replicate, purpose, agent, (uint64_t)s->day, u);
}

/* The traits of employee i (= company * pool + e) in the order drawn:
 * relational, empathy, practical, perseverance, reciprocity, challenge,
 * over-involvement (the first n of them, n <= 7). */
enum { VOL_TRAIT_RELATIONAL, VOL_TRAIT_EMPATHY, VOL_TRAIT_PRACTICAL, VOL_TRAIT_PERSEVERANCE,
       VOL_TRAIT_RECIPROCITY, VOL_TRAIT_CHALLENGE, VOL_TRAIT_OVERINV, VOL_TRAIT_COUNT };
void vol_employee_traits(vol_sim *s, size_t i, int n, double *traits);

/* ---- initialisation (init.c) ---- */
/* Builds NPOs, professionals, clients, companies, the initial volunteers and
 * the relationships present on day 0. */
vol_status vol_init_population(vol_sim *s);
/* Adds the volunteer for applicant number k (traits from its own stream). */
/* What differs between the volunteers vol_volunteer_add builds: an
 * applicant (vol_init_applicant) or a programme employee (engagement). */
typedef struct {
    int kind, npo, company, employee, episodic;
    int32_t recruited_day;
    uint64_t sid; /* stream id: the applicant's number, or VOL_SID_CORPORATE + employee */
    double relational, empathy, perseverance, practical, reciprocity, challenge, overinv, availability;
    double interval, commitment, recognition, reward_avg;
    double wellbeing; /* a vulnerable volunteer's base and current wellbeing; NaN for others */
} vol_volunteer_spec;
/* The one place a volunteer is built: appended active, with full energy,
 * no relationship, the NPO's coordinator (or first professional) as
 * supervisor and a dropout threshold drawn for (sid, today). */
vol_status vol_volunteer_add(vol_sim *s, const vol_volunteer_spec *sp, int32_t *id);
vol_status vol_init_applicant(vol_sim *s, long k, int npo, int day0, int32_t *id);
/* The one place a volunteer leaves for good (burnout, dropout, a
 * programme's end): gone today for reason, an employee back in the
 * company's pool. Their relationship is ended first, by the caller. */
void vol_volunteer_gone(vol_sim *s, int v, int reason);

/* ---- relationships (relations.c) ---- */
vol_status vol_rel_start(vol_sim *s, int client, int volunteer, int kind,
                         int interval, int planned_end, int company, int32_t *id);
/* Ends relationship r for reason; all consequences of an ending (client
 * harm of a premature end, the professional's loss of trust and
 * willingness) live here. */
void vol_rel_end(vol_sim *s, int r, int reason);
/* Professional's trust in volunteer v (0 when they never worked together). */
double vol_prof_trust(const vol_sim *s, int prof, int v);
vol_status vol_prof_trust_add(vol_sim *s, int prof, int v, double delta);
/* The trust of a visit: trust += gain x (1 - trust) (one list search). */
vol_status vol_prof_trust_grow(vol_sim *s, int prof, int v, double gain);
/* Drops from every professional's known list the volunteers who have left
 * for good (keeping the order of the others) and takes the sums of the
 * remaining trust for observe. */
void vol_prof_forget_gone(vol_sim *s);
/* Brings observe's lists of volunteers up to date with the day (new ones
 * added, those who left today moved out): sim_internal.h, vol_sim. */
vol_status vol_roster_update(vol_sim *s);
void vol_prof_trust_scale(vol_sim *s, int prof, int v, double factor);

/* ---- the phases of a day, in order (one file each) ---- */
/* Company rounds: group activity days and the start of programmes (E1-E5, T4). */
vol_status vol_phase_engagement(vol_sim *s);
/* New people offer to volunteer; host NPOs accept or turn away vulnerable ones (C4). */
vol_status vol_phase_recruitment(vol_sim *s);
/* Professionals' handover decisions and self-referrals, then fit-based matching (T2, T3, O1, O2). */
vol_status vol_phase_matching(vol_sim *s);
/* Visits due today: bond, energy drain, reward and commitment, professional trust (T1, B1, B3, C1, C2). */
vol_status vol_phase_contact(vol_sim *s);
/* Weekly supervision by social workers and coordinators, scarcest first to the most drained (B2, B4). */
vol_status vol_phase_supervision(vol_sim *s);
/* Energy recovery, burnout and rest, dropout hazards (B1, C1, C3, C4). */
vol_status vol_phase_burnout(vol_sim *s);
/* Planned ends of relationships and programmes, corporate volunteers staying on (E3). */
vol_status vol_phase_endings(vol_sim *s);
/* Client state relaxation: wellbeing components, scepticism, trust in the NPO (T4, P2, P3). */
vol_status vol_phase_clients(vol_sim *s);
/* The day's metrics (pure read of the state). */
void vol_phase_observe(vol_sim *s);

#endif
