//! Password-protected (`#P!`) links: PBKDF2 key derivation, the HMAC checked before the key is
//! decrypted, and algorithm-2 links made as the SDK and webclient do today.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use hmac::{Hmac, KeyInit, Mac};
use rand_core::TryCryptoRng;
use sha2::{Sha256, Sha512};
use zeroize::Zeroizing;

use super::{LinkKind, PublicLink, strip_origin};
use crate::base64;
use crate::error::{Error, Result};
use crate::handles::NodeHandle;
use crate::keys::{FileKey, FolderKey, NodeKey, fill_random};
use crate::primitives::{ct_eq, xor_in_place};

/// PBKDF2 iterations of `#P!` links (algorithms 1 and 2).
pub const PROTECTED_LINK_ITERATIONS: u32 = 100_000;

/// A password-protected (`#P!`) link, not yet opened.
#[derive(Clone, PartialEq, Eq)]
pub struct ProtectedLink {
    algorithm: u8,
    kind: LinkKind,
    handle: NodeHandle,
    salt: [u8; 32],
    encrypted_key: Vec<u8>,
    mac: [u8; 32],
}

impl fmt::Debug for ProtectedLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProtectedLink")
            .field("algorithm", &self.algorithm)
            .field("kind", &self.kind)
            .field("handle", &self.handle)
            .finish_non_exhaustive()
    }
}

/// The `#P!` key derivation: `PBKDF2-HMAC-SHA512(password, salt, 100 000, 64)`; bytes `0..32`
/// encrypt the link key (XOR), bytes `32..64` key the HMAC. Exposed for interoperability tests.
pub fn derive_protected_link_key(password: &[u8], salt: &[u8; 32]) -> Zeroizing<[u8; 64]> {
    let mut dk = Zeroizing::new([0u8; 64]);
    pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, PROTECTED_LINK_ITERATIONS, dk.as_mut());
    dk
}

fn link_mac(algorithm: u8, mac_key: &[u8], data: &[u8]) -> Result<[u8; 32]> {
    let m = match algorithm {
        // The current algorithm: HMAC keyed with the derived MAC key over the payload.
        2 => <Hmac<Sha256> as KeyInit>::new_from_slice(mac_key).map(|mut m| {
            m.update(data);
            m
        }),
        // Algorithm 1 (old webclient bug, still readable): key and message swapped.
        1 => <Hmac<Sha256> as KeyInit>::new_from_slice(data).map(|mut m| {
            m.update(mac_key);
            m
        }),
        _ => return Err(Error::unsupported("#P! link: unknown algorithm")),
    }
    .map_err(|_| Error::misuse("HMAC key"))?;
    let out = m.finalize().into_bytes();
    let mut mac = [0u8; 32];
    for (d, s) in mac.iter_mut().zip(out.iter()) {
        *d = *s;
    }
    Ok(mac)
}

impl ProtectedLink {
    /// Parses `https://mega.nz/#P!<payload>` (any accepted host).
    pub fn parse(url: &str) -> Result<Self> {
        let tail = strip_origin(url)?;
        let payload = tail
            .strip_prefix("/#P!")
            .or_else(|| tail.strip_prefix("#P!"))
            .ok_or(Error::malformed("#P! link: missing #P! prefix"))?;
        Self::from_payload(&base64::decode(payload)?)
    }

    /// Parses the binary payload: `algorithm(1) || type(1) || handle(6) || salt(32) ||
    /// encrypted key(16 or 32) || HMAC(32)`.
    pub fn from_payload(p: &[u8]) -> Result<Self> {
        let (&algorithm, rest) = p
            .split_first()
            .ok_or(Error::malformed("#P! link: empty payload"))?;
        if algorithm != 1 && algorithm != 2 {
            return Err(Error::unsupported("#P! link: unknown algorithm"));
        }
        let (&ty, rest) = rest
            .split_first()
            .ok_or(Error::malformed("#P! link: truncated"))?;
        let (kind, key_len) = match ty {
            0 => (LinkKind::Folder, 16),
            1 => (LinkKind::File, 32),
            _ => return Err(Error::malformed("#P! link: unknown link type")),
        };
        if rest.len() != 6 + 32 + key_len + 32 {
            return Err(Error::malformed("#P! link: wrong payload length"));
        }
        let (h, rest) = rest.split_at(6);
        let (salt, rest) = rest.split_at(32);
        let (ek, mac) = rest.split_at(key_len);
        let handle = NodeHandle::from_bytes(
            h.try_into()
                .map_err(|_| Error::malformed("#P! link: truncated"))?,
        );
        Ok(ProtectedLink {
            algorithm,
            kind,
            handle,
            salt: salt
                .try_into()
                .map_err(|_| Error::malformed("#P! link: truncated"))?,
            encrypted_key: ek.to_vec(),
            mac: mac
                .try_into()
                .map_err(|_| Error::malformed("#P! link: truncated"))?,
        })
    }

