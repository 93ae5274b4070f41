//! Meta's templates beyond button and generic — `media` and `receipt` (Messenger), `product`
//! (Messenger and Instagram) — and Messenger's buttons beyond `web_url` and `postback`: the call
//! button (`phone_number`), log in (`account_link`), log out (`account_unlink`) and `game_play`.
//! Rules and limits from Meta's "Message Templates" and "Buttons" pages (see `limits`).

use crate::json::{Map, Str, Value};

use super::check::{show, Ctx, Path};
use super::limits::{self as lim, Channel};
use crate::error::IssueCode;

/// The buttons only Messenger has (Instagram takes `web_url` and `postback`).
pub(super) const MESSENGER_BUTTONS: &[&str] = &[
    "phone_number",
    "account_link",
    "account_unlink",
    "game_play",
];

/// What a field of a fixed shape holds.
#[derive(Clone, Copy)]
enum Kind {
    /// A string (non-empty when required).
    Text,
    /// A JSON number.
    Number,
    /// An absolute http or https URL.
    Url,
    /// Checked by the caller (or before: `template_type`, `sharable`).
    Other,
}

use Kind::{Number, Other, Text, Url};

/// Checks one object of a list, at its path.
type Item<'f> = dyn FnMut(&mut Ctx, &Map<Str, Value>, &Path<'_>) + 'f;

/// Checks `obj` against `spec` (`key`, what it holds, whether it is required): closed to the
/// keys of `spec`, each of its kind. One walk for every fixed shape of these templates.
fn fields(cx: &mut Ctx, obj: &Map<Str, Value>, spec: &[(&str, Kind, bool)], path: &Path<'_>) {
    let keys: Vec<&str> = spec.iter().map(|f| f.0).collect();
    cx.closed(obj, &keys, path);
    for &(key, kind, required) in spec {
        let p = path.key(key);
        let Some(v) = obj.get(key) else {
            if required {
                cx.required(&p, "");
            }
            continue;
        };
        match kind {
            Text => {
                if let Some(s) = cx.string(v, &p) {
                    cx.chars(s, &p, usize::from(required), usize::MAX);
                }
            }
            Number => {
                if !v.is_number() {
                    cx.wrong_type(&p, "a number", v);
                }
            }
            Url => {
                if let Some(s) = cx.string(v, &p) {
                    cx.web_url(s, &p, false);
                }
            }
            Other => {}
        }
    }
}

/// The objects of an array field of `obj` (`min..=max` items), each checked by `item`.
fn list(
    cx: &mut Ctx,
    obj: &Map<Str, Value>,
    key: &str,
    (min, max, required): (usize, usize, bool),
    path: &Path<'_>,
    item: &mut Item<'_>,
) {
    let p = path.key(key);
    let Some(v) = obj.get(key) else {
        if required {
            cx.required(&p, "");
        }
        return;
    };
    if let Some(items) = cx.array(v, &p, min, max) {
        for (i, v) in items.iter().enumerate() {
            let ip = p.index(i);
            if let Some(o) = cx.object(v, &ip) {
                item(cx, o, &ip);
            }
        }
    }
}

/// The media template (Messenger): one element, `media_type` `image` or `video`, its media by
/// `url` or `attachment_id` (not both), at most [`lim::MEDIA_MAX_BUTTONS`] buttons.
pub(super) fn media(cx: &mut Ctx, channel: Channel, payload: &Map<Str, Value>, path: &Path<'_>) {
    cx.closed(payload, &["template_type", "elements", "sharable"], path);
    let count = (1, lim::MEDIA_TEMPLATE_ELEMENTS, true);
    list(cx, payload, "elements", count, path, &mut |cx, el, ep| {
        let spec = [
            ("media_type", Other, true),
            ("url", Url, false),
            ("attachment_id", Other, false),
            ("buttons", Other, false),
        ];
        fields(cx, el, &spec, ep);
        if let Some(t) = cx.opt_str(el, "media_type", ep) {
            cx.one_of(t, &["image", "video"], &ep.key("media_type"));
        }
        if let Some(id) = cx.opt_str(el, "attachment_id", ep) {
            super::meta::attachment_id(cx, id, &ep.key("attachment_id"));
        }
        match (el.contains_key("url"), el.contains_key("attachment_id")) {
            (false, false) => cx.required(
                &ep.key("url"),
                ": a media element needs url or attachment_id",
            ),
            (true, true) => cx.report(
                &ep.key("attachment_id"),
                IssueCode::Conflict,
                "give either url or attachment_id, not both".into(),
            ),
            _ => {}
        }
        let buttons = (1, lim::MEDIA_MAX_BUTTONS, false);
        list(cx, el, "buttons", buttons, ep, &mut |cx, b, bp| {
            super::meta::button_object(cx, channel, b, bp);
        });
    });
}

