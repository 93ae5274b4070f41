//! Keeping numbers exact on their way to JavaScript.
//!
//! `JSON.parse` turns every number into an IEEE double, so a PSID such as `26203292189261166`
//! sent as a JSON number would silently become `26203292189261170`. Every number that a double
//! cannot hold exactly (integers beyond 2^53, values beyond the double range) is handed to JS
//! as its exact decimal string instead.

#[allow(unused_imports)]
use crate::prelude::*;

pub use crate::json::is_js_safe;
use crate::json::Value;

/// An id as an exact string: strings as they are, numbers as their decimal text (borrowed from
/// the body either way, unless the string had escapes).
pub fn id_string<'a>(v: &Value<'a>) -> Option<Cow<'a, str>> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(Cow::Borrowed(n)),
        _ => None,
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
#[path = "lossless_tests.rs"]
mod tests;
