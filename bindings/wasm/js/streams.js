// Web Streams helpers and the Web Crypto fast path.
//
// Two engines produce byte-identical output (the known-answer vectors and the tests prove it):
// - "webcrypto": the bulk AES runs in the platform's Web Crypto (hardware AES where the machine has
//   it). AES-CTR encrypts/decrypts the content; each chunk's CBC-MAC is the last block of an
//   AES-CBC encryption of the zero-padded chunk with IV nonce||nonce (Web Crypto appends one PKCS#7
//   padding block, which is discarded). WebAssembly does everything else: key and nonce
//   generation, the chunk schedule, the meta-MAC fold and its constant-time verification.
// - "wasm": everything in WebAssembly (FileEncryptor / FileDecryptor, several chunks' MACs side by
//   side). Used where Web Crypto is missing (e.g. insecure browser contexts) or on request.
import {
  AesKey,
  ChunkLayout,
  FileDecryptor,
  FileEncryptor,
  FileKey,
  MetaMacAccumulator,
  generateNonce,
  preferredFeedLength,
} from '../pkg/megacrypt_wasm.js';
import { CryptoError } from './errors.js';


const MAX_SAFE = Number.MAX_SAFE_INTEGER;

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
  if (want === 'wasm') return 'wasm';
  if (want === 'webcrypto') {
    if (!webCryptoAvailable()) throw new CryptoError('Unsupported', 'Web Crypto (crypto.subtle) is not available here');
    return 'webcrypto';
  }
  if (want !== 'auto') throw new CryptoError('ApiMisuse', `unknown engine ${String(want)}`);
  return webCryptoAvailable() ? 'webcrypto' : 'wasm';
}

function toBytes(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new CryptoError('ApiMisuse', 'stream chunks must be Uint8Array, ArrayBufferView or ArrayBuffer');
}

function checkSize(n, what) {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_SAFE) {
    throw new CryptoError('ApiMisuse', `${what} must be a non-negative safe integer`);
  }
  return n;
}

// The schedule used while the file size is not known yet: the layout of a 2 PiB file (the core
// supports up to 2^32 chunks, about 4 PiB). Chunk starts do not depend on the size.
const SCHEDULE_SIZE = 2 ** 51;
let scheduleLayout = null;
function schedule() {
  if (scheduleLayout === null) scheduleLayout = new ChunkLayout(SCHEDULE_SIZE);
  return scheduleLayout;
}

/** Start offset of the chunk containing `offset` (a chunk boundary at or before it). */
function chunkFloor(offset) {
  return schedule().chunkAt(offset).offset;
}

// ---------------------------------------------------------------------------------------------
// Engines: `process(bytes)` takes input starting at `offset` (a chunk boundary unless this is the
// last call) and returns the output bytes; `finish()` completes.

