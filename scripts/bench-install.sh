#!/usr/bin/env bash
# Install benchmark (issue #8), run on demand, never by CI's tests:
#
#   scripts/bench-install.sh [N...]        (default: 50 200 1000; issue #18: 200 1000)
#
# For each N it generates N synthetic plugins (about 10 files and 40 KB each) with
# benches/corpus/make_corpus.py, serves them over loopback HTTP (nginx if installed, else a
# threaded Python server) as a registry and as a PEP 503 index, and times with hyperfine (median of RUNS runs, one hyperfine run per N so every figure
# comes from the same conditions):
#   plugin cold   empty cache, empty plugin directory, no lockfile: resolve, download, install
#   plugin warm   cache and plugins.lock kept, empty plugin directory: no network; files placed
#                 from the store of unpacked archives by the default link mode (clone)
#   warm MODE     the same with `--link-mode MODE`, for clone, hardlink and copy
#   plugin no-op  everything installed: reads plugins.toml, plugins.lock and the records
#                 (timed without a shell, 4 x RUNS runs)
#   tar xzf       one `tar xzf` of every plugin tree in one archive: the unpack floor
#   uv cold/warm  `uv pip install --target` of the same files as wheels, with hashes, if uv is
#                 installed (`pip install uv`)
# Then the peak RSS of installing one 1 GiB archive (`/usr/bin/time -v`).
# Needs python3, hyperfine and a release build (`cargo build --release`).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
plugin="$root/target/release/plugin"
corpus_gen="${CORPUS_GEN:-$root/benches/corpus/make_corpus.py}"
runs="${RUNS:-7}"
[ -x "$plugin" ] || { echo "build first: cargo build --release" >&2; exit 1; }
[ -f "$corpus_gen" ] || { echo "missing $corpus_gen (set CORPUS_GEN)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
uv_bin=$(python3 -c 'import uv; print(uv.find_uv_bin())' 2>/dev/null || true)

work=$(mktemp -d -p "${BENCH_DIR:-/dev/shm}")
# Readable by nginx's unprivileged worker.
chmod 755 "$work"
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
echo "plugin: $("$plugin" --version); uv: ${uv_bin:+$("$uv_bin" --version)}"
for n in "${@:-50 200 1000}"; do
  for n in $n; do
    corpus="$work/n$n"
    python3 "$corpus_gen" "$n" --out "$corpus" > /dev/null
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && sleep 0.2
    if command -v nginx >/dev/null; then
      # nginx (Debian's package) on loopback, as issue #18 measured: a static server cheap
      # enough that the figures are the clients' own, with keep-alive for both.
      mkdir -p "$work/nginx"
      cat > "$work/nginx/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$port backlog=1024;
    root $corpus;
    default_type application/octet-stream;
  }
}
NGINX
      nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" > /dev/null 2>&1 &
    else
    # Else a threaded static server with a deep listen queue: Python's default queue of 5 drops
    # bursts of parallel connections, whose SYN retries then cost a second each.
    python3 - "$corpus" "$port" > /dev/null 2>&1 <<'PY' &
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True
Server(("127.0.0.1", int(sys.argv[2])), functools.partial(Quiet, directory=sys.argv[1])).serve_forever()
PY
    fi
    server_pid=$!
    sleep 0.5
    proj="$work/proj$n"
    mkdir -p "$proj"
    {
      printf '[registries]\ndefault = "http://127.0.0.1:%s/index/"\n\n[plugins]\n' "$port"
      for d in "$corpus"/extracted/*/; do printf '%s = "*"\n' "$(basename "$d")"; done
    } > "$proj/plugins.toml"
    cache="$work/cache$n"
    uvcache="$work/uvcache$n"
    cmds=(
      -n "plugin cold" --prepare "rm -rf $cache $proj/plugins $proj/plugins.lock"
        "cd $proj && PLUGIN_CACHE_DIR=$cache $plugin -q install"
      -n "plugin warm" --prepare "rm -rf $proj/plugins"
        "cd $proj && PLUGIN_CACHE_DIR=$cache $plugin -q install"
      -n "warm clone" --prepare "rm -rf $proj/plugins"
        "cd $proj && PLUGIN_CACHE_DIR=$cache $plugin -q install --link-mode clone"
      -n "warm hardlink" --prepare "rm -rf $proj/plugins"
        "cd $proj && PLUGIN_CACHE_DIR=$cache $plugin -q install --link-mode hardlink"
      -n "warm copy" --prepare "rm -rf $proj/plugins"
        "cd $proj && PLUGIN_CACHE_DIR=$cache $plugin -q install --link-mode copy"
      -n "tar xzf" --prepare "rm -rf $work/tar && mkdir $work/tar"
        "tar xzf $corpus/all.tar.gz -C $work/tar"
    )
    if [ -n "$uv_bin" ]; then
      uvcmd="$uv_bin pip install --quiet --no-deps --target $work/uvtarget -r $corpus/requirements.txt --index-url http://127.0.0.1:$port/simple/ --cache-dir $uvcache"
      cmds+=(
        -n "uv cold" --prepare "rm -rf $uvcache $work/uvtarget" "$uvcmd"
        -n "uv warm" --prepare "rm -rf $work/uvtarget" "$uvcmd"
      )
    fi
    echo
    echo "== N=$n ($(du -sh "$corpus/index/packages" | cut -f1) of archives)"
    # Fill the lockfile and cache once so that warm and no-op start from a full state.
    (cd "$proj" && PLUGIN_CACHE_DIR=$cache "$plugin" -q install)
    hyperfine --runs "$runs" --warmup 1 --style basic --export-json "$work/n$n.json" "${cmds[@]}" > /dev/null
    # The no-op, everything installed by the warm runs above, is timed without a shell (-N):
    # at a few milliseconds, the shell's own fork would be a good part of the figure. More
    # runs, as each is short.
    PLUGIN_CACHE_DIR=$cache hyperfine -N --runs "$((runs * 4))" --warmup 3 --style basic \
      --export-json "$work/n$n-noop.json" \
      -n "plugin no-op" "$plugin -q --manifest-path $proj/plugins.toml install" > /dev/null
    python3 - "$work/n$n.json" "$work/n$n-noop.json" <<'PY'
import json, sys
res = {r["command"]: r for f in sys.argv[1:] for r in json.load(open(f))["results"]}
med = {k: v["median"] for k, v in res.items()}
for k, v in med.items():
    print(f"  {k:<14} median {v*1000:8.1f} ms")
# The ratios of issue #18, plugin / uv (targets: cold <= 0.40x, warm <= 0.70x, no-op <= 5 ms).
if "uv cold" in med:
    print(f"  plugin cold / uv cold = {med['plugin cold']/med['uv cold']:.2f}x (target <= 0.40x)")
    for k in ["plugin warm", "warm clone", "warm hardlink", "warm copy"]:
        print(f"  {k + ' / uv warm':<24} = {med[k]/med['uv warm']:.2f}x (target <= 0.70x)")
print(f"  plugin warm / tar xzf = {med['plugin warm']/med['tar xzf']:.2f}x")
noop = med["plugin no-op"] * 1000
print(f"  plugin no-op = {noop:.1f} ms ({'within' if noop <= 5 else 'over'} the 5 ms target)")
PY
  done
done

echo
echo "== peak RSS installing one 1 GiB archive"
big="$work/big"
mkdir -p "$big/src"
printf '[plugin]\nname = "big"\nversion = "1.0.0"\n' > "$big/src/plugin.toml"
head -c 1073741824 /dev/urandom > "$big/src/blob.bin"
"$plugin" -q package "$big/src" --out "$big"
rm -rf "$big/src"
mkdir -p "$big/proj"
( cd "$big/proj" && /usr/bin/time -v "$plugin" -q install "$big/big-1.0.0.tar.gz" 2> "$big/time.txt" )
grep -E "Maximum resident set size|Elapsed \(wall" "$big/time.txt" | sed 's/^\s*/  /'
