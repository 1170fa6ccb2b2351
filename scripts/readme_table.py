"""Shared by the table generators: replaces or checks the text between a
pair of <!-- name:begin --> / <!-- name:end --> markers in README.md."""
import difflib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, "README.md")


def _span(text, name):
    begin, end = "<!-- %s:begin -->\n" % name, "<!-- %s:end -->" % name
    i = text.find(begin)
    j = text.find(end, i + len(begin)) if i >= 0 else -1
    if i < 0 or j < 0:
        sys.exit("README.md has no %s markers" % name)
    return i + len(begin), j


def update(name, table, check):
    """Writes table between the markers, or with check=True only compares.
    Returns True when README.md holds (or now holds) exactly this table."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    a, b = _span(text, name)
    current = text[a:b]
    if not table.endswith("\n"):
        table += "\n"
    if check:
        if current != table:
            sys.stderr.write("README.md %s table is stale; regenerate it:\n" % name)
            sys.stderr.writelines(difflib.unified_diff(
                current.splitlines(True), table.splitlines(True), "README.md", "fresh"))
            return False
        return True
    if current != table:
        with open(README, "w", encoding="utf-8") as f:
            f.write(text[:a] + table + text[b:])
    return True
