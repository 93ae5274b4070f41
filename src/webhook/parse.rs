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
//! Bodies are checked once and deserialized with serde into the borrowed structs of
//! [`super::envelope`] by the reader of [`super::tape`]; dispatch is by which keys are present (the shapes share no
//! discriminator). Unknown event types and content types become `unknown`, never an error: a
//! webhook endpoint must not reject tomorrow's events.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::envelope::*;
use super::event::*;
use crate::error::{Error, WebhookCode};
use crate::time::parse_rfc3339;

/// Deepest nesting accepted: a rule of the format (and a bound on what `raw` may cost a
/// handler), checked by the one pass over the body (`tape`), which recurses no deeper; values
/// skipped later are passed without recursion.
pub const MAX_DEPTH: usize = 128;

/// Where each event goes as soon as it is read: nothing of a batch is held but the event at
/// hand. An error stops the parse and is returned as it is.
pub type Emit<'e, 'a> = dyn FnMut(WebhookEvent<'a>) -> Result<(), Error> + 'e;

/// Parses a body, handing every event it holds to `emit` in order (a Meta batch may hold many,
/// or none); returns how many there were.
///
/// # Errors
/// `invalid_json` for a body that is not UTF-8 JSON (with line and column) or nests deeper than
/// [`MAX_DEPTH`], `unrecognized` for JSON that is no known envelope, and whatever `emit`
/// returns.
pub fn each_event<'a>(body: &'a [u8], emit: &mut Emit<'_, 'a>) -> Result<usize, Error> {
    let invalid = |why: String| {
        Error::webhook(
            WebhookCode::InvalidJson,
            format!("the webhook body is not valid JSON: {why}"),
        )
    };
    let text = std::str::from_utf8(body)
        .map_err(|e| invalid(format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    // The body checked and its containers noted, once (`tape`); serde_json says what is wrong
    // with one that is not JSON.
    let Some(_installed) = super::tape::install(text) else {
        if super::lossless::nesting_exceeds(text, MAX_DEPTH) {
            return Err(invalid(format!(
                "it is nested deeper than {MAX_DEPTH} levels"
            )));
        }
        let why = serde_json::from_str::<IgnoredAny>(text)
            .err()
            .map_or_else(|| "unreadable".to_owned(), |e| e.to_string());
        return Err(invalid(why));
    };
    let kind = type_of(body);
    if kind != "object" {
        return Err(Error::webhook(
            WebhookCode::Unrecognized,
            format!("a webhook body is a JSON object; got {kind}"),
        ));
    }
    let root: Body<'_> = super::tape::from_str(text).map_err(|e| invalid(e.to_string()))?;
    let mut count = 0usize;
    let mut counted = |event: WebhookEvent<'a>| {
        count += 1;
        emit(event)
    };
    events_of(&root, text, &mut counted)?;
    Ok(count)
}

/// The JSON type of a JSON text, from its first byte.
fn type_of(text: &[u8]) -> &'static str {
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => "array",
        Some(b'"') => "string",
        Some(b't' | b'f') => "boolean",
        Some(b'n') => "null",
        Some(b'{') => "object",
        _ => "number",
    }
}

fn events_of<'a>(obj: &Body<'a>, body: &'a str, emit: &mut Emit<'_, 'a>) -> Result<(), Error> {
    if let (Some(object), true) = (obj.object.str(), obj.entry.present()) {
        return meta_batch(Some(object), obj.entry, emit);
    }
    // `entry` alone (seen in others' fixtures): the items say their channel, as a bare
    // messaging object does.
    if obj.entry.text().is_some_and(|t| t.starts_with('[')) && !obj.event_type.present() {
        return meta_batch(None, obj.entry, emit);
    }
    if let (Some(raw), Some(payload)) = (obj.payload.0, obj.payload.object::<Body<'a>>()) {
        return emit(hub_envelope(obj, payload, raw));
    }
    if obj.event_type.present()
        || obj.channel_id.present()
        || obj.content.present()
        || obj.message_id.present()
    {
        return emit(flat(obj));
    }
    if obj.sender.present() || obj.recipient.present() {
        return emit(meta_item(obj, body, None, None, None));
    }
    Err(Error::webhook(
        WebhookCode::Unrecognized,
        format!("not a Hub Chatt2.me or Meta webhook: expected eventType, payload, object + entry, or a messaging object with sender; found keys [{}]", first_keys(body)),
    ))
}

