// areas `links` and `password_links` (mirror core/tests/vectors/area_links.rs; core `megacrypt::link`).
import * as mc from 'megacrypt';
import { eq, hex, ok, skip } from './common.js';

export async function run(file, t) {
  await t.runCases(file, (c) => {
    c.info(['what', 'megapy_parse', 'megapy_agrees', 'flags']);
    const url = c.str('url');
    let link;
    let error;
    try {
      link = mc.PublicLink.parse(url);
    } catch (e) {
      error = e;
    }
    if (!c.bool('accepted')) {
      c.info(['megajs_error']);
      if (error) {
        if (error.code === 'Malformed' || error.code === 'Unsupported') return;
        throw new Error(`rejected with an unexpected code ${error.code}`);
      }
      if (!link.hasKey) skip('keyless new-format link: megajs rejects it, MEGA\'s SDK/webclient read it');
      if (link.childKind === 'folder') skip('folder link with /folder/ child: megajs rejects it, MEGA\'s webclient writes it');
      throw new Error('accepted a link that the reference implementation rejects');
    }
    if (error) throw new Error(`parse: unexpected error ${error.code} ${error.message}`);
    eq('type', c.str('type'), link.kind);
    c.expectStr('handle', link.publicHandle);
    const wantB64 = c.opt('key_b64');
    const key = link.exportKeyBytes();
    if (wantB64 !== undefined && key !== undefined) {
      eq('key_b64', wantB64, mc.base64Encode(key));
      c.expectHex('key_hex', key);
    } else if (wantB64 === undefined && key === undefined) {
      if (c.opt('key_hex') !== undefined) throw new Error('key_hex without key_b64');
    } else {
      throw new Error(`key: expected ${wantB64}, got key present = ${key !== undefined}`);
    }
    eq('child_handle', c.opt('child_handle') ?? null, link.childHandle ?? null);
    for (const again of [link.toUrl(), link.toLegacyUrl()]) {
      const l2 = ok('re-parse', () => mc.PublicLink.parse(again));
      eq('re-parse handle', link.publicHandle, l2.publicHandle);
      eq('re-parse key', key ? hex(key) : null, l2.exportKeyBytes() ? hex(l2.exportKeyBytes()) : null);
      eq('re-parse child', link.childHandle ?? null, l2.childHandle ?? null);
    }
  });
}

export async function runPassword(file, t) {
  await t.runCases(file, (c) => {
    c.info(['flags', 'produced_by']);
    const password = c.str('password');
    const usedBytes = c.hex('password_bytes_used_hex');
    const used = new TextDecoder('utf-8', { fatal: true }).decode(usedBytes);
    if (used !== password && used !== password.trim()) throw new Error('password_bytes_used_hex is neither the password nor its trimmed form');
    const salt = c.hex('salt_hex');
    c.expectHex('derived_key_hex', mc.deriveProtectedLinkKey(usedBytes, salt));

    const pLink = c.str('p_link');
    const prot = ok('parse #P!', () => mc.ProtectedLink.parse(pLink));
    c.expectHex('p_payload_hex', prot.toPayload());
    eq('p_link re-encoded', pLink, prot.toUrl());
    eq('algorithm', c.num('algorithm'), prot.algorithm);
    eq('type', c.str('type'), prot.kind);
    c.expectStr('public_handle', prot.publicHandle);
    const generic = mc.parseLink(pLink);
    eq('parseLink gives a ProtectedLink', true, generic instanceof mc.ProtectedLink);

    const opened = ok('open', () => prot.open(used));
    const key = opened.exportKeyBytes();
    if (!key) throw new Error('opened link has no key');
    c.expectHex('key_hex', key);
    c.expectStr('key_b64', mc.base64Encode(key));
    c.expectStr('decrypted_link', opened.toUrl());
    const u = opened.toUrl();
    if (!u.startsWith('https://mega.nz')) throw new Error('url prefix');
    c.expectStr('decrypted_link_path', u.slice('https://mega.nz'.length));
    if (c.has('decrypted_link_legacy_format')) c.expectStr('decrypted_link_legacy_format', opened.toLegacyUrl());

    const wrong = c.opt('wrong_password') ?? `${used}x`;
    let rejected = false;
    try {
      prot.open(wrong);
    } catch (e) {
      rejected = e?.code === 'Decrypt';
    }
    eq('wrong_password_rejected', c.bool('wrong_password_rejected'), rejected);

    if (prot.algorithm === 2) {
      const input = c.opt('encryptlink_input');
      const source = input !== undefined ? ok('parse encryptlink_input', () => mc.PublicLink.parse(input)) : opened;
      const made = ok('protect', () => mc.ProtectedLink.hazmatProtectWithSalt(source, used, salt));
      eq('created link', pLink, made.toUrl());
    } else if (c.has('encryptlink_input')) {
      throw new Error('encryptlink_input given for a legacy-algorithm case');
    }
  });
}
