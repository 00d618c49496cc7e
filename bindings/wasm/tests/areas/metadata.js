// File metadata (issue 14): areas `fingerprint`, `media_attributes`, `gps`, `upload_checksum` and
// `cloudraid`. Each mirrors core/tests/vectors/area_<area>.rs (area_media.rs for
// `media_attributes`) through the package.
import * as mc from 'megacrypt';
import { eq, errCode, hex, ok, sha256Hex } from './common.js';

/** byte[i] = (i * 7 + seed) % 251. */
export function linBytes(size, seed) {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 7 + seed) % 251;
  return out;
}

/** xorshift32 from `seed`, one step per byte, byte = x & 0xFF. */
function xsBytes(size, seed) {
  const out = new Uint8Array(size);
  let x = seed | 0;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}

/**
 * JSON numbers beyond 2^53 (an mtime of 2^63 - 1, a Serialize64 value of 2^64 - 1) do not survive
 * JSON.parse. The file's text (`sourceText`, set by vectors.test.js) is parsed again with every
 * integer literal of 16 digits or more kept as a string; `big` reads either form as a BigInt.
 */
function exactCases(data) {
  if (typeof data.sourceText !== 'string') throw new Error('vector file without sourceText');
  const text = data.sourceText.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"');
  return { ...data, cases: JSON.parse(text).cases };
}

function big(c, key) {
  const v = c.value(key);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw new Error(`field ${key} is not an integer`);
}

function arr(c, key) {
  const v = c.value(key);
  if (!Array.isArray(v)) throw new Error(`field ${key} is not an array`);
  return v;
}

function attempt(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    if (e?.name !== 'CryptoError') throw e;
    return { error: e };
  }
}

const offsets = (plan) => plan.ranges().map((r) => r.offset);

function crcViaRanges(plan, data) {
  const b = plan.builder();
  for (const r of plan.ranges()) b.feed(data.subarray(r.offset, r.offset + r.length));
  return b.finish();
}

// ---------------------------------------------------------------------------------- fingerprint
export async function runFingerprint(data, t) {
  await t.runCases(exactCases(data), checkFingerprint);
}

