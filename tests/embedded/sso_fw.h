/* The firmware test harness: a few assertion macros, stack painting and the
 * list of test groups. Plain C99 so it runs where cmocka does not. */
#ifndef TINYSSO_SSO_FW_H
#define TINYSSO_SSO_FW_H

#include <stddef.h>
#include <stdint.h>

/* ---- assertions: a failure is printed with its location and counted; the
 * test goes on so one run shows every broken expectation. */
/* printf to the host through semihosting, without newlib's stdio streams
 * (which would allocate). Lines longer than 255 bytes are cut. */
void sso_fw_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

extern unsigned sso_fw_checks, sso_fw_failures;

void sso_fw_check(int ok, const char *expr, const char *file, int line);
void sso_fw_check_int(long long got, long long want, const char *expr, const char *file, int line);
void sso_fw_check_str(const char *got, const char *want, const char *expr, const char *file,
                      int line);

#define SSO_CHECK(cond) sso_fw_check((cond) != 0, #cond, __FILE__, __LINE__)
#define SSO_CHECK_INT(got, want)                                                                   \
    sso_fw_check_int((long long)(got), (long long)(want), #got, __FILE__, __LINE__)
#define SSO_CHECK_STR(got, want) sso_fw_check_str((got), (want), #got, __FILE__, __LINE__)

/* ---- stack measurement. The stack is painted below the current stack
 * pointer, an operation runs, and the lowest word it changed gives its depth
 * (its own frames plus whatever it called: transport, platform, callbacks). */
static inline uintptr_t sso_fw_sp(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    return sp;
}
void sso_fw_stack_paint(void);
/* Bytes used below base (the caller's stack pointer before the call). */
size_t sso_fw_stack_used(uintptr_t base);

/* Operations whose depth is tracked and reported (and bounded). */
enum {
    SSO_FW_OP_CLIENT_INIT,
    SSO_FW_OP_GET_ROLE_CREDENTIALS,
    SSO_FW_OP_LIST_ACCOUNTS,
    SSO_FW_OP_LIST_ACCOUNT_ROLES,
    SSO_FW_OP_LIST_ALL_ACCOUNTS,
    SSO_FW_OP_LIST_ALL_ACCOUNT_ROLES,
    SSO_FW_OP_LOGOUT,
    SSO_FW_OP_COUNT
};
void sso_fw_stack_note(int op, size_t used);
/* Deepest depth seen per operation. */
extern size_t sso_fw_stack_depth[SSO_FW_OP_COUNT];
/* Stack used by the whole run so far, from the top of the stack (startup,
 * harness and tests included). */
size_t sso_fw_stack_high_water(void);

/* Runs expr (an operation call assigned to a variable) between a paint and a
 * scan of the stack and records its depth under op. */
#define SSO_FW_MEASURE(op, expr)                                                                   \
    do {                                                                                           \
        uintptr_t sso_fw_base_ = sso_fw_sp();                                                      \
        sso_fw_stack_paint();                                                                      \
        expr;                                                                                      \
        sso_fw_stack_note((op), sso_fw_stack_used(sso_fw_base_));                                  \
    } while (0)

/* ---- the test groups, one per file. */
void sso_fw_test_endpoint(void);
void sso_fw_test_unescape(void);
void sso_fw_test_json(void);
void sso_fw_test_http(void);
void sso_fw_test_client(void);
void sso_fw_test_errors(void);
void sso_fw_test_paging(void);
void sso_fw_test_work_min(void);

#endif
