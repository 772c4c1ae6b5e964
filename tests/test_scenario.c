/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_scenario.c: scenario files, bases, overrides, the resolved text, and
 * every broken file of tests/data/bad/ (each names the settings its
 * messages must mention on "// expect:" lines); the files that cannot carry
 * such lines (empty, binary, a directory, ...) are in the raw_cases table. */
#define _GNU_SOURCE /* mkdtemp, mkstemp, strdup */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <libconfig.h>
#include "vol_scenario.h"
#include "corpus_test.h"

#define BAD VOLSIM_SOURCE_DIR "/tests/data/bad"
#define BAD_SWEEPS BAD "/sweeps"
#define GOOD VOLSIM_SOURCE_DIR "/tests/data/good"
#define SCENARIOS VOLSIM_SOURCE_DIR "/scenarios"

/* ---- helpers ------------------------------------------------------------- */
/* The "// expect: X" lines of a file. */
static size_t expectations(const char *path, char out[][128], size_t max)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    char line[512];
    size_t n = 0;
    while (fgets(line, sizeof line, f) && n < max) {
        const char *p = strstr(line, "// expect: ");
        if (!p) continue;
        snprintf(out[n], 128, "%s", p + 11);
        out[n][strcspn(out[n], "\r\n")] = '\0';
        n++;
    }
    fclose(f);
    return n;
}

/* Line no (1-based) of path into buf; returns the number of lines of the
 * file when it has fewer than no. */
static int nth_line(const char *path, int no, char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    int k = 0;
    char *text = NULL;
    size_t cap = 0;
    buf[0] = '\0';
    while (getline(&text, &cap, f) >= 0) { /* lines of any length */
        if (++k == no) {
            snprintf(buf, n, "%s", text);
            break;
        }
    }
    free(text);
    fclose(f);
    return k;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

static char *temp_dir(void)
{
    char tmpl[] = "/tmp/volsim_scenario_XXXXXX";
    char *d = mkdtemp(tmpl);
    cr_assert_not_null(d);
    return strdup(d);
}

static void remove_dir(char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d) closedir(d);
    rmdir(dir);
    free(dir);
}

/* Every field of a and b equal, bit for bit (padding aside). */
static void assert_same_params(const vol_params *a, const vol_params *b, const char *what)
{
    for (size_t i = 0; i < vol_params_count(); i++) {
        const vol_param_info *r = vol_params_info(i);
        size_t size = r->type == VOL_PT_REAL ? sizeof(double) : r->type == VOL_PT_INT ? sizeof(long) : sizeof(int);
        cr_assert_eq(memcmp((const char *)a + r->offset, (const char *)b + r->offset, size), 0,
                     "%s: %s differs (%.17g vs %.17g)", what, r->name, vol_params_get(a, r), vol_params_get(b, r));
    }
}

/* Loads path with sets; asserts the number of problems; the diag is left
 * for inspection (free it). */
static size_t load(const char *path, const char *const *sets, size_t nsets, vol_scenario *sc, vol_diag *diag)
{
    vol_diag_init(diag);
    return vol_scenario_load(path, sets, nsets, sc, diag);
}

/* Writes the resolved text of sc to a file, loads it, and checks that the
 * parameters and the name come back unchanged. */
static void assert_round_trip(const vol_scenario *sc)
{
    char *text = vol_scenario_resolved_text(sc);
    cr_assert_not_null(text);
    cr_assert_null(strstr(text, "\nbase"), "the resolved text has a base");
    char *dir = temp_dir();
    write_file(dir, "resolved.cfg", text);
    char path[1024];
    snprintf(path, sizeof path, "%s/resolved.cfg", dir);
    vol_scenario again;
    vol_diag diag;
    size_t problems = load(path, NULL, 0, &again, &diag);
    cr_assert_eq(problems, 0, "%s: resolved text does not load: %s\n%s", sc->path, diag.count ? diag.lines[0] : "",
                 text);
    assert_same_params(&sc->params, &again.params, sc->path);
    cr_assert_str_eq(again.name, sc->name);
    if (sc->description) cr_assert_str_eq(again.description, sc->description);
    vol_scenario_free(&again);
    vol_diag_free(&diag);
    free(text);
    remove_dir(dir);
}

/* ---- the broken files ------------------------------------------------------ */
/* issue 7: at least 60 broken files over scenarios and sweeps (the sweep
 * files are checked by test_corpus_sweep.c), both kinds well covered */
Test(scenario, at_least_sixty_bad_files_over_scenarios_and_sweeps)
{
    size_t n, ns;
    char **names = list_cfg(BAD, &n), **sweeps = list_cfg(BAD_SWEEPS, &ns);
    cr_assert_geq(n, 30, "only %zu broken scenario files in %s", n, BAD);
    cr_assert_geq(ns, 30, "only %zu broken sweep files in %s", ns, BAD_SWEEPS);
    cr_assert_geq(n + ns, 60, "only %zu broken scenario and sweep files", n + ns);
    free_names(names, n);
    free_names(sweeps, ns);
}

/* Each message is "FILE:LINE: ..." with FILE a file of the bad directory and
 * LINE the line of the offending setting: that line's setting name appears in
 * the message (syntax errors: a line of the file, or just past its end). */
