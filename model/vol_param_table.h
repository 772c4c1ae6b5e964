/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_param_table.h: THE parameter table of volsim (one row per parameter).
 *
 * This is the single source of truth. From these rows come: the fields of
 * vol_params, the defaults, libconfig lookup by dotted name, range and share
 * validation, `volsim params`, the HDF5 attributes, docs/parameters.md and
 * the sweepable paths. To add a parameter, add one row here and use the
 * field in the model; nothing else needs touching.
 *
 * Row: VOL_PARAM(TYPE, field, "dotted.path", default, min, max, "unit",
 *                choices, share_group, "description",
 *                CLASS, plausible_min, plausible_max, "source", "reason")
 *   TYPE        REAL (double), INT (long), BOOL (int 0/1), CHOICE (int index
 *               into choices, a "|"-separated list; default/min/max are
 *               indices)
 *   share_group parameters with the same non-NULL group must sum to 1
 *   CLASS       BEHAVIOURAL (how people or organisations behave: needs a
 *               plausible range and a source) or SETTING (scenario sizes,
 *               policy levers, run control: the plausible range is the
 *               valid range, the source "setting")
 *   plausible_min, plausible_max  what the evidence allows (within min, max)
 *   source      publication, seed document ("seed 004", named by title in
 *               docs/sources.md), "calibration" or "assumption"; ";"-joined
 *   reason      the reasoning behind the range, in a sentence or two
 *
 * No include guard on purpose: the file is expanded several times. */

/* ---- run ------------------------------------------------------------- */
VOL_PARAM(INT, run_days, "run.days", 730, 1, 36500, "days", NULL, NULL,
          "Simulated days per replicate",
          SETTING, 1, 36500, "setting",
          "Run control: simulated days per replicate.")
VOL_PARAM(INT, run_replicates, "run.replicates", 10, 1, 100000, "replicates", NULL, NULL,
          "Number of replicates (independent random streams) per scenario",
          SETTING, 1, 100000, "setting",
          "Run control: number of independent random streams.")
VOL_PARAM(INT, run_panel, "run.client_panel_days", 0, 0, 3650, "days", NULL, NULL,
          "Record every client's wellbeing every this many days (a panel for per-client effects at follow-up lags, `volsim compare`); 0: no panel. Memory: 4 bytes per client and panel day",
          SETTING, 0, 3650, "setting",
          "Run control: output resolution of the per-client panel.")
VOL_PARAM(INT, run_seed, "run.seed", 20261124, 0, 4611686018427387904.0, "-", NULL, NULL,
          "Master seed; streams are keyed by (seed, replicate, purpose, agent)",
          SETTING, 0, 4611686018427387904, "setting",
          "Run control: master seed of the random streams.")
VOL_PARAM(INT, run_burn_in, "run.burn_in_days", 7300, 0, 36500, "days", NULL, NULL,
          "Days simulated before recorded day 0 without companies and without recording anything, so that the recorded days start from the no-policy world's steady state instead of the constructed day-0 state",
          SETTING, 0, 36500, "setting",
          "Run control: the constructed day-0 state (all energies 1, too few long-serving committed volunteers) drifts for ten years and more; after 7300 days the baseline's levels match those after 10950 and 14600 days within their noise and no tracked metric drifts from recorded year 1 to 2 (docs/ODD.md section 5). 0 starts recording from the constructed state (the tests and benchmarks do).")

/* ---- initial state (day 0) --------------------------------------------- */
VOL_PARAM(REAL, init_matched_share, "init.matched_share", 0.75, 0, 1, "share", NULL, NULL,
          "Share of day-0 volunteers who already have a client of their NPO (when a free one is found in init.match_tries draws)",
          BEHAVIOURAL, 0.5, 0.9, "assumption",
          "No source gives the share of volunteers in a match at a given moment; well under half or nearly all would be odd for NPOs with waiting clients, and a burn-in makes the day-0 value matter little.")
VOL_PARAM(INT, init_match_tries, "init.match_tries", 8, 1, 1000, "draws", NULL, NULL,
          "Random clients of the NPO tried for a day-0 volunteer's relationship before giving up",
          SETTING, 1, 1000, "setting",
          "Initialisation control: how hard the day-0 construction searches for a free client; not a behaviour.")
VOL_PARAM(REAL, init_tenure_days, "init.tenure_mean_days", 730, 1, 36500, "days", NULL, NULL,
          "Mean (exponential) time day-0 volunteers have already served",
          BEHAVIOURAL, 500, 1500, "Vecina et al. 2010; CNCS 2009; assumption",
          "A yearly dropout of 25-35.5% means a constant hazard of 0.29-0.44 a year, i.e. a mean tenure of roughly 2-3.5 years (less when early dropout dominates).")
VOL_PARAM(REAL, init_bond_min, "init.bond_min", 0.2, 0, 1, "bond 0-1", NULL, NULL,
          "Lowest bond of a day-0 relationship; bonds are uniform on [bond_min, bond_min + bond_range]",
          BEHAVIOURAL, 0.05, 0.4, "assumption",
          "Relationships running on day 0 have had time to form, so their weakest bonds are above zero but below the durable level; no source measures bond.")
VOL_PARAM(REAL, init_bond_range, "init.bond_range", 0.5, 0, 1, "bond 0-1", NULL, NULL,
          "Width of the uniform bond of day-0 relationships",
          BEHAVIOURAL, 0.3, 0.7, "assumption",
          "Bonds of running relationships should spread from weak to strong without all being near 1; no source measures bond.")
VOL_PARAM(REAL, init_trust_min, "init.professional_trust_min", 0.3, 0, 1, "trust 0-1", NULL, NULL,
          "Social worker's trust in a day-0 volunteer: trust_min + bond_range x u, with the u of the bond (so trust and bond move together)",
          BEHAVIOURAL, 0.1, 0.5, "seed 004; assumption",
          "Seed 004: professionals trust the volunteers they have worked with; lowest day-0 trust should sit around the handover threshold, not at 0 or 1.")

/* ---- NPOs ------------------------------------------------------------- */
VOL_PARAM(INT, npo_count, "npo.count", 10, 1, 10000, "organisations", NULL, NULL,
          "Number of non-profit organisations",
          SETTING, 1, 10000, "setting",
          "Population size.")
VOL_PARAM(REAL, npo_share_welfare, "npo.share.welfare", 0.5, 0, 1, "share", NULL, "npo.share",
          "Share of NPOs that are welfare organisations (professionals lead, volunteers supplement)",
          SETTING, 0, 1, "setting",
          "Share of kinds (O1).")
VOL_PARAM(REAL, npo_share_volunteer_org, "npo.share.volunteer_org", 0.3, 0, 1, "share", NULL, "npo.share",
          "Share of NPOs that are volunteer organisations (volunteers kept apart from professional care; clients self-refer)",
          SETTING, 0, 1, "setting",
          "Share of kinds (O1).")
VOL_PARAM(REAL, npo_share_hybrid, "npo.share.hybrid", 0.2, 0, 1, "share", NULL, "npo.share",
          "Share of NPOs that are hybrid (professionals and volunteers on equal footing, goals agreed up front)",
          SETTING, 0, 1, "setting",
          "Share of kinds (O1).")
VOL_PARAM(INT, npo_professionals, "npo.professionals", 3, 1, 1000, "professionals per NPO", NULL, NULL,
          "Social workers per NPO (a funded coordinator comes on top)",
          SETTING, 1, 1000, "setting",
          "Population size: social workers per NPO.")
VOL_PARAM(BOOL, npo_voice_inform, "npo.client_voice.inform", 0, 0, 1, "-", NULL, NULL,
          "Clients are informed beforehand about company involvement (T4)",
          SETTING, 0, 1, "setting",
          "Policy lever (T4, scenario client_voice).")
VOL_PARAM(BOOL, npo_voice_feedback, "npo.client_voice.feedback", 0, 0, 1, "-", NULL, NULL,
          "Clients are asked for feedback after company activities (T4)",
          SETTING, 0, 1, "setting",
          "Policy lever (T4, scenario client_voice).")
VOL_PARAM(BOOL, npo_voice_codesign, "npo.client_voice.codesign", 0, 0, 1, "-", NULL, NULL,
          "Clients are involved in designing company activities (T4)",
          SETTING, 0, 1, "setting",
          "Policy lever (T4, scenario client_voice).")

/* ---- municipality levers ---------------------------------------------- */
VOL_PARAM(REAL, muni_coordinator_share, "municipality.coordinator_share", 0.2, 0, 1, "share", NULL, NULL,
          "Share of welfare and hybrid NPOs with a (Wmo-funded) volunteer coordinator; volunteer organisations always have one",
          SETTING, 0, 1, "setting",
          "Policy lever: Wmo funding of coordinators (scenario coordinator).")
VOL_PARAM(BOOL, muni_facilitation, "municipality.facilitation", 0, 0, 1, "-", NULL, NULL,
          "Cooperation sessions: NPOs share volunteers, so matching draws on every NPO's pool (O2)",
          SETTING, 0, 1, "setting",
          "Policy lever: cooperation sessions (O2, seed 002).")
VOL_PARAM(BOOL, muni_chain, "municipality.chain_cooperation", 0, 0, 1, "-", NULL, NULL,
          "Chain cooperation: host NPOs are informed and involved, so they accept and support vulnerable volunteers (C4, O2)",
          SETTING, 0, 1, "setting",
          "Policy lever: chain cooperation (C4, seed 003).")

/* ---- clients: population and profiles ---------------------------------- */
VOL_PARAM(INT, clients_count, "clients.count", 600, 1, 10000000, "clients", NULL, NULL,
          "Number of clients",
          SETTING, 1, 10000000, "setting",
          "Population size.")
VOL_PARAM(REAL, clients_share_elderly, "clients.share.elderly", 0.30, 0, 1, "share", NULL, "clients.share",
          "Share of clients who are elderly people in residential care",
          SETTING, 0, 1, "setting",
          "Share of kinds (client mix of a scenario).")
