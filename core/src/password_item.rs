//! Password-manager items: the `pwm` node attribute (`docs/format/password-items.md`).
//!
//! MEGA Pass stores each item as a folder node under the password-manager base folder; the
//! item itself is the JSON object in the node attribute `pwm`, inside the ordinary encrypted
//! `MEGA{…}` attribute blob ([`crate::attributes`]). Two kinds exist (SDK
//! `include/mega/megaclient.h`, `MegaClient::preparePasswordManagerNodeData`):
//!
//! | kind | fields |
//! |---|---|
//! | password ([`PasswordEntry`]) | `pwd` password, `u` user name, `url`, `n` notes, optional `totp` |
//! | credit card ([`CreditCard`], `t` = `"c"`) | `nu` number, `n` notes, `u` holder, `cvv`, `exp` expiry |
//!
//! and `totp` is `{shse: base32 secret, t: period, alg: "sha1"|"sha256"|"sha512", nd: digits}`
//! ([`TotpSpec`]).
//!
//! Parsing is strict on types: a field that must be text and is not (a number, an object, …) is
//! [`crate::ErrorKind::Malformed`]; `t` and `nd` are read as JSON integers or as decimal text.
//! Fields this module does not know are kept and written back. Secrets (password, card number,
//! CVV, TOTP secret) are zeroized on drop; the `serde_json` values a caller builds them from are
//! not, so drop those promptly.
//!
//! ```
//! use megacrypt::password_item::PasswordItem;
//! let item = PasswordItem::from_json(
//!     r#"{"pwd":"hunter2","u":"alice","url":"https://example.com",
//!        "totp":{"shse":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","t":30,"alg":"sha1","nd":8}}"#,
//! )?;
//! let PasswordItem::Password(p) = &item else { unreachable!() };
//! assert_eq!(p.password(), "hunter2");
//! let totp = p.totp().unwrap().to_totp()?;
//! assert_eq!(totp.code_at(59).as_str(), "94287082");
//! assert!(PasswordItem::from_json(r#"{"pwd":42}"#).is_err());
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::string::{String, ToString};

use serde_json::{Map, Value};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::attributes::NodeAttributes;
use crate::error::{Error, Result};
use crate::totp::{DEFAULT_DIGITS, DEFAULT_PERIOD, Totp, TotpAlgorithm};

/// The node attribute that holds an item.
pub const NODE_ATTRIBUTE: &str = "pwm";

type Object = Map<String, Value>;

fn take_text(o: &mut Object, key: &str, what: &'static str) -> Result<Option<String>> {
    match o.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::malformed(what)),
    }
}

fn take_secret(o: &mut Object, key: &str, what: &'static str) -> Result<Option<Zeroizing<String>>> {
    take_text(o, key, what).map(|v| v.map(Zeroizing::new))
}

fn take_int(o: &mut Object, key: &str, what: &'static str) -> Result<Option<u64>> {
    match o.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or(Error::malformed(what)),
        Some(Value::String(s))
            if !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            s.parse::<u64>()
                .map(Some)
                .map_err(|_| Error::malformed(what))
        }
        Some(_) => Err(Error::malformed(what)),
    }
}

fn put(o: &mut Object, key: &str, v: Option<&str>) {
    if let Some(v) = v {
        o.insert(key.to_string(), Value::String(v.to_string()));
    }
}

/// The `totp` object of a password item. Equality compares the shared secret in constant time.
#[derive(Clone)]
pub struct TotpSpec {
    shared_secret: Zeroizing<String>,
    period: Option<u32>,
    algorithm: Option<TotpAlgorithm>,
    digits: Option<u8>,
    extra: Object,
}

impl core::fmt::Debug for TotpSpec {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TotpSpec")
            .field("period", &self.period)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .finish_non_exhaustive()
    }
}

impl TotpSpec {
    /// A TOTP with its base32 secret and explicit parameters (validated as [`Totp::new`] does).
    pub fn new(
        secret_base32: &str,
        algorithm: TotpAlgorithm,
        digits: u8,
        period: u32,
    ) -> Result<Self> {
        Totp::new(secret_base32, algorithm, digits, period)?;
        Ok(TotpSpec {
            shared_secret: Zeroizing::new(secret_base32.to_string()),
            period: Some(period),
            algorithm: Some(algorithm),
            digits: Some(digits),
            extra: Object::new(),
        })
    }

