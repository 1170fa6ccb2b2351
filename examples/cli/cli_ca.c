#define _POSIX_C_SOURCE 200809L
#include "cli_ca.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Where distributions keep the PEM bundle of their trust store. */
static const char *const system_bundles[] = {
    "/etc/ssl/certs/ca-certificates.crt",                /* Debian, Ubuntu, Alpine, Gentoo */
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", /* RHEL, Fedora, Amazon Linux 2/2023 */
    "/etc/pki/tls/certs/ca-bundle.crt",                  /* RHEL, Fedora, Amazon Linux (link) */
    "/etc/ssl/ca-bundle.pem",                            /* SUSE, openSUSE */
    "/var/lib/ca-certificates/ca-bundle.pem",            /* SUSE (generated) */
    "/etc/ssl/cert.pem",                                 /* Alpine, BSDs, macOS */
};

/* Bundle names looked for inside SSL_CERT_DIR: the TLS port loads one PEM
 * file, not a hashed directory of single certificates. */
static const char *const dir_bundles[] = {"ca-certificates.crt", "ca-bundle.crt", "ca-bundle.pem",
                                          "cert.pem", "tls-ca-bundle.pem"};

static const char *nonempty(const char *v)
{
    return v != NULL && v[0] != '\0' ? v : NULL;
}

const char *sso_cli_find_ca(const char *option, const char *profile_value, const char **source,
                            char *buf, size_t cap)
{
    const char *v;
    size_t i;

    if ((v = nonempty(option)) != NULL) {
        *source = "--ca-bundle";
        return v;
    }
    if ((v = nonempty(getenv("AWS_CA_BUNDLE"))) != NULL) {
        *source = "AWS_CA_BUNDLE";
        return v;
    }
    if ((v = nonempty(profile_value)) != NULL) {
        *source = "profile ca_bundle";
        return v;
    }
    if ((v = nonempty(getenv("SSL_CERT_FILE"))) != NULL && access(v, R_OK) == 0) {
        *source = "SSL_CERT_FILE";
        return v;
    }
    if ((v = nonempty(getenv("SSL_CERT_DIR"))) != NULL) {
        for (i = 0; i < sizeof dir_bundles / sizeof dir_bundles[0]; i++) {
            int n = snprintf(buf, cap, "%s/%s", v, dir_bundles[i]);
            if (n > 0 && (size_t)n < cap && access(buf, R_OK) == 0) {
                *source = "SSL_CERT_DIR";
                return buf;
            }
        }
    }
    for (i = 0; i < sizeof system_bundles / sizeof system_bundles[0]; i++) {
        if (access(system_bundles[i], R_OK) == 0) {
            *source = "the system bundle";
            return system_bundles[i];
        }
    }
    *source = "nothing found";
    return NULL;
}
