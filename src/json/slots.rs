//! A value as slots: numbers the JS side reads straight from wasm memory to build the value,
//! its strings taken as slices of the body's own JS string where they are its bytes, rather
//! than written out as JSON text that JS then decodes and parses again (`JSON.parse` of an
//! event's values was a quarter of a parse; bench/README.md, "Issue #19, seventh round").
//!
//! Each value is a tag, then what the tag says ([`tag`]): a string is the range of its UTF-16
//! units in the body's text or in the text beside the slots (what is not in the body: tags,
//! names, unescaped strings); a list or an object is its length, then its members (an object's
//! each a key, a string, then its value); content kept exactly as delivered (`RawValue`) is the
//! range of its JSON text, which JS parses. `js/events.js` (`slotValue`) reads them back; the
//! tests hold what it would build to the JSON [`super::write_values`] writes for every fixture.
//!
//! Like [`super::write_values`], the top value must be a map, written as the list of its values
//! (the JS side puts the keys back with the object literal of its type).

use serde::ser::{self, Impossible, Serialize};

use super::RAW_VALUE;

type Error = serde_json::Error;

/// The tags, the first slot of each value.
pub mod tag {
    /// `null` (also a double JSON has no form for, as serde_json writes it).
    pub const NULL: f64 = 0.0;
    /// `true`.
    pub const TRUE: f64 = 1.0;
    /// `false`.
    pub const FALSE: f64 = 2.0;
    /// A number: the next slot.
    pub const NUMBER: f64 = 3.0;
    /// A string of the body: the next two slots are its range in the body's text.
    pub const BODY: f64 = 4.0;
    /// A string of the text beside the slots: the next two are its range there.
    pub const TEXT: f64 = 5.0;
    /// A list: its length, then its members.
    pub const LIST: f64 = 6.0;
    /// An object: its number of members, then each member's key (a string) and value.
    pub const OBJECT: f64 = 7.0;
    /// JSON text to parse, in the body: its range.
    pub const JSON_BODY: f64 = 8.0;
    /// JSON text to parse, in the text beside the slots: its range.
    pub const JSON_TEXT: f64 = 9.0;
    /// A string the program holds for as long as it runs (a field's or a variant's name): where
    /// its UTF-8 is in memory and how long it is, which name it for good, so the JS side reads
    /// it once and keeps it (`{tag, address, length}`).
    pub const NAME: f64 = 10.0;
}

/// The body the strings may be slices of: where its bytes are in memory, and how many. Only an
/// ASCII body is given, so that a byte's offset is its UTF-16 unit's in the body's JS string.
#[derive(Clone, Copy)]
pub struct Body {
    start: usize,
    len: usize,
}

impl Body {
    /// `bytes` if they are all ASCII (their offsets are then the JS string's), else `None`.
    #[inline]
    pub fn ascii(bytes: &[u8]) -> Option<Body> {
        bytes.is_ascii().then_some(Body {
            start: bytes.as_ptr() as usize,
            len: bytes.len(),
        })
    }

    /// The range of `s` in the body, if `s` is a slice of it.
    #[inline]
    fn range(self, s: &str) -> Option<(usize, usize)> {
        let from = (s.as_ptr() as usize).checked_sub(self.start)?;
        let to = from.checked_add(s.len())?;
        (to <= self.len).then_some((from, to))
    }
}

/// Appends `value`, a map, as slots to `slots`, and what its strings need beyond `body` to
/// `text`.
///
/// # Errors
/// A value that is not a map, a map key that is not a string, an `f32` (no type of the crate
/// has one); `slots` and `text` are left as they were.
#[inline]
pub fn write_slots<T: Serialize + ?Sized>(
    value: &T,
    body: Option<Body>,
    slots: &mut Vec<f64>,
    text: &mut String,
) -> Result<(), Error> {
    let (start, text_start) = (slots.len(), text.len());
    let mut w = Writer {
        slots,
        text,
        units: 0,
        body,
        raw: false,
        values: true,
    };
    w.units = utf16_len(w.text);
    let written = value.serialize(&mut w);
    // The top value opened a map (consuming `values`) as a list.
    let was_map = !w.values && w.slots.get(start) == Some(&tag::LIST);
    if written.is_err() || !was_map {
        slots.truncate(start);
        text.truncate(text_start);
        return Err(written
            .err()
            .unwrap_or_else(|| ser::Error::custom("write_slots: not a map")));
    }
    Ok(())
}

