//! RSA (`core/src/rsa/`): behaviour that mutation testing (docs/mutation-testing.md) found
//! unchecked — the size bounds of a private key, the primality test, the encrypted-blob length
//! rules, public-key parsing, the ciphertext range, the session id, `Debug`.
//!
//! Expected values come from outside megacrypt:
//! - `support/rsa_test_keys.json`: keys with special sizes and a composite "prime", made by
//!   `support/rsa_test_keys.py` (Python's standard library and `cryptography`/OpenSSL; the
//!   script asserts each key's property before writing it);
//! - `data/rsa_sdk.json` (MEGA's C++ SDK key pair, its csids and RSA-encrypted share keys) and
//!   `data/rsa.json` (pycryptodome, checked against megajs and mega.py);
//! - a key whose pqd form is exactly 512 bytes, made with Python's `sympy` (the same key as
//!   `keys_container_behaviour.rs`);
//! - MPI blobs and lengths written by hand from docs/format/rsa.md.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::handles::UserHandle;
use megacrypt::rsa::{MpiHeaderStyle, RsaPrivateKey, RsaPublicKey, SessionId, open_login_session};
use megacrypt::{ErrorKind, MasterKey, base64};
use serde_json::Value;

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn test_keys() -> Value {
    json(include_str!("support/rsa_test_keys.json"))
}

fn sdk() -> Value {
    json(include_str!("data/rsa_sdk.json"))
}

fn hexf(v: &Value, k: &str) -> Vec<u8> {
    hex::decode(v[k].as_str().unwrap_or_else(|| panic!("{k} missing"))).unwrap()
}

fn rng() -> rand_chacha::ChaCha20Rng {
    rand_core::SeedableRng::seed_from_u64(18)
}

/// MPI with a byte-count header (docs/format/rsa.md#mpi-encoding).
fn mpi(mag: &[u8]) -> Vec<u8> {
    let mut v = u16::try_from(mag.len() * 8).unwrap().to_be_bytes().to_vec();
    v.extend_from_slice(mag);
    v
}

fn sdk_key() -> (RsaPrivateKey, RsaPublicKey, MasterKey, Value) {
    let file = sdk();
    let k = &file["key"];
    let pubk = RsaPublicKey::from_b64(k["pubk_b64"].as_str().unwrap()).unwrap();
    let mk = MasterKey::from_slice(&hexf(k, "master_key_hex")).unwrap();
    let sk =
        RsaPrivateKey::from_encrypted_privk(k["privk_enc_b64"].as_str().unwrap(), &mk, Some(&pubk))
            .unwrap();
    (sk, pubk, mk, file)
}

fn kind<T: std::fmt::Debug>(r: Result<T, megacrypt::Error>) -> ErrorKind {
    r.unwrap_err().kind()
}

// ---- private-key sizes and primality (validate.rs) ----

#[test]
fn private_keys_at_the_size_bounds() {
    let file = test_keys();
    for (name, k) in file["keys"].as_object().unwrap() {
        if k.get("accepted").is_none() {
            continue; // not a key
        }
        let plain = hexf(k, "privk_plain_hex");
        let pubk = RsaPublicKey::from_bytes(&hexf(k, "pubk_hex")).unwrap();
        assert_eq!(pubk.modulus_bytes(), hexf(k, "n_hex"), "{name}");
        let unpinned = RsaPrivateKey::from_privk_plain(&plain, None);
        let pinned = RsaPrivateKey::from_privk_plain(&plain, Some(&pubk));
        if k["accepted"].as_bool().unwrap() {
            let key = unpinned.unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(key.public_key(), &pubk, "{name}");
            assert_eq!(
                u64::from(key.public_key().exponent()),
                k["e"].as_u64().unwrap()
            );
            let again = pinned.unwrap_or_else(|e| panic!("{name} pinned: {e:?}"));
            assert!(again.same_key_as(&key));
            // The Python blob uses byte-count headers, as the SDK writes them.
            assert_eq!(
                &*key.to_privk_plain(MpiHeaderStyle::ByteCount).unwrap(),
                plain.as_slice(),
                "{name}"
            );
            let pqd = hexf(k, "pqd_hex");
            assert_eq!(
                &*key.to_pqd_bytes(MpiHeaderStyle::ByteCount).unwrap(),
                pqd.as_slice()
            );
            if pqd.len() >= 512 {
                assert!(
                    RsaPrivateKey::from_pqd_bytes(&pqd, None)
                        .unwrap()
                        .same_key_as(&key)
                );
            }
        } else {
            assert_eq!(kind(unpinned), ErrorKind::Decrypt, "{name} unpinned");
            if name != "composite_p1" {
                assert_eq!(kind(pinned), ErrorKind::Decrypt, "{name} pinned");
            }
        }
    }
}

