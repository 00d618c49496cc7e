//! Harnesses for the file engine (core `file`): transfer state, streaming decryption, and the
//! differential targets that compare two code paths byte for byte.

use std::io::{Read, Write};

use megacrypt::ErrorKind;
use megacrypt::file::{
    CHUNK_UNIT, ChunkCipher, ChunkLayout, ChunkMac, DecryptingReader, EncryptingWriter,
    FileDecryptor, FileEncryptor, MAX_CHUNK_LEN, MetaMacAccumulator, RAMP_END, TransferDirection,
    TransferState, UnauthenticatedRangeDecryptor, decrypt_file, decrypt_file_in_place,
};
use megacrypt::hazmat::encrypt_file_in_place_with_key;

use crate::{Input, expand, fixed};

/// Start of chunk `k` of MEGA's schedule, computed here from docs/format/files.md#chunk-schedule
/// (not from the core).
fn chunk_start(k: u64) -> u64 {
    if k < 8 {
        CHUNK_UNIT * k * (k + 1) / 2
    } else {
        RAMP_END + (k - 8) * MAX_CHUNK_LEN
    }
}

/// A file length chosen by the input: small, a few chunks, near a chunk boundary, or past the ramp.
fn file_len(inp: &mut Input<'_>) -> usize {
    match inp.u8() % 4 {
        0 => usize::from(inp.u16()) % 4097,
        1 => inp.u24() as usize % (3 * CHUNK_UNIT as usize + 1),
        2 => {
            let k = u64::from(inp.u8() % 11);
            let delta = i64::from(inp.u8() % 41) - 20;
            (chunk_start(k) as i64 + delta).max(0) as usize
        }
        _ => inp.u24() as usize % (RAMP_END + 2 * MAX_CHUNK_LEN + 1) as usize,
    }
}

/// Piece lengths (possibly zero) chosen by the input, summing to at most `len`.
fn pieces(inp: &mut Input<'_>, len: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut left = len;
    while left > 0 && !inp.is_empty() && out.len() < 64 {
        let p = match inp.u8() % 4 {
            0 => usize::from(inp.u8() % 33),
            1 => usize::from(inp.u16()),
            2 => inp.u24() as usize,
            _ => left,
        }
        .min(left);
        out.push(p);
        left -= p;
    }
    out
}

/// The resumable-state decoder, and resuming every transfer type from whatever it accepts.
pub fn transfer_state(data: &[u8]) {
    let f = fixed();
    let Ok(st) = TransferState::from_bytes(data) else {
        return;
    };
    assert_eq!(&st.to_bytes()[..], data, "the state encoding is canonical");
    let _ = (
        st.resume_offset(),
        st.finished_chunks().count(),
        format!("{st:?}"),
    );
    let probe = [0x11u8; 100];
    if let Ok(mut e) = FileEncryptor::resume(f.content.clone(), &st) {
        assert_eq!(e.bytes_processed(), st.resume_offset());
        let mut b = probe;
        e.encrypt_in_place(&mut b);
        // Past the largest describable file (a state resumed near it) the export refuses;
        // whatever it exports must decode.
        if let Ok(s2) = e.export_state(true) {
            TransferState::from_bytes(&s2.to_bytes()).expect("own export decodes");
        }
        let _ = e.finish();
    }
    if let Ok(mut d) = FileDecryptor::resume(&f.file_key, &st) {
        assert_eq!(d.bytes_processed(), st.resume_offset());
        let mut b = probe;
        d.decrypt_unverified_in_place(&mut b);
        if let Ok(s2) = d.export_state(false, st.file_size()) {
            TransferState::from_bytes(&s2.to_bytes()).expect("own export decodes");
        }
        let _ = d.finish();
    }
    if let Ok(acc) = MetaMacAccumulator::resume(&f.aes_key, &st) {
        let _ = (
            acc.chunks_done(),
            acc.is_complete(),
            acc.missing_chunks().take(4).count(),
        );
        let s2 = match st.direction() {
            TransferDirection::Upload => acc.export_upload_state(st.content_key()),
            TransferDirection::Download => acc.export_download_state(st.file_key()),
        };
        TransferState::from_bytes(&s2.to_bytes()).expect("own export decodes");
        let _ = acc.finish();
    }
    let _ = st.without_key_material();
}