    fn data(&self) -> Vec<u8> {
        let mut d = Vec::with_capacity(40 + self.encrypted_key.len());
        d.push(self.algorithm);
        d.push(match self.kind {
            LinkKind::Folder => 0,
            LinkKind::File => 1,
            // Never constructed: `from_payload` reads types 0 and 1 only, and `protect` refuses
            // keyless links, the only kind of collection `PublicLink`.
            LinkKind::Collection => 0xFF,
        });
        d.extend_from_slice(self.handle.as_bytes());
        d.extend_from_slice(&self.salt);
        d.extend_from_slice(&self.encrypted_key);
        d
    }

    /// The binary payload.
    pub fn to_payload(&self) -> Vec<u8> {
        let mut d = self.data();
        d.extend_from_slice(&self.mac);
        d
    }

    /// `https://mega.nz/#P!<payload>`.
    pub fn to_url(&self) -> String {
        format!("https://mega.nz/#P!{}", base64::encode(&self.to_payload()))
    }

    /// The algorithm byte (1 = legacy, 2 = current).
    pub fn algorithm(&self) -> u8 {
        self.algorithm
    }
    /// File or folder.
    pub fn kind(&self) -> LinkKind {
        self.kind
    }
    /// The public handle (not secret: it is in the clear in the payload).
    pub fn handle(&self) -> NodeHandle {
        self.handle
    }

    /// Opens the link with a password: derives the keys (PBKDF2-HMAC-SHA512, 100 000 iterations),
    /// verifies the HMAC in constant time and only then decrypts the key. A wrong password gives
    /// the opaque [`crate::ErrorKind::Decrypt`].
    ///
    /// The password is used exactly as given (UTF-8). MEGA's webclient trims surrounding whitespace
    /// before deriving, the SDK does not: to open a webclient link made with such a password, pass
    /// the trimmed password.
    pub fn open(&self, password: &str) -> Result<PublicLink> {
        let dk = derive_protected_link_key(password.as_bytes(), &self.salt);
        let (enc_key, mac_key) = dk.split_at(32);
        let want = link_mac(self.algorithm, mac_key, &self.data())?;
        if !ct_eq(&want, &self.mac) {
            return Err(Error::decrypt());
        }
        let mut key = Zeroizing::new(self.encrypted_key.clone());
        xor_in_place(&mut key, enc_key);
        let key = match self.kind {
            LinkKind::File => NodeKey::File(FileKey::from_node_key_slice(&key)?),
            LinkKind::Folder => NodeKey::Folder(FolderKey::from_slice(&key)?),
            LinkKind::Collection => {
                return Err(Error::unsupported(
                    "#P! link: collection links cannot be protected",
                ));
            }
        };
        PublicLink::keyless(self.kind, self.handle).with_key(key)
    }

    /// Protects a link with a password (algorithm 2, fresh 32-byte salt from `rng`). The link must
    /// carry its key; a folder link's selected child is not part of the `#P!` format and is dropped.
    pub fn protect<R: TryCryptoRng + ?Sized>(
        link: &PublicLink,
        password: &str,
        rng: &mut R,
    ) -> Result<Self> {
        let mut salt = [0u8; 32];
        fill_random(rng, &mut salt)?;
        Self::protect_with_salt(link, password, salt)
    }

    /// [`ProtectedLink::protect`] with a caller-chosen salt; public as
    /// [`crate::hazmat::protect_link_with_salt`].
    pub(crate) fn protect_with_salt(
        link: &PublicLink,
        password: &str,
        salt: [u8; 32],
    ) -> Result<Self> {
        let key = link
            .key()
            .ok_or(Error::misuse("cannot protect a keyless link"))?;
        let mut encrypted_key = key.to_bytes().to_vec();
        let dk = derive_protected_link_key(password.as_bytes(), &salt);
        let (enc_key, mac_key) = dk.split_at(32);
        xor_in_place(&mut encrypted_key, enc_key);
        let mut pl = ProtectedLink {
            algorithm: 2,
            kind: link.kind(),
            handle: link.handle(),
            salt,
            encrypted_key,
            mac: [0; 32],
        };
        pl.mac = link_mac(2, mac_key, &pl.data())?;
        Ok(pl)
    }
}

impl FromStr for ProtectedLink {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn protected_payload_negative_cases() {
        let mut p = alloc::vec![2u8, 1];
        p.extend_from_slice(&[0; 6 + 32 + 32 + 32]);
        assert!(ProtectedLink::from_payload(&p).is_ok());
        let mut bad = p.clone();
        bad[0] = 0;
        assert_eq!(
            ProtectedLink::from_payload(&bad).unwrap_err().kind(),
            ErrorKind::Unsupported
        );
        let mut bad = p.clone();
        bad[1] = 2;
        assert_eq!(
            ProtectedLink::from_payload(&bad).unwrap_err().kind(),
            ErrorKind::Malformed
        );
        assert!(ProtectedLink::from_payload(&p[..p.len() - 1]).is_err());
        let mut long = p.clone();
        long.push(0);
        assert!(ProtectedLink::from_payload(&long).is_err());
        assert!(ProtectedLink::from_payload(&[]).is_err());
        assert!(ProtectedLink::parse("https://mega.nz/#P!").is_err());
        assert!(ProtectedLink::parse("https://mega.nz/#P!AgE=").is_err());
    }
}
