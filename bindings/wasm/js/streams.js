// Web Streams helpers and the Web Crypto fast path, over the active binding (./engine.js: the
// WebAssembly module, or the native addon in Node.js).
//
// Two ways of running the bulk AES produce byte-identical output (the known-answer vectors and the
// tests prove it):
// - "webcrypto": the bulk AES runs in the platform's Web Crypto (hardware AES where the machine has
//   it), as a plain AES backend fed by plans from WebAssembly (PlannedUpload / PlannedDownload):
//   each plan gives the AES-CTR counter block of a batch and, per chunk, its range and padded
//   length; the chunk MAC is the last block of the AES-CBC encryption of the zero-padded chunk
//   (Web Crypto appends one PKCS#7 block, which is not part of it). WebAssembly does everything
//   else: keys and nonces, the chunk schedule, batch cuts, the meta-MAC fold, the size check and
//   the constant-time verification. The raw content key leaves WebAssembly once, to be imported
//   as a non-extractable CryptoKey.
// - "core" (alias "wasm"): everything in the core (FileEncryptor / FileDecryptor, several chunks'
//   MACs side by side), in WebAssembly or natively. The default with the native engine (faster
//   than Web Crypto); with WebAssembly where Web Crypto is missing (insecure browser contexts) or
//   on request.
import { activeEngine, binding } from './engine.js';
import { CryptoError } from './errors.js';


// WebAssembly objects already freed or consumed (a consuming method such as finish() frees them):
// free each at most once.
const consumed = new WeakSet();
function release(obj) {
  if (obj && !consumed.has(obj)) {
    consumed.add(obj);
    obj.free();
  }
}

function subtleOrNull() {
  const c = globalThis.crypto;
  return c && c.subtle && typeof c.subtle.encrypt === 'function' ? c.subtle : null;
}

/** Whether the Web Crypto fast path is available here (secure browser context or Node). */
export function webCryptoAvailable() {
  return subtleOrNull() !== null;
}

function pickEngine(options) {
  const want = options?.engine ?? 'auto';
  if (want === 'core' || want === 'wasm') return 'core';
  if (want === 'webcrypto') {
    if (!webCryptoAvailable()) throw new CryptoError('Unsupported', 'Web Crypto (crypto.subtle) is not available here');
    return 'webcrypto';
  }
  if (want !== 'auto') throw new CryptoError('ApiMisuse', `unknown engine ${String(want)}`);
  // The native engine outruns Web Crypto; WebAssembly's software AES does not.
  if (activeEngine() === 'native') return 'core';
  return webCryptoAvailable() ? 'webcrypto' : 'core';
}

function toBytes(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new CryptoError('ApiMisuse', 'stream chunks must be Uint8Array, ArrayBufferView or ArrayBuffer');
}

// ---------------------------------------------------------------------------------------------
// Engines: `process(bytes)` takes input starting at `offset` (a chunk boundary unless this is the
// last call) and returns the output bytes; `finish()` completes.

// The `ContentKey` of `options.key` (16 bytes) and `options.nonce` (8 bytes); the caller frees it.
function contentKeyOf(options) {
  const key = binding.AesKey.fromBytes(options.key);
  try {
    return binding.ContentKey.fromParts(key, options.nonce);
  } finally {
    key.free();
  }
}

class CoreEncryptEngine {
  constructor(options) {
    // The native engine takes any feed length at no cost per call: no batching, no batch copy.
    this.acceptsAnyLength = activeEngine() === 'native';
    if (options?.key !== undefined) {
      const contentKey = contentKeyOf(options);
      try {
        this.enc = binding.FileEncryptor.withKey(contentKey);
      } finally {
        contentKey.free();
      }
    } else {
      this.enc = new binding.FileEncryptor();
    }
    this.offset = 0;
  }
  async process(bytes) {
    this.enc.encryptInPlace(bytes);
    this.offset += bytes.length;
    return bytes;
  }
  async finish() {
    consumed.add(this.enc);
    return this.enc.finish();
  }
  abort() {
    release(this.enc);
  }
}

