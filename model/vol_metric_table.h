/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_metric_table.h: THE table of recorded outcomes (one row per metric).
 *
 * Each metric is recorded once per simulated day (after the observation
 * phase) for each replicate. Rows: VOL_METRIC(ID, "name", "unit",
 * "description, including how it is computed"). The HDF5 datasets, their
 * attributes, CSV columns and docs/metrics.md come from this table.
 * Flows ("per day") count what happened that day; stocks are end-of-day.
 *
 * No include guard on purpose: the file is expanded several times. */

/* ---- clients ---------------------------------------------------------- */
VOL_METRIC(CLIENT_WELLBEING, "client_wellbeing", "index 0-1",
           "Mean client wellbeing (base + relational + professional care + event boost - disruption - loss), all clients")
VOL_METRIC(CLIENT_WELLBEING_ELDERLY, "client_wellbeing_elderly", "index 0-1",
           "Mean wellbeing of elderly clients")
VOL_METRIC(CLIENT_WELLBEING_YOUTH, "client_wellbeing_youth", "index 0-1",
           "Mean wellbeing of young clients")
VOL_METRIC(CLIENT_WELLBEING_DISABILITY, "client_wellbeing_disability", "index 0-1",
           "Mean wellbeing of clients with a disability")
VOL_METRIC(CLIENT_WELLBEING_REFUGEE, "client_wellbeing_refugee", "index 0-1",
           "Mean wellbeing of refugee clients")
VOL_METRIC(CLIENT_WELLBEING_ISOLATED, "client_wellbeing_isolated", "index 0-1",
           "Mean wellbeing of structurally isolated clients")
VOL_METRIC(CLIENT_WELLBEING_ROUTINE, "client_wellbeing_routine_sensitive", "index 0-1",
           "Mean wellbeing of routine-sensitive clients")
VOL_METRIC(CLIENTS_DURABLE, "clients_durable_share", "share",
           "Share of clients whose current relationship has a bond at or above bond.durable_threshold")
VOL_METRIC(CLIENTS_LASTING_6M, "clients_lasting_6m_share", "share",
           "Share of clients whose current relationship has lasted at least 6 months (182 days): persistence, as studies measure a lasting relationship")
VOL_METRIC(CLIENTS_LASTING_12M, "clients_lasting_12m_share", "share",
           "Share of clients whose current relationship has lasted at least 12 months (365 days)")
VOL_METRIC(BOND_Q25, "bond_q25", "bond 0-1",
           "First quartile of the bond among clients with a relationship (from 1024 bins: exact to 0.001)")
VOL_METRIC(BOND_MEDIAN, "bond_median", "bond 0-1",
           "Median bond among clients with a relationship")
VOL_METRIC(BOND_Q75, "bond_q75", "bond 0-1",
           "Third quartile of the bond among clients with a relationship")
VOL_METRIC(CLIENTS_WITH_VOLUNTEER, "clients_with_volunteer_share", "share",
           "Share of clients with an active one-to-one relationship (regular or corporate)")
VOL_METRIC(CLIENT_DISRUPTIONS, "client_disruptions", "disruptions/day",
           "Disruptions clients experienced this day (company activities, first visits of unfamiliar volunteers), weighted as in the wellbeing submodel")
VOL_METRIC(CLIENT_TRUST_NPO, "client_trust_npo", "index 0-1",
           "Mean client trust in their NPO")
VOL_METRIC(CLIENT_SCEPTICISM, "client_scepticism", "index 0-1",
           "Mean client scepticism about company involvement")
VOL_METRIC(PREMATURE_ENDINGS, "premature_endings", "endings/day",
           "Relationships ended this day because the volunteer dropped out or burnt out before the planned end")
VOL_METRIC(CLIENTS_EVENT_PARTICIPANTS, "event_participants", "clients/day",
           "Clients taking part in a company group activity this day")

/* ---- volunteers ------------------------------------------------------- */
VOL_METRIC(VOL_ACTIVE_REGULAR, "volunteers_active_regular", "volunteers",
           "Active regular volunteers (including corporate volunteers who stayed on)")
VOL_METRIC(VOL_ACTIVE_CORPORATE, "volunteers_active_corporate", "volunteers",
           "Employees currently in a company programme")
VOL_METRIC(VOL_ACTIVE_VULNERABLE, "volunteers_active_vulnerable", "volunteers",
           "Active volunteers in a vulnerable position")
VOL_METRIC(VOL_RESTING, "volunteers_resting", "volunteers",
           "Volunteers resting after a burnout")
VOL_METRIC(VOL_RECRUITED, "volunteers_recruited", "volunteers",
           "Volunteers ever recruited (regular and vulnerable, initial included; cumulative)")
VOL_METRIC(VOL_GONE, "volunteers_gone", "volunteers",
           "Recruited volunteers who have left (cumulative); active + resting + gone = recruited")
VOL_METRIC(BURNOUTS_NEW, "burnouts_new", "volunteers/day",
           "Volunteers burning out this day")
VOL_METRIC(DROPOUT_CIRCUMSTANCES, "dropouts_circumstances", "volunteers/day",
           "Volunteers leaving this day for changing circumstances or less time (NCVO's category; the circumstances hazard less its other-personal share, and employees leaving a programme early)")
VOL_METRIC(DROPOUT_OTHER_PERSONAL, "dropouts_other_personal", "volunteers/day",
           "Volunteers leaving this day for other personal reasons (health, age, moving away, no longer needed): the share dropout.other_personal_share of the circumstances hazard's exits")
VOL_METRIC(DROPOUT_STRESS, "dropouts_stress", "volunteers/day",
           "Volunteers leaving this day after a burnout (too much stress)")
