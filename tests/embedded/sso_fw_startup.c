/* Bare-metal startup for the MPS2 images in QEMU: the vector table, .data and
 * .bss set-up, then newlib's semihosting (rdimon) so printf reaches the host
 * terminal and exit() status reaches the shell that ran QEMU. crt0 is not
 * linked (-nostartfiles): this file is the whole of it. */
#include <stdint.h>
#include <stdlib.h>

typedef void (*sso_fw_isr_t)(void);

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start__[], __bss_end__[];
extern uint32_t __stack_top[];

extern void initialise_monitor_handles(void);
int main(void);
void sso_fw_reset(void);
void sso_fw_fault(void);
void sso_fw_semihost_exit_failure(const char *why);
void sso_fw_semihost_write0(const char *text);
void sso_fw_heap_trap_arm(void);
void _init(void);
void _fini(void);

/* Semihosting SYS_WRITE0 and SYS_EXIT without newlib: a fault may come from
 * newlib itself, so the report must not depend on it. */
static uint32_t sso_fw_semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void sso_fw_semihost_write0(const char *text)
{
    sso_fw_semihost(0x04, text);
}

void sso_fw_semihost_exit_failure(const char *why)
{
    /* ADP_Stopped_RunTimeErrorUnknown: QEMU exits with status 1. */
    sso_fw_semihost(0x04, why);
    sso_fw_semihost(0x18, (const void *)0x20023u);
    /* SYS_EXIT does not return; should a debugger resume, stop here (the
     * ctest timeout bounds the run). */
    for (;;) {
    }
}

void sso_fw_fault(void)
{
    sso_fw_semihost_exit_failure("FAIL: CPU fault (HardFault/MemManage/BusFault/UsageFault)\n");
}

void sso_fw_reset(void)
{
    uint32_t *src = __data_load, *dst = __data_start;
#if defined(__ARM_FP)
    /* Hard-float code may touch the FPU anywhere, even in newlib: grant
     * CP10/CP11 full access in CPACR before any C code that could. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    while (dst < __data_end) {
        *dst++ = *src++;
    }
    for (dst = __bss_start__; dst < __bss_end__; dst++) {
        *dst = 0;
    }
    initialise_monitor_handles();
    sso_fw_heap_trap_arm();
    exit(main());
}

/* newlib's __libc_init_array/__libc_fini_array call these; nothing to do. */
void _init(void)
{
}

void _fini(void)
{
}

__attribute__((section(".vectors"), used)) const sso_fw_isr_t sso_fw_vectors[16] = {
    (sso_fw_isr_t)(uintptr_t)__stack_top,
    sso_fw_reset,
    sso_fw_fault, /* NMI */
    sso_fw_fault, /* HardFault */
    sso_fw_fault, /* MemManage */
    sso_fw_fault, /* BusFault */
    sso_fw_fault, /* UsageFault */
    0,
    0,
    0,
    0,
    sso_fw_fault, /* SVCall: never used */
    sso_fw_fault, /* DebugMonitor */
    0,
    sso_fw_fault, /* PendSV */
    sso_fw_fault, /* SysTick: never enabled */
};
