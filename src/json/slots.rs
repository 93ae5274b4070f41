//! A value as slots: numbers the JS side reads straight from wasm memory to build the value,
//! its strings taken from the body's own JS string where they are its bytes, rather than
//! written out as JSON text that JS would decode and parse again (`JSON.parse` of that text
//! costs about what `JSON.parse` of the body does; bench/README.md, "Issue #19, seventh round").
//!
//! Each value is a tag, then what the tag says ([`tag`]): a number is its index among the
//! numbers; a string is the range of its UTF-16 units in the body's text or in the text beside
//! the slots (what is not in the body: tags, inferred values, unescaped strings, every string
//! of a body that is not ASCII); a name (a field's or a variant's) is where the program holds
//! it; a list or an object is its length, then its members (an object's each a name, then its
//! value); content kept exactly as delivered (`RawValue`) is the range of its JSON text, which
//! JS parses. `js/events.js` (`slotValue`) reads them back; the tests hold what it builds to
//! the JSON [`super::write_values`] writes, for every fixture and random bodies ([`json_of`]).
//!
//! Like [`super::write_values`], the top value must be a map, written as the list of its values
//! (the JS side puts the keys back with the object literal of its type); no other map is
//! written. (A list holding a map is not told from a map, its first map written without keys;
//! nothing writes one.)

use serde::ser::{self, Serialize};

use super::RAW_VALUE;

type Error = serde_json::Error;

/// The tags, the first slot of each value.
pub mod tag {
    /// `null` (also a double JSON has no form for, as serde_json writes it).
    pub const NULL: u32 = 0;
    /// `true`.
    pub const TRUE: u32 = 1;
    /// `false`.
    pub const FALSE: u32 = 2;
    /// A number: the next slot is its index among the numbers.
    pub const NUMBER: u32 = 3;
    /// A string of the body: the next two slots are its range in the body's text.
    pub const BODY: u32 = 4;
    /// A string of the text beside the slots: the next two are its range there.
    pub const TEXT: u32 = 5;
    /// A list: its length, then its members.
    pub const LIST: u32 = 6;
    /// An object: its number of members, then each member's key (a string) and value.
    pub const OBJECT: u32 = 7;
    /// JSON text to parse, in the body: its range.
    pub const JSON_BODY: u32 = 8;
    /// JSON text to parse, in the text beside the slots: its range.
    pub const JSON_TEXT: u32 = 9;
    /// A string the program holds for as long as it runs (a field's or a variant's name): where
    /// its UTF-8 is in memory and how long it is (under 256 bytes: the JS side keys its cache
    /// by both in one number), which name it for good, so the JS side reads it once and keeps
    /// it.
    pub const NAME: u32 = 10;
}

/// What an event is written into: the slots (tags, ranges, counts), the numbers they index,
/// and the text beside them. Reused from event to event of a batch.
#[derive(Default)]
pub struct Slots {
    /// The slots.
    pub words: Vec<u32>,
    /// The numbers, by index.
    pub numbers: Vec<f64>,
    /// The strings that are not the body's, their ranges counted in UTF-16 units.
    pub text: String,
    /// The names written, by where they are and their length: what the JS side reads from
    /// memory, [`json_of`] looks up here (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    pub names: std::collections::HashMap<(u32, usize), &'static str>,
}

impl Slots {
    /// Room for `words` slots and a text of `words` bytes before either grows.
    pub fn with_capacity(words: usize) -> Slots {
        Slots {
            words: Vec::with_capacity(words),
            text: String::with_capacity(words),
            ..Slots::default()
        }
    }

    /// Empties it, keeping its room.
    pub fn clear(&mut self) {
        self.words.clear();
        self.numbers.clear();
        self.text.clear();
    }
}

/// The body the strings may be slices of. Only an ASCII body is given, so that a byte's offset
/// is its UTF-16 unit's in the body's JS string.
#[derive(Clone, Copy)]
pub struct Body<'b> {
    bytes: &'b [u8],
}

