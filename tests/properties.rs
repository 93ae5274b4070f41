//! Property tests (issue #7) through the public API: the webhook parser never panics and never
//! calls valid JSON invalid; ids keep their exact text; `verify(sign(x))` round-trips and
//! nothing else verifies. The send-body properties (builder accepts ⇒ the stand-in's JSON Schema
//! accepts) live in `tests/js/properties.test.mjs`, next to the schema's validator.
//!
//! Run: `cargo test --test properties` (PROPTEST_CASES=10000 for a longer run).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::HashMap;
use std::sync::LazyLock;

use chatt2me_wasm::webhook::{self, signature, VerifyOptions, DEFAULT_MAX_BYTES};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::value::RawValue;

/// A JSON document as text pieces, so it can hold what `serde_json::Value` cannot: duplicate
/// keys, numbers of any size and spelling, lone surrogate escapes.
#[derive(Debug, Clone)]
enum J {
    Null,
    Bool(bool),
    /// A number token, written as is.
    Num(String),
    Str(String),
    /// A string given as its escaped JSON text (between the quotes).
    Escaped(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(n) => out.push_str(n),
            J::Str(s) => out.push_str(&serde_json::to_string(s).unwrap()),
            J::Escaped(e) => {
                out.push('"');
                out.push_str(e);
                out.push('"');
            }
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            J::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Keys the parser dispatches on, so generated values hit every envelope.
const KEYS: &[&str] = &[
    "eventType",
    "channelId",
    "messageId",
    "from",
    "to",
    "timestamp",
    "channel",
    "content",
    "payload",
    "object",
    "entry",
    "messaging",
    "standby",
    "changes",
    "field",
    "time",
    "sender",
    "recipient",
    "message",
    "reaction",
    "postback",
    "read",
    "message_edit",
    "mid",
    "is_echo",
    "id",
    "pageId",
    "text",
    "type",
    "attachments",
    "attachment",
    "quick_replies",
    "quick_reply",
    "sender_action",
    "template_type",
    "buttons",
    "elements",
    "coordinates",
    "lat",
    "long",
    "url",
    "status",
    "error",
    "errorCode",
    "interactive",
    "button_reply",
    "latitude",
    "longitude",
    "image",
    "emoji",
    "num_edit",
    "referral",
    "reply_to",
    "story",
    "standby",
    "delivery",
    "mids",
    "watermark",
    "optin",
    "one_time_notif_token",
    "pass_thread_control",
    "take_thread_control",
    "request_thread_control",
    "new_owner_app_id",
    "account_linking",
    "authorization_code",
    "ig_post_media_id",
    "reel_video_id",
    "product",
    "title",
    "URL",
    "__proto__",
    "constructor",
    "prototype",
];
const STRINGS: &[&str] = &[
    "Message",
    "MessageStatus",
    "message_echoes",
    "instagram",
    "page",
    "messenger",
    "whatsapp",
    "text",
    "image",
    "audio",
    "video",
    "file",
    "sticker",
    "location",
    "interactive",
    "button",
    "reaction",
    "template",
    "share",
    "ig_reel",
    "ig_post",
    "fallback",
    "linked",
    "one_time_notif_req",
    "like_heart",
    "react",
    "unreact",
    "2025-12-18T20:08:40.195Z",
    "1700000000",
    "",
];

fn number() -> BoxedStrategy<String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
        "-?[1-9][0-9]{15,40}",
        "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,5})?[eE][+-]?[0-9]{1,4}",
        Just(String::from("-0")),
        Just(String::from("1e400")),
        Just(String::from("9007199254740993")),
        Just(String::from("1700000000000")),
    ]
    .boxed()
}

fn string() -> BoxedStrategy<String> {
    prop_oneof![
        3 => proptest::sample::select(STRINGS).prop_map(String::from),
        1 => any::<String>(),
        1 => "\\PC{0,12}",
    ]
    .boxed()
}

fn key() -> BoxedStrategy<String> {
    prop_oneof![4 => proptest::sample::select(KEYS).prop_map(String::from), 1 => "\\PC{0,8}"]
        .boxed()
}

fn leaf() -> BoxedStrategy<J> {
    prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        number().prop_map(J::Num),
        string().prop_map(J::Str),
        // Lone and paired surrogates, control characters and other escapes.
        proptest::sample::select(
            &[
                "\\ud800",
                "\\udc00x",
                "\\ud83d\\ude00",
                "\\u0000",
                "\\\"\\\\\\/\\b\\f\\n\\r\\t",
                "\\ud800\\u0041"
            ][..]
        )
        .prop_map(|e| J::Escaped(e.to_string())),
    ]
    .boxed()
}

/// Any JSON value, nested at most 8 deep (well inside the 128 limit).
fn value() -> BoxedStrategy<J> {
    leaf()
        .prop_recursive(8, 96, 8, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..8).prop_map(J::Arr),
                // A vec, not a map: duplicate keys are part of the input space.
                vec((key(), inner), 0..8).prop_map(J::Obj),
            ]
        })
        .boxed()
}

