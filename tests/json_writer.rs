//! The crate's JSON writer (`chatt2me_wasm::json::write`) against serde_json's, byte for byte:
//! strings that need every kind of escape, numbers, serde's shapes, and every event of every
//! webhook fixture (random bodies: `tests/properties.rs`).

#![allow(clippy::unwrap_used)]

use chatt2me_wasm::exact::Exact;
use chatt2me_wasm::json;
use chatt2me_wasm::webhook::{parse_all, DEFAULT_MAX_BYTES};

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

#[test]
fn every_fixture_event_is_written_as_serde_json_writes_it() {
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
                written_as_serde_json_writes_it(event);
                events += 1;
            }
        }
    }
    assert!(events >= 50, "only {events} events");
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
