#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| megacrypt_fuzz::file::diff_range_decrypt(data));
