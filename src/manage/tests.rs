use super::*;

const W: &str = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const L: &str = "b2c3d4e5-f6a7-8901-bcde-f23456789012";

fn issues(result: Result<Call, Error>) -> Vec<(String, &'static str)> {
    match result {
        Ok(call) => panic!("expected issues, got {call:?}"),
        Err(e) => e
            .issues()
            .iter()
            .map(|i| (i.path.clone(), i.code.as_str()))
            .collect(),
    }
}

fn pairs(expected: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    expected.iter().map(|(p, c)| (p.to_string(), *c)).collect()
}

#[test]
fn create_accepts_the_documented_bodies() {
    // The docs site's example (label, no requiresSignature) and the spec's (scope, headers).
    let site = include_str!("../../tests/fixtures/chatt2me-site/requests/create-webhook.json");
    let call = create(site).expect("the site's example is valid");
    assert_eq!(
        (call.method, call.path.as_str()),
        (Method::Post, "/v1/organization/webhook")
    );
    assert_eq!(call.body.as_deref(), Some(site));
    let spec = r#"{"endpoint":"https://x.example/h?k=1","eventType":"MessageStatus","authenticationProtocol":"JWTExchange","scope":null,"headers":[{"key":"X-Secret","value":"s3"}],"requiresSignature":true}"#;
    assert!(create(spec).is_ok());
    for local in [
        "http://127.0.0.1:8080/h",
        "http://localhost/h",
        "http://[::1]:9/x",
    ] {
        let body = format!(
            r#"{{"endpoint":"{local}","eventType":"Message","authenticationProtocol":"NoAuthentication"}}"#
        );
        assert!(create(&body).is_ok(), "{local}");
    }
}

#[test]
fn create_reports_every_problem_by_path() {
    let body = r#"{"endpoint":"http://example.com/h","eventType":"Messages","authenticationProtocol":"OAuth","label":"","scope":7,"requiresSignature":"yes","headers":[{"key":"X Bad","value":"a\r\nb"},{"key":"content-length","value":"1"},{"key":"x-a","value":"1"},{"key":"X-A","value":"2","extra":1}],"lable":"x"}"#;
    assert_eq!(
        issues(create(body)),
        pairs(&[
            ("lable", "unknown_field"),
            ("endpoint", "invalid_url"),
            ("eventType", "invalid_value"),
            ("authenticationProtocol", "invalid_value"),
            ("label", "too_short"),
            ("scope", "invalid_type"),
            ("requiresSignature", "invalid_type"),
            ("headers[0].key", "invalid_format"),
            ("headers[0].value", "invalid_format"),
            ("headers[1].key", "invalid_value"),
            ("headers[3].extra", "unknown_field"),
            ("headers[3].key", "conflict"),
        ])
    );
    assert_eq!(
        issues(create("{}")),
        pairs(&[
            ("endpoint", "required"),
            ("eventType", "required"),
            ("authenticationProtocol", "required"),
        ])
    );
    assert_eq!(issues(create("[]")), pairs(&[("", "invalid_type")]));
    // Look-alikes of loopback are remote hosts.
    for remote in [
        "http://127.0.0.1.evil.example/",
        "http://localhost.evil.example/",
        "http://localhost@evil.example/",
        "ftp://localhost/",
    ] {
        let body = format!(
            r#"{{"endpoint":"{remote}","eventType":"Message","authenticationProtocol":"JWT"}}"#
        );
        assert_eq!(
            issues(create(&body)),
            pairs(&[("endpoint", "invalid_url")]),
            "{remote}"
        );
    }
}

