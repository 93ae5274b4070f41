//! The client: `new Chatt2me({ apiKey, ... })` and its sends, run by Rust over the Fetch API.
//!
//! Each send is an `async` Rust function exported as a Promise. It validates the body, then
//! calls the global `fetch` (or the injected one) with a `RequestInit` of `redirect: "manual"`,
//! one `AbortController` carrying both the whole-call timer and the caller's signal, reads each
//! answer with a cap and lets [`crate::request`] decide what it means and whether a retry is
//! safe. The timer and the listener on the caller's signal are JS functions made by one call to
//! `arm` (js/transport.js; no Rust closure outlives a call), and both are removed however the
//! call ends.
//!
//! The API key never enters wasm memory: it is held as a JS value, set on the `Headers` by
//! reference, and scrubbed from every error by `redact` in `errors.js`.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, RequestRedirect};

use super::js::{self, Transport};
use super::messages;
use crate::request::{self, Outcome, ResponseMeta, Retry};
use crate::send::Channel;

/// Answers larger than this are refused (`invalid_response`) without reading further: the
/// API's answers are a few hundred bytes.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

fn config(message: &str) -> JsValue {
    js::plain("invalid_config", message)
}

/// The constructor's options, each kept as the JS value given, so a wrong type gets a message
/// naming the option.
struct ClientOptions {
    api_key: JsValue,
    base_url: JsValue,
    fetch: JsValue,
    timeout_ms: JsValue,
    max_retries: JsValue,
}

/// The options of one send.
struct SendOptions {
    signal: JsValue,
    timeout_ms: JsValue,
}

fn positive_ms(value: &JsValue, name: &str) -> Result<f64, JsValue> {
    match value.as_f64() {
        Some(ms) if ms.is_finite() && ms > 0.0 && ms <= 2_147_483_647.0 => Ok(ms),
        _ => Err(config(&format!(
            "{name} must be a positive number of milliseconds"
        ))),
    }
}

pub(super) struct Client {
    pub(super) api_key: JsValue,
    /// The request headers, made once: `[with a JSON body, without]` (frozen plain objects;
    /// `fetch` copies them into each request).
    headers: [JsValue; 2],
    fetch: Option<js_sys::Function>,
    pub(super) base_url: String,
    timeout_ms: f64,
    max_retries: u32,
}

/// A client of the Hub API.
#[wasm_bindgen]
pub struct Chatt2me {
    pub(super) inner: Rc<Client>,
}

