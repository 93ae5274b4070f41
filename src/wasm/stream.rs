//! Bodies read from a `ReadableStream` with a cap: chunks are copied into wasm memory as they
//! arrive, and reading stops (the stream is cancelled) as soon as the total passes the cap, so a
//! body without `content-length`, or one that lies about it, is never held whole.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::js;

/// The value once settled, or the rejection of `until` if that comes first (the call's abort:
/// a source that ignores its signal cannot hold the call past its timeout).
pub async fn settle(value: JsValue, until: Option<&js_sys::Promise>) -> Result<JsValue, JsValue> {
    let value = js_sys::Promise::resolve(&value);
    let first = match until {
        Some(until) => js_sys::Promise::race(&js_sys::Array::of2(&value, until)),
        None => value,
    };
    JsFuture::from(first).await
}

/// The bytes of `owner.body` (a `Request` or `Response`), or `None` once they pass `cap`.
/// Without a stream (`body: null`), the body is empty; an object that is not a Fetch API one
/// but has `text()` is read through it.
pub async fn read_bytes(
    owner: &JsValue,
    cap: usize,
    until: Option<&js_sys::Promise>,
) -> Result<Option<Vec<u8>>, JsValue> {
    let stream = js::get(owner, "body");
    let Some(get_reader) = js::method(&stream, "getReader") else {
        if !stream.is_null() {
            if let Some(text) = js::method(owner, "text") {
                let text = settle(text.call0(owner)?, until)
                    .await?
                    .as_string()
                    .unwrap_or_default();
                return Ok((text.len() <= cap).then(|| text.into_bytes()));
            }
        }
        return Ok(Some(Vec::new()));
    };
    let reader = get_reader.call0(&stream)?;
    let read = js::method(&reader, "read").ok_or_else(|| JsValue::from_str("no read()"))?;
    let mut out: Vec<u8> = Vec::new();
    loop {
        let chunk = settle(read.call0(&reader)?, until).await?;
        if js::get(&chunk, "done").is_truthy() {
            return Ok(Some(out));
        }
        let value = js::get(&chunk, "value");
        if !js::is_bytes(&value) {
            continue;
        }
        let bytes: js_sys::Uint8Array = value.into();
        let length = bytes.length() as usize;
        if out.len().saturating_add(length) > cap {
            if let Some(cancel) = js::method(&reader, "cancel") {
                if let Ok(pending) = cancel.call0(&reader) {
                    // A cancel that rejects changes nothing: the answer is already refused.
                    let _ = settle(pending, until).await;
                }
            }
            return Ok(None);
        }
        let start = out.len();
        out.resize(start + length, 0);
        if let Some(slot) = out.get_mut(start..) {
            bytes.copy_to(slot);
        }
    }
}
