#!/usr/bin/env bash
# Builds every installable artifact of megacrypt into dist/ (docs/packaging.md):
#   dist/megacrypt-<v>.crate                 the Rust crate, as `cargo publish` would upload it
#                                            (`cargo publish --dry-run` must pass first)
#   dist/megacrypt-<v>-py3-none-<plat>.whl   the Python wheel (maturin, uniffi bindings): modules
#                                            `megacrypt` (+ native library) and `megacrypt_io`, typed
#   dist/jvm/megacrypt-<v>.jar + .pom        the JVM artifact (Kotlin bindings + stream helpers +
#                                            <os>-<arch>/libmegacrypt_ffi.so for JNA), also
#                                            installed into the local Maven repository
#   dist/megacrypt-<v>.tgz                   the npm package (WebAssembly; native engine optional)
#   dist/megacrypt-<platform>-<v>.tgz        its native engine for this machine (N-API addon)
#   dist/swift/                              the Swift package sources (generated Swift, C header,
#                                            module map); the XCFramework is built on a Mac
#   dist/SHA256SUMS
# Installs what it needs the way the test scripts do (apt packages, pip into a venv under the
# target dir, cargo install, npm ci) and reuses what the uniffi and wasm suites built in target/
# and bindings/wasm/pkg: run after them, it only packs. Exits non-zero on any failure.
# Environment: CARGO_TARGET_DIR (default <repo>/target), MEGACRYPT_DIST (default <repo>/dist).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="${MEGACRYPT_DIST:-$ROOT/dist}"
WORK="$CARGO_TARGET_DIR/packages"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
MATURIN_VERSION=1.16.0
MYPY_VERSION=2.4.1
cd "$ROOT"

log() { printf '== package.sh [%4ss] %s\n' "$SECONDS" "$*" >&2; }

# ---------------------------------------------------------------------------- prerequisites
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || { echo "missing $*, and apt-get is not available: install it by hand" >&2; exit 1; }
  if [ "$APT_UPDATED" = 0 ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 || { log "installing a JDK"; apt_install default-jdk-headless; }
command -v mvn >/dev/null 2>&1 || { log "installing Maven"; apt_install maven; }
command -v python3 >/dev/null 2>&1 || { log "installing Python"; apt_install python3 python3-venv; }
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || { log "installing python3-venv"; apt_install python3-venv; }
command -v npm >/dev/null 2>&1 || { log "installing Node.js and npm"; apt_install nodejs npm; }

# The build tools (maturin; mypy for the consumer test) live in their own virtual environment.
TOOLS="$WORK/tools-venv"
if ! "$TOOLS/bin/maturin" --version 2>/dev/null | grep -qx "maturin $MATURIN_VERSION" \
    || ! "$TOOLS/bin/mypy" --version 2>/dev/null | grep -q "^mypy $MYPY_VERSION "; then
  log "installing maturin $MATURIN_VERSION and mypy $MYPY_VERSION into $TOOLS"
  rm -rf "$TOOLS"
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/pip" install --quiet "maturin==$MATURIN_VERSION" "mypy==$MYPY_VERSION"
fi

rm -rf "$DIST"
mkdir -p "$DIST" "$WORK"

# ------------------------------------------------------------------------------ the crate
# `cargo publish --dry-run` packs the crate exactly as it would upload it, checks the metadata
# crates.io requires and builds the packed sources on their own (a missing file fails here).
# --allow-dirty: dist/ may be built from a work tree with local changes; publishing from a clean
# checkout is a separate, deliberate step (docs/packaging.md).
log "crate: cargo publish --dry-run -p megacrypt"
cargo publish --dry-run --allow-dirty --locked -q -p megacrypt
# The same files again, into target/package/megacrypt-<v>.crate (the dry run keeps its copy in a
# scratch folder).
cargo package --no-verify --allow-dirty --locked -q -p megacrypt
cp "$CARGO_TARGET_DIR/package/megacrypt-$VERSION.crate" "$DIST/"

# ---------------------------------------------------------- the uniffi library and bindings
# A no-op after bindings/uniffi/test.sh (same commands, same target dir).
log "uniffi: release cdylib and uniffi-bindgen (reused when bindings/uniffi/test.sh built them)"
cargo build -q --release --locked -p megacrypt-ffi --lib
cargo build -q --locked -p megacrypt-ffi --features bindgen --bin uniffi-bindgen
case "$(uname -s)" in
  Darwin) LIBFILE=libmegacrypt_ffi.dylib ;;
  MINGW* | MSYS* | CYGWIN*) LIBFILE=megacrypt_ffi.dll ;;
  *) LIBFILE=libmegacrypt_ffi.so ;;
