/* Benchmark scenarios shared by the host benchmark (bench_parse.c) and the
 * Cortex-M firmware (arm/bench_fw.c): the same bytes are built on both, by
 * the same code, so the host and ARM figures describe the same work.
 * Plain C99 without stdio or heap, so it runs on the bare-metal target. */
#ifndef TINYSSO_BENCH_RESP_H
#define TINYSSO_BENCH_RESP_H

#include <stddef.h>
#include <stdint.h>

#include <tinysso/tinysso.h>

#include "sso_script.h"

enum { BENCH_OP_CREDS, BENCH_OP_ACCOUNTS, BENCH_OP_ROLES };
enum {
    BENCH_BODY_RECORDED,
    BENCH_BODY_CREDS,
    BENCH_BODY_ACCOUNTS,
    BENCH_BODY_ROLES,
    BENCH_BODY_ERROR
};

typedef struct bench_scn {
    const char *name; /* stable id: the scripts key their tables on it */
    const char *what; /* one line for the tables */
    uint8_t op;
    uint8_t body;
    uint8_t chunked;   /* Transfer-Encoding: chunked instead of Content-Length */
    uint8_t last_page; /* nextToken null (else a realistic 256-byte token) */
    uint8_t ram_only;  /* too large to trace on the target (see arm/) */
    uint32_t items;
    uint16_t work_len; /* working buffer given to the client */
    int expect;        /* status the operation must return */
} bench_scn_t;

extern const bench_scn_t bench_scns[];
extern const size_t bench_n_scns;

/* One prepared run: the scripted server, the client and the outputs. */
typedef struct bench_run {
    const bench_scn_t *scn;
    sso_script_t script;
    sso_transport_t t;
    sso_platform_t p;
    sso_client_t client;
    sso_config_t cfg;
    sso_role_credentials_t creds;
    sso_next_token_t next;
    uint32_t items; /* delivered to the callback */
    uint32_t fold;  /* mixes every delivered id so no work can be skipped */
    const char *resp;
    size_t resp_len;
    const char *body; /* the unframed body (for the bare jsmn figure) */
    size_t body_len;
} bench_run_t;

/* Looks a scenario up by name; NULL if unknown. */
const bench_scn_t *bench_find(const char *name);

/* Builds the scenario's body and response into arena (body first, the full
 * response after it) and initializes a client over the scripted transport
 * with work (at least scn->work_len bytes). Returns 0, or -1 when the arena
 * is too small or the client refuses the config. */
int bench_prepare(bench_run_t *r, const bench_scn_t *scn, char *arena, size_t cap, uint8_t *work);

/* The measured part: exactly one operation, as an application calls it. */
int bench_execute(bench_run_t *r);

/* 0 when the operation returned what the scenario expects and delivered every
 * item; -1 otherwise (a benchmark of a failing parse would be meaningless). */
int bench_verify(const bench_run_t *r, int status);

#endif
