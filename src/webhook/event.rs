//! The typed webhook event: one shape for every envelope the Hub delivers.
//!
//! Serialized (serde) to JSON with every field present (`null` when the shape does not carry it), so a
//! JS handler can read `event.from` without checking for `undefined`. The event is a union
//! discriminated on `type`, and its `content` on `content.type`; TypeScript declarations are
//! generated from these types, and the JS objects' keys come from the same derive (the JSON text
//! is handed to one `JSON.parse`). `timestamp` travels as unix milliseconds and becomes a `Date`
//! at the JS boundary; `raw` (the whole delivered JSON, exact) is attached there lazily.
//!
//! Strings are `Cow`s borrowed from the body when it holds them as they are (no escapes), so a
//! parse copies no text it does not have to.

use std::borrow::Cow;

use serde::Serialize;

pub use crate::exact::Exact;

#[cfg(feature = "typescript")]
use tsify::Tsify;

/// Fields every event has, whatever its `type`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Common<'a> {
    /// The envelope's `eventType` as delivered (`"Message"`, `"message_echoes"`, ...), or null.
    pub event_type: Option<Cow<'a, str>>,
    /// Lowercase channel (`"instagram"`, `"messenger"`, ...), inferred from the shape when absent.
    pub channel: Option<Cow<'a, str>>,
    /// The Hub channel UUID that received the message: use it as `from` to reply.
    pub channel_id: Option<Cow<'a, str>>,
    /// The Hub `messageId` or Meta `mid`.
    pub message_id: Option<Cow<'a, str>>,
    /// Who sent it (IGSID, PSID, phone, ...): use it as `to` to reply.
    pub from: Option<Cow<'a, str>>,
    /// Who received it.
    pub to: Option<Cow<'a, str>>,
    /// When it happened (seconds and milliseconds told apart), as a `Date`.
    #[cfg_attr(feature = "typescript", tsify(type = "Date | null"))]
    pub timestamp: Option<i64>,
    /// Every attachment of the message, in order (the first also describes `content`).
    pub attachments: Vec<Attachment<'a>>,
    /// The message this one replies to (Meta `reply_to`), if any.
    pub reply_to: Option<ReplyTo<'a>>,
    /// Meta `referral` (ads, shops, ig.me links), exact, if any.
    #[cfg_attr(feature = "typescript", tsify(type = "unknown"))]
    pub referral: Option<Exact<'a>>,
    /// Meta `is_echo`: the business itself sent this message.
    pub is_echo: bool,
    /// Meta `is_deleted`: the user unsent this message.
    pub is_deleted: bool,
    /// Meta `is_unsupported`: media Meta cannot deliver.
    pub is_unsupported: bool,
}

/// One attachment of a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Attachment<'a> {
    /// Meta's attachment `type` as delivered (`image`, `ig_reel`, `ephemeral`, `template`, ...).
    #[serde(rename = "type")]
    pub kind: Cow<'a, str>,
    /// `payload.url`, when the attachment has one.
    pub url: Option<Cow<'a, str>>,
}

/// Meta `reply_to`: an inline reply or a story reply.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ReplyTo<'a> {
    /// The quoted message's `mid`.
    pub message_id: Option<Cow<'a, str>>,
    /// The story's URL, for a story reply.
    pub story_url: Option<Cow<'a, str>>,
    /// The story's id, for a story reply.
    pub story_id: Option<Cow<'a, str>>,
}

/// A user message or an echo of one the business sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct MessageEvent<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// What the message holds.
    pub content: MessageContent<'a>,
    /// Always null on messages.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub status: (),
    /// Always null on messages.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub reaction: (),
    /// Set when this is Meta `message_edit`: how many times the text was edited.
    pub edit_count: Option<u32>,
}

/// A delivery status change of a message the business sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct StatusEvent<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Always null on status events.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub content: (),
    /// The new status as delivered: `sent`, `delivered`, `read`, `enqueued`, `error`, ...
    pub status: Option<Cow<'a, str>>,
    /// Always null on status events.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub reaction: (),
    /// Error details, when the status carries them.
    pub error: Option<StatusError<'a>>,
}

/// Why a message failed, as the platform reported it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct StatusError<'a> {
    /// The platform's code (a string, e.g. Meta's `"130472"`).
    pub code: Option<Cow<'a, str>>,
    /// The platform's message.
    pub message: Option<Cow<'a, str>>,
}

/// A reaction added to or removed from a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ReactionEvent<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Always null on reactions.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub content: (),
    /// Always null on reactions.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub status: (),
    /// The reaction.
    pub reaction: Reaction<'a>,
}

