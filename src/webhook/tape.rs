//! One pass over a webhook body: the JSON checked once, and every object and array in it
//! remembered by where it starts and ends, so that each level the parser reads is read once.
//!
//! The parser takes every value it reads as its exact text first (ids stay exact, unknown content
//! is handed on whole), then reads the objects it needs from that text. With serde_json that
//! costs a scan of a value's text per level it is nested under, and a template's bytes were
//! scanned about seven times. Here [`install`] reads the body once, checking it is JSON
//! as serde_json would, and notes the span of each container (up to [`CAP`] of them: a hostile
//! body of a million `{}` costs no more memory than a normal one, its later containers are
//! skipped by a scan). The [`Deserializer`] of this module then reads any part of the body from
//! those notes: a value's exact text, or an object skipped, in one step, whatever its size.
//!
//! The structs of [`super::envelope`] and the visitors of [`super::parse`] are serde code
//! written for any deserializer; [`read`] hands them this one. `&RawValue` (the exact text)
//! goes through serde_json's own protocol for it, as a `Deserializer` other than serde_json's
//! is allowed to: a newtype struct of serde_json's token name whose one member is the text.

use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;

use super::parse::MAX_DEPTH;

/// The error type: serde_json's, so that this reader and serde_json's are interchangeable to
/// the visitors. Besides theirs, the reader's own errors are a value of the wrong kind for what
/// was asked (`invalid_type`) and a string or number serde_json refuses to decode (a lone
/// surrogate into a `String`, `1e400` into an `f64`).
pub type Error = serde_json::Error;

/// The containers noted per body. A body of a few KiB has tens; beyond this, the rest are found
/// by a scan when reached, and the notes stay a bounded allocation (kept between parses).
pub const CAP: usize = 1 << 12;

// serde_json's name for the newtype struct that carries a value's exact text (the writer's too).
use crate::json::RAW_VALUE as RAW_TOKEN;

/// An object or array of the body: its first byte, one past its last, and the index of the
/// first container after it (its own nested ones lie in between).
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    next: usize,
}

/// The notes of the body being parsed, where [`read`] finds them.
struct Tape {
    /// The body's address and length (0 and 0 when no body is installed).
    base: usize,
    len: usize,
    spans: Vec<Span>,
}

thread_local! {
    static CURRENT: RefCell<Tape> = const {
        RefCell::new(Tape {
            base: 0,
            len: 0,
            spans: Vec::new(),
        })
    };
}

/// A body's notes, installed for [`read`] while this lives (it borrows the body, so the body
/// outlives them); dropping it uninstalls them, unless another body's have replaced them.
pub struct Installed<'a> {
    /// The body's address; 0 when its notes could not be installed (a body was being read).
    base: usize,
    /// Borrows the body; not `Send`, as the notes are the thread's.
    body: PhantomData<(&'a str, *const ())>,
}

impl Drop for Installed<'_> {
    fn drop(&mut self) {
        CURRENT.with(|c| {
            if let Ok(mut t) = c.try_borrow_mut() {
                if self.base != 0 && t.base == self.base {
                    t.base = 0;
                    t.len = 0;
                    t.spans.clear();
                }
            }
        });
    }
}

/// Checks that `text` is one JSON value nested at most [`MAX_DEPTH`] deep and notes its
/// containers for [`read`], until the returned guard is dropped; `None` when it is not
/// (serde_json then says why). While another body is being read (a parse started from inside a
/// read), `text` is only checked: its reads then check their own texts.
pub fn install(text: &str) -> Option<Installed<'_>> {
    CURRENT.with(|c| {
        let Ok(mut t) = c.try_borrow_mut() else {
            let mut spans = Vec::new();
            return Builder::run(text.as_bytes(), &mut spans).then_some(Installed {
                base: 0,
                body: PhantomData,
            });
        };
        t.spans.clear();
        (t.base, t.len) = (0, 0);
        if !Builder::run(text.as_bytes(), &mut t.spans) {
            t.spans.clear();
            return None;
        }
        t.base = text.as_ptr() as usize;
        t.len = text.len();
        Some(Installed {
            base: t.base,
            body: PhantomData,
        })
    })
}

/// Runs `f` on a deserializer of `text`: from the installed body's notes when `text` is one of
/// the body's noted objects or arrays (as a `RawValue` of it is), else from notes of its own,
/// after checking it is JSON as serde_json would.
///
/// # Errors
/// What `f` returns, or serde_json's error for a `text` that is not JSON.
pub fn read<'a, T>(
    text: &'a str,
    f: impl FnOnce(&mut Deserializer<'_, 'a>) -> Result<T, Error>,
) -> Result<T, Error> {
    // The finding is not generic: one copy of it in the module, not one per type read.
    let mut f = Some(f);
    let mut out = None;
    with_deserializer(text, &mut |d| out = f.take().map(|f| f(d)))?;
    out.unwrap_or_else(|| Err(de::Error::custom("not read")))
}

