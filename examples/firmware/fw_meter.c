/* See fw_meter.h. */
#include "fw_meter.h"

#include "FreeRTOS.h"
#include "task.h"

#include <mbedtls/memory_buffer_alloc.h>

#include "fw_sys.h"

static uint32_t busy_ticks(uint32_t since_ticks, uint32_t since_idle)
{
    uint32_t elapsed = (uint32_t)fw_clock_ticks() - since_ticks;
    uint32_t idle = (uint32_t)ulTaskGetIdleRunTimeCounter() - since_idle;
    return idle < elapsed ? elapsed - idle : 0;
}

void fw_meter_begin(fw_meter_t *m)
{
    m->begin_ticks = (uint32_t)fw_clock_ticks();
    m->begin_idle = (uint32_t)ulTaskGetIdleRunTimeCounter();
}

void fw_meter_end(fw_meter_t *m, const char *name)
{
    uint32_t insn = busy_ticks(m->begin_ticks, m->begin_idle) * FW_CLOCK_INSN_PER_TICK;
    if (name != NULL) {
        fw_printf("metric.insn_%s=%lu\n", name, (unsigned long)insn);
    }
}

static int meter_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    fw_meter_t *m = ctx;
    size_t peak = 0, blocks = 0;
    mbedtls_memory_buffer_alloc_max_reset();
    uint32_t t0 = (uint32_t)fw_clock_ticks(), i0 = (uint32_t)ulTaskGetIdleRunTimeCounter();
    m->hs_status = m->inner->connect(m->inner->ctx, host, port, timeout_ms);
    m->hs_insn = busy_ticks(t0, i0) * FW_CLOCK_INSN_PER_TICK;
    mbedtls_memory_buffer_alloc_max_get(&peak, &blocks);
    m->hs_pool_peak = (uint32_t)peak;
    return m->hs_status;
}

static int meter_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    fw_meter_t *m = ctx;
    return m->inner->send(m->inner->ctx, buf, len, timeout_ms);
}

static int meter_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    fw_meter_t *m = ctx;
    return m->inner->recv(m->inner->ctx, buf, len, timeout_ms);
}

static void meter_close(void *ctx)
{
    fw_meter_t *m = ctx;
    m->inner->close(m->inner->ctx);
}

static int meter_stale(void *ctx)
{
    fw_meter_t *m = ctx;
    return m->inner->stale != NULL ? m->inner->stale(m->inner->ctx) : 0;
}

void fw_meter_init(fw_meter_t *m, const sso_transport_t *inner)
{
    m->inner = inner;
    m->t.ctx = m;
    m->t.connect = meter_connect;
    m->t.send = meter_send;
    m->t.recv = meter_recv;
    m->t.close = meter_close;
    m->t.stale = meter_stale;
    m->t.secure = inner->secure;
}

const sso_transport_t *fw_meter_transport(fw_meter_t *m)
{
    return &m->t;
}

void fw_meter_report_handshake(const fw_meter_t *m, const char *label)
{
    fw_printf("metric.insn_handshake_%s=%lu\nmetric.pool_peak_handshake_%s=%lu\n", label,
              (unsigned long)m->hs_insn, label, (unsigned long)m->hs_pool_peak);
}

void fw_meter_pool(const fw_meter_t *m, const char *label)
{
    size_t cur = 0, peak = 0, blocks = 0;
    (void)m;
    mbedtls_memory_buffer_alloc_cur_get(&cur, &blocks);
    mbedtls_memory_buffer_alloc_max_get(&peak, &blocks);
    /* The peak since the last connect: the handshake and every record since. */
    fw_printf("metric.pool_%s=%lu\nmetric.pool_peak_since_connect_%s=%lu\n", label,
              (unsigned long)cur, label, (unsigned long)peak);
}

void fw_meter_calibrate(void)
{
    /* subs + bne per round: 2,000,000 instructions. Printed so the table
     * can show that one timer tick is FW_CLOCK_INSN_PER_TICK instructions. */
    uint32_t n = 1000000u;
    uint32_t t0 = (uint32_t)fw_clock_ticks();
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
    uint32_t insn = ((uint32_t)fw_clock_ticks() - t0) * FW_CLOCK_INSN_PER_TICK;
    fw_printf("metric.insn_calibration_2000000=%lu\n", (unsigned long)insn);
}

/* ---- platform */
static uint64_t plat_now_ms(void *ctx)
{
    (void)ctx;
    return (uint64_t)xTaskGetTickCount() * portTICK_PERIOD_MS;
}

static void plat_sleep_ms(void *ctx, uint32_t ms)
{
    (void)ctx;
    vTaskDelay(pdMS_TO_TICKS(ms));
}

static uint32_t plat_random(void *ctx)
{
    (void)ctx;
    return fw_random_u32();
}

const sso_platform_t *fw_meter_platform(void)
{
    static const sso_platform_t plat = {NULL, plat_now_ms, plat_sleep_ms, plat_random};
    return &plat;
}
