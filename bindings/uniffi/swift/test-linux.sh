#!/usr/bin/env bash
# Builds the Swift package in this folder on Linux and runs its XCTest tests (behaviour tests and
# the known-answer vector harness, which prints `VECTORS lang=swift ...` lines).
#
# Debian 12 (this project's CI) has no Swift toolchain; Debian 13 (trixie) packages Swift 6.0
# (`swiftlang`: compiler, Foundation, XCTest, SwiftPM). The toolchain lives in a trixie root file
# system under the work folder, made once with mmdebstrap (or debootstrap) and entered with
# `unshare --mount` + `chroot`: the host's packages and libc stay as they are, and the /proc,
# /dev and vector-folder mounts belong to a private mount namespace that vanishes with the run.
#
#   1. the trixie root with swiftlang + libc6-dev (cached: made once, marked by a stamp file);
#   2. on the host: the release cdylib and the Swift bindings generated from it with the crate's
#      uniffi-bindgen (both no-ops after bindings/uniffi/test.sh, which builds the same things);
#   3. stages Package.swift, Tests/, the generated sources and libmegacrypt_ffi.so in the root
#      (unchanged files are kept, so SwiftPM rebuilds only what changed);
#   4. in the root: swift build --build-tests, then swift test --disable-swift-testing, with
#      core/tests/data (and $MEGACRYPT_EXTRA_VECTORS) mounted read-only at their host paths.
#
# Needs root (mmdebstrap/debootstrap, unshare and chroot; sudo is used when not root), Debian's
# mirror, cargo. The first run downloads ~530 MB and the root takes ~2.6 GB. Exits non-zero on any
# failure. Environment:
#   CARGO_TARGET_DIR         cargo's target folder (default <repo>/target, as bindings/uniffi/test.sh)
#   MEGACRYPT_SWIFT_WORK     work folder (default $CARGO_TARGET_DIR/swift-linux); must not be
#                            tracked by git. Holds trixie/ (the root), generated/, trixie.ready.
#   MEGACRYPT_EXTRA_VECTORS  a folder of extra vector files, run by the vector harness too
#   DEBIAN_MIRROR            (default http://deb.debian.org/debian)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
mkdir -p "$CARGO_TARGET_DIR"
CARGO_TARGET_DIR="$(cd "$CARGO_TARGET_DIR" && pwd)"
WORK="${MEGACRYPT_SWIFT_WORK:-$CARGO_TARGET_DIR/swift-linux}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
ROOTFS="$WORK/trixie"
STAMP="$WORK/trixie.ready"
PACKAGES="swiftlang,libc6-dev"   # libc6-dev is only a Recommends of swiftlang, but swiftc needs it
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
VECTORS="$ROOT/core/tests/data"
EXTRA=""
if [ -n "${MEGACRYPT_EXTRA_VECTORS:-}" ]; then EXTRA="$(cd "$MEGACRYPT_EXTRA_VECTORS" && pwd)"; fi
# Inside the root: the staged package, the shared library, SwiftPM's scratch folder.
PKG_IN=/build/megacrypt-swift
LIB_IN=/build/lib
SCRATCH_IN=/build/scratch

