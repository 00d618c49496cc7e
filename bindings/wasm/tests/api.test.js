// Unit tests of the package surface (the same file runs in Node and in Chromium).
import { test, assert } from './harness.js';
import * as mc from 'megacrypt';

const isCode = (code) => (e) => e instanceof mc.CryptoError && e.name === 'CryptoError' && e.code === code;

test('errors: one class, a stable code per core category', () => {
  assert.deepEqual(mc.errorCodes(), [...mc.ERROR_CODES]);
  assert.throws(() => mc.base64Decode('a'), isCode('Malformed'));
  assert.throws(() => mc.base64Decode('AA=='), isCode('Malformed'));
  assert.throws(() => mc.MasterKey.fromBytes(new Uint8Array(15)), isCode('InvalidKey'));
  assert.throws(() => mc.MasterKey.fromBytes(new Uint8Array(16)), isCode('InvalidKey'));
  assert.throws(() => mc.FileKey.fromParts(mc.ContentKey.fromBytes(new Uint8Array(24).fill(1)), new Uint8Array(7)), isCode('ApiMisuse'));
  assert.throws(() => mc.ContentKey.fromBytes(new Uint8Array(23).fill(1)), isCode('InvalidKey'));
  assert.throws(() => mc.ContentKey.fromParts(mc.AesKey.fromBytes(new Uint8Array(16).fill(1)), new Uint8Array(8)), isCode('InvalidKey'));
  assert.throws(() => new mc.ChunkLayout(-1), isCode('ApiMisuse'));
  assert.throws(() => new mc.ChunkLayout(0.5), isCode('ApiMisuse'));
  const e = new mc.CryptoError('Decrypt', 'x');
  assert.ok(e instanceof Error);
  assert.equal(e.code, 'Decrypt');
});

test('keys: generate, round trips, distinct, constant-time equals', () => {
  const a = mc.MasterKey.generate();
  const b = mc.MasterKey.generate();
  assert.equal(a.exportBytes().length, 16);
  assert.ok(!a.equals(b));
  assert.ok(a.equals(mc.MasterKey.fromB64(a.exportB64())));
  assert.ok(a.equals(mc.MasterKey.fromBytes(a.exportBytes())));
  const nk = new Uint8Array(32).map((_, i) => i + 1);
  const fk = mc.FileKey.fromNodeKey(nk);
  assert.deepEqual(fk.exportNodeKey(), nk);
  assert.deepEqual(fk.nonce, nk.subarray(16, 24));
  assert.deepEqual(fk.metaMac, nk.subarray(24, 32));
  // content key = first half XOR second half
  assert.deepEqual(fk.aesKey().exportBytes(), nk.subarray(0, 16).map((v, i) => v ^ nk[16 + i]));
  assert.throws(() => mc.FileKey.fromNodeKey(new Uint8Array(32).fill(7)), isCode('InvalidKey'));
});

test('randomness comes from the platform CSPRNG and is not constant', () => {
  const a = mc.randomBytes(32);
  const b = mc.randomBytes(32);
  assert.equal(a.length, 32);
  assert.notDeepEqual(a, b);
  assert.ok(globalThis.crypto && typeof globalThis.crypto.getRandomValues === 'function');
  // The module must not fall back to Math.random: make it throw while generating.
  const saved = Math.random;
  Math.random = () => {
    throw new Error('Math.random used');
  };
  try {
    mc.MasterKey.generate();
    mc.randomBytes(16);
    new mc.FileEncryptor().free();
  } finally {
    Math.random = saved;
  }
});

test('chunk layout follows MEGA schedule', () => {
  const l = new mc.ChunkLayout(6 * 1024 * 1024 + 1);
  const starts = l.chunks().map((c) => c.offset);
  const u = 131072;
  assert.deepEqual(starts.slice(0, 10), [0, 1, 3, 6, 10, 15, 21, 28, 36, 44].map((k) => k * u));
  assert.equal(l.chunkCount, 10);
  assert.equal(l.chunk(9).length, 6 * 1024 * 1024 + 1 - 44 * u);
  assert.equal(l.chunk(10), undefined);
  assert.equal(new mc.ChunkLayout(0).chunkCount, 0);
});

async function roundTrip(engine, size) {
  const data = new Uint8Array(size).map((_, i) => (i * 31) & 0xff);
  const { ciphertext, key } = await mc.encryptBytes(data, { engine });
  assert.equal(ciphertext.length, size);
  const plain = await mc.decryptBytes(ciphertext, key, { engine });
  assert.deepEqual(plain, data);
  return { data, ciphertext, key };
}

