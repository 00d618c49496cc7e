//! Link settings for a Node.js addon (napi-build) and the `megacrypt_napi` cfg that the shared
//! source files of bindings/wasm/src test for their few JavaScript-engine-specific items.
fn main() {
    napi_build::setup();
    println!("cargo::rustc-cfg=megacrypt_napi");
    println!("cargo::rerun-if-changed=../wasm/src");
}
