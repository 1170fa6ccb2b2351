/* Helpers shared by the fuzz targets: a deterministic split generator and a
 * running hash, so one input always replays the same way. Test code only. */
#ifndef TINYSSO_FUZZ_COMMON_H
#define TINYSSO_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* A finding the sanitizers cannot see (a broken invariant) must still stop
 * libFuzzer and leave a crash input behind: abort() does both. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fuzz_fail(#cond, __FILE__, __LINE__);                                                  \
        }                                                                                          \
    } while (0)

static inline void fuzz_fail(const char *what, const char *file, int line)
{
    fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    abort();
}

/* Split points: max_chunk 0 means "everything in one piece"; otherwise piece
 * sizes are drawn in 1..max_chunk from a xorshift seeded by the input. */
typedef struct fuzz_splitter {
    uint32_t x;
    size_t max_chunk;
} fuzz_splitter_t;

static inline void fuzz_split_init(fuzz_splitter_t *s, uint8_t max_chunk, uint8_t seed)
{
    s->x = 0x9e3779b9u ^ ((uint32_t)seed * 0x01000193u);
    s->max_chunk = max_chunk;
}

static inline size_t fuzz_split_next(fuzz_splitter_t *s, size_t left)
{
    size_t n;
    if (s->max_chunk == 0) {
        return left;
    }
    s->x ^= s->x << 13;
    s->x ^= s->x >> 17;
    s->x ^= s->x << 5;
    n = 1 + s->x % s->max_chunk;
    return n < left ? n : left;
}

/* FNV-1a, 64 bit. */
static inline uint64_t fuzz_hash(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    if (h == 0) {
        h = 0xcbf29ce484222325ull;
    }
    while (n--) {
        h = (h ^ *b++) * 0x100000001b3ull;
    }
    return h;
}

#endif
