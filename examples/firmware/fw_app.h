/* The device application task and the test network's fixed ports: the
 * runner starts one mock portal per port in the namespace. */
#ifndef FW_APP_H
#define FW_APP_H

#include <stddef.h>

#define FW_PORT_TLS13 8443     /* the walk; TLS 1.3 */
#define FW_PORT_TLS12 8444     /* TLS 1.2 only */
#define FW_PORT_UNTRUSTED 8445 /* certificate from a CA the image does not trust */
#define FW_PORT_WRONGNAME 8446 /* certificate for another host name */

/* mbedTLS's static pool (MBEDTLS_MEMORY_BUFFER_ALLOC_C), at the 40 KB goal:
 * every handshake of the test runs in it, block headers and fragmentation
 * included, or fails. */
#define FW_TLS_POOL_BYTES (40u * 1024u)

/* The TLS handshake is the deepest path: about 4 KB (README table). */
#define FW_APP_STACK_BYTES (8u * 1024u)

#if defined(FW_P256M)
#define FW_P256M_LABEL " (P-256 through p256-m)"
#else
#define FW_P256M_LABEL " (P-256 through generic ECP)"
#endif

void fw_app_task(void *arg);
/* The stack each task was created with, in bytes (0 for an unknown name). */
size_t fw_task_stack_bytes(const char *name);

#endif
