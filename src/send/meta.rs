//! The Meta-style content model of the OpenAPI spec: `text` (+ `quick_replies`), `attachment`,
//! `attachments`, `sender_action` (+ `payload`). Rules and limits from Meta's Instagram and
//! Messenger send documentation (see `limits`).

use crate::json::{Map, Str, Value};

use super::check::{show, Ctx, Path};
use super::limits::{self as lim, Channel};
use super::templates::{self, MESSENGER_BUTTONS};
use super::{check_text, only_one};
use crate::error::IssueCode;

const ATTACHMENT_TYPES: &[&str] = &[
    "image",
    "audio",
    "video",
    "file",
    "like_heart",
    "MEDIA_SHARE",
    "template",
];
const SENDER_ACTIONS: &[&str] = &["typing_on", "typing_off", "mark_seen", "react", "unreact"];
const QUICK_REPLY_TYPES: &[&str] = &["text", "user_phone_number", "user_email"];
/// Reaction names Meta documents: Instagram (`love`, ...) and Messenger (`smile`, `dislike`).
const REACTION_NAMES: &[&str] = &[
    "love", "like", "laugh", "wow", "sad", "angry", "smile", "dislike",
];
/// A URL button's keys: `title`, then what `default_action` shares with it ("the same
/// properties as URL button, except title"), Meta's optional ones included.
const URL_BUTTON_KEYS: &[&str] = &[
    "title",
    "type",
    "url",
    "webview_height_ratio",
    "messenger_extensions",
    "fallback_url",
    "webview_share_button",
];

/// Checks Meta-style `content`.
pub(super) fn content(cx: &mut Ctx, channel: Channel, content: &Map<Str, Value>, path: &Path<'_>) {
    let kinds = only_one(
        cx,
        content,
        &["text", "attachment", "attachments", "sender_action"],
        path,
    );

    // Messenger: "text or attachment must be set" beside quick replies; Instagram: text.
    if content.contains_key("quick_replies") && !content.contains_key("text") {
        match channel {
            Channel::Messenger if content.contains_key("attachment") => {}
            Channel::Messenger => cx.required(
                &path.key("text"),
                ": quick replies need text or an attachment beside them",
            ),
            _ => cx.required(&path.key("text"), ": quick replies need text beside them"),
        }
    }
    if content.contains_key("payload") && !content.contains_key("sender_action") {
        cx.report(
            &path.key("payload"),
            IssueCode::Conflict,
            "payload is only used with sender_action react or unreact".into(),
        );
    }
    // `metadata` rides on a message (Meta delivers it back on the echo), not on a sender action.
    if let Some(v) = content.get("metadata") {
        let p = path.key("metadata");
        if content.contains_key("sender_action") {
            let msg = "metadata goes with a message; a sender action carries none".into();
            cx.report(&p, IssueCode::Conflict, msg);
        } else if kinds == 0 && !content.contains_key("quick_replies") {
            cx.required(&path.key("text"), ": metadata goes with a message");
        }
        if let Some(m) = cx.string(v, &p) {
            cx.chars(m, &p, 0, lim::METADATA_MAX_CHARS);
        }
    }

    if let Some(v) = content.get("text") {
        let p = path.key("text");
        if let Some(s) = cx.string(v, &p) {
            check_text(cx, channel, s, &p);
        }
    }
    if let Some(v) = content.get("quick_replies") {
        quick_replies(cx, channel, v, &path.key("quick_replies"));
    }
    if let Some(v) = content.get("attachment") {
        attachment(cx, channel, v, &path.key("attachment"), false);
    }
    if let Some(v) = content.get("attachments") {
        let p = path.key("attachments");
        if let Some(items) = cx.array(v, &p, 1, lim::ATTACHMENTS_MAX) {
            for (i, item) in items.iter().enumerate() {
                attachment(cx, channel, item, &p.index(i), true);
            }
        }
    }
    if let Some(v) = content.get("sender_action") {
        sender_action(cx, v, content.get("payload"), path);
    }
}

