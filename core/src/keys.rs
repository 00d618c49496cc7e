//! Typed keys.
//!
//! Every secret type here:
//! - has an exact-length constructor and rejects the all-zero value (which real MEGA clients also
//!   refuse: SDK `SymmCipher::isZeroKey`, webclient `allowNullKeys`);
//! - is zeroized on drop;
//! - has a `Debug` that prints the type name only;
//! - compares in constant time (`PartialEq`);
//! - has no `Default`.
//!
//! | type | bytes | what it is |
//! |---|---|---|
//! | [`AesKey`] | 16 | any AES-128 key |
//! | [`PasswordKey`] | 16 | output of the login KDF; unwraps the master key |
//! | [`MasterKey`] | 16 | the account master key; wraps own node keys, share keys, the RSA key |
//! | [`FolderKey`] | 16 | a folder's node key (= the key of a folder link / share) |
//! | [`ShareKey`] | 16 | a share's key; wraps node keys inside a shared folder |
//! | [`AuthKey`] | 16 | v2 login credential sent as `uh` |
//! | [`Nonce`] | 8 | a file's CTR nonce |
//! | [`MetaMac`] | 8 | a file's condensed MAC |
//! | [`ContentKey`] | 16+8 | a file's content key and CTR nonce: what encrypts the content |
//! | [`FileKey`] | 16+8+8 | a content key plus its meta-MAC; packs to the 32-byte node key |

use core::fmt;

use rand_core::TryCryptoRng;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::base64;
use crate::error::{Error, Result};
use crate::primitives::{self, ct_eq, ct_is_zero};

/// Fills `buf` from a caller-supplied CSPRNG, mapping its failure to [`crate::ErrorKind::Rng`].
pub(crate) fn fill_random<R: TryCryptoRng + ?Sized>(rng: &mut R, buf: &mut [u8]) -> Result<()> {
    rng.try_fill_bytes(buf).map_err(|_| Error::rng())
}