/// Sequential download decryption over arbitrary splits (in place, buffer to buffer, through the
/// `Read` adapter, with a state export/import in the middle) against the one-shot decryptor.
pub fn stream_decrypt(data: &[u8]) {
    let f = fixed();
    let mut inp = Input(data);
    let flags = inp.u8();
    let len = file_len(&mut inp);
    let content = expand(inp.bytes(16), len);
    let authentic = flags & 1 == 0;
    let (fk, mut ct) = if authentic {
        let mut ct = content.clone();
        let fk = encrypt_file_in_place_with_key(f.content.clone(), &mut ct).unwrap();
        (fk, ct)
    } else {
        (f.file_key.clone(), content.clone())
    };
    let mut tampered = false;
    if flags & 2 != 0 && !ct.is_empty() {
        let pos = inp.u24() as usize % ct.len();
        ct[pos] ^= 1 | inp.u8();
        tampered = true;
    }
    let reference = decrypt_file(&fk, &ct);
    let mut unverified = ct.clone();
    UnauthenticatedRangeDecryptor::from_file_key(&fk).decrypt_at_unverified(0, &mut unverified);
    if authentic {
        if tampered {
            assert_eq!(
                reference.as_ref().unwrap_err().kind(),
                ErrorKind::MacMismatch
            );
        } else {
            assert_eq!(reference.as_ref().unwrap(), &content);
        }
    }
    if let Ok(pt) = &reference {
        assert_eq!(pt, &unverified);
    }
    let mut in_place = ct.clone();
    let r = decrypt_file_in_place(&fk, &mut in_place);
    assert_eq!(r.is_ok(), reference.is_ok());
    if r.is_err() {
        assert!(
            in_place.iter().all(|b| *b == 0),
            "failed decryption must zeroize"
        );
    }

    let split = pieces(&mut inp, len);
    let resume_at = (flags & 4 != 0).then(|| usize::from(inp.u8()) % (split.len() + 1));
    let mut dec = FileDecryptor::new(&fk);
    let mut out = vec![0u8; len];
    let mut pos = 0usize;
    for (i, p) in split.iter().enumerate() {
        if Some(i) == resume_at {
            let st = dec
                .export_state(i % 2 == 0, Some(len as u64))
                .expect("export within the file size");
            let bytes = st.to_bytes();
            let st = TransferState::from_bytes(&bytes).expect("own export decodes");
            dec = FileDecryptor::resume(&fk, &st).expect("own export resumes");
            assert!(st.resume_offset() as usize <= pos && pos - (st.resume_offset() as usize) < 16);
            pos = st.resume_offset() as usize;
        }
        let p = (*p).min(len - pos);
        let range = pos..pos + p;
        if i % 2 == 0 {
            out[range.clone()].copy_from_slice(&ct[range.clone()]);
            dec.decrypt_unverified_in_place(&mut out[range]);
        } else {
            dec.decrypt_unverified_to(&ct[range.clone()], &mut out[range])
                .unwrap();
        }
        pos += p;
    }
    out[pos..].copy_from_slice(&ct[pos..]);
    dec.decrypt_unverified_in_place(&mut out[pos..]);
    assert_eq!(
        out, unverified,
        "streaming output differs from one-shot CTR"
    );
    assert_eq!(dec.bytes_processed(), len as u64);
    let verdict = if flags & 8 != 0 {
        dec.finish_with_size(len as u64)
    } else {
        dec.finish()
    };
    assert_eq!(verdict.is_ok(), reference.is_ok());
    if let Ok(v) = verdict {
        assert_eq!(v.len(), len as u64);
    }

    // The Read adapter with reads of the same sizes.
    let mut reader = DecryptingReader::with_expected_size(&ct[..], &fk, len as u64);
    let mut got = Vec::with_capacity(len);
    let mut sizes = split
        .iter()
        .copied()
        .filter(|p| *p > 0)
        .chain(std::iter::repeat(4096));
    let read_ok = loop {
        let mut buf = vec![0u8; sizes.next().unwrap_or(4096)];
        match reader.read(&mut buf) {
            Ok(0) => break true,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => break false,
        }
    };
    assert_eq!(got, unverified);
    assert_eq!(read_ok, reference.is_ok());
    assert_eq!(reader.into_verified().is_ok(), reference.is_ok());
}

