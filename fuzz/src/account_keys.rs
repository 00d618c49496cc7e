//! Harnesses for `megacrypt::account_keys` and the key-manager `ok`/`ha` reading of
//! `megacrypt::share`: the legacy-account migration (decrypted `*keyring` and authring TLVs from
//! the input), the login check of the own keys against arbitrary published attributes, and
//! `read_owner_share_key` on arbitrary `ok`/`ha` strings.

use std::sync::OnceLock;

use megacrypt::account_keys::{
    LegacyAccountAttributes, OwnPublicKeys, check_own_keys_in_container, migrate_legacy_account,
};
use megacrypt::hazmat::aead_seal;
use megacrypt::keys_container::{KeysContainer, OpenOptions};
use megacrypt::rsa::{RsaPrivateKey, RsaPublicKey};
use megacrypt::share::{self, OwnerShareKey, read_owner_share_key};
use megacrypt::tlv::ContainerMode;
use megacrypt::user_attributes::{self, Keyring};
use megacrypt::{ErrorKind, MasterKey, NodeHandle, ShareKey, UserHandle};
use serde_json::Value;

use crate::Input;

/// Fixed master key of these harnesses.
pub const MASTER_KEY: [u8; 16] = [0x5a; 16];
/// Fixed account.
pub const USER: [u8; 8] = *b"me-12345";
/// The account's Ed25519 seed in the login harness (RFC 8032 test 1).
pub const ED25519_SEED: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];
/// The account's X25519 key in the login harness.
pub const X25519_KEY: [u8; 32] = [0x22; 32];

fn mk() -> MasterKey {
    MasterKey::from_bytes(MASTER_KEY).expect("fixed key")
}

/// A `*` attribute container (mode 0x10, fixed IV) around arbitrary plaintext.
pub fn seal_plaintext(plaintext: &[u8]) -> Vec<u8> {
    let iv = [7u8; 12];
    let mut out = vec![0x10];
    out.extend_from_slice(&iv);
    out.extend_from_slice(
        &aead_seal(
            ContainerMode::AesGcm12x16,
            mk().as_aes_key(),
            &iv,
            &[],
            plaintext,
        )
        .expect("seal"),
    );
    out
}

/// Migration of a legacy account. Input: flags(1), then three length-prefixed (u16 LE)
/// plaintexts — `*keyring` TLV, `*!authring` TLV, `*!authCu255` TLV — then share keys as
/// `handle(6) ‖ key(16)` records. A migrated container holds the keyring's keys, only untrusted
/// share keys, authrings that re-parse, and seals and re-opens.
pub fn account_keys_migrate(data: &[u8]) {
    let mut inp = Input(data);
    let flags = inp.u8();
    let n = usize::from(inp.u16());
    let keyring = seal_plaintext(inp.bytes(n));
    let n = usize::from(inp.u16());
    let ed = seal_plaintext(inp.bytes(n));
    let n = usize::from(inp.u16());
    let cu = seal_plaintext(inp.bytes(n));
    let shares: Vec<(NodeHandle, ShareKey)> = inp
        .rest()
        .chunks_exact(22)
        .take(64)
        .filter_map(|c| {
            let h: [u8; 6] = c[..6].try_into().ok()?;
            let k: [u8; 16] = c[6..].try_into().ok()?;
            Some((NodeHandle::from_bytes(h), ShareKey::from_bytes(k).ok()?))
        })
        .collect();
    let legacy = LegacyAccountAttributes {
        keyring: &keyring,
        authring_ed25519: (flags & 1 != 0).then_some(&ed[..]),
        authring_cu25519: (flags & 2 != 0).then_some(&cu[..]),
    };
    let me = UserHandle::from_bytes(USER);
    match migrate_legacy_account(&mk(), me, None, 1, &legacy, &shares) {
        Ok(m) => {
            let kr: Keyring = user_attributes::open(&mk(), &keyring).expect("keyring opened once");
            assert_eq!(kr.ed25519_seed(), Some(m.container.ed25519_seed()));
            assert_eq!(kr.cu25519_private(), Some(m.container.x25519_secret()));
            assert!(m.container.share_keys().all(|e| !e.flags().is_trusted()));
            for (h, k) in &shares {
                assert_eq!(
                    m.container.share_key(h).expect("added").key_bytes(),
                    k.as_bytes()
                );
            }
            let ring = m.container.ed25519_authring().expect("written ring parses");
            assert_eq!(ring.to_bytes(), m.container.authring_ed25519_raw());
            let ring = m.container.cu25519_authring().expect("written ring parses");
            assert_eq!(ring.to_bytes(), m.container.authring_cu25519_raw());
            let mut rng = <rand_chacha::ChaCha20Rng as rand_core::SeedableRng>::seed_from_u64(1);
            let sealed = m.container.seal(&mk(), &mut rng).expect("seals");
            let opts = OpenOptions::new().allow_empty_rsa(true);
            let back =
                KeysContainer::open(&mk(), sealed.attribute(), &me, 1, &opts).expect("re-opens");
            assert_eq!(
                back.authring_cu25519_raw(),
                m.container.authring_cu25519_raw()
            );
            assert_eq!(back.share_key_count(), m.container.share_key_count());
        }
        Err(e) => assert!(
            matches!(
                e.kind(),
                ErrorKind::Malformed | ErrorKind::InvalidKey | ErrorKind::KeyChanged
            ),
            "unexpected {:?}",
            e.kind()
        ),
    }
}

