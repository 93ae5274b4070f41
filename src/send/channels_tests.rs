//! WhatsApp, Telegram, SMS and Web Chatt: every docs example validates; every limit just inside
//! and just outside; the availability matrix cell by cell.

use serde_json::{json, Value};

use crate::send::{check_json, limits, Channel};

const UUID: &str = "6cbd6789-1d2b-47e0-9391-5eb91d2839ea";
const MSG: &str = "9b509e32-bfec-4fe6-8a63-2c22017a3a17";
const ALL4: [Channel; 4] = [
    Channel::WhatsApp,
    Channel::Telegram,
    Channel::Sms,
    Channel::WebChatt,
];

fn to_of(channel: Channel) -> &'static str {
    match channel {
        Channel::WhatsApp => "5511993986082",
        Channel::Sms => "+5511944574999",
        Channel::Telegram => "123456789",
        _ => "visitor-1f2e3d",
    }
}

fn body(channel: Channel, content: Value) -> Value {
    json!({ "from": UUID, "to": to_of(channel), "content": content })
}

fn found(channel: Channel, v: &Value) -> Vec<(String, &'static str)> {
    match check_json(channel, &v.to_string()) {
        Ok(()) => Vec::new(),
        Err(e) => e
            .issues()
            .iter()
            .map(|i| (i.path.clone(), i.code.as_str()))
            .collect(),
    }
}

fn ok(channel: Channel, content: Value) {
    let f = found(channel, &body(channel, content.clone()));
    assert!(f.is_empty(), "{content} on {channel:?}: {f:?}");
}

fn fails(channel: Channel, content: Value, path: &str, code: &str) {
    let f = found(channel, &body(channel, content.clone()));
    assert!(
        f.iter().any(|(p, c)| p == path && *c == code),
        "{:.200} on {channel:?}: expected {path} {code}, got {f:?}",
        content.to_string()
    );
}

fn message(channel: Channel, content: Value) -> String {
    match check_json(channel, &body(channel, content).to_string()) {
        Ok(()) => String::new(),
        Err(e) => e.message(),
    }
}

/// A docs request example, its placeholder `from` ("channel-uuid", "sms-channel-uuid") as a
/// UUID, and a `from`/`to` of the channel where the page shows the content only.
fn example(channel: Channel, text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).unwrap();
    let obj = v.as_object_mut().unwrap();
    obj.insert("from".into(), json!(UUID));
    obj.entry("to").or_insert(json!(to_of(channel)));
    v
}

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            "../../tests/fixtures/chatt2me-site/requests/",
            $name
        ))
    };
}

#[test]
fn every_docs_example_validates_on_its_channels() {
    let media = [
        fixture!("send-text-content-types.json"),
        fixture!("send-text-concepts.json"),
        fixture!("content-image.json"),
        fixture!("content-video.json"),
        fixture!("content-audio.json"),
        fixture!("reaction.json"),
        fixture!("reaction-remove.json"),
        fixture!("reply-context.json"),
        fixture!("reply-image-context.json"),
    ];
    for channel in [Channel::WhatsApp, Channel::Telegram, Channel::WebChatt] {
        for text in media {
            let v = example(channel, text);
            let v = json!({"from": v["from"], "to": to_of(channel), "content": v["content"]});
            assert_eq!(found(channel, &v), vec![], "{v} on {channel:?}");
        }
    }
    for text in [
        fixture!("send-interactive-quick-reply-buttons.json"),
        fixture!("send-whatsapp-template-simple.json"),
        fixture!("send-whatsapp-template-body-parameters.json"),
        fixture!("send-whatsapp-payment-request-pix.json"),
        fixture!("content-whatsapp-payment-request-boleto.json"),
        fixture!("content-whatsapp-payment-request-link.json"),
    ] {
        let v = example(Channel::WhatsApp, text);
        assert_eq!(found(Channel::WhatsApp, &v), vec![], "{v}");
    }
    for text in [
        fixture!("send-sms-text.json"),
        fixture!("send-sms-mms-image.json"),
    ] {
        let v = example(Channel::Sms, text);
        assert_eq!(found(Channel::Sms, &v), vec![], "{v}");
    }
    let v = example(
        Channel::Telegram,
        fixture!("send-text-telegram-authentication-page.json"),
    );
    assert_eq!(found(Channel::Telegram, &v), vec![]);
}

