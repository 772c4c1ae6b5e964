/* SPDX-License-Identifier: GPL-3.0-or-later */
/* volsim.h: the public interface of libvolsim, an agent-based simulator of
 * volunteering ecosystems. Every exported symbol starts with vol_. */
#ifndef VOLSIM_H
#define VOLSIM_H
#include "vol_status.h"
#include "vol_params.h"
#include "vol_metrics.h"
#include "vol_rng.h"
#include "vol_sim.h"
#endif
