// docs/guide/file-metadata.md includes file-metadata-example.js verbatim (checked on Node) and the
// example runs (Node and browser). The stream helpers' fingerprint is also checked against the
// vector files (areas/metadata.js) and against the one-shot function here, on both engines.
import * as mc from 'megacrypt';
import { test, assert } from './harness.js';
import { fileMetadataExample } from './file-metadata-example.js';

test('file metadata guide example runs', async () => {
  await fileMetadataExample();
});

test('the guide contains the example verbatim', async () => {
  if (typeof process === 'undefined' || !process.env?.MEGACRYPT_README) return; // Node only
  const { readFile } = await import('node:fs/promises');
  const path = await import('node:path');
  const root = path.resolve(path.dirname(process.env.MEGACRYPT_README), '../..');
  const guide = await readFile(path.join(root, 'docs/guide/file-metadata.md'), 'utf8');
  const example = await readFile(new URL('./file-metadata-example.js', import.meta.url), 'utf8');
  assert.ok(guide.includes(example.trim()), 'docs/guide/file-metadata.md does not contain file-metadata-example.js verbatim');
});

test('stream fingerprint equals the one-shot function, both engines, odd pieces', async () => {
  const data = Uint8Array.from({ length: 3_000_001 }, (_, i) => (i * 31 + 7) & 255);
  const want = new mc.FileFingerprint(data.length, mc.computeSparseCrc(data), -5n).toCAttribute();
  for (const engine of ['wasm', ...(mc.webCryptoAvailable() ? ['webcrypto'] : [])]) {
    const { stream, key, fingerprint } = mc.createEncryptStream({ engine, size: data.length, mtime: -5n, batchSize: 1 << 20 });
    const writer = stream.writable.getWriter();
    const drained = new Response(stream.readable).arrayBuffer();
    for (let pos = 0; pos < data.length; pos += 77_777) await writer.write(data.subarray(pos, pos + 77_777));
    await writer.close();
    await drained;
    await key;
    assert.equal((await fingerprint).toCAttribute(), want, engine);
  }
});

test('stream fingerprint refuses a wrong announced size', async () => {
  const { readable, fingerprint } = mc.encryptStream(new Uint8Array(3), { size: 4, mtime: 0 });
  await assert.rejects(new Response(readable).arrayBuffer());
  await assert.rejects(fingerprint);
});