macro_rules! secret_bytes {
    ($(#[$m:meta])* $name:ident, $n:expr, $what:literal) => {
        $(#[$m])*
        #[derive(Clone, Zeroize, ZeroizeOnDrop)]
        pub struct $name([u8; $n]);

        impl $name {
            /// Length in bytes.
            pub const LEN: usize = $n;

            /// Wraps exactly this many bytes; the all-zero value is rejected.
            pub fn from_bytes(bytes: [u8; $n]) -> Result<Self> {
                let k = $name(bytes);
                if ct_is_zero(&k.0) {
                    return Err(Error::invalid_key(concat!($what, " is all zero")));
                }
                Ok(k)
            }

            /// Copies from a slice that must have exactly [`Self::LEN`] bytes.
            pub fn from_slice(bytes: &[u8]) -> Result<Self> {
                let arr: [u8; $n] = bytes
                    .try_into()
                    .map_err(|_| Error::invalid_key(concat!($what, " has the wrong length")))?;
                Self::from_bytes(arr)
            }

            /// Decodes MEGA base64 of exactly [`Self::LEN`] bytes.
            pub fn from_b64(s: &str) -> Result<Self> {
                let bytes = Zeroizing::new(base64::decode_array::<$n>(s)?);
                Self::from_bytes(*bytes)
            }

            /// Draws a fresh value from a CSPRNG.
            pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self> {
                let mut b = Zeroizing::new([0u8; $n]);
                loop {
                    fill_random(rng, b.as_mut())?;
                    if !ct_is_zero(b.as_ref()) {
                        return Ok($name(*b));
                    }
                }
            }

            /// The raw bytes. Handle with care: this is secret material.
            pub fn as_bytes(&self) -> &[u8; $n] {
                &self.0
            }

            /// MEGA base64 of the raw bytes. Handle with care: this is secret material.
            pub fn to_b64(&self) -> alloc::string::String {
                base64::encode(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                ct_eq(&self.0, &other.0)
            }
        }
        impl Eq for $name {}
    };
}

secret_bytes!(
    /// A 16-byte AES-128 key.
    AesKey, 16, "AES key"
);
secret_bytes!(
    /// The v2 login *auth key* (second half of the PBKDF2 output). Sent to the server as the user
    /// hash `uh` at login, so it is a credential: never log it.
    AuthKey, 16, "auth key"
);
secret_bytes!(
    /// The 8-byte nonce of a file's AES-CTR stream (also the CBC-MAC IV, doubled).
    Nonce, 8, "nonce"
);

/// A file's 8-byte condensed MAC (meta-MAC). Unlike keys it may be all zero: that is the meta-MAC
/// of an empty file.
#[derive(Clone, Copy, Zeroize)]
pub struct MetaMac([u8; 8]);

impl TryFrom<&[u8]> for MetaMac {
    type Error = Error;
    /// [`MetaMac::from_slice`].
    fn try_from(bytes: &[u8]) -> Result<Self> {
        MetaMac::from_slice(bytes)
    }
}

impl MetaMac {
    /// Wraps 8 bytes.
    pub const fn from_bytes(bytes: [u8; 8]) -> Self {
        MetaMac(bytes)
    }
    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 8] {
        &self.0
    }
    /// Copies a slice of exactly 8 bytes ([`crate::ErrorKind::ApiMisuse`] otherwise).
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        crate::error::array_from_slice(bytes, "a meta-MAC must be 8 bytes").map(MetaMac)
    }
    /// Condenses a 16-byte CBC-MAC accumulator: `(w0 ^ w1) || (w2 ^ w3)` over big-endian words.
    pub fn condense(acc: &[u8; 16]) -> Self {
        let w = |i: usize| {
            let mut b = [0u8; 4];
            for (j, d) in b.iter_mut().enumerate() {
                *d = acc.get(4 * i + j).copied().unwrap_or(0);
            }
            u32::from_be_bytes(b)
        };
        let (hi, lo) = ((w(0) ^ w(1)).to_be_bytes(), (w(2) ^ w(3)).to_be_bytes());
        let mut m = [0u8; 8];
        for (d, s) in m.iter_mut().zip(hi.iter().chain(lo.iter())) {
            *d = *s;
        }
        MetaMac(m)
    }
}

impl fmt::Debug for MetaMac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MetaMac(<redacted>)")
    }
}

impl PartialEq for MetaMac {
    /// Constant-time comparison.
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}
impl Eq for MetaMac {}

