//! The tree against serde_json's `Value` (with `preserve_order`): the same members in the same
//! order, and the same text written back.

use super::*;

fn both(text: &str) -> (Value<'_>, serde_json::Value) {
    (
        serde_json::from_str(text).unwrap(),
        serde_json::from_str(text).unwrap(),
    )
}

#[test]
fn reads_and_writes_back_what_serde_json_does() {
    for text in [
        r#"null"#,
        r#"[true,false,0,-1,18446744073709551615,-9223372036854775808,1.5,-0.0,1e300,"é\n\"",[],{}]"#,
        r#"{"b":1,"a":{"z":[1,{"y":null}],"x":"s"},"c":[]}"#,
        r#"{"a":1,"b":2,"a":3}"#,
    ] {
        let (ours, theirs) = both(text);
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&theirs).unwrap(),
            "{text}"
        );
    }
}

#[test]
fn duplicate_keys_keep_the_first_place_and_the_last_value() {
    for n in [3u64, 40, 256] {
        let mut text = String::from("{");
        for i in 0..n - 1 {
            text.push_str(&format!("\"k{}\":{i},", i % 7));
        }
        text.push_str("\"end\":true}");
        let (ours, theirs) = both(&text);
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&theirs).unwrap()
        );
        let obj = ours.as_object().unwrap();
        assert_eq!(obj.len() as u64, (n - 1).min(7) + 1);
        assert_eq!(obj.keys().next().map(Str::as_str), Some("k0"));
        assert_eq!(obj.get("k0").and_then(Value::as_u64), Some((n - 2) / 7 * 7));
    }
}

#[test]
fn an_object_too_large_to_merge_still_reads_the_last_value_of_a_key() {
    let mut text = String::from("{");
    for i in 0..100_000 {
        text.push_str(&format!("\"k{}\":{i},", i % 3));
    }
    text.push_str("\"end\":true}");
    let v: Value = serde_json::from_str(&text).unwrap();
    let obj = v.as_object().unwrap();
    assert_eq!(obj.get("k0").and_then(Value::as_u64), Some(99_999));
    assert_eq!(obj.get("k2").and_then(Value::as_u64), Some(99_998));
    assert_eq!(obj.len(), 100_001);
}

#[test]
fn reading_methods() {
    let (v, _) = both(r#"{"s":"x","n":-2,"u":7,"f":0.5,"b":true,"a":[1],"o":{"k":null}}"#);
    assert_eq!(v.get("s").and_then(Value::as_str), Some("x"));
    assert_eq!(v.get("n").and_then(Value::as_i64), Some(-2));
    assert_eq!(v.get("n").and_then(Value::as_u64), None);
    assert_eq!(v.get("u").and_then(Value::as_u64), Some(7));
    assert_eq!(v.get("f").and_then(Value::as_f64), Some(0.5));
    assert_eq!(v.get("b").and_then(Value::as_bool), Some(true));
    assert_eq!(v.get("a").and_then(Value::as_array).map(Vec::len), Some(1));
    assert!(v
        .get("o")
        .and_then(|o| o.get("k"))
        .is_some_and(Value::is_null));
    assert!(v.get("missing").is_none() && v.get("s").is_some_and(Value::is_string));
    assert!(v
        .as_object()
        .is_some_and(|o| o.contains_key("f") && !o.is_empty()));
}

#[test]
fn strings_and_keys_are_borrowed_from_the_text_unless_they_hold_escapes() {
    let text = r#"{"key":"plain","k\u00e9y":"a\nb"}"#;
    let v: Value = serde_json::from_str(text).unwrap();
    let inside = |s: &str| text.as_bytes().as_ptr_range().contains(&s.as_ptr());
    let obj = v.as_object().unwrap();
    let keys: Vec<&Str> = obj.keys().collect();
    assert!(inside(keys[0]) && inside(v.get("key").and_then(Value::as_str).unwrap()));
    assert_eq!(keys[1].as_str(), "kéy");
    assert!(!inside(keys[1]));
    assert_eq!(v.get("kéy").and_then(Value::as_str), Some("a\nb"));
    // Owned, the same value.
    assert_eq!(v.clone().into_owned(), v);
}
