//! Compact JSON by a serde `Serializer` of the crate's own: the text `serde_json` writes for the
//! same value, byte for byte (`tests/json_writer.rs` holds it to that for every escape, number
//! and shape and every fixture event, and the property tests over random bodies), with less work per token. Everything the crate hands to
//! JS as JSON goes through it: the webhook events, the errors' descriptions, the API's answers.
//!
//! An event is mostly short keys and strings, and `parseWebhook` writes one per delivery, so the
//! two costs that dominate `serde_json`'s writer in wasm are taken out: strings are checked for
//! characters to escape eight bytes at a time rather than one, and every token goes straight into
//! the buffer rather than through `io::Write`. The keys and shapes still come from the types'
//! `Serialize` derives, the one source of every shape. The helpers are `#[inline]`: generic code
//! is compiled in the crate that instantiates it, so the events' writer is compiled with the
//! webhook parser, at its optimisation level.

use serde::ser::{self, Impossible, Serialize};

/// What `serde_json` names the struct a `RawValue` serializes as: its one field is JSON text to
/// write as it is (how `exact::Exact` writes content kept exactly as delivered).
pub const RAW_VALUE: &str = "$serde_json::private::RawValue";

type Error = serde_json::Error;

/// Appends the compact JSON of `value` to `out`.
///
/// # Errors
/// A map whose keys are not strings, or an `f32` (no type of the crate has either).
#[inline]
pub fn write<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<(), Error> {
    value.serialize(&mut Writer {
        out,
        raw: false,
        values: false,
        keyless: false,
    })
}

/// Appends `value`, which serializes as a map (a struct with a flattened member does), as the
/// array of its members' values in their order, its keys left out; what it holds is written
/// whole. How a send's result crosses to JS (an event crosses as slots, `super::slots`, the
/// same values): the JS side puts the keys back with the object literal generated for its type
/// (the root crate's `shapes`), which costs less than `JSON.parse` reading every key
/// (bench/README.md, "Issue #19, fifth round").
///
/// # Errors
/// As [`write()`], and for a value that is not a map; `out` is left as it was on any error. Only
/// a map's writer leaves keys out, so that no struct's writer pays for the check: every event is
/// a map (its common fields are flattened into it; tests/json_writer.rs holds every type to
/// that), and [`write_struct_values`] makes one of a struct. (A list holding a map is not told
/// from a map, its first map written without keys; nothing writes one.)
#[inline]
pub fn write_values<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<(), Error> {
    let start = out.len();
    let mut writer = Writer {
        out,
        raw: false,
        values: true,
        keyless: false,
    };
    let written = value.serialize(&mut writer);
    // Not a map: the flag went to no map, or to one inside a struct (which opened with `{`).
    let was_map = writer.keyless && writer.out.get(start) == Some(&b'[');
    if written.is_err() || !was_map {
        out.truncate(start);
        return Err(written
            .err()
            .unwrap_or_else(|| ser::Error::custom("write_values: not a map")));
    }
    Ok(())
}

/// The compact JSON of `value`, as `serde_json::to_string` writes it.
///
/// # Errors
/// As [`write()`].
#[inline]
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = Vec::with_capacity(128);
    write(value, &mut out)?;
    // Valid UTF-8 by construction (strings as given, escapes and punctuation in ASCII).
    String::from_utf8(out).map_err(ser::Error::custom)
}

/// Appends `value`, a struct, as the array of its members' values, as [`write_values`] does a
/// map's: its members are flattened into a map first, so that the writer of every struct stays
/// as it is (how a send's result crosses to JS).
///
/// # Errors
/// As [`write()`].
#[inline]
pub fn write_struct_values<T: Serialize>(value: &T, out: &mut Vec<u8>) -> Result<(), Error> {
    #[derive(serde::Serialize)]
    struct Members<'a, T: Serialize> {
        #[serde(flatten)]
        members: &'a T,
    }
    write_values(&Members { members: value }, out)
}

