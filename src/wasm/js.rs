//! What the boundary needs from JavaScript: the error classes and event objects of the JS layer,
//! a few globals (timers, `Object.prototype.toString`), and conversions every export shares.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::Error;

#[wasm_bindgen(raw_module = "./errors.js")]
extern "C" {
    /// The `Error` subclass for a description `{ name, code, message, ... }`.
    #[wasm_bindgen(js_name = fromDescription)]
    fn from_description(description: &JsValue) -> JsValue;

    /// The `ValidationError` of its message and its issues.
    #[wasm_bindgen(js_name = validationError)]
    fn validation_error(message: &str, issues: &JsValue) -> JsValue;

    /// Removes every occurrence of the API key from an error (message, stack, body).
    #[wasm_bindgen(js_name = redact)]
    pub fn redact(error: &JsValue, key: &JsValue) -> JsValue;
}

#[wasm_bindgen(raw_module = "./events.js")]
extern "C" {
    /// The event of its slots (`webhook::write_slots`), the numbers they index, their strings
    /// ranges of `source` (the body's text) or of `text`: built by the object literal of its
    /// type, timestamp as a `Date`, with the lazy, exact `raw` of `source`. Throws only for
    /// slots that are no event of a type with a builder, which the build and the tests rule out.
    #[wasm_bindgen(catch)]
    pub fn hydrate(
        slots: &[u32],
        numbers: &[f64],
        text: &str,
        source: &JsValue,
    ) -> Result<JsValue, JsValue>;

    /// A list of events sharing one lazy, exact `raw` of `source`.
    pub fn batch(source: &JsValue) -> JsValue;

    /// Adds the event of its slots to a [`batch`], their strings ranges of its `source` or of
    /// `text` (throws as [`hydrate`]).
    #[wasm_bindgen(catch, js_name = addEvent)]
    pub fn add_event(
        batch: &JsValue,
        slots: &[u32],
        numbers: &[f64],
        text: &str,
    ) -> Result<(), JsValue>;

    /// The events of a [`batch`], as an array.
    pub fn events(batch: &JsValue) -> JsValue;

    /// A management result of its JSON, with its dates as `Date`s.
    pub fn dated(json: &str) -> JsValue;

    /// A send's result of the JSON array of its values and its raw text (see [`send_result`]).
    #[wasm_bindgen(catch, js_name = sendResult)]
    fn result_of(values: &str, raw: &str) -> Result<JsValue, JsValue>;

    /// `TextEncoder.encodeInto(text, into).written`: the UTF-8 of a JS string written straight
    /// into wasm memory.
    #[wasm_bindgen(js_name = encodeInto)]
    fn encode_into(text: &JsValue, into: &mut [u8]) -> usize;

    /// The bytes a `Uint8Array` or an `ArrayBuffer` holds, as the engine knows them (no property
    /// or tag the caller wrote changes it); -1 for anything else. Never throws.
    #[wasm_bindgen(js_name = byteLength)]
    pub fn byte_length(value: &JsValue) -> f64;

    /// Copies what [`byte_length`] measured into `into`, of that length, by the engine's own
    /// copy. Throws for a detached buffer.
    #[wasm_bindgen(catch, js_name = copyBytes)]
    pub fn copy_bytes(value: &JsValue, into: &mut [u8]) -> Result<(), JsValue>;
}

