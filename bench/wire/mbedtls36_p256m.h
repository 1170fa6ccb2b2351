/* Force-included (-include) into a bench-only build with -DTINYSSO_MBEDTLS36=ON
 * (scripts/bench_wire.sh, build/bench-wire36-p256m) to measure the p256-m
 * lever: P-256 key exchange in mbedTLS 3.6's PSA driver instead of its
 * generic bignum code. TLS 1.3 does its ECDHE through PSA anyway; TLS 1.2
 * and X.509 need MBEDTLS_USE_PSA_CRYPTO for it. Not a product config. */
#define MBEDTLS_PSA_P256M_DRIVER_ENABLED
#define MBEDTLS_USE_PSA_CRYPTO
