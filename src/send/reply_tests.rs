use super::*;

const UUID: &str = "6cbd6789-1d2b-47e0-9391-5eb91d2839ea";

fn event<'a>(channel: &'a str, sender: &'a str) -> ReplyTo<'a> {
    ReplyTo {
        kind: Some("message"),
        channel: Some(channel),
        channel_id: Some(UUID),
        sender: Some(sender),
        ..ReplyTo::default()
    }
}

fn paths(err: Error) -> Vec<(String, &'static str)> {
    err.issues()
        .iter()
        .map(|i| (i.path.clone(), i.code.as_str()))
        .collect()
}

#[test]
fn channel_id_is_from_and_sender_is_to() {
    let (c, text) = build(&event("instagram", "847495124317323"), r#"{"text":"hi"}"#).unwrap();
    assert_eq!(c, Channel::Instagram);
    assert_eq!(
        text,
        format!(r#"{{"from":"{UUID}","to":"847495124317323","content":{{"text":"hi"}}}}"#)
    );
    let (c, _) = build(&event("messenger", "26203292189261166"), r#"{"text":"hi"}"#).unwrap();
    assert_eq!(c, Channel::Messenger);
}

#[test]
fn content_issues_are_the_channels() {
    let err = build(&event("instagram", "1"), r#"{"text":""}"#).unwrap_err();
    assert_eq!(paths(err)[0].0, "content.text");
    let err = build(&event("instagram", "1"), r#"{"template":{"id":"x"}}"#).unwrap_err();
    assert_eq!(
        paths(err)[0],
        ("content.template".to_string(), "not_supported")
    );
}

#[test]
fn echoes_and_statuses_are_not_answered() {
    for kind in ["echo", "status", "read", "unknown"] {
        let e = ReplyTo {
            kind: Some(kind),
            ..event("instagram", "1")
        };
        let err = target(&e).unwrap_err();
        assert_eq!(
            paths(err),
            vec![("event.type".to_string(), "invalid_value")]
        );
    }
    for kind in ["message", "postback", "referral", "reaction"] {
        let e = ReplyTo {
            kind: Some(kind),
            ..event("instagram", "1")
        };
        assert!(target(&e).is_ok(), "{kind}");
    }
}

#[test]
fn an_unknown_channel_is_not_supported_and_named() {
    let err = target(&event("carrier-pigeon", "1")).unwrap_err();
    let issue = &err.issues()[0];
    assert_eq!(issue.path, "event.channel");
    assert_eq!(issue.code, IssueCode::NotSupported);
    assert!(
        issue.message.contains("\"carrier-pigeon\""),
        "{}",
        issue.message
    );
    let none = ReplyTo {
        channel: None,
        ..event("instagram", "1")
    };
    assert_eq!(
        paths(target(&none).unwrap_err()),
        vec![("event.channel".to_string(), "required")]
    );
}

#[test]
fn a_missing_channel_id_needs_options_from_except_a_messenger_page() {
    let e = ReplyTo {
        channel_id: None,
        recipient: Some("1234567890"),
        ..event("instagram", "1")
    };
    assert_eq!(
        paths(target(&e).unwrap_err()),
        vec![("event.channelId".to_string(), "required")]
    );
    let with = ReplyTo {
        from: Some(UUID),
        ..e
    };
    assert_eq!(target(&with).unwrap().1, UUID);
    // Messenger's `from` may be the Page id: the Meta recipient of the user's message.
    let page = ReplyTo {
        channel: Some("messenger"),
        ..e
    };
    assert_eq!(target(&page).unwrap().1, "1234567890");
}

#[test]
fn options_override_the_event() {
    let e = ReplyTo {
        from: Some("other"),
        to: Some("someone"),
        ..event("messenger", "1")
    };
    let (_, from, to) = target(&e).unwrap();
    assert_eq!((from.as_str(), to.as_str()), ("other", "someone"));
    let no_sender = ReplyTo {
        sender: None,
        ..event("messenger", "1")
    };
    assert_eq!(
        paths(target(&no_sender).unwrap_err()),
        vec![("event.from".to_string(), "required")]
    );
}

#[test]
fn the_body_quotes_from_and_to() {
    assert_eq!(
        body("a\"b", "c", "{}"),
        r#"{"from":"a\"b","to":"c","content":{}}"#
    );
}

#[test]
fn every_hub_channel_is_answered_on_its_own_route() {
    for (name, channel, sender) in [
        ("whatsapp", Channel::WhatsApp, "5511993986082"),
        ("telegram", Channel::Telegram, "-1001234567890"),
        ("sms", Channel::Sms, "+5511944574999"),
        ("webchatt", Channel::WebChatt, "visitor-1"),
        ("web-chatt2me", Channel::WebChatt, "visitor-1"),
    ] {
        let (c, text) = build(&event(name, sender), r#"{"text":"hi"}"#).unwrap();
        assert_eq!(c, channel, "{name}");
        assert!(text.contains(sender));
    }
}

#[test]
fn an_sms_sender_without_plus_is_not_guessed() {
    let err = target(&event("sms", "5511944574999")).unwrap_err();
    let issue = &err.issues()[0];
    assert_eq!(issue.path, "event.from");
    assert_eq!(issue.code, IssueCode::InvalidFormat);
    assert!(issue.message.contains("options.to"), "{}", issue.message);
    let told = ReplyTo {
        to: Some("+5511944574999"),
        ..event("sms", "5511944574999")
    };
    assert_eq!(target(&told).unwrap().2, "+5511944574999");
}

#[test]
fn a_reply_refuses_what_the_channel_does_not_take() {
    let err = build(
        &event("sms", "+5511944574999"),
        r#"{"videoUrl":"https://a.b/c.mp4"}"#,
    )
    .unwrap_err();
    assert_eq!(
        paths(err),
        vec![("content.videoUrl".to_string(), "not_supported")]
    );
}
