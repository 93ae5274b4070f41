//! Every rule with a passing and a failing case, on both channels where they differ.

use serde_json::{json, Value};

use super::*;

const UUID: &str = "6cbd6789-1d2b-47e0-9391-5eb91d2839ea";

fn body(content: Value) -> Value {
    json!({ "from": UUID, "to": "847495124317323", "content": content })
}

/// The issues of a body written with `json!`, as JSON text through [`check_json`].
fn issues(channel: Channel, v: &Value) -> Vec<Issue> {
    match check_json(channel, &v.to_string()) {
        Ok(()) => Vec::new(),
        Err(e) => e.issues().to_vec(),
    }
}

/// `(path, code)` of every issue.
fn found(channel: Channel, v: &Value) -> Vec<(String, &'static str)> {
    issues(channel, v)
        .into_iter()
        .map(|i| (i.path, i.code.as_str()))
        .collect()
}

fn ok_on(channel: Channel, content: Value) {
    let found = issues(channel, &body(content.clone()));
    assert!(found.is_empty(), "{content} on {channel:?}: {found:#?}");
}

fn ok(content: Value) {
    ok_on(Channel::Instagram, content);
}

fn fails_on(channel: Channel, content: Value, path: &str, code: &str) {
    let f = found(channel, &body(content.clone()));
    assert!(
        f.iter().any(|(p, c)| p == path && *c == code),
        "expected {code} at {path} for {content} on {channel:?}; got {f:?}"
    );
}

fn fails(content: Value, path: &str, code: &str) {
    fails_on(Channel::Instagram, content, path, code);
}

fn message_of(content: Value, path: &str) -> String {
    issues(Channel::Instagram, &body(content))
        .into_iter()
        .find(|i| i.path == path)
        .map(|i| i.message)
        .unwrap_or_default()
}

// --- envelope ------------------------------------------------------------------------------

#[test]
fn envelope_must_be_an_object() {
    for v in [json!(null), json!(1), json!("x"), json!([1])] {
        assert_eq!(
            found(Channel::Instagram, &v),
            vec![(String::new(), "invalid_type")]
        );
    }
}

#[test]
fn envelope_fields_required() {
    let f = found(Channel::Instagram, &json!({}));
    assert!(f.contains(&("from".into(), "required")));
    assert!(f.contains(&("to".into(), "required")));
    assert!(f.contains(&("content".into(), "required")));
}

#[test]
fn envelope_is_closed_with_hints() {
    let mut v = body(json!({"text": "hi"}));
    v["recipient"] = json!({"id": "1"});
    assert_eq!(
        found(Channel::Instagram, &v),
        vec![("recipient".into(), "unknown_field")]
    );
    let mut v = body(json!({"text": "hi"}));
    v["From"] = json!("x");
    let found = issues(Channel::Instagram, &v);
    assert!(
        found[0].message.contains("did you mean `from`"),
        "{found:?}"
    );
}

#[test]
fn from_uuid_or_username() {
    for from in [UUID, "chatt2me_demo", "@chatt2me.demo", "A1"] {
        let mut v = body(json!({"text": "hi"}));
        v["from"] = json!(from);
        assert!(issues(Channel::Instagram, &v).is_empty(), "{from}");
    }
    for (from, code) in [
        ("", "too_short"),
        ("has space", "invalid_format"),
        ("dash-name", "invalid_format"),
        ("@", "invalid_format"),
    ] {
        let mut v = body(json!({"text": "hi"}));
        v["from"] = json!(from);
        assert_eq!(
            found(Channel::Instagram, &v),
            vec![("from".into(), code)],
            "{from}"
        );
    }
    let mut v = body(json!({"text": "hi"}));
    v["from"] = json!(42);
    assert_eq!(
        found(Channel::Instagram, &v),
        vec![("from".into(), "invalid_type")]
    );
    let long = "a".repeat(31);
    let mut v = body(json!({"text": "hi"}));
    v["from"] = json!(long);
    assert_eq!(
        found(Channel::Instagram, &v),
        vec![("from".into(), "invalid_format")]
    );
}

#[test]
fn from_on_messenger_is_uuid_or_page_id() {
    let mut v = body(json!({"text": "hi"}));
    v["from"] = json!("847421668462669");
    assert!(issues(Channel::Messenger, &v).is_empty());
    v["from"] = json!("page id");
    assert_eq!(
        found(Channel::Messenger, &v),
        vec![("from".into(), "invalid_format")]
    );
}

#[test]
fn to_non_empty_without_whitespace() {
    for (to, expect) in [
        (json!(""), Some("too_short")),
        (json!("84 7"), Some("invalid_format")),
        (json!("84\t7"), Some("invalid_format")),
        (json!(847), Some("invalid_type")),
        (json!("abc"), None),
    ] {
        let mut v = body(json!({"text": "hi"}));
        v["to"] = to.clone();
        let f = found(Channel::Instagram, &v);
        match expect {
            Some(code) => assert_eq!(f, vec![("to".into(), code)], "{to}"),
            None => assert!(f.is_empty(), "{to}: {f:?}"),
        }
    }
}

#[test]
fn content_must_be_an_object_with_something() {
    fails(json!("hi"), "content", "invalid_type");
    fails(json!([]), "content", "invalid_type");
    fails(json!({}), "content", "required");
    fails(json!({"txt": "hi"}), "content.txt", "unknown_field");
    assert!(message_of(json!({"txt": "hi"}), "content.txt").contains("did you mean `text`"));
    assert!(
        message_of(json!({"quickReplies": []}), "content.quickReplies")
            .contains("did you mean `quick_replies`")
    );
}

#[test]
fn all_issues_at_once() {
    let v = json!({"from": "", "to": "a b", "content": {"text": "", "quick_replies": [{"content_type": "text", "title": "", "payload": ""}]}});
    let f = found(Channel::Instagram, &v);
    assert!(f.len() >= 5, "{f:?}");
}

// --- text ----------------------------------------------------------------------------------

#[test]
fn text_limits_instagram_bytes() {
    ok(json!({"text": "a".repeat(1000)}));
    fails(
        json!({"text": "a".repeat(1001)}),
        "content.text",
        "too_long",
    );
    // 334 × "é" (2 bytes) = 668 bytes fine; 500 × "€" (3 bytes) = 1500 bytes too long.
    ok(json!({"text": "é".repeat(334)}));
    fails(json!({"text": "€".repeat(500)}), "content.text", "too_long");
    assert_eq!(
        message_of(json!({"text": "€".repeat(500)}), "content.text"),
        "text is 1500 bytes in UTF-8; the limit is 1000 bytes"
    );
    fails(json!({"text": ""}), "content.text", "too_short");
    fails(json!({"text": 5}), "content.text", "invalid_type");
    fails(json!({"text": null}), "content.text", "invalid_type");
}

#[test]
fn text_limits_messenger_characters() {
    ok_on(Channel::Messenger, json!({"text": "€".repeat(1999)}));
    fails_on(
        Channel::Messenger,
        json!({"text": "a".repeat(2000)}),
        "content.text",
        "too_long",
    );
}

// --- exactly one kind of content ----------------------------------------------------------

#[test]
fn one_kind_of_content() {
    fails(
        json!({"text": "hi", "attachment": {"type": "like_heart"}}),
        "content.attachment",
        "conflict",
    );
    fails(
        json!({"attachment": {"type": "like_heart"}, "sender_action": "typing_on"}),
        "content.sender_action",
        "conflict",
    );
    fails(
        json!({"imageUrl": "https://a.b/c.jpg", "videoUrl": "https://a.b/c.mp4"}),
        "content.videoUrl",
        "conflict",
    );
    fails(
        json!({"text": "hi", "interactive": {"type": "button", "body": {"text": "x"}, "action": {"buttons": [{"type": "reply", "reply": {"id": "a", "title": "A"}}]}}}),
        "content.text",
        "conflict",
    );
}