/// The first keys of an object body, shown short, for the message that says why it was not
/// recognized.
fn first_keys(body: &str) -> String {
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            let mut out = String::new();
            for n in 0.. {
                let Some(key) = map.next_key::<Key<'de>>()? else {
                    break;
                };
                if n < 8 {
                    if n > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&crate::send::check::show(&String::from_utf8_lossy(&key.0)));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(out)
        }
    }
    let mut d = serde_json::Deserializer::from_str(body);
    d.deserialize_map(Keys).unwrap_or_default()
}

fn lower(s: Option<Cow<'_, str>>) -> Option<Cow<'_, str>> {
    s.map(|s| {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            s
        }
    })
}

/// A coordinate's exact text, when a JS double holds it: `1e400` or a 20-digit integer is no
/// coordinate, and would reach JS as `Infinity` or rounded. Without one, the content is
/// `unknown`, kept whole and exact.
fn coordinate(v: Leaf<'_>) -> Option<Exact<'_>> {
    let text = v.number()?;
    super::lossless::is_js_safe(text).then(|| Exact::of(text))
}

/// A timestamp in unix seconds, unix milliseconds (told apart by size), a numeric string, or
/// an RFC 3339 string; as unix milliseconds.
pub fn timestamp_ms(v: Leaf<'_>) -> Option<i64> {
    let number = match (v.number(), v.str()) {
        (Some(n), _) => crate::decimal::parse(n)?,
        (None, Some(s)) => match crate::decimal::parse(s.trim()) {
            Some(n) => n,
            None => return parse_rfc3339(&s),
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
    Some(ms.round() as i64)
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

fn flat<'a>(obj: &Body<'a>) -> WebhookEvent<'a> {
    let event_type = obj.event_type.str();
    let mut common = Common {
        event_type: event_type.clone(),
        channel: lower(obj.channel.str()),
        channel_id: obj.channel_id.id(),
        message_id: obj.message_id.id(),
        from: obj.from.id(),
        to: obj.to.id().or_else(|| obj.recipient_id.id()),
        timestamp: timestamp_ms(obj.timestamp),
        ..Common::default()
    };
    let kind = event_type.as_deref().unwrap_or("");
    if kind.eq_ignore_ascii_case("MessageStatus") || kind.eq_ignore_ascii_case("message_status") {
        return WebhookEvent::Status(StatusEvent {
            status: obj.status.str(),
            error: status_error(obj),
            common,
            content: (),
            reaction: (),
        });
    }
    let is_message = kind.eq_ignore_ascii_case("Message") || event_type.is_none();
    match (obj.content.0, obj.content.object::<FlatContent<'a>>()) {
        (Some(raw), Some(content)) if is_message => {
            if let Some(reaction) = flat_reaction(&content) {
                return WebhookEvent::Reaction(ReactionEvent {
                    common,
                    content: (),
                    status: (),
                    reaction,
                });
            }
            let content = flat_content(&content, raw, &mut common);
            WebhookEvent::Message(MessageEvent {
                common,
                content,
                status: (),
                reaction: (),
                edit_count: None,
                quick_reply_payload: None,
            })
        }
        _ => WebhookEvent::Unknown(other(common, obj.status.str())),
    }
}

fn status_error<'a>(obj: &Body<'a>) -> Option<StatusError<'a>> {
    let nested = obj.error.get();
    let code = obj
        .error_code
        .id()
        .or_else(|| nested.and_then(|e| e.code.id()));
    let message = obj
        .error_message
        .str()
        .or_else(|| nested.and_then(|e| e.message.str()));
    if code.is_none() && message.is_none() {
        None
    } else {
        Some(StatusError { code, message })
    }
}

