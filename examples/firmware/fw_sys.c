/* Console, FreeRTOS hooks, clocks and the time mbedTLS sees. */
#include "fw_sys.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "FreeRTOS.h"
#include "task.h"

#include <mbedtls/platform.h>
#include <mbedtls/platform_time.h>
#include <mbedtls/platform_util.h>

void sso_fw_semihost_write0(const char *text);

void fw_printf(const char *fmt, ...)
{
    static char line[256];
    int running = xTaskGetSchedulerState() == taskSCHEDULER_RUNNING;
    if (running) {
        vTaskSuspendAll();
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    sso_fw_semihost_write0(line);
    if (running) {
        xTaskResumeAll();
    }
}

void fw_assert_failed(const char *file, int line)
{
    taskDISABLE_INTERRUPTS();
    fw_printf("FAIL: assertion at %s:%d\n", file, line);
    fw_exit(1);
}

void vApplicationMallocFailedHook(void);
void vApplicationStackOverflowHook(TaskHandle_t task, char *name);

void vApplicationMallocFailedHook(void)
{
    fw_printf("FAIL: FreeRTOS heap (heap_4 arena) exhausted\n");
    fw_exit(1);
}

void vApplicationStackOverflowHook(TaskHandle_t task, char *name)
{
    (void)task;
    fw_printf("FAIL: stack overflow in task %s\n", name);
    fw_exit(1);
}

/* ---- CMSDK APB timer 0 of the MPS2 images (0x40000000): a free-running
 * 32-bit down counter. */
#define TIMER0_CTRL (*(volatile uint32_t *)0x40000000u)
#define TIMER0_VALUE (*(volatile uint32_t *)0x40000004u)
#define TIMER0_RELOAD (*(volatile uint32_t *)0x40000008u)

void fw_clock_init(void)
{
    TIMER0_CTRL = 0;
    TIMER0_RELOAD = 0xFFFFFFFFu;
    TIMER0_VALUE = 0xFFFFFFFFu;
    TIMER0_CTRL = 1u; /* enable, no interrupt */
}

unsigned long fw_clock_ticks(void)
{
    return (unsigned long)(0xFFFFFFFFu - TIMER0_VALUE);
}

/* ---- Wall clock */
static uint32_t fw_time_base;
static TickType_t fw_time_tick;

void fw_time_set(uint32_t unix_seconds)
{
    fw_time_tick = xTaskGetTickCount();
    fw_time_base = unix_seconds;
}

uint32_t fw_time_now(void)
{
    if (fw_time_base == 0) {
        return 0;
    }
    return fw_time_base + (uint32_t)((xTaskGetTickCount() - fw_time_tick) / configTICK_RATE_HZ);
}

/* MBEDTLS_PLATFORM_TIME_ALT: mbedtls_platform_set_time(fw_mbedtls_time). */
mbedtls_time_t fw_mbedtls_time(mbedtls_time_t *t);

mbedtls_time_t fw_mbedtls_time(mbedtls_time_t *t)
{
    mbedtls_time_t now = (mbedtls_time_t)fw_time_now();
    if (t != NULL) {
        *t = now;
    }
    return now;
}

/* MBEDTLS_PLATFORM_GMTIME_R_ALT: newlib's gmtime_r is pure arithmetic; its
 * gmtime() may allocate the per-thread struct tm, so it is never used. */
struct tm *mbedtls_platform_gmtime_r(const mbedtls_time_t *tt, struct tm *tm_buf)
{
    time_t t = (time_t)*tt;
    return gmtime_r(&t, tm_buf);
}

/* MBEDTLS_PLATFORM_MS_TIME_ALT: TLS 1.3 ticket ages. */
mbedtls_ms_time_t mbedtls_ms_time(void)
{
    return (mbedtls_ms_time_t)xTaskGetTickCount() * portTICK_PERIOD_MS;
}
