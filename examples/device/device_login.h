/* The device example's login mode: the SSO OIDC device flow instead of a
 * token file, then a loop that keeps the access token fresh with the
 * lifecycle helper and renews role credentials before they expire. */
#ifndef TINYSSO_DEVICE_LOGIN_H
#define TINYSSO_DEVICE_LOGIN_H

#include <signal.h>

#include <tinysso/tinysso.h>

typedef struct device_login_opts {
    const char *start_url;     /* --login URL */
    const char *region;        /* IAM Identity Center region (OIDC and portal) */
    const char *oidc_endpoint; /* --oidc-endpoint URL (tests) */
    const char *portal_endpoint;
    const char *account, *role; /* else the first account and role listed */
    long cycles;                /* loop turns; 0: until a signal */
} device_login_opts_t;

/* Runs the device flow and the loop over transport t (one TLS stack shared
 * by the OIDC and the portal client, one at a time). stop is polled between
 * waits. Returns 0 when every turn ended with valid credentials. */
int device_login_run(const device_login_opts_t *o, const sso_transport_t *t,
                     const sso_platform_t *p, volatile sig_atomic_t *stop);

#endif
