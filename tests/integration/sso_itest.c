/* Runs the real tinysso client (POSIX sockets, mbedTLS unless --plain)
 * through a list of operations against a real server and prints what each
 * returned as key=value lines. run_itest.py asserts on them and on the
 * server's own counters. Secrets are never printed, only their lengths.
 *
 *   sso_itest [--ca F] [--plain] [--token T] [--attempts N] --endpoint URL op...
 * Built a second time as sso_lwip_itest (SSO_ITEST_LWIP) over lwIP + tapif,
 * with [--ip A.B.C.D --gw A.B.C.D] [--map NAME=IP].
 *   ops: creds ACCOUNT ROLE | accounts MAX | roles ACCOUNT MAX | page MAX |
 *        logout | close */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tinysso/tinysso.h>

#include "sso_posix.h"
#include "sso_tls.h"

#include <mbedtls/version.h>
#ifdef SSO_ITEST_LWIP
#include "sso_lwip.h"
#include "sso_lwip_unix.h"

/* --map NAME=IP: the static hosts table of the lwIP build (no DNS in it). */
static char map_name[256], map_ip[64];

static const char *map_resolve(void *user, const char *host)
{
    (void)user;
    return strcmp(host, map_name) == 0 ? map_ip : NULL;
}
#endif

static const char *const status_names[] = {"OK",
                                           "INVALID_ARG",
                                           "BUFFER_TOO_SMALL",
                                           "ENDPOINT",
                                           "SERVICE",
                                           "DNS",
                                           "CONNECT",
                                           "TIMEOUT",
                                           "TRANSPORT",
                                           "TLS",
                                           "TLS_VERIFY",
                                           "PROTOCOL",
                                           "FRAMING",
                                           "TRUNCATED",
                                           "JSON",
                                           "FIELD_TOO_LONG",
                                           "ITEM_TOO_LARGE",
                                           "REPEATED_TOKEN",
                                           "ABORTED",
                                           "MISSING_FIELD",
                                           "TOO_MANY_PAGES"};

static const char *status_name(int st)
{
    unsigned i = (unsigned)(-st);
    return st <= 0 && i < sizeof status_names / sizeof status_names[0] ? status_names[i]
                                                                       : "UNKNOWN";
}

/* What a walk saw: counts and a check that ids are all distinct. */
#define MAX_SEEN 2000
typedef struct seen {
    unsigned items;
    unsigned dupes;
    char ids[MAX_SEEN][SSO_ACCOUNT_ID_MAX + SSO_ROLE_NAME_MAX + 2];
    char first_name[SSO_ACCOUNT_NAME_MAX + 1];
} seen_t;

static seen_t seen;

static void remember(const char *key)
{
    unsigned n = seen.items < MAX_SEEN ? seen.items : MAX_SEEN;
    for (unsigned i = 0; i < n; i++) {
        if (strcmp(seen.ids[i], key) == 0) {
            seen.dupes++;
            break;
        }
    }
    if (seen.items < MAX_SEEN) {
        snprintf(seen.ids[seen.items], sizeof seen.ids[0], "%s", key);
    }
    seen.items++;
}

static int on_account(void *user, const sso_account_t *a)
{
    (void)user;
    if (seen.items == 0) {
        snprintf(seen.first_name, sizeof seen.first_name, "%s", a->account_name);
    }
    remember(a->account_id);
    return 0;
}

static int on_role(void *user, const sso_role_t *r)
{
    char key[SSO_ACCOUNT_ID_MAX + SSO_ROLE_NAME_MAX + 2];
    (void)user;
    snprintf(key, sizeof key, "%s/%s", r->account_id, r->role_name);
    remember(key);
    return 0;
}

static void print_error(const sso_client_t *c, int st)
{
    if (st != SSO_ERR_SERVICE) {
        return;
    }
    const sso_service_error_t *e = sso_client_last_error(c);
    printf("http_status=%d\ncode=%s\nmessage=%s\nrequest_id_len=%zu\n", e->http_status, e->code,
           e->message, strlen(e->request_id));
}

static void print_creds(const sso_role_credentials_t *cr)
{
    int64_t now_ms = (int64_t)time(NULL) * 1000;
    printf("akid_prefix=%.4s\nakid_len=%zu\nsecret_len=%zu\ntoken_len=%zu\n", cr->access_key_id,
           strlen(cr->access_key_id), strlen(cr->secret_access_key), strlen(cr->session_token));
    printf("expires_in_s=%lld\n", (long long)((cr->expiration - now_ms) / 1000));
}

static uint8_t work[4096];
static sso_role_credentials_t creds;
static sso_walk_state_t walk;
static sso_next_token_t next;