#[test]
fn composite_prime_is_refused_without_a_pinned_key() {
    let file = test_keys();
    let k = &file["keys"]["composite_p1"];
    let plain = hexf(k, "privk_plain_hex");
    // P1 = r1 * r2 (made so by the script, which records r1); P2 is prime, and d, u and the
    // sizes are consistent, so nothing but a primality test can refuse it.
    assert_eq!(hexf(k, "r1_hex").len(), 64);
    assert_eq!(
        kind(RsaPrivateKey::from_privk_plain(&plain, None)),
        ErrorKind::Decrypt
    );
    let pqd = hexf(k, "pqd_hex");
    assert!(pqd.len() >= 512);
    assert_eq!(
        kind(RsaPrivateKey::from_pqd_bytes(&pqd, None)),
        ErrorKind::Decrypt
    );
}

/// An RSA key whose pqd form is exactly 512 bytes (two 1012-bit primes, e = 17, a 2016-bit d):
/// `2 + 127 + 2 + 127 + 2 + 252` bytes. Made with Python's `sympy.isprime` and
/// `pow(e, -1, lam)` (seeded `random.Random(512)`); copied from keys_container_behaviour.rs.
const RSA_512_PQD: &str = "03f80ef8f0127b8d1c31ff5f3bdb3440890513d81689ec56d95652a06b5b7e8b7b0d4af97f61c394cc8c765e6de1105b9fa933e50711b7cc82475c92797c313a83962d432f4badbf8bb4796a475ac1ddbb138d4a5e243b20a358e8eb333e537dd25ca3d2406e23bee5b9246dd1f5d47eda4e7c8b4c72994d7cedf14a8f44b6d40303f80879a6d03105840817aba9a5d2c1d40932f75b33d1a044614cac436e338a92bbfaa3fced388cc4a01edea1ce32ca15c7fc40abad13ed44f9cd6a0bc82b58e0b6e1a6da210d55b51fa63db7bdf30b863814cb30f7ac1c2c4ea8e7a52158a058793e97484eaf09a33807d50dad5f2450a71501cafd0614f481cfe9777705d29f07e0a460672c128d30d8fc6ddc4a68aa79f2ecd389a645c8f2bc67d29831ad925ce38f91595b4889f0e9ff76f99a2fe2e7bf9adf7515f8e8b17bce9f789f20982ab1b01f7b532ecb5505a4fbaaa967b4bb5470fb4b36e5ddfbb37254ae0b903954301bc9bb3bfec57353e448aaa9859741c57f37ad021679432c4c56e4fcbcbc9f072a46cb3e4199f22a1f2fcf469b793a65ce582c2b38cd6291e2963ce32fcb8f9071e76b1f874bbe3c556aaf14b9976eb70bbd1eceee026698de33b9fb361e124f2abd9c2df7c2563172f849810bde804392bc11c4504d40982ee5bc88f5cc8a5d3c075053d49a99af0b1d2ddc904728a2fe3632f4fcc22970fa998e51";
/// Its modulus (Python's product of the two primes).
const RSA_512_N: &str = "7ee4eba565d23ed581de4f2ef10c9a642812cd22fb9f4062b1a5f2bd599e1cf52bb4949b17df7c9aa3d6386fa7378a2749eec0c31646a2033361db7dd78977f56b964d9416ffb7827b7cc79f06aee51d0fb7fdf041337d6e67229edbad36419da3739b2a308d2d27a31a98bf1dc0e42616555aeebc995c7b126e94859b3333b67ee593388f9e8e9ca9d44f653ed3bc8449288f0ffb712c848d54ecd6ef8eca515e3d4233c7fe6df8631fbe8e1536b6fdc12eaaa245bdc47047cd0b05f1f405cc66cb5ac63d378571eb79a0a7801545d9b9425673fc2534d05393c5c96595e8b9c233f82b3ff10526a0979a2a8fd6804beaee3678d10f2471de308723dd";

