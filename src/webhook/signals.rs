//! Messenger's webhook fields beside messages: `delivery` (`message_deliveries`), `optin`
//! (`messaging_optins`, one-time notification and marketing message tokens included), the
//! handover protocol (`messaging_handovers`: `pass_thread_control`, `take_thread_control`,
//! `request_thread_control`) and `account_linking` (`messaging_account_linking`), from Meta's
//! webhook event references. Each becomes its own typed event; anything else of the object
//! stays in `raw`.

use serde_json::value::RawValue;

use super::envelope::{leaf, Body, Leaf, MetaEdit};
use super::event::*;
use super::parse::timestamp_ms;

/// Whether a messaging object carries one of these fields.
pub(super) fn present(item: &Body<'_>) -> bool {
    item.delivery.present()
        || item.optin.present()
        || item.pass_thread_control.present()
        || item.take_thread_control.present()
        || item.request_thread_control.present()
        || item.account_linking.present()
}

/// The event of a messaging object carrying one of these fields as an object, if it does.
pub(super) fn event<'a>(item: &Body<'a>, common: &mut Common<'a>) -> Option<WebhookEvent<'a>> {
    let take = |common: &mut Common<'a>| std::mem::take(common);
    if let Some(d) = item.delivery.object::<MetaEdit<'a>>() {
        let message_ids = match d.mids.text() {
            Some(t) if t.starts_with('[') => d
                .mids
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
                watermark: timestamp_ms(d.watermark),
            },
        }));
    }
    if let Some(o) = item.optin.object::<MetaEdit<'a>>() {
        return Some(WebhookEvent::Optin(OptinEvent {
            common: take(common),
            content: (),
            status: (),
            reaction: (),
            optin: Optin {
                kind: o.kind.str(),
                ref_param: o.ref_param.id(),
                user_ref: o.user_ref.id(),
                payload: o.payload.id(),
                title: o.title.str(),
                one_time_notif_token: o.one_time_notif_token.id(),
                notification_messages_token: o.notification_messages_token.id(),
                notification_messages_frequency: o.notification_messages_frequency.str(),
                notification_messages_timezone: o.notification_messages_timezone.str(),
                notification_messages_status: o.notification_messages_status.str(),
                token_expiry_timestamp: timestamp_ms(o.token_expiry_timestamp),
                user_token_status: o.user_token_status.str(),
            },
        }));
    }
    let handovers: [(Leaf<'a>, HandoverAction); 3] = [
        (item.pass_thread_control, HandoverAction::Pass),
        (item.take_thread_control, HandoverAction::Take),
        (item.request_thread_control, HandoverAction::Request),
    ];
    for (value, action) in handovers {
        if let Some(h) = value.object::<MetaEdit<'a>>() {
            return Some(WebhookEvent::Handover(HandoverEvent {
                common: take(common),
                content: (),
                status: (),
                reaction: (),
                handover: Handover {
                    action,
                    new_owner_app_id: h.new_owner_app_id.id(),
                    previous_owner_app_id: h.previous_owner_app_id.id(),
                    requested_owner_app_id: h.requested_owner_app_id.id(),
                    metadata: h.metadata.str(),
                },
            }));
        }
    }
    let a = item.account_linking.object::<MetaEdit<'a>>()?;
    Some(WebhookEvent::AccountLinking(AccountLinkingEvent {
        common: take(common),
        content: (),
        status: (),
        reaction: (),
        account_linking: AccountLinking {
            status: a.status.str(),
            authorization_code: a.authorization_code.id(),
        },
    }))
}
