/* Which proxy a request goes through, by the AWS CLI's rules. botocore asks
 * Python's urllib (getproxies_environment, proxy_bypass_environment):
 *
 * - The variable is <scheme>_proxy of the endpoint's scheme: https_proxy
 *   for https, http_proxy for http. The lowercase name wins over the
 *   uppercase one, and a lowercase one set to "" means no proxy even when
 *   the uppercase one is set. HTTP_PROXY (uppercase) is ignored when
 *   REQUEST_METHOD is set (CGI, CVE-2016-1000110). ALL_PROXY is not read.
 * - A proxy URL without a scheme gets "http://"; "//host" gets "http:".
 *   Only http:// proxies are supported here (an https:// proxy, TLS to the
 *   proxy itself, is refused with a clear error).
 * - no_proxy/NO_PROXY: the whole value "*" bypasses every host. Otherwise a
 *   comma-separated list; each entry, trimmed, leading dots removed, lower-
 *   cased, matches when it equals the endpoint's host or host:port, or is a
 *   dot-separated suffix of either ("example.com" and ".example.com" both
 *   match "a.example.com" and "example.com"). An entry with a port matches
 *   that port only. IP addresses are compared as text, like names: there
 *   is no CIDR and no address arithmetic (urllib has none), and an IPv6
 *   endpoint is written in brackets ("[::1]"). */
#ifndef TINYSSO_CLI_PROXY_ENV_H
#define TINYSSO_CLI_PROXY_ENV_H

#include <stddef.h>
#include <stdint.h>

#define SSO_CLI_PROXY_CRED_MAX 255

typedef const char *(*sso_cli_getenv_t)(const char *name);

typedef struct sso_cli_proxy {
    int use;            /* 1: go through the proxy below */
    const char *source; /* the variable it came from, e.g. "HTTPS_PROXY" */
    char masked[1100];  /* the URL as botocore prints it: credentials as *** */
    char host[254];     /* no brackets for IPv6 */
    uint16_t port;
    int has_auth;
    char user[SSO_CLI_PROXY_CRED_MAX + 1]; /* percent-decoded */
    char pass[SSO_CLI_PROXY_CRED_MAX + 1];
} sso_cli_proxy_t;

/* 1 when the no_proxy value says to go direct to netloc (the endpoint
 * URL's host[:port] as written in the URL). */
int sso_cli_no_proxy_match(const char *no_proxy, const char *netloc);

/* Parses a proxy URL into out (use = 1). Returns 0, or -1 with a reason in
 * err (which never repeats the URL: it may hold credentials). */
int sso_cli_proxy_parse(const char *url, sso_cli_proxy_t *out, char *err, size_t cap);

/* Picks the proxy for endpoint_url ("https://host[:port][/...]" or
 * "http://..."). out->use is 0 when there is none or no_proxy matches.
 * Returns 0, or -1 with a reason in err for a proxy URL that cannot be
 * used. get is getenv (tests pass their own). */
int sso_cli_proxy_from_env(const char *endpoint_url, sso_cli_getenv_t get, sso_cli_proxy_t *out,
                           char *err, size_t cap);

/* Zeroes the credentials. */
void sso_cli_proxy_wipe(sso_cli_proxy_t *p);

#endif
