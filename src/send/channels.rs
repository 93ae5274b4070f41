//! The Hub channels beyond Meta's: WhatsApp, Telegram, SMS and Web Chatt, each a row of data
//! read by one walk of the Hub-normalized content model. Rules only WhatsApp has (header and
//! footer, `voice`, templates, payment requests) are in `whatsapp`.
//!
//! Sources: the Hub's docs site (`docs.chatt2.me/docs/1.0/…`), pages named in each comment; where
//! the Hub is silent, the platform it relays to, with its limit in `limits`.

use crate::json::{Map, Str, Value};

use super::check::{show, Ctx, Path};
use super::limits::{self as lim, Channel};
use super::{has_space, is_uuid, only_one};
use crate::error::IssueCode;

/// What one channel takes.
pub(super) struct Row {
    /// The Hub content keys it takes: the availability matrix of "Content types" (sending-messages/
    /// content-types), the SMS page's table (channels/sms) and "Reactions and reply".
    pub takes: &'static [&'static str],
    /// Its `interactive.type`s ("Interactive messages", sending-messages/interactive).
    pub interactive: &'static [&'static str],
    /// Text alone, in characters.
    pub text_max: usize,
    /// Text as the caption of media, in characters.
    pub caption_max: usize,
    /// `interactive.body.text`, in characters.
    pub body_max: usize,
    /// Rows of a list, across its sections, at least.
    pub list_min_rows: usize,
    /// The kinds of content it takes, for the message of an empty `content`.
    pub kinds: &'static str,
}

/// No limit the Hub or the platform documents (Web Chatt's own widget): the 64 KiB body bounds it.
const NONE: usize = usize::MAX;

const WHATSAPP: Row = Row {
    takes: &[
        "text",
        "imageUrl",
        "videoUrl",
        "audioUrl",
        "voice",
        "interactive",
        "template",
        "paymentRequest",
        "reaction",
        "context",
    ],
    interactive: &["button", "list"],
    text_max: lim::WA_TEXT_MAX_CHARS,
    caption_max: lim::WA_CAPTION_MAX_CHARS,
    body_max: lim::WA_INTERACTIVE_BODY_MAX_CHARS,
    list_min_rows: 1,
    kinds: "text, imageUrl, videoUrl, audioUrl, interactive, template, paymentRequest or reaction",
};

const TELEGRAM: Row = Row {
    takes: &[
        "text",
        "imageUrl",
        "videoUrl",
        "audioUrl",
        "interactive",
        "reaction",
        "context",
    ],
    // "Option list ✅ (poll)"; quick replies, CTA URL and location requests ❌.
    interactive: &["list"],
    text_max: lim::TG_TEXT_MAX_CHARS,
    caption_max: lim::TG_CAPTION_MAX_CHARS,
    body_max: lim::TG_POLL_QUESTION_MAX_CHARS,
    list_min_rows: lim::TG_POLL_MIN_OPTIONS,
    kinds: "text, imageUrl, videoUrl, audioUrl, interactive or reaction",
};

/// The SMS page: text ✅, image + text ✅ (MMS), video, audio, interactive ❌; "SMS does not
/// support interactive messages, stickers, location, contacts, documents, or reactions".
const SMS: Row = Row {
    takes: &["text", "imageUrl"],
    interactive: &[],
    text_max: lim::SMS_TEXT_MAX_CHARS,
    caption_max: lim::SMS_TEXT_MAX_CHARS,
    body_max: 0,
    list_min_rows: 1,
    kinds: "text or imageUrl",
};

/// "Web Chatt uses the same content shape as the examples on this page (WhatsApp-style payloads
/// from Hub)"; "WhatsApp-only types (template, payment request, order status) are not used".
/// Its interactive sub-types are not in the interactive page's table: buttons and lists are taken
/// in the WhatsApp shape, without WhatsApp's header and footer.
const WEB_CHATT: Row = Row {
    takes: &[
        "text",
        "imageUrl",
        "videoUrl",
        "audioUrl",
        "interactive",
        "reaction",
        "context",
    ],
    interactive: &["button", "list"],
    text_max: NONE,
    caption_max: NONE,
    body_max: NONE,
    list_min_rows: 1,
    kinds: "text, imageUrl, videoUrl, audioUrl, interactive or reaction",
};

/// The row of a channel of this module (`None` for Instagram and Messenger).
pub(super) fn row(channel: Channel) -> Option<&'static Row> {
    match channel {
        Channel::WhatsApp => Some(&WHATSAPP),
        Channel::Telegram => Some(&TELEGRAM),
        Channel::Sms => Some(&SMS),
        Channel::WebChatt => Some(&WEB_CHATT),
        Channel::Instagram | Channel::Messenger => None,
    }
}

/// Every Hub content key some channel takes.
const HUB_KEYS: &[&str] = &[
    "text",
    "imageUrl",
    "videoUrl",
    "audioUrl",
    "voice",
    "interactive",
    "template",
    "paymentRequest",
    "reaction",
    "context",
];

