// areas `sets` and `user_attributes` (mirror core/tests/vectors/area_sets.rs and
// area_user_attributes.rs: the same fields read, the same verdicts).
import * as mc from 'megacrypt';
import { eq, hex, unhex, skip } from './common.js';

const b64e = (b) => mc.base64Encode(b);
const b64d = (s) => mc.base64Decode(s);

/** Checks that `s` is the MEGA base64 of exactly n bytes (a Set id, an Element id, a handle). */
function b64Id(s, n, what) {
  if (typeof s !== 'string' || s.length !== Math.floor((4 * n + 2) / 3) || b64d(s).length !== n) {
    throw new Error(`${what}: ${s} is not ${n} bytes in base64`);
  }
  return s;
}

function recordsTlv(obj, decode) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('records is not an object');
  const r = new mc.TlvRecords();
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'string') throw new Error('record value is not a string');
    r.insert(k, decode(v));
  }
  return r.toBytes();
}
const textRecords = (o) => recordsTlv(o, (v) => new TextEncoder().encode(v));
const hexRecords = (o) => recordsTlv(o, unhex);

function codeOf(f) {
  try {
    f();
  } catch (e) {
    if (e?.name === 'CryptoError') return e;
    throw e;
  }
  return null;
}

// ------------------------------------------------------------------------------------------ sets
const setKeyOf = (c) => mc.SetKey.fromBytes(c.hex('set_key_hex'));
const masterKeyOf = (c) => mc.MasterKey.fromBytes(c.hex('master_key_hex'));

export async function runSets(file, t) {
  await t.runCases(file, (c) => {
    c.info(['what']);
    const kind = c.str('kind');
    const handler = {
      set_key: setKey,
      element_key: elementKey,
      set_attributes: setAttributes,
      element_attributes: elementAttributes,
      aesp_read: aespRead,
      collection_link: collectionLink,
      preview_node: previewNode,
    }[kind];
    if (!handler) skip(`unknown sets kind ${kind}`);
    handler(c);
  });
}

function setKey(c) {
  const mk = masterKeyOf(c);
  const sk = setKeyOf(c);
  eq('rng_hex', c.str('rng_hex'), c.str('set_key_hex'));
  const k = mc.wrapSetKey(mk, sk);
  c.expectHex('k_hex', k);
  c.expectStr('k_b64', b64e(k));
  eq('unwrap', hex(sk.exportBytes()), hex(mc.unwrapSetKey(mk, k).exportBytes()));
  const ty = mc.setTypeFromCode(c.num('type'));
  c.expectStr('asp_request', `"a":"asp","k":"${b64e(k)}","t":${mc.setTypeCode(ty)}`);
}

function orderSuffix(c) {
  const o = c.opt('order');
  if (o === undefined) return '';
  if (!Number.isInteger(o)) throw new Error('order is not an integer');
  return `,"o":${o}`;
}

function elementKey(c) {
  const sk = setKeyOf(c);
  const setId = b64Id(c.str('set_id_b64'), 8, 'set id');
  const node = b64Id(c.str('node_handle_b64'), 6, 'node handle');
  const nk = c.hex('node_key_hex');
  const ek = mc.ElementKey.fromBytes(nk);
  const k = mc.wrapElementKey(sk, ek);
  c.expectHex('k_hex', k);
  c.expectStr('k_b64', b64e(k));
  eq('unwrap', hex(ek.exportBytes()), hex(mc.unwrapElementKey(sk, k).exportBytes()));
  const ecb = c.hex('ecb_k_hex');
  eq('ECB first block', hex(ecb.slice(0, 16)), hex(k.slice(0, 16)));
  if (hex(ecb.slice(16)) === hex(k.slice(16))) throw new Error('ECB and CBC agree on the second block');
  let wrong = null;
  try {
    wrong = mc.unwrapElementKey(sk, ecb);
  } catch {
    wrong = null;
  }
  if (wrong && hex(wrong.exportBytes()) === hex(ek.exportBytes())) {
    throw new Error('an ECB-wrapped Element key unwrapped to the node key');
  }
  c.expectStr('aep_request', `"a":"aep","s":"${setId}","h":"${node}","k":"${b64e(k)}"${orderSuffix(c)}`);
}

