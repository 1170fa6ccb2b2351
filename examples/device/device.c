/* The device app: what firmware on a gateway does with tinysso. It lists the
 * accounts and roles it may use, fetches role credentials, keeps them fresh
 * (refresh 10 minutes before expiry, exponential backoff on failure) and logs
 * out on exit. Every byte is static: nothing here calls malloc.
 *
 * One source, two builds: device_posix (BSD sockets) and device_lwip
 * (SSO_DEVICE_LWIP: lwIP sockets over a TAP device, as on a board with lwIP).
 *
 *   device_posix [--token-file F] [--region R | --endpoint URL] [--ca F]
 *                [--account ID --role NAME] [--once | --cycles N]
 *                [--refresh-margin S] [--proxy HOST:PORT [--proxy-auth USER:PASS]]
 *                [--page-size N] [--phase list|creds]
 *   device_lwip  ... [--ip A.B.C.D --gw A.B.C.D] [--map NAME=IP]
 * Environment: SSO_ACCESS_TOKEN, SSO_REGION, SSO_ENDPOINT, SSO_CA_FILE,
 * SSO_PROXY, SSO_PROXY_AUTH. With a proxy, TLS runs inside an HTTP CONNECT
 * tunnel (port/proxy): TCP -> proxy -> TLS. */
#define _POSIX_C_SOURCE 200809L

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tinysso/tinysso.h>

#include "sso_posix.h"
#include "sso_proxy.h"
#include "sso_tls.h"
#ifdef SSO_DEVICE_LWIP
#include "sso_lwip.h"
#include "sso_lwip_unix.h"
#define DEVICE_PORT "lwip"
#else
#define DEVICE_PORT "posix"
#endif

#define MAX_ROLE_LISTS 5 /* accounts whose roles we list */
#define BACKOFF_FIRST_S 1u
#define BACKOFF_MAX_S 300u

/* All the app's memory. */
static char token[4096 + 1];
static uint8_t work[4096];
static sso_client_t client;
static sso_role_credentials_t creds;
static sso_walk_state_t walk;
static sso_tls_t tls;
static sso_proxy_t proxy;
#ifdef SSO_DEVICE_LWIP
static sso_lwip_tcp_t tcp;
static char map_name[256], map_ip[64];
#else
static sso_posix_tcp_t tcp;
#endif
static char stdout_buf[1024];
static char first_account[SSO_ACCOUNT_ID_MAX + 1];
static char first_role[SSO_ROLE_NAME_MAX + 1];
static char role_accounts[MAX_ROLE_LISTS][SSO_ACCOUNT_ID_MAX + 1];
static unsigned n_accounts, n_roles;
static volatile sig_atomic_t stop_requested;

typedef struct opts {
    const char *token_file, *region, *endpoint, *ca, *account, *role;
    const char *proxy, *proxy_auth; /* "host:port" ("[v6]:port"), "user:password" */
    long cycles;                    /* 0: forever */
    unsigned margin_s;
    unsigned page_size; /* max_result of the walks; 0: the service's default */
    const char *phase;  /* NULL: the whole life; "list": the account walk alone;
                         * "creds": the refresh loop alone (no logout either way) */
#ifdef SSO_DEVICE_LWIP
    const char *ip, *gw;
#endif
} opts_t;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Reads the token with read(2): no stdio buffer, no heap. */
static int load_token(const char *path)
{
    size_t len = 0;
    if (path != NULL) {
        int fd = open(path, O_RDONLY);
        if (fd < 0) {
            return -1;
        }
        ssize_t n;
        while (len < sizeof token - 1 && (n = read(fd, token + len, sizeof token - 1 - len)) > 0) {
            len += (size_t)n;
        }
        close(fd);
    } else {
        const char *env = getenv("SSO_ACCESS_TOKEN");
        if (env == NULL || strlen(env) >= sizeof token) {
            return -1;
        }
        len = strlen(env);
        memcpy(token, env, len);
    }
    while (len > 0 && (token[len - 1] == '\n' || token[len - 1] == '\r' || token[len - 1] == ' ')) {
        len--;
    }
    token[len] = '\0';
    return len > 0 ? 0 : -1;
}

static int on_account(void *user, const sso_account_t *a)
{
    (void)user;
    printf("  account %s  %s  <%s>\n", a->account_id, a->account_name, a->email_address);
    if (n_accounts < MAX_ROLE_LISTS) {
        snprintf(role_accounts[n_accounts], sizeof role_accounts[0], "%s", a->account_id);
    }
    if (n_accounts == 0) {
        snprintf(first_account, sizeof first_account, "%s", a->account_id);
    }
    n_accounts++;
    return stop_requested;
}

