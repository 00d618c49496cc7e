// TOTP (RFC 6238 Appendix B, transcribed from the RFC), password items, typed user attributes and
// albums through the package (the same file runs in Node and in Chromium). Expected values come
// from the RFC or from first principles; byte-exact album checks are in the vector harness.
import { test, assert } from './harness.js';
import * as mc from 'megacrypt';

const isCode = (code) => (e) => e instanceof mc.CryptoError && e.code === code;
const ascii = (s) => new TextEncoder().encode(s);

const SEEDS = {
  sha1: ascii('12345678901234567890'),
  sha256: ascii('12345678901234567890123456789012'),
  sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};

// RFC 6238 Appendix B: [time, SHA-1, SHA-256, SHA-512], 8 digits, 30-second period.
const RFC6238 = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

test('TOTP: the 18 rows of RFC 6238 Appendix B', () => {
  let rows = 0;
  for (const [time, ...codes] of RFC6238) {
    ['sha1', 'sha256', 'sha512'].forEach((alg, i) => {
      const totp = mc.Totp.fromSecret(SEEDS[alg], alg, 8, 30);
      assert.equal(totp.codeAt(time), codes[i], `${alg} at ${time}`);
      // The same secret as MEGA stores it (base32), round-tripped through the package.
      const b32 = mc.encodeBase32(SEEDS[alg]);
      assert.deepEqual(mc.decodeBase32(b32), SEEDS[alg]);
      assert.equal(new mc.Totp(b32, alg, 8, 30).codeAt(time), codes[i]);
      rows++;
    });
  }
  assert.equal(rows, 18);
  // RFC 4648's own example of base32 (section 10).
  assert.equal(mc.encodeBase32(ascii('foobar')), 'MZXW6YTBOI======');
  assert.equal(new mc.Totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'sha1', 8, 30).codeAt(59), '94287082');
});

test('TOTP: verify accepts within the window, refuses outside and wrong digits', () => {
  const totp = new mc.Totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'sha1', 8, 30);
  assert.ok(totp.verify('94287082', 59, 0));
  assert.ok(totp.verify('94287082', 59 + 30, 1));
  assert.ok(!totp.verify('94287082', 59 + 30, 0));
  assert.ok(!totp.verify('94287082', 59 + 60, 1));
  assert.ok(totp.verify('94287082', 59 + 60, 2));
  assert.ok(!totp.verify('94287083', 59, 1));
  assert.ok(!totp.verify('4287082', 59, 1));
  assert.throws(() => totp.verify('94287082', 59, 101), isCode('ApiMisuse'));
  assert.throws(() => totp.codeAt(-1), isCode('ApiMisuse'));
  assert.throws(() => totp.codeAt(1.5), isCode('ApiMisuse'));
  assert.equal(totp.remainingSeconds(59), 1);
  assert.equal(totp.algorithm, 'sha1');
  assert.equal(totp.digits, 8);
  assert.equal(totp.period, 30);
  assert.equal(new mc.Totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'sha1', 6, 30).codeAt(59), '287082');
  assert.throws(() => new mc.Totp('GEZD', 'sha1', 5, 30), isCode('Malformed'));
  assert.throws(() => new mc.Totp('GEZD', 'sha1', 6, 0), isCode('Malformed'));
  assert.throws(() => new mc.Totp('====', 'sha1', 6, 30), isCode('InvalidKey'));
  assert.throws(() => new mc.Totp('GEZD', 'md5', 6, 30), isCode('Unsupported'));
});

