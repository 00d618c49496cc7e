// Entry point for browsers, workers, Deno and bundlers: fetches the .wasm next to this module.
import init from '../pkg/megacrypt_wasm.js';
import { afterInstantiate } from './setup.js';

await init({ module_or_path: new URL('../pkg/megacrypt_wasm_bg.wasm', import.meta.url) });
afterInstantiate();

export * from './api.js';
