/* Trust anchors from a PEM bundle without mbedTLS's PEM reader.
 *
 * mbedTLS decodes PEM with a constant-time base64 decoder, written for
 * private keys. Certificates are public, and on a whole system bundle that
 * care is the biggest cost of a short process: 51 of the 75 million
 * instructions of one `tinysso get-role-credentials` with Debian's 145-CA
 * bundle and mbedTLS 2.28 (callgrind, bench/wire). A plain table decoder
 * brings the bundle down to the DER parsing itself (about 2 million).
 *
 * Each "-----BEGIN CERTIFICATE-----" block is decoded in place in a copy of
 * the file and handed to mbedtls_x509_crt_parse_der, which validates it as
 * mbedtls_x509_crt_parse would. Other blocks (a TRUSTED CERTIFICATE, a key)
 * are skipped; a file without any PEM certificate falls back to
 * mbedtls_x509_crt_parse_file (DER files). */
#include "sso_tls_ca.h"

#include <stdio.h>
#include <string.h>

#include <mbedtls/platform.h>
#include <mbedtls/platform_util.h>

#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_END "-----END CERTIFICATE-----"
#define CA_FILE_MAX (16u * 1024u * 1024u) /* a bundle is ~220 KB; refuse nonsense */

/* 0..63 for base64 digits, 64 for skippable white space, 65 for '=', 66 for
 * anything else. */
static unsigned char b64_class(unsigned char c)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *hit = c != 0 ? strchr(digits, c) : NULL;
    if (hit != NULL) {
        return (unsigned char)(hit - digits);
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        return 64;
    }
    return c == '=' ? 65 : 66;
}

/* b64_class for every byte, filled on first use: a lookup per character
 * instead of a search (the bundle has ~200,000 of them). Filling it twice
 * from two threads writes the same bytes. */
static const unsigned char *b64_table(void)
{
    static unsigned char table[256];
    static volatile int ready;
    if (!ready) {
        for (unsigned c = 0; c < 256; c++) {
            table[c] = b64_class((unsigned char)c);
        }
        ready = 1;
    }
    return table;
}

/* Decodes b64[0..len) into out (out may equal b64: the output never
 * overtakes the input). Returns the decoded length, or 0 when the text is
 * not base64 (a bad character, data after padding, a partial quantum). */
static size_t b64_decode(const unsigned char *b64, size_t len, unsigned char *out)
{
    const unsigned char *cls = b64_table();
    uint32_t acc = 0;
    size_t n = 0, digits = 0, pad = 0;
    for (size_t i = 0; i < len;) {
        /* Four digits at once, the common case (PEM lines are 64 digits):
         * the bytes are read before any is written, so in place is safe. */
        if (digits % 4 == 0 && pad == 0 && len - i >= 4) {
            unsigned a = cls[b64[i]], b = cls[b64[i + 1]], c = cls[b64[i + 2]], d = cls[b64[i + 3]];
            if ((a | b | c | d) < 64) {
                out[n++] = (unsigned char)(a << 2 | b >> 4);
                out[n++] = (unsigned char)(b << 4 | c >> 2);
                out[n++] = (unsigned char)(c << 6 | d);
                digits += 4;
                i += 4;
                continue;
            }
        }
        unsigned char v = cls[b64[i++]];
        if (v == 64) {
            continue;
        }
        if (v == 66 || (v < 64 && pad > 0)) {
            return 0;
        }
        if (v == 65) {
            if (++pad > 2) {
                return 0;
            }
            v = 0;
        }
        acc = (acc << 6) | v;
        if (++digits % 4 == 0) {
            out[n++] = (unsigned char)(acc >> 16);
            out[n++] = (unsigned char)(acc >> 8);
            out[n++] = (unsigned char)acc;
            acc = 0;
        }
    }
    if (digits == 0 || digits % 4 != 0 || n < pad) {
        return 0;
    }
    return n - pad;
}

static const unsigned char *find(const unsigned char *p, const unsigned char *end, const char *s)
{
    size_t sl = strlen(s);
    while ((size_t)(end - p) >= sl) {
        const unsigned char *hit = memchr(p, s[0], (size_t)(end - p) - sl + 1);
        if (hit == NULL) {
            return NULL;
        }
        if (memcmp(hit, s, sl) == 0) {
            return hit;
        }
        p = hit + 1;
    }
    return NULL;
}

int sso_tls_ca_parse_pem(mbedtls_x509_crt *chain, unsigned char *pem, size_t len)
{
    unsigned char *p = pem, *end = pem + len;
    int loaded = 0, failed = 0, first_err = 0;
    for (;;) {
        const unsigned char *begin = find(p, end, PEM_BEGIN);
        if (begin == NULL) {
            break;
        }
        unsigned char *body = (unsigned char *)begin + strlen(PEM_BEGIN);
        const unsigned char *stop = find(body, end, PEM_END);
        if (stop == NULL) {
            break; /* a block cut short ends the bundle, as in mbedTLS's reader */
        }
        size_t der_len = b64_decode(body, (size_t)(stop - body), body);
        int ret = der_len == 0 ? MBEDTLS_ERR_X509_INVALID_FORMAT
                               : mbedtls_x509_crt_parse_der(chain, body, der_len);
        if (ret == 0) {
            loaded++;
        } else {
            failed++;
            first_err = first_err != 0 ? first_err : ret;
        }
        p = (unsigned char *)stop + strlen(PEM_END);
    }
    if (loaded == 0) {
        return failed > 0 ? (first_err != 0 ? first_err : MBEDTLS_ERR_X509_INVALID_FORMAT)
                          : SSO_TLS_CA_NO_PEM;
    }
    return failed;
}

#if defined(MBEDTLS_FS_IO)
int sso_tls_ca_parse_file(mbedtls_x509_crt *chain, const char *path)
{
    FILE *f = fopen(path, "rb");
    long size;
    unsigned char *buf;
    int ret;
    if (f == NULL) {
        return MBEDTLS_ERR_X509_FILE_IO_ERROR;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0 || (unsigned long)size > CA_FILE_MAX ||
        fseek(f, 0, SEEK_SET) != 0 || (buf = mbedtls_calloc(1, (size_t)size)) == NULL) {
        fclose(f);
        return MBEDTLS_ERR_X509_FILE_IO_ERROR;
    }
    ret = fread(buf, 1, (size_t)size, f) == (size_t)size ? 0 : MBEDTLS_ERR_X509_FILE_IO_ERROR;
    fclose(f);
    if (ret == 0) {
        ret = sso_tls_ca_parse_pem(chain, buf, (size_t)size);
    }
    mbedtls_platform_zeroize(buf, (size_t)size); /* public data, but keep the habit */
    mbedtls_free(buf);
    if (ret == SSO_TLS_CA_NO_PEM) { /* DER, or PEM mbedTLS reads and we do not */
        ret = mbedtls_x509_crt_parse_file(chain, path);
    }
    return ret;
}
#endif
