#include <string.h>

#include <tinysso/sso_status.h>

/* One blob, in order of -status, NUL separated: a pointer table would cost
 * four bytes of flash per entry on top of the text. */
static const char sso_status_text[] = "ok\0invalid argument\0buffer too small\0bad endpoint\0"
                                      "service error\0DNS failure\0connect failed\0timeout\0"
                                      "connection reset\0TLS error\0TLS certificate rejected\0"
                                      "HTTP protocol error\0HTTP framing conflict\0"
                                      "truncated response\0malformed JSON\0field too long\0"
                                      "item too large\0repeated nextToken\0aborted\0"
                                      "missing field\0too many pages\0"
                                      "TLS end without close_notify\0"
                                      "unrepresentable string in field\0unknown status\0";

const char *sso_status_str(int status)
{
    const char *p = sso_status_text;
    int i, n = status > 0 ? 1000 : -status;
    /* Walking past the last entry lands on "unknown status" and stays. */
    for (i = 0; i < n && p[strlen(p) + 1]; i++) {
        p += strlen(p) + 1;
    }
    return p;
}
