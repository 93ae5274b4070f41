//! Webhook bodies across the boundary: parsing, signature verification and signing.
//!
//! A body arrives as a string, a `Uint8Array`, an `ArrayBuffer` or (for parsing only) an
//! already parsed object. Its size is checked before it is copied into wasm memory; each event
//! leaves as its slots (`crate::json::slots`), read back into the object literal of its type
//! (`events.js`), with the lazy, exact `raw` parsed from the caller's string, or from the text of
//! the bytes' copy in wasm memory.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js;
use crate::error::{Error, WebhookCode};
use crate::json::slots;
use crate::webhook::{self, signature, VerifyOptions, DEFAULT_MAX_BYTES, MAX_BYTES_CEILING};

/// A failure on the way: the core's typed error, or a JS error already built.
pub enum Fail {
    /// A core error, not yet a JS value.
    Core(Error),
    /// A JS error (an option or argument the boundary refused).
    Js(JsValue),
    /// A defect of the package (an event it read that could not be made a JS object), as the
    /// JS error to throw: a webhook handler answers it with a 500, which the Hub retries.
    Internal(JsValue),
}

impl Fail {
    /// The JS error to throw.
    pub fn into_js(self) -> JsValue {
        match self {
            Fail::Core(e) => js::error(&e),
            Fail::Js(v) | Fail::Internal(v) => v,
        }
    }
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Core(e)
    }
}

/// The options of `parseWebhook` and `verifyWebhook`, each kept as the JS value given, so a
/// wrong type gets a message naming the option.
#[derive(Default)]
pub struct WebhookOptions {
    max_bytes: JsValue,
    tolerance_seconds: JsValue,
    now: JsValue,
    timestamp: JsValue,
}

impl WebhookOptions {
    /// The options object's fields (all `undefined` for anything that is no object).
    pub fn of(options: &JsValue) -> WebhookOptions {
        if options.is_undefined() {
            // Most calls pass none: four reads fewer across the boundary.
            return WebhookOptions::default();
        }
        WebhookOptions {
            max_bytes: js::get(options, "maxBytes"),
            tolerance_seconds: js::get(options, "toleranceSeconds"),
            now: js::get(options, "now"),
            timestamp: js::get(options, "timestamp"),
        }
    }

    /// Options given field by field (the webhook handler's).
    pub fn new(max_bytes: usize, tolerance_seconds: JsValue, now: JsValue) -> WebhookOptions {
        WebhookOptions {
            max_bytes: JsValue::from_f64(max_bytes as f64),
            tolerance_seconds,
            now,
            timestamp: JsValue::UNDEFINED,
        }
    }

    /// `maxBytes`: 1 MiB by default.
    pub fn max_bytes(&self) -> Result<usize, Fail> {
        if self.max_bytes.is_undefined() || self.max_bytes.is_null() {
            return Ok(DEFAULT_MAX_BYTES);
        }
        match self.max_bytes.as_f64() {
            Some(n) if n >= 0.0 => Ok(n.min(MAX_BYTES_CEILING as f64).floor() as usize),
            _ => Err(config("maxBytes must be a non-negative number of bytes")),
        }
    }

    fn tolerance(&self) -> Result<i64, Fail> {
        if self.tolerance_seconds.is_undefined() || self.tolerance_seconds.is_null() {
            return Ok(signature::DEFAULT_TOLERANCE_SECONDS);
        }
        match self.tolerance_seconds.as_f64() {
            Some(n) if n >= 0.0 => Ok(n.min(1e15) as i64),
            _ => Err(config(
                "toleranceSeconds must be a non-negative number of seconds",
            )),
        }
    }
}

/// Unix seconds of a `Date`, of unix seconds or milliseconds (told apart by size), or now.
fn unix_seconds(now: &JsValue, what: &str) -> Result<f64, Fail> {
    if now.is_undefined() || now.is_null() {
        return Ok(js_sys::Date::now() / 1000.0);
    }
    if js::is_date(now) {
        return Ok(now.unchecked_ref::<js_sys::Date>().get_time() / 1000.0);
    }
    match now.as_f64() {
        Some(n) if n.is_finite() => Ok(if n > 1e11 { n / 1000.0 } else { n }),
        _ => Err(config(format!("`{what}` must be a Date or a unix time"))),
    }
}

/// A bad option value: the caller's configuration, not the body or its signature.
fn config(message: impl Into<String>) -> Fail {
    Fail::Core(Error::Config {
        message: message.into(),
    })
}