fn with_deserializer<'a>(
    text: &'a str,
    f: &mut dyn FnMut(&mut Deserializer<'_, 'a>),
) -> Result<(), Error> {
    // The whitespace around a value is no part of its note.
    let text = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
    CURRENT.with(|c| {
        if let Ok(t) = c.try_borrow() {
            let at = (text.as_ptr() as usize).wrapping_sub(t.base);
            if t.len > 0 && at <= t.len && text.len() <= t.len - at {
                // Only the text of a noted container is known to be JSON as it is: any other
                // part of the body (a scalar, a piece of a string) is checked below.
                let k = t.spans.partition_point(|s| s.start < at);
                if t.spans
                    .get(k)
                    .is_some_and(|s| s.start == at && s.end == at + text.len())
                {
                    f(&mut Deserializer::new(text, at, &t.spans, k));
                    return Ok(());
                }
            }
        }
        let mut spans = Vec::new();
        if !Builder::run(text.as_bytes(), &mut spans) {
            // Not JSON (serde_json says where), or JSON nested too deep (serde_json reads it).
            return Err(serde_json::from_str::<de::IgnoredAny>(text)
                .err()
                .unwrap_or_else(|| {
                    de::Error::custom(format_args!("nested deeper than {MAX_DEPTH} levels"))
                }));
        }
        f(&mut Deserializer::new(text, 0, &spans, 0));
        Ok(())
    })
}

/// `T` read from `text`, as `serde_json::from_str` would for the shapes the webhook parser reads:
/// maps, sequences, strings, bytes, options, `&RawValue`, `IgnoredAny`, and other scalars through
/// `deserialize_any` (enums and 128-bit integers are not read).
///
/// # Errors
/// As [`read`].
pub fn from_str<'a, T: de::Deserialize<'a>>(text: &'a str) -> Result<T, Error> {
    read(text, |d| T::deserialize(d))
}

// ---------------------------------------------------------------------------------------------
// Checking and noting.

struct Builder<'b> {
    s: &'b [u8],
    i: usize,
    spans: &'b mut Vec<Span>,
}

impl<'b> Builder<'b> {
    /// Whether `s` is one JSON value (whitespace around it allowed), its containers noted.
    fn run(s: &'b [u8], spans: &'b mut Vec<Span>) -> bool {
        let mut b = Builder { s, i: 0, spans };
        b.value(0).is_some() && {
            b.ws();
            b.i == s.len()
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'{' => self.container(depth + 1, b'}'),
            b'[' => self.container(depth + 1, b']'),
            b'"' => self.string(),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn container(&mut self, depth: usize, close: u8) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let slot = self.spans.len();
        let noted = slot < CAP;
        if noted {
            self.spans.push(Span {
                start: self.i,
                end: 0,
                next: 0,
            });
        }
        self.i += 1;
        self.ws();
        if self.peek()? == close {
            self.i += 1;
        } else {
            loop {
                if close == b'}' {
                    self.ws();
                    if self.peek()? != b'"' {
                        return None;
                    }
                    self.string()?;
                    self.ws();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.i += 1;
                }
                self.value(depth)?;
                self.ws();
                match self.peek()? {
                    b',' => self.i += 1,
                    c if c == close => {
                        self.i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        if noted {
            let (end, next) = (self.i, self.spans.len());
            if let Some(span) = self.spans.get_mut(slot) {
                span.end = end;
                span.next = next;
            }
        }
        Some(())
    }

    /// A string, from its opening quote: escapes as JSON has them (a `\u` escape's four hex
    /// digits checked, not what they encode: serde_json checks no more before decoding), no
    /// control characters.
    fn string(&mut self) -> Option<()> {
        self.i += 1;
        loop {
            self.i = plain_run(self.s, self.i);
            let b = self.peek()?;
            self.i += 1;
            match b {
                b'"' => return Some(()),
                b'\\' => match self.peek()? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 1,
                    b'u' => {
                        let hex = self.s.get(self.i + 1..self.i + 5)?;
                        if !hex.iter().all(u8::is_ascii_hexdigit) {
                            return None;
                        }
                        self.i += 5;
                    }
                    _ => return None,
                },
                0x00..=0x1F => return None,
                _ => {}
            }
        }
    }

    fn digits(&mut self) -> Option<()> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i += 1;
        }
        (self.i > start).then_some(())
    }

    /// A number as JSON has it: no leading zeros, digits after a point and in an exponent.
    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => self.digits()?,
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            self.digits()?;
        }
        Some(())
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.i + word.len();
        (self.s.get(self.i..end)? == word).then(|| self.i = end)
    }
}

