/* mbedTLS 3.6 configuration of the device image: a TLS 1.2 + 1.3 client for
 * the AWS SSO portal, everything through a static pool, no file system, no
 * sockets of its own (tinysso's TLS port runs over lwIP), entropy and time
 * from the board. A complete config (MBEDTLS_CONFIG_FILE), not a patch on
 * upstream's default. */
#ifndef FW_MBEDTLS_CONFIG_H
#define FW_MBEDTLS_CONFIG_H

/* ---- Platform ----------------------------------------------------------- */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_PLATFORM_C
/* mbedtls_calloc/free go to MBEDTLS_MEMORY_BUFFER_ALLOC_C's static pool
 * (fw_tls_pool.c calls mbedtls_memory_buffer_alloc_init before anything
 * else); until then they point at libc's, which the heap trap ends. */
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* The pool's own statistics (current and peak bytes) for the README table. */
#define MBEDTLS_MEMORY_DEBUG
/* Wall-clock time for certificate validity, from SNTP (fw_net.c). */
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
#define MBEDTLS_PLATFORM_TIME_ALT
#define MBEDTLS_PLATFORM_GMTIME_R_ALT
/* Milliseconds for TLS 1.3 ticket ages: the FreeRTOS tick. */
#define MBEDTLS_PLATFORM_MS_TIME_ALT
/* Entropy: the board's mbedtls_hardware_poll() (fw_entropy.c; a TEST-ONLY
 * generator on mps2, which has no TRNG). */
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C

/* ---- PSA Crypto: TLS 1.3 runs on it; with MBEDTLS_USE_PSA_CRYPTO TLS 1.2
 * and X.509 do too, so one P-256 implementation (generic ECP, or the p256-m
 * driver when FW_P256M is set) serves both versions. */
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_USE_PSA_CRYPTO
#define MBEDTLS_PSA_KEY_SLOT_COUNT 8
/* PSA copies every caller buffer by default (a guard for memory shared with
 * a less trusted party); for a 16 KiB record that is two 16 KiB copies in
 * the pool per decrypt. Nothing in this image shares memory that way. */
#define MBEDTLS_PSA_ASSUME_EXCLUSIVE_BUFFERS
#if defined(FW_P256M)
#define MBEDTLS_PSA_P256M_DRIVER_ENABLED
#endif

/* ---- TLS client: 1.2 and 1.3 -------------------------------------------- */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC
#define MBEDTLS_SSL_SESSION_TICKETS
/* TLS 1.3 in mbedTLS 3.6 requires the kept peer certificate. */
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
/* Records: the AWS endpoints send full 16 KiB records and do not negotiate
 * a smaller max_fragment_length, so the input buffer stays at the maximum;
 * requests are small and mbedtls_ssl_write splits them, so 4 KiB out. */
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN 4096

/* ---- Crypto ------------------------------------------------------------- */
#define MBEDTLS_AES_C
#define MBEDTLS_AES_ROM_TABLES
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_MD_C
#define MBEDTLS_HKDF_C
#define MBEDTLS_SHA224_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_RSA_C /* the test and the AWS server certificates are RSA */
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
/* RSA-PSS signatures: a TLS 1.3 server with an RSA certificate signs its
 * handshake with rsa_pss_rsae_*, never PKCS#1 v1.5. */
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT
/* The trust anchor is compiled in as PEM (fw_ca.c, generated). */
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_BASE64_C
#if defined(FW_TLS_DEBUG)
#define MBEDTLS_DEBUG_C
#endif

#endif
