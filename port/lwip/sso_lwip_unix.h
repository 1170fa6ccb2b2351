/* Host helper for running the lwIP port on Linux: starts the lwIP thread and
 * one tapif netif (the unix port's TAP driver) with a static IPv4 address.
 * On a device this is the board's own network bring-up; tinysso needs none
 * of it, only a working lwIP sockets API. */
#ifndef TINYSSO_SSO_LWIP_UNIX_H
#define TINYSSO_SSO_LWIP_UNIX_H

/* The TAP device comes from $PRECONFIGURED_TAPIF (it must exist and be up).
 * Returns 0 once the netif is up, -1 on a bad address or a failed start. */
int sso_lwip_unix_start(const char *ip, const char *netmask, const char *gw);

#endif
