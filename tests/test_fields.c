/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_fields.c: the agents' field lists (model/sim_internal.h) price the
 * state as the heap holds it, and the exported tables' column lists
 * (model/records.c) are their records.
 *
 * The lists allocate, grow and free the agents' arrays, and vol_state_bytes
 * prices each kind of agent from the same lists; vol_sim_memory_bytes and
 * the memory estimate (vol_params_memory_estimate) both price with it. So
 * a field added to a list is counted by both without another change; what
 * these tests catch is state allocated past the lists (an array or a list
 * of its own that vol_state_bytes does not price) or a price that is not
 * the allocation's:
 *  - after creating and running a simulation, the heap has grown by
 *    vol_sim_memory_bytes, to within the allocator's bookkeeping (at most
 *    32 bytes per allocation) and the random generators' state (512 bytes
 *    in all), in populations where each kind of agent in turn is numerous
 *    enough that 4 bytes per agent missed or counted twice exceed that
 *    tolerance many times over;
 *  - per client, professional and company employee, the estimate's bytes
 *    (its growth allowance aside) are the heap's, measured between two
 *    populations that differ only in the number of those agents;
 *  - the estimate of a run is at least the state the run holds at its end;
 *  - the column lists of the exported tables (model/records.c) are their
 *    records' members, all of them, in order.
 * The heap is read from glibc (mallinfo2, with every allocation of these
 * sizes taken from the heap rather than mapped pages) or, under
 * AddressSanitizer, from the sanitizer's allocator; a test that cannot
 * read it (another allocator) is skipped. */
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include "volsim.h"
#include "sim_internal.h"
#include "model_test.h"
#include "population_test.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FIELDS_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FIELDS_ASAN 1
#endif
#ifdef FIELDS_ASAN
/* the sanitizer's count of bytes allocated and not freed
 * (sanitizer/allocator_interface.h, which GCC does not install) */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

/* Bytes the program holds on the heap now. */
static size_t heap_in_use(void)
{
#ifdef FIELDS_ASAN
    return __sanitizer_get_current_allocated_bytes();
#else
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
#endif
}

/* A simulation created and run on a thread of its own: glibc keeps some
 * freed small blocks in a cache of the thread that freed them, which its
 * heap statistics count as in use until the thread ends (the trust lists'
 * growth frees such blocks). */
typedef struct {
    const vol_params *p;
    long days;
    vol_sim *s;
    vol_status st;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    j->st = vol_sim_create(j->p, 0, 0, &j->s);
    for (long d = 0; d < j->days && j->st == VOL_OK; d++) j->st = vol_sim_step(j->s);
    return NULL;
}

static void run_on_thread(job *j)
{
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, run_job, j), 0, "cannot start a thread");
    cr_assert_eq(pthread_join(t, NULL), 0);
}

/* Whether heap_in_use sees allocations: 1 MiB allocated is 1 MiB more.
 * Sets glibc up for the measurement: one heap for every thread, and
 * allocations up to 32 MiB from it rather than mapped page by page (whose
 * rounding to pages would count as use); a first thread has run (its
 * stack and thread-local storage are kept for the next). */
static int heap_readable(void)
{
#ifndef FIELDS_ASAN
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
    vol_params p;
    small(&p);
    job j = {&p, 1, NULL, VOL_OK};
    run_on_thread(&j);
    cr_assert_eq(j.st, VOL_OK, "%s", vol_error_message());
    vol_sim_free(j.s);
    size_t before = heap_in_use();
    char *q = malloc(1 << 20);
    if (!q) return 0;
    q[0] = 1;
    size_t d = heap_in_use() - before;
    free(q);
    return d >= (1u << 20) && d <= (1u << 20) + 64;
}

/* Creates p's simulation, runs days, and compares the heap's growth with
 * vol_sim_memory_bytes. */
