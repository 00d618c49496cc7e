//! The decrypted record layer of `^!keys`: `tag(1) || len(3, big-endian) || value`, repeated.
//!
//! Reading follows MEGA's SDK `KeyManager::unserialize` and the webclient's `unserialise`
//! (`src/megaclient.cpp`, `js/keymgr.js`), tightened by megacrypt's rule (see
//! `docs/verdicts.md`): refuse what either official client refuses, except what an official
//! client itself writes.
//!
//! - A record running past the end is refused (both clients). One to three bytes after the last
//!   record cannot hold a header; both clients ignore them, and so does megacrypt (they are not
//!   written back).
//! - Every occurrence of a known tag is checked (the SDK parses each one); for a repeated known
//!   tag the last occurrence wins (both clients).
//! - Unknown tags are kept byte for byte, in order, empty ones included (the SDK keeps them all;
//!   the webclient drops empty ones and all but the last of a repeated one).
//! - Missing tags 5, 32, 33, 48, 64, 65, 80 and 96 are read as empty (containers written before
//!   a tag existed; the SDK accepts them, the webclient fails) and are written back. Missing tags
//!   1, 2, 3, 4, 16, 17 and 18, which every writer has always written, are refused.

use alloc::vec::Vec;

use zeroize::Zeroizing;

use super::ltlv::{self, LtlvMap};
use super::shares;
use super::{KeysContainer, OpenOptions, check_rsa_len, parse_rsa};
use crate::error::{Error, Result};
use crate::handles::UserHandle;

/// The tag numbers of `^!keys` (SDK `include/mega/megaclient.h`, `KeyManager` `TAG_*`).
pub mod tag {
    /// Container format version (1 byte).
    pub const VERSION: u8 = 1;
    /// Creation time (u32 big-endian seconds).
    pub const CREATION_TIME: u8 = 2;
    /// The account's user handle (8 bytes).
    pub const IDENTITY: u8 = 3;
    /// Generation (u32 big-endian), bumped by every write.
    pub const GENERATION: u8 = 4;
    /// Generic attributes (LTLV).
    pub const ATTRIBUTES: u8 = 5;
    /// Ed25519 private seed (32 bytes).
    pub const ED25519_SEED: u8 = 16;
    /// X25519 (Cu25519) private key (32 bytes).
    pub const X25519_SECRET: u8 = 17;
    /// RSA private key in the pqd form (empty for accounts without RSA).
    pub const RSA_PQD: u8 = 18;
    /// Ed25519 authring (29-byte records).
    pub const AUTHRING_ED25519: u8 = 32;
    /// Cu25519 authring (29-byte records).
    pub const AUTHRING_CU25519: u8 = 33;
    /// Share keys (23-byte records).
    pub const SHARE_KEYS: u8 = 48;
    /// Pending out-shares.
    pub const PENDING_OUT_SHARES: u8 = 64;
    /// Pending in-shares (LTLV).
    pub const PENDING_IN_SHARES: u8 = 65;
    /// Backups (LTLV).
    pub const BACKUPS: u8 = 80;
    /// Warnings (LTLV).
    pub const WARNINGS: u8 = 96;

    /// Every known tag, in the order the official clients write them.
    pub const WRITE_ORDER: [u8; 15] = [
        VERSION,
        CREATION_TIME,
        IDENTITY,
        GENERATION,
        ATTRIBUTES,
        ED25519_SEED,
        X25519_SECRET,
        RSA_PQD,
        AUTHRING_ED25519,
        AUTHRING_CU25519,
        SHARE_KEYS,
        PENDING_OUT_SHARES,
        PENDING_IN_SHARES,
        BACKUPS,
        WARNINGS,
    ];

    /// `true` for the 15 tags above.
    pub const fn is_known(t: u8) -> bool {
        matches!(
            t,
            VERSION
                | CREATION_TIME
                | IDENTITY
                | GENERATION
                | ATTRIBUTES
                | ED25519_SEED
                | X25519_SECRET
                | RSA_PQD
                | AUTHRING_ED25519
                | AUTHRING_CU25519
                | SHARE_KEYS
                | PENDING_OUT_SHARES
                | PENDING_IN_SHARES
                | BACKUPS
                | WARNINGS
        )
    }
}

/// Largest value a 3-byte length can describe.
pub const MAX_RECORD_VALUE: usize = 0x00FF_FFFF;

const HEADER: usize = 4;

/// One record of the plaintext.
#[derive(Clone, Copy)]
pub(crate) struct Record<'a> {
    pub(crate) tag: u8,
    pub(crate) value: &'a [u8],
    /// `tag || len || value` as read.
    pub(crate) whole: &'a [u8],
}

