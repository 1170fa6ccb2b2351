/* The service-error model: error sources and their precedence, code
 * sanitizing, and the retry classification of the standard retry mode. */
#include "sso_service_error.h"

#include <string.h>

#include "sso_http_resp.h"
#include "sso_util.h"

static const sso_json_member_t sso_rest_json_members[] = {
    {"code", SSO_JSON_STRING, SSO_SRC_CODE_BODY},
    {"__type", SSO_JSON_STRING, SSO_SRC_CODE_TYPE},
    {"message", SSO_JSON_STRING, SSO_SRC_MESSAGE},
    {"Message", SSO_JSON_STRING, SSO_SRC_MESSAGE_ALT},
};
static const sso_json_member_t sso_oauth_members[] = {
    {"error_description", SSO_JSON_STRING, SSO_SRC_MESSAGE},
    {"error", SSO_JSON_STRING, SSO_SRC_MESSAGE_ALT},
};

const sso_error_model_t sso_error_models[SSO_ERRORS_COUNT] = {
    {sso_rest_json_members, 4},
    {sso_oauth_members, 2},
};

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

void sso_error_begin(sso_error_reader_t *r, sso_service_error_t *e)
{
    memset(r, 0, sizeof(*r));
    memset(e, 0, sizeof(*e));
    r->e = e;
}

/* Appends to a diagnostic text field: what does not fit is cut (flagged
 * in *cut when given), never an error. */
static void append(char *dst, size_t cap, uint16_t *len, const char *s, size_t n, uint8_t *cut)
{
    size_t room = cap - 1 - *len;
    if (n > room) {
        n = room;
        if (cut) {
            *cut = 1;
        }
    }
    memcpy(dst + *len, s, n);
    *len = (uint16_t)(*len + n);
    dst[*len] = '\0';
}

void sso_error_string(sso_error_reader_t *r, unsigned src, const char *piece, size_t len)
{
    sso_service_error_t *e = r->e;
    if (piece) {
        if (r->cur >= SSO_SRC_MESSAGE_ALT) {
            append(e->message, sizeof(e->message), &r->msg_len, piece, len, &e->message_truncated);
        } else if (r->cur) {
            sso_code_push(&r->code, piece, len);
        }
        return;
    }
    /* A new value starts: it is read only if no source that outranks it
     * has already given one. */
    r->cur = SSO_SRC_NONE;
    if (src >= SSO_SRC_MESSAGE_ALT) {
        if (src >= r->msg_src) {
            r->cur = (uint8_t)src;
            r->msg_src = (uint8_t)src;
            r->msg_len = 0;
            e->message[0] = '\0';
            e->message_truncated = 0;
        }
    } else if (src >= r->code_src || !sso_code_ok(&r->code)) {
        r->cur = (uint8_t)src;
        r->code_src = (uint8_t)src;
        sso_code_begin(&r->code, e->code, sizeof(e->code));
    }
}

void sso_error_header(sso_error_reader_t *r, int id, const char *piece, size_t len)
{
    sso_service_error_t *e = r->e;
    if (id == SSO_HDR_ERROR_TYPE) {
        sso_error_string(r, SSO_SRC_CODE_HEADER, piece, len);
    } else if (!piece) {
        r->rid_len = 0;
        e->request_id[0] = '\0';
    } else {
        append(e->request_id, sizeof(e->request_id), &r->rid_len, piece, len, NULL);
    }
}

void sso_error_end(sso_error_reader_t *r, unsigned http_status)
{
    char num[12];
    r->e->http_status = (int)http_status;
    if (!sso_code_ok(&r->code)) {
        strcpy(r->e->code, sso_utoa(num + sizeof(num), http_status));
    }
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
