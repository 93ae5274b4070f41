//! The Hub-normalized content model of the vendor's docs site: `text`, `imageUrl` / `videoUrl` /
//! `audioUrl` (with an optional `text` caption), `interactive` (`button`, `list`, `cta_url`),
//! `reaction` and `context` (a reply). `header` and `footer` are WhatsApp-only, so they are
//! refused on Instagram and Messenger.
//!
//! Reactions and replies ("Reactions and reply" page; its table marks Instagram and Messenger)
//! name the message by the Hub's own `messageId`, a UUID (what a send returns and events carry),
//! which the Hub maps to Meta's `mid`: a `mid` there is a mistake worth catching before sending.

use crate::json::{Map, Str, Value};

use super::check::{show, Ctx, Path};
use super::limits::{self as lim, Channel};
use super::{check_text, only_one};
use crate::error::IssueCode;

const INTERACTIVE_TYPES: &[&str] = &["button", "list", "cta_url"];
/// Keys that cannot travel together, and why.
const APART: &[(&str, &str, &str)] = &[
    (
        "text",
        "interactive",
        "put the text in interactive.body.text",
    ),
    ("text", "reaction", "a reaction is sent alone"),
    (
        "context",
        "reaction",
        "a reaction names its message in reaction.messageId",
    ),
];

/// Checks Hub-normalized `content`.
pub(super) fn content(cx: &mut Ctx, channel: Channel, content: &Map<Str, Value>, path: &Path<'_>) {
    let kinds = only_one(
        cx,
        content,
        &[
            "imageUrl",
            "videoUrl",
            "audioUrl",
            "interactive",
            "reaction",
        ],
        path,
    );
    for (key, other, why) in APART {
        if content.contains_key(key) && content.contains_key(other) {
            let msg = format!("{key} cannot be combined with {other}: {why}");
            cx.report(&path.key(key), IssueCode::Conflict, msg);
        }
    }
    // Only `context` brought the body here: a reply needs something to say.
    if kinds == 0 && !content.contains_key("text") {
        cx.required(&path.key("text"), ": context replies with text or media");
    }
    if let Some(v) = content.get("text") {
        let p = path.key("text");
        if let Some(s) = cx.string(v, &p) {
            check_text(cx, channel, s, &p);
        }
    }
    for key in ["imageUrl", "videoUrl", "audioUrl"] {
        if let Some(v) = content.get(key) {
            let p = path.key(key);
            if let Some(u) = cx.string(v, &p) {
                cx.https_url(u, &p);
            }
        }
    }
    if let Some(v) = content.get("interactive") {
        interactive(cx, channel, v, &path.key("interactive"));
    }
    reaction_and_context(cx, content, path);
}

/// `reaction: {messageId, emoji?}` (no emoji, or "", removes it); `context: {messageId}`.
pub(super) fn reaction_and_context(cx: &mut Ctx, content: &Map<Str, Value>, path: &Path<'_>) {
    for (key, allowed) in [
        ("reaction", &["messageId", "emoji"][..]),
        ("context", &["messageId"][..]),
    ] {
        let p = path.key(key);
        let Some(obj) = content.get(key).and_then(|v| cx.object(v, &p)) else {
            continue;
        };
        cx.closed(obj, allowed, &p);
        if let Some(id) = cx.req_str(obj, "messageId", &p) {
            // The id a send returned or an event carried: its form is the Hub's (the docs show
            // UUIDs and Meta-style mids alike, and say never to check inbound ids as UUIDs).
            if id.is_empty() || super::has_space(id) {
                let msg = format!(
                    "messageId must be the id of a message (what a send returned or an event carried), without spaces; got {}",
                    show(id)
                );
                cx.report(&p.key("messageId"), IssueCode::InvalidFormat, msg);
            }
        }
        if key == "reaction" {
            if let Some(e) = cx.opt_str(obj, "emoji", &p) {
                // "" removes the reaction.
                if !e.is_empty() && !super::meta::is_emoji(e) {
                    let msg = format!(
                        "emoji must be a single emoji, or \"\" to remove the reaction; got {}",
                        show(e)
                    );
                    cx.report(&p.key("emoji"), IssueCode::InvalidValue, msg);
                }
            }
        }
    }
}

