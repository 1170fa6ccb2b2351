/* See sso_lwip_unix.h. The netif is added from the tcpip thread (via the
 * tcpip_init callback), as lwIP's core locking rules require. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include "sso_lwip_unix.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "netif/tapif.h"

static struct netif tap_netif;

typedef struct start_ctx {
    ip4_addr_t ip, mask, gw;
    int result; /* 0 pending, 1 up, -1 failed */
    pthread_mutex_t lock;
    pthread_cond_t cond;
} start_ctx_t;

static void on_tcpip_ready(void *arg)
{
    start_ctx_t *s = arg;
    int ok = netif_add(&tap_netif, &s->ip, &s->mask, &s->gw, NULL, tapif_init, tcpip_input) != NULL;
    if (ok) {
        netif_set_default(&tap_netif);
        netif_set_up(&tap_netif);
        netif_set_link_up(&tap_netif);
    }
    pthread_mutex_lock(&s->lock);
    s->result = ok ? 1 : -1;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

int sso_lwip_unix_start(const char *ip, const char *netmask, const char *gw)
{
    static start_ctx_t s;
    memset(&s, 0, sizeof s);
    if (!ip4addr_aton(ip, &s.ip) || !ip4addr_aton(netmask, &s.mask) || !ip4addr_aton(gw, &s.gw)) {
        return -1;
    }
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.cond, NULL);
    tcpip_init(on_tcpip_ready, &s);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10; /* a TAP device that cannot be opened fails fast anyway */
    pthread_mutex_lock(&s.lock);
    while (s.result == 0) {
        if (pthread_cond_timedwait(&s.cond, &s.lock, &until) == ETIMEDOUT) {
            break;
        }
    }
    pthread_mutex_unlock(&s.lock);
    return s.result == 1 ? 0 : -1;
}
