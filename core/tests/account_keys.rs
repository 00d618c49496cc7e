//! Account key material: bootstrap, login checks, legacy migration, and `^!keys` share keys in
//! the `k`/`ok` paths. Expected values come from the known-answer files (`data/rsa.json`,
//! `data/key_signature.json`, `data/key_exchange.json`) or from the formats themselves, decoded by
//! hand here (AES-GCM with the `aes-gcm` crate is not used: the containers are opened with the
//! library's AEAD primitive and the records are parsed by hand).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::account_keys::{
    LegacyAccountAttributes, OwnKeysStatus, OwnPublicKeys, bootstrap_account_keys,
    check_own_keys_in_container, migrate_legacy_account,
};
use megacrypt::hazmat::aead_open;
use megacrypt::identity::{
    AuthMethod, Authring, Ed25519PrivateKey, Ed25519PublicKey, KeySignature, X25519PrivateKey,
    X25519PublicKey,
};
use megacrypt::keys_container::{KeysContainer, OpenOptions, derive_key};
use megacrypt::rsa::{RsaPrivateKey, RsaPublicKey};
use megacrypt::share::{
    self, KeyContext, NodeKeySource, OwnerShareKey, ShareKeyring, read_owner_share_key,
};
use megacrypt::tlv::{ContainerMode, TlvRecords};
use megacrypt::user_attributes::{self, Keyring};
use megacrypt::{ErrorKind, FolderKey, MasterKey, NodeHandle, NodeKey, ShareKey, UserHandle};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::Value;

const ME: UserHandle = UserHandle::from_bytes(*b"me-12345");
const NOW: u32 = 1_700_000_000;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}
fn rsa_vector() -> Value {
    json(include_str!("data/rsa.json"))["key"].clone()
}
/// The RSA key of `data/rsa.json` and its `pubk` as published (the login key).
fn rsa_key() -> (RsaPrivateKey, RsaPublicKey) {
    let k = rsa_vector();
    let pubk = RsaPublicKey::from_bytes(&hex(k["pubk_hex"].as_str().unwrap())).unwrap();
    let privk = hex(k["privk_plain_hex"].as_str().unwrap());
    (
        RsaPrivateKey::from_privk_plain(&privk, Some(&pubk)).unwrap(),
        pubk,
    )
}
fn mk() -> MasterKey {
    MasterKey::from_bytes(
        hex(rsa_vector()["master_key_hex"].as_str().unwrap())
            .try_into()
            .unwrap(),
    )
    .unwrap()
}
fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(13)
}
fn case<'a>(cases: &'a Value, kind: &str, what: &str) -> &'a Value {
    cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == kind && c["what"] == what)
        .unwrap()
}

/// Hand parser of a TLV record list (`key ‖ 0 ‖ len(2, BE) ‖ value`, docs/format/tlv.md).
fn parse_tlv_by_hand(mut b: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let nul = b.iter().position(|&x| x == 0).unwrap();
        let key = String::from_utf8(b[..nul].to_vec()).unwrap();
        let len = usize::from(u16::from_be_bytes([b[nul + 1], b[nul + 2]]));
        out.push((key, b[nul + 3..nul + 3 + len].to_vec()));
        b = &b[nul + 3 + len..];
    }
    out
}

/// Hand parser of `^!keys` records (`tag(1) ‖ len(3, BE) ‖ value`).
fn parse_keys_records_by_hand(mut b: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let len = (usize::from(b[1]) << 16) | (usize::from(b[2]) << 8) | usize::from(b[3]);
        out.push((b[0], b[4..4 + len].to_vec()));
        b = &b[4 + len..];
    }
    out
}

fn published<'a>(
    ed: &'a [u8],
    cu: &'a [u8],
    sig_cu: &'a [u8],
    sig_pubk: Option<&'a [u8]>,
) -> OwnPublicKeys<'a> {
    OwnPublicKeys {
        pu_ed255: ed,
        pu_cu255: cu,
        sig_cu255: sig_cu,
        sig_pubk,
    }
}