#[test]
fn from_forms() {
    let with = |channel, from: &str| json!({"from": from, "to": to_of(channel), "content": {"text": "hi"}});
    for (channel, good, bad) in [
        (
            Channel::WhatsApp,
            &[
                "5511993986082",
                "+5511993986082",
                "1234567",
                "123456789012345",
            ][..],
            &[
                "551199398608a",
                "123456",
                "1234567890123456",
                "+",
                "channel-uuid",
            ][..],
        ),
        (
            Channel::Sms,
            &["+12025551234", "12025551234"][..],
            &["+1 202 555 1234", "sender"][..],
        ),
        (
            Channel::Telegram,
            &[
                "@chatt2me_bot",
                "chatt2me_bot",
                "MyBot",
                "@a234567890123456789012345678_bot",
            ][..],
            &[
                "chatt2me",
                "@bot",
                "a2345678901234567890123456789_bot",
                "1bot1bot",
                "my-bot",
            ][..],
        ),
        (
            Channel::WebChatt,
            &[][..],
            &["widget-public-key", "5511993986082"][..],
        ),
    ] {
        assert_eq!(found(channel, &with(channel, UUID)), vec![], "{channel:?}");
        for from in good {
            assert_eq!(
                found(channel, &with(channel, from)),
                vec![],
                "{from} on {channel:?}"
            );
        }
        for from in bad {
            assert_eq!(
                found(channel, &with(channel, from)),
                vec![("from".to_string(), "invalid_format")],
                "{from} on {channel:?}"
            );
        }
    }
}

#[test]
fn to_forms() {
    let with = |to: &str| json!({"from": UUID, "to": to, "content": {"text": "hi"}});
    for (channel, good, bad) in [
        (
            Channel::WhatsApp,
            &["5511993986082", "1234567", "123456789012345"][..],
            &[
                "+5511993986082",
                "123456",
                "1234567890123456",
                "0511993986082",
                "55 11 9939",
            ][..],
        ),
        (
            Channel::Sms,
            &["+5511944574999", "+12025551234", "+351912345678"][..],
            &["5511944574999", "+123456", "+1234567890123456"][..],
        ),
        (
            Channel::Telegram,
            &["123456789", "-1001234567890", "1234567890123456"][..],
            &["@channelname", "12345678901234567", "--1", "-"][..],
        ),
        (
            Channel::WebChatt,
            &["visitor-1f2e3d", "1"][..],
            &["a visitor"][..],
        ),
    ] {
        for to in good {
            assert_eq!(found(channel, &with(to)), vec![], "{to} on {channel:?}");
        }
        for to in bad {
            assert_eq!(
                found(channel, &with(to)),
                vec![("to".to_string(), "invalid_format")],
                "{to} on {channel:?}"
            );
        }
    }
}

#[test]
fn text_limits() {
    use crate::send::limits::*;
    for (channel, max) in [
        (Channel::WhatsApp, WA_TEXT_MAX_CHARS),
        (Channel::Telegram, TG_TEXT_MAX_CHARS),
        (Channel::Sms, SMS_TEXT_MAX_CHARS),
    ] {
        ok(channel, json!({"text": "é".repeat(max)}));
        fails(
            channel,
            json!({"text": "é".repeat(max + 1)}),
            "content.text",
            "too_long",
        );
        fails(channel, json!({"text": ""}), "content.text", "too_short");
    }
    ok(Channel::WebChatt, json!({"text": "a".repeat(20_000)}));
    for (channel, max) in [
        (Channel::WhatsApp, WA_CAPTION_MAX_CHARS),
        (Channel::Telegram, TG_CAPTION_MAX_CHARS),
    ] {
        let img = "https://example.com/a.jpg";
        ok(channel, json!({"imageUrl": img, "text": "a".repeat(max)}));
        fails(
            channel,
            json!({"videoUrl": img, "text": "a".repeat(max + 1)}),
            "content.text",
            "too_long",
        );
    }
}

