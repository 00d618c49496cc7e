#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| megacrypt_fuzz::share::share_keys(data));
