// Test harness for Node: node:test + node:assert. The browser run swaps in harness-browser.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { activeEngine } from 'megacrypt';

export { test, assert };
/** `js-node` with the WebAssembly engine, `js-node-native` with the native (N-API) engine. */
export const lang = activeEngine() === 'native' ? 'js-node-native' : 'js-node';

/** Every *.json in MEGACRYPT_VECTOR_DIRS (path-list) and MEGACRYPT_EXTRA_VECTORS, sorted per folder. */
export async function vectorFiles() {
  const dirs = (process.env.MEGACRYPT_VECTOR_DIRS ?? '').split(path.delimiter).filter(Boolean);
  if (process.env.MEGACRYPT_EXTRA_VECTORS) dirs.push(process.env.MEGACRYPT_EXTRA_VECTORS);
  const out = [];
  for (const dir of dirs) {
    const names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    for (const name of names) {
      const p = path.resolve(dir, name);
      out.push({ path: p, text: await readFile(p, 'utf8') });
    }
  }
  return out;
}

/** The README quickstart (first ```js block), for the quickstart test; null if not provided. */
export async function readmeQuickstart() {
  const p = process.env.MEGACRYPT_README;
  if (!p) return null;
  const text = await readFile(p, 'utf8');
  const m = /```js\n([\s\S]*?)```/.exec(text);
  return m ? m[1] : null;
}

/** Runs an ES module source text that imports 'megacrypt'. */
export async function runModule(source) {
  const { writeFile, unlink } = await import('node:fs/promises');
  const file = path.join(process.cwd(), `quickstart-${process.pid}.mjs`);
  await writeFile(file, source);
  try {
    await import(file);
  } finally {
    await unlink(file);
  }
}
