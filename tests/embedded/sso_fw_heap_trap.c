/* The heap trap: the firmware links with --wrap for malloc, calloc, realloc,
 * free and newlib's reentrant _malloc_r family (what strdup and friends call),
 * so an allocation lands here and ends the run with a failure.
 *
 * malloc/calloc/realloc/free are trapped from reset: nothing in the image may
 * call them. The _r family is trapped once sso_fw_heap_trap_arm() ran, right
 * after initialise_monitor_handles(): newlib-nano's semihosting set-up opens
 * its stdio FILE structs and those come from _malloc_r (libc start-up, not the
 * core). The harness itself never uses stdio streams: it prints with
 * vsnprintf into a static buffer and semihosting SYS_WRITE0. */
#include <stddef.h>

struct _reent;

void sso_fw_semihost_exit_failure(const char *why);
void sso_fw_heap_trap_arm(void);
void *__real__malloc_r(struct _reent *r, size_t n);
void *__real__calloc_r(struct _reent *r, size_t n, size_t size);
void *__real__realloc_r(struct _reent *r, void *p, size_t n);
void __real__free_r(struct _reent *r, void *p);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
void *__wrap__malloc_r(struct _reent *r, size_t n);
void *__wrap__calloc_r(struct _reent *r, size_t n, size_t size);
void *__wrap__realloc_r(struct _reent *r, void *p, size_t n);
void __wrap__free_r(struct _reent *r, void *p);

static int sso_fw_heap_armed;

void sso_fw_heap_trap_arm(void)
{
    sso_fw_heap_armed = 1;
}

void *__wrap_malloc(size_t n)
{
    (void)n;
    sso_fw_semihost_exit_failure("FAIL: heap trap: malloc called\n");
    return NULL;
}

void *__wrap_calloc(size_t n, size_t size)
{
    (void)n;
    (void)size;
    sso_fw_semihost_exit_failure("FAIL: heap trap: calloc called\n");
    return NULL;
}

void *__wrap_realloc(void *p, size_t n)
{
    (void)p;
    (void)n;
    sso_fw_semihost_exit_failure("FAIL: heap trap: realloc called\n");
    return NULL;
}

void __wrap_free(void *p)
{
    (void)p;
    sso_fw_semihost_exit_failure("FAIL: heap trap: free called\n");
}

void *__wrap__malloc_r(struct _reent *r, size_t n)
{
    if (!sso_fw_heap_armed) {
        return __real__malloc_r(r, n);
    }
    sso_fw_semihost_exit_failure("FAIL: heap trap: _malloc_r called\n");
    return NULL;
}

void *__wrap__calloc_r(struct _reent *r, size_t n, size_t size)
{
    if (!sso_fw_heap_armed) {
        return __real__calloc_r(r, n, size);
    }
    sso_fw_semihost_exit_failure("FAIL: heap trap: _calloc_r called\n");
    return NULL;
}

void *__wrap__realloc_r(struct _reent *r, void *p, size_t n)
{
    if (!sso_fw_heap_armed) {
        return __real__realloc_r(r, p, n);
    }
    sso_fw_semihost_exit_failure("FAIL: heap trap: _realloc_r called\n");
    return NULL;
}

void __wrap__free_r(struct _reent *r, void *p)
{
    if (!sso_fw_heap_armed) {
        __real__free_r(r, p);
        return;
    }
    sso_fw_semihost_exit_failure("FAIL: heap trap: _free_r called\n");
}