// ----- bootstrap -----------------------------------------------------------------------------

#[test]
fn bootstrap_container_opens_and_holds_the_keys_by_hand() {
    let (rsa, login) = rsa_key();
    let new = bootstrap_account_keys(&mk(), ME, Some(&rsa), NOW, &mut rng()).unwrap();
    assert_eq!(new.sealed_keys.generation(), 1);

    // Opens with the container module, pinned to the login RSA key, generation 1 accepted.
    let opts = OpenOptions::new().rsa_public_key(login.clone());
    let opened = KeysContainer::open(&mk(), new.sealed_keys.attribute(), &ME, 1, &opts).unwrap();
    assert_eq!(opened.generation(), 1);
    assert_eq!(opened.version(), 1);
    assert_eq!(opened.creation_time(), NOW);
    assert!(opened.rsa_private_key().unwrap().same_key_as(&rsa));

    // By hand: 0x14 0x00 iv(12) GCM(plaintext); tags 16/17 are the keys behind +puEd255/+puCu255.
    let a = new.sealed_keys.attribute();
    assert_eq!(a[..2], [0x14, 0x00]);
    let plain = aead_open(
        ContainerMode::AesGcm12x16,
        &derive_key(&mk()).unwrap(),
        &a[2..14],
        &[],
        &a[14..],
    )
    .unwrap();
    let recs = parse_keys_records_by_hand(&plain);
    let tag = |t: u8| recs.iter().find(|r| r.0 == t).unwrap().1.clone();
    assert_eq!(tag(3), ME.as_bytes());
    assert_eq!(tag(4), 1u32.to_be_bytes());
    assert_eq!(tag(2), NOW.to_be_bytes());
    let seed: [u8; 32] = tag(16).try_into().unwrap();
    let cu: [u8; 32] = tag(17).try_into().unwrap();
    assert_eq!(
        Ed25519PrivateKey::from_bytes(seed).public_key(),
        new.ed25519_public
    );
    assert_eq!(
        X25519PrivateKey::from_bytes(cu).public_key(),
        new.x25519_public
    );
    assert!(tag(18).len() >= 512);
    assert!(tag(32).is_empty() && tag(33).is_empty());
}

#[test]
fn bootstrap_signatures_verify_with_the_identity_functions() {
    let (rsa, login) = rsa_key();
    let new = bootstrap_account_keys(&mk(), ME, Some(&rsa), NOW, &mut rng()).unwrap();
    let (_, ts) = new
        .ed25519_public
        .verify_x25519_key(&new.x25519_public, &new.sig_cu255.to_bytes())
        .unwrap();
    assert_eq!(ts, u64::from(NOW));
    let sig_pubk = new.sig_pubk.unwrap().to_bytes();
    assert_eq!(
        new.ed25519_public
            .verify_rsa_key(&login, &sig_pubk)
            .unwrap(),
        u64::from(NOW)
    );
    // The signed message is "keyauth" ‖ ts ‖ n ‖ e of the published pubk (first principles):
    // rebuild it from the vector's n and e and check the raw Ed25519 signature.
    let k = rsa_vector();
    let pubk = hex(k["pubk_hex"].as_str().unwrap());
    // pubk = MPI(n) ‖ MPI(e): strip the two 2-byte headers.
    let nbits = usize::from(u16::from_be_bytes([pubk[0], pubk[1]]));
    let nlen = nbits.div_ceil(8);
    let n = &pubk[2..2 + nlen];
    let e = &pubk[2 + nlen + 2..];
    let mut msg = b"keyauth".to_vec();
    msg.extend_from_slice(&u64::from(NOW).to_be_bytes());
    msg.extend_from_slice(n);
    msg.extend_from_slice(e);
    let vk = ed25519_dalek::VerifyingKey::from_bytes(new.ed25519_public.as_bytes()).unwrap();
    let sig = ed25519_dalek::Signature::from_slice(&sig_pubk[8..]).unwrap();
    vk.verify_strict(&msg, &sig).unwrap();
    assert_eq!(sig_pubk[..8], u64::from(NOW).to_be_bytes());
}

