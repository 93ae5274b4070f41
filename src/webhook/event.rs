//! The typed webhook event: one shape for every envelope the Hub delivers.
//!
//! Serialized (serde) with every field present (`null` when the shape does not carry it), so a
//! JS handler can read `event.from` without checking for `undefined`. The event is a union
//! discriminated on `type`, and its `content` on `content.type`; TypeScript declarations are
//! generated from these types, and the JS objects' keys come from the same derive (an event
//! crosses as the slots of its values, `crate::json::slots`, built back by the object literal
//! generated for its type: `src/shapes.rs`). `timestamp` travels as unix milliseconds and becomes a `Date` at the
//! JS boundary; `raw` (the whole delivered JSON, exact) is attached there lazily.
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
    /// Delivered in `entry[].standby[]` (Meta's handover protocol): another app owns the
    /// conversation, and this app must not answer it.
    pub standby: bool,
}

/// One attachment of a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Attachment<'a> {
    /// Meta's attachment `type` as delivered (`image`, `ig_reel`, `ephemeral`, `template`, ...).
    #[serde(rename = "type")]
    pub kind: Cow<'a, str>,
    /// `payload.url`, or the attachment's own `url` (legacy `fallback` and `location`).
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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
    /// The payload of the quick reply the user tapped (Meta `quick_reply.payload`), whatever
    /// the content beside it.
    pub quick_reply_payload: Option<Cow<'a, str>>,
}

/// A delivery status change of a message the business sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum ReactionAction {
    /// Added.
    #[default]
    React,
    /// Removed.
    Unreact,
}

/// A tap on a postback button, an icebreaker or a persistent-menu item.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

/// Messages the business sent were delivered (Meta `delivery`, the `message_deliveries` field).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct DeliveryEvent<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Always null on deliveries.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub content: (),
    /// Always null on deliveries.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub status: (),
    /// Always null on deliveries.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub reaction: (),
    /// What was delivered.
    pub delivery: Delivery<'a>,
}

/// Meta `delivery`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Delivery<'a> {
    /// `mids`: the messages delivered (may be empty: Meta leaves it out at times).
    pub message_ids: Vec<Cow<'a, str>>,
    /// `watermark`: every message sent before this time (unix milliseconds) was delivered.
    pub watermark: Option<i64>,
}

/// A person opted in (Meta `optin`, the `messaging_optins` field): the Send to Messenger or
/// checkbox plugin (`ref`, `userRef`), a one-time notification (`oneTimeNotifToken`) or
/// marketing messages (`notificationMessagesToken`, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct OptinEvent<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Always null on opt-ins.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub content: (),
    /// Always null on opt-ins.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub status: (),
    /// Always null on opt-ins.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub reaction: (),
    /// The opt-in.
    pub optin: Optin<'a>,
}

/// Meta `optin`, each field as delivered (null when absent).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Optin<'a> {
    /// `type`: `notification_messages`, `one_time_notif_req`, ...
    #[serde(rename = "type")]
    pub kind: Option<Cow<'a, str>>,
    /// `ref`: the plugin's `data-ref`.
    #[serde(rename = "ref")]
    pub ref_param: Option<Cow<'a, str>>,
    /// `user_ref`: the checkbox plugin's reference, when there is no sender yet.
    pub user_ref: Option<Cow<'a, str>>,
    /// `payload` of the request the person accepted.
    pub payload: Option<Cow<'a, str>>,
    /// `title` of that request.
    pub title: Option<Cow<'a, str>>,
    /// `one_time_notif_token`: permission for one message.
    pub one_time_notif_token: Option<Cow<'a, str>>,
    /// `notification_messages_token`: permission for marketing messages.
    pub notification_messages_token: Option<Cow<'a, str>>,
    /// `notification_messages_frequency`: `DAILY`, `WEEKLY`, `MONTHLY`.
    pub notification_messages_frequency: Option<Cow<'a, str>>,
    /// `notification_messages_timezone`.
    pub notification_messages_timezone: Option<Cow<'a, str>>,
    /// `notification_messages_status`: `STOP NOTIFICATIONS`, `RESUME NOTIFICATIONS`.
    pub notification_messages_status: Option<Cow<'a, str>>,
    /// `token_expiry_timestamp`, as unix milliseconds.
    pub token_expiry_timestamp: Option<i64>,
    /// `user_token_status`: `REFRESHED`, `NOT_REFRESHED`.
    pub user_token_status: Option<Cow<'a, str>>,
}

/// The conversation changed hands (Meta's handover protocol, the `messaging_handovers` field):
/// `pass_thread_control`, `take_thread_control` or `request_thread_control`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct HandoverEvent<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Always null on handovers.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub content: (),
    /// Always null on handovers.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub status: (),
    /// Always null on handovers.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub reaction: (),
    /// The handover.
    pub handover: Handover<'a>,
}

