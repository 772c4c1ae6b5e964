/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outfile.c: temporaries, their clean-up and locks (vol_outfile.h). */
#define _GNU_SOURCE /* asprintf */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vol_h5write.h"
#include "vol_outfile.h"
#include "vol_results.h"

/* dirname and basename of path, malloc'd; 0 when out of memory. */
static int split_path(const char *path, char **dir, char **base)
{
    char *d = strdup(path), *b = strdup(path);
    *dir = d ? strdup(dirname(d)) : NULL;
    *base = b ? strdup(basename(b)) : NULL;
    free(d);
    free(b);
    if (*dir && *base) return 1;
    free(*dir);
    free(*base);
    *dir = *base = NULL;
    return 0;
}

char *vol_tmp_name(const char *final_path, const char *ext)
{
    char *dir, *base, *out = NULL;
    if (!split_path(final_path, &dir, &base)) return NULL;
    if (asprintf(&out, "%s/.%s.tmp.%ld%s", dir, base, (long)getpid(), ext ? ext : "") < 0) out = NULL;
    free(dir);
    free(base);
    return out;
}

/* ---- the registry of this process's temporaries ---- */
#define TMP_SLOTS 16
static char tmp_paths[TMP_SLOTS][4096];
static volatile sig_atomic_t tmp_used[TMP_SLOTS];

int vol_tmp_register(const char *tmp_path)
{
    if (!tmp_path || strlen(tmp_path) >= sizeof tmp_paths[0]) return -1;
    for (int i = 0; i < TMP_SLOTS; i++)
        if (!tmp_used[i]) {
            memcpy(tmp_paths[i], tmp_path, strlen(tmp_path) + 1);
            tmp_used[i] = 1;
            return i;
        }
    return -1;
}

void vol_tmp_unregister(int slot)
{
    if (slot >= 0 && slot < TMP_SLOTS) tmp_used[slot] = 0;
}

void vol_tmp_remove_registered(void)
{
    for (int i = 0; i < TMP_SLOTS; i++)
        if (tmp_used[i]) unlink(tmp_paths[i]);
}

/* ---- stale temporaries ---- */
static vol_tmp_notice default_notice;
static void *default_ctx;

void vol_tmp_set_notice(vol_tmp_notice each, void *ctx)
{
    default_notice = each;
    default_ctx = ctx;
}

size_t vol_tmp_clean_stale(const char *final_path, vol_tmp_notice each, void *ctx)
{
    char *dir, *base, *prefix = NULL;
    if (!split_path(final_path, &dir, &base)) return 0;
    size_t removed = 0;
    DIR *d = asprintf(&prefix, ".%s.tmp.", base) >= 0 ? opendir(dir) : NULL;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        size_t pl = strlen(prefix);
        if (strncmp(e->d_name, prefix, pl) != 0) continue;
        char *end;
        errno = 0;
        long pid = strtol(e->d_name + pl, &end, 10);
        /* PID, then nothing or an extension */
        if (errno || end == e->d_name + pl || pid <= 0 || (*end && *end != '.')) continue;
        if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue; /* it may still run */
        char *path = NULL;
        if (asprintf(&path, "%s/%s", dir, e->d_name) < 0) continue;
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && unlink(path) == 0) {
            removed++;
            if (each) each(path, pid, ctx);
        }
        free(path);
    }
    if (d) closedir(d);
    free(prefix);
    free(dir);
    free(base);
    return removed;
}

size_t vol_tmp_clean_stale_default(const char *final_path)
{
    return vol_tmp_clean_stale(final_path, default_notice, default_ctx);
}

/* ---- checked streams ---- */
typedef struct {
    int fd, *err;
} sink;

static ssize_t sink_write(void *c, const char *b, size_t n)
{
    sink *k = c;
    for (size_t done = 0; done < n;) {
        ssize_t w = write(k->fd, b + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            if (!*k->err) *k->err = w < 0 ? errno : EIO;
            return -1;
        }
        done += (size_t)w;
    }
    return (ssize_t)n;
}

static int sink_close(void *c)
{
    free(c);
    return 0;
}

FILE *vol_checked_stream(int fd, int *err)
{
    sink *k = malloc(sizeof *k);
    if (!k) return NULL;
    *k = (sink){fd, err};
    *err = 0;
    cookie_io_functions_t io = {NULL, sink_write, NULL, sink_close};
    FILE *f = fopencookie(k, "w", io);
    if (!f) free(k);
    return f;
}

/* ---- streamed outputs ---- */
struct vol_outfile {
    char *final_path, *tmp_path, *dir;
    FILE *f;
    int fd, err; /* err: the first failed write's errno (stdio forgets it) */
    int force, slot;
};

static void free_outfile(vol_outfile *w)
{
    if (!w) return;
    vol_tmp_unregister(w->slot);
    free(w->final_path);
    free(w->tmp_path);
    free(w->dir);
    free(w);
}