VOL_PARAM(REAL, clients_share_youth, "clients.share.youth", 0.15, 0, 1, "share", NULL, "clients.share",
          "Share of clients who are young people",
          SETTING, 0, 1, "setting",
          "Share of kinds (client mix of a scenario).")
VOL_PARAM(REAL, clients_share_disability, "clients.share.disability", 0.15, 0, 1, "share", NULL, "clients.share",
          "Share of clients with a disability",
          SETTING, 0, 1, "setting",
          "Share of kinds (client mix of a scenario).")
VOL_PARAM(REAL, clients_share_refugee, "clients.share.refugee", 0.10, 0, 1, "share", NULL, "clients.share",
          "Share of clients who are refugees",
          SETTING, 0, 1, "setting",
          "Share of kinds (client mix of a scenario).")
VOL_PARAM(REAL, clients_share_isolated, "clients.share.isolated", 0.20, 0, 1, "share", NULL, "clients.share",
          "Share of clients who are structurally isolated with multiple problems",
          SETTING, 0, 1, "setting",
          "Share of kinds (client mix of a scenario).")
VOL_PARAM(REAL, clients_share_routine, "clients.share.routine_sensitive", 0.10, 0, 1, "share", NULL, "clients.share",
          "Share of clients who are routine-sensitive (autism, psychiatric conditions)",
          SETTING, 0, 1, "setting",
          "Share of kinds (client mix of a scenario).")
VOL_PARAM(REAL, clients_concentration, "clients.trait_concentration", 10, 0.5, 10000, "-", NULL, NULL,
          "Concentration k of the Beta(m k, (1 - m) k) distributions of client traits around their profile means",
          BEHAVIOURAL, 4, 30, "assumption",
          "Beta concentration 4-30 gives a trait SD of about 0.2 to 0.09 around 0.5: clients of one profile differ, but profiles stay distinguishable.")
/* profile means: complexity, care avoidance, demandingness, routine sensitivity, base wellbeing */
VOL_PARAM(REAL, clients_elderly_complexity, "clients.elderly.complexity", 0.35, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean complexity of problems of elderly clients",
          BEHAVIOURAL, 0.2, 0.5, "assumption",
          "Elderly clients in residential care are described without multiple problems; below the isolated profile, no source scores it.")
VOL_PARAM(REAL, clients_elderly_care_avoidance, "clients.elderly.care_avoidance", 0.15, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean care avoidance (hard to reach, distrusts helpers) of elderly clients",
          BEHAVIOURAL, 0.05, 0.3, "assumption",
          "Residents are already in care and reachable; no seed reports avoidance for them.")
VOL_PARAM(REAL, clients_elderly_demandingness, "clients.elderly.demandingness", 0.35, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean demandingness ('wants more and more') of elderly clients",
          BEHAVIOURAL, 0.2, 0.5, "assumption",
          "No seed describes claiming behaviour in this group; kept below the isolated profile.")
VOL_PARAM(REAL, clients_elderly_routine, "clients.elderly.routine_sensitivity", 0.30, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean routine sensitivity (harm from disruption) of elderly clients",
          BEHAVIOURAL, 0.15, 0.45, "seed 000; assumption",
          "Seed 000: outings and visitors are a welcome break for residents, so most are not harmed by disruption; some are.")
VOL_PARAM(REAL, clients_elderly_wellbeing, "clients.elderly.wellbeing", 0.50, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean base wellbeing of elderly clients without a volunteer",
          BEHAVIOURAL, 0.35, 0.65, "assumption",
          "Index without an external scale; a mid value with room for gains and losses.")
VOL_PARAM(REAL, clients_youth_complexity, "clients.youth.complexity", 0.45, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean complexity of problems of youth clients",
          BEHAVIOURAL, 0.3, 0.6, "assumption",
          "Youth clients of NPOs have mixed problems; no source scores them.")
VOL_PARAM(REAL, clients_youth_care_avoidance, "clients.youth.care_avoidance", 0.35, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean care avoidance (hard to reach, distrusts helpers) of youth clients",
          BEHAVIOURAL, 0.2, 0.5, "assumption",
          "Some young people distrust helpers; no seed quantifies it.")
VOL_PARAM(REAL, clients_youth_demandingness, "clients.youth.demandingness", 0.40, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean demandingness ('wants more and more') of youth clients",
          BEHAVIOURAL, 0.25, 0.55, "assumption",
          "No seed describes claiming behaviour in this group.")
VOL_PARAM(REAL, clients_youth_routine, "clients.youth.routine_sensitivity", 0.20, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean routine sensitivity (harm from disruption) of youth clients",
          BEHAVIOURAL, 0.1, 0.35, "seed 000; assumption",
          "Seed 000: young people blossom from the attention of company volunteers, so disruption rarely harms them.")
VOL_PARAM(REAL, clients_youth_wellbeing, "clients.youth.wellbeing", 0.50, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean base wellbeing of youth clients without a volunteer",
          BEHAVIOURAL, 0.35, 0.65, "assumption",
          "Index without an external scale; a mid value.")
VOL_PARAM(REAL, clients_disability_complexity, "clients.disability.complexity", 0.45, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean complexity of problems of disability clients",
          BEHAVIOURAL, 0.3, 0.6, "assumption",
          "Mixed needs; no source scores them.")
VOL_PARAM(REAL, clients_disability_care_avoidance, "clients.disability.care_avoidance", 0.15, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean care avoidance (hard to reach, distrusts helpers) of disability clients",
          BEHAVIOURAL, 0.05, 0.3, "assumption",
          "Clients already served by disability care are reachable; no seed reports avoidance.")
VOL_PARAM(REAL, clients_disability_demandingness, "clients.disability.demandingness", 0.40, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean demandingness ('wants more and more') of disability clients",
          BEHAVIOURAL, 0.25, 0.55, "assumption",
          "No seed describes claiming behaviour in this group.")
VOL_PARAM(REAL, clients_disability_routine, "clients.disability.routine_sensitivity", 0.40, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean routine sensitivity (harm from disruption) of disability clients",
          BEHAVIOURAL, 0.25, 0.6, "seed 000; assumption",
          "Seed 000: outings of people with a disability are welcomed, but some (e.g. autism) are harmed by disruption; between the general and the routine-sensitive profile.")
VOL_PARAM(REAL, clients_disability_wellbeing, "clients.disability.wellbeing", 0.50, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean base wellbeing of disability clients without a volunteer",
          BEHAVIOURAL, 0.35, 0.65, "assumption",
          "Index without an external scale; a mid value.")
VOL_PARAM(REAL, clients_refugee_complexity, "clients.refugee.complexity", 0.50, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean complexity of problems of refugee clients",
          BEHAVIOURAL, 0.35, 0.65, "assumption",
          "Refugees face several practical problems at once; no source scores them.")
VOL_PARAM(REAL, clients_refugee_care_avoidance, "clients.refugee.care_avoidance", 0.20, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean care avoidance (hard to reach, distrusts helpers) of refugee clients",
          BEHAVIOURAL, 0.1, 0.35, "seed 000; assumption",
          "Seed 000: the refugees studied know well what they need and want a say, which speaks against strong care avoidance.")
VOL_PARAM(REAL, clients_refugee_demandingness, "clients.refugee.demandingness", 0.35, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean demandingness ('wants more and more') of refugee clients",
          BEHAVIOURAL, 0.2, 0.5, "assumption",
          "No seed describes claiming behaviour in this group.")
VOL_PARAM(REAL, clients_refugee_routine, "clients.refugee.routine_sensitivity", 0.20, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean routine sensitivity (harm from disruption) of refugee clients",
          BEHAVIOURAL, 0.1, 0.35, "assumption",
          "No seed reports disruption harm for refugees.")
VOL_PARAM(REAL, clients_refugee_wellbeing, "clients.refugee.wellbeing", 0.45, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean base wellbeing of refugee clients without a volunteer",
          BEHAVIOURAL, 0.3, 0.6, "assumption",
          "Index without an external scale; slightly below the mid value.")
VOL_PARAM(REAL, clients_isolated_complexity, "clients.isolated.complexity", 0.80, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean complexity of problems of isolated clients",
          BEHAVIOURAL, 0.65, 0.95, "seed 004",
          "Seed 004: structural isolation nearly always comes with problems in several life domains (psychological, financial, addiction, self-neglect): the most complex profile.")
VOL_PARAM(REAL, clients_isolated_care_avoidance, "clients.isolated.care_avoidance", 0.65, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean care avoidance (hard to reach, distrusts helpers) of isolated clients",
          BEHAVIOURAL, 0.5, 0.85, "seed 004",
          "Seed 004: these clients are hard to reach and often avoid care after bad experiences with helpers: the most care-avoidant profile.")
VOL_PARAM(REAL, clients_isolated_demandingness, "clients.isolated.demandingness", 0.55, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean demandingness ('wants more and more') of isolated clients",
          BEHAVIOURAL, 0.4, 0.75, "seed 004",
          "Seed 004: some clients 'want more and more and more' and claiming clients put volunteers off; highest profile, but not all isolated clients claim.")
VOL_PARAM(REAL, clients_isolated_routine, "clients.isolated.routine_sensitivity", 0.25, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean routine sensitivity (harm from disruption) of isolated clients",
          BEHAVIOURAL, 0.1, 0.4, "assumption",
          "Seeds do not link isolation to disruption harm.")
VOL_PARAM(REAL, clients_isolated_wellbeing, "clients.isolated.wellbeing", 0.35, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean base wellbeing of isolated clients without a volunteer",
          BEHAVIOURAL, 0.2, 0.45, "seed 004; assumption",
          "Seed 004: isolated clients lack any supporting network and may neglect themselves; lowest base wellbeing, scale assumed.")
