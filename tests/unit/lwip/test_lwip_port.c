/* The lwIP port against stub lwIP socket calls, so its paths run without a
 * network stack: the name-resolver path (compiled here with LWIP_DNS=1,
 * which Debian's lwIP build leaves off) for an IPv4 and an IPv6 answer,
 * and stale() on every kind of idle socket. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lwip/opt.h"
#include "lwip/def.h"
#include "lwip/errno.h"
#include "lwip/netdb.h"
#include "lwip/sockets.h"

#include "sso_lwip.h"

/* ---- the stubs: one socket, what the port asked of it */
static struct {
    struct sockaddr_storage connected; /* the address given to lwip_connect */
    socklen_t connected_len;
    int family;         /* what lwip_getaddrinfo answers: AF_INET or AF_INET6 */
    struct addrinfo ai; /* its answer, port left 0 as lwIP leaves it */
    struct sockaddr_storage ai_addr;
    int peek; /* what lwip_recv returns (>= 0) or -errno */
    int recv_flags;
} stub;

int lwip_getaddrinfo(const char *nodename, const char *servname, const struct addrinfo *hints,
                     struct addrinfo **res)
{
    (void)nodename;
    (void)servname;
    (void)hints;
    memset(&stub.ai, 0, sizeof stub.ai);
    memset(&stub.ai_addr, 0, sizeof stub.ai_addr);
    stub.ai.ai_family = stub.family;
    stub.ai.ai_addr = (struct sockaddr *)&stub.ai_addr;
    if (stub.family == AF_INET6) {
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&stub.ai_addr;
        v6->sin6_family = AF_INET6;
        v6->sin6_addr.s6_addr[15] = 1; /* ::1 */
        stub.ai.ai_addrlen = sizeof *v6;
    } else {
        struct sockaddr_in *v4 = (struct sockaddr_in *)&stub.ai_addr;
        v4->sin_family = AF_INET;
        v4->sin_addr.s_addr = PP_HTONL(0x7f000001UL);
        stub.ai.ai_addrlen = sizeof *v4;
    }
    *res = &stub.ai;
    return 0;
}

void lwip_freeaddrinfo(struct addrinfo *ai)
{
    (void)ai;
}

int lwip_socket(int domain, int type, int protocol)
{
    (void)domain;
    (void)type;
    (void)protocol;
    return 3;
}

int lwip_fcntl(int s, int cmd, int val)
{
    (void)s;
    (void)cmd;
    (void)val;
    return 0;
}

int lwip_connect(int s, const struct sockaddr *name, socklen_t namelen)
{
    (void)s;
    memcpy(&stub.connected, name, namelen);
    stub.connected_len = namelen;
    return 0;
}

int lwip_setsockopt(int s, int level, int optname, const void *optval, socklen_t optlen)
{
    (void)s;
    (void)level;
    (void)optname;
    (void)optval;
    (void)optlen;
    return 0;
}

int lwip_close(int s)
{
    (void)s;
    return 0;
}

ssize_t lwip_recv(int s, void *mem, size_t len, int flags)
{
    (void)s;
    (void)mem;
    (void)len;
    stub.recv_flags = flags;
    if (stub.peek < 0) {
        errno = -stub.peek;
        return -1;
    }
    return stub.peek;
}

/* ---- the tests */
static void test_resolved_names_get_the_port(void **state)
{
    static const int families[2] = {AF_INET, AF_INET6};
    int i;
    (void)state;
    for (i = 0; i < 2; i++) {
        sso_lwip_tcp_t ctx;
        sso_transport_t t;
        sso_lwip_tcp_transport(&ctx, &t);
        memset(&stub, 0, sizeof stub);
        stub.family = families[i];
        assert_int_equal(t.connect(t.ctx, "portal.sso.example", 8443, 1000), SSO_OK);
        assert_int_equal(stub.connected.ss_family, families[i]);
        if (families[i] == AF_INET6) {
            const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)&stub.connected;
            assert_int_equal(stub.connected_len, sizeof *v6);
            assert_int_equal(v6->sin6_port, PP_HTONS(8443));
            assert_int_equal(v6->sin6_addr.s6_addr[15], 1);
        } else {
            const struct sockaddr_in *v4 = (const struct sockaddr_in *)&stub.connected;
            assert_int_equal(v4->sin_port, PP_HTONS(8443));
        }
        t.close(t.ctx);
    }
}

/* stale() peeks without waiting: bytes, EOF or an error make an idle
 * socket stale, "nothing yet" does not, and a closed one is stale. */
static void test_stale(void **state)
{
    static const struct {
        int peek;
        int stale;
    } cases[] = {{-EWOULDBLOCK, 0}, {-EAGAIN, 0}, {1, 1}, {0, 1}, {-ECONNRESET, 1}, {-ENOTCONN, 1}};
    sso_lwip_tcp_t ctx;
    sso_transport_t t;
    size_t i;
    (void)state;
    sso_lwip_tcp_transport(&ctx, &t);
    assert_non_null(t.stale);
    assert_int_equal(t.stale(t.ctx), 1); /* not connected */
    memset(&stub, 0, sizeof stub);
    stub.family = AF_INET;
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", 443, 1000), SSO_OK);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        stub.peek = cases[i].peek;
        assert_int_equal(t.stale(t.ctx), cases[i].stale);
        assert_int_equal(stub.recv_flags, MSG_PEEK | MSG_DONTWAIT);
    }
    t.close(t.ctx);
    assert_int_equal(t.stale(t.ctx), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolved_names_get_the_port),
        cmocka_unit_test(test_stale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
