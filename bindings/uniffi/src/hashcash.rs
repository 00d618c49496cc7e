//! MEGA's hashcash anti-abuse puzzle (`X-Hashcash` header).

use std::sync::Arc;

use megacrypt::hashcash as mh;

use crate::error::FfiResult;

/// A parsed `X-Hashcash` challenge.
#[derive(Debug, uniffi::Object)]
pub struct HashcashChallenge(mh::HashcashChallenge);

#[uniffi::export]
impl HashcashChallenge {
    /// Parses `1:<easiness>:<timestamp>:<token>`.
    #[uniffi::constructor]
    pub fn parse(header: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(HashcashChallenge(mh::HashcashChallenge::parse(
            &header,
        )?)))
    }

    /// The easiness byte (0 = hardest).
    pub fn easiness(&self) -> u8 {
        self.0.easiness
    }

    /// The timestamp field, verbatim.
    pub fn timestamp(&self) -> String {
        self.0.timestamp.clone()
    }

    /// The raw token.
    pub fn token(&self) -> Vec<u8> {
        self.0.token.to_vec()
    }

    /// The threshold the hash prefix must not exceed.
    pub fn threshold(&self) -> u32 {
        self.0.threshold()
    }

    /// Solves the puzzle (single-threaded; may take a while for hard challenges).
    pub fn solve(&self) -> FfiResult<Vec<u8>> {
        Ok(self.0.solve()?.to_vec())
    }

    /// The header value to resend the request with, for a 4-byte nonce.
    pub fn response(&self, nonce: &[u8]) -> FfiResult<String> {
        Ok(megacrypt_foreign::ops::hashcash_challenge_response(
            &self.0, nonce,
        )?)
    }

    /// Whether `nonce` (4 bytes) solves this challenge.
    pub fn verify(&self, nonce: &[u8]) -> FfiResult<bool> {
        Ok(megacrypt_foreign::ops::hashcash_challenge_verify(
            &self.0, nonce,
        )?)
    }
}

/// The 32-bit big-endian hash prefix of a 48-byte token and a 4-byte nonce.
#[uniffi::export]
pub fn hashcash_prefix(token: &[u8], nonce: &[u8]) -> FfiResult<u32> {
    Ok(megacrypt_foreign::ops::hashcash_prefix(token, nonce)?)
}

/// Whether `nonce` solves the puzzle for `token` at `easiness` (0..=255).
#[uniffi::export]
pub fn hashcash_verify(token: &[u8], easiness: u32, nonce: &[u8]) -> FfiResult<bool> {
    Ok(megacrypt_foreign::ops::hashcash_verify(
        token, easiness, nonce,
    )?)
}

/// The threshold for an easiness byte (0..=255).
#[uniffi::export]
pub fn hashcash_threshold(easiness: u32) -> FfiResult<u32> {
    Ok(megacrypt_foreign::ops::hashcash_threshold(easiness)?)
}
