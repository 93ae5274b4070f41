//! Every limit the validator enforces, as a named constant with its source.
//!
//! The README's rule table is written from this file; messages quote these numbers.

/// Instagram text: "UTF-8 and 1000 bytes or less" (Meta, Instagram API with Instagram Login).
pub const IG_TEXT_MAX_BYTES: usize = 1000;
/// Messenger text: UTF-8, "less than 2000 characters" (Meta, Send API reference).
pub const MESSENGER_TEXT_MAX_CHARS: usize = 1999;
/// Button template text: up to 640 characters (Meta, button template).
pub const BUTTON_TEMPLATE_TEXT_MAX_CHARS: usize = 640;
/// Button template: 1 to 3 buttons.
pub const BUTTON_TEMPLATE_MAX_BUTTONS: usize = 3;
/// Generic template: at most 10 elements (Meta, generic template reference).
pub const GENERIC_MAX_ELEMENTS: usize = 10;
/// Generic template element `title`: 80 characters.
pub const GENERIC_TITLE_MAX_CHARS: usize = 80;
/// Generic template element `subtitle`: 80 characters.
pub const GENERIC_SUBTITLE_MAX_CHARS: usize = 80;
/// Generic template element: at most 3 buttons.
pub const GENERIC_MAX_BUTTONS: usize = 3;
/// Button `title`: 20 characters (Meta, postback and URL buttons).
pub const BUTTON_TITLE_MAX_CHARS: usize = 20;
/// Postback button `payload`: 1000 characters.
pub const POSTBACK_PAYLOAD_MAX_CHARS: usize = 1000;
/// `attachments[]`: up to 10 images (Meta, Instagram send message).
pub const ATTACHMENTS_MAX: usize = 10;
/// Quick replies: up to 13 (Meta, Instagram quick replies).
pub const QUICK_REPLIES_MAX: usize = 13;
/// Quick reply `title`: 20 characters.
pub const QUICK_REPLY_TITLE_MAX_CHARS: usize = 20;
/// Quick reply `payload`: 1000 characters (Meta, Messenger quick replies; the conservative value).
pub const QUICK_REPLY_PAYLOAD_MAX_CHARS: usize = 1000;
/// Hub `interactive` reply buttons: up to 3 (Hub docs, interactive messages).
pub const INTERACTIVE_MAX_BUTTONS: usize = 3;
/// Hub reply button `title`: 20 characters (Hub docs).
pub const INTERACTIVE_TITLE_MAX_CHARS: usize = 20;
/// Hub reply button `id`: 256 characters (WhatsApp-style payloads; the Hub's model).
pub const INTERACTIVE_ID_MAX_CHARS: usize = 256;
/// Hub list: `action.button` label, 20 characters (WhatsApp-style list).
pub const LIST_BUTTON_MAX_CHARS: usize = 20;
/// Hub list: at most 10 sections.
pub const LIST_MAX_SECTIONS: usize = 10;
/// Hub list: at most 10 rows across all sections.
pub const LIST_MAX_ROWS: usize = 10;
/// Hub list: section and row `title`, 24 characters.
pub const LIST_TITLE_MAX_CHARS: usize = 24;
/// Hub list: row `description`, 72 characters.
pub const LIST_DESCRIPTION_MAX_CHARS: usize = 72;
/// Hub list: row `id`, 200 characters.
pub const LIST_ROW_ID_MAX_CHARS: usize = 200;
/// Hub CTA URL: `display_text`, 20 characters.
pub const CTA_DISPLAY_TEXT_MAX_CHARS: usize = 20;
/// Instagram username: 1 to 30 letters, digits, `.` or `_` (Instagram's own rule).
pub const IG_USERNAME_MAX_CHARS: usize = 30;
/// Reaction: an emoji sequence of at most this many Unicode scalar values (Meta's `reaction`
/// and the Hub's `reaction.emoji`): room for a ZWJ sequence with skin tones (👨🏻‍👩🏻‍👧🏻‍👦🏻 is 11),
/// not for a sentence.
pub const REACTION_MAX_CHARS: usize = 16;
/// `metadata` of a Meta-style message: 1000 characters (Meta, Send API reference).
pub const METADATA_MAX_CHARS: usize = 1000;
/// Media template: one element ("An array containing 1 element object ... Maximum of 1 element";
/// Meta, media template).
pub const MEDIA_TEMPLATE_ELEMENTS: usize = 1;
/// Media template element: at most 3 buttons (Meta, media template: buttons as on the generic
/// template's elements).
pub const MEDIA_MAX_BUTTONS: usize = 3;
/// Receipt template: at most 100 elements ("Array of a maximum of 100 element objects"; Meta,
/// receipt template).
pub const RECEIPT_MAX_ELEMENTS: usize = 100;
/// Product template: up to 10 products ("include up to 10 products in the elements array";
/// Meta, product template, Messenger and Instagram).
pub const PRODUCT_MAX_ELEMENTS: usize = 10;
/// A whole send body as JSON text: 64 KiB. A message within Meta's limits in plain text stays
/// far below it (a full carousel, ten elements of three buttons with 1000-character payloads,
/// is about 35 KB); the bound keeps a hostile body from being copied into wasm memory at all.
pub const BODY_MAX_BYTES: usize = 64 * 1024;

