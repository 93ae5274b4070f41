#![doc = include_str!("../README.md")]

// Compiled in crates/core and crates/webhook (each at its own optimisation level; see their
// Cargo.toml), from these same sources.
pub use chatt2me_core::{decimal, error, send, time};
pub use chatt2me_webhook::{exact, webhook};
pub mod manage;
pub mod request;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, Issue, IssueCode, WebhookCode};
pub use send::Channel;