/// Sequential encryption over arbitrary splits (in place, buffer to buffer, through the `Write`
/// adapter, with a state export/import) equals one-shot encryption: same ciphertext, same key.
pub fn diff_split_encrypt(data: &[u8]) {
    let f = fixed();
    let mut inp = Input(data);
    let flags = inp.u8();
    let len = file_len(&mut inp);
    let content = expand(inp.bytes(16), len);
    let mut want = content.clone();
    let want_key = encrypt_file_in_place_with_key(f.content.clone(), &mut want).unwrap();

    let split = pieces(&mut inp, len);
    let resume_at = (flags & 1 != 0).then(|| usize::from(inp.u8()) % (split.len() + 1));
    let mut enc = FileEncryptor::with_key(f.content.clone());
    let mut out = vec![0u8; len];
    let mut pos = 0usize;
    for (i, p) in split.iter().enumerate() {
        if Some(i) == resume_at {
            let st = enc
                .export_state(i % 2 == 0)
                .expect("export of a small file");
            let st = TransferState::from_bytes(&st.to_bytes()).expect("own export decodes");
            assert!(st.file_key().is_none(), "an upload state has no file key");
            if let Some(k) = st.content_key() {
                assert_eq!(k, &f.content);
            }
            enc = FileEncryptor::resume(f.content.clone(), &st).expect("own export resumes");
            pos = st.resume_offset() as usize;
        }
        let p = (*p).min(len - pos);
        let range = pos..pos + p;
        if i % 2 == 0 {
            out[range.clone()].copy_from_slice(&content[range.clone()]);
            enc.encrypt_in_place(&mut out[range]);
        } else {
            enc.encrypt_to(&content[range.clone()], &mut out[range])
                .unwrap();
        }
        pos += p;
    }
    out[pos..].copy_from_slice(&content[pos..]);
    enc.encrypt_in_place(&mut out[pos..]);
    assert_eq!(enc.bytes_processed(), len as u64);
    assert_eq!(
        enc.finish(),
        want_key,
        "split encryption gives another file key"
    );
    assert_eq!(out, want, "split encryption gives another ciphertext");

    if flags & 2 != 0 {
        let mut w = EncryptingWriter::new(Vec::new(), FileEncryptor::with_key(f.content.clone()));
        let mut pos = 0;
        for p in split.iter().copied().chain(std::iter::once(len)) {
            let p = p.min(len - pos);
            w.write_all(&content[pos..pos + p]).unwrap();
            pos += p;
        }
        let (ct, key) = w.finish().unwrap();
        assert_eq!(key, want_key);
        assert_eq!(ct, want);
    }
}

