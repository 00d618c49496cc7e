//! The one error type of the bindings: `CryptoError` (the name fixed by
//! [`megacrypt_foreign::ERROR_CLASS`]), one variant per core [`megacrypt::ErrorKind`]. Kotlin sees
//! a sealed `CryptoException` hierarchy (uniffi's Kotlin generator always turns an `Error` suffix
//! into `Exception`), Swift an `enum CryptoError: Error`, Python `CryptoError.<Variant>` exception
//! classes.
//!
//! Every variant carries `reason`, the core's static detail text (never secret bytes).

use std::fmt;

use megacrypt::ErrorKind;

/// A failure reported by megacrypt. The variant is the category; `reason` is a short static text.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
pub enum CryptoError {
    /// A key has the wrong length, is all zero, or failed structural validation.
    InvalidKey {
        /// What was wrong.
        reason: String,
    },
    /// Input bytes or text are not in the expected format (base64, link, framing, ...).
    Malformed {
        /// What was malformed.
        reason: String,
    },
    /// Authenticated decryption failed (wrong key, forged or corrupted data). Opaque on purpose.
    Decrypt {
        /// Always the same generic text.
        reason: String,
    },
    /// A file's meta-MAC or a chunk MAC does not match: the content was altered or corrupted.
    MacMismatch {
        /// What did not match.
        reason: String,
    },
    /// The data is shorter or longer than its declared size (truncation, not tampering).
    SizeMismatch {
        /// What was wrong.
        reason: String,
    },
    /// The API was used in a way that cannot be right (wrong length, duplicate chunk, use after
    /// `finish`, ...).
    ApiMisuse {
        /// What was wrong.
        reason: String,
    },
    /// A well-formed input uses a version, mode or feature that is not supported.
    Unsupported {
        /// What is not supported.
        reason: String,
    },
    /// The operating system's random number generator failed.
    Rng {
        /// What failed.
        reason: String,
    },
    /// A key signature does not verify: a substituted or corrupted contact key. Never use it.
    SignatureInvalid {
        /// What did not verify.
        reason: String,
    },
    /// A contact's identity key differs from the recorded fingerprint: a possible
    /// man-in-the-middle; the user must re-verify the contact.
    KeyChanged {
        /// Which key changed.
        reason: String,
    },
    /// A `^!keys` container older than the last one seen: the server rolled the state back.
    Rollback {
        /// What was rolled back.
        reason: String,
    },
    /// The data belongs to another account than the expected one.
    WrongAccount {
        /// What did not match.
        reason: String,
    },
}

/// `Result` with [`CryptoError`].
pub type FfiResult<T> = Result<T, CryptoError>;

impl CryptoError {
    /// The error for a call on an object whose `finish` already ran.
    pub(crate) fn already_finished() -> Self {
        megacrypt_foreign::error::already_finished().into()
    }

    /// The error for an object whose lock was poisoned.
    pub(crate) fn poisoned() -> Self {
        megacrypt_foreign::error::poisoned().into()
    }

    /// The stable category code, equal to [`ErrorKind::code`] of the core error it came from.
    pub fn code(&self) -> &'static str {
        match self {
            CryptoError::InvalidKey { .. } => "InvalidKey",
            CryptoError::Malformed { .. } => "Malformed",
            CryptoError::Decrypt { .. } => "Decrypt",
            CryptoError::MacMismatch { .. } => "MacMismatch",
            CryptoError::SizeMismatch { .. } => "SizeMismatch",
            CryptoError::ApiMisuse { .. } => "ApiMisuse",
            CryptoError::Unsupported { .. } => "Unsupported",
            CryptoError::Rng { .. } => "Rng",
            CryptoError::SignatureInvalid { .. } => "SignatureInvalid",
            CryptoError::KeyChanged { .. } => "KeyChanged",
            CryptoError::Rollback { .. } => "Rollback",
            CryptoError::WrongAccount { .. } => "WrongAccount",
        }
    }

    fn reason(&self) -> &str {
        match self {
            CryptoError::InvalidKey { reason }
            | CryptoError::Malformed { reason }
            | CryptoError::Decrypt { reason }
            | CryptoError::MacMismatch { reason }
            | CryptoError::SizeMismatch { reason }
            | CryptoError::ApiMisuse { reason }
            | CryptoError::Unsupported { reason }
            | CryptoError::Rng { reason }
            | CryptoError::SignatureInvalid { reason }
            | CryptoError::KeyChanged { reason }
            | CryptoError::Rollback { reason }
            | CryptoError::WrongAccount { reason } => reason,
        }
    }
}

impl From<megacrypt::Error> for CryptoError {
    fn from(e: megacrypt::Error) -> Self {
        let reason = e.detail().to_string();
        match e.kind() {
            ErrorKind::InvalidKey => CryptoError::InvalidKey { reason },
            ErrorKind::Malformed => CryptoError::Malformed { reason },
            ErrorKind::Decrypt => CryptoError::Decrypt { reason },
            ErrorKind::MacMismatch => CryptoError::MacMismatch { reason },
            ErrorKind::SizeMismatch => CryptoError::SizeMismatch { reason },
            ErrorKind::ApiMisuse => CryptoError::ApiMisuse { reason },
            ErrorKind::Unsupported => CryptoError::Unsupported { reason },
            ErrorKind::Rng => CryptoError::Rng { reason },
            ErrorKind::SignatureInvalid => CryptoError::SignatureInvalid { reason },
            ErrorKind::KeyChanged => CryptoError::KeyChanged { reason },
            ErrorKind::Rollback => CryptoError::Rollback { reason },
            ErrorKind::WrongAccount => CryptoError::WrongAccount { reason },
            // `ErrorKind` is non-exhaustive; the mapping test below fails when a kind is added.
            _ => CryptoError::Unsupported { reason },
        }
    }
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.reason())
    }
}

impl std::error::Error for CryptoError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_kind_maps_to_the_variant_of_the_same_name() {
        for kind in ErrorKind::ALL {
            let mapped = CryptoError::from(megacrypt::Error::new(kind, "detail text"));
            assert_eq!(mapped.code(), kind.code());
            assert_eq!(mapped.reason(), "detail text");
        }
    }

    #[test]
    fn variants_are_distinct() {
        let codes: std::collections::BTreeSet<_> = ErrorKind::ALL
            .iter()
            .map(|k| CryptoError::from(megacrypt::Error::new(*k, "x")).code())
            .collect();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
    }
}
