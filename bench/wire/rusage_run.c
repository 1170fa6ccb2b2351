/* Runs a program and reports what it cost: exit code, user and system CPU
 * and peak RSS from wait4(2).
 *
 *   rusage_run OUT PROGRAM [ARG...]
 * writes "EXIT USER_US SYS_US MAXRSS_KB\n" to the file OUT.
 *
 * Why not from Python directly: on Linux a child's ru_maxrss starts at the
 * high-water mark of the process that forked it (it survives exec), so a
 * child of the Python driver never reports less than the driver's ~17 MB.
 * Forked from this small program, it reports its own. */
#define _DEFAULT_SOURCE

#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct rusage ru;
    int status = 0;
    pid_t pid;
    FILE *out;

    if (argc < 3) {
        fprintf(stderr, "usage: rusage_run OUT PROGRAM [ARG...]\n");
        return 2;
    }
    pid = fork();
    if (pid < 0) {
        perror("rusage_run: fork");
        return 2;
    }
    if (pid == 0) {
        execv(argv[2], argv + 2);
        perror("rusage_run: exec");
        _exit(127);
    }
    if (wait4(pid, &status, 0, &ru) != pid) {
        perror("rusage_run: wait4");
        return 2;
    }
    out = fopen(argv[1], "w");
    if (out == NULL) {
        perror("rusage_run: output file");
        return 2;
    }
    fprintf(out, "%d %ld %ld %ld\n",
            WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
            (long)ru.ru_utime.tv_sec * 1000000L + (long)ru.ru_utime.tv_usec,
            (long)ru.ru_stime.tv_sec * 1000000L + (long)ru.ru_stime.tv_usec, ru.ru_maxrss);
    return fclose(out) == 0 ? 0 : 2;
}