    fn from_value(v: Value) -> Result<Self> {
        let Value::Object(mut o) = v else {
            return Err(Error::malformed("pwm: totp is not an object"));
        };
        let shared_secret = take_secret(&mut o, "shse", "pwm: totp shse is not text")?
            .ok_or(Error::malformed("pwm: totp without shse"))?;
        let period = take_int(&mut o, "t", "pwm: totp t is not a whole number")?
            .map(|p| u32::try_from(p).map_err(|_| Error::malformed("pwm: totp period too large")))
            .transpose()?;
        let digits = take_int(&mut o, "nd", "pwm: totp nd is not a whole number")?
            .map(|d| u8::try_from(d).map_err(|_| Error::malformed("pwm: totp digits out of range")))
            .transpose()?;
        let algorithm = take_text(&mut o, "alg", "pwm: totp alg is not text")?
            .map(|a| TotpAlgorithm::parse(&a))
            .transpose()?;
        let spec = TotpSpec {
            shared_secret,
            period,
            algorithm,
            digits,
            extra: o,
        };
        spec.to_totp()?;
        Ok(spec)
    }

    fn to_value(&self) -> Value {
        let mut o = self.extra.clone();
        put(&mut o, "shse", Some(&self.shared_secret));
        if let Some(p) = self.period {
            o.insert("t".into(), Value::from(p));
        }
        if let Some(a) = self.algorithm {
            o.insert("alg".into(), Value::from(a.as_str()));
        }
        if let Some(d) = self.digits {
            o.insert("nd".into(), Value::from(d));
        }
        Value::Object(o)
    }

    /// The base32 shared secret (`shse`). Secret material.
    pub fn shared_secret(&self) -> &str {
        &self.shared_secret
    }

    /// The generator: missing parameters take MEGA's defaults (SHA-1, 6 digits, 30 s).
    pub fn to_totp(&self) -> Result<Totp> {
        Totp::new(
            &self.shared_secret,
            self.algorithm.unwrap_or_default(),
            self.digits.unwrap_or(DEFAULT_DIGITS),
            self.period.unwrap_or(DEFAULT_PERIOD),
        )
    }
}

/// A password item. Equality compares the password (and the TOTP secret) in constant time.
#[derive(Clone)]
pub struct PasswordEntry {
    password: Zeroizing<String>,
    user_name: Option<String>,
    url: Option<String>,
    notes: Option<String>,
    totp: Option<TotpSpec>,
    extra: Object,
}

impl core::fmt::Debug for PasswordEntry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PasswordEntry")
            .field("user_name", &self.user_name)
            .field("url", &self.url)
            .field("has_totp", &self.totp.is_some())
            .finish_non_exhaustive()
    }
}

impl PasswordEntry {
    /// A password item with only its password.
    pub fn new(password: &str) -> Self {
        PasswordEntry {
            password: Zeroizing::new(password.to_string()),
            user_name: None,
            url: None,
            notes: None,
            totp: None,
            extra: Object::new(),
        }
    }
    /// The password (`pwd`). Secret material.
    pub fn password(&self) -> &str {
        &self.password
    }
    /// The user name (`u`).
    pub fn user_name(&self) -> Option<&str> {
        self.user_name.as_deref()
    }
    /// The URL (`url`).
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
    /// The notes (`n`).
    pub fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }
    /// The TOTP (`totp`).
    pub fn totp(&self) -> Option<&TotpSpec> {
        self.totp.as_ref()
    }
    /// Sets the user name.
    pub fn set_user_name(&mut self, v: Option<&str>) {
        self.user_name = v.map(String::from);
    }
    /// Sets the URL.
    pub fn set_url(&mut self, v: Option<&str>) {
        self.url = v.map(String::from);
    }
    /// Sets the notes.
    pub fn set_notes(&mut self, v: Option<&str>) {
        self.notes = v.map(String::from);
    }
    /// Sets the TOTP.
    pub fn set_totp(&mut self, v: Option<TotpSpec>) {
        self.totp = v;
    }
}

/// A credit-card item (`t` = `"c"`). Equality compares the number and the CVV in constant time.
#[derive(Clone)]
pub struct CreditCard {
    number: Zeroizing<String>,
    holder: Option<String>,
    cvv: Option<Zeroizing<String>>,
    expiry: Option<String>,
    notes: Option<String>,
    extra: Object,
}

