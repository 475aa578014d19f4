#!/usr/bin/env bash
# Creates the Python environments the tests use, pinned by hash, from PyPI: a virtual
# environment with the discovery libraries of tests/python/requirements.txt for the host tests
# (issue #13), and inside it, as DIR/s3-server, one with the S3-compatible server of
# tests/python/requirements-s3.txt for the object-store tests (issue #16); apart, so that the
# hosts' environments see none of the server's libraries.
#
#   scripts/python-test-env.sh [DIR]      (default: target/tmp/python-test-env, where the tests look)
#
# It is made once; a stamp holding the sha256 of the requirements and this script tells when it
# is current. The tests make it themselves when it is missing, and .ci/run makes it before
# `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/tmp/python-test-env}
python=${PYTHON:-python3}
requirements=tests/python/requirements.txt
requirements_s3=tests/python/requirements-s3.txt
want=$(cat "$requirements" "$requirements_s3" scripts/python-test-env.sh | sha256sum | cut -d" " -f1)
if [ -f "$dir/.requirements-sha256" ] && [ "$(cat "$dir/.requirements-sha256")" = "$want" ]; then
  exit 0
fi
rm -rf "$dir"
"$python" -m venv "$dir"
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check \
  --require-hashes --only-binary=:all: --no-deps -r "$requirements"
"$dir/bin/python" -c "import pluggy, stevedore, pkg_resources" 2>/dev/null
"$python" -m venv "$dir/s3-server"
"$dir/s3-server/bin/python" -m pip install --quiet --disable-pip-version-check \
  --require-hashes --only-binary=:all: --no-deps -r "$requirements_s3"
"$dir/s3-server/bin/python" -c "import moto.moto_server.werkzeug_app" 2>/dev/null
echo "$want" > "$dir/.requirements-sha256"