impl<'b> Body<'b> {
    /// `bytes` if they are all ASCII (their offsets are then the JS string's), else `None`.
    #[inline]
    pub fn ascii(bytes: &'b [u8]) -> Option<Body<'b>> {
        bytes.is_ascii().then_some(Body { bytes })
    }

    /// The range of `s` in the body, if `s` is a slice of it (it lies within the body's bytes).
    #[inline]
    fn range(self, s: &str) -> Option<(usize, usize)> {
        let from = (s.as_ptr() as usize).checked_sub(self.bytes.as_ptr() as usize)?;
        let to = from.checked_add(s.len())?;
        (to <= self.bytes.len()).then_some((from, to))
    }
}

/// Appends `value`, a map, as slots to `out`, and what its strings need beyond `body` to its
/// text.
///
/// # Errors
/// A value that is not a map, a map key that is not a string, an `f32` (no type of the crate
/// has one); `out` is left as it was.
#[inline]
pub fn write_slots<T: Serialize + ?Sized>(
    value: &T,
    body: Option<Body<'_>>,
    out: &mut Slots,
) -> Result<(), Error> {
    let (start, numbers, text) = (out.words.len(), out.numbers.len(), out.text.len());
    let mut w = Writer {
        units: utf16_len(&out.text),
        out,
        body,
        raw: false,
        values: true,
    };
    let written = value.serialize(&mut w);
    // The top value opened a map (consuming `values`) as a list.
    let was_map = !w.values && w.out.words.get(start) == Some(&tag::LIST);
    if written.is_err() || !was_map {
        out.words.truncate(start);
        out.numbers.truncate(numbers);
        out.text.truncate(text);
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

/// A count or an offset as a slot: exact in wasm's 32-bit memory, which holds every body and
/// text they count in.
#[inline]
fn word(n: usize) -> u32 {
    n as u32
}

/// Where the slots go, the length of the text in UTF-16 units, the body, whether the next
/// string is JSON text, whether the next map is the top one.
struct Writer<'o> {
    out: &'o mut Slots,
    units: usize,
    body: Option<Body<'o>>,
    raw: bool,
    values: bool,
}

impl<'o> Writer<'o> {
    #[inline]
    fn put(&mut self, words: &[u32]) {
        self.out.words.extend_from_slice(words);
    }

    #[inline]
    fn range(&mut self, tag: u32, from: usize, to: usize) {
        self.put(&[tag, word(from), word(to)]);
    }

    /// A string, or JSON text (`json`): a slice of the body if it is one, else of the text.
    #[inline]
    fn string(&mut self, s: &str, json: bool) {
        if let Some((from, to)) = self.body.and_then(|b| b.range(s)) {
            return self.range(if json { tag::JSON_BODY } else { tag::BODY }, from, to);
        }
        let from = self.units;
        self.out.text.push_str(s);
        self.units += utf16_len(s);
        let to = self.units;
        self.range(if json { tag::JSON_TEXT } else { tag::TEXT }, from, to);
    }

    /// A name (a field's, a variant's): [`tag::NAME`] if it is short, else a string.
    #[inline]
    fn name(&mut self, name: &'static str) {
        if name.len() >= 256 {
            return self.string(name, false);
        }
        // Natively only the tests' reader uses the address, through `names`.
        let address = word(name.as_ptr() as usize);
        #[cfg(not(target_arch = "wasm32"))]
        self.out.names.insert((address, name.len()), name);
        self.put(&[tag::NAME, address, word(name.len())]);
    }

    #[inline]
    fn number(&mut self, v: f64) {
        let index = word(self.out.numbers.len());
        self.out.numbers.push(v);
        self.put(&[tag::NUMBER, index]);
    }

    /// Opens a list or an object (`open`) whose length is set when it ends.
    #[inline]
    fn open(&mut self, open: u32) -> Compound<'_, 'o> {
        self.put(&[open, 0]);
        let at = self.out.words.len() - 1;
        Compound {
            at,
            n: 0,
            raw: false,
            w: self,
        }
    }

    /// `{variant: ...}`: an object of one member, its value next.
    #[inline]
    fn variant(&mut self, variant: &'static str) {
        self.put(&[tag::OBJECT, 1]);
        self.name(variant);
    }
}

/// A list or an object being written: where its length goes and how many members it has, or
/// whether it is a `RawValue` (no slots of its own).
struct Compound<'w, 'o> {
    w: &'w mut Writer<'o>,
    at: usize,
    n: u32,
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
        if let Some(slot) = self.w.out.words.get_mut(self.at) {
            *slot = self.n;
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
        self.put(&[if v { tag::TRUE } else { tag::FALSE }]);
        Ok(())
    }
    widen! {
        serialize_f64(f64):
        serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
    }
    /// The nearest double, as `JSON.parse` reads the digits serde_json writes.
    #[inline]
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.serialize_f64(v as f64)
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
            self.number(v);
        } else {
            self.put(&[tag::NULL]);
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
        self.put(&[tag::NULL]);
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
        // Only the top one: a map's keys inside an event would be the delivery's, and the JS
        // side takes an object's keys as the names of fields (a key `__proto__` made by
        // assignment would set a prototype). No event type has one; one that did would fail
        // its tests here.
        if std::mem::take(&mut self.values) {
            return Ok(self.open(tag::LIST));
        }
        Err(ser::Error::custom("a map inside an event"))
    }
    #[inline]
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Compound<'a, 'o>, Error> {
        if name == RAW_VALUE {
            return Ok(Compound {
                at: usize::MAX,
                n: 0,
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
    /// The top map's keys are left out (the JS side puts them back).
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Error> {
        self.n += 1;
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

/// The JSON text of the value `slots` describe, as [`super::write_values`] writes it (a number
/// that is whole, within 2^53, without digits after the point: no event holds a double): what
/// `JSON.parse` of that text and the JS reader of the slots (`js/events.js`) build are the same
/// value. `body` is the string the body's ranges are in. The tests' reader of the slots, for
/// what the JS side does with them.
///
/// # Errors
/// Slots that are not one whole value, or a range, an index or a name that is not there.
#[cfg(not(target_arch = "wasm32"))]
pub fn json_of(slots: &Slots, body: &str) -> Result<String, String> {
    struct Reader<'s> {
        slots: &'s Slots,
        at: usize,
        body: Vec<u16>,
        text: Vec<u16>,
        out: String,
    }
    impl Reader<'_> {
        fn next(&mut self) -> Result<usize, String> {
            let word = self.slots.words.get(self.at).ok_or("the slots end early")?;
            self.at += 1;
            Ok(*word as usize)
        }
        fn range(&mut self, body: bool) -> Result<String, String> {
            let (from, to) = (self.next()?, self.next()?);
            let units = if body { &self.body } else { &self.text };
            let units = units
                .get(from..to)
                .ok_or_else(|| format!("{from}..{to} is out of range"))?;
            String::from_utf16(units).map_err(|e| e.to_string())
        }
        fn quoted(&mut self, s: &str) -> Result<(), String> {
            self.out
                .push_str(&super::to_string(s).map_err(|e| e.to_string())?);
            Ok(())
        }
        fn value(&mut self) -> Result<(), String> {
            match self.next()? as u32 {
                tag::NULL => self.out.push_str("null"),
                tag::TRUE => self.out.push_str("true"),
                tag::FALSE => self.out.push_str("false"),
                tag::NUMBER => {
                    let at = self.next()?;
                    let n = *self.slots.numbers.get(at).ok_or("no such number")?;
                    let whole = n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0;
                    if whole && !(n == 0.0 && n.is_sign_negative()) {
                        self.out.push_str(&(n as i64).to_string());
                    } else {
                        self.out
                            .push_str(&super::to_string(&n).map_err(|e| e.to_string())?);
                    }
                }
                t @ (tag::BODY | tag::TEXT) => {
                    let s = self.range(t == tag::BODY)?;
                    self.quoted(&s)?;
                }
                t @ (tag::JSON_BODY | tag::JSON_TEXT) => {
                    let s = self.range(t == tag::JSON_BODY)?;
                    self.out.push_str(&s);
                }
                tag::NAME => {
                    let key = (self.next()? as u32, self.next()?);
                    let name = *self.slots.names.get(&key).ok_or("no such name")?;
                    self.quoted(name)?;
                }
                t @ (tag::LIST | tag::OBJECT) => {
                    let object = t == tag::OBJECT;
                    self.out.push(if object { '{' } else { '[' });
                    for i in 0..self.next()? {
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
        slots,
        at: 0,
        body: body.encode_utf16().collect(),
        text: slots.text.encode_utf16().collect(),
        out: String::new(),
    };
    reader.value()?;
    match reader.at == slots.words.len() {
        true => Ok(reader.out),
        false => Err("slots left after the value".to_owned()),
    }
}