fn quick_replies(cx: &mut Ctx, channel: Channel, v: &Value, path: &Path<'_>) {
    let Some(items) = cx.array(v, path, 1, lim::QUICK_REPLIES_MAX) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let ip = path.index(i);
        let Some(qr) = cx.object(item, &ip) else {
            continue;
        };
        cx.closed(qr, &["content_type", "title", "payload", "image_url"], &ip);
        let kind = cx.req_str(qr, "content_type", &ip);
        if let Some(k) = kind {
            cx.one_of(k, QUICK_REPLY_TYPES, &ip.key("content_type"));
        }
        let is_text = kind == Some("text");
        let title = if is_text {
            cx.req_str(qr, "title", &ip)
        } else {
            cx.opt_str(qr, "title", &ip)
        };
        if let Some(t) = title {
            cx.chars(t, &ip.key("title"), 1, lim::QUICK_REPLY_TITLE_MAX_CHARS);
        }
        let payload = if is_text {
            cx.req_str(qr, "payload", &ip)
        } else {
            cx.opt_str(qr, "payload", &ip)
        };
        if let Some(p) = payload {
            cx.chars(p, &ip.key("payload"), 1, lim::QUICK_REPLY_PAYLOAD_MAX_CHARS);
        }
        if let Some(u) = cx.opt_str(qr, "image_url", &ip) {
            cx.web_url(u, &ip.key("image_url"), https_only(channel));
        }
    }
}

fn attachment(cx: &mut Ctx, channel: Channel, v: &Value, path: &Path<'_>, images_only: bool) {
    let Some(att) = cx.object(v, path) else {
        return;
    };
    cx.closed(att, &["type", "payload"], path);
    let Some(kind) = cx.req_str(att, "type", path) else {
        return;
    };
    let tp = path.key("type");
    let pp = path.key("payload");
    if images_only && kind != "image" {
        let msg = format!(
            "attachments[] holds images only; got {}. Send a video, audio, file or template as a single `attachment`",
            show(kind)
        );
        cx.report(&tp, IssueCode::InvalidValue, msg);
        return;
    }
    match kind {
        "image" | "audio" | "video" | "file" => media_payload(cx, channel, att.get("payload"), &pp),
        "like_heart" => {
            if channel == Channel::Messenger {
                cx.report(
                    &tp,
                    IssueCode::NotSupported,
                    "like_heart stickers are not available on Messenger".into(),
                );
            } else if att.contains_key("payload") {
                cx.report(
                    &pp,
                    IssueCode::Conflict,
                    "like_heart takes no payload".into(),
                );
            }
        }
        "MEDIA_SHARE" => {
            if channel == Channel::Messenger {
                cx.report(
                    &tp,
                    IssueCode::NotSupported,
                    "MEDIA_SHARE (sharing an Instagram post) is Instagram-only".into(),
                );
                return;
            }
            let Some(payload) = required_object(cx, att.get("payload"), &pp) else {
                return;
            };
            cx.closed(payload, &["id"], &pp);
            if let Some(id) = cx.req_str(payload, "id", &pp) {
                cx.chars(id, &pp.key("id"), 1, usize::MAX);
            }
        }
        "template" => template(cx, channel, att.get("payload"), &pp),
        other => {
            let msg = format!(
                "type must be one of {}; got {}",
                ATTACHMENT_TYPES.join(", "),
                show(other)
            );
            cx.report(&tp, IssueCode::InvalidValue, msg);
        }
    }
}

fn required_object<'v>(
    cx: &mut Ctx,
    v: Option<&'v Value<'v>>,
    path: &Path<'_>,
) -> Option<&'v Map<Str<'v>, Value<'v>>> {
    match v {
        None => {
            cx.required(path, "");
            None
        }
        Some(v) => cx.object(v, path),
    }
}

