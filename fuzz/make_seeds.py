#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/seeds/TARGET/.

Run from anywhere: `python3 fuzz/make_seeds.py`. The output is deterministic (fixed
timestamps, owners and gzip headers), so rerunning it leaves a clean `git status` unless the
fixtures or the registry index changed. See docs/fuzzing.md.
"""

import glob
import gzip
import io
import os
import shutil
import stat
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "fuzz", "seeds")
MTIME = 1700000000  # fixed, so that the seeds are reproducible

MANIFEST = b'[plugin]\nname = "evil-pkg"\nversion = "1.0.0"\n'


def write(target, name, data):
    folder = os.path.join(SEEDS, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def reset(target):
    shutil.rmtree(os.path.join(SEEDS, target), ignore_errors=True)


# --- plugin.toml ---------------------------------------------------------------------------

def plugin_manifest():
    t = "plugin_manifest"
    reset(t)
    for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "*", "*", "plugin.toml"))):
        version = os.path.basename(os.path.dirname(path))
        name = os.path.basename(os.path.dirname(os.path.dirname(path)))
        with open(path, "rb") as f:
            write(t, f"fixture-{name}-{version}.toml", f.read())
    write(t, "minimal.toml", '[plugin]\nname = "a"\nversion = "0.0.0"\n')
    write(t, "full-with-dependencies.toml", """\
[plugin]
name = "stoq-hash"
version = "1.1.0-rc.1+build.5"
description = "Hash payload content"
authors = ["Jane Doe <jane@example.org>"]
license = "MIT OR Apache-2.0"
keywords = ["stoq", "hash"]
kind = "worker"
host = { name = "stoq", version = ">=3, <4" }
include = ["stoq_hash/**", "README.md", "rules", "{a,b}/*.py", "[ab]?.txt"]
exclude = ["**/*.pyc", "stoq_hash/dev_notes.txt", "rules/experimental/"]

[dependencies]
threatbus-inmem = "^1.1"
other_plugin = { version = "~1.2.3", registry = "internal" }
third = "*"

[entry-points."stoq.workers"]
hash = "stoq_hash.hash:HashPlugin"

[entry-points.other]
x = "a.b.c"

[config]
hashes = ["md5", "sha1"]
nested = { deep = { deeper = [1, 2.5, true, 1979-05-27T07:32:00Z] } }

[requirements]
python = ["xxhash>=3"]
""")
    write(t, "unknown-keys.toml", """\
colour = "blue"
[plugin]
name = "x-y_z"
version = "1.2.3"
colour = "red"
[plugin.extra]
deep = 1
[something-else]
a = 1
""")
    write(t, "bad-glob.toml", '[plugin]\nname = "g"\nversion = "1.0.0"\ninclude = ["a/[b", "**"]\n')
    write(t, "glob-leaves-root.toml",
          '[plugin]\nname = "g"\nversion = "1.0.0"\nexclude = ["../x", "/abs", "a\\\\b"]\n')
    write(t, "bad-name.toml", '[plugin]\nname = "-Bad Name!"\nversion = "1.0"\n')
    write(t, "bad-dependency.toml",
          '[plugin]\nname = "d"\nversion = "1.0.0"\n[dependencies]\n"not a name" = { version = ">=1 <2" }\n')
    write(t, "wrong-types.toml", '[plugin]\nname = 1\nversion = ["1.0.0"]\nhost = "stoq"\n')
    write(t, "unicode.toml",
          '[plugin]\nname = "uni"\nversion = "1.0.0"\ndescription = "\\u00e9t\\u00e9 \U0001F600"\n'
          'include = ["d\u00e9j\u00e0/**", "\u00fc*"]\n')
    write(t, "empty.toml", "")


# --- plugins.toml --------------------------------------------------------------------------

def project_manifest():
    t = "project_manifest"
    reset(t)
    write(t, "formats-example.toml", """\
[project]
plugin-dir = "plugins"
host = { name = "stoq", version = "3.0.2" }

[registries]
default = "registry-index"
internal = "https://plugins.example.com/index/"

[plugins]
stoq-hash = "1.1.0"
threatbus-zeek = { version = "^1", registry = "internal" }
kitovu-moodle = { url = "http://host/kitovu-moodle-0.2.0.zip", sha256 = "HEX" }
my-local = { path = "../my-local" }
""")
    write(t, "template.toml", """\
# The plugins of this project, managed by `plugin` (see `plugin --help`).
# `plugin install NAME` adds entries here; plugins.lock records what is installed.

