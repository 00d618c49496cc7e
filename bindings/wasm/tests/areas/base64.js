// area `base64` (mirrors core/tests/vectors/area_base64.rs).
import * as mc from 'megacrypt';
import { eq, hex } from './common.js';

export async function run(file, t) {
  await t.runCases(file, (c) => {
    switch (c.str('kind')) {
      case 'encode': {
        const bytes = c.hex('bytes_hex');
        eq('length', c.num('length'), bytes.length);
        const b64 = c.str('b64');
        eq('encode', b64, mc.base64Encode(bytes));
        eq('decode', hex(bytes), hex(mc.base64Decode(b64)));
        eq('encoded_len', b64.length, mc.base64EncodedLength(bytes.length));
        return;
      }
      case 'a32': {
        const bytes = c.hex('bytes_hex');
        const words = c.value('a32');
        if (!Array.isArray(words) || !words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) throw new Error('bad a32');
        eq('bytes_to_a32', words, Array.from(mc.bytesToA32(bytes)));
        const packed = mc.a32ToBytes(Uint32Array.from(words));
        c.expectHex('a32_to_bytes_hex', packed);
        c.expectStr('a32_b64', mc.base64Encode(packed));
        return;
      }
      case 'decode_leniency': {
        // What two lenient decoders did with non-canonical input is informational; ours is
        // strict: whatever it accepts must decode to their value, and it rejects exactly the
        // inputs that are not canonical unpadded base64.
        c.info(['normative', 'agree']);
        const input = c.str('input');
        const megajs = c.str('megajs_hex');
        const megapy = c.str('megapy_hex');
        const alphabetOk = /^[A-Za-z0-9\-_+/]*$/.test(input);
        const lenOk = input.length % 4 !== 1;
        let bytes;
        try {
          bytes = mc.base64Decode(input);
        } catch (e) {
          if (e?.name !== 'CryptoError') throw e;
          if (!(alphabetOk && lenOk)) return;
          throw new Error(`rejected canonical input ${JSON.stringify(input)}: ${e.message}`);
        }
        if (!(alphabetOk && lenOk)) throw new Error(`accepted non-canonical input ${JSON.stringify(input)}`);
        eq('decoded (megajs)', megajs, hex(bytes));
        eq('decoded (mega.py)', megapy, hex(bytes));
        return;
      }
      default:
        throw new Error(`unknown kind ${c.raw.kind}`);
    }
  });
}
