//! area `file_encrypt`: AES-CTR content, chunk MACs, meta-MAC and packed node key, through every
//! API path of `megacrypt::file` (one-shot, streaming with random splits in place and buffer to
//! buffer, chunk cipher out of order, multi-chunk cipher, io adapters, range decryption, resumable
//! state round trip).

use std::io::{Read, Write};

use megacrypt::file::{
    self, ChunkCipher, ChunkLayout, ChunkMac, DecryptingReader, EncryptingWriter, FileDecryptor,
    FileEncryptor, MetaMacAccumulator, TransferState, UnauthenticatedRangeDecryptor,
};
use megacrypt::{AesKey, ErrorKind, FileKey, Nonce};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{Case, Tally, eq, ok};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

/// The vector file's `plaintext_rule`.
fn plaintext(size: usize, seed: u64) -> Vec<u8> {
    (0..size as u64)
        .map(|i| ((i * 7 + seed) % 251) as u8)
        .collect()
}

/// Deterministic split points (xorshift), so failures reproduce.
fn splits(len: usize, mut seed: u64) -> Vec<usize> {
    let mut v = Vec::new();
    let mut pos = 0;
    while pos < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = match seed % 4 {
            0 => (seed >> 8) as usize % 17,
            1 => (seed >> 8) as usize % 70_000,
            2 => (seed >> 8) as usize % 3_000_000,
            _ => (seed >> 8) as usize % 400,
        };
        let n = n.min(len - pos);
        v.push(n);
        pos += n;
    }
    v
}

fn sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