object! {
    /// Hub-normalized inbound content: `{type, text | <type>: {...} | url ...}`. The object under
    /// the type's own key is one of the known media keys, so each is a field here.
    struct FlatContent<'a> {
        b"type" => kind: Leaf<'a>,
        b"text" => text: Leaf<'a>,
        b"url" => url: Leaf<'a>,
        b"link" => link: Leaf<'a>,
        b"caption" => caption: Leaf<'a>,
        b"id" => id: Leaf<'a>,
        b"emoji" => emoji: Leaf<'a>,
        b"messageId" => message_id: Leaf<'a>,
        b"latitude" => latitude: Leaf<'a>,
        b"longitude" => longitude: Leaf<'a>,
        b"name" => name: Leaf<'a>,
        b"address" => address: Leaf<'a>,
        b"image" => image: Leaf<'a>,
        b"audio" => audio: Leaf<'a>,
        b"video" => video: Leaf<'a>,
        b"file" => file: Leaf<'a>,
        b"document" => document: Leaf<'a>,
        b"voice" => voice: Leaf<'a>,
        b"sticker" => sticker: Leaf<'a>,
        b"location" => location: Leaf<'a>,
        b"interactive" => interactive: Leaf<'a>,
        b"button" => button: Leaf<'a>,
        b"reaction" => reaction: Leaf<'a>,
        b"imageUrl" => image_url: Leaf<'a>,
        b"audioUrl" => audio_url: Leaf<'a>,
        b"videoUrl" => video_url: Leaf<'a>,
        b"fileUrl" => file_url: Leaf<'a>,
        b"documentUrl" => document_url: Leaf<'a>,
        b"voiceUrl" => voice_url: Leaf<'a>,
    }
}

impl<'a> FlatContent<'a> {
    /// The object under the key named by `type` (`{type: "image", image: {...}}`).
    fn inner(&self, kind: &str) -> Leaf<'a> {
        match kind {
            "image" => self.image,
            "audio" => self.audio,
            "video" => self.video,
            "file" => self.file,
            "document" => self.document,
            "voice" => self.voice,
            "sticker" => self.sticker,
            "location" => self.location,
            "interactive" => self.interactive,
            "button" => self.button,
            "reaction" => self.reaction,
            "text" => self.text,
            _ => Leaf::default(),
        }
    }

    /// `<type>Url` (`imageUrl`, ...).
    fn url_key(&self, kind: &str) -> Leaf<'a> {
        match kind {
            "image" => self.image_url,
            "audio" => self.audio_url,
            "video" => self.video_url,
            "file" => self.file_url,
            "document" => self.document_url,
            "voice" => self.voice_url,
            _ => Leaf::default(),
        }
    }
}

fn flat_reaction<'a>(content: &FlatContent<'a>) -> Option<Reaction<'a>> {
    if content.kind.str().as_deref() != Some("reaction") {
        return None;
    }
    let r = content.reaction.object::<FlatReaction<'a>>();
    let emoji = r
        .as_ref()
        .and_then(|r| r.emoji.str())
        .or_else(|| content.emoji.str());
    let action = if emoji.as_deref().is_some_and(|e| !e.is_empty()) {
        ReactionAction::React
    } else {
        ReactionAction::Unreact
    };
    Some(Reaction {
        action,
        message_id: r
            .as_ref()
            .and_then(|r| r.message_id_snake.id().or_else(|| r.message_id.id()))
            .or_else(|| content.message_id.id()),
        reaction: emoji.clone(),
        emoji,
    })
}

object! {
    struct FlatReaction<'a> {
        b"emoji" => emoji: Leaf<'a>,
        b"message_id" => message_id_snake: Leaf<'a>,
        b"messageId" => message_id: Leaf<'a>,
    }
}

object! {
    /// The fields a flat content's inner object may carry.
    struct FlatInner<'a> {
        b"url" => url: Leaf<'a>,
        b"link" => link: Leaf<'a>,
        b"caption" => caption: Leaf<'a>,
        b"id" => id: Leaf<'a>,
        b"body" => body: Leaf<'a>,
        b"text" => text: Leaf<'a>,
        b"payload" => payload: Leaf<'a>,
        b"title" => title: Leaf<'a>,
        b"description" => description: Leaf<'a>,
        b"type" => kind: Leaf<'a>,
        b"latitude" => latitude: Leaf<'a>,
        b"longitude" => longitude: Leaf<'a>,
        b"name" => name: Leaf<'a>,
        b"address" => address: Leaf<'a>,
        b"button_reply" => button_reply: Leaf<'a>,
        b"list_reply" => list_reply: Leaf<'a>,
    }
}

