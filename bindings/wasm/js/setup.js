// Shared by the Node and browser entry points: runs once the WebAssembly module is instantiated.
import { __registerErrorClass, errorCodes } from '../pkg/megacrypt_wasm.js';
import { ERROR_CODES, CryptoError } from './errors.js';

export function afterInstantiate() {
  __registerErrorClass(CryptoError);
  const fromCore = errorCodes();
  if (fromCore.join() !== ERROR_CODES.join()) {
    throw new Error(`megacrypt: error codes of the JS layer (${ERROR_CODES}) and the core (${fromCore}) differ`);
  }
}
