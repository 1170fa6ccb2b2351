/* TLS over any sso_transport_t with mbedTLS 2.28 LTS or 3.6 LTS (1.2 and 1.3).
 *
 * The inner transport blocks with a timeout, so the bio callbacks never see
 * "would block": a timeout comes back as MBEDTLS_ERR_SSL_TIMEOUT and the
 * inner status is kept in tls->inner_err so the caller gets the real cause
 * (SSO_ERR_TIMEOUT, SSO_ERR_TRANSPORT) instead of a generic TLS error. */
#include "sso_tls.h"

#include <string.h>

#include "sso_tls_ca.h"

#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/version.h>

#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_PSA_CRYPTO_C)
#include <psa/crypto.h>
#endif

/* TLS 1.3 next to 1.2 (3.6 with MBEDTLS_SSL_PROTO_TLS1_3): tickets arrive
 * after the handshake, and a 1.2 fallback may be needed (see tls_connect). */
#if MBEDTLS_VERSION_NUMBER >= 0x03060000 && defined(MBEDTLS_SSL_PROTO_TLS1_3)
#define SSO_TLS_13 1
#if defined(MBEDTLS_SSL_SESSION_TICKETS) &&                                                        \
    defined(MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED)
#define SSO_TLS_13_TICKETS 1
#endif
#endif

/* WANT_READ/WANT_WRITE/new-ticket rounds tolerated per call; each round is
 * itself bounded by the inner timeout, so this only guards against a peer
 * that keeps a call spinning without ever producing data. */
#define SSO_TLS_MAX_ROUNDS 64

/* Forward-secret AEAD suites only: what the AWS endpoints offer, and no CBC
 * padding oracles or static-RSA key exchange to worry about. */
static const int sso_tls_suites[] = {
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_SSL_PROTO_TLS1_3)
    MBEDTLS_TLS1_3_AES_128_GCM_SHA256,
    MBEDTLS_TLS1_3_AES_256_GCM_SHA384,
    MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256,
#endif
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    0};

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    sso_tls_t *tls = ctx;
    int n = tls->inner->send(tls->inner->ctx, buf, len, tls->timeout_ms);
    if (n > 0) {
        return n;
    }
    tls->inner_err = n < 0 ? n : SSO_ERR_TRANSPORT;
    return n == SSO_ERR_TIMEOUT ? MBEDTLS_ERR_SSL_TIMEOUT : MBEDTLS_ERR_NET_SEND_FAILED;
}

static int bio_recv(void *ctx, unsigned char *buf, size_t len)
{
    sso_tls_t *tls = ctx;
    int n = tls->inner->recv(tls->inner->ctx, buf, len, tls->timeout_ms);
    if (n >= 0) {
        return n; /* 0: mbedTLS reports the TCP end as MBEDTLS_ERR_SSL_CONN_EOF */
    }
    tls->inner_err = n;
    return n == SSO_ERR_TIMEOUT ? MBEDTLS_ERR_SSL_TIMEOUT : MBEDTLS_ERR_NET_RECV_FAILED;
}

/* Runs only on full handshakes (a resumed one has no Certificate message),
 * which is how we tell the two apart on every mbedTLS version. */
static int verify_cb(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    sso_tls_t *tls = ctx;
    (void)crt;
    (void)depth;
    tls->cert_checked = 1;
    tls->verify_flags |= *flags;
    return 0; /* never override mbedTLS's verdict */
}

static int map_error(sso_tls_t *tls, int ret)
{
    tls->last_error = ret;
    if (tls->inner_err != 0) {
        return tls->inner_err;
    }
    if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        return SSO_ERR_TLS_VERIFY;
    }
    if (ret == MBEDTLS_ERR_SSL_TIMEOUT) {
        return SSO_ERR_TIMEOUT;
    }
    return SSO_ERR_TLS;
}

static int retryable(int ret)
{
#if defined(MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
    if (ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) {
        return 1;
    }
#endif
    return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE;
}

