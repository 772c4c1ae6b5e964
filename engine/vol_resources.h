/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_resources.h: refusing work that cannot fit in memory, before allocating. */
#ifndef VOL_RESOURCES_H
#define VOL_RESOURCES_H

#include <stddef.h>
#include "volsim.h"

/* Bytes of memory available to a new process now (MemAvailable of
 * /proc/meminfo; physical memory when that cannot be read). The variable
 * VOLSIM_MEMORY_LIMIT (bytes, or with a K, M, G or T suffix) overrides it,
 * e.g. to respect a batch job's allocation. */
VOL_API size_t vol_memory_available(void);

/* A size as VOLSIM_MEMORY_LIMIT takes it: a positive number of bytes, or
 * with a K, M, G or T suffix (KB, KiB, ... alike); 0 when s is not one. */
VOL_API size_t vol_memory_parse_size(const char *s);

/* Whether `concurrent` replicates of p fit in the available memory. When
 * not, writes a message into msg (setting values, the estimate per
 * replicate and in all, what is available, what to do) and returns 0. */
VOL_API int vol_memory_fits(const vol_params *p, int concurrent, char *msg, size_t n);

#endif