/// Equality of secret text: constant time in the contents (a length difference is not hidden).
fn secret_eq(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// [`secret_eq`] over optional secrets: equal when both are absent or both equal.
fn optional_secret_eq(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => secret_eq(a, b),
        _ => false,
    }
}

impl PartialEq for TotpSpec {
    fn eq(&self, other: &Self) -> bool {
        // Every field is compared (no early exit before the secret), the secret in constant time.
        let secret = secret_eq(&self.shared_secret, &other.shared_secret);
        let rest = self.period == other.period
            && self.algorithm == other.algorithm
            && self.digits == other.digits
            && self.extra == other.extra;
        secret & rest
    }
}
impl Eq for TotpSpec {}

impl PartialEq for PasswordEntry {
    fn eq(&self, other: &Self) -> bool {
        let password = secret_eq(&self.password, &other.password);
        let totp = self.totp == other.totp;
        let rest = self.user_name == other.user_name
            && self.url == other.url
            && self.notes == other.notes
            && self.extra == other.extra;
        password & totp & rest
    }
}
impl Eq for PasswordEntry {}

impl PartialEq for CreditCard {
    fn eq(&self, other: &Self) -> bool {
        let number = secret_eq(&self.number, &other.number);
        let cvv = optional_secret_eq(self.cvv(), other.cvv());
        let rest = self.holder == other.holder
            && self.expiry == other.expiry
            && self.notes == other.notes
            && self.extra == other.extra;
        number & cvv & rest
    }
}
impl Eq for CreditCard {}

impl core::fmt::Debug for CreditCard {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CreditCard").finish_non_exhaustive()
    }
}

impl CreditCard {
    /// A card with only its number.
    pub fn new(number: &str) -> Self {
        CreditCard {
            number: Zeroizing::new(number.to_string()),
            holder: None,
            cvv: None,
            expiry: None,
            notes: None,
            extra: Object::new(),
        }
    }
    /// The card number (`nu`). Secret material.
    pub fn number(&self) -> &str {
        &self.number
    }
    /// The card holder (`u`).
    pub fn holder(&self) -> Option<&str> {
        self.holder.as_deref()
    }
    /// The CVV (`cvv`). Secret material.
    pub fn cvv(&self) -> Option<&str> {
        self.cvv.as_deref().map(String::as_str)
    }
    /// The expiry date as written (`exp`, e.g. `"12/29"`).
    pub fn expiry(&self) -> Option<&str> {
        self.expiry.as_deref()
    }
    /// The notes (`n`).
    pub fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }
    /// Sets the holder.
    pub fn set_holder(&mut self, v: Option<&str>) {
        self.holder = v.map(String::from);
    }
    /// Sets the CVV.
    pub fn set_cvv(&mut self, v: Option<&str>) {
        self.cvv = v.map(|s| Zeroizing::new(s.to_string()));
    }
    /// Sets the expiry.
    pub fn set_expiry(&mut self, v: Option<&str>) {
        self.expiry = v.map(String::from);
    }
    /// Sets the notes.
    pub fn set_notes(&mut self, v: Option<&str>) {
        self.notes = v.map(String::from);
    }
}

/// One password-manager item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasswordItem {
    /// A password (with optional TOTP).
    Password(PasswordEntry),
    /// A credit card.
    CreditCard(CreditCard),
}

impl PasswordItem {
    /// Reads an item from the `pwm` JSON object. `pwd` (password) or `nu` (card) is required;
    /// a `t` other than `"c"` is [`crate::ErrorKind::Unsupported`]; wrong types are
    /// [`crate::ErrorKind::Malformed`].
    pub fn from_value(v: &Value) -> Result<Self> {
        let Value::Object(o) = v else {
            return Err(Error::malformed("pwm: not an object"));
        };
        let mut o = o.clone();
        match take_text(&mut o, "t", "pwm: t is not text")?.as_deref() {
            None => {
                let password = take_secret(&mut o, "pwd", "pwm: pwd is not text")?
                    .ok_or(Error::malformed("pwm: password item without pwd"))?;
                let user_name = take_text(&mut o, "u", "pwm: u is not text")?;
                let url = take_text(&mut o, "url", "pwm: url is not text")?;
                let notes = take_text(&mut o, "n", "pwm: n is not text")?;
                let totp = match o.remove("totp") {
                    None | Some(Value::Null) => None,
                    Some(t) => Some(TotpSpec::from_value(t)?),
                };
                Ok(PasswordItem::Password(PasswordEntry {
                    password,
                    user_name,
                    url,
                    notes,
                    totp,
                    extra: o,
                }))
            }
            Some("c") => {
                let number = take_secret(&mut o, "nu", "pwm: nu is not text")?
                    .ok_or(Error::malformed("pwm: credit card without nu"))?;
                Ok(PasswordItem::CreditCard(CreditCard {
                    number,
                    holder: take_text(&mut o, "u", "pwm: u is not text")?,
                    cvv: take_secret(&mut o, "cvv", "pwm: cvv is not text")?,
                    expiry: take_text(&mut o, "exp", "pwm: exp is not text")?,
                    notes: take_text(&mut o, "n", "pwm: n is not text")?,
                    extra: o,
                }))
            }
            Some(_) => Err(Error::unsupported("pwm: unknown item type")),
        }
    }

