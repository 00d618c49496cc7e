#!/usr/bin/env bash
# Builds the megacrypt uniffi bindings and tests them:
#   1. installs what is missing (Debian: JDK, Maven, Python + pip; pytest via pip);
#   2. builds the cdylib (release) and generates Kotlin, Python and Swift bindings with the
#      uniffi-bindgen pinned in this crate;
#   3. checks the exported API: the listing made from the generated Swift must equal the committed
#      bindings/uniffi/api.txt, and differ from the wasm binding's (bindings/wasm/api.txt) only as
#      bindings/api-differences.txt says (bindings/api-check.py); the generated Swift is not
#      committed (swift/build-xcframework.sh generates it for the package);
#   4. runs the Python tests (pytest) and the Kotlin tests (Maven: kotlin-maven-plugin, JNA, JUnit).
# Exits non-zero on any failure. Options:
#   --update-api     rewrite bindings/uniffi/api.txt instead of failing when the API changed
#   --bench          also run the per-MiB FFI cost benchmark (bench.sh) at the end
# Environment: CARGO_TARGET_DIR (default <repo>/target), MEGACRYPT_EXTRA_VECTORS (extra vectors).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
UPDATE_API=0
BENCH=0
for arg in "$@"; do
  case "$arg" in
    --update-api) UPDATE_API=1 ;;
    --bench) BENCH=1 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

log() { printf '== %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------- 1. prerequisites
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
APT_UPDATED=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "missing $*, and apt-get is not available: install it by hand" >&2
    exit 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 || { log "installing a JDK"; apt_install default-jdk-headless; }
command -v mvn >/dev/null 2>&1 || { log "installing Maven"; apt_install maven; }
command -v python3 >/dev/null 2>&1 || { log "installing Python"; apt_install python3 python3-venv; }
python3 -m pip --version >/dev/null 2>&1 || { log "installing pip"; apt_install python3-pip; }
command -v cargo >/dev/null 2>&1 || { log "installing Rust (Debian packages)"; apt_install cargo rustc; }
if ! python3 -c 'import pytest' >/dev/null 2>&1; then
  log "installing pytest"
  python3 -m pip install --quiet "pytest>=8" || python3 -m pip install --quiet --break-system-packages "pytest>=8"
fi

# ------------------------------------------------------------------- 2. build and generate
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
cd "$ROOT"
log "building megacrypt-ffi (release cdylib) and uniffi-bindgen"
cargo build -q --release -p megacrypt-ffi --lib
cargo build -q -p megacrypt-ffi --features bindgen --bin uniffi-bindgen
LIBDIR="$CARGO_TARGET_DIR/release"
case "$(uname -s)" in
  Darwin) LIB="$LIBDIR/libmegacrypt_ffi.dylib" ;;
  *) LIB="$LIBDIR/libmegacrypt_ffi.so" ;;
esac
BINDGEN="$CARGO_TARGET_DIR/debug/uniffi-bindgen"
GEN="$CARGO_TARGET_DIR/uniffi-generated"
rm -rf "$GEN"
mkdir -p "$GEN"
for lang in kotlin python swift; do
  "$BINDGEN" generate --library "$LIB" --language "$lang" --out-dir "$GEN/$lang" --no-format >/dev/null
done
cp "$LIB" "$GEN/python/"

# --------------------------------------------------------------- 3. the exported API
# Every uniffi object stores its Rust pointer in a Swift member named `handle`: an exported method
# of that name does not compile (see bindings/README.md, naming rule).
if grep -nE '^ *(open |public )?func handle\(\)' "$GEN/swift/MegaCrypt.swift" >&2; then
  echo "FAIL: an exported method is named handle(), which clashes with uniffi's Swift member" >&2
  exit 1
fi
API="$HERE/api.txt"
python3 "$ROOT/bindings/api-check.py" swift "$GEN/swift/MegaCrypt.swift" >"$GEN/api.txt"
if [ "$UPDATE_API" = 1 ]; then
  log "updating bindings/uniffi/api.txt"
  cp "$GEN/api.txt" "$API"
elif ! diff -u "$API" "$GEN/api.txt" >"$GEN/api.diff"; then
  cat "$GEN/api.diff" >&2
  echo "FAIL: the exported API changed; review the diff, then run bindings/uniffi/test.sh --update-api and commit bindings/uniffi/api.txt" >&2
  exit 1
fi
log "API listing in sync ($(wc -l <"$API") items); drift check against the wasm binding"
python3 "$ROOT/bindings/api-check.py" compare "$API" "$ROOT/bindings/wasm/api.txt" "$ROOT/bindings/api-differences.txt"

# ------------------------------------------------------------------------- 4. Python tests
log "Python tests (pytest)"
MEGACRYPT_PY_GENERATED="$GEN/python" MEGACRYPT_VECTORS_DIR="$ROOT/core/tests/data" \
  python3 -m pytest -q -p no:cacheprovider "$HERE/python/tests"

# ------------------------------------------------------------------------- 5. Kotlin tests
log "Kotlin tests (Maven)"
# Every version is pinned, so after the first run Maven resolves everything from ~/.m2 without
# touching the network.
mvn -q -B -f "$HERE/kotlin/pom.xml" test \
  -Duniffi.generated.dir="$GEN/kotlin" \
  -Dmegacrypt.lib.dir="$LIBDIR" \
  -Dmegacrypt.vectors.dir="$ROOT/core/tests/data"

if [ "$BENCH" = 1 ]; then
  "$HERE/bench.sh"
fi
log "bindings/uniffi: all tests passed"
