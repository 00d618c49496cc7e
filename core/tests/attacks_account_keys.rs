//! What a malicious server can do to an account's own key material, one named test per attack.
//!
//! The server stores and serves the account's public attributes (`+puEd255`, `+puCu255`,
//! `+sigCu255`, `+sigPubk`), its `pubk` at login, and the encrypted `^!keys`, `*keyring`,
//! `*!authring`, `*!authCu255` attributes; it sees the `ok`/`ha` of every share. It cannot forge
//! Ed25519 signatures or AES-GCM/CCM containers under the master key. Every substitution below is
//! refused with its typed error, and nothing is built from refused input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::account_keys::{
    LegacyAccountAttributes, OwnPublicKeys, check_own_keys_in_container, migrate_legacy_account,
};
use megacrypt::hazmat::seal_container_with_iv;
use megacrypt::identity::{Ed25519PrivateKey, X25519PrivateKey, rsa_public_key_for_signature};
use megacrypt::keys_container::KeysContainer;
use megacrypt::rsa::{RsaPrivateKey, RsaPublicKey};
use megacrypt::share::{self, KeyContext, OwnerShareKey, ShareKeyring, read_owner_share_key};
use megacrypt::tlv::{ContainerMode, TlvRecords};
use megacrypt::user_attributes::Keyring;
use megacrypt::{ErrorKind, MasterKey, NodeHandle, ShareKey, UserHandle};
use serde_json::Value;

const ME: UserHandle = UserHandle::from_bytes(*b"me-12345");

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
fn rsa_vector() -> Value {
    serde_json::from_str::<Value>(include_str!("data/rsa.json")).unwrap()["key"].clone()
}
/// The account's RSA key (`data/rsa.json`) and its login `pubk`.
fn rsa_key() -> (RsaPrivateKey, RsaPublicKey) {
    let k = rsa_vector();
    let pubk = RsaPublicKey::from_bytes(&hex(k["pubk_hex"].as_str().unwrap())).unwrap();
    let privk = hex(k["privk_plain_hex"].as_str().unwrap());
    (
        RsaPrivateKey::from_privk_plain(&privk, Some(&pubk)).unwrap(),
        pubk,
    )
}
/// Another account's RSA key (`data/rsa_sdk.json`).
fn other_rsa_private() -> RsaPrivateKey {
    let v: Value = serde_json::from_str(include_str!("data/rsa_sdk.json")).unwrap();
    let k = &v["key"];
    let pubk = RsaPublicKey::from_bytes(&hex(k["pubk_hex"].as_str().unwrap())).unwrap();
    RsaPrivateKey::from_privk_plain(&hex(k["privk_plain_hex"].as_str().unwrap()), Some(&pubk))
        .unwrap()
}
/// Another RSA public key: the SDK's test key (`key_signature.json`).
fn other_rsa_public() -> RsaPublicKey {
    let v: Value = serde_json::from_str(include_str!("data/key_signature.json")).unwrap();
    let c = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "rsa_signed_bytes")
        .unwrap();
    rsa_public_key_for_signature(&hex(c["pubk_hex"].as_str().unwrap())).unwrap()
}
fn mk() -> MasterKey {
    MasterKey::from_bytes([0x42; 16]).unwrap()
}

/// The account: keys in `^!keys` and the honest published attributes.
struct Account {
    keys: KeysContainer,
    login: RsaPrivateKey,
    pu_ed: [u8; 32],
    pu_cu: [u8; 32],
    sig_cu: [u8; 72],
    sig_pubk: [u8; 72],
}

fn account() -> Account {
    let (rsa, login) = rsa_key();
    assert!(login.n_e_bytes() == rsa.public_key().n_e_bytes());
    let keys = KeysContainer::new(ME, 1, &[0x11; 32], &[0x22; 32], Some(&rsa)).unwrap();
    let ed = keys.ed25519_private_key();
    let cu = keys.x25519_private_key().public_key();
    Account {
        pu_ed: *ed.public_key().as_bytes(),
        pu_cu: *cu.as_bytes(),
        sig_cu: ed.sign_x25519_key(&cu, 100).to_bytes(),
        sig_pubk: ed.sign_rsa_key(&login, 100).unwrap().to_bytes(),
        keys,
        login: rsa,
    }
}

