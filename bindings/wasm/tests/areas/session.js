// area `master_key` (mirrors core/tests/vectors/area_master_key.rs, core `megacrypt::session`): the
// master key of a login (unwrap and re-wrap under the password key) and ephemeral-session `tsid`s.
import * as mc from 'megacrypt';
import { eq, ok, skip } from './common.js';

/** The login's master-key step: unwrap encrypted_master_key_b64 with the password key. */
export function checkMasterKey(c, pk) {
  const mk = ok('decrypt master key', () => mc.decryptMasterKeyB64(pk, c.str('encrypted_master_key_b64')));
  c.expectHex('master_key_hex', mk.exportBytes());
  eq('re-wrap', c.str('encrypted_master_key_b64'), mc.base64Encode(mc.encryptMasterKey(pk, mk)));
}

export async function runMasterKey(file, t) {
  const passwordKey = (c) => ok('password key', () => mc.PasswordKey.fromBytes(c.hex('password_key_hex')));
  await t.runCases(file, (c) => {
    switch (c.str('kind')) {
      case 'login_v1': {
        const pk = ok('prepareKeyV1', () => mc.prepareKeyV1(c.str('password')));
        c.expectHex('password_key_hex', pk.exportBytes());
        checkMasterKey(c, pk);
        return;
      }
      case 'login_v2':
        // The v2 derivation needs a salt this file does not carry (covered by kdf_v2).
        c.info(['password']);
        checkMasterKey(c, passwordKey(c));
        return;
      case 'decrypt':
        checkMasterKey(c, passwordKey(c));
        return;
      case 'tsid': {
        c.info(['what']);
        const pk = passwordKey(c);
        checkMasterKey(c, pk);
        const mk = mc.decryptMasterKeyB64(pk, c.str('encrypted_master_key_b64'));
        const valid = c.bool('valid');
        const tsid = c.str('tsid_b64');
        let sid;
        try {
          sid = mc.checkTsidB64(mk, tsid);
        } catch (e) {
          if (e?.code === 'Decrypt') {
            eq('valid', valid, false);
            return;
          }
          throw new Error(`tsid: unexpected error ${e?.code} ${e?.message}`);
        }
        eq('valid', valid, true);
        eq('sid is the tsid', tsid, mc.base64Encode(sid));
        return;
      }
      default:
        skip(`unknown master_key kind ${c.raw.kind}`);
    }
  });
}
