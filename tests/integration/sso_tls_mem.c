/* Measures what mbedTLS (Debian's 2.28 build, linked statically) takes from
 * the heap for one tinysso TLS connection: every calloc/free of the mbedTLS
 * archives goes through the --wrap hooks below, which keep the current and
 * peak byte counts. Prints the figures and fails on a leak.
 *
 *   sso_tls_mem CA.pem host port */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ssl_internal.h>

#include "sso_posix.h"
#include "sso_tls.h"

#define HDR 16 /* keeps the returned block 16-byte aligned */

void *__real_calloc(size_t n, size_t size);
void __real_free(void *p);
void *__wrap_calloc(size_t n, size_t size);
void __wrap_free(void *p);

static size_t cur, peak, blocks, peak_blocks;

void *__wrap_calloc(size_t n, size_t size)
{
    if (size != 0 && n > ((size_t)-1 - HDR) / size) {
        return NULL;
    }
    size_t total = n * size;
    unsigned char *p = __real_calloc(1, total + HDR);
    if (p == NULL) {
        return NULL;
    }
    memcpy(p, &total, sizeof total);
    cur += total;
    blocks++;
    if (cur > peak) {
        peak = cur;
    }
    if (blocks > peak_blocks) {
        peak_blocks = blocks;
    }
    return p + HDR;
}

void __wrap_free(void *q)
{
    if (q == NULL) {
        return;
    }
    unsigned char *p = (unsigned char *)q - HDR;
    size_t total;
    memcpy(&total, p, sizeof total);
    cur -= total;
    blocks--;
    __real_free(p);
}

static uint8_t rx[4096];

static int one_request(const sso_transport_t *t, const char *host, uint16_t port)
{
    static const char req[] = "GET /assignment/accounts?max_result=5 HTTP/1.1\r\n"
                              "Host: localhost\r\nx-amz-sso_bearer_token: test-token\r\n"
                              "Connection: close\r\n\r\n";
    int st = t->connect(t->ctx, host, port, 5000);
    if (st != SSO_OK) {
        return st;
    }
    size_t off = 0;
    while (off < sizeof req - 1) {
        int n = t->send(t->ctx, (const uint8_t *)req + off, sizeof req - 1 - off, 5000);
        if (n <= 0) {
            return n;
        }
        off += (size_t)n;
    }
    int n, got = 0;
    for (int i = 0; i < 1000 && (n = t->recv(t->ctx, rx, sizeof rx, 5000)) > 0; i++) {
        got += n;
    }
    return got > 0 ? SSO_OK : SSO_ERR_TRANSPORT;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s CA.pem host port\n", argv[0]);
        return 2;
    }
    static sso_posix_tcp_t tcp;
    static sso_tls_t tls;
    sso_transport_t tcp_t, tls_t;
    sso_posix_tcp_transport(&tcp, &tcp_t);
    sso_tls_config_t cfg = {.ca_file = argv[1], .ca_buf = NULL, .ca_len = 0};
    if (sso_tls_init(&tls, &tcp_t, &cfg) != SSO_OK) {
        return 1;
    }
    sso_tls_transport(&tls, &tls_t);
    size_t after_init = cur;
    peak = cur;
    int st1 = one_request(&tls_t, argv[2], (uint16_t)atoi(argv[3]));
    size_t peak_full = peak, open_full = cur;
    tls_t.close(tls_t.ctx);
    size_t between = cur;
    peak = cur;
    int st2 = one_request(&tls_t, argv[2], (uint16_t)atoi(argv[3]));
    size_t peak_resumed = peak;
    tls_t.close(tls_t.ctx);
    unsigned resumed = (unsigned)tls.resumptions;
    sso_tls_free(&tls);

    printf("status_full=%d\nstatus_resumed=%d\nresumed=%u\n", st1, st2, resumed);
    printf("ssl_in_buffer_len=%d\nssl_out_buffer_len=%d\n", (int)MBEDTLS_SSL_IN_BUFFER_LEN,
           (int)MBEDTLS_SSL_OUT_BUFFER_LEN);
    printf("sizeof_sso_tls_t=%zu\n", sizeof(sso_tls_t));
    printf("heap_after_init=%zu\nheap_peak_full_handshake=%zu\nheap_open_connection=%zu\n",
           after_init, peak_full, open_full);
    printf("heap_between_connections=%zu\nheap_peak_resumed_handshake=%zu\n", between,
           peak_resumed);
    printf("heap_peak_blocks=%zu\nheap_after_free=%zu\n", peak_blocks, cur);
    return cur == 0 ? 0 : 1;
}