T0=$SECONDS
STEP=$SECONDS
log() { printf '== [%4ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }
took() { log "$1 took $((SECONDS - STEP))s"; STEP=$SECONDS; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "test-linux.sh needs root (or sudo) for mmdebstrap, unshare and chroot" >&2; exit 1; }
  SUDO="sudo"
fi
command -v cargo >/dev/null 2>&1 || { echo "cargo not found" >&2; exit 1; }
command -v unshare >/dev/null 2>&1 || { echo "unshare (util-linux) not found" >&2; exit 1; }

# The root is ~2.6 GB of files git must never see.
case "$WORK/" in
  "$ROOT"/*)
    if ! git -C "$ROOT" check-ignore -q "$WORK" 2>/dev/null; then
      echo "work folder $WORK is inside the checkout but not ignored by git: set MEGACRYPT_SWIFT_WORK" >&2
      exit 1
    fi ;;
esac

# One run at a time per work folder.
exec 9>"$WORK/lock"
flock 9

# Runs a bash command in the root: /proc, /dev and the vector folders (read-only, at their host
# paths) are mounted in a private mount namespace; clean environment plus the vector variables.
in_root() {
  $SUDO unshare --mount --propagation private -- bash -euo pipefail -c '
    root=$1 cmd=$2 vectors=$3 extra=$4
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    for d in "$vectors" "$extra"; do
      [ -n "$d" ] || continue
      mkdir -p "$root$d"
      mount --bind "$d" "$root$d"
      mount -o remount,bind,ro "$root$d"
    done
    exec chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
      MEGACRYPT_VECTORS_DIR="$vectors" MEGACRYPT_EXTRA_VECTORS="$extra" \
      bash -euo pipefail -c "$cmd"
  ' _ "$ROOTFS" "$1" "$VECTORS" "$EXTRA"
}

# ------------------------------------------------------------- 1. the trixie root with Swift
APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || { echo "missing $*, and apt-get is not available: install it by hand" >&2; exit 1; }
  if [ "$APT_UPDATED" = 0 ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
WANT_STAMP="trixie $PACKAGES"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT_STAMP" ] && { [ -L "$ROOTFS/usr/bin/swift" ] || [ -e "$ROOTFS/usr/bin/swift" ]; }; then # a symlink into the root
  log "reusing the trixie root at $ROOTFS"
else
  log "creating a trixie root with $PACKAGES at $ROOTFS (downloads ~530 MB once)"
  $SUDO rm -rf "$ROOTFS" "$STAMP"
  [ -f "$KEYRING" ] || apt_install debian-archive-keyring
  if ! command -v mmdebstrap >/dev/null 2>&1 && ! command -v debootstrap >/dev/null 2>&1; then
    apt_install mmdebstrap
  fi
  if command -v mmdebstrap >/dev/null 2>&1; then
    # One apt run: the base system plus the toolchain, recommends off, apt's cache emptied.
    $SUDO mmdebstrap --quiet --variant=minbase --keyring="$KEYRING" --include="$PACKAGES" \
      --aptopt='APT::Install-Recommends "false"' trixie "$ROOTFS" "$MIRROR"
  else
    $SUDO debootstrap --variant=minbase --keyring="$KEYRING" trixie "$ROOTFS" "$MIRROR" >/dev/null
    $SUDO cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
    in_root "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${PACKAGES//,/ } >/dev/null && apt-get clean"
  fi
  echo "$WANT_STAMP" | $SUDO tee "$STAMP" >/dev/null
fi
in_root 'swift --version 2>&1 | head -n 1' >&2
took "trixie root"

# ----------------------------------------------- 2. the cdylib and the generated Swift (host)
log "building libmegacrypt_ffi.so and uniffi-bindgen (no-ops after bindings/uniffi/test.sh)"
(cd "$ROOT" && cargo build -q --release -p megacrypt-ffi --lib \
  && cargo build -q -p megacrypt-ffi --features bindgen --bin uniffi-bindgen)
LIB="$CARGO_TARGET_DIR/release/libmegacrypt_ffi.so"
GEN="$WORK/generated"
rm -rf "$GEN"
"$CARGO_TARGET_DIR/debug/uniffi-bindgen" generate --library "$LIB" --language swift --out-dir "$GEN" --no-format >/dev/null
for f in MegaCrypt.swift megacryptFFI.h megacryptFFI.modulemap; do
  [ -f "$GEN/$f" ] || { echo "uniffi-bindgen did not write $GEN/$f" >&2; exit 1; }
done
took "cargo build + generate"

# ------------------------------------------------------------------- 3. stage the package
PKG="$ROOTFS$PKG_IN"
stage() { # stage SRC DST: copy when the content differs (unchanged files keep their time stamps)
  if ! $SUDO cmp -s "$1" "$2" 2>/dev/null; then
    $SUDO install -D -m 0644 "$1" "$2"
  fi
}
stage "$HERE/Package.swift" "$PKG/Package.swift"
stage "$GEN/MegaCrypt.swift" "$PKG/Sources/MegaCrypt/MegaCrypt.swift"
stage "$GEN/megacryptFFI.h" "$PKG/Sources/megacryptFFI/include/megacryptFFI.h"
stage "$GEN/megacryptFFI.modulemap" "$PKG/Sources/megacryptFFI/include/module.modulemap"
stage "$LIB" "$ROOTFS$LIB_IN/libmegacrypt_ffi.so"
TESTS="Tests/MegaCryptTests"
for f in "$HERE/$TESTS"/*.swift; do stage "$f" "$PKG/$TESTS/$(basename "$f")"; done
for f in "$PKG/$TESTS"/*.swift; do # test files deleted from the repository leave the root too
  [ -e "$HERE/$TESTS/$(basename "$f")" ] || $SUDO rm -f "$f"
done
took "staging"

# ------------------------------------------------------------ 4. build and test in the root
LINK="-Xlinker -L$LIB_IN -Xlinker -rpath -Xlinker $LIB_IN"
SWIFTPM="--scratch-path $SCRATCH_IN $LINK"
log "swift build --build-tests"
in_root "cd $PKG_IN && swift build --build-tests $SWIFTPM"
took "swift build"
log "swift test"
# --disable-swift-testing: XCTest only (otherwise swift-testing adds a "0 tests" summary line).
in_root "cd $PKG_IN && swift test --skip-build --disable-swift-testing $SWIFTPM"
took "swift test"
log "Swift package built and tested on Linux in $((SECONDS - T0))s"
