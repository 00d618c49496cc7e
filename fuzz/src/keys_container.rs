//! Harnesses for the `^!keys` container: the decrypted record layer, the LTLV codec, and `open`
//! of whole attributes.
//!
//! The fixed master key and user are the ones of the `open` cases in
//! `core/tests/data/keys_container.json`, so the seeds taken from those cases decrypt.

use megacrypt::hazmat::{self, aead_seal};
use megacrypt::keys_container::{KeysContainer, OpenOptions, ltlv};
use megacrypt::tlv::ContainerMode;
use megacrypt::{ErrorKind, MasterKey, UserHandle};

use crate::Input;

/// Master key of the vector file's `open` cases.
pub const MASTER_KEY: [u8; 16] = [
    0x46, 0x6b, 0x1e, 0xd1, 0xf3, 0x00, 0xad, 0x1a, 0xcb, 0x6a, 0x88, 0xdc, 0x3f, 0x76, 0x42, 0x0d,
];
/// User of the vector file's `open` cases (`aggUi-FtwQ4`).
pub const USER: [u8; 8] = [0x6a, 0x08, 0x14, 0x8b, 0xe1, 0x6d, 0xc1, 0x0e];

fn mk() -> MasterKey {
    MasterKey::from_bytes(MASTER_KEY).expect("fixed key")
}

fn options() -> OpenOptions {
    OpenOptions::new().allow_empty_rsa(true)
}

/// Properties of a container that parsed: its plaintext re-parses to the same plaintext (the
/// writer's output is a fixed point), unknown records survive byte for byte, and every accessor
/// works without panicking.
fn check_container(k: &KeysContainer) {
    let g = k.generation();
    let p1 = hazmat::keys_container::to_plaintext(k, g).expect("own container writes");
    let again =
        hazmat::keys_container::parse_plaintext(&p1, &options()).expect("own plaintext parses");
    let p2 = hazmat::keys_container::to_plaintext(&again, g).expect("writes again");
    assert_eq!(*p1, *p2, "writer output is a fixed point");
    assert_eq!(k.unknown_records(), again.unknown_records());
    assert!(p1.ends_with(k.unknown_records()));
    let _ = (
        k.share_keys().map(|e| e.flags().bits()).count(),
        k.pending_out_shares().count(),
        k.pending_in_shares()
            .map(|p| p.encrypted_share_key())
            .count(),
        k.authring_ed25519_records().map(|r| r.len()),
        k.authring_cu25519_records().map(|r| r.len()),
        k.attributes().map(|a| a.len()),
        k.contact_verification_warning(),
        format!("{k:?}"),
    );
}

/// The record layer: arbitrary bytes as a decrypted `^!keys` plaintext.
pub fn keys_container_records(data: &[u8]) {
    match hazmat::keys_container::parse_plaintext(data, &options()) {
        Ok(k) => check_container(&k),
        Err(e) => assert!(
            matches!(e.kind(), ErrorKind::Malformed | ErrorKind::InvalidKey),
            "{e:?}"
        ),
    }
}

/// The LTLV codec: whatever decodes re-encodes (sorted) to bytes that decode to the same map;
/// `validate` agrees with the decoder; the encoder and the map agree on the sorted order.
pub fn keys_container_ltlv(data: &[u8]) {
    let decoded = ltlv::LtlvMap::from_bytes(data);
    assert_eq!(decoded.is_ok(), ltlv::validate(data).is_ok());
    match decoded {
        Ok(m) => {
            let bytes = m.to_bytes().expect("decoded map encodes");
            let back = ltlv::LtlvMap::from_bytes(&bytes).expect("own encoding decodes");
            assert_eq!(m, back);
            let direct = ltlv::encode(m.iter()).expect("encodes");
            assert_eq!(*bytes, *direct);
            assert!(bytes.len() <= data.len() + 4 * m.len());
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::Malformed),
    }
}

/// `open` of a whole attribute. First byte even: the rest is the attribute as served. First byte
/// odd: the rest is a plaintext, encrypted here with the right key (so the record layer is reached
/// through `open`), and `open` must agree with `parse_plaintext`.
pub fn keys_container_open(data: &[u8]) {
    let mut inp = Input(data);
    let sel = inp.u8();
    let user = UserHandle::from_bytes(USER);
    let last_seen = u32::from(inp.u8());
    let rest = inp.rest();
    if sel % 2 == 0 {
        match KeysContainer::open(&mk(), rest, &user, last_seen, &options()) {
            Ok(k) => {
                assert_eq!(k.identity(), user);
                assert!(k.generation() >= last_seen);
                check_container(&k);
            }
            Err(e) => assert!(
                matches!(
                    e.kind(),
                    ErrorKind::Malformed
                        | ErrorKind::Decrypt
                        | ErrorKind::Unsupported
                        | ErrorKind::InvalidKey
                        | ErrorKind::WrongAccount
                        | ErrorKind::Rollback
                ),
                "{e:?}"
            ),
        }
    } else {
        let key = megacrypt::keys_container::derive_key(&mk()).expect("key");
        let iv = [sel; 12];
        let ct = aead_seal(ContainerMode::AesGcm12x16, &key, &iv, &[], rest).expect("seal");
        let attr = [&[0x14, sel][..], &iv, &ct].concat();
        let opened = KeysContainer::open(&mk(), &attr, &user, last_seen, &options());
        let parsed = hazmat::keys_container::parse_plaintext(rest, &options());
        match (opened, parsed) {
            (Ok(a), Ok(b)) => {
                let pa = hazmat::keys_container::to_plaintext(&a, 1).expect("writes");
                let pb = hazmat::keys_container::to_plaintext(&b, 1).expect("writes");
                assert_eq!(*pa, *pb);
            }
            (Err(e), Ok(b)) => assert!(
                (e.kind() == ErrorKind::WrongAccount && b.identity() != user)
                    || (e.kind() == ErrorKind::Rollback && b.generation() < last_seen),
                "{e:?}"
            ),
            (Ok(_), Err(e)) => panic!("open accepted what parse_plaintext refused: {e:?}"),
            (Err(a), Err(b)) => assert_eq!(a, b),
        }
    }
}