#[inline]
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.encode_utf16().count()
    }
}

/// The slots, the text beside them and its length in UTF-16 units, the body, whether the next
/// string is JSON text, whether the next map is the top one.
struct Writer<'o> {
    slots: &'o mut Vec<f64>,
    text: &'o mut String,
    units: usize,
    body: Option<Body>,
    raw: bool,
    values: bool,
}

impl<'o> Writer<'o> {
    #[inline]
    fn range(&mut self, tag: f64, from: usize, to: usize) {
        self.slots.extend_from_slice(&[tag, from as f64, to as f64]);
    }

    /// A string, or JSON text (`json`): a slice of the body if it is one, else of the text.
    #[inline]
    fn string(&mut self, s: &str, json: bool) {
        if let Some((from, to)) = self.body.and_then(|b| b.range(s)) {
            self.range(if json { tag::JSON_BODY } else { tag::BODY }, from, to);
            return;
        }
        let from = self.units;
        self.text.push_str(s);
        self.units += utf16_len(s);
        let to = self.units;
        self.range(if json { tag::JSON_TEXT } else { tag::TEXT }, from, to);
    }

    /// A name (a field's, a variant's): [`tag::NAME`] if it is short, else a string.
    #[inline]
    fn name(&mut self, name: &'static str) {
        #[cfg(not(target_arch = "wasm32"))]
        NAMES.with(|names| names.borrow_mut().insert(name.as_ptr() as usize, name));
        if name.len() < 256 {
            self.slots.extend_from_slice(&[
                tag::NAME,
                name.as_ptr() as usize as f64,
                name.len() as f64,
            ]);
        } else {
            self.string(name, false);
        }
    }

    /// Opens a list or an object (`open`) whose length is set when it ends.
    #[inline]
    fn open(&mut self, open: f64) -> Compound<'_, 'o> {
        self.slots.extend_from_slice(&[open, 0.0]);
        let at = self.slots.len() - 1;
        Compound {
            at,
            n: 0,
            keys: open == tag::OBJECT,
            raw: false,
            w: self,
        }
    }

    /// `{variant: ...}`: an object of one member, its value next.
    #[inline]
    fn variant(&mut self, variant: &'static str) {
        self.slots.extend_from_slice(&[tag::OBJECT, 1.0]);
        self.name(variant);
    }
}

/// A list or an object being written: where its length goes and how many members it has, whether
/// its keys are written (not for the top map's), or whether it is a `RawValue` (no slots of its
/// own).
struct Compound<'w, 'o> {
    w: &'w mut Writer<'o>,
    at: usize,
    n: u32,
    keys: bool,
    raw: bool,
}

