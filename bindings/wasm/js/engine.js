// The binding in use: the WebAssembly module, or in Node.js the native addon, which exposes the
// same classes and functions (both are compiled from bindings/wasm/src). Set once by the entry
// point (browser.js, node.js) before anything else runs.

/** The binding's module namespace. */
export let binding;
let name;
let whyNotNative;

/** Called by the entry point once the binding is loaded. */
export function useBinding(engineName, mod, reason) {
  binding = mod;
  name = engineName;
  whyNotNative = reason;
}

/** Which engine runs megacrypt's core here: `'native'` (N-API addon) or `'wasm'` (WebAssembly). */
export function activeEngine() {
  return name;
}

/** Why the native engine is not in use (`undefined` when it is). */
export function nativeUnavailableReason() {
  return whyNotNative;
}