pub(super) fn interactive(cx: &mut Ctx, channel: Channel, v: &Value, path: &Path<'_>) {
    let Some(obj) = cx.object(v, path) else {
        return;
    };
    // Instagram and Messenger: this module's own; the other channels: their rows.
    let rules = super::channels::interactive_rules(channel);
    let (types, header_footer, body_max, min_rows) =
        rules.unwrap_or((INTERACTIVE_TYPES, false, 0, 1));
    if header_footer {
        super::whatsapp::header_footer(cx, obj, path);
    }
    for key in ["header", "footer"] {
        if obj.contains_key(key) && !header_footer {
            let msg = format!(
                "{key} works only on WhatsApp; on {} an interactive message has a body only",
                channel.label()
            );
            cx.report(&path.key(key), IssueCode::NotSupported, msg);
        }
    }
    cx.closed_except(
        obj,
        &["type", "body", "action"],
        &["header", "footer"],
        path,
    );
    let kind = cx.req_str(obj, "type", path);
    let bp = path.key("body");
    match obj.get("body") {
        None => cx.required(&bp, &format!(" on {}", channel.label())),
        Some(v) => {
            if let Some(body) = cx.object(v, &bp) {
                cx.closed(body, &["text"], &bp);
                if let Some(t) = cx.req_str(body, "text", &bp) {
                    if rules.is_some() {
                        cx.chars(t, &bp.key("text"), 1, body_max);
                    } else {
                        check_text(cx, channel, t, &bp.key("text"));
                    }
                }
            }
        }
    }
    let Some(kind) = kind else {
        return;
    };
    if rules.is_some()
        && !types.contains(&kind)
        && (INTERACTIVE_TYPES.contains(&kind) || kind == "location_request_message")
    {
        let msg = super::channels::interactive_refusal(channel, kind);
        cx.report(&path.key("type"), IssueCode::NotSupported, msg);
        return;
    }
    if kind == "location_request_message" {
        cx.report(
            &path.key("type"),
            IssueCode::NotSupported,
            "location_request_message works only on WhatsApp".into(),
        );
        return;
    }
    if !cx.one_of(kind, types, &path.key("type")) {
        return;
    }
    let ap = path.key("action");
    let action = match obj.get("action") {
        None => {
            cx.required(&ap, "");
            return;
        }
        Some(v) => match cx.object(v, &ap) {
            Some(a) => a,
            None => return,
        },
    };
    match kind {
        "button" => reply_buttons(cx, action, &ap),
        "list" => list(cx, action, &ap, min_rows),
        _ => cta_url(cx, action, &ap),
    }
}

/// `action.buttons[]`: 1–3 `{type: "reply", reply: {id, title}}` with unique ids.
fn reply_buttons(cx: &mut Ctx, action: &Map<Str, Value>, path: &Path<'_>) {
    cx.closed(action, &["buttons"], path);
    let bp = path.key("buttons");
    let Some(v) = action.get("buttons") else {
        cx.required(&bp, "");
        return;
    };
    let Some(items) = cx.array(v, &bp, 1, lim::INTERACTIVE_MAX_BUTTONS) else {
        return;
    };
    let mut ids: Vec<&str> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ip = bp.index(i);
        let Some(b) = cx.object(item, &ip) else {
            continue;
        };
        cx.closed(b, &["type", "reply"], &ip);
        if let Some(t) = cx.req_str(b, "type", &ip) {
            cx.one_of(t, &["reply"], &ip.key("type"));
        }
        let rp = ip.key("reply");
        let Some(reply) = (match b.get("reply") {
            None => {
                cx.required(&rp, "");
                None
            }
            Some(v) => cx.object(v, &rp),
        }) else {
            continue;
        };
        cx.closed(reply, &["id", "title"], &rp);
        if let Some(id) = cx.req_str(reply, "id", &rp) {
            cx.chars(id, &rp.key("id"), 1, lim::INTERACTIVE_ID_MAX_CHARS);
            if ids.contains(&id) {
                let msg = format!("button id {} is used twice; ids must be unique", show(id));
                cx.report(&rp.key("id"), IssueCode::Conflict, msg);
            }
            ids.push(id);
        }
        if let Some(t) = cx.req_str(reply, "title", &rp) {
            cx.chars(t, &rp.key("title"), 1, lim::INTERACTIVE_TITLE_MAX_CHARS);
        }
    }
}

