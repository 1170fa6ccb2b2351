/* The service error model: code sanitizing and the retry classification of
 * the AWS standard retry mode. */
#include <string.h>

#include "sso_internal.h"

void sso_code_begin(sso_code_acc_t *a, char *dst, size_t cap)
{
    a->dst = dst;
    a->cap = (uint8_t)(cap > 255 ? 255 : cap);
    a->len = 0;
    a->stop = 0;
    a->overflow = 0;
    dst[0] = '\0';
}

void sso_code_push(sso_code_acc_t *a, const char *s, size_t n)
{
    for (; n > 0 && !a->stop; s++, n--) {
        if (*s == ':') {
            a->stop = 1;
        } else if (*s == '#') {
            /* Only the part after the last '#' counts: start over. */
            a->len = 0;
            a->overflow = 0;
        } else if (a->len + 1 < a->cap) {
            a->dst[a->len++] = *s;
        } else {
            a->overflow = 1;
        }
        a->dst[a->len] = '\0';
    }
}

int sso_code_ok(const sso_code_acc_t *a)
{
    return a->dst != NULL && a->len > 0 && !a->overflow;
}

/* Throttling and transient codes of the standard mode. Each entry's first
 * byte says which spellings count: 1 the bare name, 2 the name followed by
 * "Exception", 3 both; half the list shares that suffix, and flash is dear. */
static const char sso_retry_codes[] = "\3Throttling\0\2Throttled\0\3RequestThrottled\0"
                                      "\2TooManyRequests\0\2ProvisionedThroughputExceeded\0"
                                      "\2TransactionInProgress\0\1RequestLimitExceeded\0"
                                      "\1BandwidthLimitExceeded\0\2LimitExceeded\0\1SlowDown\0"
                                      "\1PriorRequestNotComplete\0\2EC2Throttled\0"
                                      "\3RequestTimeout\0";

static int sso_retry_code(const char *code)
{
    const char *p;
    for (p = sso_retry_codes; *p; p += strlen(p) + 1) {
        size_t n = strlen(p + 1);
        const char *rest = code + n;
        if (strncmp(code, p + 1, n) == 0 &&
            (((*p & 1) && !*rest) || ((*p & 2) && strcmp(rest, "Exception") == 0))) {
            return 1;
        }
    }
    return 0;
}

int sso_retryable(int status, int http_status, const char *code)
{
    switch (status) {
    case SSO_ERR_DNS:
    case SSO_ERR_CONNECT:
    case SSO_ERR_TIMEOUT:
    case SSO_ERR_TRANSPORT:
    case SSO_ERR_TRUNCATED:
        return 1;
    case SSO_ERR_SERVICE:
        break;
    default:
        return 0;
    }
    return http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504 ||
           sso_retry_code(code);
}

/* Called through a volatile pointer, memset cannot be proven dead and
 * dropped, and it keeps libc's word-at-a-time speed: wiping the working
 * buffer after every call should not cost more than parsing did. */
static void *(*const volatile sso_memset)(void *, int, size_t) = memset;

void sso_wipe(void *p, size_t n)
{
    sso_memset(p, 0, n);
}

int sso_text_ok(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!s || !*u) {
        return 0;
    }
    for (; *u; u++) {
        if (*u < 0x20 || *u == 0x7f) {
            return 0;
        }
    }
    return 1;
}
