//! # megacrypt-foreign
//!
//! The one definition of megacrypt's foreign API, shared by the two binding crates
//! (`bindings/uniffi`: Kotlin, Swift, Python; `bindings/wasm`: JavaScript). Plain Rust, no FFI
//! attribute: the binding crates add the annotations (`#[uniffi::export]`, `#[wasm_bindgen]`) and
//! the object lifecycle (uniffi's `Arc` + `Mutex`, wasm-bindgen's owned structs), and call this
//! crate for everything else:
//!
//! - [`arg`]: every conversion from a foreign value to a core type (handles given as base64 text,
//!   fixed-length byte arguments, JavaScript numbers, byte-sized integers, enum names);
//! - [`ops`]: every exported operation that is more than one call of a core function with such
//!   arguments (so both languages get the same composition, the same checks, the same errors);
//! - [`error`]: the error mapping: one class, [`ERROR_CLASS`], whose variant or `code` is
//!   [`megacrypt::ErrorKind::code`];
//! - [`rng`]: the CSPRNG both bindings pass to the core.
//!
//! A core function whose arguments need no conversion is called by the binding crates directly:
//! a façade line would only repeat it. Names are decided once (see `bindings/README.md`, "Naming
//! rule") and checked by `bindings/api-check.py` against `bindings/api-differences.txt`: every
//! exported name must exist in both bindings (case-normalised) unless that file lists and explains
//! the difference. The decision record is `docs/adr/0003-one-foreign-api.md`.
//!
//! Adding a core function to both bindings: one line here if an argument needs converting, then
//! one annotated wrapper in each binding crate, with the same name.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use megacrypt::{Error, ErrorKind, Result};

pub mod accounts_modern;

/// The name of the one error class in every foreign language: `CryptoError` in Swift, Python and
/// JavaScript; Kotlin's generator (uniffi) always replaces an `Error` suffix by `Exception`, so
/// Kotlin sees `CryptoException`. Its variant (uniffi) or `code` (JavaScript) is the core's
/// [`ErrorKind::code`].
pub const ERROR_CLASS: &str = "CryptoError";

pub mod albums;

/// The error mapping and the errors the bindings raise themselves.
pub mod error {
    use super::{Error, ErrorKind};

    /// An [`ErrorKind::ApiMisuse`] for a foreign argument of the wrong shape.
    pub const fn misuse(detail: &'static str) -> Error {
        Error::new(ErrorKind::ApiMisuse, detail)
    }

    /// The error for a call on an object whose consuming method (`finish`, `verify`) already ran.
    pub const fn already_finished() -> Error {
        misuse("already finished")
    }

    /// The error for an object whose lock was poisoned (cannot happen unless a panic escaped an
    /// earlier call; reported instead of propagating the panic).
    pub const fn poisoned() -> Error {
        misuse("object unusable after an internal failure")
    }

    /// The error for a failed random number generator.
    pub const fn rng_failed() -> Error {
        Error::new(ErrorKind::Rng, "random number generator failed")
    }

    /// Every category's code, in the core's order: the variants of [`super::ERROR_CLASS`].
    pub fn codes() -> impl Iterator<Item = &'static str> {
        ErrorKind::ALL.iter().map(|k| k.code())
    }
}

/// The platform CSPRNG: the operating system's, or Web Crypto's `crypto.getRandomValues` in
/// WebAssembly (getrandom's `wasm_js` backend, enabled by the wasm binding crate).
pub fn rng() -> getrandom::SysRng {
    getrandom::SysRng
}

/// Conversions from foreign values to core types. Every byte, text and number argument of the
/// foreign API that is not already a core object goes through one of these.
pub mod arg {
    use core::str::FromStr;

    use megacrypt::file::ChunkMac;
    use megacrypt::link::LinkChild;
    use megacrypt::tlv::ContainerMode;
    use megacrypt::{MetaMac, NodeHandle, Nonce, UserHandle};