/// Splits the plaintext into records. 1–3 trailing bytes are ignored (as both clients do); a
/// record whose value runs past the end is refused.
pub(crate) fn split(plaintext: &[u8]) -> Result<Vec<Record<'_>>> {
    let mut out = Vec::with_capacity(plaintext.len() / HEADER);
    let mut rest = plaintext;
    while let Some((head, after)) = rest.split_first_chunk::<HEADER>() {
        let [t, a, b, c] = *head;
        let len = usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c);
        let (value, next) = after
            .split_at_checked(len)
            .ok_or_else(|| Error::malformed("^!keys: record runs past the end"))?;
        let whole = rest.get(..HEADER + len).unwrap_or_default();
        out.push(Record {
            tag: t,
            value,
            whole,
        });
        rest = next;
    }
    Ok(out)
}

/// Appends `tag || len(3) || value`.
pub(crate) fn push(out: &mut Vec<u8>, t: u8, value: &[u8]) -> Result<()> {
    if value.len() > MAX_RECORD_VALUE {
        return Err(Error::misuse("^!keys record longer than 2^24 - 1 bytes"));
    }
    let len = u32::try_from(value.len())
        .map_err(|_| Error::misuse("^!keys record longer than 2^24 - 1 bytes"))?
        .to_be_bytes();
    out.push(t);
    out.extend_from_slice(len.get(1..).unwrap_or_default());
    out.extend_from_slice(value);
    Ok(())
}

fn exact<const N: usize>(value: &[u8], what: &'static str) -> Result<[u8; N]> {
    value.try_into().map_err(|_| Error::malformed(what))
}

/// Parses and checks the whole plaintext (no identity or generation policy: see
/// [`KeysContainer::open`]).
pub(crate) fn parse(plaintext: &[u8], options: &OpenOptions) -> Result<KeysContainer> {
    let records = split(plaintext)?;

    let mut version = None;
    let mut creation_time = None;
    let mut identity = None;
    let mut generation = None;
    let mut attributes: &[u8] = &[];
    let mut ed25519 = None;
    let mut x25519 = None;
    let mut rsa: Option<&[u8]> = None;
    let mut authring_ed25519: &[u8] = &[];
    let mut authring_cu25519: &[u8] = &[];
    let mut share_keys = shares::ShareKeys::new();
    let mut pending_out = shares::PendingOutShares::new();
    let mut pending_in = shares::PendingInShares::new();
    let mut backups: &[u8] = &[];
    let mut warnings = LtlvMap::new();
    let mut unknown = Vec::new();

    for r in &records {
        let v = r.value;
        match r.tag {
            tag::VERSION => {
                let [b] = exact::<1>(v, "^!keys: version is not 1 byte")?;
                if b == 0 {
                    // The webclient refuses version 0 (and the SDK would refuse to write it).
                    return Err(Error::malformed("^!keys: version 0"));
                }
                version = Some(b);
            }
            tag::CREATION_TIME => {
                creation_time = Some(u32::from_be_bytes(exact(
                    v,
                    "^!keys: creation time is not 4 bytes",
                )?));
            }
            tag::IDENTITY => {
                identity = Some(UserHandle::from_bytes(exact(
                    v,
                    "^!keys: identity is not 8 bytes",
                )?));
            }
            tag::GENERATION => {
                generation = Some(u32::from_be_bytes(exact(
                    v,
                    "^!keys: generation is not 4 bytes",
                )?));
            }
            tag::ATTRIBUTES => {
                ltlv::validate(v)?;
                attributes = v;
            }
            tag::ED25519_SEED => {
                ed25519 = Some(Zeroizing::new(exact::<32>(
                    v,
                    "^!keys: Ed25519 seed is not 32 bytes",
                )?));
            }
            tag::X25519_SECRET => {
                x25519 = Some(Zeroizing::new(exact::<32>(
                    v,
                    "^!keys: X25519 key is not 32 bytes",
                )?));
            }
            tag::RSA_PQD => {
                // Length rules on every occurrence; the full key validation on the one kept.
                check_rsa_len(v, options)?;
                rsa = Some(v);
            }
            tag::AUTHRING_ED25519 => authring_ed25519 = v,
            tag::AUTHRING_CU25519 => authring_cu25519 = v,
            tag::SHARE_KEYS => share_keys = shares::parse_share_keys(v)?,
            tag::PENDING_OUT_SHARES => pending_out = shares::parse_pending_out(v)?,
            tag::PENDING_IN_SHARES => pending_in = shares::parse_pending_in(v)?,
            tag::BACKUPS => {
                ltlv::validate(v)?;
                backups = v;
            }
            tag::WARNINGS => warnings = LtlvMap::from_bytes(v)?,
            _ => unknown.extend_from_slice(r.whole),
        }
    }

    let missing = |what| Error::malformed(what);
    let rsa_bytes = rsa.ok_or_else(|| missing("^!keys: no RSA key record (tag 18)"))?;
    let rsa_key = parse_rsa(rsa_bytes, options)?;

    Ok(KeysContainer {
        version: version.ok_or_else(|| missing("^!keys: no version record (tag 1)"))?,
        creation_time: creation_time
            .ok_or_else(|| missing("^!keys: no creation time record (tag 2)"))?,
        identity: identity.ok_or_else(|| missing("^!keys: no identity record (tag 3)"))?,
        generation: generation.ok_or_else(|| missing("^!keys: no generation record (tag 4)"))?,
        attributes: Zeroizing::new(attributes.to_vec()),
        ed25519_seed: ed25519.ok_or_else(|| missing("^!keys: no Ed25519 seed record (tag 16)"))?,
        x25519_secret: x25519.ok_or_else(|| missing("^!keys: no X25519 key record (tag 17)"))?,
        rsa_pqd: Zeroizing::new(rsa_bytes.to_vec()),
        rsa: rsa_key,
        authring_ed25519: authring_ed25519.to_vec(),
        authring_cu25519: authring_cu25519.to_vec(),
        share_keys,
        pending_out,
        pending_in,
        backups: Zeroizing::new(backups.to_vec()),
        warnings,
        unknown: Zeroizing::new(unknown),
    })
}

