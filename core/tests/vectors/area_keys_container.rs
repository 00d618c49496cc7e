//! area `keys_container`: the `^!keys` key-manager attribute (HKDF key, GCM container, record
//! layer, LTLV codec), with both official clients' verdicts on hostile and corrupt inputs.
//!
//! megacrypt's verdict on an `open` case follows the project rule (docs/verdicts.md): refuse
//! what either official client refuses, except what an official client itself writes — a
//! container written before a tag existed (missing tags 5/96) and the empty RSA key of an account
//! without RSA (accepted only when the caller says so).

use megacrypt::hazmat;
use megacrypt::keys_container::{
    KeysContainer, OpenOptions, PendingOutShare, PendingOutShareUser, derive_key,
    ltlv::{self, LtlvMap},
    records::tag,
};
use megacrypt::{ErrorKind, MasterKey, NodeHandle, ShareKey, UserHandle};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{Case, Tally, eq, ok, skip};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn check(c: &Case) -> Result<(), String> {
    match c.str("kind")? {
        "derive_key" => {
            let raw: [u8; 16] = c.hex_n("master_key_hex")?;
            let k = ok(
                "derive_key",
                hazmat::keys_container::derive_key_from_bytes(&raw),
            )?;
            if let Ok(mk) = MasterKey::from_bytes(raw) {
                eq(
                    "typed path",
                    k.as_bytes(),
                    ok("derive_key", derive_key(&mk))?.as_bytes(),
                )?;
            }
            c.expect_hex("derived_key_hex", k.as_bytes())
        }
        "seal" => check_seal(c),
        "open" => check_open(c),
        "ltlv_encode" => check_ltlv_encode(c),
        "ltlv_long_value" => check_ltlv_long(c),
        "ltlv_decode" => check_ltlv_decode(c),
        other => skip(&format!("unknown keys_container kind {other}")),
    }
}

fn master_key(c: &Case) -> Result<MasterKey, String> {
    ok(
        "master key",
        MasterKey::from_slice(&c.hex("master_key_hex")?),
    )
}

fn s<'a>(v: &'a Value, k: &str) -> Result<&'a str, String> {
    v[k].as_str().ok_or_else(|| format!("field {k} missing"))
}
fn hx(v: &Value, k: &str) -> Result<Vec<u8>, String> {
    hex::decode(s(v, k)?).map_err(|e| format!("{k}: {e}"))
}
fn n(v: &Value, k: &str) -> Result<u64, String> {
    v[k].as_u64().ok_or_else(|| format!("field {k} missing"))
}
fn arr<'a>(v: &'a Value, k: &str) -> Result<&'a Vec<Value>, String> {
    v[k].as_array()
        .ok_or_else(|| format!("field {k} is not an array"))
}
fn user(b64: &str) -> Result<UserHandle, String> {
    ok("user handle", UserHandle::from_b64(b64))
}
fn node(b64: &str) -> Result<NodeHandle, String> {
    ok("node handle", NodeHandle::from_b64(b64))
}

/// An LTLV blob from a JSON object of string → hex (sorted, as the SDK writes).
fn ltlv_of_hex_object(v: &Value) -> Result<Vec<u8>, String> {
    let mut m = LtlvMap::new();
    for (k, val) in v.as_object().ok_or("not an object")? {
        let bytes = hex::decode(val.as_str().ok_or("not a string")?).map_err(|e| e.to_string())?;
        ok("ltlv insert", m.insert(k.as_bytes(), &bytes))?;
    }
    Ok(ok("ltlv encode", m.to_bytes())?.to_vec())
}

/// Authring bytes from the `{user_b64, fingerprint_hex, method, confidence}` list.
fn authring_of(list: &[Value]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for r in list {
        out.extend_from_slice(user(s(r, "user_b64")?)?.as_bytes());
        out.extend_from_slice(&hx(r, "fingerprint_hex")?);
        out.push(((n(r, "confidence")? as u8) << 4) | n(r, "method")? as u8);
    }
    Ok(out)
}

