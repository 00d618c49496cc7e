"""Area handlers keys_container, key_signature and key_exchange (modern accounts, issue 13),
mirroring core/tests/vectors/area_{keys_container,key_signature,key_exchange}.rs through the
Python bindings, megacrypt's verdicts on the cases where the official clients disagree included."""
import hashlib
import hmac

import megacrypt as m
from vectorlib import Mismatch, Skip, eq

WRITE_ORDER = [1, 2, 3, 4, 5, 16, 17, 18, 32, 33, 48, 64, 65, 80, 96]


def code(e):
    return type(e).__name__


# ------------------------------------------------------------------------------- keys_container
def _ltlv_of_hex_object(obj):
    mp = m.LtlvMap()
    for k, v in obj.items():
        mp.insert(k.encode(), bytes.fromhex(v))
    return mp.to_bytes()


def _authring_of(records):
    out = b""
    for r in records:
        out += m.base64_decode(r["user_b64"]) + bytes.fromhex(r["fingerprint_hex"])
        out += bytes([(r["confidence"] << 4) | r["method"]])
    return out


def _container_from_fields(f):
    k = m.KeysContainer(
        f["identity_b64"], f["creation_time"],
        m.Ed25519PrivateKey.from_bytes(bytes.fromhex(f["ed25519_seed_hex"])),
        m.X25519PrivateKey.from_bytes(bytes.fromhex(f["cu25519_hex"])))
    eq("version", 1, f["version"])
    pqd = bytes.fromhex(f["rsa_pqd_hex"])
    k.set_rsa_pqd(pqd, True)
    eq("rsa parsed", len(pqd) == 0, k.rsa_private_key() is None)
    k.set_generation(f["generation"] - 1)
    k.set_attributes(_ltlv_of_hex_object(f["attr"]))
    k.set_ed25519_authring_bytes(_authring_of(f["authring_ed25519"]))
    k.set_cu25519_authring_bytes(_authring_of(f["authring_cu25519"]))
    for sk in f["share_keys"]:
        k.insert_share_key(sk["node_b64"], m.ShareKey.from_bytes(bytes.fromhex(sk["key_hex"])), False)
        k.set_share_key_flags(sk["node_b64"], sk["flags"])
    for p in f["pending_out"]:
        if p.get("email") is not None:
            k.add_pending_out_share(p["node_b64"], None, p["email"])
        else:
            k.add_pending_out_share(p["node_b64"], p["user_b64"], None)
    for p in f["pending_in"]:
        k.add_pending_in_share(p["node_key"], p["user_b64"], bytes.fromhex(p["key_hex"]))
    backups = m.LtlvMap()
    for bid, (target, shares) in f["backups"].items():
        v = m.base64_decode(target) + b"".join(m.base64_decode(s) for s in shares)
        backups.insert(bid.encode(), v)
    k.set_backups(backups.to_bytes())
    for w, v in f["warnings"].items():
        eq("only the cv warning", "cv", w)
        k.set_contact_verification_warning(v == "1")
    k.set_unknown_records(bytes.fromhex(f["other_hex"]))
    return k


def _check_seal(c):
    c.info("what", "note")
    mk = m.MasterKey.from_bytes(c.hex("master_key_hex"))
    iv = c.hex("iv_hex")
    f = c.value("fields")
    k = _container_from_fields(f)
    gen = f["generation"]
    plain = k.export_plaintext(gen)
    c.expect_hex("plaintext_hex", plain)
    sealed = k.hazmat_seal_with_iv(mk, iv)
    eq("sealed generation", gen, sealed.generation())
    c.expect_hex("attribute_hex", sealed.to_bytes())
    c.expect_str("attribute_b64", sealed.to_b64())
    web = c.opt("webclient_with_section_5_4_order_b64")
    if web is not None:
        theirs = m.KeysContainer.open(mk, m.base64_decode(web), k.identity(), gen, True, None)
        eq("same content", plain.hex(), theirs.export_plaintext(gen).hex())
    want = c.hex("plaintext_hex")
    parsed = m.KeysContainer.parse_plaintext(want, True)
    eq("plaintext round trip", want.hex(), parsed.export_plaintext(gen).hex())