#[test]
fn pqd_form_of_exactly_512_bytes_is_accepted() {
    let pqd = hex::decode(RSA_512_PQD).unwrap();
    assert_eq!(pqd.len(), 512);
    let key = RsaPrivateKey::from_pqd_bytes(&pqd, None).unwrap();
    assert_eq!(hex::encode(key.public_key().modulus_bytes()), RSA_512_N);
    assert_eq!(key.public_key().exponent(), 17);
    // One byte less is below the minimum (and a truncated d).
    assert_eq!(
        kind(RsaPrivateKey::from_pqd_bytes(&pqd[..511], None)),
        ErrorKind::Decrypt
    );
}

// ---- the encrypted privk (private_key.rs) ----

#[test]
fn encrypted_privk_must_be_whole_blocks() {
    let (key, pubk, mk, file) = sdk_key();
    let enc = base64::decode(file["key"]["privk_enc_b64"].as_str().unwrap()).unwrap();
    assert_eq!(enc.len() % 16, 0);
    // The padding is under 16 bytes, so one more byte would still parse if it were let through.
    for bad in [
        [enc.as_slice(), &[0]].concat(),
        [enc.as_slice(), &[0; 15]].concat(),
        enc[..enc.len() - 1].to_vec(),
        Vec::new(),
    ] {
        assert_eq!(
            kind(RsaPrivateKey::from_encrypted_privk_bytes(
                &bad,
                &mk,
                Some(&pubk)
            )),
            ErrorKind::Decrypt,
            "{} bytes",
            bad.len()
        );
    }
    assert!(
        RsaPrivateKey::from_encrypted_privk_bytes(&enc, &mk, Some(&pubk))
            .unwrap()
            .same_key_as(&key)
    );
}

#[test]
fn encrypt_privk_pads_to_whole_blocks() {
    // Blob lengths (4 MPIs with byte-count headers): 2+127+2+127+2+252+2+|u| for the 512-byte
    // pqd key, 2+126+2+126+2+251+2+126 for the smallest key (u of 1001 bits); each rounded up to 16.
    let small = test_keys()["keys"]["smallest_accepted"].clone();
    let keys = [
        RsaPrivateKey::from_pqd_bytes(&hex::decode(RSA_512_PQD).unwrap(), None).unwrap(),
        RsaPrivateKey::from_privk_plain(&hexf(&small, "privk_plain_hex"), None).unwrap(),
    ];
    let mk = MasterKey::from_bytes([0x5a; 16]).unwrap();
    let mut lens = Vec::new();
    for key in &keys {
        let plain_len = key.to_privk_plain(MpiHeaderStyle::ByteCount).unwrap().len();
        lens.push(plain_len % 16);
        for style in [MpiHeaderStyle::ByteCount, MpiHeaderStyle::ExactBits] {
            let enc = key.encrypt_privk(&mk, style, &mut rng()).unwrap();
            let raw = base64::decode(&enc).unwrap();
            assert_eq!(raw.len(), plain_len.div_ceil(16) * 16, "{style:?}");
            let back = RsaPrivateKey::from_encrypted_privk(&enc, &mk, None).unwrap();
            assert!(back.same_key_as(key));
        }
    }
    // Neither blob is a whole number of blocks, nor half a block off (where 16 - r = r).
    assert_eq!(lens, [641 % 16, 637 % 16]);
}

// ---- the public key (public_key.rs) ----

fn sdk_n() -> Vec<u8> {
    hexf(&sdk()["key"], "n_hex")
}

#[test]
fn public_exponent_is_odd_at_least_3_and_below_2_pow_32() {
    let n = sdk_n();
    for (e, want) in [
        (&[3u8][..], Some(3u32)),
        (&[0xff, 0xff, 0xff, 0xff], Some(u32::MAX)),
        (&[0, 0, 1, 1], Some(257)),
        (&[1, 0, 1], Some(65537)),
        (&[0x80, 0, 0, 1], Some(0x8000_0001)),
        (&[1], None),
        (&[2], None),
        (&[4], None),
        (&[0], None),
        (&[1, 0, 0, 0, 1], None),
        (&[0, 0, 0, 0, 0x11], Some(17)),
    ] {
        let blob = [mpi(&n), mpi(e)].concat();
        match want {
            Some(e_val) => {
                let k = RsaPublicKey::from_bytes(&blob)
                    .unwrap_or_else(|err| panic!("e = {e:02x?}: {err:?}"));
                assert_eq!(k.exponent(), e_val);
                assert_eq!(k.to_bytes(), blob);
            }
            None => assert_eq!(
                kind(RsaPublicKey::from_bytes(&blob)),
                ErrorKind::InvalidKey,
                "e = {e:02x?}"
            ),
        }
    }
}