    use super::error::misuse;
    use super::{Error, Result};

    /// A node (or share, or public) handle in MEGA base64 (8 characters).
    pub fn node_handle(b64: &str) -> Result<NodeHandle> {
        NodeHandle::from_b64(b64)
    }

    /// A user handle in MEGA base64 (11 characters).
    pub fn user_handle(b64: &str) -> Result<UserHandle> {
        UserHandle::from_b64(b64)
    }

    /// An 8-byte file nonce.
    pub fn nonce(bytes: &[u8]) -> Result<Nonce> {
        Nonce::from_slice(bytes)
    }

    /// A 16-byte chunk MAC.
    pub fn chunk_mac(bytes: &[u8]) -> Result<ChunkMac> {
        ChunkMac::from_slice(bytes)
    }

    /// Chunk MACs given one per element.
    pub fn chunk_macs<B: AsRef<[u8]>>(macs: &[B]) -> Result<Vec<ChunkMac>> {
        macs.iter()
            .map(|m| ChunkMac::from_slice(m.as_ref()))
            .collect()
    }

    /// Chunk MACs given concatenated (16 bytes each), as JavaScript passes them.
    pub fn chunk_macs_concatenated(bytes: &[u8]) -> Result<Vec<ChunkMac>> {
        if !bytes.len().is_multiple_of(16) {
            return Err(misuse("chunk MACs must be a multiple of 16 bytes"));
        }
        bytes.chunks_exact(16).map(ChunkMac::from_slice).collect()
    }

    /// Chunk MACs concatenated (16 bytes each), the shape JavaScript receives.
    pub fn concatenate_chunk_macs<'a>(macs: impl IntoIterator<Item = &'a ChunkMac>) -> Vec<u8> {
        macs.into_iter().flat_map(|m| m.to_bytes()).collect()
    }

    /// An 8-byte meta-MAC.
    pub fn meta_mac(bytes: &[u8]) -> Result<MetaMac> {
        MetaMac::from_slice(bytes)
    }

    /// A byte-sized integer given as `u32`. uniffi passes `u32` where the value is a byte: JNA
    /// (Kotlin) sign-extends byte arguments of 128 and more, which Rust does not expect.
    pub fn byte(value: u32, detail: &'static str) -> Result<u8> {
        u8::try_from(value).map_err(|_| misuse(detail))
    }

    /// A length or count for the foreign side (`u32`; saturates, never fails: the values are
    /// small by construction).
    pub fn len_u32(len: usize) -> u32 {
        u32::try_from(len).unwrap_or(u32::MAX)
    }

    /// A foreign `u32` length as `usize`.
    pub fn len_usize(len: u32) -> usize {
        usize::try_from(len).unwrap_or(usize::MAX)
    }

    /// A JavaScript number that must hold a byte size or offset: a non-negative safe integer
    /// (at most 2^53 − 1).
    pub fn size(n: f64) -> Result<u64> {
        if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 {
            Ok(n as u64)
        } else {
            Err(misuse(
                "sizes and offsets must be non-negative safe integers",
            ))
        }
    }

    /// A size for JavaScript (a number; exact up to 2^53 − 1, the largest size [`size`] accepts).
    pub fn size_to_js(n: u64) -> f64 {
        n as f64
    }

    /// The variant of a core enum named `name` (its `as_str()` spelling), e.g. `"file"`,
    /// `"exact-bits"`, `"aes-gcm-12x16"`.
    pub fn name<T: FromStr<Err = Error>>(name: &str) -> Result<T> {
        name.parse()
    }

    /// The variant named `name`, or `default` when the argument was left out.
    pub fn name_or<T: FromStr<Err = Error>>(name: Option<&str>, default: T) -> Result<T> {
        name.map_or(Ok(default), str::parse)
    }

    /// The child of a folder link given as a name (`"file"`, `"folder"`, `"node"`) and a handle.
    pub fn link_child(kind: &str, handle_b64: &str) -> Result<LinkChild> {
        LinkChild::from_name(kind, node_handle(handle_b64)?)
    }

    /// An optional child given as two optional arguments (JavaScript): both or neither.
    pub fn optional_link_child(
        kind: Option<&str>,
        handle_b64: Option<&str>,
    ) -> Result<Option<LinkChild>> {
        match (kind, handle_b64) {
            (None, None) => Ok(None),
            (Some(k), Some(h)) => link_child(k, h).map(Some),
            _ => Err(misuse(
                "child needs a kind ('file', 'folder', 'node') and a handle",
            )),
        }
    }

    /// The 32-byte salt of a `#P!` link.
    pub fn protected_link_salt(bytes: &[u8]) -> Result<[u8; 32]> {
        bytes
            .try_into()
            .map_err(|_| misuse("salt must be 32 bytes"))
    }

    /// A container mode given by its mode byte.
    pub fn container_mode_byte(byte: u32) -> Result<ContainerMode> {
        ContainerMode::from_byte(self::byte(byte, "mode byte must be 0..=255")?)
    }
}