/// Builds the container of a `seal` case through the public mutation API.
fn container_from_fields(f: &Value) -> Result<KeysContainer, String> {
    let seed: [u8; 32] = hx(f, "ed25519_seed_hex")?.try_into().map_err(|_| "seed")?;
    let cu: [u8; 32] = hx(f, "cu25519_hex")?.try_into().map_err(|_| "cu25519")?;
    let rsa_pqd = hx(f, "rsa_pqd_hex")?;
    let mut k = ok(
        "new",
        KeysContainer::new(
            user(s(f, "identity_b64")?)?,
            n(f, "creation_time")? as u32,
            &seed,
            &cu,
            None,
        ),
    )?;
    eq("version", &1, &n(f, "version")?)?;
    let opts = OpenOptions::new().allow_empty_rsa(true);
    ok("rsa", k.set_rsa_pqd_bytes(&rsa_pqd, &opts))?;
    eq(
        "rsa parsed",
        &rsa_pqd.is_empty(),
        &k.rsa_private_key().is_none(),
    )?;
    hazmat::keys_container::set_generation(&mut k, n(f, "generation")? as u32 - 1);
    ok(
        "attr",
        hazmat::keys_container::set_attributes_raw(&mut k, &ltlv_of_hex_object(&f["attr"])?),
    )?;
    ok(
        "authring ed",
        k.set_authring_ed25519_raw(&authring_of(arr(f, "authring_ed25519")?)?),
    )?;
    ok(
        "authring cu",
        k.set_authring_cu25519_raw(&authring_of(arr(f, "authring_cu25519")?)?),
    )?;
    for sk in arr(f, "share_keys")? {
        let nh = node(s(sk, "node_b64")?)?;
        let key = ok("share key", ShareKey::from_slice(&hx(sk, "key_hex")?))?;
        ok("insert share key", k.insert_share_key(nh, &key, false))?;
        ok(
            "flags",
            k.set_share_key_flags(
                &nh,
                megacrypt::keys_container::ShareKeyFlags::from_bits(n(sk, "flags")? as u8),
            ),
        )?;
    }
    for p in arr(f, "pending_out")? {
        let who = match p["email"].as_str() {
            Some(e) => PendingOutShareUser::Email(e.to_string()),
            None => PendingOutShareUser::User(user(s(p, "user_b64")?)?),
        };
        ok(
            "pending out",
            k.add_pending_out_share(PendingOutShare {
                node: node(s(p, "node_b64")?)?,
                user: who,
            }),
        )?;
    }
    for p in arr(f, "pending_in")? {
        let key: [u8; 16] = hx(p, "key_hex")?.try_into().map_err(|_| "pending key")?;
        k.add_pending_in_share(node(s(p, "node_key")?)?, user(s(p, "user_b64")?)?, &key);
    }
    // backups: id -> [target, [share nodes]]
    let mut backups = LtlvMap::new();
    for (id, b) in f["backups"].as_object().ok_or("backups")? {
        let mut v = node(b[0].as_str().ok_or("backup target")?)?
            .as_bytes()
            .to_vec();
        for sh in b[1].as_array().ok_or("backup shares")? {
            v.extend_from_slice(node(sh.as_str().ok_or("backup share")?)?.as_bytes());
        }
        ok("backup", backups.insert(id.as_bytes(), &v))?;
    }
    ok(
        "backups",
        hazmat::keys_container::set_backups_raw(&mut k, &ok("backups", backups.to_bytes())?),
    )?;
    for (w, v) in f["warnings"].as_object().ok_or("warnings")? {
        eq("only the cv warning", &"cv", &w.as_str())?;
        ok(
            "cv",
            k.set_contact_verification_warning(v.as_str() == Some("1")),
        )?;
    }
    ok(
        "other",
        hazmat::keys_container::set_unknown_records(&mut k, &hx(f, "other_hex")?),
    )?;
    Ok(k)
}