#[test]
fn never_a_mix_of_models() {
    let f = found(
        Channel::Instagram,
        &body(json!({"imageUrl": "https://a.b/c.jpg", "quick_replies": []})),
    );
    assert!(
        f.contains(&("content.imageUrl".into(), "conflict")),
        "{f:?}"
    );
}

// --- attachments ---------------------------------------------------------------------------

#[test]
fn media_attachments() {
    for t in ["image", "audio", "video", "file"] {
        ok(json!({"attachment": {"type": t, "payload": {"url": "https://cdn.example.com/x"}}}));
        ok(json!({"attachment": {"type": t, "payload": {"attachment_id": "1234"}}}));
        fails(
            json!({"attachment": {"type": t}}),
            "content.attachment.payload",
            "required",
        );
        fails(
            json!({"attachment": {"type": t, "payload": {}}}),
            "content.attachment.payload.url",
            "required",
        );
        fails(
            json!({"attachment": {"type": t, "payload": {"url": "http://cdn.example.com/x"}}}),
            "content.attachment.payload.url",
            "invalid_url",
        );
        fails(
            json!({"attachment": {"type": t, "payload": {"url": "https://a.b/x", "attachment_id": "1"}}}),
            "content.attachment.payload.attachment_id",
            "conflict",
        );
    }
    ok(
        json!({"attachment": {"type": "image", "payload": {"url": "https://a.b/x", "is_reusable": true}}}),
    );
    fails(
        json!({"attachment": {"type": "image", "payload": {"url": "https://a.b/x", "is_reusable": "yes"}}}),
        "content.attachment.payload.is_reusable",
        "invalid_type",
    );
    fails(
        json!({"attachment": {"type": "image", "payload": {"url": "https://a.b/x", "size": 1}}}),
        "content.attachment.payload.size",
        "unknown_field",
    );
    fails(
        json!({"attachment": {"type": "gif", "payload": {"url": "https://a.b/x"}}}),
        "content.attachment.type",
        "invalid_value",
    );
    fails(
        json!({"attachment": {"payload": {"url": "https://a.b/x"}}}),
        "content.attachment.type",
        "required",
    );
    fails(
        json!({"attachment": {"type": "image", "payload": {"url": "https://a.b/x"}, "extra": 1}}),
        "content.attachment.extra",
        "unknown_field",
    );
}

#[test]
fn like_heart_and_media_share() {
    ok(json!({"attachment": {"type": "like_heart"}}));
    fails(
        json!({"attachment": {"type": "like_heart", "payload": {}}}),
        "content.attachment.payload",
        "conflict",
    );
    fails_on(
        Channel::Messenger,
        json!({"attachment": {"type": "like_heart"}}),
        "content.attachment.type",
        "not_supported",
    );
    ok(json!({"attachment": {"type": "MEDIA_SHARE", "payload": {"id": "17895695668004550"}}}));
    fails(
        json!({"attachment": {"type": "MEDIA_SHARE", "payload": {}}}),
        "content.attachment.payload.id",
        "required",
    );
    fails_on(
        Channel::Messenger,
        json!({"attachment": {"type": "MEDIA_SHARE", "payload": {"id": "1"}}}),
        "content.attachment.type",
        "not_supported",
    );
}

#[test]
fn attachments_array_images_only() {
    let img = json!({"type": "image", "payload": {"url": "https://a.b/x.jpg"}});
    ok(json!({"attachments": [img.clone(), {"type": "image", "payload": {"attachment_id": "9"}}]}));
    ok(json!({"attachments": vec![img.clone(); 10]}));
    fails(
        json!({"attachments": vec![img.clone(); 11]}),
        "content.attachments",
        "too_many",
    );
    fails(json!({"attachments": []}), "content.attachments", "too_few");
    fails(
        json!({"attachments": [img, {"type": "video", "payload": {"url": "https://a.b/x.mp4"}}]}),
        "content.attachments[1].type",
        "invalid_value",
    );
    fails(
        json!({"attachments": {"type": "image"}}),
        "content.attachments",
        "invalid_type",
    );
}

// --- templates -----------------------------------------------------------------------------

fn web_url(title: &str) -> Value {
    json!({"type": "web_url", "url": "https://www.messenger.com", "title": title})
}

fn postback(title: &str, payload: &str) -> Value {
    json!({"type": "postback", "title": title, "payload": payload})
}

fn button_template(text: &str, buttons: Vec<Value>) -> Value {
    json!({"attachment": {"type": "template", "payload": {"template_type": "button", "text": text, "buttons": buttons}}})
}

#[test]
fn button_template_rules() {
    ok(button_template(
        "Tap a button",
        vec![web_url("Abrir"), postback("Falar com suporte", "SUPORTE")],
    ));
    ok(button_template(&"x".repeat(640), vec![web_url("a"); 3]));
    let p = "content.attachment.payload";
    fails(
        button_template(&"x".repeat(641), vec![web_url("a")]),
        &format!("{p}.text"),
        "too_long",
    );
    fails(
        button_template("t", vec![]),
        &format!("{p}.buttons"),
        "too_few",
    );
    fails(
        button_template("t", vec![web_url("a"); 4]),
        &format!("{p}.buttons"),
        "too_many",
    );
    fails(
        button_template("t", vec![web_url(&"x".repeat(21))]),
        &format!("{p}.buttons[0].title"),
        "too_long",
    );
    fails(
        button_template(
            "t",
            vec![json!({"type": "web_url", "url": "http://x.com", "title": "a"})],
        ),
        &format!("{p}.buttons[0].url"),
        "invalid_url",
    );
    fails(
        button_template("t", vec![postback("a", &"x".repeat(1001))]),
        &format!("{p}.buttons[0].payload"),
        "too_long",
    );
    fails(
        button_template(
            "t",
            vec![json!({"type": "phone_number", "title": "a", "payload": "+1"})],
        ),
        &format!("{p}.buttons[0].type"),
        "not_supported",
    );
    fails(
        button_template("t", vec![json!({"type": "call", "title": "a"})]),
        &format!("{p}.buttons[0].type"),
        "invalid_value",
    );
    fails(
        button_template(
            "t",
            vec![json!({"type": "postback", "title": "a", "payload": "p", "url": "https://x.com"})],
        ),
        &format!("{p}.buttons[0].url"),
        "unknown_field",
    );
    fails(
        json!({"attachment": {"type": "template", "payload": {"template_type": "media"}}}),
        &format!("{p}.template_type"),
        "not_supported",
    );
    fails(
        json!({"attachment": {"type": "template", "payload": {"template_type": "coupon"}}}),
        &format!("{p}.template_type"),
        "invalid_value",
    );
    fails(json!({"attachment": {"type": "template"}}), p, "required");
}

fn generic(elements: Vec<Value>) -> Value {
    json!({"attachment": {"type": "template", "payload": {"template_type": "generic", "elements": elements}}})
}

