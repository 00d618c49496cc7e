//! The object holder behind every class, and the number conversions wasm-bindgen does implicitly.

use megacrypt::Error;
use megacrypt_foreign::error::misuse;

/// A Rust type exported as a JavaScript class: `Class` is the N-API class that holds it.
pub trait Exported: Sized {
    /// The N-API class.
    type Class;
    /// Moves the value into a new JavaScript object.
    fn wrap(self) -> Self::Class;
}

fn freed() -> Error {
    misuse("object used after free() or after a consuming call such as finish()")
}

/// The N-API class's slot: the value until `free()` or a consuming method takes it out.
pub trait Holder<T> {
    /// The slot.
    fn slot(&mut self) -> &mut Option<T>;
    /// The slot, shared.
    fn slot_ref(&self) -> &Option<T>;
    /// The value, or `ApiMisuse` once freed or consumed.
    fn get(&self) -> Result<&T, Error> {
        self.slot_ref().as_ref().ok_or_else(freed)
    }
    /// The value, mutable.
    fn get_mut(&mut self) -> Result<&mut T, Error> {
        self.slot().as_mut().ok_or_else(freed)
    }
    /// Takes the value out (consuming methods); the object is empty afterwards.
    fn take(&mut self) -> Result<T, Error> {
        self.slot().take().ok_or_else(freed)
    }
}

/// A `Uint8Array` argument borrowed in place and written to (`encryptInPlace`).
pub type BytesMut<'a> = &'a mut [u8];

/// A BigInt argument that must fit `u64` (wasm-bindgen's `u64`).
pub fn u64_from_bigint(v: &napi::bindgen_prelude::BigInt) -> Result<u64, Error> {
    match v.get_u64() {
        (false, n, true) => Ok(n),
        _ => Err(misuse("expected a BigInt in 0..2^64")),
    }
}

/// A BigInt argument that must fit `i64` (wasm-bindgen's `i64`).
pub fn i64_from_bigint(v: &napi::bindgen_prelude::BigInt) -> Result<i64, Error> {
    match v.get_i64() {
        (n, true) => Ok(n),
        _ => Err(misuse("expected a BigInt in -2^63..2^63")),
    }
}

/// wasm-bindgen's `usize` is a 32-bit JavaScript number.
pub fn usize_from_u32(v: u32) -> usize {
    v as usize
}

/// A `usize` result as a JavaScript number (exact below 2^53).
pub fn usize_to_f64(v: usize) -> f64 {
    v as f64
}
