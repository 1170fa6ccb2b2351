/* lwIP + LAN9118 + SNTP. SNTP rather than semihosting time: a board has no
 * debugger to ask, and SNTP over the same interface proves the UDP path and
 * the wall-clock plumbing mbedTLS needs for certificate dates. */
#include "FreeRTOS.h"
#include "task.h"
#include "semphr.h"

#include "fw_net.h"

#include "lwip/apps/sntp.h"
#include "lwip/inet.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"

#include "fw_sys.h"

#define FW_NET_LINK_WAIT_MS 5000u
#define FW_NET_SNTP_WAIT_MS 15000u
#define FW_NET_LINK_POLL_MS 100u

lan9118_t fw_lan = {.base = LAN9118_MPS2_BASE};
static struct netif fw_netif;
static SemaphoreHandle_t fw_tcpip_ready;

static void tcpip_ready(void *arg)
{
    (void)arg;
    xSemaphoreGive(fw_tcpip_ready);
}

/* The receive task: the LAN9118 interrupt only wakes it (the handler masks
 * the controller's interrupt); it moves the frames to lwIP, re-arms the
 * interrupt, and follows the link state when nothing came for a while. */
static TaskHandle_t rx_task_handle;

void LAN9118_IRQHandler(void);

void LAN9118_IRQHandler(void)
{
    BaseType_t woken = pdFALSE;
    lan9118_irq_mask(&fw_lan);
    vTaskNotifyGiveFromISR(rx_task_handle, &woken);
    portYIELD_FROM_ISR(woken);
}

static void rx_task(void *arg)
{
    (void)arg;
    lan9118_link_poll(&fw_netif);
    for (;;) {
        lan9118_poll(&fw_netif);
        if (lan9118_irq_arm(&fw_lan)) {
            continue; /* a frame came in before the arm */
        }
        if (ulTaskNotifyTake(pdTRUE, pdMS_TO_TICKS(FW_NET_LINK_POLL_MS)) == 0) {
            lan9118_link_poll(&fw_netif);
        }
    }
}

/* NVIC: the line enabled at the lowest priority, which may call the
 * FreeRTOS ...FromISR functions (configMAX_SYSCALL_INTERRUPT_PRIORITY). */
static void nvic_enable(unsigned irq)
{
    ((volatile uint8_t *)0xE000E400u)[irq] = 0xE0u;                    /* NVIC_IPR */
    ((volatile uint32_t *)0xE000E100u)[irq / 32u] = 1u << (irq % 32u); /* NVIC_ISER */
}

static int wait_ms(int (*done)(void), uint32_t ms)
{
    for (uint32_t t = 0; t < ms; t += 10) {
        if (done()) {
            return 0;
        }
        vTaskDelay(pdMS_TO_TICKS(10));
    }
    return done() ? 0 : -1;
}

static int link_up(void)
{
    return netif_is_link_up(&fw_netif);
}

static int clock_set(void)
{
    return fw_time_now() != 0;
}

int fw_net_start(void)
{
    fw_tcpip_ready = xSemaphoreCreateBinary();
    tcpip_init(tcpip_ready, NULL);
    xSemaphoreTake(fw_tcpip_ready, portMAX_DELAY);

    ip4_addr_t ip, mask, gw;
    ip4addr_aton(FW_NET_IP, &ip);
    ip4addr_aton(FW_NET_MASK, &mask);
    ip4addr_aton(FW_NET_GW, &gw);
    LOCK_TCPIP_CORE();
    struct netif *n =
        netif_add(&fw_netif, &ip, &mask, &gw, &fw_lan, lan9118_netif_init, tcpip_input);
    if (n != NULL) {
        netif_set_default(n);
        netif_set_up(n);
    }
    UNLOCK_TCPIP_CORE();
    if (n == NULL) {
        fw_printf("FAIL: no LAN9118 at 0x%08lx\n", (unsigned long)fw_lan.base);
        return -1;
    }
    fw_printf("net: LAN9118 MAC %02x:%02x:%02x:%02x:%02x:%02x, %s/24 via %s\n", fw_netif.hwaddr[0],
              fw_netif.hwaddr[1], fw_netif.hwaddr[2], fw_netif.hwaddr[3], fw_netif.hwaddr[4],
              fw_netif.hwaddr[5], FW_NET_IP, FW_NET_GW);
    if (xTaskCreate(rx_task, "lan9118", 256, NULL, tskIDLE_PRIORITY + 2, &rx_task_handle) !=
        pdPASS) {
        fw_printf("FAIL: cannot create the driver's receive task\n");
        return -1;
    }
    nvic_enable(LAN9118_MPS2_IRQ);
    if (wait_ms(link_up, FW_NET_LINK_WAIT_MS) != 0) {
        fw_printf("FAIL: link did not come up\n");
        return -1;
    }
    fw_printf("net: link up\n");

    LOCK_TCPIP_CORE();
    sntp_setoperatingmode(SNTP_OPMODE_POLL);
    sntp_setserver(0, &gw);
    sntp_init();
    UNLOCK_TCPIP_CORE();
    if (wait_ms(clock_set, FW_NET_SNTP_WAIT_MS) != 0) {
        fw_printf("FAIL: no SNTP answer from %s\n", FW_NET_GW);
        return -1;
    }
    fw_printf("net: SNTP time %lu\n", (unsigned long)fw_time_now());
    return 0;
}
