/* Small helpers the core's files share. */
#include "sso_util.h"

#include <string.h>

/* Called through a volatile pointer, memset cannot be proven dead and
 * dropped, and it keeps libc's word-at-a-time speed: wiping the working
 * buffer after every call should not cost more than parsing did. */
static void *(*const volatile sso_memset)(void *, int, size_t) = memset;

void sso_wipe(void *p, size_t n)
{
    sso_memset(p, 0, n);
}

int sso_text_ok(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!s || !*u) {
        return 0;
    }
    for (; *u; u++) {
        if (*u < 0x20 || *u == 0x7f) {
            return 0;
        }
    }
    return 1;
}

char *sso_utoa(char *end, uint32_t v)
{
    *--end = '\0';
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}
