//! Send bodies: arbitrary bytes as JSON text, and arbitrary JSON values built from the fields
//! and values the validator knows (so the fuzzer gets deep into the rules quickly).
//!
//! Never panics; a refusal is always `validation_failed` with at least one issue, each with a
//! message; validating the parsed value and checking its JSON text give the same issues (for the
//! generated values, and for any byte input serde_json reads); the issues JSON handed to JS
//! (`serde_json::to_string(&issues)`) and the error payload are valid JSON holding exactly those
//! issues.
#![no_main]

use arbitrary::{Result, Unstructured};
use chatt2me_wasm::send::{self, Channel};
use chatt2me_wasm::Issue;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Number, Value};

const CHANNELS: [Channel; 6] = Channel::ALL;

const KEYS: &[&str] = &[
    // WhatsApp, Telegram, SMS and Web Chatt (issue #21).
    "voice",
    "template",
    "paymentRequest",
    "link",
    "components",
    "parameters",
    "bodyText",
    "referenceId",
    "paymentMethod",
    "pix",
    "boleto",
    "paymentLink",
    "items",
    "tax",
    "from",
    "to",
    "content",
    "text",
    "attachment",
    "attachments",
    "quick_replies",
    "sender_action",
    "payload",
    "imageUrl",
    "videoUrl",
    "audioUrl",
    "interactive",
    "type",
    "url",
    "attachment_id",
    "is_reusable",
    "template_type",
    "buttons",
    "elements",
    "title",
    "subtitle",
    "image_url",
    "default_action",
    "webview_height_ratio",
    "sharable",
    "image_aspect_ratio",
    "content_type",
    "message_id",
    "reaction",
    "id",
    "body",
    "action",
    "reply",
    "button",
    "sections",
    "rows",
    "description",
    "name",
    "parameters",
    "display_text",
    "header",
    "footer",
    "voice",
    "template",
    "location",
    "sticker",
    "quickReplies",
    "__proto__",
    "constructor",
    "prototype",
];
const STRINGS: &[&str] = &[
    "6cbd6789-1d2b-47e0-9391-5eb91d2839ea",
    "0b1c2d3e-4f50-4617-8899-aabbccddeeff",
    "chatt2me_demo",
    "@chatt2me_demo",
    "847421668462669",
    "847495124317323",
    "26203292189261166",
    "https://example.com/a.jpg",
    "http://example.com/a.jpg",
    "https://",
    "HTTPS://x.y/z?q#f",
    "image",
    "audio",
    "video",
    "file",
    "like_heart",
    "MEDIA_SHARE",
    "template",
    "button",
    "generic",
    "web_url",
    "postback",
    "text",
    "user_phone_number",
    "user_email",
    "typing_on",
    "typing_off",
    "mark_seen",
    "react",
    "unreact",
    "love",
    "smile",
    "❤️",
    "👍🏽",
    "reply",
    "list",
    "cta_url",
    "location_request_message",
    "horizontal",
    "square",
    "compact",
    "tall",
    "full",
    "",
    " ",
    "\u{0}",
    "\u{1f}",
    "\"",
    "\\",
    "\u{feff}",
    "é",
    "\u{10ffff}",
    "\u{2028}",
];

fn string(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0..=7u8)? {
        0..=4 => (*u.choose(STRINGS)?).to_string(),
        5 => {
            // Long strings around the limits (20, 24, 72, 80, 256, 640, 1000, 1999 characters or bytes).
            let unit = *u.choose(&["a", "é", "😀", " "])?;
            let n = *u.choose(&[
                19usize, 20, 21, 24, 25, 72, 73, 80, 81, 256, 257, 333, 334, 640, 641, 999, 1000,
                1001, 1999, 2000,
            ])?;
            unit.repeat(n)
        }
        _ => u.arbitrary::<String>()?,
    })
}

fn number(u: &mut Unstructured<'_>) -> Result<Number> {
    let text = match u.int_in_range(0..=3u8)? {
        0 => u.arbitrary::<i64>()?.to_string(),
        1 => {
            let f = u.arbitrary::<f64>()?;
            if f.is_finite() {
                format!("{f:?}")
            } else {
                String::from("1e400")
            }
        }
        2 => (*u.choose(&[
            "-0",
            "9007199254740993",
            "1e400",
            "-1e-400",
            "0.0",
            "1E5",
            "123456789012345678901234567890",
        ])?)
        .to_string(),
        _ => u.arbitrary::<u64>()?.to_string(),
    };
    Ok(text.parse::<Number>().unwrap_or_else(|_| Number::from(0)))
}

/// Values generated so far for this input: bounded, so one input stays cheap.
static NODES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
const MAX_NODES: usize = 400;

