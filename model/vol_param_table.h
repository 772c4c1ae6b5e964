/* vol_param_table.h: THE parameter table of volsim (one row per parameter).
 *
 * This is the single source of truth. From these rows come: the fields of
 * vol_params, the defaults, libconfig lookup by dotted name, range and share
 * validation, `volsim params`, the HDF5 attributes, docs/parameters.md and
 * the sweepable paths. To add a parameter, add one row here and use the
 * field in the model; nothing else needs touching.
 *
 * Row: VOL_PARAM(TYPE, field, "dotted.path", default, min, max, "unit",
 *                choices, share_group, "description")
 *   TYPE        REAL (double), INT (long), BOOL (int 0/1), CHOICE (int index
 *               into choices, a "|"-separated list; default/min/max are
 *               indices)
 *   share_group parameters with the same non-NULL group must sum to 1
 *
 * No include guard on purpose: the file is expanded several times. */

/* ---- run ------------------------------------------------------------- */
VOL_PARAM(INT, run_days, "run.days", 730, 1, 36500, "days", NULL, NULL,
          "Simulated days per replicate")
VOL_PARAM(INT, run_replicates, "run.replicates", 10, 1, 100000, "replicates", NULL, NULL,
          "Number of replicates (independent random streams) per scenario")
VOL_PARAM(INT, run_seed, "run.seed", 20261124, 0, 4611686018427387904.0, "-", NULL, NULL,
          "Master seed; streams are keyed by (seed, replicate, purpose, agent)")

/* ---- initial state (day 0) --------------------------------------------- */
VOL_PARAM(REAL, init_matched_share, "init.matched_share", 0.75, 0, 1, "share", NULL, NULL,
          "Share of day-0 volunteers who already have a client of their NPO (when a free one is found in init.match_tries draws)")
VOL_PARAM(INT, init_match_tries, "init.match_tries", 8, 1, 1000, "draws", NULL, NULL,
          "Random clients of the NPO tried for a day-0 volunteer's relationship before giving up")
VOL_PARAM(REAL, init_tenure_days, "init.tenure_mean_days", 730, 1, 36500, "days", NULL, NULL,
          "Mean (exponential) time day-0 volunteers have already served")
VOL_PARAM(REAL, init_bond_min, "init.bond_min", 0.2, 0, 1, "bond 0-1", NULL, NULL,
          "Lowest bond of a day-0 relationship; bonds are uniform on [bond_min, bond_min + bond_range]")
VOL_PARAM(REAL, init_bond_range, "init.bond_range", 0.5, 0, 1, "bond 0-1", NULL, NULL,
          "Width of the uniform bond of day-0 relationships")
VOL_PARAM(REAL, init_trust_min, "init.professional_trust_min", 0.3, 0, 1, "trust 0-1", NULL, NULL,
          "Social worker's trust in a day-0 volunteer: trust_min + bond_range x u, with the u of the bond (so trust and bond move together)")

/* ---- NPOs ------------------------------------------------------------- */
VOL_PARAM(INT, npo_count, "npo.count", 10, 1, 10000, "organisations", NULL, NULL,
          "Number of non-profit organisations")
VOL_PARAM(REAL, npo_share_welfare, "npo.share.welfare", 0.5, 0, 1, "share", NULL, "npo.share",
          "Share of NPOs that are welfare organisations (professionals lead, volunteers supplement)")
VOL_PARAM(REAL, npo_share_volunteer_org, "npo.share.volunteer_org", 0.3, 0, 1, "share", NULL, "npo.share",
          "Share of NPOs that are volunteer organisations (volunteers kept apart from professional care; clients self-refer)")
VOL_PARAM(REAL, npo_share_hybrid, "npo.share.hybrid", 0.2, 0, 1, "share", NULL, "npo.share",
          "Share of NPOs that are hybrid (professionals and volunteers on equal footing, goals agreed up front)")
VOL_PARAM(INT, npo_professionals, "npo.professionals", 3, 1, 1000, "professionals per NPO", NULL, NULL,
          "Social workers per NPO (a funded coordinator comes on top)")
VOL_PARAM(BOOL, npo_voice_inform, "npo.client_voice.inform", 0, 0, 1, "-", NULL, NULL,
          "Clients are informed beforehand about company involvement (T4)")
VOL_PARAM(BOOL, npo_voice_feedback, "npo.client_voice.feedback", 0, 0, 1, "-", NULL, NULL,
          "Clients are asked for feedback after company activities (T4)")
VOL_PARAM(BOOL, npo_voice_codesign, "npo.client_voice.codesign", 0, 0, 1, "-", NULL, NULL,
          "Clients are involved in designing company activities (T4)")

