#![doc = include_str!("../README.md")]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

#[macro_use]
pub mod json;
pub mod error;
pub mod num;
pub mod request;
pub mod send;
pub mod time;
pub mod webhook;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, Issue, IssueCode, WebhookCode};
pub use send::Channel;
