// areas `keys_container`, `key_signature`, `key_exchange` (modern accounts, issue 13): mirror
// core/tests/vectors/area_{keys_container,key_signature,key_exchange}.rs through the package,
// megacrypt's verdicts on the cases where the official clients disagree included.
import * as mc from 'megacrypt';
import { eq, hex, sha256Hex, skip, unhex } from './common.js';

const utf8 = (s) => new TextEncoder().encode(s);
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const WRITE_ORDER = [1, 2, 3, 4, 5, 16, 17, 18, 32, 33, 48, 64, 65, 80, 96];

function code(e) {
  if (e?.name !== 'CryptoError' || typeof e.code !== 'string') throw e;
  return e.code;
}
function attempt(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: code(e) };
  }
}

// ---------------------------------------------------------------------------- keys_container
function ltlvOfHexObject(obj) {
  const m = new mc.LtlvMap();
  for (const [k, v] of Object.entries(obj)) m.insert(utf8(k), unhex(v));
  return m.toBytes();
}

function authringOf(records) {
  return concat(...records.map((r) => concat(mc.base64Decode(r.user_b64), unhex(r.fingerprint_hex), new Uint8Array([(r.confidence << 4) | r.method]))));
}

function containerFromFields(f) {
  const k = new mc.KeysContainer(f.identity_b64, f.creation_time,
    mc.Ed25519PrivateKey.fromBytes(unhex(f.ed25519_seed_hex)), mc.X25519PrivateKey.fromBytes(unhex(f.cu25519_hex)));
  eq('version', 1, f.version);
  const pqd = unhex(f.rsa_pqd_hex);
  k.setRsaPqd(pqd, true);
  eq('rsa parsed', pqd.length === 0, k.rsaPrivateKey() === undefined);
  k.setGeneration(f.generation - 1);
  k.setAttributes(ltlvOfHexObject(f.attr));
  k.setEd25519AuthringBytes(authringOf(f.authring_ed25519));
  k.setCu25519AuthringBytes(authringOf(f.authring_cu25519));
  for (const sk of f.share_keys) {
    k.insertShareKey(sk.node_b64, mc.ShareKey.fromBytes(unhex(sk.key_hex)), false);
    k.setShareKeyFlags(sk.node_b64, sk.flags);
  }
  for (const p of f.pending_out) {
    if (typeof p.email === 'string') k.addPendingOutShare(p.node_b64, undefined, p.email);
    else k.addPendingOutShare(p.node_b64, p.user_b64, undefined);
  }
  for (const p of f.pending_in) k.addPendingInShare(p.node_key, p.user_b64, unhex(p.key_hex));
  const backups = new mc.LtlvMap();
  for (const [id, [target, shares]] of Object.entries(f.backups)) {
    backups.insert(utf8(id), concat(mc.base64Decode(target), ...shares.map((s) => mc.base64Decode(s))));
  }
  k.setBackups(backups.toBytes());
  for (const [w, v] of Object.entries(f.warnings)) {
    eq('only the cv warning', 'cv', w);
    k.setContactVerificationWarning(v === '1');
  }
  k.setUnknownRecords(unhex(f.other_hex));
  return k;
}

function checkSeal(c) {
  c.info(['what', 'note']);
  const mk = mc.MasterKey.fromBytes(c.hex('master_key_hex'));
  const iv = c.hex('iv_hex');
  const f = c.value('fields');
  const k = containerFromFields(f);
  const gen = f.generation;
  const plain = k.exportPlaintext(gen);
  c.expectHex('plaintext_hex', plain);
  const sealed = k.hazmatSealWithIv(mk, iv);
  eq('sealed generation', gen, sealed.generation);
  c.expectHex('attribute_hex', sealed.toBytes());
  c.expectStr('attribute_b64', sealed.toB64());
  const web = c.opt('webclient_with_section_5_4_order_b64');
  if (web !== undefined) {
    const theirs = mc.KeysContainer.open(mk, mc.base64Decode(web), k.identity, gen, true);
    eq('same content', hex(plain), hex(theirs.exportPlaintext(gen)));
  }
  const want = c.hex('plaintext_hex');
  const parsed = mc.KeysContainer.parsePlaintext(want, true);
  eq('plaintext round trip', hex(want), hex(parsed.exportPlaintext(gen)));
}

