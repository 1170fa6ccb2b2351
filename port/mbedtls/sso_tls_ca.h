/* Loading trust anchors fast (see sso_tls_ca.c for the numbers). */
#ifndef TINYSSO_SSO_TLS_CA_H
#define TINYSSO_SSO_TLS_CA_H

#include <stddef.h>

#include <mbedtls/x509_crt.h>

/* Returned when a buffer holds no "BEGIN CERTIFICATE" block at all. */
#define SSO_TLS_CA_NO_PEM (-0x7FFF)

/* Adds every PEM certificate in pem[0..len) to chain, decoding in place (pem
 * is overwritten). Same results as mbedtls_x509_crt_parse: the number of
 * certificates that failed (0 when all loaded), a negative mbedTLS error
 * when none loaded, or SSO_TLS_CA_NO_PEM. A last block without its END line
 * is ignored, as mbedTLS ignores it. */
int sso_tls_ca_parse_pem(mbedtls_x509_crt *chain, unsigned char *pem, size_t len);

#if defined(MBEDTLS_FS_IO)
/* mbedtls_x509_crt_parse_file with the fast PEM path (falls back to it for
 * DER files). The file's copy is taken with mbedtls_calloc, as mbedTLS's own
 * loader does. */
int sso_tls_ca_parse_file(mbedtls_x509_crt *chain, const char *path);
#endif

#endif