impl Account {
    fn published(&self) -> OwnPublicKeys<'_> {
        OwnPublicKeys {
            pu_ed255: &self.pu_ed,
            pu_cu255: &self.pu_cu,
            sig_cu255: &self.sig_cu,
            sig_pubk: Some(&self.sig_pubk),
        }
    }
    fn check(&self, p: &OwnPublicKeys<'_>) -> ErrorKind {
        check_own_keys_in_container(&self.keys, Some(&self.login), p)
            .unwrap_err()
            .kind()
    }
}

/// The attacker's own identity keys.
fn attacker() -> (Ed25519PrivateKey, X25519PrivateKey) {
    (
        Ed25519PrivateKey::from_bytes([0xa1; 32]),
        X25519PrivateKey::from_bytes([0xa2; 32]),
    )
}

// ----- login checks --------------------------------------------------------------------------

#[test]
fn honest_attributes_pass() {
    let a = account();
    check_own_keys_in_container(&a.keys, Some(&a.login), &a.published()).unwrap();
}

#[test]
fn server_substitutes_pu_ed255_is_key_changed() {
    let a = account();
    let (ed, cu) = attacker();
    // The server publishes its own identity with a consistent +sigCu255 of its own.
    let pu_ed = *ed.public_key().as_bytes();
    let sig = ed.sign_x25519_key(&cu.public_key(), 100).to_bytes();
    let mut p = a.published();
    p.pu_ed255 = &pu_ed;
    assert_eq!(a.check(&p), ErrorKind::KeyChanged);
    let pu_cu = *cu.public_key().as_bytes();
    p.pu_cu255 = &pu_cu;
    p.sig_cu255 = &sig;
    assert_eq!(a.check(&p), ErrorKind::KeyChanged);
}

#[test]
fn server_substitutes_pu_cu255_is_key_changed() {
    let a = account();
    let (_, cu) = attacker();
    let pu_cu = *cu.public_key().as_bytes();
    let mut p = a.published();
    p.pu_cu255 = &pu_cu;
    assert_eq!(a.check(&p), ErrorKind::KeyChanged);
}

#[test]
fn sig_cu255_by_another_signer_is_refused() {
    let a = account();
    let (ed, _) = attacker();
    let cu = a.keys.x25519_private_key().public_key();
    let sig = ed.sign_x25519_key(&cu, 100).to_bytes();
    let mut p = a.published();
    p.sig_cu255 = &sig;
    assert_eq!(a.check(&p), ErrorKind::SignatureInvalid);
}

#[test]
fn sig_cu255_bit_flip_is_refused() {
    let a = account();
    for i in [0usize, 7, 8, 40, 71] {
        let mut sig = a.sig_cu;
        sig[i] ^= 1;
        let mut p = a.published();
        p.sig_cu255 = &sig;
        assert_eq!(a.check(&p), ErrorKind::SignatureInvalid, "byte {i}");
    }
}

#[test]
fn sig_cu255_with_trailing_byte_is_malformed() {
    let a = account();
    let long = [&a.sig_cu[..], &[0]].concat();
    let mut p = a.published();
    p.sig_cu255 = &long;
    assert_eq!(a.check(&p), ErrorKind::Malformed);
}

#[test]
fn sig_pubk_over_another_rsa_key_is_refused() {
    let a = account();
    // A genuine signature of the account's Ed25519 key, but over another RSA key (e.g. replayed
    // from a moment the server had swapped `pubk`).
    let sig = a
        .keys
        .ed25519_private_key()
        .sign_rsa_key(&other_rsa_public(), 100)
        .unwrap()
        .to_bytes();
    let mut p = a.published();
    p.sig_pubk = Some(&sig);
    assert_eq!(a.check(&p), ErrorKind::SignatureInvalid);
}

#[test]
fn sig_pubk_by_another_signer_is_refused() {
    let a = account();
    let (ed, _) = attacker();
    let sig = ed
        .sign_rsa_key(a.login.public_key(), 100)
        .unwrap()
        .to_bytes();
    let mut p = a.published();
    p.sig_pubk = Some(&sig);
    assert_eq!(a.check(&p), ErrorKind::SignatureInvalid);
}

#[test]
fn container_rsa_key_differs_from_login_key_is_key_changed() {
    let a = account();
    // The container (or the login blob) holds another account's RSA key.
    let other = other_rsa_private();
    let e = check_own_keys_in_container(&a.keys, Some(&other), &a.published()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeyChanged);
    // The other way round: the container carries the other key, the login the account's.
    let mut keys = a.keys.clone();
    keys.set_rsa_private_key(Some(&other)).unwrap();
    let e = check_own_keys_in_container(&keys, Some(&a.login), &a.published()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeyChanged);
}