/** megacrypt's verdict on an `open` case: null to accept, else the error code. */
function expectedVerdict(what, sdk, web) {
  if (what.startsWith('missing tag')) return null;
  if (sdk && web) return null;
  if (what.startsWith('wrong header byte 0')) return 'Unsupported';
  if (what.startsWith('bad GCM tag') || what === 'wrong master key') return 'Decrypt';
  if (what === 'generation lower than last seen') return 'Rollback';
  if (what.startsWith('wrong identity')) return 'WrongAccount';
  if (what.includes('RSA')) return 'InvalidKey';
  return 'Malformed';
}

const shareKeyRows = (k) => k.shareKeys().map((e) => [e.node, hex(e.exportKeyBytes()), e.flags]);
const sortRows = (rows) => rows.map((r) => JSON.stringify(r)).sort();

function checkFields(k, f) {
  eq('version', f.version, k.version);
  eq('creation_time', f.creation_time, k.creationTime);
  eq('identity', f.identity_b64, k.identity);
  eq('generation', f.generation, k.generation);
  eq('attr', f.attr_ltlv_hex, hex(k.exportAttributes()));
  eq('ed25519', f.ed25519_seed_hex, hex(k.ed25519PrivateKey().exportBytes()));
  eq('cu25519', f.cu25519_hex, hex(k.x25519PrivateKey().exportBytes()));
  eq('rsa', f.rsa_pqd_hex, hex(k.exportRsaPqd()));
  eq('authring ed', f.authring_ed25519_hex, hex(k.ed25519AuthringBytes()));
  eq('authring cu', f.authring_cu25519_hex, hex(k.cu25519AuthringBytes()));
  eq('share keys', f.share_keys.map((e) => [e.node_b64, e.key_hex, e.flags]), shareKeyRows(k));
  const who = (email, user) => (typeof email === 'string' ? `email:${email}` : `user:${user}`);
  eq('pending out', f.pending_out.map((p) => [p.node_b64, who(p.email, p.user_b64)]),
    k.pendingOutShares().map((p) => [p.node, who(p.email, p.userHandle)]));
  eq('pending in', f.pending_in.map((p) => [p.node_key, p.user_b64, p.key_hex]),
    k.pendingInShares().map((p) => [p.node, p.sharer, hex(p.storedKeyField)]));
  for (const p of k.pendingInShares()) {
    if (p.isLegacyBase64) {
      eq('legacy key decoded', hex(mc.base64Decode(new TextDecoder().decode(p.storedKeyField))), hex(p.encryptedShareKey));
    }
  }
  eq('backups', f.backups_ltlv_hex, hex(k.exportBackups()));
  const warnings = ltlvOfHexObject(Object.fromEntries(Object.entries(f.warnings).map(([w, v]) => [w, hex(utf8(v))])));
  eq('warnings', hex(warnings), hex(k.warnings().toBytes()));
  eq('cv warning', f.warnings.cv === '1', k.contactVerificationWarning());
  eq('unknown', f.other_hex, hex(k.exportUnknownRecords()));
}

function checkWebFields(k, f) {
  eq('web generation', f.generation, k.generation);
  eq('web pending in', Object.entries(f.pending_in).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)),
    k.pendingInShares().map((p) => [p.node, hex(concat(mc.base64Decode(p.sharer), p.storedKeyField))]));
  eq('web share keys', sortRows(f.share_keys.map((e) => [e.node_b64, e.key_hex, e.flags])), sortRows(shareKeyRows(k)));
}

