#!/usr/bin/env bash
# Mutation testing of the core with cargo-mutants: does the test suite notice when the code is
# wrong? Each mutant (a deleted match arm, `==` turned into `!=`, a function returning a default)
# is built and tested; a mutant that no test fails is a branch nothing checks.
#
#   bash scripts/mutants.sh                 # the lines this branch changed against main (--in-diff)
#   bash scripts/mutants.sh --base REV      # ... against REV
#   bash scripts/mutants.sh --file core/src/share.rs [--file ...]   # whole files
#
# Installs cargo-mutants if missing. Results land in mutants.out/ (caught.txt, missed.txt,
# timeout.txt, unviable.txt). Exits non-zero when a mutant was missed. Every missed mutant gets a
# test that states the behaviour it protects, or a line in docs/mutation-testing.md saying why it is
# equivalent. See CONTRIBUTING.md.
set -euo pipefail
cd "$(dirname "$0")/.."

base=main
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --file) files+=("$2"); shift 2 ;;
    *) echo "usage: $0 [--base REV] [--file PATH ...]" >&2; exit 2 ;;
  esac
done

if ! cargo mutants --version >/dev/null 2>&1; then
  echo "mutants.sh: installing cargo-mutants" >&2
  cargo install cargo-mutants --locked >/dev/null
fi

# The core's own tests only (unit, vectors, attacks, negative, properties); the bindings, benches
# and the CLI do not test the core's branches. Dependencies are optimised in the dev profile
# (Cargo.toml), so one mutant build + test takes seconds.
args=(--package megacrypt --test-package megacrypt --timeout-multiplier 3 --no-shuffle)
if [ ${#files[@]} -gt 0 ]; then
  for f in "${files[@]}"; do args+=(--file "$f"); done
else
  diff=$(mktemp)
  git diff "$(git merge-base "$base" HEAD)" -- core/src >"$diff"
  if [ ! -s "$diff" ]; then
    echo "mutants.sh: no change under core/src against $base"
    exit 0
  fi
  args+=(--in-diff "$diff")
fi
cargo mutants "${args[@]}"
