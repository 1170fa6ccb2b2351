/* The SSO OIDC operations (PROTOCOL §7): RegisterClient,
 * StartDeviceAuthorization and CreateToken with either grant. Rows of their
 * own table, run by the same call and retry code as the portal's; what only
 * they need lives here: the writer of their JSON request bodies, and the
 * table itself, so a firmware that does not log in links none of it.
 * Their responses are flat objects, mapped as the root (SSO_JSON_ROOT); their
 * errors follow the OAuth model (SSO_ERRORS_OAUTH). */
#include <stddef.h>
#include <string.h>

#include "sso_call.h"
#include "sso_endpoint.h"
#include "sso_json_write.h"
#include "sso_util.h"
#include "tinysso/sso_login.h"

#define N SSO_COUNT
#define STR SSO_STR_FIELD
#define INT SSO_INT_FIELD

/* The values a body takes from its call, by index (sso_param_t.arg of these
 * rows); A_SCOPES is the one list. */
enum {
    A_CLIENT_NAME,
    A_CLIENT_TYPE,
    A_CLIENT_ID,
    A_CLIENT_SECRET,
    A_START_URL,
    A_GRANT_TYPE,
    A_DEVICE_CODE,
    A_REFRESH_TOKEN,
    A_SCOPES,
    A_COUNT = A_SCOPES
};

typedef struct sso_oidc_args {
    const char *v[A_COUNT];
    const char *const *scopes;
    size_t n_scopes;
} sso_oidc_args_t;

static const sso_param_t sso_register_body[] = {
    {"clientName", A_CLIENT_NAME}, {"clientType", A_CLIENT_TYPE}, {"scopes", A_SCOPES}};
static const sso_param_t sso_authorize_body[] = {
    {"clientId", A_CLIENT_ID}, {"clientSecret", A_CLIENT_SECRET}, {"startUrl", A_START_URL}};
/* Both grants of CreateToken: the credential that is NULL is left out. */
static const sso_param_t sso_token_body[] = {{"clientId", A_CLIENT_ID},
                                             {"clientSecret", A_CLIENT_SECRET},
                                             {"grantType", A_GRANT_TYPE},
                                             {"deviceCode", A_DEVICE_CODE},
                                             {"refreshToken", A_REFRESH_TOKEN}};

static const sso_json_field_t sso_reg_fields[] = {
    STR(sso_registration_t, client_id, "clientId"),
    STR(sso_registration_t, client_secret, "clientSecret"),
    INT(sso_registration_t, issued_at, "clientIdIssuedAt"),
    INT(sso_registration_t, expires_at, "clientSecretExpiresAt"),
};
static const sso_json_field_t sso_auth_fields[] = {
    STR(sso_device_auth_t, device_code, "deviceCode"),
    STR(sso_device_auth_t, user_code, "userCode"),
    STR(sso_device_auth_t, verification_uri, "verificationUri"),
    STR(sso_device_auth_t, verification_uri_complete, "verificationUriComplete"),
    INT(sso_device_auth_t, expires_in, "expiresIn"),
    INT(sso_device_auth_t, interval, "interval"),
};
static const sso_json_field_t sso_token_fields[] = {
    STR(sso_token_t, access_token, "accessToken"),
    STR(sso_token_t, refresh_token, "refreshToken"),
    STR(sso_token_t, token_type, "tokenType"),
    INT(sso_token_t, expires_in, "expiresIn"),
};

/* The fields are the body's own top-level members. */
static const sso_json_member_t sso_root[] = {{"", SSO_JSON_ROOT, 0}};

enum { ROW_REGISTER, ROW_AUTHORIZE, ROW_TOKEN };

/* required: clientId+clientSecret; deviceCode..verificationUriComplete and
 * expiresIn; accessToken and expiresIn. */
static const sso_op_t sso_oidc_ops[] = {
    [ROW_REGISTER] = {"POST ", "/client/register", NULL, sso_register_body, sso_root,
                      sso_reg_fields, 0, N(sso_register_body), 1, N(sso_reg_fields), SSO_OUT_OBJECT,
                      0, SSO_ERRORS_OAUTH, 0x03, sizeof(sso_registration_t)},
    [ROW_AUTHORIZE] = {"POST ", "/device_authorization", NULL, sso_authorize_body, sso_root,
                       sso_auth_fields, 0, N(sso_authorize_body), 1, N(sso_auth_fields),
                       SSO_OUT_OBJECT, 0, SSO_ERRORS_OAUTH, 0x1f, sizeof(sso_device_auth_t)},
    [ROW_TOKEN] = {"POST ", "/token", NULL, sso_token_body, sso_root, sso_token_fields, 0,
                   N(sso_token_body), 1, N(sso_token_fields), SSO_OUT_OBJECT, 0, SSO_ERRORS_OAUTH,
                   0x09, sizeof(sso_token_t)},
};

/* Room kept before the body for its header lines (52 bytes at most). */
#define SSO_OIDC_HEAD 64

/* The call's body hook: the row's body from the call's arguments, rendered
 * at buf + SSO_OIDC_HEAD, and the header lines that announce it written
 * just before it, so the request's end is one piece of text. */
