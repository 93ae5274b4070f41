//! JSON kept exactly as delivered, for JS: a referral, a coordinate, content no type describes,
//! an answer of the API. Numbers a double cannot hold are written as strings, so JavaScript keeps
//! every digit.

use std::borrow::Cow;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::webhook::lossless::rewrite_unsafe_numbers;

/// Exact JSON text: borrowed from the body, or a copy with its unsafe numbers quoted.
#[derive(Debug, Clone, PartialEq)]
pub struct Exact<'a>(Cow<'a, str>);

impl<'a> Exact<'a> {
    /// The value of `text` (valid JSON), exact in JavaScript.
    pub fn of(text: &'a str) -> Exact<'a> {
        match rewrite_unsafe_numbers(text) {
            Some(owned) => Exact(Cow::Owned(owned)),
            None => Exact(Cow::Borrowed(text)),
        }
    }

    /// A JSON string holding `text`.
    pub fn string(text: &str) -> Exact<'static> {
        Exact(Cow::Owned(
            serde_json::to_string(text).unwrap_or_else(|_| String::from("null")),
        ))
    }

    /// `null`.
    pub fn null() -> Exact<'static> {
        Exact(Cow::Borrowed("null"))
    }

    /// The same, owning its text.
    pub fn into_owned(self) -> Exact<'static> {
        Exact(Cow::Owned(self.0.into_owned()))
    }

    /// The JSON text.
    pub fn get(&self) -> &str {
        &self.0
    }
}

impl Serialize for Exact<'_> {
    /// Written as the JSON it holds (serde_json's `RawValue`, read again from the text: the
    /// reader the crate already carries, where an owned `RawValue` would bring its own).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match serde_json::from_str::<&RawValue>(&self.0) {
            Ok(raw) => raw.serialize(s),
            Err(_) => s.serialize_unit(),
        }
    }
}