#[wasm_bindgen(raw_module = "./transport.js")]
extern "C" {
    /// The answer of what `fetch` returned, in one Promise: `[status, body bytes or null past
    /// cap, the response]`; rejects with what was thrown on the way or as `call` ends. Never
    /// throws itself (an async function).
    pub fn answer(pending: &JsValue, call: &JsValue, cap: f64) -> js_sys::Promise;

    /// The bytes of a webhook request's body (a `Uint8Array`), or `null` once they pass `cap`
    /// (its stream is then cancelled); rejects with what reading it threw.
    #[wasm_bindgen(js_name = requestBytes)]
    pub fn request_bytes(request: &JsValue, cap: f64) -> js_sys::Promise;

    /// `[retry-after, x-request-id, opaque redirect]` of a response (read only for an answer
    /// that is not a success).
    pub fn meta(response: &JsValue) -> JsValue;

    /// Arms one call: a timer that aborts `controller` after `ms`, and (with a caller's
    /// `signal`) a listener that aborts it as that signal does. Returns the call, whose `ended`
    /// Promise every wait races. Throws what `signal.addEventListener` throws.
    #[wasm_bindgen(catch)]
    pub fn arm(
        controller: &web_sys::AbortController,
        signal: &JsValue,
        ms: f64,
    ) -> Result<JsValue, JsValue>;

    /// Clears the timer and removes the listener of an armed call.
    pub fn disarm(call: &JsValue);

    /// What ended an armed call: `"timeout"`, `"abort"`, or undefined while it runs.
    #[wasm_bindgen(js_name = endedBy)]
    pub fn ended_by(call: &JsValue) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// The global timer (never `window.setTimeout`: Workers and Node have no `window`).
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(handler: &js_sys::Function, ms: f64) -> JsValue;

    /// Clears a timer of [`set_timeout`].
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(id: &JsValue);

    /// `Object.prototype.toString.call(value)`: `[object Uint8Array]`, ... (works across
    /// realms; throws for a revoked Proxy).
    #[wasm_bindgen(catch, js_namespace = ["Object", "prototype", "toString"], js_name = call)]
    fn object_tag(value: &JsValue) -> Result<String, JsValue>;

    /// `JSON.parse` of a JS string, not copied out of wasm memory first.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    pub fn parse(text: &JsValue) -> Result<JsValue, JsValue>;

    /// `Array.isArray(value)` (throws for a revoked Proxy).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_js(value: &JsValue) -> Result<bool, JsValue>;
}

// Every import the crate declares that can throw is declared with `catch`, and values are read
// with `Reflect` (which catches too): a JS exception that unwound through wasm would skip Rust's
// cleanup, and inside a send (an async task) leave its Promise pending for ever.

/// Whether a value is an array (`false` for a revoked Proxy).
pub fn is_array(value: &JsValue) -> bool {
    is_array_js(value).unwrap_or(false)
}

fn tag(value: &JsValue) -> String {
    object_tag(value).unwrap_or_default()
}

/// A JS string's length in UTF-16 units (a lower bound of its UTF-8 size), without copying it
/// into wasm.
pub fn js_length(text: &JsValue) -> usize {
    text.unchecked_ref::<js_sys::JsString>().length() as usize
}

/// Strings up to this many UTF-16 units are encoded by [`text_bytes`] into a buffer sized for
/// the worst case (3 bytes per unit); longer ones, where that buffer would be mostly unused
/// wasm memory, are copied by the glue.
const ENCODE_INTO_MAX_UNITS: usize = 64 * 1024;

/// Why [`bytes_in`] refused bytes.
pub enum Refused {
    /// More than its `max`, or more than the module can hold: the length.
    TooLarge(usize),
    /// A detached (transferred) buffer: the engine cannot view it.
    Detached,
}

/// The bytes of `value`, a `Uint8Array` or `ArrayBuffer`, measured and copied by the engine's
/// own accessors ([`byte_length`], [`copy_bytes`]), size-checked against `max` before anything
/// is copied; `Ok(None)` for anything else. The allocation is fallible: a failed one would end
/// the instance.
pub fn bytes_in(value: &JsValue, max: usize) -> Result<Option<Vec<u8>>, Refused> {
    // -1: neither a Uint8Array nor an ArrayBuffer.
    let length = byte_length(value);
    if length.is_nan() || length < 0.0 {
        return Ok(None);
    }
    let length = length as usize;
    let mut bytes = Vec::new();
    if length > max || bytes.try_reserve_exact(length).is_err() {
        return Err(Refused::TooLarge(length));
    }
    bytes.resize(length, 0);
    copy_bytes(value, &mut bytes).map_err(|_| Refused::Detached)?;
    Ok(Some(bytes))
}