#[test]
fn generic_template_rules() {
    let el = json!({"title": "Card 1", "subtitle": "Subtitle 1", "image_url": "https://a.b/c.jpg", "default_action": {"type": "web_url", "url": "https://example.com/"}, "buttons": [postback("Select", "CARD1")]});
    ok(generic(vec![el.clone()]));
    ok(generic(vec![el.clone(); 10]));
    ok(
        json!({"attachment": {"type": "template", "payload": {"template_type": "generic", "sharable": false, "image_aspect_ratio": "square", "elements": [el.clone()]}}}),
    );
    let p = "content.attachment.payload.elements";
    fails(generic(vec![el.clone(); 11]), p, "too_many");
    fails(generic(vec![]), p, "too_few");
    fails(
        generic(vec![json!({"subtitle": "s"})]),
        &format!("{p}[0].title"),
        "required",
    );
    fails(
        generic(vec![json!({"title": "only a title"})]),
        &format!("{p}[0]"),
        "required",
    );
    fails(
        generic(vec![json!({"title": "x".repeat(81), "subtitle": "s"})]),
        &format!("{p}[0].title"),
        "too_long",
    );
    fails(
        generic(vec![json!({"title": "t", "subtitle": "x".repeat(81)})]),
        &format!("{p}[0].subtitle"),
        "too_long",
    );
    fails(
        generic(vec![
            json!({"title": "t", "buttons": vec![postback("a", "b"); 4]}),
        ]),
        &format!("{p}[0].buttons"),
        "too_many",
    );
    fails(
        generic(vec![json!({"title": "t", "image_url": "ftp://x"})]),
        &format!("{p}[0].image_url"),
        "invalid_url",
    );
    fails(
        generic(vec![json!({"title": "t", "color": "red"})]),
        &format!("{p}[0].color"),
        "unknown_field",
    );
    fails(
        generic(vec![
            json!({"title": "t", "default_action": {"type": "postback", "url": "https://x.com"}}),
        ]),
        &format!("{p}[0].default_action.type"),
        "invalid_value",
    );
    fails(
        json!({"attachment": {"type": "template", "payload": {"template_type": "generic", "image_aspect_ratio": "wide", "elements": [el]}}}),
        "content.attachment.payload.image_aspect_ratio",
        "invalid_value",
    );
}

// --- quick replies -------------------------------------------------------------------------

fn qr(title: &str, payload: &str) -> Value {
    json!({"content_type": "text", "title": title, "payload": payload})
}

#[test]
fn quick_reply_rules() {
    ok(
        json!({"text": "Como posso ajudar?", "quick_replies": [qr("Suporte", "SUPORTE"), qr("Vendas", "VENDAS")]}),
    );
    ok(json!({"text": "t", "quick_replies": vec![qr("a", "b"); 13]}));
    ok(
        json!({"text": "t", "quick_replies": [{"content_type": "user_email"}, {"content_type": "user_phone_number"}]}),
    );
    fails(
        json!({"text": "t", "quick_replies": vec![qr("a", "b"); 14]}),
        "content.quick_replies",
        "too_many",
    );
    fails(
        json!({"text": "t", "quick_replies": []}),
        "content.quick_replies",
        "too_few",
    );
    fails(
        json!({"text": "t", "quick_replies": [qr("a", "b"), qr("a", "b"), qr(&"x".repeat(24), "b")]}),
        "content.quick_replies[2].title",
        "too_long",
    );
    assert_eq!(
        message_of(
            json!({"text": "t", "quick_replies": [qr(&"x".repeat(24), "b")]}),
            "content.quick_replies[0].title"
        ),
        "title is 24 characters; the limit is 20"
    );
    fails(
        json!({"text": "t", "quick_replies": [qr("", "b")]}),
        "content.quick_replies[0].title",
        "too_short",
    );
    fails(
        json!({"text": "t", "quick_replies": [qr("a", &"x".repeat(1001))]}),
        "content.quick_replies[0].payload",
        "too_long",
    );
    fails(
        json!({"text": "t", "quick_replies": [{"content_type": "text", "payload": "p"}]}),
        "content.quick_replies[0].title",
        "required",
    );
    fails(
        json!({"text": "t", "quick_replies": [{"content_type": "text", "title": "a"}]}),
        "content.quick_replies[0].payload",
        "required",
    );
    fails(
        json!({"text": "t", "quick_replies": [{"content_type": "phone"}]}),
        "content.quick_replies[0].content_type",
        "invalid_value",
    );
    fails(
        json!({"text": "t", "quick_replies": [{"content_type": "text", "title": "a", "payload": 1}]}),
        "content.quick_replies[0].payload",
        "invalid_type",
    );
    fails(
        json!({"text": "t", "quick_replies": [{"content_type": "text", "title": "a", "payload": "p", "imageUrl": "x"}]}),
        "content.quick_replies[0].imageUrl",
        "unknown_field",
    );
    fails(
        json!({"quick_replies": [qr("a", "b")]}),
        "content.text",
        "required",
    );
    // Emoji titles count characters, not bytes.
    ok(json!({"text": "t", "quick_replies": [qr(&"😀".repeat(20), "b")]}));
}

// --- Meta's optional fields and retired types ----------------------------------------------

#[test]
fn url_button_and_default_action_optional_fields() {
    let full = json!({
        "type": "web_url",
        "url": "https://petersapparel.parseapp.com",
        "title": "Show Website",
        "webview_height_ratio": "full",
        "messenger_extensions": true,
        "fallback_url": "https://petersfancyapparel.com/fallback",
        "webview_share_button": "hide"
    });
    ok(button_template("What next?", vec![full.clone()]));
    ok_on(
        Channel::Messenger,
        button_template("What next?", vec![full.clone()]),
    );
    let mut action = full.clone();
    action.as_object_mut().unwrap().remove("title");
    ok(generic(vec![
        json!({"title": "T", "default_action": action}),
    ]));
    for (key, bad, code) in [
        ("webview_share_button", json!("hidden"), "invalid_value"),
        ("webview_height_ratio", json!("half"), "invalid_value"),
        ("messenger_extensions", json!("true"), "invalid_type"),
        ("fallback_url", json!("http://a.b/fallback"), "invalid_url"),
    ] {
        let mut b = full.clone();
        b[key] = bad.clone();
        fails(
            button_template("t", vec![b]),
            &format!("content.attachment.payload.buttons[0].{key}"),
            code,
        );
        let mut a = action.clone();
        a[key] = bad;
        fails(
            generic(vec![json!({"title": "T", "default_action": a})]),
            &format!("content.attachment.payload.elements[0].default_action.{key}"),
            code,
        );
    }
    ok(button_template(
        "t",
        vec![
            json!({"type": "web_url", "url": "https://a.b", "title": "a", "webview_share_button": "show"}),
        ],
    ));
    // fallback_url needs no messenger_extensions beside it to be well-formed.
    let mut b = full.clone();
    b.as_object_mut().unwrap().remove("messenger_extensions");
    ok(button_template("t", vec![b]));
    // Still closed: a title on default_action, an unknown key on the button.
    let mut a = action.clone();
    a["title"] = json!("x");
    fails(
        generic(vec![json!({"title": "T", "default_action": a})]),
        "content.attachment.payload.elements[0].default_action.title",
        "unknown_field",
    );
    let mut b = full;
    b["webview_share"] = json!("hide");
    fails(
        button_template("t", vec![b]),
        "content.attachment.payload.buttons[0].webview_share",
        "unknown_field",
    );
}

#[test]
fn meta_bodies_of_other_projects() {
    // Send API bodies other SDKs post: their `message` is our `content`, on both channels.
    for file in [
        include_str!(
            "../../tests/fixtures/realworld/messenger4j-button-template-webview-share-hide.json"
        ),
        include_str!("../../tests/fixtures/realworld/messenger4j-text-metadata.json"),
        include_str!("../../tests/fixtures/realworld/messagingapis-generic-template.json"),
    ] {
        let v: Value = serde_json::from_str(file).unwrap();
        ok(v["message"].clone());
        ok_on(Channel::Messenger, v["message"].clone());
    }
    let list: Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/realworld/messenger4j-list-template.json"
    ))
    .unwrap();
    fails(
        list["message"].clone(),
        "content.attachment.payload.template_type",
        "not_supported",
    );
}

