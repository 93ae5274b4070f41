//! What real traffic carries (issue #20): every field Meta documents surfaces in the typed event.
//! Each shape from Meta's own documented example, and from the bodies other projects test with.

use serde_json::{json, Value};

use super::*;

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!("../../tests/fixtures/realworld/", $path))
    };
}

/// The events of a body, as the JSON the JS side receives.
fn events(body: &str) -> Vec<Value> {
    let events = parse_all(body.as_bytes(), DEFAULT_MAX_BYTES).unwrap();
    events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect()
}

/// The one event of a Meta messaging object in a Messenger batch.
fn page(item: Value) -> Value {
    let body = json!({"object": "page", "entry": [{"id": "PAGE_ID", "time": 1458692752478_i64, "messaging": [item]}]});
    let mut all = events(&body.to_string());
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn instagram(message: Value) -> Value {
    let body = json!({"object": "instagram", "entry": [{"id": "17841400000000000", "time": 1761287298065_i64, "messaging": [
        {"sender": {"id": "1254001234567890"}, "recipient": {"id": "17841400000000000"}, "timestamp": 1761287294014_i64, "message": message}
    ]}]});
    let mut all = events(&body.to_string());
    all.remove(0)
}

#[test]
fn deliveries() {
    // Meta, message_deliveries.
    let e = page(json!({
        "sender": {"id": "<PSID>"}, "recipient": {"id": "<PAGE_ID>"},
        "delivery": {"mids": ["mid.1458668856218:ed81099e15d3f4f233"], "watermark": 1458668856253_i64}
    }));
    assert_eq!(e["type"], "delivery");
    assert_eq!(
        e["delivery"],
        json!({"messageIds": ["mid.1458668856218:ed81099e15d3f4f233"], "watermark": 1458668856253_i64})
    );
    assert_eq!(e["from"], "<PSID>");
    assert_eq!(
        e["timestamp"], 1458692752478_i64,
        "the entry's time stands in"
    );
    assert_eq!(
        [&e["content"], &e["status"], &e["reaction"]],
        [&Value::Null; 3]
    );
    let e = events(fixture!("messenger4j-delivery-with-mids.json")).remove(0);
    assert_eq!(
        e["delivery"]["messageIds"][0],
        "mid.1458668856218:ed81099e15d3f4f233"
    );
    // Without mids (Meta: "may not be present"), in seconds.
    let e = page(
        json!({"sender": {"id": "1"}, "recipient": {"id": "2"}, "delivery": {"watermark": 1458668856}}),
    );
    assert_eq!(
        e["delivery"],
        json!({"messageIds": [], "watermark": 1458668856000_i64})
    );
}

#[test]
fn optins() {
    // Meta, messaging_optins: marketing messages.
    let e = page(json!({
        "sender": {"id": "PSID"}, "recipient": {"id": "PAGE-ID"}, "timestamp": "1458692752478",
        "optin": {
            "type": "notification_messages", "payload": "ADDITIONAL-INFORMATION",
            "notification_messages_token": "NOTIFICATION-MESSAGES-TOKEN",
            "notification_messages_frequency": "DAILY", "notification_messages_timezone": "America/Sao_Paulo",
            "token_expiry_timestamp": 1700000000000_i64, "user_token_status": "REFRESHED",
            "notification_messages_status": "RESUME NOTIFICATIONS", "title": "TITLE"
        }
    }));
    assert_eq!(e["type"], "optin");
    assert_eq!(
        e["optin"],
        json!({
            "type": "notification_messages", "ref": null, "userRef": null,
            "payload": "ADDITIONAL-INFORMATION", "title": "TITLE", "oneTimeNotifToken": null,
            "notificationMessagesToken": "NOTIFICATION-MESSAGES-TOKEN",
            "notificationMessagesFrequency": "DAILY",
            "notificationMessagesTimezone": "America/Sao_Paulo",
            "notificationMessagesStatus": "RESUME NOTIFICATIONS",
            "tokenExpiryTimestamp": 1700000000000_i64, "userTokenStatus": "REFRESHED"
        })
    );
    // Meta, one-time notification: the token for one message.
    let e = page(json!({
        "sender": {"id": "<PSID>"}, "recipient": {"id": "<PAGE_ID>"}, "timestamp": 1458692752478_i64,
        "optin": {"type": "one_time_notif_req", "payload": "<USER_DEFINED_PAYLOAD>", "one_time_notif_token": "<ONE_TIME_NOTIF_TOKEN>"}
    }));
    assert_eq!(e["optin"]["oneTimeNotifToken"], "<ONE_TIME_NOTIF_TOKEN>");
    assert_eq!(e["optin"]["payload"], "<USER_DEFINED_PAYLOAD>");
    // The checkbox plugin: no sender, a user_ref.
    let e = events(fixture!("messenger4j-optin-user-ref-no-sender.json")).remove(0);
    assert_eq!(e["type"], "optin");
    assert_eq!(e["from"], Value::Null);
    assert_eq!(
        [&e["optin"]["ref"], &e["optin"]["userRef"]],
        [
            &json!("PASS_THROUGH_PARAM"),
            &json!("REF_FROM_CHECKBOX_PLUGIN")
        ]
    );
}

#[test]
fn handovers() {
    // Meta, messaging_handovers (app ids exact, as strings).
    let e = page(json!({
        "sender": {"id": "<PSID>"}, "recipient": {"id": "<PAGE_ID>"}, "timestamp": 1458692752478_i64,
        "pass_thread_control": {"previous_owner_app_id": null, "new_owner_app_id": "123456789", "metadata": "Additional content that the caller wants to set"}
    }));
    assert_eq!(e["type"], "handover");
    assert_eq!(
        e["handover"],
        json!({"action": "pass", "newOwnerAppId": "123456789", "previousOwnerAppId": null, "requestedOwnerAppId": null, "metadata": "Additional content that the caller wants to set"})
    );
    let e = page(json!({
        "sender": {"id": "<PSID>"}, "recipient": {"id": "<PAGE_ID>"}, "timestamp": 1458692752478_i64,
        "take_thread_control": {"previous_owner_app_id": "123456789", "new_owner_app_id": "263902037430900", "metadata": "additional content that the caller wants to set"}
    }));
    assert_eq!(e["handover"]["action"], "take");
    assert_eq!(e["handover"]["previousOwnerAppId"], "123456789");
    // A numeric app id beyond 2^53 stays its digits.
    let e = page(json!({
        "sender": {"id": "<PSID>"}, "recipient": {"id": "<PAGE_ID>"}, "timestamp": 1458692752478_i64,
        "request_thread_control": {"requested_owner_app_id": 26390203743090012_u64, "metadata": "additional content that the caller wants to set"}
    }));
    assert_eq!(e["handover"]["action"], "request");
    assert_eq!(e["handover"]["requestedOwnerAppId"], "26390203743090012");
    let e = events(fixture!("botbuilder-handover-request-thread-control.json")).remove(0);
    assert_eq!(e["handover"]["requestedOwnerAppId"], "1234567890");
    assert_eq!(e["handover"]["metadata"], Value::Null);
    let all = events(fixture!("gometa-fb-thread-control-policy-optin-batch.json"));
    let kinds: Vec<&str> = all.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["handover", "handover", "unknown", "optin"]);
    assert_eq!(all[1]["handover"]["previousOwnerAppId"], Value::Null);
    assert_eq!(all[3]["optin"]["notificationMessagesStatus"], "STOP");
}

