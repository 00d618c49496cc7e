// Shared by the Node and browser entry points: runs once the binding (WebAssembly module or native
// addon) is loaded.
import { ERROR_CODES, CryptoError } from './errors.js';
import { useBinding } from './engine.js';

export function afterInstantiate(engineName, mod, reason) {
  mod.__registerErrorClass(CryptoError);
  const fromCore = mod.errorCodes();
  if (fromCore.join() !== ERROR_CODES.join()) {
    throw new Error(`megacrypt: error codes of the JS layer (${ERROR_CODES}) and the core (${fromCore}) differ`);
  }
  useBinding(engineName, mod, reason);
}
