//! MEGA's API hashcash anti-abuse puzzle (`X-Hashcash` header) — core `megacrypt::hashcash`.

use crate::bindgen::*;
use megacrypt::hashcash;
use megacrypt_foreign::ops;

use crate::error::{JsResult, js};

/// A parsed API hashcash challenge (`X-Hashcash` header).
#[wasm_bindgen]
pub struct HashcashChallenge(hashcash::HashcashChallenge);

#[wasm_bindgen]
impl HashcashChallenge {
    /// Parses `1:<easiness>:<timestamp>:<token>`.
    pub fn parse(header: &str) -> JsResult<HashcashChallenge> {
        js(hashcash::HashcashChallenge::parse(header)).map(HashcashChallenge)
    }
    /// The easiness byte.
    #[wasm_bindgen(getter)]
    pub fn easiness(&self) -> u8 {
        self.0.easiness
    }
    /// The timestamp field, verbatim.
    #[wasm_bindgen(getter)]
    pub fn timestamp(&self) -> String {
        self.0.timestamp.clone()
    }
    /// The 48-byte token.
    #[wasm_bindgen(getter)]
    pub fn token(&self) -> Vec<u8> {
        self.0.token.to_vec()
    }
    /// The threshold the hash prefix must not exceed.
    #[wasm_bindgen(getter)]
    pub fn threshold(&self) -> u32 {
        self.0.threshold()
    }
    /// Solves the puzzle: the 4-byte nonce (blocks; each try hashes 12 MiB).
    pub fn solve(&self) -> JsResult<Vec<u8>> {
        Ok(js(self.0.solve())?.to_vec())
    }
    /// The `X-Hashcash` response header value for a nonce.
    pub fn response(&self, nonce: &[u8]) -> JsResult<String> {
        js(ops::hashcash_challenge_response(&self.0, nonce))
    }
    /// Whether the 4-byte `nonce` solves this challenge.
    pub fn verify(&self, nonce: &[u8]) -> JsResult<bool> {
        js(ops::hashcash_challenge_verify(&self.0, nonce))
    }
}

/// The big-endian 32-bit hash prefix for a 48-byte token and a 4-byte nonce.
#[wasm_bindgen(js_name = hashcashPrefix)]
pub fn hashcash_prefix(token: &[u8], nonce: &[u8]) -> JsResult<u32> {
    js(ops::hashcash_prefix(token, nonce))
}

/// Whether a nonce solves a token at an easiness (0..=255).
#[wasm_bindgen(js_name = hashcashVerify)]
pub fn hashcash_verify(token: &[u8], easiness: u32, nonce: &[u8]) -> JsResult<bool> {
    js(ops::hashcash_verify(token, easiness, nonce))
}

/// The threshold for an easiness byte (0..=255).
#[wasm_bindgen(js_name = hashcashThreshold)]
pub fn hashcash_threshold(easiness: u32) -> JsResult<u32> {
    js(ops::hashcash_threshold(easiness))
}
