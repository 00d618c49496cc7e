//! The crate's single error type.
//!
//! Every fallible function returns [`Error`]. An error has a [`ErrorKind`] (a small, stable set of
//! categories that the Kotlin/Swift/Python and JavaScript bindings map one-to-one to exception
//! classes or `code` strings) and a static detail text.
//!
//! Details are `&'static str`: an error can never carry key, MAC or plaintext bytes, by
//! construction. Cryptographic failures ([`ErrorKind::Decrypt`]) are deliberately opaque: they never
//! say which of several checks failed, so that a malicious server learns nothing from them.

use core::fmt;

/// The category of an [`Error`]. Bindings map each category to one exception class / `code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A key has the wrong length, is all zero, has equal halves, or failed structural validation.
    InvalidKey,
    /// Input bytes or text are not in the expected format (base64, link, attribute framing, ...).
    Malformed,
    /// Authenticated decryption failed: wrong key, forged or corrupted data. Opaque on purpose.
    Decrypt,
    /// A file's meta-MAC (or a chunk MAC) does not match: the content was altered or corrupted.
    MacMismatch,
    /// The data is shorter or longer than the size it was declared to have (truncation, not tampering).
    SizeMismatch,
    /// The API was used in a way that cannot be right (wrong buffer length, duplicate chunk, use after finish, ...).
    ApiMisuse,
    /// A well-formed input uses a version, mode or feature this library does not support.
    Unsupported,
    /// The random number generator failed.
    Rng,
    /// A key signature does not verify: the signed key is not the one the contact's identity key
    /// signed (a substituted or corrupted key). Never use the key.
    SignatureInvalid,
    /// A contact's identity key differs from the fingerprint recorded in the authring: a possible
    /// man-in-the-middle. The key must not be used until the user re-verifies the contact.
    KeyChanged,
    /// A `^!keys` container older than the last generation the app has seen: the server served a
    /// rolled-back copy. Keep the newer state and tell the user.
    Rollback,
    /// The data belongs to another account than the one the caller expects (for example a `^!keys`
    /// container whose identity is another user's handle).
    WrongAccount,
}

impl ErrorKind {
    /// A stable identifier for the category (used as the `code` in JavaScript and in logs).
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidKey => "InvalidKey",
            ErrorKind::Malformed => "Malformed",
            ErrorKind::Decrypt => "Decrypt",
            ErrorKind::MacMismatch => "MacMismatch",
            ErrorKind::SizeMismatch => "SizeMismatch",
            ErrorKind::ApiMisuse => "ApiMisuse",
            ErrorKind::Unsupported => "Unsupported",
            ErrorKind::Rng => "Rng",
            ErrorKind::SignatureInvalid => "SignatureInvalid",
            ErrorKind::KeyChanged => "KeyChanged",
            ErrorKind::Rollback => "Rollback",
            ErrorKind::WrongAccount => "WrongAccount",
        }
    }

    /// Every category, in declaration order (for bindings and mapping tests).
    pub const ALL: [ErrorKind; 12] = [
        ErrorKind::InvalidKey,
        ErrorKind::Malformed,
        ErrorKind::Decrypt,
        ErrorKind::MacMismatch,
        ErrorKind::SizeMismatch,
        ErrorKind::ApiMisuse,
        ErrorKind::Unsupported,
        ErrorKind::Rng,
        ErrorKind::SignatureInvalid,
        ErrorKind::KeyChanged,
        ErrorKind::Rollback,
        ErrorKind::WrongAccount,
    ];
}