fn flat_content<'a>(
    c: &FlatContent<'a>,
    raw: &'a RawValue,
    common: &mut Common<'a>,
) -> MessageContent<'a> {
    let kind = c.kind.str();
    let k = kind.as_deref().unwrap_or("");
    let inner: Option<FlatInner<'a>> = kind.as_ref().and_then(|k| c.inner(k).object());
    let pick = |own: Leaf<'a>, of: fn(&FlatInner<'a>) -> Leaf<'a>| -> Option<Cow<'a, str>> {
        own.str()
            .or_else(|| inner.as_ref().and_then(|i| of(i).str()))
    };
    match k {
        "text" => match (c.text.str(), c.text.object::<FlatInner<'a>>()) {
            (Some(text), _) => text_content(text),
            (None, Some(t)) if t.body.str().is_some() => {
                text_content(t.body.str().unwrap_or_default())
            }
            _ => unknown_content(kind, raw),
        },
        "image" | "audio" | "video" | "file" | "document" | "voice" => {
            let url = pick(c.url, |i| i.url)
                .or_else(|| pick(c.link, |i| i.link))
                .or_else(|| c.url_key(k).str());
            let media = Media {
                url: url.clone(),
                caption: pick(c.caption, |i| i.caption).or_else(|| c.text.str()),
                attachment_id: pick(c.id, |i| i.id),
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
        "sticker" => MessageContent::Sticker {
            url: pick(c.url, |i| i.url).or_else(|| pick(c.link, |i| i.link)),
            sticker_id: inner.as_ref().and_then(|i| i.id.id()),
        },
        "location" => {
            let (lat, long, name, address) = match &inner {
                Some(i) => (i.latitude, i.longitude, i.name, i.address),
                None => (c.latitude, c.longitude, c.name, c.address),
            };
            match (coordinate(lat), coordinate(long)) {
                (Some(latitude), Some(longitude)) => MessageContent::Location {
                    latitude,
                    longitude,
                    name: name.str(),
                    address: address.str(),
                    url: None,
                },
                _ => unknown_content(kind, raw),
            }
        }
        "interactive" => {
            let i = c.interactive.object::<FlatInner<'a>>();
            let itype = i.as_ref().and_then(|i| i.kind.str());
            let reply = match (&i, itype.as_deref()) {
                (Some(i), Some("button_reply")) => i.button_reply.object().map(interactive_reply),
                (Some(i), Some("list_reply")) => i.list_reply.object().map(interactive_reply),
                _ => None,
            };
            MessageContent::Interactive {
                interactive_type: itype,
                reply,
            }
        }
        // WhatsApp template quick-reply buttons arrive as `{type: "button", button: {text, payload}}`.
        "button" => match inner {
            Some(b) => MessageContent::Interactive {
                interactive_type: Some("button".into()),
                reply: Some(InteractiveReply {
                    id: b.payload.id(),
                    title: b.text.str(),
                    description: None,
                }),
            },
            None => unknown_content(kind, raw),
        },
        _ => unknown_content(kind, raw),
    }
}

fn text_content(text: Cow<'_, str>) -> MessageContent<'_> {
    MessageContent::Text {
        text,
        quick_replies: None,
        quick_reply_payload: None,
    }
}

fn interactive_reply(r: FlatInner<'_>) -> InteractiveReply<'_> {
    InteractiveReply {
        id: r.id.id(),
        title: r.title.str(),
        description: r.description.str(),
    }
}

fn unknown_content<'a>(kind: Option<Cow<'a, str>>, raw: &'a RawValue) -> MessageContent<'a> {
    MessageContent::Unknown {
        content_type: kind,
        raw: Exact::of(raw.get()),
    }
}

// ---------------------------------------------------------------------------------------------
// 2–3. The OpenAPI-era envelope `{eventType, timestamp, channel?, payload}`.

fn hub_envelope<'a>(
    root: &Body<'a>,
    mut payload: Body<'a>,
    payload_raw: &'a RawValue,
) -> WebhookEvent<'a> {
    let event_type = root.event_type.str();
    let channel = lower(root.channel.str());
    let ts = timestamp_ms(root.timestamp);
    let is_meta_item = payload.sender.present()
        && (payload.message.present()
            || payload.reaction.present()
            || payload.postback.present()
            || payload.read.present()
            || payload.message_edit.present()
            || payload.referral.present()
            || super::signals::present(payload_raw.get()));
    if is_meta_item {
        return meta_item(&payload, payload_raw.get(), channel, event_type, ts);
    }
    let relayed = payload.recipient.present()
        && (payload.message.present() || payload.sender_action.present());
    if relayed {
        return relayed_send(&payload, payload_raw, event_type, channel, ts);
    }
    // A flat event wrapped in the envelope: read it as flat, the envelope filling the gaps.
    if !payload.event_type.present() {
        payload.event_type = root.event_type;
    }
    if !payload.channel.present() {
        payload.channel = root.channel;
    }
    if !payload.timestamp.present() {
        payload.timestamp = root.timestamp;
    }
    flat(&payload)
}

object! {
    /// `{message_id, reaction}` of a relayed reaction.
    struct ActionPayload<'a> {
        b"message_id" => message_id: Leaf<'a>,
        b"reaction" => reaction: Leaf<'a>,
    }
}

