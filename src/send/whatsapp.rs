//! Rules only WhatsApp has: an interactive `header` and `footer`, `voice` notes, templates and
//! payment requests. The other channels refuse these keys before they get here (`channels`).

use crate::json::{Map, Str, Value};

use super::check::{show, Ctx, Path};
use super::limits as lim;
use crate::error::IssueCode;

/// `interactive.header`: `{type: "text", text}`, `{type: "image", image: {link}}` or `{type:
/// "video", video: {link}}` ("Interactive messages": "The header can also be an image (WhatsApp)",
/// "Or video"); `interactive.footer`: `{text}`. Both texts up to 60 characters (Cloud API).
pub(super) fn header_footer(cx: &mut Ctx, interactive: &Map<Str, Value>, path: &Path<'_>) {
    let hp = path.key("header");
    if let Some(header) = interactive.get("header").and_then(|v| cx.object(v, &hp)) {
        if let Some(kind) = cx.req_str(header, "type", &hp) {
            if cx.one_of(kind, &["text", "image", "video"], &hp.key("type")) {
                cx.closed(header, &["type", kind], &hp);
                if kind == "text" {
                    if let Some(t) = cx.req_str(header, "text", &hp) {
                        cx.chars(t, &hp.key("text"), 1, lim::WA_HEADER_FOOTER_MAX_CHARS);
                    }
                } else {
                    let mp = hp.key(kind);
                    match header.get(kind) {
                        None => cx.required(&mp, &format!(": {{ link }} of the {kind}")),
                        Some(v) => {
                            if let Some(media) = cx.object(v, &mp) {
                                cx.closed(media, &["link"], &mp);
                                if let Some(link) = cx.req_str(media, "link", &mp) {
                                    cx.https_url(link, &mp.key("link"));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let fp = path.key("footer");
    if let Some(footer) = interactive.get("footer").and_then(|v| cx.object(v, &fp)) {
        cx.closed(footer, &["text"], &fp);
        if let Some(t) = cx.req_str(footer, "text", &fp) {
            cx.chars(t, &fp.key("text"), 1, lim::WA_HEADER_FOOTER_MAX_CHARS);
        }
    }
}

/// `voice`, `template` and `paymentRequest` of WhatsApp content (absent elsewhere: refused
/// before this).
pub(super) fn content(cx: &mut Ctx, content: &Map<Str, Value>, path: &Path<'_>) {
    // "For WhatsApp only, set voice to true to send a voice note (PTT). Omit or set false for a
    // normal audio file." (content types)
    if let Some(v) = content.get("voice") {
        let p = path.key("voice");
        cx.boolean(v, &p);
        if !content.contains_key("audioUrl") {
            let msg = "voice goes with audioUrl: it makes the audio a voice note".into();
            cx.report(&p, IssueCode::Required, msg);
        }
    }
    if let Some(v) = content.get("template") {
        template(cx, v, &path.key("template"));
    }
    if let Some(v) = content.get("paymentRequest") {
        payment_request(cx, v, &path.key("paymentRequest"));
    }
}

/// `template: {id, components?}` ("Templates"): the Hub's template id; `components` as the
/// docs' one example, `[{type: "body", parameters: [{type: "text", text}]}]`. Header and button
/// components and other parameter types are not documented.
fn template(cx: &mut Ctx, v: &Value, path: &Path<'_>) {
    let Some(t) = cx.object(v, path) else {
        return;
    };
    cx.closed(t, &["id", "components"], path);
    if let Some(id) = cx.req_str(t, "id", path) {
        not_blank(cx, id, &path.key("id"), "the template's id in the Hub");
    }
    let cp = path.key("components");
    let Some(items) = t.get("components").and_then(|v| cx.array(v, &cp, 1, 1)) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let ip = cp.index(i);
        let Some(c) = cx.object(item, &ip) else {
            continue;
        };
        cx.closed(c, &["type", "parameters"], &ip);
        if let Some(kind) = cx.req_str(c, "type", &ip) {
            if kind != "body" {
                let msg = format!(
                    "the Hub's docs give only body components (the template's {{{{1}}}}, {{{{2}}}} values); a {} component cannot be checked: {}",
                    show(kind),
                    super::channels::raw_hint(super::Channel::WhatsApp)
                );
                cx.report(&ip.key("type"), IssueCode::NotSupported, msg);
            }
        }
        let pp = ip.key("parameters");
        let Some(params) = (match c.get("parameters") {
            None => {
                cx.required(&pp, ": the values of the template's variables");
                None
            }
            Some(v) => cx.array(v, &pp, 1, usize::MAX),
        }) else {
            continue;
        };
        for (j, param) in params.iter().enumerate() {
            let jp = pp.index(j);
            let Some(p) = cx.object(param, &jp) else {
                continue;
            };
            cx.closed(p, &["type", "text"], &jp);
            if let Some(kind) = cx.req_str(p, "type", &jp) {
                cx.one_of(kind, &["text"], &jp.key("type"));
            }
            if let Some(text) = cx.req_str(p, "text", &jp) {
                cx.chars(text, &jp.key("text"), 1, lim::WA_INTERACTIVE_BODY_MAX_CHARS);
            }
        }
    }
}

fn not_blank(cx: &mut Ctx, s: &str, path: &Path<'_>, what: &str) {
    if s.is_empty() || super::has_space(s) {
        let msg = format!(
            "{} must be {what}, without spaces; got {}",
            path.name(),
            show(s)
        );
        cx.report(path, IssueCode::InvalidFormat, msg);
    }
}

/// A non-negative integer (amounts in cents, quantities, offsets): JSON integers only, as in
/// every example.
fn count(
    cx: &mut Ctx,
    obj: &Map<Str, Value>,
    key: &str,
    path: &Path<'_>,
    required: bool,
    min: u64,
) {
    let p = path.key(key);
    match obj.get(key) {
        None if required => cx.required(&p, ""),
        None => {}
        Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= min) => {}
        Some(v) => {
            let what = format!("an integer of at least {min}");
            match v {
                Value::Number(_) => {
                    let msg = format!("{} must be {what}; got another number", p.name());
                    cx.report(&p, IssueCode::InvalidValue, msg);
                }
                other => cx.wrong_type(&p, &what, other),
            }
        }
    }
}

/// `paymentRequest` ("Payment Request", sending-messages/payment-order): the three methods of
/// the docs' examples (PIX, Boleto, payment link). `bodyText` and `referenceId` are the fields
/// its table marks required; the method and its object are what each example has; amounts are
/// integers in cents with `offset` (100) as the examples show them.
fn payment_request(cx: &mut Ctx, v: &Value, path: &Path<'_>) {
    let Some(pr) = cx.object(v, path) else {
        return;
    };
    cx.closed(
        pr,
        &[
            "bodyText",
            "referenceId",
            "paymentMethod",
            "pix",
            "boleto",
            "paymentLink",
            "currency",
            "totalAmountCents",
            "offset",
            "items",
            "tax",
            "subtotalCents",
        ],
        path,
    );
    if let Some(t) = cx.req_str(pr, "bodyText", path) {
        cx.chars(
            t,
            &path.key("bodyText"),
            1,
            lim::WA_INTERACTIVE_BODY_MAX_CHARS,
        );
    }
    if let Some(r) = cx.req_str(pr, "referenceId", path) {
        let p = path.key("referenceId");
        cx.chars(r, &p, 1, lim::WA_REFERENCE_ID_MAX_CHARS);
        if !r
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        {
            let msg = format!(
                "referenceId may hold only letters, digits, _, - and . (WhatsApp's reference_id); got {}",
                show(r)
            );
            cx.report(&p, IssueCode::InvalidFormat, msg);
        }
    }
    let methods = [
        ("pix", "pix"),
        ("boleto", "boleto"),
        ("payment_link", "paymentLink"),
    ];
    let method = cx.req_str(pr, "paymentMethod", path);
    let chosen = method.and_then(|m| {
        let names: Vec<&str> = methods.iter().map(|(m, _)| *m).collect();
        cx.one_of(m, &names, &path.key("paymentMethod"))
            .then(|| methods.iter().find(|(n, _)| *n == m).map(|(_, key)| *key))
            .flatten()
    });
    for (_, key) in methods {
        let p = path.key(key);
        match (chosen == Some(key), pr.get(key)) {
            (true, None) => cx.required(
                &p,
                &format!(" with paymentMethod {}", show(method.unwrap_or_default())),
            ),
            (false, Some(_)) if chosen.is_some() => {
                let msg = format!(
                    "{key} does not go with paymentMethod {}",
                    show(method.unwrap_or_default())
                );
                cx.report(&p, IssueCode::Conflict, msg);
            }
            (true, Some(v)) => {
                if let Some(obj) = cx.object(v, &p) {
                    method_fields(cx, key, obj, &p);
                }
            }
            _ => {}
        }
    }
    if let Some(c) = cx.opt_str(pr, "currency", path) {
        // Meta's Brazilian payments take BRL only; the docs' one example says "BRL".
        cx.one_of(c, &["BRL"], &path.key("currency"));
    }
    count(cx, pr, "totalAmountCents", path, false, 0);
    count(cx, pr, "subtotalCents", path, false, 0);
    count(cx, pr, "offset", path, false, 1);
    let ip = path.key("items");
    if let Some(items) = pr
        .get("items")
        .and_then(|v| cx.array(v, &ip, 1, usize::MAX))
    {
        for (i, item) in items.iter().enumerate() {
            let p = ip.index(i);
            let Some(it) = cx.object(item, &p) else {
                continue;
            };
            cx.closed(it, &["retailerId", "name", "amountCents", "quantity"], &p);
            for key in ["retailerId", "name"] {
                if let Some(s) = cx.req_str(it, key, &p) {
                    cx.chars(s, &p.key(key), 1, usize::MAX);
                }
            }
            count(cx, it, "amountCents", &p, true, 0);
            count(cx, it, "quantity", &p, true, 1);
        }
    }
    let tp = path.key("tax");
    if let Some(tax) = pr.get("tax").and_then(|v| cx.object(v, &tp)) {
        cx.closed(tax, &["valueCents", "offset", "description"], &tp);
        count(cx, tax, "valueCents", &tp, true, 0);
        count(cx, tax, "offset", &tp, false, 1);
        cx.opt_str(tax, "description", &tp);
    }
}

/// The object of the chosen method: PIX `{code, merchantName, key, keyType}`, Boleto
/// `{digitableLine}`, payment link `{url}`.
fn method_fields(cx: &mut Ctx, key: &str, obj: &Map<Str, Value>, path: &Path<'_>) {
    let fields: &[&str] = match key {
        "pix" => &["code", "merchantName", "key", "keyType"],
        "boleto" => &["digitableLine"],
        _ => &["url"],
    };
    cx.closed(obj, fields, path);
    for f in fields {
        let Some(s) = cx.req_str(obj, f, path) else {
            continue;
        };
        let p = path.key(f);
        match *f {
            "url" => cx.https_url(s, &p),
            // The docs show CNPJ; Meta's PIX key types are CPF, CNPJ, EMAIL, PHONE and EVP.
            "keyType" => {
                cx.one_of(s, &["CPF", "CNPJ", "EMAIL", "PHONE", "EVP"], &p);
            }
            "digitableLine" => {
                if !s.bytes().all(|b| b.is_ascii_digit()) || !(47..=48).contains(&s.len()) {
                    let msg = format!(
                        "digitableLine must be the boleto's 47 or 48 digits, without separators; got {}",
                        show(s)
                    );
                    cx.report(&p, IssueCode::InvalidFormat, msg);
                }
            }
            _ => cx.chars(s, &p, 1, usize::MAX),
        }
    }
}
