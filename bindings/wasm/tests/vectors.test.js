// Known-answer vectors: every *.json of core/tests/data (and $MEGACRYPT_EXTRA_VECTORS), dispatched
// on `area`. Prints per file
//   VECTORS lang=<js-node|js-browser> area=<area> file=<path> passed=<n> failed=<n> skipped=<n>
// and fails if any case failed. Areas the package does not expose count as skipped. Each handler
// sits in areas/<core module>.js, named after the core module it exercises (as the Kotlin and
// Python harnesses).
import { test, assert, lang, vectorFiles } from './harness.js';
import { Tally } from './areas/common.js';
import * as base64 from './areas/base64.js';
import * as file from './areas/file.js';
import * as kdf from './areas/kdf.js';
import * as session from './areas/session.js';
import * as attributes from './areas/attributes.js';
import * as link from './areas/link.js';
import * as hashcash from './areas/hashcash.js';
import * as tlv from './areas/tlv.js';
import * as rsa from './areas/rsa.js';
import * as accountsModern from './areas/accounts_modern.js';
import * as albums from './areas/albums.js';
import * as metadata from './areas/metadata.js';

const AREAS = {
  base64: base64.run,
  file_encrypt: file.run,
  kdf_v1: kdf.runV1,
  kdf_v2: kdf.runV2,
  master_key: session.runMasterKey,
  attributes: attributes.run,
  links: link.run,
  password_links: link.runPassword,
  hashcash: hashcash.run,
  ccm: tlv.run,
  rsa: rsa.run,
  rsa_tamper: rsa.runTamper,
  keys_container: accountsModern.runKeysContainer,
  key_signature: accountsModern.runKeySignature,
  key_exchange: accountsModern.runKeyExchange,
  sets: albums.runSets,
  user_attributes: albums.runUserAttributes,
  fingerprint: metadata.runFingerprint,
  media_attributes: metadata.runMedia,
  gps: metadata.runGps,
  upload_checksum: metadata.runUploadChecksum,
  cloudraid: metadata.runCloudraid,
};

test('known-answer vectors', async () => {
  const files = await vectorFiles();
  assert.ok(files.length > 0, 'no vector files found');
  const failures = [];
  for (const f of files) {
    const data = JSON.parse(f.text);
    // The text too, for values JSON.parse cannot hold exactly (integers beyond 2^53).
    Object.defineProperty(data, 'sourceText', { value: f.text });
    const area = typeof data.area === 'string' ? data.area : '<none>';
    const t = new Tally();
    const run = AREAS[area];
    if (run) await run(data, t);
    else t.skipAll(data, 'area not exposed by the JavaScript package yet');
    console.log(`VECTORS lang=${lang} area=${area} file=${f.path} passed=${t.passed} failed=${t.failed.length} skipped=${t.skipped.length}`);
    for (const [why, n] of t.skipReasons()) console.log(`  skipped ${n}: ${why}`);
    for (const m of t.failed) {
      console.log(`  FAILED ${m}`);
      failures.push(`${f.path}: ${m}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length} vector case(s) failed:\n${failures.join('\n')}`);
});
