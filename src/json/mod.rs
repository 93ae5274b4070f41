//! JSON as the crate reads and writes it: a tree for what it reads and checks (send bodies,
//! the inputs of webhook management, the API's answers), and a writer ([`write()`], [`to_string()`])
//! for everything it hands to JS as JSON.
//!
//! The tree has the shape and the reading methods of `serde_json::Value` (with `preserve_order`:
//! keys in document order, and of duplicate keys the last value at the first one's place; see
//! [`Map`] for objects of over 256 members) and is read by serde_json's deserializer, but an
//! object is a list of its members rather than a hash map, and its strings are borrowed from the
//! text. The objects the crate reads have a few keys each and are looked up by name a few times:
//! hashing every key on the way in and on every look-up (SipHash, an `IndexMap` per object) was
//! a fifth of a send body's validation in wasm, and comparing a few short keys costs less; a
//! `String` per key and per string was most of what remained of building the tree
//! (bench/README.md, "Measured choices").

use std::borrow::Cow;
use std::fmt;

/// The compounds of a writer (`$compound`, with an `element` and an `end` of its own) whose
/// members are values alone: lists, tuples, tuple structs and variants. The two writers (JSON
/// text, slots) share them.
macro_rules! elements {
    ($compound:ident: $($trait:ident::$method:ident),* $(,)?) => {
        $(
            impl ser::$trait for $compound<'_, '_> {
                type Ok = ();
                type Error = Error;
                #[inline]
                fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                    self.element(value)
                }
                #[inline]
                fn end(self) -> Result<(), Error> {
                    $compound::end(self)
                }
            }
        )*
    };
}

/// `Serializer` methods that pass their number on to `$to`, widened without loss to `$wide`.
macro_rules! widen {
    ($to:ident($wide:ty): $($name:ident($narrow:ty)),* $(,)?) => {
        $(
            #[inline]
            fn $name(self, v: $narrow) -> Result<(), Error> {
                self.$to(<$wide>::from(v))
            }
        )*
    };
}

pub mod slots;
mod write;
pub use write::{escape_mask, to_string, write, write_struct_values, write_values, RAW_VALUE};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// The tree of a JSON text, as `serde_json::from_str` reads it. Every reader of the crate goes
/// through this one function, so the module holds one copy of the reading, compiled where the
/// tree is (crates/json, for speed).
///
/// # Errors
/// serde_json's, for a text that is not JSON.
pub fn from_str(text: &str) -> Result<Value<'_>, serde_json::Error> {
    serde_json::from_str(text)
}

/// Any JSON value, its strings borrowed from the text it was read from unless they hold escapes.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value<'a> {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(Str<'a>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object, its members in document order.
    Object(Map<Str<'a>, Value<'a>>),
}

/// A string of a [`Value`] (or an object's key): borrowed from the text it was read from, or
/// decoded when it held escapes. Reading a body allocates nothing for its strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Str<'a>(Cow<'a, str>);

impl<'a> Str<'a> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Str<'_> {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A JSON number, as serde_json reads it: an integer when it is one that fits 64 bits, else a
/// double.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(N);

#[derive(Debug, Clone, Copy, PartialEq)]
enum N {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

impl Number {
    /// The number as a `u64`, when it is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::PosInt(n) => Some(n),
            _ => None,
        }
    }

    /// The number as an `i64`, when it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::PosInt(n) => i64::try_from(n).ok(),
            N::NegInt(n) => Some(n),
            N::Float(_) => None,
        }
    }

    /// The number as a double (integers beyond 2^53 rounded).
    pub fn as_f64(&self) -> Option<f64> {
        Some(match self.0 {
            N::PosInt(n) => n as f64,
            N::NegInt(n) => n as f64,
            N::Float(f) => f,
        })
    }
}

/// An object's members in document order: the keys are unique (of duplicate keys the last
/// value is kept, at the place of the first, as serde_json's `preserve_order` map does) in
/// objects of up to 256 members.
#[derive(Debug, Clone, PartialEq)]
pub struct Map<K, V> {
    members: Vec<(K, V)>,
}

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map {
            members: Vec::new(),
        }
    }
}

