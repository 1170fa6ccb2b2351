/* Endpoint resolution (internal): region + partition + FIPS/dual-stack, or an
 * override URL, to host, port and scheme. Pure string work, no I/O. */
#ifndef TINYSSO_SSO_ENDPOINT_H
#define TINYSSO_SSO_ENDPOINT_H

#include <stddef.h>
#include <stdint.h>

/* url, when not NULL/empty, is "https://host[:port][/prefix]" or
 * "http://host:port[/prefix]" (scheme in any case; the prefix made of RFC
 * 3986 path characters, no query or fragment); it excludes fips and
 * dual_stack.
 * Otherwise region must be a valid host label ([a-z0-9-], 1..63).
 * On success host holds the NUL-terminated host, *port the port, *tls 1 for
 * https. Returns SSO_OK, SSO_ERR_ENDPOINT (the rules of PROTOCOL §1 say no,
 * or an invalid region or URL) or SSO_ERR_INVALID_ARG (NULL outputs). */
int sso_endpoint_resolve(const char *region, int fips, int dual_stack, const char *url, char *host,
                         size_t host_cap, uint16_t *port, int *tls);

/* Length of the run of path characters at p. */
size_t sso_endpoint_path(const char *p);

/* The override URL's path prefix without trailing '/' (len 0 when none),
 * which every request path is appended to. */
const char *sso_endpoint_prefix(const char *url, size_t *len);

#endif