VOL_PARAM(REAL, clients_routine_complexity, "clients.routine_sensitive.complexity", 0.55, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean complexity of problems of routine_sensitive clients",
          BEHAVIOURAL, 0.4, 0.7, "assumption",
          "Autism or psychiatric conditions bring moderate to high complexity; no source scores it.")
VOL_PARAM(REAL, clients_routine_care_avoidance, "clients.routine_sensitive.care_avoidance", 0.30, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean care avoidance (hard to reach, distrusts helpers) of routine_sensitive clients",
          BEHAVIOURAL, 0.15, 0.45, "assumption",
          "No seed quantifies it.")
VOL_PARAM(REAL, clients_routine_demandingness, "clients.routine_sensitive.demandingness", 0.40, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean demandingness ('wants more and more') of routine_sensitive clients",
          BEHAVIOURAL, 0.25, 0.55, "assumption",
          "No seed describes claiming behaviour in this group.")
VOL_PARAM(REAL, clients_routine_routine, "clients.routine_sensitive.routine_sensitivity", 0.85, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean routine sensitivity (harm from disruption) of routine_sensitive clients",
          BEHAVIOURAL, 0.7, 0.95, "seed 000",
          "Seed 000: for people with autism or another psychiatric condition brief interactions and disrupted routines can do more harm than good: the highest profile.")
VOL_PARAM(REAL, clients_routine_wellbeing, "clients.routine_sensitive.wellbeing", 0.45, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean base wellbeing of routine_sensitive clients without a volunteer",
          BEHAVIOURAL, 0.3, 0.6, "assumption",
          "Index without an external scale; slightly below the mid value.")
VOL_PARAM(REAL, clients_trust_npo, "clients.trust_npo", 0.70, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean initial trust of clients in their NPO",
          BEHAVIOURAL, 0.55, 0.85, "seed 000",
          "Seed 000: clients have much trust that the NPO acts in their interest when choosing partners, so mean trust is high but not total.")
VOL_PARAM(REAL, clients_scepticism, "clients.scepticism", 0.10, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean initial scepticism of clients about company involvement",
          BEHAVIOURAL, 0.03, 0.25, "seed 000",
          "Seed 000: some clients suspect the NPO 'uses' them, so initial scepticism is low on average.")
VOL_PARAM(REAL, clients_accept_weight, "clients.acceptance_trust_weight", 0.5, 0, 1, "-", NULL, NULL,
          "Weight of trust in the NPO in a client's acceptance of an offered volunteer or company activity: accepts with probability 1 - weight x (1 - trust in the NPO); a client who declines a volunteer stops waiting (T4)",
          BEHAVIOURAL, 0, 0.8, "seed 000; seed 004; assumption",
          "Seed 000: clients accept company involvement because they trust the NPO; seed 004: distrustful clients hardly let anyone in. Trust should matter without deciding alone; 0 (trust acts on nothing, as in 0.1) stays in the range because no source measures refusals.")

/* ---- client wellbeing ------------------------------------------------- */
VOL_PARAM(REAL, wb_bond_gain, "wellbeing.bond_gain", 0.10, 0, 1, "index 0-1", NULL, NULL,
          "Wellbeing gained at full bond with a volunteer (T1)",
          BEHAVIOURAL, 0.04, 0.2, "Mead et al. 2010; calibration",
          "Not identified by the calibration of 2026-12-07 (docs/calibration.md step 8): 95% credible interval 0.05169-0.1914, 0.92 of the prior's width; the default stays, inside it. Befriending effects are SMD 0.27 short term and 0.18 long term; with a client wellbeing SD near 0.15 and typical bonds of 0.5-0.7 that is a full-bond gain near 0.05-0.1. Changed to 0.10 in 0.2 (was 0.15, above what the trials allow); the top of that band because the trials' comparison groups also had some support.")
VOL_PARAM(REAL, wb_bond_days, "wellbeing.bond_tracking_days", 30, 1, 3650, "days", NULL, NULL,
          "Time constant with which the relational wellbeing component follows the bond",
          BEHAVIOURAL, 14, 90, "assumption",
          "Wellbeing should follow a change in the relationship within weeks to a few months, not in days or years.")
VOL_PARAM(REAL, wb_event_boost, "wellbeing.event_boost", 0.08, 0, 1, "index 0-1", NULL, NULL,
          "Wellbeing boost of taking part in a company group activity (E1, P2)",
          BEHAVIOURAL, 0.02, 0.12, "seed 000; assumption",
          "Seed 000: clients are glad of the attention and the break in routine but one visit changes little; a boost below the bond gain.")
VOL_PARAM(REAL, wb_event_halflife, "wellbeing.event_halflife_days", 7, 0.1, 3650, "days", NULL, NULL,
          "Half-life of the event boost (P2: fades within weeks)",
          BEHAVIOURAL, 3, 21, "seed 000; assumption",
          "Pattern P2: the boost of a one-off day fades within weeks; seed 000 says a single visit does not change self-image by itself.")
VOL_PARAM(REAL, wb_disruption_harm, "wellbeing.disruption_harm", 0.04, 0, 1, "index 0-1", NULL, NULL,
          "Wellbeing loss per disruption, times the client's routine sensitivity (E2, P3)",
          BEHAVIOURAL, 0.01, 0.1, "seed 000; assumption",
          "Seed 000: disruption harms 'some' clients (autism, psychiatric conditions). At the default boost and half-lives a day harms on balance the clients with routine sensitivity above boost sum / (harm x 29.8): 0.04 puts that at about 0.45, above most profiles' means (0.2-0.4) and below the routine-sensitive profile's 0.85. 0.10 (version 0.1's default, harming three in four clients) is the top edge.")
VOL_PARAM(REAL, wb_disruption_halflife, "wellbeing.disruption_halflife_days", 21, 0.1, 3650, "days", NULL, NULL,
          "Half-life of disruption harm",
          BEHAVIOURAL, 7, 42, "assumption",
          "Harm from a disrupted routine should outlast the attention boost (days) but settle within weeks.")
VOL_PARAM(REAL, wb_new_contact, "wellbeing.new_contact_disruption", 0.5, 0, 5, "disruptions", NULL, NULL,
          "A first visit by an unfamiliar volunteer counts as this many disruptions (E2)",
          BEHAVIOURAL, 0.2, 1, "seed 000; assumption",
          "Seed 000: brief contact with unfamiliar people disturbs routine-sensitive clients; one new face is at most one disruption.")
VOL_PARAM(REAL, wb_loss_harm, "wellbeing.loss_harm", 0.12, 0, 1, "index 0-1", NULL, NULL,
          "Wellbeing loss when a volunteer leaves prematurely, times (bond + wellbeing.loss_floor) (C1, P8)",
          BEHAVIOURAL, 0.05, 0.2, "Grossman & Rhodes 2002; seed 004",
          "Not identified by the calibration of 2026-12-07 (docs/calibration.md step 8): 95% credible interval 0.05244-0.1883, 0.95 of the prior's width; the default stays, inside it. Matches ending within 3-6 months left youths worse off than unmatched peers, so the loss must exceed what a short match built (about 0.04), yet stay of the order of a full bond's gain.")
VOL_PARAM(REAL, wb_loss_floor, "wellbeing.loss_floor", 0.5, 0, 5, "-", NULL, NULL,
          "Part of the premature-ending loss that does not depend on the bond (dashed expectations)",
          BEHAVIOURAL, 0.2, 1, "Grossman & Rhodes 2002; assumption",
          "Very short failed matches already did harm, so part of the loss cannot depend on the bond; above 1 the bond would hardly matter.")
VOL_PARAM(REAL, wb_loss_halflife, "wellbeing.loss_halflife_days", 120, 0.1, 3650, "days", NULL, NULL,
          "Half-life of the harm of a premature ending",
          BEHAVIOURAL, 60, 365, "Grossman & Rhodes 2002; assumption",
          "Decrements of early-ending matches were still measured at the 18-month follow-up, so the harm lasts months rather than weeks.")
VOL_PARAM(REAL, end_planned_harm, "endings.planned_harm", 0.3, 0, 1, "share", NULL, NULL,
          "Share of the premature-ending client loss (wellbeing.loss_harm x (bond + loss_floor)) that a planned ending causes (programme over, episodic match completed); 0 in 0.1, open evidence: plausible 0-1",
          BEHAVIOURAL, 0, 1, "seed 004; Grossman & Rhodes 2002",
          "Not identified by the calibration of 2026-12-07 (docs/calibration.md step 8): 95% credible interval 0.02865-0.9901, 1.01 of the prior's width; the default stays, inside it. Open evidence; default 0.3 (docs/ODD.md 7.7): seed 004 says ending a close bond causes pain whoever ends it, while Grossman & Rhodes studied failed, not planned, endings.")

/* ---- trust ------------------------------------------------------------ */
VOL_PARAM(REAL, bond_gain, "bond.gain_per_visit", 0.25, 0, 1, "bond 0-1", NULL, NULL,
          "Bond gained per visit by a volunteer of full relational quality, times (1 - bond) (T1)",
          BEHAVIOURAL, 0.1, 0.35, "seed 000; assumption",
          "Seed 000: one contact cannot build a lasting bond while a three-month biweekly programme (about 7 visits) can; this range lets 5-10 visits of a skilled volunteer reach a moderate bond.")
VOL_PARAM(REAL, bond_care_slowdown, "bond.care_avoidance_slowdown", 0.7, 0, 1, "-", NULL, NULL,
          "How much care avoidance slows bond growth: gain times (1 - slowdown * care_avoidance) (T2)",
          BEHAVIOURAL, 0.4, 0.9, "seed 004",
          "Seed 004: winning the trust of care-avoidant clients takes professionals a long time; a strong but not total slowdown.")
VOL_PARAM(REAL, bond_decay, "bond.decay_per_day", 0.005, 0, 1, "1/day", NULL, NULL,
          "Daily relative decay of the bond between visits (T1)",
          BEHAVIOURAL, 0.002, 0.01, "seed 000; assumption",
          "Half-life of an unvisited bond of 70-350 days: it should survive a two-week gap but fade over months without contact.")