esac
LIB="$CARGO_TARGET_DIR/release/$LIBFILE"
GEN="$WORK/generated"
rm -rf "$GEN"
for lang in kotlin swift; do
  "$CARGO_TARGET_DIR/debug/uniffi-bindgen" generate --library "$LIB" --language "$lang" \
    --out-dir "$GEN/$lang" --no-format >/dev/null
done

# ------------------------------------------------------------------------------- the wheel
# maturin builds the cdylib (release profile), runs this crate's own uniffi-bindgen (same uniffi
# version as the scaffolding) and lays out the wheel as bindings/uniffi/python/pyproject.toml says.
log "wheel: maturin build (bindings/uniffi/python/pyproject.toml)"
(cd bindings/uniffi/python && "$TOOLS/bin/maturin" build --quiet --locked --out "$DIST" >&2)

# ------------------------------------------------------------------------------ the jar
# JNA looks for the library on the class path under its platform prefix (os-arch, e.g.
# linux-x86-64, darwin-aarch64, win32-x86-64): com.sun.jna.Platform.RESOURCE_PREFIX.
case "$(uname -s)" in
  Linux) JNA_OS=linux ;;
  Darwin) JNA_OS=darwin ;;
  MINGW* | MSYS* | CYGWIN*) JNA_OS=win32 ;;
  *) JNA_OS="$(uname -s | tr '[:upper:]' '[:lower:]')" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) JNA_ARCH=x86-64 ;;
  aarch64 | arm64) JNA_ARCH=aarch64 ;;
  *) JNA_ARCH="$(uname -m)" ;;
esac
NATIVE="$WORK/jvm-native"
rm -rf "$NATIVE"
mkdir -p "$NATIVE/$JNA_OS-$JNA_ARCH"
cp "$LIB" "$NATIVE/$JNA_OS-$JNA_ARCH/"
strip --strip-unneeded "$NATIVE/$JNA_OS-$JNA_ARCH/$LIBFILE" 2>/dev/null || true
log "jar: mvn install (bindings/uniffi/kotlin/jar/pom.xml; native library at $JNA_OS-$JNA_ARCH/$LIBFILE)"
mvn -q -B -f bindings/uniffi/kotlin/jar/pom.xml install \
  -Duniffi.generated.dir="$GEN/kotlin" -Dmegacrypt.native.dir="$NATIVE"
mkdir -p "$DIST/jvm"
cp "bindings/uniffi/kotlin/jar/target/megacrypt-$VERSION.jar" "$DIST/jvm/"
cp bindings/uniffi/kotlin/jar/pom.xml "$DIST/jvm/megacrypt-$VERSION.pom"

