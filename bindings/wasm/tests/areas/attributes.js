// area `attributes` (mirrors core/tests/vectors/area_attributes.rs): node attribute seal/open.
import * as mc from 'megacrypt';
import { eq, hex, ok, skip } from './common.js';

function attributeKey(nodeKey) {
  if (nodeKey.length === 32) return ['file', mc.FileKey.fromNodeKey(nodeKey).aesKey()];
  return ['folder', mc.FolderKey.fromBytes(nodeKey).toAesKey()];
}

function padded(text) {
  const body = new TextEncoder().encode('MEGA' + text);
  const out = new Uint8Array(Math.ceil(body.length / 16) * 16);
  out.set(body);
  return out;
}

export async function run(file, t) {
  await t.runCases(file, (c) => {
    switch (c.str('kind')) {
      case 'roundtrip': {
        c.info(['flags', 'megapy_decrypted']);
        const [kind, key] = ok('node key', () => attributeKey(c.hex('node_key_hex')));
        eq('key_type', c.str('key_type'), kind);
        c.expectHex('aes_key_hex', key.exportBytes());
        const attrs = c.value('attrs');
        const json = JSON.stringify(attrs);
        c.expectHex('plaintext_hex', padded(json));
        const sealed = ok('seal', () => mc.sealNodeAttributesJson(key, json));
        c.expectStr('ciphertext_b64', mc.base64Encode(sealed));
        const opened = ok('open', () => mc.openNodeAttributesB64(key, c.str('ciphertext_b64')));
        eq('opened attrs', attrs, JSON.parse(opened.json));
        eq('name', typeof attrs.n === 'string' ? attrs.n : null, opened.name ?? null);
        const megapy = c.value('megapy_form');
        const mp = ok('open megapy form', () => mc.openNodeAttributesB64(key, megapy.ciphertext_b64));
        eq('megapy form attrs', attrs, JSON.parse(mp.json));
        eq('megapy_form.plaintext_hex', megapy.plaintext_hex, hex(padded(mp.json)));
        c.info(['megapy_decrypts_to_same']);
        return;
      }
      case 'decrypt_fails': {
        c.info(['what', 'megapy_error']);
        eq('megajs_ok', c.bool('megajs_ok'), false);
        eq('megapy_ok', c.bool('megapy_ok'), false);
        const key = ok('key', () => mc.AesKey.fromBytes(c.hex('aes_key_hex')));
        try {
          mc.openNodeAttributesB64(key, c.str('ciphertext_b64'));
        } catch (e) {
          if (e?.code === 'Decrypt' || e?.code === 'Malformed') return;
          throw new Error(`unexpected error ${e?.code} ${e?.message}`);
        }
        throw new Error('decrypted although both implementations reject it');
      }
      default:
        skip(`unknown attributes kind ${c.raw.kind}`);
    }
  });
}