/// A body's bytes in wasm memory, and what `raw` is parsed from later.
pub struct Body {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The JS string the bytes came from; `None` for bytes given as bytes, whose text is made
    /// from the copy in wasm memory when the events are handed over (see [`Body::source`]).
    pub source: Option<JsValue>,
}

impl Body {
    /// What the events' lazy `raw` is parsed from: the caller's string, or the text of the
    /// bytes, decoded once here. A string is cheaper to make than a copy of the bytes the
    /// caller cannot change (`slice`: a new `ArrayBuffer`), and a body that parses is valid
    /// UTF-8 without a BOM, so the text is exactly the bytes.
    fn source(&self) -> JsValue {
        match &self.source {
            Some(source) => source.clone(),
            None => JsValue::from_str(&String::from_utf8_lossy(&self.bytes)),
        }
    }
}

fn too_large(length: usize, max: usize) -> Fail {
    Fail::Core(Error::webhook(
        WebhookCode::BodyTooLarge,
        format!("the webhook body is at least {length} bytes; maxBytes is {max}"),
    ))
}

fn bad_body(body: &JsValue, fn_name: &str) -> Fail {
    Fail::Core(Error::webhook(
        WebhookCode::InvalidInput,
        format!(
            "{fn_name} takes the body as a string, Uint8Array or ArrayBuffer; got {}",
            js::describe(body)
        ),
    ))
}

/// The bytes of a `Uint8Array` or `ArrayBuffer`, size-checked before the copy; `None` for
/// anything else. Both the size and the copy are the engine's own (`byteLength`, `copyBytes` in
/// js/events.js): a `length` property or a `Symbol.toStringTag` the caller wrote can neither make
/// the copy overrun its buffer nor make the module allocate what the body does not hold.
pub fn bytes_of(body: &JsValue, max: usize) -> Result<Option<Body>, Fail> {
    match js::bytes_in(body, max) {
        Ok(bytes) => Ok(bytes.map(|bytes| Body {
            bytes,
            source: None,
        })),
        Err(js::Refused::TooLarge(length)) => Err(too_large(length, max)),
        Err(js::Refused::Detached) => Err(Fail::Core(Error::webhook(
            WebhookCode::InvalidInput,
            "the body's buffer is detached (it was transferred): there are no bytes to read",
        ))),
    }
}

/// A string body, size-checked before the copy.
fn text_of(body: &JsValue, max: usize) -> Result<Option<Body>, Fail> {
    if !body.is_string() {
        return Ok(None);
    }
    // A string of n UTF-16 units is at least n UTF-8 bytes: refuse without encoding it.
    let length = js::js_length(body);
    if length > max {
        return Err(too_large(length, max));
    }
    Ok(js::text_bytes(body, length).map(|bytes| Body {
        bytes,
        source: Some(body.clone()),
    }))
}

/// The events of a body already in wasm memory, as JS objects: the one event (`single`), or
/// an array of every event. Each event is written as its slots (`crate::json::slots`), its
/// strings slices of the body's JS string where they are its bytes, and handed to JS as soon as
/// it is read, so a batch never holds more than one event in wasm memory.
pub fn parse_body(b: Body, max: usize, single: bool) -> Result<JsValue, Fail> {
    // Where the events' strings can be sliced from: an ASCII body, whose byte offsets are its
    // JS string's.
    let sliced = slots::Body::ascii(&b.bytes);
    // Sized for most events at once: slots grow by doubling, from empty, otherwise.
    let mut slots = slots::Slots::with_capacity(256);
    if single {
        let mut first = None;
        let count = webhook::parse_each(&b.bytes, max, &mut |e| {
            // Only the first is kept: the rest are counted, for the message.
            if first.is_none() {
                first = Some(e);
            }
            Ok(())
        })?;
        let event = webhook::single(first, count)?;
        webhook::write_slots(&event, sliced, &mut slots).map_err(unwritten)?;
        return js::hydrate(&slots.words, &slots.numbers, &slots.text, &b.source())
            .map_err(|e| not_handed(&e));
    }
    let batch = js::batch(&b.source());
    // The first event that could not be handed over; the events after it are read, not added.
    let mut failed = None;
    webhook::parse_each(&b.bytes, max, &mut |e| {
        if failed.is_none() {
            slots.clear();
            let handed = webhook::write_slots(&e, sliced, &mut slots)
                .map_err(unwritten)
                .and_then(|()| {
                    js::add_event(&batch, &slots.words, &slots.numbers, &slots.text)
                        .map_err(|e| not_handed(&e))
                });
            failed = handed.err();
        }
        Ok(())
    })?;
    match failed {
        Some(fail) => Err(fail),
        None => Ok(js::events(&batch)),
    }
}