#[wasm_bindgen]
impl Chatt2me {
    /// Checks the options: `apiKey` (required), `baseUrl` (https, or http to loopback),
    /// `fetch`, `timeoutMs` (the whole call), `maxRetries` (0 to 10).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Chatt2me, JsValue> {
        let o = ClientOptions {
            api_key: js::get(&options, "apiKey"),
            base_url: js::get(&options, "baseUrl"),
            fetch: js::get(&options, "fetch"),
            timeout_ms: js::get(&options, "timeoutMs"),
            max_retries: js::get(&options, "maxRetries"),
        };
        let key = &o.api_key;
        let blank = key
            .dyn_ref::<js_sys::JsString>()
            .map_or(true, |k| k.trim().length() == 0);
        if !key.is_string() || blank {
            return Err(config(
                "apiKey is required: your application's API key (sent as x-api-key)",
            ));
        }
        // What an HTTP header can carry (tab, printable ASCII, Latin-1), tested in JS so that
        // the key never enters wasm memory. Otherwise every send would fail in `Headers`, with a
        // TypeError that may quote the key. The key is not echoed.
        let header_safe: JsValue = js_sys::RegExp::new(r"^[\t\x20-\x7e\x80-\xff]*$", "").into();
        if let (Some(k), Some(test)) = (
            key.dyn_ref::<js_sys::JsString>(),
            js::method(&header_safe, "test"),
        ) {
            let trimmed: JsValue = k.trim().into();
            if test.call1(&header_safe, &trimmed).ok() != Some(JsValue::TRUE) {
                return Err(config(
                    "apiKey cannot be sent in an HTTP header: it holds a line break, a control \
                     character or a character beyond Latin-1 (is it the whole key, copied as \
                     it is?)",
                ));
            }
        }
        let fetch =
            if o.fetch.is_undefined() {
                None
            } else {
                Some(o.fetch.dyn_into::<js_sys::Function>().map_err(|_| {
                    config("fetch must be a function compatible with the global fetch")
                })?)
            };
        let max_retries = if o.max_retries.is_undefined() {
            request::DEFAULT_MAX_RETRIES
        } else {
            match o.max_retries.as_f64() {
                Some(n) if n.fract() == 0.0 && (0.0..=10.0).contains(&n) => n as u32,
                _ => return Err(config("maxRetries must be an integer from 0 to 10")),
            }
        };
        let base_url = if o.base_url.is_undefined() {
            String::from(request::DEFAULT_BASE_URL)
        } else {
            o.base_url
                .as_string()
                .ok_or_else(|| config("baseUrl must be a string"))?
        };
        let base_url = request::check_base_url(&base_url).map_err(|m| config(&m))?;
        let timeout_ms = if o.timeout_ms.is_undefined() {
            f64::from(request::DEFAULT_TIMEOUT_MS)
        } else {
            positive_ms(&o.timeout_ms, "timeoutMs")?
        };
        let headers = [
            request_headers(&o.api_key, true),
            request_headers(&o.api_key, false),
        ];
        Ok(Chatt2me {
            inner: Rc::new(Client {
                headers,
                api_key: o.api_key,
                fetch,
                base_url,
                timeout_ms,
                max_retries,
            }),
        })
    }

    /// The checked base URL, without a trailing slash.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.base_url.clone()
    }

    /// The default whole-call timeout.
    #[wasm_bindgen(getter, js_name = timeoutMs)]
    pub fn timeout_ms(&self) -> f64 {
        self.inner.timeout_ms
    }

    /// Retries of 429 and of 503 with Retry-After.
    #[wasm_bindgen(getter, js_name = maxRetries)]
    pub fn max_retries(&self) -> u32 {
        self.inner.max_retries
    }

    /// Validates, then sends an Instagram Direct message.
    #[wasm_bindgen(js_name = sendInstagramMessage)]
    pub fn send_instagram_message(&self, message: JsValue, options: JsValue) -> js_sys::Promise {
        let client = Rc::clone(&self.inner);
        js::promise(send(client, Channel::Instagram, message, options))
    }

    /// Validates, then sends a Messenger message.
    #[wasm_bindgen(js_name = sendMessengerMessage)]
    pub fn send_messenger_message(&self, message: JsValue, options: JsValue) -> js_sys::Promise {
        let client = Rc::clone(&self.inner);
        js::promise(send(client, Channel::Messenger, message, options))
    }

    /// Answers a webhook event on its own channel: from the channel that received it
    /// (`channelId`) to its sender (`from`), through that channel's rules. `options` may name
    /// `from` and `to` where the event does not settle them.
    pub fn reply(&self, event: JsValue, content: JsValue, options: JsValue) -> js_sys::Promise {
        let client = Rc::clone(&self.inner);
        js::promise(reply(client, event, content, options))
    }

    /// The webhook-management calls: `hub.webhooks.create(...)`, `.list()`, `.listLogs(...)`, ...
    #[wasm_bindgen(getter)]
    pub fn webhooks(&self) -> super::manage::Webhooks {
        super::manage::Webhooks::of(Rc::clone(&self.inner))
    }

    /// What `JSON.stringify` shows: the settings, never the key.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        let out = js_sys::Object::new();
        let c = &self.inner;
        let _ = js_sys::Reflect::set(&out, &"baseUrl".into(), &c.base_url.as_str().into());
        let _ = js_sys::Reflect::set(&out, &"timeoutMs".into(), &c.timeout_ms.into());
        let _ = js_sys::Reflect::set(&out, &"maxRetries".into(), &c.max_retries.into());
        out.into()
    }
}

