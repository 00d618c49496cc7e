#!/usr/bin/env bash
# Mutation testing of the core with cargo-mutants: does the test suite notice when the code is
# wrong? Each mutant (a deleted match arm, `==` turned into `!=`, a function returning a default)
# is built and tested; a mutant that no test fails is a branch nothing checks.
#
#   bash scripts/mutants.sh                 # the lines this branch changed against main (--in-diff)
#   bash scripts/mutants.sh --base REV      # ... against REV
#   bash scripts/mutants.sh --file 'core/src/share/*.rs' [--file ...]   # whole files (globs)
#   bash scripts/mutants.sh --file 'core/src/share/*.rs' --test attacks --test share_behaviour
#                                           # only the unit tests and these test binaries
#   bash scripts/mutants.sh --full ...      # every core test binary and the doctests
#   bash scripts/mutants.sh --file core/src/share/cr.rs -- --list   # extra cargo-mutants options
#
# Tests run for each mutant: the core's unit tests and every core/tests/*.rs binary except the two
# slow ones, `vectors` (~50 s: the real KDFs of every known answer) and `file_props` (~15 s:
# proptest of the file engine). `--test NAME` (repeatable) replaces that set by the unit tests and
# the named binaries: name the ones that exercise the mutated module (`--test vectors` when it has
# known answers) to make each mutant cheaper. `--full` runs everything cargo test runs, doctests
# included (each doctest is compiled on its own).
#
# Installs cargo-mutants if missing (written for 27.1). Results land in mutants.out/ (caught.txt,
# missed.txt, timeout.txt, unviable.txt, outcomes.json). Exits non-zero when a mutant was missed
# (cargo-mutants: 2 missed, 3 timeout). Every missed mutant gets a test that states the behaviour
# it protects, or a line in docs/mutation-testing.md saying why it is equivalent. See
# docs/mutation-testing.md and CONTRIBUTING.md.
set -euo pipefail
cd "$(dirname "$0")/.."

base=main
files=()
extra_tests=()
full=0
passthrough=()
usage="usage: $0 [--base REV] [--file PATH ...] [--test NAME ...] [--full] [-- CARGO_MUTANTS_OPTIONS]"
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --file) files+=("$2"); shift 2 ;;
    --test) extra_tests+=("$2"); shift 2 ;;
    --full) full=1; shift ;;
    --) shift; passthrough=("$@"); break ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done

if ! cargo mutants --version >/dev/null 2>&1; then
  echo "mutants.sh: installing cargo-mutants" >&2
  cargo install cargo-mutants --locked >/dev/null
fi

# Mutate the core only and run the core's own tests (the bindings, benches and the CLI do not
# test the core's branches). The build copy starts from our target/ (--copy-target), so only
# megacrypt itself is rebuilt per mutant; dependencies are optimised in the dev profile
# (Cargo.toml). Timeouts: 3x the baseline test time, at least 20 s.
args=(--package megacrypt --test-package megacrypt --timeout-multiplier 3
  --minimum-test-timeout 20 --no-shuffle --copy-target true)
if [ ${#files[@]} -gt 0 ]; then
  for f in "${files[@]}"; do args+=(--file "$f"); done
else
  diff=$(mktemp)
  trap 'rm -f "$diff"' EXIT
  git diff "$(git merge-base "$base" HEAD)" -- core/src >"$diff"
  if [ ! -s "$diff" ]; then
    echo "mutants.sh: no change under core/src against $base"
    exit 0
  fi
  args+=(--in-diff "$diff")
fi

# `cargo test` arguments: the fast test binaries, by name.
test_args=()
if [ "$full" = 0 ]; then
  test_args+=(--lib)
  if [ ${#extra_tests[@]} -gt 0 ]; then
    for t in "${extra_tests[@]}"; do test_args+=(--test "$t"); done
  else
    for t in core/tests/*.rs; do
      name=$(basename "$t" .rs)
      case "$name" in file_props) continue ;; esac
      test_args+=(--test "$name")
    done
  fi
fi

# They go to every cargo invocation (--cargo-arg), not only to `cargo test` (after --): otherwise
# the build step (`cargo test --no-run`) links all fourteen test binaries for every mutant.
for a in ${test_args[@]+"${test_args[@]}"}; do args+=("--cargo-arg=$a"); done

echo "mutants.sh: cargo mutants ${args[*]} ${passthrough[*]+${passthrough[*]}}" >&2
cargo mutants "${args[@]}" ${passthrough[@]+"${passthrough[@]}"}