#[test]
fn login_without_rsa_key_against_container_with_one_is_key_changed() {
    let a = account();
    let e = check_own_keys_in_container(&a.keys, None, &a.published()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeyChanged);
}

#[test]
fn container_without_rsa_key_against_login_key_is_key_changed() {
    let a = account();
    let mut keys = a.keys.clone();
    keys.set_rsa_private_key(None).unwrap();
    let e = check_own_keys_in_container(&keys, Some(&a.login), &a.published()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeyChanged);
}

// ----- legacy migration ----------------------------------------------------------------------

fn tlv_container(records: &[(&str, &[u8])]) -> Vec<u8> {
    let mut r = TlvRecords::new();
    for (k, v) in records {
        r.insert(k, v).unwrap();
    }
    seal_container_with_iv(
        mk().as_aes_key(),
        &r,
        ContainerMode::AesGcm12x16,
        &[5; 12],
        &Default::default(),
    )
    .unwrap()
}

fn migrate(keyring: &[u8], ed: Option<&[u8]>, cu: Option<&[u8]>) -> ErrorKind {
    let legacy = LegacyAccountAttributes {
        keyring,
        authring_ed25519: ed,
        authring_cu25519: cu,
    };
    migrate_legacy_account(&mk(), ME, None, 1, &legacy, &[])
        .unwrap_err()
        .kind()
}

#[test]
fn legacy_keyring_with_short_pr_ed255_is_malformed() {
    let kr = tlv_container(&[("prEd255", &[1; 31]), ("prCu255", &[2; 32])]);
    assert_eq!(migrate(&kr, None, None), ErrorKind::Malformed);
}

#[test]
fn legacy_keyring_with_long_pr_cu255_is_malformed() {
    let kr = tlv_container(&[("prEd255", &[1; 32]), ("prCu255", &[2; 33])]);
    assert_eq!(migrate(&kr, None, None), ErrorKind::Malformed);
}

#[test]
fn legacy_keyring_without_pr_cu255_is_malformed() {
    let kr = tlv_container(&[("prEd255", &[1; 32])]);
    assert_eq!(migrate(&kr, None, None), ErrorKind::Malformed);
    let kr = tlv_container(&[("prCu255", &[1; 32])]);
    assert_eq!(migrate(&kr, None, None), ErrorKind::Malformed);
}

#[test]
fn legacy_keyring_under_another_master_key_is_refused() {
    let kr = megacrypt::hazmat::seal_user_attribute_with_iv(
        &MasterKey::from_bytes([0x43; 16]).unwrap(),
        &Keyring::new([1; 32], [2; 32]),
        &[1; 12],
    )
    .unwrap();
    assert_eq!(migrate(&kr, None, None), ErrorKind::Decrypt);
}

#[test]
fn legacy_keyring_bit_flip_is_refused() {
    let mut kr = tlv_container(&[("prEd255", &[1; 32]), ("prCu255", &[2; 32])]);
    let last = kr.len() - 1;
    kr[last] ^= 1;
    assert_eq!(migrate(&kr, None, None), ErrorKind::Decrypt);
}

#[test]
fn legacy_authring_with_partial_record_is_malformed() {
    let kr = tlv_container(&[("prEd255", &[1; 32]), ("prCu255", &[2; 32])]);
    let ring = tlv_container(&[("", &[0; 30])]);
    assert_eq!(migrate(&kr, Some(&ring), None), ErrorKind::Malformed);
    assert_eq!(migrate(&kr, None, Some(&ring)), ErrorKind::Malformed);
}

#[test]
fn legacy_authring_with_extra_tlv_record_is_malformed() {
    let kr = tlv_container(&[("prEd255", &[1; 32]), ("prCu255", &[2; 32])]);
    let ring = tlv_container(&[("", &[0; 29]), ("x", b"y")]);
    assert_eq!(migrate(&kr, Some(&ring), None), ErrorKind::Malformed);
}