function checkReseal(mk, k, me, allowEmptyRsa) {
  const sealed = k.seal(mk);
  eq('generation + 1', k.generation + 1, sealed.generation);
  const back = mc.KeysContainer.open(mk, sealed.toBytes(), me, sealed.generation, allowEmptyRsa);
  eq('unknown kept', hex(k.exportUnknownRecords()), hex(back.exportUnknownRecords()));
  eq('attr kept', hex(k.exportAttributes()), hex(back.exportAttributes()));
  eq('backups kept', hex(k.exportBackups()), hex(back.exportBackups()));
  eq('share keys kept', shareKeyRows(k), shareKeyRows(back));
  let p = back.exportPlaintext(back.generation);
  for (const t of WRITE_ORDER) {
    eq('tag order', t, p[0]);
    const n = (p[1] << 16) | (p[2] << 8) | p[3];
    p = p.subarray(4 + n);
  }
  eq('then the unknown records', hex(k.exportUnknownRecords()), hex(p));
}

function checkOpen(c) {
  const what = c.str('what');
  const mk = mc.MasterKey.fromBytes(c.hex('master_key_hex'));
  const blob = mc.base64Decode(c.str('attribute_b64'));
  const me = c.str('expected_user_b64');
  const last = c.num('last_seen_generation');
  const sdk = c.value('sdk');
  const web = c.value('webclient');
  eq('agree', sdk.accepted === web.accepted, c.bool('agree'));
  const expected = expectedVerdict(what, sdk.accepted, web.accepted);
  const got = attempt(() => mc.KeysContainer.open(mk, blob, me, last, false));
  if (expected === null && got.error === undefined) {
    checkFields(got.value, sdk.fields);
    if (web.accepted) checkWebFields(got.value, web.fields);
    checkReseal(mk, got.value, me, false);
  } else if (expected !== null && got.error !== undefined) {
    eq(`${what}: error kind`, expected, got.error);
  } else if (expected === null) {
    throw new Error(`${what}: refused with ${got.error}, expected accept`);
  } else {
    throw new Error(`${what}: accepted, expected ${expected}`);
  }
  if (what === 'empty RSA') {
    const k = mc.KeysContainer.open(mk, blob, me, last, true);
    eq('no RSA key', true, k.rsaPrivateKey() === undefined);
    checkFields(k, sdk.fields);
    checkReseal(mk, k, me, true);
  }
}

const ltlvEntries = (m) => m.keys().map((k) => [hex(k), hex(m.get(k))]);