/// Objects up to this many members have their duplicate keys merged (pairwise, so at most
/// 32,640 comparisons). A larger object (no input the crate checks has one; any text may) is
/// kept whole, duplicates included, so that no text costs quadratic time: [`Map::get`] still
/// gives the last value of a key, and only iteration sees a duplicate twice.
const MERGED_MAX: usize = 256;

impl<K: std::ops::Deref<Target = str>, V> Map<K, V> {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// The members read from a text, duplicate keys merged in place (no second list: duplicates
    /// are rare, and each costs one shift of the members after it).
    fn of(mut members: Vec<(K, V)>) -> Self {
        if members.len() > MERGED_MAX {
            return Map { members };
        }
        let mut i = 1;
        while i < members.len() {
            let (seen, rest) = members.split_at_mut(i);
            let earlier = match rest.first() {
                Some((key, _)) => seen.iter().position(|(k, _)| **k == **key),
                None => break,
            };
            match earlier {
                Some(at) => {
                    let (_, value) = members.remove(i);
                    if let Some(member) = members.get_mut(at) {
                        member.1 = value;
                    }
                }
                None => i += 1,
            }
        }
        Map { members }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        // From the end: the last of duplicate keys in an object too large to merge them.
        self.members
            .iter()
            .rev()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| v)
    }

    /// Whether the object has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members, in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.members.iter().map(|(k, v)| (k, v))
    }

    /// The keys, in document order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.members.iter().map(|(k, _)| k)
    }

    /// The values, in document order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.members.iter().map(|(_, v)| v)
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Sets `key` (in place if present, else last).
    pub fn insert(&mut self, key: K, value: V) {
        match self.members.iter_mut().find(|(k, _)| **k == *key) {
            Some(member) => member.1 = value,
            None => self.members.push((key, value)),
        }
    }
}

impl<'a, K, V> IntoIterator for &'a Map<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.members.iter().map(|(k, v)| (k, v))
    }
}

impl<'a> Value<'a> {
    /// The same value, owning its strings.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(n),
            Value::String(s) => Value::String(Str(Cow::Owned(s.into_owned()))),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(map) => Value::Object(Map {
                members: map
                    .members
                    .into_iter()
                    .map(|(k, v)| (Str(Cow::Owned(k.into_owned())), v.into_owned()))
                    .collect(),
            }),
        }
    }

    /// The value of `key` when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_object().and_then(|o| o.get(key))
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as a `u64`, when this is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The number as an `i64`, when this is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The number as a double, when this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// The items, when this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value<'a>>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, when this is an object.
    pub fn as_object(&self) -> Option<&Map<Str<'a>, Value<'a>>> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    /// Whether this is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// Whether this is an array.
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Value<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value<'a>, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(Number(match u64::try_from(v) {
            Ok(n) => N::PosInt(n),
            Err(_) => N::NegInt(v),
        })))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(Number(N::PosInt(v))))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value<'de>, E> {
        // As serde_json: a double JSON cannot write is no number.
        Ok(if v.is_finite() {
            Value::Number(Number(N::Float(v)))
        } else {
            Value::Null
        })
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Str(Cow::Borrowed(v))))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Str(Cow::Owned(v.to_owned()))))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value<'de>, E> {
        Ok(Value::String(Str(Cow::Owned(v))))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(member) = map.next_entry::<Str<'de>, Value<'de>>()? {
            members.push(member);
        }
        Ok(Value::Object(Map::of(members)))
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            N::PosInt(n) => s.serialize_u64(n),
            N::NegInt(n) => s.serialize_i64(n),
            N::Float(f) => s.serialize_f64(f),
        }
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => n.serialize(s),
            Value::String(text) => s.serialize_str(text.as_str()),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k.as_str(), v)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
#[path = "tree_tests.rs"]
mod tests;
