// The benchmark body, shared by Node and Chromium: encrypts, then decrypts + verifies, the same
// data with megajs (pure-JavaScript AES) and with megacrypt (Web Crypto engine and WebAssembly
// engine), and checks that all produce the same ciphertext.
export const PIECE = 1 << 20; // input fed in 1 MiB pieces, as a file stream would

/** Pseudo-random test bytes (xorshift32, little-endian words), the same in every benchmark. */
export function testData(size) {
  const data = new Uint8Array(size);
  let x = 0x12345678;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = x;
    data[i + 1] = x >>> 8;
    data[i + 2] = x >>> 16;
    data[i + 3] = x >>> 24;
  }
  return data;
}

/** Joins byte arrays of total length `size` into one. */
export function concat(parts, size) {
  const out = new Uint8Array(size);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** A ReadableStream of `data` in PIECE-sized views. */
export function pieces(data) {
  let pos = 0;
  return new ReadableStream({
    pull(c) {
      if (pos >= data.length) return c.close();
      c.enqueue(data.subarray(pos, pos + PIECE));
      pos += PIECE;
    },
  });
}

async function drain(readable, size) {
  const parts = [];
  const reader = readable.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return concat(parts, size);
}

function megajsRun(stream, data) {
  return new Promise((resolve, reject) => {
    const parts = [];
    stream.on('data', (d) => parts.push(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)));
    stream.on('error', reject);
    stream.on('end', () => resolve(concat(parts, data.length)));
    for (let pos = 0; pos < data.length; pos += PIECE) stream.write(data.subarray(pos, pos + PIECE));
    stream.end();
  });
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * @param {object} mc the megacrypt module
 * @param {object} megajs the megajs module ({ encrypt, decrypt })
 * @param {number} size bytes
 * @param {(line: string) => void} log
 */
export async function runBench(mc, megajs, size, log) {
  const data = testData(size);
  const key = new Uint8Array(16).map((_, i) => i * 17 + 3);
  const nonce = new Uint8Array(8).map((_, i) => 200 - i * 9);
  const mb = size / 1e6;
  const rows = [];
  const time = async (fn) => {
    const t0 = performance.now();
    const r = await fn();
    return [r, (performance.now() - t0) / 1000];
  };

  // megajs: encrypt, then decrypt + verify its own output with its own key.
  const key24 = new Uint8Array(24);
  key24.set(key);
  key24.set(nonce, 16);
  const encStream = megajs.encrypt(key24);
  const [jsCt, jsEnc] = await time(() => megajsRun(encStream, data));
  const jsKey = encStream.key;
  const [jsPt, jsDec] = await time(() => megajsRun(megajs.decrypt(jsKey), jsCt));
  if (!equal(jsPt, data)) throw new Error('megajs round trip failed');
  rows.push(['megajs 1.3.10 (JS AES)', mb / jsEnc, mb / jsDec]);

  let reference = null;
  for (const engine of ['webcrypto', 'wasm']) {
    if (engine === 'webcrypto' && !mc.webCryptoAvailable()) continue;
    const s = mc.encryptStream(pieces(data), { engine, key, nonce });
    const [ct, enc] = await time(() => drain(s.readable, size));
    const fk = await s.key;
    const [pt, dec] = await time(() => drain(mc.decryptStream(pieces(ct), fk, { engine, size }), size));
    if (!equal(pt, data)) throw new Error(`megacrypt ${engine} round trip failed`);
    if (!equal(ct, jsCt)) throw new Error(`megacrypt ${engine} ciphertext differs from megajs`);
    if (reference === null) reference = fk.toB64();
    else if (fk.toB64() !== reference) throw new Error('engines disagree on the node key');
    rows.push([`megacrypt ${engine === 'webcrypto' ? 'Web Crypto + wasm (default)' : 'wasm only'}`, mb / enc, mb / dec]);
  }
  const base = rows[0];
  for (const [name, e, d] of rows) {
    log(`  ${name.padEnd(40)} encrypt ${e.toFixed(1).padStart(7)} MB/s (${(e / base[1]).toFixed(1)}x)   decrypt+verify ${d.toFixed(1).padStart(7)} MB/s (${(d / base[2]).toFixed(1)}x)`);
  }
  log(`  ciphertexts identical (megajs, megacrypt engines); megajs meta-MAC ${Buffer_hex(jsKey.subarray(24))} vs megacrypt node key ${reference}`);
  return rows;
}

function Buffer_hex(b) {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
