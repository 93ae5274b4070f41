//! Every fixture into its expected event, and Meta-native shapes written from Meta's docs.

use serde_json::{json, Value};

use super::event::*;
use super::*;
use crate::time::parse_rfc3339;

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!("../../tests/fixtures/", $path))
    };
}

fn one(text: &str) -> WebhookEvent<'_> {
    parse_one(text.as_bytes(), DEFAULT_MAX_BYTES).unwrap()
}

fn iso(s: &str) -> Option<i64> {
    parse_rfc3339(s)
}

#[test]
fn instagram_relayed_sends() {
    let e = one(fixture!("chatt2me/instagram-text.json"));
    assert_eq!(e.kind(), "echo");
    let c = e.common();
    assert_eq!(c.event_type.as_deref(), Some("Message"));
    assert_eq!(c.channel.as_deref(), Some("instagram"));
    assert_eq!(c.to.as_deref(), Some("847495124317323"));
    assert_eq!(c.from, None);
    assert_eq!(c.timestamp, iso("2025-12-18T20:08:40.195Z"));
    assert!(
        matches!(e.content(), Some(MessageContent::Text { text, .. }) if text == "Hello from chatt2me!")
    );

    let e = one(fixture!("chatt2me/instagram-image.json"));
    match e.content() {
        Some(MessageContent::Image(m)) => assert_eq!(
            m.url.as_deref(),
            Some("https://img.odcdn.com.br/wp-content/uploads/2025/03/pokemon-tipo-1920x1080.jpg")
        ),
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(one(fixture!("chatt2me/instagram-audio.json")).content(), Some(MessageContent::Audio(m)) if m.url.as_deref().is_some_and(|u| u.contains("asset_id=1336743214446051")))
    );
    assert!(
        matches!(one(fixture!("chatt2me/instagram-video.json")).content(), Some(MessageContent::Video(m)) if m.url.as_deref().is_some_and(|u| u.contains("asset_id=1154048980043118")))
    );
    assert!(matches!(
        one(fixture!("chatt2me/instagram-sticker.json")).content(),
        Some(MessageContent::Sticker {
            url: None,
            sticker_id: None
        })
    ));

    match one(fixture!("chatt2me/instagram-quick-reply.json")).content() {
        Some(MessageContent::Text {
            text,
            quick_replies: Some(q),
            ..
        }) => {
            assert_eq!(text, "Como posso ajudar?");
            assert_eq!(q.len(), 2);
            assert_eq!(q[1].title.as_deref(), Some("Vendas"));
            assert_eq!(q[1].payload.as_deref(), Some("VENDAS"));
        }
        other => panic!("{other:?}"),
    }
    match one(fixture!("chatt2me/instagram-template-button.json")).content() {
        Some(MessageContent::Template {
            template_type,
            text,
            buttons,
            ..
        }) => {
            assert_eq!(template_type.as_deref(), Some("button"));
            assert_eq!(text.as_deref(), Some("Tap a button"));
            assert_eq!(buttons.len(), 2);
            assert_eq!(buttons[0].url.as_deref(), Some("https://www.messenger.com"));
            assert_eq!(buttons[1].payload.as_deref(), Some("SUPORTE"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn instagram_react_unreact() {
    let mid = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDc4NTIwMzA3MzQyOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI3NjAzNTI3NzI5ODYzMDkzODozMjU2NTQ3Njc1OTE5NzUwNTY4MjQwMjMzNzY4NDk3OTcxMgZDZD";
    match one(fixture!("chatt2me/instagram-react.json")) {
        WebhookEvent::Reaction(r) => {
            assert_eq!(r.reaction.action, ReactionAction::React);
            assert_eq!(r.reaction.message_id.as_deref(), Some(mid));
            assert_eq!(r.reaction.reaction.as_deref(), Some("love"));
            assert_eq!(r.common.to.as_deref(), Some("847495124317323"));
        }
        other => panic!("{other:?}"),
    }
    match one(fixture!("chatt2me/instagram-unreact.json")) {
        WebhookEvent::Reaction(r) => {
            assert_eq!(r.reaction.action, ReactionAction::Unreact);
            assert_eq!(r.reaction.reaction, None);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn messenger_echoes() {
    let e = one(fixture!("chatt2me/messenger-echo-text.json"));
    assert_eq!(e.kind(), "echo");
    let c = e.common();
    assert_eq!(c.event_type.as_deref(), Some("message_echoes"));
    assert_eq!(c.channel.as_deref(), Some("messenger"));
    assert_eq!(c.from.as_deref(), Some("847421668462669"));
    assert_eq!(c.to.as_deref(), Some("26203292189261166"));
    assert_eq!(
        c.timestamp,
        Some(1_766_084_871_694),
        "payload.timestamp (ms) wins"
    );
    assert!(c.is_echo);
    assert!(c
        .message_id
        .as_deref()
        .is_some_and(|m| m.starts_with("m_jcSSLLlf")));

    for (text, kind) in [
        (fixture!("chatt2me/messenger-echo-image.json"), "image"),
        (fixture!("chatt2me/messenger-echo-audio.json"), "audio"),
        (fixture!("chatt2me/messenger-echo-video.json"), "video"),
    ] {
        let e = one(text);
        assert_eq!(e.common().attachments.len(), 1);
        assert_eq!(e.common().attachments[0].kind, kind);
        let url = match e.content() {
            Some(
                MessageContent::Image(m) | MessageContent::Audio(m) | MessageContent::Video(m),
            ) => m.url.clone(),
            other => panic!("{other:?}"),
        };
        assert!(url.is_some_and(|u| u.starts_with("https://")));
    }
    assert!(
        matches!(one(fixture!("chatt2me/messenger-echo-quick-reply.json")).content(), Some(MessageContent::Text { text, .. }) if text == "Como posso ajudar?")
    );
    match one(fixture!("chatt2me/messenger-echo-button.json")).content() {
        Some(MessageContent::Template {
            template_type,
            title,
            text,
            buttons,
            ..
        }) => {
            assert_eq!(template_type.as_deref(), Some("button"));
            assert_eq!(title.as_deref(), Some("Tap a button"));
            assert_eq!(text.as_deref(), Some("Tap a button"));
            assert_eq!(
                buttons[0].url.as_deref(),
                Some("https://www.messenger.com/")
            );
        }
        other => panic!("{other:?}"),
    }
    match one(fixture!("chatt2me/messenger-echo-generic-template.json")).content() {
        Some(MessageContent::Template {
            template_type,
            elements,
            title,
            ..
        }) => {
            assert_eq!(template_type.as_deref(), Some("generic"));
            assert_eq!(title.as_deref(), Some("Card 1"));
            assert_eq!(elements.len(), 2);
            assert_eq!(
                serde_json::from_str::<Value>(elements[1].get()).unwrap()["subtitle"].as_str(),
                Some("Subtitle 2")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn superseded_messenger_messages() {
    let channel = |t: &str| one(t).common().channel.as_deref().map(String::from);
    assert_eq!(
        channel(fixture!(
            "chatt2me/superseded/messenger-message-text-channel-messenger.json"
        ))
        .as_deref(),
        Some("messenger")
    );
    // As delivered (the vendor's typo), lowercased.
    assert_eq!(
        channel(fixture!(
            "chatt2me/superseded/messenger-message-text-channel-instagram.json"
        ))
        .as_deref(),
        Some("instagram")
    );
    // `messaging_type` without a channel: ambiguous between Instagram and Messenger.
    let e = one(fixture!("chatt2me/superseded/messenger-message-text.json"));
    assert_eq!(e.common().channel, None);
    assert_eq!(e.common().to.as_deref(), Some("26203292189261166"));
}

#[test]
fn flat_site_events() {
    let e = one(fixture!(
        "chatt2me-site/webhooks/message-text-whatsapp.json"
    ));
    assert_eq!(e.kind(), "message");
    let c = e.common();
    assert_eq!(
        c.channel_id.as_deref(),
        Some("6cbd6789-1d2b-47e0-9391-5eb91d2839ea")
    );
    assert_eq!(
        c.message_id.as_deref(),
        Some("abc123de-f456-789a-bcde-f01234567890")
    );
    assert_eq!(c.from.as_deref(), Some("5511993986082"));
    assert_eq!(c.channel.as_deref(), Some("whatsapp"));
    assert_eq!(c.timestamp, Some(1_700_000_000_000), "seconds become ms");
    assert_eq!(
        e.reply_target(),
        Some((
            "6cbd6789-1d2b-47e0-9391-5eb91d2839ea".into(),
            "5511993986082".into()
        ))
    );

    let e = one(fixture!(
        "chatt2me-site/webhooks/message-interactive-button-reply-whatsapp.json"
    ));
    assert_eq!(e.common().timestamp, None);
    match e.content() {
        Some(MessageContent::Interactive {
            interactive_type,
            reply: Some(r),
        }) => {
            assert_eq!(interactive_type.as_deref(), Some("button_reply"));
            assert_eq!(r.id.as_deref(), Some("SUPPORT"));
            assert_eq!(r.title.as_deref(), Some("Support"));
        }
        other => panic!("{other:?}"),
    }
    match one(fixture!(
        "chatt2me-site/webhooks/message-location-abridged.json"
    ))
    .content()
    {
        Some(MessageContent::Location {
            latitude,
            longitude,
            ..
        }) => {
            assert_eq!((latitude.get(), longitude.get()), ("-23.5505", "-46.6333"));
        }
        other => panic!("{other:?}"),
    }
    for (text, id) in [
        (
            fixture!("chatt2me-site/webhooks/fragment-instagram-sender-igsid.json"),
            "847495124317323",
        ),
        (
            fixture!("chatt2me-site/webhooks/fragment-messenger-sender-psid.json"),
            "26203292189261166",
        ),
    ] {
        let e = one(text);
        assert_eq!(e.kind(), "unknown");
        assert_eq!(e.common().from.as_deref(), Some(id));
    }
}

#[test]
fn message_status_and_unknowns() {
    let e = one(
        r#"{"eventType":"MessageStatus","messageId":"m1","status":"error","timestamp":1700000000,"channel":"instagram","errorCode":131047,"errorMessage":"window closed"}"#,
    );
    match e {
        WebhookEvent::Status(s) => {
            assert_eq!(s.status.as_deref(), Some("error"));
            assert_eq!(s.common.message_id.as_deref(), Some("m1"));
            let err = s.error.unwrap();
            assert_eq!(err.code.as_deref(), Some("131047"));
            assert_eq!(err.message.as_deref(), Some("window closed"));
        }
        other => panic!("{other:?}"),
    }
    for status in ["sent", "delivered", "read", "enqueued", "failed_later"] {
        let body = format!(
            r#"{{"eventType":"MessageStatus","messageId":"m","status":"{status}","channel":"messenger"}}"#
        );
        let e = one(&body);
        assert!(matches!(e, WebhookEvent::Status(ref s) if s.status.as_deref() == Some(status)));
    }
    let e = one(r#"{"eventType":"ChannelConnected","channelId":"c","extra":{"n":1}}"#);
    assert_eq!(e.kind(), "unknown");
    assert_eq!(e.common().event_type.as_deref(), Some("ChannelConnected"));
    let e = one(r#"{"eventType":"Message","content":{"type":"hologram","hologram":{"id":1}}}"#);
    assert!(
        matches!(e.content(), Some(MessageContent::Unknown { content_type: Some(t), raw }) if t == "hologram" && raw.get() == r#"{"type":"hologram","hologram":{"id":1}}"#)
    );
}

/// Meta's own batch envelope, written from instagram-limits.md §8.
#[test]
fn meta_native_batch() {
    let body = json!({
        "object": "instagram",
        "entry": [{
            "id": "17841400000000000", "time": 1569262486134_u64,
            "messaging": [
                {"sender": {"id": "1234567890123456789"}, "recipient": {"id": "17841400000000000"}, "timestamp": 1569262485349_u64,
                 "message": {"mid": "aWdf1", "text": "hello", "quick_reply": {"payload": "QR_1"}, "reply_to": {"mid": "aWdf0"}}},
                {"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1569262485350_u64,
                 "message": {"mid": "aWdf2", "attachments": [{"type": "ephemeral"}, {"type": "ig_reel", "payload": {"url": "https://lookaside/x"}}]}},
                {"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1569262485351_u64,
                 "reaction": {"mid": "aWdf1", "action": "react", "reaction": "love", "emoji": "\u{2764}\u{FE0F}"}},
                {"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1569262485352_u64,
                 "postback": {"mid": "aWdf3", "title": "Talk to us", "payload": "SUPPORT"}},
                {"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1569262485353_u64, "read": {"mid": "aWdf1"}},
                {"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1569262485354_u64,
                 "message_edit": {"mid": "aWdf1", "text": "hello!", "num_edit": 1}},
                {"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1569262485355_u64,
                 "message": {"mid": "aWdf4", "is_deleted": true}},
                {"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1569262485356_u64,
                 "message": {"mid": "aWdf5", "is_unsupported": true, "referral": {"ad_id": "AD_ID", "ref": "ad", "source": "ADS", "type": "OPEN_THREAD"}}}
            ],
            "standby": [{"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1569262485357_u64, "message": {"mid": "aWdf6", "text": "on standby"}}],
            "changes": [{"field": "comments", "value": {"id": "c1"}}]
        }]
    })
    .to_string()
    .replace("\"AD_ID\"", "123456789012345678901");
    let events = parse_all(body.as_bytes(), DEFAULT_MAX_BYTES).unwrap();
    let kinds: Vec<&str> = events.iter().map(WebhookEvent::kind).collect();
    assert_eq!(
        kinds,
        [
            "message", "message", "reaction", "postback", "read", "message", "message", "message",
            "message", "unknown"
        ]
    );
    assert!(events
        .iter()
        .all(|e| e.common().channel.as_deref() == Some("instagram")));

    let first = &events[0];
    assert_eq!(first.common().from.as_deref(), Some("1234567890123456789"));
    assert_eq!(first.common().timestamp, Some(1_569_262_485_349));
    assert_eq!(
        first
            .common()
            .reply_to
            .as_ref()
            .and_then(|r| r.message_id.as_deref()),
        Some("aWdf0")
    );
    assert!(
        matches!(first.content(), Some(MessageContent::Text { quick_reply_payload: Some(p), .. }) if p == "QR_1")
    );

    let media = &events[1];
    assert_eq!(media.common().attachments.len(), 2);
    assert_eq!(media.common().attachments[0].url, None);
    assert!(
        matches!(media.content(), Some(MessageContent::Share { share_type, url: None, .. }) if share_type == "ephemeral")
    );

    assert!(
        matches!(&events[2], WebhookEvent::Reaction(r) if r.reaction.emoji.as_deref() == Some("\u{2764}\u{FE0F}") && r.reaction.message_id.as_deref() == Some("aWdf1"))
    );
    assert!(
        matches!(&events[3], WebhookEvent::Postback(p) if p.postback.payload.as_deref() == Some("SUPPORT") && p.common.message_id.as_deref() == Some("aWdf3"))
    );
    assert_eq!(events[4].common().message_id.as_deref(), Some("aWdf1"));
    assert!(matches!(&events[5], WebhookEvent::Message(m) if m.edit_count == Some(1)));
    assert!(events[6].common().is_deleted);
    assert!(events[7].common().is_unsupported);
    assert_eq!(
        events[7].common().referral.as_ref().map(|r| r.get()),
        Some(r#"{"ad_id":"123456789012345678901","ref":"ad","source":"ADS","type":"OPEN_THREAD"}"#),
        "integers beyond 2^53 become exact strings"
    );
    assert_eq!(events[9].common().event_type.as_deref(), Some("comments"));

    assert_eq!(
        parse_one(body.as_bytes(), DEFAULT_MAX_BYTES)
            .unwrap_err()
            .code(),
        "multiple_events"
    );
    let empty = r#"{"object":"page","entry":[]}"#;
    assert_eq!(
        parse_all(empty.as_bytes(), DEFAULT_MAX_BYTES)
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        parse_one(empty.as_bytes(), DEFAULT_MAX_BYTES)
            .unwrap_err()
            .code(),
        "no_events"
    );
}

#[test]
fn meta_item_inside_the_hub_envelope() {
    let body = r#"{"eventType":"Message","timestamp":"2026-01-02T03:04:05.000Z","channel":"INSTAGRAM","payload":{"sender":{"id":"111"},"recipient":{"id":"222"},"timestamp":1767323045000,"message":{"mid":"aWdfX","text":"oi"}}}"#;
    let e = one(body);
    assert_eq!(e.kind(), "message");
    assert_eq!(e.common().channel.as_deref(), Some("instagram"));
    assert_eq!(e.common().from.as_deref(), Some("111"));
    assert_eq!(e.common().message_id.as_deref(), Some("aWdfX"));
}

#[test]
fn ids_stay_exact() {
    let e = one(
        r#"{"eventType":"Message","channelId":"c","messageId":12345678901234567890123,"from":26203292189261166,"timestamp":1700000000,"content":{"type":"text","text":"x"}}"#,
    );
    assert_eq!(e.common().from.as_deref(), Some("26203292189261166"));
    assert_eq!(
        e.common().message_id.as_deref(),
        Some("12345678901234567890123")
    );
}

#[test]
fn errors_and_limits() {
    assert_eq!(
        parse_all(b"{bad", DEFAULT_MAX_BYTES).unwrap_err().code(),
        "invalid_json"
    );
    assert!(parse_all(b"{bad", DEFAULT_MAX_BYTES)
        .unwrap_err()
        .message()
        .contains("line 1 column 2"));
    assert_eq!(
        parse_all(b"\xff\xfe", DEFAULT_MAX_BYTES)
            .unwrap_err()
            .code(),
        "invalid_json"
    );
    assert_eq!(
        parse_all(b"[]", DEFAULT_MAX_BYTES).unwrap_err().code(),
        "unrecognized"
    );
    assert_eq!(
        parse_all(br#"{"hello":"world"}"#, DEFAULT_MAX_BYTES)
            .unwrap_err()
            .code(),
        "unrecognized"
    );
    assert_eq!(
        parse_all(br#"{"eventType":"Message"}"#, 5)
            .unwrap_err()
            .code(),
        "body_too_large"
    );
    let deep = "[".repeat(100_000);
    assert_eq!(
        parse_all(deep.as_bytes(), usize::MAX).unwrap_err().code(),
        "invalid_json"
    );
}

#[test]
fn timestamps() {
    use super::parse::timestamp_ms;
    let ts = |text: &str| timestamp_ms(serde_json::from_str(text).unwrap());
    assert_eq!(ts("1700000000"), Some(1_700_000_000_000));
    assert_eq!(ts("1766084871694"), Some(1_766_084_871_694));
    assert_eq!(ts(r#""1700000000""#), Some(1_700_000_000_000));
    assert_eq!(
        ts(r#""2025-12-18T19:07:49.977Z""#),
        iso("2025-12-18T19:07:49.977Z")
    );
    assert_eq!(ts(r#""not a date""#), None);
    assert_eq!(ts("-5"), None);
    assert_eq!(ts("1e300"), None);
    assert_eq!(ts("null"), None);
}

#[test]
fn events_serialize_with_every_field() {
    let e = one(fixture!(
        "chatt2me-site/webhooks/message-text-whatsapp.json"
    ));
    let v: Value = serde_json::to_value(&e).unwrap();
    assert_eq!(
        v,
        json!({
            "type": "message",
            "eventType": "Message",
            "channel": "whatsapp",
            "channelId": "6cbd6789-1d2b-47e0-9391-5eb91d2839ea",
            "messageId": "abc123de-f456-789a-bcde-f01234567890",
            "from": "5511993986082",
            "to": null,
            "timestamp": 1_700_000_000_000_i64,
            "attachments": [],
            "replyTo": null,
            "referral": null,
            "isEcho": false,
            "isDeleted": false,
            "isUnsupported": false,
            "standby": false,
            "content": {
                "type": "text",
                "text": "Hello, I'd like to know more about your products",
                "quickReplies": null,
                "quickReplyPayload": null
            },
            "status": null,
            "reaction": null,
            "editCount": null,
            "quickReplyPayload": null
        })
    );
    let batch = parse_all(
        fixture!("chatt2me/messenger-echo-button.json").as_bytes(),
        DEFAULT_MAX_BYTES,
    )
    .unwrap();
    let v: Value = serde_json::to_value(&batch).unwrap();
    assert_eq!(v[0]["isEcho"], json!(true));
    assert_eq!(
        v[0]["attachments"],
        json!([{"type": "template", "url": null}])
    );
    assert_eq!(v[0]["content"]["type"], json!("template"));
    assert_eq!(
        v[0]["content"]["buttons"][0],
        json!({"type": "web_url", "title": "Abrir", "url": "https://www.messenger.com/", "payload": null})
    );
}

#[test]
fn unknown_fields_are_skipped_and_batches_bounded() {
    // A megabyte of `{}` under an unknown key is skipped without being kept.
    let mut body = String::from(
        r#"{"eventType":"Message","channelId":"c","content":{"type":"text","text":"x"},"x":["#,
    );
    body.push_str(&"{},".repeat(300_000));
    body.push_str("{}]}");
    assert_eq!(parse_all(body.as_bytes(), usize::MAX).unwrap().len(), 1);
    // A batch is handed on item by item; an error from the receiver stops the read.
    let mut batch = String::from(r#"{"object":"instagram","entry":[{"messaging":["#);
    batch.push_str(&r#"{"sender":{"id":"1"}},"#.repeat(5000));
    batch.push_str(r#"{"sender":{"id":"2"}}],"time":1700000000}]}"#);
    let mut seen = 0;
    let count = parse_each(batch.as_bytes(), usize::MAX, &mut |e| {
        seen += 1;
        assert_eq!(
            e.common().timestamp,
            Some(1_700_000_000_000),
            "the entry's time, given after the items"
        );
        Ok(())
    })
    .unwrap();
    assert_eq!((seen, count), (5001, 5001));
    let stop = parse_each(batch.as_bytes(), usize::MAX, &mut |_| {
        Err(crate::Error::webhook(
            crate::WebhookCode::MultipleEvents,
            "enough",
        ))
    });
    assert_eq!(stop.unwrap_err().code(), "multiple_events");
    assert_eq!(
        parse_one(batch.as_bytes(), usize::MAX)
            .unwrap_err()
            .message(),
        "the body is a batch of 5001 events; use parseWebhookEvents to get all of them"
    );
    // Wrong types in known fields are read as absent.
    let e = one(
        r#"{"eventType":"Message","channel":7,"channelId":["c"],"content":{"type":"text","text":"x"}}"#,
    );
    assert_eq!(e.common().channel, None);
    assert_eq!(e.common().channel_id, None);
    assert_eq!(e.kind(), "message");
}

#[test]
fn real_traffic_oddities() {
    // `entry` without `object`: the channel comes from the items, as for a bare messaging object.
    let body = r#"{"entry":[{"time":1700000000,"messaging":[{"sender":{"id":"1","pageId":"p"},"recipient":{"id":"2"},"message":{"mid":"m1","text":"hi"}},{"sender":{"id":"3"},"recipient":{"id":"4"},"message":{"mid":"m2","text":"yo"}}]}]}"#;
    let events = parse_all(body.as_bytes(), DEFAULT_MAX_BYTES).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].common().channel.as_deref(), Some("messenger"));
    assert_eq!(events[1].common().channel, None);
    assert_eq!(events[1].common().timestamp, Some(1_700_000_000_000));
    // `message_edit` keeps the count, given as a number or as a string, and the edited text.
    for num_edit in ["2", r#""2""#] {
        let body = format!(
            r#"{{"object":"instagram","entry":[{{"messaging":[{{"sender":{{"id":"1"}},"recipient":{{"id":"2"}},"timestamp":1,"message_edit":{{"mid":"m","text":"edited","num_edit":{num_edit}}}}}]}}]}}"#
        );
        let e = parse_one(body.as_bytes(), DEFAULT_MAX_BYTES).unwrap();
        match e {
            WebhookEvent::Message(m) => {
                assert_eq!(m.edit_count, Some(2), "{num_edit}");
                assert!(
                    matches!(m.content, MessageContent::Text { ref text, .. } if text == "edited")
                );
            }
            other => panic!("{other:?}"),
        }
    }
    // Timestamps as floats, strings of digits and ISO strings.
    for (ts, ms) in [
        ("1492414608999.0", 1_492_414_608_999),
        (r#""1492414608999""#, 1_492_414_608_999),
        (r#""1492414608""#, 1_492_414_608_000),
        (r#""2017-04-17T07:36:48.999Z""#, 1_492_414_608_999),
    ] {
        let body = format!(
            r#"{{"eventType":"Message","timestamp":{ts},"content":{{"type":"text","text":"x"}}}}"#
        );
        assert_eq!(one(&body).common().timestamp, Some(ms), "{ts}");
    }
}

#[test]
fn referral_items_are_referral_events() {
    fn referral(e: &WebhookEvent<'_>) -> (Option<String>, Option<String>, Option<String>) {
        match e {
            WebhookEvent::Referral(r) => (
                r.ref_param.as_deref().map(String::from),
                r.source.as_deref().map(String::from),
                r.ad_id.as_deref().map(String::from),
            ),
            other => panic!("not a referral: {other:?}"),
        }
    }
    let some = |s: &str| Some(String::from(s));
    // An m.me link.
    let e = one(fixture!("realworld/botbuilder-referral-shortlink.json"));
    assert_eq!(e.kind(), "referral");
    assert_eq!(
        referral(&e),
        (some("USER_DEFINED_REFERRAL_PARAM"), some("SHORTLINK"), None)
    );
    let c = e.common();
    assert_eq!(c.channel.as_deref(), Some("messenger"));
    assert_eq!((c.from.as_deref(), c.to.as_deref()), (Some("0"), Some("0")));
    assert_eq!(c.timestamp, Some(2_222_222_000));
    assert_eq!(
        c.referral.as_ref().map(Exact::get),
        Some("{\n            \"ref\": \"USER_DEFINED_REFERRAL_PARAM\",\n            \"source\": \"SHORTLINK\",\n            \"type\": \"OPEN_THREAD\"\n          }")
    );
    // An ad, and the Discover tab (no ref).
    let e = one(fixture!("realworld/messenger4j-referral-ads.json"));
    assert_eq!(
        referral(&e),
        (
            some("<REF DATA IF SPECIFIED IN THE AD>"),
            some("ADS"),
            some("<ID OF THE AD>")
        )
    );
    let e = one(fixture!("realworld/messenger4j-referral-discover-tab.json"));
    assert_eq!(referral(&e), (None, some("DISCOVER_TAB"), None));
    // A bare messaging object: no channel to tell.
    let e = one(fixture!(
        "realworld/jgorset-event-referral-shortlink-with-ad-id.json"
    ));
    assert_eq!(
        referral(&e),
        (some("my-ref-value"), some("SHORTLINK"), some("ad-id"))
    );
    assert_eq!(e.common().channel, None);
    // In a batch beside a reaction; ads_context_data stays in `referral`.
    let body = fixture!("realworld/gosdk-fb-reaction-and-ads-referral.json");
    let events = parse_all(body.as_bytes(), DEFAULT_MAX_BYTES).unwrap();
    assert_eq!(
        events.iter().map(WebhookEvent::kind).collect::<Vec<_>>(),
        ["reaction", "referral"]
    );
    assert_eq!(
        referral(&events[1]),
        (some("promo"), some("ADS"), some("42"))
    );
    let raw: Value =
        serde_json::from_str(events[1].common().referral.as_ref().unwrap().get()).unwrap();
    assert_eq!(raw["ads_context_data"], json!({"ad_title": "t"}));
}

#[test]
fn referral_ids_stay_exact_and_odd_shapes_stay_unknown() {
    // An Instagram ig.me link (Meta's `messaging_referral`), ids as numbers beyond 2^53.
    let body = r#"{"object":"instagram","entry":[{"id":"17841400000000000","time":1700000000000,"messaging":[{"sender":{"id":26203292189261166},"recipient":{"id":"17841400000000000"},"timestamp":1700000000123,"referral":{"ref":12345678901234567890,"source":"IG_ME","type":"OPEN_THREAD","ad_id":98765432109876543210,"new_field":{"x":1}}}]}]}"#;
    let e = one(body);
    assert_eq!(e.kind(), "referral");
    assert_eq!(e.common().channel.as_deref(), Some("instagram"));
    assert_eq!(e.common().from.as_deref(), Some("26203292189261166"));
    match &e {
        WebhookEvent::Referral(r) => {
            assert_eq!(r.ref_param.as_deref(), Some("12345678901234567890"));
            assert_eq!(r.source.as_deref(), Some("IG_ME"));
            assert_eq!(r.ad_id.as_deref(), Some("98765432109876543210"));
        }
        other => panic!("{other:?}"),
    }
    // Serialized: the typed fields beside the exact object, unsafe numbers quoted.
    let v: Value = serde_json::to_value(&e).unwrap();
    assert_eq!(v["type"], "referral");
    assert_eq!(v["ref"], "12345678901234567890");
    assert_eq!(v["adId"], "98765432109876543210");
    assert_eq!(v["referral"]["ad_id"], "98765432109876543210");
    assert_eq!(v["referral"]["new_field"], json!({"x": 1}));
    for key in ["content", "status", "reaction"] {
        assert_eq!(v[key], Value::Null, "{key}");
    }
    // Inside the Hub envelope too.
    let e = one(
        r#"{"eventType":"messaging_referrals","payload":{"sender":{"id":"1"},"recipient":{"id":"2"},"referral":{"ref":"r","source":"SHORTLINK","type":"OPEN_THREAD"}}}"#,
    );
    assert_eq!(e.kind(), "referral");
    assert_eq!(
        e.common().event_type.as_deref(),
        Some("messaging_referrals")
    );
    // A referral that is not an object is no referral event; a referral inside a message or a
    // postback stays on that event.
    let e = one(r#"{"sender":{"id":"1"},"recipient":{"id":"2"},"referral":"ADS"}"#);
    assert_eq!(e.kind(), "unknown");
    assert_eq!(
        e.common().referral.as_ref().map(Exact::get),
        Some("\"ADS\"")
    );
    let e = one(
        r#"{"sender":{"id":"1"},"recipient":{"id":"2"},"postback":{"title":"Go","payload":"GO","referral":{"ref":"r","source":"SHORTLINK"}}}"#,
    );
    assert_eq!(e.kind(), "postback");
}

#[test]
fn one_replacement_character_per_lone_surrogate() {
    // `JSON.parse` + `TextEncoder`, and every WHATWG decoder, give one U+FFFD for each.
    let body = r#"{"eventType":"Message","channel":"instagram","channelId":"a\ud800b","messageId":"m\udc00x","from":"1","to":"2","content":{"type":"text","text":"a\ud800b\ud83d\ude00 \udfff\ud800\ud800"}}"#;
    let e = one(body);
    let c = e.common();
    assert_eq!(c.channel_id.as_deref(), Some("a\u{FFFD}b"));
    assert_eq!(c.message_id.as_deref(), Some("m\u{FFFD}x"));
    assert!(
        matches!(e.content(), Some(MessageContent::Text { text, .. }) if text == "a\u{FFFD}b\u{1F600} \u{FFFD}\u{FFFD}\u{FFFD}"),
        "{:?}",
        e.content()
    );
    // Bytes that are not a surrogate's form keep the usual replacement, one per maximal part.
    assert_eq!(
        envelope::lossy_wtf8(b"a\xED\xA0\x80\xF0\x9F\x98\x80\xFFz\xED\xBF\xBF"),
        "a\u{FFFD}\u{1F600}\u{FFFD}z\u{FFFD}"
    );
    assert_eq!(envelope::lossy_wtf8(b"\xED\xA0"), "\u{FFFD}\u{FFFD}");
}

#[test]
fn values_serde_json_refuses_to_decode_leave_an_object_field_unusable_not_the_body() {
    // An object field (`sender`, `reply_to`, `quick_reply`, `payload`) holding a number beyond
    // the double range or a lone surrogate, which serde_json refuses to decode: only that field
    // is lost, never the body.
    let body = r#"{"sender":1e400,"recipient":{"id":"17841400000000000"},"timestamp":1700000000000,
        "message":{"mid":"m_1","text":"hi","reply_to":"\ud800","quick_reply":-1e999,
        "attachments":[{"type":"image","payload":1e309}]}}"#;
    let e = one(body);
    assert_eq!(e.kind(), "message");
    let c = e.common();
    assert_eq!(c.from, None);
    assert_eq!(c.to.as_deref(), Some("17841400000000000"));
    assert_eq!(c.message_id.as_deref(), Some("m_1"));
    assert_eq!(c.reply_to, None);
    assert_eq!(c.attachments.len(), 1);
    // The same body with ordinary values there reads the same way.
    let plain = body
        .replace("1e400", "7")
        .replace(r#""\ud800""#, "null")
        .replace("-1e999", "7")
        .replace("1e309", "7");
    let p = one(&plain);
    assert_eq!(p.common(), c);
    // In a batch, a change holding such a value is skipped as it was: no error, no event lost.
    let batch = r#"{"object":"instagram","entry":[{"id":"1","time":1700000000,
        "changes":[1e400,{"field":"comments","value":{"x":1e400}}],
        "messaging":[{"sender":{"id":"2"},"recipient":1e400,"message":{"mid":"m_2","text":"a"}}]}]}"#;
    let all = parse_all(batch.as_bytes(), DEFAULT_MAX_BYTES).unwrap();
    let kinds: Vec<_> = all.iter().map(WebhookEvent::kind).collect();
    assert_eq!(kinds, ["unknown", "message"]);
    assert_eq!(all[1].common().from.as_deref(), Some("2"));
}