/// A webhook-shaped body: the four documented envelopes with generated members mixed in.
fn webhook_body() -> BoxedStrategy<J> {
    let id = prop_oneof![string().prop_map(J::Str), number().prop_map(J::Num)].boxed();
    let extra = vec((key(), value()), 0..3).boxed();
    let flat = (id.clone(), id.clone(), value(), extra.clone()).prop_map(
        |(channel_id, from, content, extra)| {
            let mut m = vec![
                ("eventType".into(), J::Str("Message".into())),
                ("channelId".into(), channel_id),
                ("from".into(), from),
                ("timestamp".into(), J::Num("1700000000".into())),
                ("channel".into(), J::Str("instagram".into())),
                ("content".into(), content),
            ];
            m.extend(extra);
            J::Obj(m)
        },
    );
    let envelope = (id.clone(), value(), extra.clone()).prop_map(|(to, message, extra)| {
        let mut p = vec![
            ("recipient".into(), J::Obj(vec![("id".into(), to)])),
            ("message".into(), message),
        ];
        p.extend(extra);
        J::Obj(vec![
            ("eventType".into(), J::Str("Message".into())),
            (
                "timestamp".into(),
                J::Str("2025-12-18T20:08:40.195Z".into()),
            ),
            ("payload".into(), J::Obj(p)),
        ])
    });
    // A message, or one of Messenger's other messaging fields (issue #20).
    let field = proptest::sample::select(
        &[
            "message",
            "message",
            "delivery",
            "optin",
            "pass_thread_control",
            "take_thread_control",
            "request_thread_control",
            "account_linking",
        ][..],
    );
    let item = (id.clone(), id, field, value()).prop_map(|(from, to, field, message)| {
        J::Obj(vec![
            ("sender".into(), J::Obj(vec![("id".into(), from)])),
            ("recipient".into(), J::Obj(vec![("id".into(), to)])),
            ("timestamp".into(), J::Num("1700000000000".into())),
            (field.into(), message),
        ])
    });
    let item = item.boxed();
    let batch = (
        prop_oneof![Just("instagram"), Just("page")],
        prop_oneof![Just("messaging"), Just("standby")],
        vec(item.clone(), 0..4),
    )
        .prop_map(|(object, list, items)| {
            J::Obj(vec![
                ("object".into(), J::Str(object.into())),
                (
                    "entry".into(),
                    J::Arr(vec![J::Obj(vec![
                        ("time".into(), J::Num("1700000000".into())),
                        (list.into(), J::Arr(items)),
                    ])]),
                ),
            ])
        });
    prop_oneof![flat, envelope, item, batch].boxed()
}

