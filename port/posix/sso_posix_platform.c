/* The POSIX platform: monotonic time, sleep, and kernel randomness for retry
 * jitter. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include "sso_posix.h"

#include <errno.h>
#include <time.h>

#if defined(__linux__)
#include <sys/random.h>
#endif

static uint64_t posix_now_ms(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void posix_sleep_ms(void *ctx, uint32_t ms)
{
    (void)ctx;
    struct timespec req = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};
    struct timespec rem;
    /* A signal must not shorten a retry delay; the remainder keeps it bounded. */
    while (nanosleep(&req, &rem) != 0 && errno == EINTR) {
        req = rem;
    }
}

static uint32_t posix_random_u32(void *ctx)
{
    (void)ctx;
    uint32_t v = 0;
#if defined(__linux__)
    if (getrandom(&v, sizeof v, GRND_NONBLOCK) == (ssize_t)sizeof v) {
        return v;
    }
#endif
    /* Jitter only spreads retries; a clock-derived value is enough if the
     * kernel pool is not ready yet. */
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    v = (uint32_t)ts.tv_nsec * 2654435761u ^ (uint32_t)ts.tv_sec;
    return v;
}

void sso_posix_platform(sso_platform_t *p)
{
    p->ctx = NULL;
    p->now_ms = posix_now_ms;
    p->sleep_ms = posix_sleep_ms;
    p->random_u32 = posix_random_u32;
}
