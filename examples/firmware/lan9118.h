/* SMSC LAN9118 Ethernet controller: an lwIP network interface driver,
 * written from the controller's datasheet (register map, TX/RX data FIFOs,
 * TX command words A/B, RX status FIFO, MAC CSR indirect access, PHY over
 * MII through the MAC CSR). Receive is interrupt-driven: the interrupt only
 * wakes a task, which moves the frames (lan9118_poll); transmit runs in
 * lwIP's tcpip thread through netif->linkoutput.
 *
 * On the MPS2 AN385/AN386 FPGA images (and QEMU's model of them, -nic
 * ...,model=lan9118) the controller sits at 0x40200000, its interrupt on
 * line 13 of the NVIC. */
#ifndef FW_LAN9118_H
#define FW_LAN9118_H

#include <stdint.h>

#include "lwip/netif.h"

#define LAN9118_MPS2_BASE 0x40200000u
#define LAN9118_MPS2_IRQ 13 /* its line on the NVIC of the AN385/AN386 images */

typedef struct lan9118 {
    uintptr_t base;
    uint32_t rx_frames, rx_dropped, tx_frames, tx_errors;
    uint32_t irqs; /* receive interrupts taken */
} lan9118_t;

/* netif_add() init callback; netif->state must point at a lan9118_t whose
 * base is set. Resets the controller, reads its MAC address, starts the
 * PHY's auto-negotiation and enables the receiver and transmitter. Returns
 * ERR_IF when no LAN9118 answers at base (BYTE_TEST mismatch) or it does not
 * come out of reset. */
err_t lan9118_netif_init(struct netif *netif);

/* Moves every received frame to netif->input. Returns the number of frames
 * received. */
unsigned lan9118_poll(struct netif *netif);

/* Follows the PHY's link state (netif_set_link_up/down). */
void lan9118_link_poll(struct netif *netif);

/* Receive interrupt: lan9118_irq_arm() lets the controller raise its IRQ
 * line when a frame waits in the RX status FIFO and returns 1 if one
 * already does (then poll again instead of waiting: it may have arrived
 * before the arm). lan9118_irq_mask(), from the interrupt handler, lowers
 * the line until the next arm. */
int lan9118_irq_arm(lan9118_t *d);
void lan9118_irq_mask(lan9118_t *d);

#endif
