//! Send bodies across the boundary: validated as the JSON text `JSON.stringify` gives (what
//! `fetch` will send), and built into a new object parsed from that same text, so what is
//! returned is exactly what was validated, whatever getters or proxies the input had.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js;
use crate::error::{Error, IssueCode};
use crate::send::{self, Channel};

/// The body as JSON text, or the error that says why it cannot be one (or is too large):
/// `what` names it, `expected` says what it should be ("the message must be an object { from, to, content }").
pub fn body_text(input: &JsValue, what: &str, expected: &str) -> Result<String, Error> {
    body_js(input, what, expected).map(|(_, text)| text)
}

/// [`body_text`], with the JS string it was copied from (what a build parses again, with no
/// copy back out of wasm).
fn body_js(input: &JsValue, what: &str, expected: &str) -> Result<(JsValue, String), Error> {
    let root = |message| send::root(IssueCode::InvalidType, message);
    match js::stringify(input) {
        Ok(Some(text)) => {
            // A JS string of n UTF-16 units is at least n UTF-8 bytes: a body certainly over the
            // cap is refused before it is copied; the exact size is counted after the copy,
            // which is then at most three times the cap.
            let length = js::js_length(&text);
            if length > send::limits::BODY_MAX_BYTES {
                return Err(send::too_large(what, length));
            }
            let copy = js::text_bytes(&text, length)
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_default();
            Ok((text, copy))
        }
        Ok(None) => Err(root(format!("{expected}; got {}", js::describe(input)))),
        Err(e) => {
            let range = js::get(&e, "name").as_string().as_deref() == Some("RangeError");
            let why = if range {
                String::from("it is nested too deeply")
            } else {
                js::get(&e, "message")
                    .as_string()
                    .unwrap_or_else(|| e.as_string().unwrap_or_else(|| String::from("it threw")))
            };
            Err(root(format!("it cannot be serialized as JSON: {why}")))
        }
    }
}

/// The body's text when it is valid, else the `ValidationError` with every issue.
pub fn checked(channel: Channel, input: &JsValue) -> Result<String, Error> {
    checked_js(channel, input).map(|(_, text)| text)
}

/// The JS string of the body when it is valid (what a send puts on the wire), else the
/// `ValidationError` with every issue.
pub fn checked_text(channel: Channel, input: &JsValue) -> Result<JsValue, Error> {
    checked_js(channel, input).map(|(js, _)| js)
}

/// [`checked`], with the JS string of the text.
fn checked_js(channel: Channel, input: &JsValue) -> Result<(JsValue, String), Error> {
    let (js, text) = body_js(
        input,
        "the message",
        "the message must be an object { from, to, content }",
    )?;
    send::check_json(channel, &text)?;
    Ok((js, text))
}

/// The checked body answering `event` with `content`, and its channel (`hub.reply`).
pub fn reply(
    event: &JsValue,
    content: &JsValue,
    options: &JsValue,
) -> Result<(Channel, String), Error> {
    let invalid = |path: &str, message: String| Error::Invalid {
        subject: "the reply",
        issues: vec![crate::error::Issue {
            path: path.into(),
            code: IssueCode::InvalidType,
            message,
        }],
    };
    if !event.is_object() {
        let got = js::describe(event);
        return Err(invalid(
            "event",
            format!(
                "the event must be a webhook event (from parseWebhook or a handler); got {got}"
            ),
        ));
    }
    for key in ["from", "to"] {
        let v = js::get(options, key);
        if !v.is_undefined() && !v.is_string() {
            let got = js::describe(&v);
            let msg = format!("options.{key} must be a string; got {got}");
            return Err(invalid(&format!("options.{key}"), msg));
        }
    }
    let text = |v: &JsValue, key: &'static str| js::get(v, key).as_string();
    let (kind, channel, channel_id) = (
        text(event, "type"),
        text(event, "channel"),
        text(event, "channelId"),
    );
    let (sender, recipient) = (text(event, "from"), text(event, "to"));
    let (from, to) = (text(options, "from"), text(options, "to"));
    let target = send::reply::ReplyTo {
        kind: kind.as_deref(),
        channel: channel.as_deref(),
        channel_id: channel_id.as_deref(),
        sender: sender.as_deref(),
        recipient: recipient.as_deref(),
        from: from.as_deref(),
        to: to.as_deref(),
    };
    let content = body_text(
        content,
        "the content",
        "the content must be an object, such as { text }",
    )
    .map_err(|e| at(e, "the reply", "content"))?;
    send::reply::build(&target, &content)
}

