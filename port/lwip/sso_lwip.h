/* lwIP port: a TCP transport over the lwIP sockets API (NO_SYS=0). */
#ifndef TINYSSO_SSO_LWIP_H
#define TINYSSO_SSO_LWIP_H

#include <tinysso/sso_transport.h>

typedef struct sso_lwip_tcp {
    int fd; /* lwIP socket, -1 when closed */
} sso_lwip_tcp_t;

void sso_lwip_tcp_transport(sso_lwip_tcp_t *ctx, sso_transport_t *t);

#endif