function checkFingerprint(c) {
  const kind = c.str('kind');
  switch (kind) {
    case 'generate':
      return fingerprintGenerate(c);
    case 'serialize': {
      const crc = c.hex('crc_hex');
      const fp = new mc.FileFingerprint(0, crc, big(c, 'mtime'));
      c.expectStr('c_attribute', fp.toCAttribute());
      const back = mc.FileFingerprint.parse(c.str('c_attribute'), 0);
      eq('crc round trip', hex(crc), hex(back.crc));
      eq('decoded_mtime', String(big(c, 'decoded_mtime')), String(back.mtime));
      c.info(['note']);
      return;
    }
    case 'decode':
      return fingerprintDecode(c);
    case 'serialize64':
      return c.expectHex('encoded_hex', mc.serialize64Encode(big(c, 'value')));
    case 'unserialize64': {
      const input = c.hex('input_hex').subarray(0, c.num('available_len'));
      const r = attempt(() => mc.serialize64Decode(input)).value;
      eq('accepted', c.bool('accepted'), r !== undefined);
      if (r !== undefined) {
        eq('value', String(big(c, 'value')), String(r.value));
        eq('consumed', c.num('consumed'), r.consumed);
      } else {
        eq('value', undefined, c.opt('value'));
        eq('consumed', undefined, c.opt('consumed'));
      }
      c.info(['what']);
      return;
    }
    case 'app_prefix_decode': {
      const fp = attempt(() => mc.FileFingerprint.parseAppFingerprint(c.str('app_fingerprint'))).value;
      eq('accepted', c.bool('accepted'), fp !== undefined);
      if (fp !== undefined) {
        c.expectStr('c_attribute', fp.toCAttribute());
        eq('size', c.num('size'), fp.size);
      } else {
        eq('c_attribute', undefined, c.opt('c_attribute'));
        eq('size', undefined, c.opt('size'));
      }
      return;
    }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

async function fingerprintGenerate(c) {
  const size = c.num('size');
  const seed = c.num('data_seed');
  const rule = c.str('data_rule');
  let data;
  if (rule === 'lin') data = linBytes(size, seed);
  else if (rule === 'xs') data = xsBytes(size, seed);
  else throw new Error(`unknown data rule ${rule}`);
  const crc = mc.computeSparseCrc(data);
  c.expectHex('crc_hex', crc);
  c.expectStr('crc_b64', mc.base64Encode(crc));
  // The same CRC from one sequential pass in odd pieces, and from the plan's ranges.
  const stream = new mc.SparseCrcFromStream(size);
  for (let pos = 0; pos < size; pos += 65_521) stream.update(data.subarray(pos, Math.min(size, pos + 65_521)));
  eq('sequential builder', hex(crc), hex(stream.finish()));
  const plan = new mc.SparsePlan(size);
  eq('ranges builder', hex(crc), hex(crcViaRanges(plan, data)));
  const fp = new mc.FileFingerprint(size, crc, big(c, 'mtime'));
  c.expectStr('c_attribute', fp.toCAttribute());
  if (size <= 2 << 20) {
    // The stream helper computes the same fingerprint in its encryption pass.
    const { fingerprint } = await mc.encryptBytes(data, { mtime: fp.mtime });
    c.expectStr('c_attribute', fingerprint.toCAttribute());
  }
  c.expectStr('app_fingerprint', fp.toAppFingerprint());
  const back = mc.FileFingerprint.parseAppFingerprint(fp.toAppFingerprint());
  eq('app fingerprint parses back', [size, hex(crc), String(fp.mtime)], [back.size, hex(back.crc), String(back.mtime)]);
  eq('parsed fingerprint matches', true, fp.matches(back));
  if (!c.has('sparse_offsets')) return;
  eq('sparse_offsets', arr(c, 'sparse_offsets'), offsets(plan));
  const legacy = arr(c, 'legacy_offsets');
  const fa = mc.legacyFaPlan(size);
  eq('legacy_fa_applicable', c.bool('legacy_fa_applicable'), fa !== undefined);
  if (fa !== undefined) {
    eq('legacy_offsets', legacy, offsets(fa));
    const faCrc = mc.computeSparseCrcWith(fa, data);
    eq('legacy FA via ranges', hex(faCrc), hex(crcViaRanges(fa, data)));
    c.expectHex('legacy_fa_hex', faCrc);
    c.expectStr('legacy_fa_b64', mc.base64Encode(faCrc));
    eq('legacy_fa_equals_crc', c.bool('legacy_fa_equals_crc'), hex(faCrc) === hex(crc));
    const lanes = [0, 1, 2, 3].map((i) => hex(faCrc.subarray(4 * i, 4 * i + 4)) === hex(crc.subarray(4 * i, 4 * i + 4)));
    eq('legacy_lanes_equal_to_crc', arr(c, 'legacy_lanes_equal_to_crc').map(Boolean), lanes);
  } else {
    // Not applicable: the 32-bit offsets equal the correct ones.
    eq('legacy_offsets', legacy, offsets(plan));
  }
  const ia = mc.legacyIaPlan(size);
  if (ia === undefined) throw new Error('legacy IA plan missing');
  eq('legacy_ia_read_offsets', arr(c, 'legacy_ia_read_offsets'), offsets(ia));
  const iaCrc = mc.computeSparseCrcWith(ia, data);
  c.expectHex('legacy_ia_hex', iaCrc);
  c.expectStr('legacy_ia_b64', mc.base64Encode(iaCrc));
}

/** The SDK's verdict is `accepted`; a refusal of ours passes only if the input is not the
 * canonical encoding of what the SDK read (megacrypt refuses the lax spellings the SDK tolerates). */
function fingerprintDecode(c) {
  const input = c.str('c_attribute');
  c.info(['what']);
  const r = attempt(() => mc.FileFingerprint.parse(input, 0));
  if (!c.bool('accepted')) {
    if (r.value !== undefined) throw new Error(`accepted what the SDK refuses: ${r.value.toCAttribute()}`);
    eq('error kind', 'Malformed', r.error.code);
    return;
  }
  const crc = c.hex('crc_hex');
  const mtime = big(c, 'mtime');
  if (r.value !== undefined) {
    eq('crc', hex(crc), hex(r.value.crc));
    eq('mtime', String(mtime), String(r.value.mtime));
  } else if (new mc.FileFingerprint(0, crc, mtime).toCAttribute() === input) {
    throw new Error('refused the canonical encoding');
  }
}

// ----------------------------------------------------------------------------- media_attributes
const PROPS = ['width', 'height', 'fps', 'playtime', 'shortformat', 'containerid', 'videocodecid', 'audiocodecid'];

const propsFrom = (v) => new mc.MediaProperties(...PROPS.map((k) => v[k]));
const propsOf = (p) => [p.width, p.height, p.fps, p.playtime, p.shortformat, p.containerId, p.videoCodecId, p.audioCodecId];
/** The SDK's answer when there is no (usable) type 8 entry. */
const SDK_DEFAULT = [0, 0, 0, 0, 254, 0, 0, 0];

function expectMediaDecoded(c, key) {
  const want = PROPS.map((k) => c.value('decoded')[k]);
  const isDefault = JSON.stringify(want) === JSON.stringify(SDK_DEFAULT);
  const r = attempt(() => mc.decodeMediaAttributes(c.str('node_fa_string'), key));
  if (r.error) {
    if (!isDefault) throw r.error;
    // A truncated or garbled entry: the SDK reports "no information", megacrypt refuses it.
    eq('error kind', 'Malformed', r.error.code);
    return;
  }
  if (isDefault) eq('decoded (no entry)', undefined, r.value);
  else eq('decoded', want, r.value === undefined ? undefined : propsOf(r.value));
}

export async function runMedia(data, t) {
  await t.runCases(data, (c) => {
    c.info(['what', 'note']);
    const kind = c.str('kind');
    if (kind === 'xxtea') {
      const key = mc.MediaKey.fromBytes(c.hex('key_hex'));
      const plain = c.hex('plaintext_hex');
      const ct = mc.xxteaEncrypt(key, plain);
      c.expectHex('ciphertext_hex', ct);
      eq('decrypts back', hex(plain), hex(mc.xxteaDecrypt(key, ct)));
    } else if (kind === 'encode') {
      const key = mc.MediaKey.fromNodeKey(c.hex('node_key_hex'));
      const props = propsFrom(Object.fromEntries(PROPS.map((k) => [k, c.num(k)])));
      c.expectHex('type8_plain_hex', mc.mediaType8Plain(props));
      c.expectStr('fa_entries', mc.encodeMediaAttributes(props, key));
      expectMediaDecoded(c, key);
    } else if (kind === 'decode') {
      expectMediaDecoded(c, mc.MediaKey.fromNodeKey(c.hex('node_key_hex')));
    } else {
      throw new Error(`unknown kind ${kind}`);
    }
  });
}

// ----------------------------------------------------------------------------------------- gps
const INVALID_COORDINATE = -200;

/** Parses C99 hexadecimal float notation (`-0x1.9c016f0068db9p+5`) exactly: the mantissa has at
 * most 53 bits and the results are normal numbers, so each step is exact. */
function parseHexFloat(s) {
  const m = /^(-?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]\d+)$/i.exec(s);
  if (!m) throw new Error(`bad hex float ${s}`);
  const frac = m[3] ?? '';
  const mant = Number(BigInt(`0x${m[2]}${frac}`));
  const v = (mant / 2 ** (4 * frac.length)) * 2 ** Number(m[4]);
  return m[1] ? -v : v;
}

function double(c, key) {
  const v = c.value(key);
  const exact = parseHexFloat(v.hex);
  if (Math.abs(exact - v.value) > Math.abs(exact) * 1e-12) throw new Error(`${key}: value and hex disagree`);
  return exact;
}

function bits(x) {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return b.getBigUint64(0).toString(16);
}

function expectCoordsDecoded(c, got) {
  eq('decoded_latitude', bits(double(c, 'decoded_latitude')), bits(got ? got.latitude : INVALID_COORDINATE));
  eq('decoded_longitude', bits(double(c, 'decoded_longitude')), bits(got ? got.longitude : INVALID_COORDINATE));
}

function expectUpdates(c, got) {
  const want = c.value('attr_updates');
  eq('attr_updates.l', want.l, got.l);
  eq('attr_updates.gp', want.gp, got.gp);
}

const masterKey = (c) => mc.MasterKey.fromBytes(c.hex('master_key_hex'));

function usk(c) {
  const mk = masterKey(c);
  const u = c.opt('usk_b64');
  return u === undefined ? undefined : mc.UnshareableKey.fromUskAttribute(mk, u);
}

export async function runGps(data, t) {
  await t.runCases(data, (c) => {
    const kind = c.str('kind');
    if (kind === 'l' || kind === 'gp') {
      const lat = double(c, 'latitude');
      const lon = double(c, 'longitude');
      let key;
      if (kind === 'gp') {
        key = usk(c);
        if (!key) throw new Error('usk missing');
        c.expectHex('usk_key_hex', key.exportBytes());
      }
      const [lat24, lon24] = mc.coordinatesTo24bit(lat, lon);
      eq('lat24', c.num('lat24'), lat24);
      eq('lon24', c.num('lon24'), lon24);
      eq('sdk_error', 0, c.value('sdk_error'));
      const l = mc.encodeLocationL(lat, lon);
      c.expectStr('l', l);
      if (!key) {
        expectUpdates(c, mc.shareableLocationAttributes(lat, lon));
        expectCoordsDecoded(c, mc.decodeLocationL(l));
      } else {
        c.expectHex('gp_plain_hex', new TextEncoder().encode(`unshare/${l}`));
        const gp = mc.encodeLocationGp(lat, lon, key);
        c.expectStr('gp', gp);
        expectUpdates(c, mc.unshareableLocationAttributes(lat, lon, key));
        expectCoordsDecoded(c, mc.decodeLocationGp(gp, key));
      }
    } else if (kind === 'encode_edge') {
      gpsEncodeEdge(c);
    } else if (kind === 'decode') {
      const attrs = c.value('attributes');
      const key = usk(c);
      c.info(['what']);
      if (!c.bool('file_node')) {
        // The SDK reads coordinates of file nodes only; nodeCoordinates is for file nodes.
        expectCoordsDecoded(c, undefined);
        return;
      }
      const got = key ? mc.nodeCoordinatesWithKey(attrs.l, attrs.gp, key) : mc.nodeCoordinates(attrs.l, attrs.gp);
      expectCoordsDecoded(c, got);
    } else {
      throw new Error(`unknown kind ${kind}`);
    }
  });
}

function gpsEncodeEdge(c) {
  const lat = double(c, 'latitude');
  const lon = double(c, 'longitude');
  const unshareable = c.bool('unshareable');
  const key = usk(c);
  const sdkError = c.value('sdk_error');
  c.info(['what', 'sdk_error_name']);
  const bothInvalid = lat === INVALID_COORDINATE && lon === INVALID_COORDINATE;
  const lat24 = c.value('lat24');
  const lon24 = c.value('lon24');
  let r;
  if (bothInvalid) r = { value: mc.clearedLocationAttributes() };
  else if (unshareable && !key) {
    // The SDK answers API_EKEY; without *~usk there is no UnshareableKey to pass.
    errCode('no usk, no key', () => mc.UnshareableKey.fromUskAttribute(masterKey(c), ''));
    eq('sdk_error', -14, sdkError);
    eq('attr_updates', {}, c.value('attr_updates'));
    return;
  } else if (unshareable) r = attempt(() => mc.unshareableLocationAttributes(lat, lon, key));
  else r = attempt(() => mc.shareableLocationAttributes(lat, lon));
  if (r.error) {
    eq('error kind', 'ApiMisuse', r.error.code);
    eq('sdk refuses too', true, sdkError !== 0);
    const inRange = (v) => v >= 0 && v < 2 ** 24;
    eq('SDK values out of range', false, inRange(lat24) && inRange(lon24));
    eq('attr_updates', {}, c.value('attr_updates'));
    return;
  }
  eq('sdk_error', 0, sdkError);
  if (!bothInvalid) {
    const [a, b] = mc.coordinatesTo24bit(lat, lon);
    eq('lat24', lat24, a);
    eq('lon24', lon24, b);
  }
  expectUpdates(c, r.value);
}

// ----------------------------------------------------------------------------- upload_checksum
function checksumInPieces(body, step) {
  const s = new mc.UploadChecksum();
  const n = Math.max(step, 1);
  for (let pos = 0; pos < body.length; pos += n) s.update(body.subarray(pos, pos + n));
  return s;
}

export async function runUploadChecksum(data, t) {
  await t.runCases(data, async (c) => {
    c.info(['what']);
    const kind = c.str('kind');
    if (kind === 'crc') {
      const len = c.num('body_len');
      let body;
      if (c.has('body_hex')) body = c.hex('body_hex');
      else {
        const seed = c.num('body_seed');
        body = linBytes(len, seed);
        eq('body_rule', `byte[i] = (i * 7 + ${seed}) % 251`, c.str('body_rule'));
        eq('body_sha256', c.str('body_sha256'), await sha256Hex(body));
      }
      eq('body_len', len, body.length);
      const whole = checksumInPieces(body, body.length);
      c.expectHex('d_hex', whole.toBytes());
      c.expectStr('d_b64', whole.toB64());
      for (const step of [1, 5, 12, 13, 131_072]) eq(`split feed ${step}`, hex(whole.toBytes()), hex(checksumInPieces(body, step).toBytes()));
      eq('body_length', len, whole.bodyLength);
    } else if (kind === 'upload_request') {
      const key = mc.AesKey.fromBytes(c.hex('key_hex'));
      const nonce = c.hex('nonce_hex');
      const pos = c.num('pos');
      const npos = c.num('npos');
      const seed = c.num('plaintext_seed');
      c.info(['plaintext_rule']);
      const body = linBytes(npos - pos, seed);
      const layout = new mc.ChunkLayout(npos);
      // AES-CTR does not involve the meta-MAC; the range "decryptor" encrypts at an offset.
      const ctr = new mc.UnauthenticatedRangeDecryptor(mc.ContentKey.fromParts(key, nonce));
      const chunks = [];
      const sum = new mc.UploadChecksum();
      for (const ch of layout.chunks()) {
        const from = Math.max(ch.offset, pos);
        const to = ch.offset + ch.length;
        if (from >= to) continue;
        const piece = body.subarray(from - pos, to - pos);
        ctr.decryptAtUnverifiedInPlace(from, piece);
        sum.update(piece);
        chunks.push([from, to]);
      }
      eq('chunks', c.value('chunks'), chunks);
      eq('ciphertext_sha256', c.str('ciphertext_sha256'), await sha256Hex(body));
      if (c.has('ciphertext_hex')) c.expectHex('ciphertext_hex', body);
      c.expectStr('d_b64', sum.toB64());
      c.expectStr('url_suffix', sum.urlSuffix(pos));
    } else {
      throw new Error(`unknown kind ${kind}`);
    }
  });
}

// ----------------------------------------------------------------------------------- cloudraid
/** Reference split, written from the layout description (MEGA's servers split; clients only
 * recombine): sector k to part 1 + k mod 5, parity = XOR of each line's sectors zero-padded. */
export function raidSplit(data) {
  const sizes = mc.cloudraidPartSizes(data.length);
  const parts = Array.from(sizes, (n) => new Uint8Array(n));
  for (let k = 0; k * 16 < data.length; k++) {
    parts[1 + (k % 5)].set(data.subarray(16 * k, 16 * k + 16), 16 * Math.floor(k / 5));
  }
  for (let line = 0; line < data.length; line += 80) {
    const end = Math.min(line + 80, data.length);
    const at = 16 * (line / 80);
    for (let i = line; i < end; i++) {
      const j = (i - line) % 16;
      if (at + j < parts[0].length) parts[0][at + j] ^= data[i];
    }
  }
  return parts;
}

function concat(list) {
  const out = new Uint8Array(list.reduce((n, a) => n + a.length, 0));
  let pos = 0;
  for (const a of list) {
    out.set(a, pos);
    pos += a.length;
  }
  return out;
}

/** Recombines [start, end) without `unused`, feeding the parts in uneven pieces (scaled with the
 * file size so that large files take few calls). */
function recombine(parts, size, start, end, unused) {
  const r = mc.Recombiner.withRange(size, start, end, unused);
  const ranges = [0, 1, 2, 3, 4, 5].map((p) => r.partRange(p));
  const cursors = ranges.map((rg) => (rg ? rg.offset : 0));
  const scale = Math.max(1, Math.floor(size / 65_536));
  const out = [];
  for (;;) {
    let progressed = false;
    for (let p = 0; p < 6; p++) {
      const rg = ranges[p];
      if (!rg) continue;
      const from = cursors[p];
      const to = rg.offset + rg.length;
      if (from < to) {
        const n = Math.min(to - from, (37 + 11 * p) * scale);
        r.feed(p, parts[p].subarray(from, from + n));
        cursors[p] += n;
        progressed = true;
      }
      out.push(r.drain());
    }
    if (!progressed) break;
  }
  out.push(r.drain());
  r.finish();
  return concat(out);
}

function raidData(c, size) {
  if (c.has('data_hex')) return c.hex('data_hex');
  const seed = c.num('data_seed');
  eq('data_rule', `byte[i] = (i * 7 + ${seed}) % 251`, c.str('data_rule'));
  return linBytes(size, seed);
}

export async function runCloudraid(data, t) {
  await t.runCases(data, async (c) => {
    const size = c.num('file_size');
    c.info(['note']);
    const kind = c.str('kind');
    if (kind === 'part_sizes') {
      eq('part_sizes', c.value('part_sizes'), Array.from(mc.cloudraidPartSizes(size)));
    } else if (kind === 'split') {
      const bytes = raidData(c, size);
      eq('data_sha256', c.str('data_sha256'), await sha256Hex(bytes));
      eq('part_sizes', c.value('part_sizes'), Array.from(mc.cloudraidPartSizes(size)));
      const parts = raidSplit(bytes);
      if (c.has('parts_hex')) eq('parts_hex', c.value('parts_hex'), parts.map(hex));
      eq('parts_sha256', c.value('parts_sha256'), await Promise.all(parts.map(sha256Hex)));
      const recombined = c.value('sdk_recombined_sha256');
      const recovered = c.value('sdk_recovered_part_sha256');
      for (const [label, unused] of [['none', 0], ['0', 0], ['1', 1], ['2', 2], ['3', 3], ['4', 4], ['5', 5]]) {
        const out = recombine(parts, size, 0, size, unused);
        eq(`recombined without ${label}`, recombined[label], await sha256Hex(out));
        if (unused > 0) eq(`recovered part ${label}`, recovered[label], await sha256Hex(raidSplit(out)[unused]));
      }
      checkRaidRequests(c, size);
    } else if (kind === 'resume') {
      const parts = raidSplit(raidData(c, size));
      const from = c.num('resume_pos');
      const to = c.num('read_to_pos');
      const rp = mc.cloudraidResumePoint(from);
      eq('part_start', c.num('part_start'), rp.partStart);
      eq('skipped_bytes', c.num('skipped_bytes'), rp.skippedBytes);
      const want = c.value('sdk_output_sha256');
      const sizes = mc.cloudraidPartSizes(size);
      for (const [label, unused] of [['none', 0], ['2', 2]]) {
        const r = mc.Recombiner.withRange(size, from, to, unused);
        for (let p = 0; p < 6; p++) {
          if (p !== unused) eq('part range start', Math.min(rp.partStart, sizes[p]), r.partRange(p).offset);
        }
        eq(`output without ${label}`, want[label], await sha256Hex(recombine(parts, size, from, to, unused)));
      }
    } else {
      throw new Error(`unknown kind ${kind}`);
    }
  });
}

/** sdk_requests: per missing part, the ranges the SDK asked for; where it is a list, each used
 * part's request must equal our part range (the large case only records counts: informational). */
function checkRaidRequests(c, size) {
  const req = c.value('sdk_requests');
  if (typeof req !== 'object' || req === null) throw new Error('sdk_requests is not an object');
  const sizes = mc.cloudraidPartSizes(size);
  for (const [label, list] of Object.entries(req)) {
    if (!Array.isArray(list)) continue; // request counts only
    const unused = label === 'none' ? 0 : Number(label);
    const r = ok('recombiner', () => new mc.Recombiner(size, unused));
    for (const entry of list) {
      const [first, ...rest] = entry.split(' ');
      const part = Number(first.replace(/^c/, ''));
      if (rest[0] === 'null') {
        if (label !== 'none') eq('unused part', unused, part);
        continue;
      }
      const [a, b] = rest[0].split('-').map(Number);
      if (label === 'none' && part === 0) {
        // With all six parts available the SDK also fetched parity; megacrypt needs five.
        eq('parity range', [0, sizes[0]], [a, b]);
        continue;
      }
      const rg = r.partRange(part);
      eq(`request ${entry} (${label})`, [a, b], rg ? [rg.offset, rg.offset + rg.length] : null);
    }
  }
}
