#include "cli_proxy_env.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void sso_cli_proxy_wipe_bytes(void *p, size_t n)
{
    volatile char *v = p;

    while (n--) {
        *v++ = 0;
    }
}

static int lower_eq(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i;

    if (an != bn) {
        return 0;
    }
    for (i = 0; i < an; i++) {
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) {
            return 0;
        }
    }
    return 1;
}

/* entry (already without leading dots) equals s, or "." + entry ends s. */
static int entry_matches(const char *e, size_t en, const char *s, size_t sn)
{
    if (lower_eq(e, en, s, sn)) {
        return 1;
    }
    return sn > en && s[sn - en - 1] == '.' && lower_eq(e, en, s + sn - en, en);
}

int sso_cli_no_proxy_match(const char *no_proxy, const char *netloc)
{
    size_t host_n = strlen(netloc), only_n = host_n;
    const char *p = no_proxy;

    if (no_proxy == NULL) {
        return 0;
    }
    if (strcmp(no_proxy, "*") == 0) {
        return 1;
    }
    /* urllib's _splitport: a trailing ":digits" (or a bare ":") is the port. */
    {
        size_t i = host_n;
        while (i > 0 && isdigit((unsigned char)netloc[i - 1])) {
            i--;
        }
        if (i > 0 && netloc[i - 1] == ':') {
            only_n = i - 1;
        }
    }
    while (*p != '\0') {
        const char *end = strchr(p, ',');
        const char *e = p;
        size_t en = end != NULL ? (size_t)(end - p) : strlen(p);

        p = end != NULL ? end + 1 : p + en;
        while (en > 0 && isspace((unsigned char)*e)) {
            e++, en--;
        }
        while (en > 0 && isspace((unsigned char)e[en - 1])) {
            en--;
        }
        while (en > 0 && *e == '.') {
            e++, en--;
        }
        if (en == 0) {
            continue;
        }
        if (entry_matches(e, en, netloc, only_n) || entry_matches(e, en, netloc, host_n)) {
            return 1;
        }
    }
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Python's unquote: "%XX" decoded, anything else (a lone "%") kept. */
static int unquote(const char *s, size_t n, char *out, size_t cap)
{
    size_t i, o = 0;

    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        }
        if (o + 1 >= cap) {
            return -1;
        }
        out[o++] = c;
    }
    out[o] = '\0';
    return 0;
}

/* botocore's mask_proxy_url: the first occurrence of the (raw) user name,
 * then of the password, replaced by "***" in the URL. */
static void mask_first(char *url, size_t cap, const char *what, size_t wn)
{
    char *at = url;
    size_t tail;

    if (wn == 0) {
        return;
    }
    while (*at != '\0' && strncmp(at, what, wn) != 0) {
        at++;
    }
    if (*at == '\0') {
        return;
    }
    tail = strlen(at + wn);
    if ((size_t)(at - url) + 3 + tail + 1 > cap) {
        return;
    }
    memmove(at + 3, at + wn, tail + 1);
    memcpy(at, "***", 3);
}

/* The URL is not repeated: it may hold credentials. */
static int parse_fail(sso_cli_proxy_t *out, char *err, size_t cap, const char *why)
{
    sso_cli_proxy_wipe(out);
    snprintf(err, cap, "the proxy URL is not usable: %s", why);
    return -1;
}

