/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_sim.h: one replicate of the volsim agent model.
 *
 * The core knows nothing of files: it takes parameters and a replicate
 * number (the seed is run.seed), advances day by day and hands out metrics,
 * agent tables and an event log as plain memory. Config loading and HDF5
 * writing are adapters outside model/. */
#ifndef VOL_SIM_H
#define VOL_SIM_H

#include <stddef.h>
#include <stdint.h>
#include "vol_status.h"
#include "vol_params.h"
#include "vol_metrics.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vol_sim vol_sim;

/* Creates and initialises replicate `replicate`, then simulates the
 * run.burn_in_days days of burn-in without recording anything (no
 * companies, no metrics, no events): on return the next step is recorded
 * day 0. p is copied. With log_events non-zero the event log is kept. */
VOL_API vol_status vol_sim_create(const vol_params *p, uint32_t replicate,
                          int log_events, vol_sim **out);
/* Frees a simulation; NULL is a no-op. */
VOL_API void vol_sim_free(vol_sim *s);
/* Simulates one day (all phases) and records that day's metrics. */
VOL_API vol_status vol_sim_step(vol_sim *s);
/* Recorded days simulated so far (the burn-in not counted): the day the
 * next step records. */
VOL_API long vol_sim_day(const vol_sim *s);
/* Metrics of the last simulated day, VOL_M_COUNT values (NULL before the
 * first step). Not owned by the caller. */
VOL_API const double *vol_sim_metrics(const vol_sim *s);
/* Runs `days` days, writing metric m of day d to out[m * days + d]. */
VOL_API vol_status vol_sim_run(vol_sim *s, long days, double *out);

/* ---- profiling (used by bench/volsim_bench) -------------------------------
 * The day is a pipeline of phases (engagement ... clients, then observe).
 * With profiling on, vol_sim_step adds the wall time of each phase to a
 * per-phase total; the totals do not influence the simulation. */
VOL_API int vol_sim_phase_count(void);
VOL_API const char *vol_sim_phase_name(int phase);
VOL_API void vol_sim_set_profiling(vol_sim *s, int on);
/* Seconds spent in each phase so far (vol_sim_phase_count() values). */
VOL_API const double *vol_sim_phase_seconds(const vol_sim *s);
/* Bytes of agent, relationship and scratch memory the replicate holds
 * (capacities, not only the used part; the event log included). */
VOL_API size_t vol_sim_memory_bytes(const vol_sim *s);

/* Library version "MAJOR.MINOR.PATCH". */
VOL_API const char *vol_version(void);
/* The version of the library's binary interface (structs, enums, function
 * signatures of these headers). A client compiled against these headers
 * checks vol_abi_version() == VOL_ABI_VERSION before any other call; a
 * library whose interface changed incompatibly has a higher number (and a
 * new soname). */
#define VOL_ABI_VERSION 1
VOL_API int vol_abi_version(void);

/* ---- enumerations (names for HDF5 enum types and reports) --------------- */
typedef struct {
    const char *name;         /* e.g. "end_reason" */
    int count;
    const char *const *names; /* names[0 .. count-1] */
} vol_enum_info;

typedef enum { VOL_ENUM_NPO_KIND, VOL_ENUM_PROFILE, VOL_ENUM_VOLUNTEER_KIND,
               VOL_ENUM_VOLUNTEER_STATE, VOL_ENUM_EXIT_REASON, VOL_ENUM_ROLE,
               VOL_ENUM_REL_KIND, VOL_ENUM_END_REASON, VOL_ENUM_EVENT_KIND,
               VOL_ENUM_COUNT } vol_enum_id;

VOL_API const vol_enum_info *vol_enum(vol_enum_id id);

enum { VOL_NPO_WELFARE, VOL_NPO_VOLUNTEER_ORG, VOL_NPO_HYBRID };
enum { VOL_PROFILE_ELDERLY, VOL_PROFILE_YOUTH, VOL_PROFILE_DISABILITY,
       VOL_PROFILE_REFUGEE, VOL_PROFILE_ISOLATED, VOL_PROFILE_ROUTINE,
       VOL_PROFILE_COUNT };
enum { VOL_VOL_REGULAR, VOL_VOL_CORPORATE, VOL_VOL_VULNERABLE };
enum { VOL_STATE_ACTIVE, VOL_STATE_RESTING, VOL_STATE_GONE };
/* exit reasons; codes are stored in results files and event logs, so a new
 * reason is appended and existing ones keep their numbers */
