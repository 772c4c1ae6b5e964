/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rng.c: Random123's Philox4x64-10 as a GSL generator type, with streams
 * named by (seed, replicate, purpose, agent, sub). Layout in vol_rng.h. */
#include <gsl/gsl_errno.h>
#include "vol_rng.h"

/* Random123 1.14 (features/sse.h) defines `int haveAESNI()` without a
 * prototype, which -Wstrict-prototypes flags whenever the headers are not
 * found as system headers (e.g. a Random123 outside /usr/include). Silence
 * that one warning for this include only. Under -std=c11 (no GNU extensions)
 * gcc still gives Random123 its __uint128_t multiply (R123_USE_GNU_UINT128),
 * so Philox4x64 needs no feature macros. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <Random123/philox.h>
#pragma GCC diagnostic pop

#if !R123_USE_PHILOX_64BIT
#error "Random123 provides no Philox4x64 for this compiler (no 64x64->128 multiply)"
#endif

typedef struct {
    uint64_t key[2];
    uint64_t ctr[4];   /* ctr[2] is the block number of the next refill */
    uint32_t out[8];   /* the current block as eight 32-bit values */
    unsigned pos;      /* next value in out; 8 means empty */
} philox_state;

void vol_rng_block(const uint64_t ctr[4], const uint64_t key[2], uint64_t out[4])
{
    philox4x64_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x64_key_t k = {{key[0], key[1]}};
    philox4x64_ctr_t r = philox4x64_R(10, c, k);
    for (int i = 0; i < 4; i++) out[i] = r.v[i];
}

void vol_rng_uniform2(uint64_t seed, uint32_t replicate, uint32_t purpose,
                      uint64_t agent, uint64_t sub, double u[2])
{
    philox4x64_ctr_t c = {{agent, sub, 0, 0}};
    philox4x64_key_t k = {{seed, (uint64_t)replicate << 32 | purpose}};
    philox4x64_ctr_t r = philox4x64_R(10, c, k);
    u[0] = (double)(r.v[0] >> 11) * 0x1.0p-53;
    u[1] = (double)(r.v[1] >> 11) * 0x1.0p-53;
}

void vol_rng_uniform2_batch(uint64_t seed, uint32_t replicate, uint32_t purpose, uint64_t sub,
                            size_t n, const int32_t *idx, const uint64_t *ids,
                            double *u1, double *u2)
{
    philox4x64_key_t k = {{seed, (uint64_t)replicate << 32 | purpose}};
    for (size_t i = 0; i < n; i++) {
        uint64_t agent = ids ? ids[idx[i]] : (uint64_t)idx[i];
        philox4x64_ctr_t c = {{agent, sub, 0, 0}};
        philox4x64_ctr_t r = philox4x64_R(10, c, k);
        u1[i] = (double)(r.v[0] >> 11) * 0x1.0p-53;
        u2[i] = (double)(r.v[1] >> 11) * 0x1.0p-53;
    }
}

static void refill(philox_state *s)
{
    uint64_t w[4];
    vol_rng_block(s->ctr, s->key, w);
    for (int i = 0; i < 4; i++) {
        s->out[2 * i] = (uint32_t)w[i];            /* low half first */
        s->out[2 * i + 1] = (uint32_t)(w[i] >> 32);
    }
    s->ctr[2]++;
    s->pos = 0;
}

static void position(philox_state *s, uint64_t seed, uint32_t replicate,
                     uint32_t purpose, uint64_t agent, uint64_t sub)
{
    s->key[0] = seed;
    s->key[1] = (uint64_t)replicate << 32 | purpose;
    s->ctr[0] = agent;
    s->ctr[1] = sub;
    s->ctr[2] = 0;
    s->ctr[3] = 0;
    s->pos = 8;
}

static void philox_set(void *vstate, unsigned long seed)
{
    position(vstate, (uint64_t)seed, 0, 0, 0, 0);
}

static unsigned long philox_get(void *vstate)
{
    philox_state *s = vstate;
    if (s->pos >= 8) refill(s);
    return s->out[s->pos++];
}

static double philox_get_double(void *vstate)
{
    uint64_t a = philox_get(vstate), b = philox_get(vstate);
    return (double)((b << 32 | a) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type philox_type = {
    "volsim-philox4x64", 0xffffffffUL, 0, sizeof(philox_state),
    philox_set, philox_get, philox_get_double};

const gsl_rng_type *vol_rng_philox = &philox_type;

void vol_rng_select(gsl_rng *r, uint64_t seed, uint32_t replicate,
                    uint32_t purpose, uint64_t agent, uint64_t sub)
{
    /* Writing our state into another generator's would corrupt memory. */
    if (r->type != &philox_type)
        GSL_ERROR_VOID("vol_rng_select: generator is not volsim-philox4x64", GSL_EINVAL);
    position(r->state, seed, replicate, purpose, agent, sub);
}
