//! Harnesses for strict base64, the a32 convention and handles (core `base64`, `handles`).

use megacrypt::{ErrorKind, NodeHandle, UserHandle, base64};

use crate::lossy;

/// Strict base64, the a32 convention and handles.
pub fn base64_decode(data: &[u8]) {
    let s = lossy(data);
    match base64::decode(&s) {
        Ok(bytes) => {
            assert_eq!(Some(bytes.len()), base64::decoded_len(s.len()));
            // Canonical: re-encoding gives the input (both alphabets are read, '-_' is written).
            let canon = s.replace('+', "-").replace('/', "_");
            assert_eq!(base64::encode(&bytes), canon);
            let mut out = vec![0u8; bytes.len()];
            base64::decode_into(&s, &mut out).unwrap();
            assert_eq!(out, bytes);
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::Malformed),
    }
    let _ = base64::decode_array::<16>(&s);
    let _ = base64::decode_array::<32>(&s);
    let mut small = [0u8; 5];
    let _ = base64::decode_into(&s, &mut small);
    if let Ok(h) = NodeHandle::from_b64(&s) {
        assert_eq!(h.to_b64(), s.replace('+', "-").replace('/', "_"));
    }
    if let Ok(h) = UserHandle::from_b64(&s) {
        assert_eq!(h.to_b64(), s.replace('+', "-").replace('/', "_"));
    }
    // Raw bytes: encode then decode is the identity; a32 round trip pads the last word.
    let enc = base64::encode(data);
    assert_eq!(enc.len(), base64::encoded_len(data.len()));
    assert_eq!(base64::decode(&enc).unwrap(), data);
    let words = base64::bytes_to_a32(data);
    let back = base64::a32_to_bytes(&words);
    assert_eq!(&back[..data.len()], data);
    assert!(back[data.len()..].iter().all(|b| *b == 0));
}
