/* SPDX-License-Identifier: GPL-3.0-or-later */
/* metrics.c: the metrics table (rows from vol_metric_table.h). */
#include <string.h>
#include "vol_metrics.h"

static const vol_metric_info metric_rows[] = {
#define VOL_METRIC(id, name, unit, desc) {name, unit, desc},
#include "vol_metric_table.h"
#undef VOL_METRIC
};

size_t vol_metrics_count(void) { return VOL_M_COUNT; }

const vol_metric_info *vol_metrics_info(size_t i)
{
    return i < VOL_M_COUNT ? &metric_rows[i] : NULL;
}

int vol_metrics_find(const char *name)
{
    for (size_t i = 0; i < VOL_M_COUNT; i++)
        if (strcmp(metric_rows[i].name, name) == 0) return (int)i;
    return -1;
}
