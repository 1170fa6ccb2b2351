/* The error model on the target (PROTOCOL §3): the 11 Smithy restJson1
 * cases, each through a real 400 response, must all yield "FooError"; then
 * the message, the request id, a bare 503 and a throttled retry. */
#include <string.h>

#include <tinysso/tinysso.h>

#include "sso_fw.h"
#include "sso_fw_fixture.h"

typedef struct smithy_case {
    const char *headers;
    const char *body;
} smithy_case_t;

#define NS_URL ":http://internal.amazon.com/coral/com.amazon.coral.validate/"

static const smithy_case_t smithy_cases[] = {
    {"X-Amzn-ErrorType: FooError\r\n", "{}"},
    {"X-Amzn-ErrorType: FooError" NS_URL "\r\n", "{}"},
    {"X-Amzn-ErrorType: aws.protocoltests.restjson#FooError" NS_URL "\r\n", "{}"},
    {"X-Amzn-ErrorType: aws.different.namespace#FooError" NS_URL "\r\n", "{}"},
    {"", "{\"code\":\"FooError\"}"},
    {"", "{\"code\":\"aws.protocoltests.restjson#FooError\"}"},
    {"", "{\"code\":\"aws.protocoltests.restjson#FooError" NS_URL "\"}"},
    {"", "{\"__type\":\"FooError\"}"},
    {"", "{\"__type\":\"aws.protocoltests.restjson#FooError\"}"},
    {"", "{\"__type\":\"aws.protocoltests.restjson#FooError" NS_URL "\"}"},
    {"", "{\"__type\":\"aws.protocoltests.restjson#FooError\",\"ErrorDetails\":[{\"__type\":"
         "\"com.amazon.internal#ErrorDetails\"}]}"},
};

static int logout(void)
{
    int st;
    SSO_FW_MEASURE(SSO_FW_OP_LOGOUT, st = sso_logout(&sso_fw_fx.c, "tok"));
    return st;
}

void sso_fw_test_errors(void)
{
    const sso_service_error_t *e = sso_client_last_error(&sso_fw_fx.c);
    size_t i;

    SSO_CHECK_INT(sizeof(smithy_cases) / sizeof(smithy_cases[0]), 11);
    for (i = 0; i < sizeof(smithy_cases) / sizeof(smithy_cases[0]); i++) {
        sso_fw_fx_reset(1024, 1);
        sso_fw_fx.s.split = i % 2 ? SSO_SCRIPT_SPLIT_RANDOM : 0;
        sso_script_add_str(&sso_fw_fx.s, sso_fw_resp("400 Bad Request", smithy_cases[i].headers,
                                                     smithy_cases[i].body));
        SSO_CHECK_INT(sso_client_init(&sso_fw_fx.c, &sso_fw_fx.cfg), SSO_OK);
        SSO_CHECK_INT(logout(), SSO_ERR_SERVICE);
        SSO_CHECK_INT(e->http_status, 400);
        if (strcmp(e->code, "FooError") != 0) {
            sso_fw_printf("FAIL: Smithy error case %u gave code \"%s\"\n", (unsigned)i + 1,
                          e->code);
        }
        SSO_CHECK_STR(e->code, "FooError");
    }

    /* The header wins over the body; the real 401 body gives the message. */
    sso_fw_fx_reset(1024, 1);
    sso_script_add_str(&sso_fw_fx.s,
                       sso_fw_resp("401 Unauthorized",
                                   "x-amzn-ErrorType: UnauthorizedException\r\n"
                                   "RequestId: 0a1b2c3d-0000-4000-8000-000000000001\r\n",
                                   "{\"message\":\"Session token not found or invalid\",\"__type\":"
                                   "\"com.amazonaws.switchboard.portal#OtherException\"}"));
    SSO_CHECK_INT(sso_client_init(&sso_fw_fx.c, &sso_fw_fx.cfg), SSO_OK);
    SSO_CHECK_INT(logout(), SSO_ERR_SERVICE);
    SSO_CHECK_INT(e->http_status, 401);
    SSO_CHECK_STR(e->code, "UnauthorizedException");
    SSO_CHECK_STR(e->message, "Session token not found or invalid");
    SSO_CHECK_STR(e->request_id, "0a1b2c3d-0000-4000-8000-000000000001");

    /* message beats Message whatever the order; no code: the status. */
    sso_fw_fx_reset(1024, 1);
    sso_script_add_str(&sso_fw_fx.s, sso_fw_resp("404 Not Found", "",
                                                 "{\"message\":\"lower\",\"Message\":\"upper\"}"));
    SSO_CHECK_INT(sso_client_init(&sso_fw_fx.c, &sso_fw_fx.cfg), SSO_OK);
    SSO_CHECK_INT(logout(), SSO_ERR_SERVICE);
    SSO_CHECK_STR(e->code, "404");
    SSO_CHECK_STR(e->message, "lower");

    /* A bare 503 with no headers at all. */
    sso_fw_fx_reset(1024, 1);
    sso_script_add_str(&sso_fw_fx.s, "HTTP/1.1 503\r\n\r\n");
    SSO_CHECK_INT(sso_client_init(&sso_fw_fx.c, &sso_fw_fx.cfg), SSO_OK);
    SSO_CHECK_INT(logout(), SSO_ERR_SERVICE);
    SSO_CHECK_INT(e->http_status, 503);
    SSO_CHECK_STR(e->code, "503");

    /* Throttled twice, then served: three attempts, two jittered sleeps, and
     * a fresh connection after each error response (PROTOCOL §5). */
    sso_fw_fx_reset(1024, 3);
    sso_fw_fx.s.fixed_random = 0x7fffffffu;
    for (i = 0; i < 2; i++) {
        sso_script_add_str(&sso_fw_fx.s,
                           sso_fw_resp("429 Too Many Requests", "",
                                       "{\"__type\":\"com.amazonaws#TooManyRequestsException\"}"));
    }
    sso_script_add_str(&sso_fw_fx.s, sso_fw_resp("200 OK", "", ""));
    SSO_CHECK_INT(sso_client_init(&sso_fw_fx.c, &sso_fw_fx.cfg), SSO_OK);
    SSO_CHECK_INT(logout(), SSO_OK);
    SSO_CHECK_INT(sso_script_sent_count(&sso_fw_fx.s, "POST /logout "), 3);
    SSO_CHECK_INT(sso_fw_fx.s.connects, 3);
    SSO_CHECK_INT(sso_fw_fx.s.sleeps, 2);
    /* Full jitter: at most 1 s before attempt 2 and 2 s before attempt 3. */
    SSO_CHECK(sso_fw_fx.s.slept_ms <= 3000u);

    /* 400 is never retried. */
    sso_fw_fx_reset(1024, 3);
    sso_script_add_str(&sso_fw_fx.s, sso_fw_resp("400 Bad Request", "",
                                                 "{\"__type\":\"InvalidRequestException\"}"));
    SSO_CHECK_INT(sso_client_init(&sso_fw_fx.c, &sso_fw_fx.cfg), SSO_OK);
    SSO_CHECK_INT(logout(), SSO_ERR_SERVICE);
    SSO_CHECK_STR(e->code, "InvalidRequestException");
    SSO_CHECK_INT(sso_fw_fx.s.connects, 1);
}
