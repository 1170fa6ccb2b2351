/* TLS as a transport that wraps any other transport (mbedTLS 2.28 / 3.x).
 * Verification is always on: CA chain, host name, validity dates, TLS 1.2+. */
#ifndef TINYSSO_SSO_TLS_H
#define TINYSSO_SSO_TLS_H

#include <stddef.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <tinysso/sso_transport.h>

typedef struct sso_tls_config {
    /* Trust anchors: a PEM file path, or a PEM/DER buffer (PEM must include
     * its NUL in ca_len), or neither for the platform default (on POSIX the
     * system bundle). */
    const char *ca_file;
    const unsigned char *ca_buf;
    size_t ca_len;
} sso_tls_config_t;

typedef struct sso_tls {
    const sso_transport_t *inner;
    uint32_t timeout_ms; /* per-call timeout handed down by the core */
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt ca;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_ssl_session session; /* saved for resumption on reconnect */
    char session_host[254];
    int have_session;
    int open;
} sso_tls_t;

/* Loads the CA and seeds the DRBG. Returns SSO_OK or a negative sso_status_t
 * (SSO_ERR_INVALID_ARG for an unreadable/invalid CA). */
int sso_tls_init(sso_tls_t *tls, const sso_transport_t *inner, const sso_tls_config_t *cfg);

/* Fills t with the TLS transport (t->secure = 1) over tls->inner. */
void sso_tls_transport(sso_tls_t *tls, sso_transport_t *t);

/* Frees everything and wipes secrets (session included). */
void sso_tls_free(sso_tls_t *tls);

#endif