#[test]
fn update_needs_one_field_and_a_uuid() {
    let call = update(Ok(W), r#"{"requiresSignature":true}"#).expect("valid");
    assert_eq!(call.method, Method::Patch);
    assert_eq!(call.path, format!("/v1/organization/webhook/{W}"));
    // It may turn signing on and issue a secret shown once: never repeated.
    assert!(!call.idempotent());
    assert_eq!(
        issues(update(Ok("nope"), "{}")),
        pairs(&[("webhookId", "invalid_format"), ("", "required")])
    );
    assert_eq!(
        issues(update(Err("number"), r#"{"eventType":"x"}"#)),
        pairs(&[
            ("webhookId", "invalid_type"),
            ("eventType", "invalid_value")
        ])
    );
}

#[test]
fn pages_and_logs() {
    assert_eq!(
        list(None, "null").map(|c| c.path),
        Ok("/v1/organization/webhook".into())
    );
    let call = list(Some(Ok(W)), r#"{"offset":40,"limit":20,"status":"Failed"}"#).expect("valid");
    assert_eq!(
        call.path,
        format!("/v1/organization/webhook/{W}/webhook-log?offset=40&limit=20&status=Failed")
    );
    assert_eq!(call.answer, Answer::Logs);
    assert_eq!(
        issues(list(None, r#"{"offset":-1,"limit":51,"status":"Error"}"#)),
        pairs(&[
            ("status", "unknown_field"),
            ("offset", "invalid_value"),
            ("limit", "invalid_value")
        ])
    );
    assert_eq!(
        issues(list(Some(Ok(W)), r#"{"limit":1.5,"status":"Pending"}"#)),
        pairs(&[("limit", "invalid_value"), ("status", "invalid_value")])
    );
    // Call options may travel with the page options; they are not sent.
    assert_eq!(
        list(None, r#"{"timeoutMs":5,"signal":{}}"#).map(|c| c.path),
        Ok("/v1/organization/webhook".into())
    );
}

#[test]
fn retries() {
    let one = retry_log(Ok(W), Ok(L)).expect("valid");
    assert_eq!(
        (one.method, one.body.is_none(), one.idempotent()),
        (Method::Post, true, false)
    );
    assert_eq!(
        one.path,
        format!("/v1/organization/webhook/{W}/webhook-log/{L}/retry")
    );
    let many = retry_logs(Ok(W), &format!(r#"["{L}"]"#)).expect("valid");
    assert_eq!(many.body, Some(format!(r#"{{"webhookLogIds":["{L}"]}}"#)));
    assert_eq!(
        issues(retry_logs(
            Ok(W),
            &format!(r#"["{L}", 3, "x", "{}"]"#, L.to_uppercase())
        )),
        pairs(&[
            ("webhookLogIds[1]", "invalid_type"),
            ("webhookLogIds[2]", "invalid_format"),
            ("webhookLogIds[3]", "conflict"),
        ])
    );
    assert_eq!(
        issues(retry_logs(Ok(W), "[]")),
        pairs(&[("webhookLogIds", "too_few")])
    );
    assert_eq!(
        issues(retry_log(Ok(""), Err("undefined"))),
        pairs(&[
            ("webhookId", "invalid_format"),
            ("webhookLogId", "invalid_type")
        ])
    );
}

fn meta(status: u16) -> ResponseMeta {
    ResponseMeta {
        status,
        ..ResponseMeta::default()
    }
}

#[test]
fn answers_are_read_leniently_and_exactly() {
    let call = one(Method::Get, Ok(W)).expect("valid");
    let body = r#"{"id":"a1","applicationId":12345678901234567890,"active":"yes","createdDate":"2026-02-09T12:10:00.000Z","verifiedAt":null,"future":{"n":9007199254740993,"huge":123456789012345678901234}}"#;
    let json = call
        .read(&meta(200), body, 0.0, false)
        .expect("read")
        .expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["id"], "a1");
    assert_eq!(v["applicationId"], "12345678901234567890");
    assert_eq!(v["active"], serde_json::Value::Null);
    assert_eq!(v["createdDate"], 1_770_639_000_000.0);
    assert_eq!(v["verifiedAt"], serde_json::Value::Null);
    assert_eq!(v["raw"]["future"]["n"], "9007199254740993");
    assert_eq!(v["raw"]["future"]["huge"], "123456789012345678901234");
    let logs = include_str!("../../tests/fixtures/chatt2me-site/responses/list-webhook-logs.json");
    let call = list(Some(Ok(W)), "null").expect("valid");
    let json = call
        .read(&meta(200), logs, 0.0, false)
        .expect("read")
        .expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["data"][0]["status"], "Success");
    assert_eq!(v["data"][0]["statusCode"], 200.0);
    assert_eq!(v["data"][0]["webhook"]["eventType"], "Message");
    assert_eq!(v["data"][0]["isDeleted"], serde_json::Value::Null);
    assert_eq!(v["pagination"]["totalPages"], 1.0);
    let bulk =
        include_str!("../../tests/fixtures/chatt2me-site/responses/retry-webhook-logs-bulk.json");
    let json = retry_logs(Ok(W), &format!(r#"["{L}"]"#))
        .expect("valid")
        .read(&meta(200), bulk, 0.0, false)
        .expect("read")
        .expect("json");
    assert!(json.contains(r#"{"webhookLogId":"c3d4e5f6-a7b8-9012-cdef-345678901234","success":false,"newLogId":null}"#), "{json}");
}

#[test]
fn failures_name_what_was_not_found() {
    let call = retry_log(Ok(W), Ok(L)).expect("valid");
    let read = |status, body: &str| {
        call.read(&meta(status), body, 0.0, false)
            .map_err(|f| f.code)
    };
    assert_eq!(
        read(404, r#"{"errorCode":"log_not_found"}"#),
        Err("log_not_found")
    );
    assert_eq!(
        read(
            404,
            r#"{"errorMessage":"Webhook not found for this application"}"#
        ),
        Err("webhook_not_found")
    );
    assert_eq!(read(404, ""), Err("not_found"));
    assert_eq!(
        read(404, r#"{"errorMessage":"Webhook log not found"}"#),
        Err("log_not_found")
    );
    assert_eq!(
        read(
            404,
            r#"{"errorCode":"WEBHOOK_NOT_FOUND","errorMessage":"log"}"#
        ),
        Err("webhook_not_found")
    );
    // The docs' generic text names everything: it names nothing in particular.
    assert_eq!(
        read(
            404,
            r#"{"errorMessage":"Application, channel, webhook, or log not found for the credentials used"}"#
        ),
        Err("not_found")
    );
    assert_eq!(
        read(404, r#"{"errorMessage":"Please login again"}"#),
        Err("not_found")
    );
    assert_eq!(
        read(400, r#"{"errorMessage":"Log cannot be retried"}"#),
        Err("bad_request")
    );
    assert_eq!(read(200, "[]"), Err("invalid_response"));
    let delete = one(Method::Delete, Ok(W)).expect("valid");
    assert_eq!(
        delete.read(&meta(204), "", 0.0, false).map_err(|f| f.code),
        Ok(None)
    );
}

#[test]
fn only_get_and_delete_are_repeated_and_a_delete_retried_after_an_effect_finds_it_gone() {
    let get = one(Method::Get, Ok(W)).expect("valid");
    let delete = one(Method::Delete, Ok(W)).expect("valid");
    let patch = update(Ok(W), r#"{"label":"x"}"#).expect("valid");
    let create_call = create(
        r#"{"label":"a","endpoint":"https://a.example/h","eventType":"Message","authenticationProtocol":"NoAuthentication"}"#,
    )
    .expect("valid");
    assert_eq!(
        [&get, &delete, &patch, &create_call].map(|c| c.idempotent()),
        [true, true, false, false]
    );
    let gone = r#"{"errorCode":"webhook_not_found","errorMessage":"Webhook not found"}"#;
    // The first attempt's 404 is a real one; after an attempt that may have deleted it, the
    // same 404 is the delete having happened.
    assert_eq!(
        delete
            .read(&meta(404), gone, 0.0, false)
            .map_err(|f| f.code),
        Err("webhook_not_found")
    );
    assert_eq!(
        delete.read(&meta(404), gone, 0.0, true).map_err(|f| f.code),
        Ok(None)
    );
    // Only DELETE: a GET's 404 stays one.
    assert_eq!(
        get.read(&meta(404), gone, 0.0, true).map_err(|f| f.code),
        Err("webhook_not_found")
    );
}

#[test]
fn a_lost_answer_says_the_outcome_is_unknown_and_what_to_do() {
    assert_eq!(
        one(Method::Get, Ok(W)).expect("valid").unknown_outcome(),
        ""
    );
    let label = update(Ok(W), r#"{"label":"x"}"#)
        .expect("valid")
        .unknown_outcome();
    assert!(
        label.contains("whether the webhook was changed is unknown"),
        "{label}"
    );
    assert!(
        label.contains(&format!("hub.webhooks.get(\"{W}\")")),
        "{label}"
    );
    assert!(!label.contains("signing secret"), "{label}");
    let signed = update(Ok(W), r#"{"requiresSignature":true}"#)
        .expect("valid")
        .unknown_outcome();
    assert!(
        signed.contains("signing secret that nobody saw"),
        "{signed}"
    );
    assert!(signed.contains("redefine signature"), "{signed}");
    assert!(signed.contains("create it again"), "{signed}");
    let retried = retry_log(Ok(W), Ok(L)).expect("valid").unknown_outcome();
    assert!(retried.contains("re-sent is unknown"), "{retried}");
}

#[test]
fn inputs_over_64_kib_are_refused_whole() {
    let label = "x".repeat(70_000);
    let body = format!(
        r#"{{"label":"{label}","endpoint":"https://a.example/h","eventType":"Message","authenticationProtocol":"JWT"}}"#
    );
    let err = create(&body).expect_err("too large");
    assert_eq!(
        err.issues()
            .iter()
            .map(|i| (i.path.as_str(), i.code.as_str()))
            .collect::<Vec<_>>(),
        [("", "too_long")]
    );
    assert!(
        err.message().starts_with("The webhook is invalid"),
        "{}",
        err.message()
    );
}
