/* Force-included (-include) into the core of test_secrets_logged: maps the
 * core's debug logging, at its most verbose, to a capture function the test
 * scans for secrets. Test builds only. */
#ifndef TINYSSO_TEST_SSO_LOG_CAPTURE_H
#define TINYSSO_TEST_SSO_LOG_CAPTURE_H

void sso_test_log(const char *fmt, ...);

#define SSO_LOG_DEBUG(...) sso_test_log(__VA_ARGS__)

#endif