/// The UTF-8 bytes of `text`, a JS string of `units` UTF-16 units ([`js_length`], which the
/// callers have read to check its size first), lone surrogates as U+FFFD, as `TextEncoder` and
/// the glue's own string passing write them. Ordinary strings (webhook bodies, send bodies) are
/// written by one `encodeInto` into wasm memory: a fifth of the glue's character-by-character
/// copy in a parse (bench/README.md, "Measured choices").
pub fn text_bytes(text: &JsValue, units: usize) -> Option<Vec<u8>> {
    if units > ENCODE_INTO_MAX_UNITS {
        return text.as_string().map(String::into_bytes);
    }
    let mut bytes = vec![0u8; units * 3];
    let written = encode_into(text, &mut bytes);
    bytes.truncate(written);
    Some(bytes)
}

/// A send's result for JS: the JSON array of its values, built back by the literal generated
/// from its type (`events.js`, `sendResult`), and its `raw`, the answer's exact JSON (integers
/// beyond 2^53 as strings), as text parsed on first access, as an event's is. Building the
/// object a property at a time across the boundary (serde-wasm-bindgen) cost a send more
/// (bench/README.md, "Issue #19, fifth round").
///
/// # Errors
/// A `Chatt2meError` `internal`, were the result not to be written or built (a defect of the
/// package: its fields are strings and nulls, and its builder is generated from its type).
pub fn send_result(mut result: crate::request::SendResult) -> Result<JsValue, JsValue> {
    // The raw text crosses on its own; its place among the values is held by `null`.
    let raw = std::mem::take(&mut result.raw);
    let mut values = Vec::with_capacity(128);
    let what = "the message was sent, but its result";
    let after = ", and the message must not be sent again";
    crate::json::write_struct_values(&result, &mut values)
        .map_err(|e| not_handed(what, &e.to_string(), after))?;
    result_of(std::str::from_utf8(&values).unwrap_or_default(), raw.get())
        .map_err(|e| not_handed(what, &thrown(&e), after))
}

/// The `Chatt2meError` `internal` for `what` (an event, a send's result) that could not be
/// handed over to JS, and `why`: a defect of the package, never a property of the input, as
/// each shape's builder is generated from the same types and checked when the package is built.
pub fn not_handed(what: &str, why: &str, after: &str) -> JsValue {
    plain(
        "internal",
        format!(
            "{what} could not be handed over to JS ({why}); this is a defect of chatt2me-wasm{after}"
        ),
    )
}

/// What a thrown JS value says: itself if a string, else its `message`, else what it is.
pub fn thrown(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| get(value, "message").as_string())
        .unwrap_or_else(|| describe(value))
}

/// The JS `Error` for a core error. A validation error crosses as its message and its issues
/// (an array by serde-wasm-bindgen): one JSON description would repeat the issues in its
/// message, and cost a thrown build 0.8 µs more to parse.
pub fn error(err: &Error) -> JsValue {
    match err {
        Error::Validation(issues) | Error::Invalid { issues, .. } => {
            let serializer = serde_wasm_bindgen::Serializer::json_compatible();
            match serde::Serialize::serialize(issues, &serializer) {
                Ok(list) => validation_error(&err.message(), &list),
                Err(_) => description(&err.payload()),
            }
        }
        _ => description(&err.payload()),
    }
}

/// The JS `Error` for a serializable description (`{ name, code, message, ... }`).
pub fn description<T: Serialize + ?Sized>(d: &T) -> JsValue {
    described(d, None)
}

/// [`description`] with a JS value as its `cause`, kept as it is (never copied into wasm).
fn described<T: Serialize + ?Sized>(d: &T, cause: Option<&JsValue>) -> JsValue {
    let value = crate::json::to_string(d)
        .map_err(|e| JsValue::from_str(&e.to_string()))
        .and_then(|json| js_sys::JSON::parse(&json));
    match value {
        Ok(value) => {
            if let Some(cause) = cause {
                let _ = js_sys::Reflect::set(&value, &"cause".into(), cause);
            }
            from_description(&value)
        }
        Err(e) => e,
    }
}

/// A description with a JS value as its `cause` (kept as it is, not copied into wasm).
#[derive(Serialize)]
pub struct Transport {
    /// `TimeoutError`, `AbortError`, `NetworkError`, `Chatt2meError`.
    pub name: &'static str,
    /// The stable code.
    pub code: &'static str,
    /// What happened.
    pub message: String,
    /// Attempts made.
    pub attempts: u32,
    /// What the runtime threw, or the abort reason (set on the JS side, as it is).
    #[serde(skip)]
    pub cause: JsValue,
}

