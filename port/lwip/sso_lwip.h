/* lwIP port: a TCP transport over the lwIP sockets API (NO_SYS=0).
 * Host names: an IPv4/IPv6 literal always works; other names go to the
 * optional resolve hook (a static hosts table, an app-level DNS client), and
 * then to lwip_getaddrinfo when lwIP is built with LWIP_DNS. */
#ifndef TINYSSO_SSO_LWIP_H
#define TINYSSO_SSO_LWIP_H

#include <tinysso/sso_transport.h>

/* Returns an IP literal for host, or NULL when it does not know it. */
typedef const char *(*sso_lwip_resolve_fn)(void *user, const char *host);

typedef struct sso_lwip_tcp {
    int fd;                      /* lwIP socket, -1 when closed */
    sso_lwip_resolve_fn resolve; /* optional; set after sso_lwip_tcp_transport() */
    void *resolve_user;
    uint32_t rcv_timeout_ms; /* SO_RCVTIMEO/SO_SNDTIMEO currently set on fd */
    uint32_t snd_timeout_ms;
} sso_lwip_tcp_t;

/* Fills t with a plain TCP transport (t->secure = 0) using ctx as state and
 * clears ctx (resolve included). Call from a thread lwIP knows (after
 * tcpip_init()). */
void sso_lwip_tcp_transport(sso_lwip_tcp_t *ctx, sso_transport_t *t);

#endif
