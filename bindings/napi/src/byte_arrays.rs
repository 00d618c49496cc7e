//! The two items whose argument or result is an array of byte arrays (`js_sys::Uint8Array` in
//! the WebAssembly engine): the same names and behaviour, with napi's `Uint8Array`.

use napi::bindgen_prelude::{Either3, Uint8Array};

use crate::albums::{CollectionLink, NapiCollectionLink};
use crate::keys_container::{LtlvMap, NapiLtlvMap};
use crate::link::{AnyLink, NapiProtectedLink, NapiPublicLink, ProtectedLink, PublicLink};
use crate::napi_rt::{Exported, Holder};

#[napi_derive::napi]
impl NapiLtlvMap {
    /// The keys, sorted (Uint8Arrays).
    #[napi(js_name = "keys")]
    pub fn napi_keys(&self, env: napi::Env) -> napi::Result<Vec<Uint8Array>> {
        let map: &LtlvMap = self.get().map_err(|e| crate::error::throw(&env, e))?;
        Ok(map.key_list().into_iter().map(Uint8Array::from).collect())
    }
}

/// Encodes entries in the given order (as the webclient writes them), without sorting.
#[napi_derive::napi(js_name = "ltlvEncode")]
pub fn ltlv_encode(
    env: napi::Env,
    keys: Vec<Uint8Array>,
    values: Vec<Uint8Array>,
) -> napi::Result<Uint8Array> {
    megacrypt_foreign::accounts_modern::ltlv_encode(&keys, &values)
        .map(Uint8Array::from)
        .map_err(|e| crate::error::throw(&env, e))
}

/// Parses any MEGA link: returns a `PublicLink`, a `ProtectedLink` or a `CollectionLink`.
#[napi_derive::napi(js_name = "parseLink")]
pub fn parse_link(
    env: napi::Env,
    url: String,
) -> napi::Result<Either3<NapiPublicLink, NapiProtectedLink, NapiCollectionLink>> {
    Ok(
        match crate::link::parse_any_link(&url).map_err(|e| crate::error::throw(&env, e))? {
            AnyLink::Public(l) => Either3::A(<PublicLink as Exported>::wrap(l)),
            AnyLink::Protected(l) => Either3::B(<ProtectedLink as Exported>::wrap(l)),
            AnyLink::Collection(l) => Either3::C(<CollectionLink as Exported>::wrap(l)),
        },
    )
}
