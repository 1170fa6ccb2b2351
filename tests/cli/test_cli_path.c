/* AWS_CONFIG_FILE expansion as botocore does it: os.path.expandvars, then
 * os.path.expanduser (the expected column is what Python gives). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli_path.h"

static const char *fake_env(const char *name)
{
    if (strcmp(name, "HOME") == 0) {
        return "/home/me/";
    }
    if (strcmp(name, "DIR") == 0) {
        return "/etc/aws";
    }
    if (strcmp(name, "TILDE") == 0) {
        return "~/x";
    }
    return NULL;
}

static void test_expand(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"/plain/path", "/plain/path"},
        {"$DIR/config", "/etc/aws/config"},
        {"${DIR}/config", "/etc/aws/config"},
        {"$UNSET/config", "$UNSET/config"},
        {"${DIR/config", "${DIR/config"},
        {"a$", "a$"},
        {"$DIR$DIR", "/etc/aws/etc/aws"},
        {"~", "/home/me"},
        {"~/.aws/config", "/home/me/.aws/config"},
        {"$TILDE/c", "/home/me/x/c"}, /* vars first, then ~ */
        {"~root/cfg", "/root/cfg"},
        {"~no-such-user-here/cfg", "~no-such-user-here/cfg"},
        {"x/~/y", "x/~/y"},
    };
    char out[256];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("%s\n", cases[i].in);
        assert_int_equal(sso_cli_expand_path(cases[i].in, fake_env, out, sizeof out), 0);
        assert_string_equal(out, cases[i].out);
    }
    assert_int_equal(sso_cli_expand_path("$DIR/config", fake_env, out, 8), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_expand)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
