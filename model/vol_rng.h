/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_rng.h: counter-based random streams (Random123 Philox4x64-10) as a GSL
 * generator.
 *
 * A stream is named by (seed, replicate, purpose, agent, sub), where sub is
 * usually the simulated day. The same name always gives the same numbers,
 * whatever thread or MPI rank draws them, and two scenarios that differ in
 * one policy draw the same background numbers for the same agents (common
 * random numbers). Positioning a stream is cheap (no state to warm up), so
 * code selects the stream right before it draws:
 *
 *     vol_rng_select(r, seed, rep, VOL_STREAM_VISIT, volunteer_id, day);
 *     double u = gsl_rng_uniform(r);
 *
 * Philox key  = { seed, replicate << 32 | purpose }
 * counter     = { agent, sub, block, 0 }, block = 0, 1, 2, ...
 * Each block gives four 64-bit words, handed out as eight 32-bit values
 * (get: the low half of a word first, then the high half). get_double uses
 * the next two 32-bit values (a, then b) as ((b << 32 | a) >> 11) * 2^-53. */
#ifndef VOL_RNG_H
#define VOL_RNG_H
#include "vol_api.h"

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The GSL generator type "volsim-philox4x64": get() returns 32-bit values
 * (min 0, max 2^32 - 1). gsl_rng_set(r, s) selects stream (s, 0, 0, 0, 0). */
extern VOL_API const gsl_rng_type *vol_rng_philox;

/* Positions r (of type vol_rng_philox) at the start of the stream
 * (seed, replicate, purpose, agent, sub). */
VOL_API void vol_rng_select(gsl_rng *r, uint64_t seed, uint32_t replicate,
                    uint32_t purpose, uint64_t agent, uint64_t sub);

/* The first two uniforms of stream (seed, replicate, purpose, agent, sub):
 * exactly the values of two gsl_rng_uniform calls right after
 * vol_rng_select, from one Philox block, without the generator's state
 * (u[0] = (w0 >> 11) 2^-53, u[1] = (w1 >> 11) 2^-53). The fast path of the
 * per-agent daily draws. */
VOL_API void vol_rng_uniform2(uint64_t seed, uint32_t replicate, uint32_t purpose,
                      uint64_t agent, uint64_t sub, double u[2]);

/* vol_rng_uniform2 for n agents at once (one block each, in a tight loop
 * so that the processor overlaps the independent blocks): the agent of item
 * k is ids[idx[k]] when ids is not NULL, else idx[k]; its two uniforms go
 * to u1[k] and u2[k]. */
VOL_API void vol_rng_uniform2_batch(uint64_t seed, uint32_t replicate, uint32_t purpose, uint64_t sub,
                            size_t n, const int32_t *idx, const uint64_t *ids,
                            double *u1, double *u2);

/* The raw Philox4x64-10 block for a key and counter (for tests and for
 * recording keys): out = philox4x64(ctr, key). */
VOL_API void vol_rng_block(const uint64_t ctr[4], const uint64_t key[2], uint64_t out[4]);

#ifdef __cplusplus
}
#endif
#endif
