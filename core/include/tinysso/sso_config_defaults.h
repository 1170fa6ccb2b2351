/* Compile-time settings of tinysso. Every setting may be overridden with -D or
 * by defining it before including <tinysso/tinysso.h>. Sizes are in bytes and
 * exclude the terminating NUL, which the structs add themselves. */
#ifndef TINYSSO_SSO_CONFIG_DEFAULTS_H
#define TINYSSO_SSO_CONFIG_DEFAULTS_H

/* Account ids are 12 digits today; kept as strings with headroom. */
#ifndef SSO_ACCOUNT_ID_MAX
#define SSO_ACCOUNT_ID_MAX 32
#endif

/* AWS Organizations allows 50 characters: up to 200 bytes of UTF-8. */
#ifndef SSO_ACCOUNT_NAME_MAX
#define SSO_ACCOUNT_NAME_MAX 200
#endif

/* The service model allows 1..254. */
#ifndef SSO_EMAIL_MAX
#define SSO_EMAIL_MAX 254
#endif

/* IAM role names are at most 64 characters. */
#ifndef SSO_ROLE_NAME_MAX
#define SSO_ROLE_NAME_MAX 64
#endif

/* Access key ids are 20 characters today. */
#ifndef SSO_ACCESS_KEY_ID_MAX
#define SSO_ACCESS_KEY_ID_MAX 32
#endif

/* Secret access keys are 40 characters today. */
#ifndef SSO_SECRET_ACCESS_KEY_MAX
#define SSO_SECRET_ACCESS_KEY_MAX 64
#endif

/* AWS documents session tokens as "typically less than 4096 bytes". */
#ifndef SSO_SESSION_TOKEN_MAX
#define SSO_SESSION_TOKEN_MAX 4096
#endif

/* nextToken is opaque and unbounded in the model. */
#ifndef SSO_NEXT_TOKEN_MAX
#define SSO_NEXT_TOKEN_MAX 2048
#endif

/* Longest host name an endpoint may resolve to (DNS limit). */
#ifndef SSO_HOST_MAX
#define SSO_HOST_MAX 253
#endif

/* Service error code after sanitizing (e.g. "TooManyRequestsException"). */
#ifndef SSO_ERROR_CODE_MAX
#define SSO_ERROR_CODE_MAX 63
#endif

/* Service error message; a longer one is cut and flagged (message_truncated). */
#ifndef SSO_ERROR_MESSAGE_MAX
#define SSO_ERROR_MESSAGE_MAX 255
#endif

/* RequestId header value (a UUID is 36). */
#ifndef SSO_REQUEST_ID_MAX
#define SSO_REQUEST_ID_MAX 63
#endif

/* Part of the working buffer used for network I/O (request writing and
 * receiving); the rest holds one JSON item and its jsmn tokens. */
#ifndef SSO_IO_CHUNK
#define SSO_IO_CHUNK 256
#endif

/* Smallest working buffer accepted by sso_client_init(). */
#ifndef SSO_WORK_MIN
#define SSO_WORK_MIN 512
#endif

/* Deepest JSON nesting accepted anywhere in a body (skipped values included). */
#ifndef SSO_JSON_MAX_DEPTH
#define SSO_JSON_MAX_DEPTH 32
#endif

/* Attempts per operation (AWS standard retry mode uses 3). */
#ifndef SSO_DEFAULT_MAX_ATTEMPTS
#define SSO_DEFAULT_MAX_ATTEMPTS 3
#endif

/* Retry quota of the standard retry mode. */
#ifndef SSO_RETRY_QUOTA
#define SSO_RETRY_QUOTA 500
#endif
#ifndef SSO_RETRY_COST
#define SSO_RETRY_COST 5
#endif
#ifndef SSO_RETRY_TIMEOUT_COST
#define SSO_RETRY_TIMEOUT_COST 10
#endif

/* Cap of the full-jitter backoff, in milliseconds (20 s). */
#ifndef SSO_RETRY_MAX_BACKOFF_MS
#define SSO_RETRY_MAX_BACKOFF_MS 20000u
#endif

/* Default timeouts, in milliseconds, when the config gives 0. */
#ifndef SSO_DEFAULT_CONNECT_TIMEOUT_MS
#define SSO_DEFAULT_CONNECT_TIMEOUT_MS 10000u
#endif
#ifndef SSO_DEFAULT_READ_TIMEOUT_MS
#define SSO_DEFAULT_READ_TIMEOUT_MS 10000u
#endif

/* Default whole-response deadline, in read timeouts. */
#ifndef SSO_RESPONSE_TIMEOUT_FACTOR
#define SSO_RESPONSE_TIMEOUT_FACTOR 6u
#endif

/* Most pages one walk helper call fetches; guards against a service that
 * never stops paging with fresh tokens. */
#ifndef SSO_MAX_PAGES
#define SSO_MAX_PAGES 10000u
#endif

/* Logging: compiles to nothing unless the integrator maps it, e.g.
 * #define SSO_LOG_DEBUG(...) printf(__VA_ARGS__). Never given secrets. */
#ifndef SSO_LOG_DEBUG
#define SSO_LOG_DEBUG(...) ((void)0)
#endif

#define SSO_VERSION_STRING "0.1.0"

#endif