#[test]
fn bootstrap_keyring_decodes_with_the_tlv_code_and_by_hand() {
    let new = bootstrap_account_keys(&mk(), ME, None, NOW, &mut rng()).unwrap();
    assert!(new.sig_pubk.is_none());
    // Typed.
    let kr: Keyring = user_attributes::open(&mk(), &new.keyring).unwrap();
    assert_eq!(kr.ed25519_seed(), Some(new.container.ed25519_seed()));
    assert_eq!(kr.cu25519_private(), Some(new.container.x25519_secret()));
    // By hand: mode 0x10 (AES-GCM, 12-byte IV, 16-byte tag) under the master key itself.
    assert_eq!(new.keyring[0], 0x10);
    let plain = aead_open(
        ContainerMode::AesGcm12x16,
        mk().as_aes_key(),
        &new.keyring[1..13],
        &[],
        &new.keyring[13..],
    )
    .unwrap();
    let mut recs = parse_tlv_by_hand(&plain);
    recs.sort();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].0, "prCu255");
    assert_eq!(recs[1].0, "prEd255");
    let seed: [u8; 32] = recs[1].1.clone().try_into().unwrap();
    assert_eq!(
        Ed25519PrivateKey::from_bytes(seed).public_key(),
        new.ed25519_public
    );
}

#[test]
fn bootstrap_attributes_are_one_putua_batch() {
    let (rsa, _) = rsa_key();
    let mut new = bootstrap_account_keys(&mk(), ME, Some(&rsa), NOW, &mut rng()).unwrap();
    let attrs = new.attributes();
    let names: Vec<&str> = attrs.iter().map(|a| a.0).collect();
    assert_eq!(
        names,
        [
            "^!keys",
            "*keyring",
            "+puEd255",
            "+puCu255",
            "+sigPubk",
            "+sigCu255"
        ]
    );
    assert_eq!(attrs[2].1.len(), 32);
    assert_eq!(attrs[3].1.len(), 32);
    assert_eq!(attrs[4].1.len(), 72);
    assert_eq!(attrs[5].1.len(), 72);
    // Without RSA key: no +sigPubk.
    let no_rsa = bootstrap_account_keys(&mk(), ME, None, NOW, &mut rng()).unwrap();
    assert!(no_rsa.attributes().iter().all(|a| a.0 != "+sigPubk"));
    // mark_stored: generation 1 now, the next seal writes 2.
    assert_eq!(new.container.generation(), 0);
    new.mark_stored();
    assert_eq!(new.container.generation(), 1);
    assert_eq!(
        new.container.seal(&mk(), &mut rng()).unwrap().generation(),
        2
    );
}

#[test]
fn bootstrap_draws_fresh_keys() {
    let a =
        bootstrap_account_keys(&mk(), ME, None, NOW, &mut ChaCha20Rng::seed_from_u64(1)).unwrap();
    let b =
        bootstrap_account_keys(&mk(), ME, None, NOW, &mut ChaCha20Rng::seed_from_u64(2)).unwrap();
    assert_ne!(a.ed25519_public, b.ed25519_public);
    assert_ne!(a.x25519_public, b.x25519_public);
    assert_ne!(a.container.ed25519_seed(), a.container.x25519_secret());
}

// ----- login checks --------------------------------------------------------------------------

/// A container with the RFC 8032 test-1 seed and the X25519 key `a` of `key_exchange.json`.
fn vector_container(rsa: Option<&RsaPrivateKey>) -> (KeysContainer, Vec<u8>, Vec<u8>) {
    let sigs = json(include_str!("data/key_signature.json"));
    let kp = case(
        &sigs,
        "keypair",
        "SDK tests/unit/Crypto_test.cpp / webclient test/authring_test.js",
    );
    let ex = json(include_str!("data/key_exchange.json"));
    let c = &ex["cases"][0];
    let seed: [u8; 32] = hex(kp["seed_hex"].as_str().unwrap()).try_into().unwrap();
    let cu: [u8; 32] = hex(c["a_private_hex"].as_str().unwrap())
        .try_into()
        .unwrap();
    let k = KeysContainer::new(ME, NOW, &seed, &cu, rsa).unwrap();
    (
        k,
        hex(kp["public_hex"].as_str().unwrap()),
        hex(c["a_public_hex"].as_str().unwrap()),
    )
}

