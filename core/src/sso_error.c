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

/* Throttling and transient codes of the standard mode, NUL separated. */
static const char sso_retry_codes[] = "Throttling\0ThrottlingException\0ThrottledException\0"
                                      "RequestThrottledException\0TooManyRequestsException\0"
                                      "ProvisionedThroughputExceededException\0"
                                      "TransactionInProgressException\0RequestLimitExceeded\0"
                                      "BandwidthLimitExceeded\0LimitExceededException\0"
                                      "RequestThrottled\0SlowDown\0PriorRequestNotComplete\0"
                                      "EC2ThrottledException\0RequestTimeout\0"
                                      "RequestTimeoutException\0";

int sso_retryable(int status, int http_status, const char *code)
{
    const char *p;
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
    if (http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504) {
        return 1;
    }
    for (p = sso_retry_codes; *p; p += strlen(p) + 1) {
        if (strcmp(p, code) == 0) {
            return 1;
        }
    }
    return 0;
}

void sso_wipe(void *p, size_t n)
{
    volatile unsigned char *v = (volatile unsigned char *)p;
    while (n--) {
        *v++ = 0;
    }
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
