/* The working buffer each OIDC operation needs (README, "Login"): walked
 * down byte by byte against responses of realistic size (a 1,200-byte
 * client secret, a 1,000-byte access token, an 800-byte refresh token and a
 * 900-byte id token, which is skipped but passes through the item buffer)
 * and requests carrying them. The smallest size that succeeds is printed
 * and must not exceed the figure the README gives; one byte less must fail
 * cleanly (a status, nothing half-written). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tinysso/sso_login.h>

#include "sso_fixture.h"

static char secret[1201], access[1001], refresh[801], idtok[901];
static sso_registration_t reg, reg_out; /* reg: the input of the later calls */
static sso_device_auth_t auth;
static sso_token_t tok;
static const char device_code[] =
    "LzuPhTrnHUYp7PTGMNdP1cDr8S8VDAtVo3CWuYJGK6LgUb5cBZhqz2rfTBSeAcdQq";

/* Opaque-looking token text: the base64 alphabet from a different start. */
static void fill(char *s, size_t n, char c)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i;
    for (i = 0; i < n; i++) {
        s[i] = b64[((size_t)(unsigned char)c + i * 7) % 64];
    }
    s[n] = 0;
}

enum { REGISTER, AUTHORIZE, CREATE, REFRESH };

static int run(int op, size_t work, const char *resp)
{
    fx_t *f = fx_new(work);
    int r;
    if (sso_oidc_client_init(&f->c, &f->cfg) != SSO_OK) {
        free(f);
        return -100;
    }
    sso_script_add_str(&f->s, resp);
    switch (op) {
    case REGISTER:
        r = sso_register_client(&f->c, "tinysso-device", NULL, 0, &reg_out);
        break;
    case AUTHORIZE:
        r = sso_start_device_authorization(&f->c, &reg, "https://d-1234567890.awsapps.com/start",
                                           &auth);
        break;
    case CREATE:
        r = sso_create_token(&f->c, &reg, device_code, &tok);
        break;
    default:
        r = sso_refresh_token(&f->c, &reg, refresh, &tok);
        break;
    }
    free(f);
    return r;
}

/* Big steps while it works, then byte by byte (need grows with size). */
static size_t smallest(int op, const char *resp)
{
    size_t w = 8192;
    int r0 = run(op, w, resp);
    if (r0 != SSO_OK) {
        fail_msg("op %d at %zu bytes: %s", op, w, sso_status_str(r0));
    }
    while (w >= SSO_WORK_MIN + 64 && run(op, w - 64, resp) == SSO_OK) {
        w -= 64;
    }
    while (w > SSO_WORK_MIN && run(op, w - 1, resp) == SSO_OK) {
        w--;
    }
    return w;
}

static void test_work_per_operation(void **state)
{
    static const char *const names[] = {"RegisterClient", "StartDeviceAuthorization",
                                        "CreateToken (device code)", "CreateToken (refresh)"};
    /* The README's figures, rounded up to 16 bytes. */
    static const size_t documented[] = {1776, 1648, 3280, 3280};
    char *resp[4], *body[2];
    size_t need[4];
    int i;
    (void)state;
    fill(secret, 1200, 'A');
    fill(access, 1000, 'a');
    fill(refresh, 800, 'R');
    fill(idtok, 900, 'i');
    memset(&reg, 0, sizeof reg);
    strcpy(reg.client_id, "AbCdEfGhIjKlMnOpQrStUv-dXMtZWFzdC0x");
    strcpy(reg.client_secret, secret);
    body[0] = fx_fmt("{\"clientId\":\"%s\",\"clientSecret\":\"%s\","
                     "\"clientIdIssuedAt\":1764460800,"
                     "\"clientSecretExpiresAt\":1772236800}",
                     reg.client_id, secret);
    resp[REGISTER] = fx_resp("200 OK", "Content-Type: application/json\r\n", body[0]);
    resp[AUTHORIZE] = fx_resp(
        "200 OK", "Content-Type: application/json\r\n",
        "{\"deviceCode\":\"LzuPhTrnHUYp7PTGMNdP1cDr8S8VDAtVo3CWuYJGK6LgUb5cBZhqz2rfTBSeAcdQq"
        "pNkrz1kxNPf6d8_EfY-hhA\",\"userCode\":\"ABCD-EFGH\",\"verificationUri\":"
        "\"https://device.sso.us-east-1.amazonaws.com/\",\"verificationUriComplete\":"
        "\"https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH\","
        "\"expiresIn\":600,\"interval\":1}");
    body[1] = fx_fmt("{\"accessToken\":\"%s\",\"tokenType\":\"Bearer\","
                     "\"expiresIn\":28800,\"refreshToken\":\"%s\",\"idToken\":\"%s\"}",
                     access, refresh, idtok);
    resp[CREATE] = fx_resp("200 OK", "Content-Type: application/json\r\n", body[1]);
    resp[REFRESH] = resp[CREATE];
    for (i = 0; i < 4; i++) {
        need[i] = smallest(i, resp[i]);
        print_message("%-28s working buffer %zu bytes\n", names[i], need[i]);
        assert_true(need[i] <= documented[i]);
        /* One byte less fails with a status and leaves the output empty. */
        if (need[i] > SSO_WORK_MIN) {
            int r = run(i, need[i] - 1, resp[i]);
            assert_true(r == SSO_ERR_ITEM_TOO_LARGE || r == SSO_ERR_BUFFER_TOO_SMALL);
        }
    }
    for (i = 0; i < REFRESH; i++) {
        free(resp[i]);
    }
    free(body[0]);
    free(body[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_work_per_operation)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
