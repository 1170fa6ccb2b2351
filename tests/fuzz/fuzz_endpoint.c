/* Endpoint resolution with fuzzed region, override URL, FIPS/dual-stack
 * flags and host buffer size, directly and through sso_client_init().
 *
 * Input: [flags][host_cap][region bytes] NUL [url bytes]. Without a NUL the
 * whole rest is the region and there is no URL; flag bit 2 passes a NULL
 * region. Oracles: the host is always NUL-terminated inside its buffer, is
 * emptied on failure, holds only host-name bytes on success, matches the
 * partition pattern for region endpoints, and the client resolves exactly as
 * the function does. */
#include <string.h>

#include "fuzz_common.h"
#include "sso_endpoint.h"
#include "sso_script.h"

static int host_byte(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '.' || ch == ':';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char text[4096];
    char host[SSO_HOST_MAX + 1 + 16];
    const char *region = text, *url = NULL;
    size_t cap, n, i;
    uint16_t port = 0;
    int tls = -1, fips, dual, r;
    if (size < 2 || size - 2 >= sizeof text) {
        return 0;
    }
    fips = data[0] & 1;
    dual = (data[0] >> 1) & 1;
    n = size - 2;
    memcpy(text, data + 2, n);
    text[n] = '\0';
    if (strlen(text) < n) {
        url = text + strlen(text) + 1;
    }
    if (data[0] & 4) {
        region = NULL;
    }
    /* Small buffers too: the overflow paths must hold. */
    cap = data[1] % (sizeof host + 1);
    memset(host, 0x7f, sizeof host);
    r = sso_endpoint_resolve(region, fips, dual, url, cap ? host : NULL, cap, &port, &tls);
    if (cap == 0) {
        FUZZ_CHECK(r != SSO_OK);
    } else if (r == SSO_OK) {
        const char *nul = (const char *)memchr(host, '\0', cap);
        size_t len;
        FUZZ_CHECK(nul != NULL);
        len = (size_t)(nul - host);
        FUZZ_CHECK(len > 0);
        for (i = 0; i < len; i++) {
            FUZZ_CHECK(host_byte(host[i]));
        }
        FUZZ_CHECK(port != 0);
        FUZZ_CHECK(tls == 0 || tls == 1);
        if (!url || !*url) {
            FUZZ_CHECK(region != NULL);
            FUZZ_CHECK(strncmp(host, "portal.sso", 10) == 0 && port == 443 && tls == 1);
            FUZZ_CHECK(strstr(host, region) != NULL);
        } else {
            FUZZ_CHECK(!fips && !dual);
        }
    } else {
        FUZZ_CHECK(r == SSO_ERR_ENDPOINT);
        FUZZ_CHECK(host[0] == '\0');
    }
    for (i = cap; i < sizeof host; i++) {
        FUZZ_CHECK(host[i] == 0x7f);
    }

    /* The client, with its full-size host field, agrees with a full-size
     * resolve. */
    {
        static uint8_t work[SSO_WORK_MIN];
        static sso_script_t s;
        sso_transport_t t;
        sso_platform_t p;
        sso_config_t cfg;
        sso_client_t c;
        char full[SSO_HOST_MAX + 1];
        int rr, rc;
        sso_script_init(&s);
        sso_script_transport(&s, &t, data[0] & 8 ? 0 : 1);
        sso_script_platform(&s, &p);
        memset(&cfg, 0, sizeof cfg);
        cfg.region = region;
        cfg.endpoint_url = url;
        cfg.use_fips = (uint8_t)fips;
        cfg.use_dual_stack = (uint8_t)dual;
        cfg.work_buf = work;
        cfg.work_len = sizeof work;
        cfg.transport = &t;
        cfg.platform = &p;
        rr = sso_endpoint_resolve(region, fips, dual, url, full, sizeof full, &port, &tls);
        rc = sso_client_init(&c, &cfg);
        if (rr != SSO_OK) {
            FUZZ_CHECK(rc == rr);
        } else if (tls != !(data[0] & 8)) {
            FUZZ_CHECK(rc == SSO_ERR_INVALID_ARG);
        } else {
            FUZZ_CHECK(rc == SSO_OK);
            FUZZ_CHECK(strcmp(sso_client_host(&c), full) == 0);
            FUZZ_CHECK(c.port == port);
        }
    }
    return 0;
}
