// Entry point for Node.js (>= 18): reads the .wasm next to this package and instantiates it.
import { readFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';
import init from '../pkg/megacrypt_wasm.js';
import { afterInstantiate } from './setup.js';

// Node 18 has Web Crypto but does not expose it as a global; the WebAssembly module draws its
// randomness from globalThis.crypto.getRandomValues and the fast path uses crypto.subtle.
if (globalThis.crypto === undefined) {
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true, enumerable: true, writable: true });
}

await init({ module_or_path: await readFile(new URL('../pkg/megacrypt_wasm_bg.wasm', import.meta.url)) });
afterInstantiate();

export * from './api.js';
