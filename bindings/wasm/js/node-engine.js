// Node.js: loads the native engine (N-API addon, an optional dependency built per platform) when
// one is installed for this platform and works, else the WebAssembly module. MEGACRYPT_ENGINE=wasm
// forces WebAssembly; MEGACRYPT_ENGINE=native fails instead of falling back.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { webcrypto } from 'node:crypto';
import init, * as wasm from '../pkg/megacrypt_wasm.js';
import { afterInstantiate } from './setup.js';

// Node 18 has Web Crypto but does not expose it as a global; the WebAssembly module draws its
// randomness from globalThis.crypto.getRandomValues and the fast path uses crypto.subtle.
if (globalThis.crypto === undefined) {
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true, enumerable: true, writable: true });
}

const require = createRequire(import.meta.url);
const { version } = require('../package.json');

/** The napi-rs platform name: linux-x64-gnu, linux-arm64-musl, darwin-arm64, win32-x64-msvc, ... */
export function platformTriple() {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const glibc = process.report?.getReport?.().header?.glibcVersionRuntime;
    return `linux-${arch}-${glibc ? 'gnu' : 'musl'}`;
  }
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

let nativeUnavailableReason;

function loadNative() {
  const want = process.env.MEGACRYPT_ENGINE ?? 'auto';
  if (want === 'wasm') {
    nativeUnavailableReason = 'MEGACRYPT_ENGINE=wasm';
    return null;
  }
  if (want !== 'auto' && want !== 'native') {
    throw new Error(`megacrypt: MEGACRYPT_ENGINE must be auto, native or wasm, not ${want}`);
  }
  const triple = platformTriple();
  // The optional dependency, then a local build (bindings/napi/build.sh) next to the package.
  const candidates = [`megacrypt-${triple}`, `../native/megacrypt.${triple}.node`];
  const failures = [];
  for (const candidate of candidates) {
    let mod;
    try {
      mod = require(candidate);
    } catch (e) {
      failures.push(`${candidate}: ${String(e?.message ?? e).split('\n')[0]}`);
      continue;
    }
    const got = typeof mod.coreVersion === 'function' ? mod.coreVersion() : undefined;
    if (got !== version) {
      failures.push(`${candidate}: version ${got} is not the package's ${version}`);
      continue;
    }
    return mod;
  }
  nativeUnavailableReason = `no native engine for ${triple} (${failures.join('; ')})`;
  if (want === 'native') throw new Error(`megacrypt: MEGACRYPT_ENGINE=native, but ${nativeUnavailableReason}`);
  return null;
}

const native = loadNative();
if (native) {
  // `using` support, as wasm-bindgen gives its classes.
  if (Symbol.dispose) {
    for (const value of Object.values(native)) {
      if (typeof value === 'function' && typeof value.prototype?.free === 'function') {
        value.prototype[Symbol.dispose] = value.prototype.free;
      }
    }
  }
  afterInstantiate('native', native);
} else {
  await init({ module_or_path: await readFile(new URL('../pkg/megacrypt_wasm_bg.wasm', import.meta.url)) });
  afterInstantiate('wasm', wasm, nativeUnavailableReason);
}

/** The loaded binding. */
export const binding = native ?? wasm;
