/* The benchmark scenarios as Cortex-M firmware for QEMU (mps2-an385). Each
 * measured operation sits between two marker calls; scripts/bench.sh runs
 * QEMU with one instruction per translation block and an execution trace,
 * and counts the instructions between the markers (bench/bench_trace.py).
 * The stack of each operation is measured by painting (tests/embedded's
 * meter) and every allocation would end the run (tests/embedded's heap
 * trap), so a clean exit also proves the operations never touched a heap.
 *
 * BENCH_FW_ALL adds the scenarios too large to trace (the 10,000-account
 * body of the RAM comparison); that image runs without the trace. */
#include <stdint.h>

#ifndef BENCH_FW_ALL
#define JSMN_STATIC
#define JSMN_PARENT_LINKS /* the core's jsmn options (core/src/sso_jsmn.c) */
#include <jsmn.h>
#endif

#include "bench_resp.h"
#include "sso_fw.h"

#ifndef BENCH_FW_ARENA
#define BENCH_FW_ARENA (256u << 10)
#endif

static char arena[BENCH_FW_ARENA];
static uint8_t work[2048];
static bench_run_t run;
#ifndef BENCH_FW_ALL
static jsmntok_t toks[7200]; /* 7 per account of the largest traced body */
#endif

/* Distinct bodies: identical ones could be folded into one address. */
volatile uint32_t bench_mark_phase;
void bench_mark_begin(void);
void bench_mark_end(void);
__attribute__((noinline)) void bench_mark_begin(void)
{
    bench_mark_phase = 1u;
}
__attribute__((noinline)) void bench_mark_end(void)
{
    bench_mark_phase = 2u;
}

#ifndef BENCH_FW_ALL
/* Bare jsmn over the whole body, for scale: what tokenizing alone costs. */
static int bench_jsmn_tokenize(const char *js, size_t len)
{
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, js, len, toks, sizeof(toks) / sizeof(toks[0]));
}
#endif

int main(void)
{
    size_t i;
    unsigned bad = 0;
    sso_fw_printf("bench target %s\n", BENCH_FW_TARGET);
    /* An empty pair first: what the markers themselves cost in the caller. */
    sso_fw_printf("bench calibrate\n");
    bench_mark_begin();
    bench_mark_end();
    for (i = 0; i < bench_n_scns; i++) {
        const bench_scn_t *scn = &bench_scns[i];
        uintptr_t base;
        size_t used;
        int status;
#ifndef BENCH_FW_ALL
        if (scn->ram_only) {
            continue;
        }
#endif
        if (bench_prepare(&run, scn, arena, sizeof(arena), work) != 0) {
            sso_fw_printf("bench %s FAIL: cannot prepare\n", scn->name);
            bad++;
            continue;
        }
        base = sso_fw_sp();
        sso_fw_stack_paint();
        bench_mark_begin();
        status = bench_execute(&run);
        bench_mark_end();
        used = sso_fw_stack_used(base);
        if (bench_verify(&run, status) != 0) {
            sso_fw_printf("bench %s FAIL: %s, %u items\n", scn->name, sso_status_str(status),
                          (unsigned)run.items);
            bad++;
            continue;
        }
        sso_fw_printf("bench %s resp %u body %u work %u items %u stack %u\n", scn->name,
                      (unsigned)run.resp_len, (unsigned)run.body_len, (unsigned)scn->work_len,
                      (unsigned)run.items, (unsigned)used);
#ifndef BENCH_FW_ALL
        /* The second region of each scenario (the trace counter pairs them). */
        bench_mark_begin();
        status = bench_jsmn_tokenize(run.body, run.body_len);
        bench_mark_end();
        if (status <= 0) {
            sso_fw_printf("bench %s FAIL: jsmn returned %d\n", scn->name, status);
            bad++;
        }
#endif
    }
    sso_fw_printf("bench sizeof(sso_client_t) %u\n", (unsigned)sizeof(sso_client_t));
    sso_fw_printf("bench RESULT: %s\n", bad ? "FAIL" : "PASS");
    return bad ? 1 : 0;
}
