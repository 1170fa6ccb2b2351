/* ==== TEST ONLY: NOT A SOURCE OF ENTROPY ====================================
 * The MPS2 FPGA images (and QEMU's model of them) have no TRNG. This file
 * stands in for one so the image can run TLS in a test; its output is a
 * SplitMix64 sequence seeded from a timer and stirred with the SNTP time,
 * which an attacker can predict. Keys made from it protect nothing.
 *
 * A real board replaces this file: mbedtls_hardware_poll() reads its TRNG
 * (MBEDTLS_ENTROPY_HARDWARE_ALT feeds it to mbedtls_entropy and to PSA's
 * DRBG), see docs/PORTING.md. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fw_sys.h"

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);

static uint64_t fw_entropy_state;

static uint64_t splitmix64(void)
{
    if (fw_entropy_state == 0) {
        fw_entropy_state = ((uint64_t)fw_time_now() << 32) ^ fw_clock_ticks() ^ 0x9E3779B97F4A7C15u;
    }
    uint64_t z = (fw_entropy_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

uint32_t fw_random_u32(void)
{
    return (uint32_t)(splitmix64() >> 32);
}

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen)
{
    (void)data;
    /* lwIP draws its first numbers before SNTP has set the clock: stir the
     * wall-clock time in again, so runs at different times differ. */
    fw_entropy_state ^= (uint64_t)fw_time_now() << 32;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t v = splitmix64();
        memcpy(output + i, &v, len - i < 8 ? len - i : 8);
    }
    *olen = len;
    return 0;
}
