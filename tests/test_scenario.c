/* test_scenario.c: scenario files, bases, overrides, and every broken file
 * of tests/data/bad/ (each names the settings its messages must mention on
 * "// expect:" lines). */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "scenario.h"

#define BAD VOLSIM_SOURCE_DIR "/tests/data/bad"
#define GOOD VOLSIM_SOURCE_DIR "/tests/data/good"

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted .cfg files of dir (malloc'd names), count in *n. */
static char **list_cfg(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".cfg") != 0) continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 32;
            names = realloc(names, cap * sizeof *names);
        }
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, *n, sizeof *names, cmp_str);
    return names;
}

/* The "// expect: X" lines of a file. */
static size_t expectations(const char *path, char out[][128], size_t max)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
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

Test(scenario, at_least_twenty_bad_files)
{
    size_t n;
    char **names = list_cfg(BAD, &n);
    cr_assert_geq(n, 20, "only %zu broken scenario files", n);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

Test(scenario, every_bad_file_is_reported_with_file_line_and_setting)
{
    size_t n;
    char **names = list_cfg(BAD, &n);
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", BAD, names[i]);
        char expect[8][128];
        size_t ne = expectations(path, expect, 8);
        cr_assert_gt(ne, 0, "%s has no '// expect:' line", names[i]);
        vcli_scenario sc;
        vcli_diag diag;
        vcli_diag_init(&diag);
        size_t problems = vcli_scenario_load(path, NULL, 0, &sc, &diag);
        cr_assert_gt(problems, 0, "%s: no problem reported", names[i]);
        cr_assert_eq(problems, diag.count, "%s: problem count and messages differ", names[i]);
        for (size_t k = 0; k < diag.count; k++) {
            /* FILE:LINE: with a positive line, naming a file of this directory */
            const char *msg = diag.lines[k];
            const char *colon = strchr(msg, ':');
            cr_assert_not_null(colon, "%s: '%s' has no file:line", names[i], msg);
            cr_assert(strncmp(msg, BAD "/", strlen(BAD) + 1) == 0, "%s: '%s' does not name the file", names[i], msg);
            cr_assert(atoi(colon + 1) > 0, "%s: '%s' has no line", names[i], msg);
        }
        for (size_t e = 0; e < ne; e++) {
            int found = 0;
            for (size_t k = 0; k < diag.count; k++) found |= strstr(diag.lines[k], expect[e]) != NULL;
            cr_assert(found, "%s: no message mentions '%s'", names[i], expect[e]);
        }
        vcli_diag_free(&diag);
        free(names[i]);
    }
    free(names);
}

Test(scenario, several_errors_all_reported)
{
    vcli_scenario sc;
    vcli_diag diag;
    vcli_diag_init(&diag);
    size_t problems = vcli_scenario_load(BAD "/26_several_errors.cfg", NULL, 0, &sc, &diag);
    /* four mistakes, and burnout.threshold = 2 also puts the symptom
     * threshold below it: five problems, all in one pass */
    cr_assert_eq(problems, 5, "expected 5 problems, got %zu", problems);
    vcli_diag_free(&diag);
}

/* volsim check exits 2 for each bad file and names the file on stderr. */
Test(scenario, check_command_exits_2_on_every_bad_file)
{
    size_t n;
    char **names = list_cfg(BAD, &n);
    for (size_t i = 0; i < n; i++) {
        char cmd[2048], out[] = "/tmp/volsim_check_XXXXXX";
        int fd = mkstemp(out);
        cr_assert_geq(fd, 0);
        close(fd);
        snprintf(cmd, sizeof cmd, "'%s' check '%s/%s' 2>'%s' >/dev/null", VOLSIM_EXE, BAD, names[i], out);
        int st = system(cmd);
        cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 2, "%s: exit status %d", names[i], WEXITSTATUS(st));
        FILE *f = fopen(out, "r");
        char buf[4096] = "";
        size_t got = fread(buf, 1, sizeof buf - 1, f);
        buf[got] = '\0';
        fclose(f);
        unlink(out);
        cr_assert(strstr(buf, names[i]) != NULL, "%s: stderr does not name the file: %s", names[i], buf);
        free(names[i]);
    }
    free(names);
}