pub mod metadata;

/// The exported operations that are more than one core call on converted arguments.
pub mod ops {
    use megacrypt::file::{self, ChunkLayout};
    use megacrypt::hashcash::{self, HashcashChallenge};
    use megacrypt::link::{self, ProtectedLink, PublicLink};
    use megacrypt::policy::CompatibilityPolicy;
    use megacrypt::rsa::{RsaPrivateKey, RsaPublicKey, SessionId};
    use megacrypt::share::{self, KeyContext, NodeKeySource, ShareKeyring};
    use megacrypt::tlv::{self, ContainerMode, TlvRecords};
    use megacrypt::{
        AesKey, ContentKey, FileKey, FolderKey, MasterKey, NodeKey, Nonce, ShareKey, hazmat, kdf,
    };

    use super::{Result, arg, error, rng};

    /// `len` bytes from the platform CSPRNG.
    pub fn random_bytes(len: u32) -> Result<Vec<u8>> {
        let mut v = vec![0u8; arg::len_usize(len)];
        getrandom::fill(&mut v).map_err(|_| error::rng_failed())?;
        Ok(v)
    }

    /// A fresh random 8-byte file nonce.
    pub fn generate_nonce() -> Result<Nonce> {
        Nonce::generate(&mut rng())
    }

    /// A content key from an AES key and an 8-byte nonce.
    pub fn content_key_from_parts(key: &AesKey, nonce: &[u8]) -> Result<ContentKey> {
        Ok(ContentKey::from_parts(key.clone(), arg::nonce(nonce)?))
    }

    /// A file key from a content key and an 8-byte meta-MAC.
    pub fn file_key_from_parts(content_key: &ContentKey, meta_mac: &[u8]) -> Result<FileKey> {
        Ok(FileKey::from_parts(
            content_key.clone(),
            arg::meta_mac(meta_mac)?,
        ))
    }

    /// Compares a computed 8-byte meta-MAC with the key's (constant time); the verified size.
    pub fn verify_meta_mac(key: &FileKey, computed: &[u8], size: u64) -> Result<u64> {
        Ok(file::verify_meta_mac(key, &arg::meta_mac(computed)?, size)?.len())
    }

    /// Checks plaintext covering whole chunks from `offset` against recorded chunk MACs.
    pub fn verify_chunks(
        cipher: &file::ChunkCipher,
        layout: &ChunkLayout,
        offset: u64,
        plaintext: &[u8],
        expected: &[file::ChunkMac],
    ) -> Result<()> {
        cipher.verify_chunks(layout, offset, plaintext, expected)
    }

    /// The hash prefix of a 48-byte token and a 4-byte nonce.
    pub fn hashcash_prefix(token: &[u8], nonce: &[u8]) -> Result<u32> {
        Ok(hashcash::hash_prefix(
            hashcash::token_from_slice(token)?,
            hashcash::nonce_from_slice(nonce)?,
        ))
    }