/// Kinds of content the matrix lists whose field names no page gives (the content-types page is
/// cut before them): the key someone would try, what it is, and which channels take the kind.
const UNDOCUMENTED: &[(&str, &str, &[Channel])] = &[
    ("document", "document", &ANY_BUT_SMS),
    ("documentUrl", "document", &ANY_BUT_SMS),
    ("fileUrl", "document", &ANY_BUT_SMS),
    ("sticker", "sticker", &ANY_BUT_SMS),
    ("stickerUrl", "sticker", &ANY_BUT_SMS),
    ("location", "location", &ANY_BUT_SMS),
    ("contacts", "contacts", &ANY_BUT_SMS),
    ("orderStatus", "order status", &[Channel::WhatsApp]),
];
const ANY_BUT_SMS: [Channel; 3] = [Channel::WhatsApp, Channel::Telegram, Channel::WebChatt];

/// Every key [`refusal`] may report: not `unknown_field` too.
const REPORTED: &[&str] = &[
    "document",
    "documentUrl",
    "fileUrl",
    "sticker",
    "stickerUrl",
    "location",
    "contacts",
    "orderStatus",
    "attachment",
    "attachments",
    "quick_replies",
    "sender_action",
    "payload",
    "metadata",
    "text",
    "imageUrl",
    "videoUrl",
    "audioUrl",
    "voice",
    "interactive",
    "template",
    "paymentRequest",
    "reaction",
    "context",
];

/// Meta's content model, for Instagram and Messenger: the one list the validator keeps.
use super::META_KEYS;

/// Where the fields the package cannot check are sent from.
pub(super) fn raw_hint(channel: Channel) -> String {
    format!(
        "send it with hub.rawRequest(\"POST\", \"/v1/communication/{}/message\", {{ body }})",
        channel.as_str()
    )
}

/// Why `key` is refused on `channel` (`not_supported`), or `None` when it is the channel's.
fn refusal(channel: Channel, row: &Row, key: &str) -> Option<String> {
    let name = channel.label();
    if let Some((_, kind, on)) = UNDOCUMENTED.iter().find(|(k, ..)| *k == key) {
        return Some(if on.contains(&channel) {
            format!(
                "{key}: the Hub's docs never give the fields of {kind} content, so it cannot be checked; {}",
                raw_hint(channel)
            )
        } else {
            format!("{kind} content is not available on {name}")
        });
    }
    if META_KEYS.contains(&key) {
        return Some(format!(
            "{key} belongs to Meta's content model (Instagram, Messenger); on {name} use the Hub's: text, imageUrl, ..."
        ));
    }
    if HUB_KEYS.contains(&key) && !row.takes.contains(&key) {
        let what = match key {
            "voice" | "template" | "paymentRequest" => " (WhatsApp only)",
            "context" => " (replies)",
            _ => "",
        };
        return Some(format!("{key}{what} is not available on {name}"));
    }
    None
}

/// Keys of one kind of content each: a message carries one.
const KINDS: &[&str] = &[
    "imageUrl",
    "videoUrl",
    "audioUrl",
    "interactive",
    "reaction",
    "template",
    "paymentRequest",
];

/// Checks `content` of a channel of this module.
pub(super) fn content(cx: &mut Ctx, channel: Channel, content: &Map<Str, Value>, path: &Path<'_>) {
    let Some(row) = row(channel) else {
        return;
    };
    let mut refused = 0;
    for key in content.keys() {
        if let Some(msg) = refusal(channel, row, key) {
            cx.report(&path.key(key), IssueCode::NotSupported, msg);
            refused += 1;
        }
    }
    cx.closed_except(content, row.takes, REPORTED, path);
    // What the channel does not take is reported once, above; the rest is checked as usual.
    if refused == 0 {
        kinds_and_combinations(cx, row, content, path);
    }
    let taken = |key: &str| row.takes.contains(&key) && content.contains_key(key);
    let media = ["imageUrl", "videoUrl", "audioUrl"].into_iter().any(taken);
    if let Some(v) = content.get("text") {
        let p = path.key("text");
        if let Some(s) = cx.string(v, &p) {
            let max = if media { row.caption_max } else { row.text_max };
            cx.chars(s, &p, 1, max);
        }
    }
    for key in ["imageUrl", "videoUrl", "audioUrl"] {
        if let (true, Some(v)) = (taken(key), content.get(key)) {
            let p = path.key(key);
            if let Some(u) = cx.string(v, &p) {
                cx.https_url(u, &p);
            }
        }
    }
    if let (true, Some(v)) = (taken("interactive"), content.get("interactive")) {
        super::hub::interactive(cx, channel, v, &path.key("interactive"));
    }
    if taken("reaction") || taken("context") {
        super::hub::reaction_and_context(cx, content, path);
    }
    if channel == Channel::WhatsApp {
        super::whatsapp::content(cx, content, path);
    }
}