/// `react` or `unreact` on a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Reaction<'a> {
    /// Added or removed.
    pub action: ReactionAction,
    /// The message reacted to.
    pub message_id: Option<Cow<'a, str>>,
    /// `love`, an emoji, ... (absent on unreact).
    pub reaction: Option<Cow<'a, str>>,
    /// Meta's `emoji`, when delivered beside `reaction`.
    pub emoji: Option<Cow<'a, str>>,
}

/// Whether a reaction was added or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum ReactionAction {
    /// Added.
    React,
    /// Removed.
    Unreact,
}

/// A tap on a postback button, an icebreaker or a persistent-menu item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct PostbackEvent<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Always null on postbacks.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub content: (),
    /// Always null on postbacks.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub status: (),
    /// Always null on postbacks.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub reaction: (),
    /// The button.
    pub postback: Postback<'a>,
}

/// The tapped button.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Postback<'a> {
    /// The button's title.
    pub title: Option<Cow<'a, str>>,
    /// The button's payload.
    pub payload: Option<Cow<'a, str>>,
}

/// A person entered the conversation through an ad, an `ig.me` / `m.me` link or a Messenger
/// code (Meta `referral`, the `messaging_referrals` field). The whole object, exact, is
/// `referral`; what it says most often is read out here.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ReferralEvent<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Always null on referrals.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub content: (),
    /// Always null on referrals.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub status: (),
    /// Always null on referrals.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub reaction: (),
    /// `ref`: the parameter of the link or ad (`m.me/<page>?ref=...`), when it has one.
    #[serde(rename = "ref")]
    pub ref_param: Option<Cow<'a, str>>,
    /// `source` as delivered: `ADS`, `SHORTLINK`, `MESSENGER_CODE`, `DISCOVER_TAB`, ...
    pub source: Option<Cow<'a, str>>,
    /// `ad_id`, exact, for an ad.
    pub ad_id: Option<Cow<'a, str>>,
}

/// A read receipt, or an event this library does not know (kept whole in `raw`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct OtherEvent<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Always null here.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub content: (),
    /// The `status` field as delivered, if the body has one.
    pub status: Option<Cow<'a, str>>,
    /// Always null here.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub reaction: (),
}

