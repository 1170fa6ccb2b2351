#define _POSIX_C_SOURCE 200809L
#include "cli_path.h"

#include <pwd.h>
#include <string.h>
#include <unistd.h>

static int name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static int put(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
    if (*o + n >= cap) {
        return -1;
    }
    memcpy(out + *o, s, n);
    *o += n;
    out[*o] = '\0';
    return 0;
}

static int expand_vars(const char *in, sso_cli_env_fn env, char *out, size_t cap)
{
    size_t o = 0;

    out[0] = '\0';
    while (*in != '\0') {
        const char *start = in, *name, *val;
        size_t n = 0;
        int braced;
        char key[256];

        if (*in != '$') {
            if (put(out, cap, &o, in++, 1) != 0) {
                return -1;
            }
            continue;
        }
        braced = in[1] == '{';
        name = in + 1 + braced;
        while (name_char(name[n])) {
            n++;
        }
        if (n == 0 || n >= sizeof key || (braced && name[n] != '}')) {
            if (put(out, cap, &o, in++, 1) != 0) { /* not a variable: "$" stays */
                return -1;
            }
            continue;
        }
        in = name + n + braced;
        memcpy(key, name, n);
        key[n] = '\0';
        val = env(key);
        if (val != NULL) {
            if (put(out, cap, &o, val, strlen(val)) != 0) {
                return -1;
            }
        } else if (put(out, cap, &o, start, (size_t)(in - start)) != 0) {
            return -1;
        }
    }
    return 0;
}

int sso_cli_expand_path(const char *in, sso_cli_env_fn env, char *out, size_t cap)
{
    char tmp[4096], user[256];
    const char *rest, *home = NULL;
    size_t un, o = 0;

    if (cap == 0 || expand_vars(in, env, tmp, sizeof tmp) != 0) {
        return -1;
    }
    if (tmp[0] != '~') {
        return put(out, cap, &o, tmp, strlen(tmp));
    }
    rest = tmp + 1 + strcspn(tmp + 1, "/");
    un = (size_t)(rest - tmp - 1);
    if (un == 0) {
        home = env("HOME");
        if (home == NULL) {
            struct passwd *pw = getpwuid(getuid());
            home = pw != NULL ? pw->pw_dir : NULL;
        }
    } else if (un < sizeof user) {
        struct passwd *pw;
        memcpy(user, tmp + 1, un);
        user[un] = '\0';
        pw = getpwnam(user);
        home = pw != NULL ? pw->pw_dir : NULL;
    }
    if (home == NULL) {
        return put(out, cap, &o, tmp, strlen(tmp));
    }
    /* Python strips the home's trailing "/" before joining. */
    un = strlen(home);
    while (un > 1 && home[un - 1] == '/') {
        un--;
    }
    if (put(out, cap, &o, home, un) != 0) {
        return -1;
    }
    return put(out, cap, &o, rest, strlen(rest));
}