/// A double as serde_json writes it (its shortest round-trip form), `null` when JSON has none.
#[inline]
fn write_f64(out: &mut Vec<u8>, v: f64) {
    match serde_json::Number::from_f64(v) {
        Some(n) => out.extend_from_slice(n.to_string().as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
}

/// The buffer, whether the next string is JSON text to write unescaped, whether the first
/// compound is written as the array of its values if it is a map ([`write_values`]), and
/// whether it was.
struct Writer<'o> {
    out: &'o mut Vec<u8>,
    raw: bool,
    values: bool,
    keyless: bool,
}

/// `[`, `{` or `{"variant":{`, then members, each after a comma but the first.
struct Compound<'w, 'o> {
    w: &'w mut Writer<'o>,
    first: bool,
    /// The closing brackets: `]`, `}`, or `}}` after a struct or tuple variant.
    close: &'static [u8],
    /// Whether a map's members are written with their keys (not in [`write_values`]'s
    /// outermost map).
    keys: bool,
}

/// Eight bytes at a time (little-endian): the high bit of each byte that is a control character,
/// `"` or `\`, and perhaps of bytes after such a byte (the usual has-zero-byte test borrows
/// upwards), so the lowest bit set marks the first such byte exactly. Where to stop, in the
/// writer's strings and in the webhook reader's.
#[inline]
pub fn escape_mask(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    control | zero_in(word ^ (ONES * u64::from(b'"'))) | zero_in(word ^ (ONES * u64::from(b'\\')))
}

/// Whether any of eight bytes is a control character, `"` or `\`.
#[inline]
fn needs_escape(word: u64) -> bool {
    escape_mask(word) != 0
}

/// The escape of a byte as `serde_json` writes it (`u` for `\u00XX`), or 0 for none.
#[inline]
fn escape_of(b: u8) -> u8 {
    match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        0x00..=0x1F => b'u',
        _ => 0,
    }
}

#[inline]
fn write_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if !any_escape(bytes) {
        // Most strings of an event (its keys, ids, URLs): copied whole.
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let (mut start, mut i) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        if let Some(word) = bytes
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        {
            if !needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let escape = escape_of(b);
        i += 1;
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(bytes.get(start..i - 1).unwrap_or_default());
        out.extend_from_slice(&[b'\\', escape]);
        if escape == b'u' {
            let hex = |n: u8| HEX.get(usize::from(n)).copied().unwrap_or(b'0');
            out.extend_from_slice(&[b'0', b'0', hex(b >> 4), hex(b & 0xF)]);
        }
        start = i;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    out.push(b'"');
}

/// Whether any byte of `bytes` must be escaped: eight at a time, the last few padded to eight
/// (keys and most values are shorter than eight, or end with a few).
#[inline]
fn any_escape(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        if <[u8; 8]>::try_from(word).is_ok_and(|w| needs_escape(u64::from_le_bytes(w))) {
            return true;
        }
    }
    let rest = words.remainder();
    let mut last = [b' '; 8];
    if let Some(head) = last.get_mut(..rest.len()) {
        head.copy_from_slice(rest);
    }
    needs_escape(u64::from_le_bytes(last))
}

#[inline]
fn write_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
}

impl<'w, 'o> Compound<'w, 'o> {
    #[inline]
    fn open(w: &'w mut Writer<'o>, open: &[u8], close: &'static [u8]) -> Self {
        w.out.extend_from_slice(open);
        Compound {
            w,
            first: true,
            close,
            keys: true,
        }
    }

    /// A map: `{`, or `[` for the outermost map of [`write_values`].
    #[inline]
    fn map(w: &'w mut Writer<'o>) -> Self {
        if std::mem::take(&mut w.values) {
            w.keyless = true;
            let mut values = Compound::open(w, b"[", b"]");
            values.keys = false;
            values
        } else {
            Compound::open(w, b"{", b"}")
        }
    }

