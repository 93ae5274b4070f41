//! Tests of `signature.rs`.

use super::*;

/// The vector derived in the vendor docs notes (Python `hmac` and `openssl` agree).
const DOC_BODY: &str = r#"{"eventType":"Message","channelId":"6cbd6789-1d2b-47e0-9391-5eb91d2839ea","messageId":"abc123de-f456-789a-bcde-f01234567890","from":"5511993986082","timestamp":1700000000,"channel":"whatsapp","content":{"type":"text","text":"Hello, I'd like to know more about your products"}}"#;
const DOC_HEADER: &str =
    "t=1700000000,v1=90d116fd8967797489acfdf98507fc9e7df2b28b10fd30d2fcaabf2eaa6bb76e";

#[test]
fn known_answer() {
    assert_eq!(
        sign(b"test_signing_secret", 1_700_000_000, DOC_BODY.as_bytes()),
        DOC_HEADER
    );
    assert_eq!(
        verify(
            DOC_BODY.as_bytes(),
            Some(DOC_HEADER),
            &[b"test_signing_secret"],
            300,
            1_700_000_100
        ),
        Ok(())
    );
}

fn code(r: Result<(), Error>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(e) => e.code(),
    }
}

#[test]
fn rejections() {
    let body = DOC_BODY.as_bytes();
    let s: &[&[u8]] = &[b"test_signing_secret"];
    assert_eq!(
        code(verify(body, None, s, 300, 1_700_000_000)),
        "missing_header"
    );
    assert_eq!(
        code(verify(body, Some("  "), s, 300, 1_700_000_000)),
        "missing_header"
    );
    assert_eq!(
        code(verify(body, Some("garbage"), s, 300, 1_700_000_000)),
        "malformed_header"
    );
    assert_eq!(
        code(verify(body, Some("t=abc,v1=00"), s, 300, 1_700_000_000)),
        "malformed_header"
    );
    assert_eq!(
        code(verify(
            body,
            Some("t=1700000000,v1=zz"),
            s,
            300,
            1_700_000_000
        )),
        "malformed_header"
    );
    assert_eq!(
        code(verify(body, Some(DOC_HEADER), s, 300, 1_700_000_301)),
        "timestamp_out_of_tolerance"
    );
    assert_eq!(
        code(verify(body, Some(DOC_HEADER), s, 300, 1_699_999_699)),
        "timestamp_out_of_tolerance"
    );
    assert_eq!(
        code(verify(body, Some(DOC_HEADER), s, 300, 1_700_000_300)),
        "ok"
    );
    assert_eq!(
        code(verify(
            body,
            Some(DOC_HEADER),
            &[b"other"],
            300,
            1_700_000_000
        )),
        "signature_mismatch"
    );
    assert_eq!(
        code(verify(b"{}", Some(DOC_HEADER), s, 300, 1_700_000_000)),
        "signature_mismatch"
    );
    assert_eq!(
        code(verify(body, Some(DOC_HEADER), &[], 300, 1_700_000_000)),
        "missing_secret"
    );
}

#[test]
fn directions_are_named() {
    let body = DOC_BODY.as_bytes();
    let s: &[&[u8]] = &[b"test_signing_secret"];
    let past = verify(body, Some(DOC_HEADER), s, 300, 1_700_001_000).unwrap_err();
    assert!(past.message().contains("in the past"), "{past}");
    let future = verify(body, Some(DOC_HEADER), s, 300, 1_699_990_000).unwrap_err();
    assert!(future.message().contains("in the future"), "{future}");
}

#[test]
fn rotation_and_several_v1() {
    let body = DOC_BODY.as_bytes();
    let good = DOC_HEADER.rsplit_once("v1=").unwrap().1;
    let header = format!("t=1700000000,v1={},v1={good}", "0".repeat(64));
    let secrets: &[&[u8]] = &[b"old_secret", b"test_signing_secret"];
    assert_eq!(
        code(verify(body, Some(&header), secrets, 300, 1_700_000_000)),
        "ok"
    );
    let upper = DOC_HEADER
        .to_ascii_uppercase()
        .replace("T=", "t=")
        .replace("V1=", "v1=");
    assert_eq!(
        code(verify(
            body,
            Some(&upper),
            &[b"test_signing_secret"],
            300,
            1_700_000_000
        )),
        "ok"
    );
}

#[test]
fn near_misses_fail() {
    let body = DOC_BODY.as_bytes();
    let good = DOC_HEADER.rsplit_once("v1=").unwrap().1.to_string();
    let outcome = |header: &str| {
        code(verify(
            body,
            Some(header),
            &[b"test_signing_secret"],
            300,
            1_700_000_000,
        ))
    };
    for i in [0usize, 31, 63] {
        let mut bytes = good.clone().into_bytes();
        bytes[i] = if bytes[i] == b'0' { b'1' } else { b'0' };
        let near = String::from_utf8(bytes).unwrap();
        assert_eq!(
            outcome(&format!("t=1700000000,v1={near}")),
            "signature_mismatch"
        );
    }
    // The signed material uses t as sent: a different spelling of the same time fails.
    assert_eq!(
        outcome(&format!("t=01700000000,v1={good}")),
        "signature_mismatch"
    );
}
