//! Shared machinery for the area handlers: field access that remembers what was looked at, and
//! the per-file tally.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// What happened to one case.
pub enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

#[derive(Default)]
pub struct Tally {
    pub passed: usize,
    pub failed: Vec<String>,
    pub skipped: Vec<String>,
}

impl Tally {
    pub fn record(&mut self, o: Outcome) {
        match o {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed(m) => self.failed.push(m),
            Outcome::Skipped(m) => self.skipped.push(m),
        }
    }

    pub fn skip_reasons(&self) -> BTreeMap<&str, usize> {
        let mut m = BTreeMap::new();
        for s in &self.skipped {
            *m.entry(s.as_str()).or_default() += 1;
        }
        m
    }

    /// Runs `check` on every case of `file` and records the outcome.
    pub fn run_cases(&mut self, file: &Value, mut check: impl FnMut(&Case) -> Result<(), String>) {
        let cases = file["cases"].as_array().cloned().unwrap_or_default();
        for (i, raw) in cases.iter().enumerate() {
            let case = Case::new(raw);
            let label = case.label(i);
            let outcome = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check(&case)
            })) {
                Err(_) => Outcome::Failed(format!("{label}: panicked")),
                Ok(Err(m)) if m.starts_with("SKIP:") => Outcome::Skipped(m[5..].trim().to_string()),
                Ok(Err(m)) => Outcome::Failed(format!("{label}: {m}")),
                Ok(Ok(())) => match case.unchecked() {
                    unchecked if unchecked.is_empty() => Outcome::Passed,
                    unchecked => {
                        Outcome::Failed(format!("{label}: fields never checked: {unchecked:?}"))
                    }
                },
            };
            self.record(outcome);
        }
    }
}

/// Returns an `Err` that the tally counts as a skip, with its reason.
pub fn skip<T>(reason: &str) -> Result<T, String> {
    Err(format!("SKIP: {reason}"))
}

/// One vector case. Every field read through it is marked as used; at the end, a case whose fields
/// were not all used does not count as passed.
pub struct Case<'a> {
    raw: &'a Value,
    used: RefCell<BTreeSet<String>>,
}

impl<'a> Case<'a> {
    pub fn new(raw: &'a Value) -> Self {
        Case {
            raw,
            used: RefCell::new(BTreeSet::new()),
        }
    }

    fn label(&self, i: usize) -> String {
        let what = ["what", "kind", "attack", "password", "url", "mode"]
            .iter()
            .find_map(|k| self.raw.get(*k).and_then(Value::as_str))
            .unwrap_or("");
        format!("case {i} ({what})")
    }

    /// Fields never read.
    pub fn unchecked(&self) -> Vec<String> {
        let used = self.used.borrow();
        self.raw
            .as_object()
            .map(|o| o.keys().filter(|k| !used.contains(*k)).cloned().collect())
            .unwrap_or_default()
    }

    /// Declares fields informational: they describe other implementations (e.g. what megajs
    /// returned) or are labels, and have no megacrypt output to compare with.
    pub fn info(&self, keys: &[&str]) {
        let mut used = self.used.borrow_mut();
        for k in keys {
            used.insert((*k).to_string());
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.raw.get(key).is_some_and(|v| !v.is_null())
    }

    pub fn value(&self, key: &str) -> Result<&'a Value, String> {
        self.used.borrow_mut().insert(key.to_string());
        self.raw
            .get(key)
            .ok_or_else(|| format!("missing field {key}"))
    }

    pub fn opt(&self, key: &str) -> Option<&'a Value> {
        self.used.borrow_mut().insert(key.to_string());
        self.raw.get(key).filter(|v| !v.is_null())
    }

    pub fn str(&self, key: &str) -> Result<&'a str, String> {
        self.value(key)?
            .as_str()
            .ok_or_else(|| format!("field {key} is not a string"))
    }

    pub fn opt_str(&self, key: &str) -> Option<&'a str> {
        self.opt(key).and_then(Value::as_str)
    }

    pub fn u64(&self, key: &str) -> Result<u64, String> {
        self.value(key)?
            .as_u64()
            .ok_or_else(|| format!("field {key} is not an unsigned integer"))
    }

    pub fn bool(&self, key: &str) -> Result<bool, String> {
        self.value(key)?
            .as_bool()
            .ok_or_else(|| format!("field {key} is not a boolean"))
    }

    pub fn hex(&self, key: &str) -> Result<Vec<u8>, String> {
        hex::decode(self.str(key)?).map_err(|e| format!("field {key}: bad hex: {e}"))
    }

    pub fn hex_n<const N: usize>(&self, key: &str) -> Result<[u8; N], String> {
        self.hex(key)?
            .try_into()
            .map_err(|_| format!("field {key}: expected {N} bytes"))
    }

    /// Compares an output with the expected field (hex) and marks the field used.
    pub fn expect_hex(&self, key: &str, actual: &[u8]) -> Result<(), String> {
        let want = self.str(key)?;
        let got = hex::encode(actual);
        eq(key, want, &got)
    }

    /// Compares an output with an expected string field.
    pub fn expect_str(&self, key: &str, actual: &str) -> Result<(), String> {
        eq(key, self.str(key)?, actual)
    }
}

pub fn eq<T: PartialEq + std::fmt::Debug + ?Sized>(
    what: &str,
    want: &T,
    got: &T,
) -> Result<(), String> {
    if want == got {
        Ok(())
    } else {
        Err(format!("{what}: expected {want:?}, got {got:?}"))
    }
}

pub fn ok<T, E: std::fmt::Debug>(what: &str, r: Result<T, E>) -> Result<T, String> {
    r.map_err(|e| format!("{what}: unexpected error {e:?}"))
}
