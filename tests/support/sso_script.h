/* The scripted transport: replays canned server bytes with any split and
 * injects connect failures, resets, timeouts and EOF at any offset. It also
 * records what the client sent, and gives a fake platform (clock, sleep,
 * random) so retry delays are observed, not waited for. */
#ifndef TINYSSO_TEST_SSO_SCRIPT_H
#define TINYSSO_TEST_SSO_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include <tinysso/tinysso.h>

#define SSO_SCRIPT_MAX_CONNS 16
#define SSO_SCRIPT_SENT_MAX 65536
#define SSO_SCRIPT_SPLIT_RANDOM ((size_t)-1)
#define SSO_SCRIPT_NO_FAULT ((size_t)-1)

typedef struct sso_script_conn {
    int connect_status;  /* what connect returns (SSO_OK by default) */
    const uint8_t *data; /* what the server sends on this connection */
    size_t len;
    size_t fault_at;  /* offset of the fault; SSO_SCRIPT_NO_FAULT for none */
    int fault_status; /* 0: EOF at fault_at; negative: recv error there */
    int end_status;   /* after all data: 0 EOF, or e.g. SSO_ERR_TIMEOUT */
    int send_status;  /* 0: sends succeed; negative: every send fails so */
    size_t split_at;  /* nonzero: no recv returns bytes across this offset */
    /* Response ends: bytes past gate[i] are held back until the client has
     * sent its request number i + 2, as a real server would. */
    size_t gate[8];
    unsigned n_gates;
} sso_script_conn_t;

typedef struct sso_script {
    sso_script_conn_t conns[SSO_SCRIPT_MAX_CONNS];
    size_t n_conns;
    size_t split;  /* bytes per recv at most: 0 all, or SPLIT_RANDOM */
    uint32_t seed; /* for random splits and the fake random */
    /* observed */
    size_t cur; /* index of the current connection + 1 (0: none yet) */
    size_t pos; /* bytes served on the current connection */
    int open;
    unsigned connects, closes, recv_calls, stale_calls;
    unsigned requests; /* on the current connection: sends that follow a recv */
    int last_was_send;
    char host[256];
    uint16_t port;
    uint8_t sent[SSO_SCRIPT_SENT_MAX];
    size_t sent_len;
    uint64_t now_ms;
    uint64_t slept_ms;
    unsigned sleeps;
    uint32_t fixed_random; /* when nonzero, random_u32 returns it */
    uint32_t ms_per_recv;  /* the fake clock advances this much per recv */
} sso_script_t;

/* Resets s (all zero, no fault on every connection). */
void sso_script_init(sso_script_t *s);
/* Adds a connection serving data (len bytes) and returns it for tuning. */
sso_script_conn_t *sso_script_add(sso_script_t *s, const void *data, size_t len);
/* Adds a connection serving the n responses one per request. */
sso_script_conn_t *sso_script_add_seq(sso_script_t *s, char *buf, size_t cap,
                                      const char *const *resps, unsigned n);
/* Same for a NUL-terminated string. */
sso_script_conn_t *sso_script_add_str(sso_script_t *s, const char *text);
void sso_script_transport(sso_script_t *s, sso_transport_t *t, int secure);
void sso_script_platform(sso_script_t *s, sso_platform_t *p);
/* Counts non-overlapping occurrences of needle in everything sent. */
unsigned sso_script_sent_count(const sso_script_t *s, const char *needle);

#endif