impl Compound<'_, '_> {
    #[inline]
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.n += 1;
        value.serialize(&mut *self.w)
    }

    #[inline]
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        if self.raw {
            self.w.raw = true;
            let written = value.serialize(&mut *self.w);
            self.w.raw = false;
            return written;
        }
        self.n += 1;
        self.w.name(key);
        value.serialize(&mut *self.w)
    }

    #[inline]
    fn end(self) -> Result<(), Error> {
        if let Some(slot) = self.w.slots.get_mut(self.at) {
            *slot = f64::from(self.n);
        }
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
        self.slots.push(if v { tag::TRUE } else { tag::FALSE });
        Ok(())
    }
    #[inline]
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    #[inline]
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    #[inline]
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    /// The nearest double, as `JSON.parse` reads the digits serde_json writes.
    #[inline]
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.serialize_f64(v as f64)
    }
    #[inline]
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    #[inline]
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    #[inline]
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    #[inline]
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.serialize_f64(v as f64)
    }
    #[inline]
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        Err(ser::Error::custom("the crate's slot writer has no f32"))
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if v.is_finite() {
            self.slots.extend_from_slice(&[tag::NUMBER, v]);
        } else {
            self.slots.push(tag::NULL);
        }
        Ok(())
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    #[inline]
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        let json = std::mem::take(&mut self.raw);
        self.string(v, json);
        Ok(())
    }
    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut list = self.open(tag::LIST);
        for b in v {
            list.element(b)?;
        }
        list.end()
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
        self.slots.push(tag::NULL);
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
        self.name(variant);
        Ok(())
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
        self.variant(variant);
        value.serialize(self)
    }
    #[inline]
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.open(tag::LIST))
    }
    #[inline]
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.open(tag::LIST))
    }
    #[inline]
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.open(tag::LIST))
    }
    #[inline]
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.variant(variant);
        Ok(self.open(tag::LIST))
    }
    #[inline]
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        if std::mem::take(&mut self.values) {
            let mut values = self.open(tag::LIST);
            values.keys = false;
            return Ok(values);
        }
        Ok(self.open(tag::OBJECT))
    }
    #[inline]
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Compound<'a, 'o>, Error> {
        if name == RAW_VALUE {
            return Ok(Compound {
                at: usize::MAX,
                n: 0,
                keys: false,
                raw: true,
                w: self,
            });
        }
        Ok(self.open(tag::OBJECT))
    }
    #[inline]
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.variant(variant);
        Ok(self.open(tag::OBJECT))
    }
}

macro_rules! elements {
    ($($trait:ident::$method:ident),* $(,)?) => {
        $(
            impl ser::$trait for Compound<'_, '_> {
                type Ok = ();
                type Error = Error;
                #[inline]
                fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                    self.element(value)
                }
                #[inline]
                fn end(self) -> Result<(), Error> {
                    Compound::end(self)
                }
            }
        )*
    };
}

elements! {
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
        self.n += 1;
        if self.keys {
            key.serialize(Key(self.w))?;
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

macro_rules! fields {
    ($($trait:ident),* $(,)?) => {
        $(
            impl ser::$trait for Compound<'_, '_> {
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
                    if self.raw {
                        return Ok(());
                    }
                    Compound::end(self)
                }
            }
        )*
    };
}

fields! {
    SerializeStruct,
    SerializeStructVariant,
}

/// A map key: a string (what every key of an event is, `flatten` and `tag` included).
struct Key<'w, 'o>(&'w mut Writer<'o>);

fn not_a_string_key() -> Error {
    ser::Error::custom("a map key of an event is not a string")
}

/// Methods of a `Serializer` for keys that refuse their value.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*) -> $ok:ty),* $(,)?) => {
        $(
            #[inline]
            fn $name(self, $(_: $arg),*) -> Result<$ok, Error> {
                Err(not_a_string_key())
            }
        )*
    };
}