#[test]
fn message_metadata() {
    let m = "DEVELOPER_DEFINED_METADATA";
    for channel in [Channel::Instagram, Channel::Messenger] {
        ok_on(
            channel,
            json!({"text": "Hello Messenger Platform", "metadata": m}),
        );
        ok_on(
            channel,
            json!({"attachment": {"type": "image", "payload": {"url": "https://a.b/x.jpg"}}, "metadata": m}),
        );
    }
    ok(json!({"text": "t", "quick_replies": [qr("a", "b")], "metadata": "x".repeat(1000)}));
    ok(
        json!({"attachments": [{"type": "image", "payload": {"url": "https://a.b/x.jpg"}}], "metadata": ""}),
    );
    fails(
        json!({"text": "t", "metadata": "x".repeat(1001)}),
        "content.metadata",
        "too_long",
    );
    fails(
        json!({"text": "t", "metadata": {"k": 1}}),
        "content.metadata",
        "invalid_type",
    );
    fails(
        json!({"sender_action": "typing_on", "metadata": m}),
        "content.metadata",
        "conflict",
    );
    fails(json!({"metadata": m}), "content.text", "required");
    // A Meta field: never beside the Hub model.
    fails(
        json!({"imageUrl": "https://a.b/x.jpg", "metadata": m}),
        "content.imageUrl",
        "conflict",
    );
}

#[test]
fn retired_types_are_not_supported_and_say_so() {
    for (content, path) in [
        (
            json!({"text": "t", "quick_replies": [{"content_type": "location"}]}),
            "content.quick_replies[0].content_type",
        ),
        (
            json!({"attachment": {"type": "template", "payload": {"template_type": "list", "elements": []}}}),
            "content.attachment.payload.template_type",
        ),
        (
            json!({"attachment": {"type": "template", "payload": {"template_type": "open_graph", "elements": []}}}),
            "content.attachment.payload.template_type",
        ),
        (
            button_template("t", vec![json!({"type": "element_share"})]),
            "content.attachment.payload.buttons[0].type",
        ),
        (
            button_template(
                "t",
                vec![json!({"type": "payment", "title": "Buy", "payload": "p"})],
            ),
            "content.attachment.payload.buttons[0].type",
        ),
    ] {
        fails(content.clone(), path, "not_supported");
        fails_on(Channel::Messenger, content.clone(), path, "not_supported");
        assert!(
            message_of(content, path).contains("which Meta has deprecated"),
            "{path}"
        );
    }
    // Types that were never Meta's are typos, not retirements.
    fails(
        button_template("t", vec![json!({"type": "share", "title": "a"})]),
        "content.attachment.payload.buttons[0].type",
        "invalid_value",
    );
    fails(
        json!({"attachment": {"type": "template", "payload": {"template_type": "carousel"}}}),
        "content.attachment.payload.template_type",
        "invalid_value",
    );
}

// --- Messenger's buttons, templates and URLs beyond Instagram's (issues #18, #20) -------------

fn realworld(file: &str) -> Value {
    let text = match file {
        "generic-buttons" => {
            include_str!("../../tests/fixtures/realworld/messenger4j-generic-template-buttons.json")
        }
        "account-link" => include_str!(
            "../../tests/fixtures/realworld/messenger4j-generic-account-link-buttons.json"
        ),
        "media" => include_str!("../../tests/fixtures/realworld/fbsamples-fb-media-template.json"),
        "receipt" => {
            include_str!("../../tests/fixtures/realworld/messagingapis-receipt-template.json")
        }
        "receipt-u003d" => {
            include_str!("../../tests/fixtures/realworld/messenger4j-receipt-template-u003d.json")
        }
        "one-time" => {
            include_str!("../../tests/fixtures/realworld/messagingapis-one-time-notif-req.json")
        }
        "qr-http" => include_str!(
            "../../tests/fixtures/realworld/messagingapis-text-quick-replies-image-url.json"
        ),
        _ => {
            include_str!("../../tests/fixtures/realworld/backaged-ig-message-product-template.json")
        }
    };
    let v: Value = serde_json::from_str(text).unwrap();
    v.get("message").cloned().unwrap_or(v)
}

fn ms_ok(content: Value) {
    ok_on(Channel::Messenger, content);
}

fn ms_fails(content: Value, path: &str, code: &str) {
    fails_on(Channel::Messenger, content, path, code);
}

#[test]
fn call_buttons_on_messenger_only() {
    // Meta's call button sample (button template), and a generic template of another project.
    let call =
        json!({"type": "phone_number", "title": "Call Representative", "payload": "+15105551234"});
    let sample = button_template(
        "Need further assistance? Talk to a representative",
        vec![call.clone()],
    );
    ms_ok(sample.clone());
    ms_ok(realworld("generic-buttons"));
    let b = "content.attachment.payload.buttons[0]";
    for bad in [
        "15105551234",
        "+0105551234",
        "+1 510 555 1234",
        "+123456",
        "+1234567890123456",
        "",
    ] {
        let mut c = call.clone();
        c["payload"] = json!(bad);
        ms_fails(
            button_template("t", vec![c]),
            &format!("{b}.payload"),
            "invalid_format",
        );
    }
    let mut c = call.clone();
    c["title"] = json!("x".repeat(21));
    ms_fails(
        button_template("t", vec![c]),
        &format!("{b}.title"),
        "too_long",
    );
    let mut c = call.clone();
    c.as_object_mut().unwrap().remove("payload");
    ms_fails(
        button_template("t", vec![c]),
        &format!("{b}.payload"),
        "required",
    );
    let mut c = call.clone();
    c["url"] = json!("https://a.b");
    ms_fails(
        button_template("t", vec![c]),
        &format!("{b}.url"),
        "unknown_field",
    );
    // Instagram refuses it, and says which channel has it.
    fails(sample.clone(), &format!("{b}.type"), "not_supported");
    let msg = message_of(sample, &format!("{b}.type"));
    assert!(
        msg.contains("Instagram") && msg.contains("Messenger"),
        "{msg}"
    );
    fails(
        realworld("generic-buttons"),
        "content.attachment.payload.elements[0].buttons[1].type",
        "not_supported",
    );
}

#[test]
fn log_in_log_out_and_game_play_buttons() {
    // Meta's samples: log in is a `url` (https) without title, log out only a type.
    ms_ok(button_template(
        "Try the log in button!",
        vec![json!({"type": "account_link", "url": "https://www.example.com/authorize"})],
    ));
    ms_ok(button_template(
        "Try the log out button!",
        vec![json!({"type": "account_unlink"})],
    ));
    ms_ok(realworld("account-link"));
    let game = json!({"type": "game_play", "title": "Play", "payload": "{\"level\":1}", "game_metadata": {"player_id": "4321"}});
    ms_ok(generic(vec![
        json!({"title": "A game", "buttons": [game.clone()]}),
    ]));
    let b = "content.attachment.payload.buttons[0]";
    ms_fails(
        button_template(
            "t",
            vec![json!({"type": "account_link", "url": "http://www.example.com/authorize"})],
        ),
        &format!("{b}.url"),
        "invalid_url",
    );
    ms_fails(
        button_template(
            "t",
            vec![json!({"type": "account_link", "url": "https://a.b", "title": "Log in"})],
        ),
        &format!("{b}.title"),
        "unknown_field",
    );
    ms_fails(
        button_template(
            "t",
            vec![json!({"type": "account_unlink", "title": "Log out"})],
        ),
        &format!("{b}.title"),
        "unknown_field",
    );
    let mut g = game.clone();
    g["game_metadata"] = json!({"player_id": "1", "context_id": "2"});
    ms_fails(
        button_template("t", vec![g]),
        &format!("{b}.game_metadata.context_id"),
        "conflict",
    );
    let mut g = game;
    g.as_object_mut().unwrap().remove("title");
    ms_fails(
        button_template("t", vec![g]),
        &format!("{b}.title"),
        "required",
    );
    fails(
        realworld("account-link"),
        "content.attachment.payload.elements[0].buttons[0].type",
        "not_supported",
    );
}

