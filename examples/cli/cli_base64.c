#include "cli_base64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

long sso_cli_base64_encode(const unsigned char *in, size_t len, char *out, size_t out_cap)
{
    size_t i, o = 0;

    if (out_cap < SSO_CLI_BASE64_LEN(len) + 1u) {
        return -1;
    }
    for (i = 0; i + 2 < len; i += 3) {
        unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 | in[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        out[o++] = alphabet[(v >> 6) & 63];
        out[o++] = alphabet[v & 63];
    }
    if (i < len) {
        unsigned long v = (unsigned long)in[i] << 16;
        if (i + 1 < len) {
            v |= (unsigned long)in[i + 1] << 8;
        }
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        out[o++] = (i + 1 < len) ? alphabet[(v >> 6) & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
    return (long)o;
}

static int sextet(char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

long sso_cli_base64_decode(const char *in, size_t len, unsigned char *out, size_t out_cap)
{
    size_t i, o = 0;

    if (len % 4 != 0) {
        return -1;
    }
    for (i = 0; i < len; i += 4) {
        int s[4], k, pad = 0;
        unsigned long v = 0;
        int last = (i + 4 == len);
        for (k = 0; k < 4; k++) {
            /* '=' may only end the last quantum: "xx==" or "xxx=". */
            if (last && in[i + k] == '=' && k >= 2 && (k == 3 || in[i + 3] == '=')) {
                s[k] = 0;
                pad++;
                continue;
            }
            s[k] = sextet(in[i + k]);
            if (s[k] < 0 || pad > 0) {
                return -1;
            }
        }
        v = (unsigned long)s[0] << 18 | (unsigned long)s[1] << 12 | (unsigned long)s[2] << 6 |
            (unsigned long)s[3];
        if (o + (size_t)(3 - pad) > out_cap) {
            return -1;
        }
        out[o++] = (unsigned char)(v >> 16);
        if (pad < 2) {
            out[o++] = (unsigned char)(v >> 8);
        }
        if (pad < 1) {
            out[o++] = (unsigned char)v;
        }
    }
    return (long)o;
}