class CoreDecryptEngine {
  constructor(fileKey, options) {
    this.acceptsAnyLength = activeEngine() === 'native';
    this.dec = new binding.FileDecryptor(fileKey);
    this.expectedSize = options?.size;
    this.offset = 0;
  }
  async process(bytes) {
    this.dec.decryptUnverifiedInPlace(bytes);
    this.offset += bytes.length;
    return bytes;
  }
  async finish() {
    consumed.add(this.dec);
    return this.expectedSize === undefined ? this.dec.finish() : this.dec.finishWithSize(this.expectedSize);
  }
  abort() {
    release(this.dec);
  }
}

class WebCryptoEngine {
  /**
   * @param {PlannedUpload | PlannedDownload} planner the WebAssembly side of the transfer
   * @param {boolean} decrypting
   */
  constructor(planner, decrypting) {
    this.subtle = subtleOrNull();
    this.planner = planner;
    this.decrypting = decrypting;
    this.iv = planner.cbcMacIv();
    const raw = planner.exportKeyForImport();
    this.keys = Promise.all([
      this.subtle.importKey('raw', raw, { name: 'AES-CTR' }, false, ['encrypt']),
      this.subtle.importKey('raw', raw, { name: 'AES-CBC' }, false, ['encrypt']),
    ]).finally(() => raw.fill(0));
  }

  get offset() {
    return this.planner.bytesPlanned;
  }

  /** The last block of the AES-CBC encryption of `plain[start, end)` zero-padded to `padded`. */
  async cbcMac(cbcKey, plain, start, end, padded) {
    let data = plain.subarray(start, end);
    if (data.length !== padded) {
      const p = new Uint8Array(padded);
      p.set(data);
      data = p;
    }
    const out = new Uint8Array(await this.subtle.encrypt({ name: 'AES-CBC', iv: this.iv }, cbcKey, data));
    return out.slice(padded - 16, padded);
  }

  async process(bytes) {
    if (bytes.length === 0) return bytes;
    const [ctrKey, cbcKey] = await this.keys;
    const plan = this.planner.plan(bytes.length);
    const counter = plan.counterBlock;
    const chunks = plan.chunks;
    plan.free();
    const ctr = this.subtle.encrypt({ name: 'AES-CTR', counter, length: 64 }, ctrKey, bytes);
    // The MACs cover the plaintext: the input when encrypting, the output when decrypting.
    let plain = bytes;
    let output;
    if (this.decrypting) {
      output = new Uint8Array(await ctr);
      plain = output;
    }
    const macs = [];
    for (let i = 0; i < chunks.length; i += 4) {
      macs.push(this.cbcMac(cbcKey, plain, chunks[i + 1], chunks[i + 2], chunks[i + 3]));
    }
    if (!this.decrypting) output = new Uint8Array(await ctr);
    const done = await Promise.all(macs);
    for (let i = 0; i < done.length; i++) this.planner.addMac(chunks[4 * i], done[i]);
    return output;
  }

  async finish() {
    consumed.add(this.planner);
    return this.planner.finish();
  }
  abort() {
    release(this.planner);
  }
}

class WebCryptoEncryptEngine extends WebCryptoEngine {
  constructor(options) {
    let planner;
    if (options?.key !== undefined) {
      const contentKey = contentKeyOf(options);
      try {
        planner = binding.PlannedUpload.withKey(contentKey);
      } finally {
        contentKey.free();
      }
    } else {
      planner = new binding.PlannedUpload();
    }
    super(planner, false);
  }
}

class WebCryptoDecryptEngine extends WebCryptoEngine {
  constructor(fileKey, options) {
    super(new binding.PlannedDownload(fileKey, options?.size), true);
  }
}

function encryptEngine(options) {
  if (options?.key !== undefined && options?.nonce === undefined) {
    throw new CryptoError('ApiMisuse', 'options.key needs options.nonce');
  }
  return pickEngine(options) === 'webcrypto' ? new WebCryptoEncryptEngine(options) : new CoreEncryptEngine(options);
}

function decryptEngine(fileKey, options) {
  if (!(fileKey instanceof binding.FileKey)) throw new CryptoError('ApiMisuse', 'decryption needs a FileKey');
  return pickEngine(options) === 'webcrypto' ? new WebCryptoDecryptEngine(fileKey, options) : new CoreDecryptEngine(fileKey, options);
}