int sso_cli_proxy_parse(const char *url, sso_cli_proxy_t *out, char *err, size_t cap)
{
    const char *auth, *host, *end, *at = NULL, *colon = NULL, *q, *pass = NULL;
    size_t un = 0, pn = 0;
    unsigned long port = 80; /* urllib3's default for an http proxy */
    int n;

    memset(out, 0, sizeof *out);
    /* botocore's _fix_proxy_url */
    if (strncmp(url, "http:", 5) == 0 || strncmp(url, "https:", 6) == 0) {
        n = snprintf(out->masked, sizeof out->masked, "%s", url);
    } else if (strncmp(url, "//", 2) == 0) {
        n = snprintf(out->masked, sizeof out->masked, "http:%s", url);
    } else {
        n = snprintf(out->masked, sizeof out->masked, "http://%s", url);
    }
    if (n < 0 || (size_t)n >= sizeof out->masked) {
        return parse_fail(out, err, cap, "it is too long");
    }
    if (strncmp(out->masked, "https:", 6) == 0) {
        return parse_fail(out, err, cap,
                          "an https:// proxy (TLS to the proxy) is not supported; use http://");
    }
    if (strncmp(out->masked, "http://", 7) != 0) {
        return parse_fail(out, err, cap, "expected http://host:port");
    }
    auth = out->masked + 7;
    end = auth + strcspn(auth, "/?#");
    for (q = auth; q < end; q++) {
        if (*q == '@') {
            at = q;
        }
    }
    host = at != NULL ? at + 1 : auth;
    if (at != NULL) {
        const char *sep = memchr(auth, ':', (size_t)(at - auth));
        un = sep != NULL ? (size_t)(sep - auth) : (size_t)(at - auth);
        pass = sep != NULL ? sep + 1 : at;
        pn = (size_t)(at - pass);
        if (unquote(auth, un, out->user, sizeof out->user) != 0 ||
            unquote(pass, pn, out->pass, sizeof out->pass) != 0) {
            return parse_fail(out, err, cap, "the user name or password is too long");
        }
        /* botocore sends credentials only when both are non-empty. */
        out->has_auth = out->user[0] != '\0' && out->pass[0] != '\0';
    }
    if (*host == '[') {
        const char *rb = memchr(host, ']', (size_t)(end - host));
        if (rb == NULL) {
            return parse_fail(out, err, cap, "unclosed [");
        }
        n = (int)(rb - host - 1);
        colon = rb + 1 < end && rb[1] == ':' ? rb + 1 : NULL;
        if (rb + 1 < end && colon == NULL) {
            return parse_fail(out, err, cap, "bad port");
        }
        host++;
    } else {
        colon = memchr(host, ':', (size_t)(end - host));
        n = (int)((colon != NULL ? colon : end) - host);
    }
    if (n <= 0 || (size_t)n >= sizeof out->host) {
        return parse_fail(out, err, cap, "no host, or a host name that is too long");
    }
    memcpy(out->host, host, (size_t)n);
    out->host[n] = '\0';
    if (colon != NULL && colon + 1 < end) {
        port = 0;
        for (q = colon + 1; q < end; q++) {
            if (!isdigit((unsigned char)*q) ||
                (port = port * 10 + (unsigned long)(*q - '0')) > 65535) {
                return parse_fail(out, err, cap, "bad port");
            }
        }
        if (port == 0) {
            return parse_fail(out, err, cap, "bad port");
        }
    }
    out->port = (uint16_t)port;
    if (at != NULL) {
        /* Copies, since masking the user name may shift the password. */
        char raw_user[sizeof out->masked], raw_pass[sizeof out->masked];
        memcpy(raw_user, auth, un);
        memcpy(raw_pass, pass, pn);
        mask_first(out->masked, sizeof out->masked, raw_user, un);
        mask_first(out->masked, sizeof out->masked, raw_pass, pn);
        sso_cli_proxy_wipe_bytes(raw_user, sizeof raw_user);
        sso_cli_proxy_wipe_bytes(raw_pass, sizeof raw_pass);
    }
    out->use = 1;
    return 0;
}

/* The lowercase name wins; set but empty, it means "none". */
static const char *lookup(sso_cli_getenv_t get, const char *lower, const char *upper,
                          const char **source)
{
    const char *v = get(lower);

    if (v != NULL) {
        *source = lower;
        return v[0] != '\0' ? v : NULL;
    }
    if (strcmp(upper, "HTTP_PROXY") == 0 && get("REQUEST_METHOD") != NULL) {
        return NULL;
    }
    v = get(upper);
    *source = upper;
    return v != NULL && v[0] != '\0' ? v : NULL;
}

int sso_cli_proxy_from_env(const char *endpoint_url, sso_cli_getenv_t get, sso_cli_proxy_t *out,
                           char *err, size_t cap)
{
    int https = strncasecmp(endpoint_url, "https:", 6) == 0;
    const char *source = NULL, *no_source = NULL;
    const char *url = https ? lookup(get, "https_proxy", "HTTPS_PROXY", &source)
                            : lookup(get, "http_proxy", "HTTP_PROXY", &source);
    const char *no = lookup(get, "no_proxy", "NO_PROXY", &no_source);
    const char *netloc = strstr(endpoint_url, "://");
    char loc[512];
    size_t n;

    memset(out, 0, sizeof *out);
    if (url == NULL) {
        return 0;
    }
    netloc = netloc != NULL ? netloc + 3 : endpoint_url;
    n = strcspn(netloc, "/?#");
    if (n >= sizeof loc) {
        n = sizeof loc - 1;
    }
    memcpy(loc, netloc, n);
    loc[n] = '\0';
    if (sso_cli_no_proxy_match(no, loc)) {
        out->source = no_source;
        return 0;
    }
    if (sso_cli_proxy_parse(url, out, err, cap) != 0) {
        return -1;
    }
    out->source = source;
    return 0;
}

void sso_cli_proxy_wipe(sso_cli_proxy_t *p)
{
    sso_cli_proxy_wipe_bytes(p, sizeof *p);
}
