//! Hazardous `^!keys` container entry points for tests, fuzzing and known-answer checks. **Not
//! for applications.**
//!
//! - [`seal_with_iv`] encrypts with a caller-chosen IV: reusing an IV under the same master key
//!   breaks AES-GCM (confidentiality of both plaintexts and the authenticity of every container).
//!   Applications call [`KeysContainer::seal`], which draws the IV from a CSPRNG.
//! - [`parse_plaintext`] reads decrypted records without the identity and generation checks of
//!   [`KeysContainer::open`].
//! - [`to_plaintext`] and [`set_generation`] expose the record writer and the generation.

use alloc::vec::Vec;

use zeroize::Zeroizing;

use crate::error::Result;
use crate::keys::MasterKey;
use crate::keys_container::{IV_LEN, KeysContainer, OpenOptions, SealedContainer, records};

/// [`KeysContainer::seal`] with a fixed IV (writes generation + 1). Never reuse an IV.
pub fn seal_with_iv(
    container: &KeysContainer,
    master_key: &MasterKey,
    iv: &[u8; IV_LEN],
) -> Result<SealedContainer> {
    container.seal_with_iv_inner(master_key, iv)
}

/// Parses a decrypted plaintext (the record layer) with every format check of
/// [`KeysContainer::open`] but no identity or generation check.
pub fn parse_plaintext(plaintext: &[u8], options: &OpenOptions) -> Result<KeysContainer> {
    records::parse(plaintext, options)
}

/// The plaintext [`KeysContainer::seal`] would encrypt, with `generation` in tag 4.
pub fn to_plaintext(container: &KeysContainer, generation: u32) -> Result<Zeroizing<Vec<u8>>> {
    records::write(container, generation)
}

/// [`derive_key`](crate::keys_container::derive_key) on raw master-key bytes, the all-zero key included (which
/// [`MasterKey`] refuses; the webclient tolerates it for accounts made by an old third-party app).
pub fn derive_key_from_bytes(master_key: &[u8; 16]) -> Result<crate::keys::AesKey> {
    crate::keys_container::derive_key_ikm(master_key)
}

/// Overwrites the container's generation (the next seal writes `generation + 1`).
pub fn set_generation(container: &mut KeysContainer, generation: u32) {
    container.generation = generation;
}

/// Replaces tag 5 (generic attributes) with `ltlv`, which must be a well-formed LTLV blob.
pub fn set_attributes_raw(container: &mut KeysContainer, ltlv: &[u8]) -> Result<()> {
    crate::keys_container::ltlv::validate(ltlv)?;
    container.attributes = Zeroizing::new(ltlv.to_vec());
    Ok(())
}

/// Replaces tag 80 (backups) with `ltlv`, which must be a well-formed LTLV blob.
pub fn set_backups_raw(container: &mut KeysContainer, ltlv: &[u8]) -> Result<()> {
    crate::keys_container::ltlv::validate(ltlv)?;
    container.backups = Zeroizing::new(ltlv.to_vec());
    Ok(())
}

/// Replaces the unknown records with `raw` (`tag || len(3) || value`, concatenated), which
/// must be whole records of tags megacrypt does not know.
pub fn set_unknown_records(container: &mut KeysContainer, raw: &[u8]) -> Result<()> {
    let parsed = records::split(raw)?;
    let covered: usize = parsed.iter().map(|r| r.whole.len()).sum();
    if covered != raw.len() || parsed.iter().any(|r| records::tag::is_known(r.tag)) {
        return Err(crate::Error::misuse(
            "unknown records must be whole records of unknown tags",
        ));
    }
    container.unknown = Zeroizing::new(raw.to_vec());
    Ok(())
}