export async function runKeysContainer(file, t) {
  await t.runCases(file, async (c) => {
    const kind = c.str('kind');
    if (kind === 'derive_key') {
      const raw = c.hex('master_key_hex');
      const k = mc.deriveKeysContainerKeyFromBytes(raw);
      const mk = attempt(() => mc.MasterKey.fromBytes(raw));
      if (mk.error === undefined) eq('typed path', hex(k.exportBytes()), hex(mc.deriveKeysContainerKey(mk.value).exportBytes()));
      c.expectHex('derived_key_hex', k.exportBytes());
    } else if (kind === 'seal') {
      checkSeal(c);
    } else if (kind === 'open') {
      checkOpen(c);
    } else if (kind === 'ltlv_encode') {
      c.info(['what']);
      const entries = c.value('entries').map(([k, v]) => [utf8(k), unhex(v)]);
      const web = mc.ltlvEncode(entries.map((e) => e[0]), entries.map((e) => e[1]));
      c.expectHex('webclient_hex', web);
      const m = new mc.LtlvMap();
      for (const [k, v] of entries) m.insert(k, v);
      c.expectHex('sdk_hex', m.toBytes());
      const d = c.value('sdk_decode_of_webclient_bytes');
      const decoded = attempt(() => mc.LtlvMap.fromBytes(web));
      eq('decoded', d.accepted, decoded.error === undefined);
      eq('decoded map', d.map, ltlvEntries(decoded.value));
    } else if (kind === 'ltlv_long_value') {
      c.info(['note']);
      eq('value rule', 'byte[i] = (i * 7 + 5) % 251, 65535 bytes', c.str('value_rule'));
      const value = new Uint8Array(65535);
      for (let i = 0; i < value.length; i++) value[i] = (i * 7 + 5) % 251;
      const key = utf8(c.str('key'));
      const blob = mc.ltlvEncode([key], [value]);
      eq('encoded_len', c.num('encoded_len'), blob.length);
      const prefix = c.hex('encoded_prefix_hex');
      eq('prefix', hex(prefix), hex(blob.subarray(0, prefix.length)));
      eq('encoded_sha256', c.str('encoded_sha256'), await sha256Hex(blob));
      const back = attempt(() => mc.LtlvMap.fromBytes(blob));
      eq('decoded', c.bool('sdk_decoded'), back.error === undefined);
      eq('value back', hex(value), hex(back.value.get(key)));
    } else if (kind === 'ltlv_decode') {
      c.info(['what']);
      const input = c.hex('input_hex');
      const sdk = c.value('sdk');
      const web = c.value('webclient');
      const accept = sdk.accepted && !web.threw;
      const got = attempt(() => mc.LtlvMap.fromBytes(input));
      if (got.error !== undefined) {
        if (accept) throw new Error(`refused (${got.error}), both clients accept`);
        eq('error kind', 'Malformed', got.error);
        return;
      }
      if (!accept) throw new Error('accepted, both clients refuse');
      eq('decoded entries', (sdk.map ?? []).length, got.value.size);
      eq('web map', Array.isArray(web.map) ? web.map.length : null, got.value.size);
    } else {
      skip(`unknown keys_container kind ${kind}`);
    }
  });
}

// ----------------------------------------------------------------------------- key_signature
function pubkFromNE(nE) {
  const n = nE.subarray(0, 256);
  const e = nE.subarray(256);
  const bits = e[0] === 0 ? e.length * 8 : e.length * 8 - Math.clz32(e[0]) + 24;
  return concat(new Uint8Array([0x08, 0x00]), n, new Uint8Array([bits >> 8, bits & 0xff]), e);
}

const METHOD_BYTE = { seen: 0, 'fingerprint-compared': 1, 'signature-verified': 2 };
const METHOD_NAME = ['seen', 'fingerprint-compared', 'signature-verified'];