/// The payload is the Send API request the Hub made: `recipient` + `message` or `sender_action`.
fn relayed_send<'a>(
    p: &Body<'a>,
    payload_raw: &'a RawValue,
    event_type: Option<Cow<'a, str>>,
    channel: Option<Cow<'a, str>>,
    ts: Option<i64>,
) -> WebhookEvent<'a> {
    // Without a channel key, only Instagram relays are documented without `messaging_type`.
    let channel =
        channel.or_else(|| (!p.messaging_type.present()).then_some(Cow::Borrowed("instagram")));
    let mut common = Common {
        event_type,
        channel,
        to: p.recipient.get().and_then(|r| r.id.id()),
        timestamp: ts,
        is_echo: true,
        ..Common::default()
    };
    if let Some(action) = p.sender_action.str() {
        let inner = p.payload.object::<ActionPayload<'a>>();
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
                message_id: inner.as_ref().and_then(|i| i.message_id.id()),
                reaction: inner.as_ref().and_then(|i| i.reaction.str()),
                emoji: None,
            },
        });
    }
    let content = match (p.message.0, p.message.object::<MetaMessage<'a>>()) {
        (Some(raw), Some(m)) => meta_content(&m, raw, &mut common),
        // No message object: the payload is kept whole, as it came.
        _ => unknown_content(None, payload_raw),
    };
    WebhookEvent::Echo(MessageEvent {
        common,
        content,
        status: (),
        reaction: (),
        edit_count: None,
        quick_reply_payload: None,
    })
}

// ---------------------------------------------------------------------------------------------
// 4. Meta-native messaging objects and Meta's batch envelope.

/// The events of `{object, entry: [{time, messaging | standby | changes: [...]}]}`, read one
/// item at a time and handed on at once: nothing of the batch is held.
fn meta_batch<'a>(
    object: Option<Cow<'a, str>>,
    entries: Leaf<'a>,
    emit: &mut Emit<'_, 'a>,
) -> Result<(), Error> {
    let channel = match object.as_deref() {
        Some("page") => Some(Cow::Borrowed("messenger")),
        _ => lower(object),
    };
    let Some(text) = entries.text().filter(|t| t.starts_with('[')) else {
        return Ok(());
    };
    let mut batch = Batch {
        channel,
        emit,
        failed: None,
    };
    let read = super::tape::read(text, |d| d.deserialize_seq(Entries(&mut batch)));
    match (batch.failed, read) {
        (Some(e), _) => Err(e),
        (None, Ok(())) => Ok(()),
        (None, Err(e)) => Err(Error::webhook(
            WebhookCode::InvalidJson,
            format!("the webhook body is not valid JSON: {e}"),
        )),
    }
}

/// What the visitors of a batch share: the channel of its events, where they go, and what
/// `emit` refused (kept aside while serde unwinds with an error of its own).
struct Batch<'c, 'e, 'a> {
    channel: Option<Cow<'a, str>>,
    emit: &'c mut Emit<'e, 'a>,
    failed: Option<Error>,
}

impl<'a> Batch<'_, '_, 'a> {
    fn emit<E: de::Error>(&mut self, event: WebhookEvent<'a>) -> Result<(), E> {
        (self.emit)(event).map_err(|e| {
            self.failed = Some(e);
            E::custom("stopped")
        })
    }
}

