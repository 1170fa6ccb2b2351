/* POSIX port: a TCP transport over BSD sockets and a platform (monotonic
 * clock, nanosleep, getrandom). */
#ifndef TINYSSO_SSO_POSIX_H
#define TINYSSO_SSO_POSIX_H

#include <tinysso/sso_transport.h>

typedef struct sso_posix_tcp {
    int fd; /* -1 when closed */
} sso_posix_tcp_t;

/* Fills t with a plain TCP transport (t->secure = 0) using ctx as state. */
void sso_posix_tcp_transport(sso_posix_tcp_t *ctx, sso_transport_t *t);

/* Fills p with the POSIX platform. */
void sso_posix_platform(sso_platform_t *p);

#endif
