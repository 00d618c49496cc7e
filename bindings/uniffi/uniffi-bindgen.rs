//! The uniffi bindings generator, built from the same uniffi version as the scaffolding:
//! `cargo run -p megacrypt-ffi --bin uniffi-bindgen -- generate --library <lib> --language kotlin --out-dir <dir>`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