fn check_seal(c: &Case) -> Result<(), String> {
    c.info(&["what", "note"]);
    let mk = master_key(c)?;
    let iv: [u8; 12] = c.hex_n("iv_hex")?;
    let f = c.value("fields")?;
    let k = container_from_fields(f)?;
    let generation = n(f, "generation")? as u32;
    let plain = ok(
        "to_plaintext",
        hazmat::keys_container::to_plaintext(&k, generation),
    )?;
    c.expect_hex("plaintext_hex", &plain)?;
    let sealed = ok(
        "seal_with_iv",
        hazmat::keys_container::seal_with_iv(&k, &mk, &iv),
    )?;
    eq("sealed generation", &generation, &sealed.generation())?;
    c.expect_hex("attribute_hex", sealed.attribute())?;
    c.expect_str("attribute_b64", &sealed.to_b64())?;
    if let Some(web) = c.opt_str("webclient_with_section_5_4_order_b64") {
        // The webclient fed another pending out-share order writes other bytes; megacrypt reads
        // them to the same content (and would write the SDK's order back).
        let web = ok("base64", megacrypt::base64::decode(web))?;
        let opts = OpenOptions::new().allow_empty_rsa(true);
        let theirs = ok(
            "open webclient bytes",
            KeysContainer::open(&mk, &web, &k.identity(), generation, &opts),
        )?;
        let a = ok(
            "plaintext",
            hazmat::keys_container::to_plaintext(&theirs, generation),
        )?;
        eq("same content", &hex::encode(&plain), &hex::encode(&*a))?;
    }
    // The expected plaintext, parsed by the record layer, writes back to itself.
    let want = c.hex("plaintext_hex")?;
    let opts = OpenOptions::new().allow_empty_rsa(true);
    let parsed = ok(
        "parse_plaintext",
        hazmat::keys_container::parse_plaintext(&want, &opts),
    )?;
    let again = ok(
        "to_plaintext",
        hazmat::keys_container::to_plaintext(&parsed, generation),
    )?;
    eq(
        "plaintext round trip",
        &hex::encode(&want),
        &hex::encode(&*again),
    )
}

/// megacrypt's expected verdict on an `open` case: `Ok(())` to accept, `Err(kind)` to refuse.
fn expected_verdict(what: &str, sdk: bool, web: bool) -> Result<(), ErrorKind> {
    if what.starts_with("missing tag") {
        return Ok(()); // written by the SDK before the tag existed
    }
    if sdk && web {
        return Ok(());
    }
    Err(match what {
        w if w.starts_with("wrong header byte 0") => ErrorKind::Unsupported,
        w if w.starts_with("bad GCM tag") || w == "wrong master key" => ErrorKind::Decrypt,
        "generation lower than last seen" => ErrorKind::Rollback,
        w if w.starts_with("wrong identity") => ErrorKind::WrongAccount,
        w if w.contains("RSA") => ErrorKind::InvalidKey,
        _ => ErrorKind::Malformed,
    })
}

fn check_open(c: &Case) -> Result<(), String> {
    let what = c.str("what")?;
    let mk = master_key(c)?;
    let blob = ok("base64", megacrypt::base64::decode(c.str("attribute_b64")?))?;
    let me = user(c.str("expected_user_b64")?)?;
    let last = c.u64("last_seen_generation")? as u32;
    let sdk = c.value("sdk")?;
    let web = c.value("webclient")?;
    let sdk_ok = sdk["accepted"].as_bool().ok_or("sdk.accepted")?;
    let web_ok = web["accepted"].as_bool().ok_or("webclient.accepted")?;
    eq("agree", &(sdk_ok == web_ok), &c.bool("agree")?)?;

    let expected = expected_verdict(what, sdk_ok, web_ok);
    let strict = OpenOptions::new();
    let got = KeysContainer::open(&mk, &blob, &me, last, &strict);
    match (&expected, &got) {
        (Ok(()), Ok(k)) => {
            check_fields(k, &sdk["fields"])?;
            if web_ok {
                check_web_fields(k, &web["fields"])?;
            }
            check_reseal(&mk, k, &me, &strict)?;
        }
        (Err(want), Err(e)) => eq(&format!("{what}: error kind"), want, &e.kind())?,
        (Ok(()), Err(e)) => return Err(format!("{what}: refused with {e:?}, expected accept")),
        (Err(want), Ok(_)) => return Err(format!("{what}: accepted, expected {want:?}")),
    }
    if what == "empty RSA" {
        // An account without RSA: the caller says so, and the SDK's own output is read.
        let lenient = OpenOptions::new().allow_empty_rsa(true);
        let k = ok(
            "empty RSA allowed",
            KeysContainer::open(&mk, &blob, &me, last, &lenient),
        )?;
        eq("no RSA key", &true, &k.rsa_private_key().is_none())?;
        check_fields(k.clone(), &sdk["fields"]).map(|_| ())?;
        check_reseal(&mk, &k, &me, &lenient)?;
    }
    Ok(())
}