struct Entries<'b, 'c, 'e, 'a>(&'b mut Batch<'c, 'e, 'a>);

object! {
    /// An entry's `time`, read before its items: it stands in for their missing timestamps,
    /// wherever it comes in the entry.
    struct EntryTime<'a> {
        b"time" => time: Leaf<'a>,
    }
}

impl<'de: 'a, 'a> Visitor<'de> for Entries<'_, '_, '_, 'a> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of entries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            if !raw.get().starts_with('{') {
                continue;
            }
            let time = super::tape::from_str::<EntryTime<'de>>(raw.get())
                .ok()
                .and_then(|e| timestamp_ms(e.time));
            // Each level is taken as text first, so that no scalar in it is ever decoded.
            let entry = Entry {
                batch: &mut *self.0,
                time,
            };
            super::tape::read(raw.get(), |d| d.deserialize_map(entry))
                .map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

/// One entry's `messaging`, `standby` and `changes` items.
struct Entry<'b, 'c, 'e, 'a> {
    batch: &'b mut Batch<'c, 'e, 'a>,
    time: Option<i64>,
}

impl<'de: 'a, 'a> Visitor<'de> for Entry<'_, '_, '_, 'a> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an entry")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let (changes, standby) = match key.0.as_ref() {
                b"messaging" => (false, false),
                // The handover protocol: another app owns these conversations.
                b"standby" => (false, true),
                // Comments, mentions and other `changes[]` fields: kept as unknown events.
                b"changes" => (true, false),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let raw = map.next_value::<&'de RawValue>()?;
            if raw.get().starts_with('[') {
                let items = Items {
                    batch: &mut *self.batch,
                    time: self.time,
                    changes,
                    standby,
                };
                super::tape::read(raw.get(), |d| d.deserialize_seq(items))
                    .map_err(de::Error::custom)?;
            }
        }
        Ok(())
    }
}

/// The items of `messaging` / `standby` (Meta messaging objects) or `changes` (`{field}`).
struct Items<'b, 'c, 'e, 'a> {
    batch: &'b mut Batch<'c, 'e, 'a>,
    time: Option<i64>,
    changes: bool,
    standby: bool,
}

object! {
    struct Change<'a> {
        b"field" => field: Leaf<'a>,
    }
}

impl<'de: 'a, 'a> Visitor<'de> for Items<'_, '_, '_, 'a> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of items")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let channel = &self.batch.channel;
            let event = if self.changes {
                match seq.next_element::<Lenient<Change<'de>>>()? {
                    None => return Ok(()),
                    Some(Lenient::Value(change)) => Some(WebhookEvent::Unknown(other(
                        Common {
                            event_type: change.field.str(),
                            channel: channel.clone(),
                            timestamp: self.time,
                            ..Common::default()
                        },
                        None,
                    ))),
                    Some(_) => None,
                }
            } else {
                // The item's text too: Messenger's rarer fields are read from it (`signals`).
                match seq
                    .next_element::<&'de RawValue>()?
                    .map(|raw| (raw, Lenient::of(raw)))
                {
                    None => return Ok(()),
                    Some((raw, Lenient::Value(item))) => {
                        let mut event =
                            meta_item(&item, raw.get(), channel.clone(), None, self.time);
                        event.common_mut().standby = self.standby;
                        Some(event)
                    }
                    Some(_) => None,
                }
            };
            if let Some(event) = event {
                self.batch.emit(event)?;
            }
        }
    }
}

