// Issue 17's benchmark, side by side in one run: N MiB (default 256) encrypted, then decrypted and
// verified, on one thread, in MB per CPU-second, by
//   - megajs 1.3.10 (pure-JavaScript AES), the reference most Node MEGA tools use;
//   - megacrypt with the WebAssembly engine: Web Crypto AES (its default in Node) and software AES;
//   - megacrypt with the native engine (N-API): the stream helpers (its default path) and
//     FileEncryptor/FileDecryptor called directly with 1 MiB Buffers;
//   - the Rust core itself (benches/examples/file_throughput.rs), same data, same 1 MiB feeds.
// Each engine runs in its own Node process (the package loads one engine per process); every
// megacrypt path must produce megajs's ciphertext and the Rust core's node key, or the run fails.
// Needs: bindings/wasm built (build.sh, npm ci in bindings/wasm for megajs) and the native engine
// (bindings/napi/build.sh).
//   node bindings/napi/bench.mjs [MiB]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PIECE, concat, pieces, testData } from '../wasm/bench/bench-core.js';

const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
const digest = (bytes) => createHash('sha256').update(bytes).digest('hex');

function equal(a, b) {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}

// Collects the output pieces without copying them (a consumer would write them out); they are
// joined after the clock stops.
async function drain(readable, size) {
  const parts = [];
  let got = 0;
  for await (const part of readable) {
    parts.push(part);
    got += part.length;
  }
  if (got !== size) throw new Error(`stream gave ${got} bytes, not ${size}`);
  return parts;
}

const key = new Uint8Array(16).map((_, i) => i * 17 + 3);
const nonce = new Uint8Array(8).map((_, i) => 200 - i * 9);
// Best of REPS runs (megajs: one run, it takes minutes): the machine is shared, and the fastest
// run is the least disturbed one.
const REPS = Number(process.env.MEGACRYPT_BENCH_REPS ?? 3);
// Process CPU seconds (user + system, every thread: V8's helpers, the libuv pool that runs Web
// Crypto), not wall time: on a shared machine wall time mostly measures the other processes.
// The Rust side counts the same way (CLOCK_PROCESS_CPUTIME_ID).
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const timeOnce = async (fn) => {
  const t0 = cpuSeconds();
  const r = await fn();
  return [r, cpuSeconds() - t0];
};
const time = async (fn, setup = () => {}) => {
  let best;
  for (let i = 0; i < REPS; i++) {
    setup(); // untimed, like the Rust side's copy of the input
    const [r, t] = await timeOnce(fn);
    if (best === undefined || t < best[1]) best = [r, t];
  }
  return best;
};

