//! The resumable transfer state's byte format (`core/src/file/state.rs`,
//! docs/resumable-state.md): behaviour that mutation testing (docs/mutation-testing.md) found
//! unchecked. Every state here is written byte by byte from the layout table of
//! docs/resumable-state.md, and read through `TransferState::from_bytes` and its accessors.
//!
//! Chunk schedule (docs/format/files.md#chunk-schedule, by hand): chunk `i` is
//! `min(i + 1, 8) × 128 KiB` long, so chunks start at 0, 131 072, 393 216, 786 432, …
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::ErrorKind;
use megacrypt::file::{TransferDirection, TransferState};

/// A file of three chunks: 131 072 + 262 144 + a short last chunk of 1 024 bytes.
const SIZE_3_CHUNKS: u64 = 393_216 + 1024;

#[derive(Clone)]
struct S {
    direction: u8,
    flags: u8,
    reserved: u8,
    size: u64,
    folded: u32,
    acc: [u8; 16],
    entries: Vec<(u32, [u8; 16])>,
    /// The entry count written (defaults to `entries.len()`).
    count: Option<u32>,
    progress: Option<(u32, u32, [u8; 16])>,
    keys: Option<[u8; 32]>,
}

impl S {
    fn new() -> Self {
        S {
            direction: 1,
            flags: 0,
            reserved: 0,
            size: 0,
            folded: 0,
            acc: [0; 16],
            entries: Vec::new(),
            count: None,
            progress: None,
            keys: None,
        }
    }
    fn sized(size: u64) -> Self {
        S {
            flags: 2,
            size,
            ..S::new()
        }
    }
    fn folded(mut self, f: u32) -> Self {
        self.folded = f;
        if f > 0 {
            self.acc = [0xac; 16];
        }
        self
    }
    fn entry(mut self, i: u32) -> Self {
        self.entries.push((i, [i as u8 ^ 0x5a; 16]));
        self
    }
    fn progress(mut self, index: u32, done: u32) -> Self {
        self.flags |= 4;
        self.progress = Some((index, done, [0x3c; 16]));
        self
    }
    fn keys(mut self, k: [u8; 32]) -> Self {
        self.flags |= 1;
        self.keys = Some(k);
        self
    }
    fn bytes(&self) -> Vec<u8> {
        let mut v = b"MCTS".to_vec();
        v.extend_from_slice(&[1, self.direction, self.flags, self.reserved]);
        v.extend_from_slice(&self.size.to_be_bytes());
        v.extend_from_slice(&self.folded.to_be_bytes());
        v.extend_from_slice(&self.acc);
        let n = self.count.unwrap_or(self.entries.len() as u32);
        v.extend_from_slice(&n.to_be_bytes());
        for (i, m) in &self.entries {
            v.extend_from_slice(&i.to_be_bytes());
            v.extend_from_slice(m);
        }
        if let Some((i, d, m)) = self.progress {
            v.extend_from_slice(&i.to_be_bytes());
            v.extend_from_slice(&d.to_be_bytes());
            v.extend_from_slice(&m);
        }
        if let Some(k) = self.keys {
            v.extend_from_slice(&k);
        }
        v
    }
    fn read(&self) -> TransferState {
        let b = self.bytes();
        let st = TransferState::from_bytes(&b).unwrap_or_else(|e| panic!("{e:?}: {b:02x?}"));
        // Whatever is read is written back byte for byte (one encoding per state).
        assert_eq!(&*st.to_bytes(), b.as_slice());
        st
    }
    fn refused(&self) -> ErrorKind {
        let b = self.bytes();
        match TransferState::from_bytes(&b) {
            Ok(st) => panic!("accepted: {st:?}"),
            Err(e) => e.kind(),
        }
    }
}

/// A download's key material: content key 01..10, nonce 11..18, expected meta-MAC 19..20.
fn key_material() -> [u8; 32] {
    let mut k = [0u8; 32];
    for (i, b) in k.iter_mut().enumerate() {
        *b = i as u8 + 1;
    }
    k
}

