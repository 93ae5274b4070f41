//! Tests of `lossless.rs`.

use super::*;

#[test]
fn safety_boundary() {
    assert!(is_js_safe("9007199254740992"));
    assert!(!is_js_safe("9007199254740993"));
    assert!(!is_js_safe("26203292189261166"));
    assert!(is_js_safe("854313003749170"));
    assert!(is_js_safe("1.5"));
    assert!(is_js_safe("-0"));
    assert!(!is_js_safe("1e400"));
}

#[test]
fn rewrites_only_unsafe_tokens() {
    let text = r#"{"a":26203292189261166,"b":"26203292189261166","c":[1,1e400,-0],"d":"x\"9999999999999999999"}"#;
    let out = rewrite_unsafe_numbers(text).unwrap();
    assert_eq!(
        out,
        r#"{"a":"26203292189261166","b":"26203292189261166","c":[1,"1e400",-0],"d":"x\"9999999999999999999"}"#
    );
    assert_eq!(rewrite_unsafe_numbers(r#"{"a":1,"b":2.5}"#), None);
}

#[test]
fn ids() {
    use crate::webhook::envelope::Leaf;
    let v: std::collections::BTreeMap<&str, Leaf<'_>> =
        serde_json::from_str(r#"{"id":123456789012345678901234567890,"s":"x","e":"a\"b"}"#)
            .unwrap();
    assert_eq!(v["id"].id().unwrap(), "123456789012345678901234567890");
    assert_eq!(v["s"].id().unwrap(), "x");
    assert!(matches!(
        v["s"].id().unwrap(),
        std::borrow::Cow::Borrowed(_)
    ));
    assert_eq!(v["e"].str().unwrap(), "a\"b");
}

#[test]
fn opening_brackets_are_counted_eight_bytes_at_a_time_exactly() {
    let all: Vec<u8> = (0u8..=255).collect();
    for text in [
        &b""[..],
        b"[",
        b"{[]}",
        b"[[[[[[[[",
        b";{[{[{[{[{{",
        b"\x1b\x3b\x5a\x5c\x7a\x7c\xdb\xfb",
        &all,
    ] {
        for shift in 0..9 {
            let mut t = vec![b'x'; shift];
            t.extend_from_slice(text);
            let naive = t.iter().filter(|&&b| b == b'[' || b == b'{').count();
            assert_eq!(super::opening_brackets(&t), naive, "{t:?}");
        }
    }
}
