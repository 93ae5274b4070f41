//! The crate's JSON writer (`chatt2me_wasm::json::write`) against serde_json's, byte for byte,
//! on every event of every webhook fixture (strings, numbers and serde's shapes: the unit tests
//! of `src/json/write.rs`; random bodies: `tests/properties.rs`).

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