#[test]
fn messenger_takes_http_urls_except_with_messenger_extensions() {
    ms_ok(realworld("qr-http"));
    ms_ok(json!({"attachment": {"type": "image", "payload": {"url": "http://example.com/a.png"}}}));
    ms_ok(generic(vec![
        json!({"title": "T", "image_url": "http://example.com/a.png", "default_action": {"type": "web_url", "url": "http://example.com"}}),
    ]));
    ms_ok(button_template(
        "t",
        vec![json!({"type": "web_url", "url": "http://example.com", "title": "Go"})],
    ));
    // messenger_extensions: https (Meta, URL button).
    let b = "content.attachment.payload.buttons[0]";
    ms_fails(
        button_template(
            "t",
            vec![
                json!({"type": "web_url", "url": "http://example.com", "title": "Go", "messenger_extensions": true}),
            ],
        ),
        &format!("{b}.url"),
        "invalid_url",
    );
    ms_fails(
        json!({"attachment": {"type": "image", "payload": {"url": "ftp://example.com/a.png"}}}),
        "content.attachment.payload.url",
        "invalid_url",
    );
    // Instagram keeps https.
    fails(
        realworld("qr-http"),
        "content.quick_replies[0].image_url",
        "invalid_url",
    );
    fails(
        json!({"attachment": {"type": "image", "payload": {"url": "http://example.com/a.png"}}}),
        "content.attachment.payload.url",
        "invalid_url",
    );
}

#[test]
fn quick_replies_beside_an_attachment_on_messenger() {
    let content = json!({"attachment": {"type": "image", "payload": {"url": "https://a.b/x.jpg"}}, "quick_replies": [qr("Yes", "YES")]});
    ms_ok(content.clone());
    fails(content, "content.text", "required");
    ms_fails(
        json!({"quick_replies": [qr("Yes", "YES")]}),
        "content.text",
        "required",
    );
}

#[test]
fn media_template() {
    let media = |el: Value| json!({"attachment": {"type": "template", "payload": {"template_type": "media", "elements": [el]}}});
    // Meta's samples: by attachment_id, and by a Facebook URL with a button.
    ms_ok(media(
        json!({"media_type": "image", "attachment_id": "1854626884821032"}),
    ));
    ms_ok(media(
        json!({"media_type": "video", "url": "https://business.facebook.com/PAGE_NAME/videos/123", "buttons": [web_url("View"), postback("a", "b"), json!({"type": "phone_number", "title": "Call", "payload": "+15105551234"})]}),
    ));
    ms_ok(realworld("media"));
    let p = "content.attachment.payload.elements";
    let el = json!({"media_type": "image", "attachment_id": "1"});
    ms_fails(
        json!({"attachment": {"type": "template", "payload": {"template_type": "media", "elements": [el.clone(), el.clone()]}}}),
        p,
        "too_many",
    );
    ms_fails(
        media(json!({"media_type": "audio", "attachment_id": "1"})),
        &format!("{p}[0].media_type"),
        "invalid_value",
    );
    ms_fails(
        media(json!({"media_type": "image"})),
        &format!("{p}[0].url"),
        "required",
    );
    ms_fails(
        media(json!({"media_type": "image", "url": "https://a.b", "attachment_id": "1"})),
        &format!("{p}[0].attachment_id"),
        "conflict",
    );
    ms_fails(
        media(json!({"attachment_id": "1"})),
        &format!("{p}[0].media_type"),
        "required",
    );
    ms_fails(
        media(
            json!({"media_type": "image", "attachment_id": "1", "buttons": vec![web_url("a"); 4]}),
        ),
        &format!("{p}[0].buttons"),
        "too_many",
    );
    ms_fails(
        media(json!({"media_type": "image", "attachment_id": "1", "title": "x"})),
        &format!("{p}[0].title"),
        "unknown_field",
    );
    let msg = message_of(media(el), "content.attachment.payload.template_type");
    assert!(
        msg.contains("Instagram") && msg.contains("Messenger only"),
        "{msg}"
    );
}

#[test]
fn receipt_template() {
    ms_ok(realworld("receipt"));
    ms_ok(realworld("receipt-u003d"));
    let receipt = realworld("receipt");
    let p = "content.attachment.payload";
    let with = |f: &dyn Fn(&mut Value)| {
        let mut r = receipt.clone();
        f(&mut r["attachment"]["payload"]);
        r
    };
    ms_fails(
        with(&|p| {
            p["summary"].as_object_mut().unwrap().remove("total_cost");
        }),
        &format!("{p}.summary.total_cost"),
        "required",
    );
    ms_fails(
        with(&|p| {
            p.as_object_mut().unwrap().remove("summary");
        }),
        &format!("{p}.summary"),
        "required",
    );
    ms_fails(
        with(&|p| p["summary"]["total_cost"] = json!("56.14")),
        &format!("{p}.summary.total_cost"),
        "invalid_type",
    );
    let el = receipt["attachment"]["payload"]["elements"][0].clone();
    ms_ok(with(&|p| p["elements"] = json!(vec![el.clone(); 100])));
    ms_fails(
        with(&|p| p["elements"] = json!(vec![el.clone(); 101])),
        &format!("{p}.elements"),
        "too_many",
    );
    ms_fails(
        with(&|p| {
            p["elements"][0].as_object_mut().unwrap().remove("price");
        }),
        &format!("{p}.elements[0].price"),
        "required",
    );
    ms_fails(
        with(&|p| {
            p.as_object_mut().unwrap().remove("recipient_name");
        }),
        &format!("{p}.recipient_name"),
        "required",
    );
    ms_fails(
        with(&|p| p["address"]["zip"] = json!("1")),
        &format!("{p}.address.zip"),
        "unknown_field",
    );
    ms_fails(
        with(&|p| p["adjustments"][0]["amount"] = json!("20")),
        &format!("{p}.adjustments[0].amount"),
        "invalid_type",
    );
    ms_fails(
        with(&|p| p["order_url"] = json!("order?id=1")),
        &format!("{p}.order_url"),
        "invalid_url",
    );
    fails(receipt, &format!("{p}.template_type"), "not_supported");
}

#[test]
fn product_template_on_both_channels() {
    ok(realworld("product"));
    ms_ok(realworld("product"));
    let product = |n: usize| json!({"attachment": {"type": "template", "payload": {"template_type": "product", "elements": vec![json!({"id": "4231"}); n]}}});
    ok(product(10));
    let p = "content.attachment.payload.elements";
    fails(product(11), p, "too_many");
    fails(product(0), p, "too_few");
    fails(
        json!({"attachment": {"type": "template", "payload": {"template_type": "product", "elements": [{"id": 4231}]}}}),
        &format!("{p}[0].id"),
        "invalid_type",
    );
    fails(
        json!({"attachment": {"type": "template", "payload": {"template_type": "product", "elements": [{"id": "1", "title": "x"}]}}}),
        &format!("{p}[0].title"),
        "unknown_field",
    );
}