test('engine: the one this run expects is active, and says why it is not native', () => {
  const engine = mc.activeEngine();
  assert.ok(engine === 'native' || engine === 'wasm');
  assert.equal(mc.nativeUnavailableReason() === undefined, engine === 'native');
  // test.sh runs the Node suites once per engine and names the one it expects, so that a native
  // engine that silently failed to load (and fell back) fails the run.
  const expected = globalThis.process?.env?.MEGACRYPT_EXPECT_ENGINE;
  if (expected) assert.equal(engine, expected, mc.nativeUnavailableReason());
});

test('engine: objects are unusable after free(), in either engine', () => {
  const key = mc.AesKey.fromBytes(new Uint8Array(16).fill(7));
  key.free();
  assert.throws(() => key.exportBytes());
});

test('stream helpers: every AES backend round trips, the others decrypt too', async () => {
  const engines = mc.webCryptoAvailable() ? ['webcrypto', 'core', 'wasm'] : ['core', 'wasm'];
  for (const engine of engines) {
    for (const size of [0, 1, 16, 131073, 3 * 1024 * 1024 + 5]) {
      const { ciphertext, key, data } = await roundTrip(engine, size);
      for (const other of engines) assert.deepEqual(await mc.decryptBytes(ciphertext, key, { engine: other }), data);
    }
  }
});

test('stream helpers: inPlace gives the same ciphertext, key and plaintext as copying', async () => {
  const data = new Uint8Array(3 * 1024 * 1024 + 5).map((_, i) => (i * 7) & 0xff);
  const key = new Uint8Array(16).fill(3);
  const nonce = new Uint8Array(8).fill(4);
  const ref = await mc.encryptBytes(data, { engine: 'core', key, nonce });
  const chunks = (bytes) => new ReadableStream({
    start(c) {
      for (let p = 0; p < bytes.length; p += 1 << 20) c.enqueue(bytes.slice(p, p + (1 << 20)));
      c.close();
    },
  });
  const collect = async (readable) => new Uint8Array(await new Response(readable).arrayBuffer());
  const s = mc.encryptStream(chunks(data), { engine: 'core', key, nonce, inPlace: true });
  const ct = await collect(s.readable);
  assert.deepEqual(ct, ref.ciphertext);
  assert.equal((await s.key).exportB64(), ref.key.exportB64());
  const pt = await collect(mc.decryptStream(chunks(ct), await s.key, { engine: 'core', inPlace: true, size: data.length }));
  assert.deepEqual(pt, data);
});

test('decrypt stream errors at its end when the MAC fails; pipeTo rejects', async () => {
  const data = new Uint8Array(2_000_000).fill(9);
  const { ciphertext, key } = await mc.encryptBytes(data);
  ciphertext[1_500_000] ^= 1;
  for (const engine of mc.webCryptoAvailable() ? ['webcrypto', 'core'] : ['core']) {
    const sink = [];
    const p = mc
      .decryptStream(new Blob([ciphertext]), key, { engine })
      .pipeTo(new WritableStream({ write: (c) => void sink.push(c) }));
    await assert.rejects(p, isCode('MacMismatch'));
    await assert.rejects(mc.decryptBytes(ciphertext.subarray(0, 100), key, { engine, size: data.length }), isCode('SizeMismatch'));
  }
});

test('encrypt stream over a Blob with bounded batches; key resolves after the end', async () => {
  const parts = [];
  for (let i = 0; i < 5; i++) parts.push(new Uint8Array(700_001).fill(i));
  const blob = new Blob(parts);
  const { readable, key } = mc.encryptStream(blob, { batchSize: 1 << 20 });
  const chunks = [];
  for (const reader = readable.getReader(); ; ) {
    const { value, done } = await reader.read();
    if (done) break;
    assert.ok(value.length <= (1 << 20) + 700_001);
    chunks.push(value);
  }
  const ct = new Uint8Array(await new Blob(chunks).arrayBuffer());
  const fk = await key;
  assert.equal(ct.length, blob.size);
  const back = mc.decryptFile(fk, ct);
  assert.deepEqual(back, new Uint8Array(await blob.arrayBuffer()));
});

test('createEncryptStream rejects the key promise when cancelled', async () => {
  const { stream, key } = mc.createEncryptStream();
  const w = stream.writable.getWriter();
  await w.abort(new Error('stop'));
  await assert.rejects(key);
});