#[test]
fn account_linking() {
    // Meta, messaging_account_linking.
    let e = events(fixture!("messenger4j-account-linking-linked.json")).remove(0);
    assert_eq!(e["type"], "account_linking");
    assert_eq!(
        e["accountLinking"],
        json!({"status": "linked", "authorizationCode": "PASS_THROUGH_AUTHORIZATION_CODE"})
    );
    let e = page(
        json!({"sender": {"id": "USER_ID"}, "recipient": {"id": "PAGE_ID"}, "timestamp": 1234567890, "account_linking": {"status": "unlinked"}}),
    );
    assert_eq!(
        e["accountLinking"],
        json!({"status": "unlinked", "authorizationCode": null})
    );
    // Not an object: unknown, kept in raw.
    let e =
        page(json!({"sender": {"id": "1"}, "recipient": {"id": "2"}, "account_linking": "linked"}));
    assert_eq!(e["type"], "unknown");
}

#[test]
fn standby_items_are_marked() {
    // Meta, standby channel: the same messaging objects under entry[].standby[].
    let all = events(fixture!("botbuilder-standby-and-messaging-same-entry.json"));
    let marks: Vec<(&str, bool)> = all
        .iter()
        .map(|e| (e["type"].as_str().unwrap(), e["standby"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        marks,
        [("unknown", true), ("unknown", true), ("message", false)]
    );
    let body = json!({"object": "page", "entry": [{"id": "PAGE_ID", "time": 1458692752478_i64, "standby": [
        {"sender": {"id": "USER_ID"}, "recipient": {"id": "PAGE_ID"}, "timestamp": 1458692752478_i64, "message": {"mid": "mid.1457764197618:41d102a3e1ae206a38", "text": "hello, world!"}}
    ]}]});
    let e = events(&body.to_string()).remove(0);
    assert_eq!(
        (e["type"].as_str(), e["standby"].as_bool()),
        (Some("message"), Some(true))
    );
}

#[test]
fn instagram_post_and_reel_shares() {
    // Meta, "Instagram Post Shares: New Attachment Type" (2025): share and ig_post, with text.
    let payload = json!({
        "ig_post_media_id": "18139494541428835",
        "title": "Build a workspace that attracts talent and supports your team with solutions made for growing businesses.",
        "url": "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18139494541428835"
    });
    let e = instagram(json!({"mid": "m1", "text": "look at this", "attachments": [
        {"type": "share", "payload": payload}, {"type": "ig_post", "payload": payload}
    ]}));
    assert_eq!(
        e["content"],
        json!({
            "type": "share", "shareType": "share", "url": payload["url"], "id": "18139494541428835",
            "title": payload["title"], "text": "look at this"
        })
    );
    assert_eq!(
        e["attachments"][1],
        json!({"type": "ig_post", "url": payload["url"]})
    );
    let e = events(fixture!("office-ig-post-ig-post-media-id.json")).remove(0);
    assert_eq!(
        [
            &e["content"]["shareType"],
            &e["content"]["id"],
            &e["content"]["title"]
        ],
        [
            &json!("ig_post"),
            &json!("18614582272044180"),
            &json!("sunset")
        ]
    );
    // A reel: reel_video_id and its title.
    let e = instagram(
        json!({"mid": "m2", "attachments": [{"type": "ig_reel", "payload": {"url": "https://lookaside.fbsbx.com/r", "title": "reel", "reel_video_id": 17900000000000001_u64}}]}),
    );
    assert_eq!(e["content"]["id"], "17900000000000001");
    assert_eq!(e["content"]["title"], "reel");
    assert_eq!(e["content"]["text"], Value::Null);
}

#[test]
fn legacy_fallback_and_location_keep_their_url() {
    let e = events(fixture!(
        "messenger4j-attachments-image-fallback-location.json"
    ))
    .remove(0);
    assert_eq!(
        e["attachments"],
        json!([
            {"type": "image", "url": "http://image.url"},
            {"type": "fallback", "url": "<URL_OF_THE_ATTACHMENT>"},
            {"type": "location", "url": null}
        ])
    );
    // Meta's legacy messages reference: a shared link (fallback), and a location with its url.
    let e = page(
        json!({"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1, "message": {
            "mid": "mid.1", "text": "read this",
            "attachments": [{"type": "fallback", "title": "An article", "url": "https://example.com/article", "payload": null}]
        }}),
    );
    assert_eq!(
        e["content"],
        json!({"type": "share", "shareType": "fallback", "url": "https://example.com/article", "id": null, "title": "An article", "text": "read this"})
    );
    let e = page(
        json!({"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1, "message": {
            "mid": "mid.2",
            "attachments": [{"type": "location", "title": "Facebook HQ", "url": "https://www.facebook.com/l.php?u=https%3A%2F%2Fwww.bing.com%2Fmaps", "payload": {"coordinates": {"lat": 37.483872693672, "long": -122.14900441942}}}]
        }}),
    );
    assert_eq!(e["content"]["type"], "location");
    assert_eq!(e["content"]["name"], "Facebook HQ");
    assert_eq!(
        e["content"]["url"],
        "https://www.facebook.com/l.php?u=https%3A%2F%2Fwww.bing.com%2Fmaps"
    );
}