/// Chunk-wise encryption and decryption in an input-chosen order (with accumulator state
/// export/import) equals sequential one-shot encryption; the meta-MAC verifies.
pub fn diff_chunk_order(data: &[u8]) {
    let f = fixed();
    let mut inp = Input(data);
    let flags = inp.u8();
    let len = file_len(&mut inp);
    let content = expand(inp.bytes(16), len);
    let mut want = content.clone();
    let want_key = encrypt_file_in_place_with_key(f.content.clone(), &mut want).unwrap();
    let layout = ChunkLayout::new(len as u64).unwrap();
    let n = layout.chunk_count() as usize;
    // Fisher–Yates driven by the input.
    let mut order: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        let j = usize::from(inp.u16()) % (i + 1);
        order.swap(i, j);
    }
    let export_at = (flags & 1 != 0).then(|| usize::from(inp.u8()) % (n + 1));
    let cipher = ChunkCipher::new(&f.content);
    let mut acc = MetaMacAccumulator::new(&f.aes_key, len as u64).unwrap();
    let mut out = content.clone();
    let mut macs = vec![ChunkMac::from_bytes([0; 16]); n];
    for (step, &i) in order.iter().enumerate() {
        if Some(step) == export_at {
            let st = acc.export_upload_state(None);
            let st = TransferState::from_bytes(&st.to_bytes()).expect("own export decodes");
            acc = MetaMacAccumulator::resume(&f.aes_key, &st).expect("own export resumes");
        }
        let c = layout.chunk(i).unwrap();
        let range = c.offset as usize..c.end() as usize;
        let mac = cipher.encrypt_chunk(c, &mut out[range]).unwrap();
        macs[i as usize] = mac;
        if step % 2 == 0 {
            acc.insert(c, mac).unwrap();
        } else {
            acc.insert_index(i, mac).unwrap();
        }
        // A second insert of the same chunk is refused.
        assert!(acc.insert_index(i, mac).is_err());
    }
    assert_eq!(out, want, "chunk-order encryption gives another ciphertext");
    assert_eq!(&acc.finish().unwrap(), want_key.meta_mac());

    // Runs of consecutive chunks (the multi-lane path) agree with single chunks.
    if n > 0 {
        let a = usize::from(inp.u8()) % n;
        let b = a + usize::from(inp.u8()) % (n - a);
        let start = layout.chunk(a as u32).unwrap().offset as usize;
        let end = layout.chunk(b as u32).unwrap().end() as usize;
        let mut run = content[start..end].to_vec();
        let got = cipher
            .encrypt_chunks(&layout, start as u64, &mut run)
            .unwrap();
        assert_eq!(run, want[start..end]);
        for (c, m) in &got {
            assert_eq!(*m, macs[c.index as usize]);
        }
        let mut back = run.clone();
        let got = cipher
            .decrypt_chunks_unverified(&layout, start as u64, &mut back)
            .unwrap();
        assert_eq!(back, content[start..end]);
        let expected: Vec<ChunkMac> = got.iter().map(|(_, m)| *m).collect();
        cipher
            .verify_chunks(&layout, start as u64, &back, &expected)
            .unwrap();
    }

    // Decrypt in reverse input order and verify against the key.
    let mut acc = MetaMacAccumulator::new(&f.aes_key, len as u64).unwrap();
    let mut back = want.clone();
    for &i in order.iter().rev() {
        let c = layout.chunk(i).unwrap();
        let range = c.offset as usize..c.end() as usize;
        let mac = cipher
            .decrypt_chunk_unverified(c, &mut back[range.clone()])
            .unwrap();
        assert_eq!(mac, cipher.mac_chunk(c, &content[range]).unwrap());
        acc.insert(c, mac).unwrap();
    }
    assert_eq!(back, content);
    let _verified = acc.verify(&want_key).expect("meta-MAC verifies");
}

/// Range decryption at input-chosen offsets equals the slice of the plaintext; chunk-aligned range
/// helpers agree and reject misaligned ranges without panicking.
pub fn diff_range_decrypt(data: &[u8]) {
    let f = fixed();
    let mut inp = Input(data);
    let len = file_len(&mut inp);
    let content = expand(inp.bytes(16), len);
    let mut ct = content.clone();
    let fk = encrypt_file_in_place_with_key(f.content.clone(), &mut ct).unwrap();
    let rd = UnauthenticatedRangeDecryptor::from_file_key(&fk);
    let layout = ChunkLayout::new(len as u64).unwrap();
    let cipher = ChunkCipher::from_file_key(&fk);
    for _ in 0..8 {
        if inp.is_empty() {
            break;
        }
        let off = inp.u24() as usize % (len + 1);
        let n = match inp.u8() % 3 {
            0 => usize::from(inp.u8()),
            1 => usize::from(inp.u16()),
            _ => inp.u24() as usize,
        }
        .min(len - off);
        let mut buf = ct[off..off + n].to_vec();
        rd.decrypt_at_unverified(off as u64, &mut buf);
        assert_eq!(
            buf,
            content[off..off + n],
            "range decryption differs at {off}+{n}"
        );
        // The chunk helpers either accept the range (then they agree) or refuse it.
        let mut buf = ct[off..off + n].to_vec();
        if let Ok(got) = cipher.decrypt_chunks_unverified(&layout, off as u64, &mut buf) {
            assert_eq!(buf, content[off..off + n]);
            let macs: Vec<ChunkMac> = got.iter().map(|(_, m)| *m).collect();
            cipher
                .verify_chunks(&layout, off as u64, &buf, &macs)
                .unwrap();
            if let Some(first) = buf.first_mut() {
                *first ^= 1;
                assert!(
                    cipher
                        .verify_chunks(&layout, off as u64, &buf, &macs)
                        .is_err()
                );
            }
        }
    }
    // Offsets past the end of the file (CTR seeks anywhere) and huge offsets never panic.
    let mut tail = [0u8; 40];
    rd.decrypt_at_unverified(u64::MAX - 20, &mut tail);
    let _ = layout.chunk_at(u64::from(inp.u24()));
}