/// An event that could not be made a JS object (`why` is what JS threw; see
/// [`js::not_handed`]).
fn not_handed(why: &JsValue) -> Fail {
    internal(&js::thrown(why))
}

/// An event the core could not write as its slots (see [`js::not_handed`]).
fn unwritten(why: serde_json::Error) -> Fail {
    internal(&why.to_string())
}

fn internal(why: &str) -> Fail {
    Fail::Internal(js::not_handed("the event", why, ""))
}

fn parse(body: &JsValue, options: &JsValue, single: bool, fn_name: &str) -> Result<JsValue, Fail> {
    let max = WebhookOptions::of(options).max_bytes()?;
    let found = match text_of(body, max)? {
        Some(b) => Some(b),
        None => bytes_of(body, max)?,
    };
    if let Some(b) = found {
        return parse_body(b, max, single);
    }
    if body.is_object() && !js::is_view(body) {
        // Already parsed by the caller: ids beyond 2^53 may have been rounded before we saw them.
        let text = match js::stringify(body) {
            Ok(Some(text)) => text,
            Ok(None) => return Err(bad_body(body, fn_name)),
            Err(e) => {
                let why = js::get(&e, "message").as_string().unwrap_or_default();
                return Err(Fail::Core(Error::webhook(
                    WebhookCode::InvalidInput,
                    format!("the webhook object cannot be serialized as JSON: {why}"),
                )));
            }
        };
        return parse(&text, options, single, fn_name);
    }
    Err(bad_body(body, fn_name))
}

/// The typed event of a webhook body (string, Uint8Array, ArrayBuffer or parsed object).
/// Refuses a Meta batch holding several events: use `parseWebhookEvents` for those.
#[wasm_bindgen(js_name = parseWebhook)]
pub fn parse_webhook(body: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    parse(&body, &options, true, "parseWebhook").map_err(Fail::into_js)
}

/// Every typed event of a webhook body (Meta batches hold many).
#[wasm_bindgen(js_name = parseWebhookEvents)]
pub fn parse_webhook_events(body: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    parse(&body, &options, false, "parseWebhookEvents").map_err(Fail::into_js)
}

/// The signing secrets: a non-empty string, or a non-empty array of them (rotation).
pub fn secrets_of(secret: &JsValue) -> Result<Vec<String>, Fail> {
    let list: Vec<JsValue> = if js::is_array(secret) {
        let length = js::get(secret, "length").as_f64().unwrap_or(0.0);
        (0..length.clamp(0.0, 1024.0) as u32)
            .map(|i| js_sys::Reflect::get_u32(secret, i).unwrap_or(JsValue::UNDEFINED))
            .collect()
    } else {
        vec![secret.clone()]
    };
    let secrets: Vec<String> = list
        .iter()
        .filter_map(JsValue::as_string)
        .filter(|s| !s.is_empty())
        .collect();
    if secrets.is_empty() || secrets.len() != list.len() {
        return Err(Fail::Core(Error::webhook(
            WebhookCode::MissingSecret,
            "the signing secret must be a non-empty string (or an array of them, during rotation)",
        )));
    }
    Ok(secrets)
}

fn header_of(header: &JsValue) -> Result<Option<String>, Fail> {
    if header.is_undefined() || header.is_null() {
        return Ok(None);
    }
    if let Some(h) = header.as_string() {
        return Ok(Some(h));
    }
    if header.is_object() {
        if let Some(get) = js::method(header, "get") {
            // A Headers object.
            let value = get
                .call1(header, &JsValue::from_str("x-hub-signature"))
                .map_err(Fail::Js)?;
            return Ok(value.as_string());
        }
    }
    Err(Fail::Core(Error::webhook(
        WebhookCode::MalformedHeader,
        "the signature header must be a string (the X-hub-Signature value)",
    )))
}