macro_rules! aes_key_newtype {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(AesKey);

        impl $name {
            /// Length in bytes.
            pub const LEN: usize = 16;
            /// Wraps 16 bytes; the all-zero key is rejected.
            pub fn from_bytes(bytes: [u8; 16]) -> Result<Self> {
                AesKey::from_bytes(bytes).map($name)
            }
            /// Copies from a slice of exactly 16 bytes; the all-zero key is rejected.
            pub fn from_slice(bytes: &[u8]) -> Result<Self> {
                AesKey::from_slice(bytes).map($name)
            }
            /// Decodes MEGA base64 of exactly 16 bytes (22 characters).
            pub fn from_b64(s: &str) -> Result<Self> {
                AesKey::from_b64(s).map($name)
            }
            /// Draws a fresh key from a CSPRNG.
            pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self> {
                AesKey::generate(rng).map($name)
            }
            /// The raw key bytes. Handle with care: this is secret material.
            pub fn as_bytes(&self) -> &[u8; 16] {
                self.0.as_bytes()
            }
            /// MEGA base64 of the key (22 characters). Handle with care.
            pub fn to_b64(&self) -> alloc::string::String {
                self.0.to_b64()
            }
            /// The key as a plain [`AesKey`].
            pub fn as_aes_key(&self) -> &AesKey {
                &self.0
            }
        }

        impl From<AesKey> for $name {
            fn from(k: AesKey) -> Self {
                $name(k)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

pub(crate) use aes_key_newtype;

aes_key_newtype!(
    /// The key derived from the account password (v1 `prepare_key` or the first half of v2 PBKDF2).
    /// It only unwraps the master key.
    PasswordKey
);
aes_key_newtype!(
    /// The account master key.
    MasterKey
);
aes_key_newtype!(
    /// A folder's 16-byte node key. It encrypts the folder's attributes and, for an exported folder,
    /// it is the key in the folder link.
    FolderKey
);
aes_key_newtype!(
    /// A share key: wraps the node keys of every node inside a shared or exported folder.
    ShareKey
);

impl From<FolderKey> for ShareKey {
    fn from(k: FolderKey) -> Self {
        ShareKey(k.0.clone())
    }
}

/// A file's content key: the AES-128 key and the 8-byte CTR nonce that encrypt (and MAC) the
/// file's content. An upload has one from the start; its [`MetaMac`] exists only once the whole
/// content has been encrypted, which turns it into a [`FileKey`].
///
/// Byte form ([`Self::to_bytes`]): `key (16) || nonce (8)`. Zeroized on drop (both parts are),
/// `Debug` prints the type name only, comparison is constant-time.
#[derive(Clone, PartialEq, Eq)]
pub struct ContentKey {
    key: AesKey,
    nonce: Nonce,
}

impl ContentKey {
    /// Length of the byte form: 16 key bytes and 8 nonce bytes.
    pub const LEN: usize = 24;

    /// Assembles a content key from its key and nonce.
    pub fn from_parts(key: AesKey, nonce: Nonce) -> Self {
        ContentKey { key, nonce }
    }

    /// Draws a fresh key, then a fresh nonce, from a CSPRNG.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self> {
        let key = AesKey::generate(rng)?;
        let nonce = Nonce::generate(rng)?;
        Ok(ContentKey { key, nonce })
    }

    /// Splits `key (16) || nonce (8)`; an all-zero key or nonce is rejected (`InvalidKey`).
    pub fn from_bytes(bytes: [u8; 24]) -> Result<Self> {
        let bytes = Zeroizing::new(bytes);
        Self::from_slice(bytes.as_ref())
    }

    /// [`Self::from_bytes`] on a slice that must have exactly [`Self::LEN`] bytes
    /// (`InvalidKey` otherwise).
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        if bytes.len() != Self::LEN {
            return Err(Error::invalid_key(
                "content key must be 24 bytes (key and nonce)",
            ));
        }
        let (k, n) = bytes.split_at(AesKey::LEN);
        Ok(ContentKey {
            key: AesKey::from_slice(k)?,
            nonce: Nonce::from_slice(n)?,
        })
    }

    /// The byte form `key (16) || nonce (8)`. Handle with care: this is secret material.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 24]> {
        let mut out = Zeroizing::new([0u8; 24]);
        for (d, s) in out
            .iter_mut()
            .zip(self.key.as_bytes().iter().chain(self.nonce.as_bytes()))
        {
            *d = *s;
        }
        out
    }

    /// The AES-128 content key.
    pub fn aes_key(&self) -> &AesKey {
        &self.key
    }

    /// The CTR nonce.
    pub fn nonce(&self) -> &Nonce {
        &self.nonce
    }
}

impl fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ContentKey(<redacted>)")
    }
}

/// A file's keys: its [`ContentKey`] (AES-128 key and CTR nonce) and the expected meta-MAC.
///
/// MEGA stores and shares them packed into the 32-byte *node key*
/// `(key ^ (nonce || meta_mac)) || nonce || meta_mac` (docs/format/files.md#node-key-packing); a
/// file link carries that packed form.
#[derive(Clone, PartialEq, Eq)]
pub struct FileKey {
    content: ContentKey,
    meta_mac: MetaMac,
}

