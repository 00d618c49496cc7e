// area `ccm` (mirrors core/tests/vectors/area_ccm.rs; core `megacrypt::tlv`): AES-CCM / AES-GCM with
// MEGA's nonce and tag sizes, and encrypted TLV containers.
import * as mc from 'megacrypt';
import { eq, hex, ok, unhex } from './common.js';

const MODES = {
  AES_CCM_12_16: 0x00,
  AES_CCM_10_16: 0x01,
  AES_CCM_10_08: 0x02,
  AES_GCM_12_16_BROKEN: 0x03,
  AES_GCM_10_08_BROKEN: 0x04,
  AES_GCM_12_16: 0x10,
  AES_GCM_10_08: 0x11,
};

// The vectors name modes as the SDK does; the package names them by its own vocabulary, found
// here through the mode byte.
function modeByName(name) {
  if (!(name in MODES)) throw new Error(`unknown mode ${name}`);
  return mc.containerModeFromByte(MODES[name]);
}

export async function run(file, t) {
  await t.runCases(file, (c) => {
    c.info(['what', 'note']);
    const kind = c.str('kind');
    const key = () => ok('key', () => mc.AesKey.fromBytes(c.hex('key_hex')));
    if (kind === 'ccm' || kind === 'gcm') {
      const mode = modeByName(c.str('mode'));
      eq('cipher', kind, mc.containerCipher(mode));
      eq('nonce_len', c.num('nonce_len'), mc.containerIvLength(mode));
      eq('tag_len', c.num('tag_len'), mc.containerTagLength(mode));
      const k = key();
      const nonce = c.hex('nonce_hex');
      const aad = c.hex('aad_hex');
      const pt = c.hex('plaintext_hex');
      const sealed = ok('seal', () => mc.hazmatAeadSeal(mode, k, nonce, aad, pt));
      c.expectHex('ciphertext_hex', sealed.subarray(0, pt.length));
      c.expectHex('tag_hex', sealed.subarray(pt.length));
      eq('plaintext', hex(pt), hex(ok('open', () => mc.hazmatAeadOpen(mode, k, nonce, aad, sealed))));
      for (let i = 0; i < sealed.length; i++) {
        const bad = sealed.slice();
        bad[i] ^= 1;
        let code = null;
        try {
          mc.hazmatAeadOpen(mode, k, nonce, aad, bad);
        } catch (e) {
          code = e?.code;
        }
        if (code !== 'Decrypt') throw new Error(`bit flip at byte ${i}: ${code ?? 'accepted'}`);
      }
      return;
    }
    if (kind === 'tlv_container') {
      const records = new mc.TlvRecords();
      const want = c.value('records_hex');
      for (const [k, v] of Object.entries(want)) records.insert(k, unhex(v));
      const tlv = ok('tlv', () => records.toBytes());
      c.expectHex('tlv_hex', tlv);
      const parsed = ok('parse', () => mc.TlvRecords.fromBytes(c.hex('tlv_hex')));
      eq('parse tlv_hex keys', records.keys(), parsed.keys());
      for (const k of records.keys()) eq(`parse tlv_hex ${k}`, hex(records.get(k)), hex(parsed.get(k)));
      const mode = modeByName(c.str('mode'));
      eq('encryption_setting', c.num('encryption_setting'), mc.containerModeByte(mode));
      const cipher = c.opt('cipher');
      if (cipher !== undefined) eq('cipher', cipher === 'GCM' ? 'gcm' : 'ccm', mc.containerCipher(mode));
      const k = key();
      const iv = c.hex('iv_hex');
      const sealed = ok('seal', () => mc.hazmatSealContainerWithIv(k, records, mode, iv, true));
      c.expectHex('container_hex', sealed);
      c.expectStr('container_b64', mc.base64Encode(sealed));
      if (mc.containerTagLength(mode) < 16) {
        let code = null;
        try {
          mc.hazmatSealContainerWithIv(k, records, mode, iv, false);
        } catch (e) {
          code = e?.code;
        }
        eq('short-tag write refused by default', 'Unsupported', code);
      }
      const blob = c.hex('container_hex');
      eq('mode', mode, mc.containerModeOf(blob));
      const got = ok('open', () => mc.openContainer(k, blob));
      eq('records keys', records.keys(), got.keys());
      for (const key2 of records.keys()) eq(`record ${key2}`, hex(records.get(key2)), hex(got.get(key2)));
      return;
    }
    throw new Error(`unknown kind ${kind}`);
  });
}
