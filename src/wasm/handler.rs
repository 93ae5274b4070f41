//! `createWebhookHandler`: a `(request: Request) => Promise<Response>` for Workers, Deno, Bun and
//! Node 18+ that answers the Hub's endpoint verification, checks the signature (unless the caller
//! passed `secret: false`), reads the body with a cap, parses every event and awaits
//! `onEvent(event, request)` for each.

use std::rc::Rc;

use serde::Serialize;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::js;
use super::webhooks::{self, Fail, WebhookOptions};
use crate::error::Error;
use crate::webhook::{DEFAULT_MAX_BYTES, MAX_BYTES_CEILING};

struct HandlerOptions {
    secret: JsValue,
    tolerance_seconds: JsValue,
    max_bytes: JsValue,
    on_event: JsValue,
    on_error: JsValue,
    now: JsValue,
}

struct Handler {
    secret: Option<JsValue>,
    tolerance_seconds: JsValue,
    max_bytes: usize,
    on_event: js_sys::Function,
    on_error: Option<js_sys::Function>,
    now: Option<js_sys::Function>,
}

/// A fetch-style handler for Workers, Deno, Bun and Node 18+.
#[wasm_bindgen(js_name = createWebhookHandler)]
pub fn create_webhook_handler(options: JsValue) -> Result<js_sys::Function, JsValue> {
    let o = HandlerOptions {
        secret: js::get(&options, "secret"),
        tolerance_seconds: js::get(&options, "toleranceSeconds"),
        max_bytes: js::get(&options, "maxBytes"),
        on_event: js::get(&options, "onEvent"),
        on_error: js::get(&options, "onError"),
        now: js::get(&options, "now"),
    };
    let Ok(on_event) = o.on_event.dyn_into::<js_sys::Function>() else {
        return Err(js::plain(
            "invalid_config",
            "createWebhookHandler needs { onEvent(event) { ... } }",
        ));
    };
    // Fail closed: a secret read from an unset variable (`undefined`, `null`) must not turn the
    // check off, and neither may an empty one (a variable set to "", a stray newline). Accepting
    // unsigned deliveries is a decision the caller writes down: `secret: false`.
    let secret = if o.secret == JsValue::FALSE {
        None
    } else if o.secret.is_undefined() || o.secret.is_null() {
        return Err(js::plain(
            "invalid_config",
            "createWebhookHandler needs the webhook's signing secret: { secret: env.WEBHOOK_SECRET } \
             (it is undefined or null; is the variable set?). For a webhook created with \
             requiresSignature: false, pass { secret: false } to accept unsigned deliveries.",
        ));
    } else {
        let secrets = webhooks::secrets_of(&o.secret).unwrap_or_default();
        if secrets.is_empty() || secrets.iter().any(|s| s.trim().is_empty()) {
            return Err(js::plain(
                "invalid_config",
                "secret must be a non-empty string or a non-empty array of them (or false, to \
                 accept unsigned deliveries)",
            ));
        }
        // A copy of what was checked: the caller's array may change later.
        Some(JsValue::from(
            secrets
                .iter()
                .map(|s| JsValue::from_str(s))
                .collect::<js_sys::Array>(),
        ))
    };
    // Checked now: a bad option would otherwise answer 401 or 413 to every delivery.
    let max_bytes = if o.max_bytes.is_undefined() {
        DEFAULT_MAX_BYTES
    } else {
        match o.max_bytes.as_f64() {
            // At least one byte: 0.5 would round to a cap that refuses every delivery.
            Some(n) if n >= 1.0 => n.min(MAX_BYTES_CEILING as f64).floor() as usize,
            _ => {
                return Err(js::plain(
                    "invalid_config",
                    "maxBytes must be a positive number of bytes",
                ))
            }
        }
    };
    if !o.on_error.is_undefined() && !o.on_error.is_function() {
        return Err(js::plain("invalid_config", "onError must be a function"));
    }
    if !o.now.is_undefined() && !o.now.is_function() {
        return Err(js::plain(
            "invalid_config",
            "now must be a function returning the time (a Date or unix seconds)",
        ));
    }
    if !o.tolerance_seconds.is_undefined()
        && !o.tolerance_seconds.as_f64().is_some_and(|n| n >= 0.0)
    {
        return Err(js::plain(
            "invalid_config",
            "toleranceSeconds must be a non-negative number of seconds",
        ));
    }
    let handler = Rc::new(Handler {
        secret,
        tolerance_seconds: o.tolerance_seconds,
        max_bytes,
        on_event,
        on_error: o.on_error.dyn_into::<js_sys::Function>().ok(),
        now: o.now.dyn_into::<js_sys::Function>().ok(),
    });
    let handle = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |request: JsValue| {
        js::promise(handle(Rc::clone(&handler), request))
    });
    Ok(handle.into_js_value().unchecked_into())
}

/// A JSON response.
fn respond(status: u16, body: &str, extra: &[(&str, &str)]) -> Result<JsValue, JsValue> {
    let headers = web_sys::Headers::new()?;
    headers.set("content-type", "application/json")?;
    for (name, value) in extra {
        headers.set(name, value)?;
    }
    let init = web_sys::ResponseInit::new();
    init.set_status(status);
    init.set_headers(&headers);
    web_sys::Response::new_with_opt_str_and_init(Some(body), &init).map(Into::into)
}

