#!/usr/bin/env bash
# Installs the Node.js tools the tests use, pinned by integrity hash in
# tests/node/package-lock.json, from npm: the Azurite blob emulator for the `az://` object-store
# tests (issue #16). Needs node and npm.
#
#   scripts/node-test-env.sh [DIR]      (default: target/tmp/node-test-env, where the tests look)
#
# It is made once; a stamp holding the sha256 of the lock file and this script tells when it is
# current. The tests make it themselves when it is missing, and .ci/run makes it before
# `cargo test`. Install scripts are not run (`--ignore-scripts`): Azurite needs none.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/tmp/node-test-env}
want=$(cat tests/node/package.json tests/node/package-lock.json scripts/node-test-env.sh | sha256sum | cut -d" " -f1)
if [ -f "$dir/.lock-sha256" ] && [ "$(cat "$dir/.lock-sha256")" = "$want" ]; then
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
cp tests/node/package.json tests/node/package-lock.json "$dir/"
(cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error --engine-strict=false)
test -x "$dir/node_modules/.bin/azurite-blob"
echo "$want" > "$dir/.lock-sha256"
