//! Sending through the platform's `fetch`: the global one (never `window.fetch`, which Workers
//! and Node do not have) or one the caller injects.
//!
//! One `AbortController` per call carries both the whole-call timeout and the caller's
//! `signal`; the abort reason tells them apart. The API key is a `JsValue` handed straight to
//! the headers object: it never enters wasm memory and never reaches a message.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Response};

use crate::request::{self, ApiFailure, ResponseMeta};
use crate::send;

fn set(target: &Object, key: &str, value: &JsValue) {
    // Reflect.set on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A thrown error for the JS layer: `{name, code, message, attempts, cause?}`.
fn transport_error(
    name: &str,
    code: &str,
    message: &str,
    attempts: u32,
    cause: Option<JsValue>,
) -> JsValue {
    let err = Object::new();
    set(&err, "name", &JsValue::from_str(name));
    set(&err, "code", &JsValue::from_str(code));
    set(&err, "message", &JsValue::from_str(message));
    set(&err, "attempts", &JsValue::from(attempts));
    if let Some(cause) = cause {
        set(&err, "cause", &cause);
    }
    err.into()
}

fn api_error(failure: &ApiFailure) -> JsValue {
    JsValue::from_str(&failure.to_json())
}

/// The per-call abort machinery: a controller, its timer, and the link to the caller's signal.
struct Abort {
    controller: AbortController,
    timeout_reason: JsValue,
    user_reason: JsValue,
    timer: JsValue,
    user_signal: JsValue,
    user_listener: Option<JsValue>,
}

impl Abort {
    fn new(timeout_ms: f64, user_signal: JsValue) -> Result<Abort, JsValue> {
        let controller = AbortController::new()?;
        let global = js_sys::global();
        let abort_fn: Function = get(controller.as_ref(), "abort").dyn_into()?;
        // Plain objects as abort reasons: only their identity matters, and an Error would
        // capture a stack trace on every send.
        let timeout_reason: JsValue = Object::new().into();
        let user_reason: JsValue = Object::new().into();
        let on_timeout = abort_fn.bind1(controller.as_ref(), &timeout_reason);
        let set_timeout: Function = get(&global, "setTimeout").dyn_into()?;
        let timer = set_timeout.call2(&global, &on_timeout, &JsValue::from_f64(timeout_ms))?;
        let mut user_listener = None;
        if !user_signal.is_undefined() && !user_signal.is_null() {
            let listener = abort_fn.bind1(controller.as_ref(), &user_reason);
            let add: Function = get(&user_signal, "addEventListener").dyn_into()?;
            let listener: JsValue = listener.into();
            add.call2(&user_signal, &JsValue::from_str("abort"), &listener)?;
            user_listener = Some(listener);
        }
        Ok(Abort {
            controller,
            timeout_reason,
            user_reason,
            timer,
            user_signal,
            user_listener,
        })
    }

    fn reason(&self) -> JsValue {
        get(self.controller.signal().as_ref(), "reason")
    }

    fn timed_out(&self) -> bool {
        Object::is(&self.reason(), &self.timeout_reason)
    }

    fn user_aborted(&self) -> bool {
        Object::is(&self.reason(), &self.user_reason)
            || get(&self.user_signal, "aborted").is_truthy()
    }

    /// Resolves after `ms`, or as soon as the call is aborted; leaves no timer or listener
    /// behind either way (a pending timer would keep a Node process alive).
    async fn sleep(&self, ms: f64) {
        let signal = self.controller.signal();
        let global = js_sys::global();
        let mut timer = JsValue::UNDEFINED;
        let mut wake = JsValue::UNDEFINED;
        let promise = Promise::new(&mut |resolve, _reject| {
            if let Ok(set_timeout) = get(&global, "setTimeout").dyn_into::<Function>() {
                timer = set_timeout
                    .call2(&global, &resolve, &JsValue::from_f64(ms))
                    .unwrap_or(JsValue::UNDEFINED);
            }
            if let Ok(add) = get(signal.as_ref(), "addEventListener").dyn_into::<Function>() {
                let _ = add.call2(signal.as_ref(), &JsValue::from_str("abort"), &resolve);
            }
            wake = resolve.into();
        });
        let _ = JsFuture::from(promise).await;
        if let Ok(clear) = get(&global, "clearTimeout").dyn_into::<Function>() {
            let _ = clear.call1(&global, &timer);
        }
        if let Ok(remove) = get(signal.as_ref(), "removeEventListener").dyn_into::<Function>() {
            let _ = remove.call2(signal.as_ref(), &JsValue::from_str("abort"), &wake);
        }
    }
}

impl Drop for Abort {
    fn drop(&mut self) {
        let global = js_sys::global();
        if let Ok(clear) = get(&global, "clearTimeout").dyn_into::<Function>() {
            let _ = clear.call1(&global, &self.timer);
        }
        if let Some(listener) = &self.user_listener {
            if let Ok(remove) = get(&self.user_signal, "removeEventListener").dyn_into::<Function>()
            {
                let _ = remove.call2(&self.user_signal, &JsValue::from_str("abort"), listener);
            }
        }
    }
}

fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).ok().flatten()
}

