#!/usr/bin/env bash
# Packs the npm packages into DEST:
#   megacrypt-<v>.tgz             bindings/wasm with `optionalDependencies` on every platform
#                                 package of bindings/napi/npm/ added to its package.json (what
#                                 napi-rs's `prepublish` does: the repository's package.json has
#                                 none, so `npm ci` in bindings/wasm needs no unpublished package)
#   megacrypt-<platform>-<v>.tgz  each platform package whose .node has been built (build.sh)
# Usage: bash bindings/napi/pack.sh DEST   (prints the tarball names)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dest=$(cd "$1" && pwd)
stage=$(mktemp -d "${TMPDIR:-/tmp}/megacrypt-pack.XXXXXX")
trap 'rm -rf "$stage"' EXIT

main=$(cd "$root/bindings/wasm" && npm pack --silent --pack-destination "$stage" | tail -n 1)
mkdir "$stage/x"
tar -xzf "$stage/$main" -C "$stage/x"
node - "$stage/x/package/package.json" "$here/npm" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const [file, npmDir] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
pkg.optionalDependencies = {};
for (const d of fs.readdirSync(npmDir).sort()) {
  const p = path.join(npmDir, d, 'package.json');
  if (!fs.existsSync(p)) continue;
  const platform = JSON.parse(fs.readFileSync(p, 'utf8'));
  if (platform.version !== pkg.version) throw new Error(`${p}: version ${platform.version} is not ${pkg.version}`);
  pkg.optionalDependencies[platform.name] = platform.version;
}
fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
JS
(cd "$stage/x/package" && npm pack --silent --pack-destination "$dest" | tail -n 1)
for d in "$here"/npm/*/; do
  platform=$(basename "$d")
  if [ -f "$d/megacrypt.$platform.node" ]; then
    (cd "$d" && npm pack --silent --pack-destination "$dest" | tail -n 1)
  fi
done
