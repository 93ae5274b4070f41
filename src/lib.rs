#![doc = include_str!("../README.md")]

pub mod decimal;
pub mod error;
pub mod exact;
pub mod json;
pub mod manage;
pub mod raw;
pub mod request;
pub mod send;
pub mod shapes;
pub mod time;
pub mod webhook;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, Issue, IssueCode, WebhookCode};
pub use send::Channel;
