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

use megacrypt::file::{Chunk, ChunkCipher, ChunkLayout, ChunkMac};
use megacrypt::{AesKey, ContentKey, ErrorKind, Nonce, Parallelism};

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

/// mega.py's answer for a 768 KiB file (vectors `file_encrypt.json`, size 786432): plaintext byte
/// `i` is `(i * 7 + 235) % 251`, three chunks (128, 256, 384 KiB) with these MACs.
const KAT_KEY: &str = "01ea1ad6cfb38074490d189a963d2e38";
const KAT_NONCE: &str = "6a3abd94af5d1cc2";
const KAT_MACS: [&str; 3] = [
    "6cc67c1b8d50b0078e55152b0d987340",
    "d5531eb58174f9364296307147b11ee0",
    "258328d6449a29d0650f1a5f8434b810",
];

fn kat() -> (ChunkCipher, ChunkLayout, Vec<u8>, Vec<ChunkMac>) {
    let cc = ChunkCipher::new(&ContentKey::from_parts(
        AesKey::from_slice(&hex::decode(KAT_KEY).unwrap()).unwrap(),
        Nonce::from_slice(&hex::decode(KAT_NONCE).unwrap()).unwrap(),
    ));
    let pt = (0..786_432u64)
        .map(|i| ((i * 7 + 235) % 251) as u8)
        .collect();
    let macs = KAT_MACS
        .iter()
        .map(|h| ChunkMac::from_bytes(hex::decode(h).unwrap().try_into().unwrap()))
        .collect();
    (cc, ChunkLayout::new(786_432).unwrap(), pt, macs)
}

/// The multi-chunk decryption hands back every chunk of the range with the MAC of its plaintext,
/// on the calling thread and on the pool.
#[test]
fn decrypting_a_run_of_chunks_returns_each_chunk_with_its_known_mac() {
    let (cc, layout, pt, macs) = kat();
    let mut ct = pt.clone();
    cc.encrypt_chunks(&layout, 0, &mut ct).unwrap();
    for parallelism in [Parallelism::CallingThread, Parallelism::ThreadPool] {
        let mut cd = cc.clone();
        cd.set_parallelism(parallelism);
        let mut buf = ct.clone();
        let got = cd.decrypt_chunks_unverified(&layout, 0, &mut buf).unwrap();
        assert_eq!(
            got.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            layout.chunks().collect::<Vec<_>>()
        );
        assert_eq!(
            got.iter().map(|(_, m)| m.to_bytes()).collect::<Vec<_>>(),
            macs.iter().map(ChunkMac::to_bytes).collect::<Vec<_>>()
        );
        assert!(buf == pt, "plaintext restored");
    }
}

/// `verify_chunks` accepts plaintext with its recorded chunk MACs, refuses a flipped bit in any
/// one MAC or in the plaintext (`MacMismatch`), and a MAC list of the wrong length (`ApiMisuse`).
#[test]
fn verify_chunks_accepts_the_known_macs_and_refuses_any_altered_one() {
    let (cc, layout, pt, macs) = kat();
    cc.verify_chunks(&layout, 0, &pt, &macs).unwrap();
    for i in 0..macs.len() {
        let mut bad = macs.clone();
        let mut b = bad[i].to_bytes();
        b[0] ^= 1;
        bad[i] = ChunkMac::from_bytes(b);
        assert_eq!(
            cc.verify_chunks(&layout, 0, &pt, &bad).unwrap_err().kind(),
            ErrorKind::MacMismatch,
            "chunk {i}"
        );
    }
    let mut altered = pt.clone();
    altered[300_000] ^= 4;
    assert_eq!(
        cc.verify_chunks(&layout, 0, &altered, &macs)
            .unwrap_err()
            .kind(),
        ErrorKind::MacMismatch
    );
    misuse(cc.verify_chunks(&layout, 0, &pt, &macs[..2]));
    let mut extra = macs.clone();
    extra.push(macs[0]);
    misuse(cc.verify_chunks(&layout, 0, &pt, &extra));
}

/// The random-access decryptor holds the same content key: `Debug` names the type only.
#[test]
fn range_decryptor_debug_is_redacted() {
    let key = ContentKey::from_parts(
        AesKey::from_bytes([0x11; 16]).unwrap(),
        Nonce::from_bytes([0x22; 8]).unwrap(),
    );
    let shown = format!(
        "{:?}",
        megacrypt::file::UnauthenticatedRangeDecryptor::new(&key)
    );
    assert_eq!(shown, "UnauthenticatedRangeDecryptor(<redacted>)");
}