/// The headers of every request: `accept`, the key (passed by reference, never copied into wasm
/// memory on its way to the request), and `content-type` for a JSON body.
fn request_headers(api_key: &JsValue, json_body: bool) -> JsValue {
    let headers = js_sys::Object::new();
    if json_body {
        let _ = js_sys::Reflect::set(&headers, &"content-type".into(), &"application/json".into());
    }
    let _ = js_sys::Reflect::set(&headers, &"accept".into(), &"application/json".into());
    let _ = js_sys::Reflect::set(&headers, &"x-api-key".into(), api_key);
    js_sys::Object::freeze(&headers).into()
}

pub(super) async fn send(
    client: Rc<Client>,
    channel: Channel,
    message: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    // The JS string that was validated is the one sent: no copy back out of wasm.
    let text = messages::checked_text(channel, &message).map_err(|e| js::error(&e))?;
    post(&client, channel, text, &options).await
}

async fn reply(
    client: Rc<Client>,
    event: JsValue,
    content: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let (channel, text) = messages::reply(&event, &content, &options)
        .map_err(|e| js::redact(&js::error(&e), &client.api_key))?;
    post(&client, channel, JsValue::from_str(&text), &options).await
}

/// Sends a checked body to its channel's endpoint.
pub(super) async fn post(
    client: &Client,
    channel: Channel,
    text: JsValue,
    options: &JsValue,
) -> Result<JsValue, JsValue> {
    let (timeout_ms, signal) = call_options(client, options, &JsValue::UNDEFINED)?;
    let url = &request::send_url(&client.base_url, channel);
    // A result that could not be handed over to JS (a defect of the package): the send has
    // succeeded, so it is not retried, and the call fails with that error.
    let unhanded = std::cell::RefCell::new(None);
    let read = |meta: &ResponseMeta, body: &str, now: f64, _| {
        request::read_response(meta, body, now).map(|r| match js::send_result(r) {
            Ok(value) => Some(value),
            Err(error) => {
                *unhanded.borrow_mut() = Some(error);
                None
            }
        })
    };
    let exchange = Exchange {
        method: "POST",
        url,
        body: Some(text),
        idempotent: false,
        unknown_outcome: "; the message may or may not have been sent, so it is not retried",
        is_send: true,
        read: &read,
    };
    let sent = attempts(client, &exchange, timeout_ms, signal.as_ref()).await;
    match unhanded.into_inner() {
        Some(error) => Err(error),
        None => sent,
    }
    .map_err(|e| js::redact(&e, &client.api_key))
}

/// The options of one call, `{ signal, timeoutMs }`: from `options`, else from `fallback` (the
/// page options of a list, where they may travel too).
pub(super) fn call_options(
    client: &Client,
    options: &JsValue,
    fallback: &JsValue,
) -> Result<(f64, Option<JsValue>), JsValue> {
    if options.is_undefined() && fallback.is_undefined() {
        return Ok((client.timeout_ms, None));
    }
    let pick = |key| match js::get(options, key) {
        v if v.is_undefined() => js::get(fallback, key),
        v => v,
    };
    let o = SendOptions {
        signal: pick("signal"),
        timeout_ms: pick("timeoutMs"),
    };
    let timeout_ms = if o.timeout_ms.is_undefined() {
        client.timeout_ms
    } else {
        positive_ms(&o.timeout_ms, "timeoutMs")?
    };
    let signal = if o.signal.is_undefined() || o.signal.is_null() {
        None
    } else if o.signal.is_object() && js::method(&o.signal, "addEventListener").is_some() {
        Some(o.signal)
    } else {
        return Err(config("signal must be an AbortSignal (for example AbortSignal.timeout(ms) or an AbortController's signal)"));
    };
    Ok((timeout_ms, signal))
}