#[test]
fn product_template_elements() {
    // Meta, messages webhook: a product template (echo), `payload.product.elements`.
    let e = page(
        json!({"sender": {"id": "PAGE_ID"}, "recipient": {"id": "PSID"}, "timestamp": 1, "message": {
            "mid": "mid.3", "is_echo": true, "app_id": 1517776481860111_u64,
            "attachments": [{"type": "template", "payload": {"product": {"elements": [
                {"id": "1234567890", "retailer_id": "RETAILER-1", "image_url": "https://fb.cdn.com/product.jpg", "title": "Some product", "subtitle": "$40"}
            ]}}}]
        }}),
    );
    assert_eq!(e["type"], "echo");
    assert_eq!(e["content"]["templateType"], "product");
    assert_eq!(
        e["content"]["elements"],
        json!([{"id": "1234567890", "retailer_id": "RETAILER-1", "image_url": "https://fb.cdn.com/product.jpg", "title": "Some product", "subtitle": "$40"}])
    );
}

#[test]
fn quick_reply_payloads_whatever_the_content() {
    // Meta: the tapped quick reply's payload, with text (as before) ...
    let e = page(
        json!({"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1, "message": {
            "mid": "m_1", "text": "Red", "quick_reply": {"payload": "DEVELOPER_DEFINED_PAYLOAD_FOR_PICKING_RED"}
        }}),
    );
    assert_eq!(
        e["quickReplyPayload"],
        "DEVELOPER_DEFINED_PAYLOAD_FOR_PICKING_RED"
    );
    assert_eq!(
        e["content"]["quickReplyPayload"],
        "DEVELOPER_DEFINED_PAYLOAD_FOR_PICKING_RED"
    );
    // ... without text, and beside attachments.
    let e = page(
        json!({"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1, "message": {
            "mid": "m_2", "quick_reply": {"payload": "P1"}
        }}),
    );
    assert_eq!(e["quickReplyPayload"], "P1");
    let e = page(
        json!({"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1, "message": {
            "mid": "m_3", "quick_reply": {"payload": 42}, "attachments": [{"type": "image", "payload": {"url": "https://a.b/c.jpg"}}]
        }}),
    );
    assert_eq!(e["quickReplyPayload"], "42");
    assert_eq!(e["content"]["type"], "image");
    let e = page(
        json!({"sender": {"id": "1"}, "recipient": {"id": "2"}, "timestamp": 1, "read": {"watermark": 1}}),
    );
    assert!(e.get("quickReplyPayload").is_none());
}
