//! The crate's JSON writer (`chatt2me_wasm::json::write`) against serde_json's, byte for byte:
//! strings that need every kind of escape, numbers, serde's shapes, and every event of every
//! webhook fixture (random bodies: `tests/properties.rs`); the values of an event
//! (`json::write_values`) against its JSON, under the keys of its type (`shapes`); and the
//! slots it crosses to JS as (`json::slots`), read as the JS side reads them, against those
//! values.

#![allow(clippy::unwrap_used)]

use std::collections::{HashMap, HashSet};

use chatt2me_wasm::exact::Exact;
use chatt2me_wasm::json;
use chatt2me_wasm::shapes;
use chatt2me_wasm::webhook::{parse_all, WebhookEvent, DEFAULT_MAX_BYTES};
use serde_json::Value;

fn written_as_serde_json_writes_it<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut ours = Vec::new();
    json::write(value, &mut ours).unwrap();
    let theirs = serde_json::to_vec(value).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&ours),
        String::from_utf8_lossy(&theirs)
    );
    String::from_utf8(ours).unwrap()
}

/// Calls `f` with every event of every webhook fixture; returns how many.
fn each_fixture_event(mut f: impl FnMut(&WebhookEvent<'_>)) -> usize {
    each_fixture_body_event(|_, event| f(event))
}

/// Calls `f` with every event of every webhook fixture and the body it was read from.
fn each_fixture_body_event(mut f: impl FnMut(&str, &WebhookEvent<'_>)) -> usize {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut events = 0;
    for dir in [
        "chatt2me",
        "chatt2me/superseded",
        "chatt2me-site/webhooks",
        "realworld",
    ] {
        let mut files: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let Ok(all) = parse_all(text.as_bytes(), DEFAULT_MAX_BYTES) else {
                continue;
            };
            for event in &all {
                f(&text, event);
                events += 1;
            }
        }
    }
    events
}

#[test]
fn every_fixture_event_is_written_as_serde_json_writes_it() {
    let events = each_fixture_event(|event| {
        written_as_serde_json_writes_it(event);
    });
    assert!(events >= 50, "only {events} events");
}

#[test]
fn every_fixture_event_is_its_values_under_the_keys_of_its_type() {
    let shapes: HashMap<String, Vec<String>> = shapes::shapes().unwrap().into_iter().collect();
    let mut types = HashSet::new();
    let events = each_fixture_event(|event| {
        let mut values = Vec::new();
        json::write_values(event, &mut values).unwrap();
        let values: Vec<Value> = serde_json::from_slice(&values).unwrap();
        let kind = values[0].as_str().unwrap().to_owned();
        let keys = &shapes[&kind];
        assert_eq!(keys.len(), values.len(), "{kind}");
        let rebuilt: serde_json::Map<String, Value> = keys.iter().cloned().zip(values).collect();
        let whole: serde_json::Map<String, Value> =
            serde_json::from_str(&json::to_string(event).unwrap()).unwrap();
        // The same members in the same order: what JSON.parse of the event's JSON would give.
        assert_eq!(
            rebuilt.iter().collect::<Vec<_>>(),
            whole.iter().collect::<Vec<_>>()
        );
        types.insert(kind);
    });
    assert!(events >= 50, "only {events} events");
    assert!(types.len() >= 8, "only the types {types:?}");
}

/// The slots of an event, read as the JS side reads them, against its values' JSON.
fn slots_are_its_values(body: &str, event: &WebhookEvent<'_>, in_body: bool) -> usize {
    let mut values = Vec::new();
    json::write_values(event, &mut values).unwrap();
    let mut slots = json::slots::Slots::default();
    let given = in_body
        .then(|| json::slots::Body::ascii(body.as_bytes()))
        .flatten();
    json::slots::write_slots(event, given, &mut slots).unwrap();
    // Without a body given, no range may be in it: read against none.
    let seen = if given.is_some() { body } else { "" };
    let read = json::slots::json_of(&slots, seen).unwrap();
    assert_eq!(read, String::from_utf8(values).unwrap());
    slots.text.len()
}

#[test]
fn every_fixture_event_as_slots_is_its_values() {
    let (mut beside, mut alone) = (0, 0);
    let events = each_fixture_body_event(|body, event| {
        beside += slots_are_its_values(body, event, true);
        alone += slots_are_its_values(body, event, false);
    });
    assert!(events >= 50, "only {events} events");
    // Most of what the events hold is sliced from the body: the text beside it is less.
    assert!(
        beside * 2 < alone,
        "{beside} bytes beside the body, {alone} without it"
    );
}

#[test]
fn slots_of_non_ascii_and_escaped_strings_and_every_shape() {
    // A non-ASCII body is not sliced; escaped strings are unescaped copies, never slices.
    let body = r#"{"eventType":"Message","payload":{"messageId":"m\u00e7","from":"5511","to":"x","content":{"type":"text","text":"a\"b ação 😀 \ud83d\ude00"}}}"#;
    let all = parse_all(body.as_bytes(), DEFAULT_MAX_BYTES).unwrap();
    for event in &all {
        slots_are_its_values(body, event, true);
        slots_are_its_values(body, event, false);
    }
    let ascii = r#"{"eventType":"Message","payload":{"messageId":"m\u00e7\n","from":"5511","to":"x","content":{"type":"text","text":"a\"b"}}}"#;
    for event in &parse_all(ascii.as_bytes(), DEFAULT_MAX_BYTES).unwrap() {
        slots_are_its_values(ascii, event, true);
    }
    // Serde's other shapes, inside a map (the top value is always one).
    #[derive(serde::Serialize)]
    enum E {
        Unit,
        New(u8),
        Tuple(i64, f64),
        Struct { a: Option<bool>, c: char },
    }
    #[derive(serde::Serialize)]
    struct Top<'a> {
        list: Vec<E>,
        bytes: &'a serde_bytes_like::Bytes,
        tuple: (u64, f64, f64),
        unit: (),
        exact: Exact<'a>,
        text: &'a str,
    }
    mod serde_bytes_like {
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }
    let value = Top {
        list: vec![
            E::Unit,
            E::New(7),
            E::Tuple(-3, 0.5),
            E::Struct { a: None, c: 'ç' },
        ],
        bytes: &serde_bytes_like::Bytes(vec![0, 255]),
        tuple: (u64::MAX >> 11, -0.0, 1e300),
        unit: (),
        exact: Exact::of(r#"{"a":[1,2.5e3,"x"]}"#),
        text: "😀 \u{1}",
    };
    // Appended after what the text and the numbers already hold: ranges count from the text's
    // length in UTF-16 units, indices from the numbers'.
    let mut slots = json::slots::Slots::default();
    slots.text.push_str("ç😀");
    slots.numbers.push(1.5);
    #[derive(serde::Serialize)]
    struct Flat<'a> {
        #[serde(flatten)]
        top: &'a Top<'a>,
    }
    json::slots::write_slots(&Flat { top: &value }, None, &mut slots).unwrap();
    let mut values = Vec::new();
    json::write_values(&Flat { top: &value }, &mut values).unwrap();
    assert_eq!(
        json::slots::json_of(&slots, "").unwrap(),
        String::from_utf8(values).unwrap()
    );
    // Not a map, an f32, a key that is not a string: refused, the buffers as they were.
    let mut slots = json::slots::Slots::default();
    slots.words.push(1);
    slots.numbers.push(2.0);
    slots.text.push('x');
    assert!(json::slots::write_slots(&[1, 2], None, &mut slots).is_err());
    assert!(json::slots::write_slots("s", None, &mut slots).is_err());
    #[derive(serde::Serialize)]
    struct F {
        #[serde(flatten)]
        m: std::collections::BTreeMap<&'static str, f32>,
    }
    let f = F {
        m: [("k", 1.0)].into_iter().collect(),
    };
    assert!(json::slots::write_slots(&f, None, &mut slots).is_err());
    // A map inside the top one: its keys would be the delivery's, which the JS side does not
    // take as an object's keys (it reads names).
    #[derive(serde::Serialize)]
    struct K {
        #[serde(flatten)]
        top: std::collections::BTreeMap<&'static str, std::collections::BTreeMap<&'static str, u8>>,
    }
    let k = K {
        top: [("k", [("__proto__", 2)].into_iter().collect())]
            .into_iter()
            .collect(),
    };
    assert!(json::slots::write_slots(&k, None, &mut slots).is_err());
    assert_eq!(
        (slots.words, slots.numbers, slots.text),
        (vec![1], vec![2.0], "x".to_owned())
    );
}

