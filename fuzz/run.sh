#!/usr/bin/env bash
# Runs every fuzz target of megacrypt for a time budget and prints, per target, the executions,
# the coverage (libFuzzer's `cov`/`ft` from its final stats), the crashes and the slow units. Exits
# non-zero if any target crashed or ran one input longer than FUZZ_SLOW_SECS (or the build failed);
# the reproducers are printed in base64 so a CI log is enough to replay them.
#
#   fuzz/run.sh <seconds-per-target> [target ...]      (default: 5 seconds, every target)
#
# Environment:
#   FUZZ_JOBS        targets run side by side (default 2; the machines have 2 cores)
#   FUZZ_SANITIZER   cargo-fuzz sanitizer (default: address)
#   FUZZ_TARGET_DIR  cargo target dir (default: $CARGO_TARGET_DIR, else fuzz/target)
#   FUZZ_RSS_MB      libFuzzer -rss_limit_mb and -malloc_limit_mb (default 2048 / 1024)
#   FUZZ_SLOW_SECS   libFuzzer -report_slow_units: an input slower than this fails (default 10)
#
# Toolchain, in order: `cargo +nightly fuzz` (rustup's nightly), then stable with RUSTC_BOOTSTRAP=1,
# then — last resort, no libFuzzer at all — the harnesses built as a plain stable test that replays
# the seeds and corpus with deterministic mutations (`tests/replay.rs`). The mode used is printed.
#
# Seeds: committed under fuzz/seeds/<target>/ (generated from the known-answer vectors by
# `cargo test --release --no-default-features --test gen_seeds -- --ignored`); they are copied into
# fuzz/corpus/<target>/ (git-ignored), where libFuzzer keeps what it finds between runs.
set -uo pipefail
cd "$(dirname "$0")"
FUZZ_DIR=$PWD

SECS=${1:-5}
shift || true
if ! [[ "$SECS" =~ ^[0-9]+$ ]] || [ "$SECS" -lt 1 ]; then
  echo "usage: fuzz/run.sh <seconds-per-target> [target ...]" >&2
  exit 2
fi
JOBS=${FUZZ_JOBS:-2}
SANITIZER=${FUZZ_SANITIZER:-address}
TD=${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-$FUZZ_DIR/target}}
RSS=${FUZZ_RSS_MB:-2048}
# A unit slower than this many seconds is a failure too: a parser that hostile input can keep
# busy that long is a denial-of-service bug (libFuzzer writes it as slow-unit-*).
SLOW=${FUZZ_SLOW_SECS:-10}
MALLOC=$((RSS / 2))

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in fuzz_targets/*.rs; do
    t=${f##*/}
    targets+=("${t%.rs}")
  done
fi

have_cargo_fuzz() { cargo fuzz --version >/dev/null 2>&1; }
install_cargo_fuzz() {
  have_cargo_fuzz && return 0
  echo "installing cargo-fuzz ..."
  cargo install cargo-fuzz >/dev/null 2>&1 && return 0
  cargo install cargo-fuzz --locked >/dev/null 2>&1 && return 0
  for v in 0.13.1 0.12.0 0.11.4; do
    cargo install cargo-fuzz --version "$v" --locked >/dev/null 2>&1 && return 0
  done
  return 1
}

build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
mode=""
start_build=$SECONDS
if install_cargo_fuzz; then
  # One release build (-O) with debug assertions and overflow checks (-a) of every target.
  build_all() { "$@" fuzz build -O -a --sanitizer "$SANITIZER" --target-dir "$TD" >"$build_log" 2>&1; }
  if cargo +nightly --version >/dev/null 2>&1 && build_all cargo +nightly; then
    mode="libFuzzer (cargo +nightly fuzz)"
  elif RUSTC_BOOTSTRAP=1 build_all env RUSTC_BOOTSTRAP=1 cargo; then
    mode="libFuzzer (stable with RUSTC_BOOTSTRAP=1)"
  fi
fi
if [ -z "$mode" ]; then
  [ -s "$build_log" ] && tail -20 "$build_log" >&2
  echo "fuzz: no libFuzzer build possible; falling back to corpus replay on stable" >&2
  mode="replay"
fi
echo "fuzz: mode: $mode; build took $((SECONDS - start_build)) s; $SECS s per target, $JOBS at a time"

