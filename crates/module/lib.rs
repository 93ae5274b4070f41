//! The WebAssembly module of the npm package (see Cargo.toml): the JS boundary (`src/wasm`),
//! the client's request rules and webhook management, over the two crates that compile the rest
//! of the sources for speed. Every module is here under the path the sources name it by
//! (`crate::webhook`, `crate::send`, ...), as in the root crate.

pub use chatt2me_core::{decimal, error, json, send, time};
pub use chatt2me_webhook::{exact, webhook};
#[path = "../../src/manage/mod.rs"]
pub mod manage;
#[path = "../../src/raw.rs"]
pub mod raw;
#[path = "../../src/request.rs"]
pub mod request;

#[cfg(target_arch = "wasm32")]
#[path = "../../src/wasm/mod.rs"]
mod wasm;

pub use error::{Error, Issue, IssueCode, WebhookCode};
pub use send::Channel;
