#!/usr/bin/env bash
# Proves that the core builds without std: compiles `megacrypt --no-default-features` for
# wasm32-unknown-unknown with only `core` and `alloc` in the sysroot. A host build cannot prove it:
# the host sysroot always has std, so an accidental `std::` path would still link there.
#
# Toolchain: Debian's rustc-web + rust-web-src (the same one bindings/wasm/build.sh falls back to),
# installed here if missing; the sysroot is built from source with `-Zbuild-std=core,alloc`
# (RUSTC_BOOTSTRAP=1), so no std exists to link against.
set -euo pipefail
cd "$(dirname "$0")/.."
triple=wasm32-unknown-unknown
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}/no-std"

if ! { [ -x /usr/bin/rustc ] && [ -d "$(/usr/bin/rustc --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library" ]; }; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "no-std-check: installing Debian's rustc-web and rust-web-src" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc-web cargo-web rust-web-src >/dev/null
  fi
fi
if [ -x /usr/bin/rustc ] && [ -d "$(/usr/bin/rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
  echo "no-std-check: $(/usr/bin/rustc --version), sysroot built from source with core and alloc only" >&2
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -p megacrypt --no-default-features \
    --target "$triple" -Zbuild-std=core,alloc
else
  echo "no-std-check: needs Debian's rustc-web + rust-web-src (apt-get install rustc-web cargo-web rust-web-src)" >&2
  exit 1
fi
echo "no-std-check: megacrypt builds for $triple with core + alloc only"