#[test]
fn login_check_accepts_the_vector_keys() {
    let (rsa, login) = rsa_key();
    let (k, pu_ed, pu_cu) = vector_container(Some(&rsa));
    let ed = k.ed25519_private_key();
    let sig_cu = ed
        .sign_x25519_key(&X25519PublicKey::from_slice(&pu_cu).unwrap(), 5)
        .to_bytes();
    let sig_pubk = ed.sign_rsa_key(&login, 6).unwrap().to_bytes();
    let p = published(&pu_ed, &pu_cu, &sig_cu, Some(&sig_pubk));
    assert_eq!(
        check_own_keys_in_container(&k, Some(&rsa), &p).unwrap(),
        OwnKeysStatus::Consistent
    );
    // Without +sigPubk: the SDK creates it; we say so.
    let p = published(&pu_ed, &pu_cu, &sig_cu, None);
    let st = check_own_keys_in_container(&k, Some(&rsa), &p).unwrap();
    assert_eq!(st, OwnKeysStatus::SigPubkMissing);
    assert_eq!(st.as_str(), "sig-pubk-missing");
}

#[test]
fn login_check_with_a_swapped_pu_cu255_is_key_changed() {
    let (k, pu_ed, pu_cu) = vector_container(None);
    let ex = json(include_str!("data/key_exchange.json"));
    let other = hex(ex["cases"][0]["b_public_hex"].as_str().unwrap());
    let ed = k.ed25519_private_key();
    // Even correctly signed by the account's own key, another +puCu255 is refused.
    let sig = ed
        .sign_x25519_key(&X25519PublicKey::from_slice(&other).unwrap(), 5)
        .to_bytes();
    let e =
        check_own_keys_in_container(&k, None, &published(&pu_ed, &other, &sig, None)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeyChanged);
    // The genuine key with a signature over the other key: SignatureInvalid.
    let e =
        check_own_keys_in_container(&k, None, &published(&pu_ed, &pu_cu, &sig, None)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::SignatureInvalid);
}

#[test]
fn bootstrap_output_passes_the_login_check() {
    let (rsa, login) = rsa_key();
    let new = bootstrap_account_keys(&mk(), ME, Some(&rsa), NOW, &mut rng()).unwrap();
    let opts = OpenOptions::new().rsa_public_key(login.clone());
    let k = KeysContainer::open(&mk(), new.sealed_keys.attribute(), &ME, 1, &opts).unwrap();
    let attrs = new.attributes();
    let get = |n: &str| attrs.iter().find(|a| a.0 == n).unwrap().1.clone();
    let (ed, cu, scu, spk) = (
        get("+puEd255"),
        get("+puCu255"),
        get("+sigCu255"),
        get("+sigPubk"),
    );
    assert_eq!(
        check_own_keys_in_container(&k, Some(&rsa), &published(&ed, &cu, &scu, Some(&spk)))
            .unwrap(),
        OwnKeysStatus::Consistent
    );
}

// ----- typed container access ----------------------------------------------------------------

