//! Every documented webhook shape into [`WebhookEvent`]s.
//!
//! The vendor's material disagrees, and all of these occur:
//! 1. **flat** events of the docs site: `{eventType, channelId, messageId, from, timestamp, channel, content}`
//!    and `MessageStatus` `{eventType, messageId, status, timestamp, channel}`;
//! 2. the **OpenAPI-era envelope** `{eventType, timestamp, channel?, payload}` whose payload is a
//!    relayed send (`recipient` + `message` or `sender_action`);
//! 3. Messenger **`message_echoes`** in that envelope (Meta's echo with `sender.pageId`);
//! 4. **Meta-native** messaging objects, inside the envelope or in Meta's own batch
//!    `{object, entry[].messaging[]}`.
//!
//! Dispatch is by which keys are present (the shapes share no discriminator). Unknown event
//! types and content types become `unknown`, never an error: a webhook endpoint must not
//! reject tomorrow's events.

#[allow(unused_imports)]
use crate::prelude::*;

use super::event::*;
use super::lossless::id_string;
use crate::error::{Error, WebhookCode};
use crate::json::{Object, RawJson, Value};
use crate::time::parse_rfc3339;

type Obj<'a> = Object<'a>;

/// Parses a body into every event it holds (a Meta batch may hold many, or none).
///
/// # Errors
/// `invalid_json` for a body that is not UTF-8 JSON (with line and column), `unrecognized` for
/// JSON that is no known envelope.
pub fn parse_events(body: &[u8]) -> Result<Vec<WebhookEvent<'_>>, Error> {
    let root = crate::json::parse(body).map_err(|e| {
        Error::webhook(
            WebhookCode::InvalidJson,
            cat!("the webhook body is not valid JSON: ", e.describe()),
        )
    })?;
    events_from_value(&root)
}

/// Like [`parse_events`] for an already parsed value.
///
/// # Errors
/// `unrecognized` when the value is no known envelope.
pub fn events_from_value<'a>(root: &Value<'a>) -> Result<Vec<WebhookEvent<'a>>, Error> {
    let Value::Object(obj) = root else {
        return Err(Error::webhook(
            WebhookCode::Unrecognized,
            cat!("a webhook body is a JSON object; got ", root.type_name()),
        ));
    };
    if let (Some(Value::String(object)), Some(entries)) = (obj.get("object"), obj.get("entry")) {
        return Ok(meta_batch(object, entries));
    }
    if let Some(Value::Object(payload)) = obj.get("payload") {
        return Ok(vec![hub_envelope(obj, payload)]);
    }
    if ["eventType", "channelId", "content", "messageId"]
        .iter()
        .any(|k| obj.contains_key(k))
    {
        return Ok(vec![flat(obj)]);
    }
    if obj.contains_key("sender") || obj.contains_key("recipient") {
        return Ok(vec![meta_item(obj, None, None, None)]);
    }
    let keys: Vec<String> = obj.keys().take(8).map(crate::send::check::show).collect();
    Err(Error::webhook(
        WebhookCode::Unrecognized,
        cat!("not a Hub Chatt2.me or Meta webhook: expected eventType, payload, object + entry, or a messaging object with sender; found keys [", keys.join(", "), "]"),
    ))
}

fn str_of<'a>(obj: &Obj<'a>, key: &str) -> Option<Cow<'a, str>> {
    match obj.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}

fn id_of<'a>(obj: &Obj<'a>, key: &str) -> Option<Cow<'a, str>> {
    obj.get(key).and_then(id_string)
}

fn obj_of<'o, 'a>(obj: &'o Obj<'a>, key: &str) -> Option<&'o Obj<'a>> {
    obj.get(key).and_then(Value::as_object)
}

fn bool_of(obj: &Obj<'_>, key: &str) -> bool {
    matches!(obj.get(key), Some(Value::Bool(true)))
}

/// A coordinate's exact text (written back verbatim), when a JS double holds it: `1e400` or a
/// 20-digit integer is no coordinate, and would reach JS as `Infinity` or rounded. Without one,
/// the content is `unknown`, kept whole and exact.
fn number_of(v: Option<&Value<'_>>) -> Option<String> {
    match v? {
        Value::Number(n) if crate::json::is_js_safe(n) => Some((*n).to_string()),
        _ => None,
    }
}