#[test]
fn the_one_time_notification_request_is_retired() {
    ms_fails(
        realworld("one-time"),
        "content.attachment.payload.template_type",
        "not_supported",
    );
    let msg = issues(Channel::Messenger, &body(realworld("one-time")))
        .into_iter()
        .map(|i| i.message)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(msg.contains("deprecated"), "{msg}");
}

// --- sender actions ------------------------------------------------------------------------

#[test]
fn sender_action_rules() {
    for a in ["typing_on", "typing_off", "mark_seen"] {
        ok(json!({"sender_action": a}));
        fails(
            json!({"sender_action": a, "payload": {}}),
            "content.payload",
            "conflict",
        );
        fails(
            json!({"sender_action": a, "text": "hi"}),
            "content.sender_action",
            "conflict",
        );
    }
    let mid = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDc4NTIwMzA3MzQyOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI3NjAzNTI3NzI5ODYzMDkzODozMjU2NTQ3Njc1OTE5NzUwNTY4MjQwMjMzNzY4NDk3OTcxMgZDZD";
    ok(json!({"sender_action": "react", "payload": {"message_id": mid, "reaction": "love"}}));
    ok(json!({"sender_action": "react", "payload": {"message_id": mid, "reaction": "❤️"}}));
    ok(json!({"sender_action": "unreact", "payload": {"message_id": mid}}));
    fails(
        json!({"sender_action": "react", "payload": {"message_id": mid}}),
        "content.payload.reaction",
        "required",
    );
    fails(
        json!({"sender_action": "react", "payload": {"reaction": "love"}}),
        "content.payload.message_id",
        "required",
    );
    fails(
        json!({"sender_action": "react", "payload": {"message_id": mid, "reaction": "lovely"}}),
        "content.payload.reaction",
        "invalid_value",
    );
    fails(
        json!({"sender_action": "react"}),
        "content.payload",
        "required",
    );
    fails(
        json!({"sender_action": "unreact", "payload": {"message_id": mid, "reaction": "love"}}),
        "content.payload.reaction",
        "unknown_field",
    );
    fails(
        json!({"sender_action": "wave"}),
        "content.sender_action",
        "invalid_value",
    );
    fails(
        json!({"text": "hi", "payload": {"message_id": "m"}}),
        "content.payload",
        "conflict",
    );
}

// --- Hub-normalized model ------------------------------------------------------------------

#[test]
fn hub_media_urls() {
    for key in ["imageUrl", "videoUrl", "audioUrl"] {
        ok(json!({ key: "https://example.com/x" }));
        ok(json!({ key: "https://example.com/x", "text": "Optional caption" }));
        fails(
            json!({ key: "http://example.com/x" }),
            &format!("content.{key}"),
            "invalid_url",
        );
        fails(json!({ key: 1 }), &format!("content.{key}"), "invalid_type");
        fails(
            json!({ key: "https://example.com/x", "text": "€".repeat(400) }),
            "content.text",
            "too_long",
        );
    }
}

#[test]
fn hub_other_channel_keys_are_not_supported() {
    fails(
        json!({"template": {"id": "2bb28b3a-80c6-4a63-a6f3-48701044e514"}}),
        "content.template",
        "not_supported",
    );
    fails(
        json!({"audioUrl": "https://a.b/x.ogg", "voice": true}),
        "content.voice",
        "not_supported",
    );
    fails(
        json!({"paymentRequest": {}}),
        "content.paymentRequest",
        "not_supported",
    );
}

const HUB_ID: &str = "9b509e32-bfec-4fe6-8a63-2c22017a3a17";

#[test]
fn hub_reactions() {
    for channel in [Channel::Instagram, Channel::Messenger] {
        // The docs' two examples: react, and remove (no emoji, or an empty one).
        ok_on(
            channel,
            json!({"reaction": {"messageId": HUB_ID, "emoji": "❤️"}}),
        );
        ok_on(channel, json!({"reaction": {"messageId": HUB_ID}}));
        ok_on(
            channel,
            json!({"reaction": {"messageId": HUB_ID, "emoji": ""}}),
        );
    }
    // Long ZWJ sequences with skin tones fit (the family is 11 scalars); text is no emoji.
    ok(json!({"reaction": {"messageId": HUB_ID, "emoji": "👩🏽‍❤️‍💋‍👨🏻"}}));
    ok(json!({"reaction": {"messageId": HUB_ID, "emoji": "👨🏻‍👩🏻‍👧🏻‍👦🏻"}}));
    for text in ["so happy for you", "lol", " ", "\n", "👍 👍"] {
        fails(
            json!({"reaction": {"messageId": HUB_ID, "emoji": text}}),
            "content.reaction.emoji",
            "invalid_value",
        );
    }
    fails(
        json!({"reaction": {"messageId": HUB_ID, "emoji": "👍".repeat(17)}}),
        "content.reaction.emoji",
        "invalid_value",
    );
    fails(
        json!({"reaction": {"messageId": HUB_ID, "emoji": 1}}),
        "content.reaction.emoji",
        "invalid_type",
    );
    // Whatever id a send returned or an event carried: the docs' events hold UUIDs and
    // Meta-style mids alike. An id with a space is none.
    ok(
        json!({"reaction": {"messageId": "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA", "emoji": "👍"}}),
    );
    ok(json!({"reaction": {"messageId": "def456gh-1234-5678-abcd-901234567890", "emoji": "❤️"}}));
    fails(
        json!({"reaction": {"messageId": "m 1", "emoji": "👍"}}),
        "content.reaction.messageId",
        "invalid_format",
    );
    fails(
        json!({"reaction": {"messageId": "", "emoji": "👍"}}),
        "content.reaction.messageId",
        "invalid_format",
    );
    fails(
        json!({"reaction": {"emoji": "👍"}}),
        "content.reaction.messageId",
        "required",
    );
    fails(
        json!({"reaction": {"messageId": HUB_ID, "message_id": HUB_ID}}),
        "content.reaction.message_id",
        "unknown_field",
    );
    fails(
        json!({"reaction": "👍"}),
        "content.reaction",
        "invalid_type",
    );
    // Alone: no text, no context, no other kind.
    let r = json!({"messageId": HUB_ID, "emoji": "👍"});
    fails(
        json!({"reaction": r, "text": "hi"}),
        "content.text",
        "conflict",
    );
    fails(
        json!({"reaction": r, "context": {"messageId": HUB_ID}}),
        "content.context",
        "conflict",
    );
    fails(
        json!({"reaction": r, "imageUrl": "https://a.b/x.jpg"}),
        "content.reaction",
        "conflict",
    );
    // Never beside the Meta-style model.
    fails(
        json!({"reaction": r, "sender_action": "react"}),
        "content.reaction",
        "conflict",
    );
}

