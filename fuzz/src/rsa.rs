//! Harnesses for RSA public and private keys and session ids (core `rsa`).

use megacrypt::rsa::{MpiHeaderStyle, RsaPrivateKey, RsaPublicKey};
use megacrypt::{ErrorKind, base64};

use crate::{Input, fixed, lossy, rng};

/// RSA public keys (`pubk`) and encryption to them.
pub fn rsa_public_key(data: &[u8]) {
    let mut inp = Input(data);
    let mode = inp.u8();
    let rest = inp.rest();
    let parsed = if mode & 1 == 0 {
        RsaPublicKey::from_bytes(rest)
    } else {
        RsaPublicKey::from_b64(&lossy(rest))
    };
    let Ok(k) = parsed else { return };
    let blob = k.to_bytes();
    if mode & 1 == 0 {
        assert!(rest.starts_with(&blob));
        assert!(rest.len() - blob.len() < 16);
    }
    let again = RsaPublicKey::from_bytes(&blob).unwrap();
    assert_eq!(again, k);
    assert_eq!(again.n_e_bytes(), k.n_e_bytes());
    assert!(k.exponent() >= 3 && k.exponent() % 2 == 1);
    let _ = (
        k.modulus_bytes(),
        k.modulus_len(),
        k.to_b64(),
        format!("{k:?}"),
    );
    if mode & 2 != 0 {
        let payload = [0x42u8; 32];
        if let Ok(c) = k.encrypt_key(&payload, &mut rng(1)) {
            assert!(c.len() <= k.modulus_len() + 2);
        }
    }
}

/// RSA private keys: plain and encrypted blobs, with and without a pinned public key.
pub fn rsa_private_key(data: &[u8]) {
    let f = fixed();
    let mut inp = Input(data);
    let mode = inp.u8();
    let rest = inp.rest();
    let r = match mode % 4 {
        0 => RsaPrivateKey::from_privk_plain(rest, None),
        1 => RsaPrivateKey::from_privk_plain(rest, Some(&f.rsa_public)),
        2 => RsaPrivateKey::from_encrypted_privk_bytes(rest, &f.master_key, Some(&f.rsa_public)),
        _ => RsaPrivateKey::from_encrypted_privk(&lossy(rest), &f.master_key, None),
    };
    match r {
        Ok(k) => {
            for style in [MpiHeaderStyle::ByteCount, MpiHeaderStyle::ExactBits] {
                let blob = k.to_privk_plain(style).unwrap();
                let again = RsaPrivateKey::from_privk_plain(&blob, Some(k.public_key()))
                    .expect("a validated key re-reads");
                assert_eq!(again.public_key(), k.public_key());
            }
            let _ = format!("{k:?}");
        }
        // One opaque error for every failure.
        Err(e) => assert_eq!(e.kind(), ErrorKind::Decrypt),
    }
}

/// RSA decryption of `csid`s and key material under the vector key, plus an encrypt/decrypt
/// differential.
pub fn rsa_session_id(data: &[u8]) {
    let f = fixed();
    let k = &f.rsa_private;
    let mut inp = Input(data);
    let mode = inp.u8();
    let rest = inp.rest();
    let b64 = base64::encode(rest);
    match mode % 5 {
        0 => {
            let r = k.decrypt_session_id_unbound(&b64, &mut rng(2));
            if let Err(e) = r {
                assert_eq!(e.kind(), ErrorKind::Decrypt);
            }
        }
        1 => {
            if let Ok(sid) = k.decrypt_session_id(&b64, &f.user, &mut rng(3)) {
                sid.verify_user_handle(&f.user).unwrap();
            }
        }
        2 => {
            let _ = k.decrypt_key_bytes(&b64, 16, &mut rng(4));
            let _ = k.decrypt_key_bytes(&lossy(rest), 32, &mut rng(4));
            let _ = k.decrypt_share_key(&b64, &mut rng(4));
        }
        3 => {
            let _ = k.decrypt_session_id_unbound(&lossy(rest), &mut rng(5));
        }
        _ => {
            // Differential: what the public key encrypts, the private key decrypts.
            let max = f.rsa_public.modulus_len() - 2;
            let payload = &rest[..rest.len().min(max)];
            if payload.is_empty() {
                return;
            }
            let seed = u64::from(mode) << 8 | rest.len() as u64;
            let c = f
                .rsa_public
                .encrypt_key_b64(payload, &mut rng(seed))
                .unwrap();
            for len in [16usize, 32] {
                let got = k
                    .decrypt_key_bytes(&c, len, &mut rng(6))
                    .expect("own ciphertext");
                let n = len.min(payload.len());
                assert_eq!(&got[..n], &payload[..n]);
            }
            let sid = k
                .decrypt_session_id_unbound(&c, &mut rng(7))
                .expect("own ciphertext");
            let n = 43.min(payload.len());
            assert_eq!(&sid.as_bytes()[..n], &payload[..n]);
        }
    }
}