static int sso_oidc_body(const sso_call_t *k, char *buf, size_t cap, const char **text, size_t *len)
{
    static const char head[] = "Content-Type: application/json\r\nContent-Length: ";
    const sso_oidc_args_t *a = (const sso_oidc_args_t *)k->body_ctx;
    const sso_op_t *op = k->op;
    char num[12], *n, *p;
    sso_jw_t w;
    unsigned i;
    int r;
    if (cap < SSO_OIDC_HEAD) {
        return SSO_ERR_BUFFER_TOO_SMALL;
    }
    sso_jw_begin(&w, buf + SSO_OIDC_HEAD, cap - SSO_OIDC_HEAD);
    for (i = 0; i < op->n_body; i++) {
        const sso_param_t *m = &op->body[i];
        if (m->arg == A_SCOPES) {
            if (a->n_scopes) {
                sso_jw_list(&w, m->name, a->scopes, a->n_scopes);
            }
        } else if (a->v[m->arg]) {
            sso_jw_string(&w, m->name, a->v[m->arg]);
        }
    }
    r = sso_jw_end(&w);
    if (r != SSO_OK) {
        return r;
    }
    /* head, the length and a blank line end exactly where the body starts */
    n = sso_utoa(num + sizeof(num), (uint32_t)w.len);
    p = buf + SSO_OIDC_HEAD - 4;
    memcpy(p, "\r\n\r\n", 4);
    p -= strlen(n);
    memcpy(p, n, strlen(n));
    p -= sizeof(head) - 1;
    memcpy(p, head, sizeof(head) - 1);
    *text = p;
    *len = (size_t)(buf + SSO_OIDC_HEAD - p) + w.len;
    return SSO_OK;
}

static sso_status_t sso_oidc_run(sso_client_t *client, unsigned row, const sso_oidc_args_t *a,
                                 void *out)
{
    sso_call_t k;
    const sso_op_t *op = &sso_oidc_ops[row];
    sso_status_t r;
    if (sso_call_init_row(&k, client, NULL, op) != SSO_OK) {
        return SSO_ERR_INVALID_ARG;
    }
    memset(out, 0, op->out_size);
    k.out = out;
    k.body = sso_oidc_body;
    k.body_ctx = a;
    r = sso_call_run(&k);
    if (r != SSO_OK) {
        /* Never leave half a registration or token behind. */
        sso_wipe(out, op->out_size);
    }
    return r;
}

sso_status_t sso_oidc_client_init(sso_client_t *client, const sso_config_t *config)
{
    sso_status_t r = sso_client_init(client, config);
    int tls;
    if (r != SSO_OK) {
        return r;
    }
    /* The same rules and URL check (so the same TLS verdict), another label. */
    return (sso_status_t)sso_endpoint_host(SSO_SERVICE_OIDC, config->region, config->use_fips,
                                           config->use_dual_stack, config->endpoint_url,
                                           client->host, sizeof(client->host), &client->port, &tls);
}

sso_status_t sso_register_client(sso_client_t *client, const char *client_name,
                                 const char *const *scopes, size_t n_scopes,
                                 sso_registration_t *reg)
{
    sso_oidc_args_t a;
    if (reg) {
        memset(reg, 0, sizeof(*reg)); /* empty on any failure, bad input too */
    }
    if (!sso_text_ok(client_name) || (n_scopes && !scopes) || !reg) {
        return SSO_ERR_INVALID_ARG;
    }
    memset(&a, 0, sizeof(a));
    a.v[A_CLIENT_NAME] = client_name;
    a.v[A_CLIENT_TYPE] = "public";
    a.scopes = scopes;
    a.n_scopes = n_scopes;
    return sso_oidc_run(client, ROW_REGISTER, &a, reg);
}

/* The registration's members; 0 when it is not usable. */
static int sso_oidc_client_args(sso_oidc_args_t *a, const sso_registration_t *reg)
{
    memset(a, 0, sizeof(*a));
    if (!reg || !sso_text_ok(reg->client_id) || !sso_text_ok(reg->client_secret)) {
        return 0;
    }
    a->v[A_CLIENT_ID] = reg->client_id;
    a->v[A_CLIENT_SECRET] = reg->client_secret;
    return 1;
}

sso_status_t sso_start_device_authorization(sso_client_t *client, const sso_registration_t *reg,
                                            const char *start_url, sso_device_auth_t *auth)
{
    sso_oidc_args_t a;
    if (auth) {
        memset(auth, 0, sizeof(*auth));
    }
    if (!sso_oidc_client_args(&a, reg) || !sso_text_ok(start_url) || !auth) {
        return SSO_ERR_INVALID_ARG;
    }
    a.v[A_START_URL] = start_url;
    return sso_oidc_run(client, ROW_AUTHORIZE, &a, auth);
}

/* CreateToken: the grant, and the credential of that grant in slot arg. */
static sso_status_t sso_oidc_token(sso_client_t *client, const sso_registration_t *reg,
                                   const char *grant, unsigned arg, const char *value,
                                   sso_token_t *tok)
{
    sso_oidc_args_t a;
    if (tok) {
        memset(tok, 0, sizeof(*tok));
    }
    if (!sso_oidc_client_args(&a, reg) || !sso_text_ok(value) || !tok) {
        return SSO_ERR_INVALID_ARG;
    }
    a.v[A_GRANT_TYPE] = grant;
    a.v[arg] = value;
    return sso_oidc_run(client, ROW_TOKEN, &a, tok);
}

sso_status_t sso_create_token(sso_client_t *client, const sso_registration_t *reg,
                              const char *device_code, sso_token_t *tok)
{
    return sso_oidc_token(client, reg, "urn:ietf:params:oauth:grant-type:device_code",
                          A_DEVICE_CODE, device_code, tok);
}

sso_status_t sso_refresh_token(sso_client_t *client, const sso_registration_t *reg,
                               const char *refresh_token, sso_token_t *tok)
{
    return sso_oidc_token(client, reg, "refresh_token", A_REFRESH_TOKEN, refresh_token, tok);
}
