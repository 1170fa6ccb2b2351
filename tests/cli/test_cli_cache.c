/* The full SSO token cache record: a file the AWS CLI 2.9 wrote parses
 * member by member, tinysso's text is byte for byte what the AWS CLI would
 * write for the same record, the file lands atomically with mode 0600 in a
 * directory of mode 0700, and unusable files are refused with a reason. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include <cmocka.h>

#include "cli_cache.h"

/* The shape `aws sso login` (AWS CLI 2.9.19) wrote against the test mock,
 * with shortened values. */
static const char aws_text[] =
    "{\"startUrl\": \"https://d-1234567890.awsapps.com/start\", \"region\": \"us-east-1\", "
    "\"accessToken\": \"oidc-at-3-moZk+Qj==\", \"expiresAt\": \"2026-11-30T17:19:10Z\", "
    "\"clientId\": \"cid-1-qph2E8dLOyDw==\", \"clientSecret\": \"HD6Xh+Y6/oIZ==\", "
    "\"registrationExpiresAt\": \"2027-02-28T16:19:04Z\", \"refreshToken\": \"oidc-rt-3-KU==\"}";

static sso_cli_cache_rec_t rec;

static void parses_what_the_aws_cli_writes(void **state)
{
    const char *why = NULL;
    (void)state;
    assert_int_equal(sso_cli_cache_parse(aws_text, strlen(aws_text), &rec, &why), 0);
    assert_string_equal(rec.start_url, "https://d-1234567890.awsapps.com/start");
    assert_string_equal(rec.region, "us-east-1");
    assert_string_equal(rec.access_token, "oidc-at-3-moZk+Qj==");
    assert_int_equal(rec.expires_at, 1796059150);
    assert_string_equal(rec.client_id, "cid-1-qph2E8dLOyDw==");
    assert_string_equal(rec.client_secret, "HD6Xh+Y6/oIZ==");
    assert_int_equal(rec.registration_expires_at, 1803831544);
    assert_string_equal(rec.refresh_token, "oidc-rt-3-KU==");
    assert_true(sso_cli_cache_has_registration(&rec, 1803831543));
    assert_false(sso_cli_cache_has_registration(&rec, 1803831544));
}

/* The same record comes back as the same bytes: tinysso writes what the
 * AWS CLI writes. */
static void formats_like_the_aws_cli(void **state)
{
    sso_cli_buf_t b;
    const char *why;
    (void)state;
    assert_int_equal(sso_cli_cache_parse(aws_text, strlen(aws_text), &rec, &why), 0);
    sso_cli_buf_init(&b);
    assert_int_equal(sso_cli_cache_format(&rec, &b), 0);
    assert_int_equal(b.len, strlen(aws_text));
    assert_memory_equal(b.data, aws_text, b.len);
    sso_cli_buf_free(&b);
    /* Without a refresh token and a registration, as after a login that
     * returned none: those members are left out. */
    rec.refresh_token[0] = '\0';
    rec.client_id[0] = '\0';
    sso_cli_buf_init(&b);
    assert_int_equal(sso_cli_cache_format(&rec, &b), 0);
    assert_string_equal(b.data,
                        "{\"startUrl\": \"https://d-1234567890.awsapps.com/start\", "
                        "\"region\": \"us-east-1\", \"accessToken\": "
                        "\"oidc-at-3-moZk+Qj==\", \"expiresAt\": \"2026-11-30T17:19:10Z\"}");
    sso_cli_buf_free(&b);
}

static void minimal_and_other_forms(void **state)
{
    const char *why;
    static const char minimal[] =
        "{\"accessToken\":\"t\",\"expiresAt\":\"2023-03-16T15:11:53.540Z\"}";
    static const char nulls[] = "{\"accessToken\":\"t\",\"expiresAt\":\"2021-12-11T07:18:18UTC\","
                                "\"refreshToken\":null,\"clientId\":null}";
    (void)state;
    assert_int_equal(sso_cli_cache_parse(minimal, strlen(minimal), &rec, &why), 0);
    assert_int_equal(rec.expires_at, 1678979513);
    assert_int_equal(rec.refresh_token[0], '\0');
    assert_false(sso_cli_cache_has_registration(&rec, 0));
    assert_int_equal(sso_cli_cache_parse(nulls, strlen(nulls), &rec, &why), 0);
    assert_int_equal(rec.expires_at, 1639207098);
}