/// `action: {button, sections: [{title, rows: [{id, title, description?}]}]}`.
fn list(cx: &mut Ctx, action: &Map<Str, Value>, path: &Path<'_>, min_rows: usize) {
    cx.closed(action, &["button", "sections"], path);
    if let Some(b) = cx.req_str(action, "button", path) {
        cx.chars(b, &path.key("button"), 1, lim::LIST_BUTTON_MAX_CHARS);
    }
    let sp = path.key("sections");
    let Some(v) = action.get("sections") else {
        cx.required(&sp, "");
        return;
    };
    let Some(sections) = cx.array(v, &sp, 1, lim::LIST_MAX_SECTIONS) else {
        return;
    };
    let mut ids: Vec<&str> = Vec::new();
    let mut rows_total = 0usize;
    for (i, s) in sections.iter().enumerate() {
        let ip = sp.index(i);
        let Some(section) = cx.object(s, &ip) else {
            continue;
        };
        cx.closed(section, &["title", "rows"], &ip);
        if let Some(t) = cx.opt_str(section, "title", &ip) {
            cx.chars(t, &ip.key("title"), 1, lim::LIST_TITLE_MAX_CHARS);
        }
        let rp = ip.key("rows");
        let Some(v) = section.get("rows") else {
            cx.required(&rp, "");
            continue;
        };
        let Some(rows) = cx.array(v, &rp, 1, lim::LIST_MAX_ROWS) else {
            continue;
        };
        rows_total += rows.len();
        for (j, r) in rows.iter().enumerate() {
            let jp = rp.index(j);
            let Some(row) = cx.object(r, &jp) else {
                continue;
            };
            cx.closed(row, &["id", "title", "description"], &jp);
            if let Some(id) = cx.req_str(row, "id", &jp) {
                cx.chars(id, &jp.key("id"), 1, lim::LIST_ROW_ID_MAX_CHARS);
                if ids.contains(&id) {
                    let msg = format!("row id {} is used twice; ids must be unique", show(id));
                    cx.report(&jp.key("id"), IssueCode::Conflict, msg);
                }
                ids.push(id);
            }
            if let Some(t) = cx.req_str(row, "title", &jp) {
                cx.chars(t, &jp.key("title"), 1, lim::LIST_TITLE_MAX_CHARS);
            }
            if let Some(d) = cx.opt_str(row, "description", &jp) {
                cx.chars(
                    d,
                    &jp.key("description"),
                    1,
                    lim::LIST_DESCRIPTION_MAX_CHARS,
                );
            }
        }
    }
    if rows_total < min_rows && sections.iter().all(|s| s.get("rows").is_some()) {
        let msg = format!(
            "the list has {rows_total} row{} across its sections; at least {min_rows} are required (Telegram sends a list as a poll)",
            super::check::plural(rows_total)
        );
        cx.report(&sp, IssueCode::TooFew, msg);
    }
    if rows_total > lim::LIST_MAX_ROWS {
        let msg = format!(
            "the list has {rows_total} rows across its sections; the limit is {}",
            lim::LIST_MAX_ROWS
        );
        cx.report(&sp, IssueCode::TooMany, msg);
    }
}

/// `action: {name: "cta_url", parameters: {display_text, url}}`.
fn cta_url(cx: &mut Ctx, action: &Map<Str, Value>, path: &Path<'_>) {
    cx.closed(action, &["name", "parameters"], path);
    if let Some(n) = cx.req_str(action, "name", path) {
        cx.one_of(n, &["cta_url"], &path.key("name"));
    }
    let pp = path.key("parameters");
    let Some(v) = action.get("parameters") else {
        cx.required(&pp, "");
        return;
    };
    let Some(params) = cx.object(v, &pp) else {
        return;
    };
    cx.closed(params, &["display_text", "url"], &pp);
    if let Some(t) = cx.req_str(params, "display_text", &pp) {
        cx.chars(
            t,
            &pp.key("display_text"),
            1,
            lim::CTA_DISPLAY_TEXT_MAX_CHARS,
        );
    }
    if let Some(u) = cx.req_str(params, "url", &pp) {
        cx.https_url(u, &pp.key("url"));
    }
}
