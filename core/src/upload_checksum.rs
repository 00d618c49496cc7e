//! The upload request checksum: each upload POST is sent to
//! `<upload URL>/<start offset>?d=<B64(c)>`, where `c` is a 12-byte XOR of the request body (the
//! ciphertext): byte `i` of the body, counted from the start of that body, is XORed into
//! `c[i mod 12]` (SDK `EncryptByChunks::updateCRC` and `encrypt` in `src/http.cpp`; webclient
//! `chksum` in `js/transfers/utils.js`). It protects the transport only, not the file.
//!
//! ```
//! use megacrypt::upload_checksum::UploadChecksum;
//! let mut c = UploadChecksum::new();
//! c.update(&[0xbc]);
//! assert_eq!(c.to_b64(), "vAAAAAAAAAAAAAAA");
//! assert_eq!(c.url_suffix(0), "/0?d=vAAAAAAAAAAAAAAA");
//! ```

use alloc::format;
use alloc::string::String;

use crate::base64;

/// Length of the checksum.
pub const CHECKSUM_LEN: usize = 12;

/// The running checksum of one upload request body. Feed the body with
/// [`update`](Self::update) in any split; start a new one for each request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UploadChecksum {
    sum: [u8; CHECKSUM_LEN],
    fed: u64,
}

impl UploadChecksum {
    /// The checksum of an empty body (all zero).
    pub const fn new() -> Self {
        UploadChecksum {
            sum: [0; CHECKSUM_LEN],
            fed: 0,
        }
    }

    /// Adds the next bytes of the body.
    pub fn update(&mut self, data: &[u8]) {
        let phase = (self.fed % CHECKSUM_LEN as u64) as usize;
        // Rotate the 12 lanes so that `data[0]` lands on lane `phase`.
        let mut lanes = [0u8; CHECKSUM_LEN];
        let mut chunks = data.chunks_exact(CHECKSUM_LEN);
        for chunk in &mut chunks {
            for (l, b) in lanes.iter_mut().zip(chunk) {
                *l ^= b;
            }
        }
        for (l, b) in lanes.iter_mut().zip(chunks.remainder()) {
            *l ^= b;
        }
        for (j, l) in lanes.iter().enumerate() {
            if let Some(s) = self.sum.get_mut((phase + j) % CHECKSUM_LEN) {
                *s ^= l;
            }
        }
        self.fed += data.len() as u64;
    }

    /// Number of body bytes fed.
    pub const fn body_len(&self) -> u64 {
        self.fed
    }

    /// The 12 checksum bytes.
    pub const fn to_bytes(&self) -> [u8; CHECKSUM_LEN] {
        self.sum
    }

    /// MEGA base64 of the checksum (16 characters), the `d` query value.
    pub fn to_b64(&self) -> String {
        base64::encode(&self.sum)
    }

    /// The suffix to append to the upload URL for a request whose body starts at file offset
    /// `start`: `/<start>?d=<B64(c)>`.
    pub fn url_suffix(&self, start: u64) -> String {
        format!("/{start}?d={}", self.to_b64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_does_not_matter() {
        let body: alloc::vec::Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
        let mut naive = [0u8; 12];
        for (i, b) in body.iter().enumerate() {
            naive[i % 12] ^= b;
        }
        for step in [1usize, 5, 11, 12, 13, 100, 1000] {
            let mut c = UploadChecksum::new();
            for piece in body.chunks(step) {
                c.update(piece);
            }
            assert_eq!(c.to_bytes(), naive, "step {step}");
        }
    }
}
