#!/usr/bin/env python3
"""Checks that tinyssoFilePaths.cmake and tinysso.mk name the same files and
that both match the tree: every .c file under core/src and port/ is in exactly
one *_SOURCES list of each (core/src files in TINYSSO_CORE_SOURCES, port/<p>/
files in a TINYSSO_<P>_* list), every listed file and folder exists.

Each file is read by its own tool (cmake -P, make), not by a regex, so what is
compared is what a build would see. Every problem is printed on its own line
naming the file, the list and which of the two list files lacks it.

  scripts/check_file_lists.py              check this tree (ctest pkg.file_lists)
  scripts/check_file_lists.py --root DIR   check another tree
  scripts/check_file_lists.py --self-test  prove the check catches drift, on
                                           copies of the list files in a temp dir
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CMAKE_LIST = "cmake/tinyssoFilePaths.cmake"
MAKE_LIST = "tinysso.mk"


def read_cmake(root, tmp):
    script = os.path.join(tmp, "print.cmake")
    with open(script, "w") as f:
        f.write('cmake_minimum_required(VERSION 3.20)\n')
        f.write('include("%s")\n' % os.path.join(root, CMAKE_LIST))
        f.write('get_cmake_property(vars VARIABLES)\n'
                'foreach(v ${vars})\n'
                '  if(v MATCHES "^TINYSSO_" AND NOT v STREQUAL "TINYSSO_ROOT")\n'
                '    message("${v}=${${v}}")\n'
                '  endif()\n'
                'endforeach()\n')
    out = subprocess.run(["cmake", "-P", script], check=True, capture_output=True, text=True)
    return parse(out.stderr, ";", root)


def read_make(root, tmp):
    mk = os.path.join(tmp, "print.mk")
    with open(mk, "w") as f:
        f.write("include %s\n" % os.path.join(root, MAKE_LIST))
        f.write("$(foreach v,$(sort $(filter TINYSSO_%,$(.VARIABLES))),"
                "$(if $(filter TINYSSO_ROOT,$(v)),,$(info $(v)=$($(v)))))\n")
        f.write("all: ;@:\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TINYSSO_")}
    out = subprocess.run(["make", "-s", "--no-print-directory", "-f", mk], check=True,
                         capture_output=True, text=True, env=env)
    return parse(out.stdout, None, root)


def parse(text, sep, root):
    """{variable: [paths relative to root]}"""
    lists = {}
    for line in text.splitlines():
        if "=" not in line:
            continue
        name, value = line.split("=", 1)
        items = value.split(sep) if sep else value.split()
        lists[name.strip()] = [os.path.relpath(os.path.realpath(p), root) for p in items if p]
    return lists


def on_disk(root):
    found = []
    for top in ("core/src", "port"):
        for d, _, files in os.walk(os.path.join(root, top)):
            found += [os.path.relpath(os.path.join(d, f), root) for f in files if f.endswith(".c")]
    return sorted(found)


def expected_prefix(path):
    """The list-name prefix a source file belongs under: a port's files in
    TINYSSO_<PORT>_* lists; the core's in TINYSSO_CORE_SOURCES, or in another
    list of core parts a firmware may leave out (TINYSSO_LOGIN_SOURCES, say)."""
    parts = path.split("/")
    if parts[0] == "core":
        return "TINYSSO_CORE_SOURCES"
    return "TINYSSO_%s_" % parts[1].upper()


def list_fits(path, var, ports):
    if path.startswith("core/"):
        return not any(var.startswith("TINYSSO_%s_" % p.upper()) for p in ports)
    return var.startswith(expected_prefix(path))


def check(root):
    root = os.path.realpath(root)
    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            files = {CMAKE_LIST: read_cmake(root, tmp), MAKE_LIST: read_make(root, tmp)}
        except subprocess.CalledProcessError as e:
            return ["cannot read the lists (%s): %s" % (" ".join(e.cmd[:2]),
                                                        (e.stderr or e.stdout).strip())]
    (a_name, a), (b_name, b) = files.items()
    # 1. The two list files agree, list by list.
    for (x_name, x), (y_name, y) in (((a_name, a), (b_name, b)), ((b_name, b), (a_name, a))):
        for var in sorted(x):
            if var not in y:
                errors.append("%s is defined in %s but not in %s" % (var, x_name, y_name))
                continue
            for p in x[var]:
                if p not in y[var]:
                    errors.append("%s: in %s (%s) but missing from %s (%s)"
                                  % (p, x_name, var, y_name, var))
    # 2. Each agrees with the tree.
    disk = on_disk(root)
    ports = sorted({p.split("/")[1] for p in disk if p.startswith("port/")})
    for name, lists in files.items():
        where = {}
        for var, paths in sorted(lists.items()):
            for p in paths:
                if not os.path.exists(os.path.join(root, p)):
                    errors.append("%s: listed in %s (%s) but not in the tree" % (p, name, var))
                if var.endswith("_SOURCES"):
                    where.setdefault(p, []).append(var)
                elif var.endswith("_DIRS") and not os.path.isdir(os.path.join(root, p)):
                    errors.append("%s: folder in %s (%s) is not in the tree" % (p, name, var))
        for p in disk:
            vars_ = where.get(p, [])
            if not vars_:
                hint = expected_prefix(p)
                if not hint.endswith("_SOURCES"):
                    hint += "SOURCES"
                errors.append("%s: in the tree but in no *_SOURCES list of %s (add it to %s)"
                              % (p, name, hint))
            elif len(vars_) > 1:
                errors.append("%s: in more than one list of %s: %s" % (p, name, ", ".join(vars_)))
            elif not list_fits(p, vars_[0], ports):
                errors.append("%s: listed in %s (%s), expected a %s* list"
                              % (p, name, vars_[0], expected_prefix(p)))
    return errors


def self_test():
    """Copies the list files and a tree of empty sources, breaks them in
    three ways, and expects each break to be reported by name."""
    real = os.path.realpath(os.path.join(HERE, ".."))
    failures = 0
    cases = [
        ("an unlisted core file", lambda t: touch(t, "core/src/sso_new_module.c"),
         "core/src/sso_new_module.c: in the tree but in no *_SOURCES list of %s" % CMAKE_LIST),
        ("a file missing from the Make fragment",
         lambda t: drop_line(t, MAKE_LIST, "sso_status.c"),
         "core/src/sso_status.c: in %s (TINYSSO_CORE_SOURCES) but missing from %s"
         % (CMAKE_LIST, MAKE_LIST)),
        ("a listed file gone from the tree",
         lambda t: os.remove(os.path.join(t, "port/posix/sso_posix_platform.c")),
         "port/posix/sso_posix_platform.c: listed in %s (TINYSSO_POSIX_SOURCES) but not in "
         "the tree" % CMAKE_LIST),
        ("a new port folder", lambda t: touch(t, "port/newstack/sso_newstack_tcp.c"),
         "port/newstack/sso_newstack_tcp.c: in the tree but in no *_SOURCES list of %s"
         % MAKE_LIST),
        ("a core file in a port's list", lambda t: move_to_posix(t, "sso_util.c"),
         "core/src/sso_util.c: listed in %s (TINYSSO_POSIX_SOURCES), expected a "
         "TINYSSO_CORE_SOURCES* list" % CMAKE_LIST),
    ]
    for what, breakit, expect in cases:
        with tempfile.TemporaryDirectory() as t:
            copy_tree(real, t)
            if check(t):
                print("self-test: the untouched copy already fails")
                return 1
            breakit(t)
            errors = check(t)
            ok = any(e.startswith(expect) for e in errors)
            print("self-test: %s: %s" % (what, "caught" if ok else "MISSED"))
            if not ok:
                print("  expected a line starting %r, got:\n  %s" % (expect, "\n  ".join(errors)))
                failures += 1
    return 1 if failures else 0


def copy_tree(src, dst):
    for rel in (CMAKE_LIST, MAKE_LIST):
        os.makedirs(os.path.dirname(os.path.join(dst, rel)) or dst, exist_ok=True)
        shutil.copy(os.path.join(src, rel), os.path.join(dst, rel))
    for p in on_disk(src):
        touch(dst, p)
    for d in ("core/include",):
        os.makedirs(os.path.join(dst, d), exist_ok=True)


def touch(root, rel):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "a").close()


def move_to_posix(root, name):
    """Moves a core file from the core list to the POSIX port's list, in both
    list files."""
    for rel in (CMAKE_LIST, MAKE_LIST):
        drop_line(root, rel, name)
        with open(os.path.join(root, rel), "a") as f:
            if rel == CMAKE_LIST:
                f.write("list(APPEND TINYSSO_POSIX_SOURCES ${TINYSSO_ROOT}/core/src/%s)\n" % name)
            else:
                f.write("TINYSSO_POSIX_SOURCES += $(TINYSSO_ROOT)/core/src/%s\n" % name)


def drop_line(root, rel, needle):
    """Removes the line naming needle; when it ended a Make continuation,
    the line before it stops continuing."""
    path = os.path.join(root, rel)
    with open(path) as f:
        lines = f.readlines()
    out = []
    for line in lines:
        if needle in line:
            if not line.rstrip().endswith("\\") and out and out[-1].rstrip().endswith("\\"):
                out[-1] = out[-1].rstrip()[:-1].rstrip() + "\n"
            continue
        out.append(line)
    with open(path, "w") as f:
        f.writelines(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.join(HERE, ".."))
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    errors = check(args.root)
    for e in errors:
        print("file lists: " + e, file=sys.stderr)
    if not errors:
        print("file lists: %s and %s agree with each other and with core/src and port/"
              % (CMAKE_LIST, MAKE_LIST))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
