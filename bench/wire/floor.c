/* The floor: the least a client can do to fetch what tinysso fetches.
 *
 * One TLS connection with mbedTLS (CA loaded from the same file with the same
 * loader as tinysso's port, chain and host name verified, TLS 1.2+), then
 * for each recorded exchange: write the
 * request bytes tinysso wrote, read exactly as many response bytes as the
 * server sent, parse nothing. scripts/bench_wire.sh records the exchanges
 * with mock_portal.py --record and compares tinysso's CPU with this
 * program's, so the difference is what tinysso adds: HTTP and JSON work,
 * its transport layers, its own set-up.
 *
 *   floor HOST PORT CA_FILE EXCHANGES [x25519|p256|default] [mbedtls-pem]
 *
 * mbedtls-pem loads the CA file with mbedtls_x509_crt_parse_file instead
 * (its constant-time PEM decoder; see port/mbedtls/sso_tls_ca.c).
 *
 * EXCHANGES: for each exchange a line "REQUEST_LEN RESPONSE_LEN\n" and then
 * the request bytes. Exit 0 when every response arrived in full. */
#define _POSIX_C_SOURCE 200809L

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ssl.h>
#include <mbedtls/version.h>
#include <mbedtls/x509_crt.h>

#include "sso_tls_ca.h"

#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_PSA_CRYPTO_C)
#include <psa/crypto.h>
#endif

#define FLOOR_MAX_FILE 262144
#define FLOOR_MAX_ROUNDS 100000 /* WANT_READ/WRITE rounds per connection */

static unsigned char script[FLOOR_MAX_FILE];
static unsigned char rx[16384];

static int sock = -1;
static mbedtls_ssl_context ssl;
static mbedtls_ssl_config conf;
static mbedtls_x509_crt ca;
static mbedtls_entropy_context entropy;
static mbedtls_ctr_drbg_context drbg;

/* An explicit group preference, as tinysso's sso_tls_set_groups gives. */
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
static const uint16_t groups_x25519[] = {MBEDTLS_SSL_IANA_TLS_GROUP_X25519,
                                         MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1, 0};
static const uint16_t groups_p256[] = {MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
                                       MBEDTLS_SSL_IANA_TLS_GROUP_X25519, 0};
#define FLOOR_SET_GROUPS mbedtls_ssl_conf_groups
#else
static const mbedtls_ecp_group_id groups_x25519[] = {MBEDTLS_ECP_DP_CURVE25519,
                                                     MBEDTLS_ECP_DP_SECP256R1, MBEDTLS_ECP_DP_NONE};
static const mbedtls_ecp_group_id groups_p256[] = {MBEDTLS_ECP_DP_SECP256R1,
                                                   MBEDTLS_ECP_DP_CURVE25519, MBEDTLS_ECP_DP_NONE};
#define FLOOR_SET_GROUPS mbedtls_ssl_conf_curves
#endif

/* Plain blocking BSD sockets: mbedTLS's net module is not in every build
 * (the 3.6 host config leaves it out), and the floor needs nothing more. */
static int tcp_connect(const char *host, const char *port)
{
    struct addrinfo hints, *res, *ai;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0) {
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        sock = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (sock >= 0 && connect(sock, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        if (sock >= 0) {
            close(sock);
            sock = -1;
        }
    }
    freeaddrinfo(res);
    return sock >= 0 ? 0 : -1;
}

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    ssize_t n = send(*(int *)ctx, buf, len, MSG_NOSIGNAL);
    return n >= 0 ? (int)n : MBEDTLS_ERR_SSL_INTERNAL_ERROR;
}

static int bio_recv(void *ctx, unsigned char *buf, size_t len)
{
    ssize_t n = recv(*(int *)ctx, buf, len, 0);
    return n >= 0 ? (int)n : MBEDTLS_ERR_SSL_INTERNAL_ERROR;
}

static int die(const char *what, int ret)
{
    fprintf(stderr, "floor: %s failed (-0x%04x)\n", what, (unsigned)-ret);
    return 1;
}

static size_t load_script(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    if (f == NULL) {
        return 0;
    }
    n = fread(script, 1, sizeof script, f);
    fclose(f);
    return n == sizeof script ? 0 : n; /* a full buffer may be cut: refuse */
}

