/* lwIP 2.2.1 settings of the device image: IPv4, TCP with the sockets API over
 * the FreeRTOS sys_arch, UDP for SNTP, static IP, no DNS/DHCP (the test
 * network is a namespace with fixed addresses). All memory is lwIP's own
 * pools and heap (MEM_SIZE), never libc malloc. */
#ifndef FW_LWIPOPTS_H
#define FW_LWIPOPTS_H

#include <stdint.h>

#define NO_SYS 0
#define SYS_LIGHTWEIGHT_PROT 1
#define LWIP_TCPIP_CORE_LOCKING 1
#define LWIP_SOCKET 1
#define LWIP_NETCONN 1
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_SNDTIMEO 1
#define LWIP_SOCKET_POLL 1
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_DNS 0
#define LWIP_DHCP 0
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define LWIP_IGMP 0
#define LWIP_STATS 0
#define LWIP_NETIF_API 0
#define LWIP_TCP_KEEPALIVE 0

/* No libc allocator anywhere: lwIP's heap is a static array of MEM_SIZE
 * and every pool is static. */
#define MEM_LIBC_MALLOC 0
#define MEMP_MEM_MALLOC 0
#define MEM_ALIGNMENT 4
#define MEM_SIZE (12 * 1024)
#define MEMP_NUM_TCP_PCB 4
#define MEMP_NUM_TCP_SEG 24
#define MEMP_NUM_NETCONN 6
#define MEMP_NUM_UDP_PCB 3
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 2)
#define PBUF_POOL_SIZE 16
#define PBUF_POOL_BUFSIZE 1536

#define TCP_MSS 1460
#define TCP_WND (4 * TCP_MSS)
#define TCP_SND_BUF (4 * TCP_MSS)
#define TCP_SND_QUEUELEN 16

/* Threads (stack sizes in bytes: the sys_arch divides by the word size). */
#define TCPIP_THREAD_NAME "tcpip"
#define TCPIP_THREAD_STACKSIZE 2048
#define TCPIP_THREAD_PRIO 3
#define TCPIP_MBOX_SIZE 16
#define DEFAULT_TCP_RECVMBOX_SIZE 16
#define DEFAULT_UDP_RECVMBOX_SIZE 4
#define DEFAULT_ACCEPTMBOX_SIZE 4
#define DEFAULT_THREAD_STACKSIZE 1024

/* SNTP sets the wall clock that certificate validity is checked against. */
#define SNTP_SERVER_DNS 0
#define SNTP_STARTUP_DELAY 0
#define SNTP_RECV_TIMEOUT 2000
#define SNTP_RETRY_TIMEOUT 1000
#define SNTP_RETRY_TIMEOUT_EXP 0
void fw_time_set(uint32_t unix_seconds);
#define SNTP_SET_SYSTEM_TIME(sec) fw_time_set((uint32_t)(sec))

#endif