#[test]
fn public_key_blob_keeps_its_bytes_and_drops_ignored_tail() {
    let n = sdk_n();
    // The webclient pads e to 4 bytes: fingerprints cover n || 00 00 00 11 as written.
    let blob = [mpi(&n), mpi(&[0, 0, 0, 0x11])].concat();
    for tail in [0usize, 1, 15] {
        let with_tail = [blob.clone(), vec![0xee; tail]].concat();
        let k = RsaPublicKey::from_bytes(&with_tail).unwrap();
        assert_eq!(k.to_bytes(), blob, "tail {tail}");
        assert_eq!(k.to_b64(), base64::encode(&blob));
        assert_eq!(k.n_e_bytes(), [n.as_slice(), &[0, 0, 0, 0x11]].concat());
        assert_eq!(k.modulus_len(), 256);
        assert_eq!(k.modulus_bytes(), n);
    }
    assert_eq!(
        kind(RsaPublicKey::from_bytes(
            &[blob.clone(), vec![0xee; 16]].concat()
        )),
        ErrorKind::InvalidKey
    );
}

#[test]
fn public_keys_are_equal_when_n_and_e_are() {
    let n = sdk_n();
    let sdk_style = RsaPublicKey::from_bytes(&[mpi(&n), mpi(&[0x11])].concat()).unwrap();
    let web_style = RsaPublicKey::from_bytes(&[mpi(&n), mpi(&[0, 0, 0, 0x11])].concat()).unwrap();
    assert_eq!(sdk_style, web_style);
    assert_ne!(sdk_style.n_e_bytes(), web_style.n_e_bytes());
    let other_e = RsaPublicKey::from_bytes(&[mpi(&n), mpi(&[1, 1])].concat()).unwrap();
    assert_ne!(sdk_style, other_e);
    let mut n2 = n.clone();
    *n2.last_mut().unwrap() ^= 2;
    let other_n = RsaPublicKey::from_bytes(&[mpi(&n2), mpi(&[0x11])].concat()).unwrap();
    assert_ne!(sdk_style, other_n);
    assert_eq!(format!("{sdk_style:?}"), "RsaPublicKey(2048 bits, e = 17)");
}

#[test]
fn modulus_of_1024_to_8192_bits_is_accepted() {
    // Odd moduli written by hand: 2^1023 + 1, 2^1022 + 1, and the largest test key's n.
    let mut n1024 = vec![0u8; 128];
    n1024[0] = 0x80;
    n1024[127] = 1;
    assert!(RsaPublicKey::from_bytes(&[mpi(&n1024), mpi(&[3])].concat()).is_ok());
    let mut n1023 = n1024.clone();
    n1023[0] = 0x40;
    assert_eq!(
        kind(RsaPublicKey::from_bytes(&[mpi(&n1023), mpi(&[3])].concat())),
        ErrorKind::InvalidKey
    );
    let big = hexf(&test_keys()["keys"]["largest_accepted"], "n_hex");
    assert_eq!(big.len(), 1024);
    let k = RsaPublicKey::from_bytes(&[mpi(&big), mpi(&[1, 0, 1])].concat()).unwrap();
    assert_eq!(k.modulus_len(), 1024);
    let mut n8193 = vec![1u8];
    n8193.extend_from_slice(&big);
    assert_eq!(
        kind(RsaPublicKey::from_bytes(
            &[mpi(&n8193), mpi(&[1, 0, 1])].concat()
        )),
        ErrorKind::InvalidKey
    );
}

