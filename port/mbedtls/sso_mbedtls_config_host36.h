/* mbedTLS 3.6 configuration for tinysso's host builds (-DTINYSSO_MBEDTLS36=ON):
 * a TLS 1.2 + 1.3 client for the AWS SSO portal, with the file system (CA
 * bundle on disk) and the OS entropy source. Build mbedTLS and the port with
 *     -DMBEDTLS_CONFIG_FILE='"sso_mbedtls_config_host36.h"'
 * It is a full config (not a user config on top of the default one): only
 * what the port uses is compiled. */
#ifndef TINYSSO_SSO_MBEDTLS_CONFIG_HOST36_H
#define TINYSSO_SSO_MBEDTLS_CONFIG_HOST36_H

/* ---- Platform ---------------------------------------------------------- */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_FS_IO
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C
/* mbedtls_calloc/free are libc's calloc/free until a program calls
 * mbedtls_memory_buffer_alloc_init(): then every mbedTLS and PSA allocation
 * goes to that static pool, whose peak the allocator records itself
 * (MBEDTLS_MEMORY_DEBUG). Only the measurement (tests/integration/
 * sso_tls_pool.c) does; the CLI and the other tests use the libc heap. */
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#define MBEDTLS_MEMORY_DEBUG
/* The pool's block headers hold size_t and pointers: 8-byte aligned on a
 * 64-bit host (the default of 4 suits 32-bit MCUs). */
#define MBEDTLS_MEMORY_ALIGN_MULTIPLE 8

/* ---- PSA: TLS 1.3 runs its key schedule and ECDHE through PSA ---------- */
/* The port calls psa_crypto_init() in sso_tls_init(). PSA_WANT_* are derived
 * from the legacy options below (no MBEDTLS_PSA_CRYPTO_CONFIG). */
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_HKDF_C /* gives PSA_WANT_ALG_HKDF_EXTRACT/EXPAND */

/* ---- TLS: client, 1.2 and 1.3 ------------------------------------------ */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
/* Resumption in 1.3 is a ticket PSK with a fresh (EC)DHE. */
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE /* middleboxes on the way */
/* 3.6's TLS 1.3 code requires it (check_config.h). */
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC
#define MBEDTLS_SSL_SESSION_TICKETS
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN 16384

/* ---- Crypto: ECDHE with ECDSA/RSA, AES-GCM, ChaCha20-Poly1305 ----------- */
#define MBEDTLS_AES_C
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_MD_C
#define MBEDTLS_SHA1_C /* old CA bundle certificates */
#define MBEDTLS_SHA224_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_SECP521R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
/* TLS 1.3 signs with RSA only as RSA-PSS: without this mbedTLS offers no RSA
 * signature algorithm in 1.3 and a server with an RSA certificate (AWS's are)
 * fails the handshake ("no suitable signature algorithm"). */
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_ERROR_C
#define MBEDTLS_VERSION_C

#endif