# ------------------------------------------------------------------------------ the npm tarball
# bindings/wasm/pkg is what bindings/wasm/test.sh built and tested; rebuild it only when it is
# missing or older than a source it is made from.
WASM_PKG=bindings/wasm/pkg/megacrypt_wasm_bg.wasm
if [ ! -f "$WASM_PKG" ] || [ -n "$(find core/src bindings/shared/src bindings/wasm/src Cargo.lock Cargo.toml \
    core/Cargo.toml bindings/shared/Cargo.toml bindings/wasm/Cargo.toml -newer "$WASM_PKG" -print -quit)" ]; then
  log "npm: building bindings/wasm/pkg (bindings/wasm/build.sh)"
  wbg_version=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
  have_wasm_toolchain() {
    { command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; } \
      || { [ -x /usr/bin/rustc ] && /usr/bin/rustc --print target-list 2>/dev/null | grep -qx wasm32-unknown-unknown \
        && [ -d "$(/usr/bin/rustc --print sysroot)/lib/rustlib/src/rust/library" ] && command -v wasm-ld >/dev/null 2>&1; }
  }
  have_wasm_toolchain || { log "installing the wasm toolchain"; apt_install rustc-web cargo-web rust-web-src lld; }
  wbg=""
  for cand in "$(command -v wasm-bindgen 2>/dev/null || true)" "$HOME/.cargo/bin/wasm-bindgen"; do
    if [ -n "$cand" ] && [ -x "$cand" ] && [ "$("$cand" --version 2>/dev/null)" = "wasm-bindgen $wbg_version" ]; then wbg=$cand; break; fi
  done
  if [ -z "$wbg" ]; then
    log "installing wasm-bindgen-cli $wbg_version"
    cargo install wasm-bindgen-cli --version "=$wbg_version"
    wbg="$HOME/.cargo/bin/wasm-bindgen"
  fi
  [ -x bindings/wasm/node_modules/.bin/wasm-opt ] || (cd bindings/wasm && npm ci --no-audit --no-fund >&2)
  WASM_BINDGEN=$wbg bash bindings/wasm/build.sh >&2
else
  log "npm: reusing bindings/wasm/pkg (newer than its sources)"
fi
# The native engine for this machine's platform (bindings/napi/build.sh reuses the release build
# of the wasm suite when it is current), then both npm tarballs: megacrypt with its
# optionalDependencies, and megacrypt-<platform>.
log "npm: native engine (bindings/napi/build.sh)"
bash bindings/napi/build.sh >&2
bash bindings/napi/pack.sh "$DIST" >/dev/null

# ------------------------------------------------------------------------------ Swift sources
# The package as bindings/uniffi/swift/build-xcframework.sh lays it out, with the generated
# sources; megacryptFFI.xcframework (the static libraries for iOS and macOS) needs a Mac.
log "swift: package sources"
mkdir -p "$DIST/swift"
(cd bindings/uniffi/swift && tar --exclude=.build --exclude=.swiftpm --exclude='*.xcframework' -cf - .) | (cd "$DIST/swift" && tar -xf -)
mkdir -p "$DIST/swift/Sources/MegaCrypt" "$DIST/swift/Sources/megacryptFFI/include"
cp "$GEN/swift/MegaCrypt.swift" "$DIST/swift/Sources/MegaCrypt/MegaCrypt.swift"
cp "$GEN/swift/megacryptFFI.h" "$DIST/swift/Sources/megacryptFFI/include/megacryptFFI.h"
cp "$GEN/swift/megacryptFFI.modulemap" "$DIST/swift/Sources/megacryptFFI/include/module.modulemap"

# ------------------------------------------------------------------------------ summary
(cd "$DIST" && find . -type f ! -name SHA256SUMS ! -path './swift/*' | sort | sed 's|^\./||' | xargs sha256sum >SHA256SUMS)
log "artifacts in $DIST:"
(cd "$DIST" && find . -maxdepth 2 -type f ! -path './swift/*' | sort | while read -r f; do
  printf 'ARTIFACT %-48s %9d bytes\n' "${f#./}" "$(wc -c <"$f")"
done
printf 'ARTIFACT %-48s %9d bytes (%d files)\n' "swift/" "$(find swift -type f -exec cat {} + | wc -c)" "$(find swift -type f | wc -l)")