#[test]
fn encrypt_key_takes_1_to_k_minus_2_bytes() {
    let (key, pubk, _, _) = sdk_key();
    let k = pubk.modulus_len();
    assert_eq!(k, 256);
    let mut r = rng();
    for len in [1, 16, 32, k - 2] {
        let payload: Vec<u8> = (0..len).map(|i| (i as u8) | 1).collect();
        let ct = pubk.encrypt_key(&payload, &mut r).unwrap();
        // MPI(c) with the exact bit count (the SDK's ciphertext style).
        let bits = usize::from(u16::from_be_bytes([ct[0], ct[1]]));
        let mag = &ct[2..];
        assert_eq!(mag.len(), bits.div_ceil(8));
        assert_ne!(mag[0], 0);
        assert_eq!(bits, mag.len() * 8 - mag[0].leading_zeros() as usize);
        let b64 = pubk.encrypt_key_b64(&payload, &mut r).unwrap();
        if len == 16 || len == 32 {
            assert_eq!(
                &*key
                    .decrypt_key_bytes(&base64::encode(&ct), len, &mut r)
                    .unwrap(),
                payload.as_slice()
            );
            assert_eq!(
                &*key.decrypt_key_bytes(&b64, len, &mut r).unwrap(),
                payload.as_slice()
            );
        }
    }
    for len in [0, k - 1, k] {
        assert_eq!(
            kind(pubk.encrypt_key(&vec![1; len], &mut r)),
            ErrorKind::ApiMisuse,
            "{len} bytes"
        );
    }
}

// ---- decryption (decrypt.rs) ----