    /// Whether a 4-byte nonce solves a token at an easiness.
    pub fn hashcash_verify(token: &[u8], easiness: u32, nonce: &[u8]) -> Result<bool> {
        Ok(hashcash::verify(
            hashcash::token_from_slice(token)?,
            arg::byte(easiness, "easiness must be 0..=255")?,
            hashcash::nonce_from_slice(nonce)?,
        ))
    }

    /// The threshold for an easiness byte.
    pub fn hashcash_threshold(easiness: u32) -> Result<u32> {
        Ok(hashcash::threshold(arg::byte(
            easiness,
            "easiness must be 0..=255",
        )?))
    }

    /// Whether a 4-byte nonce solves a parsed challenge.
    pub fn hashcash_challenge_verify(c: &HashcashChallenge, nonce: &[u8]) -> Result<bool> {
        Ok(hashcash::verify(
            &c.token,
            c.easiness,
            hashcash::nonce_from_slice(nonce)?,
        ))
    }

    /// The response header value for a 4-byte nonce.
    pub fn hashcash_challenge_response(c: &HashcashChallenge, nonce: &[u8]) -> Result<String> {
        Ok(c.response(hashcash::nonce_from_slice(nonce)?))
    }

    /// The v2 signup salt from a 16-byte client random value.
    pub fn v2_salt(client_random_value: &[u8]) -> Result<[u8; 32]> {
        Ok(kdf::v2_salt(kdf::client_random_value_from_slice(
            client_random_value,
        )?))
    }

    /// The v1 user hash with an optional email encoding name (default: the webclient's).
    pub fn user_hash_v1(
        email: &str,
        password_key: &megacrypt::PasswordKey,
        encoding: Option<kdf::EmailEncoding>,
    ) -> [u8; 8] {
        kdf::user_hash_v1_with(email, password_key, encoding.unwrap_or_default())
    }

    /// The `#P!` key derivation over a 32-byte salt (64 bytes, secret).
    pub fn derive_protected_link_key(password: &[u8], salt: &[u8]) -> Result<Vec<u8>> {
        let salt = arg::protected_link_salt(salt)?;
        Ok(link::derive_protected_link_key(password, &salt).to_vec())
    }

    /// Hazardous: protects a link with a caller-chosen 32-byte salt (known answers only).
    pub fn hazmat_protect_with_salt(
        link: &PublicLink,
        password: &str,
        salt: &[u8],
    ) -> Result<ProtectedLink> {
        hazmat::protect_link_with_salt(link, password, arg::protected_link_salt(salt)?)
    }

    /// Protects a link with a fresh random salt.
    pub fn protect(link: &PublicLink, password: &str) -> Result<ProtectedLink> {
        ProtectedLink::protect(link, password, &mut rng())
    }

    /// A file link from a base64 handle and a file key.
    pub fn public_file_link(handle_b64: &str, key: &FileKey) -> Result<PublicLink> {
        Ok(PublicLink::file(arg::node_handle(handle_b64)?, key.clone()))
    }

    /// A folder link from a base64 handle, the folder key and an optional child.
    pub fn public_folder_link(
        handle_b64: &str,
        key: &FolderKey,
        child: Option<link::LinkChild>,
    ) -> Result<PublicLink> {
        Ok(PublicLink::folder(
            arg::node_handle(handle_b64)?,
            key.clone(),
            child,
        ))
    }

    /// A link without its key.
    pub fn keyless_link(kind: link::LinkKind, handle_b64: &str) -> Result<PublicLink> {
        Ok(PublicLink::keyless(kind, arg::node_handle(handle_b64)?))
    }

    /// The write policy of the container functions: strict, with the 8-byte-tag modes only when
    /// the caller allows them.
    pub fn container_policy(allow_short_tag_writes: bool) -> CompatibilityPolicy {
        CompatibilityPolicy::strict().with_short_tag_container_writes(allow_short_tag_writes)
    }

