#!/usr/bin/env python3
"""check_layers: the rooms of the house, checked from the #include lines.

  lib/ includes no program; a program (kiosk, sync, collector, tools)
  includes only lib/ and itself; SDL is included only behind the kiosk's
  render seam (files named *_sdl.c or *_sdl.h); the collector's pages write
  raw HTML only from string literals (the raw writer's argument is never a
  variable, a call or a format, and there is no raw printf); and no files
  include each other, directly or round a longer cycle.

Usage: check_layers.py [ROOT]   (default: the tree this script is in)
Prints one line per breach ("file:line: what") and exits 1 when there is any.
"""
import os
import re
import sys

PROGRAMS = ("kiosk", "sync", "collector", "tools")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SDL = re.compile(r'^SDL2?/|^SDL[_.]|^SDL$')
# A raw HTML write whose text argument does not start with a string literal.
RAW_HTML_FORMAT = re.compile(r'\b(?:coll_)?html_(?:raw|trusted)\w*f\s*\(')
RAW_HTML = re.compile(r'\b(?:coll_)?html_(?:raw|trusted)\w*\s*\(\s*[^,()]+,\s*(?!["\s])')


def sources(root):
    for top in ("lib",) + PROGRAMS:
        base = os.path.join(root, top)
        for d, _, files in os.walk(base):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield top, os.path.join(d, f)


def resolve(root, path, name):
    """Where a quoted include lands: beside the file, else in lib/ (-Ilib)."""
    for cand in (os.path.join(os.path.dirname(path), name), os.path.join(root, "lib", name)):
        if os.path.exists(cand):
            return os.path.relpath(os.path.realpath(cand), os.path.realpath(root))
    return None


def include_cycles(root, edges):
    """Cycles among files through quoted #includes (a.h -> b.h -> a.h)."""
    found, state = [], {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    return found


def check(root):
    breaches = []
    edges = {}
    for top, path in sources(root):
        rel = os.path.relpath(path, root)
        behind_seam = top == "kiosk" and re.search(r'_sdl\.[ch]$', path)
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().split("\n")
        for no, line in enumerate(lines, 1):
            m = INCLUDE.match(line)
            if m:
                kind, name = m.groups()
                if kind == "<" and SDL.search(name) and not behind_seam:
                    breaches.append(f"{rel}:{no}: includes <{name}> outside the render seam"
                                    " (only kiosk/*_sdl.c and *_sdl.h may include SDL)")
                if kind == '"':
                    target = resolve(root, path, name)
                    owner = target.split(os.sep)[0] if target else None
                    if target:
                        edges.setdefault(rel, set()).add(target)
                    if top == "lib" and owner in PROGRAMS:
                        breaches.append(f"{rel}:{no}: lib/ includes the program header {target}")
                    elif top in PROGRAMS and owner in PROGRAMS and owner != top:
                        breaches.append(f"{rel}:{no}: {top}/ includes {target}, another"
                                        " program's header (share it through lib/)")
                    elif target is None and not name.startswith(".."):
                        pass  # a system header in quotes: not ours to judge
        if top == "collector" and not re.search(r'(^|/)html\.[ch]$', path):
            text = "\n".join(lines)
            hits = list(RAW_HTML.finditer(text)) + list(RAW_HTML_FORMAT.finditer(text))
            for m in sorted(hits, key=lambda x: x.start()):
                no = text.count("\n", 0, m.start()) + 1
                if "#define" in lines[no - 1]:
                    continue
                breaches.append(f"{rel}:{no}: raw HTML written from data; use the"
                                " escaping writer (only string literals may be raw)")
    for cycle in include_cycles(root, edges):
        breaches.append(f"{cycle[0]}:1: files include each other: {' -> '.join(cycle)}")
    return breaches


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    breaches = check(os.path.abspath(root))
    for b in breaches:
        print(b)
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
