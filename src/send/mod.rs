//! Send bodies: `{ from, to, content }` for the six send endpoints (Instagram and Messenger
//! here; WhatsApp, Telegram, SMS and Web Chatt as rows in `channels`).
//!
//! The input is the API's own wire shape and the output is that same body: validation never
//! rewrites, drops or reorders anything; it only reports. Two content models occur in the wild
//! and both are accepted, never mixed in one message:
//! - **Meta-style** (the OpenAPI spec): `text`, `attachment`, `attachments`, `quick_replies`,
//!   `sender_action`, `payload` — checked in `meta`;
//! - **Hub-normalized** (the docs site): `text`, `imageUrl` / `videoUrl` / `audioUrl`,
//!   `interactive`, `reaction`, and `context` (a reply) — checked in `hub`.

mod channels;
pub mod check;
mod hub;
pub mod limits;
mod meta;
pub mod reply;
mod surrogates;
mod templates;
mod whatsapp;

use std::borrow::Cow;

use serde::Deserialize;

use crate::json::{Map, Str, Value};

use crate::error::{Error, Issue, IssueCode};
use check::{show, Ctx, Path};
pub use limits::Channel;

/// Keys only the Meta-style model uses.
pub(super) const META_KEYS: &[&str] = &[
    "attachment",
    "attachments",
    "quick_replies",
    "sender_action",
    "payload",
    "metadata",
];
/// Keys only the Hub-normalized model uses.
const HUB_KEYS: &[&str] = &[
    "imageUrl",
    "videoUrl",
    "audioUrl",
    "interactive",
    "reaction",
    "context",
];
/// Hub keys documented for other channels only (WhatsApp, Telegram, ...).
const HUB_OTHER_CHANNEL_KEYS: &[&str] = &[
    "voice",
    "template",
    "paymentRequest",
    "orderStatus",
    "documentUrl",
    "document",
    "location",
    "contacts",
    "sticker",
];
/// Every key `content` may hold.
const CONTENT_KEYS: &[&str] = &[
    "text",
    "attachment",
    "attachments",
    "quick_replies",
    "sender_action",
    "payload",
    "metadata",
    "imageUrl",
    "videoUrl",
    "audioUrl",
    "interactive",
    "reaction",
    "context",
];

/// Validates a send body already parsed by serde_json and returns every issue (empty when
/// valid). [`check_json`] validates the text itself (what is sent), with no `serde_json::Value`
/// in between.
pub fn validate(channel: Channel, body: &serde_json::Value) -> Vec<Issue> {
    // A serde_json value reads into the crate's tree without fail: same data model.
    let body = Value::deserialize(body).unwrap_or_default();
    let mut cx = Ctx::default();
    envelope(&mut cx, channel, &body);
    cx.issues
}

/// Validates a send body given as JSON text.
///
/// # Errors
/// [`Error::Validation`] with every issue, including a JSON syntax error (reported at the
/// body root), nesting deeper than serde_json's recursion limit (128), or a text over
/// [`limits::BODY_MAX_BYTES`] (one `too_long` issue at the root, nothing of it read).
pub fn check_json(channel: Channel, json: &str) -> Result<(), Error> {
    let (body, mut cx) = parse(json, "the message")?;
    envelope(&mut cx, channel, &body);
    let issues = cx.issues;
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(issues))
    }
}

/// Parses an input given as JSON text (`what` names it in the messages), with the [`Ctx`]
/// that validates it.
///
/// # Errors
/// A text over [`limits::BODY_MAX_BYTES`] (`too_long`, nothing of it read), a JSON syntax
/// error, or nesting deeper than 128 (`invalid_type`), as one issue at the root.
pub fn parse<'a>(json: &'a str, what: &str) -> Result<(Value<'a>, Ctx), Error> {
    if json.len() > limits::BODY_MAX_BYTES {
        return Err(too_large(what, json.len()));
    }
    // Lone surrogate escapes are valid for `JSON.parse` but not for serde_json: they are marked
    // first, so that they are reported at their string rather than as a syntax error.
    let marked = surrogates::mark(json);
    let invalid = |e: serde_json::Error| {
        Error::Validation(vec![Issue {
            path: String::new(),
            code: IssueCode::InvalidType,
            message: format!("{what} is not valid JSON: {}", syntax_error(&e, &marked)),
        }])
    };
    // The tree borrows the strings of the text; of a rewritten text (lone escapes marked, which
    // ordinary bodies never hold) it owns them.
    let body = match &marked.text {
        Cow::Borrowed(text) => crate::json::from_str(text).map_err(invalid)?,
        Cow::Owned(text) => crate::json::from_str(text)
            .map(Value::into_owned)
            .map_err(invalid)?,
    };
    let cx = Ctx {
        lone_surrogates: marked.any(),
        ..Ctx::default()
    };
    Ok((body, cx))
}

