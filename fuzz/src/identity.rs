//! Harnesses for `megacrypt::identity`: key signature blobs, authrings (raw and legacy TLV form),
//! Ed25519/X25519 public key decoding and the RSA signed-bytes rule.

use megacrypt::ErrorKind;
use megacrypt::identity::{
    Authring, Ed25519PrivateKey, Ed25519PublicKey, KeySignature, PairwiseKey, X25519PrivateKey,
    X25519PublicKey, rsa_public_key_for_signature, rsa_signed_bytes,
};
use megacrypt::rsa::RsaPublicKey;

use crate::Input;

/// The RFC 8032 test-1 seed (also the SDK's and the webclient's authring test key).
const SIGNER_SEED: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];

/// Key signature blobs: parsing is exact (72 bytes) and round-trips; under the fixed signer a blob
/// verifies only if it is the signer's own (deterministic, strict) signature; with a signer key
/// from the input, verification never panics and refuses with a typed error. Also the RSA
/// signed-bytes rule on arbitrary `pubk` bytes.
pub fn key_signature(data: &[u8]) {
    let mut inp = Input(data);
    match inp.u8() % 3 {
        0 => {
            let key = X25519PublicKey::from_bytes([0x42; 32]);
            let blob = inp.rest();
            let signer = Ed25519PrivateKey::from_bytes(SIGNER_SEED);
            match signer.public_key().verify_x25519_key(&key, blob) {
                Ok((v, ts)) => {
                    assert_eq!(blob, signer.sign_x25519_key(&key, ts).to_bytes().as_slice());
                    assert_eq!(v.signed_at(), ts);
                }
                Err(e) if blob.len() == 72 => assert_eq!(e.kind(), ErrorKind::SignatureInvalid),
                Err(e) => assert_eq!(e.kind(), ErrorKind::Malformed),
            }
            if let Ok(sig) = KeySignature::from_bytes(blob) {
                assert_eq!(sig.to_bytes().as_slice(), blob);
                assert_eq!(KeySignature::from_b64(&sig.to_b64()).unwrap(), sig);
            }
        }
        1 => {
            let signer = inp.bytes(32);
            let blob = inp.bytes(72);
            let key_bytes = inp.rest();
            let Ok(signer) = Ed25519PublicKey::from_slice(signer) else {
                return;
            };
            if let Ok(sig) = KeySignature::from_bytes(blob) {
                if let Err(e) = sig.verify(&signer, key_bytes) {
                    assert_eq!(e.kind(), ErrorKind::SignatureInvalid);
                }
            }
        }
        _ => {
            let pubk = inp.rest();
            match rsa_public_key_for_signature(pubk) {
                Ok(key) => {
                    assert_eq!(key.to_bytes(), pubk);
                    let signed = rsa_signed_bytes(&key).unwrap();
                    assert_eq!(signed.as_slice(), key.n_e_bytes());
                    assert_ne!(signed.first(), Some(&0));
                }
                Err(e) => {
                    assert!(matches!(
                        e.kind(),
                        ErrorKind::InvalidKey | ErrorKind::Unsupported
                    ));
                    if let Ok(key) = RsaPublicKey::from_bytes(pubk) {
                        // Refused only for trailing bytes or a zero-led modulus.
                        assert!(
                            key.to_bytes().len() != pubk.len()
                                || key.n_e_bytes().first() == Some(&0)
                        );
                    }
                }
            }
        }
    }
}

/// Authrings: the raw form parses only at a multiple of 29 bytes, re-serialises to at most the
/// input's records, and re-parses to the same ring; the legacy TLV form likewise.
pub fn authring(data: &[u8]) {
    let mut inp = Input(data);
    let tlv = inp.u8() % 2 == 1;
    let bytes = inp.rest();
    let parsed = if tlv {
        Authring::from_tlv_bytes(bytes)
    } else {
        Authring::from_bytes(bytes)
    };
    let ring = match parsed {
        Ok(r) => r,
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Malformed);
            return;
        }
    };
    let out = ring.to_bytes();
    assert_eq!(out.len(), ring.len() * 29);
    if !tlv {
        assert_eq!(bytes.len() % 29, 0);
        assert!(ring.len() + ring.dropped_records() <= bytes.len() / 29);
    }
    let again = Authring::from_bytes(&out).unwrap();
    assert_eq!(again, ring);
    assert_eq!(again.dropped_records(), 0);
    assert_eq!(again.to_bytes(), out);
    let tlv_bytes = ring.to_tlv_bytes().unwrap();
    assert_eq!(Authring::from_tlv_bytes(&tlv_bytes).unwrap(), ring);
    for r in ring.iter() {
        assert_eq!(ring.method_of(&r.user), Some(r.method));
        assert_eq!(ring.check(&r.user, &r.fingerprint).unwrap(), Some(r.method));
    }
}

/// Public key decoding: an Ed25519 key parses only at 32 bytes and round-trips; an X25519 key is
/// any 32 bytes, and a pairwise key with it either derives or is refused as `InvalidKey`
/// (degenerate point), never panics.
pub fn identity_public_keys(data: &[u8]) {
    match Ed25519PublicKey::from_slice(data) {
        Ok(k) => {
            assert_eq!(k.as_bytes().as_slice(), data);
            assert_eq!(Ed25519PublicKey::from_b64(&k.to_b64()).unwrap(), k);
            assert_eq!(k.credentials().as_str().len(), 40);
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::InvalidKey),
    }
    match X25519PublicKey::from_slice(data) {
        Ok(k) => {
            assert_eq!(k.as_bytes().as_slice(), data);
            let contact = Ed25519PrivateKey::from_bytes(SIGNER_SEED);
            let sig = contact.sign_x25519_key(&k, 1).to_bytes();
            let (v, _) = contact.public_key().verify_x25519_key(&k, &sig).unwrap();
            let mine = X25519PrivateKey::from_bytes([0x77; 32]);
            if let Err(e) = PairwiseKey::derive(&mine, &v) {
                assert_eq!(e.kind(), ErrorKind::InvalidKey);
            }
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::InvalidKey);
            assert_ne!(data.len(), 32);
        }
    }
}
