//! Send bodies across the boundary: validated as the JSON text `JSON.stringify` gives (what
//! `fetch` will send), and built into a new object parsed from that same text, so what is
//! returned is exactly what was validated, whatever getters or proxies the input had.

use wasm_bindgen::prelude::*;

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
            let copy = text.as_string().unwrap_or_default();
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