#[test]
fn the_availability_matrix() {
    let img = "https://example.com/a.jpg";
    let cells: [(Value, [bool; 4]); 10] = [
        (json!({"text": "hi"}), [true, true, true, true]),
        (json!({"imageUrl": img}), [true, true, true, true]),
        (json!({"videoUrl": img}), [true, true, false, true]),
        (json!({"audioUrl": img}), [true, true, false, true]),
        (
            json!({"audioUrl": img, "voice": true}),
            [true, false, false, false],
        ),
        (
            json!({"template": {"id": UUID}}),
            [true, false, false, false],
        ),
        (
            json!({"paymentRequest": {"bodyText": "b", "referenceId": "r", "paymentMethod": "payment_link", "paymentLink": {"url": img}}}),
            [true, false, false, false],
        ),
        (
            json!({"reaction": {"messageId": MSG, "emoji": "👍"}}),
            [true, true, false, true],
        ),
        (
            json!({"text": "a", "context": {"messageId": MSG}}),
            [true, true, false, true],
        ),
        (
            json!({"interactive": {"type": "list", "body": {"text": "Pick"}, "action": {"button": "Options", "sections": [{"title": "S", "rows": [{"id": "1", "title": "One"}, {"id": "2", "title": "Two"}]}]}}}),
            [true, true, false, true],
        ),
    ];
    for (content, on) in cells {
        for (channel, takes) in ALL4.into_iter().zip(on) {
            if takes {
                ok(channel, content.clone());
            } else {
                let f = found(channel, &body(channel, content.clone()));
                assert!(
                    f.iter().any(|(_, c)| *c == "not_supported"),
                    "{content} on {channel:?}: {f:?}"
                );
                assert!(
                    message(channel, content.clone()).contains(channel.label()),
                    "the message names the channel"
                );
            }
        }
    }
}

#[test]
fn undocumented_kinds_point_to_raw_request() {
    for key in [
        "document",
        "documentUrl",
        "sticker",
        "location",
        "contacts",
        "orderStatus",
    ] {
        let m = message(Channel::WhatsApp, json!({ key: {} }));
        assert!(m.contains("never give the fields"), "{m}");
        assert!(
            m.contains("hub.rawRequest(\"POST\", \"/v1/communication/whatsapp/message\""),
            "{m}"
        );
        fails(
            Channel::WhatsApp,
            json!({ key: {} }),
            &format!("content.{key}"),
            "not_supported",
        );
    }
    let m = message(Channel::Sms, json!({"sticker": "x"}));
    assert!(m.contains("not available on SMS"), "{m}");
    let m = message(Channel::Telegram, json!({"orderStatus": {}}));
    assert!(m.contains("not available on Telegram"), "{m}");
    for t in ["cta_url", "location_request_message"] {
        let c = json!({"interactive": {"type": t, "body": {"text": "b"}, "action": {}}});
        fails(
            Channel::WhatsApp,
            c.clone(),
            "content.interactive.type",
            "not_supported",
        );
        assert!(message(Channel::WhatsApp, c).contains("rawRequest"));
    }
    fails(
        Channel::WhatsApp,
        json!({"attachment": {"type": "image"}}),
        "content.attachment",
        "not_supported",
    );
    fails(
        Channel::Telegram,
        json!({"bogus": 1}),
        "content.bogus",
        "unknown_field",
    );
}

#[test]
fn whatsapp_interactive() {
    let buttons = |n: usize, title: &str| {
        let list: Vec<Value> = (0..n)
            .map(|i| json!({"type": "reply", "reply": {"id": format!("B{i}"), "title": title}}))
            .collect();
        json!({"interactive": {"type": "button", "body": {"text": "How can I help?"}, "action": {"buttons": list}}})
    };
    ok(Channel::WhatsApp, buttons(3, &"a".repeat(20)));
    fails(
        Channel::WhatsApp,
        buttons(4, "a"),
        "content.interactive.action.buttons",
        "too_many",
    );
    fails(
        Channel::WhatsApp,
        buttons(1, &"a".repeat(21)),
        "content.interactive.action.buttons[0].reply.title",
        "too_long",
    );
    let with = |header: Value, footer: &str| json!({"interactive": {"type": "button", "header": header, "body": {"text": "b"}, "footer": {"text": footer}, "action": {"buttons": [{"type": "reply", "reply": {"id": "1", "title": "One"}}]}}});
    ok(
        Channel::WhatsApp,
        with(
            json!({"type": "text", "text": "a".repeat(60)}),
            &"f".repeat(60),
        ),
    );
    ok(
        Channel::WhatsApp,
        with(
            json!({"type": "image", "image": {"link": "https://example.com/b.jpg"}}),
            "f",
        ),
    );
    ok(
        Channel::WhatsApp,
        with(
            json!({"type": "video", "video": {"link": "https://example.com/p.mp4"}}),
            "f",
        ),
    );
    fails(
        Channel::WhatsApp,
        with(json!({"type": "text", "text": "a".repeat(61)}), "f"),
        "content.interactive.header.text",
        "too_long",
    );
    fails(
        Channel::WhatsApp,
        with(json!({"type": "text", "text": "a"}), &"f".repeat(61)),
        "content.interactive.footer.text",
        "too_long",
    );
    fails(
        Channel::WhatsApp,
        with(
            json!({"type": "image", "image": {"link": "http://x.y/b.jpg"}}),
            "f",
        ),
        "content.interactive.header.image.link",
        "invalid_url",
    );
    fails(
        Channel::WhatsApp,
        with(json!({"type": "document"}), "f"),
        "content.interactive.header.type",
        "invalid_value",
    );
    for channel in [Channel::Telegram, Channel::WebChatt] {
        fails(
            channel,
            with(json!({"type": "text", "text": "a"}), "f"),
            "content.interactive.header",
            "not_supported",
        );
    }
    ok(Channel::WebChatt, buttons(3, "a"));
    fails(
        Channel::Telegram,
        buttons(1, "a"),
        "content.interactive.type",
        "not_supported",
    );
    let body = |n: usize| json!({"interactive": {"type": "button", "body": {"text": "a".repeat(n)}, "action": {"buttons": [{"type": "reply", "reply": {"id": "1", "title": "One"}}]}}});
    ok(
        Channel::WhatsApp,
        body(limits::WA_INTERACTIVE_BODY_MAX_CHARS),
    );
    fails(
        Channel::WhatsApp,
        body(limits::WA_INTERACTIVE_BODY_MAX_CHARS + 1),
        "content.interactive.body.text",
        "too_long",
    );
}

