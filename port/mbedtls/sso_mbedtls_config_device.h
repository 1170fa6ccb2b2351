/* A recommended mbedTLS configuration for a tinysso device: a TLS 1.2 client
 * for the AWS SSO portal and nothing else. Build mbedTLS and your app with
 *     -DMBEDTLS_CONFIG_FILE='"sso_mbedtls_config_device.h"'
 * Written for mbedTLS 2.28 LTS; it also works as a 3.x user config (3.x
 * removed or renamed a few options; the 2.x-only ones are simply ignored).
 * See README.md next to this file for the static pool and the RAM figures. */
#ifndef TINYSSO_SSO_MBEDTLS_CONFIG_DEVICE_H
#define TINYSSO_SSO_MBEDTLS_CONFIG_DEVICE_H

/* ---- Platform ---------------------------------------------------------- */
#define MBEDTLS_HAVE_ASM
/* Certificate dates are checked, so the device needs wall-clock time (SNTP
 * or an RTC) before its first handshake; without it every cert is "not yet
 * valid" or "expired" and the handshake fails, which is the safe outcome. */
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
#define MBEDTLS_PLATFORM_C
/* All mbedTLS allocations go to mbedtls_calloc/free, which
 * mbedtls_memory_buffer_alloc_init() points at a static pool: no heap. */
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* The board supplies entropy through mbedtls_hardware_poll() (a TRNG). */
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C

/* ---- TLS: 1.2 client only ---------------------------------------------- */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC
/* Resumption: a reconnect skips the certificate chain and the ECDHE/RSA
 * work, the slowest part of a handshake on a small MCU. */
#define MBEDTLS_SSL_SESSION_TICKETS
/* Not keeping the peer certificate after the handshake saves its parsed
 * copy (several KiB) for the life of the session; tinysso never reads it. */
/* #undef MBEDTLS_SSL_KEEP_PEER_CERTIFICATE */
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED

/* Record buffers. The server decides the size of what it sends, and the AWS
 * endpoints neither honour max_fragment_length nor split their certificate
 * chain below 16 KiB records, so the input side must stay at the TLS
 * maximum. What we send is small requests that mbedtls_ssl_write() splits
 * into records anyway, so 2 KiB out is safe and saves 14 KiB. */
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN 2048

/* ---- Crypto: what ECDHE-ECDSA/RSA with AES-GCM and SHA-256/384 need ----- */
#define MBEDTLS_AES_C
#define MBEDTLS_GCM_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA512_C /* SHA-384 suites and certificates */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_RSA_C /* the AWS endpoints present RSA certificates */
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
/* PEM trust anchors (drop both if the CA is stored as DER). */
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_BASE64_C

/* mbedTLS 2.x wants its consistency check included by the config itself;
 * 3.x defines MBEDTLS_VERSION_NUMBER before reading the config and runs the
 * check on its own. */
#if !defined(MBEDTLS_VERSION_NUMBER)
#include "mbedtls/check_config.h"
#endif

#endif