static int load_ca(sso_tls_t *tls, const sso_tls_config_t *cfg)
{
    int ret;
    if (cfg != NULL && cfg->ca_buf != NULL) {
        ret = mbedtls_x509_crt_parse(&tls->ca, cfg->ca_buf, cfg->ca_len);
    } else {
#if defined(MBEDTLS_FS_IO)
        const char *path =
            (cfg != NULL && cfg->ca_file != NULL) ? cfg->ca_file : SSO_TLS_DEFAULT_CA_FILE;
        ret = sso_tls_ca_parse_file(&tls->ca, path); /* fast PEM: sso_tls_ca.c */
#else
        ret = -1; /* no file system: the integrator must give ca_buf */
#endif
    }
    /* A positive count means some certificates of a bundle were skipped
     * (e.g. unsupported algorithms); usable as long as one loaded. */
    if (ret < 0 || tls->ca.version == 0) {
        return SSO_ERR_INVALID_ARG;
    }
    return SSO_OK;
}

static int setup_config(sso_tls_t *tls)
{
    mbedtls_ssl_config *c = &tls->conf;
    if (mbedtls_ssl_config_defaults(c, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
        return SSO_ERR_TLS;
    }
    mbedtls_ssl_conf_authmode(c, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(c, &tls->ca, NULL);
    mbedtls_ssl_conf_verify(c, verify_cb, tls);
    mbedtls_ssl_conf_rng(c, mbedtls_ctr_drbg_random, &tls->drbg);
    mbedtls_ssl_conf_ciphersuites(c, sso_tls_suites);
#if MBEDTLS_VERSION_NUMBER >= 0x03020000
    mbedtls_ssl_conf_min_tls_version(c, MBEDTLS_SSL_VERSION_TLS1_2);
#else
    mbedtls_ssl_conf_min_version(c, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
#endif
#if defined(MBEDTLS_SSL_RENEGOTIATION)
    mbedtls_ssl_conf_renegotiation(c, MBEDTLS_SSL_RENEGOTIATION_DISABLED);
#endif
#if defined(MBEDTLS_SSL_SESSION_TICKETS)
    mbedtls_ssl_conf_session_tickets(c, MBEDTLS_SSL_SESSION_TICKETS_ENABLED);
#endif
#if defined(SSO_TLS_13_TICKETS)
    /* 3.6.1+ ignores TLS 1.3 tickets unless asked; then mbedtls_ssl_read()
     * returns RECEIVED_NEW_SESSION_TICKET and tls_recv saves the ticket. */
    mbedtls_ssl_conf_tls13_enable_signal_new_session_tickets(
        c, MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED);
#endif
    return SSO_OK;
}

int sso_tls_init(sso_tls_t *tls, const sso_transport_t *inner, const sso_tls_config_t *cfg)
{
    static const unsigned char pers[] = "tinysso-tls";
    if (tls == NULL || inner == NULL) {
        return SSO_ERR_INVALID_ARG;
    }
    memset(tls, 0, sizeof *tls);
    tls->inner = inner;
    mbedtls_ssl_config_init(&tls->conf);
    mbedtls_x509_crt_init(&tls->ca);
    mbedtls_entropy_init(&tls->entropy);
    mbedtls_ctr_drbg_init(&tls->drbg);
    mbedtls_ssl_session_init(&tls->session);
    mbedtls_ssl_init(&tls->ssl);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_PSA_CRYPTO_C)
    if (psa_crypto_init() != PSA_SUCCESS) {
        return SSO_ERR_TLS;
    }
#endif
    if (mbedtls_ctr_drbg_seed(&tls->drbg, mbedtls_entropy_func, &tls->entropy, pers,
                              sizeof pers - 1) != 0) {
        return SSO_ERR_TLS;
    }
    int st = load_ca(tls, cfg);
    if (st != SSO_OK) {
        return st;
    }
    return setup_config(tls);
}

/* Frees the saved session; the host it belongs to stays (see tls_connect). */
static void drop_session(sso_tls_t *tls)
{
    mbedtls_ssl_session_free(&tls->session); /* zeroizes the master secret */
    mbedtls_ssl_session_init(&tls->session);
    tls->have_session = 0;
}

/* Keeps what the open connection can be resumed with: the session of a 1.2
 * handshake, or the latest 1.3 ticket. */
static void save_session(sso_tls_t *tls)
{
    drop_session(tls);
    if (tls->session_host[0] == '\0') {
        return; /* a host name too long to remember: no resumption */
    }
    if (mbedtls_ssl_get_session(&tls->ssl, &tls->session) != 0) {
        drop_session(tls);
        return;
    }
    tls->have_session = 1;
}

static void tls_close(void *ctx)
{
    sso_tls_t *tls = ctx;
    if (!tls->open) {
        return;
    }
    if (!tls->failed) {
        /* Best effort and short: the peer may already be gone. */
        tls->timeout_ms = tls->timeout_ms < 1000u ? tls->timeout_ms : 1000u;
        (void)mbedtls_ssl_close_notify(&tls->ssl);
    }
    tls->inner->close(tls->inner->ctx);
    mbedtls_ssl_free(&tls->ssl); /* zeroizes the record buffers and keys */
    mbedtls_ssl_init(&tls->ssl);
    tls->open = 0;
    tls->failed = 0;
}

static int fail(sso_tls_t *tls, int status)
{
    tls->failed = 1;
    tls_close(tls);
    return status;
}

/* The saved session belongs to session_host:session_port; a connect to
 * another peer forgets it, so that only that peer's sessions (and 1.3
 * tickets, which arrive after the handshake) are ever kept. */
static void select_peer(sso_tls_t *tls, const char *host, uint16_t port)
{
    size_t hl = strlen(host);
    if (tls->session_port == port && strcmp(tls->session_host, host) == 0) {
        return;
    }
    drop_session(tls);
    tls->session_port = port;
    if (hl < sizeof tls->session_host) {
        memcpy(tls->session_host, host, hl + 1);
    } else {
        tls->session_host[0] = '\0';
    }
}

/* One TCP connect and one handshake. *version gets the protocol the server
 * chose, also on failure (0 without a TCP connection; before the server's
 * hello, 3.6 reports the highest version offered). */
static int handshake(sso_tls_t *tls, const char *host, uint16_t port, int *version)
{
    *version = 0;
    tls->inner_err = 0;
    tls->cert_checked = 0;
    tls->verify_flags = 0;
    int st = tls->inner->connect(tls->inner->ctx, host, port, tls->timeout_ms);
    if (st != SSO_OK) {
        return st;
    }
    tls->open = 1;
    if (mbedtls_ssl_setup(&tls->ssl, &tls->conf) != 0 ||
        mbedtls_ssl_set_hostname(&tls->ssl, host) != 0) {
        return fail(tls, SSO_ERR_TLS);
    }
    int offered = 0;
    if (tls->have_session) {
        offered = mbedtls_ssl_set_session(&tls->ssl, &tls->session) == 0;
    }
    mbedtls_ssl_set_bio(&tls->ssl, tls, bio_send, bio_recv, NULL);

    int ret = 0;
    for (int round = 0; round < SSO_TLS_MAX_ROUNDS; round++) {
        ret = mbedtls_ssl_handshake(&tls->ssl);
        if (ret == 0 || !retryable(ret)) {
            break;
        }
    }
#if MBEDTLS_VERSION_NUMBER >= 0x03020000
    *version = (int)mbedtls_ssl_get_version_number(&tls->ssl);
#else
    *version = 0x0303; /* 2.28 speaks TLS 1.2 only */
#endif
    if (ret != 0) {
        if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
            tls->inner_err = 0; /* the alert send may have failed too; the cause is the cert */
        }
        if (offered) {
            /* A session the server no longer takes must not fail every
             * later connect too (3.6 offers only the session's version). */
            drop_session(tls);
        }
        return fail(tls, map_error(tls, ret));
    }
    tls->resumed = offered && !tls->cert_checked;
    tls->handshakes++;
    tls->resumptions += (uint32_t)tls->resumed;
#if defined(SSO_TLS_13)
    if (*version == MBEDTLS_SSL_VERSION_TLS1_3) {
        /* A 1.3 session is its ticket, which comes after the handshake (the
         * one just used is not reused: RFC 8446 C.4). */
        drop_session(tls);
        return SSO_OK;
    }
#endif
    save_session(tls);
    return SSO_OK;
}

static int tls_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    sso_tls_t *tls = ctx;
    tls_close(tls);
    tls->timeout_ms = timeout_ms;
    tls->inner_err = 0;
    tls->last_error = 0;
    tls->resumed = 0;
    tls->cert_checked = 0;
    tls->verify_flags = 0;
    if (host == NULL || host[0] == '\0') {
        return SSO_ERR_INVALID_ARG;
    }
    select_peer(tls, host, port);
    int version;
    int st = handshake(tls, host, port, &version);
#if defined(SSO_TLS_13) && defined(MBEDTLS_SSL_PROTO_TLS1_2)
    /* mbedTLS 3.6 offers RSA-PSS signatures for 1.3 but cannot verify them
     * in 1.2, so a 1.2-only server that picks RSA-PSS for its key exchange
     * (OpenSSL does) fails the handshake with an illegal_parameter alert.
     * Then this sso_tls_t offers 1.2 alone, whose hello has no RSA-PSS, and
     * tries once more. Both versions are within policy (1.2+, ECDHE, AEAD,
     * verified chain), so an attacker forcing this gains nothing. */
    if (st == SSO_ERR_TLS && version == MBEDTLS_SSL_VERSION_TLS1_2 &&
        tls->last_error == MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER && !tls->tls12_only) {
        tls->tls12_only = 1;
        mbedtls_ssl_conf_max_tls_version(&tls->conf, MBEDTLS_SSL_VERSION_TLS1_2);
        tls->last_error = 0;
        st = handshake(tls, host, port, &version);
    }
#endif
    tls->version = st == SSO_OK ? version : 0;
    return st;
}

