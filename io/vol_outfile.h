/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_outfile.h: how every volsim writer puts a file in place (docs/
 * reliability.md). A file is written under a hidden temporary name beside
 * its final one, DIR/.BASE.tmp.PID (with the final name's extension when a
 * library picks its format from the name), checked, synced and renamed;
 * never over an existing file without force. The temporaries of the
 * process are registered, so that a signal handler can remove them, and a
 * temporary left by a process that no longer runs (killed with SIGKILL, a
 * power cut) is removed by the next writer of the same file.
 *
 * A lock (vol_lock_*) keeps a second process from writing the same output
 * while a long-running writer (a sweep) works on it. */
#ifndef VOL_OUTFILE_H
#define VOL_OUTFILE_H
#include <stdio.h>
#include "volsim.h"
#ifdef __cplusplus
extern "C" {
#endif

/* DIR/.BASE.tmp.PID, and ext (e.g. ".png") after it when not NULL;
 * malloc'd, NULL when out of memory. */
VOL_API char *vol_tmp_name(const char *final_path, const char *ext);

/* Registers a temporary of this process (up to 16 at a time): returns its
 * slot, -1 when full (it is then not removed by a signal). */
VOL_API int vol_tmp_register(const char *tmp_path);
VOL_API void vol_tmp_unregister(int slot);
/* Removes every registered temporary: async-signal-safe (unlink only). */
VOL_API void vol_tmp_remove_registered(void);

/* Removes the temporaries of final_path (.BASE.tmp.PID...) whose process
 * no longer runs on this machine; each(path, pid, ctx) is told of every
 * one removed. Returns how many were removed. */
typedef void (*vol_tmp_notice)(const char *tmp_path, long pid, void *ctx);
VOL_API size_t vol_tmp_clean_stale(const char *final_path, vol_tmp_notice each, void *ctx);
/* The notice every writer passes on, set once by the program (NULL: none). */
VOL_API void vol_tmp_set_notice(vol_tmp_notice each, void *ctx);
/* vol_tmp_clean_stale with the program's notice. */
VOL_API size_t vol_tmp_clean_stale_default(const char *final_path);

/* A stream writing to fd whose every write is checked: the first failed
 * write's errno is kept in *err (stdio forgets it; libraries such as
 * PLplot's cairo drivers ignore it). Closing it does not close fd. */
VOL_API FILE *vol_checked_stream(int fd, int *err);

/* A file written as a stream (CSV, HTML) or by a library given its
 * temporary path (figures). */
typedef struct vol_outfile vol_outfile;

/* Checks final_path and opens its temporary: VOL_EINVAL naming the file
 * when it is a directory, exists without force, or its directory does not
 * exist; VOL_EIO with the system's reason when the temporary cannot be
 * made. ext: kept at the end of the temporary's name (NULL: none). */
VOL_API vol_status vol_outfile_begin(const char *final_path, int force, const char *ext, vol_outfile **out);
VOL_API FILE *vol_outfile_stream(vol_outfile *w);
VOL_API const char *vol_outfile_tmp_path(const vol_outfile *w);
VOL_API const char *vol_outfile_path(const vol_outfile *w);
/* Flushes, checks every write, syncs, closes and moves the file into
 * place (frees w either way); VOL_EIO naming the file and the system's
 * reason when a write failed, VOL_EINVAL when the final name appeared
 * meanwhile without force. On failure nothing is left behind. */
VOL_API vol_status vol_outfile_commit(vol_outfile *w);
/* Drops the temporary and frees w; NULL is a no-op. */
VOL_API void vol_outfile_abort(vol_outfile *w);

/* An exclusive lock on an output (flock on DIR/.BASE.lock, removed again
 * by vol_lock_release; one left by a killed process is taken over, since
 * the kernel released its lock). VOL_EINVAL "another volsim process
 * (PID) is writing ..." when held elsewhere. */
typedef struct vol_lock vol_lock;
VOL_API vol_status vol_lock_acquire(const char *path, vol_lock **out);
VOL_API void vol_lock_release(vol_lock *l);

#ifdef __cplusplus
}
#endif
#endif
