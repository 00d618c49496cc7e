//! The N-API reading of megacrypt's JavaScript binding.
//!
//! `bindings/wasm/src` is the one definition of the JavaScript API: classes, methods, getters,
//! constructors and functions with their JavaScript names, written with `#[wasm_bindgen]`. The
//! native Node.js engine (`bindings/napi`) compiles the same files with `wasm_bindgen` bound to
//! the attribute of this crate, which keeps the item as plain Rust and adds, next to it, the
//! napi-rs declaration of the same JavaScript surface:
//!
//! - a struct `X` gets a class `NapiX` named `X` in JavaScript that owns an `Option<X>` (`free()`
//!   and consuming methods such as `finish()` take the value out, as wasm-bindgen frees the
//!   object; a later call throws `ApiMisuse`), and `X: Exported<Class = NapiX>`;
//! - every `pub fn` of a `#[wasm_bindgen] impl` and every `#[wasm_bindgen] fn` gets a wrapper
//!   with the same JavaScript name, getter/constructor role and argument order, converting at the
//!   boundary the way wasm-bindgen does: `&str` from a string, `&[u8]`/`&mut [u8]`/`&[u32]` from
//!   typed arrays (in place, no copy), `u64`/`i64` from BigInt, `Vec<u8>`/`Vec<u32>` to
//!   `Uint8Array`/`Uint32Array`, class arguments by reference, class results wrapped; errors
//!   (`JsResult`) become the JavaScript `CryptoError` through `crate::error::throw`.
//!
//! No behaviour lives here: the bodies are the wasm binding's own, which call the shared façade
//! `megacrypt-foreign`.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{format_ident, quote};
use syn::parse::Parser;
use syn::{
    Attribute, FnArg, GenericArgument, Ident, ImplItem, ImplItemFn, Item, ItemFn, ItemImpl,
    ItemStruct, LitStr, Pat, PathArguments, ReturnType, Signature, Type, Visibility,
};

/// The `#[wasm_bindgen(...)]` options the JavaScript binding uses.
#[derive(Default)]
struct Options {
    constructor: bool,
    getter: bool,
    js_name: Option<String>,
}

fn parse_options(attr: TokenStream2) -> syn::Result<Options> {
    let mut o = Options::default();
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("constructor") {
            o.constructor = true;
        } else if meta.path.is_ident("getter") {
            o.getter = true;
        } else if meta.path.is_ident("js_name") {
            let value = meta.value()?;
            o.js_name = Some(if value.peek(LitStr) {
                value.parse::<LitStr>()?.value()
            } else {
                value.parse::<Ident>()?.to_string()
            });
        } else if meta.path.is_ident("skip_typescript") {
            // TypeScript declarations are written by hand (js/index.d.ts).
        } else if meta.path.is_ident("unchecked_return_type") {
            meta.value()?.parse::<LitStr>()?;
        } else {
            return Err(meta.error("megacrypt-napi-macro: unsupported wasm_bindgen option"));
        }
        Ok(())
    });
    parser.parse2(attr)?;
    Ok(o)
}

/// Same attribute name as wasm-bindgen's, so that one source compiles in both bindings.
#[proc_macro_attribute]
pub fn wasm_bindgen(attr: TokenStream, item: TokenStream) -> TokenStream {
    match expand(attr.into(), item.into()) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand(attr: TokenStream2, item: TokenStream2) -> syn::Result<TokenStream2> {
    let opts = parse_options(attr)?;
    match syn::parse2::<Item>(item)? {
        Item::Struct(s) => Ok(expand_struct(s, opts)),
        Item::Impl(i) => expand_impl(i),
        Item::Fn(f) => expand_fn(f, opts),
        other => Err(syn::Error::new_spanned(
            other,
            "megacrypt-napi-macro: only structs, impl blocks and functions",
        )),
    }
}

fn class_ident(name: &Ident) -> Ident {
    format_ident!("Napi{}", name)
}

fn docs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("doc")).collect()
}

fn expand_struct(s: ItemStruct, opts: Options) -> TokenStream2 {
    let name = &s.ident;
    let class = class_ident(name);
    let js = opts.js_name.unwrap_or_else(|| name.to_string());
    let doc = docs(&s.attrs);
    quote! {
        #s

        #(#doc)*
        #[::napi_derive::napi(js_name = #js)]
        pub struct #class {
            inner: ::core::option::Option<#name>,
        }

        impl crate::napi_rt::Exported for #name {
            type Class = #class;
            fn wrap(self) -> #class {
                #class { inner: ::core::option::Option::Some(self) }
            }
        }

        impl crate::napi_rt::Holder<#name> for #class {
            fn slot(&mut self) -> &mut ::core::option::Option<#name> {
                &mut self.inner
            }
            fn slot_ref(&self) -> &::core::option::Option<#name> {
                &self.inner
            }
        }

        #[::napi_derive::napi]
        impl #class {
            /// Frees the object now (secrets are zeroized); a later call throws `ApiMisuse`.
            #[napi(js_name = "free")]
            pub fn __napi_free(&mut self) {
                self.inner = ::core::option::Option::None;
            }
        }
    }
}