/// One kind of content per message, the keys that cannot travel together, and at least one kind.
fn kinds_and_combinations(cx: &mut Ctx, row: &Row, content: &Map<Str, Value>, path: &Path<'_>) {
    let kinds = only_one(cx, content, KINDS, path);
    for (key, other, why) in [
        (
            "text",
            "interactive",
            "put the text in interactive.body.text",
        ),
        ("text", "reaction", "a reaction is sent alone"),
        (
            "text",
            "template",
            "a template's text is the approved one; its variables go in components",
        ),
        (
            "text",
            "paymentRequest",
            "a payment request's text is paymentRequest.bodyText",
        ),
        (
            "context",
            "reaction",
            "a reaction names its message in reaction.messageId",
        ),
    ] {
        if content.contains_key(key) && content.contains_key(other) {
            let msg = format!("{key} cannot be combined with {other}: {why}");
            cx.report(&path.key(key), IssueCode::Conflict, msg);
        }
    }
    if kinds == 0 && !content.contains_key("text") {
        let msg = format!("content needs one kind of content: {}", row.kinds);
        cx.report(path, IssueCode::Required, msg);
    }
}

/// The interactive rules of a channel: its types, whether it takes a header and footer, the
/// limit of the body text, and the least rows of a list.
pub(super) fn interactive_rules(
    channel: Channel,
) -> Option<(&'static [&'static str], bool, usize, usize)> {
    row(channel).map(|r| {
        (
            r.interactive,
            channel == Channel::WhatsApp,
            r.body_max,
            r.list_min_rows,
        )
    })
}

/// Why an interactive type is refused on a channel of this module.
pub(super) fn interactive_refusal(channel: Channel, kind: &str) -> String {
    let name = channel.label();
    match (channel, kind) {
        (Channel::Telegram, _) => format!(
            "interactive type {} is not available on Telegram: only list (sent as a poll)",
            show(kind)
        ),
        (_, "cta_url" | "location_request_message") => format!(
            "the Hub's docs never give the fields of a {kind} message on {name}, so it cannot be checked; {}",
            raw_hint(channel)
        ),
        _ => format!("interactive type {} is not available on {name}", show(kind)),
    }
}

/// `from` on a channel of this module: the channel UUID always (overview: "UUID (always
/// works)"); on WhatsApp and SMS the phone number with or without `+`; on Telegram the bot
/// username with or without `@`; on Web Chatt the UUID only ("not the widget public key").
/// `None` when it is fine, else what it must be.
pub(super) fn from_form(channel: Channel, from: &str) -> Option<&'static str> {
    if is_uuid(from) {
        return None;
    }
    let (ok, what) = match channel {
        Channel::WhatsApp | Channel::Sms => (
            is_phone(from.strip_prefix('+').unwrap_or(from)),
            "the channel UUID or the sender phone number (7 to 15 digits, + optional)",
        ),
        Channel::Telegram => (
            is_bot_username(from.strip_prefix('@').unwrap_or(from)),
            "the channel UUID or the bot username (5 to 32 letters, digits or _, ending in bot; @ optional)",
        ),
        _ => (false, "the channel UUID (Web Chatt takes no other form, not the widget public key)"),
    };
    (!ok).then_some(what)
}

/// `to` on a channel of this module, `None` when it is fine, else what it must be.
pub(super) fn to_form(channel: Channel, to: &str) -> Option<&'static str> {
    let (ok, what) = match channel {
        // Concepts: "E.164 number (without +)", 5511993986082; troubleshooting: "WhatsApp
        // expects E.164 without +".
        Channel::WhatsApp => (
            is_phone(to),
            "an E.164 number without + (country code and number, 7 to 15 digits, such as 5511993986082)",
        ),
        // SMS page: "E.164 format, including the country code preceded by +".
        Channel::Sms => (
            to.strip_prefix('+').is_some_and(is_phone),
            "an E.164 number with + (such as +5511944574999)",
        ),
        // Concepts: "user/group chat_id"; groups and channels have negative ids (Bot API).
        Channel::Telegram => (
            is_digits(to.strip_prefix('-').unwrap_or(to), 1, lim::TG_CHAT_ID_MAX_DIGITS),
            "a Telegram chat id: digits, with a leading - for groups (such as 123456789 or -1001234567890)",
        ),
        // Overview: "the visitor id from webhooks", whose form is not documented.
        _ => (!has_space(to), "the visitor id, without spaces"),
    };
    (!ok).then_some(what)
}

fn is_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_phone(s: &str) -> bool {
    is_digits(s, lim::PHONE_MIN_DIGITS, lim::PHONE_MAX_DIGITS) && !s.starts_with('0')
}

fn is_bot_username(s: &str) -> bool {
    (lim::TG_BOT_USERNAME_MIN_CHARS..=lim::TG_BOT_USERNAME_MAX_CHARS).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && s.get(s.len().saturating_sub(3)..)
            .is_some_and(|end| end.eq_ignore_ascii_case("bot"))
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
#[path = "channels_tests.rs"]
mod tests;
