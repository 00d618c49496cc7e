#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| megacrypt_fuzz::account_keys::owner_share_key(data));