/// Compares the typed view with what MEGA's SDK read.
fn check_fields(k: impl core::borrow::Borrow<KeysContainer>, f: &Value) -> Result<(), String> {
    let k = k.borrow();
    eq("version", &n(f, "version")?, &u64::from(k.version()))?;
    eq(
        "creation_time",
        &n(f, "creation_time")?,
        &u64::from(k.creation_time()),
    )?;
    eq(
        "identity",
        &s(f, "identity_b64")?,
        &k.identity().to_b64().as_str(),
    )?;
    eq(
        "generation",
        &n(f, "generation")?,
        &u64::from(k.generation()),
    )?;
    eq(
        "attr",
        &s(f, "attr_ltlv_hex")?,
        &hex::encode(k.attributes_raw()).as_str(),
    )?;
    eq(
        "ed25519",
        &s(f, "ed25519_seed_hex")?,
        &hex::encode(k.ed25519_seed()).as_str(),
    )?;
    eq(
        "cu25519",
        &s(f, "cu25519_hex")?,
        &hex::encode(k.x25519_secret()).as_str(),
    )?;
    eq(
        "rsa",
        &s(f, "rsa_pqd_hex")?,
        &hex::encode(k.rsa_pqd_bytes()).as_str(),
    )?;
    eq(
        "authring ed",
        &s(f, "authring_ed25519_hex")?,
        &hex::encode(k.authring_ed25519_raw()).as_str(),
    )?;
    eq(
        "authring cu",
        &s(f, "authring_cu25519_hex")?,
        &hex::encode(k.authring_cu25519_raw()).as_str(),
    )?;
    let want: Vec<(String, String, u64)> = arr(f, "share_keys")?
        .iter()
        .map(|e| {
            Ok((
                s(e, "node_b64")?.to_string(),
                s(e, "key_hex")?.to_string(),
                n(e, "flags")?,
            ))
        })
        .collect::<Result<_, String>>()?;
    let got: Vec<(String, String, u64)> = k
        .share_keys()
        .map(|e| {
            (
                e.node().to_b64(),
                hex::encode(e.key_bytes()),
                u64::from(e.flags().bits()),
            )
        })
        .collect();
    eq("share keys", &want, &got)?;
    let want: Vec<(String, String)> = arr(f, "pending_out")?
        .iter()
        .map(|p| {
            let who = match p["email"].as_str() {
                Some(e) => format!("email:{e}"),
                None => format!("user:{}", s(p, "user_b64")?),
            };
            Ok((s(p, "node_b64")?.to_string(), who))
        })
        .collect::<Result<_, String>>()?;
    let got: Vec<(String, String)> = k
        .pending_out_shares()
        .map(|p| {
            let who = match &p.user {
                PendingOutShareUser::Email(e) => format!("email:{e}"),
                PendingOutShareUser::User(u) => format!("user:{}", u.to_b64()),
            };
            (p.node.to_b64(), who)
        })
        .collect();
    eq("pending out", &want, &got)?;
    let want: Vec<(String, String, String)> = arr(f, "pending_in")?
        .iter()
        .map(|p| {
            Ok((
                s(p, "node_key")?.to_string(),
                s(p, "user_b64")?.to_string(),
                s(p, "key_hex")?.to_string(),
            ))
        })
        .collect::<Result<_, String>>()?;
    let got: Vec<(String, String, String)> = k
        .pending_in_shares()
        .map(|p| {
            (
                p.node().to_b64(),
                p.sharer().to_b64(),
                hex::encode(p.stored_key_field()),
            )
        })
        .collect();
    eq("pending in", &want, &got)?;
    for p in k.pending_in_shares() {
        if p.is_legacy_base64() {
            let decoded = megacrypt::base64::decode(
                std::str::from_utf8(p.stored_key_field()).map_err(|e| e.to_string())?,
            )
            .map_err(|e| format!("{e:?}"))?;
            eq(
                "legacy key decoded",
                &Some(decoded.as_slice()),
                &p.encrypted_share_key().as_ref().map(|k| k.as_slice()),
            )?;
        }
    }
    eq(
        "backups",
        &s(f, "backups_ltlv_hex")?,
        &hex::encode(k.backups_raw()).as_str(),
    )?;
    let warnings = ltlv_of_hex_object(&Value::Object(
        f["warnings"]
            .as_object()
            .ok_or("warnings")?
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    Value::String(hex::encode(v.as_str().unwrap_or_default())),
                )
            })
            .collect(),
    ))?;
    eq(
        "warnings",
        &hex::encode(warnings),
        &hex::encode(&*k.warnings().to_bytes().map_err(|e| format!("{e:?}"))?),
    )?;
    eq(
        "cv warning",
        &(f["warnings"]["cv"].as_str() == Some("1")),
        &k.contact_verification_warning(),
    )?;
    eq(
        "unknown",
        &s(f, "other_hex")?,
        &hex::encode(k.unknown_records()).as_str(),
    )
}

