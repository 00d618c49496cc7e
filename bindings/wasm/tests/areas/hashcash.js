// area `hashcash` (mirrors core/tests/vectors/area_hashcash.rs): answers produced by megajs's solver.
import * as mc from 'megacrypt';
import { eq, hex, ok } from './common.js';

// Each try hashes 12 MiB; solve only the cheap cases, verify the others.
const MAX_SOLVE_COUNTER = 2;

export async function run(file, t) {
  await t.runCases(file, (c) => {
    const token = ok('token', () => mc.base64Decode(c.str('token_b64')));
    const easiness = c.num('easiness');
    const nonce = c.hex('nonce_hex');
    const prefix = mc.hashcashPrefix(token, nonce);
    c.expectHex('hash_prefix_hex', Uint8Array.of(prefix >>> 24, prefix >>> 16, prefix >>> 8, prefix));
    switch (c.str('kind')) {
      case 'solve': {
        const ch = ok('parse', () => mc.HashcashChallenge.parse(c.str('challenge')));
        eq('easiness', easiness, ch.easiness);
        eq('token', hex(token), hex(ch.token));
        eq("megajs's nonce solves it", true, mc.hashcashVerify(token, easiness, nonce));
        c.expectStr('response', ch.response(nonce));
        const counter = c.num('nonce_counter');
        eq('nonce_counter', counter, new DataView(nonce.buffer, nonce.byteOffset).getUint32(0, true));
        if (counter <= MAX_SOLVE_COUNTER) eq('solve', hex(nonce), hex(ch.solve()));
        return;
      }
      case 'verify':
        eq('threshold', c.num('threshold'), mc.hashcashThreshold(easiness));
        eq('valid', c.bool('valid'), mc.hashcashVerify(token, easiness, nonce));
        return;
      default:
        throw new Error(`unknown kind ${c.raw.kind}`);
    }
  });
}