#[test]
fn every_event_type_has_one_shape_that_starts_with_its_type() {
    let shapes = shapes::shapes().unwrap();
    assert_eq!(shapes.len(), shapes::specimens().len());
    let kinds: HashSet<&str> = shapes.iter().map(|(kind, _)| kind.as_str()).collect();
    assert_eq!(kinds.len(), shapes.len(), "one shape per type");
    for (kind, keys) in &shapes {
        assert_eq!(keys[0], "type", "{kind}");
        let unique: HashSet<&String> = keys.iter().collect();
        assert_eq!(unique.len(), keys.len(), "{kind}");
        assert!(keys.iter().any(|k| k == "timestamp"), "{kind}");
    }
    // Each builder takes the type and reads the values after it in the order of its keys, the
    // timestamp as a `Date`.
    let js = shapes::builders_js().unwrap();
    for (kind, keys) in &shapes {
        let members: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| match (i, key.as_str()) {
                (0, _) => format!("{key:?}: t"),
                (_, "timestamp") => format!("{key:?}: date(n())"),
                _ => format!("{key:?}: n()"),
            })
            .collect();
        let builder = format!("\n  \"{kind}\": (t, n) => ({{ {} }}),", members.join(", "));
        assert!(js.contains(&builder), "{builder}");
    }
    assert!(js.contains("const date = (ms) => (ms === null ? null : new Date(ms));"));
}

