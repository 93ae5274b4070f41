//! A small JSON reader and writer, made for this crate's two jobs: reading untrusted bodies
//! exactly and writing typed results for `JSON.parse`.
//!
//! Why not `serde_json`: every byte of the `.wasm` is paid for on each cold start at the edge,
//! and a general-purpose serializer with its formatting machinery was most of the module. This
//! reader borrows strings from the input when they hold no escapes, keeps every number as its
//! exact text (so ids and integers beyond 2^53 are never rounded), keeps object keys in order
//! (duplicates resolve like `JSON.parse`: the last wins), bounds nesting depth, and reports
//! errors with line and column. The writer escapes strings and quotes the numbers a JS double
//! cannot hold.
//!
//! `no_std` (with `alloc`), like the module it is compiled into.

#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod num;

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;

#[doc(hidden)]
pub use alloc::string::String as CatString;

/// Appends pieces of a message without the `core::fmt` machinery.
pub trait Piece {
    /// Appends `self` to `out`.
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

macro_rules! piece_uint {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                push_u64(out, *self as u64);
            }
        }
    )*};
}
piece_uint!(usize, u64, u32, u16);

impl Piece for i64 {
    fn push_to(&self, out: &mut String) {
        if *self < 0 {
            out.push('-');
        }
        push_u64(out, self.unsigned_abs());
    }
}

/// Appends the decimal digits of `n`.
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    // ASCII digits: one copy, not a character at a time.
    if let Ok(digits) = core::str::from_utf8(buf.get(i..).unwrap_or(&[])) {
        out.push_str(digits);
    }
}

/// Concatenates message pieces (`&str`, `String`, integers, `char`) into a `String`.
#[macro_export]
macro_rules! cat {
    ($($piece:expr),+ $(,)?) => {{
        let mut out = $crate::CatString::new();
        $( $crate::Piece::push_to(&$piece, &mut out); )+
        out
    }};
}

/// Deepest nesting accepted; deeper input is refused rather than risking the stack.
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value borrowing from the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as its exact text.
    Number(&'a str),
    /// A string, borrowed unless it had escapes.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object, keys in document order.
    Object(Object<'a>),
}

/// A JSON object: its members in document order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object<'a>(pub Vec<(Cow<'a, str>, Value<'a>)>);

/// Whether two strings are equal, as a byte loop the optimizer keeps inline: for the few bytes
/// of a key, a call to `memcmp` costs more than the comparison.
#[inline(always)]
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Whether `key` is one of `keys`.
#[inline]
pub fn one_of(key: &str, keys: &[&str]) -> bool {
    keys.iter().any(|k| same(k, key))
}

impl<'a> Object<'a> {
    /// The value of `key`; with duplicate keys the last one, as `JSON.parse` does.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| same(k, key))
            .map(|(_, v)| v)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| same(k, key))
    }

    /// The keys, in document order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> Value<'a> {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(o) => o.get(key),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Object<'a>> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The number as an unsigned integer, if it is one that fits.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// The JSON type name, for "expected a string, got number".
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub reason: &'static str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in bytes).
    pub column: usize,
}

impl ParseError {
    /// `"<reason> at line L column C"`.
    pub fn describe(&self) -> String {
        cat!(self.reason, " at line ", self.line, " column ", self.column)
    }
}

/// Parses UTF-8 bytes as one JSON value.
///
/// # Errors
/// A [`ParseError`] for invalid UTF-8, invalid JSON, trailing data, or nesting beyond
/// [`MAX_DEPTH`].
pub fn parse(bytes: &[u8]) -> Result<Value<'_>, ParseError> {
    let text = match core::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            return Err(error_at(bytes, at, "invalid UTF-8"));
        }
    };
    parse_str(text)
}

/// Parses a string as one JSON value.
///
/// # Errors
/// As [`parse`].
pub fn parse_str(text: &str) -> Result<Value<'_>, ParseError> {
    parse_with(text, "\u{FFFD}")
}

/// What a lone surrogate escape (`"\ud800"`, valid for `JSON.parse`) becomes in
/// [`parse_str_strict`]: two noncharacters in a row, which no text holds by accident, so the
/// send validator can point at the string (such text cannot be encoded as UTF-8 and sent).
pub const LONE_SURROGATE: &str = "\u{10FFFF}\u{10FFFE}";

