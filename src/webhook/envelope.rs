//! The shapes of webhook bodies, as borrowed serde structs.
//!
//! Webhook bodies are read leniently: a known field of the wrong JSON type is treated as absent
//! (a `"channel": 7` does not make the body unreadable), and unknown fields are skipped with
//! `IgnoredAny` without being materialized, so a megabyte of `{}` under an unknown key costs no
//! memory. Two building blocks make that work:
//! - [`Leaf`]: any JSON value as the exact text delivered (a borrowed `RawValue`). Ids are read
//!   from it as strings whatever their size (`26203292189261166` stays those digits), strings
//!   are borrowed unless they hold escapes, and content that no type describes is handed on as
//!   it came;
//! - [`Lenient`]: an object read into a struct when it is an object, and remembered as present
//!   but unusable when it is something else.
//!
//! One struct, [`Body`], holds every key any of the envelopes uses, so the dispatch in
//! `parse.rs` decides by which keys are present, as the shapes share no discriminator.

// The fields are the JSON keys they read, named as delivered.
#![allow(missing_docs)]

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

/// A JSON value of a known field, as the exact text delivered; `None` when the key is absent.
/// `null` is present (`Some("null")`): presence decides which envelope a body is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Leaf<'a>(pub Option<&'a RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for Leaf<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'a RawValue>::deserialize(d).map(|raw| Leaf(Some(raw)))
    }
}

impl<'a> Leaf<'a> {
    /// Whether the key was there (with any value, `null` included).
    pub fn present(self) -> bool {
        self.0.is_some()
    }

    /// The exact JSON text.
    pub fn text(self) -> Option<&'a str> {
        self.0.map(RawValue::get)
    }

    /// The value when it is a JSON string: borrowed from the body unless it has escapes.
    pub fn str(self) -> Option<Cow<'a, str>> {
        let raw = self.text()?;
        let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
        if !inner.contains('\\') {
            return Some(Cow::Borrowed(inner));
        }
        // Decoded as bytes: a lone surrogate escape (JSON.parse keeps it, UTF-8 cannot) comes out
        // as its three-byte form, which becomes one U+FFFD.
        let bytes = serde_json::from_str::<LooseBytes>(raw).ok()?.0;
        Some(Cow::Owned(match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => lossy_wtf8(e.as_bytes()),
        }))
    }

    /// An id: a string as it is, a number as its exact decimal text.
    pub fn id(self) -> Option<Cow<'a, str>> {
        match self.number() {
            Some(n) => Some(Cow::Borrowed(n)),
            None => self.str(),
        }
    }

    /// The exact text of a JSON number.
    pub fn number(self) -> Option<&'a str> {
        let raw = self.text()?;
        raw.starts_with(|c: char| c == '-' || c.is_ascii_digit())
            .then_some(raw)
    }

    /// `true` only for JSON `true`.
    pub fn is_true(self) -> bool {
        self.text() == Some("true")
    }

    /// The value read as `T` when it has `T`'s shape (objects into structs through
    /// [`Lenient`]); `None` otherwise.
    pub fn parse<T: Deserialize<'a>>(self) -> Option<T> {
        super::tape::from_str(self.text()?).ok()
    }

    /// The object read into struct `T`; `None` when the value is no object.
    pub fn object<T: Deserialize<'a>>(self) -> Option<T> {
        self.0.and_then(|raw| Lenient::of(raw).into_value())
    }

    /// The objects of an array (or a lone object) read into struct `T`; items of other kinds
    /// are skipped.
    pub fn list<T: Deserialize<'a>>(self) -> Vec<T> {
        self.objects()
            .into_iter()
            .filter_map(|item| Lenient::of(item).into_value())
            .collect()
    }

    /// Whether the value is a JSON object.
    pub fn is_object(self) -> bool {
        self.text().is_some_and(|t| t.starts_with('{'))
    }

    /// The objects of an array, each as its exact text (a lone object is a list of one).
    pub fn objects(self) -> Vec<&'a RawValue> {
        match self.text() {
            Some(t) if t.starts_with('[') => super::tape::from_str::<Vec<&'a RawValue>>(t)
                .map(|items| {
                    items
                        .into_iter()
                        .filter(|i| i.get().starts_with('{'))
                        .collect()
                })
                .unwrap_or_default(),
            Some(t) if t.starts_with('{') => self.0.into_iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// Attachments and other objects that may be kept whole, read from their exact text.
pub fn leaf(raw: &RawValue) -> Leaf<'_> {
    Leaf(Some(raw))
}

/// A field that should hold an object: the struct when it does, `Other` when it holds something
/// else (present, unusable), `Absent` when the key is missing.
#[derive(Debug, Clone, Default)]
pub enum Lenient<T> {
    /// The key is missing.
    #[default]
    Absent,
    /// The key holds something that is not an object (`null`, a string, an array, ...).
    Other,
    /// The object.
    Value(T),
}

impl<T> Lenient<T> {
    /// Whether the key was there.
    pub fn present(&self) -> bool {
        !matches!(self, Lenient::Absent)
    }

