// The public surface (browser entry): the WebAssembly classes and functions, the error class, the
// stream helpers. The Node entry (node.js) exports the same names from whichever engine it loaded.
export * from '../pkg/megacrypt_wasm.js';
export { CryptoError, ERROR_CODES } from './errors.js';
export { activeEngine, nativeUnavailableReason } from './engine.js';
export * from './streams.js';