static void check_heap(const char *what, const vol_params *p, long days)
{
    job j = {p, days, NULL, VOL_OK};
    size_t before = heap_in_use();
    run_on_thread(&j);
    double grown = (double)(heap_in_use() - before);
    cr_assert_eq(j.st, VOL_OK, "%s: %s", what, vol_error_message());
    const vol_sim *s = j.s;
    double counted = (double)vol_sim_memory_bytes(s);
    /* allocations: the arrays of the field lists, the professionals'
     * trust lists, and a few more (the simulation, the panel, the tenure
     * table, observe's list of who left, the generators) */
    double arrays = VOL_FIELDS_COUNT(VOL_NPO_FIELDS) + VOL_FIELDS_COUNT(VOL_NPO_SEGMENT_FIELDS) +
                    VOL_FIELDS_COUNT(VOL_CLIENT_FIELDS) + VOL_FIELDS_COUNT(VOL_VOLUNTEER_FIELDS) +
                    VOL_FIELDS_COUNT(VOL_ROSTER_FIELDS) + VOL_FIELDS_COUNT(VOL_PROF_FIELDS) +
                    VOL_FIELDS_COUNT(VOL_COMPANY_FIELDS) + VOL_FIELDS_COUNT(VOL_EMPLOYEE_FIELDS) +
                    VOL_FIELDS_COUNT(VOL_POOL_FIELDS) + VOL_FIELDS_COUNT(VOL_REL_FIELDS) +
                    VOL_FIELDS_COUNT(VOL_SCRATCH_FIELDS) + 16;
    for (int i = 0; i < s->pr.n; i++) arrays += s->pr.known[i] != NULL;
    double tol = 32.0 * arrays + 512.0;
    cr_log_info("%s: heap grew by %.0f bytes, vol_sim_memory_bytes %.0f (difference %.0f, tolerance %.0f; "
                "%d clients, %d volunteers (capacity), %d relationships (capacity), %d professionals, %d NPOs, "
                "%d employees)",
                what, grown, counted, grown - counted, tol, s->cl.n, s->vo.cap, s->re.cap, s->pr.n, s->npos.n,
                s->co.n * s->co.pool);
    cr_expect(fabs(grown - counted) <= tol,
              "%s: the heap grew by %.0f bytes, vol_sim_memory_bytes counts %.0f: difference %.0f beyond %.0f "
              "(state allocated past the field lists, or a price in vol_state_bytes that is not the allocation's)",
              what, grown, counted, grown - counted, tol);
    vol_sim_free(j.s);
}

Test(fields, memory_bytes_are_what_the_heap_holds)
{
    if (!heap_readable()) cr_skip_test("this allocator's use of the heap cannot be read");
    vol_params p;

    small(&p); /* clients: a 4-byte field is 120 KB */
    p.clients_count = 30000;
    check_heap("clients", &p, 20);

    small(&p); /* volunteers and relationships: 32768 and 16384 */
    p.clients_count = 12000;
    p.vol_initial = 20000;
    p.vol_arrivals = 20000;
    p.npo_count = 40;
    check_heap("volunteers", &p, 120);

    small(&p); /* professionals and NPOs: 44000 and 4000, none knowing a volunteer */
    p.npo_count = 4000;
    p.npo_professionals = 10;
    p.clients_count = 8000;
    p.vol_initial = 0;
    p.vol_arrivals = 0;
    check_heap("professionals", &p, 10);

    small(&p); /* employees: 200000, in programmes of three months */
    three_month(&p);
    p.co_count = 20;
    p.co_pool = 10000;
    p.clients_count = 4000;
    check_heap("employees", &p, 120);

    small(&p); /* the client panel: 10 times */
    p.clients_count = 5000;
    p.run_days = 70;
    p.run_panel = 7;
    check_heap("client panel", &p, 70);
}

/* The heap's growth over creating p's simulation. */
static double heap_of(const vol_params *p)
{
    job j = {p, 0, NULL, VOL_OK};
    size_t before = heap_in_use();
    run_on_thread(&j);
    double grown = (double)(heap_in_use() - before);
    cr_assert_eq(j.st, VOL_OK, "%s", vol_error_message());
    vol_sim_free(j.s);
    return grown;
}

/* Per agent of a kind, the estimate's bytes (less the quarter it adds for
 * growth) and the heap's, from two populations that differ by `more` of
 * those agents and in nothing else the state holds (the scratch buffers'
 * capacity and the volunteers' are the same in both). */