def _expected_verdict(what, sdk, web):
    """megacrypt's verdict on an `open` case: None to accept, else the error code."""
    if what.startswith("missing tag"):
        return None
    if sdk and web:
        return None
    if what.startswith("wrong header byte 0"):
        return "Unsupported"
    if what.startswith("bad GCM tag") or what == "wrong master key":
        return "Decrypt"
    if what == "generation lower than last seen":
        return "Rollback"
    if what.startswith("wrong identity"):
        return "WrongAccount"
    if "RSA" in what:
        return "InvalidKey"
    return "Malformed"


def _share_key_rows(k):
    return [(e.node(), e.export_key_bytes().hex(), e.flags()) for e in k.share_keys()]


def _check_fields(k, f):
    eq("version", f["version"], k.version())
    eq("creation_time", f["creation_time"], k.creation_time())
    eq("identity", f["identity_b64"], k.identity())
    eq("generation", f["generation"], k.generation())
    eq("attr", f["attr_ltlv_hex"], k.export_attributes().hex())
    eq("ed25519", f["ed25519_seed_hex"], k.ed25519_private_key().export_bytes().hex())
    eq("cu25519", f["cu25519_hex"], k.x25519_private_key().export_bytes().hex())
    eq("rsa", f["rsa_pqd_hex"], k.export_rsa_pqd().hex())
    eq("authring ed", f["authring_ed25519_hex"], k.ed25519_authring_bytes().hex())
    eq("authring cu", f["authring_cu25519_hex"], k.cu25519_authring_bytes().hex())
    eq("share keys", [(e["node_b64"], e["key_hex"], e["flags"]) for e in f["share_keys"]], _share_key_rows(k))
    want = [(p["node_b64"], f"email:{p['email']}" if p.get("email") is not None else f"user:{p['user_b64']}")
            for p in f["pending_out"]]
    got = [(p.node, f"email:{p.email}" if p.email is not None else f"user:{p.user_handle}")
           for p in k.pending_out_shares()]
    eq("pending out", want, got)
    want = [(p["node_key"], p["user_b64"], p["key_hex"]) for p in f["pending_in"]]
    got = [(p.node, p.sharer, p.stored_key_field.hex()) for p in k.pending_in_shares()]
    eq("pending in", want, got)
    for p in k.pending_in_shares():
        if p.is_legacy_base64:
            eq("legacy key decoded", m.base64_decode(p.stored_key_field.decode()), p.encrypted_share_key)
    eq("backups", f["backups_ltlv_hex"], k.export_backups().hex())
    warnings = _ltlv_of_hex_object({w: v.encode().hex() for w, v in f["warnings"].items()})
    eq("warnings", warnings.hex(), k.warnings().to_bytes().hex())
    eq("cv warning", f["warnings"].get("cv") == "1", k.contact_verification_warning())
    eq("unknown", f["other_hex"], k.export_unknown_records().hex())


def _check_web_fields(k, f):
    eq("web generation", f["generation"], k.generation())
    web = sorted(f["pending_in"].items())  # serde_json (the Rust handler) iterates keys sorted
    ours = [(p.node, (m.base64_decode(p.sharer) + p.stored_key_field).hex()) for p in k.pending_in_shares()]
    eq("web pending in", web, ours)
    web = sorted((e["node_b64"], e["key_hex"], e["flags"]) for e in f["share_keys"])
    eq("web share keys", web, sorted(_share_key_rows(k)))


def _check_reseal(mk, k, me, allow_empty_rsa):
    sealed = k.seal(mk)
    eq("generation + 1", k.generation() + 1, sealed.generation())
    back = m.KeysContainer.open(mk, sealed.to_bytes(), me, sealed.generation(), allow_empty_rsa, None)
    eq("unknown kept", k.export_unknown_records(), back.export_unknown_records())
    eq("attr kept", k.export_attributes(), back.export_attributes())
    eq("backups kept", k.export_backups(), back.export_backups())
    eq("share keys kept", _share_key_rows(k), _share_key_rows(back))
    p = back.export_plaintext(back.generation())
    for t in WRITE_ORDER:
        eq("tag order", t, p[0])
        n = (p[1] << 16) | (p[2] << 8) | p[3]
        p = p[4 + n:]
    eq("then the unknown records", k.export_unknown_records(), p)