/// Whether the channel's URLs must be https: Instagram's must (its media fetches want "a valid SSL
/// certificate"); Messenger asks for https only where `messenger_extensions` or a log in button
/// is used, and its own examples send `http://` URLs.
fn https_only(channel: Channel) -> bool {
    channel != Channel::Messenger
}

/// A reusable attachment id: non-empty, no whitespace.
pub(super) fn attachment_id(cx: &mut Ctx, i: &str, path: &Path<'_>) {
    if i.is_empty() || i.chars().any(char::is_whitespace) {
        let msg = format!(
            "attachment_id must be a non-empty id without whitespace; got {}",
            show(i)
        );
        cx.report(path, IssueCode::InvalidFormat, msg);
    }
}

/// Media need `url` (absolute https; http too on Messenger) or a reusable `attachment_id`, not
/// both.
fn media_payload(cx: &mut Ctx, channel: Channel, v: Option<&Value>, path: &Path<'_>) {
    let Some(payload) = required_object(cx, v, path) else {
        return;
    };
    cx.closed(payload, &["url", "attachment_id", "is_reusable"], path);
    let url = cx.opt_str(payload, "url", path);
    let id = cx.opt_str(payload, "attachment_id", path);
    if let Some(u) = url {
        cx.web_url(u, &path.key("url"), https_only(channel));
    }
    if let Some(i) = id {
        attachment_id(cx, i, &path.key("attachment_id"));
    }
    match (
        payload.contains_key("url"),
        payload.contains_key("attachment_id"),
    ) {
        (false, false) => cx.required(
            &path.key("url"),
            ": media need payload.url (https) or payload.attachment_id",
        ),
        (true, true) => cx.report(
            &path.key("attachment_id"),
            IssueCode::Conflict,
            "give either url or attachment_id, not both".into(),
        ),
        _ => {}
    }
    if let Some(v) = payload.get("is_reusable") {
        cx.boolean(v, &path.key("is_reusable"));
    }
}

fn template(cx: &mut Ctx, channel: Channel, v: Option<&Value>, path: &Path<'_>) {
    let Some(payload) = required_object(cx, v, path) else {
        return;
    };
    let Some(kind) = cx.req_str(payload, "template_type", path) else {
        return;
    };
    if let Some(v) = payload.get("sharable") {
        cx.boolean(v, &path.key("sharable"));
    }
    match kind {
        "button" => {
            cx.closed(
                payload,
                &["template_type", "text", "buttons", "sharable"],
                path,
            );
            if let Some(text) = cx.req_str(payload, "text", path) {
                cx.chars(
                    text,
                    &path.key("text"),
                    1,
                    lim::BUTTON_TEMPLATE_TEXT_MAX_CHARS,
                );
            }
            let bp = path.key("buttons");
            match payload.get("buttons") {
                None => cx.required(&bp, ""),
                Some(v) => {
                    if let Some(items) = cx.array(v, &bp, 1, lim::BUTTON_TEMPLATE_MAX_BUTTONS) {
                        for (i, b) in items.iter().enumerate() {
                            button(cx, channel, b, &bp.index(i));
                        }
                    }
                }
            }
        }
        "generic" => {
            cx.closed(
                payload,
                &[
                    "template_type",
                    "elements",
                    "sharable",
                    "image_aspect_ratio",
                ],
                path,
            );
            if let Some(r) = cx.opt_str(payload, "image_aspect_ratio", path) {
                cx.one_of(
                    r,
                    &["horizontal", "square"],
                    &path.key("image_aspect_ratio"),
                );
            }
            let ep = path.key("elements");
            match payload.get("elements") {
                None => cx.required(&ep, ""),
                Some(v) => {
                    if let Some(items) = cx.array(v, &ep, 1, lim::GENERIC_MAX_ELEMENTS) {
                        for (i, e) in items.iter().enumerate() {
                            element(cx, channel, e, &ep.index(i));
                        }
                    }
                }
            }
        }
        "media" | "receipt" if channel != Channel::Messenger => {
            let what = format!("{kind} templates");
            templates::messenger_only(cx, channel, &what, &path.key("template_type"));
        }
        "media" => templates::media(cx, channel, payload, path),
        "receipt" => templates::receipt(cx, payload, path),
        "product" => templates::product(cx, payload, path),
        other => {
            let types: &[&str] = match channel {
                Channel::Messenger => &["button", "generic", "media", "receipt", "product"],
                _ => &["button", "generic", "product"],
            };
            cx.one_of(other, types, &path.key("template_type"));
        }
    }
}

