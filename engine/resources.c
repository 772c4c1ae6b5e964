/* SPDX-License-Identifier: GPL-3.0-or-later */
/* resources.c: refusing work that cannot fit in memory, before allocating. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include "vol_resources.h"

size_t vol_memory_parse_size(const char *s)
{
    char *end;
    if (!s || isspace((unsigned char)*s)) return 0;
    double v = strtod(s, &end);
    if (end == s || !(v > 0) || isinf(v)) return 0;
    while (isspace((unsigned char)*end)) end++;
    const char *u = end;
    switch (toupper((unsigned char)*end)) {
    case 'K': v *= 1024.0; u++; break;
    case 'M': v *= 1048576.0; u++; break;
    case 'G': v *= 1073741824.0; u++; break;
    case 'T': v *= 1099511627776.0; u++; break;
    default: break;
    }
    /* K, KB, KiB; B alone: nothing else may follow */
    if (u > end && *u == 'i') u++;
    if (*u == 'B' || *u == 'b') u++;
    while (isspace((unsigned char)*u)) u++;
    if (*u) return 0;
    if (v < 1) return 0;
    return v >= (double)SIZE_MAX ? SIZE_MAX : (size_t)v;
}

size_t vol_memory_available(void)
{
    const char *limit = getenv("VOLSIM_MEMORY_LIMIT");
    if (limit && *limit) {
        size_t v = vol_memory_parse_size(limit);
        if (v) return v;
    }
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        unsigned long long kb;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) {
                fclose(f);
                return (size_t)kb * 1024;
            }
        fclose(f);
    }
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (size_t)pages * (size_t)size : SIZE_MAX;
}

static void human(double bytes, char *buf, size_t n)
{
    const char *unit[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    while (bytes >= 1024.0 && u < 6) {
        bytes /= 1024.0;
        u++;
    }
    snprintf(buf, n, u ? "%.1f %s" : "%.0f %s", bytes, unit[u]);
}

int vol_memory_fits(const vol_params *p, int concurrent, char *msg, size_t n)
{
    if (concurrent < 1) concurrent = 1;
    double one = (double)vol_params_memory_estimate(p), all = one * concurrent;
    double avail = (double)vol_memory_available();
    if (all <= avail) return 1;
    char a[32], b[32], c[32];
    human(one, a, sizeof a);
    human(all, b, sizeof b);
    human(avail, c, sizeof c);
    if (concurrent > 1 && one <= avail)
        snprintf(msg, n,
                 "needs about %s per replicate (clients.count = %ld, volunteers.initial = %ld, companies.count = %ld x "
                 "companies.pool_size = %ld), %s for %d at once, but only %s of memory is available; use fewer threads "
                 "(-t) or a smaller population",
                 a, p->clients_count, p->vol_initial, p->co_count, p->co_pool, b, concurrent, c);
    else
        snprintf(msg, n,
                 "needs about %s per replicate (clients.count = %ld, volunteers.initial = %ld, companies.count = %ld x "
                 "companies.pool_size = %ld), but only %s of memory is available; use a smaller population",
                 a, p->clients_count, p->vol_initial, p->co_count, p->co_pool, c);
    return 0;
}