static int on_role(void *user, const sso_role_t *r)
{
    (void)user;
    printf("  role %s in %s\n", r->role_name, r->account_id);
    if (n_roles == 0) {
        snprintf(first_role, sizeof first_role, "%s", r->role_name);
    }
    n_roles++;
    return stop_requested;
}

static void report_failure(const char *what, sso_status_t st)
{
    printf("%s failed: %s", what, sso_status_str(st));
    if (st == SSO_ERR_SERVICE) {
        const sso_service_error_t *e = sso_client_last_error(&client);
        printf(" (HTTP %d %s: %s)", e->http_status, e->code, e->message);
    }
    printf("\n");
}

/* Sleeps in one-second slices so a signal ends the wait promptly. */
static void sleep_s(const sso_platform_t *p, uint32_t s)
{
    for (uint32_t i = 0; i < s && !stop_requested; i++) {
        p->sleep_ms(p->ctx, 1000);
    }
}

static int discover(const opts_t *o)
{
    printf("accounts:\n");
    sso_status_t st =
        sso_list_all_accounts(&client, token, (uint8_t)o->page_size, on_account, NULL, &walk);
    if (st != SSO_OK) {
        report_failure("ListAccounts", st);
        return -1;
    }
    if (o->phase != NULL) { /* --phase list: the walk alone (bench/wire) */
        printf("%u account(s) in %u page(s)\n", n_accounts, (unsigned)walk.pages);
        return 0;
    }
    unsigned lists = n_accounts < MAX_ROLE_LISTS ? n_accounts : MAX_ROLE_LISTS;
    printf("%u account(s) in %u page(s); roles of the first %u:\n", n_accounts,
           (unsigned)walk.pages, lists);
    for (unsigned i = 0; i < lists; i++) {
        st = sso_list_all_account_roles(&client, token, role_accounts[i], (uint8_t)o->page_size,
                                        on_role, NULL, &walk);
        if (st != SSO_OK) {
            report_failure("ListAccountRoles", st);
            return -1;
        }
    }
    if (o->account == NULL && (first_account[0] == '\0' || first_role[0] == '\0')) {
        printf("no account/role to fetch credentials for\n");
        return -1;
    }
    return 0;
}

/* Seconds to wait before the next refresh: margin_s before expiry. */
static uint32_t refresh_delay_s(const opts_t *o)
{
    int64_t now_ms = (int64_t)time(NULL) * 1000;
    int64_t due_ms = creds.expiration - (int64_t)o->margin_s * 1000 - now_ms;
    return due_ms <= 0 ? 0u : (uint32_t)(due_ms / 1000);
}

static int keep_fresh(const opts_t *o, const sso_platform_t *p)
{
    const char *account = o->account ? o->account : first_account;
    const char *role = o->role ? o->role : first_role;
    uint32_t backoff = BACKOFF_FIRST_S;
    int ok_cycles = 0;
    for (long cycle = 0; (o->cycles == 0 || cycle < o->cycles) && !stop_requested; cycle++) {
        sso_status_t st = sso_get_role_credentials(&client, token, account, role, &creds);
        if (st == SSO_OK) {
            uint32_t wait = refresh_delay_s(o);
            time_t exp = (time_t)(creds.expiration / 1000);
            char when[32];
            strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&exp));
            /* The key id is not secret; the secret and session token are. */
            printf("cycle %ld: credentials for %s/%s: key %.4s... expires %s, refresh in %u s\n",
                   cycle + 1, account, role, creds.access_key_id, when, (unsigned)wait);
            ok_cycles++;
            backoff = BACKOFF_FIRST_S;
            if (o->cycles == 0 || cycle + 1 < o->cycles) {
                sleep_s(p, wait);
            }
        } else {
            report_failure("GetRoleCredentials", st);
            /* Full jitter keeps a fleet of devices from retrying in step. */
            uint32_t wait = 1u + p->random_u32(p->ctx) % backoff;
            printf("cycle %ld: retry in %u s\n", cycle + 1, (unsigned)wait);
            backoff = backoff * 2u > BACKOFF_MAX_S ? BACKOFF_MAX_S : backoff * 2u;
            if (o->cycles == 0 || cycle + 1 < o->cycles) {
                sleep_s(p, wait);
            }
        }
    }
    memset(&creds, 0, sizeof creds); /* the app is done with the secrets */
    return ok_cycles > 0 ? 0 : -1;
}

