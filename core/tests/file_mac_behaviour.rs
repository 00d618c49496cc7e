//! The file MAC layer (`core/src/file/mac.rs`): behaviour that mutation testing showed no test
//! checked (issue 18). Expected values from first principles: a verified file's length is the
//! plaintext's, an empty file is empty, two MACs are equal exactly when their 16 bytes are, and a
//! state whose every chunk is folded resumes to the same meta-MAC.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::file::{ChunkLayout, ChunkMac, MetaMacAccumulator, decrypt_file_in_place};
use megacrypt::hazmat::encrypt_file_in_place_with_key;
use megacrypt::{AesKey, Nonce};

fn key() -> AesKey {
    AesKey::from_bytes([0x42; 16]).unwrap()
}

fn nonce() -> Nonce {
    Nonce::from_bytes([0x24; 8]).unwrap()
}

#[test]
fn chunk_macs_are_equal_exactly_when_their_bytes_are() {
    let a = ChunkMac::from_slice(&[1; 16]).unwrap();
    let b = ChunkMac::from_slice(&[1; 16]).unwrap();
    let mut other = [1u8; 16];
    other[15] = 2;
    let c = ChunkMac::from_slice(&other).unwrap();
    assert!(a == b);
    assert!(a != c);
    assert!(c != a);
    assert_eq!(c.to_bytes(), other);
    assert_eq!(ChunkMac::from_bytes(other).as_bytes(), &other);
}

#[test]
fn chunk_mac_debug_is_its_hex() {
    let bytes: [u8; 16] = core::array::from_fn(|i| i as u8 * 17);
    let mac = ChunkMac::from_slice(&bytes).unwrap();
    assert_eq!(
        format!("{mac:?}"),
        "ChunkMac(00112233445566778899aabbccddeeff)"
    );
}

#[test]
fn verified_length_is_the_plaintext_length() {
    for len in [0usize, 1, 100, 131_072, 131_073] {
        let mut buf = vec![0x5a; len];
        let fk = encrypt_file_in_place_with_key(
            megacrypt::ContentKey::from_parts(key(), nonce()),
            &mut buf,
        )
        .unwrap();
        let verified = decrypt_file_in_place(&fk, &mut buf).unwrap();
        assert_eq!(verified.len(), len as u64, "{len} bytes");
        assert_eq!(verified.is_empty(), len == 0, "{len} bytes");
    }
}

#[test]
fn state_with_every_chunk_folded_resumes_to_the_same_meta_mac() {
    // 200 000 bytes: two chunks (131 072 + 68 928). Any 16 bytes fold; MACs are not checked here.
    let size = 200_000;
    assert_eq!(ChunkLayout::new(size).unwrap().chunk_count(), 2);
    let mut acc = MetaMacAccumulator::new(&key(), size).unwrap();
    acc.insert_index(0, ChunkMac::from_slice(&[3; 16]).unwrap())
        .unwrap();
    acc.insert_index(1, ChunkMac::from_slice(&[4; 16]).unwrap())
        .unwrap();
    assert!(acc.is_complete());
    let state = acc.export_upload_state(None);
    assert_eq!(state.folded_chunks(), 2);
    let resumed = MetaMacAccumulator::resume(&key(), &state).unwrap();
    assert!(resumed.is_complete());
    assert_eq!(resumed.finish().unwrap(), acc.finish().unwrap());
}

#[test]
fn a_chunk_mac_is_accepted_once_whether_folded_or_waiting() {
    // 700 000 bytes: three chunks (128 KiB, 256 KiB, the rest).
    let mut acc = MetaMacAccumulator::new(&key(), 700_000).unwrap();
    assert_eq!(acc.layout().chunk_count(), 3);
    let mac = ChunkMac::from_slice(&[9; 16]).unwrap();
    // Chunk 0 folds at once; inserting it again is refused.
    acc.insert_index(0, mac).unwrap();
    let e = acc.insert_index(0, mac).unwrap_err();
    assert_eq!(e.kind(), megacrypt::ErrorKind::ApiMisuse);
    // Chunk 2 waits for chunk 1; inserting it again is refused too.
    acc.insert_index(2, mac).unwrap();
    let e = acc.insert_index(2, mac).unwrap_err();
    assert_eq!(e.kind(), megacrypt::ErrorKind::ApiMisuse);
    assert_eq!(acc.chunks_done(), 2);
    // Chunk 0 is folded, chunk 2 waiting, chunk 1 missing.
    assert!(acc.has_chunk(0));
    assert!(!acc.has_chunk(1));
    assert!(acc.has_chunk(2));
    assert_eq!(
        acc.missing_chunks().map(|c| c.index).collect::<Vec<_>>(),
        [1]
    );
    acc.insert_index(1, mac).unwrap();
    assert!(acc.is_complete());
}

#[test]
fn exported_state_keeps_waiting_chunk_macs() {
    let mac = |b: u8| ChunkMac::from_slice(&[b; 16]).unwrap();
    let mut acc = MetaMacAccumulator::new(&key(), 700_000).unwrap();
    acc.insert_index(0, mac(1)).unwrap();
    acc.insert_index(2, mac(3)).unwrap();
    let state = acc.export_download_state(None);
    assert_eq!(state.folded_chunks(), 1);
    assert_eq!(
        state.finished_chunks().collect::<Vec<_>>(),
        [(2, mac(3))],
        "the out-of-order chunk travels in the state"
    );
    let mut resumed = MetaMacAccumulator::resume(&key(), &state).unwrap();
    assert!(resumed.has_chunk(2) && !resumed.has_chunk(1));
    resumed.insert_index(1, mac(2)).unwrap();
    acc.insert_index(1, mac(2)).unwrap();
    assert_eq!(resumed.finish().unwrap(), acc.finish().unwrap());
}

#[test]
fn accumulator_debug_shows_progress_not_macs() {
    let mut acc = MetaMacAccumulator::new(&key(), 700_000).unwrap();
    acc.insert_index(2, ChunkMac::from_slice(&[7; 16]).unwrap())
        .unwrap();
    assert_eq!(
        format!("{acc:?}"),
        "MetaMacAccumulator { file_size: 700000, chunks: 3, done: 1, .. }"
    );
}