enum { VOL_EXIT_NONE, VOL_EXIT_CIRCUMSTANCES, VOL_EXIT_STRESS,
       VOL_EXIT_UNMET, VOL_EXIT_PROGRAMME_OVER, VOL_EXIT_OTHER_PERSONAL };
enum { VOL_ROLE_SOCIAL_WORKER, VOL_ROLE_COORDINATOR };
enum { VOL_REL_REGULAR, VOL_REL_CORPORATE };
enum { VOL_END_ACTIVE, VOL_END_COMPLETED, VOL_END_DROPOUT, VOL_END_BURNOUT,
       VOL_END_PROGRAMME_OVER };
enum { VOL_EV_ARRIVAL, VOL_EV_NOT_ACCEPTED, VOL_EV_HANDOVER, VOL_EV_MATCH,
       VOL_EV_END, VOL_EV_BURNOUT, VOL_EV_RETURN, VOL_EV_DROPOUT,
       VOL_EV_GROUP_EVENT, VOL_EV_PROGRAMME_START, VOL_EV_STAY_ON,
       VOL_EV_MISSED_VISIT, VOL_EV_DECLINED };

/* ---- tables of records (agents, relationships, events) ----------------- */
typedef enum { VOL_FT_I32, VOL_FT_F64, VOL_FT_ENUM } vol_ftype;

typedef struct {
    const char *name;
    vol_ftype type;        /* VOL_FT_ENUM fields are int32_t */
    size_t offset;
    vol_enum_id enum_id;   /* for VOL_FT_ENUM */
    const char *description;
} vol_field;

typedef struct {
    const char *name;      /* "clients", ... */
    size_t record_size;
    size_t nfields;
    const vol_field *fields;
} vol_table_info;

typedef enum { VOL_TABLE_NPOS, VOL_TABLE_CLIENTS, VOL_TABLE_VOLUNTEERS,
               VOL_TABLE_PROFESSIONALS, VOL_TABLE_COMPANIES,
               VOL_TABLE_RELATIONSHIPS, VOL_TABLE_EVENTS,
               VOL_TABLE_COUNT } vol_table_id;

typedef struct { int32_t id, kind, has_coordinator, clients, volunteers,
                 professionals, partner_company; } vol_npo_record;
typedef struct { int32_t id, npo, profile, professional, relationship,
                 relationships, premature_endings, company_contacts,
                 first_company_contact_day;
                 double complexity, care_avoidance, demandingness,
                 routine_sensitivity, base_wellbeing, wellbeing, trust_npo,
                 scepticism; } vol_client_record;
typedef struct { int32_t id, kind, state, npo, company, supervisor,
                 recruited_day, gone_day, exit_reason, clients, burnouts,
                 episodic;
                 double relational_skill, empathy, perseverance,
                 practical_skill, reciprocity_expectation, challenge_seeking,
                 over_involvement, availability, energy, commitment,
                 recognition, wellbeing; } vol_volunteer_record;
typedef struct { int32_t id, npo, role, caseload, known_volunteers, handovers;
                 double willingness, mean_trust,
                 supervision_hours_week; } vol_professional_record;
typedef struct { int32_t id, pool_size, employees_sent, rounds;
                 double hours_given, budget_given; } vol_company_record;
typedef struct { int32_t id, kind, client, volunteer, npo, start_day,
                 planned_end, interval, visits, last_visit, end_day,
                 end_reason;
                 double bond, max_bond, wellbeing_start, wellbeing_end;
               } vol_relationship_record;
typedef struct { int32_t day, kind, reason, client, volunteer, professional,
                 company, npo; } vol_event_record;

/* Field descriptors of table t. */
VOL_API const vol_table_info *vol_table(vol_table_id t);

/* The client panel (run.client_panel_days > 0): client i's wellbeing at the
 * end of recorded day (k + 1) x interval - 1 is wellbeing[i * times + k];
 * times panel days fit in run.days (those not reached yet hold 0). Without
 * a panel: *wellbeing NULL, *clients = *times = 0. Valid until
 * vol_sim_free. */
VOL_API vol_status vol_sim_client_panel(const vol_sim *s, const float **wellbeing, size_t *clients, size_t *times,
                                long *interval_days);

/* Copies table t of the current state into a new malloc'd array of records
 * (*n records; the caller frees *records). Events need log_events. */
VOL_API vol_status vol_sim_export(const vol_sim *s, vol_table_id t, void **records,
                          size_t *n);

#ifdef __cplusplus
}
#endif
#endif
