//! The JS boundary: the only module that names `wasm_bindgen`.
//!
//! It converts and delegates. Results cross as JSON text that the JS layer hands to
//! `JSON.parse` (one native call, instead of one boundary crossing per field); failures are
//! thrown as the JSON of [`crate::error::ErrorPayload`], which the JS layer turns into the
//! matching `Error` subclass. Nothing here keeps state between calls, so nothing needs `.free()`.
//!
//! Sending is split at the one thing wasm cannot do synchronously: the JS shell calls `fetch`
//! (the global one, or the caller's) and owns the timer and the `AbortController`; the core
//! checks the base URL, validates the body, builds the URL, reads each answer and decides on
//! retries ([`crate::request`]). Keeping the await loop out of wasm keeps an async runtime
//! (about 25 KB) out of the module.

#[allow(unused_imports)]
use crate::prelude::*;

#[allow(unsafe_code)]
pub mod heap;

use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::request::{self, ResponseMeta};
use crate::send::{self, Channel};
use crate::webhook::{self, lossless, signature, VerifyOptions};

fn channel(code: u8) -> Channel {
    if code == 1 {
        Channel::Messenger
    } else {
        Channel::Instagram
    }
}

fn throw(err: &Error) -> JsValue {
    JsValue::from_str(&err.to_json())
}

/// Validates a send body given as UTF-8 JSON text (`JSON.stringify` output, encoded into the JS
/// layer's reused buffer: it escapes lone surrogates, so the encoding loses nothing); returns the
/// JSON array of issues.
/// Valid is `undefined`, which costs the glue no string to decode.
#[wasm_bindgen(js_name = validateMessage)]
pub fn validate_message(channel_code: u8, json: &[u8]) -> Option<String> {
    match send::check_utf8(channel(channel_code), json) {
        Ok(()) => None,
        Err(err) => Some(crate::error::issues_to_json(err.issues())),
    }
}

fn events_json(
    events: Result<Vec<webhook::WebhookEvent>, Error>,
    single: bool,
) -> Result<String, JsValue> {
    let events = events.map_err(|e| throw(&e))?;
    if single {
        let event = webhook::single(events).map_err(|e| throw(&e))?;
        Ok(event.to_compact_json())
    } else {
        Ok(webhook::event::events_to_json(&events))
    }
}

/// Parses a webhook body given as bytes (invalid UTF-8 is an `invalid_json` error). The JS layer
/// encodes string bodies with `TextEncoder` (one native call) and passes them here too.
#[wasm_bindgen(js_name = parseWebhookBytes)]
pub fn parse_webhook_bytes(body: &[u8], max_bytes: u32, single: bool) -> Result<String, JsValue> {
    events_json(webhook::parse_all(body, max_bytes as usize), single)
}

/// Verifies `X-hub-Signature` over a byte body, then parses it.
#[wasm_bindgen(js_name = verifyWebhookBytes)]
pub fn verify_webhook_bytes(
    body: &[u8],
    header: Option<String>,
    secrets: Vec<String>,
    tolerance_seconds: f64,
    now_seconds: f64,
    max_bytes: u32,
    single: bool,
) -> Result<String, JsValue> {
    let secrets: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
    let opts = VerifyOptions {
        tolerance_seconds: tolerance_seconds as i64,
        now_seconds: crate::num::floor(now_seconds) as i64,
        max_bytes: max_bytes as usize,
    };
    events_json(
        webhook::verify_all(body, header.as_deref(), &secrets, opts),
        single,
    )
}

/// The `X-hub-Signature` value for a byte body.
#[wasm_bindgen(js_name = signWebhookBytes)]
pub fn sign_webhook_bytes(body: &[u8], secret: &str, timestamp: f64) -> String {
    signature::sign(secret.as_bytes(), crate::num::floor(timestamp) as i64, body)
}

/// The body text with integers beyond 2^53 quoted, or undefined when `JSON.parse` of the text
/// the JS layer holds is already exact. Called lazily, when `event.raw` is first read, with the
/// text encoded into the JS layer's reused buffer (one native call; the glue would copy a string
/// a character at a time).
#[wasm_bindgen(js_name = losslessUtf8)]
pub fn lossless_utf8(body: &[u8]) -> Option<String> {
    core::str::from_utf8(body)
        .ok()
        .and_then(lossless::rewrite_unsafe_numbers)
}

/// Like [`lossless_utf8`] for a body that arrived as bytes; always returns the text to parse.
#[wasm_bindgen(js_name = losslessBytes)]
pub fn lossless_bytes(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    lossless::rewrite_unsafe_numbers(&text).unwrap_or_else(|| text.into_owned())
}

/// Checks a base URL (https, or http to loopback) and returns it normalized.
#[wasm_bindgen(js_name = checkBaseUrl)]
pub fn check_base_url(url: &str) -> Result<String, JsValue> {
    crate::request::check_base_url(url).map_err(|message| throw(&Error::Config { message }))
}

/// The send URL for a checked base URL.
#[wasm_bindgen(js_name = sendUrl)]
pub fn send_url(base_url: &str, channel_code: u8) -> String {
    request::send_url(base_url, channel(channel_code))
}

/// What one send attempt comes to: see [`request::attempt_outcome`].
#[wasm_bindgen(js_name = attemptOutcome)]
#[allow(clippy::too_many_arguments)]
pub fn attempt_outcome(
    status: u16,
    retry_after: Option<String>,
    request_id: Option<String>,
    opaque_redirect: bool,
    body_text: &str,
    now_ms: f64,
    deadline_ms: f64,
    attempt: u32,
    max_retries: u32,
    random: f64,
) -> String {
    let meta = ResponseMeta {
        status,
        retry_after,
        request_id,
        opaque_redirect,
    };
    request::attempt_outcome(
        &meta,
        body_text,
        now_ms,
        deadline_ms,
        attempt,
        max_retries,
        random,
    )
}