static void assert_located(const char *name, const char *msg)
{
    cr_assert(strncmp(msg, BAD "/", strlen(BAD) + 1) == 0, "%s: '%s' does not start with the file", name, msg);
    const char *colon = strchr(msg + strlen(BAD), ':');
    cr_assert_not_null(colon, "%s: '%s' has no file:line", name, msg);
    char file[1024];
    snprintf(file, sizeof file, "%.*s", (int)(colon - msg), msg);
    int line = atoi(colon + 1);
    cr_assert_gt(line, 0, "%s: '%s' has no line", name, msg);
    const char *rest = strchr(colon + 1, ':');
    cr_assert_not_null(rest, "%s: '%s' has no ': ' after the line", name, msg);
    cr_assert(access(file, R_OK) == 0, "%s: '%s' names a file that does not exist", name, msg);
    char text[512];
    int nlines = nth_line(file, line, text, sizeof text);
    if (strstr(rest, ": syntax error")) {
        cr_assert_leq(line, nlines + 1, "%s: '%s': the file has %d lines", name, msg, nlines);
        return;
    }
    cr_assert(text[0], "%s: '%s': the file has only %d lines", name, msg, nlines);
    const char *k = text + strspn(text, " \t");
    size_t kl = strspn(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    cr_assert_gt(kl, 0, "%s: '%s' points at a line without a setting: %s", name, msg, text);
    char key[128];
    snprintf(key, sizeof key, "%.*s", (int)kl, k);
    cr_assert_not_null(strstr(rest, key), "%s: '%s' points at line %d (%s), whose setting it does not mention", name,
                       msg, line, key);
}

Test(scenario, every_bad_file_is_reported_with_file_line_and_setting)
{
    size_t n;
    char **names = list_cfg(BAD, &n);
    cr_assert_gt(n, 0);
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", BAD, names[i]);
        char expect[8][128];
        size_t ne = expectations(path, expect, 8);
        cr_assert_gt(ne, 0, "%s has no '// expect:' line", names[i]);
        char first[512];
        nth_line(path, 1, first, sizeof first);
        cr_assert(strncmp(first, "//", 2) == 0, "%s does not start with a comment saying what is wrong", names[i]);
        vol_scenario sc;
        vol_diag diag;
        size_t problems = load(path, NULL, 0, &sc, &diag);
        cr_assert_gt(problems, 0, "%s: no problem reported", names[i]);
        cr_assert_eq(problems, diag.count, "%s: problem count and messages differ", names[i]);
        for (size_t k = 0; k < diag.count; k++) assert_located(names[i], diag.lines[k]);
        for (size_t e = 0; e < ne; e++)
            cr_assert(any_line_has(&diag, expect[e]), "%s: no message mentions '%s'", names[i], expect[e]);
        vol_diag_free(&diag);
    }
    free_names(names, n);
}

Test(scenario, several_errors_all_reported)
{
    vol_scenario sc;
    vol_diag diag;
    size_t problems = load(BAD "/26_several_errors.cfg", NULL, 0, &sc, &diag);
    /* four mistakes, and burnout.threshold = 2 also puts the symptom
     * threshold below it: five problems, all in one pass */
    cr_assert_eq(problems, 5, "expected 5 problems, got %zu", problems);
    const char *at[] = {":7: clients.count:", ":10: npo.cuont:", ":13: companies.format:", ":16: burnout.threshold:",
                        ":16: burnout.symptom_threshold:"};
    for (size_t k = 0; k < 5; k++) cr_assert(any_line_has(&diag, at[k]), "no message with '%s'", at[k]);
    vol_diag_free(&diag);
}

