/* Small helpers the core's files share (internal). */
#ifndef TINYSSO_SSO_UTIL_H
#define TINYSSO_SSO_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Overwrites n bytes in a way the compiler may not elide. */
void sso_wipe(void *p, size_t n);

/* 1 when s is non-empty and has no control character (bytes < 0x20, 0x7f). */
int sso_text_ok(const char *s);

/* Writes v in decimal so that it ends just before end (NUL included) and
 * returns where it starts: end must have room for 11 bytes. */
char *sso_utoa(char *end, uint32_t v);

#endif