    #[inline]
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.w.out.push(b',');
        }
    }

    #[inline]
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.w)
    }

    #[inline]
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.comma();
        write_str(self.w.out, key);
        self.w.out.push(b':');
        value.serialize(&mut *self.w)
    }

    #[inline]
    fn end(self) -> Result<(), Error> {
        self.w.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl<'a, 'o> ser::Serializer for &'a mut Writer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'o>;
    type SerializeTuple = Compound<'a, 'o>;
    type SerializeTupleStruct = Compound<'a, 'o>;
    type SerializeTupleVariant = Compound<'a, 'o>;
    type SerializeMap = Compound<'a, 'o>;
    type SerializeStruct = Compound<'a, 'o>;
    type SerializeStructVariant = Compound<'a, 'o>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    widen! { serialize_i64(i64): serialize_i8(i8), serialize_i16(i16), serialize_i32(i32) }
    widen! { serialize_u64(u64): serialize_u8(u8), serialize_u16(u16), serialize_u32(u32) }
    #[inline]
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        if v < 0 {
            self.out.push(b'-');
        }
        write_u64(self.out, v.unsigned_abs());
        Ok(())
    }
    #[inline]
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        write_u64(self.out, v);
        Ok(())
    }
    #[inline]
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        // No type of the crate has one; serde_json writes its own shortest form, which the
        // double's would not match.
        Err(ser::Error::custom("the crate's JSON writer has no f32"))
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        write_f64(self.out, v);
        Ok(())
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    #[inline]
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        if std::mem::take(&mut self.raw) {
            self.out.extend_from_slice(v.as_bytes());
        } else {
            write_str(self.out, v);
        }
        Ok(())
    }
    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = Compound::open(self, b"[", b"]");
        for b in v {
            seq.element(b)?;
        }
        seq.end()
    }
    #[inline]
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    #[inline]
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    #[inline]
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    #[inline]
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    #[inline]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut map = Compound::open(self, b"{", b"}");
        map.field(variant, value)?;
        map.end()
    }
    #[inline]
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        Ok(Compound::open(self, b"[", b"]"))
    }
    #[inline]
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a, 'o>, Error> {
        Ok(Compound::open(self, b"[", b"]"))
    }
    #[inline]
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a, 'o>, Error> {
        Ok(Compound::open(self, b"[", b"]"))
    }
    #[inline]
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.out.push(b'{');
        write_str(self.out, variant);
        Ok(Compound::open(self, b":[", b"]}"))
    }
    #[inline]
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        Ok(Compound::map(self))
    }
    #[inline]
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Compound<'a, 'o>, Error> {
        if name == RAW_VALUE {
            // Its one field, the JSON text, is written as it is, with nothing around it.
            return Ok(Compound::open(self, b"", b""));
        }
        Ok(Compound::open(self, b"{", b"}"))
    }
    #[inline]
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.out.push(b'{');
        write_str(self.out, variant);
        Ok(Compound::open(self, b":{", b"}}"))
    }
}

elements! {
    Compound:
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        if self.keys {
            key.serialize(Key(self.w.out))?;
            self.w.out.push(b':');
        }
        Ok(())
    }
    #[inline]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.w)
    }
    #[inline]
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        if key == RAW_VALUE {
            self.w.raw = true;
            let written = value.serialize(&mut *self.w);
            self.w.raw = false;
            return written;
        }
        self.field(key, value)
    }
    #[inline]
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    #[inline]
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// A map key: a string (what every key of an event is, `flatten` and `tag` included).
struct Key<'o>(&'o mut Vec<u8>);

/// Methods of a `Serializer` for keys that refuse a value of their one argument's type.
macro_rules! refuse {
    ($($name:ident($arg:ty)),* $(,)?) => {
        $(
            #[inline]
            fn $name(self, _: $arg) -> Result<(), Error> {
                Err(not_a_string_key())
            }
        )*
    };
}

fn not_a_string_key() -> Error {
    ser::Error::custom("a map key of an event is not a string")
}

impl ser::Serializer for Key<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    #[inline]
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.0, v);
        Ok(())
    }
    #[inline]
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    refuse! {
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    refuse! {
        serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str),
    }
    #[inline]
    fn serialize_none(self) -> Result<(), Error> {
        Err(not_a_string_key())
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
        Err(not_a_string_key())
    }
    #[inline]
    fn serialize_unit(self) -> Result<(), Error> {
        Err(not_a_string_key())
    }
    #[inline]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(not_a_string_key())
    }
    #[inline]
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_a_string_key())
    }
    #[inline]
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_a_string_key())
    }
    #[inline]
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_a_string_key())
    }
    #[inline]
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_a_string_key())
    }
    #[inline]
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(not_a_string_key())
    }
    #[inline]
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(not_a_string_key())
    }
    #[inline]
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_a_string_key())
    }
}
