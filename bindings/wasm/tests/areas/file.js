// area `file_encrypt` (mirrors core/tests/vectors/area_file.rs): content encryption, chunk MACs,
// meta-MAC and packed node key through every path of the package: the WebAssembly classes
// (streaming with random splits, chunk cipher out of order, multi-chunk calls, range decryption,
// resumable state) and the stream helpers on both engines (Web Crypto and WebAssembly).
import * as mc from 'megacrypt';
import { eq, errCode, errCodeAsync, hex, ok, sha256Hex } from './common.js';

// The ContentKey of a vector's key (16 bytes) and nonce (8 bytes).
function contentKey(key, nonce) {
  return mc.ContentKey.fromParts(mc.AesKey.fromBytes(key), nonce);
}

function plaintext(size, seed) {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 7 + seed) % 251;
  return out;
}

/** Deterministic split points (xorshift64, as in the Rust harness). */
function splits(len, seed) {
  const M = (1n << 64n) - 1n;
  let s = BigInt.asUintN(64, seed);
  const v = [];
  let pos = 0;
  while (pos < len) {
    s ^= (s << 13n) & M;
    s ^= s >> 7n;
    s ^= (s << 17n) & M;
    const r = Number((s >> 8n) % 3_000_000n);
    const n = [Number((s >> 8n) % 17n), Number((s >> 8n) % 70_000n), r, Number((s >> 8n) % 400n)][Number(s % 4n)];
    const m = Math.min(n, len - pos);
    v.push(m);
    pos += m;
  }
  return v;
}

function streamOf(bytes, pieces) {
  let pos = 0;
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (pos >= bytes.length) {
        controller.close();
        return;
      }
      const n = Math.max(1, pieces[i++ % pieces.length]);
      controller.enqueue(bytes.slice(pos, pos + n));
      pos += n;
    },
  });
}

export async function run(file, t) {
  await t.runCases(file, async (c) => {
    c.info(['implementations_agree', 'expected_produced_by', 'notes']);
    const size = c.num('size');
    const pt = plaintext(size, c.num('plaintext_seed'));
    const key = c.hex('key_hex');
    const nonce = c.hex('nonce_hex');
    const wantSha = c.str('ciphertext_sha256');
    const wantMm = c.str('meta_mac_hex');
    const wantNk = c.str('node_key_hex');
    const wantB64 = c.str('node_key_b64');
    const checkKey = (what, fk) => {
      eq(`${what}: meta_mac`, wantMm, hex(fk.metaMac));
      eq(`${what}: node_key_hex`, wantNk, hex(fk.exportNodeKey()));
      eq(`${what}: node_key_b64`, wantB64, fk.exportB64());
    };

    // The biggest case (20 MB) runs the paths that differ from the smaller cases only once: the
    // WebAssembly software AES is slow, and the Rust harness covers every path at every size.
    const big = size > 6_000_000;

    // Chunk list.
    const layout = new mc.ChunkLayout(size);
    eq('chunks', c.value('chunks'), layout.chunks().map((ch) => [ch.offset, ch.length]));

    // 1. One call.
    const enc1 = mc.FileEncryptor.withKey(contentKey(key, nonce));
    const ct = enc1.encrypt(pt);
    eq('one call: ciphertext sha256', wantSha, await sha256Hex(ct));
    checkKey('one call', enc1.finish());

    // 2. Streaming with random splits, in place and to a new array.
    for (const [round, seed] of [0x9e3779b97f4a7c15n, 0x123456789abcdef1n].entries()) {
      if (round === 1 && size > 6_000_000) break; // one split pattern suffices for the big file
      const enc = mc.FileEncryptor.withKey(contentKey(key, nonce));
      const out = pt.slice();
      let pos = 0;
      for (const n of splits(size, seed ^ BigInt(size))) {
        if (round === 0) enc.encryptInPlace(out.subarray(pos, pos + n));
        else out.set(enc.encrypt(pt.subarray(pos, pos + n)), pos);
        pos += n;
      }
      eq('stream: bytes', size, enc.bytesProcessed);
      const fk = enc.finish();
      eq('stream: ciphertext sha256', wantSha, await sha256Hex(out));
      checkKey('stream', fk);
    }

    // 3. Chunk cipher, chunks in reverse order, and the multi-chunk call.
    const cc = new mc.ChunkCipher(contentKey(key, nonce));
    const acc = new mc.MetaMacAccumulator(mc.AesKey.fromBytes(key), size);
    const ct3 = pt.slice();
    const macs = [];
    for (const ch of layout.chunks().reverse()) {
      const buf = ct3.subarray(ch.offset, ch.end);
      const m = ok('encryptChunk', () => cc.encryptChunk(ch, buf));
      acc.insert(ch, m);
      macs[ch.index] = m;
    }
    eq('chunk cipher: ciphertext sha256', wantSha, await sha256Hex(ct3));
    eq('chunk cipher: meta_mac', wantMm, hex(acc.finish()));
    if (!big) {
      const ct4 = pt.slice();
      const multi = cc.encryptChunks(layout, 0, ct4);
      eq('encryptChunks: ciphertext sha256', wantSha, await sha256Hex(ct4));
      eq('encryptChunks: macs', macs.map(hex).join(''), hex(multi));
    }
    const wantMacs = c.opt('chunk_macs_hex');
    if (wantMacs !== undefined) eq('chunk_macs_hex', wantMacs, macs.map(hex));

    // 4. Decryption with the node key from the vector.
    const dk = ok('node key b64', () => mc.FileKey.fromB64(wantB64));
    const back = ok('decryptFile', () => mc.decryptFile(dk, ct));
    eq('decryptFile: plaintext', await sha256Hex(pt), await sha256Hex(back));
    if (!big) await decryptPaths(size, layout, pt, ct, dk);

    // 5. The stream helpers, both engines, odd-sized pieces; identical bytes and keys.
    await helperPaths(size, pt, ct, dk, key, nonce, wantSha, checkKey, big);

    // 6. Range decryption at an odd offset; resumable state round trip mid-file.
    if (size > 0 && !big) await rangeAndResume(size, pt, ct, dk, key, nonce, wantSha, checkKey);

    // 7. Other implementations: megajs's empty-file key is accepted (key-bound, ADR 0001); its
    //    divergent keys for chunk-aligned sizes are rejected as MAC mismatches.
    const imps = c.value('implementations');
    const js = imps?.megajs;
    if (js) {
      const jsKey = ok('megajs key', () => mc.FileKey.fromB64(js.node_key_b64));
      if (size === 0) ok('empty file with megajs key', () => mc.decryptFile(jsKey, ct));
      else if (js.matches_expected === false) eq('megajs divergent key', 'MacMismatch', errCode('megajs', () => mc.decryptFile(jsKey, ct)));
      else if (!big) ok('megajs key', () => mc.decryptFile(jsKey, ct));
    }

    // Tampering: a flipped bit must fail verification.
    if (size > 0 && !big) {
      const bad = ct.slice();
      bad[size >> 1] ^= 0x10;
      eq('tamper', 'MacMismatch', errCode('tamper', () => mc.decryptFile(dk, bad)));
    }
  });
}

