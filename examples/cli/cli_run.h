/* The four commands on a ready client: the calls, the AWS CLI's paging
 * rules (--max-items, --starting-token, --no-paginate) and the document
 * that goes to stdout. */
#ifndef TINYSSO_CLI_RUN_H
#define TINYSSO_CLI_RUN_H

#include <tinysso/tinysso.h>

#include "cli_args.h"
#include "cli_buf.h"
#include "cli_net.h"
#include "cli_output.h"
#include "cli_pagetoken.h"

/* Runs a->command. start is the decoded --starting-token (NULL when none);
 * net is marked at the start of each API call.
 * On SSO_OK, out holds the whole JSON document (empty for logout), and
 * pages (when not NULL) what each page of automatic paging contributed;
 * otherwise an sso_status_t and out is to be discarded. */
int sso_cli_run(sso_client_t *client, sso_cli_net_t *net, const sso_cli_args_t *a,
                const char *token, const sso_cli_resume_t *start, sso_cli_buf_t *out,
                sso_cli_pages_t *pages);

#endif