/// An upload's key material: the meta-MAC is not known yet, and the field is zero
/// (docs/resumable-state.md).
fn upload_key_material() -> [u8; 32] {
    let mut k = key_material();
    k[24..].fill(0);
    k
}

#[test]
fn smallest_state_is_the_40_byte_header() {
    let s = S::new();
    assert_eq!(s.bytes().len(), 40);
    let st = s.read();
    assert_eq!(st.direction(), TransferDirection::Upload);
    assert_eq!(st.file_size(), None);
    assert!(st.file_key().is_none());
    assert_eq!(st.folded_chunks(), 0);
    assert_eq!(st.finished_chunks().count(), 0);
    assert!(st.in_progress().is_none());
    assert_eq!(st.resume_offset(), 0);
    let st = S {
        direction: 2,
        ..S::new()
    }
    .read();
    assert_eq!(st.direction(), TransferDirection::Download);
}

#[test]
fn header_fields_are_checked() {
    let mut bad_magic = S::new().bytes();
    bad_magic[3] = b'T';
    assert_eq!(
        TransferState::from_bytes(&bad_magic).unwrap_err().kind(),
        ErrorKind::Malformed
    );
    for version in [0u8, 2, 0xff] {
        let mut b = S::new().bytes();
        b[4] = version;
        assert_eq!(
            TransferState::from_bytes(&b).unwrap_err().kind(),
            ErrorKind::Unsupported,
            "version {version}"
        );
    }
    for direction in [0u8, 3, 0x81] {
        assert_eq!(
            S {
                direction,
                ..S::new()
            }
            .refused(),
            ErrorKind::Malformed,
            "direction {direction}"
        );
    }
    // Flag bits 0-2 are defined; every other bit, alone or with defined ones, is refused.
    for flags in [8u8, 0x10, 0x80, 0x0a, 0xff] {
        assert_eq!(
            S { flags, ..S::new() }.refused(),
            ErrorKind::Malformed,
            "flags {flags:#04x}"
        );
    }
    for reserved in [1u8, 0x80] {
        assert_eq!(
            S {
                reserved,
                ..S::new()
            }
            .refused(),
            ErrorKind::Malformed,
            "reserved {reserved}"
        );
    }
}

#[test]
fn file_size_is_present_exactly_when_flagged() {
    // Size without its flag.
    assert_eq!(
        S {
            size: 1,
            ..S::new()
        }
        .refused(),
        ErrorKind::Malformed
    );
    // Flag with a size, including 0 (an empty file has no chunks).
    let st = S::sized(SIZE_3_CHUNKS).read();
    assert_eq!(st.file_size(), Some(SIZE_3_CHUNKS));
    let st = S::sized(0).read();
    assert_eq!(st.file_size(), Some(0));
    assert_eq!(S::sized(0).folded(1).refused(), ErrorKind::Malformed);
}

#[test]
fn folded_chunks_stay_within_the_file() {
    for f in 0..=3 {
        let st = S::sized(SIZE_3_CHUNKS).folded(f).read();
        assert_eq!(st.folded_chunks(), f);
    }
    assert_eq!(
        S::sized(SIZE_3_CHUNKS).folded(4).refused(),
        ErrorKind::Malformed
    );
    // Without a size any count is possible.
    assert_eq!(S::new().folded(u32::MAX).read().folded_chunks(), u32::MAX);
    // The accumulator is zero until a chunk is folded; after that any value (zero included).
    let mut s = S::new();
    s.acc[15] = 1;
    assert_eq!(s.refused(), ErrorKind::Malformed);
    let mut s = S::new().folded(1);
    s.acc = [0; 16];
    s.read();
}

