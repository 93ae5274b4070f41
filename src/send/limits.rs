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
/// Call button `payload`: `+`, then the country code, area code and local number (Meta, call
/// button), at most 15 digits in all (ITU-T E.164).
pub const PHONE_MAX_DIGITS: usize = 15;
/// Call button `payload`: at least 7 digits (the shortest E.164 numbers: a 3-digit country code
/// and a 4-digit subscriber number).
pub const PHONE_MIN_DIGITS: usize = 7;
/// A whole send body as JSON text: 64 KiB. A message within Meta's limits in plain text stays
/// far below it (a full carousel, ten elements of three buttons with 1000-character payloads,
/// is about 35 KB); the bound keeps a hostile body from being copied into wasm memory at all.
pub const BODY_MAX_BYTES: usize = 64 * 1024;

/// Which send endpoint a body is for; decides the limits that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// `POST /v1/communication/instagram/message`.
    Instagram,
    /// `POST /v1/communication/messenger/message`.
    Messenger,
}

impl Channel {
    /// The path segment of the send endpoint and the lowercase channel name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Instagram => "instagram",
            Channel::Messenger => "messenger",
        }
    }

    /// The human name used in messages.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Instagram => "Instagram",
            Channel::Messenger => "Messenger",
        }
    }
}
