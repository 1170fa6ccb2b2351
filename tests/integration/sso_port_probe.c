/* Drives one transport stack (POSIX TCP, optionally with TLS on top) through
 * connect / send / recv-until-end and prints what each step returned, one
 * key=value per line, so run_port.py can assert on the port's behaviour
 * without the client in the way. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinysso/tinysso.h>

#include "sso_posix.h"
#include "sso_tls.h"

#include <mbedtls/version.h>

static const char *name(int st)
{
    switch (st) {
    case SSO_OK:
        return "OK";
    case SSO_ERR_DNS:
        return "DNS";
    case SSO_ERR_CONNECT:
        return "CONNECT";
    case SSO_ERR_TIMEOUT:
        return "TIMEOUT";
    case SSO_ERR_TRANSPORT:
        return "TRANSPORT";
    case SSO_ERR_TLS:
        return "TLS";
    case SSO_ERR_TLS_VERIFY:
        return "TLS_VERIFY";
    case SSO_ERR_INVALID_ARG:
        return "INVALID_ARG";
    default:
        return "OTHER";
    }
}

static const char *tls_version_name(int v)
{
    return v == 0x0303 ? "1.2" : v == 0x0304 ? "1.3" : "none";
}

static uint8_t rx[16384];

static uint32_t pause_ms; /* between connect and send: lets the peer act first */
static int resend;        /* after a failed send, send again: EPIPE territory */
static size_t fill_bytes; /* send this many filler bytes (a peer that never reads) */
static uint8_t filler[65536];
static unsigned char ca_pem[65536]; /* --ca-buf: the CA handed over as a buffer */

/* One connection, every step's result printed. */
static void one_round(const sso_transport_t *t, const sso_platform_t *p, const char *host,
                      uint16_t port, uint32_t timeout, const char *request, sso_tls_t *tls)
{
    uint64_t t0 = p->now_ms(p->ctx);
    int st = t->connect(t->ctx, host, port, timeout);
    printf("connect=%s\n", name(st));
    printf("connect_ms=%llu\n", (unsigned long long)(p->now_ms(p->ctx) - t0));
    if (tls != NULL) {
        printf("resumed=%d\nverify_flags=0x%x\n", tls->resumed, (unsigned)tls->verify_flags);
        printf("tls_version=%s\ntls12_only=%d\n", tls_version_name(tls->version), tls->tls12_only);
        if (st != SSO_OK) {
            printf("mbedtls_error=-0x%04x\n", (unsigned)-tls->last_error);
        }
    }
    if (st != SSO_OK) {
        return;
    }
    if (pause_ms > 0) {
        p->sleep_ms(p->ctx, pause_ms);
    }
    if (fill_bytes > 0) {
        size_t sent = 0;
        int n = 1;
        t0 = p->now_ms(p->ctx);
        /* Bounded by fill_bytes, and by the timeout once the peer stops reading. */
        while (sent < fill_bytes && (n = t->send(t->ctx, filler, sizeof filler, timeout)) > 0) {
            sent += (size_t)n;
        }
        printf("fill_sent=%zu\nfill=%s\nfill_ms=%llu\n", sent, n > 0 ? "OK" : name(n),
               (unsigned long long)(p->now_ms(p->ctx) - t0));
        t->close(t->ctx);
        return;
    }
    if (request != NULL) {
        size_t off = 0, len = strlen(request);
        while (off < len) {
            int n = t->send(t->ctx, (const uint8_t *)request + off, len - off, timeout);
            if (n <= 0) {
                printf("send=%s\n", name(n));
                if (resend) {
                    n = t->send(t->ctx, (const uint8_t *)request, len, timeout);
                    printf("resend=%s\n", n > 0 ? "OK" : name(n));
                }
                t->close(t->ctx);
                return;
            }
            off += (size_t)n;
        }
        printf("send=OK\n");
    }
    size_t total = 0;
    int n;
    t0 = p->now_ms(p->ctx);
    /* Bounded: ends on EOF, error or a full buffer; each recv has a timeout. */
    while (total < sizeof rx - 1 &&
           (n = t->recv(t->ctx, rx + total, sizeof rx - 1 - total, timeout)) > 0) {
        total += (size_t)n;
    }
    printf("recv_bytes=%zu\n", total);
    printf("end=%s\n", total == sizeof rx - 1 ? "FULL" : n == 0 ? "EOF" : name(n));
    printf("recv_ms=%llu\n", (unsigned long long)(p->now_ms(p->ctx) - t0));
    rx[total] = '\0';
    char *eol = strstr((char *)rx, "\r\n");
    if (eol != NULL) {
        *eol = '\0';
    }
    printf("first_line=%s\n", (char *)rx);
    t->close(t->ctx);
}

int main(int argc, char **argv)
{
    const char *ca = NULL, *request = NULL;
    uint32_t timeout = 5000;
    int rounds = 1, tls_on = 0, i;
    size_t ca_len = 0;
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (i + 1 >= argc) {
            break;
        }
        if (strcmp(argv[i], "--tls") == 0) {
            ca = argv[i + 1];
            tls_on = 1;
        } else if (strcmp(argv[i], "--timeout") == 0) {
            timeout = (uint32_t)strtoul(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--request") == 0) {
            request = argv[i + 1];
        } else if (strcmp(argv[i], "--ca-buf") == 0) {
            FILE *f = fopen(argv[i + 1], "rb");
            size_t n = f != NULL ? fread(ca_pem, 1, sizeof ca_pem - 1, f) : 0;
            if (f != NULL) {
                fclose(f);
            }
            ca_len = n + 1; /* PEM: the NUL counts */
            tls_on = 1;
        } else if (strcmp(argv[i], "--fill") == 0) {
            fill_bytes = (size_t)strtoull(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--resend") == 0) {
            resend = atoi(argv[i + 1]);
        } else if (strcmp(argv[i], "--pause") == 0) {
            pause_ms = (uint32_t)strtoul(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--connects") == 0) {
            rounds = atoi(argv[i + 1]);
        }
    }
    if (argc - i != 2 || rounds < 1 || rounds > 100) {
        fprintf(stderr,
                "usage: %s [--tls CA.pem | --ca-buf CA.pem] [--timeout ms] [--request text] "
                "[--connects n] [--pause ms] [--resend 1] [--fill bytes] host port\n",
                argv[0]);
        return 2;
    }
    const char *host = argv[i];
    uint16_t port = (uint16_t)atoi(argv[i + 1]);

    sso_platform_t plat;
    sso_posix_platform(&plat);
    static sso_posix_tcp_t tcp;
    sso_transport_t tcp_t, tls_t;
    sso_posix_tcp_transport(&tcp, &tcp_t);
    static sso_tls_t tls;
    const sso_transport_t *t = &tcp_t;
    if (tls_on) {
        sso_tls_config_t cfg = {.ca_file = ca, .ca_buf = ca_len ? ca_pem : NULL, .ca_len = ca_len};
        int st = sso_tls_init(&tls, &tcp_t, &cfg);
        printf("tls_init=%s\nmbedtls=%s\n", name(st), MBEDTLS_VERSION_STRING);
        if (st != SSO_OK) {
            return 1;
        }
        sso_tls_transport(&tls, &tls_t);
        t = &tls_t;
    }
    for (int r = 0; r < rounds; r++) {
        printf("round=%d\n", r);
        one_round(t, &plat, host, port, timeout, request, tls_on ? &tls : NULL);
    }
    if (tls_on) {
        sso_tls_free(&tls);
    }
    return 0;
}