    /// Parses the `pwm` JSON text.
    pub fn from_json(json: &str) -> Result<Self> {
        let v: Value =
            serde_json::from_str(json).map_err(|_| Error::malformed("pwm: invalid JSON"))?;
        Self::from_value(&v)
    }

    /// Reads the item of a node from its decrypted attributes (`pwm`).
    pub fn from_node_attributes(attrs: &NodeAttributes) -> Result<Self> {
        Self::from_value(
            attrs
                .get(NODE_ATTRIBUTE)
                .ok_or(Error::malformed("node has no pwm attribute"))?,
        )
    }

    /// The `pwm` JSON object (unknown fields kept; `t` and `nd` written as JSON integers).
    pub fn to_value(&self) -> Value {
        match self {
            PasswordItem::Password(p) => {
                let mut o = p.extra.clone();
                put(&mut o, "pwd", Some(&p.password));
                put(&mut o, "u", p.user_name.as_deref());
                put(&mut o, "url", p.url.as_deref());
                put(&mut o, "n", p.notes.as_deref());
                if let Some(t) = &p.totp {
                    o.insert("totp".into(), t.to_value());
                }
                Value::Object(o)
            }
            PasswordItem::CreditCard(c) => {
                let mut o = c.extra.clone();
                put(&mut o, "t", Some("c"));
                put(&mut o, "nu", Some(&c.number));
                put(&mut o, "u", c.holder.as_deref());
                put(&mut o, "cvv", c.cvv.as_deref().map(String::as_str));
                put(&mut o, "exp", c.expiry.as_deref());
                put(&mut o, "n", c.notes.as_deref());
                Value::Object(o)
            }
        }
    }

