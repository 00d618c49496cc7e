//! The one error type of the bindings: `MegaCryptoError`, one variant per core
//! [`megacrypt::ErrorKind`]. Kotlin sees a sealed `MegaCryptoException` hierarchy, Swift an
//! `enum MegaCryptoError: Error`, Python `MegaCryptoError.<Variant>` exception classes.
//!
//! Every variant carries `reason`, the core's static detail text (never secret bytes).

use std::fmt;

use megacrypt::ErrorKind;

/// A failure reported by megacrypt. The variant is the category; `reason` is a short static text.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
pub enum MegaCryptoError {
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

/// `Result` with [`MegaCryptoError`].
pub type FfiResult<T> = Result<T, MegaCryptoError>;

impl MegaCryptoError {
    /// The error for a call on an object whose `finish` already ran.
    pub(crate) fn already_finished() -> Self {
        MegaCryptoError::ApiMisuse {
            reason: "already finished".to_string(),
        }
    }

    /// The error for an object whose lock was poisoned (cannot happen unless a panic escaped a
    /// previous call; reported instead of propagating the panic).
    pub(crate) fn poisoned() -> Self {
        MegaCryptoError::ApiMisuse {
            reason: "object unusable after an internal failure".to_string(),
        }
    }

    /// The error for a byte argument of the wrong length.
    pub(crate) fn misuse(reason: &str) -> Self {
        MegaCryptoError::ApiMisuse {
            reason: reason.to_string(),
        }
    }

    /// The stable category code, equal to [`ErrorKind::code`] of the core error it came from.
    pub fn code(&self) -> &'static str {
        match self {
            MegaCryptoError::InvalidKey { .. } => "InvalidKey",
            MegaCryptoError::Malformed { .. } => "Malformed",
            MegaCryptoError::Decrypt { .. } => "Decrypt",
            MegaCryptoError::MacMismatch { .. } => "MacMismatch",
            MegaCryptoError::SizeMismatch { .. } => "SizeMismatch",
            MegaCryptoError::ApiMisuse { .. } => "ApiMisuse",
            MegaCryptoError::Unsupported { .. } => "Unsupported",
            MegaCryptoError::Rng { .. } => "Rng",
            MegaCryptoError::SignatureInvalid { .. } => "SignatureInvalid",
            MegaCryptoError::KeyChanged { .. } => "KeyChanged",
            MegaCryptoError::Rollback { .. } => "Rollback",
            MegaCryptoError::WrongAccount { .. } => "WrongAccount",
        }
    }

    fn reason(&self) -> &str {
        match self {
            MegaCryptoError::InvalidKey { reason }
            | MegaCryptoError::Malformed { reason }
            | MegaCryptoError::Decrypt { reason }
            | MegaCryptoError::MacMismatch { reason }
            | MegaCryptoError::SizeMismatch { reason }
            | MegaCryptoError::ApiMisuse { reason }
            | MegaCryptoError::Unsupported { reason }
            | MegaCryptoError::Rng { reason }
            | MegaCryptoError::SignatureInvalid { reason }
            | MegaCryptoError::KeyChanged { reason }
            | MegaCryptoError::Rollback { reason }
            | MegaCryptoError::WrongAccount { reason } => reason,
        }
    }
}

impl From<megacrypt::Error> for MegaCryptoError {
    fn from(e: megacrypt::Error) -> Self {
        let reason = e.detail().to_string();
        match e.kind() {
            ErrorKind::InvalidKey => MegaCryptoError::InvalidKey { reason },
            ErrorKind::Malformed => MegaCryptoError::Malformed { reason },
            ErrorKind::Decrypt => MegaCryptoError::Decrypt { reason },
            ErrorKind::MacMismatch => MegaCryptoError::MacMismatch { reason },
            ErrorKind::SizeMismatch => MegaCryptoError::SizeMismatch { reason },
            ErrorKind::ApiMisuse => MegaCryptoError::ApiMisuse { reason },
            ErrorKind::Unsupported => MegaCryptoError::Unsupported { reason },
            ErrorKind::Rng => MegaCryptoError::Rng { reason },
            ErrorKind::SignatureInvalid => MegaCryptoError::SignatureInvalid { reason },
            ErrorKind::KeyChanged => MegaCryptoError::KeyChanged { reason },
            ErrorKind::Rollback => MegaCryptoError::Rollback { reason },
            ErrorKind::WrongAccount => MegaCryptoError::WrongAccount { reason },
            // `ErrorKind` is non-exhaustive; the mapping test below fails when a kind is added.
            _ => MegaCryptoError::Unsupported { reason },
        }
    }
}

impl fmt::Display for MegaCryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.reason())
    }
}

impl std::error::Error for MegaCryptoError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_kind_maps_to_the_variant_of_the_same_name() {
        for kind in ErrorKind::ALL {
            let mapped = MegaCryptoError::from(megacrypt::Error::new(kind, "detail text"));
            assert_eq!(mapped.code(), kind.code());
            assert_eq!(mapped.reason(), "detail text");
        }
    }

    #[test]
    fn variants_are_distinct() {
        let codes: std::collections::BTreeSet<_> = ErrorKind::ALL
            .iter()
            .map(|k| MegaCryptoError::from(megacrypt::Error::new(*k, "x")).code())
            .collect();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
    }
}