#[test]
fn typed_authrings_round_trip_through_the_container() {
    let sigs = json(include_str!("data/key_signature.json"));
    let ring_hex = hex(
        case(&sigs, "authring_parse", "well-formed ring")["ring_hex"]
            .as_str()
            .unwrap(),
    );
    let (mut k, _, _) = vector_container(None);
    k.set_authring_ed25519_raw(&ring_hex).unwrap();
    let ring = k.ed25519_authring().unwrap();
    assert_eq!(ring.len(), 3); // the vector's SDK reading: three records
    let fp = ring
        .get(&UserHandle::from_b64("zw7acTkdNfw").unwrap())
        .unwrap();
    assert_eq!(fp.method, AuthMethod::FingerprintCompared);
    // First record of the vector: user z2ZtJX52ID4, method 2.
    let u = UserHandle::from_b64("z2ZtJX52ID4").unwrap();
    assert_eq!(ring.method_of(&u), Some(AuthMethod::SignatureVerified));
    k.set_cu25519_authring(&ring).unwrap();
    assert_eq!(k.authring_cu25519_raw(), &ring_hex[..]);
    assert_eq!(k.cu25519_authring().unwrap(), ring);
    let typed_ed = k.ed25519_private_key();
    assert_eq!(typed_ed.as_bytes(), k.ed25519_seed());
    let new_ed = Ed25519PrivateKey::from_bytes([4; 32]);
    let new_cu = X25519PrivateKey::from_bytes([5; 32]);
    k.set_identity_private_keys(&new_ed, &new_cu);
    assert_eq!(k.ed25519_seed(), &[4; 32]);
    assert_eq!(k.x25519_private_key(), new_cu);
}

// ----- migration -----------------------------------------------------------------------------

fn legacy_authring(ring: &[u8]) -> Vec<u8> {
    let mut r = TlvRecords::new();
    r.insert("", ring).unwrap();
    megacrypt::hazmat::seal_container_with_iv(
        mk().as_aes_key(),
        &r,
        ContainerMode::AesGcm12x16,
        &[3; 12],
        &Default::default(),
    )
    .unwrap()
}

#[test]
fn migration_keeps_keyring_authrings_and_adds_untrusted_share_keys() {
    let sigs = json(include_str!("data/key_signature.json"));
    let ed_ring = hex(
        case(&sigs, "authring_parse", "well-formed ring")["ring_hex"]
            .as_str()
            .unwrap(),
    );
    let cu_ring = hex(
        case(&sigs, "authring_parse", "webclient test two-record ring")["ring_hex"]
            .as_str()
            .unwrap(),
    );
    let (rsa, login) = rsa_key();
    let keyring = megacrypt::hazmat::seal_user_attribute_with_iv(
        &mk(),
        &Keyring::new([1; 32], [2; 32]),
        &[9; 12],
    )
    .unwrap();
    let (a, b) = (legacy_authring(&ed_ring), legacy_authring(&cu_ring));
    let legacy = LegacyAccountAttributes {
        keyring: &keyring,
        authring_ed25519: Some(&a),
        authring_cu25519: Some(&b),
    };
    let s1 = (
        NodeHandle::from_bytes(*b"share1"),
        ShareKey::from_bytes([7; 16]).unwrap(),
    );
    let s2 = (
        NodeHandle::from_bytes(*b"share2"),
        ShareKey::from_bytes([8; 16]).unwrap(),
    );
    let m = migrate_legacy_account(
        &mk(),
        ME,
        Some(&rsa),
        NOW,
        &legacy,
        &[s1.clone(), s2.clone(), s1.clone()],
    )
    .unwrap();
    let k = &m.container;
    assert_eq!(k.ed25519_seed(), &[1; 32]);
    assert_eq!(k.x25519_secret(), &[2; 32]);
    // The SDK-sorted vector ring is kept byte for byte.
    assert_eq!(k.authring_ed25519_raw(), &ed_ring[..]);
    // The webclient test ring: its second record's method byte is 0x42, which the webclient drops
    // (its verdict in the vector: one record, me3456789xw, method 0).
    assert_eq!(m.dropped_authring_records, 1);
    let cu = k.cu25519_authring().unwrap();
    assert_eq!(cu.len(), 1);
    assert_eq!(
        cu.method_of(&UserHandle::from_b64("me3456789xw").unwrap()),
        Some(AuthMethod::Seen)
    );
    assert_eq!(k.authring_cu25519_raw(), &cu_ring[..29]);
    // Share keys: both present, untrusted.
    assert_eq!(k.share_key_count(), 2);
    for (n, sk) in [&s1, &s2] {
        let e = k.share_key(n).unwrap();
        assert_eq!(e.key_bytes(), sk.as_bytes());
        assert!(!e.flags().is_trusted());
    }
    // It seals, reopens pinned to the login key, and the RSA key is the login key.
    let sealed = k.seal(&mk(), &mut rng()).unwrap();
    let opts = OpenOptions::new().rsa_public_key(login);
    let back = KeysContainer::open(&mk(), sealed.attribute(), &ME, 1, &opts).unwrap();
    assert_eq!(back.authring_ed25519_raw(), &ed_ring[..]);
    assert_eq!(back.share_key_count(), 2);
}

