#!/usr/bin/env python3
"""Runs the ctest suite of a build tree with every C program of the tree
under valgrind memcheck, and fails on any memcheck error or leak.

How: each ELF executable in <build>/bin gets a wrapper script in
<build>/memcheck/wrap/ that execs it under valgrind, and every CTestTestfile
of the tree is rewritten to name the wrapper instead of the program. That
covers tests whose command is the program itself (unit, cli.unit,
hardening) and tests where a Python runner starts the program given as an
argument (integration.*, port.*, cli.e2e.*, hardening.tls_secrets); the
Python servers themselves are not wrapped. ctest then runs as usual
(fixtures, timeouts, skip codes), and afterwards every valgrind log must be
empty: valgrind -q writes nothing unless it found an error or a definite or
indirect leak.

  memcheck.py BUILD_DIR [ctest arguments...]
"""
import glob
import os
import shutil
import stat
import subprocess
import sys

VALGRIND = ['valgrind', '-q', '--tool=memcheck', '--leak-check=full',
            '--errors-for-leak-kinds=definite,indirect',
            '--show-leak-kinds=definite,indirect', '--track-origins=yes',
            '--error-exitcode=99', '--trace-children=no']


def is_elf(path):
    try:
        with open(path, 'rb') as f:
            return f.read(4) == b'\x7fELF'
    except OSError:
        return False


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    build = os.path.abspath(sys.argv[1])
    ctest_args = sys.argv[2:]
    bindir = os.path.join(build, 'bin')
    work = os.path.join(build, 'memcheck')
    wrapdir = os.path.join(work, 'wrap')
    logdir = os.path.join(work, 'logs')
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(wrapdir)
    os.makedirs(logdir)

    programs = sorted(p for p in glob.glob(os.path.join(bindir, '*')) if is_elf(p))
    if not programs:
        print('memcheck: no programs in %s' % bindir, file=sys.stderr)
        return 2
    for prog in programs:
        name = os.path.basename(prog)
        wrapper = os.path.join(wrapdir, name)
        log = os.path.join(logdir, name + '.%p.log')
        with open(wrapper, 'w') as f:
            f.write('#!/bin/sh\nexec %s --log-file=%s %s "$@"\n'
                    % (' '.join(VALGRIND), log, prog))
        os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)

    rewritten = 0
    for testfile in glob.glob(os.path.join(build, '**', 'CTestTestfile.cmake'), recursive=True):
        with open(testfile) as f:
            text = f.read()
        new = text
        for prog in programs:
            wrapper = os.path.join(wrapdir, os.path.basename(prog))
            # Quoted paths only, so a program whose name is a prefix of
            # another's is not touched inside the longer path.
            new = new.replace('"%s"' % prog, '"%s"' % wrapper)
        if new != text:
            with open(testfile, 'w') as f:
                f.write(new)
            rewritten += 1
    print('memcheck: %d programs wrapped, %d test files rewritten' % (len(programs), rewritten))

    ctest = subprocess.run(['ctest', '--test-dir', build, '--output-on-failure'] + ctest_args)

    logs = sorted(glob.glob(os.path.join(logdir, '*.log')))
    dirty = [p for p in logs if os.path.getsize(p) > 0]
    for p in dirty:
        print('==== %s' % p)
        with open(p) as f:
            sys.stdout.write(f.read())
    ran = sorted({os.path.basename(p).split('.')[0] for p in logs})
    print('memcheck: %d program runs under valgrind (%s); %d with errors or leaks'
          % (len(logs), ', '.join(ran), len(dirty)))
    if not logs:
        print('memcheck: nothing ran under valgrind', file=sys.stderr)
        return 1
    if dirty:
        return 1
    return ctest.returncode


if __name__ == '__main__':
    sys.exit(main())