/// Removes the `#[wasm_bindgen(...)]` attributes of a method and returns their options.
fn take_options(attrs: &mut Vec<Attribute>) -> syn::Result<Options> {
    let mut opts = Options::default();
    let mut kept = Vec::with_capacity(attrs.len());
    for a in attrs.drain(..) {
        if a.path().is_ident("wasm_bindgen") {
            let tokens = match &a.meta {
                syn::Meta::List(l) => l.tokens.clone(),
                _ => TokenStream2::new(),
            };
            let o = parse_options(tokens)?;
            opts.constructor |= o.constructor;
            opts.getter |= o.getter;
            opts.js_name = o.js_name.or(opts.js_name);
        } else {
            kept.push(a);
        }
    }
    *attrs = kept;
    Ok(opts)
}

fn expand_impl(mut imp: ItemImpl) -> syn::Result<TokenStream2> {
    let Type::Path(self_path) = imp.self_ty.as_ref() else {
        return Err(syn::Error::new_spanned(
            &imp.self_ty,
            "expected a type name",
        ));
    };
    let Some(last) = self_path.path.segments.last() else {
        return Err(syn::Error::new_spanned(
            &imp.self_ty,
            "expected a type name",
        ));
    };
    // The class sits next to the struct (wasm-bindgen allows only a plain name here; a struct
    // declared in another module needs its `Napi` class imported, as keys_container.rs does).
    let class_name = class_ident(&last.ident);
    let self_ty = imp.self_ty.clone();
    let mut wrappers = Vec::new();
    for item in &mut imp.items {
        if let ImplItem::Fn(f) = item {
            let opts = take_options(&mut f.attrs)?;
            if matches!(f.vis, Visibility::Public(_)) {
                wrappers.push(wrapper_method(f, &opts, &self_ty)?);
            }
        }
    }
    Ok(quote! {
        #imp

        #[::napi_derive::napi]
        impl #class_name {
            #(#wrappers)*
        }
    })
}

fn expand_fn(f: ItemFn, opts: Options) -> syn::Result<TokenStream2> {
    let name = &f.sig.ident;
    let js = opts.js_name.clone().unwrap_or_else(|| name.to_string());
    let wrapper = format_ident!("__napi_{}", name);
    let (params, call_args, prelude) = map_args(&f.sig)?;
    let call = quote! { #name(#(#call_args),*) };
    let (ret_ty, body) = map_return(&f.sig.output, call, false);
    Ok(quote! {
        #f

        #[::napi_derive::napi(js_name = #js)]
        #[allow(clippy::too_many_arguments)] // the original's arguments and the N-API `Env`
        pub fn #wrapper(__env: ::napi::Env, #(#params),*) -> ::napi::Result<#ret_ty> {
            #(#prelude)*
            #body
        }
    })
}

