//! Raw bytes as a webhook body, exactly what a public endpoint receives.
//!
//! Never panics (a panic in wasm traps the instance for every later call), and checks what the
//! JS layer relies on:
//! - `parse_one` agrees with `parse_all`, and every refusal has a documented code;
//! - each event's slots (what crosses to JS) read back as its values;
//! - the JSON handed to `JSON.parse` (events, errors) is valid JSON (read as `JSON.parse` reads
//!   it: lone surrogate escapes allowed) in which every number survives a JS double exactly;
//! - the text `event.raw` is built from (the body with unsafe numbers quoted) is valid JSON
//!   equal to the body, with those numbers as their exact text;
//! - the one-pass reader of bodies (`webhook::tape`) accepts exactly the JSON serde_json accepts
//!   (within the depth limit), and reads it into the same values.
#![no_main]

use chatt2me_wasm::json::slots;
use chatt2me_wasm::webhook::{self, lossless, parse::MAX_DEPTH, tape, DEFAULT_MAX_BYTES};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn assert_js_safe(v: &Value, what: &str) {
    match v {
        Value::Number(n) => {
            let token = n.to_string();
            assert!(
                lossless::is_js_safe(&token),
                "{what}: number {token} reaches JS inexactly"
            );
        }
        Value::Array(items) => items.iter().for_each(|i| assert_js_safe(i, what)),
        Value::Object(map) => map.values().for_each(|i| assert_js_safe(i, what)),
        _ => {}
    }
}

/// The four hex digits at `at`, if there are four.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at + 4)?
        .iter()
        .try_fold(0u32, |acc, &b| Some(acc * 16 + char::from(b).to_digit(16)?))
}

/// `text` with every lone UTF-16 surrogate escape (`\ud800` without its pair) replaced by
/// `\ufffd`, the same length. `JSON.parse` accepts lone escapes and serde_json does not; the
/// library passes them through verbatim in `raw` leaves, exactly as the body holds them.
fn lone_surrogates_replaced(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut lone = Vec::new();
    let mut i = 0;
    while let Some(rel) = bytes
        .get(i..)
        .and_then(|r| r.iter().position(|&b| b == b'\\'))
    {
        let at = i + rel;
        if bytes.get(at + 1) != Some(&b'u') {
            i = at + 2;
            continue;
        }
        i = at + 6;
        match hex4(bytes, at + 2) {
            Some(0xD800..=0xDBFF) => {
                if bytes.get(at + 6..at + 8) == Some(b"\\u".as_slice())
                    && matches!(hex4(bytes, at + 8), Some(0xDC00..=0xDFFF))
                {
                    i = at + 12;
                } else {
                    lone.push(at);
                }
            }
            Some(0xDC00..=0xDFFF) => lone.push(at),
            _ => i = at + 2,
        }
    }
    if lone.is_empty() {
        return text.into();
    }
    let mut out = text.as_bytes().to_vec();
    for at in lone {
        out.splice(at..at + 6, *b"\\ufffd");
    }
    String::from_utf8(out)
        .expect("ASCII replaced by ASCII")
        .into()
}

fn js_json(text: &str, what: &str) -> Value {
    let readable = lone_surrogates_replaced(text);
    let v: Value = serde_json::from_str(&readable)
        .unwrap_or_else(|e| panic!("{what} is not JSON ({e}): {text}"));
    assert_js_safe(&v, what);
    v
}

/// The body's value and the lossless text's value agree: safe numbers equal, unsafe ones as
/// strings holding the number.
fn same_but_exact(body: &Value, raw: &Value) {
    match (body, raw) {
        (Value::Number(a), Value::Number(b)) => assert_eq!(a.as_f64(), b.as_f64()),
        (Value::Number(a), Value::String(s)) => {
            let exact: f64 = s.parse().expect("a quoted number is a number");
            assert!(!lossless::is_js_safe(s), "{s} was quoted but is safe");
            if let Some(a) = a.as_f64() {
                assert!(
                    a == exact || !exact.is_finite() || (a - exact).abs() <= exact.abs() * 1e-15
                );
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len());
            a.iter().zip(b).for_each(|(x, y)| same_but_exact(x, y));
        }
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(a.len(), b.len());
            for (k, v) in a {
                same_but_exact(v, b.get(k).expect("the same keys"));
            }
        }
        (a, b) => assert_eq!(a, b),
    }
}

fuzz_target!(|data: &[u8]| {
    // 0. The reader of bodies against serde_json.
    if let Ok(text) = std::str::from_utf8(data) {
        let theirs = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
            && !lossless::nesting_exceeds(text, MAX_DEPTH);
        let installed = tape::install(text);
        assert_eq!(installed.is_some(), theirs, "the reader and serde_json disagree on {text:?}");
        if installed.is_some() {
            assert_eq!(
                tape::from_str::<Value>(text).ok(),
                serde_json::from_str::<Value>(text).ok(),
                "the reader and serde_json read {text:?} differently"
            );
        }
    }

    // 1. Events.
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
                matches!(
                    e.code(),
                    "invalid_json" | "unrecognized" | "too_many_events"
                ),
                "{}",
                e.code()
            );
            if e.code() == "invalid_json" {
                assert!(
                    serde_json::from_slice::<serde::de::IgnoredAny>(data).is_err()
                        || std::str::from_utf8(data).is_err()
                        || e.message().contains("recursion limit")
                );
            }
            assert!(!e.message().is_empty());
            let payload = js_json(&e.to_json(), "the error payload");
            assert_eq!(payload.get("code").and_then(Value::as_str), Some(e.code()));
            return;
        }
    };
    let list = js_json(
        &serde_json::to_string(&events).expect("events serialize"),
        "the events",
    );
    assert_eq!(list.as_array().map(Vec::len), Some(events.len()));
    for (event, item) in events.iter().zip(list.as_array().into_iter().flatten()) {
        assert_eq!(item.get("type").and_then(Value::as_str), Some(event.kind()));
    }
    // What crosses to JS: each event's slots, read as the JS side reads them, are its values,
    // whether its strings are taken from the body (an ASCII one) or from the text beside them.
    let ascii = slots::Body::ascii(data);
    for event in &events {
        let mut values = Vec::new();
        webhook::write_values(event, &mut values).expect("an event's values are written");
        let values = String::from_utf8(values).expect("values are UTF-8");
        for given in [ascii, None] {
            let mut out = slots::Slots::default();
            webhook::write_slots(event, given, &mut out).expect("an event's slots are written");
            let body = match given {
                Some(_) => std::str::from_utf8(data).expect("an ASCII body is UTF-8"),
                None => "",
            };
            let read = slots::json_of(&out, body).expect("an event's slots are read");
            assert_eq!(read, values, "the slots are not the values of {body:?}");
        }
    }

    // 2. What `event.raw` is built from.
    let text = std::str::from_utf8(data).expect("an accepted body is UTF-8");
    let Ok(body) = serde_json::from_str::<Value>(text) else {
        return; // lone surrogates and the like: JSON.parse reads what serde_json's Value does not
    };
    let raw = match lossless::rewrite_unsafe_numbers(text) {
        Some(rewritten) => js_json(&rewritten, "the lossless text"),
        None => js_json(text, "the body without rewrite"),
    };
    same_but_exact(&body, &raw);
});