export async function runKeySignature(file, t) {
  await t.runCases(file, (c) => {
    const kind = c.str('kind');
    if (kind === 'keypair') {
      c.info(['what']);
      const seed = mc.Ed25519PrivateKey.fromBytes(c.hex('seed_hex'));
      eq('seed_b64', hex(mc.base64Decode(c.str('seed_b64'))), hex(seed.exportBytes()));
      const pub = seed.publicKey();
      c.expectHex('public_hex', pub.toBytes());
      c.expectStr('public_b64', pub.toB64());
      eq('public round trip', true, mc.Ed25519PublicKey.fromB64(c.str('public_b64')).equals(pub));
      const fp = pub.fingerprint();
      c.expectHex('fingerprint_hex', fp.toBytes());
      eq('fingerprint hex', c.str('fingerprint_hex'), fp.toHex());
      c.expectStr('fingerprint_b64', mc.base64Encode(fp.toBytes()));
      const cred = pub.credentials();
      c.expectStr('credentials', cred.text());
      c.expectStr('credentials_grouped', cred.grouped());
    } else if (kind === 'rsa_signed_bytes') {
      c.info(['what', 'note', 'sdk_setkey_ok']);
      const pubk = c.hex('pubk_hex');
      const sdk = c.hex('signed_bytes_hex');
      const web = c.hex('webclient_signed_bytes_hex');
      const agree = c.bool('sdk_equals_webclient');
      eq('sdk_equals_webclient', agree, hex(sdk) === hex(web));
      c.expectHex('sdk_fingerprint_hex', mc.Fingerprint.of(sdk).toBytes());
      c.expectHex('webclient_fingerprint_hex', mc.Fingerprint.of(web).toBytes());
      const key = attempt(() => mc.rsaPublicKeyForSignature(pubk));
      if (key.error !== undefined) {
        if (agree) throw new Error(`refused a key both clients sign alike: ${key.error}`);
        if (!['Unsupported', 'InvalidKey'].includes(key.error)) throw new Error(`unexpected error kind ${key.error}`);
        return;
      }
      if (!agree) throw new Error('accepted a key the two clients sign differently');
      eq('signed bytes', hex(sdk), hex(mc.rsaSignedBytes(key.value)));
    } else if (kind === 'sign') {
      c.info(['what']);
      const seed = mc.Ed25519PrivateKey.fromBytes(c.hex('seed_hex'));
      c.expectHex('signer_public_hex', seed.publicKey().toBytes());
      const ts = c.num('timestamp');
      const keyBytes = c.hex('key_bytes_hex');
      c.expectHex('signed_message_hex', mc.keySignatureMessage(keyBytes, ts));
      const generic = mc.KeySignature.sign(seed, keyBytes, ts);
      let typed;
      const keyType = c.str('key_type');
      if (keyType === 'Cu25519') {
        typed = seed.signX25519Key(mc.X25519PublicKey.fromBytes(keyBytes), ts);
      } else if (keyType === 'RSA') {
        const key = mc.RsaPublicKey.fromBytes(pubkFromNE(keyBytes));
        eq('rebuilt key signs the same bytes', hex(keyBytes), hex(mc.rsaSignedBytes(key)));
        typed = seed.signRsaKey(key, ts);
      } else {
        throw new Error(`unknown key_type ${keyType}`);
      }
      eq('typed = generic', true, typed.equals(generic));
      c.expectHex('signature_hex', generic.toBytes());
      c.expectStr('signature_b64', generic.toB64());
      eq('timestamp', ts, generic.verify(seed.publicKey(), keyBytes));
    } else if (kind === 'verify') {
      c.info(['what', 'key_type', 'verifier_time']);
      const keyBytes = c.hex('key_bytes_hex');
      const blob = c.hex('signature_hex');
      const sdk = c.bool('sdk_accepts');
      const web = c.opt('webclient_result');
      const webSizeError = c.opt('webclient_error') !== undefined;
      const python = c.bool('python_strict_72_accepts');
      const want = sdk && web !== false && !webSizeError;
      eq('rule = strict python verdict', python, want);
      const signerBytes = c.hex('signer_public_hex');
      const got = attempt(() => {
        const signer = mc.Ed25519PublicKey.fromBytes(signerBytes);
        return mc.KeySignature.fromBytes(blob).verify(signer, keyBytes);
      });
      if (got.error !== undefined) {
        eq('accepted', want, false);
        if (!['SignatureInvalid', 'Malformed', 'InvalidKey'].includes(got.error)) throw new Error(`unexpected error kind ${got.error}`);
        return;
      }
      eq('accepted', want, true);
      const ts = new DataView(blob.buffer, blob.byteOffset, 8).getBigUint64(0);
      eq('timestamp', ts.toString(), BigInt(got.value).toString());
    } else if (kind === 'authring_serialize') {
      c.info(['note']);
      const parts = [];
      for (const r of c.value('records')) {
        eq('confidence', 0, r.confidence);
        parts.push(mc.base64Decode(r.user_b64), unhex(r.fingerprint_hex), new Uint8Array([r.method]));
      }
      const insertion = concat(...parts);
      c.expectHex('webclient_hex', insertion);
      const ring = mc.Authring.fromBytes(insertion);
      c.expectHex('sdk_hex', ring.toBytes());
      eq('same ring', true, mc.Authring.fromBytes(c.hex('sdk_hex')).equals(ring));
      eq('tlv round trip', true, mc.Authring.fromTlvBytes(ring.toTlvBytes()).equals(ring));
    } else if (kind === 'authring_parse') {
      c.info(['what']);
      const ringBytes = c.hex('ring_hex');
      const sdk = c.value('sdk');
      const web = c.value('webclient');
      eq('sdk excess_data_logged', false, sdk.excess_data_logged);
      if (ringBytes.length % 29 !== 0) {
        eq('webclient has one record more', sdk.records.length + 1, web.records.length);
        const got = attempt(() => mc.Authring.fromBytes(ringBytes));
        eq('trailing bytes', 'Malformed', got.error);
        return;
      }
      const ring = mc.Authring.fromBytes(ringBytes);
      const kept = sdk.records.filter((r) => r.auth_method <= 2).map((r) => [r.user_b64, r.fingerprint_hex, r.auth_method]);
      const dropped = sdk.records.filter((r) => r.auth_method > 2).length;
      const webKept = web.records.map((r) => [r.user_b64 ?? '', r.fingerprint_hex ?? '', (r.method ?? 99) | ((r.confidence ?? 99) << 4)]);
      eq('webclient keeps the same records', sortRows(kept), sortRows(webKept));
      eq('records (SDK order)', kept, ring.records().map((r) => [r.user, hex(r.fingerprint), METHOD_BYTE[r.method]]));
      eq('dropped', dropped, ring.droppedRecords);
      const sdkOut = unhex(sdk.reserialized_hex);
      const want = [];
      for (let i = 0; i < sdkOut.length; i += 29) if (sdkOut[i + 28] <= 2) want.push(sdkOut.subarray(i, i + 29));
      eq('reserialized', hex(concat(...want)), hex(ring.toBytes()));
    } else {
      skip(`unknown key_signature kind ${kind}`);
    }
  });
}

