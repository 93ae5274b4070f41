//! The names `std`'s prelude provides, taken from `alloc`: the crate builds as `no_std` for wasm
//! (see `lib.rs`), and natively these are the very same types.

pub use alloc::borrow::{Cow, ToOwned};
pub use alloc::boxed::Box;
pub use alloc::string::{String, ToString};
pub use alloc::vec;
pub use alloc::vec::Vec;
