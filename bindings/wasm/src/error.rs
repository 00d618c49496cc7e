//! The boundary between `megacrypt::Error` and the JavaScript `CryptoError` class (the name is
//! [`megacrypt_foreign::ERROR_CLASS`]).
//!
//! The class itself is defined in JavaScript (`js/errors.js`, so that `instanceof` works and
//! TypeScript sees a real class); the loader registers it here once, right after instantiation.
//! Until then (or if a caller uses the raw module) errors are plain `Error`s carrying the same
//! `name` and `code`.

use std::cell::RefCell;

use megacrypt::Error;
use wasm_bindgen::prelude::*;

/// `Result` whose error is a thrown JavaScript value.
pub type JsResult<T> = Result<T, JsValue>;

thread_local! {
    static ERROR_CLASS: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Registers the JavaScript error class (`new cls(code, message)`). Called by the package loader.
#[wasm_bindgen(js_name = __registerErrorClass, skip_typescript)]
pub fn register_error_class(cls: js_sys::Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(cls));
}

/// The stable `code` strings of every error category, in the core's declaration order.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    megacrypt_foreign::error::codes()
        .map(str::to_string)
        .collect()
}

/// Converts a core error into the JavaScript value to throw.
pub(crate) fn to_js(e: Error) -> JsValue {
    let code = JsValue::from_str(e.kind().code());
    let message = JsValue::from_str(&e.to_string());
    let registered = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(Ok(v)) =
        registered.map(|cls| js_sys::Reflect::construct(&cls, &js_sys::Array::of2(&code, &message)))
    {
        return v;
    }
    let err = js_sys::Error::new(&e.to_string());
    err.set_name(megacrypt_foreign::ERROR_CLASS);
    // Setting a property on a fresh Error cannot fail; ignore the impossible error.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &code);
    err.into()
}

/// Maps a core result to a JavaScript result.
pub(crate) fn js<T>(r: megacrypt::Result<T>) -> JsResult<T> {
    r.map_err(to_js)
}
