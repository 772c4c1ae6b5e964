/* SPDX-License-Identifier: GPL-3.0-or-later */
/* command_test.h: what the tests of the volsim command share: a scratch
 * directory per test and a shell runner. Include after criterion.h, with
 * _GNU_SOURCE defined (vasprintf, mkdtemp). */
#ifndef VOLSIM_COMMAND_TEST_H
#define VOLSIM_COMMAND_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define SCEN VOLSIM_SOURCE_DIR "/scenarios"
#define SWEEPS VOLSIM_SOURCE_DIR "/tests/data/sweeps"
/* a small, quick population for command tests, from the constructed day-0
 * state (no burn-in: the tests are of the commands, not of the steady state) */
#define SMALL "--set clients.count=150 --set npo.count=5 --set volunteers.initial=60 --set companies.pool_size=60 --set run.burn_in_days=0 -q"

/* the current test's scratch directory */
static char dir[256];

static inline void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/volsim_test_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static inline void remove_dir(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Runs a shell command line; returns its exit status. */
static inline int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int sh(const char *fmt, ...)
{
    char *cmd;
    va_list ap;
    va_start(ap, fmt);
    cr_assert_geq(vasprintf(&cmd, fmt, ap), 0);
    va_end(ap);
    int st = system(cmd);
    free(cmd);
    cr_assert(WIFEXITED(st), "command did not exit normally");
    return WEXITSTATUS(st);
}

#endif