fn lower<'a>(s: Option<Cow<'a, str>>) -> Option<Cow<'a, str>> {
    s.map(|s| {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            s
        }
    })
}

/// A timestamp in unix seconds, unix milliseconds (told apart by size), a numeric string, or
/// an RFC 3339 string; as unix milliseconds.
pub fn timestamp_ms(v: Option<&Value<'_>>) -> Option<i64> {
    let number = match v? {
        Value::Number(n) => crate::num::parse_f64(n)?,
        Value::String(s) => match crate::num::parse_f64(s.trim()) {
            Some(n) => n,
            None => return parse_rfc3339(s),
        },
        _ => return None,
    };
    if !number.is_finite() || number < 0.0 {
        return None;
    }
    // 1e11 seconds is the year 5138; 1e11 milliseconds is March 1973.
    let ms = if number < 1e11 {
        number * 1000.0
    } else {
        number
    };
    if ms > 8.64e15 {
        return None; // beyond what a JS Date can hold
    }
    Some(crate::num::round(ms) as i64)
}

fn other<'a>(common: Common<'a>, status: Option<Cow<'a, str>>) -> OtherEvent<'a> {
    OtherEvent {
        common,
        content: (),
        status,
        reaction: (),
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Flat events of the docs site.

fn flat<'a>(obj: &Obj<'a>) -> WebhookEvent<'a> {
    let event_type = str_of(obj, "eventType");
    let mut common = Common {
        event_type: event_type.clone(),
        channel: lower(str_of(obj, "channel")),
        channel_id: id_of(obj, "channelId"),
        message_id: id_of(obj, "messageId"),
        from: id_of(obj, "from"),
        to: id_of(obj, "to").or_else(|| id_of(obj, "recipientId")),
        timestamp: timestamp_ms(obj.get("timestamp")),
        ..Common::default()
    };
    let kind = event_type.as_deref().unwrap_or("");
    if kind.eq_ignore_ascii_case("MessageStatus") || kind.eq_ignore_ascii_case("message_status") {
        return WebhookEvent::Status(StatusEvent {
            status: str_of(obj, "status"),
            error: status_error(obj),
            common,
            content: (),
            reaction: (),
        });
    }
    let is_message = kind.eq_ignore_ascii_case("Message") || event_type.is_none();
    match obj.get("content") {
        Some(Value::Object(content)) if is_message => {
            if let Some(reaction) = flat_reaction(content) {
                return WebhookEvent::Reaction(ReactionEvent {
                    common,
                    content: (),
                    status: (),
                    reaction,
                });
            }
            let content = flat_content(content, &mut common);
            WebhookEvent::Message(MessageEvent {
                common,
                content,
                status: (),
                reaction: (),
                edit_count: None,
            })
        }
        _ => WebhookEvent::Unknown(other(common, str_of(obj, "status"))),
    }
}

fn status_error<'a>(obj: &Obj<'a>) -> Option<StatusError<'a>> {
    let nested = obj_of(obj, "error");
    let code = id_of(obj, "errorCode").or_else(|| nested.and_then(|e| id_of(e, "code")));
    let message = str_of(obj, "errorMessage").or_else(|| nested.and_then(|e| str_of(e, "message")));
    if code.is_none() && message.is_none() {
        None
    } else {
        Some(StatusError { code, message })
    }
}

fn flat_reaction<'a>(content: &Obj<'a>) -> Option<Reaction<'a>> {
    if str_of(content, "type").as_deref() != Some("reaction") {
        return None;
    }
    let r = obj_of(content, "reaction");
    let emoji = r
        .and_then(|r| str_of(r, "emoji"))
        .or_else(|| str_of(content, "emoji"));
    let action = if emoji.as_deref().is_some_and(|e| !e.is_empty()) {
        ReactionAction::React
    } else {
        ReactionAction::Unreact
    };
    Some(Reaction {
        action,
        message_id: r
            .and_then(|r| id_of(r, "message_id").or_else(|| id_of(r, "messageId")))
            .or_else(|| id_of(content, "messageId")),
        reaction: emoji.clone(),
        emoji,
    })
}

