/* SPDX-License-Identifier: GPL-3.0-or-later */
/* output.c: the files commands write, through temporaries (commands.h). */
#define _GNU_SOURCE /* sigaction */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"

int vcli_output_begin(const char *cmd, const char *path, int force, vol_outfile **w)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    const char *ext = dot && (!slash || dot > slash + 1) && (dot[1] != '\0') ? dot : NULL;
    vol_status st = vol_outfile_begin(path, force, ext, w);
    if (st == VOL_OK) return 0;
    fprintf(stderr, "volsim %s: %s\n", cmd, vol_error_message());
    return st == VOL_EINVAL ? VCLI_EXIT_BAD_INPUT : VCLI_EXIT_RUNTIME;
}

int vcli_output_end(const char *cmd, vol_outfile *w, int rc)
{
    if (rc != 0) {
        vol_outfile_abort(w);
        return rc;
    }
    vol_status st = vol_outfile_commit(w);
    if (st == VOL_OK) return 0;
    fprintf(stderr, "volsim %s: %s\n", cmd, vol_error_message());
    return st == VOL_EINVAL ? VCLI_EXIT_BAD_INPUT : VCLI_EXIT_RUNTIME;
}

static void on_fatal_signal(int sig)
{
    vol_tmp_remove_registered();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* handler for SIGINT, SIGTERM, SIGHUP and SIGPIPE, every signal blocked
 * inside; SIGHUP ignored by the parent (nohup) stays ignored */
static void install(void (*handler)(int))
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old;
        if (sigs[i] == SIGHUP && sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

void vcli_output_signals(void) { install(on_fatal_signal); }

static void stale_notice(const char *tmp, long pid, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "volsim: removed %s, a temporary file left by process %ld, which ended before finishing it "
                    "(killed?)\n", tmp, pid);
}

void vcli_output_notices(void) { vol_tmp_set_notice(stale_notice, NULL); }

void vcli_stop_signals(void (*handler)(int)) { install(handler); }

const char *vcli_signal_name(int sig)
{
    switch (sig) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    case SIGPIPE: return "SIGPIPE";
    default: return "a signal";
    }
}