/// WhatsApp text: `text.body`, 4096 characters (WhatsApp Cloud API, messages reference; the
/// Hub's docs give no limit).
pub const WA_TEXT_MAX_CHARS: usize = 4096;
/// WhatsApp media caption: 1024 characters (WhatsApp Cloud API, media messages).
pub const WA_CAPTION_MAX_CHARS: usize = 1024;
/// WhatsApp interactive `body.text`: 1024 characters (WhatsApp Cloud API, interactive object).
pub const WA_INTERACTIVE_BODY_MAX_CHARS: usize = 1024;
/// WhatsApp interactive `header.text` and `footer.text`: 60 characters (WhatsApp Cloud API).
pub const WA_HEADER_FOOTER_MAX_CHARS: usize = 60;
/// WhatsApp payment `referenceId`: 35 characters of letters, digits, `_`, `-`, `.` (WhatsApp
/// Cloud API, order_details `reference_id`).
pub const WA_REFERENCE_ID_MAX_CHARS: usize = 35;
/// Telegram text: 1–4096 characters (Telegram Bot API, sendMessage).
pub const TG_TEXT_MAX_CHARS: usize = 4096;
/// Telegram caption: 0–1024 characters (Telegram Bot API, sendPhoto / sendVideo / sendAudio).
pub const TG_CAPTION_MAX_CHARS: usize = 1024;
/// Telegram poll question (the Hub sends a list as a poll): 1–300 characters (Bot API, sendPoll).
pub const TG_POLL_QUESTION_MAX_CHARS: usize = 300;
/// Telegram poll options: at least 2 (Bot API, sendPoll); at most [`LIST_MAX_ROWS`] as any list.
pub const TG_POLL_MIN_OPTIONS: usize = 2;
/// SMS body: 1600 characters (Twilio, Messages resource `Body`; the Hub's SMS page says longer
/// texts are split into 160 ASCII / 70 Unicode character segments automatically).
pub const SMS_TEXT_MAX_CHARS: usize = 1600;
/// E.164: at most 15 digits, country code included (ITU-T E.164); 7 is the shortest
/// international number in use (country code and subscriber number). Also the digits of
/// Messenger's call button `payload`: `+`, the country code, area code and local number (Meta,
/// call button).
pub const PHONE_MIN_DIGITS: usize = 7;
/// E.164: at most 15 digits.
pub const PHONE_MAX_DIGITS: usize = 15;
/// Telegram chat id: up to 52 significant bits (Bot API, "Chat"), so at most 16 digits, with a
/// leading `-` for groups and channels.
pub const TG_CHAT_ID_MAX_DIGITS: usize = 16;
/// Telegram bot username: 5–32 letters, digits or `_`, ending in `bot` (Telegram, BotFather).
pub const TG_BOT_USERNAME_MIN_CHARS: usize = 5;
/// Telegram bot username: at most 32 characters.
pub const TG_BOT_USERNAME_MAX_CHARS: usize = 32;

/// Which send endpoint a body is for; decides the limits that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// `POST /v1/communication/instagram/message`.
    Instagram,
    /// `POST /v1/communication/messenger/message`.
    Messenger,
    /// `POST /v1/communication/whatsapp/message`.
    WhatsApp,
    /// `POST /v1/communication/telegram/message`.
    Telegram,
    /// `POST /v1/communication/sms/message` (Twilio).
    Sms,
    /// `POST /v1/communication/web-chatt2me/message` (the web widget).
    WebChatt,
}

impl Channel {
    /// The path segment of the send endpoint and the lowercase channel name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Instagram => "instagram",
            Channel::Messenger => "messenger",
            Channel::WhatsApp => "whatsapp",
            Channel::Telegram => "telegram",
            Channel::Sms => "sms",
            Channel::WebChatt => "web-chatt2me",
        }
    }

    /// The human name used in messages.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Instagram => "Instagram",
            Channel::Messenger => "Messenger",
            Channel::WhatsApp => "WhatsApp",
            Channel::Telegram => "Telegram",
            Channel::Sms => "SMS",
            Channel::WebChatt => "Web Chatt",
        }
    }

    /// Every channel the package sends on.
    pub const ALL: [Channel; 6] = [
        Channel::WhatsApp,
        Channel::Instagram,
        Channel::Messenger,
        Channel::Telegram,
        Channel::Sms,
        Channel::WebChatt,
    ];

    /// The channels, named for messages.
    pub const NAMES: &'static str = "WhatsApp, Instagram, Messenger, Telegram, SMS, Web Chatt";

    /// Other values of a webhook event's `channel` that name this channel. The docs' list
    /// (`whatsapp, instagram, messenger, telegram, sms`) omits Web Chatt: every spelling it
    /// might have is taken, and the CLI's `web-chatt`.
    pub fn event_names(self) -> &'static [&'static str] {
        match self {
            Channel::WebChatt => &[
                "web-chatt",
                "webchatt",
                "web_chatt",
                "webchatt2me",
                "web_chatt2me",
                "webchat",
                "web-chat",
            ],
            _ => &[],
        }
    }

    /// Whether `to` is an E.164 number with its `+` (SMS page: "must be a number in E.164
    /// format, including the country code preceded by +").
    pub fn to_needs_plus(self) -> bool {
        self == Channel::Sms
    }
}