/// Serialises every known tag in the official order, then the unknown records verbatim, with
/// `generation` in tag 4.
pub(crate) fn write(c: &KeysContainer, generation: u32) -> Result<Zeroizing<Vec<u8>>> {
    let share_keys = shares::write_share_keys(&c.share_keys);
    let pending_out = shares::write_pending_out(&c.pending_out)?;
    let pending_in = shares::write_pending_in(&c.pending_in)?;
    let warnings = c.warnings.to_bytes()?;

    let mut out = Zeroizing::new(Vec::with_capacity(
        64 + c.attributes.len()
            + c.rsa_pqd.len()
            + c.authring_ed25519.len()
            + c.authring_cu25519.len()
            + share_keys.len()
            + pending_out.len()
            + pending_in.len()
            + c.backups.len()
            + warnings.len()
            + c.unknown.len()
            + 15 * HEADER,
    ));
    push(&mut out, tag::VERSION, &[c.version])?;
    push(&mut out, tag::CREATION_TIME, &c.creation_time.to_be_bytes())?;
    push(&mut out, tag::IDENTITY, c.identity.as_bytes())?;
    push(&mut out, tag::GENERATION, &generation.to_be_bytes())?;
    push(&mut out, tag::ATTRIBUTES, &c.attributes)?;
    push(&mut out, tag::ED25519_SEED, c.ed25519_seed.as_slice())?;
    push(&mut out, tag::X25519_SECRET, c.x25519_secret.as_slice())?;
    push(&mut out, tag::RSA_PQD, &c.rsa_pqd)?;
    push(&mut out, tag::AUTHRING_ED25519, &c.authring_ed25519)?;
    push(&mut out, tag::AUTHRING_CU25519, &c.authring_cu25519)?;
    push(&mut out, tag::SHARE_KEYS, &share_keys)?;
    push(&mut out, tag::PENDING_OUT_SHARES, &pending_out)?;
    push(&mut out, tag::PENDING_IN_SHARES, &pending_in)?;
    push(&mut out, tag::BACKUPS, &c.backups)?;
    push(&mut out, tag::WARNINGS, &warnings)?;
    out.extend_from_slice(&c.unknown);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// A 3-byte length holds at most 2^24 - 1: that length is written as `ff ff ff`, one byte
    /// more is refused (it would be written modulo 2^24).
    #[test]
    fn push_writes_values_up_to_2_pow_24_minus_1_bytes() {
        let max = alloc::vec![0u8; (1 << 24) - 1];
        let mut out = Vec::new();
        push(&mut out, 200, &max).unwrap();
        assert_eq!(out.get(..4), Some(&[200, 0xff, 0xff, 0xff][..]));
        assert_eq!(out.len(), 4 + (1 << 24) - 1);
        let over = alloc::vec![0u8; 1 << 24];
        assert_eq!(
            push(&mut Vec::new(), 200, &over).unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
    }
}
