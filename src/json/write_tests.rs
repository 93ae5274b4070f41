//! The writer against serde_json's: the same bytes for strings that need every kind of escape,
//! numbers and every shape serde has (every fixture's events: `webhook/tests.rs`).

use super::*;
use serde::Serialize;

fn same_as_serde_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut ours = Vec::new();
    write(value, &mut ours).unwrap();
    let theirs = serde_json::to_vec(value).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&ours),
        String::from_utf8_lossy(&theirs)
    );
    String::from_utf8(ours).unwrap()
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
        same_as_serde_json(s);
        // At every offset, so that each escape falls at every place of an eight-byte word.
        for shift in 0..8 {
            same_as_serde_json(&format!("{}{s}", "x".repeat(shift)));
        }
    }
}

#[test]
fn numbers_and_shapes_are_written_as_serde_json_writes_them() {
    same_as_serde_json(&[i64::MIN, -1, 0, 1, 9, 10, 1_700_000_000_000, i64::MAX]);
    same_as_serde_json(&[u64::MAX, 0, 7]);
    same_as_serde_json(&(
        1.5f64,
        -0.0f64,
        1e300f64,
        f64::NAN,
        1e20f64,
        0.1f64,
        5e-324f64,
    ));
    same_as_serde_json(&(Some(true), None::<bool>, (), 'x', '"'));
    let map: std::collections::BTreeMap<&str, Vec<u32>> =
        [("a", vec![]), ("b\"", vec![1, 2])].into();
    same_as_serde_json(&map);
    #[derive(serde::Serialize)]
    enum Variants {
        Unit,
        Newtype(u8),
        Tuple(u8, u8),
        Struct { a: u8 },
    }
    same_as_serde_json(&[
        Variants::Unit,
        Variants::Newtype(1),
        Variants::Tuple(1, 2),
        Variants::Struct { a: 3 },
    ]);
    let int_keys: std::collections::BTreeMap<u8, u8> = [(1, 2)].into();
    let mut out = Vec::new();
    assert!(write(&int_keys, &mut out).is_err());
    assert!(write(&2.5f32, &mut out).is_err());
    assert_eq!(
        to_string("é\u{1}").unwrap(),
        serde_json::to_string("é\u{1}").unwrap()
    );
}
