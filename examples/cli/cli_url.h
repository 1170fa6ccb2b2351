/* The URL a failed request went to, written as the AWS CLI names it in
 * network errors ("Could not connect to the endpoint URL: ..."): scheme in
 * lower case, the endpoint's path prefix, the operation's path, and the
 * query in botocore's order: the command's own parameters in the service
 * model's member order, then what the paginator adds (the starting token,
 * then the page size; a later page's token goes last). */
#ifndef TINYSSO_CLI_URL_H
#define TINYSSO_CLI_URL_H

#include <stddef.h>

#include "cli_args.h"

/* base is --endpoint-url, or NULL for "https://<host>". start_token is the
 * service token of --starting-token (NULL or "" for none); page_token the
 * token of the page that failed, as the request sent it (percent-encoded,
 * page_len bytes; NULL for the first page). */
void sso_cli_request_url(const sso_cli_args_t *a, const char *base, const char *host,
                         const char *start_token, const char *page_token, size_t page_len,
                         char *out, size_t cap);

/* The operation's path ("/assignment/accounts", ...). */
const char *sso_cli_op_path(sso_cli_command_t cmd);

#endif
