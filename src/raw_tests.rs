//! Tests of `raw.rs`.

use super::*;

#[test]
fn a_call_is_checked_and_its_query_encoded() {
    let q = vec![
        ("offset".to_string(), "0".to_string()),
        ("q".to_string(), "a b&c=é".to_string()),
    ];
    let p = prepare("get", "/v1/organization/webhook", &q, false).unwrap();
    assert_eq!(p.method, "GET");
    assert_eq!(
        p.tail,
        "/v1/organization/webhook?offset=0&q=a%20b%26c%3D%C3%A9"
    );
    assert!(p.idempotent);
    assert!(!prepare("PATCH", "/v1/x", &[], true).unwrap().idempotent);
    assert!(!prepare("POST", "/v1/x", &[], true).unwrap().idempotent);
}

#[test]
fn what_is_refused() {
    for path in [
        "/v2/x",
        "v1/x",
        "https://evil.example/v1/x",
        "/v1/x?a=b",
        "/v1/../admin",
        "/v1/x y",
        "/v1/%2e%2e/",
    ] {
        let e = prepare("GET", path, &[], false).unwrap_err();
        assert_eq!(e.issues()[0].path, "path", "{path}");
    }
    let e = prepare("TRACE", "/v1/x", &[], false).unwrap_err();
    assert_eq!(e.issues()[0].path, "method");
    let e = prepare("GET", "/v1/x", &[], true).unwrap_err();
    assert_eq!(e.issues()[0].path, "body");
}

#[test]
fn answers_are_read_exactly() {
    let ok = ResponseMeta {
        status: 200,
        ..ResponseMeta::default()
    };
    assert_eq!(
        read(&ok, r#"{"id":12345678901234567890}"#, 0.0).unwrap(),
        Some(r#"{"id":"12345678901234567890"}"#.into())
    );
    assert_eq!(read(&ok, "", 0.0).unwrap(), None);
    assert_eq!(
        read(&ok, "<html>", 0.0).unwrap_err().code,
        "invalid_response"
    );
    let nf = ResponseMeta {
        status: 404,
        ..ResponseMeta::default()
    };
    assert_eq!(read(&nf, "{}", 0.0).unwrap_err().code, "not_found");
}