fn element(cx: &mut Ctx, channel: Channel, v: &Value, path: &Path<'_>) {
    let Some(el) = cx.object(v, path) else {
        return;
    };
    const OTHER: &[&str] = &["subtitle", "image_url", "default_action", "buttons"];
    cx.closed(
        el,
        &[
            "title",
            "subtitle",
            "image_url",
            "default_action",
            "buttons",
        ],
        path,
    );
    if let Some(t) = cx.req_str(el, "title", path) {
        cx.chars(t, &path.key("title"), 1, lim::GENERIC_TITLE_MAX_CHARS);
    }
    if let Some(s) = cx.opt_str(el, "subtitle", path) {
        cx.chars(s, &path.key("subtitle"), 1, lim::GENERIC_SUBTITLE_MAX_CHARS);
    }
    if let Some(u) = cx.opt_str(el, "image_url", path) {
        cx.web_url(u, &path.key("image_url"), https_only(channel));
    }
    if let Some(v) = el.get("default_action") {
        let dp = path.key("default_action");
        if let Some(da) = cx.object(v, &dp) {
            cx.closed(da, URL_BUTTON_KEYS.get(1..).unwrap_or_default(), &dp);
            if let Some(t) = cx.req_str(da, "type", &dp) {
                cx.one_of(t, &["web_url"], &dp.key("type"));
            }
            url_options(cx, channel, da, &dp);
        }
    }
    if let Some(v) = el.get("buttons") {
        let bp = path.key("buttons");
        if let Some(items) = cx.array(v, &bp, 1, lim::GENERIC_MAX_BUTTONS) {
            for (i, b) in items.iter().enumerate() {
                button(cx, channel, b, &bp.index(i));
            }
        }
    }
    if !OTHER.iter().any(|k| el.contains_key(k)) {
        cx.report(
            path,
            IssueCode::Required,
            "an element needs at least one of subtitle, image_url, default_action or buttons besides title".into(),
        );
    }
}

/// What a URL button and `default_action` share: a `url` and Meta's optional webview fields.
/// Messenger "requires HTTPS when messenger_extensions is true" (Meta, URL button): then `url`
/// is https, and `fallback_url` (only with Messenger Extensions) always; Instagram's are https.
fn url_options(cx: &mut Ctx, channel: Channel, obj: &Map<Str, Value>, path: &Path<'_>) {
    let extensions = obj.get("messenger_extensions") == Some(&Value::Bool(true));
    if let Some(u) = cx.req_str(obj, "url", path) {
        cx.web_url(u, &path.key("url"), https_only(channel) || extensions);
    }
    for (key, allowed) in [
        ("webview_height_ratio", &["compact", "tall", "full"][..]),
        ("webview_share_button", &["hide", "show"][..]),
    ] {
        if let Some(r) = cx.opt_str(obj, key, path) {
            cx.one_of(r, allowed, &path.key(key));
        }
    }
    if let Some(v) = obj.get("messenger_extensions") {
        cx.boolean(v, &path.key("messenger_extensions"));
    }
    if let Some(u) = cx.opt_str(obj, "fallback_url", path) {
        cx.https_url(u, &path.key("fallback_url"));
    }
}

