#!/usr/bin/env bash
# Builds the native Node.js engine (N-API addon) for this machine and lays it out for npm:
#   bindings/napi/npm/<platform>/megacrypt.<platform>.node  the optional-dependency package
#                                                          `megacrypt-<platform>` (npm pack there)
#   bindings/wasm/native/megacrypt.<platform>.node         a copy the package loader finds when
#                                                          run from the repository (git-ignored)
# and checks that its API equals the WebAssembly module's (check-api.mjs; bindings/wasm/pkg must
# be built first: bindings/wasm/build.sh).
#
# Only the platform of this machine is built (linux-x64-gnu here); docs/packaging.md says how the
# other platforms' packages are produced. Options: --update-api rewrites js/node.js's export list.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
log() { echo "napi/build.sh: $*" >&2; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x64-gnu ;;
  Linux-aarch64) platform=linux-arm64-gnu ;;
  Darwin-arm64) platform=darwin-arm64 ;;
  Darwin-x86_64) platform=darwin-x64 ;;
  *) log "no platform name for $(uname -s)-$(uname -m)"; exit 1 ;;
esac
if [ "$(uname -s)" = Linux ] && ldd --version 2>&1 | grep -qi musl; then platform=${platform%-gnu}-musl; fi

target_dir=${CARGO_TARGET_DIR:-$root/target}
(cd "$root" && cargo build --release -p megacrypt-napi)
lib="$target_dir/release/libmegacrypt_napi.so"
[ "$(uname -s)" = Darwin ] && lib="$target_dir/release/libmegacrypt_napi.dylib"
name="megacrypt.$platform.node"
pkg="$here/npm/$platform"
[ -f "$pkg/package.json" ] || { log "missing $pkg/package.json"; exit 1; }
cp "$lib" "$pkg/$name"
# The symbol table is half the file and nothing at run time needs it.
if command -v strip >/dev/null 2>&1 && [ "$(uname -s)" = Linux ]; then strip --strip-unneeded "$pkg/$name"; fi
mkdir -p "$root/bindings/wasm/native"
cp "$pkg/$name" "$root/bindings/wasm/native/$name"
log "built $name ($(wc -c <"$pkg/$name") bytes)"

update=""
[ "${1:-}" = --update-api ] && update=--update
node "$here/check-api.mjs" "$pkg/$name" $update