/// Reads an answer: the result as the JS value returned (`None`: no content), or the failure.
/// The last argument says an earlier attempt of the call may have acted (see
/// `manage::Call::read`).
type Reader<'a> =
    &'a dyn Fn(&ResponseMeta, &str, f64, bool) -> Result<Option<JsValue>, Box<request::ApiFailure>>;

/// One call to make, with its retries: a send or a management call.
pub(super) struct Exchange<'a> {
    pub method: &'static str,
    pub url: &'a str,
    /// The body, a JS string.
    pub body: Option<JsValue>,
    /// Whether server errors and network failures may be retried (see `request::retry_delay`).
    pub idempotent: bool,
    /// What an answer that never came leaves undecided, appended to the error's message when
    /// the call is not repeated (`manage::Call::unknown_outcome`); empty when it is.
    pub unknown_outcome: &'a str,
    /// A send (its messages speak of the message), or a management call.
    pub is_send: bool,
    pub read: Reader<'a>,
}

fn timed_out(timeout_ms: f64, effect: &str) -> String {
    format!(
        "the API did not answer within {} ms (the timeout covers the whole call){effect}",
        timeout_ms.ceil() as u64
    )
}

/// An armed call (`js::arm`): its timer and the caller's-abort listener are removed when it is
/// dropped, however the call ends.
struct Armed {
    call: JsValue,
}

impl Drop for Armed {
    fn drop(&mut self) {
        js::disarm(&self.call);
    }
}

fn aborted(signal: Option<&JsValue>) -> bool {
    signal.is_some_and(|s| js::get(s, "aborted").is_truthy())
}

fn reason(signal: Option<&JsValue>) -> JsValue {
    signal.map_or(JsValue::UNDEFINED, |s| js::get(s, "reason"))
}

