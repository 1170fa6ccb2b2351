/* Secret hygiene of the mbedTLS port, end to end: the real client fetches
 * credentials over sso_tls_t from a local TLS server (run_tls_secrets.py),
 * then the test looks for any 12-byte piece of the access token (sent), the
 * secret access key and the session token (received):
 *   - in every heap block mbedTLS frees, at the moment it frees it (calloc
 *     and free are wrapped, as in tests/integration/sso_tls_mem.c), so a
 *     record buffer released unwiped is caught;
 *   - in every block mbedTLS still holds while the connection is kept alive
 *     after a call (the record buffers among them), found through the same
 *     wrap, so no private field of mbedTLS 2.28 or 3.6 is read;
 *   - in the sso_tls_t struct (the ssl context inside it), the working buffer
 *     and the client struct after the client closes the connection, after a
 *     connection that failed mid-response, and after sso_tls_free().
 *
 *   sso_tls_secrets CA.pem host port access_token secret_key session_token
 * Exit 0 when clean; 1 with the findings on stderr. */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinysso/tinysso.h>

#include "sso_posix.h"
#include "sso_tls.h"

#include <mbedtls/ssl.h>
#ifdef SSO_HAVE_VALGRIND_H
#include <valgrind/memcheck.h>
#else
#define VALGRIND_MAKE_MEM_DEFINED_IF_ADDRESSABLE(p, n) ((void)0)
#endif

#define WINDOW 12
#define HDR 16 /* keeps the returned block 16-byte aligned */

void *__real_calloc(size_t n, size_t size);
void __real_free(void *p);
void *__wrap_calloc(size_t n, size_t size);
void __wrap_free(void *p);

static const char *secrets[3];
static const char *const secret_names[3] = {"access token", "secret access key", "session token"};
static unsigned findings, freed_blocks;

/* Every WINDOW-byte piece of the secrets in a hash table, so that a scan
 * costs O(len), not O(len x secret length): the freed-block scan runs inside
 * free(), and a slow one (valgrind, 16 KiB record buffers) would stall the
 * handshake past the server's timeout. */
#define SLOTS 8192 /* a power of two, at least twice the pieces */
static const char *slot_piece[SLOTS];
static int slot_secret[SLOTS];
static int indexed; /* the secrets are known: scanning is on */

static uint32_t piece_hash(const unsigned char *p)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (int i = 0; i < WINDOW; i++) {
        h = (h ^ p[i]) * 16777619u;
    }
    return h;
}

/* Indexes the secrets' pieces; 0 when they do not fit the table. */
static int index_secrets(void)
{
    size_t pieces = 0;
    for (int s = 0; s < 3; s++) {
        size_t slen = strlen(secrets[s]);
        for (size_t j = 0; j + WINDOW <= slen; j++) {
            const unsigned char *piece = (const unsigned char *)secrets[s] + j;
            uint32_t k = piece_hash(piece) & (SLOTS - 1);
            if (++pieces > SLOTS / 2) {
                return 0;
            }
            while (slot_piece[k] != NULL) {
                k = (k + 1) & (SLOTS - 1);
            }
            slot_piece[k] = (const char *)piece;
            slot_secret[k] = s;
        }
    }
    indexed = 1;
    return 1;
}

/* Index of a secret with a WINDOW-byte piece in mem, or -1. */
static int find_piece(const void *mem, size_t len)
{
    const unsigned char *m = mem;
    for (size_t i = 0; indexed && i + WINDOW <= len; i++) {
        for (uint32_t k = piece_hash(m + i) & (SLOTS - 1); slot_piece[k] != NULL;
             k = (k + 1) & (SLOTS - 1)) {
            if (memcmp(m + i, slot_piece[k], WINDOW) == 0) {
                return slot_secret[k];
            }
        }
    }
    return -1;
}

static void scan(const void *mem, size_t len, const char *what)
{
    int s = find_piece(mem, len);
    if (s >= 0) {
        fprintf(stderr, "LEAK: %s in %s\n", secret_names[s], what);
        findings++;
    }
}

/* The blocks handed out by __wrap_calloc, so that __wrap_free recognises
 * them: statically linked code that is not mbedTLS (libgcov in a coverage
 * build) frees malloc()ed memory through the same wrapper. */
#define MAX_LIVE 4096
static unsigned char *live[MAX_LIVE];

static int live_slot(const unsigned char *p)
{
    for (int i = 0; i < MAX_LIVE; i++) {
        if (live[i] == p) {
            return i;
        }
    }
    return -1;
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (size != 0 && n > ((size_t)-1 - HDR) / size) {
        return NULL;
    }
    size_t total = n * size;
    int slot = live_slot(NULL);
    if (slot < 0) {
        fprintf(stderr, "more than %d live mbedTLS blocks\n", MAX_LIVE);
        abort();
    }
    unsigned char *p = __real_calloc(1, total + HDR);
    if (p == NULL) {
        return NULL;
    }
    memcpy(p, &total, sizeof total);
    live[slot] = p;
    return p + HDR;
}

void __wrap_free(void *q)
{
    if (q == NULL) {
        return;
    }
    unsigned char *p = (unsigned char *)q - HDR;
    int slot = live_slot(p);
    if (slot < 0) {
        __real_free(q); /* not one of ours */
        return;
    }
    live[slot] = NULL;
    size_t total;
    memcpy(&total, p, sizeof total);
    freed_blocks++;
    /* Under memcheck: a block may hold bytes mbedTLS never set (copied from
     * its stack); looking at them is the point here, not an error. */
    VALGRIND_MAKE_MEM_DEFINED_IF_ADDRESSABLE(q, total);
    scan(q, total, "a heap block freed by mbedTLS");
    __real_free(p);
}

