// The two JavaScript engines must expose the same API. Compares the WebAssembly module's exports
// (bindings/wasm/pkg) with the native addon's: every function, every class, and each class's
// methods, getters and static functions. Also keeps the Node entry's export list
// (bindings/wasm/js/node.js, which cannot `export *` from a module chosen at run time) equal to
// the WebAssembly module's exports.
//
//   node bindings/napi/check-api.mjs ADDON.node            # fails (exit 1) on any difference
//   node bindings/napi/check-api.mjs ADDON.node --update   # rewrites the list in js/node.js
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';

const [addonPath, flag] = process.argv.slice(2);
const here = new URL('../wasm/', import.meta.url);
const wasm = await import(new URL('pkg/megacrypt_wasm.js', here));
const native = createRequire(import.meta.url)(addonPath);

// Not API: wasm-bindgen's loader (default, initSync); the loader's hook; the native engine's name.
const notApi = new Set(['default', 'initSync', '__registerErrorClass', 'engineName']);
const internal = (k) => k.startsWith('__') || ['constructor', 'length', 'name', 'prototype', 'arguments', 'caller'].includes(k);

function shape(mod) {
  const out = new Map();
  for (const [k, v] of Object.entries(mod)) {
    if (notApi.has(k)) continue;
    if (typeof v === 'function' && /^[A-Z]/.test(k)) {
      const proto = Object.getOwnPropertyNames(v.prototype).filter((m) => !internal(m)).sort();
      const statics = Object.getOwnPropertyNames(v).filter((m) => !internal(m)).sort();
      out.set(k, `class ${k} { ${proto.join(' ')} | static ${statics.join(' ')} }`);
    } else {
      out.set(k, `${typeof v} ${k}`);
    }
  }
  return out;
}

const a = shape(wasm);
const b = shape(native);
const diffs = [];
for (const [k, v] of a) if (b.get(k) !== v) diffs.push(`wasm:   ${v}\nnative: ${b.get(k) ?? '(missing)'}`);
for (const [k, v] of b) if (!a.has(k)) diffs.push(`wasm:   (missing)\nnative: ${v}`);
if (diffs.length) {
  console.error(`check-api: the engines differ in ${diffs.length} export(s):\n${diffs.join('\n')}`);
  process.exit(1);
}

const names = [...a.keys()].sort();
const entry = new URL('js/node.js', here);
const begin = '// BEGIN generated export list';
const end = '// END generated export list';
const text = readFileSync(entry, 'utf8');
const i = text.indexOf(begin);
const j = text.indexOf(end);
const list = `${begin} (node bindings/napi/check-api.mjs ADDON --update)\nexport const {\n${names.map((n) => `  ${n},`).join('\n')}\n} = binding;\n`;
const current = i >= 0 && j > i ? text.slice(i, j) : null;
if (current !== list) {
  if (flag === '--update') {
    writeFileSync(entry, `${text.slice(0, i)}${list}${text.slice(j)}`);
    console.log(`check-api: rewrote the export list of js/node.js (${names.length} names)`);
  } else {
    console.error('check-api: js/node.js does not export exactly the WebAssembly module\'s names; run with --update');
    process.exit(1);
  }
}
console.log(`ENGINES same API: ${names.length} exports (${[...a.values()].filter((v) => v.startsWith('class')).length} classes), members compared`);
