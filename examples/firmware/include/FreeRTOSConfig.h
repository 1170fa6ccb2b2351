/* FreeRTOS settings of the tinysso device image (Cortex-M3 on QEMU mps2-an385).
 * Kernel objects and task stacks come from heap_4's static arena (ucHeap,
 * configTOTAL_HEAP_SIZE): the image never calls libc malloc. */
#ifndef FREERTOS_CONFIG_H
#define FREERTOS_CONFIG_H

/* The AN385 FPGA image clocks the CPU and SysTick at 25 MHz. */
#define configCPU_CLOCK_HZ 25000000u
#define configTICK_RATE_HZ 1000u
#define configUSE_PREEMPTION 1
#define configUSE_TIME_SLICING 1
#define configUSE_PORT_OPTIMISED_TASK_SELECTION 1
#define configMAX_PRIORITIES 5
#define configMINIMAL_STACK_SIZE 128u /* words */
#define configMAX_TASK_NAME_LEN 12
#define configTICK_TYPE_WIDTH_IN_BITS TICK_TYPE_WIDTH_32_BITS
#define configIDLE_SHOULD_YIELD 1
#define configUSE_TASK_NOTIFICATIONS 1
#define configUSE_MUTEXES 1
#define configUSE_RECURSIVE_MUTEXES 1
#define configUSE_COUNTING_SEMAPHORES 1
#define configQUEUE_REGISTRY_SIZE 0
#define configUSE_NEWLIB_REENTRANT 0

/* Memory: heap_4 arena for lwIP's sys_arch (it creates its semaphores,
 * mailboxes and the tcpip thread dynamically) and for the tasks. */
#define configSUPPORT_STATIC_ALLOCATION 0
#define configSUPPORT_DYNAMIC_ALLOCATION 1
#define configTOTAL_HEAP_SIZE (24u * 1024u) /* ~13 KB used at most (README) */
#define configAPPLICATION_ALLOCATED_HEAP 0

/* Hooks: a failed kernel allocation or a stack overflow ends the run. */
#define configUSE_IDLE_HOOK 0
#define configUSE_TICK_HOOK 0
#define configUSE_MALLOC_FAILED_HOOK 1
#define configCHECK_FOR_STACK_OVERFLOW 2

/* Run-time statistics: the CPU time of the idle task is what the image
 * spends waiting for the network, so "busy" time excludes it (see
 * fw_clock.c for the counter). */
#define configGENERATE_RUN_TIME_STATS 1
#define configRUN_TIME_COUNTER_TYPE uint32_t
void fw_clock_init(void);
unsigned long fw_clock_ticks(void);
#define portCONFIGURE_TIMER_FOR_RUN_TIME_STATS() fw_clock_init()
#define portGET_RUN_TIME_COUNTER_VALUE() fw_clock_ticks()
#define configUSE_TRACE_FACILITY 1
#define configUSE_STATS_FORMATTING_FUNCTIONS 0

#define configUSE_TIMERS 0
#define configUSE_CO_ROUTINES 0

/* Cortex-M3 interrupt priorities (3 priority bits on the AN385). */
#define configPRIO_BITS 3
#define configKERNEL_INTERRUPT_PRIORITY (7u << (8u - configPRIO_BITS))
#define configMAX_SYSCALL_INTERRUPT_PRIORITY (5u << (8u - configPRIO_BITS))

#define INCLUDE_vTaskDelay 1
#define INCLUDE_vTaskDelayUntil 0
#define INCLUDE_vTaskSuspend 1
#define INCLUDE_vTaskDelete 1
#define INCLUDE_xTaskGetCurrentTaskHandle 1
#define INCLUDE_uxTaskGetStackHighWaterMark 1
#define INCLUDE_xTaskGetIdleTaskHandle 1
#define INCLUDE_xTaskGetHandle 1
#define INCLUDE_xTaskGetSchedulerState 1
#define INCLUDE_ulTaskGetIdleRunTimeCounter 1

void fw_assert_failed(const char *file, int line);
#define configASSERT(x)                                                                            \
    do {                                                                                           \
        if (!(x)) {                                                                                \
            fw_assert_failed(__FILE__, __LINE__);                                                  \
        }                                                                                          \
    } while (0)

/* The port's handlers go straight into the vector table (fw_startup.c). */
#define vPortSVCHandler SVC_Handler
#define xPortPendSVHandler PendSV_Handler
#define xPortSysTickHandler SysTick_Handler

#endif