/// One Meta messaging object: `{sender, recipient, timestamp, message | reaction | postback | read | message_edit | referral}`.
fn meta_item<'a>(
    item: &Body<'a>,
    raw: &'a str,
    channel: Option<Cow<'a, str>>,
    event_type: Option<Cow<'a, str>>,
    fallback_ts: Option<i64>,
) -> WebhookEvent<'a> {
    let sender = item.sender.get();
    // `sender.pageId` is the Hub's decoration of Messenger echoes.
    let channel = channel.or_else(|| {
        (sender.is_some_and(|s| s.page_id.present())
            || event_type.as_deref() == Some("message_echoes"))
        .then_some(Cow::Borrowed("messenger"))
    });
    let mut common = Common {
        event_type,
        channel,
        from: sender.and_then(|s| s.id.id()),
        to: item.recipient.get().and_then(|r| r.id.id()),
        timestamp: timestamp_ms(item.timestamp).or(fallback_ts),
        ..Common::default()
    };
    if let (Some(raw), Some(m)) = (item.message.0, item.message.object::<MetaMessage<'a>>()) {
        common.message_id = m.mid.id();
        common.is_echo = m.is_echo.is_true();
        common.is_deleted = m.is_deleted.is_true();
        common.is_unsupported = m.is_unsupported.is_true();
        common.referral = m.referral.text().map(Exact::of);
        common.reply_to = m.reply_to.get().map(|r| {
            let story = r.story.get();
            ReplyTo {
                message_id: r.mid.id(),
                story_url: story.and_then(|s| s.url.str()),
                story_id: story.and_then(|s| s.id.id()),
            }
        });
        let content = meta_content(&m, raw, &mut common);
        let event = MessageEvent {
            common,
            content,
            status: (),
            reaction: (),
            edit_count: None,
            quick_reply_payload: m.quick_reply.get().and_then(|q| q.payload.id()),
        };
        return if event.common.is_echo {
            WebhookEvent::Echo(event)
        } else {
            WebhookEvent::Message(event)
        };
    }
    if let Some(r) = item.reaction.get() {
        let action = match r.action.str().as_deref() {
            Some("unreact") => ReactionAction::Unreact,
            _ => ReactionAction::React,
        };
        return WebhookEvent::Reaction(ReactionEvent {
            common,
            content: (),
            status: (),
            reaction: Reaction {
                action,
                message_id: r.mid.id(),
                reaction: r.reaction.str(),
                emoji: r.emoji.str(),
            },
        });
    }
    if let Some(p) = item.postback.get() {
        common.message_id = p.mid.id();
        common.referral = p.referral.text().map(Exact::of);
        return WebhookEvent::Postback(PostbackEvent {
            common,
            content: (),
            status: (),
            reaction: (),
            postback: Postback {
                title: p.title.str(),
                payload: p.payload.id(),
            },
        });
    }
    if let Some(r) = item.read.get() {
        common.message_id = r.mid.id();
        return WebhookEvent::Read(other(common, None));
    }
    if let (Some(raw), Some(e)) = (
        item.message_edit.0,
        item.message_edit.object::<MetaEdit<'a>>(),
    ) {
        common.message_id = e.mid.id();
        // A number, or (as some deliveries have it) a string of digits.
        let edit_count = e
            .num_edit
            .number()
            .map(Cow::Borrowed)
            .or_else(|| e.num_edit.str())
            .and_then(|n| n.trim().parse::<u32>().ok());
        let content = match e.text.str() {
            Some(text) => text_content(text),
            None => unknown_content(None, raw),
        };
        return WebhookEvent::Message(MessageEvent {
            common,
            content,
            status: (),
            reaction: (),
            edit_count,
            quick_reply_payload: None,
        });
    }
    if let Some(event) = super::signals::event(raw, &mut common) {
        return event;
    }
    common.referral = item.referral.text().map(Exact::of);
    match item.referral.object::<MetaEdit<'a>>() {
        Some(r) => WebhookEvent::Referral(ReferralEvent {
            common,
            content: (),
            status: (),
            reaction: (),
            ref_param: r.ref_param.id(),
            source: r.source.str(),
            ad_id: r.ad_id.id(),
        }),
        None => WebhookEvent::Unknown(other(common, None)),
    }
}

/// The content of a Meta `message` object (inbound, echo, or relayed send).
fn meta_content<'a>(
    m: &MetaMessage<'a>,
    raw: &'a RawValue,
    common: &mut Common<'a>,
) -> MessageContent<'a> {
    let mut atts = m.attachments.objects();
    if m.attachment.is_object() {
        atts.extend(m.attachment.0);
    }
    let mut first = None;
    for (i, a) in atts.iter().enumerate() {
        let parsed = leaf(a).object::<MetaAttachment<'a>>().unwrap_or_default();
        common.attachments.push(Attachment {
            kind: parsed.kind.str().unwrap_or_default(),
            url: attachment_url(&parsed),
        });
        if i == 0 {
            first = Some((parsed, *a));
        }
    }
    let text = m.text.str();
    if let Some((a, a_raw)) = first {
        return attachment_content(&a, a_raw, text);
    }
    match text {
        Some(text) => MessageContent::Text {
            text,
            quick_replies: m
                .quick_replies
                .text()
                .filter(|t| t.starts_with('['))
                .map(|_| {
                    m.quick_replies
                        .list::<QuickReply<'a>>()
                        .into_iter()
                        .map(|q| QuickReplyOption {
                            content_type: q.content_type.str(),
                            title: q.title.str(),
                            payload: q.payload.id(),
                        })
                        .collect()
                }),
            quick_reply_payload: m.quick_reply.get().and_then(|q| q.payload.id()),
        },
        None => unknown_content(None, raw),
    }
}