#[test]
fn finished_entries_are_ascending_after_the_folded_prefix() {
    let st = S::sized(SIZE_3_CHUNKS).entry(1).entry(2).read();
    let got: Vec<(u32, [u8; 16])> = st
        .finished_chunks()
        .map(|(i, m)| (i, m.to_bytes()))
        .collect();
    assert_eq!(got, [(1, [0x5b; 16]), (2, [0x58; 16])]);
    // Entries exactly filling the rest of the input.
    let st = S::new().folded(5).entry(6).entry(9).read();
    assert_eq!(st.finished_chunks().count(), 2);
    for (what, s) in [
        ("index = F", S::sized(SIZE_3_CHUNKS).folded(1).entry(1)),
        ("index < F", S::sized(SIZE_3_CHUNKS).folded(2).entry(1)),
        ("index 0 with F = 0", S::new().entry(0)),
        ("index = chunk count", S::sized(SIZE_3_CHUNKS).entry(3)),
        ("repeated index", S::new().entry(4).entry(4)),
        ("descending", S::new().entry(5).entry(4)),
    ] {
        assert_eq!(s.refused(), ErrorKind::Malformed, "{what}");
    }
}

#[test]
fn entry_count_is_checked_against_the_input_first() {
    // A count far beyond the input is refused before anything is allocated for it.
    for count in [1u32, 2, 0x0fff_ffff, u32::MAX] {
        let s = S {
            count: Some(count),
            ..S::new()
        };
        assert_eq!(s.refused(), ErrorKind::Malformed, "{count}");
    }
    let mut s = S::new().entry(1);
    s.count = Some(2);
    assert_eq!(s.refused(), ErrorKind::Malformed);
    // A count of one entry followed by 19 more bytes is truncated, not a short entry.
    let mut b = S {
        count: Some(1),
        ..S::new()
    }
    .bytes();
    b.extend_from_slice(&[1; 19]);
    assert_eq!(
        TransferState::from_bytes(&b).unwrap_err().kind(),
        ErrorKind::Malformed
    );
}

#[test]
fn in_progress_chunk_rules() {
    // Chunk 1 (262 144 bytes) after one folded chunk: resume at 131 072 + 32.
    let st = S::sized(SIZE_3_CHUNKS).folded(1).progress(1, 32).read();
    let p = st.in_progress().unwrap();
    assert_eq!((p.index, p.bytes_done, p.mac_state), (1, 32, [0x3c; 16]));
    assert_eq!(st.resume_offset(), 131_072 + 32);
    // The short last chunk (1 024 bytes) may hold all its bytes.
    let st = S::sized(SIZE_3_CHUNKS).folded(2).progress(2, 1024).read();
    assert_eq!(st.resume_offset(), 393_216 + 1024);
    // A partly done chunk that is not the next one does not move the resume offset.
    let st = S::sized(SIZE_3_CHUNKS).folded(1).progress(2, 16).read();
    assert_eq!(st.resume_offset(), 131_072);
    // Without a size: the scheduled length is the limit (chunk 0: 131 072 bytes).
    let st = S::new().progress(0, 131_056).read();
    assert_eq!(st.resume_offset(), 131_056);
    let st = S::new().folded(8).progress(8, 1_048_560).read();
    assert_eq!(st.resume_offset(), 4_718_592 + 1_048_560);
    for (what, s) in [
        (
            "index < F",
            S::sized(SIZE_3_CHUNKS).folded(2).progress(1, 16),
        ),
        (
            "index = chunk count",
            S::sized(SIZE_3_CHUNKS).progress(3, 16),
        ),
        (
            "index already finished",
            S::sized(SIZE_3_CHUNKS).entry(2).progress(2, 16),
        ),
        ("no bytes done", S::new().progress(0, 0)),
        ("not a multiple of 16", S::new().progress(0, 24)),
        ("one byte", S::new().progress(0, 1)),
        (
            "past the short last chunk",
            S::sized(SIZE_3_CHUNKS).folded(2).progress(2, 1040),
        ),
        (
            "a whole scheduled chunk",
            S::sized(SIZE_3_CHUNKS).folded(1).progress(1, 262_144),
        ),
        (
            "a whole scheduled chunk, no size",
            S::new().progress(0, 131_072),
        ),
    ] {
        assert_eq!(s.refused(), ErrorKind::Malformed, "{what}");
    }
}