test('API misuse is reported, not ignored', () => {
  assert.throws(() => mc.createDecryptStream(mc.MasterKey.generate()), isCode('ApiMisuse'));
  assert.throws(() => mc.createEncryptStream({ key: new Uint8Array(16).fill(1) }), isCode('ApiMisuse'));
  assert.throws(() => mc.createEncryptStream({ engine: 'fast' }), isCode('ApiMisuse'));
  assert.throws(() => mc.createEncryptStream({ batchSize: 1000 }), isCode('ApiMisuse'));
  const enc = new mc.FileEncryptor();
  enc.finish();
  assert.throws(() => enc.encrypt(new Uint8Array(1)));
  const acc = new mc.MetaMacAccumulator(mc.AesKey.generate(), 300_000);
  acc.insertIndex(0, new Uint8Array(16));
  assert.throws(() => acc.insertIndex(0, new Uint8Array(16)), isCode('ApiMisuse'));
  assert.throws(() => acc.insertIndex(5, new Uint8Array(16)), isCode('ApiMisuse'));
  assert.throws(() => acc.finish(), isCode('ApiMisuse'));
});

test('sharing: node/share key wrapping, ha, k field, block registry', () => {
  const mk = mc.MasterKey.generate();
  const mkAes = mk.toAesKey();
  const nodeKey = mc.randomBytes(32);
  const wrapped = mc.wrapNodeKeyB64(mkAes, nodeKey);
  assert.equal(wrapped.length, 43);
  assert.deepEqual(mc.unwrapNodeKeyB64(mkAes, wrapped), nodeKey);
  assert.throws(() => mc.unwrapNodeKeyB64(mkAes, wrapped.slice(0, 42)), isCode('Decrypt'));
  const shareKey = mc.ShareKey.generate();
  const ok = mc.base64Encode(mc.wrapShareKey(mk, shareKey));
  const ha = mc.handleAuthB64(mk, 'k8kQ3DgL');
  mc.verifyHandleAuth(mk, 'k8kQ3DgL', ha);
  assert.throws(() => mc.verifyHandleAuth(mk, 'k8kQ3DgM', ha), isCode('Decrypt'));
  assert.ok(mc.unwrapOwnerShareKey(mk, 'k8kQ3DgL', ok, ha).equals(shareKey));
  const user = 'AAAAAAAAAAA';
  const items = mc.parseKeyField(`${user}:${wrapped}`);
  assert.equal(items.length, 1);
  assert.equal(items[0].ownerKind, 'user');
  assert.equal(items[0].ownerHandle, user);
  assert.equal(items[0].isRsa, false);
  const found = mc.unwrapKeyFieldForAccount(`${user}:${wrapped}`, user, mk, new mc.ShareKeyring());
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].exportKeyBytes(), nodeKey);
  assert.equal(found[0].shareHandle, undefined);
  assert.throws(() => mc.parseKeyField('not a key field!'), isCode('Malformed'));
  const reg = new mc.KeyBlockRegistry();
  const w = mc.base64Decode(wrapped);
  reg.checkAndRecord(w);
  reg.checkAndRecord(w); // the same wrapped key again is a legitimate copy
  const swapped = new Uint8Array(32);
  swapped.set(w.subarray(16), 0);
  swapped.set(w.subarray(0, 16), 16);
  assert.throws(() => reg.checkAndRecord(swapped), isCode('Decrypt'));
});

test('user attributes: TLV container round trip, tamper, short tags refused', () => {
  const key = mc.AesKey.generate();
  const recs = new mc.TlvRecords();
  recs.insert('prEd255', mc.randomBytes(32));
  recs.insert('x', new Uint8Array([1, 2, 3]));
  assert.equal(recs.size, 2);
  const blob = mc.sealContainer(key, recs);
  assert.equal(mc.containerModeOf(blob), 'aes-gcm-12x16');
  assert.equal(mc.containerModeByte(mc.containerModeOf(blob)), 0x10);
  const back = mc.openContainer(key, blob);
  assert.deepEqual(back.keys(), recs.keys());
  assert.deepEqual(back.get('x'), new Uint8Array([1, 2, 3]));
  blob[blob.length - 1] ^= 1;
  assert.throws(() => mc.openContainer(key, blob), isCode('Decrypt'));
  assert.throws(() => mc.sealContainer(key, recs, 'aes-ccm-10x8'), isCode('Unsupported'));
  assert.throws(() => mc.containerModeFromByte(0x7f), isCode('Unsupported'));
  assert.throws(() => mc.sealContainer(key, recs, 'aes-gcm-9x9'), isCode('ApiMisuse'));
  assert.throws(() => mc.containerModeOf(new Uint8Array(0)), isCode('Malformed'));
});
import './accounts-modern.test.js';