/// Hub-normalized inbound content: `{type, text | <type>: {...} | url ...}`.
fn flat_content<'a>(c: &Obj<'a>, common: &mut Common<'a>) -> MessageContent<'a> {
    let kind = str_of(c, "type");
    let inner = kind.as_deref().and_then(|k| obj_of(c, k));
    let pick = |key: &str| -> Option<Cow<'a, str>> {
        str_of(c, key).or_else(|| inner.and_then(|i| str_of(i, key)))
    };
    match kind.as_deref() {
        Some("text") => match c.get("text") {
            Some(Value::String(t)) => MessageContent::Text {
                text: t.clone(),
                quick_replies: None,
                quick_reply_payload: None,
            },
            Some(Value::Object(t)) if matches!(t.get("body"), Some(Value::String(_))) => {
                MessageContent::Text {
                    text: str_of(t, "body").unwrap_or_default(),
                    quick_replies: None,
                    quick_reply_payload: None,
                }
            }
            _ => unknown_content(kind, c),
        },
        Some(k @ ("image" | "audio" | "video" | "file" | "document" | "voice")) => {
            let url = pick("url")
                .or_else(|| pick("link"))
                .or_else(|| str_of(c, &cat!(k, "Url")));
            let media = Media {
                url: url.clone(),
                caption: pick("caption").or_else(|| str_of(c, "text")),
                attachment_id: pick("id"),
            };
            common.attachments.push(Attachment {
                kind: kind.clone().unwrap_or_default(),
                url,
            });
            match k {
                "image" => MessageContent::Image(media),
                "video" => MessageContent::Video(media),
                "audio" | "voice" => MessageContent::Audio(media),
                _ => MessageContent::File(media),
            }
        }
        Some("sticker") => MessageContent::Sticker {
            url: pick("url").or_else(|| pick("link")),
            sticker_id: inner.and_then(|i| id_of(i, "id")),
        },
        Some("location") => {
            let src = inner.unwrap_or(c);
            match (
                number_of(src.get("latitude")),
                number_of(src.get("longitude")),
            ) {
                (Some(latitude), Some(longitude)) => MessageContent::Location {
                    latitude: RawJson(latitude),
                    longitude: RawJson(longitude),
                    name: str_of(src, "name"),
                    address: str_of(src, "address"),
                },
                _ => unknown_content(kind, c),
            }
        }
        Some("interactive") => {
            let i = obj_of(c, "interactive");
            let itype = i.and_then(|i| str_of(i, "type"));
            let reply = match (i, itype.as_deref()) {
                (Some(i), Some(t)) => obj_of(i, t).map(interactive_reply),
                _ => None,
            };
            MessageContent::Interactive {
                interactive_type: itype,
                reply,
            }
        }
        // WhatsApp template quick-reply buttons arrive as `{type: "button", button: {text, payload}}`.
        Some("button") => match inner {
            Some(b) => MessageContent::Interactive {
                interactive_type: Some("button".into()),
                reply: Some(InteractiveReply {
                    id: id_of(b, "payload"),
                    title: str_of(b, "text"),
                    description: None,
                }),
            },
            None => unknown_content(kind, c),
        },
        _ => unknown_content(kind, c),
    }
}

fn interactive_reply<'a>(r: &Obj<'a>) -> InteractiveReply<'a> {
    InteractiveReply {
        id: id_of(r, "id"),
        title: str_of(r, "title"),
        description: str_of(r, "description"),
    }
}

fn unknown_content<'a>(kind: Option<Cow<'a, str>>, c: &Obj<'a>) -> MessageContent<'a> {
    MessageContent::Unknown {
        content_type: kind,
        raw: RawJson::of_object(c),
    }
}

// ---------------------------------------------------------------------------------------------
// 2–3. The OpenAPI-era envelope `{eventType, timestamp, channel?, payload}`.

