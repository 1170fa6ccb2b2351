/* Opt-in persistent TLS session cache: one process saves its TLS session, the
 * next one to the same server resumes it instead of doing a full handshake
 * (no key exchange, no certificate chain to verify). Off unless
 * TINYSSO_TLS_SESSION_CACHE=1; the trade-off is in docs/CLI.md.
 *
 * One file per server and trust setting, next to the SSO token cache:
 *   ~/.aws/sso/cache/tinysso-tls-<sha1 hex of the key>.bin, mode 0600
 * The key is host, port, the mbedTLS version, the CA bundle's path and its
 * identity (device, inode, size, modification and change times), so a
 * session made under one trust setting is never offered under another. */
#ifndef TINYSSO_CLI_TLS_CACHE_H
#define TINYSSO_CLI_TLS_CACHE_H

#include <stdint.h>

#include "sso_tls.h"

/* Sessions older than this are not offered (servers refuse them anyway). */
#define SSO_CLI_TLS_CACHE_MAX_AGE_S (12L * 3600L)

typedef struct sso_cli_tls_cache {
    int enabled;         /* TINYSSO_TLS_SESSION_CACHE=1 and HOME set */
    const char *ca_file; /* as given to the TLS port; NULL: the system bundle */
    char home[1024];
    size_t home_len; /* of home as it starts path (trailing slashes dropped) */
    char path[1200]; /* of the server last looked up */
} sso_cli_tls_cache_t;

/* Reads the environment; the cache stays off unless it is asked for. */
void sso_cli_tls_cache_init(sso_cli_tls_cache_t *c, const char *ca_file);

/* Before connecting to host:port: installs a saved session into tls when
 * there is a usable one. Anything wrong with the file (missing, too old,
 * other server, group- or world-accessible, corrupt, refused by mbedTLS)
 * means no session: a full handshake, never a failure. Returns 1 when a
 * session was installed. */
int sso_cli_tls_cache_load(sso_cli_tls_cache_t *c, sso_tls_t *tls, const char *host, uint16_t port);

/* After a connection: saves tls's session for the next process (written
 * to a temporary file, mode 0600, then renamed). Returns 1 when saved. */
int sso_cli_tls_cache_store(sso_cli_tls_cache_t *c, const sso_tls_t *tls);

#endif
