/* The device application: what a gateway's firmware does with tinysso over
 * lwIP and mbedTLS, run against the mock portal of the test namespace.
 *
 *   1. the walk (TLS 1.3 server): every ListAccounts page, the roles of the
 *      first account, role credentials, all on one connection; then a forced
 *      reconnect that must resume the TLS session, and a logout;
 *   2. the same credentials call against a TLS 1.2 server, full and resumed;
 *   3. TLS refusals: a server certificate from another CA, and one for
 *      another host name, must fail with SSO_ERR_TLS_VERIFY before any
 *      request is sent;
 *   4. the TLS 1.2 server again with 1.3 offered as well (the port's retry).
 * Results go out as "key=value" lines the test runner checks against the
 * mock's data; figures as "metric.<name>=<value>" lines (busy instructions
 * under QEMU -icount, mbedTLS pool bytes, task stack high-water marks). */
#include <stdio.h>
#include <string.h>

#include "FreeRTOS.h"
#include "task.h"

#include <mbedtls/memory_buffer_alloc.h>
#include <mbedtls/platform_time.h>
#include <psa/crypto.h>

#include <tinysso/tinysso.h>

#include "fw_app.h"
#include "fw_ca.h"
#include "fw_meter.h"
#include "fw_net.h"
#include "fw_sys.h"
#include "sso_lwip.h"
#include "sso_tls.h"

#define FW_PORTAL_HOST "portal.sso.test" /* in the test server certificate */
#define FW_TOKEN "test-token"            /* the mock portal's access token */
#define FW_PAGE_SIZE 100

/* Every byte the application uses is here, static. */
static uint8_t fw_tls_pool[FW_TLS_POOL_BYTES];
static uint8_t work[4096];
static sso_client_t client;
static sso_role_credentials_t creds;
static sso_walk_state_t walk;
static sso_next_token_t next[2];
static sso_tls_t tls;
static sso_lwip_tcp_t tcp;
static fw_meter_t meter;
static unsigned failures;

mbedtls_time_t fw_mbedtls_time(mbedtls_time_t *t);

static void check(int ok, const char *what)
{
    if (!ok) {
        failures++;
        fw_printf("FAIL: %s\n", what);
    }
}

static const char *resolve(void *user, const char *host)
{
    (void)user;
    return strcmp(host, FW_PORTAL_HOST) == 0 ? FW_NET_GW : NULL;
}

/* FNV-1a over everything the walk received, so the runner can compare it
 * with the mock's data without 250 lines of output. */
#define FNV_INIT 2166136261u
static uint32_t accounts_digest = FNV_INIT;
static unsigned n_accounts;
static char first_account[SSO_ACCOUNT_ID_MAX + 1];

static void fnv(uint32_t *h, const char *s)
{
    for (; *s != '\0'; s++) {
        *h = (*h ^ (uint8_t)*s) * 16777619u;
    }
    *h = (*h ^ 0xFFu) * 16777619u; /* field separator */
}

static int on_account(void *user, const sso_account_t *a)
{
    (void)user;
    if (n_accounts++ == 0) {
        snprintf(first_account, sizeof first_account, "%s", a->account_id);
    }
    fnv(&accounts_digest, a->account_id);
    fnv(&accounts_digest, a->account_name);
    fnv(&accounts_digest, a->email_address);
    return 0;
}

static int on_role(void *user, const sso_role_t *r)
{
    (void)user;
    fw_printf("role=%s account=%s\n", r->role_name, r->account_id);
    return 0;
}

static int client_for(uint16_t port)
{
    static char url[64];
    snprintf(url, sizeof url, "https://%s:%u", FW_PORTAL_HOST, (unsigned)port);
    sso_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint_url = url;
    cfg.work_buf = work;
    cfg.work_len = sizeof work;
    cfg.transport = fw_meter_transport(&meter);
    cfg.platform = fw_meter_platform();
    cfg.max_attempts = 1; /* a refusal must not be retried */
    cfg.connect_timeout_ms = 10000;
    cfg.read_timeout_ms = 10000;
    return sso_client_init(&client, &cfg);
}

static sso_status_t creds_call(const char *account, const char *role, const char *label)
{
    memset(&creds, 0, sizeof creds);
    sso_status_t st = sso_get_role_credentials(&client, FW_TOKEN, account, role, &creds);
    fw_printf("%s.status=%s\n", label, sso_status_str(st));
    if (st == SSO_OK) {
        uint32_t h = FNV_INIT;
        fnv(&h, creds.secret_access_key);
        fnv(&h, creds.session_token);
        fw_printf("%s.akid=%s\n%s.secret_len=%u\n%s.token_len=%u\n%s.secret_digest=%08lx\n", label,
                  creds.access_key_id, label, (unsigned)strlen(creds.secret_access_key), label,
                  (unsigned)strlen(creds.session_token), label, (unsigned long)h);
    }
    memset(&creds, 0, sizeof creds); /* done with the secrets */
    return st;
}