/* The message formats of the brief, to the letter. */
Test(scenario, messages_have_the_documented_form)
{
    struct {
        const char *file, *msg;
    } cases[] = {
        {"05_unknown_nested.cfg", BAD "/05_unknown_nested.cfg:5: clients.cont: unknown setting; did you mean clients.count?"},
        {"07_float_for_integer.cfg", BAD "/07_float_for_integer.cfg:5: npo.count: expected an integer, found 10.5"},
        {"09_bad_choice.cfg",
         BAD "/09_bad_choice.cfg:5: companies.format: expected one of none|group|one_to_one, found \"grup\""},
        {"21_missing_base.cfg",
         BAD "/21_missing_base.cfg:4: base: cannot read 'no_such_base.cfg': No such file or directory"},
        {"22_cycle_a.cfg", BAD "/22_cycle_b.inc:2: base: cycle: 22_cycle_a.cfg -> 22_cycle_b.inc -> 22_cycle_a.cfg"},
        {"01_missing_semicolon.cfg", BAD "/01_missing_semicolon.cfg:4: syntax error: "},
        /* syntax errors say what was expected and what was found */
        {"03_unterminated_string.cfg",
         BAD "/03_unterminated_string.cfg:7: syntax error: expected the end of a group { }, list ( ), array [ ] or "
             "string \" opened before, found the end of the file"},
        {"32_nan.cfg",
         BAD "/32_nan.cfg:5: syntax error: expected a finite number (libconfig has no nan or inf), found "
             "`gain_per_visit = nan;`"},
        {"51_duplicate_setting.cfg",
         BAD "/51_duplicate_setting.cfg:7: syntax error: duplicate setting name; expected each setting once in its "
             "group, found `count = 400;`"},
        {"53_latin1_description.cfg",
         BAD "/53_latin1_description.cfg:4: syntax error: expected UTF-8 text, found the byte 0xe9"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", BAD, cases[i].file);
        vol_scenario sc;
        vol_diag diag;
        cr_assert_eq(load(path, NULL, 0, &sc, &diag), 1, "%s", cases[i].file);
        cr_assert(strncmp(diag.lines[0], cases[i].msg, strlen(cases[i].msg)) == 0, "%s:\n got  %s\n want %s",
                  cases[i].file, diag.lines[0], cases[i].msg);
        vol_diag_free(&diag);
    }
}

/* volsim check exits 2 for each bad file and names the file and the
 * expected settings on stderr. The files are checked 8 at a time (volsim
 * takes 0.05 s to start), each under a timeout: no case may hang or crash
 * (a timeout or a signal is not exit status 2). */
Test(scenario, check_command_exits_2_on_every_bad_file)
{
    cr_assert_eq(access(VOLSIM_EXE, X_OK), 0, "%s is not built (the tests depend on it)", VOLSIM_EXE);
    char *dir = temp_dir();
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && ls *.cfg | xargs -P 8 -I{} sh -c 'timeout 10 \"%s\" check \"%s/{}\" 2>\"%s/{}.stderr\" "
             ">/dev/null; echo $? >\"%s/{}.status\"'",
             BAD, VOLSIM_EXE, BAD, dir, dir);
    cr_assert_eq(system(cmd), 0);
    size_t n;
    char **names = list_cfg(BAD, &n);
    for (size_t i = 0; i < n; i++) {
        char path[1024], out[1024], status[32] = "";
        snprintf(path, sizeof path, "%s/%s", BAD, names[i]);
        snprintf(out, sizeof out, "%s/%s.status", dir, names[i]);
        FILE *f = fopen(out, "r");
        cr_assert_not_null(f, "%s: no exit status", names[i]);
        status[fread(status, 1, sizeof status - 1, f)] = '\0';
        fclose(f);
        snprintf(out, sizeof out, "%s/%s.stderr", dir, names[i]);
        char buf[8192] = "";
        f = fopen(out, "r");
        cr_assert_not_null(f);
        size_t got = fread(buf, 1, sizeof buf - 1, f);
        buf[got] = '\0';
        fclose(f);
        cr_assert_eq(atoi(status), 2, "%s: exit status %d (124: timeout), stderr: %s", names[i], atoi(status), buf);
        cr_assert_not_null(strstr(buf, names[i]), "%s: stderr does not name the file: %s", names[i], buf);
        char expect[8][128];
        size_t ne = expectations(path, expect, 8);
        for (size_t e = 0; e < ne; e++)
            cr_assert_not_null(strstr(buf, expect[e]), "%s: stderr does not mention '%s': %s", names[i], expect[e],
                               buf);
    }
    free_names(names, n);
    remove_dir(dir);
}

/* ---- files that cannot carry "// expect:" lines ---------------------------- */
/* file (under tests/data/bad, or made by make_raw in a scratch directory
 * when it starts with '@'), the exit status of volsim check, and a fragment
 * of the message; code 0: an edge that must stay valid. */
static const struct {
    const char *file;
    int code;
    const char *fragment;
} raw_cases[] = {
    {"raw/empty.cfg", 2, "raw/empty.cfg: expected at least one setting (NAME = VALUE;) or a base, found none"},
    {"raw/only_blanks.cfg", 2, "raw/only_blanks.cfg: expected at least one setting"},
    {"raw/only_comments.cfg", 2, "raw/only_comments.cfg: expected at least one setting"},
    {"raw/binary_garbage.cfg", 2, "raw/binary_garbage.cfg:1: syntax error: expected UTF-8 text, found the byte 0xff"},
    {"raw/elf_header.cfg", 2, "raw/elf_header.cfg:1: syntax error: expected text, found a NUL byte"},
    {"raw/utf8_bom.cfg", 2, "raw/utf8_bom.cfg:1: syntax error: expected a setting, found a UTF-8 byte-order mark"},
    {"raw/utf16.cfg", 2, "raw/utf16.cfg:1: syntax error: expected UTF-8 text, found a UTF-16 byte-order mark"},
    {"raw/truncated_utf8.cfg", 2, "raw/truncated_utf8.cfg:2: syntax error: expected UTF-8 text, found the byte 0xc3"},
    {"raw/directory.cfg", 2, "raw/directory.cfg: cannot read the scenario file: Is a directory"},
    {"raw/no_such_file.cfg", 2, "raw/no_such_file.cfg: cannot read the scenario file: No such file or directory"},
    {"raw/empty.cfg/inside.cfg", 2, "inside.cfg: cannot read the scenario file: Not a directory"},
    {"@too_large.cfg", 2, "too_large.cfg: expected a file of at most 64 KiB, found 70039 bytes"},
    {"@dangling.cfg", 2, "dangling.cfg: cannot read the scenario file: No such file or directory"},
    {"@unreadable.cfg", 2, "unreadable.cfg: cannot read the scenario file: Permission denied"},
    {"@/dev/null", 2, "/dev/null: expected at least one setting"},
    {"@crlf.cfg", 0, "ok"},
    {"@utf8.cfg", 0, "ok"},
};