static void refuses_unusable_files(void **state)
{
    static const char *const badfiles[] = {
        "",
        "[]",
        "{\"accessToken\":\"t\"}",
        "{\"expiresAt\":\"2023-03-16T15:11:53Z\"}",
        "{\"accessToken\":\"\",\"expiresAt\":\"2023-03-16T15:11:53Z\"}",
        "{\"accessToken\":1,\"expiresAt\":\"2023-03-16T15:11:53Z\"}",
        "{\"accessToken\":\"t\",\"expiresAt\":\"tomorrow\"}",
        "{\"accessToken\":\"t\",\"expiresAt\":\"2023-03-16T15:11:53Z\",\"refreshToken\":7}",
        "{\"accessToken\":\"t\",\"expiresAt\":\"2023-03-16T15:11:53Z\",\"clientId\":[]}",
        "{\"accessToken\":\"t\",\"expiresAt\":\"2023-03-16T15:11:53Z\","
        "\"registrationExpiresAt\":\"soon\"}",
        "{\"accessToken\":\"t\",\"expiresAt\":\"2023-03-16T15:11:53Z\",}",
        "{\"accessToken\":\"a\\u0000b\",\"expiresAt\":\"2023-03-16T15:11:53Z\"}",
    };
    static char big[8192];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof badfiles / sizeof badfiles[0]; i++) {
        const char *why = NULL;
        assert_int_equal(sso_cli_cache_parse(badfiles[i], strlen(badfiles[i]), &rec, &why), -1);
        assert_non_null(why);
        assert_int_equal(rec.access_token[0], '\0');
    }
    /* A refresh token longer than its field: refused, not cut. */
    snprintf(big, sizeof big,
             "{\"accessToken\":\"t\",\"expiresAt\":\"2023-03-16T15:11:53Z\",\"refreshToken\":\"");
    memset(big + strlen(big), 'r', SSO_REFRESH_TOKEN_MAX + 1);
    strcat(big, "\"}");
    {
        const char *why = NULL;
        assert_int_equal(sso_cli_cache_parse(big, strlen(big), &rec, &why), -1);
    }
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        n += e->d_name[0] != '.';
    }
    closedir(d);
    return n;
}

static void writes_atomically_and_privately(void **state)
{
    char root[] = "/tmp/tinysso-cache-XXXXXX", path[640], dir[128], err[256];
    struct stat st;
    sso_cli_cache_rec_t back;
    const char *why;
    mode_t old = umask(022);
    (void)state;
    assert_non_null(mkdtemp(root));
    snprintf(dir, sizeof dir, "%s/.aws/sso/cache", root);
    snprintf(path, sizeof path, "%s/abc.json", dir);
    assert_int_equal(sso_cli_cache_parse(aws_text, strlen(aws_text), &rec, &why), 0);
    assert_int_equal(sso_cli_cache_write(path, &rec, err, sizeof err), 0);
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, (off_t)strlen(aws_text));
    assert_int_equal(sso_cli_cache_load(path, &back, &why), 0);
    assert_string_equal(back.refresh_token, rec.refresh_token);
    /* Overwriting replaces the file and leaves no temporary behind; a
     * folder another tool made readable by others is tightened. */
    assert_int_equal(chmod(dir, 0755), 0);
    strcpy(rec.access_token, "second");
    assert_int_equal(sso_cli_cache_write(path, &rec, err, sizeof err), 0);
    assert_int_equal(sso_cli_cache_load(path, &back, &why), 0);
    assert_string_equal(back.access_token, "second");
    assert_int_equal(count_entries(dir), 1);
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    /* A directory that cannot be made: an error, nothing written. */
    snprintf(path, sizeof path, "%s/abc.json/x/y.json", dir);
    assert_int_equal(sso_cli_cache_write(path, &rec, err, sizeof err), -1);
    assert_true(strlen(err) > 0);
    assert_int_equal(count_entries(dir), 1);
    /* Missing files and garbage. */
    snprintf(path, sizeof path, "%s/none.json", dir);
    assert_int_equal(sso_cli_cache_load(path, &back, &why), -1);
    snprintf(path, sizeof path, "%s/abc.json", dir);
    {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs("{\"accessToken\": ", f);
        fclose(f);
    }
    assert_int_equal(sso_cli_cache_load(path, &back, &why), -2);
    unlink(path);
    snprintf(path, sizeof path, "rm -rf '%s'", root);
    assert_int_equal(system(path), 0);
    umask(old);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_what_the_aws_cli_writes),
        cmocka_unit_test(formats_like_the_aws_cli),
        cmocka_unit_test(minimal_and_other_forms),
        cmocka_unit_test(refuses_unusable_files),
        cmocka_unit_test(writes_atomically_and_privately),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