/// A refusal of a whole input (`body_text`) as an issue at `path` of `subject`.
fn at(e: Error, subject: &'static str, path: &str) -> Error {
    let issues = e
        .issues()
        .iter()
        .map(|i| crate::error::Issue {
            path: path.into(),
            code: i.code,
            message: i.message.clone(),
        })
        .collect();
    Error::Invalid { subject, issues }
}

fn issues(channel: Channel, input: &JsValue) -> JsValue {
    let found = match checked(channel, input) {
        Ok(_) => Vec::new(),
        Err(err) => err.issues().to_vec(),
    };
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    serde::Serialize::serialize(&found, &ser).unwrap_or_else(|e| e.into())
}

fn build(channel: Channel, input: &JsValue) -> Result<JsValue, JsValue> {
    let (text, _) = checked_js(channel, input).map_err(|e| js::error(&e))?;
    // A new object, exactly what is sent: never the caller's, which they may change later.
    // Parsed from the JS string the text was copied from (the same text), not copied back.
    js::parse(&text)
}

/// Every problem of an Instagram send body, by field path; `[]` when valid. Never throws for bad input.
#[wasm_bindgen(js_name = validateInstagramMessage)]
pub fn validate_instagram_message(input: JsValue) -> JsValue {
    issues(Channel::Instagram, &input)
}

/// Every problem of a Messenger send body, by field path; `[]` when valid. Never throws for bad input.
#[wasm_bindgen(js_name = validateMessengerMessage)]
pub fn validate_messenger_message(input: JsValue) -> JsValue {
    issues(Channel::Messenger, &input)
}

/// The exact body for `POST /v1/communication/instagram/message`; throws `ValidationError` with every issue.
#[wasm_bindgen(js_name = buildInstagramMessage)]
pub fn build_instagram_message(input: JsValue) -> Result<JsValue, JsValue> {
    build(Channel::Instagram, &input)
}

/// The exact body for `POST /v1/communication/messenger/message`; throws `ValidationError` with every issue.
#[wasm_bindgen(js_name = buildMessengerMessage)]
pub fn build_messenger_message(input: JsValue) -> Result<JsValue, JsValue> {
    build(Channel::Messenger, &input)
}

#[wasm_bindgen]
extern "C" {
    /// `Object.entries(value)`, which runs getters and Proxy traps: declared with `catch`.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(value: &JsValue) -> Result<js_sys::Array, JsValue>;
}

