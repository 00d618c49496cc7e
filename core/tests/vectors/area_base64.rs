//! area `base64`: MEGA base64 encode/decode and the a32 convention.

use megacrypt::base64;
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn check(c: &Case) -> Result<(), String> {
    match c.str("kind")? {
        "encode" => {
            let bytes = c.hex("bytes_hex")?;
            eq("length", &c.u64("length")?, &(bytes.len() as u64))?;
            let b64 = c.str("b64")?;
            eq("encode", b64, base64::encode(&bytes).as_str())?;
            eq("decode", &bytes, &ok("decode", base64::decode(b64))?)?;
            eq("encoded_len", &b64.len(), &base64::encoded_len(bytes.len()))
        }
        "a32" => {
            let bytes = c.hex("bytes_hex")?;
            let words: Vec<u32> = c
                .value("a32")?
                .as_array()
                .ok_or("a32 is not an array")?
                .iter()
                .map(|w| {
                    w.as_u64()
                        .and_then(|w| u32::try_from(w).ok())
                        .ok_or("bad a32 word")
                })
                .collect::<Result<_, _>>()?;
            eq("bytes_to_a32", &words, &base64::bytes_to_a32(&bytes))?;
            let packed = base64::a32_to_bytes(&words);
            c.expect_hex("a32_to_bytes_hex", &packed)?;
            c.expect_str("a32_b64", &base64::encode(&packed))
        }
        "decode_leniency" => {
            // Informational in the vector file: what two lenient decoders did with non-canonical
            // input. Our decoder is strict. The check: whatever we accept must decode to the value
            // the lenient decoders agree on, and we must reject exactly the inputs that are not
            // canonical unpadded base64 (a rule restated here from first principles).
            c.info(&["normative", "agree"]);
            let input = c.str("input")?;
            let megajs = c.str("megajs_hex")?;
            let megapy = c.str("megapy_hex")?;
            let alphabet_ok = input
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_+/".contains(&b));
            let len_ok = input.len() % 4 != 1;
            match base64::decode(input) {
                Ok(bytes) => {
                    if !(alphabet_ok && len_ok) {
                        return Err(format!("accepted non-canonical input {input:?}"));
                    }
                    eq("decoded (megajs)", megajs, hex::encode(&bytes).as_str())?;
                    eq("decoded (mega.py)", megapy, hex::encode(&bytes).as_str())
                }
                Err(_) if !(alphabet_ok && len_ok) => Ok(()),
                Err(e) => Err(format!("rejected canonical input {input:?}: {e}")),
            }
        }
        other => Err(format!("unknown kind {other}")),
    }
}