int main(int argc, char **argv)
{
    const char *ca = NULL, *token = "test-token", *endpoint = NULL;
    int plain = 0, attempts = 0, i = 1;
    uint32_t timeout = 5000;
#ifdef SSO_ITEST_LWIP
    const char *lwip_ip = "10.77.0.2", *lwip_gw = "10.77.0.1";
#endif
    while (i < argc && strncmp(argv[i], "--", 2) == 0) {
        if (strcmp(argv[i], "--plain") == 0) {
            plain = 1;
            i++;
            continue;
        }
        if (i + 1 >= argc) {
            break;
        }
        if (strcmp(argv[i], "--ca") == 0) {
            ca = argv[i + 1];
        } else if (strcmp(argv[i], "--token") == 0) {
            token = argv[i + 1];
        } else if (strcmp(argv[i], "--endpoint") == 0) {
            endpoint = argv[i + 1];
        } else if (strcmp(argv[i], "--attempts") == 0) {
            attempts = atoi(argv[i + 1]);
        } else if (strcmp(argv[i], "--timeout") == 0) {
            timeout = (uint32_t)strtoul(argv[i + 1], NULL, 10);
        }
#ifdef SSO_ITEST_LWIP
        else if (strcmp(argv[i], "--ip") == 0) {
            lwip_ip = argv[i + 1];
        } else if (strcmp(argv[i], "--gw") == 0) {
            lwip_gw = argv[i + 1];
        } else if (strcmp(argv[i], "--map") == 0 && strchr(argv[i + 1], '=') != NULL) {
            const char *eq = strchr(argv[i + 1], '=');
            snprintf(map_name, sizeof map_name, "%.*s", (int)(eq - argv[i + 1]), argv[i + 1]);
            snprintf(map_ip, sizeof map_ip, "%s", eq + 1);
        }
#endif
        i += 2;
    }
    if (endpoint == NULL || i >= argc) {
        fprintf(stderr, "usage: see the comment at the top of sso_itest.c\n");
        return 2;
    }

    static sso_tls_t tls;
    static sso_client_t client;
    sso_transport_t tcp_t, tls_t;
    sso_platform_t plat;
    sso_posix_platform(&plat);
#ifdef SSO_ITEST_LWIP
    static sso_lwip_tcp_t tcp;
    if (sso_lwip_unix_start(lwip_ip, "255.255.255.0", lwip_gw) != 0) {
        printf("lwip_start=FAILED\n");
        return 1;
    }
    printf("lwip_start=OK\n");
    sso_lwip_tcp_transport(&tcp, &tcp_t);
    tcp.resolve = map_resolve;
#else
    static sso_posix_tcp_t tcp;
    sso_posix_tcp_transport(&tcp, &tcp_t);
#endif
    if (!plain) {
        sso_tls_config_t tc = {.ca_file = ca, .ca_buf = NULL, .ca_len = 0};
        int st = sso_tls_init(&tls, &tcp_t, &tc);
        if (st != SSO_OK) {
            printf("tls_init=%s\n", status_name(st));
            return 1;
        }
        printf("mbedtls=%s\n", MBEDTLS_VERSION_STRING);
        sso_tls_transport(&tls, &tls_t);
    }
    sso_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint_url = endpoint;
    cfg.work_buf = work;
    cfg.work_len = sizeof work;
    cfg.transport = plain ? &tcp_t : &tls_t;
    cfg.platform = &plat;
    cfg.connect_timeout_ms = timeout;
    cfg.read_timeout_ms = timeout;
    cfg.max_attempts = (uint8_t)attempts;
    int st = sso_client_init(&client, &cfg);
    printf("init=%s\n", status_name(st));
    if (st != SSO_OK) {
        return 1;
    }

    /* Each op is bounded by the client's own timeouts, retries and page cap. */
    while (i < argc) {
        const char *op = argv[i++];
        memset(&seen, 0, sizeof seen);
        if (strcmp(op, "creds") == 0 && i + 1 < argc) {
            st = sso_get_role_credentials(&client, token, argv[i], argv[i + 1], &creds);
            i += 2;
            printf("op=creds\nstatus=%s\n", status_name(st));
            if (st == SSO_OK) {
                print_creds(&creds);
            }
        } else if (strcmp(op, "accounts") == 0 && i < argc) {
            uint8_t max = (uint8_t)atoi(argv[i++]);
            st = sso_list_all_accounts(&client, token, max, on_account, NULL, &walk);
            printf("op=accounts\nstatus=%s\npages=%u\n", status_name(st), (unsigned)walk.pages);
        } else if (strcmp(op, "page") == 0 && i < argc) {
            sso_page_opts_t po = {NULL, (uint8_t)atoi(argv[i++])};
            st = sso_list_accounts(&client, token, &po, on_account, NULL, &next);
            printf("op=page\nstatus=%s\nnext_token=%s\n", status_name(st), next.value);
        } else if (strcmp(op, "roles") == 0 && i + 1 < argc) {
            st = sso_list_all_account_roles(&client, token, argv[i], (uint8_t)atoi(argv[i + 1]),
                                            on_role, NULL, &walk);
            i += 2;
            printf("op=roles\nstatus=%s\npages=%u\n", status_name(st), (unsigned)walk.pages);
        } else if (strcmp(op, "logout") == 0) {
            st = sso_logout(&client, token);
            printf("op=logout\nstatus=%s\n", status_name(st));
        } else if (strcmp(op, "close") == 0) {
            sso_client_close(&client);
            printf("op=close\n");
            continue;
        } else {
            fprintf(stderr, "bad op %s\n", op);
            return 2;
        }
        if (strcmp(op, "accounts") == 0 || strcmp(op, "roles") == 0 || strcmp(op, "page") == 0) {
            printf("items=%u\ndupes=%u\nfirst_name=%s\n", seen.items, seen.dupes, seen.first_name);
        }
        print_error(&client, st);
        printf("connects=%u\n", (unsigned)client.connects);
        if (!plain) {
            printf("tls_handshakes=%u\ntls_resumptions=%u\ntls12_only=%d\n",
                   (unsigned)tls.handshakes, (unsigned)tls.resumptions, tls.tls12_only);
            if (st != SSO_OK && tls.last_error != 0) {
                printf("mbedtls_error=-0x%04x\nverify_flags=0x%x\n", (unsigned)-tls.last_error,
                       (unsigned)tls.verify_flags);
            }
        }
    }
    sso_client_close(&client);
    if (!plain) {
        sso_tls_free(&tls);
    }
    return 0;
}