    /// Seals records with a fresh random IV.
    pub fn seal_container(
        key: &AesKey,
        records: &TlvRecords,
        mode: ContainerMode,
        allow_short_tag_writes: bool,
    ) -> Result<Vec<u8>> {
        tlv::seal_container(
            key,
            records,
            mode,
            &container_policy(allow_short_tag_writes),
            &mut rng(),
        )
    }

    /// Hazardous: seals records with a caller-chosen IV (known answers only).
    pub fn hazmat_seal_container_with_iv(
        key: &AesKey,
        records: &TlvRecords,
        mode: ContainerMode,
        iv: &[u8],
        allow_short_tag_writes: bool,
    ) -> Result<Vec<u8>> {
        hazmat::seal_container_with_iv(
            key,
            records,
            mode,
            iv,
            &container_policy(allow_short_tag_writes),
        )
    }

    /// Unwraps the AES items of a `k` field for a logged-in account.
    pub fn unwrap_key_field_for_account(
        k: &str,
        user_handle_b64: &str,
        master_key: &MasterKey,
        keyring: &ShareKeyring,
    ) -> Result<Vec<(NodeKeySource, NodeKey)>> {
        let user = arg::user_handle(user_handle_b64)?;
        keyring.unwrap_key_field(
            k,
            KeyContext::Account {
                user: &user,
                master_key,
            },
        )
    }

    /// Unwraps the AES items of a `k` field in a folder-link session.
    pub fn unwrap_key_field_for_folder_link(
        k: &str,
        root_handle_b64: &str,
        folder_key: &FolderKey,
        keyring: &ShareKeyring,
    ) -> Result<Vec<(NodeKeySource, NodeKey)>> {
        let root = arg::node_handle(root_handle_b64)?;
        keyring.unwrap_key_field(
            k,
            KeyContext::FolderLink {
                root: &root,
                key: folder_key.as_aes_key(),
            },
        )
    }

    /// Records a share key in a keyring under a base64 share handle.
    pub fn keyring_insert(
        keyring: &mut ShareKeyring,
        share_handle_b64: &str,
        key: &ShareKey,
    ) -> Result<()> {
        keyring.insert(arg::node_handle(share_handle_b64)?, key.clone());
        Ok(())
    }

    /// The share root whose key opened a node key, as base64 (`None`: the context's own key).
    pub fn node_key_source_handle(source: &NodeKeySource) -> Option<String> {
        match source {
            NodeKeySource::Context => None,
            NodeKeySource::Share(h) => Some(h.to_b64()),
        }
    }

    /// The `ha` value (16 bytes) for a base64 share handle.
    pub fn handle_auth(master_key: &MasterKey, share_handle_b64: &str) -> Result<[u8; 16]> {
        Ok(share::handle_auth(
            master_key,
            &arg::node_handle(share_handle_b64)?,
        ))
    }

    /// The `ha` value in base64 for a base64 share handle.
    pub fn handle_auth_b64(master_key: &MasterKey, share_handle_b64: &str) -> Result<String> {
        Ok(share::handle_auth_b64(
            master_key,
            &arg::node_handle(share_handle_b64)?,
        ))
    }

    /// Checks an `ha` value in constant time.
    pub fn verify_handle_auth(
        master_key: &MasterKey,
        share_handle_b64: &str,
        ha_b64: &str,
    ) -> Result<()> {
        share::verify_handle_auth(master_key, &arg::node_handle(share_handle_b64)?, ha_b64)
    }

    /// The owner's share key from an `ok` element.
    pub fn unwrap_owner_share_key(
        master_key: &MasterKey,
        share_handle_b64: &str,
        ok_b64: &str,
        ha_b64: &str,
    ) -> Result<ShareKey> {
        share::unwrap_owner_share_key(
            master_key,
            &arg::node_handle(share_handle_b64)?,
            ok_b64,
            ha_b64,
        )
    }

