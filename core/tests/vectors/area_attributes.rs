//! area `attributes`: node attribute seal/open.

use megacrypt::attributes::{self, NodeAttributes};
use megacrypt::{AesKey, ErrorKind, NodeKey, base64};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok, skip};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn parsed(a: &NodeAttributes) -> Result<Value, String> {
    serde_json::from_str(a.json()).map_err(|e| format!("opened JSON does not parse: {e}"))
}

fn check(c: &Case) -> Result<(), String> {
    match c.str("kind")? {
        "roundtrip" => {
            c.info(&["flags", "megapy_decrypted"]);
            let node_key = ok("node key", NodeKey::from_slice(&c.hex("node_key_hex")?))?;
            let kind = match node_key {
                NodeKey::File(_) => "file",
                NodeKey::Folder(_) => "folder",
            };
            eq("key_type", c.str("key_type")?, kind)?;
            let key = node_key.attribute_key();
            c.expect_hex("aes_key_hex", key.as_bytes())?;
            let attrs = c.value("attrs")?;
            // Canonical form: JSON.stringify (compact, key order kept, raw UTF-8).
            let json = serde_json::to_string(attrs).map_err(|e| e.to_string())?;
            let mut plain = b"MEGA".to_vec();
            plain.extend_from_slice(json.as_bytes());
            plain.resize(plain.len().div_ceil(16) * 16, 0);
            c.expect_hex("plaintext_hex", &plain)?;
            let sealed = ok("seal", attributes::seal_node_attributes_json(key, &json))?;
            c.expect_str("ciphertext_b64", &base64::encode(&sealed))?;
            let opened = ok(
                "open",
                attributes::open_node_attributes_b64(key, c.str("ciphertext_b64")?),
            )?;
            eq("opened attrs", attrs, &parsed(&opened)?)?;
            eq(
                "name",
                &attrs.get("n").and_then(Value::as_str),
                &opened.name(),
            )?;
            // mega.py's serialisation (spaces, \u escapes) must open to the same attributes.
            let megapy = c.value("megapy_form")?;
            let mp_ct = megapy["ciphertext_b64"]
                .as_str()
                .ok_or("megapy_form.ciphertext_b64")?;
            let mp = ok(
                "open megapy form",
                attributes::open_node_attributes_b64(key, mp_ct),
            )?;
            eq("megapy form attrs", attrs, &parsed(&mp)?)?;
            let mut mp_plain = b"MEGA".to_vec();
            mp_plain.extend_from_slice(mp.json().as_bytes());
            mp_plain.resize(mp_plain.len().div_ceil(16) * 16, 0);
            eq(
                "megapy_form.plaintext_hex",
                megapy["plaintext_hex"]
                    .as_str()
                    .ok_or("megapy_form.plaintext_hex")?,
                hex::encode(&mp_plain).as_str(),
            )?;
            // Whether mega.py/megajs read each other's form is about those implementations.
            c.info(&["megapy_decrypts_to_same"]);
            Ok(())
        }
        "decrypt_fails" => {
            c.info(&["what", "megapy_error"]);
            eq("megajs_ok", &c.bool("megajs_ok")?, &false)?;
            eq("megapy_ok", &c.bool("megapy_ok")?, &false)?;
            let key = ok("key", AesKey::from_slice(&c.hex("aes_key_hex")?))?;
            match attributes::open_node_attributes_b64(&key, c.str("ciphertext_b64")?) {
                Ok(_) => Err("decrypted although both implementations reject it".into()),
                Err(e) if matches!(e.kind(), ErrorKind::Decrypt | ErrorKind::Malformed) => Ok(()),
                Err(e) => Err(format!("unexpected error kind {e:?}")),
            }
        }
        other => skip(&format!("unknown attributes kind {other}")),
    }
}
