//! Harnesses for the ephemeral-session `tsid` (core `session`).

use megacrypt::{ErrorKind, session};

use crate::{fixed, lossy, rng};

/// Master-key unwrap and the `tsid` check.
pub fn session_tsid(data: &[u8]) {
    let f = fixed();
    match session::check_tsid(&f.master_key, data) {
        Ok(()) => assert!(session::TSID_LENS.contains(&data.len())),
        Err(e) if !session::TSID_LENS.contains(&data.len()) => {
            assert_eq!(e.kind(), ErrorKind::Malformed)
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::Decrypt),
    }
    let _ = session::check_tsid_b64(&f.master_key, &lossy(data));
    match session::decrypt_master_key(&f.password_key, data) {
        Ok(mk) => assert_eq!(session::encrypt_master_key(&f.password_key, &mk), data),
        Err(_) => {}
    }
    let _ = session::decrypt_master_key_b64(&f.password_key, &lossy(data));
    // A valid tsid built from the input's first 16 bytes: head || E_mk(head) (via an ephemeral
    // account with a seeded RNG) must pass, a flipped byte must not.
    if data.len() >= 9 {
        let seed = u64::from_le_bytes(data[..8].try_into().unwrap());
        let acct =
            session::create_ephemeral_account(&mut rng(seed), &f.password_key, &f.master_key)
                .unwrap();
        session::check_tsid(&f.master_key, &acct.ts).unwrap();
        let mut bad = acct.ts;
        bad[usize::from(data[8]) % 32] ^= 0x80;
        assert!(session::check_tsid(&f.master_key, &bad).is_err());
    }
}