#[test]
fn content_kept_exact_is_written_as_it_is_its_unsafe_numbers_quoted() {
    let raw = Exact::of(r#"{"n":26203292189261166,"s":"\u00e9"}"#);
    assert_eq!(
        written_as_serde_json_writes_it(&[&raw, &raw]),
        r#"[{"n":"26203292189261166","s":"\u00e9"},{"n":"26203292189261166","s":"\u00e9"}]"#
    );
}

#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    let mut all_bytes = String::new();
    for c in (0u8..0x80).map(char::from) {
        all_bytes.push(c);
    }
    for s in [
        "",
        "a",
        "plain ascii text longer than eight bytes",
        "\"quoted\" and \\back\\slashed\\",
        "tab\tnew\nline\rfeed\u{c}bell\u{8}nul\u{0}unit\u{1f}del\u{7f}",
        "ünïcödé — “quotes” \u{2028}\u{2029} 😀",
        "12345678\"",
        "1234567\u{1}",
        &all_bytes,
    ] {
        written_as_serde_json_writes_it(s);
        // At every offset, so that each escape falls at every place of an eight-byte word.
        for shift in 0..8 {
            written_as_serde_json_writes_it(&format!("{}{s}", "x".repeat(shift)));
        }
    }
}

#[test]
fn numbers_and_shapes_are_written_as_serde_json_writes_them() {
    written_as_serde_json_writes_it(&[i64::MIN, -1, 0, 1, 9, 10, 1_700_000_000_000, i64::MAX]);
    written_as_serde_json_writes_it(&[u64::MAX, 0, 7]);
    written_as_serde_json_writes_it(&(
        1.5f64,
        -0.0f64,
        1e300f64,
        f64::NAN,
        1e20f64,
        0.1f64,
        5e-324f64,
    ));
    written_as_serde_json_writes_it(&(Some(true), None::<bool>, (), 'x', '"'));
    let map: std::collections::BTreeMap<&str, Vec<u32>> =
        [("a", vec![]), ("b\"", vec![1, 2])].into();
    written_as_serde_json_writes_it(&map);
    #[derive(serde::Serialize)]
    enum Variants {
        Unit,
        Newtype(u8),
        Tuple(u8, u8),
        Struct { a: u8 },
    }
    written_as_serde_json_writes_it(&[
        Variants::Unit,
        Variants::Newtype(1),
        Variants::Tuple(1, 2),
        Variants::Struct { a: 3 },
    ]);
    let int_keys: std::collections::BTreeMap<u8, u8> = [(1, 2)].into();
    let mut out = Vec::new();
    assert!(json::write(&int_keys, &mut out).is_err());
    assert!(json::write(&2.5f32, &mut out).is_err());
    assert_eq!(
        json::to_string("é\u{1}").unwrap(),
        serde_json::to_string("é\u{1}").unwrap()
    );
}

