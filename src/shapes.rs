//! The shapes of what crosses to JS as the array of its values: webhook events and a send's
//! result. The core writes each as its members' values, keys left out (an event as slots,
//! [`crate::json::slots`]; a result as JSON, [`crate::json::write_values`]; the same values in
//! the same order), and the JS side builds the object back with one object literal per shape
//! (js/events.js), which costs V8 less than `JSON.parse` reading every key,
//! or than building the object one property at a time across the boundary (bench/README.md,
//! "Issue #19, fifth round"). Those literals are generated at build time by [`builders_js`]
//! (`examples/typescript.rs -- builders`, run by `scripts/build.sh`) from the keys of one value
//! of each shape, in the order the same `Serialize` derive writes their values: no key list is
//! kept by hand, and each object is the one its JSON would parse to.
//!
//! Only native builds use this module (the build and the tests); the `.wasm` has no need of it.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;

use crate::request::SendResult;
use crate::webhook::event::WebhookEvent;

/// One event of each `type`, every field at its default (in the order `after` gives them).
pub fn specimens() -> Vec<WebhookEvent<'static>> {
    let mut all = vec![WebhookEvent::Message(Default::default())];
    while let Some(next) = all.last().and_then(after) {
        // A chain that comes back to a type already listed ends there (`shapes` then finds
        // the types after it missing, and the build's check of the declared types fails).
        if all.iter().any(|e| e.kind() == next.kind()) {
            break;
        }
        all.push(next);
    }
    all
}

/// The event type after `event`'s in [`specimens`]: a match over every variant, so that a new
/// one does not compile until it has its place (the build also checks that every type the
/// `.d.ts` declares has a builder: `examples/typescript.rs`).
fn after(event: &WebhookEvent<'_>) -> Option<WebhookEvent<'static>> {
    use WebhookEvent as E;
    Some(match event {
        E::Message(_) => E::Echo(Default::default()),
        E::Echo(_) => E::Status(Default::default()),
        E::Status(_) => E::Reaction(Default::default()),
        E::Reaction(_) => E::Postback(Default::default()),
        E::Postback(_) => E::Read(Default::default()),
        E::Read(_) => E::Referral(Default::default()),
        E::Referral(_) => E::Delivery(Default::default()),
        E::Delivery(_) => E::Optin(Default::default()),
        E::Optin(_) => E::Handover(Default::default()),
        E::Handover(_) => E::AccountLinking(Default::default()),
        E::AccountLinking(_) => E::Unknown(Default::default()),
        E::Unknown(_) => return None,
    })
}

/// The keys of a JSON object's text in the order written, duplicates kept (not merged as the
/// crate's tree merges them: a builder would then put two values under one key).
fn object_keys(json: &str) -> Result<Vec<String>, String> {
    struct Keys(Vec<String>);
    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
            struct Members;
            impl<'de> Visitor<'de> for Members {
                type Value = Keys;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(key) = map.next_key::<String>()? {
                        map.next_value::<IgnoredAny>()?;
                        keys.push(key);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(Members)
        }
    }
    serde_json::from_str::<Keys>(json)
        .map(|keys| keys.0)
        .map_err(|e| e.to_string())
}

/// The keys of `value`, an object, in the order they are written, checked against the values
/// [`crate::json::write_values`] writes of it (`values`): as many, no key twice, none that an
/// object literal cannot hold. (That every value of a type has these keys is for the types to
/// keep: none skips a member when serializing it, and the tests hold every fixture event and
/// random bodies' events to it.)
fn keys_of<T: Serialize>(value: &T, values: &[u8]) -> Result<Vec<String>, String> {
    let json = crate::json::to_string(value).map_err(|e| e.to_string())?;
    let keys = object_keys(&json)?;
    let count = serde_json::from_slice::<Vec<IgnoredAny>>(values)
        .map_err(|e| e.to_string())?
        .len();
    if count != keys.len() {
        return Err(format!("{} keys for {count} values: {json}", keys.len()));
    }
    let seen_before = |i: usize, key: &String| keys.get(..i).is_some_and(|b| b.contains(key));
    if let Some((i, key)) = keys.iter().enumerate().find(|(i, k)| seen_before(*i, k)) {
        return Err(format!("the key {key:?} twice (at {i}): {json}"));
    }
    // In an object literal, `"__proto__": value` sets the prototype rather than a member.
    if keys.iter().any(|k| k == "__proto__") {
        return Err(format!(
            "a key `__proto__`, which an object literal cannot hold: {json}"
        ));
    }
    Ok(keys)
}

/// The keys of an event of each `type`, in the order its values are written: `(type, keys)`.
/// The first key is `type`, and so the first value of every event is its `type`.
///
/// # Errors
/// A type whose keys and values disagree: not as many, or a key twice.
pub fn shapes() -> Result<Vec<(String, Vec<String>)>, String> {
    specimens()
        .iter()
        .map(|event| {
            let keys = checked_keys(event, crate::json::write_values)?;
            Ok((String::from(event.kind()), keys))
        })
        .collect()
}

/// The keys of a send's result, in the order its values are written.
///
/// # Errors
/// As [`shapes`].
pub fn result_keys() -> Result<Vec<String>, String> {
    checked_keys(&SendResult::default(), crate::json::write_struct_values)
}

/// [`keys_of`] `value`, whose values `write` writes as the core hands them over.
fn checked_keys<T: Serialize>(
    value: &T,
    write: fn(&T, &mut Vec<u8>) -> Result<(), serde_json::Error>,
) -> Result<Vec<String>, String> {
    let mut values = Vec::new();
    write(value, &mut values).map_err(|e| e.to_string())?;
    keys_of(value, &values)
}

/// The keys whose value crosses as unix milliseconds and is a `Date` in JS (the `.d.ts` says
/// so on the Rust field, `Common::timestamp`).
const DATES: [&str; 1] = ["timestamp"];

/// The JS function that builds the object of `keys` from the array of its values (a send's
/// result).
fn builder(keys: &[String]) -> Result<String, String> {
    let members = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let value = if DATES.contains(&key.as_str()) {
                format!("v[{i}] === null ? null : new Date(v[{i}])")
            } else {
                format!("v[{i}]")
            };
            let quoted = serde_json::to_string(key).map_err(|e| e.to_string())?;
            Ok(format!("{quoted}: {value}"))
        })
        .collect::<Result<Vec<String>, String>>()?;
    Ok(format!("(v) => ({{ {} }})", members.join(", ")))
}

