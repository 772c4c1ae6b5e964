/* SPDX-License-Identifier: GPL-3.0-or-later */
/* corpus_test.h: what the tests of the bad-input corpus share (listing the
 * .cfg files of a directory, searching diagnostics). Include after
 * criterion.h and scenario.h. */
#ifndef VOLSIM_CORPUS_TEST_H
#define VOLSIM_CORPUS_TEST_H

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted .cfg files of directory path (malloc'd names), count in *n; none
 * when it does not exist. */
static char **list_cfg(const char *path, size_t *n)
{
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    DIR *d = opendir(path);
    if (!d) return NULL;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".cfg") != 0) continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 32;
            names = realloc(names, cap * sizeof *names);
            cr_assert_not_null(names);
        }
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (*n) qsort(names, *n, sizeof *names, cmp_str);
    return names;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

/* Whether a diagnostic line contains s. */
static int any_line_has(const vol_diag *d, const char *s)
{
    for (size_t k = 0; k < d->count; k++)
        if (strstr(d->lines[k], s)) return 1;
    return 0;
}

#endif