Test(scenario, shipped_scenarios_load_cleanly)
{
    size_t n;
    char **names = list_cfg(VOLSIM_SOURCE_DIR "/scenarios", &n);
    cr_assert_geq(n, 9, "the brief asks for nine scenarios");
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s", VOLSIM_SOURCE_DIR, names[i]);
        vcli_scenario sc;
        vcli_diag diag;
        vcli_diag_init(&diag);
        size_t problems = vcli_scenario_load(path, NULL, 0, &sc, &diag);
        cr_assert_eq(problems, 0, "%s: %s", names[i], diag.count ? diag.lines[0] : "");
        /* each opens with a comment saying what question it answers */
        cr_assert_not_null(sc.question, "%s has no opening comment", names[i]);
        cr_assert_not_null(strchr(sc.question, '?'), "%s: the opening comment asks no question", names[i]);
        vcli_scenario_free(&sc);
        vcli_diag_free(&diag);
        free(names[i]);
    }
    free(names);
}

Test(scenario, bases_apply_in_order_and_overrides_last)
{
    vcli_scenario sc;
    vcli_diag diag;
    vcli_diag_init(&diag);
    const char *sets[] = {"bond.decay_per_day=0.02", "companies.format=group"};
    size_t problems = vcli_scenario_load(GOOD "/leaf.cfg", sets, 2, &sc, &diag);
    cr_assert_eq(problems, 0, "%s", diag.count ? diag.lines[0] : "");
    cr_assert_eq(sc.params.clients_count, 300);      /* root, not overridden */
    cr_assert_eq(sc.params.npo_count, 8);            /* mid overrides root */
    cr_assert_eq(sc.params.bond_gain, 0.3);          /* leaf overrides mid */
    cr_assert_eq(sc.params.bond_decay, 0.02);        /* --set overrides leaf */
    cr_assert_eq(sc.params.co_format, VOL_FORMAT_GROUP);
    cr_assert_eq(sc.params.run_seed, 5000000000L);   /* 64-bit seed from root */
    cr_assert_str_eq(sc.name, "leaf");
    cr_assert_eq(sc.chain_len, 3);
    cr_assert_not_null(strstr(sc.chain[0], "root.cfg"));
    cr_assert_not_null(strstr(sc.chain[2], "leaf.cfg"));
    cr_assert_str_eq(sc.question, "leaf: does the leaf win?");
    vcli_scenario_free(&sc);
    vcli_diag_free(&diag);
}

Test(scenario, resolved_text_reproduces_the_parameters)
{
    vcli_scenario sc, again;
    vcli_diag diag;
    vcli_diag_init(&diag);
    const char *sets[] = {"bond.decay_per_day=0.1234567890123", "run.seed=4611686018427387903L"};
    cr_assert_eq(vcli_scenario_load(GOOD "/leaf.cfg", sets, 2, &sc, &diag), 0);
    char *text = vcli_scenario_resolved_text(&sc);
    cr_assert_not_null(text);
    char path[] = "/tmp/volsim_resolved_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    size_t problems = vcli_scenario_load(path, NULL, 0, &again, &diag);
    cr_assert_eq(problems, 0, "%s", diag.count ? diag.lines[0] : "");
    cr_assert_eq(memcmp(&sc.params, &again.params, sizeof sc.params), 0, "resolved text changes parameters");
    cr_assert_str_eq(again.name, "leaf");
    unlink(path);
    free(text);
    vcli_scenario_free(&sc);
    vcli_scenario_free(&again);
    vcli_diag_free(&diag);
}

Test(scenario, set_errors_name_the_override)
{
    vcli_scenario sc;
    vcli_diag diag;
    vcli_diag_init(&diag);
    const char *sets[] = {"clients.cont=3", "run.days=abc", "noequals"};
    size_t problems = vcli_scenario_load(GOOD "/root.cfg", sets, 3, &sc, &diag);
    cr_assert_eq(problems, 3);
    cr_assert_not_null(strstr(diag.lines[0], "--set #1 (clients.cont=3)"));
    cr_assert_not_null(strstr(diag.lines[0], "did you mean clients.count"));
    cr_assert_not_null(strstr(diag.lines[1], "run.days: expected an integer, found abc"));
    vcli_diag_free(&diag);
}

Test(scenario, missing_file_is_an_error)
{
    vcli_scenario sc;
    vcli_diag diag;
    vcli_diag_init(&diag);
    cr_assert_eq(vcli_scenario_load("/nonexistent/x.cfg", NULL, 0, &sc, &diag), 1);
    cr_assert_not_null(strstr(diag.lines[0], "/nonexistent/x.cfg"));
    vcli_diag_free(&diag);
}
