/* The SSO OIDC operations through the scripted transport with
 * fuzzer-chosen server bytes and recv split points, and a fuzzer-chosen
 * client name and scopes for the JSON body writer (PROTOCOL §7).
 *
 * Input: [op][cfg][split][seed][name length][name...][server bytes...].
 * Invariants after every call: a known status; the output struct is all zero
 * on failure and, on success, its strings are NUL-terminated and the
 * required ones non-empty; a request refused before any I/O (bad name:
 * control bytes or invalid UTF-8; a body larger than the buffer) sent
 * nothing; a service error has a code and a non-2xx status; the working
 * buffer is wiped and the connection closed at the end. */
#include <string.h>

#include <tinysso/sso_login.h>

#include "fuzz_common.h"
#include "sso_script.h"

#define MAX_DATA 65536

static int terminated(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

static int all_zero(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i;
    for (i = 0; i < n; i++) {
        if (b[i]) {
            return 0;
        }
    }
    return 1;
}

static void check_out(int op, int r, const void *out, size_t size)
{
    const sso_registration_t *reg = (const sso_registration_t *)out;
    const sso_device_auth_t *auth = (const sso_device_auth_t *)out;
    const sso_token_t *tok = (const sso_token_t *)out;
    if (r != SSO_OK) {
        FUZZ_CHECK(all_zero(out, size));
        return;
    }
    if (op == 0) {
        FUZZ_CHECK(terminated(reg->client_id, sizeof reg->client_id) && reg->client_id[0]);
        FUZZ_CHECK(terminated(reg->client_secret, sizeof reg->client_secret) &&
                   reg->client_secret[0]);
    } else if (op == 1) {
        FUZZ_CHECK(terminated(auth->device_code, sizeof auth->device_code) && auth->device_code[0]);
        FUZZ_CHECK(terminated(auth->user_code, sizeof auth->user_code) && auth->user_code[0]);
        FUZZ_CHECK(terminated(auth->verification_uri, sizeof auth->verification_uri));
        FUZZ_CHECK(
            terminated(auth->verification_uri_complete, sizeof auth->verification_uri_complete));
    } else {
        FUZZ_CHECK(terminated(tok->access_token, sizeof tok->access_token) && tok->access_token[0]);
        FUZZ_CHECK(terminated(tok->refresh_token, sizeof tok->refresh_token));
        FUZZ_CHECK(terminated(tok->token_type, sizeof tok->token_type));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t works[4] = {SSO_WORK_MIN, 1024, 2048, 4096};
    static sso_script_t s;
    static union {
        sso_registration_t reg;
        sso_device_auth_t auth;
        sso_token_t tok;
    } out;
    static const size_t sizes[4] = {sizeof(sso_registration_t), sizeof(sso_device_auth_t),
                                    sizeof(sso_token_t), sizeof(sso_token_t)};
    static sso_registration_t reg;
    char name[256];
    const char *scopes[2];
    sso_transport_t t;
    sso_platform_t p;
    sso_config_t cfg;
    sso_client_t c;
    const sso_service_error_t *e;
    uint8_t *work;
    size_t nlen;
    int op, r;
    if (size < 5 || size - 5 > MAX_DATA) {
        return 0;
    }
    op = data[0] & 3;
    nlen = data[4] < size - 5 ? data[4] : size - 5;
    memcpy(name, data + 5, nlen);
    name[nlen] = '\0';
    sso_script_init(&s);
    sso_script_add(&s, data + 5 + nlen, size - 5 - nlen);
    s.split = data[2] == 255 ? SSO_SCRIPT_SPLIT_RANDOM : data[2];
    s.seed = data[3];
    sso_script_transport(&s, &t, 1);
    sso_script_platform(&s, &p);
    memset(&cfg, 0, sizeof cfg);
    cfg.region = "us-east-1";
    cfg.work_len = works[data[1] & 3];
    work = (uint8_t *)malloc(cfg.work_len);
    cfg.work_buf = work;
    cfg.transport = &t;
    cfg.platform = &p;
    cfg.max_attempts = (uint8_t)(1 + (data[1] >> 2) % 3);
    FUZZ_CHECK(sso_oidc_client_init(&c, &cfg) == SSO_OK);
    memset(&reg, 0, sizeof reg);
    strcpy(reg.client_id, "cid");
    strcpy(reg.client_secret, "secret");
    scopes[0] = name;
    scopes[1] = "sso:account:access";
    memset(&out, 0x55, sizeof out);
    switch (op) {
    case 0:
        r = sso_register_client(&c, name[0] ? name : "n", scopes, (data[1] >> 4) & 2, &out.reg);
        break;
    case 1:
        r = sso_start_device_authorization(&c, &reg, name[0] ? name : "u", &out.auth);
        break;
    case 2:
        r = sso_create_token(&c, &reg, name[0] ? name : "d", &out.tok);
        break;
    default:
        r = sso_refresh_token(&c, &reg, name[0] ? name : "r", &out.tok);
        break;
    }
    FUZZ_CHECK(r <= 0 && r >= SSO_ERR_FIELD_INVALID);
    check_out(op, r, &out, sizes[op]);
    if (r == SSO_ERR_INVALID_ARG || r == SSO_ERR_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(s.sent_len == 0 && s.connects == 0);
    }
    e = sso_client_last_error(&c);
    if (r == SSO_ERR_SERVICE) {
        FUZZ_CHECK(e->code[0] && (e->http_status < 200 || e->http_status > 299));
    }
    FUZZ_CHECK(terminated(e->message, sizeof e->message));
    sso_client_close(&c);
    FUZZ_CHECK(!s.open);
    FUZZ_CHECK(all_zero(work, cfg.work_len));
    free(work);
    return 0;
}
