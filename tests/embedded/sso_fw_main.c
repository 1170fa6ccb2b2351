/* The firmware test runner: runs every group, prints the stack depth of each
 * public operation and the RAM figures the README quotes, and exits non-zero
 * on any failed check or on a depth above the budget. */
#include <tinysso/tinysso.h>

#include "sso_fw.h"

/* The core's stack budget per operation (its own frames, the scripted
 * transport and the test callbacks included in the measurement). */
#ifndef SSO_FW_STACK_BUDGET
#define SSO_FW_STACK_BUDGET 1024u
#endif

static const struct {
    const char *name;
    void (*run)(void);
} sso_fw_groups[] = {
    {"endpoint", sso_fw_test_endpoint}, {"unescape", sso_fw_test_unescape},
    {"json", sso_fw_test_json},         {"http", sso_fw_test_http},
    {"client", sso_fw_test_client},     {"errors", sso_fw_test_errors},
    {"paging", sso_fw_test_paging},     {"work_min", sso_fw_test_work_min},
};

static const char *const sso_fw_op_names[SSO_FW_OP_COUNT] = {
    "sso_client_init",
    "sso_get_role_credentials",
    "sso_list_accounts",
    "sso_list_account_roles",
    "sso_list_all_accounts",
    "sso_list_all_account_roles",
    "sso_logout",
};

int main(void)
{
    size_t i;
    unsigned over = 0;
    sso_fw_stack_paint();
    sso_fw_printf("tinysso firmware tests (%s)\n", SSO_FW_TARGET);
    for (i = 0; i < sizeof(sso_fw_groups) / sizeof(sso_fw_groups[0]); i++) {
        unsigned before = sso_fw_failures;
        sso_fw_groups[i].run();
        sso_fw_printf("group %-10s %s\n", sso_fw_groups[i].name,
                      sso_fw_failures == before ? "ok" : "FAILED");
    }
    for (i = 0; i < SSO_FW_OP_COUNT; i++) {
        size_t d = sso_fw_stack_depth[i];
        sso_fw_printf("stack %-28s %5u bytes%s\n", sso_fw_op_names[i], (unsigned)d,
                      d == 0 ? " (NOT MEASURED)"
                             : (d > SSO_FW_STACK_BUDGET ? " (OVER BUDGET)" : ""));
        /* An operation no test measured is a hole in the evidence. */
        over += (d == 0 || d > SSO_FW_STACK_BUDGET) ? 1u : 0u;
    }
    sso_fw_printf("stack high-water mark (whole run) %u bytes\n",
                  (unsigned)sso_fw_stack_high_water());
    sso_fw_printf("ram work_floor %u\n", (unsigned)SSO_WORK_MIN);
    sso_fw_printf("ram sizeof(sso_client_t) %u\n", (unsigned)sizeof(sso_client_t));
    sso_fw_printf("ram sizeof(sso_role_credentials_t) %u\n",
                  (unsigned)sizeof(sso_role_credentials_t));
    sso_fw_printf("ram sizeof(sso_account_t) %u\n", (unsigned)sizeof(sso_account_t));
    sso_fw_printf("ram sizeof(sso_role_t) %u\n", (unsigned)sizeof(sso_role_t));
    sso_fw_printf("ram sizeof(sso_next_token_t) %u\n", (unsigned)sizeof(sso_next_token_t));
    sso_fw_printf("ram sizeof(sso_walk_state_t) %u\n", (unsigned)sizeof(sso_walk_state_t));
    if (sso_fw_failures != 0 || over != 0) {
        sso_fw_printf("RESULT: FAIL (%u of %u checks failed, %u operations over or without a stack "
                      "figure)\n",
                      sso_fw_failures, sso_fw_checks, over);
        return 1;
    }
    sso_fw_printf("RESULT: PASS (%u checks)\n", sso_fw_checks);
    return 0;
}