#[test]
fn migration_without_authrings_gives_empty_rings() {
    let keyring = megacrypt::hazmat::seal_user_attribute_with_iv(
        &mk(),
        &Keyring::new([1; 32], [2; 32]),
        &[9; 12],
    )
    .unwrap();
    let legacy = LegacyAccountAttributes {
        keyring: &keyring,
        authring_ed25519: None,
        authring_cu25519: Some(&legacy_authring(&[])),
    };
    let m = migrate_legacy_account(&mk(), ME, None, NOW, &legacy, &[]).unwrap();
    assert!(m.container.authring_ed25519_raw().is_empty());
    assert!(m.container.authring_cu25519_raw().is_empty());
    assert_eq!(m.dropped_authring_records, 0);
}

#[test]
fn migrated_keys_then_login_check() {
    let sigs = json(include_str!("data/key_signature.json"));
    let kp = case(&sigs, "keypair", "generated");
    let seed: [u8; 32] = hex(kp["seed_hex"].as_str().unwrap()).try_into().unwrap();
    let keyring = megacrypt::hazmat::seal_user_attribute_with_iv(
        &mk(),
        &Keyring::new(seed, [2; 32]),
        &[9; 12],
    )
    .unwrap();
    let legacy = LegacyAccountAttributes {
        keyring: &keyring,
        authring_ed25519: None,
        authring_cu25519: None,
    };
    let m = migrate_legacy_account(&mk(), ME, None, NOW, &legacy, &[]).unwrap();
    let pu_ed = hex(kp["public_hex"].as_str().unwrap());
    let cu_pub = X25519PrivateKey::from_bytes([2; 32]).public_key();
    let sig = Ed25519PrivateKey::from_bytes(seed)
        .sign_x25519_key(&cu_pub, 9)
        .to_bytes();
    check_own_keys_in_container(
        &m.container,
        None,
        &published(&pu_ed, cu_pub.as_bytes(), &sig, None),
    )
    .unwrap();
    assert_eq!(
        Ed25519PublicKey::from_slice(&pu_ed).unwrap(),
        m.container.ed25519_private_key().public_key()
    );
}

// ----- node keys in current accounts ---------------------------------------------------------

#[test]
fn all_zero_ok_means_the_key_is_in_keys_container() {
    let h = NodeHandle::from_b64("ChssPU5f").unwrap();
    let zero = "AAAAAAAAAAAAAAAAAAAAAA"; // 16 zero bytes in MEGA base64
    assert!(share::is_key_manager_placeholder(zero));
    assert!(!share::is_key_manager_placeholder("AAAAAAAAAAAAAAAAAAAAAQ"));
    assert!(!share::is_key_manager_placeholder("AAAA"));
    assert!(!share::is_key_manager_placeholder("not base64!!"));
    assert_eq!(
        read_owner_share_key(&mk(), &h, zero, zero).unwrap(),
        OwnerShareKey::InKeysContainer
    );
    // A legacy ok with its genuine ha still works.
    let sk = ShareKey::from_bytes([0x5a; 16]).unwrap();
    let ok = megacrypt::base64::encode(&share::wrap_share_key(&mk(), &sk));
    let ha = share::handle_auth_b64(&mk(), &h);
    assert_eq!(
        read_owner_share_key(&mk(), &h, &ok, &ha).unwrap(),
        OwnerShareKey::Legacy(sk)
    );
}

