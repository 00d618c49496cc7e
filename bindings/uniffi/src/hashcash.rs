//! MEGA's hashcash anti-abuse puzzle (`X-Hashcash` header).

use std::sync::Arc;

use megacrypt::hashcash as mh;

use crate::error::{FfiResult, MegaCryptoError};

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
        let n: &[u8; 4] = nonce
            .try_into()
            .map_err(|_| MegaCryptoError::misuse("nonce must be 4 bytes"))?;
        Ok(self.0.response(n))
    }

    /// Whether `nonce` (4 bytes) solves this challenge.
    pub fn verify(&self, nonce: &[u8]) -> FfiResult<bool> {
        let n: &[u8; 4] = nonce
            .try_into()
            .map_err(|_| MegaCryptoError::misuse("nonce must be 4 bytes"))?;
        Ok(mh::verify(&self.0.token, self.0.easiness, n))
    }
}

fn token(bytes: &[u8]) -> FfiResult<&[u8; mh::TOKEN_LEN]> {
    bytes
        .try_into()
        .map_err(|_| MegaCryptoError::misuse("hashcash token has the wrong length"))
}

/// Easiness as `u32`: a `u8` argument is sign-extended by JNA (Kotlin) for values >= 128 while
/// Rust assumes zero extension, so byte-sized arguments are avoided at the boundary.
fn easiness_u8(easiness: u32) -> FfiResult<u8> {
    u8::try_from(easiness).map_err(|_| MegaCryptoError::misuse("easiness must be 0..=255"))
}

fn nonce4(bytes: &[u8]) -> FfiResult<&[u8; 4]> {
    bytes
        .try_into()
        .map_err(|_| MegaCryptoError::misuse("nonce must be 4 bytes"))
}

/// The 32-bit big-endian hash prefix of a token and 4-byte nonce.
#[uniffi::export]
pub fn hashcash_hash_prefix(token_bytes: &[u8], nonce: &[u8]) -> FfiResult<u32> {
    Ok(mh::hash_prefix(token(token_bytes)?, nonce4(nonce)?))
}

/// Whether `nonce` solves the puzzle for `token_bytes` at `easiness`.
#[uniffi::export]
pub fn hashcash_verify(token_bytes: &[u8], easiness: u32, nonce: &[u8]) -> FfiResult<bool> {
    Ok(mh::verify(
        token(token_bytes)?,
        easiness_u8(easiness)?,
        nonce4(nonce)?,
    ))
}

/// The threshold for an easiness byte (0..=255).
#[uniffi::export]
pub fn hashcash_threshold(easiness: u32) -> FfiResult<u32> {
    Ok(mh::threshold(easiness_u8(easiness)?))
}