/* 1: the walk against the TLS 1.3 server. */
static void run_walk(void)
{
    check(client_for(FW_PORT_TLS13) == SSO_OK, "client init (TLS 1.3 server)");
    sso_page_opts_t opts = {.next_token = NULL, .max_result = FW_PAGE_SIZE};
    unsigned pages = 0;
    sso_status_t st;
    /* Page by page (sso_list_all_accounts does the same walk) so the second
     * page, a full 100 accounts on an open connection, can be measured. */
    for (;;) {
        sso_next_token_t *out = &next[pages % 2];
        fw_meter_begin(&meter);
        st = sso_list_accounts(&client, FW_TOKEN, &opts, on_account, NULL, out);
        fw_meter_end(&meter, pages == 1 ? "list_accounts_page100" : NULL);
        if (pages == 0) {
            fw_meter_report_handshake(&meter, "tls13");
            fw_printf("walk.tls_version=%04x\n", (unsigned)tls.version);
            check(tls.version == MBEDTLS_SSL_VERSION_TLS1_3, "the walk runs over TLS 1.3");
        }
        if (st != SSO_OK || ++pages > 50 || out->value[0] == '\0') {
            break;
        }
        opts.next_token = out->value;
    }
    fw_printf("walk.status=%s\nwalk.pages=%u\nwalk.accounts=%u\nwalk.digest=%08lx\n",
              sso_status_str(st), pages, n_accounts, (unsigned long)accounts_digest);
    check(st == SSO_OK, "ListAccounts walk");

    st = sso_list_all_account_roles(&client, FW_TOKEN, first_account, 0, on_role, NULL, &walk);
    fw_printf("roles.status=%s\n", sso_status_str(st));
    check(st == SSO_OK, "ListAccountRoles");

    fw_meter_begin(&meter);
    st = creds_call(first_account, "ReadOnly", "creds");
    fw_meter_end(&meter, "get_role_credentials");
    fw_meter_pool(&meter, "tls13_open");
    check(st == SSO_OK, "GetRoleCredentials");
    fw_printf("walk.connections=%lu\n", (unsigned long)client.connects);
    check(client.connects == 1, "the walk used one connection");

    /* Forced reconnect: the session saved at the first handshake must be
     * resumed. */
    sso_client_close(&client);
    fw_meter_pool(&meter, "tls13_idle_session");
    st = creds_call(first_account, "PowerUser", "creds2");
    fw_meter_report_handshake(&meter, "tls13_resumed");
    fw_printf("reconnect.resumed=%d\n", tls.resumed);
    check(st == SSO_OK && tls.resumed == 1, "reconnect resumed the TLS 1.3 session");

    st = sso_logout(&client, FW_TOKEN);
    fw_printf("logout.status=%s\n", sso_status_str(st));
    check(st == SSO_OK, "Logout");
    fw_printf("walk.total_connections=%lu\n", (unsigned long)client.connects);
    sso_client_close(&client);
}

/* 2: full and resumed handshakes against the TLS 1.2 server, with the
 * client limited to TLS 1.2 so that one clean 1.2 handshake is measured. A
 * 1.2 + 1.3 hello would fail first: mbedTLS 3.6 offers rsa_pss_rsae_*
 * (TLS 1.3 needs them), this server (OpenSSL, RSA key) then signs its 1.2
 * ServerKeyExchange with PSS, which 3.6's TLS 1.2 code rejects; the port
 * recovers with one retry in a 1.2-only hello (an extra connection). */
static void run_tls12(void)
{
    mbedtls_ssl_conf_max_tls_version(&tls.conf, MBEDTLS_SSL_VERSION_TLS1_2);
    check(client_for(FW_PORT_TLS12) == SSO_OK, "client init (TLS 1.2 server)");
    sso_status_t st = creds_call("100000000001", "ReadOnly", "tls12");
    fw_meter_report_handshake(&meter, "tls12");
    fw_meter_pool(&meter, "tls12_open");
    check(st == SSO_OK && tls.version == MBEDTLS_SSL_VERSION_TLS1_2,
          "GetRoleCredentials over TLS 1.2");
    sso_client_close(&client);
    fw_meter_pool(&meter, "tls12_idle_session");
    st = creds_call("100000000001", "ReadOnly", "tls12r");
    fw_meter_report_handshake(&meter, "tls12_resumed");
    fw_printf("tls12.resumed=%d\n", tls.resumed);
    check(st == SSO_OK && tls.resumed == 1, "reconnect resumed the TLS 1.2 session");
    sso_client_close(&client);
    mbedtls_ssl_conf_max_tls_version(&tls.conf, MBEDTLS_SSL_VERSION_TLS1_3);
}

/* 4: what a device that offers 1.2 and 1.3 meets at a 1.2-only server with
 * an RSA key: the first hello fails (see run_tls12) and the port retries
 * once offering 1.2 alone. Last, because the port keeps offering 1.2 alone
 * on this sso_tls_t from then on. */