test('password items: round trip, t/nd as text read and written as integers, unknown fields kept', () => {
  const src = JSON.stringify({
    pwd: 'hunter2', u: 'alice', url: 'https://example.com', n: 'note',
    totp: { shse: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', t: '30', alg: 'sha1', nd: '8' },
    x: { keep: 1 },
  });
  const item = mc.PasswordItem.fromJson(src);
  assert.equal(item.isCreditCard, false);
  assert.equal(item.exportPassword(), 'hunter2');
  assert.equal(item.userName(), 'alice');
  assert.equal(item.url(), 'https://example.com');
  assert.equal(item.totp().toTotp().codeAt(59), '94287082');
  const out = JSON.parse(item.toJson());
  assert.equal(out.totp.t, 30);
  assert.equal(out.totp.nd, 8);
  assert.deepEqual(out.x, { keep: 1 });
  assert.ok(mc.PasswordItem.fromJson(item.toJson()).equals(item));
  const attrs = item.toNodeAttributes(mc.NodeAttributes.withName('example.com'));
  assert.ok(mc.PasswordItem.fromNodeAttributes(attrs).equals(item));
  const made = mc.PasswordItem.password('pw').withUserName('bob').withTotp(new mc.TotpSpec('GEZDGNBVGY3TQOJQ', 'sha256', 6, 60));
  assert.deepEqual(JSON.parse(made.toJson()), { pwd: 'pw', u: 'bob', totp: { shse: 'GEZDGNBVGY3TQOJQ', t: 60, alg: 'sha256', nd: 6 } });
  assert.equal(made.withoutTotp().totp(), undefined);
  const card = mc.PasswordItem.fromJson(mc.PasswordItem.creditCard('4111111111111111').withCvv('123').withExpiry('12/29').toJson());
  assert.equal(card.isCreditCard, true);
  assert.equal(card.exportCardNumber(), '4111111111111111');
  assert.equal(card.exportCvv(), '123');
  assert.equal(card.expiry(), '12/29');
  assert.equal(card.exportPassword(), undefined);
});

test('password items: strict refusals', () => {
  const cases = [
    ['{"pwd":42}', 'Malformed'],
    ['[]', 'Malformed'],
    ['not json', 'Malformed'],
    ['{"pwd":"x","totp":{"shse":"GEZD","nd":5}}', 'Malformed'],
    ['{"pwd":"x","totp":{"shse":"GEZD","t":1.5}}', 'Malformed'],
    ['{"pwd":"x","totp":{"shse":"GEZD","alg":"md5"}}', 'Unsupported'],
    ['{"t":"c","nu":"1","cvv":123}', 'Malformed'],
    ['{"t":"z","pwd":"x"}', 'Unsupported'],
  ];
  for (const [bad, code] of cases) assert.throws(() => mc.PasswordItem.fromJson(bad), isCode(code), bad);
  assert.throws(() => mc.PasswordItem.password('x').withCvv('1'), isCode('ApiMisuse'));
  assert.throws(() => mc.PasswordItem.creditCard('1').withUrl('https://x'), isCode('ApiMisuse'));
});

test('albums: keys, attributes, collection links through parseLink', () => {
  const mk = mc.MasterKey.generate();
  const sk = mc.SetKey.generate();
  assert.ok(mc.unwrapSetKey(mk, mc.wrapSetKey(mk, sk)).equals(sk));
  const attrs = new mc.SetAttributes().withName('Holiday');
  const at = mc.sealSetAttributes(sk, attrs);
  assert.equal(mc.openSetAttributes(sk, at).name(), 'Holiday');
  assert.throws(() => mc.openSetAttributes(mc.SetKey.generate(), at), isCode('Decrypt'));
  assert.equal(mc.sealSetAttributes(sk, attrs.withName(undefined)).length, 0);
  const ek = mc.ElementKey.fromFileKey(mc.FileKey.fromNodeKey(new Uint8Array(32).map((_, i) => i + 1)));
  assert.ok(mc.unwrapElementKey(sk, mc.wrapElementKey(sk, ek)).equals(ek));
  const link = new mc.CollectionLink('QylglsXZ', sk);
  assert.equal(link.toUrl(), `https://mega.nz/collection/QylglsXZ#${sk.exportB64()}`);
  const parsed = mc.parseLink(link.toUrl());
  assert.ok(parsed instanceof mc.CollectionLink);
  assert.ok(parsed.equals(link));
  assert.equal(parsed.kind, 'collection');
  assert.ok(link.toUrlOn('mega.app').startsWith('https://mega.app/collection/'));
  assert.throws(() => link.toUrlOn('mega.io'), isCode('ApiMisuse'));
  assert.throws(() => mc.CollectionLink.parse(`https://mega.nz/collection/QylglsXZ!${sk.exportB64()}`), isCode('Malformed'));
});

test('typed user attributes: round trips, unknown records kept, strict', () => {
  const mk = mc.MasterKey.generate();
  const cam = new mc.CameraUploadsFolders().withPrimary('JGXrym5_');
  assert.equal(mc.CameraUploadsFolders.open(mk, cam.seal(mk)).primary(), 'JGXrym5_');
  const recs = new mc.TlvRecords();
  recs.insert('h', new Uint8Array(6));
  recs.insert('zz', ascii('keep'));
  assert.deepEqual(mc.CameraUploadsFolders.fromBytes(recs.toBytes()).toBytes(), recs.toBytes());
  const bad = new mc.TlvRecords();
  bad.insert('h', new Uint8Array(5));
  assert.throws(() => mc.CameraUploadsFolders.fromBytes(bad.toBytes()), isCode('Malformed'));
  const h = mc.deviceIdHash(ascii('device'));
  const names = new mc.DeviceNames().withDevice(h, 'laptop').withDrive('AQIDBAUGBwg', 'usb');
  assert.equal(names.drive('AQIDBAUGBwg'), 'usb');
  assert.throws(() => names.withDrive('CAcGBQQDAgE', 'laptop'), isCode('ApiMisuse'));
  const ring = mc.Keyring.fromParts(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2));
  assert.deepEqual(mc.Keyring.open(mk, ring.seal(mk)).exportCu25519Private(), new Uint8Array(32).fill(2));
  assert.equal(mc.RichPreviews.open(mk, new mc.RichPreviews().withWarningCount(3).seal(mk)).warningCount(), 3);
  assert.equal(mc.LegacyAuthring.fromRaw(new Uint8Array(29)).attributeName(), '*!authring');
});
