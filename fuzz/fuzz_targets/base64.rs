#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| megacrypt_fuzz::base64::base64_decode(data));
