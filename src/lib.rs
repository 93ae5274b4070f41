//! # chatt2me-wasm
//!
//! Build, validate and send Instagram Direct and Messenger messages through the
//! [Hub Chatt2.me API](https://api.chatt2.me), and parse its webhooks — from browsers, Node.js,
//! Deno and Cloudflare Workers.
//!
//! The crate is a pure Rust core with one thin boundary:
//! - [`send`]: the two content models and every validation rule, with limits as named constants;
//! - [`webhook`]: every documented webhook shape into one typed [`webhook::WebhookEvent`], and
//!   `X-hub-Signature` verification;
//! - [`request`]: the send request as data and the response as a typed result or error
//!   (sans-IO: no network here, so it is tested natively);
//! - [`error`]: the one error type with stable codes;
//! - `wasm` (only on `wasm32`): converts values at the JS boundary and calls `fetch`.

#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod error;
pub mod request;
pub mod send;
pub mod time;
pub mod webhook;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, Issue, IssueCode, WebhookCode};
pub use send::Channel;
