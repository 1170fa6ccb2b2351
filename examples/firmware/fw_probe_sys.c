/* What fw_heap_probe.c needs from fw_sys.c, without FreeRTOS: a printf over
 * semihosting (the probe never starts the scheduler). */
#include <stdarg.h>
#include <stdio.h>

#include "fw_sys.h"

void sso_fw_semihost_write0(const char *text);

void fw_printf(const char *fmt, ...)
{
    static char line[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    sso_fw_semihost_write0(line);
}

/* The vector table names FreeRTOS's handlers; the probe never starts the
 * scheduler, so none of them can run. */
void SVC_Handler(void);
void PendSV_Handler(void);
void SysTick_Handler(void);
void LAN9118_IRQHandler(void);

void SVC_Handler(void)
{
    fw_exit(1);
}

void PendSV_Handler(void)
{
    fw_exit(1);
}

void SysTick_Handler(void)
{
    fw_exit(1);
}

void LAN9118_IRQHandler(void)
{
    fw_exit(1);
}
