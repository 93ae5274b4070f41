//! Tests of `surrogates.rs`.

use super::*;

fn marked(text: &str) -> (String, bool) {
    let m = mark(text);
    let any = m.any();
    (m.text.into_owned(), any)
}

const M: &str = MARKER_ESCAPES;

#[test]
fn ordinary_text_is_borrowed() {
    for text in [r#"{"a":"b"}"#, r#""\u00e9\n""#, r#""\ud83d\ude00""#] {
        let m = mark(text);
        assert!(matches!(m.text, Cow::Borrowed(_)), "{text}");
        assert!(!m.any());
    }
}

#[test]
fn pairs_stay_in_either_case() {
    for text in [
        r#""\ud83d\ude00""#,
        r#""\uD83D\uDE00""#,
        r#""\udbff\udfff""#,
        r#""x\uDbFf\uDfFf y""#,
    ] {
        assert_eq!(marked(text), (text.to_string(), false), "{text}");
    }
}

#[test]
fn lone_halves_become_the_marker() {
    let cases = [
        (r#""\ud800""#, format!(r#""{M}""#)),
        (r#""\uDC00""#, format!(r#""{M}""#)),
        (r#""a\ud83d x""#, format!(r#""a{M} x""#)),
        // A high surrogate followed by a non-low escape: lone, and the next escape stays.
        (r#""\ud800\u0041""#, format!(r#""{M}\u0041""#)),
        // Two highs then a low: the first is lone, the second pairs.
        (r#""\ud800\ud83d\ude00""#, format!(r#""{M}\ud83d\ude00""#)),
        // A low then a high: both lone (a pair is high first).
        (r#""\udc00\ud800""#, format!(r#""{M}{M}""#)),
        // At the very end of the text.
        (r#"\ud800"#, M.to_string()),
        // Beside non-ASCII text.
        (r#""é\ud800ü""#, format!(r#""é{M}ü""#)),
    ];
    for (text, want) in cases {
        assert_eq!(marked(text), (want, true), "{text}");
    }
}

#[test]
fn escaped_backslashes_are_not_escapes() {
    for text in [
        r#""\\ud800""#,
        r#""\\\\ud800""#,
        r#""\"\\uD800""#,
        r#""\\ud800\\udc00""#,
    ] {
        assert_eq!(marked(text), (text.to_string(), false), "{text}");
    }
    // After an escaped backslash, a real escape is still seen.
    assert_eq!(marked(r#""\\\ud800""#), (format!(r#""\\{M}""#), true));
}

#[test]
fn broken_escapes_are_left_to_the_parser() {
    for text in [r#""\ud""#, r#""\udz00""#, r#""\u""#, "\\", r#""\ud80"#] {
        assert_eq!(marked(text), (text.to_string(), false), "{text}");
    }
    // A lone high before a broken escape is still lone; the broken one stays.
    assert_eq!(
        marked(r#""\ud800\uzzzz""#),
        (format!(r#""{M}\uzzzz""#), true)
    );
}

#[test]
fn the_marker_is_what_serde_json_reads() {
    let v: serde_json::Value = serde_json::from_str(&format!(r#""{M}""#)).unwrap();
    assert_eq!(v.as_str(), Some(MARKER));
}

#[test]
fn columns_point_into_the_input() {
    // Two lone escapes before a syntax error on line 2, one on line 1.
    let text = "[\"\\ud800\",\n \"\\ud800\", \"\\udc00\" x]";
    let m = mark(text);
    let err = serde_json::from_str::<serde_json::Value>(&m.text).unwrap_err();
    assert_eq!(err.line(), 2);
    let input = serde_json::from_str::<serde_json::Value>(
        &text
            .replace("\\ud800", "\\u0041")
            .replace("\\udc00", "\\u0041"),
    )
    .unwrap_err();
    assert_eq!(m.input_column(err.line(), err.column()), input.column());
    // Nothing rewritten: nothing moves.
    assert_eq!(mark("[x]").input_column(1, 2), 2);
}
