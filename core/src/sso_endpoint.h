/* Endpoint resolution (internal): region + partition + FIPS/dual-stack, or an
 * override URL, to host, port and scheme. Pure string work, no I/O. */
#ifndef TINYSSO_SSO_ENDPOINT_H
#define TINYSSO_SSO_ENDPOINT_H

#include <stddef.h>
#include <stdint.h>

/* The first label(s) of a service's host: portal.sso.{region}.{dnsSuffix}
 * (PROTOCOL §1), oidc.{region}.{dnsSuffix} (PROTOCOL §7); FIPS appends
 * "-fips" to it. */
#define SSO_SERVICE_PORTAL "portal.sso"
#define SSO_SERVICE_OIDC "oidc"

/* url, when not NULL/empty, is "https://host[:port][/prefix]" or
 * "http://host:port[/prefix]" (scheme in any case; the prefix made of RFC
 * 3986 path characters, no query or fragment); it excludes fips and
 * dual_stack.
 * Otherwise region must be a valid host label ([a-z0-9-], 1..63) and the
 * host is service's, per partition, FIPS and dual-stack.
 * On success host holds the NUL-terminated host, *port the port, *tls 1 for
 * https. Returns SSO_OK, SSO_ERR_ENDPOINT (the rules of PROTOCOL §1 say no,
 * or an invalid region or URL) or SSO_ERR_INVALID_ARG (NULL outputs). */
int sso_endpoint_host(const char *service, const char *region, int fips, int dual_stack,
                      const char *url, char *host, size_t host_cap, uint16_t *port, int *tls);

/* The portal's host. */
static inline int sso_endpoint_resolve(const char *region, int fips, int dual_stack,
                                       const char *url, char *host, size_t host_cap, uint16_t *port,
                                       int *tls)
{
    return sso_endpoint_host(SSO_SERVICE_PORTAL, region, fips, dual_stack, url, host, host_cap,
                             port, tls);
}

/* Length of the run of path characters at p. */
size_t sso_endpoint_path(const char *p);

/* The override URL's path prefix without trailing '/' (len 0 when none),
 * which every request path is appended to. */
const char *sso_endpoint_prefix(const char *url, size_t *len);

#endif
