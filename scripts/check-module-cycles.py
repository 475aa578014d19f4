#!/usr/bin/env python3
"""Fails when the crate's modules, or its top-level folders, import each other in a cycle.

Reads every `src/**/*.rs` (test modules excluded: everything from a `#[cfg(test)]` line that
opens a `mod` to the end of the file), collects the paths it names through `crate::` and
`super::` (in `use` trees and in expressions), and maps each to the deepest module that
exists. Two graphs are checked: module to module, and top-level module (or folder) to
top-level module. `commands`, `cli` and `main` are the edge and may use anything, but
nothing may use them. Prints every cycle found (as `a -> b -> a`) and exits 1, else prints
a one-line summary and exits 0.

Usage: scripts/check-module-cycles.py [SRC_DIR]   (default: src)
"""

import re
import sys
from pathlib import Path

EDGE = {"cli", "commands", "main"}


def module_of(path: Path, src: Path) -> tuple:
    rel = path.relative_to(src).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] in ("mod", "lib", "main") and len(parts) > 1 or parts == ["lib"]:
        parts = parts[:-1]
    return tuple(parts)


def strip_tests(text: str) -> str:
    m = re.search(r"^\s*#\[cfg\(test\)\]\s*\n\s*(pub(\([^)]*\))? )?mod \w+", text, re.M)
    return text[: m.start()] if m else text


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(\\.|[^"\\])*"', '""', text)
    return text


def expand_use(tree: str) -> list:
    """Expands a use tree such as `a::{b, c::{d, e}}` into paths."""
    tree = re.sub(r"\s+as\s+\w+", "", tree)
    tree = re.sub(r"\s+", "", tree)
    out = []

    def walk(prefix, t):
        depth, start, items = 0, 0, []
        for i, ch in enumerate(t):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                items.append(t[start:i])
                start = i + 1
        items.append(t[start:])
        for item in items:
            if not item:
                continue
            if "{" in item:
                head, rest = item.split("{", 1)
                walk(prefix + [p for p in head.split("::") if p], rest[:-1])
            else:
                out.append(prefix + [p for p in item.split("::") if p])

    walk([], tree)
    return out


def references(text: str, me: tuple) -> list:
    refs = []
    for m in re.finditer(r"\buse\s+([^;]+);", text):
        for path in expand_use(m.group(1)):
            refs.append(path)
    for m in re.finditer(r"\b((?:crate|super)(?:::(?:super|\w+))+)", text):
        refs.append(m.group(1).split("::"))
    resolved = []
    for path in refs:
        if not path:
            continue
        if path[0] == "crate":
            resolved.append(tuple(path[1:]))
        elif path[0] == "super":
            base = list(me)
            while path and path[0] == "super":
                base = base[:-1]
                path = path[1:]
            resolved.append(tuple(base + path))
    return resolved


def main() -> int:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "src")
    files = {module_of(p, src): p for p in sorted(src.rglob("*.rs"))}
    modules = set(files)
    edges = {m: set() for m in modules}
    for mod, path in files.items():
        text = strip_comments(strip_tests(path.read_text(encoding="utf-8")))
        for ref in references(text, mod):
            target = None
            for n in range(len(ref), 0, -1):
                if ref[:n] in modules:
                    target = ref[:n]
                    break
            if target is None or target == mod or target == ():
                continue
            # A module may use its own descendants and its ancestors' items freely only
            # when no cycle results; record every edge.
            edges[mod].add(target)
    problems = []
    for m, targets in edges.items():
        for t in targets:
            if t and t[0] in EDGE and (not m or m[0] not in EDGE):
                problems.append(f"{'::'.join(m) or 'lib'} uses the edge module {'::'.join(t)}")
    cycles = find_cycles({m: {t for t in ts if not is_ancestor(t, m)} for m, ts in edges.items()})
    top = {}
    for m, ts in edges.items():
        if not m:
            continue
        for t in ts:
            if t and t[0] != m[0]:
                top.setdefault((m[0],), set()).add((t[0],))
    top_cycles = find_cycles(top)
    for members, c in cycles:
        problems.append(
            "module cycle among {" + ", ".join("::".join(x) for x in members) + "}, for example "
            + " -> ".join("::".join(x) for x in c)
        )
    for members, c in top_cycles:
        problems.append(
            "folder cycle among {" + ", ".join(x[0] for x in members) + "}, for example "
            + " -> ".join(x[0] for x in c)
        )
    if problems:
        for p in problems:
            print(p)
        return 1
    n_edges = sum(len(t) for t in edges.values())
    print(f"no import cycle: {len(modules)} modules, {n_edges} imports, {len(top)} top-level modules")
    return 0


def is_ancestor(a: tuple, b: tuple) -> bool:
    """Whether module `a` contains module `b` (a parent re-exporting or declaring a child)."""
    return len(a) < len(b) and b[: len(a)] == a


def find_cycles(graph: dict) -> list:
    """Each strongly connected component of more than one node (Tarjan), with one of its
    shortest cycles."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append((sorted(comp), shortest_cycle(graph, set(comp))))

    for v in list(graph):
        if v not in index:
            strong(v)
    return out


def shortest_cycle(graph: dict, comp: set) -> list:
    start = min(comp)
    from collections import deque

    prev = {start: None}
    queue = deque([start])
    while queue:
        v = queue.popleft()
        for w in sorted(graph.get(v, ())):
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return list(reversed(path)) + [start]
            if w in comp and w not in prev:
                prev[w] = v
                queue.append(w)
    return sorted(comp)


if __name__ == "__main__":
    sys.exit(main())
