/* Network bring-up of the device image: lwIP's tcpip thread, the LAN9118
 * interface with a static address, the driver's polling task, and the wall
 * clock from SNTP. */
#ifndef FW_NET_H
#define FW_NET_H

#include "lan9118.h"

#define FW_NET_IP "10.77.0.2"
#define FW_NET_MASK "255.255.255.0"
#define FW_NET_GW "10.77.0.1" /* the test namespace's end of the TAP device */

/* Returns 0 when the link is up and SNTP set the clock, within a bounded
 * time; otherwise prints why and returns -1. */
int fw_net_start(void);

extern lan9118_t fw_lan; /* the driver's state and counters */

#endif