/// Verifies, then parses: the events as JS objects.
pub fn verify(
    body: &JsValue,
    header: &JsValue,
    secret: &JsValue,
    options: &WebhookOptions,
    single: bool,
    fn_name: &str,
) -> Result<JsValue, Fail> {
    // Every argument is checked before the body is copied into wasm; `verify_body` (which the
    // webhook handler calls with a body it read itself) reads them again, a few property reads.
    let max = options.max_bytes()?;
    options.tolerance()?;
    secrets_of(secret)?;
    header_of(header)?;
    unix_seconds(&options.now, "now")?;
    let found = match text_of(body, max)? {
        Some(b) => Some(b),
        None => bytes_of(body, max)?,
    };
    let Some(b) = found else {
        if body.is_object() && !js::is_view(body) {
            return Err(Fail::Core(Error::webhook(
                WebhookCode::BodyNotRaw,
                format!("{fn_name} needs the raw body exactly as received (a string, Uint8Array or ArrayBuffer), not a parsed object: parsing and re-serializing changes the bytes, so no signature can match. Read it with `await request.text()` (Workers, Deno, Node 18+ Request) or, in Express, `express.raw({{ type: 'application/json' }})` on the webhook route, and pass that."),
            )));
        }
        return Err(bad_body(body, fn_name));
    };
    verify_body(b, header, secret, options, single)
}

/// Verifies a body already in wasm memory, then parses it.
pub fn verify_body(
    b: Body,
    header: &JsValue,
    secret: &JsValue,
    options: &WebhookOptions,
    single: bool,
) -> Result<JsValue, Fail> {
    let max = options.max_bytes()?;
    let tolerance = options.tolerance()?;
    let secrets = secrets_of(secret)?;
    let header = header_of(header)?;
    let now = unix_seconds(&options.now, "now")?;
    let keys: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
    let opts = VerifyOptions {
        tolerance_seconds: tolerance,
        now_seconds: now.floor() as i64,
        max_bytes: max,
    };
    webhook::verify(&b.bytes, header.as_deref(), &keys, opts)?;
    parse_body(b, max, single)
}

/// Verifies `X-hub-Signature` over the raw body, then returns its typed event.
#[wasm_bindgen(js_name = verifyWebhook)]
pub fn verify_webhook(
    body: JsValue,
    signature_header: JsValue,
    secret: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts = WebhookOptions::of(&options);
    verify(
        &body,
        &signature_header,
        &secret,
        &opts,
        true,
        "verifyWebhook",
    )
    .map_err(Fail::into_js)
}

/// Verifies `X-hub-Signature` over the raw body, then returns every typed event.
#[wasm_bindgen(js_name = verifyWebhookEvents)]
pub fn verify_webhook_events(
    body: JsValue,
    signature_header: JsValue,
    secret: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts = WebhookOptions::of(&options);
    verify(
        &body,
        &signature_header,
        &secret,
        &opts,
        false,
        "verifyWebhookEvents",
    )
    .map_err(Fail::into_js)
}

/// The `X-hub-Signature` value the Hub would send for `body` (for your own tests).
#[wasm_bindgen(js_name = signWebhook)]
pub fn sign_webhook(body: JsValue, secret: JsValue, options: JsValue) -> Result<String, JsValue> {
    let run = || -> Result<String, Fail> {
        let secrets = secrets_of(&secret)?;
        let key = secrets.first().map(String::as_bytes).unwrap_or_default();
        let t = unix_seconds(&WebhookOptions::of(&options).timestamp, "now")?.floor() as i64;
        // Bounded as a parse is: no body makes the module hold more than the ceiling.
        let found = match text_of(&body, MAX_BYTES_CEILING)? {
            Some(b) => Some(b),
            None => bytes_of(&body, MAX_BYTES_CEILING)?,
        };
        if let Some(b) = found {
            return Ok(signature::sign(key, t, &b.bytes));
        }
        if body.is_object() {
            match js::stringify(&body) {
                Ok(Some(text)) => {
                    let b = text_of(&text, MAX_BYTES_CEILING)?;
                    let bytes = b.map(|b| b.bytes).unwrap_or_default();
                    return Ok(signature::sign(key, t, &bytes));
                }
                Ok(None) => {}
                Err(e) => {
                    let why = js::get(&e, "message").as_string().unwrap_or_default();
                    return Err(Fail::Core(Error::webhook(
                        WebhookCode::InvalidInput,
                        format!("the webhook object cannot be serialized as JSON: {why}"),
                    )));
                }
            }
        }
        Err(bad_body(&body, "signWebhook"))
    };
    run().map_err(Fail::into_js)
}

/// `{ from, to }` for answering an event (its channel as `from`, its sender as `to`), or null.
#[wasm_bindgen(js_name = replyTarget)]
pub fn reply_target(event: JsValue) -> JsValue {
    if !event.is_object() {
        return JsValue::NULL;
    }
    let (channel_id, from) = (js::get(&event, "channelId"), js::get(&event, "from"));
    if !channel_id.is_string() || !from.is_string() {
        return JsValue::NULL;
    }
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"from".into(), &channel_id);
    let _ = js_sys::Reflect::set(&out, &"to".into(), &from);
    out.into()
}
