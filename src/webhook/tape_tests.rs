use proptest::prelude::*;
use serde_json::value::RawValue;

use super::*;
use crate::webhook::lossless::nesting_exceeds;

/// What serde_json (with the depth rule of webhook bodies) says of `text`.
fn serde_json_accepts(text: &str) -> bool {
    serde_json::from_str::<de::IgnoredAny>(text).is_ok() && !nesting_exceeds(text, MAX_DEPTH)
}

fn accepts(text: &str) -> bool {
    install(text).is_some()
}

#[test]
fn accepts_what_serde_json_accepts() {
    let deep_ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let deep_no = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    let cases = [
        "{}",
        "[]",
        " {} ",
        "\t[\r\n]\n",
        "0",
        "-0",
        "-0.0e-0",
        "1E+9",
        "12.50",
        "null",
        "true",
        "false",
        r#""a""#,
        r#""\u00e9\n\t\"\\\/\b\f\r""#,
        r#""\ud800""#,
        r#"{"a":[1,{"b":null}]}"#,
        r#"{"a":1,"a":2}"#,
        "é",
        "",
        " ",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "+1",
        "--1",
        "0x1",
        "[1,]",
        "[,1]",
        "{,}",
        r#"{"a":1,}"#,
        r#"{"a" 1}"#,
        r#"{"a":}"#,
        "{1:2}",
        "[1 2]",
        "{}}",
        "[]]",
        "[",
        "{",
        r#"{"a":"#,
        r#""abc"#,
        "\"a\u{1}b\"",
        r#""\x""#,
        r#""\u12g4""#,
        r#""\u12""#,
        "tru",
        "nul",
        "truex",
        "[true false]",
        "{} {}",
        "[]x",
        "NaN",
        "Infinity",
        "\u{feff}{}",
        "[\u{a0}]",
        "\"\u{7f}\"",
        "1 ",
        " 1",
        &deep_ok,
        &deep_no,
    ];
    for text in cases {
        assert_eq!(accepts(text), serde_json_accepts(text), "{text:?}");
    }
}

#[test]
fn raw_values_are_the_texts_serde_json_captures() {
    let text = r#" [ {"a" : [1, {"b":"\"}"}] } , "x\\" ,-1.5e3, null,[ ],{ } ] "#;
    let ours =
        from_str::<Vec<&RawValue>>(text).map(|v| v.iter().map(|r| r.get()).collect::<Vec<_>>());
    let theirs: Vec<&str> = serde_json::from_str::<Vec<&RawValue>>(text)
        .map(|v| v.iter().map(|r| r.get()).collect())
        .unwrap_or_default();
    assert_eq!(ours.ok(), Some(theirs));
}

