/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_corpus_sweep.c: the broken sweep files of tests/data/bad/sweeps/
 * (each opens with a comment saying what is wrong and names, on
 * "// expect:" lines, fragments its messages must contain), and the files
 * that cannot carry such lines (raw_cases). Every case is refused by the
 * loader with messages "FILE:LINE: SETTING: expected ..., found ...", and
 * `volsim sweep FILE -o OUT` (there is no validate-only mode) exits 2,
 * within a timeout, without writing anything. */
#define _GNU_SOURCE /* getline, strdup, mkdtemp, vasprintf */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "command_test.h"
#include "sweep.h"
#include "corpus_test.h"

#define BAD VOLSIM_SOURCE_DIR "/tests/data/bad"
#define BAD_SWEEPS BAD "/sweeps"
/* the exit status of volsim sweep on every file of BAD_SWEEPS: bad input */
#define BAD_INPUT 2

/* The "// expect: X" lines of path (at most max, each malloc'd); whether its
 * first line is a comment in *commented. */
static size_t expectations(const char *path, char **out, size_t max, int *commented)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    char *line = NULL;
    size_t cap = 0, n = 0;
    *commented = 0;
    for (int no = 1; getline(&line, &cap, f) >= 0; no++) {
        if (no == 1) *commented = strncmp(line, "//", 2) == 0;
        if (strncmp(line, "// expect: ", 11) != 0 || n == max) continue;
        line[strcspn(line, "\r\n")] = '\0';
        out[n++] = strdup(line + 11);
    }
    free(line);
    fclose(f);
    return n;
}

static int count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int n = 0, c, last = '\n';
    while ((c = fgetc(f)) != EOF) {
        if (c == '\n') n++;
        last = c;
    }
    fclose(f);
    return n + (last != '\n');
}


/* Each message starts with a file that exists ("FILE:" or "FILE:LINE:",
 * LINE within the file or just past its end), or with "--set #" for the
 * command line's overrides; at least one names the sweep file itself. */
static void assert_located(const char *name, const char *sweep, const vol_diag *d)
{
    int names_sweep = 0;
    for (size_t k = 0; k < d->count; k++) {
        const char *msg = d->lines[k];
        cr_assert(msg[0] == '/', "%s: '%s' does not start with a file", name, msg);
        /* the longest prefix before a ':' that is an existing file */
        char file[2048] = "";
        for (const char *c = strchr(msg, ':'); c; c = strchr(c + 1, ':')) {
            char cand[2048];
            snprintf(cand, sizeof cand, "%.*s", (int)(c - msg), msg);
            if (access(cand, F_OK) == 0) snprintf(file, sizeof file, "%s", cand);
        }
        cr_assert(file[0], "%s: '%s' does not start with an existing file", name, msg);
        names_sweep |= strcmp(file, sweep) == 0;
        const char *rest = msg + strlen(file) + 1;
        if (*rest >= '0' && *rest <= '9') {
            int line = atoi(rest), nlines = count_lines(file);
            cr_assert(line >= 1 && line <= nlines + 1, "%s: '%s': line %d of a file of %d lines", name, msg, line,
                      nlines);
        }
        cr_assert(strstr(rest, "expected") || strstr(rest, "cannot read") || strstr(rest, "unknown setting; did you mean"),
                  "%s: '%s' does not say what was expected", name, msg);
    }
    cr_assert(names_sweep, "%s: no message names the sweep file: %s", name, d->count ? d->lines[0] : "");
}

TestSuite(corpus_sweep, .init = make_dir, .fini = remove_dir);

Test(corpus_sweep, every_bad_sweep_file_is_refused_with_located_messages)
{
    size_t n;
    char **names = list_cfg(BAD_SWEEPS, &n);
    cr_assert_geq(n, 30, "only %zu broken sweep files", n);
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", BAD_SWEEPS, names[i]);
        char *expect[8];
        int commented;
        size_t ne = expectations(path, expect, 8, &commented);
        cr_assert(commented, "%s does not start with a comment saying what is wrong", names[i]);
        cr_assert_gt(ne, 0, "%s has no '// expect:' line", names[i]);
        vol_sweep sw;
        vol_diag diag;
        vol_diag_init(&diag);
        size_t problems = vol_sweep_load(path, NULL, 0, &sw, &diag);
        cr_assert_gt(problems, 0, "%s: no problem reported", names[i]);
        cr_assert_gt(diag.count, 0, "%s: problems but no message", names[i]);
        assert_located(names[i], path, &diag);
        for (size_t e = 0; e < ne; e++) {
            cr_assert(any_line_has(&diag, expect[e]), "%s: no message mentions '%s'; first: %s", names[i], expect[e],
                      diag.lines[0]);
            free(expect[e]);
        }
        vol_diag_free(&diag);
        vol_sweep_free(&sw);
    }
    free_names(names, n);
}

/* Runs volsim sweep on path with -o into an empty directory out; returns the
 * exit status, stderr in buf; asserts that out is still empty. */