#[test]
fn hub_replies() {
    let context = json!({"messageId": HUB_ID});
    for channel in [Channel::Instagram, Channel::Messenger] {
        ok_on(
            channel,
            json!({"text": "Sure! I'll check that for you.", "context": context}),
        );
        for key in ["imageUrl", "videoUrl", "audioUrl"] {
            ok_on(
                channel,
                json!({ key: "https://example.com/x", "text": "Here it is", "context": context }),
            );
        }
    }
    ok(
        json!({"interactive": {"type": "button", "body": {"text": "Pick"}, "action": {"buttons": [reply("A", "A")]}}, "context": context}),
    );
    ok(json!({"text": "hi", "context": {"messageId": "mid.$cAAJsujCd2ORj_1qmrFdzhVa-4cvO"}}));
    fails(
        json!({"text": "hi", "context": {"messageId": "two words"}}),
        "content.context.messageId",
        "invalid_format",
    );
    fails(json!({"context": context}), "content.text", "required");
    fails(
        json!({"text": "hi", "context": {"messageId": HUB_ID, "emoji": "👍"}}),
        "content.context.emoji",
        "unknown_field",
    );
    fails(
        json!({"text": "", "context": context}),
        "content.text",
        "too_short",
    );
    fails(
        json!({"text": "hi", "quick_replies": [qr("a", "b")], "context": context}),
        "content.context",
        "conflict",
    );
    // Text limits still apply, per channel.
    fails_on(
        Channel::Messenger,
        json!({"text": "a".repeat(2000), "context": context}),
        "content.text",
        "too_long",
    );
}

#[test]
fn hub_reaction_and_reply_fixtures() {
    for file in [
        include_str!("../../tests/fixtures/chatt2me-site/requests/reaction.json"),
        include_str!("../../tests/fixtures/chatt2me-site/requests/reaction-remove.json"),
        include_str!("../../tests/fixtures/chatt2me-site/requests/reply-context.json"),
        include_str!("../../tests/fixtures/chatt2me-site/requests/reply-image-context.json"),
    ] {
        let v: Value = serde_json::from_str(file).unwrap();
        ok(v["content"].clone());
        ok_on(Channel::Messenger, v["content"].clone());
    }
}

fn reply(id: &str, title: &str) -> Value {
    json!({"type": "reply", "reply": {"id": id, "title": title}})
}

fn interactive_button(buttons: Vec<Value>) -> Value {
    json!({"interactive": {"type": "button", "body": {"text": "How can I help you?"}, "action": {"buttons": buttons}}})
}

#[test]
fn hub_interactive_buttons() {
    ok(interactive_button(vec![
        reply("SUPPORT", "Support"),
        reply("SALES", "Sales"),
        reply("OTHER", "Other"),
    ]));
    let b = "content.interactive.action.buttons";
    fails(interactive_button(vec![]), b, "too_few");
    fails(interactive_button(vec![reply("a", "A"); 4]), b, "too_many");
    fails(
        interactive_button(vec![reply("a", "A"), reply("a", "B")]),
        &format!("{b}[1].reply.id"),
        "conflict",
    );
    fails(
        interactive_button(vec![reply("a", &"x".repeat(21))]),
        &format!("{b}[0].reply.title"),
        "too_long",
    );
    fails(
        interactive_button(vec![
            json!({"type": "url", "reply": {"id": "a", "title": "A"}}),
        ]),
        &format!("{b}[0].type"),
        "invalid_value",
    );
    fails(
        interactive_button(vec![json!({"type": "reply"})]),
        &format!("{b}[0].reply"),
        "required",
    );
    fails(
        json!({"interactive": {"type": "button", "action": {"buttons": [reply("a", "A")]}}}),
        "content.interactive.body",
        "required",
    );
    fails(
        json!({"interactive": {"type": "button", "body": {}, "action": {"buttons": [reply("a", "A")]}}}),
        "content.interactive.body.text",
        "required",
    );
}

#[test]
fn hub_interactive_header_footer_are_whatsapp_only() {
    let v: Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/chatt2me-site/requests/send-interactive-quick-reply-buttons.json"
    ))
    .unwrap();
    let content = v["content"].clone();
    fails(
        content.clone(),
        "content.interactive.header",
        "not_supported",
    );
    fails(content, "content.interactive.footer", "not_supported");
}

#[test]
fn hub_interactive_list_and_cta() {
    let list = json!({"interactive": {"type": "list", "body": {"text": "Choose a category"}, "action": {"button": "View options", "sections": [{"title": "Main courses", "rows": [{"id": "1", "title": "Pasta", "description": "Fresh"}, {"id": "2", "title": "Pizza"}]}]}}});
    ok(list.clone());
    let mut dup = list.clone();
    dup["interactive"]["action"]["sections"][0]["rows"][1]["id"] = json!("1");
    fails(
        dup,
        "content.interactive.action.sections[0].rows[1].id",
        "conflict",
    );
    let mut long = list.clone();
    long["interactive"]["action"]["button"] = json!("x".repeat(21));
    fails(long, "content.interactive.action.button", "too_long");
    let mut many = list;
    many["interactive"]["action"]["sections"][0]["rows"] = json!((0..11)
        .map(|i| json!({"id": i.to_string(), "title": "r"}))
        .collect::<Vec<_>>());
    fails(
        many,
        "content.interactive.action.sections[0].rows",
        "too_many",
    );
    ok(
        json!({"interactive": {"type": "cta_url", "body": {"text": "See the offer"}, "action": {"name": "cta_url", "parameters": {"display_text": "Open", "url": "https://example.com"}}}}),
    );
    fails(
        json!({"interactive": {"type": "cta_url", "body": {"text": "x"}, "action": {"name": "cta_url", "parameters": {"display_text": "Open", "url": "http://example.com"}}}}),
        "content.interactive.action.parameters.url",
        "invalid_url",
    );
    fails(
        json!({"interactive": {"type": "location_request_message", "body": {"text": "x"}}}),
        "content.interactive.type",
        "not_supported",
    );
    fails(
        json!({"interactive": {"type": "carousel", "body": {"text": "x"}}}),
        "content.interactive.type",
        "invalid_value",
    );
}

// --- fixtures and hostile shapes -------------------------------------------------------------

#[test]
fn site_request_fixtures() {
    let concepts: Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/chatt2me-site/requests/send-text-concepts.json"
    ))
    .unwrap();
    assert!(issues(Channel::Instagram, &concepts).is_empty());
    for file in [
        include_str!("../../tests/fixtures/chatt2me-site/requests/content-image.json"),
        include_str!("../../tests/fixtures/chatt2me-site/requests/content-video.json"),
        include_str!("../../tests/fixtures/chatt2me-site/requests/content-audio.json"),
    ] {
        let v: Value = serde_json::from_str(file).unwrap();
        ok(v["content"].clone());
    }
}

#[test]
fn json_text_errors_are_validation_errors() {
    let err = check_json(Channel::Instagram, "{").unwrap_err();
    assert_eq!(err.code(), "validation_failed");
    let deep = "[".repeat(100_000);
    assert_eq!(
        check_json(Channel::Instagram, &deep).unwrap_err().code(),
        "validation_failed"
    );
    // Over the 64 KiB cap: one issue at the root, whatever is inside.
    let huge = format!(
        r#"{{"from":"{UUID}","to":"1","content":{{"text":"{}"}}}}"#,
        "a".repeat(10_000_000)
    );
    let err = check_json(Channel::Instagram, &huge).unwrap_err();
    assert_eq!(err.issues().len(), 1);
    assert_eq!(err.issues()[0].path, "");
    assert_eq!(err.issues()[0].code, IssueCode::TooLong);
    assert!(err.issues()[0].message.contains("10000078 bytes"), "{err}");
    assert!(err.message().len() < 300);
}

