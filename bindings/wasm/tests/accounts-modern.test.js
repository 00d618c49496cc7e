// Modern accounts through the package (issue 13): the life of a `^!keys` container and a share
// between two users, and the attacks a malicious server can try, each refused with its code.
// docs/guide/modern-accounts.md quotes these steps. Imported by api.test.js (same Node and
// Chromium runs).
import { test, assert } from './harness.js';
import * as mc from 'megacrypt';

const isCode = (code) => (e) => e instanceof mc.CryptoError && e.code === code;
const b64 = (s) => mc.base64Encode(new TextEncoder().encode(s));
const ALICE = b64('alice-01');
const BOB = b64('bob--002');
const FOLDER = b64('folder');
const NOW = 1_764_000_000;

function newAccount(user) {
  const mk = mc.MasterKey.generate();
  const keys = mc.bootstrapAccountKeysWithoutRsa(mk, user, NOW);
  keys.markStored();
  const published = Object.fromEntries(keys.attributes().map((a) => [a.name, a.value]));
  return { mk, keys, published };
}

function login(mk, user, attribute, lastSeen, published) {
  // Open ^!keys at login: the app stores the last generation it has seen, outside the server.
  const keys = mc.KeysContainer.open(mk, attribute, user, lastSeen, true);
  const status = mc.checkOwnKeysInContainerWithoutRsa(keys, published['+puEd255'], published['+puCu255'], published['+sigCu255']);
  assert.equal(status, 'consistent');
  return keys;
}

/** Records a contact's keys: Ed25519 on first sight, X25519 through its key signature. */
function verifyContact(keys, contact, published) {
  const ed = mc.Ed25519PublicKey.fromBytes(published['+puEd255']);
  const edRing = keys.ed25519Authring().observeEd25519Key(contact, ed);
  const cu = mc.X25519PublicKey.fromBytes(published['+puCu255']);
  const verified = ed.verifyX25519Key(cu, published['+sigCu255']);
  const cuRing = keys.cu25519Authring().recordSignatureVerified(contact, verified, edRing);
  keys.setEd25519Authring(edRing);
  keys.setCu25519Authring(cuRing);
  return verified;
}

test('modern accounts: share a folder between two users', () => {
  const alice0 = newAccount(ALICE);
  const bob0 = newAccount(BOB);
  assert.deepEqual(Object.keys(alice0.published).sort(), ['*keyring', '+puCu255', '+puEd255', '+sigCu255', '^!keys']);
  const alice = login(alice0.mk, ALICE, alice0.keys.sealedKeys().toBytes(), 1, alice0.published);
  const bob = login(bob0.mk, BOB, bob0.keys.sealedKeys().toBytes(), 1, bob0.published);

  // Alice shares a folder with Bob.
  const bobKey = verifyContact(alice, BOB, bob0.published);
  mc.checkExchangeAllowed(alice.ed25519Authring(), BOB, false);
  const shareKey = mc.ShareKey.generate();
  const pkBlob = mc.PairwiseKey.derive(alice.x25519PrivateKey(), bobKey).sealShareKey(shareKey);
  alice.insertShareKey(FOLDER, shareKey, true);
  const sealed = alice.seal(alice0.mk);
  alice.markStored(sealed);
  assert.equal(sealed.generation, 2);

  // Bob receives it.
  const aliceKey = verifyContact(bob, ALICE, alice0.published);
  const received = mc.PairwiseKey.derive(bob.x25519PrivateKey(), aliceKey).openShareKey(pkBlob);
  assert.ok(received.equals(shareKey));
  bob.insertShareKey(FOLDER, received, true);
  assert.equal(mc.ShareKeyring.fromKeysContainer(bob).size, 1);
  // Current accounts send an all-zero `ok`: the key is the one in ^!keys.
  const zero = mc.base64Encode(new Uint8Array(16));
  assert.equal(mc.readOwnerShareKey(bob0.mk, FOLDER, zero, zero), undefined);
});

