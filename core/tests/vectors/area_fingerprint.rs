//! area `fingerprint`: the `c` node attribute (sparse CRC + Serialize64 mtime), the app-prefixed
//! fingerprint and the legacy 32-bit variants, executed in MEGA's SDK.

use megacrypt::base64;
use megacrypt::fingerprint::{
    FileFingerprint, SparseCrc, SparseCrcFromStream, SparsePlan, serialize64,
};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

/// The data rules of the file's `data_rules` field.
pub fn make_data(rule: &str, seed: u64, size: usize) -> Result<Vec<u8>, String> {
    match rule {
        "lin" => Ok((0..size as u64)
            .map(|i| ((i * 7 + seed) % 251) as u8)
            .collect()),
        "xs" => {
            let mut x = seed as u32;
            Ok((0..size)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    x as u8
                })
                .collect())
        }
        other => Err(format!("unknown data rule {other}")),
    }
}

fn i64_field(c: &Case, key: &str) -> Result<i64, String> {
    c.value(key)?
        .as_i64()
        .ok_or_else(|| format!("field {key} is not a signed integer"))
}

fn offsets(plan: &SparsePlan) -> Vec<u64> {
    plan.ranges().map(|r| r.offset).collect()
}

fn u64_list(c: &Case, key: &str) -> Result<Vec<u64>, String> {
    c.value(key)?
        .as_array()
        .ok_or_else(|| format!("{key} is not an array"))?
        .iter()
        .map(|v| v.as_u64().ok_or_else(|| format!("{key}: not a number")))
        .collect()
}

fn check(c: &Case) -> Result<(), String> {
    match c.str("kind")? {
        "generate" => generate(c),
        "serialize" => {
            let crc = ok("crc", SparseCrc::from_slice(&c.hex("crc_hex")?))?;
            let mtime = i64_field(c, "mtime")?;
            let fp = FileFingerprint::new(0, crc, mtime);
            c.expect_str("c_attribute", &fp.c_attribute())?;
            let (back_crc, back_mtime) = ok(
                "decode",
                FileFingerprint::decode_c_attribute(c.str("c_attribute")?),
            )?;
            eq("crc round trip", &crc, &back_crc)?;
            eq(
                "decoded_mtime",
                &i64_field(c, "decoded_mtime")?,
                &back_mtime,
            )?;
            c.info(&["note"]);
            Ok(())
        }
        "decode" => decode(c),
        "serialize64" => c.expect_hex("encoded_hex", &serialize64::encode(c.u64("value")?)),
        "unserialize64" => {
            let input = c.hex("input_hex")?;
            let avail = c.u64("available_len")? as usize;
            let r = serialize64::decode(input.get(..avail).ok_or("available_len")?);
            eq("accepted", &c.bool("accepted")?, &r.is_ok())?;
            if let Ok((v, used)) = r {
                eq("value", &c.u64("value")?, &v)?;
                eq("consumed", &c.u64("consumed")?, &(used as u64))?;
            } else {
                eq("value", &None, &c.opt("value"))?;
                eq("consumed", &None, &c.opt("consumed"))?;
            }
            c.info(&["what"]);
            Ok(())
        }
        "app_prefix_decode" => {
            let r = FileFingerprint::from_app_fingerprint(c.str("app_fingerprint")?);
            eq("accepted", &c.bool("accepted")?, &r.is_ok())?;
            match r {
                Ok(fp) => {
                    c.expect_str("c_attribute", &fp.c_attribute())?;
                    eq("size", &c.u64("size")?, &fp.size)?;
                }
                Err(_) => {
                    eq("c_attribute", &None, &c.opt("c_attribute"))?;
                    eq("size", &None, &c.opt("size"))?;
                }
            }
            Ok(())
        }
        other => Err(format!("unknown kind {other}")),
    }
}