VOL_PARAM(REAL, bond_durable, "bond.durable_threshold", 0.5, 0.01, 1, "bond 0-1", NULL, NULL,
          "Bond at or above which a relationship counts as durable",
          SETTING, 0.01, 1, "setting",
          "Outcome definition only (read by observation, not behaviour); brief 8.2 asks for persistence instead, so results should be checked against it rather than tuned.")
VOL_PARAM(REAL, trust_scep_growth, "trust.scepticism_growth", 0.08, 0, 1, "index 0-1", NULL, NULL,
          "Scepticism gained per company activity a client takes part in, times (1 - scepticism) (T4)",
          BEHAVIOURAL, 0.02, 0.15, "seed 000; assumption",
          "Seed 000: only some clients become sceptical, so one company activity should add little.")
VOL_PARAM(REAL, trust_voice_inform, "trust.voice_inform_effect", 0.35, 0, 1, "share", NULL, NULL,
          "Fraction of scepticism growth prevented by informing clients (T4)",
          BEHAVIOURAL, 0.1, 0.6, "seed 000; assumption",
          "Seed 000: clients were unhappy about being badly informed; informing helps, by how much is unknown.")
VOL_PARAM(REAL, trust_voice_feedback, "trust.voice_feedback_effect", 0.35, 0, 1, "share", NULL, NULL,
          "Fraction of scepticism growth prevented by asking feedback (T4)",
          BEHAVIOURAL, 0.1, 0.6, "seed 000; assumption",
          "Seed 000: clients were not asked for feedback and would have liked to be; effect size unknown.")
VOL_PARAM(REAL, trust_voice_codesign, "trust.voice_codesign_effect", 0.35, 0, 1, "share", NULL, NULL,
          "Fraction of scepticism growth prevented by co-design (T4)",
          BEHAVIOURAL, 0.1, 0.6, "seed 000; assumption",
          "Seed 000: many clients would like to help decide on activities; effect size unknown.")
VOL_PARAM(REAL, trust_codesign_boost, "trust.codesign_event_boost", 0.3, 0, 5, "-", NULL, NULL,
          "Relative extra event boost when clients co-designed the activity",
          BEHAVIOURAL, 0, 0.6, "seed 000; assumption",
          "Seed 000 suggests co-designed activities fit needs better (the refugees know what they need); zero is defensible, more than a 60% extra boost is not.")
VOL_PARAM(REAL, trust_scep_days, "trust.scepticism_decay_days", 365, 1, 36500, "days", NULL, NULL,
          "Time constant of the decay of scepticism without new company activity",
          BEHAVIOURAL, 90, 730, "assumption",
          "Suspicion about the NPO's motives should outlast an event by months but not be permanent.")
VOL_PARAM(REAL, trust_scep_weight, "trust.scepticism_weight", 0.6, 0, 1, "-", NULL, NULL,
          "Trust in the NPO tends to initial trust times (1 - weight * scepticism) (T4)",
          BEHAVIOURAL, 0.2, 0.8, "assumption",
          "Scepticism must lower trust in the NPO (T4) without wiping it out.")
VOL_PARAM(REAL, trust_npo_days, "trust.npo_tracking_days", 60, 1, 36500, "days", NULL, NULL,
          "Time constant with which trust in the NPO follows its target",
          BEHAVIOURAL, 30, 180, "assumption",
          "Trust in an organisation changes over weeks to months.")
VOL_PARAM(REAL, trust_ending_loss, "trust.ending_trust_loss", 0.10, 0, 1, "index 0-1", NULL, NULL,
          "Drop in the client's trust in the NPO when a volunteer leaves prematurely",
          BEHAVIOURAL, 0.02, 0.2, "seed 004; assumption",
          "Seed 004: a volunteer quitting early endangers a hard-won relationship; some loss of trust in the NPO follows, size unknown.")
VOL_PARAM(REAL, trust_prof_gain, "trust.professional_gain_per_visit", 0.03, 0, 1, "trust 0-1", NULL, NULL,
          "Professional's trust gained in a volunteer per visit to one of their clients, times (1 - trust) (T3)",
          BEHAVIOURAL, 0.01, 0.06, "seed 004; assumption",
          "Seed 004: professionals trust volunteers they have worked with before; at 0.03 a volunteer reaches the 0.3 threshold after about a dozen visits (months), the range spans roughly 6 to 35 visits.")
VOL_PARAM(REAL, trust_coord_factor, "trust.coordinator_factor", 2.0, 0, 20, "-", NULL, NULL,
          "Multiplier of professional trust growth in NPOs with a coordinator (the coordinator brokers acquaintance)",
          BEHAVIOURAL, 1, 3, "seed 004; assumption",
          "Seed 004: coordinators know the volunteers and broker the match; they should not slow trust building, and tripling it is already generous.")
VOL_PARAM(REAL, trust_prof_dropout_loss, "trust.professional_dropout_loss", 0.5, 0, 1, "share", NULL, NULL,
          "Fraction of a professional's trust in a volunteer lost when that volunteer leaves one of their clients prematurely",
          BEHAVIOURAL, 0.2, 0.8, "seed 004; assumption",
          "Seed 004: professionals fear premature dropout above all; a dropout should cost much but not all of the trust.")

/* ---- handover and matching --------------------------------------------- */
VOL_PARAM(REAL, ho_review_days, "handover.review_days", 30, 1, 3650, "days", NULL, NULL,
          "Mean days between a professional's reviews of a client without a volunteer",
          BEHAVIOURAL, 14, 90, "assumption",
          "A social worker reconsiders a client's need for a volunteer every few weeks to a quarter.")
VOL_PARAM(REAL, ho_base, "handover.base", 0.6, 0, 1, "probability", NULL, NULL,
          "Probability that a professional hands an average client to a known, trusted volunteer at a review",
          BEHAVIOURAL, 0.3, 0.8, "seed 004; assumption",
          "Seed 004: professionals do hand easy clients to volunteers they know; certainty (1) or rarity (<0.3) would contradict that.")
VOL_PARAM(REAL, ho_complexity, "handover.complexity_aversion", 0.7, 0, 1, "-", NULL, NULL,
          "Reluctance to hand over complex clients: probability times (1 - aversion * complexity) (T2, P6)",
          BEHAVIOURAL, 0.5, 0.95, "seed 004",
          "Seed 004: professionals are very reluctant to use volunteers for complex cases and for the heaviest never tried; strong aversion.")
VOL_PARAM(REAL, ho_care_avoid, "handover.care_avoidance_aversion", 0.5, 0, 1, "-", NULL, NULL,
          "Reluctance to hand over care-avoidant clients whose trust was hard won (T2)",
          BEHAVIOURAL, 0.3, 0.8, "seed 004",
          "Seed 004: it is hard to tell a care-avoidant client 'I transfer you to a volunteer' once trust is won.")
VOL_PARAM(REAL, ho_unknown, "handover.unknown_volunteer_factor", 0.3, 0, 1, "-", NULL, NULL,
          "Probability multiplier when no known volunteer above the trust threshold is free (T3)",
          BEHAVIOURAL, 0.1, 0.5, "seed 004",
          "Seed 004: without a known suitable volunteer professionals prefer to keep the client; a strong cut, not necessarily zero.")
VOL_PARAM(REAL, ho_trust_threshold, "handover.trust_threshold", 0.3, 0, 1, "trust 0-1", NULL, NULL,
          "Professional trust at which a volunteer counts as known and suitable (T3)",
          BEHAVIOURAL, 0.2, 0.5, "assumption",
          "Where 'known and suitable' starts on the trust index is not measured.")
VOL_PARAM(REAL, ho_coordinator, "handover.coordinator_factor", 1.5, 0, 10, "-", NULL, NULL,
          "Probability multiplier in NPOs with a coordinator (P6)",
          BEHAVIOURAL, 1, 2.5, "seed 004; assumption",
          "Seed 004: with a coordinator the alignment between professional and volunteer is much better; the multiplier should be above 1, its size is unknown.")
VOL_PARAM(REAL, ho_hybrid, "handover.hybrid_factor", 1.3, 0, 10, "-", NULL, NULL,
          "Probability multiplier in hybrid NPOs, where goals are agreed up front (O1)",
          BEHAVIOURAL, 1, 2, "seed 004; assumption",
          "Seed 004: hybrid organisations treat volunteers as part of the care process; above 1, size unknown.")
VOL_PARAM(REAL, ho_self_referral, "handover.self_referral_days", 60, 1, 36500, "days", NULL, NULL,
          "Mean days until a client of a volunteer organisation without a volunteer asks for one (O1)",
          BEHAVIOURAL, 30, 180, "assumption",
          "How long a client of a volunteer organisation takes to ask for a volunteer is not reported.")
VOL_PARAM(REAL, ho_willing_loss, "handover.willingness_loss", 0.15, 0, 1, "index 0-1", NULL, NULL,
          "Drop in a professional's willingness to hand over after a premature ending of one of their clients (P8)",
          BEHAVIOURAL, 0.05, 0.3, "seed 004; assumption",
          "Seed 004: after volunteers quit, one worker stopped using volunteers for isolated clients; a noticeable but recoverable drop.")
VOL_PARAM(REAL, ho_willing_days, "handover.willingness_recovery_days", 180, 1, 36500, "days", NULL, NULL,
          "Time constant with which willingness recovers towards 1",
          BEHAVIOURAL, 90, 365, "assumption",
          "Bad experiences should weigh for months, not days or forever.")
VOL_PARAM(REAL, ho_min_skill, "handover.complex_min_skill", 0.0, 0, 1, "skill 0-1", NULL, NULL,
          "Minimum relational skill a volunteer needs to be matched with a complex client (complexity > handover.complex_threshold)",
          SETTING, 0, 1, "setting",
          "Policy lever: an NPO's screening rule for complex clients (scenario isolated_clients sets 0.65).")
