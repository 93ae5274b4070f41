//! Tests of `request.rs`.

use super::*;

#[test]
fn base_urls() {
    assert_eq!(
        check_base_url("https://api.chatt2.me/").unwrap(),
        "https://api.chatt2.me"
    );
    assert_eq!(
        check_base_url("http://127.0.0.1:8787").unwrap(),
        "http://127.0.0.1:8787"
    );
    assert_eq!(
        check_base_url("http://localhost:1/x/").unwrap(),
        "http://localhost:1/x"
    );
    assert_eq!(check_base_url("http://[::1]:9").unwrap(), "http://[::1]:9");
    assert!(check_base_url("http://api.chatt2.me")
        .unwrap_err()
        .contains("https"));
    assert!(check_base_url("http://127.0.0.1.evil.com").is_err());
    assert!(check_base_url("http://localhost@evil.com").is_err());
    assert!(check_base_url("https://user:pw@api.chatt2.me")
        .unwrap_err()
        .contains("credentials"));
    assert!(check_base_url("ftp://x").is_err());
    assert!(check_base_url("api.chatt2.me").is_err());
    assert!(check_base_url("https://").is_err());
    assert!(check_base_url("https://a.b/?q=1").is_err());
}

fn meta(status: u16) -> ResponseMeta {
    ResponseMeta {
        status,
        ..ResponseMeta::default()
    }
}