    /// Returns `attrs` with its `pwm` attribute set to this item.
    pub fn to_node_attributes(&self, attrs: &NodeAttributes) -> NodeAttributes {
        attrs.with(NODE_ATTRIBUTE, self.to_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_unknown_fields() {
        let json = r#"{"t":"c","nu":"4111111111111111","u":"A B","cvv":"123","exp":"12/29","x":1}"#;
        let item = PasswordItem::from_json(json).unwrap();
        let PasswordItem::CreditCard(c) = &item else {
            panic!("not a card")
        };
        assert_eq!(c.cvv(), Some("123"));
        let back = PasswordItem::from_value(&item.to_value()).unwrap();
        assert_eq!(back, item);
        assert_eq!(item.to_value()["x"], Value::from(1));
    }

    #[test]
    fn equality_sees_every_field_and_each_secret() {
        let base = r#"{"pwd":"pw","u":"me","url":"https://x","n":"note","totp":{"shse":"GEZDGNBV","t":30,"nd":6,"alg":"sha1"}}"#;
        let item = PasswordItem::from_json(base).unwrap();
        assert_eq!(item, PasswordItem::from_json(base).unwrap());
        for other in [
            r#"{"pwd":"pX","u":"me","url":"https://x","n":"note","totp":{"shse":"GEZDGNBV","t":30,"nd":6,"alg":"sha1"}}"#,
            r#"{"pwd":"pw","u":"mX","url":"https://x","n":"note","totp":{"shse":"GEZDGNBV","t":30,"nd":6,"alg":"sha1"}}"#,
            r#"{"pwd":"pw","u":"me","url":"https://y","n":"note","totp":{"shse":"GEZDGNBV","t":30,"nd":6,"alg":"sha1"}}"#,
            r#"{"pwd":"pw","u":"me","url":"https://x","n":"notX","totp":{"shse":"GEZDGNBV","t":30,"nd":6,"alg":"sha1"}}"#,
            r#"{"pwd":"pw","u":"me","url":"https://x","n":"note","totp":{"shse":"GEZDGNBW","t":30,"nd":6,"alg":"sha1"}}"#,
            r#"{"pwd":"pw","u":"me","url":"https://x","n":"note","totp":{"shse":"GEZDGNBV","t":60,"nd":6,"alg":"sha1"}}"#,
            r#"{"pwd":"pw","u":"me","url":"https://x","n":"note","totp":{"shse":"GEZDGNBV","t":30,"nd":8,"alg":"sha1"}}"#,
            r#"{"pwd":"pw","u":"me","url":"https://x","n":"note","totp":{"shse":"GEZDGNBV","t":30,"nd":6,"alg":"sha256"}}"#,
            r#"{"pwd":"pw","u":"me","url":"https://x","n":"note","totp":{"shse":"GEZDGNBV","t":30,"nd":6,"alg":"sha1","z":1}}"#,
            r#"{"pwd":"pw","u":"me","url":"https://x","n":"note"}"#,
            r#"{"pwd":"pw","u":"me","url":"https://x","n":"note","totp":{"shse":"GEZDGNBV","t":30,"nd":6,"alg":"sha1"},"z":1}"#,
        ] {
            assert_ne!(item, PasswordItem::from_json(other).unwrap(), "{other}");
        }
        let card = r#"{"t":"c","nu":"4111","u":"A B","cvv":"123","exp":"12/29","n":"x"}"#;
        let c = PasswordItem::from_json(card).unwrap();
        assert_eq!(c, PasswordItem::from_json(card).unwrap());
        for other in [
            r#"{"t":"c","nu":"4112","u":"A B","cvv":"123","exp":"12/29","n":"x"}"#,
            r#"{"t":"c","nu":"4111","u":"A C","cvv":"123","exp":"12/29","n":"x"}"#,
            r#"{"t":"c","nu":"4111","u":"A B","cvv":"124","exp":"12/29","n":"x"}"#,
            r#"{"t":"c","nu":"4111","u":"A B","exp":"12/29","n":"x"}"#,
            r#"{"t":"c","nu":"4111","u":"A B","cvv":"123","exp":"12/30","n":"x"}"#,
            r#"{"t":"c","nu":"4111","u":"A B","cvv":"123","exp":"12/29","n":"y"}"#,
            r#"{"t":"c","nu":"4111","u":"A B","cvv":"123","exp":"12/29","n":"x","z":1}"#,
        ] {
            assert_ne!(c, PasswordItem::from_json(other).unwrap(), "{other}");
        }
        let no_cvv = PasswordItem::from_json(r#"{"t":"c","nu":"4111"}"#).unwrap();
        assert_eq!(
            no_cvv,
            PasswordItem::from_json(r#"{"t":"c","nu":"4111"}"#).unwrap()
        );
        assert_ne!(c, item);
    }

    #[test]
    fn strict_types() {
        for bad in [
            r#"[]"#,
            r#"{}"#,
            r#"{"pwd":1}"#,
            r#"{"pwd":"x","u":[]}"#,
            r#"{"pwd":"x","totp":"GEZD"}"#,
            r#"{"pwd":"x","totp":{"t":30}}"#,
            r#"{"pwd":"x","totp":{"shse":"GEZD","nd":5}}"#,
            r#"{"pwd":"x","totp":{"shse":"GEZD","t":-1}}"#,
            r#"{"pwd":"x","totp":{"shse":"GEZD","t":1.5}}"#,
            r#"{"pwd":"x","totp":{"shse":"GEZD","alg":"md5"}}"#,
            r#"{"pwd":"x","totp":{"shse":"GE1D"}}"#,
            r#"{"t":"c"}"#,
            r#"{"t":"c","nu":"1","cvv":123}"#,
            r#"{"t":"z","pwd":"x"}"#,
            r#"{"t":1,"pwd":"x"}"#,
        ] {
            assert!(PasswordItem::from_json(bad).is_err(), "{bad}");
        }
        let ok = PasswordItem::from_json(r#"{"pwd":"x","totp":{"shse":"GEZD","t":"30","nd":"6"}}"#);
        assert!(ok.is_ok());
    }
}
