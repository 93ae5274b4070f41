//! The crate's JSON tree and writer (see Cargo.toml): `src/json`, compiled here so that reading a
//! send body into the tree is compiled for speed while the rules stay small. crates/core
//! re-exports the module as `json`, its usual path.

#[path = "../../src/json/mod.rs"]
pub mod json;