// ---------------------------------------------------------------------------------------------
// Batching TransformStream around an engine.

function batchingStream(engine, options, onFinish, onError) {
  const batchSize = options?.batchSize ?? binding.preferredFeedLength();
  binding.batchLength(0, 0, batchSize); // throws ApiMisuse for a batch size the core refuses
  /** @type {Uint8Array[]} */
  const pending = [];
  let pendingLength = 0;
  let done = false;

  function take(n) {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = pending[0];
      const want = n - filled;
      if (head.length <= want) {
        out.set(head, filled);
        filled += head.length;
        pending.shift();
      } else {
        out.set(head.subarray(0, want), filled);
        pending[0] = head.subarray(want);
        filled += want;
      }
    }
    pendingLength -= n;
    return out;
  }

  function fail(e) {
    if (!done) {
      done = true;
      engine.abort();
      onError(e);
    }
    throw e;
  }

  return new TransformStream(
    {
      async transform(chunk, controller) {
        try {
          const bytes = toBytes(chunk);
          if (bytes.length === 0) return;
          // Copy: the caller may reuse its buffer once write() resolves.
          // (With `inPlace`, the caller gave its chunks away: process them where they are.)
          if (engine.acceptsAnyLength) {
            controller.enqueue(await engine.process(options?.inPlace === true ? bytes : bytes.slice()));
            return;
          }
          pending.push(bytes.slice());
          pendingLength += bytes.length;
          for (let cut; (cut = binding.batchLength(engine.offset, pendingLength, batchSize)) > 0; ) {
            controller.enqueue(await engine.process(take(cut)));
          }
        } catch (e) {
          fail(e);
        }
      },
      async flush(controller) {
        try {
          if (pendingLength > 0) controller.enqueue(await engine.process(take(pendingLength)));
          done = true;
          onFinish(await engine.finish());
        } catch (e) {
          onError(e);
          throw e;
        }
      },
      cancel(reason) {
        if (!done) {
          done = true;
          engine.abort();
          onError(reason ?? new CryptoError('ApiMisuse', 'stream cancelled'));
        }
      },
    },
    { highWaterMark: 1 },
    { highWaterMark: 1 },
  );
}

// An engine wrapper that also feeds every batch of plaintext, before it is encrypted (in place),
// to the core's sequential fingerprint builder: the `c` fingerprint from the same pass.
class FingerprintingEngine {
  constructor(engine, size, mtime) {
    this.engine = engine;
    this.acceptsAnyLength = engine.acceptsAnyLength;
    this.size = size;
    this.mtime = BigInt(mtime);
    this.crc = new binding.SparseCrcFromStream(size);
    this.fingerprint = undefined;
  }
  get offset() {
    return this.engine.offset;
  }
  async process(bytes) {
    this.crc.update(bytes);
    return this.engine.process(bytes);
  }
  async finish() {
    consumed.add(this.crc);
    let crc;
    try {
      crc = this.crc.finish(); // SizeMismatch if the plaintext was not `size` bytes
    } catch (e) {
      this.engine.abort();
      throw e;
    }
    this.fingerprint = new binding.FileFingerprint(this.size, crc, this.mtime);
    return this.engine.finish();
  }
  abort() {
    release(this.crc);
    this.engine.abort();
  }
}

function fingerprintOptions(options) {
  const { size, mtime } = options ?? {};
  if (mtime === undefined && size === undefined) return undefined;
  if (mtime === undefined || size === undefined) {
    throw new CryptoError('ApiMisuse', 'a fingerprint needs both size and mtime');
  }
  return { size, mtime };
}

/**
 * A TransformStream that encrypts a file's plaintext for upload. `key` resolves to the FileKey
 * (content key, nonce, meta-MAC) once the whole plaintext went through; it rejects if the stream
 * fails. With `options.size` and `options.mtime` (seconds since the epoch), `fingerprint` resolves
 * to the file's FileFingerprint (the `c` attribute), computed in the same pass.
 */