class WasmEncryptEngine {
  constructor(options) {
    if (options?.key !== undefined) {
      const key = AesKey.fromBytes(options.key);
      try {
        this.enc = FileEncryptor.withKey(key, options.nonce);
      } finally {
        key.free();
      }
    } else {
      this.enc = new FileEncryptor();
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

class WasmDecryptEngine {
  constructor(fileKey, options) {
    this.dec = new FileDecryptor(fileKey);
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

// AES-CTR counter block: nonce || BE64(offset / 16).
function counterBlock(nonce, offset) {
  const block = new Uint8Array(16);
  block.set(nonce, 0);
  const index = offset / 16;
  const view = new DataView(block.buffer);
  view.setUint32(8, Math.floor(index / 0x100000000));
  view.setUint32(12, index >>> 0);
  return block;
}

class WebCryptoEngine {
  /**
   * @param {Uint8Array} keyBytes 16-byte content key (copied into non-extractable CryptoKeys)
   * @param {Uint8Array} nonce 8 bytes
   * @param {boolean} decrypting
   */
  constructor(keyBytes, nonce, decrypting) {
    this.subtle = subtleOrNull();
    this.nonce = Uint8Array.from(nonce);
    this.iv = new Uint8Array(16);
    this.iv.set(this.nonce, 0);
    this.iv.set(this.nonce, 8);
    this.decrypting = decrypting;
    this.offset = 0;
    /** chunk MACs in file order */
    this.macs = [];
    const raw = Uint8Array.from(keyBytes);
    this.keys = Promise.all([
      this.subtle.importKey('raw', raw, { name: 'AES-CTR' }, false, ['encrypt']),
      this.subtle.importKey('raw', raw, { name: 'AES-CBC' }, false, ['encrypt']),
    ]).finally(() => raw.fill(0));
  }

  async chunkMac(cbcKey, plain) {
    let data = plain;
    if (data.length % 16 !== 0) {
      data = new Uint8Array(data.length + 16 - (data.length % 16));
      data.set(plain);
    }
    const out = new Uint8Array(await this.subtle.encrypt({ name: 'AES-CBC', iv: this.iv }, cbcKey, data));
    // `out` = CBC(data) || one PKCS#7 padding block; the MAC is the last block of CBC(data).
    return out.slice(data.length - 16, data.length);
  }

  async process(bytes) {
    if (bytes.length === 0) return bytes;
    const [ctrKey, cbcKey] = await this.keys;
    const start = this.offset;
    if (start + bytes.length > SCHEDULE_SIZE) throw new CryptoError('Unsupported', 'file too large for the JS layer');
    const ctr = this.subtle.encrypt(
      { name: 'AES-CTR', counter: counterBlock(this.nonce, start), length: 64 },
      ctrKey,
      bytes,
    );
    // The MACs cover the plaintext: the input when encrypting, the output when decrypting.
    let plain = bytes;
    let output;
    if (this.decrypting) {
      output = new Uint8Array(await ctr);
      plain = output;
    }
    const pending = [];
    let pos = 0;
    const layout = schedule();
    while (pos < bytes.length) {
      const c = layout.chunkAt(start + pos);
      if (c.offset !== start + pos) throw new CryptoError('ApiMisuse', 'internal: batch does not start on a chunk boundary');
      const end = Math.min(pos + c.length, bytes.length);
      const index = c.index;
      pending.push(this.chunkMac(cbcKey, plain.subarray(pos, end)).then((mac) => { this.macs[index] = mac; }));
      pos = end;
    }
    if (!this.decrypting) output = new Uint8Array(await ctr);
    await Promise.all(pending);
    this.offset += bytes.length;
    return output;
  }

  /** Folds the chunk MACs in WebAssembly (file order, no gaps) for a file of `this.offset` bytes. */
  accumulate(aesKey) {
    const acc = new MetaMacAccumulator(aesKey, this.offset);
    try {
      for (let i = 0; i < this.macs.length; i++) acc.insertIndex(i, this.macs[i]);
    } catch (e) {
      release(acc);
      throw e;
    }
    return acc;
  }
  abort() {}
}

class WebCryptoEncryptEngine extends WebCryptoEngine {
  constructor(options) {
    const aesKey = options?.key !== undefined ? AesKey.fromBytes(options.key) : AesKey.generate();
    const nonce = options?.key !== undefined ? checkNonce(options.nonce) : generateNonce();
    const raw = aesKey.exportBytes();
    super(raw, nonce, false);
    raw.fill(0);
    this.aesKey = aesKey;
  }
  async finish() {
    const metaMac = this.accumulate(this.aesKey).finish();
    try {
      return FileKey.fromParts(this.aesKey, this.nonce, metaMac);
    } finally {
      release(this.aesKey);
    }
  }
  abort() {
    release(this.aesKey);
  }
}

function checkNonce(nonce) {
  if (!(nonce instanceof Uint8Array) || nonce.length !== 8) throw new CryptoError('ApiMisuse', 'nonce must be 8 bytes');
  return nonce;
}

class WebCryptoDecryptEngine extends WebCryptoEngine {
  constructor(fileKey, options) {
    const aesKey = fileKey.aesKey();
    const raw = aesKey.exportBytes();
    super(raw, fileKey.nonce, true);
    raw.fill(0);
    this.aesKey = aesKey;
    this.fileKey = fileKey;
    this.expectedSize = options?.size;
  }
  async finish() {
    try {
      if (this.expectedSize !== undefined && this.offset !== this.expectedSize) {
        throw new CryptoError('SizeMismatch', 'size mismatch: decrypted length differs from the expected size');
      }
      return this.accumulate(this.aesKey).verify(this.fileKey);
    } finally {
      release(this.aesKey);
    }
  }
  abort() {
    release(this.aesKey);
  }
}

function encryptEngine(options) {
  if (options?.key !== undefined && options?.nonce === undefined) {
    throw new CryptoError('ApiMisuse', 'options.key needs options.nonce');
  }
  return pickEngine(options) === 'webcrypto' ? new WebCryptoEncryptEngine(options) : new WasmEncryptEngine(options);
}

function decryptEngine(fileKey, options) {
  if (!(fileKey instanceof FileKey)) throw new CryptoError('ApiMisuse', 'decryption needs a FileKey');
  if (options?.size !== undefined) checkSize(options.size, 'options.size');
  return pickEngine(options) === 'webcrypto' ? new WebCryptoDecryptEngine(fileKey, options) : new WasmDecryptEngine(fileKey, options);
}

// ---------------------------------------------------------------------------------------------
// Batching TransformStream around an engine.

function batchingStream(engine, options, onFinish, onError) {
  const batchSize = options?.batchSize ?? preferredFeedLength();
  checkSize(batchSize, 'options.batchSize');
  if (batchSize < 1024 * 1024) throw new CryptoError('ApiMisuse', 'options.batchSize must be at least 1 MiB');
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
          pending.push(bytes.slice());
          pendingLength += bytes.length;
          while (pendingLength >= batchSize) {
            const cut = chunkFloor(engine.offset + batchSize) - engine.offset;
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

/**
 * A TransformStream that encrypts a file's plaintext for upload. `key` resolves to the FileKey
 * (content key, nonce, meta-MAC) once the whole plaintext went through; it rejects if the stream
 * fails.
 */
export function createEncryptStream(options) {
  const engine = encryptEngine(options);
  let resolve;
  let reject;
  const key = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // The caller may only look at `key` after the stream: avoid an unhandled-rejection report.
  key.catch(() => {});
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
  return { stream: { readable, writable }, key };
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
  const { stream, key } = createEncryptStream(options);
  return { readable: inputStream(input).pipeThrough(stream), key };
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

/** Encrypts bytes in memory: `{ ciphertext, key }`. */
export async function encryptBytes(plaintext, options) {
  const { readable, key } = encryptStream(toBytes(plaintext).slice(), options);
  const ciphertext = await collect(readable);
  return { ciphertext, key: await key };
}

/** Decrypts bytes in memory and verifies them; resolves only with verified plaintext. */
export async function decryptBytes(ciphertext, fileKey, options) {
  return collect(decryptStream(toBytes(ciphertext).slice(), fileKey, options));
}
