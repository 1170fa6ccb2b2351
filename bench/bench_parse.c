/* Host benchmark of the whole response path: the real client over the
 * scripted transport, one operation per process so that callgrind can count
 * exactly that operation (scripts/bench.sh runs it under
 * valgrind --tool=callgrind --toggle-collect=<sso_ operation>). Timings are
 * never taken here: instruction counts are deterministic, wall time is not.
 *
 *   bench_parse info          every scenario natively, verified, with its
 *                             byte counts and stack high-water mark
 *   bench_parse run <name>    one operation (to be counted)
 *   bench_parse jsmn <name>   bare jsmn over the same body (for scale) */
#define _XOPEN_SOURCE 700 /* ucontext: the operation runs on a painted stack */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#define JSMN_STATIC
#define JSMN_PARENT_LINKS /* the core's jsmn options (core/src/sso_jsmn.c) */
#include <jsmn.h>

#include "bench_resp.h"

#if defined(__GNUC__)
#define BENCH_NOINLINE __attribute__((noinline))
#else
#define BENCH_NOINLINE
#endif

/* Large enough for the 10,000-account body and its response together. */
#define BENCH_ARENA (4u << 20)
#define BENCH_STACK (256u << 10)
#define BENCH_PAINT 0xA5u

static char arena[BENCH_ARENA];
static uint8_t work[2048];
static bench_run_t run;
static jsmntok_t toks[100000]; /* 7 per account + a few */
static unsigned char op_stack[BENCH_STACK];
static ucontext_t main_ctx, op_ctx;
static int op_status;

static const char *const op_function[] = {"sso_get_role_credentials", "sso_list_accounts",
                                          "sso_list_account_roles"};

static void op_entry(void)
{
    op_status = bench_execute(&run);
}

/* Runs the prepared operation on its own painted stack and returns the bytes
 * it touched (its frames, the scripted transport and the callbacks, plus the
 * few bytes of the context trampoline). */
static size_t run_measured(void)
{
    size_t low = 0;
    memset(op_stack, BENCH_PAINT, sizeof(op_stack));
    if (getcontext(&op_ctx) != 0) {
        return 0;
    }
    op_ctx.uc_stack.ss_sp = op_stack;
    op_ctx.uc_stack.ss_size = sizeof(op_stack);
    op_ctx.uc_link = &main_ctx;
    makecontext(&op_ctx, op_entry, 0);
    if (swapcontext(&main_ctx, &op_ctx) != 0) {
        return 0;
    }
    while (low < sizeof(op_stack) && op_stack[low] == BENCH_PAINT) {
        low++;
    }
    return sizeof(op_stack) - low;
}

static int prepare(const bench_scn_t *scn)
{
    if (bench_prepare(&run, scn, arena, sizeof(arena), work) != 0) {
        fprintf(stderr, "%s: cannot prepare (arena or config)\n", scn->name);
        return -1;
    }
    return 0;
}

/* Kept out of line so callgrind can toggle on it by name. */
int bench_jsmn_tokenize(const char *js, size_t len);
BENCH_NOINLINE int bench_jsmn_tokenize(const char *js, size_t len)
{
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, js, len, toks, sizeof(toks) / sizeof(toks[0]));
}

static int cmd_info(void)
{
    size_t i;
    int bad = 0;
    printf("# name|function|resp_bytes|body_bytes|work_len|items|stack_bytes|client_bytes|what\n");
    for (i = 0; i < bench_n_scns; i++) {
        const bench_scn_t *scn = &bench_scns[i];
        size_t stack;
        if (prepare(scn) != 0) {
            return 1;
        }
        stack = run_measured();
        if (bench_verify(&run, op_status) != 0) {
            fprintf(stderr, "%s: unexpected outcome %s (%u items)\n", scn->name,
                    sso_status_str(op_status), (unsigned)run.items);
            bad = 1;
        }
        printf("%s|%s|%zu|%zu|%u|%u|%zu|%zu|%s\n", scn->name, op_function[scn->op], run.resp_len,
               run.body_len, (unsigned)scn->work_len, (unsigned)run.items, stack,
               sizeof(sso_client_t), scn->what);
    }
    return bad;
}

static int cmd_run(const bench_scn_t *scn)
{
    int status;
    if (prepare(scn) != 0) {
        return 1;
    }
    status = bench_execute(&run);
    if (bench_verify(&run, status) != 0) {
        fprintf(stderr, "%s: unexpected outcome %s\n", scn->name, sso_status_str(status));
        return 1;
    }
    printf("%s ok: %zu response bytes, %u items\n", scn->name, run.resp_len, (unsigned)run.items);
    return 0;
}

static int cmd_jsmn(const bench_scn_t *scn)
{
    int n;
    if (prepare(scn) != 0) {
        return 1;
    }
    n = bench_jsmn_tokenize(run.body, run.body_len);
    if (n <= 0) {
        fprintf(stderr, "%s: jsmn returned %d\n", scn->name, n);
        return 1;
    }
    printf("%s jsmn: %zu body bytes, %d tokens\n", scn->name, run.body_len, n);
    return 0;
}

int main(int argc, char **argv)
{
    const bench_scn_t *scn = NULL;
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "info") == 0)) {
        return cmd_info();
    }
    if (argc == 3) {
        scn = bench_find(argv[2]);
    }
    if (scn && strcmp(argv[1], "run") == 0) {
        return cmd_run(scn);
    }
    if (scn && strcmp(argv[1], "jsmn") == 0) {
        return cmd_jsmn(scn);
    }
    fprintf(stderr, "usage: %s [info] | run <scenario> | jsmn <scenario>\n", argv[0]);
    return 2;
}
