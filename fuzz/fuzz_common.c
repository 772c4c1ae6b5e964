/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_common.c: the per-process temporary directory of the harnesses. */
#define _GNU_SOURCE /* mkdtemp, asprintf */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fuzz_common.h"

#ifndef VOLSIM_SOURCE_DIR
#define VOLSIM_SOURCE_DIR "."
#endif

static char *tmp_root;   /* $TMPDIR/volsim-fuzz-XXXXXX */
static char *tmp_bases;  /* tmp_root/scenarios */

static void die(const char *what, const char *path)
{
    fprintf(stderr, "fuzz harness: %s %s\n", what, path);
    abort();
}

static char *path_join(const char *a, const char *b)
{
    char *out = NULL;
    if (asprintf(&out, "%s/%s", a, b) < 0) die("out of memory joining", b);
    return out;
}

void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f) die("cannot create", path);
    int bad = size && fwrite(data, 1, size, f) != size;
    if (fclose(f) != 0 || bad) die("cannot write", path);
}

/* Copies src to dst, dropping every "../../../scenarios/" (the seeds' way
 * from tests/data/X/ to scenarios/, which are one directory here). */
static void copy_base(const char *src, const char *dst)
{
    FILE *f = fopen(src, "rb");
    if (!f) return;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) die("out of memory reading", src);
    int c;
    while ((c = fgetc(f)) != EOF) fputc(c, m);
    fclose(f);
    if (fclose(m) != 0) die("out of memory reading", src);
    static const char drop[] = "../../../scenarios/";
    size_t w = 0;
    for (size_t r = 0; r < len;) {
        if (strncmp(buf + r, drop, sizeof drop - 1) == 0) { r += sizeof drop - 1; continue; }
        buf[w++] = buf[r++];
    }
    fuzz_write(dst, (const uint8_t *)buf, w);
    free(buf);
}

/* Copies the regular files of dir (relative to the source tree) into tmp_bases;
 * the first file of a name wins. */
static void copy_dir(const char *src_root, const char *dir)
{
    char *from = path_join(src_root, dir);
    DIR *d = opendir(from);
    if (!d) { free(from); return; }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "input.cfg") == 0 || strcmp(e->d_name, "resolved.cfg") == 0)
            continue;
        char *src = path_join(from, e->d_name), *dst = path_join(tmp_bases, e->d_name);
        struct stat st;
        if (stat(src, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < 65536 && access(dst, F_OK) != 0)
            copy_base(src, dst);
        free(src);
        free(dst);
    }
    closedir(d);
    free(from);
}

/* Removes dir and the files and directories in it (two levels are all there is). */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char *p = path_join(dir, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) remove_tree(p);
            else unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

static void cleanup(void)
{
    if (tmp_root) remove_tree(tmp_root);
    free(tmp_root);
    free(tmp_bases);
    tmp_root = tmp_bases = NULL;
}

const char *fuzz_setup(void)
{
    if (tmp_bases) return tmp_bases;
    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !*tmpdir) tmpdir = "/tmp";
    tmp_root = path_join(tmpdir, "volsim-fuzz-XXXXXX");
    if (!mkdtemp(tmp_root)) die("cannot create a directory like", tmp_root);
    atexit(cleanup);
    tmp_bases = path_join(tmp_root, "scenarios");
    char *sweeps = path_join(tmp_bases, "sweeps");
    if (mkdir(tmp_bases, 0700) != 0) die("cannot create", tmp_bases);
    if (mkdir(sweeps, 0700) != 0) die("cannot create", sweeps);
    free(sweeps);
    const char *src = getenv("VOLSIM_SOURCE_DIR");
    if (!src || !*src) src = VOLSIM_SOURCE_DIR;
    copy_dir(src, "scenarios");
    copy_dir(src, "tests/data/good");
    copy_dir(src, "tests/data/bad");
    return tmp_bases;
}

/* LeakSanitizer: libconfig 1.5 (Debian 12) leaks the text of a string token
 * followed by a syntax error (`name "x";`, `name "";`): its parser has no
 * %destructor for string tokens. Nothing of volsim's is on those stacks
 * ([realloc, strbuf_append] or [calloc, libconfig_yylex] only, libconfig
 * being built without frame pointers); a string volsim failed to free
 * through config_destroy would come with unsuppressed setting nodes around
 * it. Found by the fuzzer; fuzz/corpus/scenario/libconfig-leak-*.cfg keep
 * the two cases. */
const char *__lsan_default_suppressions(void)
{
    return "leak:strbuf_append\n"
           "leak:libconfig_yylex\n";
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* a base or @include naming /dev/stdin must not wait for a terminal */
    if (!freopen("/dev/null", "r", stdin)) die("cannot reopen stdin on", "/dev/null");
    /* the sweep loader refuses a design beyond the available memory; under
     * libFuzzer (-rss_limit_mb=2048, ASan's overhead) that is much less than
     * the machine's */
    setenv("VOLSIM_MEMORY_LIMIT", "256M", 0);
    fuzz_setup();
    return 0;
}
