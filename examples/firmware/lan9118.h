/* SMSC LAN9118 Ethernet controller: an lwIP network interface driver,
 * written from the controller's datasheet (register map, TX/RX data FIFOs,
 * TX command words A/B, RX status FIFO, MAC CSR indirect access, PHY over
 * MII through the MAC CSR). Polled: lan9118_poll() is called from a task;
 * transmit runs in lwIP's tcpip thread through netif->linkoutput.
 *
 * On the MPS2 AN385/AN386 FPGA images (and QEMU's model of them, -nic
 * ...,model=lan9118) the controller sits at 0x40200000. */
#ifndef FW_LAN9118_H
#define FW_LAN9118_H

#include <stdint.h>

#include "lwip/netif.h"

#define LAN9118_MPS2_BASE 0x40200000u

typedef struct lan9118 {
    uintptr_t base;
    uint32_t rx_frames, rx_dropped, tx_frames, tx_errors;
    uint32_t polls; /* lan9118_poll calls, for the link-state cadence */
} lan9118_t;

/* netif_add() init callback; netif->state must point at a lan9118_t whose
 * base is set. Resets the controller, reads its MAC address, starts the
 * PHY's auto-negotiation and enables the receiver and transmitter. Returns
 * ERR_IF when no LAN9118 answers at base (BYTE_TEST mismatch) or it does not
 * come out of reset. */
err_t lan9118_netif_init(struct netif *netif);

/* Moves every received frame to netif->input and follows the PHY's link
 * state (netif_set_link_up/down). Returns the number of frames received. */
unsigned lan9118_poll(struct netif *netif);

#endif
