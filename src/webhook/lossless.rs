//! Keeping numbers exact on their way to JavaScript.
//!
//! `JSON.parse` turns every number into an IEEE double, so a PSID such as `26203292189261166`
//! sent as a JSON number would silently become `26203292189261170`. Every number that a double
//! cannot hold exactly (integers beyond 2^53, values beyond the double range) is handed to JS
//! as its exact decimal string instead.

use serde_json::{Number, Value};

/// 2^53, the largest integer below which every integer is exact in a double.
const MAX_SAFE: &str = "9007199254740992";

/// Whether a JSON number token survives `JSON.parse` without losing its value.
pub fn is_js_safe(token: &str) -> bool {
    if token.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        // A fraction or exponent: a double is what the sender meant, unless it overflows.
        return token.parse::<f64>().is_ok_and(f64::is_finite);
    }
    let digits = token.strip_prefix('-').unwrap_or(token);
    match digits.len().cmp(&MAX_SAFE.len()) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => digits <= MAX_SAFE,
    }
}

/// An id as an exact string: strings as they are, numbers as their decimal text.
pub fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A copy of `v` in which every number JS cannot hold exactly is a decimal string.
pub fn js_safe(v: &Value) -> Value {
    match v {
        Value::Number(n) => js_safe_number(n),
        Value::Array(items) => Value::Array(items.iter().map(js_safe).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), js_safe(v))).collect())
        }
        other => other.clone(),
    }
}

fn js_safe_number(n: &Number) -> Value {
    let text = n.to_string();
    if is_js_safe(&text) {
        Value::Number(n.clone())
    } else {
        Value::String(text)
    }
}

/// The JSON text with every unsafe number token quoted, or `None` when it has none (then
/// `JSON.parse` of the original text is already exact). `text` must be valid JSON.
pub fn rewrite_unsafe_numbers(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut i = 0usize;
    let mut in_string = false;
    while let Some(&b) = bytes.get(i) {
        if in_string {
            match b {
                b'\\' => i += 2,
                b'"' => {
                    in_string = false;
                    i += 1;
                }
                _ => i += 1,
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                {
                    i += 1;
                }
                let token = text.get(start..i).unwrap_or("");
                if !is_js_safe(token) {
                    let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
                    buf.push_str(text.get(copied..start).unwrap_or(""));
                    buf.push('"');
                    buf.push_str(token);
                    buf.push('"');
                    copied = i;
                }
            }
            _ => i += 1,
        }
    }
    let mut buf = out?;
    buf.push_str(text.get(copied..).unwrap_or(""));
    Some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safety_boundary() {
        assert!(is_js_safe("9007199254740992"));
        assert!(!is_js_safe("9007199254740993"));
        assert!(is_js_safe("-9007199254740992"));
        assert!(!is_js_safe("26203292189261166"));
        assert!(is_js_safe("854313003749170"));
        assert!(is_js_safe("1.5"));
        assert!(is_js_safe("-0"));
        assert!(!is_js_safe("1e400"));
        assert!(is_js_safe("1e300"));
    }

    #[test]
    fn rewrites_only_unsafe_tokens() {
        let text = r#"{"a":26203292189261166,"b":"26203292189261166","c":[1,1e400,-0],"d":"x\"9999999999999999999"}"#;
        let out = rewrite_unsafe_numbers(text).unwrap();
        assert_eq!(
            out,
            r#"{"a":"26203292189261166","b":"26203292189261166","c":[1,"1e400",-0],"d":"x\"9999999999999999999"}"#
        );
        assert_eq!(rewrite_unsafe_numbers(r#"{"a":1,"b":2.5}"#), None);
    }

    #[test]
    fn js_safe_values() {
        let v: Value =
            serde_json::from_str(r#"{"id":123456789012345678901234567890,"n":7}"#).unwrap();
        let safe = js_safe(&v);
        assert_eq!(
            safe["id"],
            Value::String("123456789012345678901234567890".into())
        );
        assert_eq!(safe["n"].to_string(), "7");
        assert_eq!(
            id_string(&v["id"]).unwrap(),
            "123456789012345678901234567890"
        );
    }
}