// ---------------------------------------------------------------------------------------------
// Reading.

/// A serde `Deserializer` over JSON text checked before (by [`install`], or by [`read`] for a
/// text of its own), and the notes of its containers.
pub struct Deserializer<'t, 'a> {
    text: &'a str,
    /// Where `text` starts in the body the notes are of.
    origin: usize,
    /// The body's notes, and the index of the next container's (past the end: none noted).
    spans: &'t [Span],
    k: usize,
    /// The next unread byte of `text`.
    pos: usize,
}

impl<'t, 'a> Deserializer<'t, 'a> {
    fn new(text: &'a str, origin: usize, spans: &'t [Span], k: usize) -> Self {
        Deserializer {
            text,
            origin,
            spans,
            k,
            pos: 0,
        }
    }

    fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.as_bytes().get(self.pos) {
            self.pos += 1;
        }
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The note of the container at `pos`, when it was noted.
    fn note(&self) -> Option<Span> {
        self.spans
            .get(self.k)
            .filter(|s| s.start == self.origin + self.pos)
            .copied()
    }

    /// The next value's text; the reader moves past it. A noted container is passed in one
    /// step, whatever its size.
    fn value(&mut self) -> &'a str {
        let start = match self.peek() {
            Some(_) => self.pos,
            None => return "",
        };
        let end = match self.note() {
            Some(s) => {
                self.k = s.next;
                s.end - self.origin
            }
            None => scan(self.text.as_bytes(), start),
        };
        self.pos = end;
        self.text.get(start..end).unwrap_or_default()
    }

    /// Reads the container at `pos` (after its opening bracket) with `read`, then moves past
    /// it whatever `read` left unread.
    fn container<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let (end, next) = match self.note() {
            Some(s) => (s.end - self.origin, Some(s.next)),
            None => (scan(self.text.as_bytes(), self.pos), None),
        };
        if next.is_some() {
            self.k += 1;
        }
        self.pos += 1;
        let out = read(self)?;
        self.pos = end;
        if let Some(next) = next {
            self.k = next;
        }
        Ok(out)
    }

    /// Whether another member follows (then past the `,` before it), or the container ends
    /// (its closing bracket is next). After a member only one of those may come: a visitor
    /// that left a value unread finds an error here, not the value read twice.
    fn more(&mut self, first: &mut bool) -> Result<bool, Error> {
        match self.peek() {
            Some(b'}' | b']') | None => Ok(false),
            Some(b',') if !*first => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) if *first => {
                *first = false;
                Ok(true)
            }
            Some(_) => Err(de::Error::custom(
                "expected `,` or the end of the container",
            )),
        }
    }

    /// The error for a value of the wrong kind for `visitor`; the reader moves past the value.
    fn wrong(&mut self, visitor: &dyn de::Expected) -> Error {
        let what = match self.peek() {
            Some(b'{') => de::Unexpected::Map,
            Some(b'[') => de::Unexpected::Seq,
            Some(b'"') => de::Unexpected::Other("a string"),
            Some(b't' | b'f') => de::Unexpected::Other("a boolean"),
            Some(b'n') => de::Unexpected::Unit,
            _ => de::Unexpected::Other("a number"),
        };
        self.value();
        de::Error::invalid_type(what, visitor)
    }
}