#[test]
fn bodies_over_64_kib_are_refused_whole() {
    let cap = limits::BODY_MAX_BYTES;
    assert_eq!(cap, 65_536);
    // An unknown key pads the body to an exact size: at the cap it is read (and the key
    // reported), one byte over it is not.
    let at = |size: usize| {
        let shell = format!(r#"{{"from":"{UUID}","to":"1","content":{{"text":"t","x":""}}}}"#);
        shell.replace(
            r#""x":"""#,
            &format!(r#""x":"{}""#, "y".repeat(size - shell.len())),
        )
    };
    let err = check_json(Channel::Instagram, &at(cap)).unwrap_err();
    assert_eq!(err.issues()[0].path, "content.x");
    let err = check_json(Channel::Messenger, &at(cap + 1)).unwrap_err();
    assert_eq!(err.issues().len(), 1);
    let issue = &err.issues()[0];
    assert_eq!((issue.path.as_str(), issue.code), ("", IssueCode::TooLong));
    assert_eq!(
        issue.message,
        "the message is at least 65537 bytes of JSON; the limit is 65536 (64 KiB)"
    );
    // Bytes, not characters: 30 000 three-byte characters are 90 000 bytes.
    let wide = format!(
        r#"{{"from":"{UUID}","to":"1","content":{{"text":"{}"}}}}"#,
        "€".repeat(30_000)
    );
    assert_eq!(
        check_json(Channel::Instagram, &wide).unwrap_err().issues()[0].path,
        ""
    );
}

#[test]
fn lone_surrogates_are_reported_at_their_field() {
    let text = format!(r#"{{"from":"{UUID}","to":"1","content":{{"text":"broken \ud800 text"}}}}"#);
    let err = check_json(Channel::Instagram, &text).unwrap_err();
    assert_eq!(err.issues().len(), 1);
    assert_eq!(err.issues()[0].path, "content.text");
    assert_eq!(err.issues()[0].code, IssueCode::InvalidFormat);
    // A well-formed pair is an ordinary character.
    let ok = format!(r#"{{"from":"{UUID}","to":"1","content":{{"text":"\ud83d\ude00"}}}}"#);
    assert!(check_json(Channel::Instagram, &ok).is_ok());
    // U+10FFFF is a character like any other.
    let max =
        format!(r#"{{"from":"{UUID}","to":"1","content":{{"text":"\udbff\udfff \u{{10FFFF}}"}}}}"#)
            .replace("\\u{10FFFF}", "\u{10FFFF}");
    assert!(check_json(Channel::Instagram, &max).is_ok(), "{max}");
}

#[test]
fn attachment_ids_have_no_whitespace() {
    fails(
        json!({"attachment": {"type": "image", "payload": {"attachment_id": "12 34"}}}),
        "content.attachment.payload.attachment_id",
        "invalid_format",
    );
    fails(
        json!({"attachment": {"type": "image", "payload": {"attachment_id": ""}}}),
        "content.attachment.payload.attachment_id",
        "invalid_format",
    );
}

#[test]
fn hostile_sizes_give_bounded_issues() {
    // Over the 64 KiB cap as text, so given parsed: the walk itself stays bounded.
    let many: Vec<Value> = (0..100_000)
        .map(|_| json!({"content_type": "bogus"}))
        .collect();
    let f: Vec<(String, &str)> = validate(
        Channel::Instagram,
        &body(json!({"text": "t", "quick_replies": many})),
    )
    .into_iter()
    .map(|i| (i.path, i.code.as_str()))
    .collect();
    assert!(f.contains(&("content.quick_replies".into(), "too_many")));
    assert!(f.len() <= 13 * 2 + 1, "{}", f.len());
    let mut wide = serde_json::Map::new();
    for i in 0..5000 {
        wide.insert(format!("k{i}"), json!(1));
    }
    let f = found(Channel::Instagram, &body(Value::Object(wide)));
    assert_eq!(f.len(), check::MAX_ISSUES + 1);
    assert_eq!(f.last(), Some(&(String::new(), "too_many")));
}

#[test]
fn to_with_any_whitespace_is_invalid_format() {
    for to in [
        "8474 95124317323",
        "847495124317323\t",
        "\u{0B}847495124317323",
        "84749512\u{0C}4317323",
        "847495124317323\r\n",
        "847495124317323\u{00A0}",
        "\u{2003}847495124317323",
        "\u{FEFF}847495124317323",
        "ü847495124317323 ",
    ] {
        let body = serde_json::json!({
            "from": "6cbd6789-1d2b-47e0-9391-5eb91d2839ea",
            "to": to,
            "content": { "text": "hi" }
        });
        let issues = check_json(Channel::Instagram, &body.to_string())
            .unwrap_err()
            .issues()
            .to_vec();
        assert_eq!(issues.len(), 1, "{to:?}");
        assert_eq!(issues[0].path, "to");
        assert_eq!(issues[0].code, IssueCode::InvalidFormat);
    }
    for to in [
        "847495124317323",
        "ü847495124317323",
        "\u{1C}847495124317323",
    ] {
        let body = serde_json::json!({
            "from": "6cbd6789-1d2b-47e0-9391-5eb91d2839ea",
            "to": to,
            "content": { "text": "hi" }
        });
        assert!(
            check_json(Channel::Instagram, &body.to_string()).is_ok(),
            "{to:?}"
        );
    }
}

#[test]
fn bytes_that_are_not_utf8_are_one_root_issue() {
    let body =
        br#"{"from":"6cbd6789-1d2b-47e0-9391-5eb91d2839ea","to":"1","content":{"text":"hi"}}"#;
    assert!(check_utf8(Channel::Instagram, body).is_ok());
    let mut bad = body.to_vec();
    bad[70] = 0xff;
    let issues = check_utf8(Channel::Instagram, &bad)
        .unwrap_err()
        .issues()
        .to_vec();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].path, "");
    assert_eq!(issues[0].code, IssueCode::InvalidType);
    assert!(
        issues[0].message.contains("UTF-8 at byte 70"),
        "{}",
        issues[0].message
    );
}

#[test]
fn validate_takes_a_parsed_body_and_keeps_document_order() {
    let v = body(json!({"zeta": 1, "alpha": 2, "text": ""}));
    let direct = validate(Channel::Instagram, &v);
    assert_eq!(direct, issues(Channel::Instagram, &v));
    // Keys are reported in the order the body lists them, not sorted.
    let paths: Vec<&str> = direct.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["content.zeta", "content.alpha", "content.text"]);
}

#[test]
fn type_names_are_json_names() {
    let names: Vec<&str> = [
        json!(null),
        json!(true),
        json!(1.5),
        json!("s"),
        json!([]),
        json!({}),
    ]
    .iter()
    .map(|v| check::type_name(&crate::json::Value::deserialize(v).unwrap()))
    .collect();
    assert_eq!(
        names,
        ["null", "boolean", "number", "string", "array", "object"]
    );
}

#[test]
fn syntax_errors_quote_serde_json_at_the_input_position() {
    let message = |text: &str| {
        let issues = check_json(Channel::Instagram, text)
            .unwrap_err()
            .issues()
            .to_vec();
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(
            (issues[0].path.as_str(), issues[0].code),
            ("", IssueCode::InvalidType)
        );
        issues[0].message.clone()
    };
    assert_eq!(
        message(r#"{"from": 1,}"#),
        "the message is not valid JSON: trailing comma at line 1 column 12"
    );
    // Marking a lone surrogate lengthens the text serde_json reads; the column is the input's.
    assert_eq!(
        message("{\"from\":\"\\ud800\" \"to\":1}"),
        "the message is not valid JSON: expected `,` or `}` at line 1 column 18"
    );
    assert!(message(&"[".repeat(200)).contains("recursion limit exceeded"));
}

#[test]
fn only_metas_own_shapes_say_deprecated() {
    // "payment" is a retired Meta button; as a Hub interactive type it is merely unknown.
    fails(
        json!({"interactive": {"type": "payment", "body": {"text": "Pay"}, "action": {}}}),
        "content.interactive.type",
        "invalid_value",
    );
}