/// Like [`parse_str`], but lone surrogates become [`LONE_SURROGATE`] instead of U+FFFD, so a
/// validator can point at them; the flag says whether there were any.
///
/// # Errors
/// As [`parse`].
pub fn parse_str_strict(text: &str) -> Result<(Value<'_>, bool), ParseError> {
    let mut p = Parser::new(text, LONE_SURROGATE);
    let v = p.document()?;
    Ok((v, p.saw_lone))
}

fn parse_with<'a>(text: &'a str, lone: &'static str) -> Result<Value<'a>, ParseError> {
    Parser::new(text, lone).document()
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, lone: &'static str) -> Self {
        Parser {
            src: text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            lone,
            saw_lone: false,
            reason: Cell::new(""),
            failed_at: Cell::new(0),
        }
    }

    fn document(&mut self) -> Result<Value<'a>, ParseError> {
        self.ws();
        let parsed = self.value().and_then(|v| {
            self.ws();
            if self.pos < self.bytes.len() {
                return Err(self.fail("trailing characters after the JSON value"));
            }
            Ok(v)
        });
        parsed.map_err(|Fail| error_at(self.bytes, self.failed_at.get(), self.reason.get()))
    }
}

fn error_at(bytes: &[u8], pos: usize, reason: &'static str) -> ParseError {
    let before = bytes.get(..pos).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = pos
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    ParseError {
        reason,
        line,
        column,
    }
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    lone: &'static str,
    saw_lone: bool,
    /// The first failure's reason and position (see [`Fail`]).
    reason: Cell<&'static str>,
    failed_at: Cell<usize>,
}

/// A parse failure whose details wait in the parser: results stay the size of a [`Value`]
/// (an error inside them would make every step move a larger value), and the line and column
/// are computed once, for the error that is reported.
struct Fail;

impl<'a> Parser<'a> {
    /// Records what went wrong, and where, for [`Parser::document`] to report.
    #[cold]
    fn fail(&self, reason: &'static str) -> Fail {
        self.reason.set(reason);
        self.failed_at.set(self.pos);
        Fail
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &'static str, v: Value<'a>) -> Result<Value<'a>, Fail> {
        if self.src.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.fail("expected a JSON value"))
        }
    }

    fn value(&mut self) -> Result<Value<'a>, Fail> {
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(_) => Err(self.fail("expected a JSON value")),
            None => Err(self.fail("unexpected end of input")),
        }
    }

    fn enter(&mut self) -> Result<(), Fail> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.fail("nesting deeper than 128 levels"));
        }
        self.pos += 1;
        self.ws();
        Ok(())
    }

    fn object(&mut self) -> Result<Value<'a>, Fail> {
        self.enter()?;
        // Webhook objects have a handful of members: one allocation instead of three regrowths.
        let mut members = Vec::with_capacity(8);
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Object(Object(members)));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.fail("expected a string key"));
            }
            let key = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.fail("expected ':' after an object key"));
            }
            self.pos += 1;
            self.ws();
            let v = self.value()?;
            members.push((key, v));
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.ws();
                }
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Value::Object(Object(members)));
                }
                Some(_) => return Err(self.fail("expected ',' or '}' in an object")),
                None => return Err(self.fail("unexpected end of input in an object")),
            }
        }
    }

    fn array(&mut self) -> Result<Value<'a>, Fail> {
        self.enter()?;
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.ws();
                }
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Value::Array(items));
                }
                Some(_) => return Err(self.fail("expected ',' or ']' in an array")),
                None => return Err(self.fail("unexpected end of input in an array")),
            }
        }
    }

    #[inline(always)]
    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value<'a>, Fail> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.fail("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.fail("invalid number: digits expected after '.'"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("invalid number: digits expected in the exponent"));
            }
        }
        Ok(Value::Number(self.src.get(start..self.pos).unwrap_or("0")))
    }

    fn hex4(&mut self) -> Result<u32, Fail> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.fail("invalid \\u escape"))?;
        let v = u32::from_str_radix(digits, 16).map_err(|_| self.fail("invalid \\u escape"))?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.fail("invalid \\u escape"));
        }
        self.pos += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<Cow<'a, str>, Fail> {
        self.pos += 1; // the opening quote
        let start = self.pos;
        // Fast path: no escapes, borrowed. One scan to the first byte that ends the run.
        self.pos = start + plain_len(self.bytes.get(start..).unwrap_or(&[]));
        match self.peek() {
            Some(b'"') => {
                let s = self.src.get(start..self.pos).unwrap_or("");
                self.pos += 1;
                return Ok(Cow::Borrowed(s));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.fail("control character in a string")),
            None => return Err(self.fail("unterminated string")),
        }
        let mut out = String::from(self.src.get(start..self.pos).unwrap_or(""));
        loop {
            let run = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.src.get(run..self.pos).unwrap_or(""));
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let esc = self
                        .peek()
                        .ok_or_else(|| self.fail("unterminated string"))?;
                    self.pos += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi)
                                && self.src.get(self.pos..self.pos + 2) == Some("\\u")
                            {
                                let save = self.pos;
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    self.pos = save;
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            // A lone surrogate (valid for JSON.parse) has no Rust char.
                            match c {
                                Some(c) => out.push(c),
                                None => {
                                    out.push_str(self.lone);
                                    self.saw_lone = true;
                                }
                            }
                        }
                        _ => return Err(self.fail("invalid escape in a string")),
                    }
                }
                Some(_) => return Err(self.fail("control character in a string")),
                None => return Err(self.fail("unterminated string")),
            }
        }
    }
}