test('modern accounts: seal/open round trip and the server attacks', () => {
  const { mk, keys: fresh, published } = newAccount(ALICE);
  const first = fresh.sealedKeys().toBytes();
  const keys = login(mk, ALICE, first, 1, published);
  keys.addPendingOutShare(FOLDER, undefined, 'carol@example.com');
  keys.addPendingInShare(FOLDER, BOB, new Uint8Array(16).map((_, i) => i));
  const sealed = keys.seal(mk);
  const again = mc.KeysContainer.open(mk, sealed.toBytes(), ALICE, sealed.generation, true);
  assert.equal(again.generation, 2);
  assert.equal(again.pendingOutShares()[0].email, 'carol@example.com');
  assert.deepEqual(again.pendingInShare(FOLDER).encryptedShareKey, new Uint8Array(16).map((_, i) => i));
  assert.throws(() => mc.KeysContainer.open(mk, first, ALICE, 2, true), isCode('Rollback'));
  assert.throws(() => mc.KeysContainer.open(mk, first, BOB, 0, true), isCode('WrongAccount'));
  const bad = first.slice();
  bad[bad.length - 1] ^= 1;
  assert.throws(() => mc.KeysContainer.open(mk, bad, ALICE, 0, true), isCode('Decrypt'));
  assert.throws(() => mc.KeysContainer.open(mk, first, ALICE, 0, false), isCode('InvalidKey'));
  assert.throws(() => keys.addPendingOutShare(FOLDER, BOB, 'x@y'), isCode('ApiMisuse'));
});

test('modern accounts: substituted contact keys are refused', () => {
  const { mk, keys: fresh, published } = newAccount(ALICE);
  const bob = newAccount(BOB).published;
  const mallory = newAccount(BOB).published;
  const keys = login(mk, ALICE, fresh.sealedKeys().toBytes(), 1, published);
  verifyContact(keys, BOB, bob);
  assert.throws(() => keys.ed25519Authring().observeEd25519Key(BOB, mc.Ed25519PublicKey.fromBytes(mallory['+puEd255'])), isCode('KeyChanged'));
  const bobEd = mc.Ed25519PublicKey.fromBytes(bob['+puEd255']);
  assert.throws(() => bobEd.verifyX25519Key(mc.X25519PublicKey.fromBytes(mallory['+puCu255']), bob['+sigCu255']), isCode('SignatureInvalid'));
  const long = new Uint8Array(73);
  long.set(bob['+sigCu255']);
  assert.throws(() => mc.KeySignature.fromBytes(long), isCode('Malformed'));
  assert.throws(() => mc.checkExchangeAllowed(new mc.Authring(), BOB, false), isCode('ApiMisuse'));
  assert.throws(() => mc.checkOwnKeys(keys.ed25519PrivateKey(), keys.x25519PrivateKey(), bob['+puEd255'], published['+puCu255'], published['+sigCu255']), isCode('KeyChanged'));
  assert.throws(() => mc.KeySignature.sign(keys.ed25519PrivateKey(), new Uint8Array(32), -1), isCode('ApiMisuse'));
});

test('modern accounts: credentials and identity keys', () => {
  const ed = mc.Ed25519PrivateKey.generate();
  assert.ok(mc.Ed25519PrivateKey.fromBytes(ed.exportBytes()).equals(ed));
  const cred = ed.publicKey().credentials();
  assert.equal(cred.text().length, 40);
  assert.equal(cred.grouped().replaceAll(' ', ''), cred.text());
  assert.throws(() => mc.Ed25519PrivateKey.fromBytes(new Uint8Array(31)), isCode('InvalidKey'));
  assert.throws(() => mc.Ed25519PublicKey.fromBytes(new Uint8Array(32)), isCode('InvalidKey'));
  assert.equal(mc.exchangeAllowed('seen', false), true);
  assert.equal(mc.exchangeAllowed('seen', true), false);
  assert.throws(() => mc.exchangeAllowed('trusted', false), isCode('ApiMisuse'));
});
