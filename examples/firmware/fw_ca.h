/* The trust anchor compiled into the image (PEM with its NUL), generated at
 * build time from the test CA (embed_ca.cmake). A product build embeds the
 * Amazon root CAs instead. */
#ifndef FW_CA_H
#define FW_CA_H

#include <stddef.h>

extern const unsigned char fw_ca_pem[];
extern const size_t fw_ca_pem_len;

#endif