fn wrapper_method(f: &ImplItemFn, opts: &Options, self_ty: &Type) -> syn::Result<TokenStream2> {
    let name = &f.sig.ident;
    let js = opts.js_name.clone().unwrap_or_else(|| name.to_string());
    let wrapper = format_ident!("__napi_{}", name);
    let holder = quote! { <Self as crate::napi_rt::Holder<#self_ty>> };
    let (receiver, this) = match f.sig.receiver() {
        None => (None, None),
        Some(r) if r.reference.is_none() => (
            Some(quote! { &mut self, }),
            Some(quote! { #holder::take(self).map_err(|e| crate::error::throw(&__env, e))? }),
        ),
        Some(r) if r.mutability.is_some() => (
            Some(quote! { &mut self, }),
            Some(quote! { #holder::get_mut(self).map_err(|e| crate::error::throw(&__env, e))? }),
        ),
        Some(_) => (
            Some(quote! { &self, }),
            Some(quote! { #holder::get(self).map_err(|e| crate::error::throw(&__env, e))? }),
        ),
    };
    let (params, mut call_args, prelude) = map_args(&f.sig)?;
    if let Some(t) = this {
        call_args.insert(0, t);
    }
    let call = quote! { <#self_ty>::#name(#(#call_args),*) };
    let (ret_ty, body) = map_return(&f.sig.output, call, opts.constructor);
    let role = if opts.constructor {
        quote! { #[napi(constructor)] }
    } else if opts.getter {
        quote! { #[napi(getter, js_name = #js)] }
    } else {
        quote! { #[napi(js_name = #js)] }
    };
    Ok(quote! {
        #role
        #[allow(clippy::too_many_arguments)] // the original's arguments and the N-API `Env`
        pub fn #wrapper(#receiver __env: ::napi::Env, #(#params),*) -> ::napi::Result<#ret_ty> {
            #(#prelude)*
            #body
        }
    })
}

fn last_ident(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        _ => None,
    }
}

fn generic_arg(seg: &syn::PathSegment) -> Option<&Type> {
    match &seg.arguments {
        PathArguments::AngleBracketed(a) => a.args.iter().find_map(|g| match g {
            GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    }
}

const PASS_THROUGH: &[&str] = &["String", "f64", "f32", "u32", "i32", "u16", "u8", "bool"];

fn is_pass_through(ty: &Type) -> bool {
    match last_ident(ty) {
        Some(seg) if PASS_THROUGH.iter().any(|p| seg.ident == p) => true,
        Some(seg) if seg.ident == "Option" || seg.ident == "Vec" => {
            generic_arg(seg).is_some_and(|t| {
                // Vec<u8>/Vec<u32> become typed arrays.
                !(seg.ident == "Vec"
                    && matches!(last_ident(t), Some(s) if s.ident == "u8" || s.ident == "u32"))
                    && is_pass_through(t)
            })
        }
        _ => matches!(ty, Type::Tuple(t) if t.elems.is_empty()),
    }
}

/// `Option<Vec<u8>>`: a Uint8Array or undefined.
fn is_bytes(ty: &Type) -> bool {
    matches!(last_ident(ty), Some(seg) if seg.ident == "Option"
        && generic_arg(seg).and_then(last_ident).is_some_and(|s| s.ident == "Vec"
            && matches!(&s.arguments, PathArguments::AngleBracketed(a) if a.args.len() == 1)
            && generic_arg(s).and_then(last_ident).is_some_and(|e| e.ident == "u8")))
}

/// Parameters of the wrapper, arguments of the call, statements run before the call.
fn map_args(
    sig: &Signature,
) -> syn::Result<(Vec<TokenStream2>, Vec<TokenStream2>, Vec<TokenStream2>)> {
    let mut params = Vec::new();
    let mut args = Vec::new();
    let mut prelude = Vec::new();
    for input in &sig.inputs {
        let FnArg::Typed(pt) = input else { continue };
        let Pat::Ident(pi) = pt.pat.as_ref() else {
            return Err(syn::Error::new_spanned(
                &pt.pat,
                "expected a plain argument name",
            ));
        };
        let name = &pi.ident;
        let ty = pt.ty.as_ref();
        let throw = quote! { .map_err(|e| crate::error::throw(&__env, e))? };
        match ty {
            Type::Reference(r) => match r.elem.as_ref() {
                Type::Path(p) if p.path.is_ident("str") => {
                    params.push(quote! { #name: ::std::string::String });
                    args.push(quote! { &#name });
                }
                Type::Slice(s) if r.mutability.is_some() => {
                    let elem = &s.elem;
                    if !matches!(last_ident(elem), Some(seg) if seg.ident == "u8") {
                        return Err(syn::Error::new_spanned(ty, "only &mut [u8] is supported"));
                    }
                    params.push(quote! { #name: crate::napi_rt::BytesMut<'_> });
                    args.push(quote! { #name });
                }
                Type::Slice(_) => {
                    params.push(quote! { #name: #ty });
                    args.push(quote! { #name });
                }
                Type::Path(p) if p.path.is_ident("Self") => {
                    params.push(quote! { #name: &Self });
                    args.push(quote! { crate::napi_rt::Holder::get(#name) #throw });
                }
                elem @ Type::Path(_) => {
                    let holder = quote! { <<#elem as crate::napi_rt::Exported>::Class as crate::napi_rt::Holder<#elem>> };
                    if r.mutability.is_some() {
                        params.push(
                            quote! { #name: &mut <#elem as crate::napi_rt::Exported>::Class },
                        );
                        args.push(quote! { #holder::get_mut(#name) #throw });
                    } else {
                        params.push(quote! { #name: &<#elem as crate::napi_rt::Exported>::Class });
                        args.push(quote! { #holder::get(#name) #throw });
                    }
                }
                _ => return Err(syn::Error::new_spanned(ty, "unsupported argument type")),
            },
            _ => match last_ident(ty).map(|s| s.ident.to_string()).as_deref() {
                Some("u64") => {
                    params.push(quote! { #name: ::napi::bindgen_prelude::BigInt });
                    prelude.push(
                        quote! { let #name = crate::napi_rt::u64_from_bigint(&#name) #throw; },
                    );
                    args.push(quote! { #name });
                }
                Some("i64") => {
                    params.push(quote! { #name: ::napi::bindgen_prelude::BigInt });
                    prelude.push(
                        quote! { let #name = crate::napi_rt::i64_from_bigint(&#name) #throw; },
                    );
                    args.push(quote! { #name });
                }
                Some("usize") => {
                    params.push(quote! { #name: u32 });
                    prelude.push(quote! { let #name = crate::napi_rt::usize_from_u32(#name); });
                    args.push(quote! { #name });
                }
                Some("Option") | Some("Vec") if is_bytes(ty) => {
                    params.push(quote! { #name: ::core::option::Option<::napi::bindgen_prelude::Uint8Array> });
                    prelude.push(quote! { let #name = #name.map(|a| a.to_vec()); });
                    args.push(quote! { #name });
                }
                _ if is_pass_through(ty) => {
                    params.push(quote! { #name: #ty });
                    args.push(quote! { #name });
                }
                _ => return Err(syn::Error::new_spanned(ty, "unsupported argument type")),
            },
        }
    }
    Ok((params, args, prelude))
}

/// The wrapper's result type (inside `napi::Result`) and body for a call returning `output`.
fn map_return(
    output: &ReturnType,
    call: TokenStream2,
    constructor: bool,
) -> (TokenStream2, TokenStream2) {
    let ty = match output {
        ReturnType::Default => return (quote! { () }, quote! { #call; Ok(()) }),
        ReturnType::Type(_, t) => t.as_ref(),
    };
    let (inner, fallible) = match last_ident(ty) {
        Some(seg) if seg.ident == "JsResult" => match generic_arg(seg) {
            Some(t) => (t, true),
            None => (ty, false),
        },
        _ => (ty, false),
    };
    let (new_ty, value) = convert(inner, quote! { __value });
    let new_ty = if constructor {
        quote! { Self }
    } else {
        new_ty
    };
    let body = if fallible {
        quote! {
            let __value = #call.map_err(|e| crate::error::throw(&__env, e))?;
            Ok(#value)
        }
    } else {
        quote! {
            let __value = #call;
            Ok(#value)
        }
    };
    (new_ty, body)
}

/// The JavaScript-facing type of a Rust result type and the expression converting `expr` to it.
fn convert(ty: &Type, expr: TokenStream2) -> (TokenStream2, TokenStream2) {
    // `None` is `undefined` in wasm-bindgen (napi's `Option` gives `null`).
    if let Some(seg) = last_ident(ty).filter(|s| s.ident == "Option")
        && let Some(elem) = generic_arg(seg)
    {
        let (elem_ty, elem_conv) = convert(elem, quote! { __x });
        return (
            quote! { ::napi::bindgen_prelude::Either<#elem_ty, ()> },
            quote! {
                match #expr {
                    ::core::option::Option::Some(__x) => ::napi::bindgen_prelude::Either::A(#elem_conv),
                    ::core::option::Option::None => ::napi::bindgen_prelude::Either::B(()),
                }
            },
        );
    }
    if is_pass_through(ty) {
        return (quote! { #ty }, expr);
    }
    let Some(seg) = last_ident(ty) else {
        return (quote! { #ty }, expr);
    };
    let ident = seg.ident.to_string();
    match ident.as_str() {
        "Vec" | "Option" => {
            let Some(elem) = generic_arg(seg) else {
                return (quote! { #ty }, expr);
            };
            if ident == "Vec" {
                match last_ident(elem).map(|s| s.ident.to_string()).as_deref() {
                    Some("u8") => {
                        return (
                            quote! { ::napi::bindgen_prelude::Uint8Array },
                            quote! { ::napi::bindgen_prelude::Uint8Array::from(#expr) },
                        );
                    }
                    Some("u32") => {
                        return (
                            quote! { ::napi::bindgen_prelude::Uint32Array },
                            quote! { ::napi::bindgen_prelude::Uint32Array::from(#expr) },
                        );
                    }
                    _ => {}
                }
            }
            let (elem_ty, elem_conv) = convert(elem, quote! { __x });
            if ident == "Vec" {
                (
                    quote! { ::std::vec::Vec<#elem_ty> },
                    quote! { #expr.into_iter().map(|__x| #elem_conv).collect::<::std::vec::Vec<_>>() },
                )
            } else {
                (
                    quote! { ::core::option::Option<#elem_ty> },
                    quote! { #expr.map(|__x| #elem_conv) },
                )
            }
        }
        "u64" | "i64" => (
            quote! { ::napi::bindgen_prelude::BigInt },
            quote! { ::napi::bindgen_prelude::BigInt::from(#expr) },
        ),
        "usize" => (
            quote! { f64 },
            quote! { crate::napi_rt::usize_to_f64(#expr) },
        ),
        "Self" => (
            quote! { Self },
            quote! { crate::napi_rt::Exported::wrap(#expr) },
        ),
        _ => (
            quote! { <#ty as crate::napi_rt::Exported>::Class },
            quote! { crate::napi_rt::Exported::wrap(#expr) },
        ),
    }
}