function setAttributes(c) {
  const sk = setKeyOf(c);
  const newSet = c.str('path').startsWith('create');
  const existing = c.opt('existing_records');
  let attrs = existing !== undefined ? mc.SetAttributes.fromBytes(textRecords(existing)) : new mc.SetAttributes();
  const ids = c.opt('element_ids_b64');
  const elements = ids === undefined ? [] : ids.map((e) => (typeof e === 'string' ? e : ''));
  const change = c.value('change');
  if ('name' in change) attrs = attrs.withName(typeof change.name === 'string' ? change.name : undefined);
  if ('cover_b64' in change) attrs = attrs.withCover(typeof change.cover_b64 === 'string' ? change.cover_b64 : undefined);
  const checked = codeOf(() => attrs.checkCover(newSet, elements));
  if (c.has('sdk_error')) {
    c.info(['sdk_error', 'sdk_error_name', 'rng_hex', 'master_key_hex', 'set_id_b64']);
    eq('request_sent', c.bool('request_sent'), false);
    if (checked?.code !== 'ApiMisuse') throw new Error(`SDK refused with API_EARGS, megacrypt: ${checked?.code ?? 'ok'}`);
    return;
  }
  if (checked) throw checked;
  eq('records', hex(textRecords(c.value('records'))), hex(attrs.toBytes()));
  const rng = c.hex('rng_hex');
  let at;
  let kB64 = null;
  if (newSet) {
    const mk = masterKeyOf(c);
    eq('rng Set key', hex(rng.slice(0, 16)), hex(sk.exportBytes()));
    const iv = c.hex('iv_hex');
    eq('rng IV', hex(rng.slice(16)), hex(iv));
    kB64 = b64e(mc.wrapSetKey(mk, sk));
    at = mc.hazmatSealSetAttributesWithIv(sk, attrs, iv);
  } else if (c.opt('iv_drawn') === false) {
    at = mc.hazmatSealSetAttributesWithIv(sk, attrs, rng);
  } else {
    const iv = c.hex('iv_hex');
    eq('rng IV', hex(rng), hex(iv));
    at = mc.hazmatSealSetAttributesWithIv(sk, attrs, iv);
  }
  if (attrs.toBytes().length === 0) eq('at of cleared attributes', at.length, 0);
  else c.expectHex('tlv_hex', attrs.toBytes());
  c.expectHex('at_hex', at);
  c.expectStr('at_b64', b64e(at));
  eq('reopened', hex(attrs.toBytes()), hex(mc.openSetAttributes(sk, at).toBytes()));
  const request =
    kB64 !== null
      ? `"a":"asp","k":"${kB64}","t":0,"at":"${b64e(at)}"`
      : `"a":"asp","id":"${b64Id(c.str('set_id_b64'), 8, 'set id')}","at":"${b64e(at)}"`;
  c.expectStr('asp_request', request);
}

function elementAttributes(c) {
  const sk = setKeyOf(c);
  const setId = b64Id(c.str('set_id_b64'), 8, 'set id');
  const node = b64Id(c.str('node_handle_b64'), 6, 'node handle');
  const nk = c.hex('node_key_hex');
  const ek = mc.ElementKey.fromBytes(nk);
  c.expectHex('attr_key_hex', ek.attributeKey().exportBytes());
  const attrs = mc.ElementAttributes.fromBytes(textRecords(c.value('records')));
  c.expectHex('tlv_hex', attrs.toBytes());
  const at = mc.hazmatSealElementAttributesWithIv(ek, attrs, c.hex('iv_hex'));
  c.expectHex('at_hex', at);
  c.expectStr('at_b64', b64e(at));
  eq('reopened', hex(attrs.toBytes()), hex(mc.openElementAttributes(ek, at).toBytes()));
  const firstHalf = mc.ElementKey.fromBytes(nk.slice(0, 16));
  const opens = codeOf(() => mc.openElementAttributes(firstHalf, at)) === null;
  eq('opens_with_first_half_only', c.bool('opens_with_first_half_only'), opens);
  const k = mc.wrapElementKey(sk, ek);
  c.expectStr('k_b64', b64e(k));
  c.expectStr('aep_request', `"a":"aep","s":"${setId}","h":"${node}","k":"${b64e(k)}"${orderSuffix(c)},"at":"${b64e(at)}"`);
}

