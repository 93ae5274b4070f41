//! Raw bytes as a webhook body, exactly what a public endpoint receives.
//!
//! Never panics (a panic in wasm traps the instance for every later call), and checks what the
//! JS layer relies on:
//! - the crate's JSON reader agrees with serde_json (an independent reader) on what is JSON and
//!   on its value — except lone surrogate escapes, which `JSON.parse` accepts and serde_json
//!   refuses, and nesting of exactly 128 (serde_json stops at 127);
//! - `parse_one` agrees with `parse_all`;
//! - the JSON handed to `JSON.parse` (compact events, errors) is valid JSON in which every number
//!   survives a JS double exactly;
//! - the text `event.raw` is built from (the body with unsafe numbers quoted) is valid JSON
//!   equal to the body with those numbers as exact strings.
#![no_main]

use chatt2me_wasm::json::{self, is_js_safe};
use chatt2me_wasm::webhook::{self, event::events_to_json, lossless, DEFAULT_MAX_BYTES};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Number, Value};

/// The crate's value as a serde_json value; `safe` quotes the numbers JS cannot hold exactly.
fn to_serde(v: &json::Value<'_>, safe: bool) -> Value {
    match v {
        json::Value::Null => Value::Null,
        json::Value::Bool(b) => Value::Bool(*b),
        json::Value::Number(n) if safe && !is_js_safe(n) => Value::String((*n).to_string()),
        json::Value::Number(n) => Value::Number(
            n.parse::<Number>()
                .expect("a number token is a serde_json number"),
        ),
        json::Value::String(s) => Value::String(s.to_string()),
        json::Value::Array(items) => {
            Value::Array(items.iter().map(|i| to_serde(i, safe)).collect())
        }
        json::Value::Object(o) => {
            let mut map = Map::new();
            for (k, v) in &o.0 {
                map.insert(k.to_string(), to_serde(v, safe)); // the last duplicate wins, as in JSON.parse
            }
            Value::Object(map)
        }
    }
}

fn assert_js_safe(v: &Value, what: &str) {
    match v {
        Value::Number(n) => {
            let token = n.to_string();
            assert!(
                is_js_safe(&token),
                "{what}: number {token} reaches JS inexactly"
            );
        }
        Value::Array(items) => items.iter().for_each(|i| assert_js_safe(i, what)),
        Value::Object(map) => map.values().for_each(|i| assert_js_safe(i, what)),
        _ => {}
    }
}

fn depth(v: &json::Value<'_>) -> usize {
    match v {
        json::Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        json::Value::Object(o) => 1 + o.0.iter().map(|(_, v)| depth(v)).max().unwrap_or(0),
        _ => 0,
    }
}

/// Whether the text has a `\uD800`–`\uDFFF` escape (JSON.parse takes lone ones; serde_json does not).
fn has_surrogate_escape(data: &[u8]) -> bool {
    data.windows(4).any(|w| {
        matches!(
            w,
            [b'\\', b'u', b'd' | b'D', b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F']
        )
    })
}

fn js_json(text: &str, what: &str) -> Value {
    let v: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON ({e}): {text}"));
    assert_js_safe(&v, what);
    v
}

fuzz_target!(|data: &[u8]| {
    // 1. The JSON reader, against serde_json.
    let ours = json::parse(data);
    let theirs = serde_json::from_slice::<Value>(data);
    let comparable = match (&ours, &theirs) {
        (Ok(v), Ok(sv)) => {
            assert_eq!(&to_serde(v, false), sv, "the readers disagree on the value");
            true
        }
        (Err(_), Err(_)) => true,
        (Ok(v), Err(e)) => {
            let why = e.to_string();
            assert!(
                has_surrogate_escape(data)
                    || (why.contains("recursion limit") && depth(v) == json::MAX_DEPTH),
                "ours accepts what serde_json refuses: {why}"
            );
            false
        }
        (Err(e), Ok(_)) => panic!("ours refuses what serde_json accepts: {}", e.describe()),
    };

    // 2. Events.
    let all = webhook::parse_all(data, DEFAULT_MAX_BYTES);
    let one = webhook::parse_one(data, DEFAULT_MAX_BYTES);
    match (&all, &one) {
        (Ok(events), Ok(event)) => assert!(events.len() == 1 && events.first() == Some(event)),
        (Ok(events), Err(e)) => {
            assert_ne!(events.len(), 1);
            assert!(
                matches!(e.code(), "multiple_events" | "no_events"),
                "{}",
                e.code()
            );
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        (Err(_), Ok(_)) => panic!("parse_one accepted what parse_all refused"),
    }
    let events = match all {
        Ok(events) => events,
        Err(e) => {
            assert!(
                matches!(e.code(), "invalid_json" | "unrecognized"),
                "{}",
                e.code()
            );
            assert_eq!(e.code() == "invalid_json", ours.is_err());
            assert!(!e.message().is_empty());
            let payload = js_json(&e.to_json(), "the error payload");
            assert_eq!(payload.get("code").and_then(Value::as_str), Some(e.code()));
            assert_eq!(
                payload.get("message").and_then(Value::as_str),
                Some(&*e.message())
            );
            return;
        }
    };
    let list = js_json(&events_to_json(&events), "the events");
    assert_eq!(list.as_array().map(Vec::len), Some(events.len()));
    for (event, item) in events.iter().zip(list.as_array().into_iter().flatten()) {
        // The compact form: an array whose first item is the event type.
        let v = js_json(&event.to_compact_json(), "an event");
        assert_eq!(&v, item);
        assert_eq!(v.get(0).and_then(Value::as_str), Some(event.kind()));
    }

    // 3. What `event.raw` is built from.
    let text = std::str::from_utf8(data).expect("an accepted body is UTF-8");
    let Ok(root) = &ours else {
        panic!("events from a body the reader refused")
    };
    if comparable {
        let expected = to_serde(root, true);
        let raw = match lossless::rewrite_unsafe_numbers(text) {
            Some(rewritten) => js_json(&rewritten, "the lossless text"),
            None => js_json(text, "the body without rewrite"),
        };
        assert_eq!(raw, expected, "raw differs from the body");
    }
});