/* The checks and set-up a record write and a record read share. */
static int tls_io_begin(sso_tls_t *tls, size_t len, uint32_t timeout_ms)
{
    if (!tls->open || tls->failed) {
        return SSO_ERR_TRANSPORT;
    }
    if (len == 0) {
        return SSO_ERR_INVALID_ARG;
    }
    tls->timeout_ms = timeout_ms;
    tls->inner_err = 0;
    return SSO_OK;
}

static int tls_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_tls_t *tls = ctx;
    int ret = tls_io_begin(tls, len, timeout_ms);
    if (ret != SSO_OK) {
        return ret;
    }
    ret = MBEDTLS_ERR_SSL_WANT_WRITE;
    for (int round = 0; round < SSO_TLS_MAX_ROUNDS && retryable(ret); round++) {
        ret = mbedtls_ssl_write(&tls->ssl, buf, len);
    }
    if (ret > 0) {
        return ret;
    }
    tls->failed = 1;
    return retryable(ret) ? SSO_ERR_TIMEOUT : map_error(tls, ret);
}

static int tls_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_tls_t *tls = ctx;
    int ret = tls_io_begin(tls, len, timeout_ms);
    if (ret != SSO_OK) {
        return ret;
    }
    ret = MBEDTLS_ERR_SSL_WANT_READ;
    for (int round = 0; round < SSO_TLS_MAX_ROUNDS && retryable(ret); round++) {
        ret = mbedtls_ssl_read(&tls->ssl, buf, len);
#if defined(SSO_TLS_13_TICKETS)
        if (ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) {
            save_session(tls); /* the newest ticket wins */
        }
#endif
    }
    if (ret > 0) {
        return ret;
    }
    if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
        return 0;
    }
    tls->failed = 1;
    if (ret == 0) { /* TCP ended without close_notify: possibly truncated */
        return tls->inner_err != 0 ? tls->inner_err : SSO_ERR_TLS_EOF;
    }
    return retryable(ret) ? SSO_ERR_TIMEOUT : map_error(tls, ret);
}

