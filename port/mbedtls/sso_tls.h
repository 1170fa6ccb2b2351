/* TLS as a transport that wraps any other transport (mbedTLS 2.28 / 3.6).
 * Verification is always on: CA chain, host name, validity dates, TLS 1.2+.
 * There is deliberately no option to turn any of it off. */
#ifndef TINYSSO_SSO_TLS_H
#define TINYSSO_SSO_TLS_H

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/version.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <tinysso/sso_transport.h>

/* Trust store used when sso_tls_config_t names none (POSIX builds only). */
#ifndef SSO_TLS_DEFAULT_CA_FILE
#define SSO_TLS_DEFAULT_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#endif

typedef struct sso_tls_config {
    /* Trust anchors: a PEM file path, or a PEM/DER buffer (PEM must include
     * its NUL in ca_len), or neither for the platform default (on POSIX the
     * system bundle SSO_TLS_DEFAULT_CA_FILE). */
    const char *ca_file;
    const unsigned char *ca_buf;
    size_t ca_len;
} sso_tls_config_t;

/* Key-exchange groups, by their IANA TLS numbers (sso_tls_set_groups). */
#define SSO_TLS_GROUP_SECP256R1 0x0017u
#define SSO_TLS_GROUP_SECP384R1 0x0018u
#define SSO_TLS_GROUP_SECP521R1 0x0019u
#define SSO_TLS_GROUP_X25519 0x001Du
#define SSO_TLS_MAX_GROUPS 8
/* How this mbedTLS takes a group list: IANA numbers (3.x) or curve ids (2.x). */
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
typedef uint16_t sso_tls_group_entry_t;
#else
typedef mbedtls_ecp_group_id sso_tls_group_entry_t;
#endif

/* A resumable session in mbedTLS's serialized form, with the server it was
 * made with (sso_tls_session_export/import). It holds the session's master
 * secret: whoever stores it must protect it like a key. */
#ifndef SSO_TLS_SESSION_BLOB_MAX
#define SSO_TLS_SESSION_BLOB_MAX                                                                   \
    4096 /* a TLS 1.2 session with a ticket and the peer's certificate */
#endif
typedef struct sso_tls_session_blob {
    char host[254];
    uint16_t port;
    size_t len;
    unsigned char data[SSO_TLS_SESSION_BLOB_MAX];
} sso_tls_session_blob_t;

typedef struct sso_tls {
    const sso_transport_t *inner;
    uint32_t timeout_ms; /* per-call timeout handed down by the core */
    int inner_err;       /* the inner transport's status behind a bio failure */
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt ca;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_ssl_session session; /* saved for resumption on reconnect */
    char session_host[254];      /* the peer it belongs to */
    uint16_t session_port;
    int have_session;
    int open;
    int failed; /* the open connection saw an error: no close_notify */
    /* Observable results of the last handshake (tests, metrics). */
    int resumed;           /* 1 when it resumed the saved session */
    int cert_checked;      /* the verify callback ran: a full handshake */
    uint32_t verify_flags; /* MBEDTLS_X509_BADCERT_* of the last failure */
    int last_error;        /* the mbedTLS code behind the last failure (logs) */
    int version;           /* last connect: 0x0303 = TLS 1.2, 0x0304 = 1.3, 0 = failed */
    int tls12_only;        /* 3.6: fell back to offering 1.2 alone (see sso_tls.c) */
    uint32_t handshakes;   /* completed handshakes since init */
    uint32_t resumptions;  /* of which resumed a saved session */
    sso_tls_group_entry_t groups[SSO_TLS_MAX_GROUPS + 1]; /* sso_tls_set_groups, terminated */
} sso_tls_t;

/* Loads the CA and seeds the DRBG. Returns SSO_OK or a negative sso_status_t
 * (SSO_ERR_INVALID_ARG for an unreadable/invalid CA, SSO_ERR_TLS when the
 * RNG or the config cannot be set up). */
int sso_tls_init(sso_tls_t *tls, const sso_transport_t *inner, const sso_tls_config_t *cfg);

/* Fills t with the TLS transport (t->secure = 1) over tls->inner.
 * connect: TCP connect through inner, then the handshake with SNI and host
 *          name verification for host. Certificate failures give
 *          SSO_ERR_TLS_VERIFY, other handshake failures SSO_ERR_TLS, and an
 *          inner failure its own status (e.g. SSO_ERR_TIMEOUT).
 * recv:    0 after the peer's close_notify; a TCP end without close_notify
 *          is SSO_ERR_TLS_EOF (it may be a truncation).
 * stale:   1 when mbedTLS holds unread bytes or records, else the inner
 *          transport's answer. */
void sso_tls_transport(sso_tls_t *tls, sso_transport_t *t);

/* Forgets the saved session, so the next connect does a full handshake. */
void sso_tls_forget_session(sso_tls_t *tls);

/* Offers these key-exchange groups, most preferred first: a 0-terminated
 * list of SSO_TLS_GROUP_* numbers, at most SSO_TLS_MAX_GROUPS. Groups the
 * mbedTLS build lacks are left out (2.x here; 3.x skips them itself when it
 * writes the handshake). Call after sso_tls_init and before a connect.
 * SSO_ERR_INVALID_ARG for an empty or too long list, or (2.x) when none is
 * left; the previous setting stays. Without it, mbedTLS's default applies. */
int sso_tls_set_groups(sso_tls_t *tls, const uint16_t *groups);

/* Copies the saved session (the last handshake's) into out, serialized, so
 * a later process can resume it. SSO_ERR_INVALID_ARG when there is none,
 * SSO_ERR_BUFFER_TOO_SMALL when it does not fit. */
int sso_tls_session_export(const sso_tls_t *tls, sso_tls_session_blob_t *out);

/* Installs a session from sso_tls_session_export: the next connect to the
 * same host and port offers it (a server that declines it gets a full
 * handshake, verified as always). Data that mbedTLS does not accept (other
 * version or configuration, corrupt) gives SSO_ERR_INVALID_ARG and installs
 * nothing. */
int sso_tls_session_import(sso_tls_t *tls, const sso_tls_session_blob_t *in);

/* Frees everything and wipes secrets (session included). */
void sso_tls_free(sso_tls_t *tls);

#endif