/// [`check_json`] of UTF-8 bytes (how the JS layer hands over `JSON.stringify` output).
///
/// # Errors
/// As [`check_json`]; bytes that are not UTF-8 are one `invalid_type` issue at the root.
pub fn check_utf8(channel: Channel, json: &[u8]) -> Result<(), Error> {
    match std::str::from_utf8(json) {
        Ok(text) => check_json(channel, text),
        Err(e) => Err(root(
            IssueCode::InvalidType,
            format!(
                "the message is not valid JSON: invalid UTF-8 at byte {}",
                e.valid_up_to()
            ),
        )),
    }
}

/// The one issue of a body refused whole, at its root.
pub fn root(code: IssueCode, message: String) -> Error {
    Error::Validation(vec![Issue {
        path: String::new(),
        code,
        message,
    }])
}

/// The `too_long` issue of a body over [`limits::BODY_MAX_BYTES`]: `size` is its size in bytes,
/// or where the JS layer refused it uncopied, a lower bound of it (its length in UTF-16 units).
pub fn too_large(what: &str, size: usize) -> Error {
    root(
        IssueCode::TooLong,
        format!("{what} is at least {size} bytes of JSON; the limit is 65536 (64 KiB)"),
    )
}

/// serde_json's description of a syntax error, its column counted in the text the caller gave
/// (marking lone surrogates lengthens the text that serde_json reads).
fn syntax_error(e: &serde_json::Error, marked: &surrogates::Marked<'_>) -> String {
    let text = e.to_string();
    if !marked.any() || e.line() == 0 {
        return text;
    }
    let at = format!(" at line {} column {}", e.line(), e.column());
    let what = text.strip_suffix(&at).unwrap_or(&text);
    format!(
        "{what} at line {} column {}",
        e.line(),
        marked.input_column(e.line(), e.column())
    )
}

fn envelope(cx: &mut Ctx, channel: Channel, body: &Value) {
    let root = Path::ROOT;
    let Value::Object(obj) = body else {
        let msg = format!(
            "the message must be an object {{ from, to, content }}; got {}",
            check::type_name(body)
        );
        cx.report(&root, IssueCode::InvalidType, msg);
        return;
    };
    cx.closed(obj, &["from", "to", "content"], &root);

    if let Some(from) = cx.req_str(obj, "from", &root) {
        check_from(cx, channel, from, &root.key("from"));
    }
    if let Some(to) = cx.req_str(obj, "to", &root) {
        let p = root.key("to");
        if to.is_empty() {
            cx.report(&p, IssueCode::TooShort, "to must not be empty".into());
        } else if let Some(what) = channels::to_form(channel, to) {
            let msg = format!("to on {} must be {what}; got {}", channel.label(), show(to));
            cx.report(&p, IssueCode::InvalidFormat, msg);
        } else if has_space(to) {
            let msg = format!("to must not contain whitespace; got {}", show(to));
            cx.report(&p, IssueCode::InvalidFormat, msg);
        }
    }
    let cp = root.key("content");
    match obj.get("content") {
        None => cx.required(&cp, ": an object with the message to send"),
        Some(v) => {
            if let Some(content) = cx.object(v, &cp) {
                check_content(cx, channel, content, &cp);
            }
        }
    }
}

/// Whether `s` holds whitespace, or U+FEFF (a byte-order mark: not Unicode whitespace, but never
/// part of an id). ASCII text, nearly every id, is checked byte by byte.
pub(crate) fn has_space(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes()
            .any(|b| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '))
    } else {
        s.chars().any(|c| c.is_whitespace() || c == '\u{FEFF}')
    }
}

