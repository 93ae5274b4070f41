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

#[test]
fn plain_len_stops_at_the_first_byte_a_string_escapes() {
    let naive = |b: &[u8]| {
        b.iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
            .unwrap_or(b.len())
    };
    // Every stop byte, at every position of words and their tails, after plain bytes of every
    // kind (the bytes around the thresholds, and UTF-8 continuation bytes).
    let fillers: &[u8] = &[b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xc3, 0xff];
    let stops: &[u8] = &[b'"', b'\\', 0x00, 0x01, 0x1f];
    for len in 0..27 {
        for &fill in fillers {
            let mut bytes = alloc::vec![fill; len];
            assert_eq!(plain_len(&bytes), len);
            for at in 0..len {
                for &stop in stops {
                    bytes[at] = stop;
                    // a second stop later must not move the first
                    if at + 3 < len {
                        bytes[at + 3] = b'"';
                    }
                    assert_eq!(plain_len(&bytes), naive(&bytes), "{bytes:?}");
                    assert_eq!(plain_len(&bytes), at);
                    bytes = alloc::vec![fill; len];
                }
            }
        }
    }
}

#[test]
fn split_once_and_char_count_agree_with_core() {
    for (s, sep) in [
        ("https://x", "://"),
        ("a://b://c", "://"),
        ("none", "://"),
        ("", "://"),
        ("://", "://"),
        ("Sun, 06 Nov 1994", ", "),
        ("é, ü", ", "),
    ] {
        assert_eq!(split_once(s, sep), s.split_once(sep), "{s:?}");
    }
    for s in ["", "abc", "é😀ü", "\u{10FFFF}x"] {
        assert_eq!(char_count(s), s.chars().count(), "{s:?}");
    }
}