static void run_tls12_fallback(void)
{
    sso_tls_forget_session(&tls); /* a full handshake, not a resumption */
    check(client_for(FW_PORT_TLS12) == SSO_OK, "client init (TLS 1.2 server, 1.3 offered)");
    sso_status_t st = creds_call("100000000002", "PowerUser", "tls12fb");
    fw_meter_report_handshake(&meter, "tls12_fallback");
    fw_printf("tls12fb.tls_version=%04x\ntls12fb.tls12_only=%d\n", (unsigned)tls.version,
              tls.tls12_only);
    check(st == SSO_OK && tls.version == MBEDTLS_SSL_VERSION_TLS1_2 && tls.tls12_only == 1,
          "a 1.2 + 1.3 client reaches the 1.2-only server through the port's 1.2 retry");
    sso_client_close(&client);
}

/* 3: refusals; the runner checks the servers saw no request. */
static void run_refusal(uint16_t port, const char *label)
{
    check(client_for(port) == SSO_OK, "client init (refusal)");
    sso_status_t st = creds_call("100000000001", "ReadOnly", label);
    fw_printf("%s.verify_flags=%08lx\n", label, (unsigned long)tls.verify_flags);
    check(st == SSO_ERR_TLS_VERIFY, label);
    sso_client_close(&client);
}

#if defined(FW_TLS_DEBUG)
#include <mbedtls/debug.h>
static void fw_tls_debug(void *ctx, int level, const char *file, int line, const char *msg)
{
    (void)ctx;
    fw_printf("tls%d %s:%d: %s", level, file, line, msg);
}
#endif

static void report_stacks(void)
{
    static const char *const names[] = {"app", "tcpip", "lan9118", "IDLE"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        TaskHandle_t t = xTaskGetHandle(names[i]);
        if (t != NULL) {
            fw_printf("metric.stack_free_%s=%lu\nmetric.stack_size_%s=%lu\n", names[i],
                      (unsigned long)uxTaskGetStackHighWaterMark(t) * sizeof(StackType_t), names[i],
                      (unsigned long)fw_task_stack_bytes(names[i]));
        }
    }
}

void fw_app_task(void *arg)
{
    (void)arg;
    fw_printf("tinysso %s device image: FreeRTOS %s, lwIP, mbedTLS 3.6, LAN9118%s\n",
              SSO_VERSION_STRING, tskKERNEL_VERSION_NUMBER, FW_P256M_LABEL);
    fw_meter_calibrate();
    if (fw_net_start() != 0) {
        fw_exit(1);
    }
    /* The SNTP answer must be the host's time (the test server serves it). */
    long skew = (long)fw_time_now() - (long)fw_semihost_time();
    check(skew > -5 && skew < 5, "SNTP time matches the host clock");

    mbedtls_memory_buffer_alloc_init(fw_tls_pool, sizeof fw_tls_pool);
    mbedtls_platform_set_time(fw_mbedtls_time);
    check(psa_crypto_init() == PSA_SUCCESS, "psa_crypto_init");

    static sso_transport_t tcp_t, tls_t;
    sso_lwip_tcp_transport(&tcp, &tcp_t);
    tcp.resolve = resolve;
    sso_tls_config_t tc = {.ca_file = NULL, .ca_buf = fw_ca_pem, .ca_len = fw_ca_pem_len};
    int st = sso_tls_init(&tls, &tcp_t, &tc);
    check(st == SSO_OK, "sso_tls_init with the compiled-in CA");
    if (st != SSO_OK) {
        fw_exit(1);
    }
    sso_tls_transport(&tls, &tls_t);
#if defined(FW_TLS_DEBUG)
    mbedtls_ssl_conf_dbg(&tls.conf, fw_tls_debug, NULL);
    mbedtls_debug_set_threshold(FW_TLS_DEBUG);
#endif
    fw_meter_init(&meter, &tls_t);
    fw_meter_pool(&meter, "after_init");

    run_walk();
    run_tls12();
    run_refusal(FW_PORT_UNTRUSTED, "untrusted");
    run_refusal(FW_PORT_WRONGNAME, "wrongname");
    run_tls12_fallback();

    sso_tls_free(&tls);
    mbedtls_psa_crypto_free();
    size_t cur = 0, blocks = 0;
    mbedtls_memory_buffer_alloc_cur_get(&cur, &blocks);
    fw_printf("metric.pool_after_free=%lu\n", (unsigned long)cur);
    check(cur == 0, "every mbedTLS allocation returned to the pool");
    report_stacks();
    fw_printf("metric.freertos_heap_min_free=%lu\nmetric.freertos_heap_size=%lu\n",
              (unsigned long)xPortGetMinimumEverFreeHeapSize(),
              (unsigned long)configTOTAL_HEAP_SIZE);
    fw_printf("lan9118.rx=%lu\nlan9118.tx=%lu\nlan9118.rx_dropped=%lu\nlan9118.tx_errors=%lu\n"
              "lan9118.irqs=%lu\n",
              (unsigned long)fw_lan.rx_frames, (unsigned long)fw_lan.tx_frames,
              (unsigned long)fw_lan.rx_dropped, (unsigned long)fw_lan.tx_errors,
              (unsigned long)fw_lan.irqs);
    fw_printf("%s (%u failure(s))\n", failures == 0 ? "RESULT: PASS" : "RESULT: FAILED", failures);
    fw_exit(failures == 0 ? 0 : 1);
}