/* Root reads every file: as root, the unreadable case is checked by running
 * volsim check as nobody (setpriv), and not in this process. */
#define AS_NOBODY "setpriv --reuid=65534 --regid=65534 --clear-groups "

/* Makes the generated case name (after '@') in dir; its path to path.
 * Returns 0 when the case cannot be made here (unreadable files as root
 * without setpriv). */
static int make_raw(const char *dir, const char *name, char *path, size_t n)
{
    if (name[0] == '/') {
        snprintf(path, n, "%s", name);
        return 1;
    }
    snprintf(path, n, "%s/%s", dir, name);
    if (strcmp(name, "too_large.cfg") == 0) { /* valid text, but beyond the size limit */
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fprintf(f, "description = \"");
        for (int i = 0; i < 70000; i++) fputc('x', f);
        fprintf(f, "\";\nrun: { days = 10; };\n");
        fclose(f);
    } else if (strcmp(name, "dangling.cfg") == 0) {
        cr_assert_eq(symlink("nowhere.cfg", path), 0);
    } else if (strcmp(name, "unreadable.cfg") == 0) {
        if (geteuid() == 0 && access("/usr/bin/setpriv", X_OK) != 0) return 0;
        write_file(dir, name, "run: { days = 10; };\n");
        cr_assert_eq(chmod(path, 0), 0);
        cr_assert_eq(chmod(dir, 0711), 0); /* nobody may look for it */
    } else if (strcmp(name, "crlf.cfg") == 0) {
        write_file(dir, name, "// Windows line ends.\r\nrun: {\r\n  days = 10;\r\n};\r\n");
    } else if (strcmp(name, "utf8.cfg") == 0) { /* 2-, 3- and 4-byte UTF-8 */
        write_file(dir, name, "// Caf\xc3\xa9 b\xc3\xa9n\xc3\xa9voles \xe2\x82\xac \xf0\x9f\x98\x80\n"
                              "description = \"Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\";\nrun: { days = 10; };\n");
    } else {
        cr_assert_fail("no recipe for %s", name);
    }
    return 1;
}

/* Each raw case: the loader's verdict and message, and volsim check's exit
 * status (under a timeout) and stderr. */
Test(scenario, raw_files_are_refused_with_a_clear_message)
{
    int have_exe = access(VOLSIM_EXE, X_OK) == 0;
    char *dir = temp_dir();
    for (size_t i = 0; i < sizeof raw_cases / sizeof raw_cases[0]; i++) {
        const char *file = raw_cases[i].file;
        char path[1024];
        if (file[0] == '@') {
            if (!make_raw(dir, file + 1, path, sizeof path)) {
                cr_log_info("%s: skipped (running as root, no setpriv)", file);
                continue;
            }
        } else {
            snprintf(path, sizeof path, "%s/%s", BAD, file);
        }
        int nobody = strcmp(file, "@unreadable.cfg") == 0 && geteuid() == 0;
        vol_scenario sc;
        vol_diag diag;
        size_t problems = nobody ? 0 : load(path, NULL, 0, &sc, &diag);
        if (nobody) {
            /* readable here: only the command, as nobody, below */
        } else if (raw_cases[i].code == 0) {
            cr_assert_eq(problems, 0, "%s: %s", file, diag.count ? diag.lines[0] : "");
            vol_scenario_free(&sc);
        } else {
            cr_assert_gt(problems, 0, "%s: no problem reported", file);
            cr_assert(any_line_has(&diag, raw_cases[i].fragment), "%s: no message has '%s'; first: %s", file,
                      raw_cases[i].fragment, diag.count ? diag.lines[0] : "");
            for (size_t k = 0; k < diag.count; k++)
                cr_assert(strncmp(diag.lines[k], path, strlen(path)) == 0, "%s: '%s' does not start with the file",
                          file, diag.lines[k]);
        }
        if (!nobody) vol_diag_free(&diag);
        if (!have_exe) continue;
        char cmd[3072], out[1100];
        snprintf(out, sizeof out, "%s/stderr", dir);
        snprintf(cmd, sizeof cmd, "%stimeout 10 '%s' check '%s' >'%s' 2>&1", nobody ? AS_NOBODY : "", VOLSIM_EXE,
                 path, out);
        int st = system(cmd);
        char buf[8192] = "";
        FILE *f = fopen(out, "r");
        cr_assert_not_null(f);
        buf[fread(buf, 1, sizeof buf - 1, f)] = '\0';
        fclose(f);
        cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == raw_cases[i].code, "%s: exit status %d, want %d: %s", file,
                  WIFEXITED(st) ? WEXITSTATUS(st) : -1, raw_cases[i].code, buf);
        cr_assert_not_null(strstr(buf, raw_cases[i].fragment), "%s: output lacks '%s': %s", file,
                           raw_cases[i].fragment, buf);
    }
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    free(dir);
}