VOL_PARAM(REAL, ho_complex_threshold, "handover.complex_threshold", 0.6, 0, 1, "index 0-1", NULL, NULL,
          "Complexity above which a client counts as complex: needs handover.complex_min_skill, counted in handovers_complex",
          BEHAVIOURAL, 0.5, 0.75, "seed 004; assumption",
          "Where a client counts as complex is a professional judgement; the isolated profile (mean 0.8) should mostly lie above it, the others mostly below.")
VOL_PARAM(REAL, ho_programme, "handover.programme_judgement", 1, 0, 1, "-", NULL, NULL,
          "How far the social worker's handover judgement decides who of a welfare or hybrid NPO's clients is offered a programme employee: consent probability 1 - j (1 - q), q the review-day handover probability with the unknown-volunteer factor; clients already waiting for a volunteer were handed over already (T2, T3)",
          BEHAVIOURAL, 0.5, 1, "seed 004",
          "Seed 004: the professional decides whether a client is handed to a volunteer, and is most reluctant with volunteers they do not know; a company employee is one. Full judgement (1) is the reading of seed 004; below 0.5 companies would bypass the professional, which no source describes.")
VOL_PARAM(REAL, care_support, "care.support", 0.04, 0, 1, "index 0-1", NULL, NULL,
          "Wellbeing support of professional care at full attention, for clients of welfare and hybrid NPOs (the counterfactual of a handover)",
          BEHAVIOURAL, 0.01, 0.1, "seed 004; assumption",
          "Seed 004: professionals' relationship-based care is the backbone for these clients, so keeping a client is worth something; above 0.1 it would rival a full volunteer bond and make every handover a loss, against seed 004's 'added value' of suitable volunteers.")
VOL_PARAM(REAL, care_caseload_ref, "care.caseload_reference", 15, 1, 100000, "clients", NULL, NULL,
          "Caseload (clients without a volunteer, plus care.after_handover_share per client with one) up to which a professional gives full attention; above it the support per client is diluted by reference / caseload",
          BEHAVIOURAL, 5, 25, "assumption",
          "Caseload at which professional attention starts to thin; no source document gives caseloads (the default population has about 20 clients per social worker).")
VOL_PARAM(REAL, care_after_share, "care.after_handover_share", 0.5, 0, 1, "share", NULL, NULL,
          "Share of professional support (and of the professional's time) a client keeps after being matched with a volunteer",
          BEHAVIOURAL, 0.2, 0.9, "seed 004",
          "Seed 004: in welfare NPOs the volunteer supplements professional help and most professionals keep a 'finger on the pulse', so much but not all support continues.")
VOL_PARAM(INT, match_candidates, "matching.candidates", 16, 1, 1000, "volunteers", NULL, NULL,
          "Volunteers sampled per client and day besides the professional's known ones (O(n) matching)",
          BEHAVIOURAL, 5, 40, "assumption",
          "Breadth of the matcher's search beyond known volunteers; also a computational shortcut, no source.")
VOL_PARAM(REAL, match_skill_weight, "matching.skill_weight", 1.0, 0, 10, "-", NULL, NULL,
          "Weight of skill fit (relational skill vs complexity, practical skill vs needs) in the match score",
          BEHAVIOURAL, 0.5, 2, "seed 004; seed 001; assumption",
          "Seeds 004 and 001: relational skill and empathy decide suitability; the weight relative to trust is unknown.")
VOL_PARAM(REAL, match_trust_weight, "matching.trust_weight", 1.0, 0, 10, "-", NULL, NULL,
          "Weight of the professional's trust in the volunteer in the match score (T3)",
          BEHAVIOURAL, 0.5, 2, "seed 004; assumption",
          "Seed 004: professionals prefer volunteers they have worked with; relative weight unknown.")
VOL_PARAM(REAL, match_avail_weight, "matching.availability_weight", 0.5, 0, 10, "-", NULL, NULL,
          "Weight of the volunteer's availability in the match score",
          BEHAVIOURAL, 0.2, 1, "assumption",
          "Availability matters for matching but no source weighs it against skill and trust.")

/* ---- volunteers ------------------------------------------------------- */
VOL_PARAM(INT, vol_initial, "volunteers.initial", 250, 0, 10000000, "volunteers", NULL, NULL,
          "Volunteers (regular and vulnerable) present on day 0",
          SETTING, 0, 10000000, "setting",
          "Population size.")
VOL_PARAM(REAL, vol_arrivals, "volunteers.arrivals_per_year", 90, 0, 1e7, "volunteers/year", NULL, NULL,
          "Mean yearly number of people offering to volunteer (Poisson)",
          SETTING, 0, 10000000, "setting",
          "Population size (inflow of applicants); volunteer scarcity per client is a scenario choice.")
VOL_PARAM(REAL, vol_vulnerable_share, "volunteers.vulnerable_share", 0.10, 0, 1, "share", NULL, NULL,
          "Share of people offering to volunteer who are in a vulnerable position (C4)",
          SETTING, 0, 1, "setting",
          "Share of kinds (scenario vulnerable_volunteers sets 0.30).")
VOL_PARAM(REAL, vol_episodic_share, "volunteers.episodic_share", 0.43, 0, 1, "share", NULL, NULL,
          "Share of volunteers who want volunteering 'on measure': planned matches of limited length (C3)",
          BEHAVIOURAL, 0.3, 0.5, "CBS 2020; seed 004; calibration",
          "Set so that occasional volunteers are about 37% of the active (45% in social assistance, CBS 2020) at the steady state after the default burn-in (0.41 before, docs/calibration.md step 7); seed 004: most modern volunteers want volunteering 'op maat'.")
VOL_PARAM(REAL, vol_episodic_days, "volunteers.episodic_match_days", 150, 1, 3650, "days", NULL, NULL,
          "Planned length of an episodic volunteer's match",
          BEHAVIOURAL, 60, 270, "seed 004; assumption",
          "Seed 004: volunteers avoid long commitments; an episodic match of a few months up to most of a year.")
VOL_PARAM(REAL, vol_concentration, "volunteers.trait_concentration", 10, 0.5, 10000, "-", NULL, NULL,
          "Concentration k of the Beta distributions of volunteer traits",
          BEHAVIOURAL, 4, 30, "assumption",
          "Trait SD of about 0.2 to 0.09 around 0.5: volunteers differ, but skill differences stay moderate.")
VOL_PARAM(REAL, vol_relational, "volunteers.relational_skill", 0.60, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean relational skill of regular volunteers",
          BEHAVIOURAL, 0.45, 0.75, "seed 004; assumption",
          "Seed 004: all professionals require good relational skills and find suitable volunteers scarce; a mean well above 0.75 would contradict that.")
VOL_PARAM(REAL, vol_empathy, "volunteers.empathy", 0.60, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean empathy of regular volunteers",
          BEHAVIOURAL, 0.45, 0.75, "seed 004; assumption",
          "Seed 004: empathy is a core requirement that not every volunteer meets.")
VOL_PARAM(REAL, vol_perseverance, "volunteers.perseverance", 0.60, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean perseverance / loyalty of regular volunteers",
          BEHAVIOURAL, 0.45, 0.75, "seed 004; assumption",
          "Seed 004: loyalty and perseverance ('trouw', 'doorzettingsvermogen') are core qualities, not universal.")
VOL_PARAM(REAL, vol_practical, "volunteers.practical_skill", 0.50, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean practical skill of regular volunteers",
          BEHAVIOURAL, 0.35, 0.65, "seed 004; assumption",
          "Seed 004 also asks for practical know-how; no scale available.")
VOL_PARAM(REAL, vol_reciprocity, "volunteers.reciprocity_expectation", 0.45, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean expectation of reciprocity (fun, thanks, a compliment) (C1)",
          BEHAVIOURAL, 0.3, 0.6, "seed 004; assumption",
          "Seed 004: volunteers often expect too much, want it to be fun and hope for something back, 'a compliment'; a moderate to high mean.")
VOL_PARAM(REAL, vol_challenge, "volunteers.challenge_seeking", 0.30, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean challenge seeking (finds difficult clients rewarding) (C2)",
          BEHAVIOURAL, 0.15, 0.45, "seed 004",
          "Seed 004: for some volunteers difficult people are a challenge; a minority trait.")
VOL_PARAM(REAL, vol_overinv, "volunteers.over_involvement", 0.30, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean over-involvement (gives more than is good for them) (B1)",
          BEHAVIOURAL, 0.15, 0.45, "seed 004",
          "Seed 004: over-involvement is a named pitfall for volunteers, not the rule.")
VOL_PARAM(REAL, vol_availability, "volunteers.availability", 0.60, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean availability; sets the visit interval between visit_interval_min and _max",
          BEHAVIOURAL, 0.4, 0.8, "Grossman & Tierney 1998; calibration",
          "With the visit-interval bounds this sets meetings at 2-4 a month (Big Brothers Big Sisters).")
VOL_PARAM(REAL, vol_interval_min, "volunteers.visit_interval_min", 7, 1, 365, "days", NULL, NULL,
          "Visit interval of a fully available volunteer (Grossman & Tierney 1998: 2-4 meetings a month)",
          BEHAVIOURAL, 5, 10, "Grossman & Tierney 1998; calibration",
          "2-4 meetings a month means intervals of about 7.5-15 days; the most available volunteers come about weekly.")
VOL_PARAM(REAL, vol_interval_max, "volunteers.visit_interval_max", 18, 1, 365, "days", NULL, NULL,
          "Visit interval of a barely available volunteer",
          BEHAVIOURAL, 14, 30, "Grossman & Tierney 1998; calibration",
          "The least available volunteers should still meet about twice a month or somewhat less.")
VOL_PARAM(REAL, vol_hours_visit, "volunteers.hours_per_visit", 2.5, 0.1, 24, "hours", NULL, NULL,
          "Hours per visit of a regular volunteer, travel included",
          BEHAVIOURAL, 1.5, 4, "CBS; assumption",
          "A one-to-one visit takes a couple of hours with travel; CBS's average of about 4 hours a week across all volunteering caps what visits every one to three weeks can add up to.")
