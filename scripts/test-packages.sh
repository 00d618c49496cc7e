#!/usr/bin/env bash
# Builds every artifact (scripts/package.sh) and tests each one the way a user gets it: in a fresh
# project outside the repository, under a temporary folder, that only declares the dependency.
#   rust        a new cargo project with a path dependency on the unpacked .crate: the README's
#               Rust quickstart, then a file on disk encrypted, linked, decrypted and verified
#   python      a fresh venv with `pip install dist/megacrypt-*.whl`: the quickstarts, a file round
#               trip, `mypy --strict` on a consumer file (and a file that must fail it), and the
#               project's Python tests and vector harness (bindings/uniffi/python/tests, copied)
#               importing the installed package
#   kotlin      a fresh Maven project depending on megacrypt:megacrypt (installed from dist/jvm
#               into the local repository), no jna.library.path: the README's Kotlin quickstart
#   js-node     the npm tarball installed in a fresh Node project: the package README's quickstart
#   js-browser  the same quickstart in a page bundled by vite, run in headless Chromium
#   js-webpack  the same page bundled by webpack (no configuration), run in headless Chromium
# Prints one line per consumer, "CONSUMER <name>: PASS|FAIL", and ends with
# "consumers: N passed, M failed". Exits non-zero if packaging or any consumer failed.
# Environment: as package.sh; CHROMIUM (default /usr/bin/chromium);
# MEGACRYPT_PACKAGE_CRATE_TESTS=1 also runs `cargo test` inside the unpacked crate (slow).
# For iterating: MEGACRYPT_SKIP_PACKAGE=1 tests what is already in dist/; MEGACRYPT_CONSUMERS="a b"
# runs only those consumers.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="${MEGACRYPT_DIST:-$ROOT/dist}"
export MEGACRYPT_DIST="$DIST"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
TOOLS="$CARGO_TARGET_DIR/packages/tools-venv"
CONSUMERS="$ROOT/scripts/consumers"
VECTORS="$ROOT/core/tests/data"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
cd "$ROOT"

log() { printf '== test-packages.sh [%4ss] %s\n' "$SECONDS" "$*" >&2; }

start=$SECONDS
if [ "${MEGACRYPT_SKIP_PACKAGE:-0}" = 1 ]; then
  log "MEGACRYPT_SKIP_PACKAGE=1: testing the artifacts already in $DIST"
elif ! bash scripts/package.sh; then
  echo "PACKAGES FAIL: scripts/package.sh failed"
  echo "consumers: 0 passed, 1 failed"
  exit 1