/* ---- good files ------------------------------------------------------------ */
Test(scenario, shipped_scenarios_load_cleanly_and_round_trip)
{
    size_t n;
    char **names = list_cfg(SCENARIOS, &n);
    /* the shipped scenarios (baseline, one_off, three_month and the
     * others of the README) must be there: none found is a failure */
    cr_assert_geq(n, 3, "%zu scenarios in %s, expected the shipped ones", n, SCENARIOS);
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", SCENARIOS, names[i]);
        vol_scenario sc;
        vol_diag diag;
        size_t problems = load(path, NULL, 0, &sc, &diag);
        cr_assert_eq(problems, 0, "%s: %s", names[i], diag.count ? diag.lines[0] : "");
        vol_diag_free(&diag);
        assert_round_trip(&sc);
        vol_scenario_free(&sc);
    }
    free_names(names, n);
}

Test(scenario, bases_apply_in_order_and_overrides_last)
{
    vol_scenario sc;
    vol_diag diag;
    const char *sets[] = {"bond.decay_per_day=0.02", "companies.format=group"};
    size_t problems = load(GOOD "/leaf.cfg", sets, 2, &sc, &diag);
    cr_assert_eq(problems, 0, "%s", diag.count ? diag.lines[0] : "");
    cr_assert_eq(sc.params.clients_count, 300);    /* root, not overridden */
    cr_assert_eq(sc.params.npo_count, 8);          /* mid overrides root */
    cr_assert_eq(sc.params.bond_gain, 0.3);        /* leaf overrides mid and root */
    cr_assert_eq(sc.params.bond_decay, 0.02);      /* --set overrides mid */
    cr_assert_eq(sc.params.co_format, VOL_FORMAT_GROUP);
    cr_assert_eq(sc.params.run_seed, 5000000000L); /* 64-bit seed from root */
    cr_assert_eq(sc.params.run_days, 730);         /* the table's default */
    cr_assert_str_eq(sc.name, "leaf");             /* the file stem: mid's name is mid's own */
    cr_assert_null(sc.description);
    cr_assert_eq(sc.chain_len, 3);
    cr_assert_str_eq(sc.chain[0], GOOD "/root.cfg");
    cr_assert_str_eq(sc.chain[1], GOOD "/mid.cfg");
    cr_assert_str_eq(sc.chain[2], GOOD "/leaf.cfg");
    cr_assert_str_eq(sc.question, "leaf: does the leaf win?");
    cr_assert_eq(sc.noverrides, 2);
    cr_assert_str_eq(sc.overrides[1], "companies.format=group");
    vol_scenario_free(&sc);
    vol_diag_free(&diag);

    /* a base's own name setting names the base when loaded itself */
    problems = load(GOOD "/mid.cfg", NULL, 0, &sc, &diag);
    cr_assert_eq(problems, 0);
    cr_assert_str_eq(sc.name, "mid");
    cr_assert_eq(sc.params.bond_gain, 0.25);
    cr_assert_eq(sc.chain_len, 2);
    vol_scenario_free(&sc);
    vol_diag_free(&diag);
}

Test(scenario, question_from_opening_comments)
{
    char *dir = temp_dir();
    write_file(dir, "slashes.cfg", "\n// First line?\n//Second line.\nrun: { days = 5; };\n// not this\n");
    write_file(dir, "hashes.cfg", "# Hash style?\n#   indented\n\nrun: { days = 5; };\n");
    write_file(dir, "block.cfg", "/*\n * Block style?\n * More.\n */\nrun: { days = 5; };\n");
    write_file(dir, "oneline.cfg", "/* One line? */\nrun: { days = 5; };\n");
    write_file(dir, "none.cfg", "run: { days = 5; }; // trailing\n");
    struct {
        const char *file, *question;
    } cases[] = {{"slashes.cfg", "First line?\nSecond line."}, {"hashes.cfg", "Hash style?\n  indented"},
                 {"block.cfg", "Block style?\nMore."},          {"oneline.cfg", "One line?"},
                 {"none.cfg", NULL}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, cases[i].file);
        vol_scenario sc;
        vol_diag diag;
        cr_assert_eq(load(path, NULL, 0, &sc, &diag), 0, "%s: %s", cases[i].file, diag.count ? diag.lines[0] : "");
        if (cases[i].question) cr_assert_str_eq(sc.question, cases[i].question, "%s", cases[i].file);
        else cr_assert_null(sc.question, "%s: question '%s'", cases[i].file, sc.question);
        cr_assert_eq(sc.params.run_days, 5);
        vol_scenario_free(&sc);
        vol_diag_free(&diag);
    }
    remove_dir(dir);
}

/* A chain of depth files in dir, level0000.cfg (run.days 100, 3
 * replicates) to its last, each on the one before (run.days 100 + i);
 * the last file's path in path. */
static void write_chain(const char *dir, int depth, char *path, size_t n)
{
    for (int i = 0; i < depth; i++) {
        char name[64], text[256];
        snprintf(name, sizeof name, "level%04d.cfg", i);
        if (i == 0) snprintf(text, sizeof text, "run: { days = %d; replicates = 3; };\n", 100 + i);
        else snprintf(text, sizeof text, "base = \"level%04d.cfg\";\nrun: { days = %d; };\n", i - 1, 100 + i);
        write_file(dir, name, text);
    }
    snprintf(path, n, "%s/level%04d.cfg", dir, depth - 1);
}

