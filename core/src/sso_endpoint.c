/* Endpoint resolution (PROTOCOL §1; the OIDC host of §7 follows the same
 * rules with another service label). Table-driven and allocation-free to
 * keep flash and stack small on microcontrollers. */
#include "sso_endpoint.h"

#include <string.h>

#include "tinysso/sso_status.h"

/* Per partition: region prefix, DNS suffix, dual-stack suffix. Most
 * specific prefix first. The last prefix is empty and matches anything:
 * botocore's fallback of a well-formed but unknown region to aws.
 * aws-us-gov shares the aws suffixes, so it needs no entry. */
static const struct partition {
    const char *prefix, *dns, *dual_stack;
} partitions[] = {
    {"us-isob-", "sc2s.sgov.gov", "api.aws.scloud"},
    {"us-isof-", "csp.hci.ic.gov", "api.aws.hci.ic.gov"},
    {"us-iso-", "c2s.ic.gov", "api.aws.ic.gov"},
    {"eu-isoe-", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"},
    {"eusc-", "amazonaws.eu", "api.amazonwebservices.eu"},
    {"cn-", "amazonaws.com.cn", "api.amazonwebservices.com.cn"},
    {"", "amazonaws.com", "api.aws"},
};

/* Character classes as bits, so one scan loop serves three grammars. */
#define CLS_REGION 1u /* [a-z0-9-] */
#define CLS_NAME 2u   /* [A-Za-z0-9.-] */
#define CLS_V6 4u     /* [A-Fa-f0-9:.] */

static unsigned cls(char ch)
{
    unsigned c = (unsigned char)ch;

    if (c >= 'a' && c <= 'z') {
        return CLS_REGION | CLS_NAME | (c <= 'f' ? CLS_V6 : 0u);
    }
    if (c >= 'A' && c <= 'Z') {
        return CLS_NAME | (c <= 'F' ? CLS_V6 : 0u);
    }
    if (c >= '0' && c <= '9') {
        return CLS_REGION | CLS_NAME | CLS_V6;
    }
    if (c == '-') {
        return CLS_REGION | CLS_NAME;
    }
    if (c == '.') {
        return CLS_NAME | CLS_V6;
    }
    return c == ':' ? CLS_V6 : 0u;
}

static const char *skip_class(const char *s, unsigned want)
{
    while (cls(*s) & want) {
        s++;
    }
    return s;
}

/* The host being built. Overflow sets n to cap, which every later put and
 * the final check treat as failure, so callers test once at the end. */
typedef struct out {
    char *dst;
    size_t n, cap;
} out_t;

/* Appends at most len bytes of s, stopping at NUL, keeping room for one. */
static void put(out_t *o, const char *s, size_t len)
{
    while (len-- && *s) {
        if (o->n + 1 >= o->cap) {
            o->n = o->cap;
            return;
        }
        o->dst[o->n++] = *s++;
    }
}

/* RFC 3986 path characters: unreserved, sub-delims, ':', '@', '%', '/'. */
static int path_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("-._~!$&'()*+,;=:@%/", c) != NULL);
}

size_t sso_endpoint_path(const char *p)
{
    size_t n = 0;
    while (path_char(p[n])) {
        n++;
    }
    return n;
}

const char *sso_endpoint_prefix(const char *url, size_t *len)
{
    const char *p = url != NULL ? strstr(url, "://") : NULL;
    *len = 0;
    if (p == NULL || (p = strchr(p + 3, '/')) == NULL) {
        return "";
    }
    *len = sso_endpoint_path(p);
    while (*len > 0 && p[*len - 1] == '/') {
        --*len; /* "https://h/prefix/" and "https://h/prefix" are one endpoint */
    }
    return p;
}

/* Parses an override URL into o; leaves o->n at cap when it is refused. */
static void parse_url(out_t *o, const char *u, uint16_t *port, int *tls)
{
    const char *h;
    size_t len;
    unsigned long v;
    unsigned want = CLS_NAME;
    int s;

    /* The scheme in any case, as URL parsers take it. */
    if ((u[0] | 32) != 'h' || (u[1] | 32) != 't' || (u[2] | 32) != 't' || (u[3] | 32) != 'p') {
        return;
    }
    u += 4;
    s = ((*u | 32) == 's');
    u += s;
    if (strncmp(u, "://", 3) != 0) {
        return;
    }
    u += 3;
    if (*u == '[') {
        want = CLS_V6;
        u++;
    }
    h = u;
    u = skip_class(u, want);
    len = (size_t)(u - h);
    if (len == 0 || (want == CLS_V6 && *u++ != ']')) {
        return;
    }
    /* http has no default port: it exists only for local test servers. */
    v = s ? 443u : 0u;
    if (*u == ':') {
        v = 0;
        while (*++u >= '0' && *u <= '9' && v <= 65535u) {
            v = v * 10u + (unsigned long)(*u - '0');
        }
    }
    /* A path prefix ("/prefix" is sent as "/prefix/federation/..."). */
    if (*u == '/') {
        u += sso_endpoint_path(u);
    }
    if (*u != '\0' || v == 0 || v > 65535u) {
        return;
    }
    *port = (uint16_t)v;
    *tls = s;
    o->n = 0;
    put(o, h, len);
}

int sso_endpoint_host(const char *service, const char *region, int fips, int dual_stack,
                      const char *url, char *host, size_t host_cap, uint16_t *port, int *tls)
{
    const struct partition *p = partitions;
    const char *r;
    out_t o;

    if (service == NULL || host == NULL || port == NULL || tls == NULL) {
        return SSO_ERR_INVALID_ARG;
    }
    o.dst = host;
    o.n = o.cap = host_cap;
    if (region != NULL) {
        r = skip_class(region, CLS_REGION);
        if (*r != '\0' || r == region || r - region > 63) {
            goto out;
        }
    }
    if (url != NULL && *url != '\0') {
        if (!fips && !dual_stack) {
            parse_url(&o, url, port, tls);
        }
        goto out;
    }
    if (region == NULL) {
        goto out;
    }
    /* Terminates: the last prefix is empty. */
    while (strncmp(region, p->prefix, strlen(p->prefix)) != 0) {
        p++;
    }
    /* No -fips host exists in aws-us-gov (neither portal.sso nor oidc);
     * botocore maps FIPS there to the plain host, but not with dual-stack. */
    if (!dual_stack && strncmp(region, "us-gov-", 7) == 0) {
        fips = 0;
    }
    o.n = 0;
    put(&o, service, host_cap);
    put(&o, fips ? "-fips." : ".", host_cap);
    put(&o, region, 63);
    put(&o, ".", 1);
    put(&o, dual_stack ? p->dual_stack : p->dns, host_cap);
    *port = 443;
    *tls = 1;
out:
    if (o.n >= host_cap) {
        if (host_cap != 0) {
            host[0] = '\0';
        }
        return SSO_ERR_ENDPOINT;
    }
    host[o.n] = '\0';
    return SSO_OK;
}