async function child(mib) {
  const size = mib * PIECE;
  const mb = size / 1e6;
  const mc = await import('../wasm/js/node.js');
  const rows = [];
  const data = testData(size);
  const engine = mc.activeEngine();
  if (engine === 'wasm') {
    const megajs = await import('../wasm/node_modules/megajs/dist/main.node-es.mjs');
    const key24 = new Uint8Array(24);
    key24.set(key);
    key24.set(nonce, 16);
    const run = (stream, input) =>
      new Promise((resolve, reject) => {
        const parts = [];
        stream.on('data', (d) => parts.push(d));
        stream.on('error', reject);
        stream.on('end', () => resolve(new Uint8Array(Buffer.concat(parts))));
        for (let p = 0; p < input.length; p += PIECE) stream.write(input.subarray(p, p + PIECE));
        stream.end();
      });
    const enc = megajs.encrypt(key24);
    const [ct, tEnc] = await timeOnce(() => run(enc, data));
    const [pt, tDec] = await timeOnce(() => run(megajs.decrypt(enc.key), ct));
    if (!equal(pt, data)) throw new Error('megajs round trip failed');
    rows.push({ path: 'megajs 1.3.10 (JavaScript AES)', enc: mb / tEnc, dec: mb / tDec, ct: digest(ct) });
  }
  const streamPaths =
    engine === 'wasm'
      ? [['webcrypto', false, 'wasm engine, Web Crypto AES (default)'], ['core', false, 'wasm engine, software AES']]
      : [['core', false, 'native engine, stream helpers (default)'], ['core', true, 'native engine, stream helpers, inPlace']];
  for (const [aes, inPlace, label] of streamPaths) {
    // With inPlace the stream works on the chunks it is given: feed it a copy (made untimed).
    let input;
    const fresh = (bytes) => () => {
      input = inPlace ? new Uint8Array(bytes) : bytes;
    };
    const [[ctParts, fk], tEnc] = await time(async () => {
      const s = mc.encryptStream(pieces(input), { engine: aes, key, nonce, inPlace });
      return [await drain(s.readable, size), await s.key];
    }, fresh(data));
    const ct = concat(ctParts, size);
    const [ptParts, tDec] = await time(() => drain(mc.decryptStream(pieces(input), fk, { engine: aes, size, inPlace }), size), fresh(ct));
    const pt = concat(ptParts, size);
    if (!equal(pt, data)) throw new Error(`${label}: round trip failed`);
    rows.push({ path: `megacrypt ${label}`, enc: mb / tEnc, dec: mb / tDec, nodeKey: fk.exportB64(), ct: digest(ct) });
  }
  if (engine === 'native') {
    let buf;
    const [fk, tEnc] = await time(() => {
      const aesKey = mc.AesKey.fromBytes(key);
      const enc = mc.FileEncryptor.withKey(mc.ContentKey.fromParts(aesKey, nonce));
      for (let p = 0; p < size; p += PIECE) enc.encryptInPlace(buf.subarray(p, p + PIECE));
      return enc.finish();
    }, () => {
      buf = new Uint8Array(data);
    });
    const ct = digest(buf);
    const cipher = buf;
    const [verified, tDec] = await time(() => {
      const dec = new mc.FileDecryptor(fk);
      for (let p = 0; p < size; p += PIECE) dec.decryptUnverifiedInPlace(buf.subarray(p, p + PIECE));
      return dec.finishWithSize(size);
    }, () => {
      buf = new Uint8Array(cipher);
    });
    if (verified !== size || !equal(buf, data)) throw new Error('native direct: round trip failed');
    rows.push({ path: 'megacrypt native engine, FileEncryptor/FileDecryptor direct', enc: mb / tEnc, dec: mb / tDec, nodeKey: fk.exportB64(), ct });
  }
  process.stdout.write(JSON.stringify(rows));
}

if (process.argv[2] === '--child') {
  await child(Number(process.argv[3]));
} else {
  const mib = Number(process.argv[2] ?? 256);
  console.log(`megacrypt engines benchmark: ${mib} MiB in 1 MiB pieces, one thread, MB per process CPU-second, best of ${REPS}, Node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}`);
  const rows = [];
  for (const engine of ['wasm', 'native']) {
    const out = execFileSync(process.execPath, [self, '--child', String(mib)], {
      env: { ...process.env, MEGACRYPT_ENGINE: engine },
      maxBuffer: 1 << 20,
    });
    rows.push(...JSON.parse(out));
  }
  const rust = execFileSync('cargo', ['run', '--release', '-q', '-p', 'megacrypt-benches', '--example', 'file_throughput', '--', String(mib), String(REPS)], { cwd: root, encoding: 'utf8' });
  const field = (line, name) => line.match(new RegExp(`${name}=(\\S+)`))?.[1];
  const [re, rd] = rust.trim().split('\n');
  const rustRow = { path: 'Rust core (same feeds, in place)', enc: Number(field(re, 'mb_per_s')), dec: Number(field(rd, 'mb_per_s')), nodeKey: field(re, 'node_key') };
  const ct = rows[0].ct;
  for (const r of rows) {
    if (r.ct !== ct) throw new Error(`${r.path}: ciphertext differs from megajs`);
    if (r.nodeKey !== undefined && r.nodeKey !== rustRow.nodeKey) throw new Error(`${r.path}: node key differs from the Rust core's`);
  }
  rows.push(rustRow);
  const base = rows[0];
  for (const r of rows) {
    const vsRust = (x, y) => (y / x).toFixed(2); // per-byte time relative to the Rust core
    console.log(`BENCH ${r.path.padEnd(62)} encrypt ${r.enc.toFixed(1).padStart(7)} MB/s (${(r.enc / base.enc).toFixed(1).padStart(6)}x megajs, ${vsRust(r.enc, rustRow.enc)}x Rust time)   decrypt+verify ${r.dec.toFixed(1).padStart(7)} MB/s (${(r.dec / base.dec).toFixed(1).padStart(6)}x megajs, ${vsRust(r.dec, rustRow.dec)}x Rust time)`);
  }
  console.log('all megacrypt paths: megajs\'s ciphertext and the Rust core\'s node key');
}
