/* Config-file paths as botocore expands them: os.path.expandvars, then
 * os.path.expanduser (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). */
#ifndef TINYSSO_CLI_PATH_H
#define TINYSSO_CLI_PATH_H

#include <stddef.h>

typedef const char *(*sso_cli_env_fn)(const char *name);

/* $NAME and ${NAME} (NAME of [A-Za-z0-9_]) are replaced by the variable's
 * value; an unset variable is left as written, as Python does. Then a
 * leading "~" becomes HOME (or the user's home from the password database)
 * and "~user" that user's home; an unknown user is left as written.
 * Returns 0, or -1 when the result does not fit cap. */
int sso_cli_expand_path(const char *in, sso_cli_env_fn env, char *out, size_t cap);

#endif