static int run_sweep(const char *path, const char *tag, char *buf, size_t n)
{
    char out[512], err[512];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(err, sizeof err, "%s/stderr", dir);
    cr_assert_eq(sh("rm -rf '%s' && mkdir '%s'", out, out), 0);
    int st = sh("timeout 10 '%s' sweep '%s' -q -o '%s/result.h5' 2>'%s' >/dev/null", VOLSIM_EXE, path, out, err);
    FILE *f = fopen(err, "r");
    cr_assert_not_null(f);
    buf[fread(buf, 1, n - 1, f)] = '\0';
    fclose(f);
    cr_assert_eq(sh("[ -z \"$(ls -A '%s')\" ]", out), 0, "%s: volsim sweep wrote something: %s", tag, buf);
    return st;
}

/* Reads dir/name into buf ("" when missing). */
static void slurp(const char *name, char *buf, size_t n)
{
    char path[2304];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    buf[0] = '\0';
    if (!f) return;
    buf[fread(buf, 1, n - 1, f)] = '\0';
    fclose(f);
}

static int is_empty_dir(const char *path)
{
    DIR *h = opendir(path);
    cr_assert_not_null(h, "%s is gone", path);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(h)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(h);
    return n == 0;
}

/* volsim sweep FILE -o OUT on every file, 8 at a time (a run of volsim
 * takes 0.1 s to start): each into its own empty directory dir/FILE/out,
 * its stderr in dir/FILE/stderr, its exit status in dir/FILE/status. */
Test(corpus_sweep, sweep_command_exits_2_and_writes_nothing)
{
    cr_assert_eq(sh("cd '%s' && ls *.cfg | xargs -P 8 -I{} sh -c 'mkdir -p \"%s/{}/out\" && timeout 10 \"%s\" sweep "
                    "\"%s/{}\" -q -o \"%s/{}/out/result.h5\" 2>\"%s/{}/stderr\" >/dev/null; echo $? >\"%s/{}/status\"'",
                    BAD_SWEEPS, dir, VOLSIM_EXE, BAD_SWEEPS, dir, dir, dir), 0);
    size_t n;
    char **names = list_cfg(BAD_SWEEPS, &n);
    for (size_t i = 0; i < n; i++) {
        char path[1024], name[1024], buf[16384], status[32];
        snprintf(path, sizeof path, "%s/%s", BAD_SWEEPS, names[i]);
        snprintf(name, sizeof name, "%s/status", names[i]);
        slurp(name, status, sizeof status);
        snprintf(name, sizeof name, "%s/stderr", names[i]);
        slurp(name, buf, sizeof buf);
        int st = status[0] ? atoi(status) : -1;
        cr_assert_eq(st, BAD_INPUT, "%s: exit status %d (124: timeout), stderr: %s", names[i], st, buf);
        snprintf(name, sizeof name, "%s/%s/out", dir, names[i]);
        cr_assert(is_empty_dir(name), "%s: volsim sweep wrote something: %s", names[i], buf);
        cr_assert_not_null(strstr(buf, names[i]), "%s: stderr does not name the file: %s", names[i], buf);
        cr_assert_not_null(strstr(buf, "nothing was run"), "%s: %s", names[i], buf);
        char *expect[8];
        int commented;
        size_t ne = expectations(path, expect, 8, &commented);
        for (size_t e = 0; e < ne; e++) {
            cr_assert_not_null(strstr(buf, expect[e]), "%s: stderr does not mention '%s': %s", names[i], expect[e],
                               buf);
            free(expect[e]);
        }
    }
    free_names(names, n);
}

/* Sweep files that cannot carry "// expect:" lines (the scenario corpus's
 * raw files, read as sweep files), or made here when they start with '@':
 * the exit status of volsim sweep and a fragment of its stderr. */
static const struct {
    const char *file;
    int code;
    const char *fragment;
} raw_cases[] = {
    {"raw/empty.cfg", 2, "raw/empty.cfg:1: parameters: expected a list of parameters to vary, found none"},
    {"raw/only_comments.cfg", 2, "raw/only_comments.cfg:1: base: expected a base scenario"},
    {"raw/binary_garbage.cfg", 2, "raw/binary_garbage.cfg:1: syntax error: expected UTF-8 text, found the byte 0xff"},
    {"raw/elf_header.cfg", 2, "raw/elf_header.cfg:1: syntax error: expected text, found a NUL byte"},
    {"raw/utf8_bom.cfg", 2, "raw/utf8_bom.cfg:1: syntax error: expected a setting, found a UTF-8 byte-order mark"},
    {"raw/directory.cfg", 2, "raw/directory.cfg: cannot read the sweep file: Is a directory"},
    {"raw/no_such_sweep.cfg", 2, "raw/no_such_sweep.cfg: cannot read the sweep file: No such file or directory"},
    {"@too_large.cfg", 2, "too_large.cfg: expected a file of at most 64 KiB"},
    {"@unreadable.cfg", 2, "unreadable.cfg: cannot read the sweep file: Permission denied"},
};

