//! Tests of `json.rs`.

use super::*;

fn round(text: &str) -> String {
    let mut w = Writer::new();
    w.value(&parse_str(text).unwrap());
    w.buf
}

#[test]
fn parses_and_writes() {
    assert_eq!(
        round(r#" {"a" : [1, -2.5e3, true, false, null, "x\"y\\z\u00e9\n"], "b": {}} "#),
        r#"{"a":[1,-2.5e3,true,false,null,"x\"y\\zé\n"],"b":{}}"#
    );
    assert_eq!(round(r#""\ud83d\ude00""#), "\"😀\"");
    assert_eq!(round(r#""\ud800x""#), "\"\u{FFFD}x\"");
    assert_eq!(round(r#""\u0001""#), r#""\u0001""#);
}

#[test]
fn numbers_stay_exact_and_safe() {
    assert_eq!(
        round("[26203292189261166, 854313003749170, 1e400, -0]"),
        r#"["26203292189261166",854313003749170,"1e400",-0]"#
    );
    assert!(is_js_safe("9007199254740992"));
    assert!(!is_js_safe("9007199254740993"));
    assert!(is_js_safe("-9007199254740992"));
    assert!(is_js_safe("1e300"));
}

#[test]
fn duplicate_keys_last_wins() {
    let v = parse_str(r#"{"a":1,"a":2}"#).unwrap();
    assert_eq!(v.get("a"), Some(&Value::Number("2")));
}

#[test]
fn errors_have_positions() {
    let e = parse_str("{\n  \"a\": tru }").unwrap_err();
    assert_eq!((e.line, e.column), (2, 8));
    for bad in [
        "",
        "{",
        "[1,]",
        "{\"a\"}",
        "01",
        "1.",
        "1e",
        "\"abc",
        "[1] x",
        "\"\t\"",
        "{1:2}",
        "\"\\x\"",
        "\"\\u12\"",
    ] {
        assert!(parse_str(bad).is_err(), "{bad:?}");
    }
    assert!(parse(b"\"\xff\"").is_err());
    let deep = "[".repeat(129) + &"]".repeat(129);
    assert_eq!(
        parse_str(&deep).unwrap_err().reason,
        "nesting deeper than 128 levels"
    );
    let ok = "[".repeat(128) + &"]".repeat(128);
    assert!(parse_str(&ok).is_ok());
}

#[test]
fn messages_without_fmt() {
    assert_eq!(
        cat!("a ", 42usize, " b ", -7i64, ' ', String::from("c")),
        "a 42 b -7 c"
    );
    assert_eq!(cat!(0u64), "0");
    assert_eq!(cat!(u64::MAX), "18446744073709551615");
}
