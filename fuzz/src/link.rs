//! Harnesses for public links and password-protected (`#P!`) links (core `link`; collection
//! links are in `albums`).

use megacrypt::link::{CollectionLink, Link, LinkKind, ProtectedLink, PublicLink};
use megacrypt::{ErrorKind, NodeKey};

use crate::{Input, PROTECTED_PASSWORD, fixed, lossy};

/// Public links (every form), and `#P!` URLs.
pub fn link_public(data: &[u8]) {
    let s = lossy(data);
    let parsed = PublicLink::parse(&s);
    if let Ok(l) = &parsed {
        let url = l.to_url();
        let again = PublicLink::parse(&url).expect("canonical URL parses");
        assert_eq!(again.to_url(), url);
        assert_eq!(again.kind(), l.kind());
        assert_eq!(again.handle(), l.handle());
        assert_eq!(again.key(), l.key());
        let legacy = PublicLink::parse(&l.to_legacy_url()).expect("legacy URL parses");
        assert_eq!(legacy.kind(), l.kind());
        assert_eq!(legacy.handle(), l.handle());
        assert_eq!(legacy.key(), l.key());
        assert_eq!(
            legacy.child().map(|c| c.handle()),
            l.child().map(|c| c.handle())
        );
        assert_eq!(l.is_file(), l.kind() == LinkKind::File);
        let _ = format!("{l:?} {l}");
    }
    match Link::parse(&s) {
        Ok(Link::Public(p)) => assert_eq!(Some(&p), parsed.as_ref().ok()),
        Ok(Link::Protected(p)) => {
            assert_eq!(ProtectedLink::parse(&p.to_url()).unwrap(), p);
        }
        Ok(Link::Collection(c)) => {
            assert_eq!(CollectionLink::parse(&c.to_url_on(c.host())).unwrap(), c);
        }
        Err(_) => {}
    }
    if let Ok(p) = ProtectedLink::parse(&s) {
        assert_eq!(ProtectedLink::parse(&p.to_url()).unwrap(), p);
    }
}

/// `#P!` payload parsing; opens with a password only rarely (PBKDF2 costs 100 000 iterations).
pub fn link_protected(data: &[u8]) {
    let Ok(p) = ProtectedLink::from_payload(data) else {
        return;
    };
    assert_eq!(p.to_payload(), data);
    assert_eq!(ProtectedLink::parse(&p.to_url()).unwrap(), p);
    let _ = format!("{p:?}");
    // About one valid payload in 4096 also goes through `open` (always a wrong password here).
    let h = data
        .iter()
        .fold(0u16, |a, b| a.rotate_left(3) ^ u16::from(*b));
    if h & 0x0fff == 0x0a5 {
        let e = p.open("fuzz").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decrypt);
    }
}

/// `ProtectedLink::open` past the HMAC check: the harness builds a correctly authenticated payload
/// around arbitrary decrypted key bytes (fixed password and salt, derived once), then opens it.
/// Slow by design (one PBKDF2 per execution): run it with a small corpus.
pub fn link_protected_open(data: &[u8]) {
    use hmac::{Hmac, KeyInit, Mac};
    let f = fixed();
    let mut inp = Input(data);
    let flags = inp.u8();
    let algorithm = if flags & 1 == 0 { 2u8 } else { 1 };
    let (ty, key_len) = if flags & 2 == 0 { (1u8, 32) } else { (0u8, 16) };
    let handle = inp.bytes(6).to_vec();
    let key = inp.bytes(key_len).to_vec();
    if handle.len() != 6 || key.len() != key_len {
        return;
    }
    let mut payload = vec![algorithm, ty];
    payload.extend_from_slice(&handle);
    payload.extend_from_slice(&f.protected_salt);
    payload.extend(key.iter().zip(&f.protected_dk[..32]).map(|(k, d)| k ^ d));
    let (enc_mac_key, msg) = (&f.protected_dk[32..], payload.clone());
    let tag = if algorithm == 2 {
        let mut m = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(enc_mac_key).unwrap();
        m.update(&msg);
        m.finalize().into_bytes()
    } else {
        let mut m = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&msg).unwrap();
        m.update(enc_mac_key);
        m.finalize().into_bytes()
    };
    payload.extend_from_slice(&tag);
    let flip = flags & 4 != 0;
    if flip {
        let pos = usize::from(inp.u8()) % payload.len();
        payload[pos] ^= 1 | inp.u8();
    }
    let Ok(p) = ProtectedLink::from_payload(&payload) else {
        assert!(flip, "a well-formed payload must parse");
        return;
    };
    let opened = p.open(PROTECTED_PASSWORD);
    if flip {
        // Any change to the authenticated payload must be caught by the HMAC.
        assert_eq!(opened.unwrap_err().kind(), ErrorKind::Decrypt);
        return;
    }
    let want = NodeKey::from_slice(&key);
    match (opened, want) {
        (Ok(link), Ok(k)) => {
            assert_eq!(link.key(), Some(&k));
            assert_eq!(link.handle().as_bytes()[..], handle[..]);
        }
        (Err(e), Err(_)) => assert_eq!(e.kind(), ErrorKind::InvalidKey),
        (o, w) => panic!("open {:?} but key {:?}", o.map(|_| ()), w.map(|_| ())),
    }
}