#[test]
fn telegram_lists_are_polls() {
    let list = |rows: usize, question: usize| {
        let rows: Vec<Value> = (0..rows)
            .map(|i| json!({"id": format!("r{i}"), "title": "Row"}))
            .collect();
        json!({"interactive": {"type": "list", "body": {"text": "q".repeat(question)}, "action": {"button": "Vote", "sections": [{"title": "S", "rows": rows}]}}})
    };
    ok(
        Channel::Telegram,
        list(2, limits::TG_POLL_QUESTION_MAX_CHARS),
    );
    fails(
        Channel::Telegram,
        list(1, 5),
        "content.interactive.action.sections",
        "too_few",
    );
    fails(
        Channel::Telegram,
        list(2, limits::TG_POLL_QUESTION_MAX_CHARS + 1),
        "content.interactive.body.text",
        "too_long",
    );
    ok(Channel::WhatsApp, list(1, 5));
    fails(
        Channel::Telegram,
        list(11, 5),
        "content.interactive.action.sections[0].rows",
        "too_many",
    );
}

#[test]
fn voice_and_templates() {
    let a = "https://example.com/a.ogg";
    ok(Channel::WhatsApp, json!({"audioUrl": a, "voice": false}));
    fails(
        Channel::WhatsApp,
        json!({"audioUrl": a, "voice": "yes"}),
        "content.voice",
        "invalid_type",
    );
    fails(
        Channel::WhatsApp,
        json!({"text": "hi", "voice": true}),
        "content.voice",
        "required",
    );
    let t = |components: Value| json!({"template": {"id": UUID, "components": components}});
    fails(
        Channel::WhatsApp,
        json!({"template": {}}),
        "content.template.id",
        "required",
    );
    fails(
        Channel::WhatsApp,
        json!({"template": {"id": "a b"}}),
        "content.template.id",
        "invalid_format",
    );
    fails(
        Channel::WhatsApp,
        json!({"template": {"id": UUID, "name": "x"}}),
        "content.template.name",
        "unknown_field",
    );
    fails(
        Channel::WhatsApp,
        t(json!([{"type": "header", "parameters": [{"type": "text", "text": "x"}]}])),
        "content.template.components[0].type",
        "not_supported",
    );
    fails(
        Channel::WhatsApp,
        t(json!([{"type": "body", "parameters": [{"type": "currency", "text": "x"}]}])),
        "content.template.components[0].parameters[0].type",
        "invalid_value",
    );
    fails(
        Channel::WhatsApp,
        t(json!([{"type": "body", "parameters": []}])),
        "content.template.components[0].parameters",
        "too_few",
    );
    fails(
        Channel::WhatsApp,
        json!({"text": "hi", "template": {"id": UUID}}),
        "content.text",
        "conflict",
    );
}

