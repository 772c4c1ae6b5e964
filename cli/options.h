/* SPDX-License-Identifier: GPL-3.0-or-later */
/* options.h: the command table and the option table of volsim, from which
 * argument parsing, value checks and every usage text are generated
 * (cli/options.c). A command reads its parsed options by long name. */
#ifndef VCLI_OPTIONS_H
#define VCLI_OPTIONS_H
#include <stddef.h>
#include <stdio.h>

#define VCLI_EXIT_BAD_INPUT 2
#define VCLI_EXIT_RUNTIME 1

typedef enum {
    VCLI_FLAG,     /* no value */
    VCLI_TEXT,     /* a string; the last one given counts */
    VCLI_LIST,     /* a string, repeatable: every one is kept, in order */
    VCLI_INT,      /* an integer in [lo, hi] */
    VCLI_POSITIVE, /* a number > 0 */
    VCLI_CHOICE,   /* one of choices ("a|b|c") */
    VCLI_METRIC    /* a metric name of the metrics table */
} vcli_kind;

/* One row: an option of the commands named in `commands` (space-separated).
 * An option with a different meaning or help in some commands has one row
 * per meaning. */
typedef struct {
    const char *commands;
    const char *name;   /* long name, without "--" */
    char short_name;    /* 0: none */
    const char *arg;    /* the value's placeholder in the usage text (NULL: a flag) */
    vcli_kind kind;
    long lo, hi;        /* VCLI_INT */
    const char *choices;/* VCLI_CHOICE */
    const char *expect; /* what bad values are told is expected (NULL: from the kind) */
    const char *help;   /* lines separated by '\n' */
} vcli_option;

typedef struct vcli_args vcli_args;

typedef struct {
    const char *name;
    const char *synopsis; /* after "volsim NAME " in the usage line(s); '\n' continues it */
    const char *brief;    /* one line, in volsim --help */
    const char *text;     /* before the options */
    const char *after;    /* after the options (NULL: none) */
    int (*run)(const vcli_args *a);
    int guarded;          /* reads results files: runs under vcli_run_guarded */
} vcli_command;

/* Parsed arguments of one command. */
struct vcli_args {
    const vcli_command *cmd;
    const char *cmdline;  /* the whole command line, quoted as needed */
    int npos;             /* positional arguments */
    char **pos;
    /* per row of the option table: how often given, the last value, all values */
    int *count;
    const char **last;
    const char ***values;
    int **before;         /* per row of a VCLI_LIST option, per value: positional arguments before it */
    char **pos_owned;     /* pos, in the order given (malloc'd) */
};

/* The command named name, NULL when none. */
const vcli_command *vcli_command_find(const char *name);

/* Parses argv[1..argc-1] (argv[0] is the command's name) for cmd. Returns
 * -1 when a is filled (free it with vcli_args_free), 0 after printing the
 * usage for --help, VCLI_EXIT_BAD_INPUT after a usage error (message on
 * stderr), VCLI_EXIT_RUNTIME when out of memory. */
int vcli_args_parse(const vcli_command *cmd, int argc, char **argv, const char *cmdline, vcli_args *a);
void vcli_args_free(vcli_args *a);

/* Reading parsed options by long name (the name must be one of the
 * command's options: a wrong name aborts, as a programming error). */
int vcli_given(const vcli_args *a, const char *name);          /* times given */
const char *vcli_text(const vcli_args *a, const char *name);   /* last value or NULL */
long vcli_int(const vcli_args *a, const char *name, long dflt); /* checked integer */
double vcli_real(const vcli_args *a, const char *name, double dflt);
const char **vcli_list(const vcli_args *a, const char *name, size_t *n); /* NULL-terminated, never NULL */
/* The positional arguments given before value k of list option name (for
 * options that apply to the argument before them: volsim run FILE --name N). */
int vcli_list_before(const vcli_args *a, const char *name, size_t k);

/* The folder of the running volsim executable into buf (the build tree's
 * build/, or an installed bin/); 0 when it cannot be told. */
int vcli_exe_dir(char *buf, size_t n);
/* Index of the value of a VCLI_CHOICE option in its choices, dflt when absent. */
int vcli_choice(const vcli_args *a, const char *name, int dflt);

/* A whole decimal integer in [lo, hi] into *out: 1, else 0. */
int vcli_parse_long(const char *s, long lo, long hi, long *out);

/* Prints "volsim CMD: <message>" and the help hint to stderr; returns
 * VCLI_EXIT_BAD_INPUT. cmd may be NULL (volsim itself). */
int vcli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The usage text of cmd, or of volsim itself (cmd NULL). */
void vcli_print_usage(FILE *out, const vcli_command *cmd);

#endif
