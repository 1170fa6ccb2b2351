#define _POSIX_C_SOURCE 200809L

#include "cli_tls_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <mbedtls/platform_util.h>
#include <mbedtls/version.h>

#include "cli_log.h"
#include "cli_sha1.h"

/* File layout (all numbers big-endian):
 *   "TSSOTLS1"  saved_at (8, Unix seconds)  port (2)  host_len (1)  host
 *   blob_len (4)  blob (mbedtls_ssl_session_save output)  SHA-1 of all before
 * The checksum catches a damaged file: a session whose master secret was
 * altered would otherwise fail the resumed handshake (cli_net.c retries
 * without it anyway). */
#define MAGIC "TSSOTLS1"
#define MAGIC_LEN 8
#define FILE_MAX (MAGIC_LEN + 8 + 2 + 1 + 255 + 4 + SSO_TLS_SESSION_BLOB_MAX + SSO_CLI_SHA1_LEN)

static sso_tls_session_blob_t blob; /* holds a master secret: wiped after use */
static unsigned char file_buf[FILE_MAX];

static void wipe(void)
{
    mbedtls_platform_zeroize(&blob, sizeof blob);
    mbedtls_platform_zeroize(file_buf, sizeof file_buf);
}

void sso_cli_tls_cache_init(sso_cli_tls_cache_t *c, const char *ca_file)
{
    const char *on = getenv("TINYSSO_TLS_SESSION_CACHE");
    const char *home = getenv("HOME");
    memset(c, 0, sizeof *c);
    c->ca_file = ca_file;
    if (on == NULL || strcmp(on, "1") != 0) {
        return;
    }
    if (home == NULL || home[0] == '\0' || strlen(home) >= sizeof c->home) {
        sso_cli_debug("TLS session cache: HOME unusable, cache off");
        return;
    }
    strcpy(c->home, home);
    c->enabled = 1;
}

/* The file for host:port under the current trust setting. */
static int cache_path(sso_cli_tls_cache_t *c, const char *host, uint16_t port)
{
    const char *ca = c->ca_file != NULL ? c->ca_file : SSO_TLS_DEFAULT_CA_FILE;
    char key[2048], hex[SSO_CLI_SHA1_HEX_LEN + 1];
    struct stat st;
    size_t hl = strlen(c->home);
    int n;

    if (stat(ca, &st) != 0) {
        return -1;
    }
    n = snprintf(key, sizeof key,
                 "tinysso TLS session v1\n%s\n%u\nmbedTLS %s\n%s\n%llu %llu %lld %lld.%09ld "
                 "%lld.%09ld",
                 host, (unsigned)port, MBEDTLS_VERSION_STRING, ca, (unsigned long long)st.st_dev,
                 (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                 st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
    if (n < 0 || (size_t)n >= sizeof key) {
        return -1;
    }
    sso_cli_sha1_hex(key, (size_t)n, hex);
    while (hl > 1 && c->home[hl - 1] == '/') {
        hl--;
    }
    c->home_len = hl;
    n = snprintf(c->path, sizeof c->path, "%.*s/.aws/sso/cache/tinysso-tls-%s.bin", (int)hl,
                 c->home, hex);
    return (n < 0 || (size_t)n >= sizeof c->path) ? -1 : 0;
}

static uint64_t get_be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

static void put_be(unsigned char *p, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (unsigned char)v;
        v >>= 8;
    }
}

/* Reads the file if it is ours alone; returns its length or -1. */
static long read_private(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    size_t len = 0;
    if (fd < 0) {
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
        (st.st_mode & 077) != 0 || st.st_size <= 0 || (unsigned long long)st.st_size > FILE_MAX) {
        sso_cli_debug("TLS session cache: %s is not a private regular file of the right size, "
                      "ignored",
                      path);
        close(fd);
        return -1;
    }
    while (len < (size_t)st.st_size) {
        ssize_t r = read(fd, file_buf + len, (size_t)st.st_size - len);
        if (r <= 0) {
            close(fd);
            return -1;
        }
        len += (size_t)r;
    }
    close(fd);
    return (long)len;
}

/* Fills blob from file_buf[0..len); -1 with a reason when it is not a
 * well-formed, fresh entry for host:port. */
static int parse_entry(size_t len, const char *host, uint16_t port, const char **why)
{
    const unsigned char *p = file_buf, *end;
    uint8_t sum[SSO_CLI_SHA1_LEN];
    time_t now = time(NULL);
    if (len < MAGIC_LEN + 8 + 2 + 1 + SSO_CLI_SHA1_LEN || memcmp(p, MAGIC, MAGIC_LEN) != 0) {
        *why = "not a session file";
        return -1;
    }
    end = file_buf + len - SSO_CLI_SHA1_LEN;
    sso_cli_sha1(file_buf, (size_t)(end - file_buf), sum);
    if (memcmp(sum, end, sizeof sum) != 0) {
        *why = "checksum mismatch";
        return -1;
    }
    p += MAGIC_LEN;
    uint64_t saved = get_be(p, 8);
    p += 8;
    if (saved > (uint64_t)now || (uint64_t)now - saved > (uint64_t)SSO_CLI_TLS_CACHE_MAX_AGE_S) {
        *why = "too old";
        return -1;
    }
    blob.port = (uint16_t)get_be(p, 2);
    p += 2;
    size_t hl = *p++;
    if (hl == 0 || hl >= sizeof blob.host || (size_t)(end - p) < hl + 4) {
        *why = "bad host";
        return -1;
    }
    memcpy(blob.host, p, hl);
    blob.host[hl] = '\0';
    p += hl;
    blob.len = (size_t)get_be(p, 4);
    p += 4;
    if (blob.len == 0 || blob.len > sizeof blob.data || blob.len != (size_t)(end - p)) {
        *why = "bad length";
        return -1;
    }
    memcpy(blob.data, p, blob.len);
    if (blob.port != port || strcmp(blob.host, host) != 0) {
        *why = "another server";
        return -1;
    }
    return 0;
}

int sso_cli_tls_cache_load(sso_cli_tls_cache_t *c, sso_tls_t *tls, const char *host, uint16_t port)
{
    const char *why = NULL;
    int ok = 0;
    if (!c->enabled || cache_path(c, host, port) != 0) {
        return 0;
    }
    long len = read_private(c->path);
    if (len < 0) {
        sso_cli_debug("TLS session cache: no usable session in %s", c->path);
    } else if (parse_entry((size_t)len, host, port, &why) != 0) {
        sso_cli_debug("TLS session cache: %s ignored (%s)", c->path, why);
    } else if (sso_tls_session_import(tls, &blob) != SSO_OK) {
        sso_cli_debug("TLS session cache: %s refused by mbedTLS", c->path);
    } else {
        sso_cli_debug("TLS session cache: offering the session from %s", c->path);
        ok = 1;
    }
    wipe();
    return ok;
}

/* mkdir -p of the folders between home and the file name (.aws, .aws/sso,
 * .aws/sso/cache), private where it creates them. */
static int make_dirs(const char *path, size_t home_len)
{
    char dir[sizeof((sso_cli_tls_cache_t *)0)->path];
    strcpy(dir, path);
    for (char *s = dir + home_len + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            return -1;
        }
        *s = '/';
    }
    return 0;
}