// ------------------------------------------------------------------------------ key_exchange
const GATE_A_PRIVATE = '3c1e7132be03294cf08fdbd5be2d5e5ed3fba9db58c861a0d02f9fb1303569d0';
const GATE_B_PUBLIC = '5ea99c060da3b04716ce0eb8e75fd919d5119150bf02dee8375c59dd131ba611';

/** The peer key as a contact's signature would make it usable. */
function verified(peer) {
  const contact = mc.Ed25519PrivateKey.fromBytes(new Uint8Array(32).fill(0x5a));
  const key = mc.X25519PublicKey.fromBytes(peer);
  const sig = contact.signX25519Key(key, 1_700_000_000).toBytes();
  return contact.publicKey().verifyX25519Key(key, sig);
}

/** HKDF-SHA256 (RFC 5869) with Web Crypto: empty salt, info "strongvelope pairwise key", 16 bytes. */
async function hkdfPairwise(shared) {
  const ikm = await globalThis.crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveBits']);
  const bits = await globalThis.crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8('strongvelope pairwise key') }, ikm, 128);
  return hex(new Uint8Array(bits));
}

function openUniform(pk, blob) {
  const share = pk.openShareKey(blob);
  const b = share.exportBytes();
  if (b.some((x) => x !== b[0])) throw new Error(`pk blob opens to ${hex(b)}, not a uniform key`);
  eq('reseal', hex(blob), hex(pk.sealShareKey(share)));
}

