/* A client over the scripted transport, in static storage (the firmware has
 * no heap), and builders of canned HTTP responses in a static arena. */
#ifndef TINYSSO_SSO_FW_FIXTURE_H
#define TINYSSO_SSO_FW_FIXTURE_H

#include <stddef.h>

#include <tinysso/tinysso.h>

#include "sso_script.h"

#define SSO_FW_WORK_MAX 8192

typedef struct sso_fw_fx {
    sso_script_t s;
    sso_transport_t t;
    sso_platform_t p;
    sso_client_t c;
    sso_config_t cfg;
} sso_fw_fx_t;

extern sso_fw_fx_t sso_fw_fx;
extern uint8_t sso_fw_work[SSO_FW_WORK_MAX];

/* Resets the script, the response arena and the config: region us-east-2,
 * secure transport, work_len bytes of working buffer, max_attempts given.
 * Does not call sso_client_init(). */
void sso_fw_fx_reset(size_t work_len, uint8_t max_attempts);

/* "HTTP/1.1 <status>\r\n<headers>Content-Length: N\r\n\r\n<body>", built in
 * the arena; NULL (and a failed check) when the arena is full. */
const char *sso_fw_resp(const char *status, const char *headers, const char *body);
/* The same body with chunked framing, chunks of at most chunk bytes. */
const char *sso_fw_chunked(const char *status, const char *body, size_t chunk);
/* A connection serving the n responses one per request (kept alive), its
 * data held in the arena. */
sso_script_conn_t *sso_fw_seq(const char *const *resps, unsigned n);
/* A formatted string in the arena. */
const char *sso_fw_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A realistic session token: len characters of the base64 alphabet. */
const char *sso_fw_session_token(size_t len);

/* The headers of the recorded real response (PROTOCOL §2). */
#define SSO_FW_AWS_HEADERS                                                                         \
    "Date: Mon, 03 Jan 2022 19:13:54 GMT\r\n"                                                      \
    "Content-Type: application/json\r\n"                                                           \
    "Connection: keep-alive\r\n"                                                                   \
    "Access-Control-Expose-Headers: RequestId\r\n"                                                 \
    "Cache-Control: no-cache\r\n"                                                                  \
    "RequestId: b339b807-25d1-474c-a476-b070e9f350e4\r\n"                                          \
    "Server: AWS SSO\r\n"

#endif