#[test]
fn migration_with_conflicting_share_keys_is_key_changed() {
    let kr = tlv_container(&[("prEd255", &[1; 32]), ("prCu255", &[2; 32])]);
    let legacy = LegacyAccountAttributes {
        keyring: &kr,
        authring_ed25519: None,
        authring_cu25519: None,
    };
    let n = NodeHandle::from_bytes(*b"share1");
    let keys = [
        (n, ShareKey::from_bytes([1; 16]).unwrap()),
        (n, ShareKey::from_bytes([2; 16]).unwrap()),
    ];
    let e = migrate_legacy_account(&mk(), ME, None, 1, &legacy, &keys).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeyChanged);
}

#[test]
fn migrated_share_keys_are_not_trusted() {
    // Keys that arrived through the legacy (unauthenticated) channels must not be marked trusted:
    // a later, different key for the same share can still replace them only while untrusted, and
    // the official clients warn before sharing them on.
    let kr = tlv_container(&[("prEd255", &[1; 32]), ("prCu255", &[2; 32])]);
    let legacy = LegacyAccountAttributes {
        keyring: &kr,
        authring_ed25519: None,
        authring_cu25519: None,
    };
    let n = NodeHandle::from_bytes(*b"share1");
    let m = migrate_legacy_account(
        &mk(),
        ME,
        None,
        1,
        &legacy,
        &[(n, ShareKey::from_bytes([1; 16]).unwrap())],
    )
    .unwrap();
    assert!(!m.container.share_key(&n).unwrap().flags().is_trusted());
}

// ----- share keys in current accounts --------------------------------------------------------

#[test]
fn zero_ha_with_a_forged_ok_is_refused() {
    // The server knows current clients send a zero `ha`; it cannot use that to slip in an `ok` of
    // its choosing: a non-zero `ok` still needs a genuine `ha`.
    let h = NodeHandle::from_b64("ChssPU5f").unwrap();
    let zero = "AAAAAAAAAAAAAAAAAAAAAA";
    let forged = megacrypt::base64::encode(&[0x77; 16]);
    let e = read_owner_share_key(&mk(), &h, &forged, zero).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decrypt);
}

#[test]
fn zero_ok_is_never_unwrapped_as_a_key() {
    // An all-zero `ok` with a replayed genuine `ha`: the legacy path would decrypt the zero block
    // into a key; here it means "look in ^!keys", and a share absent from ^!keys has no key.
    let h = NodeHandle::from_b64("ChssPU5f").unwrap();
    let zero = "AAAAAAAAAAAAAAAAAAAAAA";
    let ha = share::handle_auth_b64(&mk(), &h);
    assert_eq!(
        read_owner_share_key(&mk(), &h, zero, &ha).unwrap(),
        OwnerShareKey::InKeysContainer
    );
    let keys = KeysContainer::new(ME, 1, &[1; 32], &[2; 32], None).unwrap();
    let ring = ShareKeyring::from_keys_container(&keys);
    assert!(ring.get(&h).is_none());
    // A `k` item naming that share yields nothing.
    let item = format!("{}:{}", h.to_b64(), megacrypt::base64::encode(&[0x55; 16]));
    let m = mk();
    let got = share::unwrap_key_field(
        &item,
        KeyContext::Account {
            user: &ME,
            master_key: &m,
        },
        |s| ring.get(s),
    )
    .unwrap();
    assert!(got.is_empty());
}

#[test]
fn all_zero_share_key_in_container_is_not_used() {
    // A container (written by a broken client) whose share key is 16 zero bytes: the ring leaves
    // it out instead of unwrapping node keys under the all-zero key.
    let n = NodeHandle::from_bytes(*b"share1");
    let mut keys = KeysContainer::new(ME, 1, &[1; 32], &[2; 32], None).unwrap();
    keys.insert_share_key(n, &ShareKey::from_bytes([0x6b; 16]).unwrap(), true)
        .unwrap();
    let mut plain = megacrypt::hazmat::keys_container::to_plaintext(&keys, 1)
        .unwrap()
        .to_vec();
    let rec = [&b"share1"[..], &[0x6b; 16]].concat();
    let at = plain.windows(rec.len()).position(|w| w == rec).unwrap();
    plain[at + 6..at + 22].fill(0);
    let opts = megacrypt::keys_container::OpenOptions::new().allow_empty_rsa(true);
    let parsed = megacrypt::hazmat::keys_container::parse_plaintext(&plain, &opts).unwrap();
    assert_eq!(parsed.share_key(&n).unwrap().key_bytes(), &[0; 16]);
    let ring = ShareKeyring::from_keys_container(&parsed);
    assert!(ring.get(&n).is_none());
    assert_eq!(ring.skipped(), 1);
}
