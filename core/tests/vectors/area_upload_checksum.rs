//! area `upload_checksum`: the `?d=` checksum of upload request bodies, executed in MEGA's SDK.

use megacrypt::file::{ChunkLayout, UnauthenticatedRangeDecryptor};
use megacrypt::keys::{AesKey, Nonce};
use megacrypt::upload_checksum::UploadChecksum;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{Case, Tally, eq, ok};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn rule_bytes(seed: u64, len: u64) -> Vec<u8> {
    (0..len).map(|i| ((i * 7 + seed) % 251) as u8).collect()
}

fn checksum_in_pieces(body: &[u8], step: usize) -> UploadChecksum {
    let mut c = UploadChecksum::new();
    for piece in body.chunks(step.max(1)) {
        c.update(piece);
    }
    c
}

fn check(c: &Case) -> Result<(), String> {
    c.info(&["what"]);
    match c.str("kind")? {
        "crc" => {
            let len = c.u64("body_len")?;
            let body = if c.has("body_hex") {
                c.hex("body_hex")?
            } else {
                let seed = c.u64("body_seed")?;
                let body = rule_bytes(seed, len);
                eq(
                    "body_rule",
                    &format!("byte[i] = (i * 7 + {seed}) % 251"),
                    &c.str("body_rule")?.to_string(),
                )?;
                c.expect_hex("body_sha256", &Sha256::digest(&body))?;
                body
            };
            eq("body_len", &len, &(body.len() as u64))?;
            let whole = checksum_in_pieces(&body, body.len());
            c.expect_hex("d_hex", &whole.to_bytes())?;
            c.expect_str("d_b64", &whole.to_b64())?;
            for step in [1, 5, 12, 13, 131_072] {
                eq("split feed", &whole, &checksum_in_pieces(&body, step))?;
            }
            Ok(())
        }
        "upload_request" => {
            let key = ok("key", AesKey::from_bytes(c.hex_n("key_hex")?))?;
            let nonce = ok("nonce", Nonce::from_bytes(c.hex_n("nonce_hex")?))?;
            let (pos, npos) = (c.u64("pos")?, c.u64("npos")?);
            let seed = c.u64("plaintext_seed")?;
            c.info(&["plaintext_rule"]);
            let mut body = rule_bytes(seed, npos - pos);
            let layout = ok("layout", ChunkLayout::new(npos))?;
            // AES-CTR is its own inverse: the range "decryptor" encrypts plaintext at an offset.
            let ctr = UnauthenticatedRangeDecryptor::new(&megacrypt::ContentKey::from_parts(
                key.clone(),
                nonce.clone(),
            ));
            let mut chunks = Vec::new();
            let mut sum = UploadChecksum::new();
            for chunk in (0..layout.chunk_count()).filter_map(|i| layout.chunk(i)) {
                // The request's pieces: the file's chunks clipped to [pos, npos).
                let from = chunk.offset.max(pos);
                let to = chunk.offset + u64::from(chunk.len);
                if from >= to {
                    continue;
                }
                let piece = &mut body[(from - pos) as usize..(to - pos) as usize];
                ctr.decrypt_at_unverified(from, piece);
                sum.update(piece);
                chunks.push(serde_json::json!([from, to]));
            }
            eq("chunks", c.value("chunks")?, &Value::Array(chunks))?;
            c.expect_hex("ciphertext_sha256", &Sha256::digest(&body))?;
            if c.has("ciphertext_hex") {
                c.expect_hex("ciphertext_hex", &body)?;
            }
            c.expect_str("d_b64", &sum.to_b64())?;
            c.expect_str("url_suffix", &sum.url_suffix(pos))
        }
        other => Err(format!("unknown kind {other}")),
    }
}
