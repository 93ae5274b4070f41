//! Messenger's webhook fields beside messages: `delivery` (`message_deliveries`), `optin`
//! (`messaging_optins`, one-time notification and marketing message tokens included), the
//! handover protocol (`messaging_handovers`: `pass_thread_control`, `take_thread_control`,
//! `request_thread_control`) and `account_linking` (`messaging_account_linking`), from Meta's
//! webhook event references. Each becomes its own typed event; anything else of the object
//! stays in `raw`.

use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::envelope::{leaf, Key, Leaf};
use super::event::*;
use super::parse::timestamp_ms;

/// The fields of one of these objects, each read by name from its text when asked for: the
/// objects are small and rare, and one reader for every key costs the module far less than a
/// struct of 19 keys would.
#[derive(Clone, Copy)]
struct Fields<'a>(&'a str);

impl<'a> Fields<'a> {
    /// The object, when the value is one.
    fn of(value: Leaf<'a>) -> Option<Fields<'a>> {
        value.text().filter(|t| t.starts_with('{')).map(Fields)
    }

    /// The value of `key` (the last one, as `JSON.parse` keeps), or absent.
    fn get(self, key: &str) -> Leaf<'a> {
        struct Find<'k>(&'k [u8]);
        impl<'de> Visitor<'de> for Find<'_> {
            type Value = Leaf<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Leaf<'de>, A::Error> {
                let mut out = Leaf::default();
                while let Some(k) = map.next_key::<Key<'de>>()? {
                    if k.0.as_ref() == self.0 {
                        out = map.next_value()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(out)
            }
        }
        super::tape::read(self.0, |d| d.deserialize_map(Find(key.as_bytes()))).unwrap_or_default()
    }
}

/// The keys of these fields in a messaging object.
const KEYS: [&str; 6] = [
    "delivery",
    "optin",
    "pass_thread_control",
    "take_thread_control",
    "request_thread_control",
    "account_linking",
];

/// Whether a messaging object (its JSON text) carries one of these fields.
pub(super) fn present(item: &str) -> bool {
    KEYS.iter().any(|k| Fields(item).get(k).present())
}

/// The event of a messaging object (its JSON text) carrying one of these fields as an object,
/// if it does.
pub(super) fn event<'a>(item: &'a str, common: &mut Common<'a>) -> Option<WebhookEvent<'a>> {
    let item = Fields(item);
    let take = |common: &mut Common<'a>| std::mem::take(common);
    if let Some(d) = Fields::of(item.get("delivery")) {
        let mids = d.get("mids");
        let message_ids = match mids.text() {
            Some(t) if t.starts_with('[') => mids
                .parse::<Vec<&'a RawValue>>()
                .unwrap_or_default()
                .into_iter()
                .filter_map(|m| leaf(m).id())
                .collect(),
            _ => Vec::new(),
        };
        return Some(WebhookEvent::Delivery(DeliveryEvent {
            common: take(common),
            content: (),
            status: (),
            reaction: (),
            delivery: Delivery {
                message_ids,
                watermark: timestamp_ms(d.get("watermark")),
            },
        }));
    }
    if let Some(o) = Fields::of(item.get("optin")) {
        return Some(WebhookEvent::Optin(OptinEvent {
            common: take(common),
            content: (),
            status: (),
            reaction: (),
            optin: Optin {
                kind: o.get("type").str(),
                ref_param: o.get("ref").id(),
                user_ref: o.get("user_ref").id(),
                payload: o.get("payload").id(),
                title: o.get("title").str(),
                one_time_notif_token: o.get("one_time_notif_token").id(),
                notification_messages_token: o.get("notification_messages_token").id(),
                notification_messages_frequency: o.get("notification_messages_frequency").str(),
                notification_messages_timezone: o.get("notification_messages_timezone").str(),
                notification_messages_status: o.get("notification_messages_status").str(),
                token_expiry_timestamp: timestamp_ms(o.get("token_expiry_timestamp")),
                user_token_status: o.get("user_token_status").str(),
            },
        }));
    }
    let handovers: [(Leaf<'a>, HandoverAction); 3] = [
        (item.get("pass_thread_control"), HandoverAction::Pass),
        (item.get("take_thread_control"), HandoverAction::Take),
        (item.get("request_thread_control"), HandoverAction::Request),
    ];
    for (value, action) in handovers {
        if let Some(h) = Fields::of(value) {
            return Some(WebhookEvent::Handover(HandoverEvent {
                common: take(common),
                content: (),
                status: (),
                reaction: (),
                handover: Handover {
                    action,
                    new_owner_app_id: h.get("new_owner_app_id").id(),
                    previous_owner_app_id: h.get("previous_owner_app_id").id(),
                    requested_owner_app_id: h.get("requested_owner_app_id").id(),
                    metadata: h.get("metadata").str(),
                },
            }));
        }
    }
    let a = Fields::of(item.get("account_linking"))?;
    Some(WebhookEvent::AccountLinking(AccountLinkingEvent {
        common: take(common),
        content: (),
        status: (),
        reaction: (),
        account_linking: AccountLinking {
            status: a.get("status").str(),
            authorization_code: a.get("authorization_code").id(),
        },
    }))
}
