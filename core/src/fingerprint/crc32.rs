//! CRC-32 as zlib computes it (IEEE 802.3: reflected polynomial `0xEDB88320`, initial value and
//! final XOR `0xFFFFFFFF`), table-driven, no dependency.

/// The 256-entry table of the reflected polynomial, built at compile time.
const TABLE: [u32; 256] = build_table();

#[allow(clippy::indexing_slicing)] // const context; `i < 256` by the loop bound
const fn build_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

/// A running CRC-32 (zlib/IEEE). Feed bytes with [`update`](Self::update) in any split.
///
/// ```
/// use megacrypt::fingerprint::Crc32;
/// let mut c = Crc32::new();
/// c.update(b"1234");
/// c.update(b"56789");
/// assert_eq!(c.finish(), 0xCBF4_3926); // the CRC-32 check value
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crc32 {
    state: u32,
}

impl Default for Crc32 {
    fn default() -> Self {
        Self::new()
    }
}

impl Crc32 {
    /// A CRC over no bytes yet.
    pub const fn new() -> Self {
        Crc32 { state: 0xFFFF_FFFF }
    }

    /// Adds `data`.
    pub fn update(&mut self, data: &[u8]) {
        let mut c = self.state;
        for &b in data {
            let idx = ((c ^ u32::from(b)) & 0xFF) as usize;
            c = TABLE.get(idx).copied().unwrap_or(0) ^ (c >> 8);
        }
        self.state = c;
    }

    /// The CRC of everything added.
    pub const fn finish(&self) -> u32 {
        self.state ^ 0xFFFF_FFFF
    }

    /// The CRC-32 of `data` in one call.
    pub fn checksum(data: &[u8]) -> u32 {
        let mut c = Self::new();
        c.update(data);
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // RFC 3720 appendix / zlib: crc32("") = 0, crc32("a") = 0xe8b7be43,
        // crc32("The quick brown fox jumps over the lazy dog") = 0x414fa339.
        assert_eq!(Crc32::checksum(b""), 0);
        assert_eq!(Crc32::checksum(b"a"), 0xE8B7_BE43);
        assert_eq!(
            Crc32::checksum(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
        assert_eq!(Crc32::checksum(b"123456789"), 0xCBF4_3926);
    }
}
