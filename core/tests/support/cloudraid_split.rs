//! Test support shared by the core's property tests (`core/tests/metadata_props.rs`), the vector
//! harness (`core/tests/vectors/area_cloudraid.rs`), the fuzz
//! harness (`fuzz/src/metadata.rs`) and the benchmark (`benches/benches/cloudraid.rs`), each of
//! which includes this file with `#[path]`: the CloudRAID split, which only MEGA's servers do, so
//! the library has no use for it and keeps it out of its API.
//!
//! Written from docs/format/cloudraid.md, independently of `megacrypt::cloudraid` (only its
//! `PARTS` constant is shared). `core/tests/cloudraid_props.rs` keeps its own byte-by-byte
//! reference on purpose: it checks the core's part sizes and offsets, and this split with them.

use megacrypt::cloudraid::PARTS;

/// The six parts of `data`: 16-byte sector k goes to part 1 + k mod 5; part 0 (parity) holds,
/// per 80-byte line, the XOR of the line's sectors zero-padded, truncated to the length of the
/// line's part-1 sector.
pub fn split(data: &[u8]) -> [Vec<u8>; PARTS] {
    let mut parts: [Vec<u8>; PARTS] = Default::default();
    for (k, sector) in data.chunks(16).enumerate() {
        parts[1 + k % 5].extend_from_slice(sector);
    }
    for line in data.chunks(80) {
        let mut x = [0u8; 16];
        for sector in line.chunks(16) {
            for (a, b) in x.iter_mut().zip(sector) {
                *a ^= b;
            }
        }
        parts[0].extend_from_slice(&x[..line.len().min(16)]);
    }
    parts
}