fn code<T>(r: &Result<T, chatt2me_wasm::Error>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

/// The keys of each event type (`chatt2me_wasm::shapes`), read once.
static SHAPES: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
    chatt2me_wasm::shapes::shapes()
        .unwrap()
        .into_iter()
        .collect()
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Valid JSON is never `invalid_json`, never a panic: events or `unrecognized`.
    #[test]
    fn parse_never_panics_on_any_json(v in value()) {
        let text = v.text();
        let all = webhook::parse_all(text.as_bytes(), DEFAULT_MAX_BYTES);
        prop_assert!(matches!(code(&all), "ok" | "unrecognized"), "{}: {}", code(&all), text);
        // What JS receives is JSON.
        if let Ok(events) = &all {
            let out = serde_json::to_string(events).unwrap();
            // IgnoredAny, not Value: content kept exact may hold lone surrogate escapes, which
            // JSON.parse reads and serde_json's strings refuse.
            prop_assert!(serde_json::from_str::<serde::de::IgnoredAny>(&out).is_ok(), "{}", out);
            // The package's own writer of the events' JSON writes what serde_json writes, and
            // the values handed to JS, under the keys of the event's type, are that JSON.
            for event in events {
                let mut ours = Vec::new();
                webhook::write_json(event, &mut ours).unwrap();
                let json = String::from_utf8(ours).unwrap();
                prop_assert_eq!(&json, &serde_json::to_string(event).unwrap());
                let mut values = Vec::new();
                webhook::write_values(event, &mut values).unwrap();
                let values: Vec<&RawValue> = serde_json::from_slice(&values).unwrap();
                let keys = &SHAPES[event.kind()];
                prop_assert_eq!(keys.len(), values.len());
                let members: Vec<String> = keys
                    .iter()
                    .zip(&values)
                    .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), v.get()))
                    .collect();
                prop_assert_eq!(format!("{{{}}}", members.join(",")), json);
                // The slots JS builds the event from are those values, sliced from the body
                // where it is ASCII, or from the text beside them.
                let values = serde_json::to_string(&values).unwrap();
                for given in [chatt2me_wasm::json::slots::Body::ascii(text.as_bytes()), None] {
                    let mut slots = chatt2me_wasm::json::slots::Slots::default();
                    webhook::write_slots(event, given, &mut slots).unwrap();
                    let seen = if given.is_some() { text.as_str() } else { "" };
                    let read = chatt2me_wasm::json::slots::json_of(&slots, seen).unwrap();
                    prop_assert_eq!(&read, &values);
                }
            }
        }
    }

    /// Every documented envelope, whatever its members hold, is recognized, and ids keep their
    /// exact text (a PSID beyond 2^53 sent as a number is not rounded).
    #[test]
    fn webhook_shapes_are_recognized(body in webhook_body()) {
        let text = body.text();
        let events = webhook::parse_all(text.as_bytes(), DEFAULT_MAX_BYTES);
        prop_assert_eq!(code(&events), "ok", "{}", text);
        let events = events.unwrap();
        let dispatch_changed = ["payload", "object", "entry"].iter().any(|k| member(&body, k).is_some());
        if let ([event], false) = (events.as_slice(), dispatch_changed) {
            for (key, got) in [("from", &event.common().from), ("channelId", &event.common().channel_id)] {
                match member(&body, key) {
                    Some(J::Num(token)) => prop_assert_eq!(got.as_deref(), Some(token.as_str()), "{}", key),
                    Some(J::Str(s)) => prop_assert_eq!(got.as_deref(), Some(s.as_str()), "{}", key),
                    _ => {}
                }
            }
        }
    }

    /// verify(sign(body)) gives exactly parse(body); another secret, another body, another time
    /// or a one-nibble change never verifies.
    #[test]
    fn sign_then_verify_round_trips(
        body in webhook_body(),
        secret in "[ -~]{1,64}",
        other in "[ -~]{1,64}",
        skew in -300i64..=300,
        nibble in 0usize..64,
    ) {
        prop_assume!(secret != other);
        let text = body.text();
        let now = 1_700_000_000i64;
        let t = now + skew;
        let header = signature::sign(secret.as_bytes(), t, text.as_bytes());
        let opts = VerifyOptions { tolerance_seconds: 300, now_seconds: now, max_bytes: DEFAULT_MAX_BYTES };
        let verified = webhook::verify_all(text.as_bytes(), Some(&header), &[other.as_bytes(), secret.as_bytes()], opts);
        prop_assert_eq!(verified, webhook::parse_all(text.as_bytes(), DEFAULT_MAX_BYTES));

        let verify = |body: &[u8], header: &str, secrets: &[&[u8]], now: i64| {
            signature::verify(body, Some(header), secrets, 300, now)
        };
        prop_assert_eq!(code(&verify(text.as_bytes(), &header, &[other.as_bytes()], now)), "signature_mismatch");
        let mut tampered = text.clone().into_bytes();
        tampered.push(b' ');
        prop_assert_eq!(code(&verify(&tampered, &header, &[secret.as_bytes()], now)), "signature_mismatch");
        prop_assert_eq!(code(&verify(text.as_bytes(), &header, &[secret.as_bytes()], t + 301)), "timestamp_out_of_tolerance");
        prop_assert_eq!(code(&verify(text.as_bytes(), &header, &[secret.as_bytes()], t - 301)), "timestamp_out_of_tolerance");
        let mut near = header.clone().into_bytes();
        let at = near.len() - 64 + nibble;
        near[at] = if near[at] == b'0' { b'1' } else { b'0' };
        let near = String::from_utf8(near).unwrap();
        prop_assert_eq!(code(&verify(text.as_bytes(), &near, &[secret.as_bytes()], now)), "signature_mismatch");
    }

    /// Any bytes at all: a result or a typed error, never a panic.
    #[test]
    fn parse_never_panics_on_any_bytes(bytes in vec(any::<u8>(), 0..512)) {
        let r = webhook::parse_all(&bytes, DEFAULT_MAX_BYTES);
        prop_assert!(matches!(code(&r), "ok" | "invalid_json" | "unrecognized"), "{}", code(&r));
        let r = webhook::parse_all(&bytes, 16);
        if bytes.len() > 16 {
            prop_assert_eq!(code(&r), "body_too_large");
        }
    }
}

fn member<'a>(body: &'a J, key: &str) -> Option<&'a J> {
    match body {
        J::Obj(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

#[test]
fn nesting_limit_is_an_error_not_a_crash() {
    for depth in [129usize, 1_000, 100_000] {
        let text = "[".repeat(depth) + &"]".repeat(depth);
        assert_eq!(
            code(&webhook::parse_all(text.as_bytes(), usize::MAX)),
            "invalid_json",
            "depth {depth}"
        );
        let text = "{\"a\":".repeat(depth) + "1" + &"}".repeat(depth);
        assert_eq!(
            code(&webhook::parse_all(text.as_bytes(), usize::MAX)),
            "invalid_json",
            "depth {depth}"
        );
    }
    let ok = "[".repeat(128) + &"]".repeat(128);
    assert_eq!(
        code(&webhook::parse_all(ok.as_bytes(), usize::MAX)),
        "unrecognized"
    );
    // Strings do not count: brackets inside them are text.
    let text = format!(r#"{{"eventType":"Message","x":"{}"}}"#, "[".repeat(1000));
    assert_eq!(code(&webhook::parse_all(text.as_bytes(), usize::MAX)), "ok");
}