impl ser::Serializer for Key<'_, '_> {
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
        self.0.string(v, false);
        Ok(())
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
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
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
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
    refuse! {
        serialize_bool(bool) -> (),
        serialize_i8(i8) -> (),
        serialize_i16(i16) -> (),
        serialize_i32(i32) -> (),
        serialize_i64(i64) -> (),
        serialize_u8(u8) -> (),
        serialize_u16(u16) -> (),
        serialize_u32(u32) -> (),
        serialize_u64(u64) -> (),
        serialize_f32(f32) -> (),
        serialize_f64(f64) -> (),
        serialize_bytes(&[u8]) -> (),
        serialize_none() -> (),
        serialize_unit() -> (),
        serialize_unit_struct(&'static str) -> (),
        serialize_seq(Option<usize>) -> Self::SerializeSeq,
        serialize_tuple(usize) -> Self::SerializeTuple,
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant,
        serialize_map(Option<usize>) -> Self::SerializeMap,
        serialize_struct(&'static str, usize) -> Self::SerializeStruct,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant,
    }
}

// The names written natively, by address: what the JS side reads from memory, [`json_of`] looks
// up here.
#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static NAMES: std::cell::RefCell<std::collections::HashMap<usize, &'static str>> =
        std::cell::RefCell::default();
}

/// The JSON text of the value `slots` describe, as [`super::write_values`] writes it (a number
/// that is a whole one without digits after the point): what `JSON.parse` of that text and the
/// JS reader of the slots build are the same value. `body` and `text` are the strings the ranges
/// are in. The tests' reader of the slots, for what the JS side does with them.
///
/// # Errors
/// Slots that are not one whole value, or a range that is not in its string.
#[cfg(not(target_arch = "wasm32"))]
pub fn json_of(slots: &[f64], body: &str, text: &str) -> Result<String, String> {
    struct Reader<'s> {
        slots: std::slice::Iter<'s, f64>,
        body: Vec<u16>,
        text: Vec<u16>,
        out: String,
    }
    impl Reader<'_> {
        fn next(&mut self) -> Result<f64, String> {
            self.slots
                .next()
                .copied()
                .ok_or_else(|| "the slots end early".to_owned())
        }
        fn count(&mut self) -> Result<usize, String> {
            let n = self.next()?;
            if n.fract() != 0.0 || n < 0.0 {
                return Err(format!("{n} is not a count"));
            }
            Ok(n as usize)
        }
        fn range(&mut self, body: bool) -> Result<String, String> {
            let (from, to) = (self.count()?, self.count()?);
            let units = if body { &self.body } else { &self.text };
            let units = units
                .get(from..to)
                .ok_or_else(|| format!("{from}..{to} is out of range"))?;
            String::from_utf16(units).map_err(|e| e.to_string())
        }
        fn value(&mut self) -> Result<(), String> {
            let tag = self.next()?;
            match tag {
                t if t == tag::NULL => self.out.push_str("null"),
                t if t == tag::TRUE => self.out.push_str("true"),
                t if t == tag::FALSE => self.out.push_str("false"),
                t if t == tag::NUMBER => {
                    let n = self.next()?;
                    if n.fract() == 0.0 && n.abs() < 9.3e18 && !(n == 0.0 && n.is_sign_negative()) {
                        self.out.push_str(&(n as i64).to_string());
                    } else {
                        self.out
                            .push_str(&super::to_string(&n).map_err(|e| e.to_string())?);
                    }
                }
                t if t == tag::BODY || t == tag::TEXT => {
                    let s = self.range(t == tag::BODY)?;
                    self.out
                        .push_str(&super::to_string(&s).map_err(|e| e.to_string())?);
                }
                t if t == tag::NAME => {
                    let (at, len) = (self.count()?, self.count()?);
                    let name = NAMES
                        .with(|names| names.borrow().get(&at).copied())
                        .and_then(|name| name.get(..len).filter(|_| name.len() == len))
                        .ok_or_else(|| format!("no name at {at} of {len} bytes"))?;
                    self.out
                        .push_str(&super::to_string(name).map_err(|e| e.to_string())?);
                }
                t if t == tag::JSON_BODY || t == tag::JSON_TEXT => {
                    let s = self.range(t == tag::JSON_BODY)?;
                    self.out.push_str(&s);
                }
                t if t == tag::LIST || t == tag::OBJECT => {
                    let object = t == tag::OBJECT;
                    self.out.push(if object { '{' } else { '[' });
                    for i in 0..self.count()? {
                        if i > 0 {
                            self.out.push(',');
                        }
                        if object {
                            self.value()?;
                            self.out.push(':');
                        }
                        self.value()?;
                    }
                    self.out.push(if object { '}' } else { ']' });
                }
                t => return Err(format!("unknown tag {t}")),
            }
            Ok(())
        }
    }
    let mut reader = Reader {
        slots: slots.iter(),
        body: body.encode_utf16().collect(),
        text: text.encode_utf16().collect(),
        out: String::new(),
    };
    reader.value()?;
    match reader.slots.next() {
        None => Ok(reader.out),
        Some(_) => Err("slots left after the value".to_owned()),
    }
}