#[test]
fn decrypted_key_material_is_16_or_32_bytes() {
    let (key, _, _, file) = sdk_key();
    let c = file["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "share_key")
        .unwrap()
        .clone();
    let ct = c["ct_b64"].as_str().unwrap();
    let plain = hexf(&c, "rsa_plaintext_hex");
    let mut r = rng();
    for len in [16, 32] {
        assert_eq!(
            &*key.decrypt_key_bytes(ct, len, &mut r).unwrap(),
            &plain[..len]
        );
    }
    for len in [0, 15, 17, 24, 31, 33, 43] {
        assert_eq!(
            kind(key.decrypt_key_bytes(ct, len, &mut r)),
            ErrorKind::ApiMisuse,
            "{len}"
        );
    }
    assert_eq!(
        key.decrypt_share_key(ct, &mut r).unwrap().as_bytes(),
        &plain[..16]
    );
}

#[test]
fn ciphertexts_outside_2_to_n_minus_2_are_refused() {
    let (key, _, _, file) = sdk_key();
    let n = sdk_n();
    let mut n_minus_1 = n.clone();
    *n_minus_1.last_mut().unwrap() -= 1; // n is odd
    let mut r = rng();
    // c = 0 and c = 1 decrypt to 0 and 1, whose fixed-length encodings start with zero bytes and
    // would pass the plaintext shape check; c = n - 1 and c = n are outside the range.
    for (what, ct) in [
        ("0", vec![0, 8, 0]),
        ("1", vec![0, 1, 1]),
        ("1 with a byte-count header", vec![0, 8, 1]),
        ("n - 1", mpi(&n_minus_1)),
        ("n", mpi(&n)),
    ] {
        let b64 = base64::encode(&ct);
        assert_eq!(
            kind(key.decrypt_key_bytes(&b64, 16, &mut r)),
            ErrorKind::Decrypt,
            "c = {what}"
        );
        assert_eq!(
            kind(key.decrypt_session_id_unbound(&b64, &mut r)),
            ErrorKind::Decrypt,
            "c = {what}"
        );
    }
    // A real ciphertext with one byte after the MPI, or with a 257th (zero) magnitude byte.
    let c = &file["cases"][2];
    let ct = base64::decode(c["ct_b64"].as_str().unwrap()).unwrap();
    let mag = &ct[2..];
    assert_eq!(mag.len(), 256);
    let trailing = [ct.clone(), vec![0]].concat();
    let wide = [&[0x08, 0x08, 0][..], mag].concat();
    for bad in [trailing, wide] {
        assert_eq!(
            kind(key.decrypt_key_bytes(&base64::encode(&bad), 16, &mut r)),
            ErrorKind::Decrypt
        );
    }
    assert!(
        key.decrypt_key_bytes(&base64::encode(&ct), 16, &mut r)
            .is_ok()
    );
}

#[test]
fn ciphertext_shorter_than_the_modulus_is_decrypted() {
    // c < 2^2040 for the SDK's 2048-bit key: MPI(c) has 255 magnitude bytes (Python made it).
    let (key, _, _, _) = sdk_key();
    let c = &test_keys()["keys"]["short_ciphertext"];
    assert!(c["magnitude_len"].as_u64().unwrap() < 256);
    let ct = c["ct_b64"].as_str().unwrap();
    assert_eq!(
        &*key.decrypt_key_bytes(ct, 32, &mut rng()).unwrap(),
        hexf(c, "payload_hex").as_slice()
    );
}

#[test]
fn key_with_a_modulus_of_2002_bits_decrypts_what_it_encrypts() {
    // K = 251 bytes, while the arithmetic works on whole 64-bit limbs (256 bytes): the
    // fixed-length plaintext is cut from the low K bytes of a wider integer.
    let file = test_keys();
    let k = &file["keys"]["smallest_accepted"];
    let key = RsaPrivateKey::from_privk_plain(&hexf(k, "privk_plain_hex"), None).unwrap();
    assert_eq!(key.public_key().modulus_len(), 251);
    let mut r = rng();
    for payload in [[0x11u8; 16].to_vec(), (0u8..32).collect::<Vec<u8>>()] {
        let ct = key.public_key().encrypt_key_b64(&payload, &mut r).unwrap();
        assert_eq!(
            &*key.decrypt_key_bytes(&ct, payload.len(), &mut r).unwrap(),
            payload.as_slice()
        );
    }
}

// ---- the session id (login.rs) ----

#[test]
fn session_id_is_bound_to_the_user_handle() {
    let (key, pubk, mk, file) = sdk_key();
    let privk = file["key"]["privk_enc_b64"].as_str().unwrap();
    let mut r = rng();
    for c in file["cases"].as_array().unwrap() {
        if c["kind"] != "csid" {
            continue;
        }
        let csid = c["csid_b64"].as_str().unwrap();
        let user = UserHandle::from_b64(c["user_handle_b64"].as_str().unwrap()).unwrap();
        let want = c["sid_b64"].as_str().unwrap();
        let sid = key.decrypt_session_id(csid, &user, &mut r).unwrap();
        assert_eq!(sid.to_b64(), want);
        assert_eq!(&sid.as_bytes()[..], &base64::decode(want).unwrap()[..]);
        let (k2, sid2) = open_login_session(&mk, privk, csid, &user, Some(&pubk), &mut r).unwrap();
        assert!(k2.same_key_as(&key));
        assert_eq!(sid2, sid);
        let other = UserHandle::from_bytes(*b"me-12345");
        assert_eq!(
            kind(key.decrypt_session_id(csid, &other, &mut r)),
            ErrorKind::Decrypt
        );
        assert_eq!(
            kind(open_login_session(
                &mk,
                privk,
                csid,
                &other,
                Some(&pubk),
                &mut r
            )),
            ErrorKind::Decrypt
        );
    }
}

#[test]
fn session_id_bytes_equality_and_debug() {
    // base64url("me-12345") = "bWUtMTIzNDU" (Python), at bytes 16..27.
    let mut bytes = [0x41u8; 43];
    bytes[16..27].copy_from_slice(b"bWUtMTIzNDU");
    bytes[0] = 0;
    let sid = SessionId::from_bytes(bytes);
    assert_eq!(sid.as_bytes(), &bytes);
    assert_eq!(SessionId::LEN, 43);
    // Python: base64.urlsafe_b64encode(bytes).rstrip(b"=")
    assert_eq!(
        sid.to_b64(),
        "AEFBQUFBQUFBQUFBQUFBQWJXVXRNVEl6TkRVQUFBQUFBQUFBQUFBQUFBQQ"
    );
    sid.verify_user_handle(&UserHandle::from_bytes(*b"me-12345"))
        .unwrap();
    assert_eq!(
        kind(sid.verify_user_handle(&UserHandle::from_bytes(*b"me-12346"))),
        ErrorKind::Decrypt
    );
    let mut other = bytes;
    other[42] ^= 1;
    assert_eq!(sid, SessionId::from_bytes(bytes));
    assert_ne!(sid, SessionId::from_bytes(other));
    assert_eq!(format!("{sid:?}"), "SessionId(<redacted>)");
}

#[test]
fn private_key_debug_is_redacted() {
    let (key, _, _, _) = sdk_key();
    assert_eq!(
        format!("{key:?}"),
        "RsaPrivateKey(<redacted>, RsaPublicKey(2048 bits, e = 17))"
    );
}