fn check(c: &Case) -> Result<(), String> {
    c.info(&["implementations_agree", "expected_produced_by", "notes"]);
    let size = c.u64("size")? as usize;
    let pt = plaintext(size, c.u64("plaintext_seed")?);
    let key = c.hex_n::<16>("key_hex")?;
    let nonce = c.hex_n::<8>("nonce_hex")?;
    let aes = || AesKey::from_bytes(key).unwrap();
    let non = || Nonce::from_bytes(nonce).unwrap();
    let want_sha = c.str("ciphertext_sha256")?;
    let want_mm = c.str("meta_mac_hex")?;
    let want_nk = c.str("node_key_hex")?;
    let want_b64 = c.str("node_key_b64")?;

    let check_key = |what: &str, fk: &FileKey| -> Result<(), String> {
        eq(
            &format!("{what}: meta_mac"),
            want_mm,
            hex::encode(fk.meta_mac().as_bytes()).as_str(),
        )?;
        eq(
            &format!("{what}: node_key_hex"),
            want_nk,
            hex::encode(fk.to_node_key().as_ref()).as_str(),
        )?;
        eq(
            &format!("{what}: node_key_b64"),
            want_b64,
            fk.to_b64().as_str(),
        )
    };

    // Chunk list.
    let layout = ChunkLayout::new(size as u64).unwrap();
    let want_chunks: Vec<(u64, u64)> = c
        .value("chunks")?
        .as_array()
        .ok_or("chunks not an array")?
        .iter()
        .map(|p| (p[0].as_u64().unwrap(), p[1].as_u64().unwrap()))
        .collect();
    let got_chunks: Vec<(u64, u64)> = layout
        .chunks()
        .map(|ch| (ch.offset, u64::from(ch.len)))
        .collect();
    eq("chunks", &want_chunks, &got_chunks)?;

    // 1. One-shot.
    let mut ct = pt.clone();
    let fk = ok(
        "one-shot encrypt",
        megacrypt::hazmat::encrypt_file_in_place_with_key(
            megacrypt::ContentKey::from_parts(aes(), non()),
            &mut ct,
        ),
    )?;
    eq("one-shot: ciphertext sha256", want_sha, sha(&ct).as_str())?;
    check_key("one-shot", &fk)?;

    // 2. Streaming, random splits, in place and buffer to buffer.
    for (round, seed) in [0x9e37_79b9_7f4a_7c15u64, 0x1234_5678_9abc_def1]
        .into_iter()
        .enumerate()
    {
        let mut enc = FileEncryptor::with_key(megacrypt::ContentKey::from_parts(aes(), non()));
        let mut out = pt.clone();
        let mut pos = 0;
        for n in splits(size, seed ^ size as u64) {
            let piece = &mut out[pos..pos + n];
            if round == 0 {
                enc.encrypt_in_place(piece);
            } else {
                let input = pt[pos..pos + n].to_vec();
                enc.encrypt_to(&input, piece).unwrap();
            }
            pos += n;
        }
        eq("stream: bytes", &(size as u64), &enc.bytes_processed())?;
        let fk2 = enc.finish();
        eq("stream: ciphertext sha256", want_sha, sha(&out).as_str())?;
        check_key("stream", &fk2)?;
    }

    // 3. Chunk cipher, chunks in reverse order, and the multi-chunk call.
    let cc = ChunkCipher::new(&megacrypt::ContentKey::from_parts(aes(), non()));
    let mut acc = MetaMacAccumulator::new(&aes(), size as u64).unwrap();
    let mut ct3 = pt.clone();
    let mut macs = vec![None; layout.chunk_count() as usize];
    for ch in layout.chunks().collect::<Vec<_>>().into_iter().rev() {
        let buf = &mut ct3[ch.offset as usize..ch.end() as usize];
        let m = ok("encrypt_chunk", cc.encrypt_chunk(ch, buf))?;
        acc.insert(ch, m).unwrap();
        macs[ch.index as usize] = Some(m);
    }
    eq(
        "chunk cipher: ciphertext sha256",
        want_sha,
        sha(&ct3).as_str(),
    )?;
    let mm = ok("accumulator", acc.finish())?;
    eq(
        "chunk cipher: meta_mac",
        want_mm,
        hex::encode(mm.as_bytes()).as_str(),
    )?;
    let mut ct4 = pt.clone();
    let multi = ok("encrypt_chunks", cc.encrypt_chunks(&layout, 0, &mut ct4))?;
    eq(
        "encrypt_chunks: ciphertext sha256",
        want_sha,
        sha(&ct4).as_str(),
    )?;
    for ((ch, m), single) in multi.iter().zip(&macs) {
        eq(
            "encrypt_chunks: mac",
            &single.unwrap().to_bytes(),
            &m.to_bytes(),
        )?;
        let _ = ch;
    }
    if let Some(list) = c.opt("chunk_macs_hex") {
        let want: Vec<&str> = list
            .as_array()
            .ok_or("chunk_macs_hex")?
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let got: Vec<String> = macs
            .iter()
            .map(|m| hex::encode(m.unwrap().to_bytes()))
            .collect();
        eq(
            "chunk_macs_hex",
            &want,
            &got.iter().map(String::as_str).collect::<Vec<_>>(),
        )?;
        check_verify_chunks(&cc, &layout, &pt, &want)?;
    }

    // 4. Decryption with the node key from the vector.
    let dk = ok("node key b64", FileKey::from_b64(want_b64))?;
    let back = ok("decrypt_file", file::decrypt_file(&dk, &ct))?;
    eq("decrypt_file: plaintext", &sha(&pt), &sha(&back))?;
    let mut dec = FileDecryptor::new(&dk);
    let mut buf = ct.clone();
    let mut pos = 0;
    for n in splits(size, 0xdead_beef ^ size as u64) {
        dec.decrypt_unverified_in_place(&mut buf[pos..pos + n]);
        pos += n;
    }
    let _v = ok("stream decrypt: finish", dec.finish_with_size(size as u64))?;
    eq("stream decrypt: plaintext", &sha(&pt), &sha(&buf))?;
    let cd = ChunkCipher::from_file_key(&dk);
    let mut acc = MetaMacAccumulator::new(dk.aes_key(), size as u64).unwrap();
    let mut buf = ct.clone();
    let chunks: Vec<_> = layout.chunks().collect();
    for ch in chunks
        .iter()
        .step_by(2)
        .chain(chunks.iter().skip(1).step_by(2))
    {
        let m = ok(
            "decrypt_chunk",
            cd.decrypt_chunk_unverified(*ch, &mut buf[ch.offset as usize..ch.end() as usize]),
        )?;
        acc.insert(*ch, m).unwrap();
    }
    let _v = ok("chunk decrypt: verify", acc.verify(&dk))?;
    eq("chunk decrypt: plaintext", &sha(&pt), &sha(&buf))?;
    // The multi-chunk call, on the calling thread and on the pool: the plaintext, and chunk MACs
    // that condense to the known meta-MAC.
    for parallelism in [
        megacrypt::Parallelism::CallingThread,
        megacrypt::Parallelism::ThreadPool,
    ] {
        let mut cd = ChunkCipher::from_file_key(&dk);
        cd.set_parallelism(parallelism);
        let mut buf = ct.clone();
        let got = ok(
            "decrypt_chunks_unverified",
            cd.decrypt_chunks_unverified(&layout, 0, &mut buf),
        )?;
        eq(
            "decrypt_chunks_unverified: chunks",
            &chunks,
            &got.iter().map(|(ch, _)| *ch).collect::<Vec<_>>(),
        )?;
        let mut acc = MetaMacAccumulator::new(dk.aes_key(), size as u64).unwrap();
        for (ch, m) in got {
            acc.insert(ch, m).unwrap();
        }
        let _v = ok("decrypt_chunks_unverified: verify", acc.verify(&dk))?;
        eq(
            "decrypt_chunks_unverified: plaintext",
            &sha(&pt),
            &sha(&buf),
        )?;
    }
    // The same on rayon's pool (one feed; the calling thread without the `parallel` feature).
    {
        let mut b = pt.clone();
        let mut e = FileEncryptor::with_key(megacrypt::ContentKey::from_parts(aes(), non()));
        e.set_parallelism(megacrypt::Parallelism::ThreadPool);
        e.encrypt_in_place(&mut b);
        check_key("parallel", &e.finish())?;
        let mut d = FileDecryptor::new(&dk);
        d.set_parallelism(megacrypt::Parallelism::ThreadPool);
        d.decrypt_unverified_in_place(&mut b);
        let _v = ok("parallel decrypt", d.finish())?;
        eq("parallel: plaintext", &sha(&pt), &sha(&b))?;
    }

    // 5. io adapters.
    let mut w = EncryptingWriter::new(
        Vec::new(),
        FileEncryptor::with_key(megacrypt::ContentKey::from_parts(aes(), non())),
    );
    for piece in pt.chunks(100_003) {
        w.write_all(piece).unwrap();
    }
    let (wct, wk) = w.finish().unwrap();
    eq("writer: ciphertext sha256", want_sha, sha(&wct).as_str())?;
    check_key("writer", &wk)?;
    let mut r = DecryptingReader::with_expected_size(&ct[..], &dk, size as u64);
    let mut rpt = Vec::new();
    r.read_to_end(&mut rpt)
        .map_err(|e| format!("reader: {e}"))?;
    let _v = ok("reader verified", r.into_verified())?;
    eq("reader: plaintext", &sha(&pt), &sha(&rpt))?;
    // The same through the thread pool, read in 1 MiB buffers (several chunks per read).
    let mut r = DecryptingReader::with_expected_size(&ct[..], &dk, size as u64);
    r.set_parallelism(megacrypt::Parallelism::ThreadPool);
    let mut rpt = Vec::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = r
            .read(&mut buf)
            .map_err(|e| format!("pooled reader: {e}"))?;
        if n == 0 {
            break;
        }
        rpt.extend_from_slice(&buf[..n]);
    }
    let _v = ok("pooled reader verified", r.into_verified())?;
    eq("pooled reader: plaintext", &sha(&pt), &sha(&rpt))?;

    // 6. Range decryption at an odd offset; resumable state round trip mid-file.
    if size > 0 {
        let off = size / 3 + 5;
        let end = (off + 70_001).min(size);
        let mut part = ct.get(off.min(size)..end).unwrap_or_default().to_vec();
        UnauthenticatedRangeDecryptor::from_file_key(&dk)
            .decrypt_at_unverified(off as u64, &mut part);
        eq(
            "range",
            &pt.get(off.min(size)..end).unwrap_or_default(),
            &&part[..],
        )?;

        let cut = (size / 2 + 3).min(size);
        let mut enc = FileEncryptor::with_key(megacrypt::ContentKey::from_parts(aes(), non()));
        let mut out = pt.clone();
        enc.encrypt_in_place(&mut out[..cut]);
        let bytes = enc.export_state(true).unwrap().to_bytes();
        drop(enc);
        let st = ok("state decode", TransferState::from_bytes(&bytes))?;
        if st.file_key().is_some() {
            return Err("upload state: a file key before the upload finished".into());
        }
        let k = st
            .content_key()
            .ok_or("upload state: no content key")?
            .clone();
        let from = st.resume_offset() as usize;
        let mut enc = ok("resume", FileEncryptor::resume(k, &st))?;
        out[from..].copy_from_slice(&pt[from..]);
        enc.encrypt_in_place(&mut out[from..]);
        eq("resumed: ciphertext sha256", want_sha, sha(&out).as_str())?;
        check_key("resumed", &enc.finish())?;
    }

    // 7. Other implementations: megajs's empty-file key is accepted (key-bound, ADR 0001); its
    //    divergent keys for chunk-aligned sizes are rejected as MAC mismatches.
    let imps = c.value("implementations")?;
    if let Some(js) = imps.get("megajs") {
        let js_b64 = js["node_key_b64"].as_str().ok_or("megajs node_key_b64")?;
        let js_key = ok("megajs key", FileKey::from_b64(js_b64))?;
        let r = file::decrypt_file(&js_key, &ct);
        match (size, js["matches_expected"].as_bool()) {
            (0, _) => {
                ok("empty file with megajs key", r)?;
            }
            (_, Some(false)) => {
                let e = r.err().ok_or("megajs divergent key was accepted")?;
                eq("megajs divergent key", &ErrorKind::MacMismatch, &e.kind())?;
            }
            _ => {
                ok("megajs key", r)?;
            }
        }
    }

    // Tampering: a flipped bit must fail verification.
    if size > 0 {
        let mut bad = ct.clone();
        bad[size / 2] ^= 0x10;
        let e = file::decrypt_file(&dk, &bad)
            .err()
            .ok_or("tampered ciphertext accepted")?;
        eq("tamper", &ErrorKind::MacMismatch, &e.kind())?;
    }
    Ok(())
}

