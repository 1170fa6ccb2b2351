/* --cli-input-json and --generate-cli-skeleton for the three portal
 * commands, as the AWS CLI has them: the skeleton is the request shape in
 * the service model's member order, and the input JSON fills the options
 * the command line did not give (the command line wins). */
#ifndef TINYSSO_CLI_INPUT_JSON_H
#define TINYSSO_CLI_INPUT_JSON_H

#include <stddef.h>

#include "cli_args.h"

/* The input skeleton the AWS CLI prints for cmd ("" for logout). */
const char *sso_cli_skeleton(sso_cli_command_t cmd);

/* Reads text (a JSON object, or "file://path" of one) into the member
 * values: *access_token etc. are set only when still NULL; max_results and
 * next_token report whether those were given. Strings are kept in static
 * storage. Returns 0, or -1 with the AWS CLI's reason in err. */
int sso_cli_input_json(sso_cli_command_t cmd, const char *text, const char **access_token,
                       const char **account_id, const char **role_name, const char **next_token,
                       const char **max_results, char *err, size_t cap);

#endif
