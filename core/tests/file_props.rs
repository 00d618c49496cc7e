//! Property tests for the file engine: every API path agrees with a block-by-block reference
//! written from docs/format/files.md in this file, for random sizes, keys, splits and chunk orders;
//! any change to the ciphertext is detected; truncation and extension are told apart from
//! tampering; the resumable-state decoder survives hostile input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use aes::Aes128;
use cipher::{Array, BlockCipherEncrypt, KeyInit};
use megacrypt::file::{
    self, ChunkCipher, ChunkLayout, ChunkMac, FileDecryptor, FileEncryptor, MetaMacAccumulator,
    TransferState, UnauthenticatedRangeDecryptor,
};
use megacrypt::{AesKey, ErrorKind, FileKey, Nonce};
use proptest::prelude::*;

/// Reference: docs/format/files.md (CTR, chunk schedule, chunk MAC, meta-MAC), one block at a time,
/// chunk table computed independently.
fn reference(key: [u8; 16], nonce: [u8; 8], pt: &[u8]) -> (Vec<u8>, [u8; 8]) {
    let aes = Aes128::new(&Array::from(key));
    let enc = |b: &mut [u8; 16]| aes.encrypt_block(<&mut Array<u8, _>>::from(b));
    let mut ct = pt.to_vec();
    for (i, block) in ct.chunks_mut(16).enumerate() {
        let mut ctr = [0u8; 16];
        ctr[..8].copy_from_slice(&nonce);
        ctr[8..].copy_from_slice(&(i as u64).to_be_bytes());
        enc(&mut ctr);
        for (b, k) in block.iter_mut().zip(ctr) {
            *b ^= k;
        }
    }
    // Chunk boundaries: k*128 KiB for k = 1..8, then 1 MiB.
    let mut bounds = Vec::new();
    let (mut p, mut k) = (0usize, 1usize);
    while p < pt.len() {
        let len = if k <= 8 { k * 131072 } else { 1048576 };
        bounds.push((p, (p + len).min(pt.len())));
        p += len;
        k += 1;
    }
    let mut acc = [0u8; 16];
    for (s, e) in bounds {
        let mut mac = [0u8; 16];
        mac[..8].copy_from_slice(&nonce);
        mac[8..].copy_from_slice(&nonce);
        for block in pt[s..e].chunks(16) {
            for (m, b) in mac.iter_mut().zip(block) {
                *m ^= b;
            }
            enc(&mut mac);
        }
        for (a, m) in acc.iter_mut().zip(mac) {
            *a ^= m;
        }
        enc(&mut acc);
    }
    let mut mm = [0u8; 8];
    for i in 0..4 {
        mm[i] = acc[i] ^ acc[4 + i];
        mm[4 + i] = acc[8 + i] ^ acc[12 + i];
    }
    (ct, mm)
}

fn size_strategy() -> impl Strategy<Value = usize> {
    prop_oneof![
        0usize..64,
        0usize..300_000,
        prop::sample::select(vec![
            131_071usize,
            131_072,
            131_073,
            393_216,
            393_217,
            4_718_592,
            4_718_593
        ]),
        4_000_000usize..6_000_000,
    ]
}

fn nonzero16() -> impl Strategy<Value = [u8; 16]> {
    any::<[u8; 16]>().prop_filter("non-zero key", |k| k.iter().any(|b| *b != 0))
}
fn nonzero8() -> impl Strategy<Value = [u8; 8]> {
    any::<[u8; 8]>().prop_filter("non-zero nonce", |k| k.iter().any(|b| *b != 0))
}

fn data(size: usize, seed: u8) -> Vec<u8> {
    (0..size)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).rotate_right(13) as u8 ^ seed)
        .collect()
}

