/* lwIP compiler/platform glue for arm-none-eabi-gcc with newlib-nano. */
#ifndef FW_ARCH_CC_H
#define FW_ARCH_CC_H

#include <stdint.h>
#include <stdlib.h>
#include <sys/time.h> /* struct timeval for SO_RCVTIMEO: newlib's, not lwIP's */

#define LWIP_TIMEVAL_PRIVATE 0
#define LWIP_ERRNO_STDINCLUDE 1
#define BYTE_ORDER LITTLE_ENDIAN

void fw_assert_failed(const char *file, int line);
#define LWIP_PLATFORM_DIAG(x)                                                                      \
    do {                                                                                           \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x) fw_assert_failed(__FILE__, __LINE__)

/* Random numbers for TCP ports, IP ids and SNTP: the test entropy source
 * (fw_entropy.c). */
uint32_t fw_random_u32(void);
#define LWIP_RAND() fw_random_u32()

#endif