/// The JS function that builds the event of `keys` from its `type` (`t`, the first value) and
/// `n`, which gives each value after it in turn (the reader of the event's slots,
/// js/events.js): no list of the values is made, and the literal reads them in its order.
fn event_builder(keys: &[String]) -> Result<String, String> {
    let members = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let value = match (i, DATES.contains(&key.as_str())) {
                (0, _) => "t",
                (_, true) => "date(n())",
                (_, false) => "n()",
            };
            let quoted = serde_json::to_string(key).map_err(|e| e.to_string())?;
            Ok(format!("{quoted}: {value}"))
        })
        .collect::<Result<Vec<String>, String>>()?;
    Ok(format!("(t, n) => ({{ {} }})", members.join(", ")))
}

/// The JS module of the builders: `BUILDERS[type](type, next)` is the event whose values
/// [`crate::json::write_values`] wrote (as `next` gives them after its type), its dates as
/// `Date`s; `RESULT(values)` is a send's result without its `raw`, which the caller adds.
///
/// # Errors
/// As [`shapes`].
pub fn builders_js() -> Result<String, String> {
    let mut js = String::from(
        "// Generated from the Rust types (src/shapes.rs) by `cargo run --example typescript\n\
         // --features typescript -- builders`: the object literal of each shape, from its\n\
         // values.\n\
         const date = (ms) => (ms === null ? null : new Date(ms));\n\
         export const BUILDERS = { __proto__: null,\n",
    );
    for (kind, keys) in shapes()? {
        if keys.first().map(String::as_str) != Some("type") {
            return Err(format!("the event {kind} does not start with its type"));
        }
        let quoted = serde_json::to_string(&kind).map_err(|e| e.to_string())?;
        js.push_str(&format!("  {quoted}: {},\n", event_builder(&keys)?));
    }
    js.push_str("};\n");
    // A result's `raw` is added after the literal, as the accessor of its lazy value: left out
    // of the literal, the accessor is a new last property (the object keeps its fast
    // properties), where turning a data property into an accessor would make it a dictionary.
    let keys = result_keys()?;
    let members = match keys.split_last() {
        Some((last, members)) if last == "raw" => members,
        _ => return Err(String::from("a send result's `raw` must be its last field")),
    };
    js.push_str(&format!("export const RESULT = {};\n", builder(members)?));
    Ok(js)
}
