/* Login mode of the device example: what a headless gateway does to get and
 * keep its own token. A technician approves the login on a phone while the
 * device polls; from then on the device refreshes the access token for as
 * long as the refresh token and the client registration live, and renews
 * role credentials before they expire, with nobody involved. All memory is
 * static. */
#define _POSIX_C_SOURCE 200809L
#include "device_login.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <tinysso/sso_login.h>

#define MAX_LOGINS 3 /* device flows one run may start before it gives up */

static uint8_t oidc_work[6144]; /* a CreateToken response with all three tokens */
static uint8_t portal_work[2048];
static sso_client_t oidc, portal;
static sso_registration_t reg;
static sso_device_auth_t auth;
static sso_token_t tok, scratch;
static sso_token_life_t life;
static sso_role_credentials_t creds;
static char account[SSO_ACCOUNT_ID_MAX + 1], role[SSO_ROLE_NAME_MAX + 1];

static int show_code(void *user, const sso_login_prompt_t *p)
{
    volatile sig_atomic_t *stop = user;
    if (p->polls == 0) {
        /* On a real device: a display, a log line, an LED pattern. */
        printf("login: open %s and enter the code %s (or open %s); the code lasts %u s\n",
               p->verification_uri, p->user_code, p->verification_uri_complete,
               (unsigned)p->expires_in_s);
    }
    return *stop;
}

static void report(const sso_client_t *c, const char *what, sso_status_t st)
{
    printf("%s failed: %s", what, sso_status_str(st));
    if (st == SSO_ERR_SERVICE) {
        const sso_service_error_t *e = sso_client_last_error(c);
        printf(" (HTTP %d %s: %s)", e->http_status, e->code, e->message);
    }
    printf("\n");
}

static int on_account(void *user, const sso_account_t *a)
{
    (void)user;
    snprintf(account, sizeof account, "%s", a->account_id);
    return 1; /* the first one is enough */
}

static int on_role(void *user, const sso_role_t *r)
{
    (void)user;
    snprintf(role, sizeof role, "%s", r->role_name);
    return 1;
}

static int login(const device_login_opts_t *o, const sso_oidc_api_t *api, const sso_platform_t *p,
                 volatile sig_atomic_t *stop)
{
    sso_device_login_t dl;
    sso_status_t st;
    memset(&dl, 0, sizeof dl);
    dl.start_url = o->start_url;
    dl.client_name = "tinysso-device";
    dl.on_prompt = show_code;
    dl.user = (void *)stop;
    /* A registration that still lives is reused (its secret is wiped by
     * sso_life_wipe when the lifecycle helper gives up on it). */
    if (reg.expires_at && reg.expires_at <= (int64_t)time(NULL)) {
        memset(&reg, 0, sizeof reg);
    }
    st = sso_device_login(api, p, &dl, &reg, &auth, &tok);
    sso_client_close(&oidc);
    if (st != SSO_OK) {
        report(&oidc, "device login", st);
        return -1;
    }
    sso_life_start(&life, &reg, &tok, (int64_t)time(NULL));
    memset(&tok, 0, sizeof tok);
    printf("login: ok, access token valid for %lld s, %s refresh token\n",
           (long long)(life.expires_at - (int64_t)time(NULL)),
           life.refresh_token[0] ? "with a" : "without a");
    return 0;
}

/* Seconds until the next thing to do: a refresh or a credential renewal. */
static uint32_t next_wait(int64_t now)
{
    int64_t t1 = life.expires_at - (int64_t)life.refresh_window_s - now;
    int64_t t2 = creds.expiration / 1000 - (int64_t)life.creds_window_s - now;
    int64_t w = t1 < t2 ? t1 : t2;
    if (life.retry_at > now && life.retry_at - now < w) {
        w = life.retry_at - now;
    }
    return w < 1 ? 1u : w > 3600 ? 3600u : (uint32_t)w;
}

