#!/usr/bin/env python3
"""Rebuild the sample plugin registry (registry-index/) from fixtures/.

Usage:
    python3 scripts/build-registry-index.py [--fixtures DIR] [--out DIR] [--check]

Input (see docs/formats.md):
    FIXTURES/NAME/VERSION/        one plugin source folder per version, with plugin.toml
    FIXTURES/yanked.txt           lines `NAME@VERSION`: versions marked yanked
    FIXTURES/archive-style.txt    lines `NAME@VERSION STYLE`, STYLE one of
                                  tar.gz (default), tar.gz-folder, zip

Output:
    OUT/config.json                            {"dl": "packages/{name}/{version}/download"}
    OUT/packages/NAME/VERSION/download         the package archive
    OUT/<prefix>/<name>                        index file, one JSON line per version

Each version folder is packed whole: plugin.toml's include/exclude lists are
NOT applied here, so that the installer's filtering gets exercised. Only
`__pycache__` folders are skipped (Python writes them when fixtures are
imported) and empty folders are left out (git does not keep them).

Archives are reproducible: entries sorted by path with each folder before its
contents, mtime 0 (zip: 1980-01-01 00:00), uid/gid 0, no user/group names,
mode 0644 for files and 0755 for folders and executable files, gzip header
without file name and with mtime 0.

--check rebuilds into a temporary folder and exits 1, listing the differing
files, if the result differs from OUT.

Python 3.11+, standard library only.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import stat
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_JSON = {"dl": "packages/{name}/{version}/download"}
STYLES = ("tar.gz", "tar.gz-folder", "zip")
DEFAULT_STYLE = "tar.gz"
SKIP_DIRS = {"__pycache__"}

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
# The regular expression suggested by https://semver.org/ (numbered groups).
SEMVER_RE = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
    r"(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class BuildError(Exception):
    """A problem with the fixtures; reported as `error: ...` and exit 1."""


# --------------------------------------------------------------------- names


def normalize_name(name: str) -> str:
    """Lowercase, `_` mapped to `-`: the form used for index file names."""
    return name.lower().replace("_", "-")


def index_path(name: str) -> str:
    """Cargo's index path of a package name, e.g. `st/oq/stoq-hash`."""
    n = normalize_name(name)
    if len(n) == 1:
        return f"1/{n}"
    if len(n) == 2:
        return f"2/{n}"
    if len(n) == 3:
        return f"3/{n[0]}/{n}"
    return f"{n[0:2]}/{n[2:4]}/{n}"


def semver_key(version: str) -> tuple:
    """Sort key implementing semver 2.0 precedence (build metadata ignored)."""
    m = SEMVER_RE.match(version)
    if not m:
        raise BuildError(f"`{version}` is not a semver 2.0 version")
    major, minor, patch, pre = int(m[1]), int(m[2]), int(m[3]), m[4]
    if pre is None:
        return (major, minor, patch, 1, ())
    ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (major, minor, patch, 0, ids)


# ------------------------------------------------------------------ fixtures


@dataclass
class Version:
    name: str  # as written in plugin.toml (== folder name)
    version: str
    root: Path
    manifest: dict
    style: str = DEFAULT_STYLE
    yanked: bool = False
    cksum: str = ""
    archive: bytes = field(default=b"", repr=False)


def read_list(path: Path, fields: int) -> list[tuple[str, ...]]:
    """Lines of `NAME@VERSION [STYLE]`; blank lines and `#` comments skipped."""
    if not path.exists():
        return []
    rows = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != fields or "@" not in parts[0]:
            raise BuildError(f"{path}:{lineno}: expected {'NAME@VERSION STYLE' if fields == 2 else 'NAME@VERSION'}")
        name, version = parts[0].split("@", 1)
        rows.append((name, version, *parts[1:]))
    return rows


