//! Strings read out of the JSON a plan, a result or an image layout holds: a value that is
//! missing or not a string reads as empty, which the checks around it then refuse.

use serde_json::Value;

pub fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}