const META_EVENT_KEYS: &[&str] = &["message", "reaction", "postback", "read", "message_edit"];

fn hub_envelope<'a>(root: &Obj<'a>, payload: &Obj<'a>) -> WebhookEvent<'a> {
    let event_type = str_of(root, "eventType");
    let channel = lower(str_of(root, "channel"));
    let ts = timestamp_ms(root.get("timestamp"));
    let is_meta_item =
        payload.contains_key("sender") && META_EVENT_KEYS.iter().any(|k| payload.contains_key(k));
    if is_meta_item {
        return meta_item(payload, channel, event_type, ts);
    }
    let relayed = payload.contains_key("recipient")
        && (payload.contains_key("message") || payload.contains_key("sender_action"));
    if relayed {
        return relayed_send(payload, event_type, channel, ts);
    }
    // A flat event wrapped in the envelope: read it as flat, the envelope filling the gaps.
    let mut merged = payload.clone();
    for key in ["eventType", "channel", "timestamp"] {
        if let (false, Some(v)) = (merged.contains_key(key), root.get(key)) {
            merged.0.push((Cow::Borrowed(key), v.clone()));
        }
    }
    flat(&merged)
}

/// The payload is the Send API request the Hub made: `recipient` + `message` or `sender_action`.
fn relayed_send<'a>(
    p: &Obj<'a>,
    event_type: Option<Cow<'a, str>>,
    channel: Option<Cow<'a, str>>,
    ts: Option<i64>,
) -> WebhookEvent<'a> {
    // Without a channel key, only Instagram relays are documented without `messaging_type`.
    let channel = channel
        .or_else(|| (!p.contains_key("messaging_type")).then_some(Cow::Borrowed("instagram")));
    let mut common = Common {
        event_type,
        channel,
        to: obj_of(p, "recipient").and_then(|r| id_of(r, "id")),
        timestamp: ts,
        is_echo: true,
        ..Common::default()
    };
    if let Some(action) = str_of(p, "sender_action") {
        let inner = obj_of(p, "payload");
        let action = match action.as_ref() {
            "react" => ReactionAction::React,
            "unreact" => ReactionAction::Unreact,
            _ => return WebhookEvent::Unknown(other(common, None)),
        };
        return WebhookEvent::Reaction(ReactionEvent {
            common,
            content: (),
            status: (),
            reaction: Reaction {
                action,
                message_id: inner.and_then(|i| id_of(i, "message_id")),
                reaction: inner.and_then(|i| str_of(i, "reaction")),
                emoji: None,
            },
        });
    }
    let content = match obj_of(p, "message") {
        Some(m) => meta_content(m, &mut common),
        None => unknown_content(None, p),
    };
    WebhookEvent::Echo(MessageEvent {
        common,
        content,
        status: (),
        reaction: (),
        edit_count: None,
    })
}

// ---------------------------------------------------------------------------------------------
// 4. Meta-native messaging objects and Meta's batch envelope.

fn meta_batch<'a>(object: &Cow<'a, str>, entries: &Value<'a>) -> Vec<WebhookEvent<'a>> {
    let channel = match object.as_ref() {
        "page" => Some(Cow::Borrowed("messenger")),
        _ => lower(Some(object.clone())),
    };
    let mut events = Vec::new();
    let Value::Array(entries) = entries else {
        return events;
    };
    for entry in entries {
        let Value::Object(entry) = entry else {
            continue;
        };
        let entry_ts = timestamp_ms(entry.get("time"));
        for list in ["messaging", "standby"] {
            if let Some(Value::Array(items)) = entry.get(list) {
                for item in items {
                    if let Value::Object(item) = item {
                        events.push(meta_item(item, channel.clone(), None, entry_ts));
                    }
                }
            }
        }
        // Comments, mentions and other `changes[]` fields: kept as unknown events.
        if let Some(Value::Array(changes)) = entry.get("changes") {
            for change in changes {
                if let Value::Object(change) = change {
                    let common = Common {
                        event_type: str_of(change, "field"),
                        channel: channel.clone(),
                        timestamp: entry_ts,
                        ..Common::default()
                    };
                    events.push(WebhookEvent::Unknown(other(common, None)));
                }
            }
        }
    }
    events
}

