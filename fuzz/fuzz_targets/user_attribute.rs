#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| megacrypt_fuzz::albums::user_attribute(data));