    /// The struct, when the value was an object.
    pub fn get(&self) -> Option<&T> {
        match self {
            Lenient::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Captured as text first: a scalar is never decoded, so nothing in it can fail.
        <&'de RawValue>::deserialize(d).map(Lenient::of)
    }
}

impl<'de, T: Deserialize<'de>> Lenient<T> {
    /// The struct of an object's text; `Other` for any other value.
    pub fn of(raw: &'de RawValue) -> Lenient<T> {
        if !raw.get().starts_with('{') {
            return Lenient::Other;
        }
        match super::tape::from_str(raw.get()) {
            Ok(v) => Lenient::Value(v),
            Err(_) => Lenient::Other,
        }
    }
}

impl<T> Lenient<T> {
    /// The struct, when the value was an object.
    pub fn into_value(self) -> Option<T> {
        match self {
            Lenient::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// An object key, borrowed from the body. Read as bytes: serde_json then leaves escapes such as
/// lone surrogates undecoded (`JSON.parse` accepts them), and keys are only compared.
pub struct Key<'de>(pub Cow<'de, [u8]>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_vec())))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v.as_bytes())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.as_bytes().to_vec())))
            }
        }
        d.deserialize_bytes(V)
    }
}

/// Text from the bytes serde_json decodes a string with lone surrogates into (their three-byte
/// "WTF-8" form, `ED A0..BF xx`): one U+FFFD per lone surrogate, as `TextDecoder` and
/// `JSON.parse` + `TextEncoder` give, where `String::from_utf8_lossy` would give three (one per
/// byte of the form).
pub fn lossy_wtf8(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                let skip = match after {
                    [0xED, 0xA0..=0xBF, 0x80..=0xBF, ..] => 3,
                    _ => e.error_len().unwrap_or(after.len()).max(1),
                };
                rest = after.get(skip..).unwrap_or_default();
            }
        }
    }
}

/// A JSON string's bytes as serde_json decodes them without checking (lone surrogates kept as
/// their three-byte form), for text that `String` refuses.
pub(crate) struct LooseBytes(pub(crate) Vec<u8>);

impl<'de> Deserialize<'de> for LooseBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LooseBytes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<LooseBytes, E> {
                Ok(LooseBytes(v.to_vec()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseBytes, E> {
                Ok(LooseBytes(v.as_bytes().to_vec()))
            }
        }
        d.deserialize_bytes(V)
    }
}

/// A struct read from a JSON object, leniently: each listed key into its field (the last of
/// duplicate keys wins, as in `JSON.parse`), every other key skipped with `IgnoredAny`.
macro_rules! object {
    ($(#[$meta:meta])* $vis:vis struct $name:ident<$lt:lifetime> {
        $($key:literal => $field:ident: $ty:ty),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default)]
        $vis struct $name<$lt> {
            $(
                #[doc = stringify!($key)]
                pub $field: $ty,
            )*
        }

        impl<'de: $lt, $lt> serde::Deserialize<'de> for $name<$lt> {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V<$lt>(std::marker::PhantomData<&$lt ()>);
                impl<'de: $lt, $lt> serde::de::Visitor<'de> for V<$lt> {
                    type Value = $name<$lt>;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("an object (", stringify!($name), ")"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Self::Value, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<$crate::webhook::envelope::Key<'de>>()? {
                            let key: &[u8] = key.0.as_ref();
                            $(
                                if key == $key {
                                    out.$field = map.next_value()?;
                                    continue;
                                }
                            )*
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(V(std::marker::PhantomData))
            }
        }
    };
}
pub(crate) use object;

object! {
    /// Every key any webhook envelope (or a Meta messaging item) uses, each as it was delivered.
    pub struct Body<'a> {
        b"eventType" => event_type: Leaf<'a>,
        b"channel" => channel: Leaf<'a>,
        b"channelId" => channel_id: Leaf<'a>,
        b"messageId" => message_id: Leaf<'a>,
        b"from" => from: Leaf<'a>,
        b"to" => to: Leaf<'a>,
        b"recipientId" => recipient_id: Leaf<'a>,
        b"timestamp" => timestamp: Leaf<'a>,
        b"content" => content: Leaf<'a>,
        b"status" => status: Leaf<'a>,
        b"errorCode" => error_code: Leaf<'a>,
        b"errorMessage" => error_message: Leaf<'a>,
        b"error" => error: Lenient<CodeMessage<'a>>,
        b"payload" => payload: Leaf<'a>,
        b"object" => object: Leaf<'a>,
        b"entry" => entry: Leaf<'a>,
        b"sender" => sender: Lenient<Party<'a>>,
        b"recipient" => recipient: Lenient<Party<'a>>,
        b"message" => message: Leaf<'a>,
        b"reaction" => reaction: Lenient<MetaReaction<'a>>,
        b"postback" => postback: Lenient<MetaPostback<'a>>,
        b"read" => read: Lenient<Mid<'a>>,
        b"message_edit" => message_edit: Leaf<'a>,
        b"referral" => referral: Leaf<'a>,
        b"messaging_type" => messaging_type: Leaf<'a>,
        b"sender_action" => sender_action: Leaf<'a>,
    }
}