/// One Meta messaging object: `{sender, recipient, timestamp, message | reaction | postback | read | message_edit}`.
fn meta_item<'a>(
    item: &Obj<'a>,
    channel: Option<Cow<'a, str>>,
    event_type: Option<Cow<'a, str>>,
    fallback_ts: Option<i64>,
) -> WebhookEvent<'a> {
    let sender = obj_of(item, "sender");
    // `sender.pageId` is the Hub's decoration of Messenger echoes.
    let channel = channel.or_else(|| {
        (sender.is_some_and(|s| s.contains_key("pageId"))
            || event_type.as_deref() == Some("message_echoes"))
        .then_some(Cow::Borrowed("messenger"))
    });
    let mut common = Common {
        event_type,
        channel,
        from: sender.and_then(|s| id_of(s, "id")),
        to: obj_of(item, "recipient").and_then(|r| id_of(r, "id")),
        timestamp: timestamp_ms(item.get("timestamp")).or(fallback_ts),
        ..Common::default()
    };
    if let Some(m) = obj_of(item, "message") {
        common.message_id = id_of(m, "mid");
        common.is_echo = bool_of(m, "is_echo");
        common.is_deleted = bool_of(m, "is_deleted");
        common.is_unsupported = bool_of(m, "is_unsupported");
        common.referral = m.get("referral").map(RawJson::of);
        common.reply_to = obj_of(m, "reply_to").map(|r| {
            let story = obj_of(r, "story");
            ReplyTo {
                message_id: id_of(r, "mid"),
                story_url: story.and_then(|s| str_of(s, "url")),
                story_id: story.and_then(|s| id_of(s, "id")),
            }
        });
        let content = meta_content(m, &mut common);
        let event = MessageEvent {
            common,
            content,
            status: (),
            reaction: (),
            edit_count: None,
        };
        return if event.common.is_echo {
            WebhookEvent::Echo(event)
        } else {
            WebhookEvent::Message(event)
        };
    }
    if let Some(r) = obj_of(item, "reaction") {
        let action = match str_of(r, "action").as_deref() {
            Some("unreact") => ReactionAction::Unreact,
            _ => ReactionAction::React,
        };
        return WebhookEvent::Reaction(ReactionEvent {
            common,
            content: (),
            status: (),
            reaction: Reaction {
                action,
                message_id: id_of(r, "mid"),
                reaction: str_of(r, "reaction"),
                emoji: str_of(r, "emoji"),
            },
        });
    }
    if let Some(p) = obj_of(item, "postback") {
        common.message_id = id_of(p, "mid");
        common.referral = p.get("referral").map(RawJson::of);
        return WebhookEvent::Postback(PostbackEvent {
            common,
            content: (),
            status: (),
            reaction: (),
            postback: Postback {
                title: str_of(p, "title"),
                payload: id_of(p, "payload"),
            },
        });
    }
    if let Some(r) = obj_of(item, "read") {
        common.message_id = id_of(r, "mid");
        return WebhookEvent::Read(other(common, None));
    }
    if let Some(e) = obj_of(item, "message_edit") {
        common.message_id = id_of(e, "mid");
        let edit_count = e
            .get("num_edit")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok());
        let content = match str_of(e, "text") {
            Some(text) => MessageContent::Text {
                text,
                quick_replies: None,
                quick_reply_payload: None,
            },
            None => unknown_content(None, e),
        };
        return WebhookEvent::Message(MessageEvent {
            common,
            content,
            status: (),
            reaction: (),
            edit_count,
        });
    }
    common.referral = item.get("referral").map(RawJson::of);
    WebhookEvent::Unknown(other(common, None))
}

