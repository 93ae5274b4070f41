//! Webhook parsing and the events' JSON (see Cargo.toml): `src/webhook` and `src/exact.rs`, compiled here so that
//! it, and the serde code it instantiates, can be optimised for speed while the rest of the
//! module is optimised for size. The root crate re-exports the modules as `chatt2me_wasm::webhook` and `chatt2me_wasm::exact`.

// What the webhook sources name as `crate::...`.
pub use chatt2me_core::error::{Error, WebhookCode};
pub use chatt2me_core::{decimal, error, send, time};

#[path = "../../src/exact.rs"]
pub mod exact;
#[path = "../../src/webhook/mod.rs"]
pub mod webhook;

/// Appends the JSON of an event to `out`: the serializer is instantiated here, in the crate
/// compiled for speed, rather than in the JS boundary that calls it.
///
/// # Errors
/// What serde_json reports (nothing for these types in practice).
pub fn event_json(
    event: &webhook::WebhookEvent<'_>,
    out: &mut Vec<u8>,
) -> Result<(), serde_json::Error> {
    serde_json::to_writer(out, event)
}
