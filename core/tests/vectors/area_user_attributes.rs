//! area `user_attributes`: typed private user attributes (TLV records under the master key).

use serde_json::Value;

use crate::common::{Case, Tally, skip};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn check(_c: &Case) -> Result<(), String> {
    skip("not yet")
}