VOL_PARAM(REAL, vol_vuln_acceptance, "volunteers.vulnerable.acceptance", 0.6, 0, 1, "probability", NULL, NULL,
          "Probability that a host NPO accepts a vulnerable volunteer without chain cooperation (C4)",
          BEHAVIOURAL, 0.4, 0.8, "seed 003; assumption",
          "Seed 003: host organisations hesitate ('koudwatervrees') about the supervision vulnerable volunteers need; many but not all accept.")
VOL_PARAM(REAL, vol_vuln_acceptance_chain, "volunteers.vulnerable.acceptance_chain", 0.9, 0, 1, "probability", NULL, NULL,
          "Acceptance probability with chain cooperation (C4, P9)",
          BEHAVIOURAL, 0.75, 0.98, "seed 003; assumption",
          "Seed 003: informed and involved hosts get over the threshold; should exceed acceptance without chain cooperation.")
VOL_PARAM(REAL, vol_vuln_drain, "volunteers.vulnerable.drain_factor", 1.6, 1, 10, "-", NULL, NULL,
          "Energy drain multiplier of unsupported vulnerable volunteers (C4)",
          BEHAVIOURAL, 1.2, 2.5, "seed 003; assumption",
          "Seed 003: vulnerable volunteers need extra support in doing the work; a higher drain, size unknown.")
VOL_PARAM(REAL, vol_vuln_dropout, "volunteers.vulnerable.dropout_factor", 1.8, 1, 10, "-", NULL, NULL,
          "Dropout hazard multiplier of unsupported vulnerable volunteers (C4)",
          BEHAVIOURAL, 1.2, 3, "seed 003; Nivel 2014/2018; assumption",
          "Participation of people with a disability is 0.63-0.74 times the population's (Nivel), which limits how much faster they may leave; the model's ratio (0.43) is already below it.")
VOL_PARAM(REAL, vol_vuln_support, "volunteers.vulnerable.chain_support", 0.7, 0, 1, "share", NULL, NULL,
          "Fraction of the extra drain and dropout of vulnerable volunteers removed by chain cooperation support",
          BEHAVIOURAL, 0.3, 0.9, "seed 003; assumption",
          "Seed 003: chain cooperation is a key condition for vulnerable volunteers; removing some to most of the extra burden.")
VOL_PARAM(REAL, vol_vuln_wellbeing, "volunteers.vulnerable.wellbeing", 0.40, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean base wellbeing of vulnerable people offering to volunteer",
          BEHAVIOURAL, 0.3, 0.5, "assumption",
          "Index without an external scale; below the mid value for people in a vulnerable position.")
VOL_PARAM(REAL, vol_vuln_gain, "volunteers.vulnerable.wellbeing_gain", 0.15, 0, 1, "index 0-1", NULL, NULL,
          "Wellbeing a vulnerable volunteer gains from active volunteering (structure, meaning) (C4)",
          BEHAVIOURAL, 0.05, 0.2, "seed 003; assumption",
          "Seed 003: volunteering gives vulnerable people structure, meaning and better reported mental health; a gain comparable with a client's gain from a full bond at most.")
VOL_PARAM(REAL, vol_vuln_wb_days, "volunteers.vulnerable.wellbeing_tracking_days", 30, 1, 3650, "days", NULL, NULL,
          "Time constant with which a vulnerable volunteer's wellbeing follows base + gain while active",
          BEHAVIOURAL, 14, 90, "assumption",
          "Wellbeing follows taking up or losing an activity over weeks to a few months.")
VOL_PARAM(REAL, vol_commitment0, "volunteers.initial_commitment", 0.7, 0.001, 0.999, "commitment 0-1", NULL, NULL,
          "Mean commitment of a new regular or vulnerable volunteer (Beta with volunteers.trait_concentration)",
          BEHAVIOURAL, 0.55, 0.85, "Vecina et al. 2010; calibration",
          "Set with the dropout hazards so that about a quarter to a third of volunteers stop within a year; newcomers start committed but below the maximum.")
VOL_PARAM(REAL, vol_recognition0, "volunteers.initial_recognition", 0.3, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean recognition of small results of a new regular or vulnerable volunteer (B3)",
          BEHAVIOURAL, 0.15, 0.45, "seed 004; assumption",
          "Seed 004: professionals have to teach volunteers to see small results, so newcomers start low.")

/* ---- energy and burnout ----------------------------------------------- */
VOL_PARAM(REAL, bo_drain, "burnout.drain_per_visit", 0.068, 0, 1, "energy 0-1", NULL, NULL,
          "Energy drained per visit, times demandingness and (1 + over_involvement_weight * over-involvement) (B1)",
          BEHAVIOURAL, 0.04, 0.09, "calibration; NCVO Time Well Spent 2019/2023; Phillips et al. 2014",
          "Not identified by the calibration of 2026-12-07 (docs/calibration.md step 8): 95% credible interval 0.04728-0.08915, 0.88 of the prior's width; the default stays, inside it. Set with the exit probability so that stress is 9-14% of stated exits (NCVO) and about 76% of volunteers have no burnout symptoms (hospice study), at the steady state after the default burn-in (0.065 before, docs/calibration.md step 7).")
VOL_PARAM(REAL, bo_overinv_weight, "burnout.over_involvement_weight", 1.5, 0, 10, "-", NULL, NULL,
          "How much over-involvement adds to the drain (B1, P7)",
          BEHAVIOURAL, 0.5, 3, "seed 004; assumption",
          "Seed 004: over-involvement and boundless helping lead to burnout; it should add to the drain, how much is unknown.")
VOL_PARAM(REAL, bo_recovery, "burnout.recovery_per_day", 0.004, 0, 1, "1/day", NULL, NULL,
          "Daily recovery of energy, times (1 - energy)",
          BEHAVIOURAL, 0.002, 0.008, "calibration; assumption",
          "Not identified by the calibration of 2026-12-07 (docs/calibration.md step 8): 95% credible interval 0.002177-0.0074, 0.92 of the prior's width; the default stays, inside it. Recovery half-time of about 3-12 months of no drain; with the drain it sets the share without symptoms (hospice study 76%).")
VOL_PARAM(REAL, bo_rest_recovery, "burnout.rest_recovery_factor", 3, 1, 100, "-", NULL, NULL,
          "Energy recovers this many times faster while a burnt-out volunteer rests",
          BEHAVIOURAL, 1.5, 5, "assumption",
          "Rest should speed recovery, not make it instantaneous.")
VOL_PARAM(REAL, bo_threshold, "burnout.threshold", 0.2, 0, 1, "energy 0-1", NULL, NULL,
          "Energy below which a volunteer burns out and rests",
          BEHAVIOURAL, 0.1, 0.3, "assumption",
          "Burnout at a low but not exhausted energy; no scale links energy to a measure.")
VOL_PARAM(REAL, bo_symptom, "burnout.symptom_threshold", 0.33, 0, 1, "energy 0-1", NULL, NULL,
          "Energy below which a volunteer counts as having burnout symptoms (calibration: 76% without)",
          BEHAVIOURAL, 0.25, 0.45, "Phillips et al. 2014; calibration",
          "Read only by observation and tuned in 0.1 to give about 76% without symptoms (n = 97, about +-8.5 points); must stay above burnout.threshold, and if tuned the hospice target identifies nothing.")
VOL_PARAM(REAL, bo_rest_days, "burnout.rest_days", 60, 1, 3650, "days", NULL, NULL,
          "Mean days a burnt-out volunteer rests before deciding to return or leave",
          BEHAVIOURAL, 30, 120, "assumption",
          "A burnt-out volunteer pauses for one to a few months before deciding.")
VOL_PARAM(REAL, bo_exit, "burnout.exit_probability", 0.4, 0, 1, "probability", NULL, NULL,
          "Probability that a burnt-out volunteer leaves for good after resting (exit reason: stress)",
          BEHAVIOURAL, 0.2, 0.6, "calibration; NCVO Time Well Spent 2019/2023",
          "Not identified by the calibration of 2026-12-07 (docs/calibration.md step 8): 95% credible interval 0.2123-0.5863, 0.98 of the prior's width; the default stays, inside it. Set with the drain so that stress is 9-14% of stated reasons for stopping.")

/* ---- supervision ------------------------------------------------------ */
VOL_PARAM(REAL, sup_hours_prof, "supervision.hours_per_professional", 0.75, 0, 40, "hours/week", NULL, NULL,
          "Weekly hours a social worker can give to supervising volunteers (B4)",
          BEHAVIOURAL, 0.25, 1.5, "seed 004; assumption",
          "Seed 004: professionals say there is hardly any time to supervise volunteers, especially without a coordinator.")
VOL_PARAM(REAL, sup_hours_coord, "supervision.hours_per_coordinator", 12, 0, 40, "hours/week", NULL, NULL,
          "Weekly hours a volunteer coordinator gives to supervising volunteers (B2)",
          BEHAVIOURAL, 6, 20, "seed 004; assumption",
          "Seed 004: a coordinator makes supervision much better organised; a substantial part of a (part-time) coordinator's week, not the full 40 hours.")
VOL_PARAM(REAL, sup_need, "supervision.need_hours_per_month", 1.0, 0, 40, "hours/month", NULL, NULL,
          "Supervision a matched volunteer needs per month; volunteers with low energy are served first",
          BEHAVIOURAL, 0.5, 2, "assumption",
          "Seed 004 calls regular alignment crucial but gives no hours; about an hour a month per matched volunteer is a practice norm.")
VOL_PARAM(REAL, sup_low_energy, "supervision.low_energy", 0.5, 0, 1, "energy 0-1", NULL, NULL,
          "Energy below which a matched volunteer needs supervision.low_energy_factor times the usual supervision",
          BEHAVIOURAL, 0.35, 0.65, "assumption",
          "Volunteers below about half their energy need extra attention; not measured.")