/// One past the end of the value at `start` of checked JSON, found by reading it.
fn scan(s: &[u8], start: usize) -> usize {
    let mut i = start;
    let mut depth = 0usize;
    loop {
        match s.get(i) {
            None => return i,
            Some(b'"') => i = string_end(s, i),
            Some(b'{' | b'[') => {
                depth += 1;
                i += 1;
            }
            Some(b'}' | b']') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Some(_) if depth == 0 => {
                // A number or a literal: up to the next delimiter.
                while s.get(i).is_some_and(|b| {
                    !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    i += 1;
                }
                return i;
            }
            Some(_) => i += 1,
        }
        if depth == 0 {
            return i;
        }
    }
}

/// One past the closing quote of the string whose opening quote is at `start`.
fn string_end(s: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    loop {
        i = plain_run(s, i);
        let Some(&b) = s.get(i) else {
            return i;
        };
        i += match b {
            b'"' => return i + 1,
            b'\\' => 2,
            _ => 1,
        };
    }
}

/// Past the bytes from `i` on that a string holds as they are (no quote, backslash or control
/// character): eight at a time while eight remain, to the first such byte of a word.
#[inline]
fn plain_run(s: &[u8], mut i: usize) -> usize {
    while let Some(word) = s.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        let stop = crate::json::escape_mask(u64::from_le_bytes(word));
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

/// A string's text between its quotes, when it holds no escape (then it can be lent as it is).
fn plain(text: &str) -> Option<&str> {
    let inner = text.get(1..text.len().saturating_sub(1))?;
    (!inner.contains('\\')).then_some(inner)
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek() {
            Some(b'{') => self.deserialize_map(visitor),
            Some(b'[') => self.deserialize_seq(visitor),
            Some(b'"') => self.deserialize_str(visitor),
            Some(b'n') => {
                self.value();
                visitor.visit_unit()
            }
            Some(b't' | b'f') => {
                let v = self.value() == "true";
                visitor.visit_bool(v)
            }
            _ => {
                // As serde_json reads a number: an integer that fits 64 bits as one (`-0` is
                // the double), anything else as the double serde_json reads.
                let number = self.value();
                match (number.parse::<u64>(), number.parse::<i64>()) {
                    (Ok(n), _) => visitor.visit_u64(n),
                    (_, Ok(n)) if n < 0 => visitor.visit_i64(n),
                    _ => visitor.visit_f64(serde_json::from_str::<f64>(number)?),
                }
            }
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() != Some(b'"') {
            return Err(self.wrong(&visitor));
        }
        let text = self.value();
        match plain(text) {
            Some(s) => visitor.visit_borrowed_str(s),
            None => visitor.visit_string(serde_json::from_str::<String>(text)?),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // As serde_json: a string's bytes, or an array's elements.
        match self.peek() {
            Some(b'[') => return self.deserialize_seq(visitor),
            Some(b'"') => {}
            _ => return Err(self.wrong(&visitor)),
        }
        let text = self.value();
        match plain(text) {
            Some(s) => visitor.visit_borrowed_bytes(s.as_bytes()),
            // Decoded as serde_json decodes bytes: lone surrogates kept in their three-byte form.
            None => {
                visitor.visit_byte_buf(serde_json::from_str::<super::envelope::LooseBytes>(text)?.0)
            }
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(b'n') {
            self.value();
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == RAW_TOKEN {
            let text = self.value();
            return visitor.visit_map(Raw(Some(text)));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() != Some(b'[') {
            return Err(self.wrong(&visitor));
        }
        self.container(|d| visitor.visit_seq(Members { d, first: true }))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() != Some(b'{') {
            return Err(self.wrong(&visitor));
        }
        self.container(|d| visitor.visit_map(Members { d, first: true }))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.value();
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char
        unit unit_struct tuple tuple_struct enum identifier
    }
}

/// The members of an array or object being read.
struct Members<'r, 't, 'a> {
    d: &'r mut Deserializer<'t, 'a>,
    first: bool,
}

impl<'de> Members<'_, '_, 'de> {
    /// The next member read by `seed` (an element, or an object's key), or `None` at the end.
    fn next<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Error> {
        if !self.d.more(&mut self.first)? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.d).map(Some)
    }
}

impl<'de> SeqAccess<'de> for Members<'_, '_, 'de> {
    type Error = Error;
    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        self.next(seed)
    }
}

impl<'de> MapAccess<'de> for Members<'_, '_, 'de> {
    type Error = Error;
    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some(key) = self.next(seed)? else {
            return Ok(None);
        };
        if self.d.peek() != Some(b':') {
            return Err(de::Error::custom("expected `:` after a key"));
        }
        self.d.pos += 1;
        Ok(Some(key))
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(&mut *self.d)
    }
}

/// A value's exact text as serde_json's `RawValue` reads it: a map of one member, serde_json's
/// token to the text.
struct Raw<'a>(Option<&'a str>);

impl<'de> MapAccess<'de> for Raw<'de> {
    type Error = Error;
    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        if self.0.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(RAW_TOKEN))
            .map(Some)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let text = self.0.take().unwrap_or("null");
        seed.deserialize(BorrowedStrDeserializer::new(text))
    }
}

impl fmt::Debug for Deserializer<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deserializer")
            .field("pos", &self.pos)
            .finish()
    }
}

#[cfg(test)]
#[path = "tape_tests.rs"]
mod tests;
