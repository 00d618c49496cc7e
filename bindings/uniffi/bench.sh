#!/usr/bin/env bash
# Per-MiB cost of 1 MiB FileEncryptor/FileDecryptor calls: Rust core, Rust wrapper (no FFI),
# Python and Kotlin through the FFI. Run after test.sh (it reuses the release cdylib and the
# generated bindings):   bindings/uniffi/bench.sh [MiB per measurement, default 256]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MIB="${1:-256}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
GEN="$CARGO_TARGET_DIR/uniffi-generated"
[ -f "$GEN/python/megacrypt.py" ] || { echo "run bindings/uniffi/test.sh first" >&2; exit 1; }
cd "$ROOT"
cargo run -q --release -p megacrypt-ffi --example ffi_cost -- "$MIB"
PYTHONPATH="$GEN/python" python3 "$HERE/python/bench_ffi.py" "$MIB"
mvn -q -B -f "$HERE/kotlin/pom.xml" test -Dtest=BenchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmegacrypt.bench=true -Dmegacrypt.bench.mib="$MIB" -DargLine="-Xms1g" \
  -Duniffi.generated.dir="$GEN/kotlin" -Dmegacrypt.lib.dir="$CARGO_TARGET_DIR/release" \
  -Dmegacrypt.vectors.dir="$ROOT/core/tests/data" | grep -o 'BENCH.*'