async function decryptPaths(size, layout, pt, ct, dk) {
    const dec = new mc.FileDecryptor(dk);
    const buf = ct.slice();
    let pos = 0;
    for (const n of splits(size, 0xdeadbeefn ^ BigInt(size))) {
      dec.decryptUnverifiedInPlace(buf.subarray(pos, pos + n));
      pos += n;
    }
    ok('stream decrypt: finish', () => dec.finishWithSize(size));
    eq('stream decrypt: plaintext', await sha256Hex(pt), await sha256Hex(buf));
    const cd = mc.ChunkCipher.fromFileKey(dk);
    const acc2 = new mc.MetaMacAccumulator(dk.aesKey(), size);
    const buf2 = ct.slice();
    const chunks = layout.chunks();
    const order = chunks.filter((_, i) => i % 2 === 0).concat(chunks.filter((_, i) => i % 2 === 1));
    for (const ch of order) acc2.insert(ch, cd.decryptChunkUnverified(ch, buf2.subarray(ch.offset, ch.end)));
    eq('chunk decrypt: verify', size, ok('chunk decrypt: verify', () => acc2.verify(dk)));
    eq('chunk decrypt: plaintext', await sha256Hex(pt), await sha256Hex(buf2));
}

async function helperPaths(size, pt, ct, dk, key, nonce, wantSha, checkKey, big) {
    const pieces = splits(size, 0x5eedn ^ BigInt(size)).filter((n) => n > 0);
    for (const engine of ['webcrypto', 'wasm']) {
      if (engine === 'webcrypto' && !mc.webCryptoAvailable()) continue;
      const { readable, key: fkP } = mc.encryptStream(streamOf(pt, pieces.length ? pieces : [1]), { engine, key, nonce, batchSize: 1 << 20 });
      const out = new Uint8Array(await new Response(readable).arrayBuffer());
      eq(`${engine} encryptStream: ciphertext sha256`, wantSha, await sha256Hex(out));
      checkKey(`${engine} encryptStream`, await fkP);
      const plain = await mc.decryptBytes(ct, dk, { engine, size });
      eq(`${engine} decryptBytes: plaintext`, await sha256Hex(pt), await sha256Hex(plain));
      if (size > 0 && !(big && engine === 'wasm')) {
        const bad = ct.slice();
        bad[size >> 1] ^= 0x10;
        eq(`${engine} tamper`, 'MacMismatch', await errCodeAsync('tamper', () => mc.decryptBytes(bad, dk, { engine })));
        eq(`${engine} truncation`, 'SizeMismatch', await errCodeAsync('truncation', () => mc.decryptBytes(ct.subarray(0, size - 1), dk, { engine, size })));
      }
    }

}

async function rangeAndResume(size, pt, ct, dk, key, nonce, wantSha, checkKey) {
    {
      const off = Math.floor(size / 3) + 5;
      const end = Math.min(off + 70_001, size);
      const part = ct.slice(Math.min(off, size), end);
      mc.UnauthenticatedRangeDecryptor.fromFileKey(dk).decryptAtUnverifiedInPlace(off, part);
      eq('range', hex(pt.subarray(Math.min(off, size), end)), hex(part));

      const cut = Math.min(Math.floor(size / 2) + 3, size);
      const enc = mc.FileEncryptor.withKey(contentKey(key, nonce));
      const out = pt.slice();
      enc.encryptInPlace(out.subarray(0, cut));
      const bytes = enc.exportState(true).toBytes();
      enc.free();
      const st = ok('state decode', () => mc.TransferState.fromBytes(bytes));
      if (st.fileKey !== undefined) throw new Error('upload state: a file key before the upload finished');
      const k = st.contentKey;
      eq('state: content key', hex(key) + hex(nonce), hex(k.exportBytes()));
      const from = st.resumeOffset;
      const enc2 = ok('resume', () => mc.FileEncryptor.resume(k, st));
      out.set(pt.subarray(from), from);
      enc2.encryptInPlace(out.subarray(from));
      eq('resumed: ciphertext sha256', wantSha, await sha256Hex(out));
      checkKey('resumed', enc2.finish());
    }
}