/// How many leading bytes of `bytes` a JSON string holds as they are: the length of the run
/// before the first `"`, `\\` or control character.
///
/// Eight bytes at a time (SWAR): strings are most of a webhook's bytes, and this scan is the
/// whole cost of reading and of writing an unescaped string. In a word `x`, `(x - 0x01..01 * n)
/// & !x & 0x80..80` flags bytes below `n`; its lowest flag is exact (a borrow only ever
/// propagates upwards, above a byte that is itself flagged), which is the one needed. Bytes of
/// multi-byte UTF-8 characters have their top bit set and are never flagged.
#[inline]
pub fn plain_len(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & TOPS;
    let mut words = bytes.chunks_exact(8);
    let mut done = 0;
    for word in &mut words {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            break;
        };
        let x = u64::from_le_bytes(word);
        let flags = below(x, 0x20)
            | below(x ^ (ONES * u64::from(b'"')), 1)
            | below(x ^ (ONES * u64::from(b'\\')), 1);
        if flags != 0 {
            return done + (flags.trailing_zeros() / 8) as usize;
        }
        done += 8;
    }
    done + words
        .remainder()
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(words.remainder().len())
}

/// Where `needle` first occurs in `s`, as a byte search: core's substring searcher (and the
/// slicing checks it brings) weighs 3 KB in the module, for texts of a few hundred bytes.
pub fn find(s: &str, needle: &str) -> Option<usize> {
    s.as_bytes()
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

/// `s.split_once(sep)`, by [`find`].
pub fn split_once<'s>(s: &'s str, sep: &str) -> Option<(&'s str, &'s str)> {
    let at = find(s, sep)?;
    Some((s.get(..at)?, s.get(at + sep.len()..)?))
}

/// The number of Unicode scalar values in `s` (`s.chars().count()`, without core's unrolled
/// counting loop): the bytes that do not continue a character.
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|b| (b & 0xC0) != 0x80).count()
}

// ---------------------------------------------------------------------------------------------
// Writing

/// 2^53, the largest integer below which every integer is exact in a double.
const MAX_SAFE: &str = "9007199254740992";

/// Whether a JSON number token survives `JSON.parse` without losing its value.
pub fn is_js_safe(token: &str) -> bool {
    if token.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        // A fraction or exponent: a double is what the sender meant, unless it overflows.
        return crate::num::is_finite_number(token);
    }
    let digits = token.strip_prefix('-').unwrap_or(token);
    match digits.len().cmp(&MAX_SAFE.len()) {
        core::cmp::Ordering::Less => true,
        core::cmp::Ordering::Greater => false,
        core::cmp::Ordering::Equal => digits <= MAX_SAFE,
    }
}