/// The checked raw call of `hub.rawRequest(method, path, { body, query })`, and its body text.
pub fn raw(
    method: &JsValue,
    path: &JsValue,
    options: &JsValue,
) -> Result<(crate::raw::Prepared, Option<String>), Error> {
    let invalid = |at: &str, message: String| Error::Invalid {
        subject: "the request",
        issues: vec![crate::error::Issue {
            path: at.into(),
            code: IssueCode::InvalidType,
            message,
        }],
    };
    let (Some(method), Some(path)) = (method.as_string(), path.as_string()) else {
        let msg = "rawRequest(method, path, options) takes two strings, such as (\"GET\", \"/v1/organization/webhook\")";
        return Err(invalid("", msg.into()));
    };
    let body = js::get(options, "body");
    let body = if body.is_undefined() {
        None
    } else {
        Some(
            body_text(
                &body,
                "the request body",
                "body must be JSON (an object, array, string, number, boolean or null)",
            )
            .map_err(|e| at(e, "the request", "body"))?,
        )
    };
    let query = js::get(options, "query");
    let mut pairs = Vec::new();
    if !query.is_undefined() && !query.is_null() {
        if !query.is_object() || js::is_array(&query) {
            let msg = format!(
                "query must be an object of names and values; got {}",
                js::describe(&query)
            );
            return Err(invalid("query", msg));
        }
        // `Object.entries`, declared with `catch`: what a getter or a Proxy throws is an error
        // here, never an exception through wasm.
        let entries = object_entries(&query).map_err(|e| {
            let why = js::get(&e, "message").as_string().unwrap_or_default();
            invalid("query", format!("query cannot be read: {why}"))
        })?;
        for entry in entries.iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let (key, value) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
            let text = if let Some(s) = value.as_string() {
                s
            } else if let Some(n) = value.as_f64().filter(|n| n.is_finite()) {
                // As JS writes it (`String(n)`, what `URLSearchParams` does): `1e+21`, `0` for
                // `-0`; and the module carries no float formatting of its own for it.
                js_sys::Number::from(n)
                    .to_string_with_radix(10)
                    .map(String::from)
                    .unwrap_or_default()
            } else if let Some(b) = value.as_bool() {
                b.to_string()
            } else if value.is_undefined() {
                continue;
            } else {
                let msg = format!(
                    "query.{key} must be a string, number or boolean; got {}",
                    js::describe(&value)
                );
                return Err(invalid(&format!("query.{key}"), msg));
            };
            pairs.push((key, text));
        }
    }
    let prepared = crate::raw::prepare(&method, &path, &pairs, body.is_some())?;
    Ok((prepared, body))
}

/// Every problem of a WhatsApp send body, by field path; `[]` when valid. Never throws for bad input.
#[wasm_bindgen(js_name = validateWhatsAppMessage)]
pub fn validate_whatsapp_message(input: JsValue) -> JsValue {
    issues(Channel::WhatsApp, &input)
}

/// Every problem of a Telegram send body, by field path; `[]` when valid. Never throws for bad input.
#[wasm_bindgen(js_name = validateTelegramMessage)]
pub fn validate_telegram_message(input: JsValue) -> JsValue {
    issues(Channel::Telegram, &input)
}

/// Every problem of an SMS send body, by field path; `[]` when valid. Never throws for bad input.
#[wasm_bindgen(js_name = validateSmsMessage)]
pub fn validate_sms_message(input: JsValue) -> JsValue {
    issues(Channel::Sms, &input)
}

/// Every problem of a Web Chatt send body, by field path; `[]` when valid. Never throws for bad input.
#[wasm_bindgen(js_name = validateWebChattMessage)]
pub fn validate_web_chatt_message(input: JsValue) -> JsValue {
    issues(Channel::WebChatt, &input)
}

/// The exact body for `POST /v1/communication/whatsapp/message`; throws `ValidationError` with every issue.
#[wasm_bindgen(js_name = buildWhatsAppMessage)]
pub fn build_whatsapp_message(input: JsValue) -> Result<JsValue, JsValue> {
    build(Channel::WhatsApp, &input)
}

/// The exact body for `POST /v1/communication/telegram/message`; throws `ValidationError` with every issue.
#[wasm_bindgen(js_name = buildTelegramMessage)]
pub fn build_telegram_message(input: JsValue) -> Result<JsValue, JsValue> {
    build(Channel::Telegram, &input)
}

/// The exact body for `POST /v1/communication/sms/message`; throws `ValidationError` with every issue.
#[wasm_bindgen(js_name = buildSmsMessage)]
pub fn build_sms_message(input: JsValue) -> Result<JsValue, JsValue> {
    build(Channel::Sms, &input)
}

/// The exact body for `POST /v1/communication/web-chatt2me/message`; throws `ValidationError` with every issue.
#[wasm_bindgen(js_name = buildWebChattMessage)]
pub fn build_web_chatt_message(input: JsValue) -> Result<JsValue, JsValue> {
    build(Channel::WebChatt, &input)
}
