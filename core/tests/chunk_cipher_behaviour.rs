#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]
//! `ChunkCipher` (`core/src/file/chunk.rs`): the chunk and range checks that keep a caller from
//! encrypting or MACing bytes under the wrong counter or chunk boundary, and what `Debug` shows.
//! The known answers (area `file_encrypt`) check the bytes and MACs; MEGA's schedule (chunk 0 is
//! 128 KiB at 0, chunk 1 is 256 KiB at 128 KiB, …) gives the boundaries used here.

use megacrypt::file::{Chunk, ChunkCipher, ChunkLayout};
use megacrypt::{AesKey, ContentKey, ErrorKind, Nonce};

const KIB: u64 = 1024;

fn cipher() -> ChunkCipher {
    ChunkCipher::new(&ContentKey::from_parts(
        AesKey::from_bytes([0x11; 16]).unwrap(),
        Nonce::from_bytes([0x22; 8]).unwrap(),
    ))
}

fn misuse<T: std::fmt::Debug>(r: megacrypt::Result<T>) {
    assert_eq!(r.expect_err("must be refused").kind(), ErrorKind::ApiMisuse);
}

/// A chunk is refused unless it is one of MEGA's schedule: non-empty, at its index's offset, no
/// longer than its index allows. Each rule alone refuses.
#[test]
fn a_chunk_off_the_schedule_is_refused_by_each_rule_alone() {
    let cc = cipher();
    // Empty, otherwise right (index 0 at offset 0).
    misuse(cc.encrypt_chunk(
        Chunk {
            index: 0,
            offset: 0,
            len: 0,
        },
        &mut [],
    ));
    // Right length for index 1, wrong offset (index 1 starts at 128 KiB).
    let mut buf = vec![0u8; 16];
    misuse(cc.encrypt_chunk(
        Chunk {
            index: 1,
            offset: 0,
            len: 16,
        },
        &mut buf,
    ));
    misuse(cc.decrypt_chunk_unverified(
        Chunk {
            index: 1,
            offset: 0,
            len: 16,
        },
        &mut buf,
    ));
    misuse(cc.mac_chunk(
        Chunk {
            index: 1,
            offset: 0,
            len: 16,
        },
        &buf,
    ));
    // Right offset, one block longer than chunk 0 may be (128 KiB).
    let mut long = vec![0u8; 128 * 1024 + 16];
    misuse(cc.encrypt_chunk(
        Chunk {
            index: 0,
            offset: 0,
            len: 128 * 1024 + 16,
        },
        &mut long,
    ));
    // The same chunks as the schedule has them are accepted.
    cc.encrypt_chunk(
        Chunk {
            index: 1,
            offset: 128 * KIB,
            len: 16,
        },
        &mut buf,
    )
    .unwrap();
    let mut full = vec![0u8; 128 * 1024];
    cc.encrypt_chunk(
        Chunk {
            index: 0,
            offset: 0,
            len: 128 * 1024,
        },
        &mut full,
    )
    .unwrap();
}

/// A run of chunks must lie inside the file: ranges that end before the file's end are fine, the
/// whole file is fine, one byte past its end is refused.
#[test]
fn chunk_ranges_must_lie_inside_the_file() {
    let cc = cipher();
    // 300 KiB: chunk 0 = [0, 128 KiB), chunk 1 = [128 KiB, 300 KiB) (cut at the file size).
    let layout = ChunkLayout::new(300 * KIB).unwrap();
    let mut first = vec![0u8; 128 * 1024];
    let macs = cc.encrypt_chunks(&layout, 0, &mut first).unwrap();
    assert_eq!(macs.len(), 1);
    let mut second = vec![0u8; 172 * 1024];
    let macs = cc.encrypt_chunks(&layout, 128 * KIB, &mut second).unwrap();
    assert_eq!(
        macs[0].0,
        Chunk {
            index: 1,
            offset: 128 * KIB,
            len: 172 * 1024
        }
    );
    let mut whole = vec![0u8; 300 * 1024];
    assert_eq!(cc.encrypt_chunks(&layout, 0, &mut whole).unwrap().len(), 2);
    let mut past = vec![0u8; 300 * 1024 + 1];
    misuse(cc.encrypt_chunks(&layout, 0, &mut past));
    misuse(cc.decrypt_chunks_unverified(&layout, 0, &mut past));
    // Not on a chunk boundary, at either end.
    misuse(cc.encrypt_chunks(&layout, 16, &mut first));
    misuse(cc.encrypt_chunks(&layout, 0, &mut second));
}

/// A chunk cipher holds a content key: `Debug` names the type only.
#[test]
fn chunk_cipher_debug_is_redacted() {
    assert_eq!(format!("{:?}", cipher()), "ChunkCipher(<redacted>)");
}
