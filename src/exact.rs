//! JSON kept exactly as delivered, for JS: a referral, a coordinate, content no type describes,
//! an answer of the API. Numbers a double cannot hold are written as strings, so JavaScript keeps
//! every digit.

use std::borrow::Cow;

use serde::{Serialize, Serializer};

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
            crate::json::to_string(text).unwrap_or_else(|_| String::from("null")),
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

/// `null`.
impl Default for Exact<'_> {
    fn default() -> Self {
        Exact(Cow::Borrowed("null"))
    }
}

impl Serialize for Exact<'_> {
    /// Written as the JSON it holds, the way serde_json's `RawValue` asks to be (a struct of
    /// that name whose one field is the text; the crate's writer reads it the same way): its
    /// text is valid JSON by construction (taken from a parsed body, or written as JSON), so it
    /// is not read again to be written.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::json::RAW_VALUE;
        use serde::ser::SerializeStruct;
        let mut raw = s.serialize_struct(RAW_VALUE, 1)?;
        raw.serialize_field(RAW_VALUE, self.get())?;
        raw.end()
    }
}
