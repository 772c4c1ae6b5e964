/* SPDX-License-Identifier: GPL-3.0-or-later */
/* params_internal.h: derived quantities of the parameters (not installed). */
#ifndef VOL_PARAMS_INTERNAL_H
#define VOL_PARAMS_INTERNAL_H
#include "vol_params.h"

/* Visits (or event days) per company engagement: 1 + (duration-1)/interval. */
long vol_params_visits_per_engagement(const vol_params *p);
/* Employees a company sends per round so that the yearly hours budget is
 * spent: hours_per_year / (rounds_per_year x visits x hours_per_visit),
 * rounded; 0 when the format is none. */
long vol_params_employees_per_round(const vol_params *p);

#endif