vol_status vol_outfile_begin(const char *final_path, int force, const char *ext, vol_outfile **out)
{
    *out = NULL;
    struct stat st;
    if (stat(final_path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) VOL_ERROR(VOL_EINVAL, "%s is a directory; give a file name", final_path);
        if (!force) VOL_ERROR(VOL_EINVAL, "%s already exists; nothing was written (use --force to overwrite it)", final_path);
    }
    vol_outfile *w = calloc(1, sizeof *w);
    if (!w) VOL_ERROR(VOL_ENOMEM, "out of memory");
    w->slot = -1;
    w->fd = -1;
    char *base = NULL;
    if (!split_path(final_path, &w->dir, &base) || !(w->final_path = strdup(final_path)) ||
        !(w->tmp_path = vol_tmp_name(final_path, ext))) {
        free(base);
        free_outfile(w);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    free(base);
    w->force = force;
    if (stat(w->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        free_outfile(w);
        VOL_ERROR(VOL_EINVAL, "cannot write %s: its directory does not exist", final_path);
    }
    vol_tmp_clean_stale_default(final_path);
    errno = 0;
    int fd = open(w->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0666);
    w->slot = fd >= 0 ? vol_tmp_register(w->tmp_path) : -1;
    w->fd = fd;
    w->f = fd >= 0 ? vol_checked_stream(fd, &w->err) : NULL;
    if (!w->f) {
        char why[256];
        vol_io_reason(errno, why, sizeof why);
        if (fd >= 0) {
            close(fd);
            unlink(w->tmp_path);
        }
        vol_status s = vol_error_set(VOL_EIO, __FILE__, __LINE__, "cannot write %s (as the temporary file %s)%s",
                                     final_path, w->tmp_path, why);
        free_outfile(w);
        return s;
    }
    *out = w;
    return VOL_OK;
}

FILE *vol_outfile_stream(vol_outfile *w) { return w ? w->f : NULL; }
const char *vol_outfile_tmp_path(const vol_outfile *w) { return w ? w->tmp_path : ""; }
const char *vol_outfile_path(const vol_outfile *w) { return w ? w->final_path : ""; }

vol_status vol_outfile_commit(vol_outfile *w)
{
    if (!w) VOL_ERROR(VOL_EINVAL, "no file to write");
    errno = 0;
    /* every write went through the checked stream, which kept the first error */
    int bad = fflush(w->f) != 0 || ferror(w->f) ? (w->err ? w->err : EIO) : 0;
    fclose(w->f);
    w->f = NULL;
    if (!bad && w->err) bad = w->err;
    if (!bad && fsync(w->fd) != 0 && errno != EINVAL && errno != EROFS) bad = errno;
    if (close(w->fd) != 0 && !bad) bad = errno;
    w->fd = -1;
    /* a library that wrote the temporary by its path (figures) may have
     * replaced it: it must still be a non-empty regular file */
    struct stat st;
    if (!bad && (stat(w->tmp_path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)) bad = EIO;
    if (bad) {
        char why[256];
        vol_io_reason(bad, why, sizeof why);
        unlink(w->tmp_path);
        vol_status s = vol_error_set(VOL_EIO, __FILE__, __LINE__, "cannot write %s%s; nothing was written",
                                     w->final_path, why);
        free_outfile(w);
        return s;
    }
    vol_status s = vol_h5_move_into_place(w->tmp_path, w->final_path, w->force);
    free_outfile(w);
    return s;
}

void vol_outfile_abort(vol_outfile *w)
{
    if (!w) return;
    if (w->f) fclose(w->f);
    if (w->fd >= 0) close(w->fd);
    unlink(w->tmp_path);
    free_outfile(w);
}

/* ---- locks ---- */
struct vol_lock {
    char *path;
    int fd;
};

vol_status vol_lock_acquire(const char *path, vol_lock **out)
{
    *out = NULL;
    char *dir, *base, *lp = NULL;
    if (!split_path(path, &dir, &base)) VOL_ERROR(VOL_ENOMEM, "out of memory");
    int ok = asprintf(&lp, "%s/.%s.lock", dir, base) >= 0;
    free(dir);
    free(base);
    if (!ok) VOL_ERROR(VOL_ENOMEM, "out of memory");
    /* the lock file may be removed by its holder between our open and our
     * flock: then the lock we hold is on a file nobody else sees, so check
     * that the path still names what we locked, and try again if not */
    for (int attempt = 0; attempt < 100; attempt++) {
        errno = 0;
        int fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd < 0) {
            char why[256];
            vol_io_reason(errno, why, sizeof why);
            vol_status s = vol_error_set(VOL_EIO, __FILE__, __LINE__, "cannot write %s (its lock file %s cannot be made)%s",
                                         path, lp, why);
            free(lp);
            return s;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            char pid[32] = "";
            ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
            pid[n > 0 ? n : 0] = '\0';
            pid[strcspn(pid, "\n")] = '\0';
            close(fd);
            vol_status s = e == EWOULDBLOCK
                               ? vol_error_set(VOL_EINVAL, __FILE__, __LINE__,
                                               "another volsim process%s%s is writing %s (it holds %s); nothing "
                                               "was done: wait for it to finish or stop it",
                                               pid[0] ? " " : "", pid, path, lp)
                               : vol_error_set(VOL_EIO, __FILE__, __LINE__, "cannot lock %s (with %s): %s", path, lp,
                                               strerror(e));
            free(lp);
            return s;
        }
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(lp, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
            char pid[32];
            int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
            if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) == n) { /* who holds it, for the message */ }
            vol_lock *l = malloc(sizeof *l);
            if (!l) {
                close(fd);
                free(lp);
                VOL_ERROR(VOL_ENOMEM, "out of memory");
            }
            l->path = lp;
            l->fd = fd;
            *out = l;
            return VOL_OK;
        }
        close(fd);
    }
    free(lp);
    VOL_ERROR(VOL_EIO, "cannot lock %s: its lock file keeps changing", path);
}

void vol_lock_release(vol_lock *l)
{
    if (!l) return;
    unlink(l->path); /* while still held: the next writer makes a new one */
    close(l->fd);
    free(l->path);
    free(l);
}