/** What megacrypt reads from one Set of an `aesp` or `aft` answer: { key, type, attrs } or the
 * CryptoError of its attributes (the Set is dropped on `Decrypt`). */
function readSet(s, key) {
  let attrs = null;
  if (typeof s.at === 'string') {
    try {
      attrs = mc.openSetAttributes(key, b64d(s.at));
    } catch (e) {
      if (e?.name === 'CryptoError') return { error: e };
      throw e;
    }
  }
  const type = Number.isInteger(s.t) && s.t >= 0 ? mc.setTypeCode(mc.setTypeFromCode(s.t)) : null;
  return { key, type, attrs };
}

function aespRead(c) {
  c.info(['sdk_log']);
  const mk = masterKeyOf(c);
  const aesp = JSON.parse(c.str('aesp_json'));
  const kept = new Map();
  const dropped = [];
  for (const s of aesp.s) {
    const id = b64Id(s.id ?? '', 8, 'set id');
    const key = mc.unwrapSetKey(mk, b64d(s.k ?? ''));
    const r = readSet(s, key);
    if (r.error?.code === 'Decrypt') dropped.push(id);
    else if (r.error) throw new Error(`Set ${id}: unexpected error ${r.error.code}`);
    else kept.set(id, r);
  }
  const exported = new Map();
  for (const p of aesp.p ?? []) exported.set(p.s ?? '', b64Id(p.ph ?? '', 6, 'public handle'));
  eq('dropped Sets', c.value('dropped_set_ids_b64').map((v) => (typeof v === 'string' ? v : '')), dropped);
  const wantSets = c.value('sdk_sets');
  eq('number of Sets', wantSets.length, kept.size);
  for (const w of wantSets) {
    const id = w.id_b64 ?? '';
    const r = kept.get(id);
    if (!r) throw new Error(`Set ${id} not kept`);
    eq('Set key', w.set_key_hex ?? '', hex(r.key.exportBytes()));
    eq('type', w.type ?? null, r.type);
    eq('has_attrs', w.has_attrs ?? null, r.attrs !== null);
    eq('name', w.name ?? '', r.attrs?.name() ?? '');
    eq('cover', w.cover_b64 ?? null, r.attrs?.cover() ?? null);
    eq('public handle', w.public_handle_b64 ?? null, exported.get(id) ?? null);
  }
  const wantElements = c.value('sdk_elements');
  let nKept = 0;
  for (const e of aesp.e) {
    const id = b64Id(e.id ?? '', 8, 'element id');
    const set = kept.get(e.s ?? '');
    if (!set) continue; // Elements of a dropped Set are dropped with it.
    nKept++;
    const w = wantElements.find((x) => x.id_b64 === id);
    if (!w) throw new Error(`Element ${id} kept by megacrypt, not by the SDK`);
    const ek = mc.unwrapElementKey(set.key, b64d(e.k ?? ''));
    eq('Element key', w.key_hex ?? '', hex(ek.exportBytes()));
    const attrs = typeof e.at === 'string' ? mc.openElementAttributes(ek, b64d(e.at)) : null;
    eq('has_attrs', w.has_attrs ?? null, attrs !== null);
    eq('Element name', w.name ?? '', attrs?.name() ?? '');
    eq('order', w.order ?? null, e.o ?? null);
    eq('Set', w.set_b64 ?? null, e.s ?? null);
    eq('node', w.node_handle_b64 ?? null, e.h ?? null);
  }
  eq('number of Elements', wantElements.length, nKept);
}

const HOSTS = { 'https://mega.nz': 'mega.nz', 'https://mega.app': 'mega.app' };

