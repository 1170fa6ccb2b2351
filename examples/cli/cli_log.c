#define _POSIX_C_SOURCE 200809L
#include "cli_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int sso_cli_debug_on;

void sso_cli_debug(const char *fmt, ...)
{
    va_list ap;
    struct timespec ts;

    if (!sso_cli_debug_on) {
        return;
    }
    clock_gettime(CLOCK_MONOTONIC, &ts);
    fprintf(stderr, "tinysso debug [%ld.%03ld] ", (long)ts.tv_sec, ts.tv_nsec / 1000000L);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

const char *sso_cli_redact(const char *secret, char *buf, size_t cap)
{
    snprintf(buf, cap, "<redacted, %zu bytes>", secret != NULL ? strlen(secret) : (size_t)0);
    return buf;
}
