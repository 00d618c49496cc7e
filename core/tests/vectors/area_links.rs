//! areas `links` and `password_links`.

use megacrypt::link::{LinkChild, LinkKind, ProtectedLink, PublicLink};
use megacrypt::{ErrorKind, NodeHandle, base64};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok, skip};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check_link);
}

pub fn run_password(file: &Value, t: &mut Tally) {
    t.run_cases(file, check_password_link);
}

fn kind_name(k: LinkKind) -> &'static str {
    k.as_str()
}

fn check_link(c: &Case) -> Result<(), String> {
    c.info(&["what", "megapy_parse", "megapy_agrees", "flags"]);
    let url = c.str("url")?;
    let parsed = PublicLink::parse(url);
    if !c.bool("accepted")? {
        c.info(&["megajs_error"]);
        return match parsed {
            Err(e) if matches!(e.kind(), ErrorKind::Malformed | ErrorKind::Unsupported) => Ok(()),
            Err(e) => Err(format!("rejected with an unexpected kind {e:?}")),
            // megajs rejects these; MEGA's own clients read them, and so do we:
            // a link without its key is "incomplete" for the SDK and the webclient asks for the key.
            Ok(l) if l.key().is_none() => {
                skip("keyless new-format link: megajs rejects it, MEGA's SDK/webclient read it")
            }
            // megajs only knows the `/file/` selector; the webclient also writes `/folder/`.
            Ok(l) if matches!(l.child(), Some(LinkChild::Folder(_))) => skip(
                "folder link with /folder/ child: megajs rejects it, MEGA's webclient writes it",
            ),
            Ok(_) => Err("accepted a link that the reference implementation rejects".into()),
        };
    }
    let link = ok("parse", parsed)?;
    eq("type", c.str("type")?, kind_name(link.kind()))?;
    c.expect_str("handle", &link.handle().to_b64())?;
    match (c.opt_str("key_b64"), link.key()) {
        (Some(want), Some(k)) => {
            eq("key_b64", want, base64::encode(&k.to_bytes()).as_str())?;
            c.expect_hex("key_hex", &k.to_bytes())?;
        }
        (None, None) => {
            if c.opt_str("key_hex").is_some() {
                return Err("key_hex without key_b64".into());
            }
        }
        (want, got) => {
            return Err(format!(
                "key: expected {want:?}, got key present = {}",
                got.is_some()
            ));
        }
    }
    eq(
        "child_handle",
        &c.opt_str("child_handle"),
        &link.child().map(|ch| ch.handle().to_b64()).as_deref(),
    )?;
    // Re-encoding and re-parsing is stable in both spellings.
    for again in [link.to_url(), link.to_legacy_url()] {
        let l2 = ok("re-parse", PublicLink::parse(&again))?;
        eq("re-parse handle", &l2.handle(), &link.handle())?;
        eq(
            "re-parse key",
            &l2.key().map(|k| k.to_bytes().to_vec()),
            &link.key().map(|k| k.to_bytes().to_vec()),
        )?;
        eq(
            "re-parse child",
            &l2.child().map(|ch| ch.handle()),
            &link.child().map(|ch| ch.handle()),
        )?;
    }
    Ok(())
}

fn check_password_link(c: &Case) -> Result<(), String> {
    c.info(&["flags", "produced_by"]);
    let password = c.str("password")?;
    let used = c.hex("password_bytes_used_hex")?;
    // The webclient trims surrounding whitespace before deriving; the SDK uses the bytes as given.
    if used != password.as_bytes() && used != password.trim().as_bytes() {
        return Err("password_bytes_used_hex is neither the password nor its trimmed form".into());
    }
    let used = std::str::from_utf8(&used).map_err(|e| e.to_string())?;
    let salt = c.hex_n::<32>("salt_hex")?;
    c.expect_hex(
        "derived_key_hex",
        megacrypt::link::derive_protected_link_key(used.as_bytes(), &salt).as_ref(),
    )?;

    let p_link = c.str("p_link")?;
    let protected = ok("parse #P!", ProtectedLink::parse(p_link))?;
    c.expect_hex("p_payload_hex", &protected.to_payload())?;
    eq("p_link re-encoded", p_link, protected.to_url().as_str())?;
    eq(
        "algorithm",
        &c.u64("algorithm")?,
        &u64::from(protected.algorithm()),
    )?;
    eq("type", c.str("type")?, kind_name(protected.kind()))?;
    c.expect_str("public_handle", &protected.handle().to_b64())?;

    let opened = ok("open", protected.open(used))?;
    let key = opened.key().ok_or("opened link has no key")?.to_bytes();
    c.expect_hex("key_hex", &key)?;
    c.expect_str("key_b64", &base64::encode(&key))?;
    c.expect_str("decrypted_link", &opened.to_url())?;
    let path = opened
        .to_url()
        .strip_prefix("https://mega.nz")
        .map(str::to_string)
        .ok_or("url prefix")?;
    c.expect_str("decrypted_link_path", &path)?;
    if c.has("decrypted_link_legacy_format") {
        c.expect_str("decrypted_link_legacy_format", &opened.to_legacy_url())?;
    }

    // A wrong password must be rejected with the opaque error.
    let wrong = c
        .opt_str("wrong_password")
        .map(str::to_string)
        .unwrap_or_else(|| format!("{used}x"));
    let rejected = matches!(protected.open(&wrong), Err(e) if e.kind() == ErrorKind::Decrypt);
    eq(
        "wrong_password_rejected",
        &c.bool("wrong_password_rejected")?,
        &rejected,
    )?;

    // Creation: algorithm 2 is what MEGA writes today; with the same salt we must produce the
    // same link byte for byte.
    if protected.algorithm() == 2 {
        let source = match c.opt_str("encryptlink_input") {
            Some(input) => ok("parse encryptlink_input", PublicLink::parse(input))?,
            None => opened.clone(),
        };
        let made = ok(
            "protect",
            megacrypt::hazmat::protect_link_with_salt(&source, used, salt),
        )?;
        eq("created link", p_link, made.to_url().as_str())?;
    } else if c.has("encryptlink_input") {
        return Err("encryptlink_input given for a legacy-algorithm case".into());
    }
    let _ = NodeHandle::from_b64(c.str("public_handle")?).map_err(|e| e.to_string())?;
    Ok(())
}