/// The typed event, discriminated on `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum WebhookEvent<'a> {
    /// A user wrote to one of your channels.
    Message(MessageEvent<'a>),
    /// A message your business sent (Meta echoes, relayed sends).
    Echo(MessageEvent<'a>),
    /// A delivery status change.
    Status(StatusEvent<'a>),
    /// A reaction added or removed.
    Reaction(ReactionEvent<'a>),
    /// A postback button tap.
    Postback(PostbackEvent<'a>),
    /// A read receipt.
    Read(OtherEvent<'a>),
    /// An arrival through an ad, a link or a code.
    Referral(ReferralEvent<'a>),
    /// An event this library does not know; everything is kept in `raw`.
    Unknown(OtherEvent<'a>),
}

impl<'a> WebhookEvent<'a> {
    /// The fields every event has.
    pub fn common(&self) -> &Common<'a> {
        match self {
            WebhookEvent::Message(e) | WebhookEvent::Echo(e) => &e.common,
            WebhookEvent::Status(e) => &e.common,
            WebhookEvent::Reaction(e) => &e.common,
            WebhookEvent::Postback(e) => &e.common,
            WebhookEvent::Referral(e) => &e.common,
            WebhookEvent::Read(e) | WebhookEvent::Unknown(e) => &e.common,
        }
    }

    /// The fields every event has, to fill in what an envelope gives after the items.
    pub fn common_mut(&mut self) -> &mut Common<'a> {
        match self {
            WebhookEvent::Message(e) | WebhookEvent::Echo(e) => &mut e.common,
            WebhookEvent::Status(e) => &mut e.common,
            WebhookEvent::Reaction(e) => &mut e.common,
            WebhookEvent::Postback(e) => &mut e.common,
            WebhookEvent::Referral(e) => &mut e.common,
            WebhookEvent::Read(e) | WebhookEvent::Unknown(e) => &mut e.common,
        }
    }

    /// The `type` string.
    pub fn kind(&self) -> &'static str {
        match self {
            WebhookEvent::Message(_) => "message",
            WebhookEvent::Echo(_) => "echo",
            WebhookEvent::Status(_) => "status",
            WebhookEvent::Reaction(_) => "reaction",
            WebhookEvent::Postback(_) => "postback",
            WebhookEvent::Read(_) => "read",
            WebhookEvent::Referral(_) => "referral",
            WebhookEvent::Unknown(_) => "unknown",
        }
    }

    /// The content of a message or echo.
    pub fn content(&self) -> Option<&MessageContent<'a>> {
        match self {
            WebhookEvent::Message(e) | WebhookEvent::Echo(e) => Some(&e.content),
            _ => None,
        }
    }

    /// `{ from, to }` for answering this event: the receiving channel as `from`, the sender as
    /// `to`. None when the event does not carry both (echoes, Meta-native bodies).
    pub fn reply_target(&self) -> Option<(String, String)> {
        let c = self.common();
        match (&c.channel_id, &c.from) {
            (Some(ch), Some(from)) => {
                Some((String::from(ch.as_ref()), String::from(from.as_ref())))
            }
            _ => None,
        }
    }
}

/// What a message holds, discriminated on `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum MessageContent<'a> {
    /// Plain text.
    Text {
        /// The text.
        text: Cow<'a, str>,
        /// Quick replies offered with it (relayed sends).
        quick_replies: Option<Vec<QuickReplyOption<'a>>>,
        /// The payload of the quick reply the user tapped (Meta `quick_reply.payload`).
        quick_reply_payload: Option<Cow<'a, str>>,
    },
    /// An image.
    Image(Media<'a>),
    /// An audio clip.
    Audio(Media<'a>),
    /// A video.
    Video(Media<'a>),
    /// A file or document.
    File(Media<'a>),
    /// A sticker (Instagram `like_heart`, Messenger and WhatsApp stickers).
    Sticker {
        /// The sticker image, when delivered.
        url: Option<Cow<'a, str>>,
        /// The sticker id, when delivered.
        sticker_id: Option<Cow<'a, str>>,
    },
    /// A shared location.
    Location {
        /// Degrees, as delivered.
        #[cfg_attr(feature = "typescript", tsify(type = "number"))]
        latitude: Exact<'a>,
        /// Degrees, as delivered.
        #[cfg_attr(feature = "typescript", tsify(type = "number"))]
        longitude: Exact<'a>,
        /// Place name, when delivered.
        name: Option<Cow<'a, str>>,
        /// Address, when delivered.
        address: Option<Cow<'a, str>>,
    },
    /// A tap on an interactive element (reply button, list row).
    Interactive {
        /// `button_reply`, `list_reply`, ...
        interactive_type: Option<Cow<'a, str>>,
        /// The tapped option.
        reply: Option<InteractiveReply<'a>>,
    },
    /// A template (button or generic).
    Template {
        /// `button`, `generic`, ...
        template_type: Option<Cow<'a, str>>,
        /// The template text (button template) or message text.
        text: Option<Cow<'a, str>>,
        /// The attachment title Meta adds on echoes.
        title: Option<Cow<'a, str>>,
        /// The template's buttons.
        buttons: Vec<TemplateButton<'a>>,
        /// Generic-template elements, exact.
        #[cfg_attr(feature = "typescript", tsify(type = "unknown[]"))]
        elements: Vec<Exact<'a>>,
    },
    /// A shared post, reel, story or other Instagram media (`share`, `ig_reel`, `story_mention`,
    /// `MEDIA_SHARE`, `ephemeral`, ...); `url` is null for types without one.
    Share {
        /// Meta's attachment type as delivered.
        share_type: Cow<'a, str>,
        /// The media URL, when delivered.
        url: Option<Cow<'a, str>>,
        /// The post id, when delivered (`MEDIA_SHARE`).
        id: Option<Cow<'a, str>>,
    },
    /// Content this library does not know; kept exactly.
    Unknown {
        /// The content's type as delivered, if any.
        content_type: Option<Cow<'a, str>>,
        /// The content as delivered, exact.
        #[cfg_attr(feature = "typescript", tsify(type = "unknown"))]
        raw: Exact<'a>,
    },
}

/// A media attachment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Media<'a> {
    /// The media URL (null for attachments delivered without one).
    pub url: Option<Cow<'a, str>>,
    /// A caption, when the shape carries one.
    pub caption: Option<Cow<'a, str>>,
    /// A reusable Meta `attachment_id`, when sent by id.
    pub attachment_id: Option<Cow<'a, str>>,
}

/// A quick reply offered with a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct QuickReplyOption<'a> {
    /// `text`, `user_phone_number`, `user_email`.
    pub content_type: Option<Cow<'a, str>>,
    /// The label.
    pub title: Option<Cow<'a, str>>,
    /// The payload.
    pub payload: Option<Cow<'a, str>>,
}

/// The option a user tapped.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct InteractiveReply<'a> {
    /// Your id for the option.
    pub id: Option<Cow<'a, str>>,
    /// Its label.
    pub title: Option<Cow<'a, str>>,
    /// Its description (list rows).
    pub description: Option<Cow<'a, str>>,
}

/// A template button.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct TemplateButton<'a> {
    /// `web_url`, `postback`, ...
    #[serde(rename = "type")]
    pub kind: Option<Cow<'a, str>>,
    /// The label.
    pub title: Option<Cow<'a, str>>,
    /// The link of a `web_url` button.
    pub url: Option<Cow<'a, str>>,
    /// The payload of a `postback` button.
    pub payload: Option<Cow<'a, str>>,
}