Test(scenario, long_chain_of_bases)
{
    char *dir = temp_dir();
    enum { DEPTH = 60 };
    char path[1024];
    write_chain(dir, DEPTH, path, sizeof path);
    vol_scenario sc;
    vol_diag diag;
    cr_assert_eq(load(path, NULL, 0, &sc, &diag), 0, "%s", diag.count ? diag.lines[0] : "");
    cr_assert_eq(sc.chain_len, DEPTH);
    cr_assert_eq(sc.params.run_days, 100 + DEPTH - 1);
    cr_assert_eq(sc.params.run_replicates, 3);
    vol_scenario_free(&sc);
    vol_diag_free(&diag);
    remove_dir(dir);
}

/* Issue 16: a chain far deeper than any scenario needs (the loader recurses
 * once per file: 1850 levels overflowed the stack) is refused at 64, with
 * the file and line of the base that goes too deep. */
Test(scenario, too_deep_a_chain_is_refused)
{
    char *dir = temp_dir();
    enum { DEPTH = 2000 };
    char path[1024];
    write_chain(dir, DEPTH, path, sizeof path);
    vol_scenario sc;
    vol_diag diag;
    cr_assert_eq(load(path, NULL, 0, &sc, &diag), 1);
    cr_assert(strstr(diag.lines[0], ".cfg:1: base: expected a chain of at most 64 files, found a longer one"), "%s",
              diag.lines[0]);
    vol_scenario_free(&sc);
    vol_diag_free(&diag);
    remove_dir(dir);
}

/* Issue 16: every kind of file is read once and at most 64 KiB + 1 bytes:
 * a device that never ends is refused, and a pipe with a writer loads (it
 * was opened a second time for the opening comment and blocked). */
Test(scenario, devices_and_pipes_are_read_once_and_bounded)
{
    vol_scenario sc;
    vol_diag diag;
    cr_assert_eq(load("/dev/zero", NULL, 0, &sc, &diag), 1);
    cr_assert(strstr(diag.lines[0], "/dev/zero: expected a file of at most 64 KiB, found more"), "%s", diag.lines[0]);
    vol_scenario_free(&sc);
    vol_diag_free(&diag);
    char *dir = temp_dir(), fifo[1024];
    snprintf(fifo, sizeof fifo, "%s/pipe.cfg", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(20);
        FILE *w = fopen(fifo, "w");
        if (w) fputs("// a question\nclients: { count = 123; };\n", w);
        _exit(w && fclose(w) == 0 ? 0 : 1);
    }
    alarm(20); /* a hang fails the test instead of the suite */
    cr_assert_eq(load(fifo, NULL, 0, &sc, &diag), 0, "%s", diag.count ? diag.lines[0] : "");
    alarm(0);
    cr_assert_eq(sc.params.clients_count, 123);
    int status;
    waitpid(pid, &status, 0);
    vol_scenario_free(&sc);
    vol_diag_free(&diag);
    remove_dir(dir);
}

/* A base with a syntax error: its settings are missing from the resolved
 * parameters, so they are not validated (the leaf's share would otherwise
 * be reported against shares the base meant to set). */
Test(scenario, broken_base_reports_only_its_own_problem)
{
    char *dir = temp_dir();
    write_file(dir, "base.cfg", "clients: { share: { elderly = = 0.1; }; };\n");
    write_file(dir, "leaf.cfg", "base = \"base.cfg\";\nclients: { share: { isolated = 0.4; }; };\n");
    char path[1024];
    snprintf(path, sizeof path, "%s/leaf.cfg", dir);
    vol_scenario sc;
    vol_diag diag;
    size_t problems = load(path, NULL, 0, &sc, &diag);
    cr_assert_eq(problems, 1, "%zu problems, first: %s", problems, diag.count ? diag.lines[0] : "");
    cr_assert_not_null(strstr(diag.lines[0], "/base.cfg:"), "%s", diag.lines[0]);
    cr_assert_not_null(strstr(diag.lines[0], "syntax error"), "%s", diag.lines[0]);
    vol_diag_free(&diag);
    remove_dir(dir);
}

/* Problems found on the resolved parameters point at the last assignment. */
Test(scenario, validation_points_at_the_last_assignment)
{
    char *dir = temp_dir();
    write_file(dir, "base.cfg", "clients: {\n  share: {\n    elderly = 0.3;\n  };\n};\nrun: { days = 0; };\n");
    write_file(dir, "leaf.cfg", "base = \"base.cfg\";\n\nclients: { share: { youth = 0.25; }; };\n");
    char path[1024];
    snprintf(path, sizeof path, "%s/leaf.cfg", dir);
    vol_scenario sc;
    vol_diag diag;
    size_t problems = load(path, NULL, 0, &sc, &diag);
    cr_assert_eq(problems, 2);
    char want[1200];
    snprintf(want, sizeof want, "%s/base.cfg:6: run.days: expected an integer in [1, 36500]", dir);
    cr_assert(any_line_has(&diag, want), "no '%s' in %s / %s", want, diag.lines[0], diag.lines[1]);
    snprintf(want, sizeof want, "%s/leaf.cfg:3: clients.share (", dir);
    cr_assert(any_line_has(&diag, want), "no '%s' in %s / %s", want, diag.lines[0], diag.lines[1]);
    vol_diag_free(&diag);

    /* an override that breaks a range is reported against the override */
    const char *sets[] = {"run.days=1", "clients.share.youth=0.15", "burnout.exit_probability=2"};
    problems = load(path, sets, 3, &sc, &diag);
    cr_assert_eq(problems, 1, "%s", diag.count ? diag.lines[0] : "");
    cr_assert_str_eq(diag.lines[0], "--set #3 (burnout.exit_probability=2): burnout.exit_probability: expected a "
                                    "number in [0, 1] (probability), found 2");
    vol_diag_free(&diag);
    remove_dir(dir);
}

