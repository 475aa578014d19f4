#!/usr/bin/env bash
# Creates the Python environment the host tests use (issue #13): a virtual environment with
# the discovery libraries of tests/python/requirements.txt and the S3-compatible test server of
# tests/python/requirements-s3.txt (issue #16), pinned by hash, from PyPI.
#
#   scripts/python-test-env.sh [DIR]      (default: target/tmp/python-test-env, where the tests look)
#
# It is made once; a stamp holding the requirements' sha256 tells when it is current. The
# tests make it themselves when it is missing, and .ci/run makes it before `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/tmp/python-test-env}
python=${PYTHON:-python3}
requirements=tests/python/requirements.txt
requirements_s3=tests/python/requirements-s3.txt
want=$(cat "$requirements" "$requirements_s3" | sha256sum | cut -d' ' -f1)
if [ -f "$dir/.requirements-sha256" ] && [ "$(cat "$dir/.requirements-sha256")" = "$want" ]; then
  exit 0
fi
rm -rf "$dir"
"$python" -m venv "$dir"
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check \
  --require-hashes --only-binary=:all: --no-deps -r "$requirements" -r "$requirements_s3"
"$dir/bin/python" -c "import pluggy, stevedore, pkg_resources" 2>/dev/null
"$dir/bin/python" -c "import moto.moto_server.werkzeug_app" 2>/dev/null
echo "$want" > "$dir/.requirements-sha256"