def _check_open(c):
    what = c.str("what")
    mk = m.MasterKey.from_bytes(c.hex("master_key_hex"))
    blob = m.base64_decode(c.str("attribute_b64"))
    me = c.str("expected_user_b64")
    last = c.u64("last_seen_generation")
    sdk = c.value("sdk")
    web = c.value("webclient")
    eq("agree", sdk["accepted"] == web["accepted"], c.bool("agree"))
    expected = _expected_verdict(what, sdk["accepted"], web["accepted"])
    try:
        k = m.KeysContainer.open(mk, blob, me, last, False, None)
        got = None
    except m.CryptoError as e:
        k, got = None, code(e)
    if expected is None and got is None:
        _check_fields(k, sdk["fields"])
        if web["accepted"]:
            _check_web_fields(k, web["fields"])
        _check_reseal(mk, k, me, False)
    elif expected is not None and got is not None:
        eq(f"{what}: error kind", expected, got)
    elif expected is None:
        raise Mismatch(f"{what}: refused with {got}, expected accept")
    else:
        raise Mismatch(f"{what}: accepted, expected {expected}")
    if what == "empty RSA":
        k = m.KeysContainer.open(mk, blob, me, last, True, None)
        eq("no RSA key", True, k.rsa_private_key() is None)
        _check_fields(k, sdk["fields"])
        _check_reseal(mk, k, me, True)


def _ltlv_entries(mp):
    return [(key.hex(), mp.get(key).hex()) for key in mp.keys()]


def check_keys_container(c):
    kind = c.str("kind")
    if kind == "derive_key":
        raw = c.hex("master_key_hex")
        k = m.derive_keys_container_key_from_bytes(raw)
        try:
            mk = m.MasterKey.from_bytes(raw)
        except m.CryptoError:
            mk = None
        if mk is not None:
            eq("typed path", k.export_bytes(), m.derive_keys_container_key(mk).export_bytes())
        c.expect_hex("derived_key_hex", k.export_bytes())
    elif kind == "seal":
        _check_seal(c)
    elif kind == "open":
        _check_open(c)
    elif kind == "ltlv_encode":
        c.info("what")
        entries = [(e[0].encode(), bytes.fromhex(e[1])) for e in c.value("entries")]
        web = m.ltlv_encode([e[0] for e in entries], [e[1] for e in entries])
        c.expect_hex("webclient_hex", web)
        mp = m.LtlvMap()
        for key, v in entries:
            mp.insert(key, v)
        c.expect_hex("sdk_hex", mp.to_bytes())
        d = c.value("sdk_decode_of_webclient_bytes")
        try:
            decoded = m.LtlvMap.from_bytes(web)
        except m.CryptoError:
            decoded = None
        eq("decoded", d["accepted"], decoded is not None)
        eq("decoded map", [(e[0], e[1]) for e in d["map"]], _ltlv_entries(decoded))
    elif kind == "ltlv_long_value":
        c.info("note")
        eq("value rule", "byte[i] = (i * 7 + 5) % 251, 65535 bytes", c.str("value_rule"))
        value = bytes((i * 7 + 5) % 251 for i in range(65535))
        key = c.str("key").encode()
        blob = m.ltlv_encode([key], [value])
        eq("encoded_len", c.u64("encoded_len"), len(blob))
        prefix = c.hex("encoded_prefix_hex")
        eq("prefix", prefix, blob[:len(prefix)])
        c.expect_hex("encoded_sha256", hashlib.sha256(blob).digest())
        try:
            back = m.LtlvMap.from_bytes(blob)
        except m.CryptoError:
            back = None
        eq("decoded", c.bool("sdk_decoded"), back is not None)
        eq("value back", value, back.get(key))
    elif kind == "ltlv_decode":
        c.info("what")
        data = c.hex("input_hex")
        sdk = c.value("sdk")
        web = c.value("webclient")
        accept = sdk["accepted"] and not web["threw"]
        try:
            mp = m.LtlvMap.from_bytes(data)
        except m.CryptoError as e:
            if accept:
                raise Mismatch(f"refused ({e}), both clients accept")
            eq("error kind", "Malformed", code(e))
            return
        if not accept:
            raise Mismatch("accepted, both clients refuse")
        eq("decoded entries", len(sdk.get("map") or []), mp.size())
        eq("web map", len(web["map"]) if isinstance(web.get("map"), list) else None, mp.size())
    else:
        raise Skip(f"unknown keys_container kind {kind}")