    /// Decrypts a `csid` and checks that it carries the base64 user handle.
    pub fn decrypt_session_id(
        key: &RsaPrivateKey,
        csid_b64: &str,
        user_handle_b64: &str,
    ) -> Result<SessionId> {
        key.decrypt_session_id(csid_b64, &arg::user_handle(user_handle_b64)?, &mut rng())
    }

    /// Checks that a session id carries the base64 user handle.
    pub fn verify_user_handle(sid: &SessionId, user_handle_b64: &str) -> Result<()> {
        sid.verify_user_handle(&arg::user_handle(user_handle_b64)?)
    }

    /// Decrypts RSA-encrypted key material of `len` (16 or 32) bytes.
    pub fn decrypt_key_bytes(key: &RsaPrivateKey, ct_b64: &str, len: u32) -> Result<Vec<u8>> {
        Ok(key
            .decrypt_key_bytes(ct_b64, arg::len_usize(len), &mut rng())?
            .to_vec())
    }

    /// The RSA login step: the validated private key and the session id bound to the user.
    pub fn open_login_session(
        master_key: &MasterKey,
        privk_b64: &str,
        csid_b64: &str,
        user_handle_b64: &str,
        pinned: Option<&RsaPublicKey>,
    ) -> Result<(RsaPrivateKey, SessionId)> {
        megacrypt::rsa::open_login_session(
            master_key,
            privk_b64,
            csid_b64,
            &arg::user_handle(user_handle_b64)?,
            pinned,
            &mut rng(),
        )
    }
}

/// A file transfer whose AES work runs outside the core (the JavaScript binding's Web Crypto
/// engine): the core plans each batch ([`megacrypt::file::plan_batch`]), collects the chunk MACs
/// the backend computed, folds them and checks the result. The backend keeps no MEGA rule.
pub mod planned {
    use megacrypt::file::{self, BatchPlan, ChunkMac, MetaMacAccumulator};
    use megacrypt::{ContentKey, FileKey};

    use super::{Result, arg, error, rng};

    /// The state both directions share.
    pub struct PlannedTransfer {
        content_key: ContentKey,
        offset: u64,
        macs: Vec<(u32, ChunkMac)>,
        key_exported: bool,
    }

    impl PlannedTransfer {
        /// An upload under a fresh random content key and nonce.
        pub fn upload() -> Result<Self> {
            Ok(Self::with_key(ContentKey::generate(&mut rng())?))
        }

        /// A transfer under a given content key (an upload with a chosen key, or a download: the
        /// file key's content key).
        pub fn with_key(content_key: ContentKey) -> Self {
            PlannedTransfer {
                content_key,
                offset: 0,
                macs: Vec::new(),
                key_exported: false,
            }
        }

        /// The raw content key, once, for the backend to import as a non-extractable key; a
        /// second call is `ApiMisuse`. Secret.
        pub fn export_key_for_import(&mut self) -> Result<Vec<u8>> {
            if self.key_exported {
                return Err(error::misuse("the key was already exported for import"));
            }
            self.key_exported = true;
            Ok(self.content_key.aes_key().as_bytes().to_vec())
        }

        /// The IV of every chunk CBC-MAC.
        pub fn cbc_mac_iv(&self) -> [u8; 16] {
            file::cbc_mac_iv(self.content_key.nonce())
        }

        /// Bytes planned so far (the offset of the next batch).
        pub fn bytes_planned(&self) -> u64 {
            self.offset
        }

        /// The plan of the next `len` bytes; advances the offset.
        pub fn plan(&mut self, len: usize) -> Result<BatchPlan> {
            let plan = file::plan_batch(self.content_key.nonce(), self.offset, len)?;
            self.offset += u64::try_from(len).map_err(|_| error::misuse("batch too large"))?;
            Ok(plan)
        }

        /// Records the 16-byte MAC the backend computed for chunk `index`.
        pub fn add_mac(&mut self, index: u32, mac: &[u8]) -> Result<()> {
            self.macs.push((index, arg::chunk_mac(mac)?));
            Ok(())
        }