#[test]
fn values_leave_out_the_keys_of_the_outermost_map_only() {
    #[derive(serde::Serialize)]
    struct Inner {
        b: u8,
    }
    #[derive(serde::Serialize)]
    struct Flat {
        a: &'static str,
        #[serde(flatten)]
        inner: Inner,
        c: Inner,
        d: HashMap<&'static str, u8>,
    }
    let value = Flat {
        a: "x",
        inner: Inner { b: 1 },
        c: Inner { b: 2 },
        d: HashMap::from([("e", 3)]),
    };
    let mut out = Vec::new();
    json::write_values(&value, &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"["x",1,{"b":2},{"e":3}]"#
    );
    // What is not a map is refused, and nothing of it is left in the buffer: a struct (its
    // members would keep their keys; also with a map inside), a list, a string.
    #[derive(serde::Serialize)]
    struct Flat2 {
        inner: HashMap<&'static str, u8>,
    }
    let mut out = b"kept".to_vec();
    assert!(json::write_values(&Inner { b: 1 }, &mut out).is_err());
    assert!(json::write_values(&[1, 2], &mut out).is_err());
    assert!(json::write_values(
        &Flat2 {
            inner: HashMap::from([("e", 3)])
        },
        &mut out
    )
    .is_err());
    assert!(json::write_values("text", &mut out).is_err());
    assert_eq!(out, b"kept");
    // A struct's values, through `write_struct_values`.
    let mut out = Vec::new();
    json::write_struct_values(&Inner { b: 1 }, &mut out).unwrap();
    assert_eq!(out, b"[1]");
}

#[test]
fn a_send_result_is_its_values_under_the_keys_of_its_type() {
    let answer = r#"{"messageId":"m1","status":"sent","recipientId":26203292189261166,"type":"Text","extra":{"n":[1,2.5]}}"#;
    let meta = chatt2me_wasm::request::ResponseMeta {
        status: 200,
        retry_after: None,
        request_id: None,
        opaque_redirect: false,
    };
    let result = chatt2me_wasm::request::read_response(&meta, answer, 0.0).unwrap();
    let mut values = Vec::new();
    json::write_struct_values(&result, &mut values).unwrap();
    let values: Vec<Value> = serde_json::from_slice(&values).unwrap();
    let rebuilt: serde_json::Map<String, Value> = shapes::result_keys()
        .unwrap()
        .into_iter()
        .zip(values)
        .collect();
    let whole: serde_json::Map<String, Value> =
        serde_json::from_str(&json::to_string(&result).unwrap()).unwrap();
    assert_eq!(
        rebuilt.iter().collect::<Vec<_>>(),
        whole.iter().collect::<Vec<_>>()
    );
    // The raw answer, exact: the id beyond 2^53 as a string.
    assert_eq!(rebuilt["raw"]["recipientId"], "26203292189261166");
    // The literal leaves `raw` out: JS adds it as the last property, an accessor.
    let js = shapes::builders_js().unwrap();
    let literal = js
        .lines()
        .find(|l| l.starts_with("export const RESULT = "))
        .unwrap();
    assert!(literal
        .starts_with("export const RESULT = (v) => ({ \"messageId\": v[0], \"status\": v[1], "));
    assert!(literal.ends_with("\"errorMessage\": v[5] });"), "{literal}");
    assert_eq!(
        shapes::result_keys().unwrap().last().map(String::as_str),
        Some("raw")
    );
}