/* ---- municipality levers ---------------------------------------------- */
VOL_PARAM(REAL, muni_coordinator_share, "municipality.coordinator_share", 0.2, 0, 1, "share", NULL, NULL,
          "Share of welfare and hybrid NPOs with a (Wmo-funded) volunteer coordinator; volunteer organisations always have one")
VOL_PARAM(BOOL, muni_facilitation, "municipality.facilitation", 0, 0, 1, "-", NULL, NULL,
          "Cooperation sessions: NPOs share volunteers, so matching draws on every NPO's pool (O2)")
VOL_PARAM(BOOL, muni_chain, "municipality.chain_cooperation", 0, 0, 1, "-", NULL, NULL,
          "Chain cooperation: host NPOs are informed and involved, so they accept and support vulnerable volunteers (C4, O2)")

/* ---- clients: population and profiles ---------------------------------- */
VOL_PARAM(INT, clients_count, "clients.count", 600, 1, 10000000, "clients", NULL, NULL,
          "Number of clients")
VOL_PARAM(REAL, clients_share_elderly, "clients.share.elderly", 0.30, 0, 1, "share", NULL, "clients.share",
          "Share of clients who are elderly people in residential care")
VOL_PARAM(REAL, clients_share_youth, "clients.share.youth", 0.15, 0, 1, "share", NULL, "clients.share",
          "Share of clients who are young people")
VOL_PARAM(REAL, clients_share_disability, "clients.share.disability", 0.15, 0, 1, "share", NULL, "clients.share",
          "Share of clients with a disability")
VOL_PARAM(REAL, clients_share_refugee, "clients.share.refugee", 0.10, 0, 1, "share", NULL, "clients.share",
          "Share of clients who are refugees")
VOL_PARAM(REAL, clients_share_isolated, "clients.share.isolated", 0.20, 0, 1, "share", NULL, "clients.share",
          "Share of clients who are structurally isolated with multiple problems")
VOL_PARAM(REAL, clients_share_routine, "clients.share.routine_sensitive", 0.10, 0, 1, "share", NULL, "clients.share",
          "Share of clients who are routine-sensitive (autism, psychiatric conditions)")
VOL_PARAM(REAL, clients_concentration, "clients.trait_concentration", 10, 0.5, 10000, "-", NULL, NULL,
          "Concentration k of the Beta(m k, (1 - m) k) distributions of client traits around their profile means")
/* profile means: complexity, care avoidance, demandingness, routine sensitivity, base wellbeing */
#define VOL_PROFILE_ROWS(P, S, CX, CA, DM, RS, WB) \
VOL_PARAM(REAL, clients_##P##_complexity, "clients." S ".complexity", CX, 0.001, 0.999, "index 0-1", NULL, NULL, \
          "Mean complexity of problems of " S " clients") \
VOL_PARAM(REAL, clients_##P##_care_avoidance, "clients." S ".care_avoidance", CA, 0.001, 0.999, "index 0-1", NULL, NULL, \
          "Mean care avoidance (hard to reach, distrusts helpers) of " S " clients") \
VOL_PARAM(REAL, clients_##P##_demandingness, "clients." S ".demandingness", DM, 0.001, 0.999, "index 0-1", NULL, NULL, \
          "Mean demandingness ('wants more and more') of " S " clients") \
VOL_PARAM(REAL, clients_##P##_routine, "clients." S ".routine_sensitivity", RS, 0.001, 0.999, "index 0-1", NULL, NULL, \
          "Mean routine sensitivity (harm from disruption) of " S " clients") \
VOL_PARAM(REAL, clients_##P##_wellbeing, "clients." S ".wellbeing", WB, 0.001, 0.999, "index 0-1", NULL, NULL, \
          "Mean base wellbeing of " S " clients without a volunteer")