/// The receipt template (Messenger): Meta's required order fields and `summary.total_cost`, at
/// most [`lim::RECEIPT_MAX_ELEMENTS`] items, optional address and adjustments.
pub(super) fn receipt(cx: &mut Ctx, payload: &Map<Str, Value>, path: &Path<'_>) {
    let spec = [
        ("template_type", Other, true),
        ("sharable", Other, false),
        ("recipient_name", Text, true),
        ("merchant_name", Text, false),
        ("order_number", Text, true),
        ("currency", Text, true),
        ("payment_method", Text, true),
        ("timestamp", Text, false),
        ("order_url", Url, false),
        ("elements", Other, false),
        ("address", Other, false),
        ("summary", Other, true),
        ("adjustments", Other, false),
    ];
    fields(cx, payload, &spec, path);
    let items = (1, lim::RECEIPT_MAX_ELEMENTS, false);
    list(cx, payload, "elements", items, path, &mut |cx, el, ep| {
        let spec = [
            ("title", Text, true),
            ("subtitle", Text, false),
            ("quantity", Number, false),
            ("price", Number, true),
            ("currency", Text, false),
            ("image_url", Url, false),
        ];
        fields(cx, el, &spec, ep);
    });
    for (key, spec) in [
        (
            "address",
            &[
                ("street_1", Text, true),
                ("street_2", Text, false),
                ("city", Text, true),
                ("postal_code", Text, true),
                ("state", Text, true),
                ("country", Text, true),
            ][..],
        ),
        (
            "summary",
            &[
                ("subtotal", Number, false),
                ("shipping_cost", Number, false),
                ("total_tax", Number, false),
                ("total_cost", Number, true),
            ][..],
        ),
    ] {
        if let Some(v) = payload.get(key) {
            let p = path.key(key);
            if let Some(o) = cx.object(v, &p) {
                fields(cx, o, spec, &p);
            }
        }
    }
    let adjustments = (1, usize::MAX, false);
    list(
        cx,
        payload,
        "adjustments",
        adjustments,
        path,
        &mut |cx, a, ap| {
            fields(cx, a, &[("name", Text, true), ("amount", Number, true)], ap);
        },
    );
}

/// The product template (Messenger and Instagram): 1 to [`lim::PRODUCT_MAX_ELEMENTS`] product
/// ids from the Page's catalog.
pub(super) fn product(cx: &mut Ctx, payload: &Map<Str, Value>, path: &Path<'_>) {
    cx.closed(payload, &["template_type", "elements"], path);
    let count = (1, lim::PRODUCT_MAX_ELEMENTS, true);
    list(cx, payload, "elements", count, path, &mut |cx, el, ep| {
        fields(cx, el, &[("id", Text, true)], ep);
    });
}

/// Checks a button of [`MESSENGER_BUTTONS`]; returns whether it carries a `title` (log in and
/// log out buttons have none).
pub(super) fn button(cx: &mut Ctx, kind: &str, b: &Map<Str, Value>, path: &Path<'_>) -> bool {
    match kind {
        "phone_number" => {
            cx.closed(b, &["type", "title", "payload"], path);
            if let Some(p) = cx.req_str(b, "payload", path) {
                phone(cx, p, &path.key("payload"));
            }
            true
        }
        "account_link" => {
            // Meta, log in button: "Authentication callback URL. Must use HTTPS protocol."
            cx.closed(b, &["type", "url"], path);
            if let Some(u) = cx.req_str(b, "url", path) {
                cx.https_url(u, &path.key("url"));
            }
            false
        }
        "account_unlink" => {
            cx.closed(b, &["type"], path);
            false
        }
        _ => {
            // game_play: an optional payload for the game, and one of player_id / context_id.
            cx.closed(b, &["type", "title", "payload", "game_metadata"], path);
            cx.opt_str(b, "payload", path);
            if let Some(v) = b.get("game_metadata") {
                let gp = path.key("game_metadata");
                if let Some(m) = cx.object(v, &gp) {
                    let spec = [("player_id", Text, false), ("context_id", Text, false)];
                    fields(cx, m, &spec, &gp);
                    if m.contains_key("player_id") && m.contains_key("context_id") {
                        let msg = "give player_id or context_id, not both".into();
                        cx.report(&gp.key("context_id"), IssueCode::Conflict, msg);
                    }
                }
            }
            true
        }
    }
}

/// A phone number as the call button takes it: `+`, then [`lim::PHONE_MIN_DIGITS`] to
/// [`lim::PHONE_MAX_DIGITS`] digits, the first not 0 (E.164).
fn phone(cx: &mut Ctx, p: &str, path: &Path<'_>) {
    let ok = p.strip_prefix('+').is_some_and(|d| {
        d.bytes().all(|c| c.is_ascii_digit())
            && (lim::PHONE_MIN_DIGITS..=lim::PHONE_MAX_DIGITS).contains(&d.len())
            && !d.starts_with('0')
    });
    if !ok {
        let msg = format!(
            "payload must be a phone number in E.164 form: `+`, the country code and the number, {} to {} digits (+15105551234); got {}",
            lim::PHONE_MIN_DIGITS,
            lim::PHONE_MAX_DIGITS,
            show(p)
        );
        cx.report(path, IssueCode::InvalidFormat, msg);
    }
}

/// The `not_supported` issue of a Messenger-only template type or button on another channel
/// (Instagram), naming it: `what` is plural ("media templates", "phone_number buttons").
pub(super) fn messenger_only(cx: &mut Ctx, channel: Channel, what: &str, path: &Path<'_>) {
    let msg = format!(
        "{what} are not available on {}; Meta offers them on {} only",
        channel.label(),
        Channel::Messenger.label()
    );
    cx.report(path, IssueCode::NotSupported, msg);
}