/// The content of a Meta `message` object (inbound, echo, or relayed send).
fn meta_content<'a>(m: &Obj<'a>, common: &mut Common<'a>) -> MessageContent<'a> {
    let mut atts: Vec<&Obj<'_>> = Vec::new();
    match m.get("attachments") {
        Some(Value::Array(items)) => atts.extend(items.iter().filter_map(Value::as_object)),
        Some(Value::Object(one)) => atts.push(one), // a doc quirk: `attachments` as one object
        _ => {}
    }
    if let Some(one) = obj_of(m, "attachment") {
        atts.push(one);
    }
    for a in &atts {
        common.attachments.push(Attachment {
            kind: str_of(a, "type").unwrap_or_default(),
            url: obj_of(a, "payload").and_then(|p| str_of(p, "url")),
        });
    }
    let text = str_of(m, "text");
    if let Some(first) = atts.first() {
        return attachment_content(first, text);
    }
    match text {
        Some(text) => MessageContent::Text {
            text,
            quick_replies: match m.get("quick_replies") {
                Some(Value::Array(items)) => Some(
                    items
                        .iter()
                        .filter_map(Value::as_object)
                        .map(|q| QuickReplyOption {
                            content_type: str_of(q, "content_type"),
                            title: str_of(q, "title"),
                            payload: id_of(q, "payload"),
                        })
                        .collect(),
                ),
                _ => None,
            },
            quick_reply_payload: obj_of(m, "quick_reply").and_then(|q| id_of(q, "payload")),
        },
        None => unknown_content(None, m),
    }
}

fn attachment_content<'a>(a: &Obj<'a>, text: Option<Cow<'a, str>>) -> MessageContent<'a> {
    let kind = str_of(a, "type").unwrap_or_default();
    let payload = obj_of(a, "payload");
    let url = payload.and_then(|p| str_of(p, "url"));
    let media = |url: Option<Cow<'a, str>>| Media {
        url,
        caption: text.clone(),
        attachment_id: payload.and_then(|p| id_of(p, "attachment_id")),
    };
    match kind.as_ref() {
        "image" if payload.is_some_and(|p| p.contains_key("sticker_id")) => {
            MessageContent::Sticker {
                url,
                sticker_id: payload.and_then(|p| id_of(p, "sticker_id")),
            }
        }
        "image" => MessageContent::Image(media(url)),
        "audio" => MessageContent::Audio(media(url)),
        "video" => MessageContent::Video(media(url)),
        "file" => MessageContent::File(media(url)),
        "like_heart" | "sticker" => MessageContent::Sticker {
            url,
            sticker_id: payload.and_then(|p| id_of(p, "sticker_id")),
        },
        "template" => {
            let p = payload;
            MessageContent::Template {
                template_type: p.and_then(|p| str_of(p, "template_type")),
                text: p.and_then(|p| str_of(p, "text")).or(text),
                title: str_of(a, "title"),
                buttons: match p.and_then(|p| p.get("buttons")) {
                    Some(Value::Array(items)) => items
                        .iter()
                        .filter_map(Value::as_object)
                        .map(|b| TemplateButton {
                            kind: str_of(b, "type"),
                            title: str_of(b, "title"),
                            url: str_of(b, "url"),
                            payload: id_of(b, "payload"),
                        })
                        .collect(),
                    _ => Vec::new(),
                },
                elements: match p.and_then(|p| p.get("elements")) {
                    Some(Value::Array(items)) => items.iter().map(RawJson::of).collect(),
                    _ => Vec::new(),
                },
            }
        }
        "location" => {
            let coords = payload.and_then(|p| obj_of(p, "coordinates"));
            match coords.map(|c| (number_of(c.get("lat")), number_of(c.get("long")))) {
                Some((Some(latitude), Some(longitude))) => MessageContent::Location {
                    latitude: RawJson(latitude),
                    longitude: RawJson(longitude),
                    name: str_of(a, "title"),
                    address: None,
                },
                _ => unknown_content(Some(kind), a),
            }
        }
        "share" | "ig_post" | "story_mention" | "ig_reel" | "reel" | "story" | "ig_story"
        | "media" | "ephemeral" | "MEDIA_SHARE" | "fallback" => MessageContent::Share {
            share_type: kind.clone(),
            url,
            id: payload.and_then(|p| id_of(p, "id")),
        },
        _ => unknown_content(Some(kind), a),
    }
}