fi
echo "PACKAGES built in $((SECONDS - start)) s"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/megacrypt-consumers.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# The first ```<lang> block after the line matching <heading regex> in a Markdown file, without
# rustdoc's hidden lines ("# ..." in Rust blocks).
code_block() { # file lang [heading-regex]
  awk -v lang="$2" -v head="${3:-}" '
    head != "" && !seen && $0 ~ head { seen = 1; next }
    head != "" && !seen { next }
    !inblock && $0 == "```" lang { inblock = 1; next }
    inblock && $0 == "```" { exit }
    inblock { if (lang == "rust" && ($0 ~ /^# / || $0 == "#")) next; print }
  ' "$1"
}

# ------------------------------------------------------------------------------------ rust
consumer_rust() {
  local d="$WORK/rust"
  mkdir -p "$d/app/src"
  tar -xzf "$DIST/megacrypt-$VERSION.crate" -C "$d"
  cat >"$d/app/Cargo.toml" <<EOF
[package]
name = "megacrypt-consumer"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
megacrypt = { path = "../megacrypt-$VERSION" }
getrandom = { version = "0.4", features = ["sys_rng"] }
EOF
  # The versions CI tested (cargo drops the workspace's other packages from it); a user without
  # a lock file gets the newest compatible versions instead.
  cp Cargo.lock "$d/app/Cargo.lock"
  cp "$CONSUMERS/rust/main.rs" "$d/app/src/main.rs"
  {
    echo "// The README's Rust quickstart, extracted by scripts/test-packages.sh."
    echo "pub fn run() -> Result<(), megacrypt::Error> {"
    code_block README.md rust '^## Rust quickstart'
    echo "    Ok(())"
    echo "}"
  } >"$d/app/src/readme_quickstart.rs"
  # Same target dir as the workspace: the dependencies `cargo publish --dry-run` just compiled
  # for the packed crate are reused.
  (cd "$d/app" && cargo run -q -- "$d") || return 1
  if [ "${MEGACRYPT_PACKAGE_CRATE_TESTS:-0}" = 1 ]; then
    (cd "$d/megacrypt-$VERSION" && cargo test -q) || return 1
  fi
}

# ---------------------------------------------------------------------------------- python
consumer_python() {
  local d="$WORK/python" py
  mkdir -p "$d"
  python3 -m venv "$d/venv"
  py="$d/venv/bin/python"
  "$py" -m pip install --quiet "$DIST"/megacrypt-"$VERSION"-*.whl "pytest>=8" || return 1
  cd "$d" || return 1
  "$py" -c 'import megacrypt, megacrypt_io; print("installed:", megacrypt.__file__, megacrypt_io.__file__)' || return 1
  cp "$ROOT/bindings/uniffi/python/examples/quickstart.py" quickstart.py
  "$py" quickstart.py || return 1
  echo "bindings/uniffi/python/examples/quickstart.py: ok"
  code_block "$ROOT/bindings/uniffi/python/README.md" python >readme_quickstart.py
  "$py" readme_quickstart.py || return 1
  echo "the wheel's README quickstart: ok"
  cp "$CONSUMERS/python/file_roundtrip.py" "$CONSUMERS/python/type_error.py" .
  "$py" file_roundtrip.py || return 1
  # Types: the consumer file passes `mypy --strict` against the installed package, and a file
  # with two wrong calls fails it with exactly those two errors.
  "$TOOLS/bin/mypy" --strict --no-incremental --python-executable "$py" file_roundtrip.py || return 1
  local out
  out="$("$TOOLS/bin/mypy" --strict --no-incremental --python-executable "$py" type_error.py 2>&1)" && {
    echo "type_error.py passed mypy: the type checker does not see the package's types"; return 1; }
  echo "$out"
  grep -q 'Found 2 errors in 1 file' <<<"$out" && grep -q '\[arg-type\]' <<<"$out" && grep -q '\[assignment\]' <<<"$out" \
    || { echo "expected exactly the 2 type errors of type_error.py"; return 1; }
  echo "mypy: types of the installed package are seen"
  # The project's Python tests, against the installed package: their conftest puts an empty
  # "generated" folder and the copied test folder on sys.path, so `megacrypt` and `megacrypt_io`
  # come from site-packages (checked by test_installed_package.py).
  mkdir -p "$d/project/python" "$d/empty"
  cp -r "$ROOT/bindings/uniffi/python/tests" "$ROOT/bindings/uniffi/python/examples" "$d/project/python/"
  cp "$ROOT/bindings/uniffi/README.md" "$d/project/README.md"
  mkdir -p "$d/project/docs" && cp -r "$ROOT/docs/guide" "$d/project/docs/"
  cat >"$d/project/python/tests/test_installed_package.py" <<'EOF'
"""Written by scripts/test-packages.sh: the modules under test are the installed wheel's."""
import sys
from pathlib import Path

import megacrypt
import megacrypt_io


def test_modules_come_from_the_installed_wheel():
    site = Path(sys.prefix).resolve()
    for module in (megacrypt, megacrypt_io):
        assert site in Path(module.__file__).resolve().parents, module.__file__
EOF
  MEGACRYPT_PY_GENERATED="$d/empty" MEGACRYPT_VECTORS_DIR="$VECTORS" \
    "$py" -m pytest -q -p no:cacheprovider "$d/project/python/tests" || return 1
}

# ---------------------------------------------------------------------------------- kotlin
consumer_kotlin() {
  local d="$WORK/kotlin" pom="$ROOT/bindings/uniffi/kotlin/pom.xml" kotlin junit surefire
  kotlin="$(sed -n 's:.*<kotlin.version>\(.*\)</kotlin.version>.*:\1:p' "$pom")"
  junit="$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' "$pom")"
  surefire="$(grep -A1 '<artifactId>maven-surefire-plugin</artifactId>' "$pom" | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')"
  # Install the artifact from dist/ (what a user would download), as package.sh's `mvn install` did.
  mvn -q -B install:install-file -Dfile="$DIST/jvm/megacrypt-$VERSION.jar" -DpomFile="$DIST/jvm/megacrypt-$VERSION.pom" || return 1
  mkdir -p "$d/src/test/kotlin/example"
  cat >"$d/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>megacrypt-consumer</artifactId>
  <version>0.0.0</version>
  <properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencies>
    <dependency>
      <groupId>megacrypt</groupId>
      <artifactId>megacrypt</artifactId>
      <version>$VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>$junit</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <testSourceDirectory>src/test/kotlin</testSourceDirectory>
    <plugins>
      <plugin>
        <groupId>org.jetbrains.kotlin</groupId>
        <artifactId>kotlin-maven-plugin</artifactId>
        <version>$kotlin</version>
        <executions>
          <execution>
            <id>test-compile</id>
            <phase>test-compile</phase>
            <goals><goal>test-compile</goal></goals>
            <configuration><sourceDirs><sourceDir>src/test/kotlin</sourceDir></sourceDirs></configuration>
          </execution>
        </executions>
        <configuration><jvmTarget>17</jvmTarget></configuration>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>$surefire</version>
        <configuration><trimStackTrace>false</trimStackTrace><failIfNoTests>true</failIfNoTests></configuration>
      </plugin>
    </plugins>
  </build>
</project>
EOF
  cp "$ROOT/bindings/uniffi/kotlin/src/test/kotlin/megacrypt/Quickstart.kt" "$d/src/test/kotlin/example/Quickstart.kt"
  cp "$CONSUMERS/kotlin/ConsumerTest.kt" "$d/src/test/kotlin/example/ConsumerTest.kt"
  (cd "$d" && mvn -B --no-transfer-progress test) >"$d/mvn.log" 2>&1
  local rc=$?
  grep -E 'Tests run:|native library|rejected|ERROR|FAIL' "$d/mvn.log"
  [ "$rc" = 0 ] || { tail -n 80 "$d/mvn.log"; return 1; }
  # The one test ran (a Maven run that compiled nothing would pass without it).
  grep -q 'Tests run: 1, Failures: 0, Errors: 0, Skipped: 0' "$d/mvn.log" || { echo "the consumer test did not run"; return 1; }
}

# -------------------------------------------------------------------------------------- js
js_app() { # dir
  mkdir -p "$1"
  printf '{ "name": "megacrypt-consumer", "private": true, "type": "module" }\n' >"$1/package.json"
}

consumer_js_node() {
  local d="$WORK/js-node"
  js_app "$d"
  # Both tarballs, as npm would fetch the optional dependency from the registry.
  (cd "$d" && npm install --no-audit --no-fund --silent "$DIST/megacrypt-$VERSION.tgz" "$DIST"/megacrypt-linux-*-"$VERSION".tgz) || return 1
  { code_block "$d/node_modules/megacrypt/README.md" js '^## Quickstart'; echo "console.log('package README quickstart: ok');"; } >"$d/quickstart.mjs"
  # The native engine is picked up without any setting, and the quickstart runs on both engines.
  (cd "$d" && node -e "import('megacrypt').then((m) => { if (m.activeEngine() !== 'native') { console.error('native engine not loaded:', m.nativeUnavailableReason()); process.exit(1); } console.log('installed package: native engine active'); })") || return 1
  (cd "$d" && node quickstart.mjs && MEGACRYPT_ENGINE=wasm node quickstart.mjs) || return 1
  # Without the platform package, the same install falls back to WebAssembly.
  rm -rf "$d/node_modules/megacrypt-linux-"*
  (cd "$d" && node -e "import('megacrypt').then((m) => { if (m.activeEngine() !== 'wasm') process.exit(1); console.log('without the platform package: wasm engine (' + m.nativeUnavailableReason().slice(0, 60) + '...)'); })") || return 1
}

consumer_js_browser() {
  local d="$WORK/js-browser" playwright
  playwright="$(node -p 'require("./bindings/wasm/package.json").devDependencies["playwright-core"]')"
  js_app "$d"
  (cd "$d" && npm install --no-audit --no-fund --silent "$DIST/megacrypt-$VERSION.tgz" "vite@$VITE_VERSION" "playwright-core@$playwright") || return 1
  cat >"$d/index.html" <<'EOF'
<!doctype html>
<meta charset="utf-8">
<title>megacrypt consumer</title>
<script type="module" src="/main.js"></script>
EOF
  {
    code_block "$d/node_modules/megacrypt/README.md" js '^## Quickstart'
    echo "window.__quickstart = 'ok';"
  } >"$d/main.js"
  (cd "$d" && npx vite build --logLevel warn) || return 1
  ls -l "$d/dist/assets"
  cp "$CONSUMERS/js/check-browser.mjs" "$d/"
  (cd "$d" && CHROMIUM="$CHROMIUM" node check-browser.mjs dist) || return 1
}
VITE_VERSION=8.4.0

# The same page bundled by webpack with no configuration (entry src/index.js, output dist/main.js):
# a second bundler that tree-shakes by the package's "sideEffects" and turns the
# `new URL('…', import.meta.url)` of the .wasm into an asset.
consumer_js_webpack() {
  local d="$WORK/js-webpack" playwright
  playwright="$(node -p 'require("./bindings/wasm/package.json").devDependencies["playwright-core"]')"
  js_app "$d"
  (cd "$d" && npm install --no-audit --no-fund --silent "$DIST/megacrypt-$VERSION.tgz" "webpack@$WEBPACK_VERSION" \
    "webpack-cli@$WEBPACK_CLI_VERSION" "playwright-core@$playwright") || return 1
  mkdir -p "$d/src"
  {
    code_block "$d/node_modules/megacrypt/README.md" js '^## Quickstart'
    echo "window.__quickstart = 'ok';"
  } >"$d/src/index.js"
  (cd "$d" && npx webpack --mode production --no-stats) || return 1
  cat >"$d/dist/index.html" <<'EOF'
<!doctype html>
<meta charset="utf-8">
<title>megacrypt consumer</title>
<script src="main.js"></script>
EOF
  ls -l "$d/dist"
  cp "$CONSUMERS/js/check-browser.mjs" "$d/"
  (cd "$d" && CHROMIUM="$CHROMIUM" node check-browser.mjs dist) || return 1
}
WEBPACK_VERSION=5.113.0
WEBPACK_CLI_VERSION=7.3.1

# ------------------------------------------------------------------------------------ run
passed=0
failed=0
run_consumer() { # name
  local name=$1 t0=$SECONDS logf="$WORK/$1.log"
  log "consumer $name"
  if ("consumer_${name//-/_}") >"$logf" 2>&1; then
    sed 's/^/    /' "$logf"
    echo "CONSUMER $name: PASS ($((SECONDS - t0)) s)"
    passed=$((passed + 1))
  else
    sed 's/^/    /' "$logf" | tail -n 120
    echo "CONSUMER $name: FAIL ($((SECONDS - t0)) s)"
    failed=$((failed + 1))
  fi
}
for c in ${MEGACRYPT_CONSUMERS:-rust python kotlin js-node js-browser js-webpack}; do
  run_consumer "$c"
done
echo "packages: artifacts and consumers in $((SECONDS - start)) s"
echo "consumers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
