#!/usr/bin/env bash
# Runs every test of megacrypt on a fresh Debian machine, installing what the tests need:
# Rust (fmt, clippy, unit + known-answer + property tests, docs), the uniffi bindings (Kotlin on
# the JVM via Maven, Python via pytest, API listing and drift check), the npm package (Node and headless
# Chromium) and a fuzzing smoke run. Every suite runs even if an earlier one failed; the script exits
# non-zero if any failed and ends with one summary line "suites: N passed, M failed".
# Suite swift builds the Swift package and runs its XCTest tests on Linux, in a Debian trixie root
# it makes once under target/swift-linux (~530 MB download, ~2.6 GB; bindings/uniffi/swift/README.md).
#
# Environment:
#   MEGACRYPT_EXTRA_VECTORS  a folder of extra vector files (same schema), run by every harness
#   MEGACRYPT_SKIP           space-separated suite names to skip (e.g. "fuzz wasm") — for local use
#   FUZZ_SECONDS             seconds per fuzz target in the smoke run (default 5)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

passed=0
failed=0
failed_names=()

run_suite() {
  local name=$1
  shift
  if [[ " ${MEGACRYPT_SKIP:-} " == *" $name "* ]]; then
    echo "=== suite $name: skipped (MEGACRYPT_SKIP)"
    return
  fi
  echo
  echo "=== suite $name: $*"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "=== suite $name: PASSED in $((SECONDS - start)) s"
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    echo "=== suite $name: FAILED in $((SECONDS - start)) s"
  fi
}

rust_toolchain() {
  command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first" >&2; return 1; }
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
  cargo --version
}

rust_fmt() { cargo fmt --all --check; }
rust_clippy() { cargo clippy --workspace --all-targets --locked -- -D warnings; }
rust_tests() { cargo test --workspace --locked; }
rust_no_std() { cargo build -p megacrypt --no-default-features --locked && bash scripts/no-std-check.sh; }
rust_docs() { RUSTDOCFLAGS="-D warnings" cargo doc -p megacrypt --no-deps --locked; }

run_suite toolchain rust_toolchain
run_suite rust-fmt rust_fmt
run_suite rust-clippy rust_clippy
run_suite rust-tests rust_tests
run_suite rust-no-std rust_no_std
run_suite rust-docs rust_docs
[ -f cli/Cargo.toml ] && run_suite cli-demo bash scripts/demo.sh
[ -x bindings/uniffi/test.sh ] && run_suite uniffi bash bindings/uniffi/test.sh
[ -x bindings/uniffi/swift/test-linux.sh ] && run_suite swift bash bindings/uniffi/swift/test-linux.sh
[ -x bindings/wasm/test.sh ] && run_suite wasm bash bindings/wasm/test.sh
# Every installable artifact (crate, wheel, jar, npm tarball, Swift sources) built into dist/ and
# installed into fresh projects outside the repository (docs/packaging.md); reuses the builds above.
[ -x scripts/test-packages.sh ] && run_suite packages bash scripts/test-packages.sh
[ -x fuzz/run.sh ] && run_suite fuzz bash fuzz/run.sh "${FUZZ_SECONDS:-5}"

echo
if [ "$failed" -gt 0 ]; then
  echo "failed suites: ${failed_names[*]}"
fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
