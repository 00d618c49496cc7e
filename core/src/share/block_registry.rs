//! Detection of ECB ciphertext blocks reused across wrapped keys
//! (docs/security-notes.md#node-keys-framing-and-block-reuse).

use alloc::vec::Vec;

use crate::error::{Error, Result};

/// Detects ECB ciphertext blocks reused across wrapped keys — the footprint of node-key forgeries
/// built from known ECB pairs (BHP attacks A3/A4: `ct1 || ct1`, swapped halves `ct2 || ct1`, a block
/// of the encrypted private key spliced into a node key).
///
/// A 16-byte ciphertext block may appear in two wrapped keys only as part of the *identical* whole
/// wrapped key (copies of a node legitimately reuse its key ciphertext). Feed it every wrapped key
/// the context can open (after base64 decoding) and the `privk` ciphertext, before using them.
#[derive(Clone, Debug, Default)]
pub struct KeyBlockRegistry {
    /// block → the whole wrapped key it belongs to (empty for private-key blocks).
    seen: crate::sorted_map::SortedMap<[u8; 16], Vec<u8>>,
}

impl KeyBlockRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the blocks of the encrypted private key (`privk`); any node key that later contains
    /// one of them is refused.
    pub fn record_private_key_ciphertext(&mut self, privk: &[u8]) {
        for b in privk.chunks_exact(16) {
            if let Ok(block) = <[u8; 16]>::try_from(b) {
                self.seen.insert(block, Vec::new());
            }
        }
    }

    /// Checks a wrapped node key (16 or 32 bytes) and records it. Refuses (opaque
    /// [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt)) a key with two equal blocks and a key that shares a block with a
    /// different wrapped key or with the private key.
    pub fn check_and_record(&mut self, wrapped: &[u8]) -> Result<()> {
        if wrapped.len() != 16 && wrapped.len() != 32 {
            return Err(Error::decrypt());
        }
        let blocks: Vec<[u8; 16]> = wrapped
            .chunks_exact(16)
            .filter_map(|b| b.try_into().ok())
            .collect();
        if let [a, b] = blocks.as_slice()
            && a == b
        {
            return Err(Error::decrypt());
        }
        for b in &blocks {
            if let Some(owner) = self.seen.get(b)
                && owner.as_slice() != wrapped
            {
                return Err(Error::decrypt());
            }
        }
        for b in blocks {
            self.seen.insert(b, wrapped.to_vec());
        }
        Ok(())
    }
}