/* Scans every block mbedTLS holds now; returns how many bytes that was. */
static size_t scan_live(const char *what)
{
    size_t bytes = 0;
    for (int i = 0; i < MAX_LIVE; i++) {
        if (live[i] != NULL) {
            size_t total;
            memcpy(&total, live[i], sizeof total);
            VALGRIND_MAKE_MEM_DEFINED_IF_ADDRESSABLE(live[i] + HDR, total);
            scan(live[i] + HDR, total, what);
            bytes += total;
        }
    }
    return bytes;
}

static uint8_t work[4096];

int main(int argc, char **argv)
{
    static sso_tls_t tls;
    static sso_role_credentials_t cr;
    sso_posix_tcp_t tcp;
    sso_transport_t inner, t;
    sso_platform_t plat;
    sso_tls_config_t tcfg = {0};
    sso_config_t cfg = {0};
    sso_client_t c;
    char url[300];
    int r;
    if (argc != 7) {
        fprintf(stderr, "usage: %s CA.pem host port access_token secret_key session_token\n",
                argv[0]);
        return 2;
    }
    sso_posix_tcp_transport(&tcp, &inner);
    sso_posix_platform(&plat);
    tcfg.ca_file = argv[1];
    if (sso_tls_init(&tls, &inner, &tcfg) != SSO_OK) {
        fprintf(stderr, "sso_tls_init failed\n");
        return 2;
    }
    sso_tls_transport(&tls, &t);
    snprintf(url, sizeof url, "https://%s:%s", argv[2], argv[3]);
    cfg.endpoint_url = url;
    cfg.work_buf = work;
    cfg.work_len = sizeof work;
    cfg.transport = &t;
    cfg.platform = &plat;
    cfg.read_timeout_ms = 5000;
    cfg.max_attempts = 1;
    if (sso_client_init(&c, &cfg) != SSO_OK) {
        fprintf(stderr, "sso_client_init failed\n");
        return 2;
    }
    /* Scanning starts only now: the secrets are not in any block yet. */
    secrets[0] = argv[4];
    secrets[1] = argv[5];
    secrets[2] = argv[6];
    if (!index_secrets()) {
        fprintf(stderr, "secrets too long for the scanner's table\n");
        return 2;
    }

    /* Two calls on one kept-alive connection, then close. */
    for (int i = 0; i < 2; i++) {
        r = sso_get_role_credentials(&c, argv[4], "111122223333", "Admin", &cr);
        if (r != SSO_OK || strcmp(cr.session_token, argv[6]) != 0 ||
            strcmp(cr.secret_access_key, argv[5]) != 0) {
            fprintf(stderr, "call %d: %d (%s)\n", i + 1, r, sso_status_str(r));
            return 1;
        }
        /* The scanner must see what it looks for: the caller's copy. */
        if (find_piece(&cr, sizeof cr) < 0) {
            fprintf(stderr, "scanner self-check: no secret found in the credentials\n");
            return 1;
        }
        memset(&cr, 0, sizeof cr); /* the caller's copy is the caller's business */
    }
    if (!c.connected || tls.handshakes != 1) {
        fprintf(stderr, "expected one kept-alive connection (handshakes %u)\n",
                (unsigned)tls.handshakes);
        return 1;
    }
    /* While the connection stays open, the record buffers hold what the last
     * records carried, and no secret may stay there once a
     * call has ended. The buffers are heap blocks, so scanning every live
     * block covers them on any mbedTLS version, private fields or not. */
    size_t live_bytes = scan_live("a block mbedTLS holds for a kept-alive connection");
    if (live_bytes < MBEDTLS_SSL_IN_CONTENT_LEN) {
        fprintf(stderr, "live-block scan saw %zu bytes: not even the input record buffer\n",
                live_bytes);
        return 1;
    }
    scan(work, sizeof work, "the working buffer after a call");
    scan(&c, sizeof c, "the client struct after a call");
    sso_client_close(&c);
    scan(&tls, sizeof tls, "sso_tls_t after close");
    scan(work, sizeof work, "the working buffer after close");

    /* A connection the server cuts mid-body (no close_notify): the call
     * fails and the port tears the connection down on its failure path. */
    r = sso_get_role_credentials(&c, argv[4], "111122223333", "Admin", &cr);
    if (r != SSO_ERR_TRANSPORT) {
        fprintf(stderr, "cut connection: %d (%s), expected transport error\n", r,
                sso_status_str(r));
        return 1;
    }
    scan(&cr, sizeof cr, "the credentials of the failed call");
    scan(&tls, sizeof tls, "sso_tls_t after a failed call");
    scan(work, sizeof work, "the working buffer after a failed call");
    scan(&c, sizeof c, "the client struct after a failed call");

    sso_client_close(&c);
    sso_tls_free(&tls);
    scan(&tls, sizeof tls, "sso_tls_t after sso_tls_free");
    if (freed_blocks == 0) {
        fprintf(stderr, "no mbedTLS block was freed: the wrap is not in effect\n");
        return 1;
    }
    printf("%u blocks freed by mbedTLS scanned; %u findings\n", freed_blocks, findings);
    return findings ? 1 : 0;
}