static int write_file(const char *path, const unsigned char *data, size_t len)
{
    char tmp[sizeof((sso_cli_tls_cache_t *)0)->path + 32];
    int fd, ok;
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        return -1;
    }
    ok = fchmod(fd, 0600) == 0; /* whatever the umask */
    for (size_t off = 0; ok && off < len;) {
        ssize_t w = write(fd, data + off, len - off);
        ok = w > 0;
        off += ok ? (size_t)w : 0;
    }
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

int sso_cli_tls_cache_store(sso_cli_tls_cache_t *c, const sso_tls_t *tls)
{
    unsigned char *p = file_buf;
    int ok = 0;
    if (!c->enabled || sso_tls_session_export(tls, &blob) != SSO_OK ||
        cache_path(c, blob.host, blob.port) != 0) {
        wipe();
        return 0;
    }
    size_t hl = strlen(blob.host);
    memcpy(p, MAGIC, MAGIC_LEN);
    p += MAGIC_LEN;
    put_be(p, (uint64_t)time(NULL), 8);
    p += 8;
    put_be(p, blob.port, 2);
    p += 2;
    *p++ = (unsigned char)hl;
    memcpy(p, blob.host, hl);
    p += hl;
    put_be(p, blob.len, 4);
    p += 4;
    memcpy(p, blob.data, blob.len);
    p += blob.len;
    sso_cli_sha1(file_buf, (size_t)(p - file_buf), p);
    p += SSO_CLI_SHA1_LEN;
    if (make_dirs(c->path, c->home_len) == 0 &&
        write_file(c->path, file_buf, (size_t)(p - file_buf)) == 0) {
        sso_cli_debug("TLS session cache: session saved to %s", c->path);
        ok = 1;
    } else {
        sso_cli_debug("TLS session cache: cannot write %s: %s", c->path, strerror(errno));
    }
    wipe();
    return ok;
}