static void check_marginal(const char *what, const vol_params *a, const vol_params *b, double more)
{
    double est = ((double)vol_params_memory_estimate(b) - (double)vol_params_memory_estimate(a)) / 1.25 / more;
    double heap = (heap_of(b) - heap_of(a)) / more;
    cr_log_info("%s: the estimate prices %.2f bytes each, the heap holds %.2f", what, est, heap);
    cr_expect(fabs(est - heap) <= 0.5, "%s: the estimate prices %.2f bytes each, the heap holds %.2f", what, est, heap);
}

Test(fields, estimate_prices_agents_as_the_heap_holds_them)
{
    if (!heap_readable()) cr_skip_test("this allocator's use of the heap cannot be read");
    vol_params a, b;
    /* clients: 10000 more, with 40000 volunteers (whom the buffers follow)
     * and no relationships */
    small(&a);
    a.clients_count = 10000;
    a.vol_initial = 40000;
    a.vol_arrivals = 0;
    a.init_matched_share = 0;
    b = a;
    b.clients_count = 20000;
    check_marginal("a client", &a, &b, 10000);
    /* professionals: 5000 more, none knowing a volunteer */
    small(&a);
    a.clients_count = 20000;
    a.npo_count = 1000;
    a.npo_professionals = 5;
    a.vol_initial = 0;
    a.vol_arrivals = 0;
    b = a;
    b.npo_professionals = 10;
    check_marginal("a professional", &a, &b, 5000);
    /* employees: 5000 more in each of 20 companies' pools (and the round's
     * choice from a pool of 5000 more) */
    small(&a);
    a.clients_count = 20000;
    a.co_count = 20;
    a.co_pool = 5000;
    b = a;
    b.co_pool = 10000;
    check_marginal("an employee of every company", &a, &b, 5000);
}

/* What a run holds at its end against its estimate. */
static void check_estimate(const char *what, const vol_params *p)
{
    vol_sim *s = create(p, 0, 0);
    steps(s, p->run_days);
    double held = (double)vol_sim_memory_bytes(s), est = (double)vol_params_memory_estimate(p);
    cr_log_info("%s: estimate %.0f bytes, held at the end %.0f (ratio %.2f)", what, est, held, est / held);
    cr_expect(est >= held, "%s: estimate %.0f bytes below the %.0f the run holds at its end", what, est, held);
    vol_sim_free(s);
}

Test(fields, estimate_covers_the_state_of_the_run)
{
    vol_params p;
    small(&p);
    p.run_burn_in = 730;
    p.run_days = 365;
    check_estimate("small, two years of burn-in", &p);
    small(&p);
    three_month(&p);
    p.clients_count = 3000;
    p.vol_initial = 1000;
    p.vol_arrivals = 400;
    p.run_days = 730;
    check_estimate("three-month programmes", &p);
    small(&p);
    p.clients_count = 20000;
    p.run_days = 100;
    p.run_panel = 10;
    check_estimate("many clients, a panel", &p);
}

/* The columns of each exported table (model/records.c) are its record's
 * members in order, every one of them: each column starts where the one
 * before ends (rounded up to its own alignment), and the record ends with
 * the last (rounded up to the record's alignment). A member with no column
 * leaves a gap; a column out of order goes back. */
Test(fields, table_columns_are_their_records_members_in_order)
{
    for (int t = 0; t < VOL_TABLE_COUNT; t++) {
        const vol_table_info *ti = vol_table((vol_table_id)t);
        size_t end = 0, align = 1;
        for (size_t f = 0; f < ti->nfields; f++) {
            const vol_field *fd = &ti->fields[f];
            size_t size = fd->type == VOL_FT_F64 ? sizeof(double) : sizeof(int32_t);
            size_t at = (end + size - 1) / size * size;
            cr_expect_eq(fd->offset, at, "table %s: column %s at byte %zu, expected %zu", ti->name, fd->name,
                         fd->offset, at);
            end = fd->offset + size;
            if (size > align) align = size;
            for (size_t g = 0; g < f; g++)
                cr_expect_str_neq(ti->fields[g].name, fd->name, "table %s: two columns %s", ti->name, fd->name);
        }
        cr_expect_eq(ti->record_size, (end + align - 1) / align * align, "table %s: %zu-byte records, columns to %zu",
                     ti->name, ti->record_size, end);
    }
}
