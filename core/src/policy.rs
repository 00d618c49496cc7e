//! Compatibility tolerances, off by default.
//!
//! MEGA's official clients accept a few things that a strict reader refuses, because data written
//! by their own old or buggy versions depends on them. megacrypt applies a tolerance only when the
//! caller opts in through a [`CompatibilityPolicy`] (ideally per item, after telling the user),
//! because each one is also something a malicious server could try to use.
//!
//! Offered tolerances:
//!
//! | field | official client | risk when enabled | honoured by |
//! |---|---|---|---|
//! | [`allow_short_tag_container_writes`](CompatibilityPolicy::allow_short_tag_container_writes) | can still write the 8-byte-tag TLV modes `0x02`, `0x04`, `0x11` (docs/format/tlv.md#modes) | 64-bit tags on new data (docs/security-notes.md#key-manager-contacts-and-downgrade: read, never write) | [`crate::tlv::seal_container`] |
//!
//! Tolerances of the official clients that megacrypt deliberately does **not** offer:
//!
//! | official client | why not |
//! |---|---|
//! | webclient `allownullkeys`: a file key with equal halves (zero content key, docs/format/node-attributes.md#unusable-node-keys) | it is BHP attack A4 (forged files under the all-zero key); [`crate::FileKey`] cannot hold such a key |
//! | SDK "late gap" meta-MAC leniency (docs/format/files.md#late-gap-leniency) | a second accepted MAC layout for every download; the file engine verifies the one real layout |
//! | RSA plaintexts of full modulus length (`m ≥ 2^(8(K−1))`): the SDK reads them at offset 0, the webclient at offset 1 (docs/format/rsa.md#decryption-and-plaintext-extraction) | the two clients disagree, and no genuine MEGA ciphertext has that shape; accepting either offset widens the login oracle |
//! | private keys that fail validation, session ids without the user-handle binding | these checks are what stops the published key-recovery attacks |
//!
//! Reading is never restricted by the policy: every mode byte and both MPI header styles are read.

/// Which compatibility tolerances of the official clients to apply. `Default` (= [`Self::STRICT`])
/// applies none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct CompatibilityPolicy {
    /// Allow writing TLV containers with 8-byte tags (modes `0x02`, `0x04`, `0x11`).
    pub allow_short_tag_container_writes: bool,
}

impl CompatibilityPolicy {
    /// No tolerance at all (the default).
    pub const STRICT: CompatibilityPolicy = CompatibilityPolicy {
        allow_short_tag_container_writes: false,
    };

    /// Every tolerance megacrypt offers, for tools that must write what MEGA's own clients write
    /// (interoperability tests). Not for normal use.
    pub const OFFICIAL_CLIENT: CompatibilityPolicy = CompatibilityPolicy {
        allow_short_tag_container_writes: true,
    };

    /// The strict policy (same as `default()`), as a starting point for builder-style changes.
    pub const fn strict() -> Self {
        Self::STRICT
    }

    /// Returns a copy with [`allow_short_tag_container_writes`](Self::allow_short_tag_container_writes) set.
    pub const fn with_short_tag_container_writes(mut self, on: bool) -> Self {
        self.allow_short_tag_container_writes = on;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_strict() {
        assert_eq!(CompatibilityPolicy::default(), CompatibilityPolicy::STRICT);
        assert!(!CompatibilityPolicy::default().allow_short_tag_container_writes);
        assert!(
            CompatibilityPolicy::strict()
                .with_short_tag_container_writes(true)
                .allow_short_tag_container_writes
        );
        assert_ne!(
            CompatibilityPolicy::OFFICIAL_CLIENT,
            CompatibilityPolicy::STRICT
        );
    }
}
