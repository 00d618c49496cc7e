//! MEGA file encryption and download verification (docs/format/files.md).
//!
//! - Content: AES-128-CTR, counter block `nonce || BE64(byte_offset / 16)`.
//! - Integrity: the plaintext is cut into chunks (128 KiB, 256 KiB, … 1 MiB, then 1 MiB each;
//!   [`ChunkLayout`]); each chunk has a CBC-MAC with IV `nonce || nonce` ([`ChunkMac`]); the chunk
//!   MACs fold, in file order, into the 8-byte meta-MAC that the packed node key carries
//!   ([`FileKey`](crate::FileKey)).
//!
//! API shapes:
//! - [`FileEncryptor`] / [`FileDecryptor`]: sequential streaming over any split of the input.
//!   Decryption output is *unverified* until `finish` returns [`FileVerified`].
//! - [`ChunkCipher`] + [`MetaMacAccumulator`]: per-chunk work in any order or on any thread;
//!   the accumulator refuses duplicates, foreign chunks and missing chunks (no gap leniency).
//! - [`TransferState`]: a documented byte format to persist progress and resume.
//! - [`UnauthenticatedRangeDecryptor`]: random access, never authenticated;
//!   [`ChunkCipher::verify_chunks`] checks whole chunks against recorded chunk MACs.
//! - [`encrypt_file_in_place`], [`decrypt_file_in_place`], [`decrypt_file`]: one-shot helpers that
//!   never return unverified plaintext.
//! - `std` feature: [`EncryptingWriter`] and [`DecryptingReader`].
//!
//! Empty files: meta-MAC = 8 zero bytes (SDK, webclient, mega.py); verification rule in
//! `docs/adr/0001-empty-file-mac.md`.
//!
//! Speed: the MAC chains of several chunks run side by side, fused with the CTR keystream
//! (see `engine.rs`); feed large buffers (16 MiB: sixteen 1 MiB chunks) to the streaming types to
//! benefit.

mod chunk;
mod engine;
#[cfg(feature = "std")]
mod io;
mod layout;
mod mac;
mod oneshot;
mod plan;
mod range;
mod state;
mod stream;

/// How many bytes to hand the streaming types ([`FileEncryptor`], [`FileDecryptor`]) per call for
/// full speed: 16 MiB, sixteen 1 MiB chunks whose MACs the engine computes side by side. Smaller
/// feeds are correct but slower; larger ones only use more memory. The std adapters, the CLI and
/// every binding's stream helpers (Kotlin, Python, JavaScript) feed this much.
pub const PREFERRED_FEED_LEN: usize = 16 << 20;

pub use chunk::ChunkCipher;
#[cfg(feature = "std")]
pub use io::{DecryptingReader, EncryptingWriter};
pub use layout::{CHUNK_UNIT, Chunk, ChunkIter, ChunkLayout, MAX_CHUNK_LEN, RAMP_END};
pub use mac::{ChunkMac, FileVerified, MetaMacAccumulator, verify_meta_mac};
pub(crate) use oneshot::encrypt_file_in_place_with_key;
pub use oneshot::{decrypt_file, decrypt_file_in_place, encrypt_file_in_place};
pub use plan::{
    BatchPlan, PlannedChunk, batch_len, cbc_mac_iv, check_download_size, chunk_floor, plan_batch,
};
pub use range::UnauthenticatedRangeDecryptor;
pub use state::{ChunkProgress, TransferDirection, TransferState};
pub use stream::{FileDecryptor, FileEncryptor};