/// `{ error, message? }`: what the Hub logs of a refused delivery.
#[derive(Serialize)]
struct ErrorBody<'e> {
    error: &'e str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'e str>,
}

fn error_body(code: &str, message: Option<&str>) -> String {
    crate::json::to_string(&ErrorBody {
        error: code,
        message,
    })
    .unwrap_or_default()
}

async fn handle(h: Rc<Handler>, request: JsValue) -> Result<JsValue, JsValue> {
    let headers = js::get(&request, "headers");
    let Some(get) = js::method(&headers, "get") else {
        return Err(js::plain(
            "invalid_input",
            "the webhook handler takes a Request (the Fetch API's, as in Workers, Deno, Bun and Node 18+)",
        ));
    };
    let header = |name: &'static str| get.call1(&headers, &js::name(name));
    let token = header("x-validation-token")?;
    if let Some(token) = token.as_string() {
        // Endpoint verification: answer 200 with the token as a JSON string.
        let body = crate::json::to_string(&token).unwrap_or_default();
        return respond(200, &body, &[]);
    }
    if js::get(&request, "method").as_string().as_deref() != Some("POST") {
        return respond(
            405,
            &error_body("method_not_allowed", None),
            &[("allow", "POST")],
        );
    }
    let declared = header("content-length")?
        .as_string()
        .and_then(|l| crate::decimal::parse(l.trim()));
    if declared.is_some_and(|n| n > h.max_bytes as f64) {
        return respond(413, &error_body("body_too_large", None), &[]);
    }
    let events = match read_events(&h, &request, header("x-hub-signature")?).await {
        Ok(events) => events,
        Err(Some(Fail::Core(Error::Webhook { code, message }))) => {
            if code.is_signature() {
                return respond(401, &error_body(code.as_str(), None), &[]);
            }
            let status = match code {
                crate::WebhookCode::BodyTooLarge => 413,
                _ => 400,
            };
            return respond(status, &error_body(code.as_str(), Some(&message)), &[]);
        }
        Err(None) => return respond(413, &error_body("body_too_large", None), &[]),
        // The handler's own fault (its `now` failed), or the package's (an event it could not
        // hand over): a 500, which the Hub retries, not a 400 that would drop a good delivery.
        Err(Some(Fail::Core(Error::Config { .. }) | Fail::Internal(_))) => {
            return respond(500, &error_body("handler_failed", None), &[])
        }
        // What JS threw while the body was read: no webhook to speak of.
        Err(Some(_)) => return respond(400, &error_body("unreadable_body", None), &[]),
    };
    let list: js_sys::Array = events.unchecked_into();
    for event in list.iter() {
        let delivered = match h.on_event.call2(&JsValue::UNDEFINED, &event, &request) {
            // What is not an object cannot be a thenable: nothing to wait for (a synchronous
            // onEvent), and no closures and task wake-up for the await.
            Ok(v) if !v.is_object() && !v.is_function() => Ok(v),
            Ok(v) => JsFuture::from(js_sys::Promise::resolve(&v)).await,
            Err(e) => Err(e),
        };
        if let Err(error) = delivered {
            // Yours to log: the Hub re-delivers the whole batch after a 500.
            if let Some(on_error) = &h.on_error {
                if let Ok(v) = on_error.call2(&JsValue::UNDEFINED, &error, &request) {
                    let _ = JsFuture::from(js_sys::Promise::resolve(&v)).await;
                }
            }
            // The Hub logs the response body: never put internal details there.
            return respond(500, &error_body("handler_failed", None), &[]);
        }
    }
    let body = format!("{{\"ok\":true,\"events\":{}}}", list.length());
    respond(200, &body, &[])
}

/// The events of the request, or why there are none (`None`: the body passed `maxBytes`).
async fn read_events(
    h: &Handler,
    request: &JsValue,
    signature: JsValue,
) -> Result<JsValue, Option<Fail>> {
    // One await for the whole body (js/transport.js reads it chunk by chunk with the cap).
    let bytes = JsFuture::from(js::request_bytes(request, h.max_bytes as f64))
        .await
        .map_err(|e| Some(Fail::Js(e)))?;
    // `None`: past the cap (`null`), or bytes the module could not hold.
    let bytes = js::bytes_in(&bytes, h.max_bytes)
        .ok()
        .flatten()
        .ok_or(None)?;
    let now = match &h.now {
        Some(f) => f.call0(&JsValue::UNDEFINED).map_err(|_| {
            Some(Fail::Core(Error::Config {
                message: "the handler's now() threw".into(),
            }))
        })?,
        None => JsValue::UNDEFINED,
    };
    let body = webhooks::Body {
        bytes,
        source: None,
    };
    let options = WebhookOptions::new(h.max_bytes, h.tolerance_seconds.clone(), now);
    match &h.secret {
        None => webhooks::parse_body(body, h.max_bytes, false).map_err(Some),
        Some(secret) => {
            webhooks::verify_body(body, &signature, secret, &options, false).map_err(Some)
        }
    }
}