mkdir -p artifacts/logs
crashed=0

if [ "$mode" = "replay" ]; then
  # Mutations per seed scale with the budget (about 40 executions per second of budget per seed).
  export FUZZ_REPLAY_MUTATIONS=$((SECS * 40))
  status=0
  for t in "${targets[@]}"; do
    if ! FUZZ_TARGET=$t cargo test --release --no-default-features --target-dir "$TD" \
      --test replay -- --nocapture >"artifacts/logs/$t.log" 2>&1; then
      status=1
      echo "fuzz $t: CRASHED (see fuzz/artifacts/logs/$t.log)"
      tail -20 "artifacts/logs/$t.log"
    else
      line=$(grep "^replay $t:" "artifacts/logs/$t.log")
      echo "fuzz $t: ${line#replay $t: } (replay mode: no coverage figures)"
    fi
  done
  [ $status -ne 0 ] && echo "fuzz: CRASHES FOUND" && exit 1
  echo "fuzz: ${#targets[@]} targets, crashes: 0 (replay mode)"
  exit 0
fi

BIN_DIR="$TD/$(rustc -vV | sed -n 's/^host: //p')/release"

run_one() {
  local t=$1
  local log="artifacts/logs/$t.log"
  mkdir -p "corpus/$t" "artifacts/$t"
  if [ -d "seeds/$t" ]; then cp -n "seeds/$t"/* "corpus/$t/" 2>/dev/null || true; fi
  local before
  before=$(find "artifacts/$t" -type f | wc -l)
  touch "$log.start"
  "$BIN_DIR/$t" "corpus/$t" -max_total_time="$SECS" -print_final_stats=1 -timeout=60 -report_slow_units="$SLOW" \
    -rss_limit_mb="$RSS" -malloc_limit_mb="$MALLOC" -artifact_prefix="artifacts/$t/" \
    >"$log" 2>&1
  local rc=$?
  local execs cov ft after crashes slow
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  after=$(find "artifacts/$t" -type f | wc -l)
  slow=$(find "artifacts/$t" -type f -name 'slow-unit-*' -newer "$log.start" | wc -l)
  crashes=$((after - before - slow))
  if [ $rc -ne 0 ] && [ $crashes -eq 0 ]; then crashes=1; fi
  printf 'fuzz %-20s executions: %-10s cov: %-6s ft: %-6s crashes: %s slow: %s\n' \
    "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes" "$slow" >"artifacts/logs/$t.result"
}

pids=()
for t in "${targets[@]}"; do
  if [ ! -x "$BIN_DIR/$t" ]; then
    echo "fuzz $t: binary missing in $BIN_DIR" >&2
    crashed=1
    continue
  fi
  run_one "$t" &
  pids+=($!)
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 0.2; done
done
wait

total_execs=0
for t in "${targets[@]}"; do
  r="artifacts/logs/$t.result"
  [ -f "$r" ] || continue
  cat "$r"
  n=$(grep -oE 'crashes: [0-9]+' "$r" | grep -oE '[0-9]+$')
  sl=$(grep -oE 'slow: [0-9]+' "$r" | grep -oE '[0-9]+$')
  e=$(grep -oE 'executions: [0-9]+' "$r" | grep -oE '[0-9]+$' || echo 0)
  total_execs=$((total_execs + ${e:-0}))
  if [ "${n:-1}" != "0" ] || [ "${sl:-0}" != "0" ]; then
    crashed=1
    echo "---- $t: crash or slow unit (> ${SLOW} s); log fuzz/artifacts/logs/$t.log, reproducer in fuzz/artifacts/$t/"
    grep -E "panicked|ERROR|SUMMARY|Test unit written|Slowest unit" "artifacts/logs/$t.log" | head -10
    # The reproducers themselves (small by construction), so a CI log alone suffices to replay.
    find "artifacts/$t" -type f -newer "artifacts/logs/$t.log.start" | head -3 | while read -r f; do
      echo "reproducer $f (base64):"
      head -c 4096 "$f" | base64 -w 0
      echo
    done
  fi
  rm -f "$r"
done
if [ $crashed -ne 0 ]; then
  echo "fuzz: CRASHES OR SLOW UNITS FOUND ($total_execs executions)"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, $total_execs executions, crashes: 0"