function collectionLink(c) {
  const op = c.str('op');
  if (op === 'build') {
    const host = HOSTS[c.str('host')];
    if (!host) throw new Error(`unknown host ${c.str('host')}`);
    const h = c.hex('public_handle_hex');
    if (h.length !== 6) throw new Error('public_handle_hex: expected 6 bytes');
    c.expectStr('public_handle_b64', b64e(h));
    const link = new mc.CollectionLink(b64e(h), setKeyOf(c));
    c.expectStr('url', link.toUrlOn(host));
    c.expectStr('legacy_format_url', ''); // there is no legacy form of a collection link
    const back = mc.CollectionLink.parse(link.toUrlOn(host));
    eq('re-parse host', host, back.host);
    eq('re-parse', link.toUrl(), back.toUrl());
  } else if (op === 'parse') {
    c.info(['sdk_error', 'sdk_error_name']);
    const url = c.str('url');
    const strict = c.bool('strict_parse_accepts');
    const sdk = c.bool('accepted');
    let link = null;
    const err = codeOf(() => {
      link = mc.CollectionLink.parse(url);
    });
    if (link && strict) {
      eq('SDK accepts', sdk, true);
      c.expectStr('public_handle_b64', link.publicHandle);
      c.expectHex('set_key_hex', link.setKey().exportBytes());
      const any = mc.parseLink(url);
      if (!(any instanceof mc.CollectionLink)) throw new Error(`parseLink gave ${any?.constructor?.name}`);
      eq('parseLink', true, any.equals(link));
    } else if (!link && !strict) {
      eq('error kind', 'Malformed', err.code);
      c.info(['public_handle_b64', 'set_key_hex']);
    } else if (link) {
      throw new Error('accepted a link outside the written form');
    } else {
      throw new Error(`refused the written form: ${err.code} ${err.message}`);
    }
  } else {
    skip(`unknown collection_link op ${op}`);
  }
}

/** The JSON string token of a name without its quotes (what the SDK keeps). */
const jsonToken = (s) => JSON.stringify(s).slice(1, -1);

function previewNode(c) {
  const op = c.str('op');
  if (op === 'node_attributes') {
    const ek = mc.ElementKey.fromBytes(c.hex('element_key_hex'));
    c.expectHex('attr_key_hex', ek.attributeKey().exportBytes());
    let a = null;
    const err = codeOf(() => {
      a = mc.openPreviewNodeAttributesB64(ek, c.str('at_b64'));
    });
    if (!c.bool('sdk_ok')) {
      if (err?.code !== 'Decrypt') throw new Error(`wrong key: expected Decrypt, got ${err?.code ?? 'ok'}`);
      return;
    }
    if (err) throw err;
    c.expectStr('attr_json', a.json);
    const name = a.name;
    if (name === undefined) throw new Error('no name');
    c.expectStr('json_name', name);
    c.expectStr('sdk_name', jsonToken(name));
    const fp = a.getString('c');
    if (fp === undefined) throw new Error('no c');
    c.expectStr('sdk_fingerprint', fp);
  } else if (op === 'aft') {
    aft(c);
  } else {
    skip(`unknown preview_node op ${op}`);
  }
}

function aft(c) {
  c.info(['aft_request']);
  const link = mc.CollectionLink.parse(c.str('link'));
  const answer = JSON.parse(c.str('aft_json'));
  const s = answer.s;
  eq('public handle', s.ph ?? null, link.publicHandle);
  const set = readSet(s, link.setKey());
  if (set.error) throw set.error;
  const w = c.value('sdk_set');
  eq('Set id', w.id_b64 ?? null, s.id ?? null);
  eq('Set key', w.set_key_hex ?? '', hex(set.key.exportBytes()));
  if (!set.attrs) throw new Error('public Set without attributes');
  eq('Set name', w.name ?? null, set.attrs.name() ?? null);
  eq('cover', w.cover_b64 ?? null, set.attrs.cover() ?? null);
  eq('public handle', w.public_handle_b64 ?? null, s.ph ?? null);
  const want = c.value('sdk_elements');
  let nKept = 0;
  for (const e of answer.e) {
    const node = answer.n.find((n) => (n.h ?? null) === (e.h ?? null));
    if (!node) continue; // an Element without node metadata is dropped from the preview
    nKept++;
    const id = e.id ?? '';
    const we = want.find((x) => x.id_b64 === id);
    if (!we) throw new Error(`Element ${id} kept by megacrypt, not by the SDK`);
    const ek = mc.unwrapElementKey(set.key, b64d(e.k ?? ''));
    eq('Element key', we.key_hex ?? '', hex(ek.exportBytes()));
    const ea = mc.openElementAttributes(ek, b64d(e.at ?? ''));
    eq('Element name', we.name ?? null, ea.name() ?? null);
    eq('order', we.order ?? null, e.o ?? null);
    eq('node handle', we.node_handle_b64 ?? null, e.h ?? null);
    const na = mc.openPreviewNodeAttributesB64(ek, node.at ?? '');
    const wn = we.node ?? {};
    eq('node name (SDK keeps escapes)', wn.name ?? '', jsonToken(na.name ?? ''));
    eq('fingerprint', wn.fingerprint ?? null, na.getString('c') ?? null);
    eq('size', wn.size ?? null, node.s ?? null);
    eq('ts', wn.ts ?? null, node.ts ?? null);
    eq('fa', wn.fa ?? null, node.fa ?? null);
    eq('owner', wn.owner_b64 ?? null, node.u ?? null);
  }
  eq('number of Elements', want.length, nKept);
}

