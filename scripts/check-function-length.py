#!/usr/bin/env python3
"""Fails when a function in `src/` is longer than the limit (120 lines by default).

A function is counted from its `fn` line to its closing brace. Test code (from a
`#[cfg(test)]` line that opens a `mod` to the end of the file) and the clap definitions
(`src/cli/args.rs`, or `src/cli.rs` before it was split) are not counted. Prints each long
function as `path:line: name is N lines` and exits 1, else prints a one-line summary.

Usage: scripts/check-function-length.py [--max N] [SRC_DIR]
"""

import re
import sys
from pathlib import Path

CLAP = {"cli.rs", "cli/args.rs"}


def code_of(text: str) -> str:
    """The text with comments, strings and char literals blanked (line breaks kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:]) and (i == 0 or not text[i - 1].isalnum()):
            hashes = re.match(r"r(#*)\"", text[i:]).group(1)
            end = text.find('"' + hashes, i + 2 + len(hashes))
            j = n if end < 0 else end + 1 + len(hashes)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(re.sub(r"[^\n]", " ", text[i : j + 1]))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:]):
            m = re.match(r"'(\\.|[^\\'])'", text[i:])
            out.append(" " * len(m.group(0)))
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def main() -> int:
    args = sys.argv[1:]
    limit = 120
    if args[:1] == ["--max"]:
        limit = int(args[1])
        args = args[2:]
    src = Path(args[0] if args else "src")
    long = []
    count = 0
    for path in sorted(src.rglob("*.rs")):
        rel = path.relative_to(src).as_posix()
        if rel in CLAP:
            continue
        text = code_of(path.read_text(encoding="utf-8"))
        m = re.search(r"^\s*#\[cfg\(test\)\]\s*\n\s*(pub(\([^)]*\))? )?mod \w+", text, re.M)
        if m:
            text = text[: m.start()]
        for fm in re.finditer(r"\bfn\s+(\w+)", text):
            # The body starts at the first `{` after the signature (not a `;` declaration).
            j = fm.end()
            depth_paren = 0
            while j < len(text):
                ch = text[j]
                if ch in "([<":
                    depth_paren += 1
                elif ch in ")]>":
                    depth_paren -= 1
                elif ch == ";" and depth_paren <= 0:
                    j = -1
                    break
                elif ch == "{" and depth_paren <= 0:
                    break
                j += 1
            if j < 0 or j >= len(text):
                continue
            depth, k = 0, j
            while k < len(text):
                if text[k] == "{":
                    depth += 1
                elif text[k] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                k += 1
            start = text.count("\n", 0, fm.start()) + 1
            end = text.count("\n", 0, k) + 1
            count += 1
            if end - start + 1 > limit:
                long.append(f"{path}:{start}: {fm.group(1)} is {end - start + 1} lines")
    for line in long:
        print(line)
    if long:
        print(f"{len(long)} functions over {limit} lines")
        return 1
    print(f"no function over {limit} lines ({count} functions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
