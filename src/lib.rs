#![doc = include_str!("../README.md")]
// In wasm the crate is `no_std`: a panic handler that traps instead of `std`'s, which formats
// messages nobody reads, and no unicode tables or `core::fmt` for them. That is about a tenth
// of the module. The crate does not panic (see the lints), so nothing is lost.
#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

// The JSON reader and writer, and decimal numbers: a crate of their own, optimised for speed
// (`crates/json`). `cat!` comes from there too.
#[macro_use]
pub extern crate chatt2me_json as json;
pub use json::num;

pub mod error;
pub mod prelude;
pub mod request;
pub mod send;
pub mod time;
pub mod webhook;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, Issue, IssueCode, WebhookCode};
pub use send::Channel;

/// Size classes with free lists (see `src/wasm/heap.rs`).
#[cfg(all(target_arch = "wasm32", not(test)))]
#[global_allocator]
static ALLOCATOR: wasm::heap::Heap = wasm::heap::Heap::new();

/// `no_std` needs a panic handler; this one is not reached on any input path. The `[lints]` of
/// Cargo.toml deny every way the crate's own code could reach it (unwrapping, explicit panics,
/// fallible indexing and slicing), the crate is fuzzed, and the hostile corpus of
/// `tests/js/hostile.test.mjs` runs on one instance and ends with it still working. Two things could still land here, and neither can be a typed error:
/// - a bug in the crate or a dependency;
/// - an allocation that linear memory cannot grow to hold (the 4 GiB of wasm32). The allocation
///   error handler panics in `no_std`, and a custom one is unstable Rust.
///   Inputs are capped before they are copied in: `maxBytes` for webhooks (1 MiB by default),
///   the JS heap's own limit on `JSON.stringify` for send bodies.
///
/// Trapping is what `std` with `panic = "abort"` would do too, without the formatting.
#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
