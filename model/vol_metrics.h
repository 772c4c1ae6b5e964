/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_metrics.h: the recorded outcomes, generated from vol_metric_table.h. */
#ifndef VOL_METRICS_H
#define VOL_METRICS_H
#include "vol_api.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
#define VOL_METRIC(id, name, unit, desc) VOL_M_##id,
#include "vol_metric_table.h"
#undef VOL_METRIC
    VOL_M_COUNT
} vol_metric_id;

typedef struct {
    const char *name;        /* dataset name, snake_case */
    const char *unit;
    const char *description; /* what it is and how it is computed */
} vol_metric_info;

/* Number of metrics (VOL_M_COUNT). */
VOL_API size_t vol_metrics_count(void);
/* Row i of the metrics table, NULL when out of range. */
VOL_API const vol_metric_info *vol_metrics_info(size_t i);
/* Index of the metric with this name, -1 when there is none. */
VOL_API int vol_metrics_find(const char *name);

#ifdef __cplusplus
}
#endif
#endif
