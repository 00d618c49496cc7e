// areas `kdf_v1` and `kdf_v2` (mirror core/tests/vectors/area_kdf.rs, core `megacrypt::kdf`): login
// key derivation, user hash, v2 salt; each login also unwraps its master key (session.js).
import * as mc from 'megacrypt';
import { eq, hex, ok, skip } from './common.js';
import { checkMasterKey } from './session.js';

const utf8 = (s) => new TextEncoder().encode(s);

function checkPasswordKeyV1(c) {
  const pk = ok('prepareKeyV1', () => mc.prepareKeyV1(c.str('password')));
  c.expectHex('password_key_hex', pk.exportBytes());
  return pk;
}

function unicodeLowerUtf8Hash(lower, pk) {
  return mc.base64Encode(mc.userHashV1(lower, pk, 'sdk'));
}

export async function runV1(file, t) {
  await t.runCases(file, (c) => {
    switch (c.str('kind')) {
      case 'prepare_key': {
        c.info(['flags']);
        const password = c.str('password');
        c.expectHex('password_utf8_hex', utf8(password));
        const units = password.length;
        eq('password_utf16_code_units', c.num('password_utf16_code_units'), units);
        if (c.has('sdk_code_units')) eq('sdk_code_units', c.num('sdk_code_units'), units);
        const packed = mc.jsPackPassword(password);
        const padded = new Uint8Array(Math.ceil(packed.length / 4) * 4);
        padded.set(packed);
        c.expectHex('js_a32_input_hex', padded);
        const official = ok('prepareKeyV1', () => mc.prepareKeyV1(password));
        c.expectHex('key_official_hex', official.exportBytes());
        const u8 = ok('utf8', () => mc.prepareKeyV1Bytes(utf8(password)));
        c.expectHex('key_utf8_hex', u8.exportBytes());
        const cps = Array.from(password, (ch) => ch.codePointAt(0));
        const latin1 = cps.every((cp) => cp <= 0xff) ? Uint8Array.from(cps) : null;
        const want = c.opt('key_latin1_hex');
        if (want !== undefined && latin1) eq('key_latin1_hex', want, hex(ok('latin1', () => mc.prepareKeyV1Bytes(latin1)).exportBytes()));
        else if (!(want === undefined && latin1 === null)) throw new Error(`key_latin1_hex: ${want} vs latin1 encodable ${latin1 !== null}`);
        const megajs = c.opt('megajs_login_key_hex');
        if (typeof megajs === 'string') {
          eq('megajs_login_key_hex', megajs, hex(u8.exportBytes()));
          eq('megajs_matches_official', c.bool('megajs_matches_official'), u8.equals(official));
        }
        if (c.has('megapy_matches_official')) {
          c.info(['megapy_login_error']);
          const megapy = c.opt('megapy_login_key_hex');
          eq('megapy_matches_official', c.bool('megapy_matches_official'), typeof megapy === 'string' && megapy === hex(official.exportBytes()));
          if (typeof megapy === 'string') eq('megapy_login_key_hex == key_latin1_hex', megapy, c.opt('key_latin1_hex'));
        }
        return;
      }
      case 'stringhash': {
        const email = c.str('email');
        c.expectStr('email_lowercased', email.toLowerCase());
        if (c.has('email_bytes')) eq('email_bytes', c.num('email_bytes'), utf8(email).length);
        const pk = checkPasswordKeyV1(c);
        const web = mc.userHashV1(email, pk, 'webclient');
        const sdk = mc.userHashV1(email, pk, 'sdk');
        eq('webclient vs sdk encoding', hex(web), hex(sdk));
        c.expectStr('uh_b64', mc.base64Encode(web));
        return;
      }
      case 'stringhash_non_ascii': {
        c.info(['normative', 'flags']);
        const email = c.str('email');
        const lc = c.str('email_lowercased');
        const ascii = email.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
        if (lc !== email.toLowerCase() && lc !== ascii) throw new Error(`email_lowercased: ${lc}`);
        const pk = c.has('password') ? checkPasswordKeyV1(c) : ok('password key', () => mc.PasswordKey.fromBytes(c.hex('password_key_hex')));
        const web = mc.base64Encode(mc.userHashV1(email, pk, 'webclient'));
        const sdk = mc.base64Encode(mc.userHashV1(email, pk, 'sdk'));
        const u = unicodeLowerUtf8Hash(email.toLowerCase(), pk);
        if (c.has('webclient_uh_b64')) {
          c.expectStr('webclient_uh_b64', web);
          c.expectStr('megapy_uh_b64', web);
          c.expectStr('megajs_uh_b64', u);
        } else {
          c.expectStr('uh_b64', sdk);
          c.expectStr('python_restatement_code_units_unicode_lowercase_uh_b64', web);
          c.expectStr('python_restatement_utf8_unicode_lowercase_uh_b64', u);
        }
        return;
      }
      case 'login_v1': {
        const email = c.str('email');
        const sent = c.str('email_sent');
        if (sent !== email.toLowerCase() && sent !== email) throw new Error(`email_sent ${sent} is neither the address nor its lower case`);
        const pk = checkPasswordKeyV1(c);
        c.expectStr('uh_b64', mc.base64Encode(mc.userHashV1(sent, pk)));
        checkMasterKey(c, pk);
        return;
      }
      default:
        skip(`unknown kdf_v1 kind ${c.raw.kind}`);
    }
  });
}

export async function runV2(file, t) {
  await t.runCases(file, (c) => {
    switch (c.str('kind')) {
      case 'derive': {
        const password = c.str('password');
        c.expectHex('password_utf8_hex', utf8(password));
        eq('iterations', c.num('iterations'), mc.v2Iterations());
        const salt = c.hex('salt_hex');
        c.expectStr('salt_b64', mc.base64Encode(salt));
        const keys = ok('deriveV2', () => mc.deriveV2(password, salt));
        const pk = keys.passwordKey.exportBytes();
        const ak = keys.authKey.exportBytes();
        const dk = new Uint8Array(32);
        dk.set(pk);
        dk.set(ak, 16);
        c.expectHex('derived_key_hex', dk);
        c.expectHex('password_key_hex', pk);
        c.expectHex('auth_key_hex', ak);
        c.expectStr('uh_b64', keys.userHashB64());
        c.expectHex('hashed_auth_key_hex', keys.hashedAuthKey());
        return;
      }
      case 'salt_from_client_random_value': {
        const salt = mc.v2Salt(c.hex('client_random_value_hex'));
        c.expectHex('salt_hex', salt);
        c.expectStr('salt_b64', mc.base64Encode(salt));
        return;
      }
      case 'login_v2': {
        const email = c.str('email');
        const sent = c.str('email_sent');
        if (sent !== email.toLowerCase()) throw new Error(`email_sent ${sent} is not the lower-cased address`);
        const keys = ok('deriveV2B64Salt', () => mc.deriveV2B64Salt(c.str('password'), c.str('salt_b64')));
        c.expectHex('password_key_hex', keys.passwordKey.exportBytes());
        c.expectStr('uh_b64', keys.userHashB64());
        checkMasterKey(c, keys.passwordKey);
        return;
      }
      default:
        skip(`unknown kdf_v2 kind ${c.raw.kind}`);
    }
  });
}