#[test]
fn both_success_shapes() {
    let r = read_response(
        &meta(200),
        r#"{"messageId":"m1","recipientId":"847495124317323","type":"Text"}"#,
        0.0,
    )
    .unwrap();
    assert_eq!(r.message_id.as_deref(), Some("m1"));
    assert_eq!(r.kind.as_deref(), Some("Text"));
    assert_eq!(r.status, None);
    let r = read_response(&meta(200), r#"{"messageId":"m2","status":"enqueued"}"#, 0.0).unwrap();
    assert_eq!(r.status.as_deref(), Some("enqueued"));
    assert_eq!(r.recipient_id, None);
}

#[test]
fn status_error_body_is_a_failed_send() {
    let body =
        include_str!("../tests/fixtures/chatt2me-site/responses/send-message-status-error.json");
    let f = read_response(&meta(200), body, 0.0).unwrap_err();
    assert_eq!(f.code, "send_failed");
    assert_eq!(f.error_code.as_deref(), Some("130472"));
    assert_eq!(
        f.error_message.as_deref(),
        Some("The recipient is not a valid WhatsApp user")
    );
}

#[test]
fn statuses() {
    for (status, code) in [
        (400, "bad_request"),
        (401, "unauthorized"),
        (404, "not_found"),
        (429, "rate_limited"),
        (500, "server_error"),
        (503, "server_error"),
        (302, "redirect"),
        (418, "unexpected_status"),
    ] {
        assert_eq!(
            read_response(&meta(status), "{}", 0.0).unwrap_err().code,
            code,
            "{status}"
        );
    }
    assert_eq!(
        read_response(&meta(200), "{\"messageId\": ", 0.0)
            .unwrap_err()
            .code,
        "invalid_response"
    );
    let f = read_response(
        &meta(400),
        r#"{"errorMessage":"bad to","errorCode":"E1"}"#,
        0.0,
    )
    .unwrap_err();
    assert!(f.message.ends_with(": bad to"), "{}", f.message);
    let f = read_response(&meta(502), "<html>bad gateway</html>", 0.0).unwrap_err();
    assert_eq!(f.body.get(), r#""<html>bad gateway</html>""#);
}

#[test]
fn retry_after_forms() {
    assert_eq!(retry_after_ms("2", 0.0), Some(2000.0));
    assert_eq!(
        retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_770_000.0),
        Some(7000.0)
    );
    assert_eq!(retry_after_ms("soon", 0.0), None);
    assert_eq!(retry_after_ms("-1", 0.0), None);
}

#[test]
fn retry_policy() {
    let mut m = meta(429);
    let f = read_response(&m, "{}", 0.0).unwrap_err();
    // 429 without Retry-After: full jitter within the exponential cap.
    assert_eq!(retry_delay_ms(&f, 1, 2, 0.5), Some(250.0));
    assert_eq!(
        retry_delay_ms(&f, 2, 2, 0.999_999).map(|d| d.round()),
        Some(1000.0)
    );
    assert_eq!(retry_delay_ms(&f, 3, 2, 0.5), None);
    assert_eq!(retry_delay_ms(&f, 1, 0, 0.5), None);
    let f30 = ApiFailure { ..(*f).clone() };
    assert!(retry_delay_ms(&f30, 20, 30, 1.0).unwrap() <= BACKOFF_CAP_MS);
    // Retry-After honoured up to 60 s; a longer one is the caller's to schedule, not retried
    // early, and the failure says when.
    m.retry_after = Some("60".into());
    let f = read_response(&m, "{}", 0.0).unwrap_err();
    assert_eq!(retry_delay_ms(&f, 1, 2, 0.5), Some(60_000.0));
    m.retry_after = Some("120".into());
    let f = read_response(&m, "{}", 0.0).unwrap_err();
    assert_eq!(retry_delay_ms(&f, 1, 2, 0.5), None);
    assert_eq!((f.code, f.retry_after), ("rate_limited", Some(120.0)));
    // 503 only with Retry-After; 500/502 never.
    let mut m503 = meta(503);
    assert_eq!(
        retry_delay_ms(&read_response(&m503, "", 0.0).unwrap_err(), 1, 2, 0.5),
        None
    );
    m503.retry_after = Some("1".into());
    assert_eq!(
        retry_delay_ms(&read_response(&m503, "", 0.0).unwrap_err(), 1, 2, 0.5),
        Some(1000.0)
    );
    let mut m500 = meta(500);
    m500.retry_after = Some("1".into());
    assert_eq!(
        retry_delay_ms(&read_response(&m500, "", 0.0).unwrap_err(), 1, 2, 0.5),
        None
    );
}

#[test]
fn attempt_outcomes_for_the_shell() {
    // The outcome as the JSON the shell acts on.
    let parse = |o: Outcome| match o {
        Outcome::Sent(result) => serde_json::json!({ "result": result }),
        Outcome::Failed {
            failure,
            retry_in_ms,
        } => serde_json::json!({ "error": failure, "retryInMs": retry_in_ms }),
    };
    let ok = parse(attempt_outcome(
        &meta(200),
        r#"{"messageId":"m1","recipientId":"r","type":"text"}"#,
        0.0,
        30_000.0,
        1,
        2,
        0.5,
    ));
    assert_eq!(ok["result"]["messageId"], "m1");
    assert!(ok.get("error").is_none());

    // 429 without Retry-After: full jitter on 500 ms, rounded up to whole milliseconds.
    let limited = parse(attempt_outcome(
        &meta(429),
        "{}",
        0.0,
        30_000.0,
        1,
        2,
        0.3333,
    ));
    assert_eq!(limited["error"]["code"], "rate_limited");
    assert_eq!(limited["error"]["attempts"], 1);
    assert_eq!(limited["retryInMs"], 167.0);

    // The same failure with no time left before the deadline, or no retries left: no retry.
    let late = parse(attempt_outcome(
        &meta(429),
        "{}",
        29_900.0,
        30_000.0,
        1,
        2,
        0.5,
    ));
    assert!(late["retryInMs"].is_null());
    let spent = parse(attempt_outcome(&meta(429), "{}", 0.0, 30_000.0, 3, 2, 0.5));
    assert!(spent["retryInMs"].is_null());
    assert_eq!(spent["error"]["attempts"], 3);

    // Never retried: a 500 may have sent the message.
    let failed = parse(attempt_outcome(&meta(500), "{}", 0.0, 30_000.0, 1, 2, 0.5));
    assert_eq!(failed["error"]["status"], 500);
    assert!(failed["retryInMs"].is_null());
}

#[test]
fn a_send_404_is_not_found_whatever_its_body_says() {
    let meta = ResponseMeta {
        status: 404,
        ..ResponseMeta::default()
    };
    for body in [
        r#"{"errorMessage":"Application, channel, webhook, or log not found"}"#,
        r#"{"errorCode":"log_not_found"}"#,
        r#"{"errorMessage":"Channel not found, please login again"}"#,
    ] {
        let failure = read_response(&meta, body, 0.0).expect_err("a 404");
        assert_eq!(failure.code, "not_found", "{body}");
    }
}

#[test]
fn send_request_is_the_request_as_data_and_hides_the_key_from_debug() {
    let body = r#"{"from":"6cbd6789-1d2b-47e0-9391-5eb91d2839ea","to":"847495124317323","content":{"text":"hi"}}"#;
    let req = send_request(
        "https://api.chatt2.me/",
        " sk_test_1 ",
        Channel::Instagram,
        body,
    )
    .expect("valid");
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.url,
        "https://api.chatt2.me/v1/communication/instagram/message"
    );
    assert_eq!(req.body, body);
    assert!(req.headers.contains(&("x-api-key", "sk_test_1".into())));
    let shown = format!("{req:?}");
    assert!(
        !shown.contains("sk_test_1") && shown.contains("[redacted]"),
        "{shown}"
    );

    let invalid = r#"{"from":"6cbd6789-1d2b-47e0-9391-5eb91d2839ea","to":"847495124317323","content":{"text":""}}"#;
    let err = send_request("https://api.chatt2.me", "k", Channel::Instagram, invalid)
        .expect_err("empty text");
    assert_eq!(err.code(), "validation_failed");
    for (base, key) in [
        ("http://evil.example", "k"),
        ("https://a.b", "sk\nx"),
        ("https://a.b", "sk_€"),
        ("https://a.b", " "),
    ] {
        let err = send_request(base, key, Channel::Instagram, body).expect_err("config");
        assert_eq!(err.code(), "invalid_config");
        assert!(!err.message().contains("sk\nx") && !err.message().contains('€'));
    }
}

#[test]
fn web_chatt_session_not_found_is_its_own_failure() {
    let ok = ResponseMeta {
        status: 200,
        ..ResponseMeta::default()
    };
    let body = r#"{"messageId":null,"status":"error","errorCode":"session_not_found","errorMessage":"No active session"}"#;
    let f = read_response(&ok, body, 0.0).unwrap_err();
    assert_eq!(f.code, "session_not_found");
    assert_eq!(f.error_code.as_deref(), Some("session_not_found"));
    let not_found = ResponseMeta {
        status: 404,
        ..ResponseMeta::default()
    };
    let f = read_response(&not_found, r#"{"errorCode":"session_not_found"}"#, 0.0).unwrap_err();
    assert_eq!(f.code, "session_not_found");
    let other = r#"{"messageId":null,"status":"error","errorCode":"130472"}"#;
    assert_eq!(
        read_response(&ok, other, 0.0).unwrap_err().code,
        "send_failed"
    );
}
