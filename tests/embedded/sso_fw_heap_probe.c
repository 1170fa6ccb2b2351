/* A firmware that must fail: it allocates on purpose, proving that the heap
 * trap fires and that a failure reaches ctest through QEMU's exit status.
 * Built twice: calling malloc directly, and strdup (newlib's _malloc_r). */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdlib.h>
#include <string.h>

void sso_fw_semihost_write0(const char *text);

int main(void)
{
    /* volatile keeps the compiler from deleting an allocation whose result
     * is never used. */
    void *volatile p;
#ifdef SSO_FW_PROBE_STRDUP
    p = strdup("tinysso");
#else
    p = malloc(16);
#endif
    sso_fw_semihost_write0(p != NULL ? "allocation succeeded: the heap trap did not fire\n"
                                     : "allocation returned NULL: the heap trap did not fire\n");
    return 0;
}