/// Sends a validated message; resolves to the JSON text of a `SendResult`.
///
/// Rejects with a `ValidationError` payload (no request made), an `ApiError` payload, or a
/// `TimeoutError` / `AbortError` / `NetworkError` object.
#[wasm_bindgen(js_name = sendMessage)]
#[allow(clippy::too_many_arguments)]
pub async fn send_message(
    channel_code: u8,
    body_json: String,
    base_url: String,
    api_key: JsValue,
    fetch: JsValue,
    timeout_ms: f64,
    max_retries: u32,
    signal: JsValue,
) -> Result<String, JsValue> {
    let channel = if channel_code == 1 {
        send::Channel::Messenger
    } else {
        send::Channel::Instagram
    };
    send::check_json(channel, &body_json).map_err(|e| super::throw(&e))?;
    let base = request::check_base_url(&base_url)
        .map_err(|message| super::throw(&crate::Error::Config { message }))?;
    let url = JsValue::from_str(&request::send_url(&base, channel));

    let global = js_sys::global();
    let (fetch_fn, this) =
        match fetch.dyn_into::<Function>() {
            Ok(f) => (f, JsValue::UNDEFINED),
            Err(_) => match get(&global, "fetch").dyn_into::<Function>() {
                Ok(f) => (f, global.clone().into()),
                Err(_) => return Err(transport_error(
                    "NetworkError",
                    "network",
                    "no fetch: this runtime has no global fetch; pass one as the `fetch` option",
                    0,
                    None,
                )),
            },
        };
    if get(&signal, "aborted").is_truthy() {
        return Err(transport_error(
            "AbortError",
            "aborted",
            "the send was aborted by the caller's signal before it started",
            0,
            Some(get(&signal, "reason")),
        ));
    }

    let headers = Object::new();
    set(
        &headers,
        "content-type",
        &JsValue::from_str("application/json"),
    );
    set(&headers, "accept", &JsValue::from_str("application/json"));
    set(&headers, "x-api-key", &api_key);
    let body = JsValue::from_str(&body_json);

    let abort = Abort::new(timeout_ms, signal).map_err(|cause| {
        transport_error(
            "Chatt2meError",
            "invalid_config",
            "signal must be an AbortSignal, and the runtime must have AbortController and setTimeout",
            0,
            Some(cause),
        )
    })?;
    let deadline = js_sys::Date::now() + timeout_ms;
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let init = Object::new();
        set(&init, "method", &JsValue::from_str("POST"));
        set(&init, "headers", &headers);
        set(&init, "body", &body);
        set(&init, "redirect", &JsValue::from_str("manual"));
        set(&init, "signal", abort.controller.signal().as_ref());

        let outcome = async {
            let promise: Promise = fetch_fn.call2(&this, &url, &init)?.dyn_into()?;
            let response: Response = JsFuture::from(promise).await?.dyn_into()?;
            let text = JsFuture::from(response.text()?).await?;
            Ok::<_, JsValue>((response, text.as_string().unwrap_or_default()))
        }
        .await;
        let (response, text) = match outcome {
            Ok(ok) => ok,
            Err(cause) => {
                return Err(if abort.timed_out() {
                    let msg = cat!("the API did not answer within ", timeout_ms as u64, " ms (the timeout covers the whole call); the message may or may not have been sent, so it is not retried");
                    transport_error("TimeoutError", "timeout", &msg, attempt, None)
                } else if abort.user_aborted() {
                    transport_error(
                        "AbortError",
                        "aborted",
                        "the send was aborted by the caller's signal",
                        attempt,
                        Some(get(&abort.user_signal, "reason")),
                    )
                } else {
                    let detail = get(&cause, "message").as_string().unwrap_or_default();
                    let msg = cat!(
                        "could not reach the API at ",
                        base,
                        ": ",
                        detail,
                        "; not retried, since the message may have been sent"
                    );
                    transport_error("NetworkError", "network", &msg, attempt, Some(cause))
                });
            }
        };
        let meta = ResponseMeta {
            status: response.status(),
            retry_after: header(&response, "retry-after"),
            request_id: header(&response, "x-request-id"),
            location: header(&response, "location"),
            opaque_redirect: get(response.as_ref(), "type").as_string().as_deref()
                == Some("opaqueredirect"),
        };
        let now = js_sys::Date::now();
        match request::read_response(&meta, &text, now) {
            Ok(result) => return Ok(result.to_json()),
            Err(mut failure) => {
                failure.attempts = attempt;
                let delay =
                    request::retry_delay_ms(&failure, attempt, max_retries, js_sys::Math::random());
                match delay {
                    Some(ms) if now + ms < deadline => {
                        abort.sleep(ms).await;
                        if abort.user_aborted() {
                            return Err(transport_error(
                                "AbortError",
                                "aborted",
                                "the send was aborted by the caller's signal while waiting to retry",
                                attempt,
                                Some(get(&abort.user_signal, "reason")),
                            ));
                        }
                    }
                    _ => return Err(api_error(&failure)),
                }
            }
        }
    }
}