VOL_PROFILE_ROWS(elderly, "elderly", 0.35, 0.15, 0.35, 0.30, 0.50)
VOL_PROFILE_ROWS(youth, "youth", 0.45, 0.35, 0.40, 0.20, 0.50)
VOL_PROFILE_ROWS(disability, "disability", 0.45, 0.15, 0.40, 0.40, 0.50)
VOL_PROFILE_ROWS(refugee, "refugee", 0.50, 0.20, 0.35, 0.20, 0.45)
VOL_PROFILE_ROWS(isolated, "isolated", 0.80, 0.65, 0.55, 0.25, 0.35)
VOL_PROFILE_ROWS(routine, "routine_sensitive", 0.55, 0.30, 0.40, 0.85, 0.45)
#undef VOL_PROFILE_ROWS
VOL_PARAM(REAL, clients_trust_npo, "clients.trust_npo", 0.70, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean initial trust of clients in their NPO")
VOL_PARAM(REAL, clients_scepticism, "clients.scepticism", 0.10, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean initial scepticism of clients about company involvement")

/* ---- client wellbeing ------------------------------------------------- */
VOL_PARAM(REAL, wb_bond_gain, "wellbeing.bond_gain", 0.15, 0, 1, "index 0-1", NULL, NULL,
          "Wellbeing gained at full bond with a volunteer (T1)")
VOL_PARAM(REAL, wb_bond_days, "wellbeing.bond_tracking_days", 30, 1, 3650, "days", NULL, NULL,
          "Time constant with which the relational wellbeing component follows the bond")
VOL_PARAM(REAL, wb_event_boost, "wellbeing.event_boost", 0.08, 0, 1, "index 0-1", NULL, NULL,
          "Wellbeing boost of taking part in a company group activity (E1, P2)")
VOL_PARAM(REAL, wb_event_halflife, "wellbeing.event_halflife_days", 7, 0.1, 3650, "days", NULL, NULL,
          "Half-life of the event boost (P2: fades within weeks)")
VOL_PARAM(REAL, wb_disruption_harm, "wellbeing.disruption_harm", 0.10, 0, 1, "index 0-1", NULL, NULL,
          "Wellbeing loss per disruption, times the client's routine sensitivity (E2, P3)")
VOL_PARAM(REAL, wb_disruption_halflife, "wellbeing.disruption_halflife_days", 21, 0.1, 3650, "days", NULL, NULL,
          "Half-life of disruption harm")
VOL_PARAM(REAL, wb_new_contact, "wellbeing.new_contact_disruption", 0.5, 0, 5, "disruptions", NULL, NULL,
          "A first visit by an unfamiliar volunteer counts as this many disruptions (E2)")
VOL_PARAM(REAL, wb_loss_harm, "wellbeing.loss_harm", 0.12, 0, 1, "index 0-1", NULL, NULL,
          "Wellbeing loss when a volunteer leaves prematurely, times (bond + wellbeing.loss_floor) (C1, P8)")
VOL_PARAM(REAL, wb_loss_floor, "wellbeing.loss_floor", 0.5, 0, 5, "-", NULL, NULL,
          "Part of the premature-ending loss that does not depend on the bond (dashed expectations)")
VOL_PARAM(REAL, wb_loss_halflife, "wellbeing.loss_halflife_days", 120, 0.1, 3650, "days", NULL, NULL,
          "Half-life of the harm of a premature ending")
VOL_PARAM(REAL, end_planned_harm, "endings.planned_harm", 0, 0, 1, "share", NULL, NULL,
          "Share of the premature-ending client loss (wellbeing.loss_harm x (bond + loss_floor)) that a planned ending causes (programme over, episodic match completed); 0 in 0.1, open evidence: plausible 0-1")

/* ---- trust ------------------------------------------------------------ */
VOL_PARAM(REAL, bond_gain, "bond.gain_per_visit", 0.25, 0, 1, "bond 0-1", NULL, NULL,
          "Bond gained per visit by a volunteer of full relational quality, times (1 - bond) (T1)")
VOL_PARAM(REAL, bond_care_slowdown, "bond.care_avoidance_slowdown", 0.7, 0, 1, "-", NULL, NULL,
          "How much care avoidance slows bond growth: gain times (1 - slowdown * care_avoidance) (T2)")
VOL_PARAM(REAL, bond_decay, "bond.decay_per_day", 0.005, 0, 1, "1/day", NULL, NULL,
          "Daily relative decay of the bond between visits (T1)")
VOL_PARAM(REAL, bond_durable, "bond.durable_threshold", 0.5, 0.01, 1, "bond 0-1", NULL, NULL,
          "Bond at or above which a relationship counts as durable")
VOL_PARAM(REAL, trust_scep_growth, "trust.scepticism_growth", 0.08, 0, 1, "index 0-1", NULL, NULL,
          "Scepticism gained per company activity a client takes part in, times (1 - scepticism) (T4)")
VOL_PARAM(REAL, trust_voice_inform, "trust.voice_inform_effect", 0.35, 0, 1, "share", NULL, NULL,
          "Fraction of scepticism growth prevented by informing clients (T4)")
VOL_PARAM(REAL, trust_voice_feedback, "trust.voice_feedback_effect", 0.35, 0, 1, "share", NULL, NULL,
          "Fraction of scepticism growth prevented by asking feedback (T4)")
VOL_PARAM(REAL, trust_voice_codesign, "trust.voice_codesign_effect", 0.35, 0, 1, "share", NULL, NULL,
          "Fraction of scepticism growth prevented by co-design (T4)")
VOL_PARAM(REAL, trust_codesign_boost, "trust.codesign_event_boost", 0.3, 0, 5, "-", NULL, NULL,
          "Relative extra event boost when clients co-designed the activity")
VOL_PARAM(REAL, trust_scep_days, "trust.scepticism_decay_days", 365, 1, 36500, "days", NULL, NULL,
          "Time constant of the decay of scepticism without new company activity")
VOL_PARAM(REAL, trust_scep_weight, "trust.scepticism_weight", 0.6, 0, 1, "-", NULL, NULL,
          "Trust in the NPO tends to initial trust times (1 - weight * scepticism) (T4)")
VOL_PARAM(REAL, trust_npo_days, "trust.npo_tracking_days", 60, 1, 36500, "days", NULL, NULL,
          "Time constant with which trust in the NPO follows its target")
VOL_PARAM(REAL, trust_ending_loss, "trust.ending_trust_loss", 0.10, 0, 1, "index 0-1", NULL, NULL,
          "Drop in the client's trust in the NPO when a volunteer leaves prematurely")
VOL_PARAM(REAL, trust_prof_gain, "trust.professional_gain_per_visit", 0.03, 0, 1, "trust 0-1", NULL, NULL,
          "Professional's trust gained in a volunteer per visit to one of their clients, times (1 - trust) (T3)")
VOL_PARAM(REAL, trust_coord_factor, "trust.coordinator_factor", 2.0, 0, 20, "-", NULL, NULL,
          "Multiplier of professional trust growth in NPOs with a coordinator (the coordinator brokers acquaintance)")
VOL_PARAM(REAL, trust_prof_dropout_loss, "trust.professional_dropout_loss", 0.5, 0, 1, "share", NULL, NULL,
          "Fraction of a professional's trust in a volunteer lost when that volunteer leaves one of their clients prematurely")

/* ---- handover and matching --------------------------------------------- */
VOL_PARAM(REAL, ho_review_days, "handover.review_days", 30, 1, 3650, "days", NULL, NULL,
          "Mean days between a professional's reviews of a client without a volunteer")
VOL_PARAM(REAL, ho_base, "handover.base", 0.6, 0, 1, "probability", NULL, NULL,
          "Probability that a professional hands an average client to a known, trusted volunteer at a review")
VOL_PARAM(REAL, ho_complexity, "handover.complexity_aversion", 0.7, 0, 1, "-", NULL, NULL,
          "Reluctance to hand over complex clients: probability times (1 - aversion * complexity) (T2, P6)")
VOL_PARAM(REAL, ho_care_avoid, "handover.care_avoidance_aversion", 0.5, 0, 1, "-", NULL, NULL,
          "Reluctance to hand over care-avoidant clients whose trust was hard won (T2)")
VOL_PARAM(REAL, ho_unknown, "handover.unknown_volunteer_factor", 0.3, 0, 1, "-", NULL, NULL,
          "Probability multiplier when no known volunteer above the trust threshold is free (T3)")
VOL_PARAM(REAL, ho_trust_threshold, "handover.trust_threshold", 0.3, 0, 1, "trust 0-1", NULL, NULL,
          "Professional trust at which a volunteer counts as known and suitable (T3)")
VOL_PARAM(REAL, ho_coordinator, "handover.coordinator_factor", 1.5, 0, 10, "-", NULL, NULL,
          "Probability multiplier in NPOs with a coordinator (P6)")
VOL_PARAM(REAL, ho_hybrid, "handover.hybrid_factor", 1.3, 0, 10, "-", NULL, NULL,
          "Probability multiplier in hybrid NPOs, where goals are agreed up front (O1)")
VOL_PARAM(REAL, ho_self_referral, "handover.self_referral_days", 60, 1, 36500, "days", NULL, NULL,
          "Mean days until a client of a volunteer organisation without a volunteer asks for one (O1)")
VOL_PARAM(REAL, ho_willing_loss, "handover.willingness_loss", 0.15, 0, 1, "index 0-1", NULL, NULL,
          "Drop in a professional's willingness to hand over after a premature ending of one of their clients (P8)")
VOL_PARAM(REAL, ho_willing_days, "handover.willingness_recovery_days", 180, 1, 36500, "days", NULL, NULL,
          "Time constant with which willingness recovers towards 1")
VOL_PARAM(REAL, ho_min_skill, "handover.complex_min_skill", 0.0, 0, 1, "skill 0-1", NULL, NULL,
          "Minimum relational skill a volunteer needs to be matched with a complex client (complexity > handover.complex_threshold)")
VOL_PARAM(REAL, ho_complex_threshold, "handover.complex_threshold", 0.6, 0, 1, "index 0-1", NULL, NULL,
          "Complexity above which a client counts as complex: needs handover.complex_min_skill, counted in handovers_complex")
VOL_PARAM(INT, match_candidates, "matching.candidates", 16, 1, 1000, "volunteers", NULL, NULL,
          "Volunteers sampled per client and day besides the professional's known ones (O(n) matching)")
VOL_PARAM(REAL, match_skill_weight, "matching.skill_weight", 1.0, 0, 10, "-", NULL, NULL,
          "Weight of skill fit (relational skill vs complexity, practical skill vs needs) in the match score")
VOL_PARAM(REAL, match_trust_weight, "matching.trust_weight", 1.0, 0, 10, "-", NULL, NULL,
          "Weight of the professional's trust in the volunteer in the match score (T3)")
VOL_PARAM(REAL, match_avail_weight, "matching.availability_weight", 0.5, 0, 10, "-", NULL, NULL,
          "Weight of the volunteer's availability in the match score")

/* ---- volunteers ------------------------------------------------------- */
VOL_PARAM(INT, vol_initial, "volunteers.initial", 250, 0, 10000000, "volunteers", NULL, NULL,
          "Volunteers (regular and vulnerable) present on day 0")
VOL_PARAM(REAL, vol_arrivals, "volunteers.arrivals_per_year", 90, 0, 1e7, "volunteers/year", NULL, NULL,
          "Mean yearly number of people offering to volunteer (Poisson)")
VOL_PARAM(REAL, vol_vulnerable_share, "volunteers.vulnerable_share", 0.10, 0, 1, "share", NULL, NULL,
          "Share of people offering to volunteer who are in a vulnerable position (C4)")
VOL_PARAM(REAL, vol_episodic_share, "volunteers.episodic_share", 0.41, 0, 1, "share", NULL, NULL,
          "Share of volunteers who want volunteering 'on measure': planned matches of limited length (C3)")
VOL_PARAM(REAL, vol_episodic_days, "volunteers.episodic_match_days", 150, 1, 3650, "days", NULL, NULL,
          "Planned length of an episodic volunteer's match")
VOL_PARAM(REAL, vol_concentration, "volunteers.trait_concentration", 10, 0.5, 10000, "-", NULL, NULL,
          "Concentration k of the Beta distributions of volunteer traits")
VOL_PARAM(REAL, vol_relational, "volunteers.relational_skill", 0.60, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean relational skill of regular volunteers")
VOL_PARAM(REAL, vol_empathy, "volunteers.empathy", 0.60, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean empathy of regular volunteers")
VOL_PARAM(REAL, vol_perseverance, "volunteers.perseverance", 0.60, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean perseverance / loyalty of regular volunteers")
VOL_PARAM(REAL, vol_practical, "volunteers.practical_skill", 0.50, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean practical skill of regular volunteers")
VOL_PARAM(REAL, vol_reciprocity, "volunteers.reciprocity_expectation", 0.45, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean expectation of reciprocity (fun, thanks, a compliment) (C1)")
VOL_PARAM(REAL, vol_challenge, "volunteers.challenge_seeking", 0.30, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean challenge seeking (finds difficult clients rewarding) (C2)")
VOL_PARAM(REAL, vol_overinv, "volunteers.over_involvement", 0.30, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean over-involvement (gives more than is good for them) (B1)")
VOL_PARAM(REAL, vol_availability, "volunteers.availability", 0.60, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean availability; sets the visit interval between visit_interval_min and _max")
VOL_PARAM(REAL, vol_interval_min, "volunteers.visit_interval_min", 7, 1, 365, "days", NULL, NULL,
          "Visit interval of a fully available volunteer (BBBS: 2-4 meetings a month)")
VOL_PARAM(REAL, vol_interval_max, "volunteers.visit_interval_max", 18, 1, 365, "days", NULL, NULL,
          "Visit interval of a barely available volunteer")
VOL_PARAM(REAL, vol_hours_visit, "volunteers.hours_per_visit", 2.5, 0.1, 24, "hours", NULL, NULL,
          "Hours per visit of a regular volunteer, travel included")
VOL_PARAM(REAL, vol_vuln_acceptance, "volunteers.vulnerable.acceptance", 0.6, 0, 1, "probability", NULL, NULL,
          "Probability that a host NPO accepts a vulnerable volunteer without chain cooperation (C4)")
VOL_PARAM(REAL, vol_vuln_acceptance_chain, "volunteers.vulnerable.acceptance_chain", 0.9, 0, 1, "probability", NULL, NULL,
          "Acceptance probability with chain cooperation (C4, P9)")
VOL_PARAM(REAL, vol_vuln_drain, "volunteers.vulnerable.drain_factor", 1.6, 1, 10, "-", NULL, NULL,
          "Energy drain multiplier of unsupported vulnerable volunteers (C4)")
VOL_PARAM(REAL, vol_vuln_dropout, "volunteers.vulnerable.dropout_factor", 1.8, 1, 10, "-", NULL, NULL,
          "Dropout hazard multiplier of unsupported vulnerable volunteers (C4)")
VOL_PARAM(REAL, vol_vuln_support, "volunteers.vulnerable.chain_support", 0.7, 0, 1, "share", NULL, NULL,
          "Fraction of the extra drain and dropout of vulnerable volunteers removed by chain cooperation support")
VOL_PARAM(REAL, vol_vuln_wellbeing, "volunteers.vulnerable.wellbeing", 0.40, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean base wellbeing of vulnerable people offering to volunteer")
VOL_PARAM(REAL, vol_vuln_gain, "volunteers.vulnerable.wellbeing_gain", 0.15, 0, 1, "index 0-1", NULL, NULL,
          "Wellbeing a vulnerable volunteer gains from active volunteering (structure, meaning) (C4)")
VOL_PARAM(REAL, vol_vuln_wb_days, "volunteers.vulnerable.wellbeing_tracking_days", 30, 1, 3650, "days", NULL, NULL,
          "Time constant with which a vulnerable volunteer's wellbeing follows base + gain while active")
VOL_PARAM(REAL, vol_commitment0, "volunteers.initial_commitment", 0.7, 0.001, 0.999, "commitment 0-1", NULL, NULL,
          "Mean commitment of a new regular or vulnerable volunteer (Beta with volunteers.trait_concentration)")
VOL_PARAM(REAL, vol_recognition0, "volunteers.initial_recognition", 0.3, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean recognition of small results of a new regular or vulnerable volunteer (B3)")

/* ---- energy and burnout ----------------------------------------------- */
VOL_PARAM(REAL, bo_drain, "burnout.drain_per_visit", 0.065, 0, 1, "energy 0-1", NULL, NULL,
          "Energy drained per visit, times demandingness and (1 + over_involvement_weight * over-involvement) (B1)")
VOL_PARAM(REAL, bo_overinv_weight, "burnout.over_involvement_weight", 1.5, 0, 10, "-", NULL, NULL,
          "How much over-involvement adds to the drain (B1, P7)")
VOL_PARAM(REAL, bo_recovery, "burnout.recovery_per_day", 0.004, 0, 1, "1/day", NULL, NULL,
          "Daily recovery of energy, times (1 - energy)")
VOL_PARAM(REAL, bo_rest_recovery, "burnout.rest_recovery_factor", 3, 1, 100, "-", NULL, NULL,
          "Energy recovers this many times faster while a burnt-out volunteer rests")
VOL_PARAM(REAL, bo_threshold, "burnout.threshold", 0.2, 0, 1, "energy 0-1", NULL, NULL,
          "Energy below which a volunteer burns out and rests")
VOL_PARAM(REAL, bo_symptom, "burnout.symptom_threshold", 0.33, 0, 1, "energy 0-1", NULL, NULL,
          "Energy below which a volunteer counts as having burnout symptoms (calibration: 76% without)")
VOL_PARAM(REAL, bo_rest_days, "burnout.rest_days", 60, 1, 3650, "days", NULL, NULL,
          "Mean days a burnt-out volunteer rests before deciding to return or leave")
VOL_PARAM(REAL, bo_exit, "burnout.exit_probability", 0.4, 0, 1, "probability", NULL, NULL,
          "Probability that a burnt-out volunteer leaves for good after resting (exit reason: stress)")

/* ---- supervision ------------------------------------------------------ */
VOL_PARAM(REAL, sup_hours_prof, "supervision.hours_per_professional", 0.75, 0, 40, "hours/week", NULL, NULL,
          "Weekly hours a social worker can give to supervising volunteers (B4)")
VOL_PARAM(REAL, sup_hours_coord, "supervision.hours_per_coordinator", 12, 0, 40, "hours/week", NULL, NULL,
          "Weekly hours a volunteer coordinator gives to supervising volunteers (B2)")
VOL_PARAM(REAL, sup_need, "supervision.need_hours_per_month", 1.0, 0, 40, "hours/month", NULL, NULL,
          "Supervision a matched volunteer needs per month; volunteers with low energy are served first")
VOL_PARAM(REAL, sup_low_energy, "supervision.low_energy", 0.5, 0, 1, "energy 0-1", NULL, NULL,
          "Energy below which a matched volunteer needs supervision.low_energy_factor times the usual supervision")
VOL_PARAM(REAL, sup_low_factor, "supervision.low_energy_factor", 2, 1, 10, "-", NULL, NULL,
          "Multiplier of the supervision need of a volunteer with low energy")
VOL_PARAM(REAL, sup_restore, "supervision.energy_restore", 0.06, 0, 1, "energy/hour", NULL, NULL,
          "Energy restored per hour of supervision, times (1 - energy) (B2)")
VOL_PARAM(REAL, sup_expectation, "supervision.expectation_management", 0.04, 0, 1, "1/hour", NULL, NULL,
          "Relative reduction of an unmet reciprocity expectation per hour of supervision (C1)")
VOL_PARAM(REAL, sup_recognition, "supervision.recognition_gain", 0.05, 0, 1, "1/hour", NULL, NULL,
          "Gain in recognising small results per hour of supervision, times (1 - recognition) (B3)")

/* ---- commitment and dropout -------------------------------------------- */
VOL_PARAM(REAL, cm_learning, "commitment.learning_rate", 0.04, 0, 1, "-", NULL, NULL,
          "Per visit, commitment moves by this rate times (reward - expectation of reciprocity) (C1)")
VOL_PARAM(REAL, cm_reward_memory, "commitment.reward_memory", 0.1, 0.001, 1, "-", NULL, NULL,
          "Weight of a visit's reward in the volunteer's running mean of reward (mean <- (1 - w) mean + w reward), which supervision compares with the expectation")
VOL_PARAM(REAL, cm_reward_base, "commitment.reward_base", 0.35, 0, 1, "-", NULL, NULL,
          "Reward of a visit before client progress, thanks and challenge")
VOL_PARAM(REAL, cm_thanks, "commitment.thanks_weight", 0.35, 0, 2, "-", NULL, NULL,
          "Reward from the client's gratitude, times the bond")
VOL_PARAM(REAL, cm_challenge, "commitment.challenge_weight", 0.4, 0, 2, "-", NULL, NULL,
          "Reward of client complexity, times (2 * challenge_seeking - 1): seekers gain, others lose (C2)")
VOL_PARAM(REAL, cm_recognition, "commitment.recognition_weight", 0.3, 0, 2, "-", NULL, NULL,
          "Reward from recognising small results with clients whose progress is slow, times recognition (B3)")
VOL_PARAM(REAL, cm_demand, "commitment.demand_weight", 0.3, 0, 2, "-", NULL, NULL,
          "Loss of reward with demanding clients, times demandingness (B1)")
VOL_PARAM(REAL, do_circumstances, "dropout.circumstances_per_year", 0.26, 0, 10, "1/year", NULL, NULL,
          "Yearly hazard of leaving for changed circumstances (moving, work, health)")
VOL_PARAM(REAL, do_commitment, "dropout.low_commitment_per_year", 2.0, 0, 100, "1/year", NULL, NULL,
          "Yearly hazard of leaving at zero commitment; scales linearly to 0 at commitment.threshold (C1)")
VOL_PARAM(REAL, do_threshold, "commitment.threshold", 0.4, 0.01, 1, "commitment 0-1", NULL, NULL,
          "Commitment below which the unmet-expectation dropout hazard starts")
VOL_PARAM(REAL, do_early, "dropout.early_factor", 1.5, 0, 20, "-", NULL, NULL,
          "Extra hazard in the first months: hazard times (1 + factor * exp(-tenure / early_days))")
VOL_PARAM(REAL, do_early_days, "dropout.early_days", 90, 1, 3650, "days", NULL, NULL,
          "Time scale of the early-tenure hazard")
VOL_PARAM(REAL, do_perseverance, "dropout.perseverance_effect", 0.6, 0, 1, "-", NULL, NULL,
          "Hazard multiplier (1 - effect * (perseverance - 0.5) * 2), floored at 0")

/* ---- companies and engagement formats ------------------------------------ */
VOL_PARAM(INT, co_count, "companies.count", 4, 0, 100000, "companies", NULL, NULL,
          "Number of companies with an employee volunteering programme")
VOL_PARAM(INT, co_pool, "companies.pool_size", 200, 1, 10000000, "employees", NULL, NULL,
          "Employees per company who could take part")
VOL_PARAM(CHOICE, co_format, "companies.format", 0, 0, 2, "-", "none|group|one_to_one", NULL,
          "Programme format: none; group activities with the NPO's clients; one employee with one client (E1, E3)")
VOL_PARAM(INT, co_duration, "companies.duration_days", 1, 1, 3650, "days", NULL, NULL,
          "Length of one engagement (1 = a one-off day; 90 = a three-month programme)")
VOL_PARAM(INT, co_interval, "companies.visit_interval_days", 14, 1, 3650, "days", NULL, NULL,
          "Days between visits within an engagement (ignored when duration is 1)")
VOL_PARAM(REAL, co_rounds, "companies.rounds_per_year", 4, 0.01, 365, "rounds/year", NULL, NULL,
          "Engagements each company starts per year, evenly spaced")
VOL_PARAM(REAL, co_hours, "companies.hours_per_year", 336, 0, 1e7, "hours/year", NULL, NULL,
          "Employee hours each company gives per year; the format decides how they are spent (equal-hours comparisons)")
VOL_PARAM(REAL, co_hours_visit, "companies.hours_per_visit", 6, 0.1, 24, "hours", NULL, NULL,
          "Hours each employee spends per visit or event day")
VOL_PARAM(REAL, co_ratio, "companies.clients_per_employee", 1.0, 0.01, 100, "clients/employee", NULL, NULL,
          "Clients taking part in a group activity per employee ('ten to ten instead of ten to one') (E1)")
VOL_PARAM(REAL, co_maintenance, "companies.maintenance_share", 0.4, 0, 1, "share", NULL, NULL,
          "Share of group days that are maintenance jobs with little personal interaction (E1)")
VOL_PARAM(REAL, co_maint_contact, "companies.maintenance_contact", 0.25, 0, 1, "-", NULL, NULL,
          "Fraction of the event boost and scepticism that a maintenance day brings to clients")
VOL_PARAM(CHOICE, co_selection, "companies.selection", 0, 0, 1, "-", "company|needs_first", NULL,
          "Who picks the employees: the company (often senior or specialist staff) or the NPO's needs (soft skills) (E4, P5)")
VOL_PARAM(REAL, co_senior_share, "companies.senior_share", 0.3, 0.01, 1, "share", NULL, NULL,
          "Company-led selection draws from the top share of the pool by seniority (practical skill) (E4)")
VOL_PARAM(INT, co_needs_sample, "companies.needs_first_sample", 3, 1, 100, "employees per place", NULL, NULL,
          "Needs-first selection: available employees sampled per place, of whom those with the best soft skills come (E4)")
VOL_PARAM(REAL, co_commitment0, "companies.initial_commitment", 0.6, 0, 1, "commitment 0-1", NULL, NULL,
          "Commitment of an employee starting a programme")
VOL_PARAM(REAL, co_recognition0, "companies.initial_recognition", 0.2, 0, 1, "index 0-1", NULL, NULL,
          "Recognition of small results of an employee starting a programme (B3)")
VOL_PARAM(REAL, co_routine_cutoff, "companies.needs_first_routine_cutoff", 0.6, 0, 1, "index 0-1", NULL, NULL,
          "Needs-first NPOs keep clients with routine sensitivity above this out of company activities (E2)")
VOL_PARAM(REAL, co_budget, "companies.budget_per_round", 500, 0, 1e9, "EUR", NULL, NULL,
          "Budget a company brings to the NPO per engagement round (E1, E5)")
VOL_PARAM(CHOICE, co_motive, "companies.motive", 0, 0, 1, "-", "business_case|social_impact", NULL,
          "Company motive; social-impact companies let employees stay on after a programme in company time")
VOL_PARAM(REAL, co_attendance, "companies.visit_attendance", 1, 0, 1, "probability", NULL, NULL,
          "Probability that an employee comes to a scheduled programme visit; a missed visit builds no bond and gives no hours (seed 000: companies cannot guarantee an employee comes more than once)")
VOL_PARAM(REAL, co_dropout, "companies.dropout_per_year", 0, 0, 50, "1/year", NULL, NULL,
          "Yearly hazard of an employee leaving a programme early (work, circumstances); the early end is premature for the client")
VOL_PARAM(BOOL, co_keep_waiting, "companies.keep_waiting_place", 0, 0, 1, "-", NULL, NULL,
          "A client who was waiting for a regular volunteer when a programme began waits from the same day again when it ends without a stay-on (off: the client must be handed over anew, as in 0.1)")
VOL_PARAM(REAL, co_stay_on, "companies.stay_on_probability", 0.25, 0, 1, "probability", NULL, NULL,
          "Probability, times the bond, that a corporate volunteer stays on as a regular volunteer with their client after a programme")
VOL_PARAM(REAL, co_social_factor, "companies.social_impact_stay_factor", 1.5, 1, 10, "-", NULL, NULL,
          "Stay-on multiplier for social-impact companies")
VOL_PARAM(REAL, co_relational, "companies.relational_skill", 0.50, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean relational skill in the employee pool")
VOL_PARAM(REAL, co_empathy, "companies.empathy", 0.50, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean empathy in the employee pool")
VOL_PARAM(REAL, co_practical, "companies.practical_skill", 0.60, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean practical skill (seniority) in the employee pool")