/// The loop around fetch.
pub(super) async fn attempts(
    client: &Client,
    call: &Exchange<'_>,
    timeout_ms: f64,
    signal: Option<&JsValue>,
) -> Result<JsValue, JsValue> {
    // The injected fetch is called as given; the global one (never `window.fetch`) on globalThis.
    let global = js_sys::global();
    let (fetch, this) =
        match &client.fetch {
            Some(f) => (f.clone(), JsValue::UNDEFINED),
            None => match js::method(&global, "fetch") {
                Some(f) => (f, global.clone().into()),
                None => return Err(Transport {
                    name: "NetworkError",
                    code: "network",
                    message:
                        "no fetch: this runtime has no global fetch; pass one as the `fetch` option"
                            .into(),
                    attempts: 0,
                    cause: JsValue::UNDEFINED,
                }
                .error()),
            },
        };
    if aborted(signal) {
        return Err(Transport {
            name: "AbortError",
            code: "aborted",
            message: "the call was aborted by the caller's signal before it started".into(),
            attempts: 0,
            cause: reason(signal),
        }
        .error());
    }
    let controller = AbortController::new()?;
    // One call arms the call: its timer, the listener on the caller's signal (both abort the
    // call's controller) and the Promise every wait races, rejected as the call ends, so that a
    // fetch that ignores its signal cannot hold the call past its timeout.
    let armed = js::arm(
        &controller,
        signal.unwrap_or(&JsValue::UNDEFINED),
        timeout_ms,
    )
    .map_err(|cause| {
        Transport {
            name: "Chatt2meError",
            code: "invalid_config",
            message: "signal must be an AbortSignal".into(),
            attempts: 0,
            cause,
        }
        .error()
    })?;
    let armed = Armed { call: armed };
    let own: AbortSignal = controller.signal();
    let ending = Ending {
        own: &own,
        call: &armed.call,
        signal,
        timeout_ms,
        effect: call.unknown_outcome,
    };

    let init = RequestInit::new();
    init.set_method(call.method);
    init.set_headers(if call.body.is_some() {
        &client.headers[0]
    } else {
        &client.headers[1]
    });
    if let Some(text) = &call.body {
        init.set_body(text);
    }
    init.set_redirect(RequestRedirect::Manual);
    init.set_signal(Some(&own));
    let deadline = js_sys::Date::now() + timeout_ms;
    let url = JsValue::from_str(call.url);
    let what = if call.is_send {
        "the send"
    } else {
        "the request"
    };

    let mut attempt = 1u32;
    // Whether an earlier attempt may have acted: its answer was lost, or was a server error.
    let mut acted = false;
    loop {
        let answer = exchange(&fetch, &this, &url, &init, &armed.call).await;
        let policy = Retry {
            idempotent: call.idempotent,
            now_ms: js_sys::Date::now(),
            deadline_ms: deadline,
            attempt,
            max_retries: client.max_retries,
            random: js_sys::Math::random(),
        };
        let (mut meta, body, response) = match answer {
            Ok(read) => read,
            Err(cause) => {
                let abort_message = format!("{what} was aborted by the caller's signal");
                if let Some(stopped) = ending.stopped(attempt, abort_message) {
                    return Err(stopped);
                }
                if let Some(ms) = policy.after_network_failure() {
                    ending.pause(ms, attempt).await?;
                    attempt += 1;
                    acted = true;
                    continue;
                }
                let detail = js::get(&cause, "message").as_string().unwrap_or_default();
                let why = if call.idempotent {
                    let s = if attempt == 1 { "" } else { "s" };
                    format!("; after {attempt} attempt{s}")
                } else {
                    call.unknown_outcome.to_string()
                };
                return Err(Transport {
                    name: "NetworkError",
                    code: "network",
                    message: format!(
                        "could not reach the API at {}: {detail}{why}",
                        client.base_url
                    ),
                    attempts: attempt,
                    cause,
                }
                .error());
            }
        };
        let body = match body {
            Some(text) => text,
            None => {
                if is_success(&meta) {
                    with_headers(&mut meta, &response);
                }
                let failure = request::ApiFailure::too_large(&meta, MAX_RESPONSE_BYTES, attempt);
                return Err(js::description(&failure));
            }
        };
        let mut read = (call.read)(&meta, &body, policy.now_ms, acted);
        if read.is_err() && is_success(&meta) {
            // A success's headers are not read; a failure's message names its request id.
            with_headers(&mut meta, &response);
            read = (call.read)(&meta, &body, policy.now_ms, acted);
        }
        let outcome = policy.decide(read);
        match outcome {
            Outcome::Sent(Some(value)) => return Ok(value),
            Outcome::Sent(None) => return Ok(JsValue::UNDEFINED),
            Outcome::Failed {
                mut failure,
                retry_in_ms: None,
            } => {
                if !call.idempotent && failure.may_have_acted() {
                    failure.message.push_str(call.unknown_outcome);
                }
                return Err(js::description(&*failure));
            }
            Outcome::Failed {
                failure,
                retry_in_ms: Some(ms),
            } => {
                acted |= failure.may_have_acted();
                ending.pause(ms, attempt).await?
            }
        }
        attempt += 1;
    }
}

/// How a call can end before its answer: its timeout, or the caller's signal.
struct Ending<'a> {
    own: &'a AbortSignal,
    /// The armed call, which knows whether its timer or the caller's signal ended it.
    call: &'a JsValue,
    signal: Option<&'a JsValue>,
    timeout_ms: f64,
    /// What a timeout leaves undecided (see [`Exchange::unknown_outcome`]).
    effect: &'a str,
}

