/* The portal operations (PROTOCOL §2), one row each. */
#include "sso_ops.h"

#include <tinysso/tinysso.h>

#include "sso_service_error.h"

#define N SSO_COUNT
#define STR SSO_STR_FIELD

static const sso_json_field_t sso_creds_fields[] = {
    STR(sso_role_credentials_t, access_key_id, "accessKeyId"),
    STR(sso_role_credentials_t, secret_access_key, "secretAccessKey"),
    STR(sso_role_credentials_t, session_token, "sessionToken"),
    {"expiration", (uint16_t)offsetof(sso_role_credentials_t, expiration), 0, SSO_FIELD_INT64},
};
static const sso_json_field_t sso_account_fields[] = {
    STR(sso_account_t, account_id, "accountId"),
    STR(sso_account_t, account_name, "accountName"),
    STR(sso_account_t, email_address, "emailAddress"),
};
static const sso_json_field_t sso_role_fields[] = {
    STR(sso_role_t, role_name, "roleName"),
    STR(sso_role_t, account_id, "accountId"),
};

static const sso_json_member_t sso_creds_members[] = {{"roleCredentials", SSO_JSON_OBJECT, 0}};
static const sso_json_member_t sso_accounts_members[] = {{"accountList", SSO_JSON_LIST, 0},
                                                         {"nextToken", SSO_JSON_STRING, 0}};
static const sso_json_member_t sso_roles_members[] = {{"roleList", SSO_JSON_LIST, 0},
                                                      {"nextToken", SSO_JSON_STRING, 0}};

static const sso_param_t sso_creds_query[] = {{"account_id=", SSO_ARG_ACCOUNT_ID},
                                              {"role_name=", SSO_ARG_ROLE_NAME}};
static const sso_param_t sso_accounts_query[] = {{"max_result=", SSO_ARG_MAX_RESULT},
                                                 {"next_token=", SSO_ARG_NEXT_TOKEN}};
static const sso_param_t sso_roles_query[] = {{"account_id=", SSO_ARG_ACCOUNT_ID},
                                              {"max_result=", SSO_ARG_MAX_RESULT},
                                              {"next_token=", SSO_ARG_NEXT_TOKEN}};

const sso_op_t sso_ops[SSO_OP_COUNT] = {
    [SSO_OP_GET_ROLE_CREDENTIALS] = {"GET ", "/federation/credentials", sso_creds_query, NULL,
                                     sso_creds_members, sso_creds_fields, N(sso_creds_query), 0,
                                     N(sso_creds_members), N(sso_creds_fields), SSO_OUT_OBJECT, 1,
                                     SSO_ERRORS_REST_JSON, 0x0f, sizeof(sso_role_credentials_t)},
    [SSO_OP_LIST_ACCOUNTS] = {"GET ", "/assignment/accounts", sso_accounts_query, NULL,
                              sso_accounts_members, sso_account_fields, N(sso_accounts_query), 0,
                              N(sso_accounts_members), N(sso_account_fields), SSO_OUT_LIST, 1,
                              SSO_ERRORS_REST_JSON, 0, 0},
    [SSO_OP_LIST_ACCOUNT_ROLES] = {"GET ", "/assignment/roles", sso_roles_query, NULL,
                                   sso_roles_members, sso_role_fields, N(sso_roles_query), 0,
                                   N(sso_roles_members), N(sso_role_fields), SSO_OUT_LIST, 1,
                                   SSO_ERRORS_REST_JSON, 0, 0},
    [SSO_OP_LOGOUT] = {"POST ", "/logout", NULL, NULL, NULL, NULL, 0, 0, 0, 0, SSO_OUT_NONE, 1,
                       SSO_ERRORS_REST_JSON, 0, 0},
};
