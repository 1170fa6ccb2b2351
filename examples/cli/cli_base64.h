/* Standard base64 (RFC 4648 §4, with padding), as the AWS CLI uses for the
 * NextToken it prints under --max-items. */
#ifndef TINYSSO_CLI_BASE64_H
#define TINYSSO_CLI_BASE64_H

#include <stddef.h>

/* Encoded size of n bytes, without the NUL. */
#define SSO_CLI_BASE64_LEN(n) ((((n) + 2u) / 3u) * 4u)

/* Writes the encoding and a NUL; out_cap must be at least
 * SSO_CLI_BASE64_LEN(len) + 1. Returns the length written, or -1 when
 * out_cap is too small. */
long sso_cli_base64_encode(const unsigned char *in, size_t len, char *out, size_t out_cap);

/* Strict decode: alphabet only, length a multiple of 4, padding only at the
 * end. Returns the decoded length, or -1 for invalid input or too small a
 * buffer. */
long sso_cli_base64_decode(const char *in, size_t len, unsigned char *out, size_t out_cap);

#endif
