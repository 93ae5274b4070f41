//! The Hub channels beyond Meta's (WhatsApp, Telegram, SMS, Web Chatt): their sends, validators
//! and builders, and `hub.rawRequest` for any `/v1/` call the package does not model yet.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::client::{self, Chatt2me, Exchange};
use super::js;
use super::messages;
use crate::send::Channel;

#[wasm_bindgen]
impl Chatt2me {
    /// Validates, then sends a WhatsApp message.
    #[wasm_bindgen(js_name = sendWhatsAppMessage)]
    pub fn send_whatsapp_message(&self, message: JsValue, options: JsValue) -> js_sys::Promise {
        self.send_on(Channel::WhatsApp, message, options)
    }

    /// Validates, then sends a Telegram message.
    #[wasm_bindgen(js_name = sendTelegramMessage)]
    pub fn send_telegram_message(&self, message: JsValue, options: JsValue) -> js_sys::Promise {
        self.send_on(Channel::Telegram, message, options)
    }

    /// Validates, then sends an SMS (an MMS with `imageUrl`).
    #[wasm_bindgen(js_name = sendSmsMessage)]
    pub fn send_sms_message(&self, message: JsValue, options: JsValue) -> js_sys::Promise {
        self.send_on(Channel::Sms, message, options)
    }

    /// Validates, then sends a Web Chatt message; a visitor without an active widget session is
    /// an `ApiError` with code `session_not_found`.
    #[wasm_bindgen(js_name = sendWebChattMessage)]
    pub fn send_web_chatt_message(&self, message: JsValue, options: JsValue) -> js_sys::Promise {
        self.send_on(Channel::WebChatt, message, options)
    }

    /// Any `/v1/` call the package does not model yet: `method`, `path`, and `{ body, query,
    /// signal, timeoutMs }`; with the key handling, timeouts, typed errors and retry rules of
    /// every call (`GET` and `DELETE` retry 5xx and network failures, the others only 429 and
    /// 503 with Retry-After).
    #[wasm_bindgen(js_name = rawRequest)]
    pub fn raw_request(&self, method: JsValue, path: JsValue, options: JsValue) -> js_sys::Promise {
        let client = Rc::clone(&self.inner);
        js::promise(raw(client, method, path, options))
    }
}

impl Chatt2me {
    fn send_on(&self, channel: Channel, message: JsValue, options: JsValue) -> js_sys::Promise {
        let client = Rc::clone(&self.inner);
        js::promise(client::send(client, channel, message, options))
    }
}

async fn raw(
    client: Rc<client::Client>,
    method: JsValue,
    path: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let prepared = messages::raw(&method, &path, &options)
        .map_err(|e| js::redact(&js::error(&e), &client.api_key))?;
    let (request, body) = prepared;
    let (timeout_ms, signal) = client::call_options(&client, &options, &JsValue::UNDEFINED)?;
    let url = format!("{}{}", client.base_url, request.tail);
    let read = |meta: &_, text: &str, now: f64, _| {
        crate::raw::read(meta, text, now)
            .map(|json| json.and_then(|json| js_sys::JSON::parse(&json).ok()))
    };
    let exchange = Exchange {
        method: request.method,
        url: &url,
        body: body.as_deref().map(JsValue::from_str),
        idempotent: request.idempotent,
        unknown_outcome: if request.idempotent {
            ""
        } else {
            "; the request may or may not have been processed, so it is not retried"
        },
        is_send: false,
        read: &read,
    };
    client::attempts(&client, &exchange, timeout_ms, signal.as_ref())
        .await
        .map_err(|e| js::redact(&e, &client.api_key))
}
