#include <tinysso/sso_status.h>

/* Indexed by -status; kept terse because every byte here is flash. */
static const char *const sso_status_text[] = {
    "ok",
    "invalid argument",
    "working buffer too small",
    "invalid endpoint configuration",
    "service returned an error",
    "host name not resolved",
    "connection failed",
    "timed out",
    "connection reset or I/O error",
    "TLS failure",
    "TLS certificate verification failed",
    "HTTP protocol violation",
    "conflicting HTTP message framing",
    "response truncated",
    "malformed JSON",
    "value too long for its field",
    "JSON item larger than the working buffer",
    "repeated nextToken",
    "aborted by callback",
    "required field missing",
    "too many pages",
};

const char *sso_status_str(int status)
{
    unsigned i = (unsigned)(-status);
    if (status > 0 || i >= sizeof(sso_status_text) / sizeof(sso_status_text[0])) {
        return "unknown status";
    }
    return sso_status_text[i];
}
