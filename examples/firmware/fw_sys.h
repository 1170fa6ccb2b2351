/* The device image's small system services: console and exit over
 * semihosting, the wall clock SNTP sets, a cycle-accurate clock for the
 * measurements, and the test-only entropy source. */
#ifndef FW_SYS_H
#define FW_SYS_H

#include <stdint.h>

/* printf to the host over semihosting (one line buffer, task-safe). */
void fw_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Ends the QEMU run: exit status 0 for status 0, else 1. */
void fw_exit(int status) __attribute__((noreturn));
uint32_t fw_semihost_time(void);

/* Wall clock: 0 until SNTP set it, then Unix seconds. */
void fw_time_set(uint32_t unix_seconds);
uint32_t fw_time_now(void);

/* CMSDK TIMER0 counting at the 25 MHz system clock; under QEMU -icount
 * shift=0 one tick is 40 guest instructions. */
void fw_clock_init(void);
unsigned long fw_clock_ticks(void);
#define FW_CLOCK_INSN_PER_TICK 40u

/* TEST ONLY, NOT RANDOM: see fw_entropy.c. */
uint32_t fw_random_u32(void);

#endif