def load_fixtures(fixtures: Path) -> list[Version]:
    if not fixtures.is_dir():
        raise BuildError(f"fixtures folder `{fixtures}` not found")
    versions: dict[tuple[str, str], Version] = {}
    seen_names: dict[str, str] = {}
    for name_dir in sorted(p for p in fixtures.iterdir() if p.is_dir() and not p.name.startswith(".")):
        norm = normalize_name(name_dir.name)
        if norm in seen_names:
            raise BuildError(f"`{name_dir.name}` and `{seen_names[norm]}` are the same package name")
        seen_names[norm] = name_dir.name
        for ver_dir in sorted(p for p in name_dir.iterdir() if p.is_dir()):
            manifest_path = ver_dir / "plugin.toml"
            if not manifest_path.is_file():
                raise BuildError(f"{ver_dir}: no plugin.toml")
            try:
                manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as e:
                raise BuildError(f"{manifest_path}: {e}") from e
            plugin = manifest.get("plugin", {})
            name, version = plugin.get("name"), plugin.get("version")
            if not isinstance(name, str) or not NAME_RE.match(name):
                raise BuildError(f"{manifest_path}: invalid or missing plugin.name {name!r}")
            if not isinstance(version, str):
                raise BuildError(f"{manifest_path}: missing plugin.version")
            semver_key(version)
            if name != name_dir.name or version != ver_dir.name:
                raise BuildError(
                    f"{manifest_path}: declares {name}@{version} but lives in {name_dir.name}/{ver_dir.name}"
                )
            versions[(name, version)] = Version(name, version, ver_dir, manifest)

    def lookup(name: str, version: str, source: str) -> Version:
        try:
            return versions[(name, version)]
        except KeyError:
            raise BuildError(f"{source}: unknown version {name}@{version}") from None

    for name, version in read_list(fixtures / "yanked.txt", 1):
        lookup(name, version, "yanked.txt").yanked = True
    for name, version, style in read_list(fixtures / "archive-style.txt", 2):
        if style not in STYLES:
            raise BuildError(f"archive-style.txt: unknown style `{style}` (expected one of {', '.join(STYLES)})")
        lookup(name, version, "archive-style.txt").style = style
    return sorted(versions.values(), key=lambda v: (normalize_name(v.name), semver_key(v.version)))


# ------------------------------------------------------------------ archives


@dataclass
class Entry:
    path: str  # relative, `/` separators, no trailing slash
    is_dir: bool
    mode: int
    data: bytes = b""


def collect_entries(root: Path, prefix: str | None) -> list[Entry]:
    """Every file below root (and the folders holding them), sorted by path."""
    files: list[Entry] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for fname in filenames:
            full = Path(dirpath) / fname
            st = full.lstat()
            if not stat.S_ISREG(st.st_mode):
                raise BuildError(f"{full}: only regular files can go into an archive")
            rel = full.relative_to(root).as_posix()
            mode = 0o755 if st.st_mode & 0o111 else 0o644
            files.append(Entry(rel, False, mode, full.read_bytes()))
        for d in dirnames:
            if (Path(dirpath) / d).is_symlink():
                raise BuildError(f"{Path(dirpath) / d}: symbolic links are not allowed")
    dirs = {"/".join(e.path.split("/")[:i]) for e in files for i in range(1, e.path.count("/") + 1)}
    entries = files + [Entry(d, True, 0o755) for d in dirs]
    if prefix is not None:
        entries = [Entry(f"{prefix}/{e.path}", e.is_dir, e.mode, e.data) for e in entries]
        entries.append(Entry(prefix, True, 0o755))
    # Sorting by path components puts every folder right before its contents.
    entries.sort(key=lambda e: [part.encode("utf-8") for part in e.path.split("/")])
    return entries


def build_tar(entries: list[Entry], fmt: int) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=fmt) as tar:
        for e in entries:
            info = tarfile.TarInfo(e.path)
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mode = e.mode
            if e.is_dir:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.type = tarfile.REGTYPE
                info.size = len(e.data)
                tar.addfile(info, io.BytesIO(e.data))
    return raw.getvalue()


def pack_tar_gz(entries: list[Entry]) -> bytes:
    try:
        tar_bytes = build_tar(entries, tarfile.USTAR_FORMAT)
    except ValueError:  # a name too long for ustar
        tar_bytes = build_tar(entries, tarfile.PAX_FORMAT)
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
        gz.write(tar_bytes)
    return out.getvalue()


def pack_zip(entries: list[Entry]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, mode="w") as zf:
        for e in entries:
            info = zipfile.ZipInfo(e.path + ("/" if e.is_dir else ""), date_time=ZIP_EPOCH)
            info.create_system = 3  # Unix, so that external_attr carries the mode
            if e.is_dir:
                info.external_attr = ((stat.S_IFDIR | e.mode) << 16) | 0x10
                info.compress_type = zipfile.ZIP_STORED
                zf.writestr(info, b"")
            else:
                info.external_attr = (stat.S_IFREG | e.mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, e.data, compresslevel=9)
    return out.getvalue()


def pack(v: Version) -> bytes:
    if v.style == "zip":
        return pack_zip(collect_entries(v.root, None))
    prefix = f"{v.name}-{v.version}" if v.style == "tar.gz-folder" else None
    return pack_tar_gz(collect_entries(v.root, prefix))


# --------------------------------------------------------------------- index


