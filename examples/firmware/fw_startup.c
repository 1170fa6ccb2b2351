/* Reset, vector table and semihosting of the device image. The memory map and
 * the heap trap are the firmware tests' (tests/embedded/mps2.ld and
 * sso_fw_heap_trap.c, which call the two sso_fw_semihost_* functions defined
 * here). Unlike those tests the image never initialises newlib's stdio
 * (no initialise_monitor_handles): output and the exit status go straight
 * through semihosting, so the heap trap is armed before the first C call and
 * not even libc's start-up may allocate. */
#include <stdint.h>

#include "fw_sys.h"

typedef void (*fw_isr_t)(void);

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start__[], __bss_end__[];
extern uint32_t __stack_top[];

int main(void);
void sso_fw_reset(void);
void sso_fw_semihost_write0(const char *text);
void sso_fw_semihost_exit_failure(const char *why);
void sso_fw_heap_trap_arm(void);
void SVC_Handler(void);
void PendSV_Handler(void);
void SysTick_Handler(void);
void LAN9118_IRQHandler(void);
static void fw_fault(void);

static uint32_t semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void sso_fw_semihost_write0(const char *text)
{
    semihost(0x04, text); /* SYS_WRITE0 */
}

void fw_exit(int status)
{
    /* SYS_EXIT: ADP_Stopped_ApplicationExit makes QEMU exit 0, any other
     * reason (RunTimeErrorUnknown) exit 1. */
    semihost(0x18, (const void *)(uintptr_t)(status == 0 ? 0x20026u : 0x20023u));
    for (;;) {
    }
}

void sso_fw_semihost_exit_failure(const char *why)
{
    sso_fw_semihost_write0(why);
    fw_exit(1);
}

uint32_t fw_semihost_time(void)
{
    return semihost(0x11, 0); /* SYS_TIME: seconds since 1970 on the host */
}

static void fw_fault(void)
{
    sso_fw_semihost_exit_failure("FAIL: CPU fault (HardFault/MemManage/BusFault/UsageFault)\n");
}

void sso_fw_reset(void)
{
    uint32_t *src = __data_load, *dst = __data_start;
    while (dst < __data_end) {
        *dst++ = *src++;
    }
    for (dst = __bss_start__; dst < __bss_end__; dst++) {
        *dst = 0;
    }
    sso_fw_heap_trap_arm(); /* its flag lives in .bss: armed once .bss is set */
    fw_exit(main());
}

/* The core exceptions (FreeRTOS needs SVC for its first task, PendSV to
 * switch and SysTick to tick) and the AN385's 32 interrupt lines, of which
 * only the Ethernet controller's is enabled; any other is a fault. */
#define FW_FAULT4 fw_fault, fw_fault, fw_fault, fw_fault
__attribute__((section(".vectors"), used)) const fw_isr_t fw_vectors[16 + 32] = {
    [0] = (fw_isr_t)(uintptr_t)__stack_top,
    [1] = sso_fw_reset,
    [2] = fw_fault, /* NMI */
    [3] = fw_fault, /* HardFault */
    [4] = fw_fault, /* MemManage */
    [5] = fw_fault, /* BusFault */
    [6] = fw_fault, /* UsageFault */
    [11] = SVC_Handler,
    [12] = fw_fault, /* DebugMonitor */
    [14] = PendSV_Handler,
    [15] = SysTick_Handler,
    [16] =
        /* IRQ 0-12, 13 (LAN9118_MPS2_IRQ), 14-31 */
    FW_FAULT4,
    FW_FAULT4,
    FW_FAULT4,
    fw_fault,
    LAN9118_IRQHandler,
    fw_fault,
    fw_fault,
    FW_FAULT4,
    FW_FAULT4,
    FW_FAULT4,
    FW_FAULT4,
};
