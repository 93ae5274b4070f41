//! The shape an event crosses to JS in. The core writes an event as the array of its values,
//! keys left out ([`crate::json::write_values`]); the JS side builds the object back with one
//! object literal per `type` (js/events.js), which costs V8 less than `JSON.parse` reading every
//! key of every event (bench/README.md, "Issue #19, fifth round"). Those literals are generated
//! at build time by [`builders_js`] (`scripts/build.sh`), from [`shapes`]: the keys of one
//! event of each `type`, in the order the same `Serialize` derive writes their values. So no
//! key list is kept by hand, and an event's object is the one its JSON would parse to.

use super::event::WebhookEvent;

/// One event of each `type`, every field at its default.
pub fn specimens() -> Vec<WebhookEvent<'static>> {
    use WebhookEvent as E;
    let all = vec![
        E::Message(Default::default()),
        E::Echo(Default::default()),
        E::Status(Default::default()),
        E::Reaction(Default::default()),
        E::Postback(Default::default()),
        E::Read(Default::default()),
        E::Referral(Default::default()),
        E::Delivery(Default::default()),
        E::Optin(Default::default()),
        E::Handover(Default::default()),
        E::AccountLinking(Default::default()),
        E::Unknown(Default::default()),
    ];
    // A variant added to `WebhookEvent` stops this match from compiling until it is listed
    // here, and above.
    for event in &all {
        match event {
            E::Message(_)
            | E::Echo(_)
            | E::Status(_)
            | E::Reaction(_)
            | E::Postback(_)
            | E::Read(_)
            | E::Referral(_)
            | E::Delivery(_)
            | E::Optin(_)
            | E::Handover(_)
            | E::AccountLinking(_)
            | E::Unknown(_) => {}
        }
    }
    all
}

/// The keys of an event of each `type`, in the order its values are written: `(type, keys)`.
/// The first key is `type`, and so the first value of every event is its `type`.
pub fn shapes() -> Vec<(String, Vec<String>)> {
    specimens()
        .iter()
        .filter_map(|event| {
            let json = crate::json::to_string(event).ok()?;
            let tree = crate::json::from_str(&json).ok()?;
            let members = tree.as_object()?;
            let kind = members.get("type")?.as_str()?.to_owned();
            Some((kind, members.keys().map(|k| k.to_string()).collect()))
        })
        .collect()
}

/// The keys whose value crosses as unix milliseconds and is a `Date` in JS (the `.d.ts` says
/// so on the Rust field, `Common::timestamp`).
const DATES: [&str; 1] = ["timestamp"];

/// The JS module of the builders: `BUILDERS[type](values)` is the event whose values
/// [`crate::json::write_values`] wrote, its dates as `Date`s.
pub fn builders_js() -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut js = String::from(
        "// Generated from the Rust event types (src/webhook/shapes.rs) by `cargo run --example\n\
         // typescript --features typescript -- builders`: the object literal of each event type,\n\
         // from the array of its values.\n\
         export const BUILDERS = {\n",
    );
    for (kind, keys) in shapes() {
        let members: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let value = if DATES.contains(&key.as_str()) {
                    format!("v[{i}] === null ? null : new Date(v[{i}])")
                } else {
                    format!("v[{i}]")
                };
                format!("{}: {value}", quote(key))
            })
            .collect();
        js.push_str(&format!(
            "  {}: (v) => ({{ {} }}),\n",
            quote(&kind),
            members.join(", ")
        ));
    }
    js.push_str("};\n");
    js
}
