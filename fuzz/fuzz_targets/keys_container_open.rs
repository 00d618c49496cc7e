#![no_main]
libfuzzer_sys::fuzz_target!(
    |data: &[u8]| megacrypt_fuzz::keys_container::keys_container_open(data)
);