export function createEncryptStream(options) {
  const fp = fingerprintOptions(options);
  let engine = encryptEngine(options);
  if (fp) engine = new FingerprintingEngine(engine, fp.size, fp.mtime);
  let resolve;
  let reject;
  const key = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // The caller may only look at `key` after the stream: avoid an unhandled-rejection report.
  key.catch(() => {});
  const fingerprint = fp ? key.then(() => engine.fingerprint) : undefined;
  fingerprint?.catch(() => {});
  const inner = batchingStream(engine, options, resolve, reject);
  // Not every engine calls a transformer's cancel() when the writable side is aborted or the
  // readable side cancelled (a 2023 addition to the Streams spec): route both through here so
  // `key` always settles.
  const writer = inner.writable.getWriter();
  const fail = (e) => {
    engine.abort();
    reject(e ?? new CryptoError('ApiMisuse', 'stream aborted'));
  };
  const writable = new WritableStream(
    {
      write(chunk) {
        return writer.write(chunk).catch((e) => {
          fail(e);
          throw e;
        });
      },
      close() {
        return writer.close().catch((e) => {
          fail(e);
          throw e;
        });
      },
      abort(reason) {
        fail(reason);
        return writer.abort(reason);
      },
    },
    { highWaterMark: 1 },
  );
  const source = inner.readable.getReader();
  const readable = new ReadableStream(
    {
      async pull(controller) {
        const { value, done } = await source.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel(reason) {
        fail(reason);
        return source.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return fp ? { stream: { readable, writable }, key, fingerprint } : { stream: { readable, writable }, key };
}

/**
 * A TransformStream that decrypts a downloaded file. Its output is unverified until the stream
 * ends: if the meta-MAC does not match, the stream errors at the end (CryptoError
 * `MacMismatch`; `SizeMismatch` with `options.size` when the length differs), so `pipeTo` rejects.
 * Write the output somewhere temporary and publish it only after the stream completed.
 */
export function createDecryptStream(fileKey, options) {
  const engine = decryptEngine(fileKey, options);
  return batchingStream(engine, options, () => {}, () => {});
}

function inputStream(input) {
  if (input instanceof ReadableStream) return input;
  if (typeof Blob !== 'undefined' && input instanceof Blob) return input.stream();
  if (input instanceof Uint8Array || ArrayBuffer.isView(input) || input instanceof ArrayBuffer) {
    const bytes = toBytes(input);
    return new ReadableStream({
      start(controller) {
        if (bytes.length > 0) controller.enqueue(bytes);
        controller.close();
      },
    });
  }
  throw new CryptoError('ApiMisuse', 'input must be a Blob, a ReadableStream or bytes');
}

/**
 * Encrypts a Blob/File, a ReadableStream of bytes or a byte array with bounded memory.
 * Returns the ciphertext stream and a promise of the FileKey (resolved when the stream ends).
 */
export function encryptStream(input, options) {
  const { stream, key, fingerprint } = createEncryptStream(options);
  const readable = inputStream(input).pipeThrough(stream);
  return fingerprint ? { readable, key, fingerprint } : { readable, key };
}

/**
 * Decrypts a Blob, ReadableStream or byte array; the returned stream errors at its end if the
 * content does not match the key's meta-MAC (see createDecryptStream).
 */
export function decryptStream(input, fileKey, options) {
  return inputStream(input).pipeThrough(createDecryptStream(fileKey, options));
}

async function collect(readable) {
  const parts = [];
  let length = 0;
  const reader = readable.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Encrypts bytes in memory: `{ ciphertext, key }`, and `fingerprint` when `options.mtime` is given
 * (the size is the plaintext's). */
export async function encryptBytes(plaintext, options) {
  const bytes = toBytes(plaintext).slice();
  const opts = options?.mtime !== undefined && options?.size === undefined ? { ...options, size: bytes.length } : options;
  // `bytes` is our own copy: the stream may work in place on it.
  const { readable, key, fingerprint } = encryptStream(bytes, { ...opts, inPlace: true });
  const ciphertext = await collect(readable);
  return fingerprint ? { ciphertext, key: await key, fingerprint: await fingerprint } : { ciphertext, key: await key };
}

/** Decrypts bytes in memory and verifies them; resolves only with verified plaintext. */
export async function decryptBytes(ciphertext, fileKey, options) {
  return collect(decryptStream(toBytes(ciphertext).slice(), fileKey, { ...options, inPlace: true }));
}