static int renew_creds(const device_login_opts_t *o, const char *token)
{
    sso_status_t st;
    if (!account[0]) {
        if (o->account) {
            snprintf(account, sizeof account, "%s", o->account);
            snprintf(role, sizeof role, "%s", o->role);
        } else {
            static sso_next_token_t next;
            sso_status_t a = sso_list_accounts(&portal, token, NULL, on_account, NULL, &next);
            sso_status_t r = account[0] ? sso_list_account_roles(&portal, token, account, NULL,
                                                                 on_role, NULL, &next)
                                        : a;
            if ((a != SSO_OK && a != SSO_ERR_ABORTED) || (r != SSO_OK && r != SSO_ERR_ABORTED) ||
                !role[0]) {
                report(&portal, "finding an account and role", a != SSO_ERR_ABORTED ? a : r);
                account[0] = '\0';
                return -1;
            }
        }
    }
    st = sso_get_role_credentials(&portal, token, account, role, &creds);
    sso_client_close(&portal);
    if (st != SSO_OK) {
        report(&portal, "GetRoleCredentials", st);
        return -1;
    }
    printf("credentials for %s/%s: key %.4s..., valid for %lld s\n", account, role,
           creds.access_key_id, (long long)(creds.expiration / 1000 - (int64_t)time(NULL)));
    return 0;
}

int device_login_run(const device_login_opts_t *o, const sso_transport_t *t,
                     const sso_platform_t *p, volatile sig_atomic_t *stop)
{
    sso_config_t cfg;
    sso_oidc_api_t api;
    sso_status_t st;
    unsigned logins = 0;
    int ok = 1;

    memset(&cfg, 0, sizeof cfg);
    cfg.region = o->region;
    cfg.endpoint_url = o->oidc_endpoint;
    cfg.work_buf = oidc_work;
    cfg.work_len = sizeof oidc_work;
    cfg.transport = t;
    cfg.platform = p;
    if ((st = sso_oidc_client_init(&oidc, &cfg)) != SSO_OK) {
        printf("OIDC client setup failed: %s\n", sso_status_str(st));
        return -1;
    }
    cfg.endpoint_url = o->portal_endpoint;
    cfg.work_buf = portal_work;
    cfg.work_len = sizeof portal_work;
    if ((st = sso_client_init(&portal, &cfg)) != SSO_OK) {
        printf("portal client setup failed: %s\n", sso_status_str(st));
        return -1;
    }
    printf("oidc: %s, portal: %s\n", sso_client_host(&oidc), sso_client_host(&portal));
    sso_oidc_api(&api, &oidc);
    sso_life_init(&life);

    for (long turn = 0; (o->cycles == 0 || turn < o->cycles) && !*stop; turn++) {
        int64_t now = (int64_t)time(NULL);
        sso_life_state_t s = sso_life_tick(&life, &api, now, &scratch, &st);
        const char *token;
        sso_client_close(&oidc);
        if (s == SSO_LIFE_LOGIN_NEEDED) {
            if (logins++ == MAX_LOGINS || login(o, &api, p, stop) != 0) {
                ok = 0;
                break;
            }
        } else if (s == SSO_LIFE_REFRESHED) {
            printf("turn %ld: access token refreshed, valid for %lld s\n", turn + 1,
                   (long long)(life.expires_at - now));
        } else if (s == SSO_LIFE_RETRY_LATER) {
            report(&oidc, "token refresh", st);
        }
        now = (int64_t)time(NULL);
        token = sso_life_token(&life, now);
        if (token && sso_life_creds_due(&life, creds.expiration, now)) {
            ok = renew_creds(o, token) == 0 && ok;
        }
        if (o->cycles == 0 || turn + 1 < o->cycles) {
            for (uint32_t w = next_wait((int64_t)time(NULL)); w > 0 && !*stop; w--) {
                p->sleep_ms(p->ctx, 1000);
            }
        }
    }
    printf("refreshes: %u, logins: %u\n", (unsigned)life.refreshes, logins);
    if (sso_life_token(&life, (int64_t)time(NULL))) {
        st = sso_logout(&portal, life.access_token);
        printf("logout: %s\n", sso_status_str(st));
    }
    sso_client_close(&portal);
    sso_client_close(&oidc);
    sso_life_wipe(&life);
    memset(&reg, 0, sizeof reg);
    memset(&creds, 0, sizeof creds);
    return ok ? 0 : -1;
}