static int write_all(const unsigned char *p, size_t len)
{
    int rounds = 0;
    while (len > 0 && rounds++ < FLOOR_MAX_ROUNDS) {
        int r = mbedtls_ssl_write(&ssl, p, len);
        if (r > 0) {
            p += r;
            len -= (size_t)r;
        } else if (r != MBEDTLS_ERR_SSL_WANT_WRITE && r != MBEDTLS_ERR_SSL_WANT_READ) {
            return r;
        }
    }
    return len == 0 ? 0 : -1;
}

static int read_exactly(size_t len)
{
    int rounds = 0;
    while (len > 0 && rounds++ < FLOOR_MAX_ROUNDS) {
        int r = mbedtls_ssl_read(&ssl, rx, len < sizeof rx ? len : sizeof rx);
        if (r > 0) {
            len -= (size_t)r;
        } else if (r == 0 || (r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE
#if defined(MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
                              && r != MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET
#endif
                              )) {
            return r == 0 ? -1 : r;
        }
    }
    return len == 0 ? 0 : -1;
}

/* Replays every exchange of the script; returns 0 or an mbedTLS error.
 * Never inlined: bench/wire/breakdown.py counts the request by its name. */
static __attribute__((noinline)) int replay(size_t size)
{
    size_t off = 0;
    while (off < size) {
        unsigned long req, resp;
        char *end;
        req = strtoul((const char *)script + off, &end, 10);
        resp = strtoul(end, &end, 10);
        if (*end != '\n' || req == 0 || req > size - (size_t)(end + 1 - (char *)script)) {
            return -2;
        }
        off = (size_t)(end + 1 - (char *)script);
        int r = write_all(script + off, req);
        if (r != 0) {
            return r;
        }
        off += req;
        if ((r = read_exactly(resp)) != 0) {
            return r;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const unsigned char pers[] = "tinysso-floor";
    int ret;
    size_t size;

    if (argc < 5 || argc > 7) {
        fprintf(stderr,
                "usage: floor HOST PORT CA_FILE EXCHANGES [x25519|p256|default] [mbedtls-pem]\n");
        return 2;
    }
    size = load_script(argv[4]);
    if (size == 0) {
        fprintf(stderr, "floor: cannot read %s (missing, empty or too large)\n", argv[4]);
        return 2;
    }
    mbedtls_ssl_init(&ssl);
    mbedtls_ssl_config_init(&conf);
    mbedtls_x509_crt_init(&ca);
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_PSA_CRYPTO_C)
    if (psa_crypto_init() != PSA_SUCCESS) {
        return die("psa_crypto_init", -1);
    }
#endif
    if ((ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, pers,
                                     sizeof pers - 1)) != 0) {
        return die("drbg seed", ret);
    }
    if (argc == 7 && strcmp(argv[6], "mbedtls-pem") != 0) {
        fprintf(stderr, "floor: unknown option %s\n", argv[6]);
        return 2;
    }
    ret =
        argc == 7 ? mbedtls_x509_crt_parse_file(&ca, argv[3]) : sso_tls_ca_parse_file(&ca, argv[3]);
    if (ret < 0) {
        return die("CA load", ret);
    }
    if ((ret =
             mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                         MBEDTLS_SSL_PRESET_DEFAULT)) != 0) {
        return die("config", ret);
    }
    mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
    mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
    if (argc >= 6 && strcmp(argv[5], "default") != 0) {
        if (strcmp(argv[5], "x25519") == 0) {
            FLOOR_SET_GROUPS(&conf, groups_x25519);
        } else if (strcmp(argv[5], "p256") == 0) {
            FLOOR_SET_GROUPS(&conf, groups_p256);
        } else {
            fprintf(stderr, "floor: unknown group list %s\n", argv[5]);
            return 2;
        }
    }
    if (tcp_connect(argv[1], argv[2]) != 0) {
        return die("connect", -1);
    }
    if ((ret = mbedtls_ssl_setup(&ssl, &conf)) != 0 ||
        (ret = mbedtls_ssl_set_hostname(&ssl, argv[1])) != 0) {
        return die("setup", ret);
    }
    mbedtls_ssl_set_bio(&ssl, &sock, bio_send, bio_recv, NULL);
    for (int i = 0; i < FLOOR_MAX_ROUNDS; i++) {
        ret = mbedtls_ssl_handshake(&ssl);
        if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE) {
            break;
        }
    }
    if (ret != 0) {
        return die("handshake", ret);
    }
    if ((ret = replay(size)) != 0) {
        return die("replay", ret);
    }
    (void)mbedtls_ssl_close_notify(&ssl);
    close(sock);
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_x509_crt_free(&ca);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    return 0;
}