/* Decrypted bytes mbedTLS holds, or a record it has buffered but not yet
 * read, were sent while the stream was idle; otherwise the inner transport
 * knows whether more bytes or the peer's close are waiting. */
static int tls_stale(void *ctx)
{
    sso_tls_t *tls = ctx;
    if (!tls->open || tls->failed) {
        return 1;
    }
    if (mbedtls_ssl_get_bytes_avail(&tls->ssl) > 0 || mbedtls_ssl_check_pending(&tls->ssl)) {
        return 1;
    }
    return tls->inner->stale != NULL && tls->inner->stale(tls->inner->ctx);
}

void sso_tls_transport(sso_tls_t *tls, sso_transport_t *t)
{
    memset(t, 0, sizeof *t); /* a member this port does not fill is NULL */
    t->ctx = tls;
    t->connect = tls_connect;
    t->send = tls_send;
    t->recv = tls_recv;
    t->close = tls_close;
    t->secure = 1;
    t->stale = tls_stale;
}

void sso_tls_forget_session(sso_tls_t *tls)
{
    drop_session(tls);
    tls->session_host[0] = '\0';
    tls->session_port = 0;
}

int sso_tls_set_groups(sso_tls_t *tls, const uint16_t *groups)
{
    /* Built aside and copied at the end: the config points at tls->groups,
     * so a refused list must leave it as it was. */
    sso_tls_group_entry_t list[SSO_TLS_MAX_GROUPS + 1] = {0}; /* copied whole: no stale tail */
    size_t n = 0;
    if (tls == NULL || groups == NULL) {
        return SSO_ERR_INVALID_ARG;
    }
    for (size_t i = 0; groups[i] != 0; i++) {
        if (i >= SSO_TLS_MAX_GROUPS) {
            return SSO_ERR_INVALID_ARG;
        }
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
        list[n++] = groups[i]; /* 3.x takes the IANA numbers and skips unknown ones */
#else
        const mbedtls_ecp_curve_info *info = mbedtls_ecp_curve_info_from_tls_id(groups[i]);
        if (info != NULL) { /* left out when this build lacks the curve */
            list[n++] = info->grp_id;
        }
#endif
    }
    if (n == 0) {
        return SSO_ERR_INVALID_ARG;
    }
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    list[n] = 0;
    memcpy(tls->groups, list, sizeof list);
    mbedtls_ssl_conf_groups(&tls->conf, tls->groups);
#else
    list[n] = MBEDTLS_ECP_DP_NONE;
    memcpy(tls->groups, list, sizeof list);
    mbedtls_ssl_conf_curves(&tls->conf, tls->groups);
#endif
    return SSO_OK;
}

