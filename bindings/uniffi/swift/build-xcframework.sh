#!/usr/bin/env bash
# Builds megacryptFFI.xcframework for the Swift package in this folder. macOS only (needs Xcode
# and rustup); not run in CI here, where no Swift toolchain exists.
#
#   bindings/uniffi/swift/build-xcframework.sh            # iOS device + simulator + macOS
#
# Output: bindings/uniffi/swift/megacryptFFI.xcframework (static libraries + the C header and
# module map) and the generated Swift sources in Sources/ (not committed: they are generated here,
# from the same library, and bindings/uniffi/api.txt is the reviewed snapshot of the API). Then add the package to Xcode
# (File > Add Package Dependencies > Add Local..., or reference it from your Package.swift).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
[ "$(uname -s)" = Darwin ] || { echo "build-xcframework.sh runs on macOS only" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-15.0}"
export MACOSX_DEPLOYMENT_TARGET="${MACOSX_DEPLOYMENT_TARGET:-12.0}"

TARGETS=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)
rustup target add "${TARGETS[@]}"
for t in "${TARGETS[@]}"; do
  cargo build --release --locked -p megacrypt-ffi --lib --target "$t"
done

# Generate the Swift sources from the host library.
cargo build --release -p megacrypt-ffi --lib
cargo run -q -p megacrypt-ffi --features bindgen --bin uniffi-bindgen -- generate \
  --library "$CARGO_TARGET_DIR/release/libmegacrypt_ffi.dylib" --language swift --out-dir "$CARGO_TARGET_DIR/swift-gen"
mkdir -p "$HERE/Sources/MegaCrypt" "$HERE/Sources/megacryptFFI/include"
cp "$CARGO_TARGET_DIR/swift-gen/MegaCrypt.swift" "$HERE/Sources/MegaCrypt/MegaCrypt.swift"
cp "$CARGO_TARGET_DIR/swift-gen/megacryptFFI.h" "$HERE/Sources/megacryptFFI/include/megacryptFFI.h"
cp "$CARGO_TARGET_DIR/swift-gen/megacryptFFI.modulemap" "$HERE/Sources/megacryptFFI/include/module.modulemap"

OUT="$CARGO_TARGET_DIR/xcframework"
rm -rf "$OUT" "$HERE/megacryptFFI.xcframework"
mkdir -p "$OUT/ios-sim" "$OUT/macos"
lipo -create -output "$OUT/ios-sim/libmegacrypt_ffi.a" \
  "$CARGO_TARGET_DIR/aarch64-apple-ios-sim/release/libmegacrypt_ffi.a" \
  "$CARGO_TARGET_DIR/x86_64-apple-ios/release/libmegacrypt_ffi.a"
lipo -create -output "$OUT/macos/libmegacrypt_ffi.a" \
  "$CARGO_TARGET_DIR/aarch64-apple-darwin/release/libmegacrypt_ffi.a" \
  "$CARGO_TARGET_DIR/x86_64-apple-darwin/release/libmegacrypt_ffi.a"
HEADERS="$HERE/Sources/megacryptFFI/include"
xcodebuild -create-xcframework \
  -library "$CARGO_TARGET_DIR/aarch64-apple-ios/release/libmegacrypt_ffi.a" -headers "$HEADERS" \
  -library "$OUT/ios-sim/libmegacrypt_ffi.a" -headers "$HEADERS" \
  -library "$OUT/macos/libmegacrypt_ffi.a" -headers "$HEADERS" \
  -output "$HERE/megacryptFFI.xcframework"
echo "built $HERE/megacryptFFI.xcframework"
