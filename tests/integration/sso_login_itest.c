/* Runs the real OIDC operations and the login helpers (POSIX sockets,
 * mbedTLS) against mock_oidc.py and prints key=value lines for
 * run_login.py, which also asserts on the mock's own record (poll times,
 * bodies). Secrets are never printed, only their lengths and prefixes.
 *
 *   sso_login_itest --ca F --endpoint URL [--scale N] [--work N] [--scopes]
 *                   [--start-url U] step...
 *   steps: login | refresh | list
 *
 * --scale N runs the platform clock N times faster (each sleep lasts 1/N of
 * what it asks for, and the clock advances accordingly), so the polling
 * helper keeps its RFC 8628 arithmetic while no test waits for minutes. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tinysso/sso_login.h>
#include <tinysso/tinysso.h>

#include "sso_posix.h"
#include "sso_tls.h"

static sso_platform_t real;
static unsigned scale = 1;

static uint64_t scaled_now(void *ctx)
{
    (void)ctx;
    return real.now_ms(real.ctx) * scale;
}

static void scaled_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    real.sleep_ms(real.ctx, ms / scale);
}

static uint32_t scaled_random(void *ctx)
{
    (void)ctx;
    return real.random_u32(real.ctx);
}

static int prompt(void *user, const sso_login_prompt_t *p)
{
    (void)user;
    if (p->polls == 0) {
        printf("user_code=%s\nverification_uri=%s\nverification_uri_complete=%s\n"
               "code_expires_in=%u\n",
               p->user_code, p->verification_uri, p->verification_uri_complete,
               (unsigned)p->expires_in_s);
    }
    printf("prompt_interval=%u\n", (unsigned)p->interval_s);
    fflush(stdout);
    return 0;
}

static void print_status(const sso_client_t *c, const char *what, sso_status_t st)
{
    printf("%s=%s\n", what, st == SSO_OK ? "OK" : sso_status_str(st));
    printf("%s_code=%d\n", what, (int)st);
    if (st == SSO_ERR_SERVICE) {
        const sso_service_error_t *e = sso_client_last_error(c);
        printf("%s_http=%d\n%s_error=%s\n%s_message=%s\n%s_attempts=%u\n", what, e->http_status,
               what, e->code, what, e->message, what, (unsigned)e->attempts);
    }
}

static uint8_t work[16384];
static sso_client_t oidc, portal;
static sso_registration_t reg;
static sso_device_auth_t auth;
static sso_token_t tok, scratch;
static sso_token_life_t life;
static sso_walk_state_t walk;

static int on_account(void *user, const sso_account_t *a)
{
    (void)a;
    ++*(unsigned *)user;
    return 0;
}

int main(int argc, char **argv)
{
    static const char *const scopes[] = {"sso:account:access", "codewhisperer:\"x\"\n\xc3\xa9"};
    const char *ca = NULL, *endpoint = NULL;
    const char *start_url = "https://d-1234567890.awsapps.com/start";
    size_t work_len = sizeof work;
    int with_scopes = 0, i = 1;
    static sso_tls_t tls;
    static sso_posix_tcp_t tcp;
    sso_transport_t tcp_t, tls_t;
    sso_platform_t plat = {NULL, scaled_now, scaled_sleep, scaled_random};
    sso_tls_config_t tc;
    sso_config_t cfg;
    sso_oidc_api_t api;
    sso_status_t st;

    while (i < argc && strncmp(argv[i], "--", 2) == 0) {
        if (strcmp(argv[i], "--scopes") == 0) {
            with_scopes = 1;
            i++;
            continue;
        }
        if (i + 1 >= argc) {
            break;
        }
        if (strcmp(argv[i], "--ca") == 0) {
            ca = argv[i + 1];
        } else if (strcmp(argv[i], "--endpoint") == 0) {
            endpoint = argv[i + 1];
        } else if (strcmp(argv[i], "--scale") == 0) {
            scale = (unsigned)atoi(argv[i + 1]);
        } else if (strcmp(argv[i], "--work") == 0) {
            work_len = (size_t)atoi(argv[i + 1]);
        } else if (strcmp(argv[i], "--start-url") == 0) {
            start_url = argv[i + 1];
        }
        i += 2;
    }
    if (endpoint == NULL || i >= argc || scale == 0 || work_len > sizeof work) {
        fprintf(stderr, "usage: see the comment at the top of sso_login_itest.c\n");
        return 2;
    }
    sso_posix_platform(&real);
    sso_posix_tcp_transport(&tcp, &tcp_t);
    memset(&tc, 0, sizeof tc);
    tc.ca_file = ca;
    if ((st = sso_tls_init(&tls, &tcp_t, &tc)) != SSO_OK) {
        printf("tls_init=%s\n", sso_status_str(st));
        return 1;
    }
    sso_tls_transport(&tls, &tls_t);
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint_url = endpoint;
    cfg.work_buf = work;
    cfg.work_len = work_len;
    cfg.transport = &tls_t;
    cfg.platform = &plat;
    cfg.connect_timeout_ms = 5000;
    cfg.read_timeout_ms = 5000;
    st = sso_oidc_client_init(&oidc, &cfg);
    printf("init=%s\n", st == SSO_OK ? "OK" : sso_status_str(st));
    if (st != SSO_OK) {
        return 1;
    }
    sso_oidc_api(&api, &oidc);

    for (; i < argc; i++) {
        const char *step = argv[i];
        printf("step=%s\n", step);
        if (strcmp(step, "login") == 0) {
            sso_device_login_t login;
            memset(&login, 0, sizeof login);
            login.start_url = start_url;
            login.client_name = "tinysso-itest";
            login.scopes = with_scopes ? scopes : NULL;
            login.n_scopes = with_scopes ? 2 : 0;
            login.on_prompt = prompt;
            st = sso_device_login(&api, &plat, &login, &reg, &auth, &tok);
            print_status(&oidc, "login", st);
            if (st == SSO_OK) {
                printf("access_prefix=%.8s\naccess_len=%zu\nrefresh_prefix=%.8s\n"
                       "token_type=%s\nexpires_in=%lld\nclient_id_len=%zu\nsecret_len=%zu\n"
                       "reg_expires_in=%lld\n",
                       tok.access_token, strlen(tok.access_token), tok.refresh_token,
                       tok.token_type, (long long)tok.expires_in, strlen(reg.client_id),
                       strlen(reg.client_secret), (long long)(reg.expires_at - time(NULL)));
                sso_life_init(&life);
                sso_life_start(&life, &reg, &tok, (int64_t)time(NULL));
            }
        } else if (strcmp(step, "refresh") == 0) {
            /* The refresh-token grant through the lifecycle helper, with
             * the clock moved to inside the refresh window. */
            int64_t now = life.expires_at - (int64_t)life.refresh_window_s + 1;
            static char old[SSO_REFRESH_TOKEN_MAX + 1];
            memcpy(old, life.refresh_token, sizeof old);
            sso_life_state_t s = sso_life_tick(&life, &api, now, &scratch, &st);
            print_status(&oidc, "refresh", st);
            printf("life_state=%d\naccess_prefix=%.8s\nrefresh_prefix=%.8s\nrefresh_kept=%d\n",
                   (int)s, life.access_token, life.refresh_token,
                   strcmp(old, life.refresh_token) == 0);
        } else if (strcmp(step, "list") == 0) {
            /* The portal accepts the token the login got. */
            unsigned n = 0;
            sso_config_t pc = cfg;
            sso_client_close(&oidc); /* the two clients share one transport */
            if ((st = sso_client_init(&portal, &pc)) == SSO_OK) {
                st = sso_list_all_accounts(&portal, life.access_token, 0, on_account, &n, &walk);
            }
            print_status(&portal, "list", st);
            printf("accounts=%u\n", n);
            sso_client_close(&portal);
        } else {
            fprintf(stderr, "bad step %s\n", step);
            return 2;
        }
        fflush(stdout);
    }
    sso_life_wipe(&life);
    sso_client_close(&oidc);
    sso_tls_free(&tls);
    return 0;
}