/// Builds JSON text.
#[derive(Default)]
pub struct Writer {
    /// The text so far.
    pub buf: String,
    first: bool,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Writer {
            buf: String::with_capacity(512),
            first: true,
        }
    }

    #[inline(always)]
    fn comma(&mut self) {
        if !self.first {
            self.buf.push(',');
        }
        self.first = false;
    }

    /// Opens an object (as a value).
    #[inline(always)]
    pub fn begin_object(&mut self) {
        self.buf.push('{');
        self.first = true;
    }

    /// Closes an object.
    #[inline(always)]
    pub fn end_object(&mut self) {
        self.buf.push('}');
        self.first = false;
    }

    /// Opens an array (as a value).
    #[inline(always)]
    pub fn begin_array(&mut self) {
        self.buf.push('[');
        self.first = true;
    }

    /// Closes an array.
    #[inline(always)]
    pub fn end_array(&mut self) {
        self.buf.push(']');
        self.first = false;
    }

    /// Starts an array item.
    #[inline(always)]
    pub fn item(&mut self) {
        self.comma();
    }

    /// Writes `"key":`.
    pub fn key(&mut self, key: &str) {
        self.comma();
        self.string(key);
        self.buf.push(':');
        self.first = true;
    }

    /// Writes an escaped string.
    pub fn string(&mut self, s: &str) {
        self.buf.push('"');
        // Most strings need no escaping: copy them whole.
        if plain_len(s.as_bytes()) == s.len() {
            self.buf.push_str(s);
        } else {
            self.escaped(s);
        }
        self.buf.push('"');
        self.first = false;
    }

    fn escaped(&mut self, s: &str) {
        let mut run = 0;
        for (i, b) in s.bytes().enumerate() {
            let esc = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0..=0x1f => "",
                _ => continue,
            };
            self.buf.push_str(s.get(run..i).unwrap_or(""));
            if esc.is_empty() {
                self.buf.push_str("\\u00");
                for nibble in [b >> 4, b & 0xf] {
                    self.buf
                        .push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
                }
            } else {
                self.buf.push_str(esc);
            }
            run = i + 1;
        }
        self.buf.push_str(s.get(run..).unwrap_or(""));
    }

    /// Marks the end of a value written directly into `buf`.
    #[inline(always)]
    pub fn end_raw(&mut self) {
        self.first = false;
    }

    /// Writes `null`.
    #[inline(always)]
    pub fn null(&mut self) {
        self.buf.push_str("null");
        self.first = false;
    }

    /// Writes `true` / `false`.
    pub fn bool(&mut self, b: bool) {
        self.buf.push_str(if b { "true" } else { "false" });
        self.first = false;
    }

    /// Writes an integer.
    pub fn i64(&mut self, n: i64) {
        n.push_to(&mut self.buf);
        self.first = false;
    }

    /// Writes a string or `null`.
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.null(),
        }
    }

    /// `"key": <string or null>`.
    pub fn field_str(&mut self, key: &str, s: Option<&str>) {
        self.key(key);
        self.opt_str(s);
    }

    /// Writes a number token as is (it must be valid JSON), or as a string when a JS double
    /// cannot hold it exactly.
    pub fn number(&mut self, token: &str) {
        if is_js_safe(token) {
            self.buf.push_str(token);
            self.first = false;
        } else {
            self.string(token);
        }
    }

    /// Writes a parsed value, numbers made JS-safe.
    pub fn value(&mut self, v: &Value<'_>) {
        match v {
            Value::Null => self.null(),
            Value::Bool(b) => self.bool(*b),
            Value::Number(n) => self.number(n),
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.begin_array();
                for item in items {
                    self.item();
                    self.value(item);
                }
                self.end_array();
            }
            Value::Object(o) => self.object(o),
        }
    }

    /// Writes a parsed object, numbers made JS-safe.
    pub fn object(&mut self, o: &Object<'_>) {
        self.begin_object();
        for (k, v) in &o.0 {
            self.key(k);
            self.value(v);
        }
        self.end_object();
    }
}

/// A piece of delivered JSON, kept exactly, with numbers made JS-safe; written verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawJson(pub String);

impl RawJson {
    /// The JS-safe JSON text of `v`.
    pub fn of(v: &Value<'_>) -> RawJson {
        let mut w = Writer::new();
        w.value(v);
        RawJson(w.buf)
    }

    /// The JS-safe JSON text of an object.
    pub fn of_object(o: &Object<'_>) -> RawJson {
        let mut w = Writer::new();
        w.object(o);
        RawJson(w.buf)
    }

    /// Parses the text back (for Rust callers and tests).
    pub fn value(&self) -> Option<Value<'_>> {
        parse_str(&self.0).ok()
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
