//! The JS boundary: the only module that names `wasm_bindgen`, `js_sys` and `web_sys`.
//!
//! Values cross as JS values: options are read field by field, send bodies as the JSON text
//! `JSON.stringify` gives; events leave as their slots (`crate::json::slots`) and a send's result
//! as the JSON array of its values (`crate::json::write_values`), built back by the object
//! literals generated for their shapes (`crate::shapes`), management results as JSON text for one `JSON.parse`, validation issues as
//! objects serde-wasm-bindgen builds, and failures are thrown as the `Error` subclasses of
//! `errors.js`. Sending runs
//! here, as `async` Rust over the Fetch API (`client`); request and response bodies are read
//! with a cap by `js/transport.js`, in one awaited Promise each.

mod channels;
mod client;
mod handler;
mod js;
mod manage;
mod messages;
mod webhooks;

use wasm_bindgen::prelude::*;

/// The module's allocator: talc, where dlmalloc (Rust's default on wasm32) made allocation a
/// large share of every parse and validation (bench/README.md, "Measured choices").
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The JSON text with integers beyond 2^53 quoted (`undefined` when `JSON.parse` of the text is
/// already exact): what an event's `raw` is parsed from, on first access.
#[wasm_bindgen(js_name = losslessText)]
pub fn lossless_text(text: &str) -> Option<String> {
    crate::webhook::lossless::rewrite_unsafe_numbers(text)
}