VOL_PARAM(REAL, sup_low_factor, "supervision.low_energy_factor", 2, 1, 10, "-", NULL, NULL,
          "Multiplier of the supervision need of a volunteer with low energy",
          BEHAVIOURAL, 1.5, 3, "assumption",
          "A struggling volunteer needs more, but not unboundedly more, supervision.")
VOL_PARAM(REAL, sup_restore, "supervision.energy_restore", 0.06, 0, 1, "energy/hour", NULL, NULL,
          "Energy restored per hour of supervision, times (1 - energy) (B2)",
          BEHAVIOURAL, 0.03, 0.09, "seed 004; assumption",
          "Seed 004: professionals guard the volunteer's carrying capacity; an hour of supervision restores a few percent of the missing energy.")
VOL_PARAM(REAL, sup_expectation, "supervision.expectation_management", 0.04, 0, 1, "1/hour", NULL, NULL,
          "Relative reduction of an unmet reciprocity expectation per hour of supervision (C1)",
          BEHAVIOURAL, 0.01, 0.08, "seed 004; assumption",
          "Seed 004: professionals warn volunteers what to expect from difficult clients; a slow correction of unmet expectations.")
VOL_PARAM(REAL, sup_recognition, "supervision.recognition_gain", 0.05, 0, 1, "1/hour", NULL, NULL,
          "Gain in recognising small results per hour of supervision, times (1 - recognition) (B3)",
          BEHAVIOURAL, 0.02, 0.1, "seed 004; assumption",
          "Seed 004: professionals point volunteers to small steps ('a clean T-shirt'); learning takes months.")

/* ---- commitment and dropout -------------------------------------------- */
VOL_PARAM(REAL, cm_learning, "commitment.learning_rate", 0.04, 0, 1, "-", NULL, NULL,
          "Per visit, commitment moves by this rate times (reward - expectation of reciprocity) (C1)",
          BEHAVIOURAL, 0.02, 0.06, "calibration; Vecina et al. 2010; STAR Project 2018",
          "Set with the dropout hazards against first-year dropout (25-35.5%) and match closure within a year (30-38%).")
VOL_PARAM(REAL, cm_reward_memory, "commitment.reward_memory", 0.1, 0.001, 1, "-", NULL, NULL,
          "Weight of a visit's reward in the volunteer's running mean of reward (mean <- (1 - w) mean + w reward), which supervision compares with the expectation",
          BEHAVIOURAL, 0.05, 0.3, "assumption",
          "The running mean of reward should remember the last few to twenty visits.")
VOL_PARAM(REAL, cm_reward_base, "commitment.reward_base", 0.35, 0, 1, "-", NULL, NULL,
          "Reward of a visit before client progress, thanks and challenge",
          BEHAVIOURAL, 0.2, 0.5, "assumption",
          "A visit gives some intrinsic reward before thanks and progress; no scale.")
VOL_PARAM(REAL, cm_thanks, "commitment.thanks_weight", 0.35, 0, 2, "-", NULL, NULL,
          "Reward from the client's gratitude, times the bond",
          BEHAVIOURAL, 0.2, 0.5, "seed 004; assumption",
          "Seed 004: ungrateful or unfriendly clients disappoint volunteers, so thanks matter; size unknown.")
VOL_PARAM(REAL, cm_challenge, "commitment.challenge_weight", 0.4, 0, 2, "-", NULL, NULL,
          "Reward of client complexity, times (2 * challenge_seeking - 1): seekers gain, others lose (C2)",
          BEHAVIOURAL, 0.2, 0.6, "seed 004; assumption",
          "Seed 004: for challenge seekers the hardest clients are the most fun; others are put off.")
VOL_PARAM(REAL, cm_recognition, "commitment.recognition_weight", 0.3, 0, 2, "-", NULL, NULL,
          "Reward from recognising small results with clients whose progress is slow, times recognition (B3)",
          BEHAVIOURAL, 0.1, 0.5, "seed 004; assumption",
          "Seed 004: recognising small results keeps volunteers going with slow clients.")
VOL_PARAM(REAL, cm_demand, "commitment.demand_weight", 0.3, 0, 2, "-", NULL, NULL,
          "Loss of reward with demanding clients, times demandingness (B1)",
          BEHAVIOURAL, 0.1, 0.5, "seed 004; assumption",
          "Seed 004: volunteers often have no wish to work with very claiming clients.")
VOL_PARAM(REAL, do_circumstances, "dropout.circumstances_per_year", 0.2457, 0, 10, "1/year", NULL, NULL,
          "Yearly hazard of leaving for reasons outside the role: changing circumstances or less time, and other personal reasons (health, age, moving away); dropout.other_personal_share of these exits carry the second label",
          BEHAVIOURAL, 0.08, 0.3, "Vecina et al. 2010; CNCS 2009; NCVO Time Well Spent 2019/2023; calibration",
          "Posterior median of the calibration of 2026-12-07 (docs/calibration.md step 8; was 0.29): 95% credible interval 0.1148-0.434, 0.67 of the prior's width (weakly identified). Total dropout of 25-35.5% a year (hazard 0.29-0.44) of which NCVO puts changed circumstances or less time at 33-37%: about 0.1-0.15 for that category alone; the hazard also covers NCVO's other personal reasons, so it is higher (their split is dropout.other_personal_share). 0.29 holds total dropout at about 27% a year at the steady state after the default burn-in (0.26 before, docs/calibration.md step 7).")
VOL_PARAM(REAL, do_other_share, "dropout.other_personal_share", 0.55, 0, 1, "share", NULL, NULL,
          "Share of the exits of the circumstances hazard labelled other personal reasons (health, age, moving away, no longer needed) instead of changing circumstances or less time; only the label: who leaves when does not change",
          BEHAVIOURAL, 0.4, 0.6, "NCVO Time Well Spent 2019/2023; calibration",
          "Not identified by the calibration of 2026-12-07 (docs/calibration.md step 8): 95% credible interval 0.4155-0.5967, 0.95 of the prior's width; the default stays, inside it. 0 labels every such exit circumstances, as in 0.1. NCVO puts changing circumstances or less time at 33-37% of reasons, stress at 9-14% and management at about 10%, leaving roughly 40-48% to other reasons; since the 0.2 recalibration of the unmet-expectations hazard about 78% of the baseline's exits come from this hazard, so 1 - 0.35 / 0.78 = 0.55 puts circumstances at 35% of exits (0.5 when it was 71%). The range allows for respondents giving several reasons.")
VOL_PARAM(REAL, do_commitment, "dropout.low_commitment_per_year", 0.7, 0, 100, "1/year", NULL, NULL,
          "Yearly hazard of leaving at zero commitment; scales linearly to 0 at commitment.threshold (C1)",
          BEHAVIOURAL, 0.5, 4, "calibration; Vecina et al. 2010; STAR Project 2018; Kupersmidt et al. 2017",
          "Not identified by the calibration of 2026-12-07 (docs/calibration.md step 8): 95% credible interval 0.6108-3.924, 1.00 of the prior's width; the default stays, inside it. Calibrated in 0.2 (was 2.0) so that exits for unmet expectations are about 10% of all exits (NCVO: unhappy with how the organisation is managed), with yearly dropout (25-35.5%) and matches closed within a year (30-38%) still in their ranges.")
VOL_PARAM(REAL, do_threshold, "commitment.threshold", 0.4, 0.01, 1, "commitment 0-1", NULL, NULL,
          "Commitment below which the unmet-expectation dropout hazard starts",
          BEHAVIOURAL, 0.25, 0.55, "assumption",
          "Commitment at which unmet expectations start to make volunteers leave; not measured.")
VOL_PARAM(REAL, do_early, "dropout.early_factor", 1.1, 0, 20, "-", NULL, NULL,
          "Extra hazard in the first months: hazard times (1 + factor * exp(-tenure / early_days))",
          BEHAVIOURAL, 0.5, 3, "Vecina et al. 2010; calibration",
          "Not identified by the calibration of 2026-12-07 (docs/calibration.md step 8): 95% credible interval 0.5216-2.885, 0.99 of the prior's width; the default stays, inside it. Dropout hazard is highest in the first months (brief stylised fact); the early hazard should exceed the later one without dominating all exits; 1.1 at the steady state after the default burn-in, where the circumstances hazard carries more of the exits (1.5 before, docs/calibration.md step 7).")
VOL_PARAM(REAL, do_early_days, "dropout.early_days", 90, 1, 3650, "days", NULL, NULL,
          "Time scale of the early-tenure hazard",
          BEHAVIOURAL, 45, 180, "assumption",
          "'The first months' of a volunteer's tenure.")
VOL_PARAM(REAL, do_perseverance, "dropout.perseverance_effect", 0.6, 0, 1, "-", NULL, NULL,
          "Hazard multiplier (1 - effect * (perseverance - 0.5) * 2), floored at 0",
          BEHAVIOURAL, 0.3, 0.8, "seed 004; assumption",
          "Seed 004: loyalty and perseverance keep volunteers with difficult clients; strong but not absolute.")

/* ---- companies and engagement formats ------------------------------------ */
VOL_PARAM(INT, co_count, "companies.count", 4, 0, 100000, "companies", NULL, NULL,
          "Number of companies with an employee volunteering programme",
          SETTING, 0, 100000, "setting",
          "Population size.")
VOL_PARAM(INT, co_pool, "companies.pool_size", 200, 1, 10000000, "employees", NULL, NULL,
          "Employees per company who could take part",
          SETTING, 1, 10000000, "setting",
          "Population size.")
VOL_PARAM(CHOICE, co_format, "companies.format", 0, 0, 2, "-", "none|group|one_to_one", NULL,
          "Programme format: none; group activities with the NPO's clients; one employee with one client (E1, E3)",
          SETTING, 0, 2, "setting",
          "Scenario design (E1, E3).")
VOL_PARAM(INT, co_duration, "companies.duration_days", 1, 1, 3650, "days", NULL, NULL,
          "Length of one engagement (1 = a one-off day; 90 = a three-month programme)",
          SETTING, 1, 3650, "setting",
          "Scenario design: programme duration.")