VOL_METRIC(DROPOUT_UNMET, "dropouts_unmet_expectations", "volunteers/day",
           "Volunteers leaving this day because commitment collapsed (reciprocity unmet; read as NCVO's unhappy with how the organisation is managed)")
VOL_METRIC(VOL_ENERGY, "volunteer_energy", "energy 0-1",
           "Mean energy of active regular and vulnerable volunteers")
VOL_METRIC(VOL_COMMITMENT, "volunteer_commitment", "commitment 0-1",
           "Mean commitment of active regular and vulnerable volunteers")
VOL_METRIC(VOL_NO_SYMPTOMS, "volunteers_without_symptoms_share", "share",
           "Share of active regular and vulnerable volunteers (programme employees left out) with energy above burnout.symptom_threshold")
VOL_METRIC(VOL_RETENTION_90, "retention_90", "share",
           "Of volunteers recruited at least 90 days ago, the share not yet gone")
VOL_METRIC(VOL_RETENTION_365, "retention_365", "share",
           "Of volunteers recruited at least 365 days ago, the share not yet gone")
VOL_METRIC(VOL_YEARLY_DROPOUT, "volunteer_yearly_dropout", "share",
           "Of volunteers present 365 days ago, the share gone by today (NaN in the first year)")
VOL_METRIC(MATCH_CLOSED_YEAR, "matches_closed_within_year", "share",
           "Of open-ended regular one-to-one matches started at least 365 days ago (none before day 0), the share closed within 365 days (NaN in the first year)")
VOL_METRIC(VOL_HOURS_WEEK, "volunteer_hours_per_week", "hours/week",
           "Mean weekly hours of active regular and vulnerable volunteers: 7 x volunteers.hours_per_visit / visit interval for those in a relationship, 0 for the others")
VOL_METRIC(VOL_OCCASIONAL, "volunteers_occasional_share", "share",
           "Share of active regular and vulnerable volunteers who are episodic (occasional)")
VOL_METRIC(CORPORATE_STAY_ON, "corporate_stayed_on", "volunteers",
           "Corporate volunteers who stayed on as regular volunteers (cumulative)")
VOL_METRIC(CORPORATE_DURABLE, "corporate_durable_bonds", "relationships",
           "Relationships begun by a corporate volunteer whose bond reached bond.durable_threshold (cumulative, from day 0)")
VOL_METRIC(REGULAR_PARTICIPATION, "regular_participation", "share",
           "Of non-vulnerable people who offered to volunteer so far, the share active today (compare vulnerable_participation)")
VOL_METRIC(VULNERABLE_PARTICIPATION, "vulnerable_participation", "share",
           "Of vulnerable people who offered to volunteer so far, the share active today")
VOL_METRIC(VULNERABLE_WELLBEING, "vulnerable_wellbeing", "index 0-1",
           "Mean wellbeing of vulnerable people who offered to volunteer so far (accepted or not)")

/* ---- professionals ---------------------------------------------------- */
VOL_METRIC(HANDOVERS, "handovers", "clients/day",
           "Clients handed over by professionals to volunteers this day")
VOL_METRIC(HANDOVERS_COMPLEX, "handovers_complex", "clients/day",
           "Handovers this day of complex clients (complexity > handover.complex_threshold)")
VOL_METRIC(REVIEWS, "reviews", "clients/day",
           "Clients without a volunteer reviewed by their social worker this day (welfare and hybrid NPOs)")
VOL_METRIC(REVIEWS_KNOWN, "reviews_known_volunteer", "clients/day",
           "Reviews this day at which the social worker knew a free, suitable volunteer they trust (T3)")
VOL_METRIC(HANDOVERS_KNOWN, "handovers_known_volunteer", "clients/day",
           "Handovers this day made while the social worker knew a free, suitable volunteer they trust (T3)")
VOL_METRIC(DECLINES, "declines", "offers/day",
           "Offers declined this day: by clients (a matched volunteer, a group day, a programme place; clients.acceptance_trust_weight) and by professionals keeping a client from a programme place (handover.programme_judgement)")
VOL_METRIC(MATCHES_NEW, "matches_new", "matches/day",
           "One-to-one relationships started this day (regular and corporate)")
VOL_METRIC(PROF_TRUST, "professional_trust", "trust 0-1",
           "Mean trust of professionals in the volunteers they have worked with who are still volunteering (known pairs; volunteers who left are left out)")
VOL_METRIC(PROF_WILLINGNESS, "professional_willingness", "index 0-1",
           "Mean willingness of social workers to hand clients over")
VOL_METRIC(SUPERVISION_GIVEN, "supervision_given", "hours/day",
           "Supervision hours given this day")
VOL_METRIC(SUPERVISION_NEEDED, "supervision_needed", "hours/day",
           "Supervision hours needed this day")
VOL_METRIC(CASELOAD, "caseload", "clients/professional",
           "Clients without a volunteer (volunteer organisations' clients included) divided by the number of social workers")

/* ---- companies -------------------------------------------------------- */
VOL_METRIC(COMPANY_HOURS, "company_hours", "hours/day",
           "Employee hours given this day (the companies' view of impact, E5)")
VOL_METRIC(COMPANY_PLACES_UNFILLED, "company_places_unfilled", "employees/day",
           "Programme places of the day's rounds left without a client (no eligible client, or the professional or the client said no); their employees are not sent and give no hours")
VOL_METRIC(COMPANY_BUDGET, "company_budget", "EUR/day",
           "Budget brought to NPOs this day")
VOL_METRIC(COMPANY_CONTACTED_WELLBEING, "company_contacted_wellbeing", "index 0-1",
           "Mean wellbeing of clients who have had company contact so far (the clients' view, E5); NaN before any")
VOL_METRIC(COMPANY_CONTACTED_SHARE, "company_contacted_share", "share",
           "Share of clients who have had company contact so far")