[project]
# plugin-dir = "plugins"

[registries]

[plugins]
""")
    write(t, "registry-tables.toml", """\
[registries]
default = { index = "file:///srv/index" }
internal = { index = "http://example.com/no/slash" }
ftp = "ftp://example.com/index/"
rel = "../index"

[plugins]
a = { version = "1", registry = "internal" }
b = { version = ">=0.1, <0.3", registry = "nowhere" }
""")
    write(t, "url-plugins.toml", """\
[plugins]
k = { url = "https://user:pw@example.com/k.zip?token=1", sha256 = "sha256:274048b97b8168bca3a4d9dda740c02759a2274f40f81f386f3b2040dc4c624b" }
m = { url = "http://example.com/m.tar.gz" }
""")
    write(t, "bad-entries.toml", """\
[plugins]
both = { version = "1", url = "https://example.com/x.zip" }
none = {}
sha-with-version = { version = "1", sha256 = "00" }
ftp = { url = "ftp://example.com/x.zip" }
""")
    write(t, "duplicate-names.toml", '[plugins]\nstoq-hash = "1"\nStoq_Hash = "2"\n')
    write(t, "limits.toml", """\
[project]
plugin-dir = "/abs/plugins"

[limits]
max-unpacked-size = 1048576
max-entries = 10
max-file-size = 0
max-path-length = 18446744073709551615
max-compression-ratio = 1
""")
    write(t, "unknown-limit.toml", "[limits]\nmax-anything = 1\n")
    write(t, "empty.toml", "")
    write(t, "inline-and-dotted.toml",
          'project.plugin-dir = "p"\nregistries.default = "idx"\nplugins = { a = "1", b = { path = "b" } }\n')


# --- plugins.lock --------------------------------------------------------------------------

LOCK_HEADER = """\
# This file is written by `plugin` and records exactly what is installed.
# Do not edit it by hand.
version = 1
"""


def lockfile():
    t = "lockfile"
    reset(t)
    write(t, "formats-example.lock", LOCK_HEADER + """
[[plugin]]
name = "stoq-hash"
version = "1.1.0"
source = "registry+registry-index"
checksum = "sha256:274048b97b8168bca3a4d9dda740c02759a2274f40f81f386f3b2040dc4c624b"
content = "sha256:ff87e4739395cce639cdb5ecd66d46104b9aa97ebe55a2ce0ecb69e886653f40"

[[plugin]]
name = "threatbus-zeek"
version = "1.1.0"
source = "registry+registry-index"
checksum = "sha256:1ad0fe55d6dceb25cfc1fb201ef97c3e80e8d64084f5d01f6c99439b46a95ec1"
content = "sha256:6a44f2ac5b8d7a2d40782ac5179c47073de0976694d6562190c3772435b30817"
dependencies = ["threatbus-inmem"]
""")
    write(t, "empty.lock", LOCK_HEADER)
    write(t, "all-sources.lock", """version = 1

[[plugin]]
name = "zeta"
version = "0.1.0-alpha.1+build"
source = "path+../zeta"
content = "sha256:0000000000000000000000000000000000000000000000000000000000000000"
dependencies = ["beta", "Alpha", "beta", "alpha"]

[[plugin]]
name = "alpha"
version = "2.0.0"
source = "url+https://example.com/alpha.zip"
checksum = "AC38D967808F6177F18E895C650D9B86104B7CF4BC7A01098BD82BE7AC3ECD69"
content = "sha256:ac38d967808f6177f18e895c650d9b86104b7cf4bc7a01098bd82be7ac3ecd69"