/// The webclient's reading of what both kept the same (share keys with flags, pending bytes).
fn check_web_fields(k: &KeysContainer, f: &Value) -> Result<(), String> {
    eq(
        "web generation",
        &n(f, "generation")?,
        &u64::from(k.generation()),
    )?;
    let web_pending_in: Vec<(String, String)> = f["pending_in"]
        .as_object()
        .ok_or("web pending_in")?
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect();
    let ours: Vec<(String, String)> = k
        .pending_in_shares()
        .map(|p| {
            let mut v = p.sharer().as_bytes().to_vec();
            v.extend_from_slice(p.stored_key_field());
            (p.node().to_b64(), hex::encode(v))
        })
        .collect();
    eq("web pending in", &web_pending_in, &ours)?;
    let web_share_keys: Vec<(String, String, u64)> = arr(f, "share_keys")?
        .iter()
        .map(|e| {
            Ok((
                s(e, "node_b64")?.into(),
                s(e, "key_hex")?.into(),
                n(e, "flags")?,
            ))
        })
        .collect::<Result<_, String>>()?;
    let mut ours: Vec<(String, String, u64)> = k
        .share_keys()
        .map(|e| {
            (
                e.node().to_b64(),
                hex::encode(e.key_bytes()),
                u64::from(e.flags().bits()),
            )
        })
        .collect();
    // The webclient remembers only non-zero flags bytes; compare as sets.
    let mut web_sorted = web_share_keys;
    web_sorted.sort();
    ours.sort();
    eq("web share keys", &web_sorted, &ours)
}

/// Seal (random IV), open again: every field survives, unknown records byte for byte, generation
/// bumped, every known tag present.
fn check_reseal(
    mk: &MasterKey,
    k: &KeysContainer,
    me: &UserHandle,
    opts: &OpenOptions,
) -> Result<(), String> {
    let mut rng = <rand_chacha::ChaCha20Rng as rand_core::SeedableRng>::from_seed([3; 32]);
    let sealed = ok("seal", k.seal(mk, &mut rng))?;
    eq(
        "generation + 1",
        &(k.generation() + 1),
        &sealed.generation(),
    )?;
    let back = ok(
        "reopen",
        KeysContainer::open(mk, sealed.attribute(), me, sealed.generation(), opts),
    )?;
    eq(
        "unknown kept",
        &k.unknown_records(),
        &back.unknown_records(),
    )?;
    eq("attr kept", &k.attributes_raw(), &back.attributes_raw())?;
    eq("backups kept", &k.backups_raw(), &back.backups_raw())?;
    eq(
        "share keys kept",
        &k.share_key_count(),
        &back.share_key_count(),
    )?;
    for (a, b) in k.share_keys().zip(back.share_keys()) {
        eq("share key flags kept", &a.flags(), &b.flags())?;
        eq("share key kept", a.key_bytes(), b.key_bytes())?;
    }
    let plain = ok(
        "plaintext",
        hazmat::keys_container::to_plaintext(&back, back.generation()),
    )?;
    let mut p = &plain[..];
    for t in tag::WRITE_ORDER {
        let (&got, rest) = p.split_first().ok_or("short plaintext")?;
        eq("tag order", &t, &got)?;
        let len = usize::from(rest[0]) << 16 | usize::from(rest[1]) << 8 | usize::from(rest[2]);
        p = &rest[3 + len..];
    }
    eq("then the unknown records", &k.unknown_records(), &p)
}