/* ---- overrides ------------------------------------------------------------- */
Test(scenario, set_accepts_libconfig_values_and_bare_choices)
{
    vol_scenario sc;
    vol_diag diag;
    const char *sets[] = {"companies.format=group",        "companies.selection=\"needs_first\"",
                          "municipality.facilitation=true", "bond.gain_per_visit=1",
                          "run.seed=5000000000",            "npo.count = 7",
                          "companies.duration_days=0x1E",   "companies.visit_interval_days=10"};
    size_t problems = load(GOOD "/root.cfg", sets, sizeof sets / sizeof sets[0], &sc, &diag);
    cr_assert_eq(problems, 0, "%s", diag.count ? diag.lines[0] : "");
    cr_assert_eq(sc.params.co_format, VOL_FORMAT_GROUP);
    cr_assert_eq(sc.params.co_selection, VOL_SELECT_NEEDS_FIRST);
    cr_assert_eq(sc.params.muni_facilitation, 1);
    cr_assert_eq(sc.params.bond_gain, 1.0); /* REAL accepts an integer */
    cr_assert_eq(sc.params.run_seed, 5000000000L); /* no L needed on the command line */
    cr_assert_eq(sc.params.npo_count, 7);
    cr_assert_eq(sc.params.co_duration, 30);
    vol_scenario_free(&sc);
    vol_diag_free(&diag);
}

Test(scenario, set_errors_name_the_override)
{
    vol_scenario sc;
    vol_diag diag;
    const char *sets[] = {"clients.cont=3",          "clients.count=abc",         "noequals",
                          "run.days=12.5",           "companies.format=grup",     "run.days=3; run.replicates = 1",
                          "municipality.facilitation=1", "clients=3",             "run.days="};
    size_t n = sizeof sets / sizeof sets[0];
    size_t problems = load(GOOD "/root.cfg", sets, n, &sc, &diag);
    cr_assert_eq(problems, n, "%zu problems", problems);
    const char *want[] = {
        "--set #1 (clients.cont=3): clients.cont: unknown setting; did you mean clients.count?",
        "--set #2 (clients.count=abc): clients.count: expected an integer, found abc",
        "--set #3 (noequals): expected PATH=VALUE",
        "--set #4 (run.days=12.5): run.days: expected an integer, found 12.5",
        "--set #5 (companies.format=grup): companies.format: expected one of none|group|one_to_one, found grup",
        "--set #6 (run.days=3; run.replicates = 1): run.days: expected an integer",
        "--set #7 (municipality.facilitation=1): municipality.facilitation: expected true or false, found 1",
        "--set #8 (clients=3): clients:",
        "--set #9 (run.days=): run.days: expected an integer, found nothing",
    };
    for (size_t k = 0; k < n; k++)
        cr_assert(strncmp(diag.lines[k], want[k], strlen(want[k])) == 0, "got  %s\nwant %s", diag.lines[k], want[k]);
    vol_diag_free(&diag);
}

/* libconfig 1.5 reads 5000000000 without the L suffix modulo 2^32; the
 * loader must not pass that on silently. */
Test(scenario, big_integer_without_suffix_is_not_truncated_silently)
{
    char *dir = temp_dir();
    write_file(dir, "seed.cfg", "run: { seed = 5000000000; days = 10; };\ncompanies: { hours_per_year = 3000000000; };\n");
    char path[1024];
    snprintf(path, sizeof path, "%s/seed.cfg", dir);
    vol_scenario sc;
    vol_diag diag;
    size_t problems = load(path, NULL, 0, &sc, &diag);
    if (problems == 0) { /* a libconfig that reads 64-bit literals */
        cr_assert_eq(sc.params.run_seed, 5000000000L);
        vol_scenario_free(&sc);
    } else {
        cr_assert_geq(problems, 2);
        cr_assert(any_line_has(&diag, ":1: run.seed: expected the L suffix"), "%s", diag.lines[0]);
        cr_assert(any_line_has(&diag, ":2: companies.hours_per_year: expected the L suffix"), "%s", diag.lines[1]);
    }
    vol_diag_free(&diag);
    remove_dir(dir);
}