/// A handover; app ids exact, as strings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Handover<'a> {
    /// `pass` (control passed to this app), `take` (taken from this app) or `request`.
    pub action: HandoverAction,
    /// `new_owner_app_id`.
    pub new_owner_app_id: Option<Cow<'a, str>>,
    /// `previous_owner_app_id` (null from idle mode).
    pub previous_owner_app_id: Option<Cow<'a, str>>,
    /// `requested_owner_app_id`: the app asking for control.
    pub requested_owner_app_id: Option<Cow<'a, str>>,
    /// `metadata` the other app passed along.
    pub metadata: Option<Cow<'a, str>>,
}

/// Which handover happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum HandoverAction {
    /// `pass_thread_control`.
    #[default]
    Pass,
    /// `take_thread_control`.
    Take,
    /// `request_thread_control`.
    Request,
}

/// A person linked or unlinked their account (Meta `account_linking`, the
/// `messaging_account_linking` field).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct AccountLinkingEvent<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Always null on account linking.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub content: (),
    /// Always null on account linking.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub status: (),
    /// Always null on account linking.
    #[cfg_attr(feature = "typescript", tsify(type = "null"))]
    pub reaction: (),
    /// The linking.
    pub account_linking: AccountLinking<'a>,
}

/// Meta `account_linking`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct AccountLinking<'a> {
    /// `linked` or `unlinked`, as delivered.
    pub status: Option<Cow<'a, str>>,
    /// `authorization_code` your login flow passed (on `linked`).
    pub authorization_code: Option<Cow<'a, str>>,
}

/// A read receipt, or an event this library does not know (kept whole in `raw`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
    /// Messages delivered (Messenger).
    Delivery(DeliveryEvent<'a>),
    /// An opt-in (Messenger).
    Optin(OptinEvent<'a>),
    /// A handover of the conversation between apps (Messenger).
    Handover(HandoverEvent<'a>),
    /// An account linked or unlinked (Messenger).
    #[serde(rename = "account_linking")]
    AccountLinking(AccountLinkingEvent<'a>),
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
            WebhookEvent::Delivery(e) => &e.common,
            WebhookEvent::Optin(e) => &e.common,
            WebhookEvent::Handover(e) => &e.common,
            WebhookEvent::AccountLinking(e) => &e.common,
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
            WebhookEvent::Delivery(e) => &mut e.common,
            WebhookEvent::Optin(e) => &mut e.common,
            WebhookEvent::Handover(e) => &mut e.common,
            WebhookEvent::AccountLinking(e) => &mut e.common,
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
            WebhookEvent::Delivery(_) => "delivery",
            WebhookEvent::Optin(_) => "optin",
            WebhookEvent::Handover(_) => "handover",
            WebhookEvent::AccountLinking(_) => "account_linking",
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
        /// A link to the place (the attachment's own `url` in Meta's legacy location).
        url: Option<Cow<'a, str>>,
    },
    /// A tap on an interactive element (reply button, list row).
    Interactive {
        /// `button_reply`, `list_reply`, ...
        interactive_type: Option<Cow<'a, str>>,
        /// The tapped option.
        reply: Option<InteractiveReply<'a>>,
    },
    /// A template (button, generic, media, receipt, product, ...).
    Template {
        /// `button`, `generic`, ...; `product` for Meta's `payload.product` without a type.
        template_type: Option<Cow<'a, str>>,
        /// The template text (button template) or message text.
        text: Option<Cow<'a, str>>,
        /// The attachment title Meta adds on echoes.
        title: Option<Cow<'a, str>>,
        /// The template's buttons.
        buttons: Vec<TemplateButton<'a>>,
        /// The template's elements, exact: generic cards, or the products of a product
        /// template (`id`, `retailer_id`, `image_url`, `title`, `subtitle`).
        #[cfg_attr(feature = "typescript", tsify(type = "unknown[]"))]
        elements: Vec<Exact<'a>>,
    },
    /// A shared post, reel, story, link or other media (`share`, `ig_post`, `ig_reel`,
    /// `story_mention`, `MEDIA_SHARE`, `ephemeral`, `fallback`, ...); `url` is null for types
    /// without one.
    Share {
        /// Meta's attachment type as delivered.
        share_type: Cow<'a, str>,
        /// The media URL, when delivered (the attachment's own `url` on legacy `fallback`).
        url: Option<Cow<'a, str>>,
        /// The post or reel id, when delivered (`id`, `ig_post_media_id`, `reel_video_id`).
        id: Option<Cow<'a, str>>,
        /// The post's caption or the link's title (`payload.title`, or the attachment's).
        title: Option<Cow<'a, str>>,
        /// The text the person wrote beside it.
        text: Option<Cow<'a, str>>,
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

/// Empty text: the content of the message event among the root crate's
/// `shapes::specimens`, whose keys the JS builders are generated from.
impl Default for MessageContent<'_> {
    fn default() -> Self {
        MessageContent::Text {
            text: Cow::Borrowed(""),
            quick_replies: None,
            quick_reply_payload: None,
        }
    }
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