static int parse_args(int argc, char **argv, opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->region = getenv("SSO_REGION");
    o->endpoint = getenv("SSO_ENDPOINT");
    o->ca = getenv("SSO_CA_FILE");
    o->proxy = getenv("SSO_PROXY");
    o->proxy_auth = getenv("SSO_PROXY_AUTH");
    o->margin_s = 600;
#ifdef SSO_DEVICE_LWIP
    o->ip = "10.77.0.2";
    o->gw = "10.77.0.1";
#endif
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--once") == 0) {
            o->cycles = 1;
            continue;
        }
        if (v == NULL) {
            return -1;
        }
        i++;
        if (strcmp(a, "--token-file") == 0) {
            o->token_file = v;
        } else if (strcmp(a, "--region") == 0) {
            o->region = v;
        } else if (strcmp(a, "--endpoint") == 0) {
            o->endpoint = v;
        } else if (strcmp(a, "--ca") == 0) {
            o->ca = v;
        } else if (strcmp(a, "--proxy") == 0) {
            o->proxy = v;
        } else if (strcmp(a, "--proxy-auth") == 0) {
            o->proxy_auth = v;
        } else if (strcmp(a, "--account") == 0) {
            o->account = v;
        } else if (strcmp(a, "--role") == 0) {
            o->role = v;
        } else if (strcmp(a, "--cycles") == 0) {
            o->cycles = strtol(v, NULL, 10);
        } else if (strcmp(a, "--refresh-margin") == 0) {
            o->margin_s = (unsigned)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--page-size") == 0) {
            o->page_size = (unsigned)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--phase") == 0) {
            o->phase = v;
        }
#ifdef SSO_DEVICE_LWIP
        else if (strcmp(a, "--ip") == 0) {
            o->ip = v;
        } else if (strcmp(a, "--gw") == 0) {
            o->gw = v;
        } else if (strcmp(a, "--map") == 0 && strchr(v, '=') != NULL) {
            snprintf(map_name, sizeof map_name, "%.*s", (int)(strchr(v, '=') - v), v);
            snprintf(map_ip, sizeof map_ip, "%s", strchr(v, '=') + 1);
        }
#endif
        else {
            return -1;
        }
    }
    if ((o->account == NULL) != (o->role == NULL) || o->cycles < 0 || o->page_size > 100) {
        return -1;
    }
    if (o->phase != NULL && strcmp(o->phase, "list") != 0 &&
        (strcmp(o->phase, "creds") != 0 || o->account == NULL)) {
        return -1; /* creds alone needs --account and --role */
    }
    return 0;
}

#ifdef SSO_DEVICE_LWIP
static const char *map_resolve(void *user, const char *host)
{
    (void)user;
    return strcmp(host, map_name) == 0 ? map_ip : NULL;
}
#endif

/* Puts the CONNECT tunnel between TCP and TLS: *link becomes the tunnel.
 * Returns 0, or -1 when the settings are unusable. */
static int setup_proxy(const opts_t *o, const sso_platform_t *plat, const sso_transport_t *tcp_t,
                       sso_transport_t *link)
{
    static char host[254], user[128], pass[128];
    const char *colon = strrchr(o->proxy, ':');
    size_t hl = colon != NULL ? (size_t)(colon - o->proxy) : 0;
    sso_proxy_config_t pc = {host, 0, NULL, NULL, plat};
    int st;

    if (hl > 1 && o->proxy[0] == '[' && o->proxy[hl - 1] == ']') {
        snprintf(host, sizeof host, "%.*s", (int)(hl - 2), o->proxy + 1);
    } else {
        snprintf(host, sizeof host, "%.*s", (int)hl, o->proxy);
    }
    unsigned long port = colon != NULL ? strtoul(colon + 1, NULL, 10) : 0;
    if (hl == 0 || port == 0 || port > 65535) {
        printf("--proxy wants HOST:PORT\n");
        return -1;
    }
    pc.port = (uint16_t)port;
    if (o->proxy_auth != NULL) {
        const char *sep = strchr(o->proxy_auth, ':');
        if (sep == NULL || (size_t)(sep - o->proxy_auth) >= sizeof user ||
            strlen(sep + 1) >= sizeof pass) {
            printf("--proxy-auth wants USER:PASSWORD\n");
            return -1;
        }
        snprintf(user, sizeof user, "%.*s", (int)(sep - o->proxy_auth), o->proxy_auth);
        snprintf(pass, sizeof pass, "%s", sep + 1);
        pc.username = user;
        pc.password = pass;
    }
    st = sso_proxy_init(&proxy, tcp_t, &pc);
    memset(user, 0, sizeof user); /* the proxy port keeps the encoded form only */
    memset(pass, 0, sizeof pass);
    if (st != SSO_OK) {
        printf("proxy setup failed: %s\n", sso_status_str(st));
        return -1;
    }
    sso_proxy_transport(&proxy, link);
    printf("proxy: %s port %u%s\n", host, (unsigned)pc.port,
           o->proxy_auth != NULL ? " (with credentials)" : "");
    return 0;
}