fn button(cx: &mut Ctx, channel: Channel, v: &Value, path: &Path<'_>) {
    if let Some(b) = cx.object(v, path) {
        button_object(cx, channel, b, path);
    }
}

/// Buttons: `web_url` (`url`, `title`) or `postback` (`title`, `payload`) on both channels;
/// Messenger's own (call, log in, log out, game play) in `templates`.
pub(super) fn button_object(cx: &mut Ctx, channel: Channel, b: &Map<Str, Value>, path: &Path<'_>) {
    let kind = cx.req_str(b, "type", path);
    let titled = match kind {
        Some("web_url") => {
            cx.closed(b, URL_BUTTON_KEYS, path);
            url_options(cx, channel, b, path);
            true
        }
        Some("postback") => {
            cx.closed(b, &["type", "title", "payload"], path);
            if let Some(p) = cx.req_str(b, "payload", path) {
                cx.chars(p, &path.key("payload"), 1, lim::POSTBACK_PAYLOAD_MAX_CHARS);
            }
            true
        }
        Some(k) if MESSENGER_BUTTONS.contains(&k) => {
            if channel != Channel::Messenger {
                let what = format!("{k} buttons");
                templates::messenger_only(cx, channel, &what, &path.key("type"));
                return;
            }
            templates::button(cx, k, b, path)
        }
        Some(other) => {
            let types: &[&str] = match channel {
                Channel::Messenger => &[
                    "web_url",
                    "postback",
                    "phone_number",
                    "account_link",
                    "account_unlink",
                    "game_play",
                ],
                _ => &["web_url", "postback"],
            };
            cx.one_of(other, types, &path.key("type"));
            true
        }
        None => true,
    };
    if titled {
        if let Some(t) = cx.req_str(b, "title", path) {
            cx.chars(t, &path.key("title"), 1, lim::BUTTON_TITLE_MAX_CHARS);
        }
    }
}

fn sender_action(cx: &mut Ctx, v: &Value, payload: Option<&Value>, path: &Path<'_>) {
    let ap = path.key("sender_action");
    let pp = path.key("payload");
    let Some(action) = cx.string(v, &ap) else {
        return;
    };
    if !cx.one_of(action, SENDER_ACTIONS, &ap) {
        return;
    }
    match action {
        "react" | "unreact" => {
            let Some(p) = required_object(cx, payload, &pp) else {
                return;
            };
            if action == "react" {
                cx.closed(p, &["message_id", "reaction"], &pp);
            } else {
                cx.closed(p, &["message_id"], &pp);
            }
            if let Some(id) = cx.req_str(p, "message_id", &pp) {
                cx.chars(id, &pp.key("message_id"), 1, usize::MAX);
            }
            if action == "react" {
                if let Some(r) = cx.req_str(p, "reaction", &pp) {
                    reaction(cx, r, &pp.key("reaction"));
                }
            }
        }
        _ => {
            if payload.is_some() {
                let msg = format!("{action} takes no payload: send sender_action alone");
                cx.report(&pp, IssueCode::Conflict, msg);
            }
        }
    }
}

/// An emoji (sequence): no ASCII, no whitespace, at most [`lim::REACTION_MAX_CHARS`] scalars.
pub(super) fn is_emoji(r: &str) -> bool {
    !r.is_empty()
        && r.chars().all(|c| !c.is_ascii() && !c.is_whitespace())
        && r.chars().count() <= lim::REACTION_MAX_CHARS
}

/// A reaction is one of Meta's names (`love`, ...) or an emoji (no ASCII, a few scalars).
fn reaction(cx: &mut Ctx, r: &str, path: &Path<'_>) {
    if REACTION_NAMES.contains(&r) {
        return;
    }
    if !is_emoji(r) {
        let msg = format!(
            "reaction must be one of {} or a single emoji; got {}",
            REACTION_NAMES.join(", "),
            show(r)
        );
        cx.report(path, IssueCode::InvalidValue, msg);
    }
}
