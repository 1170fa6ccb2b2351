/* mbedTLS 3.6 configuration of the device image: the port's recommended
 * device config (port/mbedtls/sso_mbedtls_config_device.h: a TLS 1.2 client,
 * static pool, board entropy, no file system, 16 KiB in / 2 KiB out records)
 * plus what mbedTLS 3.6, TLS 1.3 and this board need. A complete config
 * (MBEDTLS_CONFIG_FILE), not a patch on upstream's default. */
#ifndef FW_MBEDTLS_CONFIG_H
#define FW_MBEDTLS_CONFIG_H

#include "sso_mbedtls_config_device.h"

/* ---- Platform ----------------------------------------------------------- */
/* The pool's own statistics (current and peak bytes) for the README table. */
#define MBEDTLS_MEMORY_DEBUG
/* Wall-clock time from SNTP (fw_sys.c): mbedtls_platform_set_time();
 * milliseconds for TLS 1.3 ticket ages; gmtime_r (newlib's gmtime() may
 * allocate its struct tm). */
#define MBEDTLS_PLATFORM_TIME_ALT
#define MBEDTLS_PLATFORM_MS_TIME_ALT
#define MBEDTLS_PLATFORM_GMTIME_R_ALT

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

/* ---- TLS 1.3 next to 1.2 ------------------------------------------------ */
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE
/* TLS 1.3 in mbedTLS 3.6 requires the kept peer certificate. */
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
/* RSA-PSS: a TLS 1.3 server with an RSA certificate signs its handshake with
 * rsa_pss_rsae_*, never PKCS#1 v1.5. */
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT
#define MBEDTLS_HKDF_C
/* 3.x split SHA-384 from SHA-512 (the device config names only the latter). */
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA224_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_AES_ROM_TABLES

#if defined(FW_TLS_DEBUG)
#define MBEDTLS_DEBUG_C
#endif

#endif
