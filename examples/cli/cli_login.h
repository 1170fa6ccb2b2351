/* `tinysso login`, `tinysso login --refresh`, the refresh of a cached token
 * before the other commands, and `tinysso logout` of every cached token:
 * the SSO OIDC device login (PROTOCOL §7) and the AWS CLI's token cache
 * (PROTOCOL §6), as `aws sso login` / `aws sso logout` do them. */
#ifndef TINYSSO_CLI_LOGIN_H
#define TINYSSO_CLI_LOGIN_H

#include <stdint.h>

#include "cli_args.h"

/* The AWS CLI's token provider refreshes a token this close to its end. */
#define SSO_CLI_REFRESH_WINDOW_S 900

/* Runs `login` (or `login --refresh`) at wall-clock time now. Returns the
 * exit code; messages are written. */
int sso_cli_login(const sso_cli_args_t *a, int64_t now);

/* Before a command that uses the profile's cached token: refreshes it with
 * the refresh-token grant when it has expired or ends within
 * SSO_CLI_REFRESH_WINDOW_S, and a refresh token and a live registration are
 * cached. Never fails the command: what goes wrong is a --debug line, and
 * the command then meets the old token. */
void sso_cli_refresh_if_due(const sso_cli_args_t *a, int64_t now);

/* `logout` without --access-token: Logout for every cached SSO token
 * (expired ones too), then the cache file is deleted, as `aws sso logout`
 * does (cli_logout.c). Returns the exit code. */
int sso_cli_logout_all(const sso_cli_args_t *a);

#endif