Test(corpus_sweep, raw_sweep_files_are_refused)
{
    for (size_t i = 0; i < sizeof raw_cases / sizeof raw_cases[0]; i++) {
        const char *file = raw_cases[i].file;
        char path[1024], buf[16384];
        int nobody = 0;
        if (strcmp(file, "@too_large.cfg") == 0) {
            snprintf(path, sizeof path, "%s/too_large.cfg", dir);
            cr_assert_eq(sh("{ printf '// '; head -c 70000 /dev/zero | tr '\\0' x; echo; } > '%s'", path), 0);
        } else if (strcmp(file, "@unreadable.cfg") == 0) {
            if (geteuid() == 0 && access("/usr/bin/setpriv", X_OK) != 0) {
                cr_log_info("%s: skipped (running as root, no setpriv)", file);
                continue;
            }
            snprintf(path, sizeof path, "%s/unreadable.cfg", dir);
            cr_assert_eq(sh("echo 'base = \"x.cfg\";' > '%s' && chmod 0 '%s' && chmod 0711 '%s'", path, path, dir), 0);
            nobody = geteuid() == 0; /* root reads everything: run as nobody */
        } else {
            snprintf(path, sizeof path, "%s/%s", BAD, file);
        }
        if (!nobody) {
            vol_sweep sw;
            vol_diag diag;
            vol_diag_init(&diag);
            cr_assert_gt(vol_sweep_load(path, NULL, 0, &sw, &diag), 0, "%s: no problem reported", file);
            cr_assert(any_line_has(&diag, raw_cases[i].fragment), "%s: no message has '%s'; first: %s", file,
                      raw_cases[i].fragment, diag.count ? diag.lines[0] : "");
            vol_diag_free(&diag);
            vol_sweep_free(&sw);
            int st = run_sweep(path, file, buf, sizeof buf);
            cr_assert_eq(st, raw_cases[i].code, "%s: exit status %d: %s", file, st, buf);
        } else {
            char out[512];
            snprintf(out, sizeof out, "%s/out", dir);
            cr_assert_eq(sh("rm -rf '%s' && mkdir '%s' && chmod 0777 '%s'", out, out, out), 0);
            int st = sh("setpriv --reuid=65534 --regid=65534 --clear-groups timeout 10 '%s' sweep '%s' -q "
                        "-o '%s/result.h5' 2>'%s/stderr' >/dev/null", VOLSIM_EXE, path, out, dir);
            FILE *f = fopen(strcat(strcpy(buf, dir), "/stderr"), "r");
            cr_assert_not_null(f);
            buf[fread(buf, 1, sizeof buf - 1, f)] = '\0';
            fclose(f);
            cr_assert_eq(st, raw_cases[i].code, "%s: exit status %d: %s", file, st, buf);
            cr_assert_eq(sh("[ -z \"$(ls -A '%s')\" ]", out), 0, "%s: volsim sweep wrote something", file);
        }
        cr_assert_not_null(strstr(buf, raw_cases[i].fragment), "%s: stderr lacks '%s': %s", file,
                           raw_cases[i].fragment, buf);
    }
}

/* The shipped and test sweeps still load: the stricter loader refuses
 * nothing that was valid. */
Test(corpus_sweep, good_sweeps_still_load)
{
    const char *dirs[] = {VOLSIM_SOURCE_DIR "/scenarios/sweeps", VOLSIM_SOURCE_DIR "/tests/data/sweeps"};
    for (size_t j = 0; j < 2; j++) {
        size_t n;
        char **names = list_cfg(dirs[j], &n);
        cr_assert_gt(n, 0);
        for (size_t i = 0; i < n; i++) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dirs[j], names[i]);
            vol_sweep sw;
            vol_diag diag;
            vol_diag_init(&diag);
            cr_assert_eq(vol_sweep_load(path, NULL, 0, &sw, &diag), 0, "%s: %s", names[i],
                         diag.count ? diag.lines[0] : "");
            vol_diag_free(&diag);
            vol_sweep_free(&sw);
        }
        free_names(names, n);
    }
}

/* Overrides of the command line are numbered from 1 after the file's own
 * set entries, and a problem shared by every policy is reported once. */
Test(corpus_sweep, command_line_set_numbered_from_one_and_reported_once)
{
    const char *sets[] = {"clients.cont=3"};
    vol_sweep sw;
    vol_diag diag;
    vol_diag_init(&diag);
    size_t problems = vol_sweep_load(SWEEPS "/small.cfg", sets, 1, &sw, &diag);
    cr_assert_eq(problems, 1, "%zu problems, first: %s", problems, diag.count ? diag.lines[0] : "");
    cr_assert_eq(diag.count, 1);
    cr_assert_str_eq(diag.lines[0], "--set #1 (clients.cont=3): clients.cont: unknown setting; did you mean clients.count?");
    vol_diag_free(&diag);
    vol_sweep_free(&sw);
}