#[test]
fn a_body_of_more_containers_than_are_noted_reads_the_same() {
    // The containers past CAP are found by scanning: a value read after them is the same.
    let filler = vec!["{}"; CAP + 10].join(",");
    let text = format!(r#"{{"x":[{filler}],"y":{{"z":[1,"]}}"],"w":{{}}}}}}"#);
    let _installed = install(&text).map(|g| (g, ()));
    let read = from_str::<serde_json::Value>(&text).ok();
    assert_eq!(read, serde_json::from_str::<serde_json::Value>(&text).ok());
    let y = read
        .as_ref()
        .and_then(|v| v.get("y"))
        .map(ToString::to_string);
    assert_eq!(y.as_deref(), Some(r#"{"z":[1,"]}"],"w":{}}"#));
}

#[test]
fn text_not_of_the_installed_body_is_checked_on_its_own() {
    let _installed = install(r#"{"a":1}"#);
    assert!(from_str::<Vec<&RawValue>>("[1,2]").is_ok_and(|v| v.len() == 2));
    assert!(from_str::<de::IgnoredAny>("[1,]").is_err());
}

/// JSON of every kind, with whitespace and escapes in its strings.
fn json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just("-0".to_owned()),
        Just("18446744073709551616".to_owned()),
        (any::<i64>()).prop_map(|n| n.to_string()),
        (any::<f64>())
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
        "[a-z\u{e9}\u{1F600} ]{0,12}"
            .prop_map(|s| format!("{s:?}").replace("\\u{", "\\u00").replace('}', "")),
        Just(r#""\ud83d\ude00 \" \\ \/ \b""#.to_owned()),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6)
                .prop_map(|v| format!("[ {} ]", v.join(" ,"))),
            prop::collection::vec(("[a-z\"]{0,4}", inner), 0..6).prop_map(|v| {
                let members: Vec<String> = v
                    .into_iter()
                    .map(|(k, v)| format!("{:?}:\n{v}", k))
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

proptest! {
    #[test]
    fn reads_json_as_serde_json_does(text in json()) {
        prop_assume!(serde_json::from_str::<de::IgnoredAny>(&text).is_ok());
        prop_assert!(accepts(&text));
        let _installed = install(&text);
        let ours = from_str::<serde_json::Value>(&text).ok();
        prop_assert_eq!(ours, serde_json::from_str::<serde_json::Value>(&text).ok());
    }

    #[test]
    fn accepts_only_what_serde_json_accepts(text in "[\\[\\]{}:,\" \\\\0-9.eE+\\-truefalsnu]{0,24}") {
        prop_assert_eq!(accepts(&text), serde_json_accepts(&text));
    }

    #[test]
    fn accepts_broken_json_only_as_serde_json_does(text in json(), cut in 0usize..64, with in "[\\[\\]{}:,\" \\\\0a.e\\-]") {
        // A valid text with one byte replaced or removed.
        let at = text.char_indices().map(|(i, _)| i).nth(cut % text.chars().count().max(1)).unwrap_or(0);
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        for broken in [format!("{}{}{}", &text[..at], with, &text[end..]), format!("{}{}", &text[..at], &text[end..])] {
            prop_assert_eq!(accepts(&broken), serde_json_accepts(&broken), "{:?}", broken);
        }
    }
}

#[test]
fn a_piece_of_the_body_that_is_no_noted_container_is_checked() {
    let deep = "[".repeat(100_000);
    let text = format!(r#"{{"a":"[1,","b":"{deep}","c":[1,2]}}"#);
    let _installed = install(&text);
    let inside = |piece: &str| {
        let at = text.find(piece).unwrap_or(0);
        &text[at..at + piece.len()]
    };
    assert!(from_str::<serde_json::Value>(inside("[1,")).is_err());
    assert!(from_str::<serde_json::Value>(inside(&deep)).is_err());
    assert!(from_str::<u8>(inside("1,2")).is_err());
    assert_eq!(from_str::<Vec<u8>>(inside("[1,2]")).ok(), Some(vec![1, 2]));
}

#[test]
fn whitespace_around_a_body_or_a_value_is_no_part_of_it() {
    let text = " \n{\"a\": [1, 2] }\r\n";
    let _installed = install(text);
    let read = from_str::<serde_json::Value>(text).ok();
    assert_eq!(read, serde_json::from_str(text).ok());
}

#[test]
fn a_body_parsed_while_another_is_read_is_checked_and_read_alike() {
    let outer = r#"{"items":[{"x":1}]}"#;
    let _installed = install(outer);
    let inner = r#"{"y":[true,null,"z"]}"#;
    let read = read(outer, |_| {
        let nested = install(inner);
        assert!(nested.is_some());
        assert!(install("[1,]").is_none());
        Ok(from_str::<serde_json::Value>(inner).ok())
    });
    assert_eq!(read.ok().flatten(), serde_json::from_str(inner).ok());
    // The outer body's notes are still there, and still its own.
    assert_eq!(
        from_str::<serde_json::Value>(outer).ok(),
        serde_json::from_str(outer).ok()
    );
}

#[test]
fn a_value_of_the_wrong_kind_is_an_error_as_in_serde_json() {
    for text in ["7", "true", "null", "[1]", "{}"] {
        assert!(from_str::<String>(text).is_err(), "{text}");
    }
    assert!(from_str::<Vec<u8>>("{}").is_err());
    assert_eq!(from_str::<String>(r#""\u00e9""#).ok().as_deref(), Some("é"));
}

#[test]
fn a_map_read_against_the_rules_is_an_error_not_a_misread() {
    // Two keys asked for in a row: the first key's value is next, not a comma.
    struct KeysOnly;
    impl<'de> Visitor<'de> for KeysOnly {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            map.next_key::<String>()?;
            map.next_key::<String>()?;
            Ok(())
        }
    }
    let text = r#"{"a":"b","c":1}"#;
    let _installed = install(text);
    assert!(read(text, |d| de::Deserializer::deserialize_map(d, KeysOnly)).is_err());
}

#[test]
fn a_text_nested_too_deep_is_refused_as_such() {
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    let e = from_str::<de::IgnoredAny>(&deep)
        .err()
        .map(|e| e.to_string());
    assert_eq!(e.as_deref(), Some("nested deeper than 128 levels"));
}
