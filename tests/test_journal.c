/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_journal.c: a sweep's journal in process (io/vol_journal.h), what
 * --resume rests on: records come back as written, with their status,
 * values and message; a torn last record is dropped and the offset of the
 * good ones returned (so that a resumed sweep truncates there); a journal
 * of another sweep (fingerprint) is refused; a record naming a run beyond
 * the sweep ends the good part. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "vol_journal.h"

typedef struct {
    uint32_t runs[8];
    int status[8];
    double first[8];
    char msg[8][64];
    int n;
} seen;

static void each(void *ctx, uint32_t run, int status, const double *v, const char *msg)
{
    seen *s = ctx;
    cr_assert_lt(s->n, 8);
    s->runs[s->n] = run;
    s->status[s->n] = status;
    s->first[s->n] = v[0];
    snprintf(s->msg[s->n], sizeof s->msg[s->n], "%s", msg);
    s->n++;
}

static FILE *journal_with(uint64_t fp, int records)
{
    FILE *f = tmpfile();
    cr_assert_not_null(f);
    cr_assert(vol_journal_start(f, fp));
    double v[VOL_SWEEP_VALUES];
    static const uint32_t runs[] = {0, 2, 5};
    for (int i = 0; i < records; i++) {
        for (int m = 0; m < VOL_SWEEP_VALUES; m++) v[m] = 10.0 * i + m;
        cr_assert(vol_journal_append(f, runs[i], i == 1 ? 2 : 1, v, VOL_SWEEP_VALUES, i == 1 ? "point 1: it failed" : NULL));
    }
    return f;
}

Test(journal, records_come_back_as_written)
{
    FILE *f = journal_with(0x1234, 3);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    int8_t status[10] = {0};
    seen s = {0};
    cr_assert_eq(vol_journal_scan(f, 0x1234, 10, VOL_SWEEP_VALUES, status, each, &s), size, "every record is good");
    cr_assert_eq(s.n, 3);
    static const int8_t want[10] = {1, 0, 2, 0, 0, 1, 0, 0, 0, 0};
    cr_assert_eq(memcmp(status, want, sizeof want), 0);
    cr_assert_eq(s.runs[1], 2);
    cr_assert_eq(s.status[1], 2);
    cr_assert_str_eq(s.msg[1], "point 1: it failed");
    cr_assert_str_eq(s.msg[0], "", "a finished run has no message");
    cr_assert_eq(s.first[2], 20.0);
    fclose(f);
}

Test(journal, a_torn_last_record_is_dropped)
{
    FILE *f = journal_with(7, 2);
    long two = ftell(f);
    fclose(f);
    f = journal_with(7, 3);
    fseek(f, 0, SEEK_END);
    long three = ftell(f);
    /* the third record cut anywhere: the scan ends after the second */
    for (long cut = two + 1; cut < three; cut += 37) {
        cr_assert_eq(ftruncate(fileno(f), cut), 0);
        int8_t status[10] = {0};
        /* a new stream (no buffer left from writing), as --resume opens it */
        FILE *g = fdopen(dup(fileno(f)), "rb");
        cr_assert_not_null(g);
        long got = vol_journal_scan(g, 7, 10, VOL_SWEEP_VALUES, status, NULL, NULL);
        fclose(g);
        cr_assert_eq(got, two, "cut at %ld of %ld..%ld: scan says %ld", cut, two, three, got);
        cr_assert_eq(status[5], 0, "the torn run is not done (cut at %ld)", cut);
        cr_assert_eq(status[2], 2);
    }
    fclose(f);
}

Test(journal, a_changed_byte_ends_the_good_part)
{
    FILE *f = journal_with(7, 3);
    long two;
    {
        FILE *g = journal_with(7, 2);
        two = ftell(g);
        fclose(g);
    }
    /* flip a byte inside the third record's values: its checksum fails */
    fseek(f, two + 40, SEEK_SET);
    int c = fgetc(f);
    fseek(f, two + 40, SEEK_SET);
    fputc(c ^ 0x40, f);
    fflush(f);
    int8_t status[10] = {0};
    cr_assert_eq(vol_journal_scan(f, 7, 10, VOL_SWEEP_VALUES, status, NULL, NULL), two);
    cr_assert_eq(status[5], 0);
    fclose(f);
}

Test(journal, another_sweeps_journal_is_refused)
{
    FILE *f = journal_with(7, 3);
    int8_t status[10] = {0};
    cr_assert_eq(vol_journal_scan(f, 8, 10, VOL_SWEEP_VALUES, status, NULL, NULL), 0, "another fingerprint");
    for (int i = 0; i < 10; i++) cr_assert_eq(status[i], 0);
    /* a sweep of 3 runs: the record of run 5 does not belong to it */
    seen s = {0};
    long at = vol_journal_scan(f, 7, 3, VOL_SWEEP_VALUES, status, each, &s);
    cr_assert_eq(s.n, 2, "the records before it are good");
    cr_assert_gt(at, 0);
    fclose(f);
}
