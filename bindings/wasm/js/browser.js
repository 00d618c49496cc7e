// Entry point for browsers, workers, Deno and bundlers: fetches the .wasm next to this module.
import init, * as wasm from '../pkg/megacrypt_wasm.js';
import { afterInstantiate } from './setup.js';

await init({ module_or_path: new URL('../pkg/megacrypt_wasm_bg.wasm', import.meta.url) });
afterInstantiate('wasm', wasm, 'the native engine exists for Node.js only');

export * from './api.js';
