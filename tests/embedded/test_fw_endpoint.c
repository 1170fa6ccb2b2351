/* Endpoint resolution on the target: botocore's 40 official cases (generated
 * from the shared vectors), for the portal host and for the OIDC host, plus
 * the validation rules that guard the host name before any I/O. */
#include <stddef.h>
#include <string.h>

#include <tinysso/sso_status.h>

#include "sso_endpoint.h"
#include "sso_fw.h"

typedef struct sso_fw_ep_case {
    const char *region;
    int fips, dual;
    const char *url;
    const char *host;
    const char *oidc_host;
    int port;
    int ok;
} sso_fw_ep_case_t;

#include "sso_fw_endpoint_cases.h"

static void check_case(const sso_fw_ep_case_t *c, const char *service, const char *want)
{
    char host[254];
    uint16_t port = 0;
    int tls = -1;
    int st = sso_endpoint_host(service, c->region, c->fips, c->dual, c->url, host, sizeof(host),
                               &port, &tls);
    if (c->ok) {
        SSO_CHECK_INT(st, SSO_OK);
        SSO_CHECK_STR(host, want);
        SSO_CHECK_INT(port, c->port);
        SSO_CHECK_INT(tls, 1);
    } else {
        SSO_CHECK_INT(st, SSO_ERR_ENDPOINT);
    }
}

static int resolve(const char *region, int fips, int dual, const char *url, char *host, size_t cap,
                   uint16_t *port, int *tls)
{
    return sso_endpoint_resolve(region, fips, dual, url, host, cap, port, tls);
}

void sso_fw_test_endpoint(void)
{
    char host[254];
    char region[70];
    uint16_t port = 0;
    int tls = -1;
    size_t i;

    /* The generated table must not be silently empty when the vectors exist. */
    SSO_CHECK(SSO_FW_EP_CASES == 0 || SSO_FW_EP_CASES >= 40);
    if (SSO_FW_EP_CASES == 0) {
        sso_fw_printf("endpoint: shared vectors missing, botocore's cases not run\n");
    }
    /* The table ends with a sentinel (it is never empty). */
    for (i = 0; i + 1 < sizeof(sso_fw_ep_cases) / sizeof(sso_fw_ep_cases[0]); i++) {
        check_case(&sso_fw_ep_cases[i], SSO_SERVICE_PORTAL, sso_fw_ep_cases[i].host);
        check_case(&sso_fw_ep_cases[i], SSO_SERVICE_OIDC, sso_fw_ep_cases[i].oidc_host);
    }

    /* FIPS in aws-us-gov maps to the plain host; in aws it gets -fips. */
    SSO_CHECK_INT(resolve("us-gov-west-1", 1, 0, NULL, host, sizeof(host), &port, &tls), SSO_OK);
    SSO_CHECK_STR(host, "portal.sso.us-gov-west-1.amazonaws.com");
    SSO_CHECK_INT(resolve("eu-west-1", 1, 1, NULL, host, sizeof(host), &port, &tls), SSO_OK);
    SSO_CHECK_STR(host, "portal.sso-fips.eu-west-1.api.aws");
    SSO_CHECK_INT(resolve("cn-north-1", 0, 1, NULL, host, sizeof(host), &port, &tls), SSO_OK);
    SSO_CHECK_STR(host, "portal.sso.cn-north-1.api.amazonwebservices.com.cn");
    SSO_CHECK_INT(sso_endpoint_host(SSO_SERVICE_OIDC, "us-gov-west-1", 1, 0, NULL, host,
                                    sizeof(host), &port, &tls),
                  SSO_OK);
    SSO_CHECK_STR(host, "oidc.us-gov-west-1.amazonaws.com");

    /* A plain http test endpoint keeps its port and says it is not TLS. */
    SSO_CHECK_INT(resolve(NULL, 0, 0, "http://127.0.0.1:8080", host, sizeof(host), &port, &tls),
                  SSO_OK);
    SSO_CHECK_STR(host, "127.0.0.1");
    SSO_CHECK_INT(port, 8080);
    SSO_CHECK_INT(tls, 0);
    SSO_CHECK_INT(resolve(NULL, 0, 0, "https://example.com:8443/", host, sizeof(host), &port, &tls),
                  SSO_OK);
    SSO_CHECK_STR(host, "example.com");
    SSO_CHECK_INT(port, 8443);
    SSO_CHECK_INT(tls, 1);

    /* Regions that are not a host label never become part of a host name. */
    SSO_CHECK_INT(resolve("US-EAST-1", 0, 0, NULL, host, sizeof(host), &port, &tls),
                  SSO_ERR_ENDPOINT);
    SSO_CHECK_INT(resolve("us-east-1/evil", 0, 0, NULL, host, sizeof(host), &port, &tls),
                  SSO_ERR_ENDPOINT);
    SSO_CHECK_INT(resolve("us-east-1.evil.com", 0, 0, NULL, host, sizeof(host), &port, &tls),
                  SSO_ERR_ENDPOINT);
    SSO_CHECK_INT(resolve("", 0, 0, NULL, host, sizeof(host), &port, &tls), SSO_ERR_ENDPOINT);
    memset(region, 'a', 63);
    region[63] = '\0';
    SSO_CHECK_INT(resolve(region, 0, 0, NULL, host, sizeof(host), &port, &tls), SSO_OK);
    region[63] = 'a';
    region[64] = '\0';
    SSO_CHECK_INT(resolve(region, 0, 0, NULL, host, sizeof(host), &port, &tls), SSO_ERR_ENDPOINT);

    /* A host buffer too small is an error, never a cut host name. */
    SSO_CHECK_INT(resolve("us-east-1", 0, 0, NULL, host, 10, &port, &tls), SSO_ERR_ENDPOINT);
    SSO_CHECK_INT(resolve("us-east-1", 0, 0, NULL, host, 34, &port, &tls), SSO_ERR_ENDPOINT);
    SSO_CHECK_INT(resolve("us-east-1", 0, 0, NULL, host, 35, &port, &tls), SSO_OK);
    SSO_CHECK_STR(host, "portal.sso.us-east-1.amazonaws.com");
    SSO_CHECK_INT(resolve("us-east-1", 0, 0, NULL, NULL, 35, &port, &tls), SSO_ERR_INVALID_ARG);
}