impl FileKey {
    /// Length of the packed node key.
    pub const NODE_KEY_LEN: usize = 32;

    /// Assembles a file key from a content key and the meta-MAC of the content it encrypted.
    pub fn from_parts(content_key: ContentKey, meta_mac: MetaMac) -> Self {
        FileKey {
            content: content_key,
            meta_mac,
        }
    }

    /// Unpacks a 32-byte node key.
    ///
    /// Rejects node keys whose two halves are equal: their content key (the XOR of the halves)
    /// would be all zero. The webclient refuses such keys too.
    pub fn from_node_key(nk: &[u8; 32]) -> Result<Self> {
        let mut folded = Zeroizing::new([0u8; 16]);
        folded.copy_from_slice(&nk[..16]);
        primitives::xor_in_place(folded.as_mut(), &nk[16..]);
        if ct_is_zero(folded.as_ref()) {
            return Err(Error::invalid_key(
                "file node key has equal halves (zero content key)",
            ));
        }
        let key = AesKey::from_bytes(*folded)?;
        let mut n = [0u8; 8];
        n.copy_from_slice(&nk[16..24]);
        let nonce = Nonce(n);
        let mut m = [0u8; 8];
        m.copy_from_slice(&nk[24..32]);
        Ok(FileKey {
            content: ContentKey { key, nonce },
            meta_mac: MetaMac(m),
        })
    }

    /// Unpacks a node key from a slice that must be exactly 32 bytes.
    pub fn from_node_key_slice(nk: &[u8]) -> Result<Self> {
        let arr: &[u8; 32] = nk
            .try_into()
            .map_err(|_| Error::invalid_key("file node key must be 32 bytes"))?;
        Self::from_node_key(arr)
    }

    /// Decodes and unpacks a node key from MEGA base64 (43 characters), as found in file links.
    pub fn from_b64(s: &str) -> Result<Self> {
        let nk = Zeroizing::new(base64::decode_array::<32>(s)?);
        Self::from_node_key(&nk)
    }

    /// Packs the 32-byte node key.
    pub fn to_node_key(&self) -> Zeroizing<[u8; 32]> {
        let mut nk = Zeroizing::new([0u8; 32]);
        let parts = self
            .content
            .key
            .as_bytes()
            .iter()
            .chain(self.content.nonce.as_bytes())
            .chain(self.meta_mac.as_bytes());
        for (d, s) in nk.iter_mut().zip(parts) {
            *d = *s;
        }
        let (lo, hi) = nk.split_at_mut(16);
        primitives::xor_in_place(lo, hi);
        nk
    }

    /// MEGA base64 of the packed node key (43 characters): the key part of a file link.
    pub fn to_b64(&self) -> alloc::string::String {
        base64::encode(self.to_node_key().as_ref())
    }

    /// The AES-128 content key (the "folded" node key). It also encrypts the file's node
    /// attributes and file attributes (thumbnails, previews).
    pub fn aes_key(&self) -> &AesKey {
        &self.content.key
    }

    /// The CTR nonce.
    pub fn nonce(&self) -> &Nonce {
        &self.content.nonce
    }

    /// The content key (AES key and nonce) without the meta-MAC.
    pub fn content_key(&self) -> &ContentKey {
        &self.content
    }

    /// The meta-MAC that the file's content must condense to.
    pub fn meta_mac(&self) -> &MetaMac {
        &self.meta_mac
    }
}

impl fmt::Debug for FileKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FileKey(<redacted>)")
    }
}

/// The key of a node: a file's packed key or a folder's key.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum NodeKey {
    /// A file node (32-byte packed key).
    File(FileKey),
    /// A folder node (16-byte key).
    Folder(FolderKey),
}