// ------------------------------------------------------------------------------- user_attributes
const TYPES = {
  '*!cam': mc.CameraUploadsFolders,
  '*!cf': mc.ChatFilesFolder,
  '*!>alias': mc.ContactAliases,
  '*!dn': mc.DeviceNames,
};

export async function runUserAttributes(file, t) {
  await t.runCases(file, (c) => {
    c.info(['what']);
    const kind = c.str('kind');
    if (kind === 'device_id_hash') {
      const id = c.hex('statsid_hex');
      eq('statsid_text', hex(new TextEncoder().encode(c.str('statsid_text'))), hex(id));
      c.expectStr('device_id_hash', mc.deviceIdHash(id));
    } else if (kind === 'tlv_attribute') {
      tlvAttribute(c);
    } else {
      skip(`unknown user_attributes kind ${kind}`);
    }
  });
}

function existing(c, mk, cls) {
  const blobB64 = c.opt('existing_container_b64');
  if (typeof blobB64 !== 'string') return new cls();
  const blob = b64d(blobB64);
  const records = mc.openContainer(mc.AesKey.fromBytes(mk.exportBytes()), blob);
  eq('existing records', hex(hexRecords(c.value('existing_records_hex'))), hex(records.toBytes()));
  return cls.open(mk, blob);
}

function text(v) {
  return new TextDecoder('utf-8', { fatal: true }).decode(v);
}

function handle(v) {
  if (v.length !== 6) throw new Error('handle is not 6 bytes');
  return b64e(v);
}

function tlvAttribute(c) {
  const mk = masterKeyOf(c);
  const app = c.value('app_values_b64');
  // The Rust handler iterates a BTreeMap: sorted by key (byte order).
  const values = Object.keys(app)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => [k, b64d(app[k])]);
  const get = (k) => values.find(([n]) => n === k)?.[1];
  const attribute = c.str('attribute');
  const cls = TYPES[attribute];
  if (!cls) skip(`no typed attribute ${attribute}`);
  eq('name', new cls().attributeName(), attribute);
  let typed = existing(c, mk, cls);
  let error = null;
  if (attribute === '*!cam') {
    if (get('h') !== undefined) typed = typed.withPrimary(handle(get('h')));
    if (get('sh') !== undefined) typed = typed.withSecondary(handle(get('sh')));
  } else if (attribute === '*!cf') {
    if (get('h') === undefined) throw new Error('no h');
    typed = typed.withFolder(handle(get('h')));
  } else if (attribute === '*!>alias') {
    for (const [k, v] of values) typed = typed.withAlias(k, text(v));
  } else {
    // *!dn: as the Rust handler, the verdict is the last call's.
    for (const [k, v] of values) {
      error = codeOf(() => {
        // setDriveName: the app passes the 8-byte drive id.
        typed = k.length === 11 ? typed.withDrive(k, text(v)) : typed.withDevice(k, text(v));
      });
    }
  }
  const sdkError = c.opt('sdk_error');
  if (sdkError !== 0) {
    c.info(['sdk_error_name']);
    eq('container_b64', null, c.value('container_b64'));
    if (error?.code !== 'ApiMisuse') throw new Error(`SDK refused (API_EEXIST), megacrypt: ${error?.code ?? 'ok'}`);
    return;
  }
  if (error) throw error;
  const tlv = typed.toBytes();
  eq('records', hex(hexRecords(c.value('records_hex'))), hex(tlv));
  c.expectHex('tlv_hex', tlv);
  const blob = typed.hazmatSealWithIv(mk, c.hex('iv_hex'));
  c.expectHex('container_hex', blob);
  c.expectStr('container_b64', b64e(blob));
  eq('reopened', hex(tlv), hex(cls.open(mk, blob).toBytes()));
}
