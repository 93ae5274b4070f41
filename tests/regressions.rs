//! Regression tests for bugs found by fuzzing and property testing (issue #7), through the public
//! API. A test marked `#[ignore = "..."]` shows a bug that is reported and not fixed yet: run
//! them with `cargo test --test regressions -- --include-ignored`; remove the `ignore` with the fix.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use chatt2me_wasm::send::{self, Channel};

const IG: &str = "6cbd6789-1d2b-47e0-9391-5eb91d2839ea";

fn text_body(text_json: &str) -> String {
    format!(r#"{{"from":"{IG}","to":"847495124317323","content":{{"text":{text_json}}}}}"#)
}

/// Found by tests/js/properties.test.mjs: U+10FFFF is a valid Unicode scalar value (and
/// `JSON.stringify` writes it unescaped), but the reader once used it as the marker for lone
/// surrogate escapes, so the validator refused it as "a lone UTF-16 surrogate".
#[test]
fn u10ffff_is_a_character_not_a_lone_surrogate() {
    for text in ["\"\u{10FFFF}\"", "\"a\u{10FFFF}b\"", r#""\udbff\udfff""#] {
        for channel in [Channel::Instagram, Channel::Messenger] {
            let result = send::check_json(channel, &text_body(text));
            assert!(result.is_ok(), "{text}: {:?}", result.unwrap_err().issues());
        }
    }
}

/// What the marker is for keeps working: a lone surrogate escape is refused.
#[test]
fn lone_surrogates_are_refused() {
    for text in [r#""\ud800""#, r#""a\udc00""#, r#""\ud83d x""#] {
        let err = send::check_json(Channel::Instagram, &text_body(text)).unwrap_err();
        assert_eq!(err.issues()[0].path, "content.text", "{text}");
        assert_eq!(err.issues()[0].code.as_str(), "invalid_format", "{text}");
    }
}

/// Found by the `webhook_parse` fuzz target: a location whose latitude overflows a double
/// (`10e400505`) was written verbatim into the event JSON, so `JSON.parse` would have made it
/// `Infinity`. Coordinates a double cannot hold make the content `unknown` (exact, in `raw`).
#[test]
fn coordinates_beyond_a_double_are_not_a_location() {
    use chatt2me_wasm::webhook::{self, event::MessageContent, DEFAULT_MAX_BYTES};
    let body = |lat: &str| {
        format!(
            r#"{{"eventType":"Message","content":{{"type":"location","location":{{"latitude":{lat},"longitude":-46.6333}}}}}}"#
        )
    };
    let beyond = ["10e400505", "1e309", "-1.8e308", "12345678901234567890"];
    let within = ["-23.5505", "1e2", "0", "-90"];
    for lat in beyond.into_iter().chain(within) {
        let text = body(lat);
        let event = webhook::parse_one(text.as_bytes(), DEFAULT_MAX_BYTES).unwrap();
        if within.contains(&lat) {
            assert!(
                matches!(event.content(), Some(MessageContent::Location { .. })),
                "{lat}: {:?}",
                event.content()
            );
            continue;
        }
        assert!(
            matches!(event.content(), Some(MessageContent::Unknown { .. })),
            "{lat}: {:?}",
            event.content()
        );
        let out = serde_json::to_string(&event).unwrap();
        assert!(
            out.contains(&format!("\"{lat}\"")) && !out.contains(&format!(":{lat}")),
            "{lat} reached the event JSON as a number: {out}"
        );
    }
}