[[plugin]]
name = "beta"
version = "1.0.0"
source = "registry+https://plugins.example.com/index/"
""")
    write(t, "inline-array.lock",
          'version = 1\nplugin = [{ name = "a", version = "1.0.0", source = "registry+x" }, '
          '{ name = "b", version = "1.0.0", source = "path+", dependencies = [] }]\n')
    write(t, "future-version.lock", "version = 2\n")
    write(t, "bad-source.lock",
          'version = 1\n[[plugin]]\nname = "a"\nversion = "1.0.0"\nsource = "git+https://x"\n')
    write(t, "bad-checksum.lock",
          'version = 1\n[[plugin]]\nname = "a"\nversion = "1.0.0"\nsource = "registry+x"\nchecksum = "sha256:12"\n')
    write(t, "quoted-source.lock",
          'version = 1\n[[plugin]]\nname = "q"\nversion = "1.0.0"\n'
          'source = "path+C:\\\\dir with \\"quotes\\"\\n\\u00e9"\n')


# --- index lines ---------------------------------------------------------------------------

def index_line():
    t = "index_line"
    reset(t)
    index = os.path.join(ROOT, "registry-index")
    for dirpath, dirnames, filenames in os.walk(index):
        dirnames[:] = sorted(d for d in dirnames if not (dirpath == index and d == "packages"))
        for fname in sorted(filenames):
            if dirpath == index:  # config.json, .gitattributes
                continue
            with open(os.path.join(dirpath, fname), "rb") as f:
                for i, line in enumerate(f.read().splitlines()):
                    if line.strip():
                        write(t, f"{fname}-{i + 1}.json", line)
    write(t, "cargo-style.json",
          '{"name":"serde-x","vers":"1.0.0","deps":[{"name":"dep-a","req":"^1","features":[],'
          '"optional":false,"default_features":true,"target":null,"kind":"normal"}],'
          '"cksum":"ac38d967808f6177f18e895c650d9b86104b7cf4bc7a01098bd82be7ac3ecd69",'
          '"features":{},"yanked":false,"links":null,"v":2}')
    write(t, "dep-with-registry.json",
          '{"name":"a","vers":"0.1.0-pre+meta","deps":[{"name":"b","req":">=1, <2","registry":"internal"}],'
          '"cksum":"sha256:AC38D967808F6177F18E895C650D9B86104B7CF4BC7A01098BD82BE7AC3ECD69",'
          '"host":{"name":"stoq","version":"~3"},"format":"zip","description":"\\u00e9\\ud83d\\ude00"}')
    write(t, "minimal-bad-cksum.json", '{"name":"a","vers":"1.0.0","cksum":"xyz"}')


# --- archives ------------------------------------------------------------------------------

def tar_info(name, type_=tarfile.REGTYPE, size=0, mode=0o644, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = type_
    info.size = size
    info.mode = mode
    info.mtime = MTIME
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.linkname = linkname
    return info


def raw_tar(entries, fmt=tarfile.USTAR_FORMAT):
    """A tar stream of (TarInfo, bytes) pairs, without tarfile's padding to 10 KiB."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tar:
        for info, data in entries:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
        end = tar.offset
    return buf.getvalue()[: end + 1024]  # the entries and the two zero blocks


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=MTIME)


def file_entry(name, data, mode=0o644):
    return (tar_info(name, size=len(data), mode=mode), data)


def crafted_tars():
    py = b"print('hi')\n"
    return {
        "root-manifest": [file_entry("plugin.toml", MANIFEST), file_entry("a.py", py)],
        "folder-manifest": [
            (tar_info("pkg/", tarfile.DIRTYPE, mode=0o755), None),
            file_entry("pkg/plugin.toml", MANIFEST),
            file_entry("pkg/bin/run", b"#!/bin/sh\n", mode=0o4755),
        ],
        "symlink": [
            file_entry("plugin.toml", MANIFEST),
            (tar_info("link", tarfile.SYMTYPE, linkname="/etc/passwd"), None),
            file_entry("link", b"overwrite through the link\n"),
        ],
        "hardlink": [
            file_entry("plugin.toml", MANIFEST),
            (tar_info("hard", tarfile.LNKTYPE, linkname="../outside"), None),
        ],
        "dotdot": [file_entry("plugin.toml", MANIFEST), file_entry("../evil.txt", b"evil\n")],
        "absolute": [file_entry("plugin.toml", MANIFEST), file_entry("/tmp/evil.txt", b"evil\n")],
        "duplicate": [
            file_entry("plugin.toml", MANIFEST),
            file_entry("a.txt", b"first\n"),
            file_entry("a.txt", b"second\n"),
        ],
        "case-collision": [
            file_entry("plugin.toml", MANIFEST),
            file_entry("Readme.md", b"a\n"),
            file_entry("README.md", b"b\n"),
        ],
        "file-then-folder": [
            file_entry("plugin.toml", MANIFEST),
            file_entry("x", b"a file\n"),
            file_entry("x/y", b"below a file\n"),
        ],
        "outside-top-folder": [
            file_entry("pkg/plugin.toml", MANIFEST),
            file_entry("other.txt", b"not in pkg\n"),
        ],
        "fifo-device": [
            file_entry("plugin.toml", MANIFEST),
            (tar_info("fifo", tarfile.FIFOTYPE), None),
            (tar_info("dev", tarfile.CHRTYPE), None),
        ],
    }