export async function runKeyExchange(file, t) {
  await t.runCases(file, async (c) => {
    const kind = c.str('kind');
    if (kind === 'pairwise') {
      c.info(['what', 'note']);
      const a = mc.X25519PrivateKey.fromBytes(c.hex('a_private_hex'));
      const b = mc.X25519PrivateKey.fromBytes(c.hex('b_private_hex'));
      c.expectHex('a_public_hex', a.publicKey().toBytes());
      c.expectHex('b_public_hex', b.publicKey().toBytes());
      const ab = mc.PairwiseKey.derive(a, verified(c.hex('b_public_hex')));
      const ba = mc.PairwiseKey.derive(b, verified(c.hex('a_public_hex')));
      c.expectHex('pairwise_key_hex', ab.exportBytes());
      eq('both sides', true, ab.equals(ba));
      eq('HKDF(shared_secret)', await hkdfPairwise(c.hex('shared_secret_hex')), hex(ab.exportBytes()));
      const share = mc.ShareKey.fromBytes(c.hex('share_key_hex'));
      const blob = ab.sealShareKey(share);
      c.expectHex('pk_blob_hex', blob);
      c.expectStr('pk_blob_b64', mc.base64Encode(blob));
      eq('B opens', true, ba.openShareKey(blob).equals(share));
    } else if (kind === 'pairwise_self') {
      c.info(['what']);
      const a = mc.X25519PrivateKey.fromBytes(c.hex('a_private_hex'));
      const peer = c.hex('peer_public_hex');
      eq("peer is A's own key", hex(peer), hex(a.publicKey().toBytes()));
      c.expectHex('pairwise_key_hex', mc.PairwiseKey.derive(a, verified(peer)).exportBytes());
    } else if (kind === 'verification_gate') {
      const raw = c.opt('peer_ed_authring_method');
      let method;
      if (raw === undefined || raw === -1) method = undefined;
      else if (raw >= 0 && raw <= 2) method = METHOD_NAME[raw];
      else throw new Error('method out of range');
      const encrypts = c.bool('sdk_encrypts');
      eq('sdk_decrypts', encrypts, c.bool('sdk_decrypts'));
      eq('gate', encrypts, mc.exchangeAllowed(method, false));
      const peerBytes = new Uint8Array(8).fill(9);
      const ring = method === undefined ? new mc.Authring()
        : mc.Authring.fromBytes(concat(peerBytes, new Uint8Array(20).fill(0x21), new Uint8Array([raw])));
      const got = attempt(() => mc.checkExchangeAllowed(ring, mc.base64Encode(peerBytes), false));
      if (got.error === undefined) eq('allowed', encrypts, true);
      else {
        eq('refusal kind', 'ApiMisuse', got.error);
        eq('allowed', encrypts, false);
      }
      const blob = c.opt('pk_blob_hex');
      if (blob === undefined) eq('no blob when refused', encrypts, false);
      else {
        const pk = mc.PairwiseKey.derive(mc.X25519PrivateKey.fromBytes(unhex(GATE_A_PRIVATE)), verified(unhex(GATE_B_PUBLIC)));
        openUniform(pk, unhex(blob));
      }
    } else if (kind === 'peer_key') {
      c.info(['what']);
      const mine = mc.X25519PrivateKey.fromBytes(c.hex('my_private_hex'));
      const peer = c.hex('peer_public_hex');
      const sdkOk = c.bool('sdk_scalarmult_ok');
      eq('agree', true, c.bool('agree'));
      eq('python shared', c.opt('python_cryptography_shared_hex'), c.opt('sdk_shared_hex'));
      const k = attempt(() => mc.PairwiseKey.derive(mine, verified(peer)));
      if (k.error !== undefined) {
        eq('accepted', sdkOk, false);
        eq('kind', 'InvalidKey', k.error);
        for (const f of ['sdk_pairwise_key_hex', 'sdk_pk_blob_hex']) eq(f, undefined, c.opt(f));
        return;
      }
      eq('accepted', sdkOk, true);
      c.expectHex('sdk_pairwise_key_hex', k.value.exportBytes());
      eq('HKDF(shared)', await hkdfPairwise(c.hex('sdk_shared_hex')), hex(k.value.exportBytes()));
      openUniform(k.value, c.hex('sdk_pk_blob_hex'));
    } else {
      skip(`unknown key_exchange kind ${kind}`);
    }
  });
}