int sso_tls_session_export(const sso_tls_t *tls, sso_tls_session_blob_t *out)
{
    size_t len = 0;
    if (tls == NULL || out == NULL) {
        return SSO_ERR_INVALID_ARG;
    }
    out->len = 0;
    if (!tls->have_session) {
        return SSO_ERR_INVALID_ARG;
    }
    if (mbedtls_ssl_session_save(&tls->session, out->data, sizeof out->data, &len) != 0) {
        return SSO_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out->host, tls->session_host, sizeof out->host);
    out->port = tls->session_port;
    out->len = len;
    return SSO_OK;
}

int sso_tls_session_import(sso_tls_t *tls, const sso_tls_session_blob_t *in)
{
    if (tls == NULL || in == NULL || in->len == 0 || in->len > sizeof in->data ||
        memchr(in->host, '\0', sizeof in->host) == NULL || in->host[0] == '\0') {
        return SSO_ERR_INVALID_ARG;
    }
    drop_session(tls);
    /* mbedTLS checks the version and configuration header and every
     * length; anything else is refused and nothing is installed. */
    if (mbedtls_ssl_session_load(&tls->session, in->data, in->len) != 0) {
        drop_session(tls);
        return SSO_ERR_INVALID_ARG;
    }
    memcpy(tls->session_host, in->host, sizeof tls->session_host);
    tls->session_port = in->port;
    tls->have_session = 1;
    return SSO_OK;
}

void sso_tls_free(sso_tls_t *tls)
{
    if (tls == NULL) {
        return;
    }
    tls_close(tls);
    mbedtls_ssl_free(&tls->ssl);
    drop_session(tls);
    mbedtls_ssl_config_free(&tls->conf);
    mbedtls_x509_crt_free(&tls->ca);
    mbedtls_ctr_drbg_free(&tls->drbg);
    mbedtls_entropy_free(&tls->entropy);
    mbedtls_platform_zeroize(tls, sizeof *tls);
}
