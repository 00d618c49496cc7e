// The one error class of the package. Every failure thrown by megacrypt (from WebAssembly or from
// the JavaScript stream helpers) is a MegaCryptoError whose `code` names the core's category.

/** Stable error codes, one per core `ErrorKind`. */
export const ERROR_CODES = Object.freeze([
  'InvalidKey',
  'Malformed',
  'Decrypt',
  'MacMismatch',
  'SizeMismatch',
  'ApiMisuse',
  'Unsupported',
  'Rng',
  'SignatureInvalid',
  'KeyChanged',
  'Rollback',
  'WrongAccount',
]);

export class MegaCryptoError extends Error {
  /**
   * @param {string} code one of ERROR_CODES
   * @param {string} [message]
   * @param {ErrorOptions} [options]
   */
  constructor(code, message, options) {
    super(message ?? code, options);
    this.name = 'MegaCryptoError';
    /** @type {string} */
    this.code = code;
  }
}
