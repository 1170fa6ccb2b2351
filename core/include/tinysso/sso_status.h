/* Every tinysso call returns one of these. SSO_OK is 0; errors are negative so
 * a transport can return them from recv/send alongside byte counts. */
#ifndef TINYSSO_SSO_STATUS_H
#define TINYSSO_SSO_STATUS_H

typedef enum sso_status {
    SSO_OK = 0,
    /* Bad caller input, found before any I/O: NULL pointer, empty token,
     * control character in an id, max_result outside 1..100. */
    SSO_ERR_INVALID_ARG = -1,
    /* The working buffer given to sso_client_init() is below SSO_WORK_MIN,
     * or a request body (OIDC) does not fit it; then nothing was sent. */
    SSO_ERR_BUFFER_TOO_SMALL = -2,
    /* Region, FIPS/dual-stack or endpoint URL do not make a valid endpoint. */
    SSO_ERR_ENDPOINT = -3,
    /* The service answered with an error; see sso_client_last_error(). */
    SSO_ERR_SERVICE = -4,
    /* Host name could not be resolved (transport). */
    SSO_ERR_DNS = -5,
    /* TCP connect failed or was refused (transport). */
    SSO_ERR_CONNECT = -6,
    /* A connect, send or recv exceeded its timeout. */
    SSO_ERR_TIMEOUT = -7,
    /* The connection was reset or failed during send/recv. */
    SSO_ERR_TRANSPORT = -8,
    /* TLS handshake or record failure other than certificate checks. */
    SSO_ERR_TLS = -9,
    /* The server certificate failed verification (CA, host name, dates). */
    SSO_ERR_TLS_VERIFY = -10,
    /* The response broke HTTP/1.1: bad status line, bad header, bad chunk. */
    SSO_ERR_PROTOCOL = -11,
    /* Conflicting or duplicate Content-Length, or Content-Length with
     * Transfer-Encoding: a smuggling risk, refused. */
    SSO_ERR_FRAMING = -12,
    /* The connection ended before the body its framing announced. */
    SSO_ERR_TRUNCATED = -13,
    /* The body is not valid JSON, or not the shape the operation expects. */
    SSO_ERR_JSON = -14,
    /* A JSON value does not fit its output field (see sso_config_defaults.h). */
    SSO_ERR_FIELD_TOO_LONG = -15,
    /* One JSON item (an account, a role, roleCredentials) does not fit the
     * working buffer. */
    SSO_ERR_ITEM_TOO_LARGE = -16,
    /* A page walk got the same nextToken twice. */
    SSO_ERR_REPEATED_TOKEN = -17,
    /* The item callback asked to stop. */
    SSO_ERR_ABORTED = -18,
    /* A 200 response lacked a required field (e.g. sessionToken). */
    SSO_ERR_MISSING_FIELD = -19,
    /* The walk helper reached SSO_MAX_PAGES. */
    SSO_ERR_TOO_MANY_PAGES = -20,
    /* A TLS transport's recv: the peer ended the TCP stream without a
     * close_notify, so the end itself is not authenticated. The core reads
     * it as an end of stream it cannot trust: a body whose framing was cut
     * stays SSO_ERR_TRUNCATED, an error status is still reported as the
     * service error, and a close-delimited 2xx body is accepted only when
     * the JSON validator saw a whole value. */
    SSO_ERR_TLS_EOF = -21,
    /* A string the client maps (a credential, a name, nextToken) holds
     * \u0000 or a lone surrogate: valid JSON that no C string of UTF-8 can
     * carry. The same in a member the client does not map is skipped. */
    SSO_ERR_FIELD_INVALID = -22
} sso_status_t;

/* A short, constant, English description of a status. Never NULL. */
const char *sso_status_str(int status);

#endif