fn value(u: &mut Unstructured<'_>, depth: u32) -> Result<Value> {
    let leaf = depth >= 8 || NODES.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= MAX_NODES;
    let pick = if leaf {
        u.int_in_range(0..=3u8)?
    } else {
        u.int_in_range(0..=6u8)?
    };
    Ok(match pick {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::Number(number(u)?),
        3 => Value::String(string(u)?),
        4 => {
            let n = u.int_in_range(0..=14usize)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(value(u, depth + 1)?);
            }
            Value::Array(items)
        }
        _ => {
            let n = u.int_in_range(0..=6usize)?;
            let mut map = Map::new();
            for _ in 0..n {
                let key = if u.ratio(7u8, 8u8)? {
                    (*u.choose(KEYS)?).to_string()
                } else {
                    string(u)?
                };
                map.insert(key, value(u, depth + 1)?);
            }
            Value::Object(map)
        }
    })
}

/// A body shaped like a send body, so most inputs reach the content rules.
fn body(u: &mut Unstructured<'_>) -> Result<Value> {
    if u.ratio(1u8, 8u8)? {
        return value(u, 0);
    }
    let mut map = Map::new();
    let from = if u.ratio(7u8, 8u8)? {
        Value::String(string(u)?)
    } else {
        value(u, 6)?
    };
    map.insert("from".into(), from);
    let to = if u.ratio(7u8, 8u8)? {
        Value::String(string(u)?)
    } else {
        value(u, 6)?
    };
    map.insert("to".into(), to);
    map.insert("content".into(), value(u, 1)?);
    if u.ratio(1u8, 16u8)? {
        map.insert(string(u)?, value(u, 4)?);
    }
    Ok(Value::Object(map))
}

/// What JS receives for these issues: valid JSON holding exactly them.
fn check_issues_json(issues: &[Issue]) {
    let text = serde_json::to_string(issues).expect("issues serialize");
    let v: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("issues JSON invalid ({e}): {text}"));
    check_issues_value(&v, issues);
}

/// `v` is the JSON array of exactly `issues`, in order.
fn check_issues_value(v: &Value, issues: &[Issue]) {
    let list = v.as_array().expect("an array");
    assert_eq!(list.len(), issues.len());
    for (got, issue) in list.iter().zip(issues) {
        assert_eq!(
            got.get("path").and_then(Value::as_str),
            Some(issue.path.as_str())
        );
        assert_eq!(
            got.get("code").and_then(Value::as_str),
            Some(issue.code.as_str())
        );
        assert_eq!(
            got.get("message").and_then(Value::as_str),
            Some(issue.message.as_str())
        );
        assert_eq!(got.as_object().map(|o| o.len()), Some(3), "{got}");
    }
}

fn check_refusal(err: &chatt2me_wasm::Error) {
    assert_eq!(err.code(), "validation_failed");
    assert!(!err.issues().is_empty(), "a refusal without issues");
    for issue in err.issues() {
        assert!(
            !issue.message.is_empty(),
            "an issue without a message at {}",
            issue.path
        );
    }
    check_issues_json(err.issues());
    let payload: Value = serde_json::from_str(&err.to_json()).expect("the error payload is JSON");
    assert_eq!(
        payload.get("name").and_then(Value::as_str),
        Some("ValidationError")
    );
    assert_eq!(
        payload.get("code").and_then(Value::as_str),
        Some("validation_failed")
    );
    assert_eq!(
        payload.get("message").and_then(Value::as_str),
        Some(&*err.message())
    );
    check_issues_value(
        payload.get("issues").expect("the payload's issues"),
        err.issues(),
    );
}

/// `check_json(text)` refuses with exactly the issues `validate` finds in `parsed`, or accepts
/// when there are none.
fn check_same(channel: Channel, parsed: &Value, text: &str) {
    let issues = send::validate(channel, parsed);
    match send::check_json(channel, text) {
        Ok(()) => assert!(
            issues.is_empty(),
            "check_json accepted, validate found {issues:?}"
        ),
        Err(e) => {
            check_refusal(&e);
            assert_eq!(e.issues(), &issues[..], "check_json and validate disagree");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // 1. The bytes as JSON text.
    let text = String::from_utf8_lossy(data);
    // What serde_json reads (no lone surrogate escapes: those it refuses) is what check_json reads.
    let parsed = serde_json::from_str::<Value>(&text).ok();
    for channel in CHANNELS {
        match &parsed {
            Some(parsed) => check_same(channel, parsed, &text),
            None => {
                if let Err(e) = send::check_json(channel, &text) {
                    check_refusal(&e);
                }
            }
        }
        if let Ok(utf8) = std::str::from_utf8(data) {
            assert_eq!(
                send::check_utf8(channel, data),
                send::check_json(channel, utf8),
                "check_utf8 and check_json disagree"
            );
        } else if let Err(e) = send::check_utf8(channel, data) {
            check_refusal(&e);
        } else {
            panic!("check_utf8 accepted bytes that are not UTF-8");
        }
    }

    // 2. A JSON value generated from the bytes.
    let mut u = Unstructured::new(data);
    NODES.store(0, std::sync::atomic::Ordering::Relaxed);
    let Ok(v) = body(&mut u) else { return };
    let text = serde_json::to_string(&v).expect("a value serializes");
    // Validated as read back from its text (a float may not survive the round trip bit for bit).
    let parsed: Value = serde_json::from_str(&text).expect("serde_json reads its own output");
    for channel in CHANNELS {
        check_same(channel, &parsed, &text);
    }
});
