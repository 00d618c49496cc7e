//! The boundary between `megacrypt::Error` and the JavaScript `CryptoError` class, as in the
//! WebAssembly engine: the class is defined in `js/errors.js`; the loader registers it once, and
//! every error is thrown as `new CryptoError(code, message)`.

use std::cell::RefCell;

use megacrypt::Error;
use napi::bindgen_prelude::{FnArgs, Function, FunctionRef, Unknown};

/// `Result` of the shared binding code: the error is the core's until a wrapper throws it.
pub type JsResult<T> = Result<T, Error>;

type ErrorClass = FunctionRef<FnArgs<(String, String)>, Unknown<'static>>;

thread_local! {
    // One per JavaScript thread (the main thread and each worker load the addon separately).
    static ERROR_CLASS: RefCell<Option<ErrorClass>> = const { RefCell::new(None) };
}

/// Registers the JavaScript error class (`new cls(code, message)`). Called by the package loader.
#[napi_derive::napi(js_name = "__registerErrorClass")]
pub fn register_error_class(
    cls: Function<FnArgs<(String, String)>, Unknown<'static>>,
) -> napi::Result<()> {
    let r = cls.create_ref()?;
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(r));
    Ok(())
}

/// The stable `code` strings of every error category, in the core's declaration order.
#[napi_derive::napi(js_name = "errorCodes")]
pub fn error_codes() -> Vec<String> {
    megacrypt_foreign::error::codes()
        .map(str::to_string)
        .collect()
}

/// The error to throw for a core error: a `CryptoError` once registered, else an `Error` with
/// the same `code` and message.
pub fn throw(env: &napi::Env, e: Error) -> napi::Error {
    let code = e.kind().code().to_string();
    let message = e.to_string();
    let instance = ERROR_CLASS.with(|c| {
        let class = c.borrow();
        let f = class.as_ref()?.borrow_back(env).ok()?;
        f.new_instance(FnArgs::from((code.clone(), message.clone())))
            .ok()
            .map(napi::Error::from)
    });
    instance.unwrap_or_else(|| {
        napi::Error::new(napi::Status::GenericFailure, format!("{code}: {message}"))
    })
}

/// Identity: the shared code's `js(...)` keeps the core error until the wrapper throws it.
pub(crate) fn js<T>(r: megacrypt::Result<T>) -> JsResult<T> {
    r
}

/// Identity, as [`js`].
pub(crate) fn to_js(e: Error) -> Error {
    e
}
