//! Webhook parsing and the writing of the events (see Cargo.toml): `src/webhook` and `src/exact.rs`, compiled here so that
//! it, and the serde code it instantiates, can be optimised for speed while the rest of the
//! module is optimised for size. crates/module re-exports the modules under their usual paths for the JS boundary.

// What the webhook sources name as `crate::...`.
pub use chatt2me_core::error::{Error, WebhookCode};
pub use chatt2me_core::{decimal, error, json, send, time};

#[path = "../../src/exact.rs"]
pub mod exact;
#[path = "../../src/webhook/mod.rs"]
pub mod webhook;
