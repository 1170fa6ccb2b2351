/* The harness behind sso_fw.h: counted checks and the stack meter. */
#include "sso_fw.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sso_fw_semihost_write0(const char *text);

void sso_fw_printf(const char *fmt, ...)
{
    /* Static: the line is not part of any measured stack. */
    static char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    sso_fw_semihost_write0(line);
}

unsigned sso_fw_checks, sso_fw_failures;

void sso_fw_check(int ok, const char *expr, const char *file, int line)
{
    sso_fw_checks++;
    if (!ok) {
        sso_fw_failures++;
        sso_fw_printf("FAIL: %s:%d: %s\n", file, line, expr);
    }
}

void sso_fw_check_int(long long got, long long want, const char *expr, const char *file, int line)
{
    sso_fw_checks++;
    if (got != want) {
        sso_fw_failures++;
        /* newlib-nano's printf has no %lld: print through long, which is
         * enough for every status and size these tests compare. */
        sso_fw_printf("FAIL: %s:%d: %s is %ld, expected %ld\n", file, line, expr, (long)got,
                      (long)want);
    }
}

void sso_fw_check_str(const char *got, const char *want, const char *expr, const char *file,
                      int line)
{
    sso_fw_checks++;
    if (got == NULL || strcmp(got, want) != 0) {
        sso_fw_failures++;
        sso_fw_printf("FAIL: %s:%d: %s is \"%s\", expected \"%s\"\n", file, line, expr,
                      got ? got : "(null)", want);
    }
}

/* ---- stack meter */
#define SSO_FW_PAINT 0xC5A5C5A5u

extern uint32_t __stack_limit[], __stack_top[];

size_t sso_fw_stack_depth[SSO_FW_OP_COUNT];
static uintptr_t sso_fw_low_water = (uintptr_t)-1;
static int sso_fw_painted; /* before the first paint the stack holds junk */

/* Lowest stack address written since the last paint. */
static uintptr_t sso_fw_stack_lowest(uintptr_t base)
{
    const volatile uint32_t *p = __stack_limit;
    while ((uintptr_t)p < base && *p == SSO_FW_PAINT) {
        p++;
    }
    return (uintptr_t)p;
}

__attribute__((noinline)) void sso_fw_stack_paint(void)
{
    volatile uint32_t *p = __stack_limit;
    /* Everything below the stack pointer is free (no interrupts run); a few
     * words of margin keep clear of this function's own frame. */
    uintptr_t stop = sso_fw_sp() - 16u;
    /* Repainting would hide how deep earlier code went: keep the overall
     * low-water mark first. */
    if (sso_fw_painted) {
        uintptr_t low = sso_fw_stack_lowest(stop);
        if (low < sso_fw_low_water) {
            sso_fw_low_water = low;
        }
    }
    sso_fw_painted = 1;
    while ((uintptr_t)p < stop) {
        *p++ = SSO_FW_PAINT;
    }
}

size_t sso_fw_stack_used(uintptr_t base)
{
    uintptr_t low = sso_fw_stack_lowest(base);
    if (low < sso_fw_low_water) {
        sso_fw_low_water = low;
    }
    return (size_t)(base - low);
}

void sso_fw_stack_note(int op, size_t used)
{
    if (op >= 0 && op < SSO_FW_OP_COUNT && used > sso_fw_stack_depth[op]) {
        sso_fw_stack_depth[op] = used;
    }
}

size_t sso_fw_stack_high_water(void)
{
    sso_fw_stack_used(sso_fw_sp() - 16u);
    return (size_t)((uintptr_t)__stack_top - sso_fw_low_water);
}