/// An attachment's URL: `payload.url`, or its own `url` / `URL` (Meta's legacy `fallback` and
/// `location` attachments carry it beside the payload).
fn attachment_url<'a>(a: &MetaAttachment<'a>) -> Option<Cow<'a, str>> {
    a.payload
        .get()
        .and_then(|p| p.url.str())
        .or_else(|| a.url.str())
        .or_else(|| a.url_upper.str())
}

fn attachment_content<'a>(
    a: &MetaAttachment<'a>,
    raw: &'a RawValue,
    text: Option<Cow<'a, str>>,
) -> MessageContent<'a> {
    let kind = a.kind.str().unwrap_or_default();
    let payload = a.payload.get();
    let url = attachment_url(a);
    let media = |url: Option<Cow<'a, str>>| Media {
        url,
        caption: text.clone(),
        attachment_id: payload.and_then(|p| p.attachment_id.id()),
    };
    let sticker_id = payload.and_then(|p| p.sticker_id.id());
    match kind.as_ref() {
        "image" if payload.is_some_and(|p| p.sticker_id.present()) => {
            MessageContent::Sticker { url, sticker_id }
        }
        "image" => MessageContent::Image(media(url)),
        "audio" => MessageContent::Audio(media(url)),
        "video" => MessageContent::Video(media(url)),
        "file" => MessageContent::File(media(url)),
        "like_heart" | "sticker" => MessageContent::Sticker { url, sticker_id },
        "template" => MessageContent::Template {
            // Meta's product template arrives as `payload.product.elements`, with no type.
            template_type: payload.and_then(|p| {
                p.template_type
                    .str()
                    .or_else(|| p.product.is_object().then_some(Cow::Borrowed("product")))
            }),
            text: payload.and_then(|p| p.text.str()).or(text),
            title: a.title.str(),
            buttons: payload
                .map(|p| p.buttons.list::<Button<'a>>())
                .unwrap_or_default()
                .into_iter()
                .map(|b| TemplateButton {
                    kind: b.kind.str(),
                    title: b.title.str(),
                    url: b.url.str(),
                    payload: b.payload.id(),
                })
                .collect(),
            elements: payload
                .map(|p| match p.product.object::<AttachmentPayload<'a>>() {
                    Some(product) if !p.elements.present() => product.elements,
                    _ => p.elements,
                })
                .filter(|e| e.text().is_some_and(|t| t.starts_with('[')))
                .and_then(|e| e.parse::<Vec<&'a RawValue>>())
                .unwrap_or_default()
                .into_iter()
                .map(|r| Exact::of(r.get()))
                .collect(),
        },
        "location" => {
            let coords = payload.and_then(|p| p.coordinates.get());
            match coords.map(|c| (coordinate(c.lat), coordinate(c.long))) {
                Some((Some(latitude), Some(longitude))) => MessageContent::Location {
                    latitude,
                    longitude,
                    name: a.title.str(),
                    address: None,
                    url,
                },
                _ => unknown_content(Some(kind), raw),
            }
        }
        "share" | "ig_post" | "story_mention" | "ig_reel" | "reel" | "story" | "ig_story"
        | "media" | "ephemeral" | "MEDIA_SHARE" | "fallback" | "link" => MessageContent::Share {
            share_type: kind.clone(),
            url,
            id: payload.and_then(|p| {
                p.id.id()
                    .or_else(|| p.ig_post_media_id.id())
                    .or_else(|| p.reel_video_id.id())
            }),
            title: payload
                .and_then(|p| p.title.str())
                .or_else(|| a.title.str()),
            text,
        },
        _ => unknown_content(Some(kind), raw),
    }
}