impl Transport {
    /// The JS `Error`.
    pub fn error(&self) -> JsValue {
        described(self, Some(&self.cause))
    }
}

/// A plain `Chatt2meError` with a code (`invalid_config`, `invalid_input`).
pub fn plain(code: &'static str, message: impl Into<String>) -> JsValue {
    Transport {
        name: "Chatt2meError",
        code,
        message: message.into(),
        attempts: 0,
        cause: JsValue::UNDEFINED,
    }
    .error()
}

/// What a value is, for "got ..." in messages: `null`, `array`, `Map`, `number`, ...
pub fn describe(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if is_array(value) {
        return "array".into();
    }
    if value.is_object() {
        let tag = tag(value);
        return tag
            .strip_prefix("[object ")
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or("object")
            .to_string();
    }
    value.js_typeof().as_string().unwrap_or_default()
}

/// Whether a value is a `Date` (of any realm).
pub fn is_date(value: &JsValue) -> bool {
    value.is_object() && tag(value) == "[object Date]"
}

/// Whether a value is a view of an `ArrayBuffer` (a typed array or a `DataView`, of any realm).
pub fn is_view(value: &JsValue) -> bool {
    if !value.is_object() {
        return false;
    }
    let tag = tag(value);
    tag == "[object DataView]" || (tag.ends_with("Array]") && tag != "[object Array]")
}

thread_local! {
    /// The JS strings of the property (and header) names [`get`] and [`name`] were given, each
    /// made once. Made on every
    /// read, a name cost more than the read itself: it crosses as UTF-8 that a `TextDecoder`
    /// decodes (about 0.4 µs of each option read; bench/README.md, "Issue #19, sixth round").
    /// The names are the crate's own literals, a few dozen at most.
    static NAMES: std::cell::RefCell<Vec<(&'static str, JsValue)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The JS string of `key`, from [`NAMES`]. The borrow ends before the caller reads with it: a
/// getter may call back into the module.
pub fn name(key: &'static str) -> JsValue {
    let found = |names: &[(&'static str, JsValue)]| {
        names
            .iter()
            .find(|(k, _)| std::ptr::eq(*k, key) || *k == key)
            .map(|(_, js)| js.clone())
    };
    if let Some(js) = NAMES.with(|names| found(&names.borrow())) {
        return js;
    }
    // Made with no borrow held: the glue's decoding is JS too.
    let js = JsValue::from_str(key);
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if found(&names).is_none() {
            names.push((key, js.clone()));
        }
    });
    js
}

/// `value[key]`, `undefined` when `value` is not an object or reading it throws (a getter, a
/// Proxy trap): how options are read.
pub fn get(value: &JsValue, key: &'static str) -> JsValue {
    if !value.is_object() && !value.is_function() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(value, &name(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `value[key]` as a function, when it is one.
pub fn method(value: &JsValue, key: &'static str) -> Option<js_sys::Function> {
    get(value, key).dyn_into::<js_sys::Function>().ok()
}

/// `JSON.stringify(value)`: the text as a JS string, not yet copied into wasm (its size can be
/// checked first with [`js_length`]); `None` when JSON has no text for it (`undefined`, a
/// function, a symbol), or what `stringify` threw (a cycle, a `BigInt`, a throwing getter).
pub fn stringify(value: &JsValue) -> Result<Option<JsValue>, JsValue> {
    js_sys::JSON::stringify(value).map(|s| Some(JsValue::from(s)).filter(JsValue::is_string))
}

/// The Promise of a Rust future. Every future is boxed to one type first, so the module holds
/// one copy of wasm-bindgen-futures' task machinery instead of one per async export.
pub fn promise(
    future: impl core::future::Future<Output = Result<JsValue, JsValue>> + 'static,
) -> js_sys::Promise {
    let boxed: core::pin::Pin<Box<dyn core::future::Future<Output = Result<JsValue, JsValue>>>> =
        Box::pin(future);
    wasm_bindgen_futures::future_to_promise(boxed)
}