# -------------------------------------------------------------------------------- key_signature
def _pubk_from_n_e(n_e):
    n, e = n_e[:256], n_e[256:]
    if e[0] == 0:
        bits = len(e) * 8
    else:
        bits = len(e) * 8 - (8 - e[0].bit_length())
    return b"\x08\x00" + n + bits.to_bytes(2, "big") + e


def _fp(b):
    return hashlib.sha256(b).digest()[:20]


def check_key_signature(c):
    kind = c.str("kind")
    if kind == "keypair":
        c.info("what")
        seed = m.Ed25519PrivateKey.from_bytes(c.hex("seed_hex"))
        eq("seed_b64", m.base64_decode(c.str("seed_b64")), seed.export_bytes())
        public = seed.public_key()
        c.expect_hex("public_hex", public.to_bytes())
        c.expect_str("public_b64", public.to_b64())
        eq("public round trip", public, m.Ed25519PublicKey.from_b64(c.str("public_b64")))
        fp = public.fingerprint()
        c.expect_hex("fingerprint_hex", fp.to_bytes())
        eq("fingerprint hex", c.str("fingerprint_hex"), fp.to_hex())
        c.expect_str("fingerprint_b64", m.base64_encode(fp.to_bytes()))
        cred = public.credentials()
        c.expect_str("credentials", cred.text())
        c.expect_str("credentials_grouped", cred.grouped())
    elif kind == "rsa_signed_bytes":
        c.info("what", "note", "sdk_setkey_ok")
        pubk = c.hex("pubk_hex")
        sdk = c.hex("signed_bytes_hex")
        web = c.hex("webclient_signed_bytes_hex")
        agree = c.bool("sdk_equals_webclient")
        eq("sdk_equals_webclient", agree, sdk == web)
        c.expect_hex("sdk_fingerprint_hex", m.Fingerprint.of(sdk).to_bytes())
        c.expect_hex("webclient_fingerprint_hex", m.Fingerprint.of(web).to_bytes())
        try:
            key = m.rsa_public_key_for_signature(pubk)
        except m.CryptoError as e:
            if agree:
                raise Mismatch(f"refused a key both clients sign alike: {e}")
            if code(e) not in ("Unsupported", "InvalidKey"):
                raise Mismatch(f"unexpected error kind {code(e)}")
            return
        if not agree:
            raise Mismatch("accepted a key the two clients sign differently")
        eq("signed bytes", sdk.hex(), m.rsa_signed_bytes(key).hex())
    elif kind == "sign":
        c.info("what")
        seed = m.Ed25519PrivateKey.from_bytes(c.hex("seed_hex"))
        c.expect_hex("signer_public_hex", seed.public_key().to_bytes())
        ts = c.u64("timestamp")
        key_bytes = c.hex("key_bytes_hex")
        c.expect_hex("signed_message_hex", m.key_signature_message(key_bytes, ts))
        generic = m.KeySignature.sign(seed, key_bytes, ts)
        key_type = c.str("key_type")
        if key_type == "Cu25519":
            typed = seed.sign_x25519_key(m.X25519PublicKey.from_bytes(key_bytes), ts)
        elif key_type == "RSA":
            key = m.RsaPublicKey.from_bytes(_pubk_from_n_e(key_bytes))
            eq("rebuilt key signs the same bytes", key_bytes.hex(), m.rsa_signed_bytes(key).hex())
            typed = seed.sign_rsa_key(key, ts)
        else:
            raise Mismatch(f"unknown key_type {key_type}")
        eq("typed = generic", typed, generic)
        c.expect_hex("signature_hex", generic.to_bytes())
        c.expect_str("signature_b64", generic.to_b64())
        eq("timestamp", ts, generic.verify(seed.public_key(), key_bytes))
    elif kind == "verify":
        c.info("what", "key_type", "verifier_time")
        key_bytes = c.hex("key_bytes_hex")
        blob = c.hex("signature_hex")
        sdk = c.bool("sdk_accepts")
        web = c.opt("webclient_result")
        web_size_error = c.opt("webclient_error") is not None
        python = c.bool("python_strict_72_accepts")
        want = sdk and web is not False and not web_size_error
        eq("rule = strict python verdict", python, want)
        try:
            signer = m.Ed25519PublicKey.from_bytes(c.hex("signer_public_hex"))
            ts = m.KeySignature.from_bytes(blob).verify(signer, key_bytes)
        except m.CryptoError as e:
            eq("accepted", want, False)
            if code(e) not in ("SignatureInvalid", "Malformed", "InvalidKey"):
                raise Mismatch(f"unexpected error kind {code(e)}")
            return
        eq("accepted", want, True)
        eq("timestamp", int.from_bytes(blob[:8], "big"), ts)
    elif kind == "authring_serialize":
        c.info("note")
        insertion = b""
        for r in c.value("records"):
            eq("confidence", 0, r["confidence"])
            insertion += m.base64_decode(r["user_b64"]) + bytes.fromhex(r["fingerprint_hex"]) + bytes([r["method"]])
        c.expect_hex("webclient_hex", insertion)
        ring = m.Authring.from_bytes(insertion)
        c.expect_hex("sdk_hex", ring.to_bytes())
        eq("same ring", ring, m.Authring.from_bytes(c.hex("sdk_hex")))
        eq("tlv round trip", ring, m.Authring.from_tlv_bytes(ring.to_tlv_bytes()))
    elif kind == "authring_parse":
        c.info("what")
        ring_bytes = c.hex("ring_hex")
        sdk = c.value("sdk")
        web = c.value("webclient")
        eq("sdk excess_data_logged", False, sdk["excess_data_logged"])
        if len(ring_bytes) % 29 != 0:
            eq("webclient has one record more", len(sdk["records"]) + 1, len(web["records"]))
            try:
                m.Authring.from_bytes(ring_bytes)
            except m.CryptoError as e:
                eq("trailing bytes", "Malformed", code(e))
                return
            raise Mismatch("trailing bytes: accepted, expected Malformed")
        ring = m.Authring.from_bytes(ring_bytes)
        kept = [(r["user_b64"], r["fingerprint_hex"], r["auth_method"]) for r in sdk["records"] if r["auth_method"] <= 2]
        dropped = sum(1 for r in sdk["records"] if r["auth_method"] > 2)
        web_kept = sorted((r.get("user_b64", ""), r.get("fingerprint_hex", ""),
                           r.get("method", 99) | (r.get("confidence", 99) << 4)) for r in web["records"])
        eq("webclient keeps the same records", sorted(kept), web_kept)
        methods = {m.AuthMethod.SEEN: 0, m.AuthMethod.FINGERPRINT_COMPARED: 1, m.AuthMethod.SIGNATURE_VERIFIED: 2}
        got = [(r.user, r.fingerprint.hex(), methods[r.method]) for r in ring.records()]
        eq("records (SDK order)", kept, got)
        eq("dropped", dropped, ring.dropped_records())
        sdk_out = bytes.fromhex(sdk["reserialized_hex"])
        want = b"".join(sdk_out[i:i + 29] for i in range(0, len(sdk_out), 29) if sdk_out[i + 28] <= 2)
        eq("reserialized", want.hex(), ring.to_bytes().hex())
    else:
        raise Skip(f"unknown key_signature kind {kind}")