/// `from`: the channel UUID always; alternatively the Instagram username (with or without `@`)
/// or, on Messenger, the Facebook Page id / configured account id.
fn check_from(cx: &mut Ctx, channel: Channel, from: &str, path: &Path<'_>) {
    if from.is_empty() {
        cx.report(path, IssueCode::TooShort, "from must not be empty".into());
        return;
    }
    if is_uuid(from) {
        return;
    }
    let ok = match channel {
        Channel::Instagram => is_ig_username(from),
        Channel::Messenger => is_account_id(from),
        _ => {
            if let Some(what) = channels::from_form(channel, from) {
                let msg = format!(
                    "from on {} must be {what}; got {}",
                    channel.label(),
                    show(from)
                );
                cx.report(path, IssueCode::InvalidFormat, msg);
            }
            return;
        }
    };
    if !ok {
        let alt = match channel {
            Channel::Instagram => {
                "the Instagram username (letters, digits, `.`, `_`; up to 30; `@` optional)"
            }
            _ => "the Facebook Page id",
        };
        let msg = format!("from must be the channel UUID or {alt}; got {}", show(from));
        cx.report(path, IssueCode::InvalidFormat, msg);
    }
}

/// A UUID in its canonical 8-4-4-4-12 hex form (any version).
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_ig_username(s: &str) -> bool {
    let name = s.strip_prefix('@').unwrap_or(s);
    !name.is_empty()
        && name.len() <= limits::IG_USERNAME_MAX_CHARS
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'_')
}

fn is_account_id(s: &str) -> bool {
    s.len() <= 128
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b':'))
}

/// Which content models the keys of `content` belong to.
fn check_content(cx: &mut Ctx, channel: Channel, content: &Map<Str, Value>, path: &Path<'_>) {
    if channels::row(channel).is_some() {
        return channels::content(cx, channel, content, path);
    }
    // Keys from other channels get a precise `not_supported` instead of `unknown_field`.
    for key in content.keys() {
        if HUB_OTHER_CHANNEL_KEYS.contains(&key.as_str()) {
            let msg = format!(
                "{key} is not available on {}; the Hub offers it on other channels (WhatsApp, Telegram)",
                channel.label()
            );
            cx.report(&path.key(key), IssueCode::NotSupported, msg);
        }
    }
    cx.closed_except(content, CONTENT_KEYS, HUB_OTHER_CHANNEL_KEYS, path);

    if let Some(m) = present(content, META_KEYS).next() {
        let mut mixed = false;
        for h in present(content, HUB_KEYS) {
            let msg = format!(
                "{h} belongs to the Hub-normalized content model and cannot be combined with {m} (Meta-style model); use one model per message"
            );
            cx.report(&path.key(h), IssueCode::Conflict, msg);
            mixed = true;
        }
        if mixed {
            return;
        }
    }

    let has_known = content.keys().any(|k| CONTENT_KEYS.contains(&k.as_str()));
    if !has_known {
        cx.report(
            path,
            IssueCode::Required,
            "content needs one kind of content: text, attachment, attachments, imageUrl, videoUrl, audioUrl, interactive, reaction or sender_action".into(),
        );
        return;
    }
    if present(content, HUB_KEYS).next().is_none() {
        meta::content(cx, channel, content, path);
    } else {
        hub::content(cx, channel, content, path);
    }
}

/// Checks message text: Instagram counts UTF-8 bytes, Messenger characters.
fn check_text(cx: &mut Ctx, channel: Channel, s: &str, path: &Path<'_>) {
    match channel {
        Channel::Instagram => cx.bytes(s, path, limits::IG_TEXT_MAX_BYTES),
        Channel::Messenger => cx.chars(s, path, 1, limits::MESSENGER_TEXT_MAX_CHARS),
        _ => {
            let max = channels::row(channel).map_or(usize::MAX, |r| r.text_max);
            cx.chars(s, path, 1, max);
        }
    }
}

/// The keys of `keys` that `content` holds, in the order of `keys` (one iterator type for
/// every such question: each `filter` closure would be its own copy in the module).
fn present<'k>(
    content: &'k Map<Str, Value>,
    keys: &'k [&'k str],
) -> impl Iterator<Item = &'k str> + 'k {
    keys.iter().copied().filter(|k| content.contains_key(k))
}

/// Reports every kind of `kinds` that `content` holds after the first as a conflict (one kind of
/// content per message); returns how many it holds.
fn only_one(cx: &mut Ctx, content: &Map<Str, Value>, kinds: &[&str], path: &Path<'_>) -> usize {
    let mut found = present(content, kinds);
    let Some(first) = found.next() else {
        return 0;
    };
    let mut n = 1;
    for k in found {
        let msg = format!(
            "{k} cannot be combined with {first}: a message carries exactly one kind of content"
        );
        cx.report(&path.key(k), IssueCode::Conflict, msg);
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests;