/// `ChunkCipher::verify_chunks` (checking decrypted chunks against recorded chunk MACs, for media
/// streaming) against the known chunk MACs: all of them pass; one flipped bit in any one chunk's
/// MAC, or in the plaintext, is `MacMismatch`; a MAC list of the wrong length is `ApiMisuse`.
fn check_verify_chunks(
    cc: &ChunkCipher,
    layout: &ChunkLayout,
    pt: &[u8],
    want_hex: &[&str],
) -> Result<(), String> {
    let known: Vec<ChunkMac> = want_hex
        .iter()
        .map(|h| ChunkMac::from_bytes(hex::decode(h).unwrap().try_into().unwrap()))
        .collect();
    let kind = |r: Result<(), megacrypt::Error>| r.err().map(|e| e.kind());
    eq(
        "verify_chunks: known MACs",
        &None,
        &kind(cc.verify_chunks(layout, 0, pt, &known)),
    )?;
    for i in 0..known.len() {
        let mut bad = known.clone();
        let mut b = bad[i].to_bytes();
        b[15] ^= 1;
        bad[i] = ChunkMac::from_bytes(b);
        eq(
            &format!("verify_chunks: chunk {i}'s MAC altered"),
            &Some(ErrorKind::MacMismatch),
            &kind(cc.verify_chunks(layout, 0, pt, &bad)),
        )?;
    }
    if let Some(last) = pt.len().checked_sub(1) {
        let mut altered = pt.to_vec();
        altered[last] ^= 0x80;
        eq(
            "verify_chunks: plaintext altered",
            &Some(ErrorKind::MacMismatch),
            &kind(cc.verify_chunks(layout, 0, &altered, &known)),
        )?;
    }
    let mut extra = known.clone();
    extra.push(ChunkMac::from_bytes([0; 16]));
    eq(
        "verify_chunks: one MAC too many",
        &Some(ErrorKind::ApiMisuse),
        &kind(cc.verify_chunks(layout, 0, pt, &extra)),
    )?;
    if !known.is_empty() {
        eq(
            "verify_chunks: one MAC too few",
            &Some(ErrorKind::ApiMisuse),
            &kind(cc.verify_chunks(layout, 0, pt, &known[1..])),
        )?;
    }
    Ok(())
}