/* ---- the resolved text --------------------------------------------------------- */
Test(scenario, resolved_text_reproduces_the_parameters)
{
    vol_scenario sc;
    vol_diag diag;
    /* values that need all 17 digits, a seed beyond 2^31 and near the top of
     * its range, a tiny number printed with an exponent */
    char third[64], tenth[64];
    snprintf(third, sizeof third, "bond.decay_per_day=%.17g", 1.0 / 3.0);
    snprintf(tenth, sizeof tenth, "bond.gain_per_visit=%.17g", 0.1 + 0.2);
    const char *sets[] = {third, tenth, "run.seed=4611686018427387903L", "burnout.recovery_per_day=1e-300",
                          "handover.complex_min_skill=0.7"};
    cr_assert_eq(load(GOOD "/leaf.cfg", sets, 5, &sc, &diag), 0, "%s", diag.count ? diag.lines[0] : "");
    cr_assert_eq(sc.params.bond_gain, 0.1 + 0.2);
    assert_round_trip(&sc);
    vol_scenario_free(&sc);
    vol_diag_free(&diag);

    /* the seed just above 2^31 */
    const char *sets2[] = {"run.seed=2147483648"};
    cr_assert_eq(load(GOOD "/root.cfg", sets2, 1, &sc, &diag), 0, "%s", diag.count ? diag.lines[0] : "");
    cr_assert_eq(sc.params.run_seed, 2147483648L);
    assert_round_trip(&sc);
    vol_scenario_free(&sc);
    vol_diag_free(&diag);
}

Test(scenario, resolved_text_has_every_parameter_in_merged_groups)
{
    vol_scenario sc;
    vol_diag diag;
    const char *sets[] = {"companies.format=one_to_one"};
    cr_assert_eq(load(GOOD "/leaf.cfg", sets, 1, &sc, &diag), 0);
    char *text = vol_scenario_resolved_text(&sc);
    cr_assert_not_null(text);
    /* header: generated by volsim, the files and the overrides */
    cr_assert_not_null(strstr(text, "// Generated by volsim"));
    cr_assert_not_null(strstr(text, GOOD "/root.cfg -> " GOOD "/mid.cfg -> " GOOD "/leaf.cfg"));
    cr_assert_not_null(strstr(text, "--set companies.format=one_to_one"));
    cr_assert_not_null(strstr(text, "\nname = \"leaf\";\n"));
    cr_assert_null(strstr(text, "\nbase"));
    cr_assert_not_null(strstr(text, "format = \"one_to_one\";"));
    /* each group once, at the top level and below */
    config_t cfg;
    config_init(&cfg);
    cr_assert(config_read_string(&cfg, text) == CONFIG_TRUE, "line %d: %s", config_error_line(&cfg),
              config_error_text(&cfg));
    const config_setting_t *root = config_root_setting(&cfg);
    for (int i = 0; i < config_setting_length(root); i++)
        for (int j = 0; j < i; j++)
            cr_assert_str_neq(config_setting_name(config_setting_get_elem(root, (unsigned)i)),
                              config_setting_name(config_setting_get_elem(root, (unsigned)j)));
    cr_assert_eq(strstr(strstr(text, "\nclients: {") + 1, "\nclients: {"), NULL, "two clients groups");
    cr_assert_eq(strstr(strstr(text, "\ncommitment: {") + 1, "\ncommitment: {"), NULL, "two commitment groups");
    /* every parameter of the table, and nothing else */
    size_t leaves = 0;
    for (size_t i = 0; i < vol_params_count(); i++)
        cr_assert_not_null(config_lookup(&cfg, vol_params_info(i)->name), "%s missing", vol_params_info(i)->name);
    for (const char *p = text; (p = strstr(p, " = ")); p++) leaves++;
    cr_assert_eq(leaves, vol_params_count() + 1, "%zu settings for %zu parameters and the name", leaves,
                 vol_params_count());
    config_destroy(&cfg);
    free(text);
    vol_scenario_free(&sc);
    vol_diag_free(&diag);
}

Test(scenario, resolved_text_keeps_an_awkward_description)
{
    char *dir = temp_dir();
    write_file(dir, "desc.cfg", "name = \"desc\";\ndescription = \"He said \\\"hi\\\",\\na back\\\\slash\";\n");
    char path[1024];
    snprintf(path, sizeof path, "%s/desc.cfg", dir);
    vol_scenario sc;
    vol_diag diag;
    cr_assert_eq(load(path, NULL, 0, &sc, &diag), 0, "%s", diag.count ? diag.lines[0] : "");
    cr_assert_str_eq(sc.description, "He said \"hi\",\na back\\slash");
    assert_round_trip(&sc);
    vol_scenario_free(&sc);
    vol_diag_free(&diag);
    remove_dir(dir);
}

Test(scenario, missing_file_is_an_error)
{
    vol_scenario sc;
    vol_diag diag;
    cr_assert_eq(load("/nonexistent/x.cfg", NULL, 0, &sc, &diag), 1);
    cr_assert_not_null(strstr(diag.lines[0], "/nonexistent/x.cfg"));
    cr_assert_not_null(strstr(diag.lines[0], "No such file or directory"));
    vol_diag_free(&diag);
}

Test(scenario, diag_collects_lines)
{
    vol_diag d;
    vol_diag_init(&d);
    for (int i = 0; i < 100; i++) vol_diag_add(&d, "line %d", i);
    cr_assert_eq(d.count, 100);
    cr_assert_str_eq(d.lines[42], "line 42");
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    vol_diag_print(&d, m);
    fclose(m);
    cr_assert(strncmp(buf, "line 0\nline 1\n", 14) == 0);
    free(buf);
    vol_diag_free(&d);
    cr_assert_eq(d.count, 0);
    vol_diag_free(&d); /* twice is harmless */
}
