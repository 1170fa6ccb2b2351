/* SHA-1, only to name the AWS CLI's SSO token cache file (PROTOCOL §6);
 * not used for anything that needs collision resistance. */
#ifndef TINYSSO_CLI_SHA1_H
#define TINYSSO_CLI_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SSO_CLI_SHA1_LEN 20
#define SSO_CLI_SHA1_HEX_LEN 40

void sso_cli_sha1(const void *data, size_t len, uint8_t digest[SSO_CLI_SHA1_LEN]);

/* Lowercase hex of sha1(data); hex must hold SSO_CLI_SHA1_HEX_LEN + 1 bytes. */
void sso_cli_sha1_hex(const void *data, size_t len, char hex[SSO_CLI_SHA1_HEX_LEN + 1]);

#endif
