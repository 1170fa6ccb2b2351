/* Entry of the device image: the application task, then the scheduler. The
 * network task and lwIP's tcpip thread are started by the application
 * (fw_net.c), so every task's stack is accounted for in fw_task_stack_bytes. */
#include <string.h>

#include "FreeRTOS.h"
#include "task.h"

#include "fw_app.h"
#include "fw_sys.h"
#include "lwipopts.h"

size_t fw_task_stack_bytes(const char *name)
{
    static const struct {
        const char *name;
        size_t bytes;
    } stacks[] = {
        {"app", FW_APP_STACK_BYTES},
        {"tcpip", TCPIP_THREAD_STACKSIZE},
        {"lan9118", 256u * sizeof(StackType_t)},
        {"IDLE", configMINIMAL_STACK_SIZE * sizeof(StackType_t)},
    };
    for (size_t i = 0; i < sizeof stacks / sizeof stacks[0]; i++) {
        if (strcmp(stacks[i].name, name) == 0) {
            return stacks[i].bytes;
        }
    }
    return 0;
}

int main(void)
{
    if (xTaskCreate(fw_app_task, "app", FW_APP_STACK_BYTES / sizeof(StackType_t), NULL,
                    tskIDLE_PRIORITY + 1, NULL) != pdPASS) {
        fw_printf("FAIL: cannot create the application task\n");
        return 1;
    }
    vTaskStartScheduler();
    fw_printf("FAIL: the scheduler returned\n");
    return 1;
}