/// The account's RSA key (`core/tests/data/rsa.json`), loaded once.
fn rsa() -> &'static (RsaPrivateKey, RsaPublicKey) {
    static KEY: OnceLock<(RsaPrivateKey, RsaPublicKey)> = OnceLock::new();
    KEY.get_or_init(|| load_rsa(include_str!("../../core/tests/data/rsa.json")))
}

/// Another account's RSA key (`core/tests/data/rsa_sdk.json`), loaded once.
fn other_rsa() -> &'static (RsaPrivateKey, RsaPublicKey) {
    static KEY: OnceLock<(RsaPrivateKey, RsaPublicKey)> = OnceLock::new();
    KEY.get_or_init(|| load_rsa(include_str!("../../core/tests/data/rsa_sdk.json")))
}

fn load_rsa(json: &str) -> (RsaPrivateKey, RsaPublicKey) {
    let v: Value = serde_json::from_str(json).expect("vector file");
    let hex = |s: &str| -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    };
    let k = &v["key"];
    let pubk = RsaPublicKey::from_bytes(&hex(k["pubk_hex"].as_str().expect("pubk"))).expect("pubk");
    let privk = hex(k["privk_plain_hex"].as_str().expect("privk"));
    (
        RsaPrivateKey::from_privk_plain(&privk, Some(&pubk)).expect("privk"),
        pubk,
    )
}

/// The login check against arbitrary published attributes. Input: mode(1) (bit 0: the container
/// has the account's RSA key; bits 1–2: the login key is the account's / absent / another
/// account's; bit 3: `+sigPubk` present), then length-prefixed (u8) `+puEd255`, `+puCu255`,
/// `+sigCu255`, `+sigPubk`. A pass means the published keys are the container's and the RSA keys
/// are the same key.
pub fn account_keys_login_check(data: &[u8]) {
    let mut inp = Input(data);
    let mode = inp.u8();
    let mut field = || {
        let n = usize::from(inp.u8());
        inp.bytes(n)
    };
    let (pu_ed, pu_cu, sig_cu, sig_pubk) = (field(), field(), field(), field());
    let with_rsa = mode & 1 != 0;
    let keys = KeysContainer::new(
        UserHandle::from_bytes(USER),
        1,
        &ED25519_SEED,
        &X25519_KEY,
        with_rsa.then(|| &rsa().0),
    )
    .expect("container");
    let login = match (mode >> 1) % 3 {
        0 => Some(&rsa().0),
        1 => None,
        _ => Some(&other_rsa().0),
    };
    let published = OwnPublicKeys {
        pu_ed255: pu_ed,
        pu_cu255: pu_cu,
        sig_cu255: sig_cu,
        sig_pubk: (mode & 8 != 0).then_some(sig_pubk),
    };
    match check_own_keys_in_container(&keys, login, &published) {
        Ok(_) => {
            assert_eq!(pu_ed, keys.ed25519_private_key().public_key().as_bytes());
            assert_eq!(pu_cu, keys.x25519_private_key().public_key().as_bytes());
            assert_eq!(with_rsa, login.is_some());
            if let Some(l) = login {
                assert!(l.same_key_as(&rsa().0));
            }
        }
        Err(e) => assert!(
            matches!(
                e.kind(),
                ErrorKind::KeyChanged
                    | ErrorKind::SignatureInvalid
                    | ErrorKind::Malformed
                    | ErrorKind::Unsupported
            ),
            "unexpected {:?}",
            e.kind()
        ),
    }
}

/// `ok`/`ha` of a fetch-nodes `ok` element, as text from the input (split at the first `|`). The
/// all-zero `ok` always means "in ^!keys"; a legacy key is only returned with the genuine `ha`, and
/// it is the key the `ok` wraps.
pub fn owner_share_key(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (ok, ha) = text.split_once('|').unwrap_or((&text, ""));
    let h = NodeHandle::from_bytes(*b"share1");
    match read_owner_share_key(&mk(), &h, ok, ha) {
        Ok(OwnerShareKey::InKeysContainer) => assert!(share::is_key_manager_placeholder(ok)),
        Ok(OwnerShareKey::Legacy(k)) => {
            assert!(!share::is_key_manager_placeholder(ok));
            share::verify_handle_auth(&mk(), &h, ha).expect("ha verified");
            assert_eq!(
                megacrypt::base64::decode(ok).expect("ok decoded"),
                share::wrap_share_key(&mk(), &k)
            );
        }
        Err(e) => {
            assert!(!share::is_key_manager_placeholder(ok));
            assert_eq!(e.kind(), ErrorKind::Decrypt);
        }
    }
}
