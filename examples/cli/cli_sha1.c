/* SHA-1 (FIPS 180-4 §6.1), written for size rather than speed: the tool
 * hashes one short cache key per run. */
#include "cli_sha1.h"

#include <string.h>

typedef struct {
    uint32_t h[5];
    uint8_t block[64];
    size_t fill;    /* bytes in block */
    uint64_t total; /* message length in bytes */
} sha1_state_t;

static uint32_t rol(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32u - n));
}

static void sha1_compress(sha1_state_t *s)
{
    uint32_t w[80];
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
    unsigned i;

    for (i = 0; i < 16; i++) {
        w[i] = (uint32_t)s->block[4 * i] << 24 | (uint32_t)s->block[4 * i + 1] << 16 |
               (uint32_t)s->block[4 * i + 2] << 8 | (uint32_t)s->block[4 * i + 3];
    }
    for (i = 16; i < 80; i++) {
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    }
    for (i = 0; i < 80; i++) {
        uint32_t f, k, t;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999u;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1u;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDCu;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6u;
        }
        t = rol(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = t;
    }
    s->h[0] += a;
    s->h[1] += b;
    s->h[2] += c;
    s->h[3] += d;
    s->h[4] += e;
}

static void sha1_update(sha1_state_t *s, const uint8_t *p, size_t len)
{
    s->total += len;
    while (len > 0) {
        size_t n = sizeof s->block - s->fill;
        if (n > len) {
            n = len;
        }
        memcpy(s->block + s->fill, p, n);
        s->fill += n;
        p += n;
        len -= n;
        if (s->fill == sizeof s->block) {
            sha1_compress(s);
            s->fill = 0;
        }
    }
}

void sso_cli_sha1(const void *data, size_t len, uint8_t digest[SSO_CLI_SHA1_LEN])
{
    static const uint8_t pad0 = 0x80, zero = 0;
    sha1_state_t s = {{0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u}, {0}, 0, 0};
    uint8_t lenbuf[8];
    uint64_t bits;
    unsigned i;

    sha1_update(&s, (const uint8_t *)data, len);
    bits = s.total * 8u;
    sha1_update(&s, &pad0, 1);
    while (s.fill != 56) {
        sha1_update(&s, &zero, 1);
    }
    for (i = 0; i < 8; i++) {
        lenbuf[i] = (uint8_t)(bits >> (56 - 8 * i));
    }
    sha1_update(&s, lenbuf, sizeof lenbuf);
    for (i = 0; i < 5; i++) {
        digest[4 * i] = (uint8_t)(s.h[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(s.h[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(s.h[i] >> 8);
        digest[4 * i + 3] = (uint8_t)s.h[i];
    }
}

void sso_cli_sha1_hex(const void *data, size_t len, char hex[SSO_CLI_SHA1_HEX_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t d[SSO_CLI_SHA1_LEN];
    unsigned i;

    sso_cli_sha1(data, len, d);
    for (i = 0; i < SSO_CLI_SHA1_LEN; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[SSO_CLI_SHA1_HEX_LEN] = '\0';
}