object! {
    /// `{code, message}` of a status error.
    pub struct CodeMessage<'a> {
        b"code" => code: Leaf<'a>,
        b"message" => message: Leaf<'a>,
    }
}

object! {
    /// `sender` / `recipient`: `{id}`, and the Hub's `pageId` on Messenger echoes.
    pub struct Party<'a> {
        b"id" => id: Leaf<'a>,
        b"pageId" => page_id: Leaf<'a>,
    }
}

object! {
    /// An object whose one field of interest is `mid`.
    pub struct Mid<'a> {
        b"mid" => mid: Leaf<'a>,
    }
}

object! {
    /// Meta `reaction`.
    pub struct MetaReaction<'a> {
        b"mid" => mid: Leaf<'a>,
        b"action" => action: Leaf<'a>,
        b"reaction" => reaction: Leaf<'a>,
        b"emoji" => emoji: Leaf<'a>,
    }
}

object! {
    /// Meta `postback`.
    pub struct MetaPostback<'a> {
        b"mid" => mid: Leaf<'a>,
        b"title" => title: Leaf<'a>,
        b"payload" => payload: Leaf<'a>,
        b"referral" => referral: Leaf<'a>,
    }
}

object! {
    /// Meta `message_edit` (`mid`, `text`, `num_edit`) and `referral` (`ref`, `source`,
    /// `ad_id`): one reader for both small objects, as a second would cost the module its own
    /// copy of serde's map reading.
    pub struct MetaEdit<'a> {
        b"mid" => mid: Leaf<'a>,
        b"text" => text: Leaf<'a>,
        b"num_edit" => num_edit: Leaf<'a>,
        b"ref" => ref_param: Leaf<'a>,
        b"source" => source: Leaf<'a>,
        b"ad_id" => ad_id: Leaf<'a>,
    }
}

object! {
    /// A Meta `message` (inbound, echo, or the message of a relayed send).
    pub struct MetaMessage<'a> {
        b"mid" => mid: Leaf<'a>,
        b"text" => text: Leaf<'a>,
        b"is_echo" => is_echo: Leaf<'a>,
        b"is_deleted" => is_deleted: Leaf<'a>,
        b"is_unsupported" => is_unsupported: Leaf<'a>,
        b"referral" => referral: Leaf<'a>,
        b"reply_to" => reply_to: Lenient<MetaReplyTo<'a>>,
        b"attachments" => attachments: Leaf<'a>,
        b"attachment" => attachment: Leaf<'a>,
        b"quick_replies" => quick_replies: Leaf<'a>,
        b"quick_reply" => quick_reply: Lenient<QuickReply<'a>>,
    }
}

object! {
    /// Meta `reply_to`.
    pub struct MetaReplyTo<'a> {
        b"mid" => mid: Leaf<'a>,
        b"story" => story: Lenient<UrlId<'a>>,
    }
}

object! {
    /// `{url, id}` (a story).
    pub struct UrlId<'a> {
        b"url" => url: Leaf<'a>,
        b"id" => id: Leaf<'a>,
    }
}

object! {
    /// A quick reply: offered (`content_type`, `title`, `payload`) or tapped (`payload`).
    pub struct QuickReply<'a> {
        b"content_type" => content_type: Leaf<'a>,
        b"title" => title: Leaf<'a>,
        b"payload" => payload: Leaf<'a>,
    }
}

object! {
    /// A Meta attachment: `{type, payload, title}`, and the `url` (or `URL`) of Meta's legacy
    /// `fallback` and `location` attachments.
    pub struct MetaAttachment<'a> {
        b"type" => kind: Leaf<'a>,
        b"payload" => payload: Lenient<AttachmentPayload<'a>>,
        b"title" => title: Leaf<'a>,
        b"url" => url: Leaf<'a>,
        b"URL" => url_upper: Leaf<'a>,
    }
}

object! {
    /// A Meta attachment's `payload` (media, stickers, templates, shares, locations).
    pub struct AttachmentPayload<'a> {
        b"url" => url: Leaf<'a>,
        b"attachment_id" => attachment_id: Leaf<'a>,
        b"sticker_id" => sticker_id: Leaf<'a>,
        b"id" => id: Leaf<'a>,
        b"template_type" => template_type: Leaf<'a>,
        b"text" => text: Leaf<'a>,
        b"buttons" => buttons: Leaf<'a>,
        b"elements" => elements: Leaf<'a>,
        b"coordinates" => coordinates: Lenient<Coordinates<'a>>,
        b"title" => title: Leaf<'a>,
        b"ig_post_media_id" => ig_post_media_id: Leaf<'a>,
        b"reel_video_id" => reel_video_id: Leaf<'a>,
        b"product" => product: Leaf<'a>,
    }
}

object! {
    /// Meta location `coordinates`.
    pub struct Coordinates<'a> {
        b"lat" => lat: Leaf<'a>,
        b"long" => long: Leaf<'a>,
    }
}

object! {
    /// A template button.
    pub struct Button<'a> {
        b"type" => kind: Leaf<'a>,
        b"title" => title: Leaf<'a>,
        b"url" => url: Leaf<'a>,
        b"payload" => payload: Leaf<'a>,
    }
}
