// The public surface: the WebAssembly classes and functions, the error class, the stream helpers.
export * from '../pkg/megacrypt_wasm.js';
export { CryptoError, ERROR_CODES } from './errors.js';
export * from './streams.js';