def unpack_targz():
    t = "unpack_targz"
    reset(t)
    for path in sorted(glob.glob(os.path.join(ROOT, "registry-index", "packages", "*", "*", "download"))):
        with open(path, "rb") as f:
            data = f.read()
        if data[:2] == b"\x1f\x8b":
            version = os.path.basename(os.path.dirname(path))
            name = os.path.basename(os.path.dirname(os.path.dirname(path)))
            write(t, f"registry-{name}-{version}.tar.gz", data)
    for name, entries in crafted_tars().items():
        # Raw tar: the target gzips inputs that lack the gzip magic, and the fuzzer mutates
        # tar headers far better uncompressed. The registry archives cover the gzip path.
        write(t, f"{name}.tar", raw_tar(entries))
    long_name = "pkg/" + "d" * 120 + "/" + "f" * 120 + ".txt"
    pax = raw_tar([file_entry("pkg/plugin.toml", MANIFEST), file_entry(long_name, b"long\n")],
                  fmt=tarfile.PAX_FORMAT)
    write(t, "pax-long-name.tar", pax)
    gnu = raw_tar([file_entry("pkg/plugin.toml", MANIFEST), file_entry(long_name, b"long\n")],
                  fmt=tarfile.GNU_FORMAT)
    write(t, "gnu-long-name.tar", gnu)
    # A small gzip bomb-like stream: 2 MiB of zeros in one file.
    write(t, "zeros.tar.gz", gz(raw_tar([file_entry("plugin.toml", MANIFEST),
                                         file_entry("zeros", bytes(2 << 20))])))


def zip_info(name, mode=0o100644, compress=zipfile.ZIP_DEFLATED):
    info = zipfile.ZipInfo(name, date_time=(2023, 11, 14, 22, 13, 20))
    info.external_attr = mode << 16
    if name.endswith("/"):
        info.external_attr |= 0x10  # the MS-DOS directory attribute
    info.create_system = 3  # unix, so that the mode bits are read
    info.compress_type = compress
    return info


def make_zip(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info, data in entries:
            z.writestr(info, data)
    return buf.getvalue()


def unpack_zip():
    t = "unpack_zip"
    reset(t)
    for path in sorted(glob.glob(os.path.join(ROOT, "registry-index", "packages", "*", "*", "download"))):
        with open(path, "rb") as f:
            data = f.read()
        if data[:2] == b"PK":
            version = os.path.basename(os.path.dirname(path))
            name = os.path.basename(os.path.dirname(os.path.dirname(path)))
            write(t, f"registry-{name}-{version}.zip", data)
    m = (zip_info("plugin.toml"), MANIFEST)
    crafted = {
        "root-manifest": [m, (zip_info("a.py", compress=zipfile.ZIP_STORED), b"print(1)\n")],
        "folder-manifest": [
            (zip_info("pkg/", mode=0o40755, compress=zipfile.ZIP_STORED), b""),
            (zip_info("pkg/plugin.toml"), MANIFEST),
            (zip_info("pkg/run.sh", mode=0o104755), b"#!/bin/sh\n"),
        ],
        "symlink": [m, (zip_info("link", mode=0o120777, compress=zipfile.ZIP_STORED), b"/etc/passwd")],
        "dotdot": [m, (zip_info("../evil.txt"), b"evil\n")],
        "absolute": [m, (zip_info("/tmp/evil.txt"), b"evil\n")],
        "backslash": [m, (zip_info("..\\evil.txt"), b"evil\n")],
        "duplicate": [m, (zip_info("a.txt"), b"first\n"), (zip_info("a.txt"), b"second\n")],
        "case-collision": [m, (zip_info("Readme.md"), b"a\n"), (zip_info("README.md"), b"b\n")],
        "file-then-folder": [m, (zip_info("x"), b"file\n"), (zip_info("x/y"), b"below a file\n")],
        "zeros": [m, (zip_info("zeros"), bytes(2 << 20))],
    }
    for name, entries in crafted.items():
        write(t, f"{name}.zip", make_zip(entries))


if __name__ == "__main__":
    plugin_manifest()
    project_manifest()
    lockfile()
    index_line()
    unpack_targz()
    unpack_zip()
    for target in sorted(os.listdir(SEEDS)):
        files = os.listdir(os.path.join(SEEDS, target))
        size = sum(os.path.getsize(os.path.join(SEEDS, target, f)) for f in files)
        print(f"{target}: {len(files)} seeds, {size} bytes")
