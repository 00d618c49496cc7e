//! area `hashcash`: the API proof-of-work (docs/format/hashcash.md), answers produced by megajs's
//! solver.

use megacrypt::base64;
use megacrypt::hashcash::{self, HashcashChallenge};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok};

/// Solving costs one 12 MiB SHA-256 per tried nonce; above this counter only the answer is
/// verified, to keep debug-mode test time low (the benchmark exercises long searches).
const MAX_SOLVE_COUNTER: u64 = 8;

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn check(c: &Case) -> Result<(), String> {
    let token: [u8; hashcash::TOKEN_LEN] = ok("token", base64::decode_array(c.str("token_b64")?))?;
    let easiness = u8::try_from(c.u64("easiness")?).map_err(|e| e.to_string())?;
    let nonce: [u8; 4] = c.hex_n("nonce_hex")?;
    let prefix = hashcash::hash_prefix(&token, &nonce);
    c.expect_hex("hash_prefix_hex", &prefix.to_be_bytes())?;
    match c.str("kind")? {
        "solve" => {
            let ch = ok("parse", HashcashChallenge::parse(c.str("challenge")?))?;
            eq("easiness", &easiness, &ch.easiness)?;
            eq("token", &token, &ch.token)?;
            eq(
                "megajs's nonce solves it",
                &true,
                &hashcash::verify(&token, easiness, &nonce),
            )?;
            c.expect_str("response", &ch.response(&nonce))?;
            let counter = c.u64("nonce_counter")?;
            eq(
                "nonce_counter",
                &counter,
                &u64::from(u32::from_le_bytes(nonce)),
            )?;
            if counter <= MAX_SOLVE_COUNTER {
                // Same search order as megajs: the same first solution.
                eq("solve", &nonce, &ok("solve", ch.solve())?)?;
                eq(
                    "solve_with(ThreadPool)",
                    &nonce,
                    &ok(
                        "solve_with(ThreadPool)",
                        ch.solve_with(megacrypt::Parallelism::ThreadPool),
                    )?,
                )?;
            }
            Ok(())
        }
        "verify" => {
            eq(
                "threshold",
                &c.u64("threshold")?,
                &u64::from(hashcash::threshold(easiness)),
            )?;
            eq(
                "valid",
                &c.bool("valid")?,
                &hashcash::verify(&token, easiness, &nonce),
            )
        }
        other => Err(format!("unknown kind {other}")),
    }
}