VOL_PARAM(INT, co_interval, "companies.visit_interval_days", 14, 1, 3650, "days", NULL, NULL,
          "Days between visits within an engagement (ignored when duration is 1)",
          SETTING, 1, 3650, "setting",
          "Scenario design: visit interval.")
VOL_PARAM(REAL, co_rounds, "companies.rounds_per_year", 4, 0.01, 365, "rounds/year", NULL, NULL,
          "Engagements each company starts per year, evenly spaced",
          SETTING, 0.01, 365, "setting",
          "Scenario design.")
VOL_PARAM(REAL, co_hours, "companies.hours_per_year", 336, 0, 1e7, "hours/year", NULL, NULL,
          "Employee hours each company gives per year; the format decides how they are spent (equal-hours comparisons)",
          SETTING, 0, 10000000, "setting",
          "Scenario design: employee hours (equal-hours comparison).")
VOL_PARAM(REAL, co_hours_visit, "companies.hours_per_visit", 6, 0.1, 24, "hours", NULL, NULL,
          "Hours each employee spends per visit or event day",
          SETTING, 0.1, 24, "setting",
          "Scenario design: programme hours.")
VOL_PARAM(REAL, co_ratio, "companies.clients_per_employee", 1.0, 0.01, 100, "clients/employee", NULL, NULL,
          "Clients taking part in a group activity per employee ('ten to ten instead of ten to one') (E1)",
          SETTING, 0.01, 100, "setting",
          "Scenario design: companion ratio of group days (E1).")
VOL_PARAM(REAL, co_attention, "companies.attention_elasticity", 0.5, 0, 1, "-", NULL, NULL,
          "Elasticity of a group day's event boost in the attention per client: boost times min(1, 1 / clients_per_employee)^elasticity ('ten to ten instead of ten to one') (E1)",
          BEHAVIOURAL, 0.2, 1, "seed 000; assumption",
          "Seed 000: 'ten to ten instead of ten to one' gives each client more personal attention, so the elasticity is above 0; 1 means attention is shared out fully.")
VOL_PARAM(REAL, co_maintenance, "companies.maintenance_share", 0.4, 0, 1, "share", NULL, NULL,
          "Share of group days that are maintenance jobs with little personal interaction (E1)",
          SETTING, 0, 1, "setting",
          "Scenario design: mix of group activities and maintenance jobs (E1).")
VOL_PARAM(REAL, co_maint_contact, "companies.maintenance_contact", 0.25, 0, 1, "-", NULL, NULL,
          "Fraction of the event boost and scepticism that a maintenance day brings to clients",
          BEHAVIOURAL, 0.1, 0.5, "seed 000",
          "Seed 000: clients say maintenance jobs leave little time for personal interaction; some contact remains.")
VOL_PARAM(CHOICE, co_selection, "companies.selection", 0, 0, 1, "-", "company|needs_first", NULL,
          "Who picks the employees: the company (often senior or specialist staff) or the NPO's needs (soft skills) (E4, P5)",
          SETTING, 0, 1, "setting",
          "Policy lever (E4, scenario needs_first).")
VOL_PARAM(REAL, co_senior_share, "companies.senior_share", 0.3, 0.01, 1, "share", NULL, NULL,
          "Company-led selection draws from the top share of the pool by seniority (practical skill) (E4)",
          BEHAVIOURAL, 0.1, 0.5, "seed 001; assumption",
          "Seed 001: companies often send senior or specialist staff; the size of that tier is unknown.")
VOL_PARAM(INT, co_needs_sample, "companies.needs_first_sample", 3, 1, 100, "employees per place", NULL, NULL,
          "Needs-first selection: available employees sampled per place, of whom those with the best soft skills come, the best placed first (E4); at 1 there is no choice and the employees come in random order",
          BEHAVIOURAL, 2, 5, "seed 001; assumption",
          "How many willing employees per place an NPO can choose from; one gives no choice, large pools are unrealistic.")
VOL_PARAM(REAL, co_commitment0, "companies.initial_commitment", 0.6, 0, 1, "commitment 0-1", NULL, NULL,
          "Commitment of an employee starting a programme",
          BEHAVIOURAL, 0.4, 0.75, "seed 000; seed 001; assumption",
          "Employees are chosen by their company, not self-selected, and companies do not guarantee repeat visits (seed 000); below regular volunteers' start.")
VOL_PARAM(REAL, co_recognition0, "companies.initial_recognition", 0.2, 0, 1, "index 0-1", NULL, NULL,
          "Recognition of small results of an employee starting a programme (B3)",
          BEHAVIOURAL, 0.1, 0.35, "seed 004; assumption",
          "Employees have not learnt to see small results (seed 004 on volunteers generally); no higher than regular newcomers.")
VOL_PARAM(REAL, co_routine_cutoff, "companies.needs_first_routine_cutoff", 0.6, 0, 1, "index 0-1", NULL, NULL,
          "Needs-first NPOs keep clients with routine sensitivity above this out of company activities (E2)",
          BEHAVIOURAL, 0.5, 0.8, "seed 000; assumption",
          "Seed 000: disruption harms clients with autism or psychiatric conditions; a needs-first NPO keeps the most routine-sensitive out, where exactly is a judgement.")
VOL_PARAM(BOOL, co_waiting_first, "companies.needs_first_waiting_first", 1, 0, 1, "-", NULL, NULL,
          "Needs-first NPOs offer programme places to the clients waiting for a volunteer first, longest waiting first (off: in random order, as under company-led selection)",
          SETTING, 0, 1, "setting",
          "Part of what the NPO's needs deciding means in seed 001; a switch so that the share of the needs-first effect that comes from who gets the places can be measured apart from who comes.")
VOL_PARAM(REAL, co_budget, "companies.budget_per_round", 500, 0, 1e9, "EUR", NULL, NULL,
          "Budget a company brings to the NPO per engagement round (E1, E5)",
          SETTING, 0, 1000000000, "setting",
          "Scenario design: what a company brings (E1, E5).")
VOL_PARAM(REAL, co_outing_cost, "companies.outing_cost_per_client", 25, 0, 1e9, "EUR", NULL, NULL,
          "Cost per client of a group outing (not a maintenance day), paid from the budget companies bring; without enough budget fewer clients go (E1: outings that budget cuts had cancelled); 0: outings cost nothing",
          SETTING, 0, 1000000000, "setting",
          "Scenario input paired with companies.budget_per_round: what an outing costs the NPO per client.")
VOL_PARAM(CHOICE, co_motive, "companies.motive", 0, 0, 1, "-", "business_case|social_impact", NULL,
          "Company motive; social-impact companies let employees stay on after a programme in company time",
          SETTING, 0, 1, "setting",
          "Scenario design (seed 001).")
VOL_PARAM(REAL, co_attendance, "companies.visit_attendance", 0.85, 0, 1, "probability", NULL, NULL,
          "Probability that an employee comes to a scheduled programme visit; a missed visit builds no bond and gives no hours (seed 000: companies cannot guarantee an employee comes more than once)",
          BEHAVIOURAL, 0.6, 0.95, "seed 000; assumption",
          "Seed 000 says companies cannot and will not guarantee an employee comes more than once, so 1 is implausible; below 0.6 a programme would hardly be one.")
VOL_PARAM(REAL, co_dropout, "companies.dropout_per_year", 0.8, 0, 50, "1/year", NULL, NULL,
          "Yearly hazard of an employee leaving a programme early (work, circumstances); the early end is premature for the client",
          BEHAVIOURAL, 0.3, 2, "seed 000; STAR Project 2018; assumption",
          "Regular mentors close about 30% of matches within a year (hazard about 0.36); employees should leave at least as often, up to about 40% of 90-day programmes (hazard 2).")
VOL_PARAM(BOOL, co_keep_waiting, "companies.keep_waiting_place", 1, 0, 1, "-", NULL, NULL,
          "A client who was waiting for a regular volunteer when a programme began waits from the same day again when it ends without a stay-on (off: the client must be handed over anew, as in 0.1)",
          SETTING, 0, 1, "setting",
          "A policy choice to be made deliberately: on by default since 0.2 (0.1 reset the place, which left programme clients waiting longer than without a programme).")
VOL_PARAM(REAL, co_stay_on, "companies.stay_on_probability", 0.25, 0, 1, "probability", NULL, NULL,
          "Probability, times the bond, that a corporate volunteer stays on as a regular volunteer with their client after a programme",
          BEHAVIOURAL, 0.1, 0.4, "seed 000; assumption",
          "Seed 000: durable involvement beyond the programme is rare; some employees do stay on, the share is unknown.")
VOL_PARAM(REAL, co_social_factor, "companies.social_impact_stay_factor", 1.5, 1, 10, "-", NULL, NULL,
          "Stay-on multiplier for social-impact companies",
          BEHAVIOURAL, 1, 2.5, "seed 001; assumption",
          "Seed 001: impact-oriented programmes serve the partner better; a modest multiplier, size unknown.")
VOL_PARAM(REAL, co_relational, "companies.relational_skill", 0.50, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean relational skill in the employee pool",
          BEHAVIOURAL, 0.35, 0.65, "seed 001; assumption",
          "Seed 001: employees the company picks are not necessarily the ones with the soft skills needed; an average pool, below regular volunteers.")
VOL_PARAM(REAL, co_empathy, "companies.empathy", 0.50, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean empathy in the employee pool",
          BEHAVIOURAL, 0.35, 0.65, "seed 001; assumption",
          "Seed 001: empathy matters more than seniority and is not what companies select for.")
VOL_PARAM(REAL, co_practical, "companies.practical_skill", 0.60, 0.001, 0.999, "index 0-1", NULL, NULL,
          "Mean practical skill (seniority) in the employee pool",
          BEHAVIOURAL, 0.45, 0.75, "seed 001; assumption",
          "Seed 001: senior and specialist staff bring professional skills; above regular volunteers.")