def index_line(v: Version) -> str:
    plugin = v.manifest["plugin"]
    deps = []
    for dep_name, spec in v.manifest.get("dependencies", {}).items():
        if isinstance(spec, str):
            dep = {"name": dep_name, "req": spec}
        elif isinstance(spec, dict) and isinstance(spec.get("version"), str):
            dep = {"name": dep_name, "req": spec["version"]}
            if "registry" in spec:
                dep["registry"] = spec["registry"]
        else:
            raise BuildError(f"{v.name}@{v.version}: dependency `{dep_name}` needs a version requirement")
        deps.append(dep)
    deps.sort(key=lambda d: d["name"])
    line = {
        "name": v.name,
        "vers": v.version,
        "deps": deps,
        "cksum": v.cksum,
        "yanked": v.yanked,
    }
    if "host" in plugin:
        line["host"] = plugin["host"]
    line["format"] = "zip" if v.style == "zip" else "tar.gz"
    if "description" in plugin:
        line["description"] = plugin["description"]
    return json.dumps(line, separators=(",", ":"), ensure_ascii=False)


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def build(fixtures: Path, out: Path) -> list[Version]:
    """Write config.json, archives and index files into the empty folder out."""
    versions = load_fixtures(fixtures)
    write_bytes(out / "config.json", (json.dumps(CONFIG_JSON) + "\n").encode("utf-8"))
    lines: dict[str, list[str]] = {}
    for v in versions:
        v.archive = pack(v)
        v.cksum = hashlib.sha256(v.archive).hexdigest()
        write_bytes(out / "packages" / v.name / v.version / "download", v.archive)
        lines.setdefault(index_path(v.name), []).append(index_line(v))
    for rel, entries in lines.items():  # versions are already in semver order
        write_bytes(out / rel, ("\n".join(entries) + "\n").encode("utf-8"))
    return versions


# ---------------------------------------------------------- owned out files

INDEX_DIR_RE = re.compile(r"^(?:[123]|[a-z0-9_-]{2})$")


def owned_top_level(out: Path) -> list[Path]:
    """Top-level entries of out that this script writes (and may delete)."""
    if not out.is_dir():
        return []
    return sorted(
        p
        for p in out.iterdir()
        if p.name in ("config.json", "packages") or (p.is_dir() and INDEX_DIR_RE.match(p.name))
    )


def owned_files(out: Path) -> dict[str, bytes]:
    files = {}
    for top in owned_top_level(out):
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for p in paths:
            files[p.relative_to(out).as_posix()] = p.read_bytes()
    return files


def clean(out: Path) -> None:
    if out.exists():
        others = [p.name for p in out.iterdir() if not p.name.startswith(".")]
        if others and not (out / "config.json").exists():
            raise BuildError(f"`{out}` has files but no config.json; refusing to clean it")
    for p in owned_top_level(out):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()


# ---------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the sample plugin registry from fixtures.")
    parser.add_argument("--fixtures", type=Path, default=Path("fixtures"), help="fixtures folder (default: fixtures)")
    parser.add_argument("--out", type=Path, default=Path("registry-index"), help="registry folder (default: registry-index)")
    parser.add_argument("--check", action="store_true", help="only check that OUT is up to date; exit 1 if not")
    args = parser.parse_args(argv)

    try:
        with tempfile.TemporaryDirectory(prefix="registry-index-") as tmp:
            fresh = Path(tmp) / "index"
            versions = build(args.fixtures, fresh)
            if args.check:
                want, have = owned_files(fresh), owned_files(args.out)
                missing = sorted(set(want) - set(have))
                stale = sorted(set(have) - set(want))
                changed = sorted(p for p in set(want) & set(have) if want[p] != have[p])
                if not (missing or stale or changed):
                    print(f"{args.out} is up to date ({len(versions)} versions)")
                    return 0
                print(f"{args.out} is out of date; run: python3 scripts/build-registry-index.py", file=sys.stderr)
                for label, paths in (("missing", missing), ("stale", stale), ("changed", changed)):
                    for p in paths:
                        print(f"  {label:8} {p}", file=sys.stderr)
                return 1
            clean(args.out)
            args.out.mkdir(parents=True, exist_ok=True)
            for src in sorted(fresh.iterdir()):
                dst = args.out / src.name
                if src.is_dir():
                    shutil.copytree(src, dst)
                else:
                    shutil.copyfile(src, dst)
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for v in versions:
        flags = " (yanked)" if v.yanked else ""
        print(f"{v.cksum}  packages/{v.name}/{v.version}/download  [{v.style}]{flags}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
