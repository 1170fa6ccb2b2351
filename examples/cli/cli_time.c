#include "cli_time.h"

#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date, by counting in
 * 400-year eras that start on March 1st (so the leap day is the era's last
 * day and needs no special case). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Reads exactly n digits. */
static int digits(const char **p, int n, int *out)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9') {
            return -1;
        }
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return (m == 2 && leap) ? 29 : dm[m - 1];
}

/* The zone suffix: Z, UTC, +HH:MM, +HHMM, -..; *offset_s is east of UTC. */
static int parse_zone(const char *p, int64_t *offset_s)
{
    int hh, mm, sign;

    *offset_s = 0;
    if (strcmp(p, "Z") == 0 || strcmp(p, "z") == 0 || strcmp(p, "UTC") == 0 ||
        strcmp(p, "GMT") == 0) {
        return 0;
    }
    if (*p != '+' && *p != '-') {
        return -1;
    }
    sign = (*p == '-') ? -1 : 1;
    p++;
    if (digits(&p, 2, &hh) != 0) {
        return -1;
    }
    if (*p == ':') {
        p++;
    }
    if (digits(&p, 2, &mm) != 0 || *p != '\0' || hh > 23 || mm > 59) {
        return -1;
    }
    *offset_s = sign * (int64_t)(hh * 3600 + mm * 60);
    return 0;
}

int sso_cli_parse_timestamp(const char *s, int64_t *epoch_s)
{
    int y, mo, d, h, mi, se;
    int64_t offset;
    const char *p = s;

    if (s == NULL || epoch_s == NULL) {
        return -1;
    }
    if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
        digits(&p, 2, &d)) {
        return -1;
    }
    if (*p != 'T' && *p != 't' && *p != ' ') {
        return -1;
    }
    p++;
    if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) || *p++ != ':' ||
        digits(&p, 2, &se)) {
        return -1;
    }
    if (*p == '.') {
        int n = 0;
        for (p++; *p >= '0' && *p <= '9'; p++) {
            n++;
        }
        if (n == 0) {
            return -1;
        }
    }
    if (parse_zone(p, &offset) != 0) {
        return -1;
    }
    /* 60 admits a leap second; it then lands on the next minute's :00. */
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60) {
        return -1;
    }
    *epoch_s = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
    return 0;
}

/* Fixed-width decimal, zero-padded. */
static void put_digits(char *out, int v, int n)
{
    while (n-- > 0) {
        out[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

int sso_cli_format_iso8601(int64_t epoch_ms, char out[SSO_CLI_ISO8601_LEN])
{
    /* Floor division so that times before 1970 still land on whole seconds
     * at or before the instant. */
    int64_t secs = epoch_ms >= 0 ? epoch_ms / 1000 : -((-epoch_ms + 999) / 1000);
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t rem = secs - days * 86400, y;
    int m, d;

    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        return -1;
    }
    put_digits(out, (int)y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, d, 2);
    out[10] = 'T';
    put_digits(out + 11, (int)(rem / 3600), 2);
    out[13] = ':';
    put_digits(out + 14, (int)(rem / 60 % 60), 2);
    out[16] = ':';
    put_digits(out + 17, (int)(rem % 60), 2);
    out[19] = 'Z';
    out[20] = '\0';
    return 0;
}