impl NodeKey {
    /// Interprets unwrapped node-key bytes by their length: 32 bytes = file, 16 bytes = folder.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        match bytes.len() {
            32 => FileKey::from_node_key_slice(bytes).map(NodeKey::File),
            16 => FolderKey::from_slice(bytes).map(NodeKey::Folder),
            _ => Err(Error::invalid_key(
                "node key must be 16 (folder) or 32 (file) bytes",
            )),
        }
    }

    /// The raw node-key bytes as stored (packed 32 bytes for files, 16 for folders).
    pub fn to_bytes(&self) -> Zeroizing<alloc::vec::Vec<u8>> {
        match self {
            NodeKey::File(k) => Zeroizing::new(k.to_node_key().to_vec()),
            NodeKey::Folder(k) => Zeroizing::new(k.as_bytes().to_vec()),
        }
    }

    /// The AES key that encrypts this node's attributes: the folded key of a file, a folder's key
    /// as is.
    pub fn attribute_key(&self) -> &AesKey {
        match self {
            NodeKey::File(k) => k.aes_key(),
            NodeKey::Folder(k) => k.as_aes_key(),
        }
    }
}

impl From<FileKey> for NodeKey {
    fn from(k: FileKey) -> Self {
        NodeKey::File(k)
    }
}
impl From<FolderKey> for NodeKey {
    fn from(k: FolderKey) -> Self {
        NodeKey::Folder(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    fn hex16(s: &str) -> [u8; 16] {
        let v = hex::decode(s).unwrap();
        v.try_into().unwrap()
    }

    #[test]
    fn zero_keys_are_rejected() {
        assert_eq!(
            AesKey::from_bytes([0; 16]).unwrap_err().kind(),
            crate::ErrorKind::InvalidKey
        );
        assert!(MasterKey::from_bytes([0; 16]).is_err());
        assert!(AesKey::from_slice(&[1; 15]).is_err());
        assert!(AesKey::from_slice(&[1; 17]).is_err());
        assert!(AesKey::from_bytes([1; 16]).is_ok());
    }

    #[test]
    fn equal_halves_rejected() {
        let mut nk = [0u8; 32];
        for (i, b) in nk.iter_mut().enumerate() {
            *b = (i % 16) as u8 + 1;
        }
        let e = FileKey::from_node_key(&nk).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidKey);
    }

    #[test]
    fn node_key_packing_follows_the_formula() {
        // First principles: nk[0..16] = key ^ (nonce || mac), nk[16..24] = nonce, nk[24..] = mac.
        let key = hex16("000102030405060708090a0b0c0d0e0f");
        let nonce = [0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7];
        let mac = [1, 2, 3, 4, 5, 6, 7, 8];
        let fk = FileKey::from_parts(
            ContentKey::from_parts(
                AesKey::from_bytes(key).unwrap(),
                Nonce::from_bytes(nonce).unwrap(),
            ),
            MetaMac::from_bytes(mac),
        );
        let nk = fk.to_node_key();
        for i in 0..8 {
            assert_eq!(nk[i], key[i] ^ nonce[i]);
            assert_eq!(nk[8 + i], key[8 + i] ^ mac[i]);
            assert_eq!(nk[16 + i], nonce[i]);
            assert_eq!(nk[24 + i], mac[i]);
        }
        let back = FileKey::from_node_key(&nk).unwrap();
        assert_eq!(back, fk);
        assert_eq!(back.aes_key().as_bytes(), &key);
    }

    #[test]
    fn debug_is_redacted() {
        let k = MasterKey::from_bytes([0x41; 16]).unwrap();
        let s = format!("{k:?}");
        assert_eq!(s, "MasterKey(<redacted>)");
        assert!(!s.contains("41"));
    }

    #[test]
    fn node_key_by_length() {
        assert!(matches!(
            NodeKey::from_slice(&[3; 16]).unwrap(),
            NodeKey::Folder(_)
        ));
        assert!(NodeKey::from_slice(&[3; 32]).is_err()); // equal halves
        assert!(NodeKey::from_slice(&[3; 24]).is_err());
    }
}