# --------------------------------------------------------------------------------- key_exchange
GATE_A_PRIVATE = "3c1e7132be03294cf08fdbd5be2d5e5ed3fba9db58c861a0d02f9fb1303569d0"
GATE_B_PUBLIC = "5ea99c060da3b04716ce0eb8e75fd919d5119150bf02dee8375c59dd131ba611"


def _verified(peer):
    """The peer key as a contact's signature would make it usable."""
    contact = m.Ed25519PrivateKey.from_bytes(bytes([0x5A] * 32))
    key = m.X25519PublicKey.from_bytes(peer)
    sig = contact.sign_x25519_key(key, 1_700_000_000).to_bytes()
    return contact.public_key().verify_x25519_key(key, sig)


def _hkdf_pairwise(shared):
    """HKDF-SHA256 (RFC 5869), empty salt, info "strongvelope pairwise key", 16 bytes."""
    prk = hmac.new(b"\x00" * 32, shared, hashlib.sha256).digest()
    return hmac.new(prk, b"strongvelope pairwise key\x01", hashlib.sha256).digest()[:16]


def _open_uniform(pk, blob):
    share = pk.open_share_key(blob)
    b = share.export_bytes()
    if any(x != b[0] for x in b):
        raise Mismatch(f"pk blob opens to {b.hex()}, not a uniform key")
    eq("reseal", blob.hex(), pk.seal_share_key(share).hex())