#[test]
fn payment_requests() {
    let pix = json!({"code": "000201", "merchantName": "Store", "key": "39580525000189", "keyType": "CNPJ"});
    let pr = |extra: Value| {
        let mut base = json!({"bodyText": "Pay", "referenceId": "order-1", "paymentMethod": "pix", "pix": pix.clone()});
        if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        json!({"paymentRequest": base})
    };
    ok(Channel::WhatsApp, pr(json!({})));
    ok(
        Channel::WhatsApp,
        pr(json!({"referenceId": "a".repeat(35)})),
    );
    fails(
        Channel::WhatsApp,
        pr(json!({"referenceId": "a".repeat(36)})),
        "content.paymentRequest.referenceId",
        "too_long",
    );
    fails(
        Channel::WhatsApp,
        pr(json!({"referenceId": "order 1"})),
        "content.paymentRequest.referenceId",
        "invalid_format",
    );
    fails(
        Channel::WhatsApp,
        pr(json!({"paymentMethod": "boleto"})),
        "content.paymentRequest.boleto",
        "required",
    );
    fails(
        Channel::WhatsApp,
        pr(json!({"paymentMethod": "boleto", "boleto": {"digitableLine": "1".repeat(47)}})),
        "content.paymentRequest.pix",
        "conflict",
    );
    fails(
        Channel::WhatsApp,
        pr(json!({"paymentMethod": "card"})),
        "content.paymentRequest.paymentMethod",
        "invalid_value",
    );
    fails(
        Channel::WhatsApp,
        pr(json!({"totalAmountCents": 1.5})),
        "content.paymentRequest.totalAmountCents",
        "invalid_value",
    );
    fails(
        Channel::WhatsApp,
        pr(json!({"totalAmountCents": "100"})),
        "content.paymentRequest.totalAmountCents",
        "invalid_type",
    );
    fails(
        Channel::WhatsApp,
        pr(json!({"currency": "USD"})),
        "content.paymentRequest.currency",
        "invalid_value",
    );
    fails(
        Channel::WhatsApp,
        pr(json!({"items": [{"retailerId": "a", "name": "b", "amountCents": 1, "quantity": 0}]})),
        "content.paymentRequest.items[0].quantity",
        "invalid_value",
    );
    fails(
        Channel::WhatsApp,
        pr(json!({"items": []})),
        "content.paymentRequest.items",
        "too_few",
    );
    fails(
        Channel::WhatsApp,
        json!({"paymentRequest": {"referenceId": "r", "paymentMethod": "pix", "pix": pix}}),
        "content.paymentRequest.bodyText",
        "required",
    );
    let boleto = |line: &str| {
        pr(json!({"paymentMethod": "boleto", "pix": null, "boleto": {"digitableLine": line}}))
    };
    let no_pix = |v: Value| {
        let mut v = v;
        if let Some(p) = v["paymentRequest"].as_object_mut() {
            p.remove("pix");
        }
        v
    };
    ok(Channel::WhatsApp, no_pix(boleto(&"1".repeat(48))));
    fails(
        Channel::WhatsApp,
        no_pix(boleto(&"1".repeat(46))),
        "content.paymentRequest.boleto.digitableLine",
        "invalid_format",
    );
    let mut bad_key = pix.clone();
    bad_key["keyType"] = json!("IBAN");
    fails(
        Channel::WhatsApp,
        pr(json!({"pix": bad_key})),
        "content.paymentRequest.pix.keyType",
        "invalid_value",
    );
}

#[test]
fn reactions_and_replies_keep_the_hub_rules() {
    for channel in [Channel::WhatsApp, Channel::Telegram, Channel::WebChatt] {
        ok(channel, json!({"reaction": {"messageId": MSG}}));
        ok(
            channel,
            json!({"reaction": {"messageId": MSG, "emoji": ""}}),
        );
        fails(
            channel,
            json!({"reaction": {"messageId": MSG, "emoji": "love"}}),
            "content.reaction.emoji",
            "invalid_value",
        );
        fails(
            channel,
            json!({"text": "a", "reaction": {"messageId": MSG}}),
            "content.text",
            "conflict",
        );
        fails(
            channel,
            json!({"context": {"messageId": MSG}}),
            "content",
            "required",
        );
    }
    fails(
        Channel::Sms,
        json!({"reaction": {"messageId": MSG}}),
        "content.reaction",
        "not_supported",
    );
}

#[test]
fn a_refused_key_hides_no_other_issue() {
    let f = found(
        Channel::Sms,
        &body(
            Channel::Sms,
            json!({"videoUrl": "https://a.b/c.mp4", "text": ""}),
        ),
    );
    assert_eq!(
        f,
        vec![
            ("content.videoUrl".to_string(), "not_supported"),
            ("content.text".to_string(), "too_short")
        ]
    );
}
