/* Proves the device image's heap trap: the same reset code and trap as the
 * image around a main that allocates on purpose. FW_PROBE_MBEDTLS asks
 * mbedTLS for memory before its pool is set up, the path a forgotten
 * mbedtls_memory_buffer_alloc_init() would take; otherwise plain malloc.
 * Both must end the run with the trap's message and a failure status. */
#include <stdlib.h>

#include "fw_sys.h"

#if defined(FW_PROBE_MBEDTLS)
#include <mbedtls/platform.h>
#endif

int main(void)
{
#if defined(FW_PROBE_MBEDTLS)
    void *volatile p = mbedtls_calloc(1, 64);
#else
    void *volatile p = malloc(64);
#endif
    fw_printf("FAIL: the allocation returned %p instead of trapping\n", p);
    return 0; /* exit 0 would mean the trap failed; the test expects a failure */
}
