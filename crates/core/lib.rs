//! Send-body validation and what both halves of the library share (see Cargo.toml): the root
//! crate's sources, compiled here so that this code, and the serde code it instantiates, get
//! this crate's optimisation level. crates/module re-exports every module under its usual path
//! for the JS boundary.

#[path = "../../src/decimal.rs"]
pub mod decimal;
#[path = "../../src/error.rs"]
pub mod error;
pub use chatt2me_json::json;
#[path = "../../src/send/mod.rs"]
pub mod send;
#[path = "../../src/time.rs"]
pub mod time;