fn check_ltlv_encode(c: &Case) -> Result<(), String> {
    c.info(&["what"]);
    let entries: Vec<(Vec<u8>, Vec<u8>)> = c
        .value("entries")?
        .as_array()
        .ok_or("entries")?
        .iter()
        .map(|e| {
            Ok((
                e[0].as_str().ok_or("key")?.as_bytes().to_vec(),
                hex::decode(e[1].as_str().ok_or("value")?).map_err(|e| e.to_string())?,
            ))
        })
        .collect::<Result<_, String>>()?;
    let web = ok(
        "encode",
        ltlv::encode(entries.iter().map(|(k, v)| (k.as_slice(), v.as_slice()))),
    )?;
    c.expect_hex("webclient_hex", &web)?;
    let mut m = LtlvMap::new();
    for (k, v) in &entries {
        ok("insert", m.insert(k, v))?;
    }
    c.expect_hex("sdk_hex", &ok("to_bytes", m.to_bytes())?)?;
    let d = c.value("sdk_decode_of_webclient_bytes")?;
    let decoded = LtlvMap::from_bytes(&web);
    eq("decoded", &d["accepted"].as_bool(), &Some(decoded.is_ok()))?;
    let decoded = ok("decode", decoded)?;
    let want: Vec<(String, String)> = d["map"]
        .as_array()
        .ok_or("map")?
        .iter()
        .map(|e| {
            (
                e[0].as_str().unwrap_or_default().to_string(),
                e[1].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let got: Vec<(String, String)> = decoded
        .iter()
        .map(|(k, v)| (hex::encode(k), hex::encode(v)))
        .collect();
    eq("decoded map", &want, &got)
}

fn check_ltlv_long(c: &Case) -> Result<(), String> {
    c.info(&["note"]);
    eq(
        "value rule",
        "byte[i] = (i * 7 + 5) % 251, 65535 bytes",
        c.str("value_rule")?,
    )?;
    let value: Vec<u8> = (0..65_535u32).map(|i| ((i * 7 + 5) % 251) as u8).collect();
    let key = c.str("key")?.as_bytes();
    let blob = ok("encode", ltlv::encode([(key, value.as_slice())]))?;
    eq(
        "encoded_len",
        &(c.u64("encoded_len")? as usize),
        &blob.len(),
    )?;
    let prefix = c.hex("encoded_prefix_hex")?;
    eq("prefix", &prefix.as_slice(), &&blob[..prefix.len()])?;
    c.expect_hex("encoded_sha256", &Sha256::digest(&blob))?;
    let back = LtlvMap::from_bytes(&blob);
    eq("decoded", &c.bool("sdk_decoded")?, &back.is_ok())?;
    eq(
        "value back",
        &Some(value.as_slice()),
        &ok("decode", back)?.get(key),
    )
}

fn check_ltlv_decode(c: &Case) -> Result<(), String> {
    c.info(&["what"]);
    let input = c.hex("input_hex")?;
    let sdk = c.value("sdk")?;
    let web = c.value("webclient")?;
    let accept = sdk["accepted"].as_bool().ok_or("sdk.accepted")?
        && !web["threw"].as_bool().ok_or("webclient.threw")?;
    let got = LtlvMap::from_bytes(&input);
    match got {
        Ok(m) if accept => {
            let want: Vec<Value> = sdk["map"].as_array().cloned().unwrap_or_default();
            eq("decoded entries", &want.len(), &m.len())?;
            eq(
                "web map",
                &web["map"].as_array().map(Vec::len),
                &Some(m.len()),
            )
        }
        Err(e) if !accept => eq("error kind", &ErrorKind::Malformed, &e.kind()),
        Ok(_) => Err("accepted, both clients refuse".into()),
        Err(e) => Err(format!("refused ({e:?}), both clients accept")),
    }
}