def check_key_exchange(c):
    kind = c.str("kind")
    if kind == "pairwise":
        c.info("what", "note")
        a = m.X25519PrivateKey.from_bytes(c.hex("a_private_hex"))
        b = m.X25519PrivateKey.from_bytes(c.hex("b_private_hex"))
        c.expect_hex("a_public_hex", a.public_key().to_bytes())
        c.expect_hex("b_public_hex", b.public_key().to_bytes())
        ab = m.PairwiseKey.derive(a, _verified(c.hex("b_public_hex")))
        ba = m.PairwiseKey.derive(b, _verified(c.hex("a_public_hex")))
        c.expect_hex("pairwise_key_hex", ab.export_bytes())
        eq("both sides", ab, ba)
        eq("HKDF(shared_secret)", _hkdf_pairwise(c.hex("shared_secret_hex")).hex(), ab.export_bytes().hex())
        share = m.ShareKey.from_bytes(c.hex("share_key_hex"))
        blob = ab.seal_share_key(share)
        c.expect_hex("pk_blob_hex", blob)
        c.expect_str("pk_blob_b64", m.base64_encode(blob))
        eq("B opens", share, ba.open_share_key(blob))
    elif kind == "pairwise_self":
        c.info("what")
        a = m.X25519PrivateKey.from_bytes(c.hex("a_private_hex"))
        peer = c.hex("peer_public_hex")
        eq("peer is A's own key", peer.hex(), a.public_key().to_bytes().hex())
        c.expect_hex("pairwise_key_hex", m.PairwiseKey.derive(a, _verified(peer)).export_bytes())
    elif kind == "verification_gate":
        raw = c.opt("peer_ed_authring_method")
        by_byte = [m.AuthMethod.SEEN, m.AuthMethod.FINGERPRINT_COMPARED, m.AuthMethod.SIGNATURE_VERIFIED]
        if raw is None or raw == -1:
            method = None
        elif 0 <= raw <= 2:
            method = by_byte[raw]
        else:
            raise Mismatch("method out of range")
        encrypts = c.bool("sdk_encrypts")
        eq("sdk_decrypts", encrypts, c.bool("sdk_decrypts"))
        eq("gate", encrypts, m.exchange_allowed(method, False))
        peer = m.base64_encode(bytes([9] * 8))
        ring = m.Authring() if method is None else m.Authring.from_bytes(bytes([9] * 8) + bytes([0x21] * 20) + bytes([raw]))
        try:
            m.check_exchange_allowed(ring, peer, False)
            eq("allowed", encrypts, True)
        except m.CryptoError as e:
            eq("refusal kind", "ApiMisuse", code(e))
            eq("allowed", encrypts, False)
        blob = c.opt("pk_blob_hex")
        if blob is None:
            eq("no blob when refused", encrypts, False)
        else:
            a = m.X25519PrivateKey.from_bytes(bytes.fromhex(GATE_A_PRIVATE))
            pk = m.PairwiseKey.derive(a, _verified(bytes.fromhex(GATE_B_PUBLIC)))
            _open_uniform(pk, bytes.fromhex(blob))
    elif kind == "peer_key":
        c.info("what")
        mine = m.X25519PrivateKey.from_bytes(c.hex("my_private_hex"))
        peer = c.hex("peer_public_hex")
        sdk_ok = c.bool("sdk_scalarmult_ok")
        eq("agree", True, c.bool("agree"))
        eq("python shared", c.opt("python_cryptography_shared_hex"), c.opt("sdk_shared_hex"))
        try:
            k = m.PairwiseKey.derive(mine, _verified(peer))
        except m.CryptoError as e:
            eq("accepted", sdk_ok, False)
            eq("kind", "InvalidKey", code(e))
            for f in ("sdk_pairwise_key_hex", "sdk_pk_blob_hex"):
                eq(f, None, c.opt(f))
            return
        eq("accepted", sdk_ok, True)
        c.expect_hex("sdk_pairwise_key_hex", k.export_bytes())
        eq("HKDF(shared)", _hkdf_pairwise(c.hex("sdk_shared_hex")).hex(), k.export_bytes().hex())
        _open_uniform(k, c.hex("sdk_pk_blob_hex"))
    else:
        raise Skip(f"unknown key_exchange kind {kind}")
