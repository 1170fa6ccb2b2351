/* Measurements of the device image: a transport that wraps the TLS transport
 * to time each connect (handshake) and record the mbedTLS pool peak during
 * it, and begin/end marks around an operation. Time is "busy" time: CMSDK
 * timer ticks minus the idle task's share (FreeRTOS run-time stats), i.e.
 * the CPU work of every task and interrupt, not the wait for the network.
 * Under QEMU -icount shift=0 one tick is FW_CLOCK_INSN_PER_TICK guest
 * instructions, so the figures are instruction counts. */
#ifndef FW_METER_H
#define FW_METER_H

#include <stdint.h>

#include <tinysso/sso_transport.h>

typedef struct fw_meter {
    const sso_transport_t *inner;
    sso_transport_t t;
    uint32_t begin_ticks, begin_idle;
    /* last connect */
    uint32_t hs_insn;
    uint32_t hs_pool_peak;
    int hs_status;
} fw_meter_t;

void fw_meter_init(fw_meter_t *m, const sso_transport_t *inner);
const sso_transport_t *fw_meter_transport(fw_meter_t *m);
/* Times a loop of exactly 2,000,000 instructions: metric.insn_calibration_2000000. */
void fw_meter_calibrate(void);
/* FreeRTOS clock, sleep and (test-only) random for the core. */
const sso_platform_t *fw_meter_platform(void);

void fw_meter_begin(fw_meter_t *m);
/* Prints metric.insn_<name> when name is not NULL. */
void fw_meter_end(fw_meter_t *m, const char *name);
/* Prints the last connect's instructions and pool peak as <label>. */
void fw_meter_report_handshake(const fw_meter_t *m, const char *label);
/* Prints the pool bytes in use now as metric.pool_<label>, and the peak since
 * the last connect as metric.pool_peak_since_connect_<label>. */
void fw_meter_pool(const fw_meter_t *m, const char *label);

#endif