#[test]
fn key_material_is_read_in_order_and_checked() {
    let k = key_material();
    let download = S {
        direction: 2,
        ..S::sized(SIZE_3_CHUNKS)
    };
    let st = download.clone().keys(k).read();
    let fk = st.file_key().unwrap();
    assert_eq!(fk.aes_key().as_bytes(), &k[..16]);
    assert_eq!(fk.nonce().as_bytes(), &k[16..24]);
    assert_eq!(fk.meta_mac().as_bytes(), &k[24..]);
    // Without it: the same bytes minus the flag bit and the last 32 bytes.
    let without = st.clone().without_key_material();
    assert!(without.file_key().is_none());
    assert!(without.content_key().is_none());
    assert_eq!(&*without.to_bytes(), download.bytes().as_slice());
    let mut zero_key = upload_key_material();
    zero_key[..16].fill(0);
    assert_eq!(S::new().keys(zero_key).refused(), ErrorKind::InvalidKey);
    let mut zero_nonce = upload_key_material();
    zero_nonce[16..24].fill(0);
    assert_eq!(S::new().keys(zero_nonce).refused(), ErrorKind::InvalidKey);
    // An upload has a content key but no meta-MAC yet: the field is zero, and a state that
    // claims one is malformed.
    let upload = S::new().keys(upload_key_material()).read();
    assert!(upload.file_key().is_none());
    let ck = upload.content_key().unwrap();
    assert_eq!(ck.aes_key().as_bytes(), &k[..16]);
    assert_eq!(ck.nonce().as_bytes(), &k[16..24]);
    assert_eq!(S::new().keys(k).refused(), ErrorKind::Malformed);
}

#[test]
fn truncated_or_extended_states_are_malformed() {
    let full = S::sized(SIZE_3_CHUNKS)
        .folded(1)
        .entry(2)
        .progress(1, 16)
        .keys(upload_key_material())
        .bytes();
    assert_eq!(full.len(), 40 + 20 + 24 + 32);
    TransferState::from_bytes(&full).unwrap();
    for cut in 0..full.len() {
        assert_eq!(
            TransferState::from_bytes(&full[..cut]).unwrap_err().kind(),
            ErrorKind::Malformed,
            "{cut} bytes"
        );
    }
    let mut longer = full.clone();
    longer.push(0);
    assert_eq!(
        TransferState::from_bytes(&longer).unwrap_err().kind(),
        ErrorKind::Malformed
    );
}

#[test]
fn every_flag_combination_is_written_back_as_read() {
    for flags in 0u8..8 {
        let mut s = S::new();
        if flags & 1 != 0 {
            s = s.keys(upload_key_material());
        }
        if flags & 2 != 0 {
            s.flags |= 2;
            s.size = SIZE_3_CHUNKS;
        }
        if flags & 4 != 0 {
            s = s.progress(0, 16);
        }
        let b = s.bytes();
        assert_eq!(b[6], flags);
        let st = s.read();
        assert_eq!(st.content_key().is_some(), flags & 1 != 0);
        assert_eq!(st.file_size().is_some(), flags & 2 != 0);
        assert_eq!(st.in_progress().is_some(), flags & 4 != 0);
    }
}

#[test]
fn debug_shows_progress_not_keys_or_macs() {
    let st = S::sized(SIZE_3_CHUNKS)
        .folded(1)
        .entry(2)
        .progress(1, 32)
        .keys(upload_key_material())
        .read();
    let d = format!("{st:?}");
    assert_eq!(
        d,
        "TransferState { direction: Upload, file_size: Some(394240), has_key_material: true, \
         folded_chunks: 1, finished_out_of_order: 1, in_progress: Some((1, 32)) }"
    );
}