        fn accumulator(&self) -> Result<MetaMacAccumulator> {
            let mut acc = MetaMacAccumulator::new(self.content_key.aes_key(), self.offset)?;
            for (index, mac) in &self.macs {
                acc.insert_index(*index, *mac)?;
            }
            Ok(acc)
        }

        /// Ends an upload: the file key (`ApiMisuse` if a chunk MAC is missing).
        pub fn finish_upload(self) -> Result<FileKey> {
            let meta_mac = self.accumulator()?.finish()?;
            Ok(FileKey::from_parts(self.content_key, meta_mac))
        }

        /// Ends a download: checks the size (if known) and the meta-MAC; the verified size.
        pub fn finish_download(self, key: &FileKey, expected_size: Option<u64>) -> Result<u64> {
            if let Some(expected) = expected_size {
                file::check_download_size(self.offset, expected)?;
            }
            Ok(self.accumulator()?.verify(key)?.len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_non_negative_safe_integers() {
        assert_eq!(arg::size(0.0).unwrap(), 0);
        assert_eq!(
            arg::size(9_007_199_254_740_991.0).unwrap(),
            (1u64 << 53) - 1
        );
        for bad in [-1.0, 0.5, f64::NAN, f64::INFINITY, 9_007_199_254_740_992.0] {
            assert_eq!(
                arg::size(bad).unwrap_err().kind(),
                ErrorKind::ApiMisuse,
                "{bad}"
            );
        }
    }

    #[test]
    fn bytes_above_255_are_refused() {
        assert_eq!(arg::byte(255, "x").unwrap(), 255);
        assert_eq!(
            arg::byte(256, "x").unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
    }

    #[test]
    fn concatenated_chunk_macs_come_in_16_byte_steps() {
        let macs = arg::chunk_macs_concatenated(&[7u8; 48]).unwrap();
        assert_eq!(macs.len(), 3);
        assert_eq!(arg::concatenate_chunk_macs(&macs), vec![7u8; 48]);
        assert_eq!(
            arg::chunk_macs_concatenated(&[0u8; 17]).unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
        assert!(arg::chunk_macs_concatenated(&[]).unwrap().is_empty());
    }

    #[test]
    fn link_child_needs_both_parts() {
        assert!(arg::optional_link_child(None, None).unwrap().is_none());
        assert!(
            arg::optional_link_child(Some("file"), Some("AAAAAAAA"))
                .unwrap()
                .is_some()
        );
        for (k, h) in [
            (Some("file"), None),
            (None, Some("AAAAAAAA")),
            (Some("dir"), Some("AAAAAAAA")),
        ] {
            assert_eq!(
                arg::optional_link_child(k, h).unwrap_err().kind(),
                ErrorKind::ApiMisuse
            );
        }
    }

    #[test]
    fn error_class_lists_every_core_code_once() {
        let codes: Vec<_> = error::codes().collect();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
        let unique: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), codes.len());
        assert_eq!(ERROR_CLASS, "CryptoError");
    }

    #[test]
    fn hashcash_arguments_have_their_format_lengths() {
        assert_eq!(
            ops::hashcash_prefix(&[0u8; 47], &[0u8; 4])
                .unwrap_err()
                .kind(),
            ErrorKind::ApiMisuse
        );
        assert_eq!(
            ops::hashcash_prefix(&[0u8; 48], &[0u8; 3])
                .unwrap_err()
                .kind(),
            ErrorKind::ApiMisuse
        );
        assert_eq!(
            ops::hashcash_threshold(256).unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
        assert_eq!(
            ops::v2_salt(&[0u8; 15]).unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
        assert_eq!(
            ops::derive_protected_link_key(b"pw", &[0u8; 31])
                .unwrap_err()
                .kind(),
            ErrorKind::ApiMisuse
        );
    }
}
