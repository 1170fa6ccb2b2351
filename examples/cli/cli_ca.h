/* Which trust store https uses, in the AWS CLI's order of settings and then
 * the way other Linux tools find the system bundle. */
#ifndef TINYSSO_CLI_CA_H
#define TINYSSO_CLI_CA_H

#include <stddef.h>

/* The first of: --ca-bundle, AWS_CA_BUNDLE, the profile's ca_bundle (those
 * three are the AWS CLI's settings, in its precedence), SSL_CERT_FILE, a
 * bundle file inside SSL_CERT_DIR, then the first existing system bundle
 * (Debian/Ubuntu/Alpine, RHEL/Fedora/Amazon Linux, SUSE, others). The
 * AWS CLI's own settings are returned even when the file is missing, so the
 * caller reports it; the discovered ones only when readable. *source names
 * where it came from. NULL when nothing is found. */
const char *sso_cli_find_ca(const char *option, const char *profile_value, const char **source,
                            char *buf, size_t cap);

#endif