/// Cuts `len` into pieces from a list of random numbers.
fn cut(len: usize, raw: &[u32]) -> Vec<usize> {
    let mut v = Vec::new();
    let mut pos = 0;
    for (i, r) in raw.iter().cycle().enumerate() {
        if pos >= len {
            break;
        }
        let m = match i % 3 {
            0 => 20,
            1 => 5000,
            _ => 2_500_000,
        };
        let n = (*r as usize % m).min(len - pos);
        v.push(n);
        pos += n;
        if i > 100_000 {
            v.push(len - pos);
            break;
        }
    }
    v
}

fn fk(key: [u8; 16], nonce: [u8; 8]) -> (AesKey, Nonce) {
    (
        AesKey::from_bytes(key).unwrap(),
        Nonce::from_bytes(nonce).unwrap(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_split_matches_reference(size in size_strategy(), key in nonzero16(), nonce in nonzero8(),
                                   seed in any::<u8>(), raw in prop::collection::vec(any::<u32>(), 1..40)) {
        let pt = data(size, seed);
        let (want_ct, want_mm) = reference(key, nonce, &pt);
        let (k, n) = fk(key, nonce);
        let mut enc = FileEncryptor::with_key(megacrypt::ContentKey::from_parts(k.clone(), n.clone()));
        let mut buf = pt.clone();
        let mut pos = 0;
        for piece in cut(size, &raw) {
            enc.encrypt_in_place(&mut buf[pos..pos + piece]);
            pos += piece;
        }
        let key_out = enc.finish();
        prop_assert!(buf == want_ct);
        prop_assert_eq!(key_out.meta_mac().as_bytes(), &want_mm);

        // Decrypt with a different split.
        let mut dec = FileDecryptor::new(&key_out);
        let mut pos = 0;
        for piece in cut(size, &raw[1..].iter().chain(&raw[..1]).copied().collect::<Vec<_>>()) {
            dec.decrypt_unverified_in_place(&mut buf[pos..pos + piece]);
            pos += piece;
        }
        let _v = dec.finish_with_size(size as u64).unwrap();
        prop_assert!(buf == pt);
    }

    #[test]
    fn chunks_in_any_order(size in 1usize..6_000_000, key in nonzero16(), nonce in nonzero8(), shuffle in any::<u64>()) {
        let size = if size > 700_000 { size } else { size / 3 + 1 };
        let pt = data(size, 3);
        let (want_ct, want_mm) = reference(key, nonce, &pt);
        let (k, n) = fk(key, nonce);
        let cc = ChunkCipher::new(&megacrypt::ContentKey::from_parts(k.clone(), n.clone()));
        let layout = ChunkLayout::new(size as u64).unwrap();
        let mut order: Vec<_> = layout.chunks().collect();
        // Fisher-Yates with a simple LCG.
        let mut s = shuffle | 1;
        for i in (1..order.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (s >> 33) as usize % (i + 1));
        }
        let mut acc = MetaMacAccumulator::new(&k, size as u64).unwrap();
        let mut buf = pt.clone();
        let mut last = None;
        for (i, ch) in order.iter().enumerate() {
            let m = cc.encrypt_chunk(*ch, &mut buf[ch.offset as usize..ch.end() as usize]).unwrap();
            if i + 1 == order.len() {
                // Missing chunk: refuses to finish. Duplicate: refused.
                prop_assert!(!acc.is_complete());
                prop_assert_eq!(acc.missing_chunks().count(), 1);
                last = Some((*ch, m));
            } else {
                acc.insert(*ch, m).unwrap();
                prop_assert_eq!(acc.insert(*ch, m).unwrap_err().kind(), ErrorKind::ApiMisuse);
            }
        }
        let (ch, m) = last.unwrap();
        // Foreign chunk (wrong length) is refused.
        let foreign = megacrypt::file::Chunk { len: ch.len.wrapping_add(16), ..ch };
        prop_assert_eq!(acc.insert(foreign, m).unwrap_err().kind(), ErrorKind::ApiMisuse);
        acc.insert(ch, m).unwrap();
        prop_assert!(buf == want_ct);
        let mm = acc.finish().unwrap();
        prop_assert_eq!(mm.as_bytes(), &want_mm);
    }

    #[test]
    fn range_decrypt_is_a_slice(size in 1usize..400_000, key in nonzero16(), nonce in nonzero8(),
                                a in any::<usize>(), b in any::<usize>()) {
        let pt = data(size, 9);
        let (ct, _) = reference(key, nonce, &pt);
        let (k, n) = fk(key, nonce);
        let (s, e) = { let x = a % size; let y = b % (size + 1); (x.min(y), x.max(y)) };
        let mut part = ct[s..e].to_vec();
        UnauthenticatedRangeDecryptor::new(&megacrypt::ContentKey::from_parts(k.clone(), n.clone())).decrypt_at_unverified(s as u64, &mut part);
        prop_assert!(part[..] == pt[s..e]);
    }

    #[test]
    fn any_flipped_bit_is_a_mac_mismatch(size in 1usize..300_000, key in nonzero16(), nonce in nonzero8(),
                                         at in any::<usize>(), bit in 0u8..8) {
        let pt = data(size, 1);
        let (k, n) = fk(key, nonce);
        let mut ct = pt.clone();
        let key_out = megacrypt::hazmat::encrypt_file_in_place_with_key(megacrypt::ContentKey::from_parts(k, n), &mut ct).unwrap();
        ct[at % size] ^= 1 << bit;
        let mut buf = ct.clone();
        let e = file::decrypt_file_in_place(&key_out, &mut buf).unwrap_err();
        prop_assert_eq!(e.kind(), ErrorKind::MacMismatch);
        prop_assert!(buf.iter().all(|b| *b == 0), "unverified plaintext left in the buffer");
        let mut dec = FileDecryptor::new(&key_out);
        dec.decrypt_unverified_in_place(&mut ct);
        prop_assert_eq!(dec.finish().unwrap_err().kind(), ErrorKind::MacMismatch);
    }

    #[test]
    fn truncation_and_extension_are_size_errors(size in 1usize..300_000, key in nonzero16(), nonce in nonzero8(),
                                                cut_at in any::<usize>(), extra in 1usize..40) {
        let pt = data(size, 5);
        let (k, n) = fk(key, nonce);
        let mut ct = pt.clone();
        let key_out = megacrypt::hazmat::encrypt_file_in_place_with_key(megacrypt::ContentKey::from_parts(k, n), &mut ct).unwrap();
        let short = cut_at % size;
        let mut dec = FileDecryptor::new(&key_out);
        dec.decrypt_unverified_in_place(&mut ct.clone()[..short]);
        prop_assert_eq!(dec.finish_with_size(size as u64).unwrap_err().kind(), ErrorKind::SizeMismatch);
        let mut long = ct.clone();
        long.extend(std::iter::repeat_n(0u8, extra));
        let mut dec = FileDecryptor::new(&key_out);
        dec.decrypt_unverified_in_place(&mut long);
        prop_assert_eq!(dec.finish_with_size(size as u64).unwrap_err().kind(), ErrorKind::SizeMismatch);
        // Without the size, truncation/extension still fails (as a MAC mismatch).
        prop_assert!(file::decrypt_file(&key_out, &ct[..short]).is_err());
        prop_assert!(file::decrypt_file(&key_out, &long).is_err());
    }

    #[test]
    fn download_resumes_anywhere(size in 1usize..1_500_000, key in nonzero16(), nonce in nonzero8(), at in any::<usize>()) {
        let pt = data(size, 7);
        let (k, n) = fk(key, nonce);
        let mut ct = pt.clone();
        let key_out = megacrypt::hazmat::encrypt_file_in_place_with_key(megacrypt::ContentKey::from_parts(k, n), &mut ct).unwrap();
        let stop = at % (size + 1);
        let mut buf = ct.clone();
        let mut dec = FileDecryptor::new(&key_out);
        dec.decrypt_unverified_in_place(&mut buf[..stop]);
        let bytes = dec.export_state(false, Some(size as u64)).unwrap().to_bytes();
        drop(dec);
        let st = TransferState::from_bytes(&bytes).unwrap();
        prop_assert!(st.file_key().is_none());
        let from = st.resume_offset() as usize;
        prop_assert!(from <= stop && stop - from < 16);
        let mut dec = FileDecryptor::resume(&key_out, &st).unwrap();
        buf[from..].copy_from_slice(&ct[from..]);
        dec.decrypt_unverified_in_place(&mut buf[from..]);
        let _v = dec.finish_with_size(size as u64).unwrap();
        prop_assert!(buf == pt);
    }

    #[test]
    fn state_decoder_survives_hostile_input(bytes in prop::collection::vec(any::<u8>(), 0..200),
                                            flip in any::<usize>(), val in any::<u8>()) {
        let _ = TransferState::from_bytes(&bytes);
        // Mutations of a valid encoding decode to an error or to a state that re-encodes identically.
        let k = AesKey::from_bytes([7; 16]).unwrap();
        let mut acc = MetaMacAccumulator::new(&k, 20_000_000).unwrap();
        acc.insert_index(3, ChunkMac::from_bytes([1; 16])).unwrap();
        acc.insert_index(9, ChunkMac::from_bytes([2; 16])).unwrap();
        let fkey = FileKey::from_b64("kGEL1JT3UN9pzX8KOSEiBlmFJs-aKnQ_AAAAAAAAAAA").unwrap();
        let mut enc = acc.export_download_state(Some(&fkey)).to_bytes().to_vec();
        let i = flip % enc.len();
        enc[i] = val;
        if let Ok(st) = TransferState::from_bytes(&enc) {
            prop_assert!(st.to_bytes().to_vec() == enc);
        }
        let _ = TransferState::from_bytes(&enc[..flip % enc.len()]);
    }
}

#[test]
fn state_decoder_negative_cases() {
    let k = AesKey::from_bytes([7; 16]).unwrap();
    let mut acc = MetaMacAccumulator::new(&k, 3_000_000).unwrap();
    acc.insert_index(2, ChunkMac::from_bytes([1; 16])).unwrap();
    let good = acc.export_upload_state(None).to_bytes().to_vec();
    let st = TransferState::from_bytes(&good).unwrap();
    let back = MetaMacAccumulator::resume(&k, &st).unwrap();
    assert_eq!(back.chunks_done(), 1);
    assert!(back.has_chunk(2));
    let kind = |b: &[u8]| TransferState::from_bytes(b).unwrap_err().kind();
    assert_eq!(kind(b""), ErrorKind::Malformed);
    assert_eq!(kind(&good[..good.len() - 1]), ErrorKind::Malformed);
    let mut v = good.clone();
    v.push(0);
    assert_eq!(kind(&v), ErrorKind::Malformed, "trailing byte");
    let mut v = good.clone();
    v[4] = 2;
    assert_eq!(kind(&v), ErrorKind::Unsupported, "version");
    let mut v = good.clone();
    v[0] = b'X';
    assert_eq!(kind(&v), ErrorKind::Malformed, "magic");
    let mut v = good.clone();
    v[6] |= 0x80;
    assert_eq!(kind(&v), ErrorKind::Malformed, "unknown flag");
    // Huge entry count with little data: rejected before allocating.
    let mut v = good.clone();
    v[36..40].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(kind(&v), ErrorKind::Malformed, "count");
    // Chunk index past the end of a 3 MB file (it has 7 chunks: 0..=6).
    let mut v = good.clone();
    v[40..44].copy_from_slice(&7u32.to_be_bytes());
    assert_eq!(kind(&v), ErrorKind::Malformed, "index");
}

#[test]
fn empty_file_rule() {
    // ADR 0001: empty content verifies against the standard zero meta-MAC (SDK/webclient).
    let k = AesKey::from_bytes([5; 16]).unwrap();
    let n = Nonce::from_bytes([6; 8]).unwrap();
    let key =
        FileEncryptor::with_key(megacrypt::ContentKey::from_parts(k.clone(), n.clone())).finish();
    assert_eq!(key.meta_mac().as_bytes(), &[0; 8]);
    let _v = FileDecryptor::new(&key).finish().unwrap();
    // A key whose meta-MAC belongs to non-empty content does not verify an empty download.
    let mut one = [1u8; 1];
    let real = megacrypt::hazmat::encrypt_file_in_place_with_key(
        megacrypt::ContentKey::from_parts(k, n),
        &mut one,
    )
    .unwrap();
    assert_eq!(
        FileDecryptor::new(&real).finish().unwrap_err().kind(),
        ErrorKind::MacMismatch
    );
    assert_eq!(
        FileDecryptor::new(&real)
            .finish_with_size(1)
            .unwrap_err()
            .kind(),
        ErrorKind::SizeMismatch
    );
}

#[test]
fn buffer_to_buffer_length_mismatch_is_misuse() {
    let (k, n) = fk([1; 16], [2; 8]);
    let mut enc = FileEncryptor::with_key(megacrypt::ContentKey::from_parts(k, n));
    let mut out = [0u8; 5];
    assert_eq!(
        enc.encrypt_to(&[1, 2, 3], &mut out).unwrap_err().kind(),
        ErrorKind::ApiMisuse
    );
    let cc = ChunkCipher::new(&megacrypt::ContentKey::from_parts(
        AesKey::from_bytes([1; 16]).unwrap(),
        Nonce::from_bytes([2; 8]).unwrap(),
    ));
    let layout = ChunkLayout::new(1000).unwrap();
    let ch = layout.chunk(0).unwrap();
    assert_eq!(
        cc.encrypt_chunk(ch, &mut [0u8; 999]).unwrap_err().kind(),
        ErrorKind::ApiMisuse
    );
    let bad = megacrypt::file::Chunk {
        index: 1,
        offset: 5,
        len: 10,
    };
    assert_eq!(
        cc.encrypt_chunk(bad, &mut [0u8; 10]).unwrap_err().kind(),
        ErrorKind::ApiMisuse
    );
    // Range not on chunk boundaries.
    assert!(cc.encrypt_chunks(&layout, 16, &mut [0u8; 984]).is_err());
}

#[test]
fn verify_recorded_chunk_macs() {
    let (k, n) = fk([3; 16], [4; 8]);
    let size = 1_000_000usize;
    let pt = data(size, 2);
    let cc = ChunkCipher::new(&megacrypt::ContentKey::from_parts(k.clone(), n.clone()));
    let layout = ChunkLayout::new(size as u64).unwrap();
    let mut ct = pt.clone();
    let macs: Vec<ChunkMac> = cc
        .encrypt_chunks(&layout, 0, &mut ct)
        .unwrap()
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    // Chunks 1..3 cover [131072, 786432).
    cc.verify_chunks(&layout, 131_072, &pt[131_072..786_432], &macs[1..3])
        .unwrap();
    let mut bad = pt[131_072..786_432].to_vec();
    bad[1000] ^= 1;
    assert_eq!(
        cc.verify_chunks(&layout, 131_072, &bad, &macs[1..3])
            .unwrap_err()
            .kind(),
        ErrorKind::MacMismatch
    );
    assert_eq!(
        cc.verify_chunks(&layout, 131_072, &pt[131_072..786_432], &macs[1..2])
            .unwrap_err()
            .kind(),
        ErrorKind::ApiMisuse
    );
}

/// A download stopped after its last byte (the file ends inside a chunk, on a block boundary)
/// exports an in-progress chunk holding all of that chunk's bytes; the state must decode and the
/// resumed decryptor must verify. Sizes: one block, mid-chunk, exact chunk end, one block into the
/// next chunk, exact end of chunk 1.
#[test]
fn download_state_exported_at_the_end_of_the_file_resumes() {
    for size in [16usize, 200_000, 131_072, 131_088, 393_216] {
        let pt = data(size, 3);
        let (k, n) = fk([5; 16], [6; 8]);
        let mut ct = pt.clone();
        let key = megacrypt::hazmat::encrypt_file_in_place_with_key(
            megacrypt::ContentKey::from_parts(k, n),
            &mut ct,
        )
        .unwrap();
        let mut buf = ct.clone();
        let mut dec = FileDecryptor::new(&key);
        dec.decrypt_unverified_in_place(&mut buf);
        for file_size in [Some(size as u64), None] {
            let bytes = dec.export_state(false, file_size).unwrap().to_bytes();
            let st = TransferState::from_bytes(&bytes)
                .unwrap_or_else(|e| panic!("size {size}, recorded size {file_size:?}: {e}"));
            assert_eq!(st.resume_offset(), size as u64);
            let resumed = FileDecryptor::resume(&key, &st).unwrap();
            let _verified = resumed.finish_with_size(size as u64).unwrap();
        }
    }
}

/// A state cannot record a file size smaller than what was already processed.
#[test]
fn download_state_refuses_a_file_size_below_the_progress() {
    let pt = data(300_000, 4);
    let (k, n) = fk([5; 16], [6; 8]);
    let mut ct = pt.clone();
    let key = megacrypt::hazmat::encrypt_file_in_place_with_key(
        megacrypt::ContentKey::from_parts(k, n),
        &mut ct,
    )
    .unwrap();
    let mut dec = FileDecryptor::new(&key);
    dec.decrypt_unverified_in_place(&mut ct[..200_000]);
    let err = dec.export_state(false, Some(150_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ApiMisuse);
    assert!(dec.export_state(false, Some(200_000)).is_ok());
    assert_eq!(
        dec.export_state(false, Some(u64::MAX)).unwrap_err().kind(),
        ErrorKind::Unsupported
    );
}

/// The rayon path against the reference on pools of 2, 3 and 5 threads: the lanes are dealt to
/// one group per thread longest first (not in file order) and moved back afterwards, so every
/// chunk's MAC must still land on its own chunk. Sizes cover the ramp alone, the ramp split
/// between groups, partial last blocks and more groups than chunks of the ramp.
#[cfg(feature = "parallel")]
#[test]
fn parallel_groups_match_reference() {
    let (key, nonce) = ([0x3cu8; 16], [0xa5u8; 8]);
    for threads in [2, 3, 5] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        for size in [
            (2 << 20) + 1,
            4_718_592,
            (5 << 20) - 7,
            (9 << 20) + 100_003,
            (16 << 20) + 17,
        ] {
            let pt = data(size, size as u8);
            let (want_ct, want_mm) = reference(key, nonce, &pt);
            let mut buf = pt.clone();
            let (k, n) = fk(key, nonce);
            let got = pool.install(|| {
                let mut e = file::FileEncryptor::with_key(megacrypt::ContentKey::from_parts(k, n));
                e.set_parallelism(megacrypt::Parallelism::ThreadPool);
                e.encrypt_in_place(&mut buf);
                e.finish()
            });
            assert!(
                buf == want_ct,
                "ciphertext, {threads} threads, {size} bytes"
            );
            assert_eq!(
                got.meta_mac().as_bytes(),
                &want_mm,
                "{threads} threads, {size} bytes"
            );
            let _verified = pool
                .install(|| {
                    let mut d = file::FileDecryptor::new(&got);
                    d.set_parallelism(megacrypt::Parallelism::ThreadPool);
                    d.decrypt_unverified_in_place(&mut buf);
                    d.finish()
                })
                .unwrap();
            assert!(buf == pt, "plaintext, {threads} threads, {size} bytes");
        }
    }
}