#[test]
fn share_keys_from_the_container_unwrap_k_items() {
    let (mut k, _, _) = vector_container(None);
    let share = NodeHandle::from_bytes(*b"share1");
    let sk = ShareKey::from_bytes([0x21; 16]).unwrap();
    k.insert_share_key(share, &sk, false).unwrap();
    // First principles: a folder key wrapped by AES-ECB under the share key, computed with the
    // `aes` crate directly.
    use aes::cipher::{BlockCipherEncrypt, KeyInit};
    let fk = [0x33u8; 16];
    let mut block = aes::Block::from(fk);
    aes::Aes128::new(&(*sk.as_bytes()).into()).encrypt_block(&mut block);
    let item = format!("{}:{}", share.to_b64(), megacrypt::base64::encode(&block));
    let ring = ShareKeyring::from_keys_container(&k);
    assert_eq!(ring.len(), 1);
    let other = UserHandle::from_bytes(*b"someone1");
    let m = mk();
    let got = share::unwrap_key_field(
        &item,
        KeyContext::Account {
            user: &other,
            master_key: &m,
        },
        |h| ring.get(h),
    )
    .unwrap();
    assert_eq!(
        got,
        vec![(
            NodeKeySource::Share(share),
            NodeKey::Folder(FolderKey::from_bytes(fk).unwrap())
        )]
    );
}

#[test]
fn authring_from_container_matches_identity_parser() {
    let sigs = json(include_str!("data/key_signature.json"));
    let ring = hex(case(
        &sigs,
        "authring_parse",
        "record byte 0x42 (confidence 4, method 2)",
    )["ring_hex"]
        .as_str()
        .unwrap());
    let (mut k, _, _) = vector_container(None);
    k.set_authring_ed25519_raw(&ring).unwrap();
    assert_eq!(
        k.ed25519_authring().unwrap(),
        Authring::from_bytes(&ring).unwrap()
    );
    assert_eq!(k.ed25519_authring().unwrap().dropped_records(), 1);
    let _ = KeySignature::from_bytes(&[0; 72]).unwrap();
}

#[test]
fn login_key_in_webclient_form_is_the_same_rsa_key() {
    // The webclient stores e in 4 bytes (MPI bit count 32, `00 01 00 01`, key_signature.json
    // "webclient-style pubk"); the container's key (pqd) has no e encoding. The login key parsed
    // pinned to that pubk is the same key, and +sigPubk is checked over the pubk as published.
    let (rsa, sdk_style) = rsa_key();
    let k = rsa_vector();
    let pubk = hex(k["pubk_hex"].as_str().unwrap());
    assert_eq!(pubk[pubk.len() - 5..], [0x00, 0x11, 0x01, 0x00, 0x01]);
    let mut web = pubk[..pubk.len() - 5].to_vec();
    web.extend_from_slice(&[0x00, 0x20, 0x00, 0x01, 0x00, 0x01]);
    let web_style = RsaPublicKey::from_bytes(&web).unwrap();
    assert_ne!(web_style.n_e_bytes(), sdk_style.n_e_bytes());
    let privk = hex(k["privk_plain_hex"].as_str().unwrap());
    let login = RsaPrivateKey::from_privk_plain(&privk, Some(&web_style)).unwrap();
    assert_eq!(login.public_key().n_e_bytes(), web_style.n_e_bytes());
    let (mut c, pu_ed, pu_cu) = vector_container(None);
    c.set_rsa_private_key(Some(&rsa)).unwrap();
    let ed = c.ed25519_private_key();
    let sig_cu = ed
        .sign_x25519_key(&X25519PublicKey::from_slice(&pu_cu).unwrap(), 5)
        .to_bytes();
    let sig_web = ed.sign_rsa_key(&web_style, 6).unwrap().to_bytes();
    let p = published(&pu_ed, &pu_cu, &sig_cu, Some(&sig_web));
    assert_eq!(
        check_own_keys_in_container(&c, Some(&login), &p).unwrap(),
        OwnKeysStatus::Consistent
    );
    // The same signature checked over the SDK form of the key does not verify: the form matters.
    let sdk_login = rsa;
    let e = check_own_keys_in_container(&c, Some(&sdk_login), &p).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::SignatureInvalid);
}