static void print_ram(void)
{
    size_t total = sizeof client + sizeof work + sizeof creds + sizeof walk + sizeof tls +
                   sizeof tcp + sizeof token;
    printf("tinysso %s device (%s port): static RAM %zu bytes\n", SSO_VERSION_STRING, DEVICE_PORT,
           total);
    printf("  client %zu, work buffer %zu, credentials %zu, walk state %zu,\n", sizeof client,
           sizeof work, sizeof creds, sizeof walk);
    printf("  TLS context %zu (+ mbedTLS heap/pool for records and handshake), TCP %zu, "
           "token %zu\n",
           sizeof tls, sizeof tcp, sizeof token);
}

int main(int argc, char **argv)
{
    opts_t o;
    setvbuf(stdout, stdout_buf, _IOLBF, sizeof stdout_buf); /* no stdio heap buffer */
    if (parse_args(argc, argv, &o) != 0) {
        fprintf(stderr, "usage: see the comment at the top of examples/device/device.c\n");
        return 2;
    }
    print_ram();
    if (load_token(o.token_file) != 0) {
        printf("no access token (--token-file or SSO_ACCESS_TOKEN)\n");
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    sso_platform_t plat;
    sso_transport_t tcp_t, proxy_t, tls_t;
    const sso_transport_t *link = &tcp_t;
    sso_posix_platform(&plat);
#ifdef SSO_DEVICE_LWIP
    if (sso_lwip_unix_start(o.ip, "255.255.255.0", o.gw) != 0) {
        printf("lwIP did not come up (PRECONFIGURED_TAPIF set? root?)\n");
        return 1;
    }
    sso_lwip_tcp_transport(&tcp, &tcp_t);
    tcp.resolve = map_resolve;
#else
    sso_posix_tcp_transport(&tcp, &tcp_t);
#endif
    if (o.proxy != NULL) {
        if (setup_proxy(&o, &plat, &tcp_t, &proxy_t) != 0) {
            return 1;
        }
        link = &proxy_t;
    }
    sso_tls_config_t tc = {.ca_file = o.ca, .ca_buf = NULL, .ca_len = 0};
    int st = sso_tls_init(&tls, link, &tc);
    if (st != SSO_OK) {
        printf("TLS setup failed: %s\n", sso_status_str(st));
        return 1;
    }
    sso_tls_transport(&tls, &tls_t);

    sso_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.region = o.region;
    cfg.endpoint_url = o.endpoint;
    cfg.work_buf = work;
    cfg.work_len = sizeof work;
    cfg.transport = &tls_t;
    cfg.platform = &plat;
    st = sso_client_init(&client, &cfg);
    if (st != SSO_OK) {
        printf("client setup failed: %s\n", sso_status_str(st));
        sso_tls_free(&tls);
        sso_proxy_free(&proxy);
        return 1;
    }
    printf("portal: %s\n", sso_client_host(&client));

    int rc;
    if (o.phase == NULL) {
        rc = discover(&o) == 0 && keep_fresh(&o, &plat) == 0 ? 0 : 1;
    } else if (strcmp(o.phase, "list") == 0) {
        rc = discover(&o) == 0 ? 0 : 1;
    } else {
        rc = keep_fresh(&o, &plat) == 0 ? 0 : 1;
    }

    if (o.phase == NULL) { /* one phase alone (bench/wire) keeps the session */
        st = sso_logout(&client, token);
        printf("logout: %s\n", sso_status_str(st));
    }
    printf("connections: %u, TLS handshakes: %u (resumed %u)\n",
           (unsigned)sso_client_connections(&client), (unsigned)tls.handshakes,
           (unsigned)tls.resumptions);
    sso_client_close(&client);
    sso_tls_free(&tls);
    sso_proxy_free(&proxy);
    memset(token, 0, sizeof token);
    return rc;
}