impl Ending<'_> {
    /// The `TimeoutError` or `AbortError` of a call that has ended (`abort_message` is the
    /// abort's message), or `None` while it runs.
    fn stopped(&self, attempt: u32, abort_message: String) -> Option<JsValue> {
        let by = js::ended_by(self.call);
        let (name, code, message, cause) = if by.as_string().as_deref() == Some("timeout") {
            let message = timed_out(self.timeout_ms, self.effect);
            ("TimeoutError", "timeout", message, JsValue::UNDEFINED)
        } else if !by.is_undefined() || aborted(self.signal) {
            ("AbortError", "aborted", abort_message, reason(self.signal))
        } else {
            return None;
        };
        let error = Transport {
            name,
            code,
            message,
            attempts: attempt,
            cause,
        };
        Some(error.error())
    }

    /// Waits before the next attempt; fails when the call times out or is aborted meanwhile.
    async fn pause(&self, ms: f64, attempt: u32) -> Result<(), JsValue> {
        sleep(ms, self.own).await;
        let abort_message =
            String::from("the call was aborted by the caller's signal while waiting to retry");
        self.stopped(attempt, abort_message).map_or(Ok(()), Err)
    }
}

/// One request and its answer: the status (the other headers the core reads are added by
/// [`with_headers`] where needed), the body text (`None` past [`MAX_RESPONSE_BYTES`]) and the
/// response. Whatever throws on the way (a custom fetch may answer with anything) is the error,
/// to be told apart as timeout, abort or network failure.
async fn exchange(
    fetch: &js_sys::Function,
    this: &JsValue,
    url: &JsValue,
    init: &RequestInit,
    call: &JsValue,
) -> Result<(ResponseMeta, Option<String>, JsValue), JsValue> {
    let pending = fetch.call2(this, url, init)?;
    // One await for the answer and its body (js/transport.js reads it with the cap).
    let answer = JsFuture::from(js::answer(
        pending.as_ref(),
        call,
        MAX_RESPONSE_BYTES as f64,
    ))
    .await?;
    // `answer` resolves to an array (its own code): read by index, with no guard for a throw.
    let answer: js_sys::Array = answer.unchecked_into();
    let at = |i| answer.get(i);
    let status = at(0).as_f64().unwrap_or(0.0);
    let meta = ResponseMeta {
        status: if (0.0..=999.0).contains(&status) {
            status as u16
        } else {
            0
        },
        retry_after: None,
        request_id: None,
        opaque_redirect: false,
    };
    // `None`: past the cap (`null`), or bytes the module could not hold.
    let body = js::bytes_in(&at(1), MAX_RESPONSE_BYTES)
        .ok()
        .flatten()
        .map(|bytes| {
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        });
    let mut out = (meta, body, at(2));
    if !is_success(&out.0) {
        with_headers(&mut out.0, &out.2);
    }
    Ok(out)
}

/// Whether an answer is a success (2xx): [`exchange`] reads the headers of any other at once
/// (its failure names them), and a success's only if reading its body fails.
fn is_success(meta: &ResponseMeta) -> bool {
    (200..300).contains(&meta.status)
}

/// Adds to `meta` the headers the core reads and whether `response` is an opaque redirect.
fn with_headers(meta: &mut ResponseMeta, response: &JsValue) {
    let read: js_sys::Array = js::meta(response).unchecked_into();
    let at = |i| read.get(i);
    meta.retry_after = at(0).as_string();
    meta.request_id = at(1).as_string();
    meta.opaque_redirect = at(2).is_truthy();
}

/// Resolves after `ms`, or as soon as `signal` aborts; leaves no timer or listener behind.
async fn sleep(ms: f64, signal: &AbortSignal) {
    let mut resolve = None;
    let promise = js_sys::Promise::new(&mut |res, _| resolve = Some(res));
    let Some(resolve) = resolve else { return };
    let timer = js::set_timeout(&resolve, ms);
    let _ = signal.add_event_listener_with_callback("abort", &resolve);
    let _ = JsFuture::from(promise).await;
    js::clear_timeout(&timer);
    let _ = signal.remove_event_listener_with_callback("abort", &resolve);
}