/// The error type of every fallible operation in this crate.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error {
    kind: ErrorKind,
    detail: &'static str,
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// Builds an error of `kind` with a static `detail` text.
    pub const fn new(kind: ErrorKind, detail: &'static str) -> Self {
        Error { kind, detail }
    }
    /// The error's category.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// A short, static description of what was wrong (never contains secret bytes).
    pub const fn detail(&self) -> &'static str {
        self.detail
    }

    pub(crate) const fn invalid_key(detail: &'static str) -> Self {
        Self::new(ErrorKind::InvalidKey, detail)
    }
    pub(crate) const fn malformed(detail: &'static str) -> Self {
        Self::new(ErrorKind::Malformed, detail)
    }
    /// The one opaque decryption failure.
    pub(crate) const fn decrypt() -> Self {
        Self::new(ErrorKind::Decrypt, "decryption failed")
    }
    pub(crate) const fn mac_mismatch(detail: &'static str) -> Self {
        Self::new(ErrorKind::MacMismatch, detail)
    }
    pub(crate) const fn size_mismatch(detail: &'static str) -> Self {
        Self::new(ErrorKind::SizeMismatch, detail)
    }
    pub(crate) const fn misuse(detail: &'static str) -> Self {
        Self::new(ErrorKind::ApiMisuse, detail)
    }
    pub(crate) const fn unsupported(detail: &'static str) -> Self {
        Self::new(ErrorKind::Unsupported, detail)
    }
    pub(crate) const fn signature_invalid(detail: &'static str) -> Self {
        Self::new(ErrorKind::SignatureInvalid, detail)
    }
    pub(crate) const fn key_changed(detail: &'static str) -> Self {
        Self::new(ErrorKind::KeyChanged, detail)
    }
    pub(crate) const fn rollback(detail: &'static str) -> Self {
        Self::new(ErrorKind::Rollback, detail)
    }
    pub(crate) const fn wrong_account(detail: &'static str) -> Self {
        Self::new(ErrorKind::WrongAccount, detail)
    }
    pub(crate) const fn rng() -> Self {
        Self::new(ErrorKind::Rng, "random number generator failed")
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({}: {})", self.kind.code(), self.detail)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ErrorKind::InvalidKey => "invalid key",
            ErrorKind::Malformed => "malformed input",
            ErrorKind::Decrypt => "decryption failed",
            ErrorKind::MacMismatch => "MAC mismatch",
            ErrorKind::SizeMismatch => "size mismatch",
            ErrorKind::ApiMisuse => "API misuse",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Rng => "randomness failure",
            ErrorKind::SignatureInvalid => "invalid key signature",
            ErrorKind::KeyChanged => "contact key changed",
            ErrorKind::Rollback => "rolled-back state",
            ErrorKind::WrongAccount => "wrong account",
        };
        if self.kind == ErrorKind::Decrypt || self.detail == what {
            f.write_str(what)
        } else {
            write!(f, "{what}: {}", self.detail)
        }
    }
}

impl core::error::Error for Error {}

#[cfg(feature = "std")]
impl From<Error> for std::io::Error {
    fn from(e: Error) -> Self {
        let kind = match e.kind {
            ErrorKind::ApiMisuse => std::io::ErrorKind::InvalidInput,
            ErrorKind::SizeMismatch => std::io::ErrorKind::UnexpectedEof,
            _ => std::io::ErrorKind::InvalidData,
        };
        std::io::Error::new(kind, e)
    }
}

/// Gives a public field-less enum its stable names: `ALL` (every variant, in declaration order),
/// `as_str()` (the name) and [`core::str::FromStr`] (the name back; anything else is
/// [`ErrorKind::ApiMisuse`] with `$unknown` as detail: the names are API vocabulary, chosen by the
/// caller, never read from the wire). The bindings use these names as their string values.
macro_rules! enum_names {
    ($ty:ident, $unknown:literal, [$($variant:ident => $name:literal),+ $(,)?]) => {
        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: [$ty; [$($name),+].len()] = [$($ty::$variant),+];

            /// The variant's stable name (what the bindings use as its string value).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl core::str::FromStr for $ty {
            type Err = $crate::error::Error;

            /// The variant named `s` (exactly as [`Self::as_str`] writes it).
            fn from_str(s: &str) -> $crate::error::Result<Self> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    _ => Err($crate::error::Error::new($crate::error::ErrorKind::ApiMisuse, $unknown)),
                }
            }
        }

        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use enum_names;

/// Copies a slice of exactly `N` bytes into an array; any other length is
/// [`ErrorKind::ApiMisuse`] with `detail` (the fixed-length arguments of the public API).
pub(crate) fn array_from_slice<const N: usize>(
    bytes: &[u8],
    detail: &'static str,
) -> Result<[u8; N]> {
    bytes.try_into().map_err(|_| Error::misuse(detail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn display_is_category_plus_static_detail() {
        let e = Error::malformed("base64: invalid character");
        assert_eq!(e.to_string(), "malformed input: base64: invalid character");
        assert_eq!(e.kind(), ErrorKind::Malformed);
        assert_eq!(Error::decrypt().to_string(), "decryption failed");
    }

    #[test]
    fn codes_are_unique() {
        for (i, a) in ErrorKind::ALL.iter().enumerate() {
            for b in ErrorKind::ALL.iter().skip(i + 1) {
                assert_ne!(a.code(), b.code());
            }
        }
    }
}