fn generate(c: &Case) -> Result<(), String> {
    let size = c.u64("size")?;
    let data = make_data(c.str("data_rule")?, c.u64("data_seed")?, size as usize)?;
    let crc = SparseCrc::compute(&data);
    c.expect_hex("crc_hex", crc.as_bytes())?;
    c.expect_str("crc_b64", &base64::encode(crc.as_bytes()))?;
    // The same CRC from one sequential pass, fed in odd pieces.
    let mut stream = SparseCrcFromStream::new(size);
    for piece in data.chunks(65_521) {
        ok("stream", stream.update(piece))?;
    }
    eq("sequential builder", &crc, &ok("stream", stream.finish())?)?;
    let fp = FileFingerprint::new(size, crc, i64_field(c, "mtime")?);
    c.expect_str("c_attribute", &fp.c_attribute())?;
    c.expect_str("app_fingerprint", &fp.app_fingerprint())?;
    eq(
        "app fingerprint parses back",
        &fp,
        &ok(
            "parse",
            FileFingerprint::from_app_fingerprint(&fp.app_fingerprint()),
        )?,
    )?;
    if !c.has("sparse_offsets") {
        return Ok(());
    }
    let plan = SparsePlan::new(size);
    eq(
        "sparse_offsets",
        &u64_list(c, "sparse_offsets")?,
        &offsets(&plan),
    )?;
    let legacy = u64_list(c, "legacy_offsets")?;
    let fa = SparsePlan::legacy_fa(size);
    eq(
        "legacy_fa_applicable",
        &c.bool("legacy_fa_applicable")?,
        &fa.is_some(),
    )?;
    match &fa {
        Some(fa) => {
            eq("legacy_offsets", &legacy, &offsets(fa))?;
            let fa_crc = ok("legacy FA", SparseCrc::compute_with(fa, &data))?;
            c.expect_hex("legacy_fa_hex", fa_crc.as_bytes())?;
            c.expect_str("legacy_fa_b64", &base64::encode(fa_crc.as_bytes()))?;
            eq(
                "legacy_fa_equals_crc",
                &c.bool("legacy_fa_equals_crc")?,
                &(fa_crc == crc),
            )?;
            let lanes: Vec<bool> = fa_crc
                .as_bytes()
                .chunks(4)
                .zip(crc.as_bytes().chunks(4))
                .map(|(a, b)| a == b)
                .collect();
            let want: Vec<bool> = c
                .value("legacy_lanes_equal_to_crc")?
                .as_array()
                .ok_or("legacy_lanes_equal_to_crc")?
                .iter()
                .map(|v| v.as_bool().unwrap_or(false))
                .collect();
            eq("legacy_lanes_equal_to_crc", &want, &lanes)?;
        }
        // Not applicable: the 32-bit offsets equal the correct ones.
        None => eq("legacy_offsets", &legacy, &offsets(&plan))?,
    }
    let ia = SparsePlan::legacy_ia(size).ok_or("legacy IA plan missing")?;
    eq(
        "legacy_ia_read_offsets",
        &u64_list(c, "legacy_ia_read_offsets")?,
        &offsets(&ia),
    )?;
    let ia_crc = ok("legacy IA", SparseCrc::compute_with(&ia, &data))?;
    c.expect_hex("legacy_ia_hex", ia_crc.as_bytes())?;
    c.expect_str("legacy_ia_b64", &base64::encode(ia_crc.as_bytes()))
}

/// The SDK's verdict is `accepted`. megacrypt accepts the same canonical values and refuses the
/// lax spellings that the SDK tolerates but no official client writes (padding, trailing bytes,
/// non-minimal counts, over-long input): a refusal passes only if the input is not the canonical
/// encoding of the values the SDK read.
fn decode(c: &Case) -> Result<(), String> {
    let input = c.str("c_attribute")?;
    let ours = FileFingerprint::decode_c_attribute(input);
    c.info(&["what"]);
    if !c.bool("accepted")? {
        return match ours {
            Err(e) => eq("error kind", &megacrypt::ErrorKind::Malformed, &e.kind()),
            Ok(v) => Err(format!("accepted what the SDK refuses: {v:?}")),
        };
    }
    let crc = ok("crc", SparseCrc::from_slice(&c.hex("crc_hex")?))?;
    let mtime = i64_field(c, "mtime")?;
    match ours {
        Ok((our_crc, our_mtime)) => {
            eq("crc", &crc, &our_crc)?;
            eq("mtime", &mtime, &our_mtime)
        }
        Err(_) => {
            let canonical = FileFingerprint::new(0, crc, mtime).c_attribute();
            if canonical == input {
                Err("refused the canonical encoding".into())
            } else {
                Ok(())
            }
        }
    }
}
