#!/usr/bin/env bash
# Rebuilds the sample registry from fixtures/ with plugin's own commands:
#   plugin index init, plugin publish (which packages each fixture reproducibly), plugin yank.
#
#   scripts/build-registry-index.sh [OUT]      (default OUT: registry-index)
#
# PLUGIN names the binary to use (default: `cargo run --quiet --`). Archive styles come from
# fixtures/archive-style.txt (tar.gz, tar.gz-folder or zip; tar.gz when unlisted), yanked
# versions from fixtures/yanked.txt. Running it twice gives byte-identical output, which
# tests/testsuite/authoring.rs checks against the committed registry-index/.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-registry-index}"
if [ -n "${PLUGIN:-}" ]; then
  plugin() { "$PLUGIN" "$@"; }
else
  plugin() { cargo run --quiet -- "$@"; }
fi
export SOURCE_DATE_EPOCH=0

rm -rf "$out"
plugin -q index init "$out"
style_of() {
  awk -v want="$1" '$1 == want { print $2 }' fixtures/archive-style.txt
}
for dir in fixtures/*/; do
  name=$(basename "$dir")
  for version in $(ls "$dir" | sort -V); do
    src="$dir$version"
    [ -f "$src/plugin.toml" ] || continue
    case "$(style_of "$name@$version")" in
      zip) flags=(--format zip) ;;
      tar.gz-folder) flags=(--top-folder) ;;
      *) flags=() ;;
    esac
    plugin -q publish "$src" --index "$out" "${flags[@]}"
  done
done
while read -r spec; do
  [ -n "$spec" ] && plugin -q yank "$spec" --index "$out"
done < fixtures/yanked.txt
plugin -q index verify "$out"
