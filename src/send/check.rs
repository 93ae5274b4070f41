//! The machinery every rule uses: field paths, the issue list, and small typed checks.
//!
//! Paths are a linked list on the stack and are rendered to text only when an issue is
//! reported, so a valid body costs no string building at all.

use crate::json::{Map, Str, Value};

use super::surrogates;
use crate::error::{Issue, IssueCode};

/// One step from the body root to a field.
#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// A field path: `content.quick_replies[2].title`.
#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

impl<'a> Path<'a> {
    /// The body itself (rendered as `""`).
    pub const ROOT: Path<'static> = Path {
        parent: None,
        seg: Seg::Root,
    };

    /// The path of `key` inside this object.
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            seg: Seg::Key(key),
        }
    }

    /// The path of item `index` of this array.
    pub fn index<'b>(&'b self, index: usize) -> Path<'b> {
        Path {
            parent: Some(self),
            seg: Seg::Index(index),
        }
    }

    /// The last key on the path (for messages: "title is 24 characters").
    pub fn name(&self) -> &'a str {
        match self.seg {
            Seg::Key(k) => k,
            Seg::Index(_) => self.parent.map_or("item", |p| p.name()),
            Seg::Root => "message",
        }
    }

    /// Whether the path passes through `key` (`content.attachment.payload...` is within
    /// `attachment`).
    pub fn within(&self, key: &str) -> bool {
        matches!(self.seg, Seg::Key(k) if k == key) || self.parent.is_some_and(|p| p.within(key))
    }

    /// Renders the path as text.
    pub fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut cur = Some(self);
        while let Some(p) = cur {
            segs.push(p.seg);
            cur = p.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

/// The JSON type name of a value, for "expected a string, got number".
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Shows a user value in a message, shortened so a 10 MB string does not become a 10 MB message.
pub fn show(s: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::from("\"");
    for (n, c) in s.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Values Meta has retired, by the field that held them: the location quick reply, the list,
/// open graph and one-time notification request templates, the share and buy buttons.
pub const DEPRECATED: &[(&str, &str)] = &[
    ("content_type", "location"),
    ("template_type", "list"),
    ("template_type", "open_graph"),
    ("template_type", "one_time_notif_req"),
    ("type", "element_share"),
    ("type", "payment"),
];

/// At most this many issues are listed for one body (plus one saying there were more).
pub const MAX_ISSUES: usize = 100;

/// Collects every issue of one body.
#[derive(Default)]
pub struct Ctx {
    /// The issues found so far, in document order.
    pub issues: Vec<Issue>,
    /// The body held lone surrogate escapes (rewritten to a marker before parsing, see
    /// `send/surrogates.rs`).
    pub lone_surrogates: bool,
}

impl Ctx {
    /// Records an issue.
    pub fn report(&mut self, path: &Path<'_>, code: IssueCode, message: String) {
        match self.issues.len().cmp(&MAX_ISSUES) {
            core::cmp::Ordering::Less => self.issues.push(Issue {
                path: path.render(),
                code,
                message,
            }),
            // A hostile body must not turn into a million issues: list the first ones, say so.
            core::cmp::Ordering::Equal => self.issues.push(Issue {
                path: String::new(),
                code: IssueCode::TooMany,
                message: format!(
                    "more than {MAX_ISSUES} problems; only the first {MAX_ISSUES} are listed"
                ),
            }),
            core::cmp::Ordering::Greater => {}
        }
    }

    /// Reports that `path` is missing.
    pub fn required(&mut self, path: &Path<'_>, what: &str) {
        let msg = format!("{} is required{what}", path.name());
        self.report(path, IssueCode::Required, msg);
    }

    /// Reports a wrong JSON type.
    pub fn wrong_type(&mut self, path: &Path<'_>, expected: &str, got: &Value) {
        let msg = format!("{} must be {expected}; got {}", path.name(), type_name(got));
        self.report(path, IssueCode::InvalidType, msg);
    }

    /// The value as an object, or an `invalid_type` issue.
    pub fn object<'v>(
        &mut self,
        v: &'v Value<'v>,
        path: &Path<'_>,
    ) -> Option<&'v Map<Str<'v>, Value<'v>>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.wrong_type(path, "an object", other);
                None
            }
        }
    }

    /// The value as a string, or an `invalid_type` issue.
    pub fn string<'v>(&mut self, v: &'v Value<'v>, path: &Path<'_>) -> Option<&'v str> {
        match v {
            Value::String(s) if self.lone_surrogates && surrogates::is_marked(s) => {
                let msg = format!(
                    "{} contains a lone UTF-16 surrogate (half of an emoji or other character), which is not valid Unicode and cannot be sent",
                    path.name()
                );
                self.report(path, IssueCode::InvalidFormat, msg);
                None
            }
            Value::String(s) => Some(s.as_str()),
            other => {
                self.wrong_type(path, "a string", other);
                None
            }
        }
    }

    /// The value as a boolean, or an `invalid_type` issue.
    pub fn boolean(&mut self, v: &Value, path: &Path<'_>) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(path, "a boolean", other);
                None
            }
        }
    }

    /// The value as an array of `min..=max` items, or issues.
    pub fn array<'v>(
        &mut self,
        v: &'v Value<'v>,
        path: &Path<'_>,
        min: usize,
        max: usize,
    ) -> Option<&'v [Value<'v>]> {
        let items = match v {
            Value::Array(items) => items,
            other => {
                self.wrong_type(path, "an array", other);
                return None;
            }
        };
        if items.len() < min {
            let msg = format!(
                "{} has {} item{}; at least {min} {} required",
                path.name(),
                items.len(),
                plural(items.len()),
                if min == 1 { "is" } else { "are" }
            );
            self.report(path, IssueCode::TooFew, msg);
        } else if items.len() > max {
            let msg = format!(
                "{} has {} items; the limit is {max}",
                path.name(),
                items.len()
            );
            self.report(path, IssueCode::TooMany, msg);
        }
        // Items beyond the limit are not checked one by one: the count is the problem.
        Some(items.get(..max).unwrap_or(items))
    }

    /// A required string field of `obj`; reports `required` / `invalid_type`.
    pub fn req_str<'v>(
        &mut self,
        obj: &'v Map<Str<'v>, Value<'v>>,
        key: &str,
        parent: &Path<'_>,
    ) -> Option<&'v str> {
        let path = parent.key(key);
        match obj.get(key) {
            None => {
                self.required(&path, "");
                None
            }
            Some(v) => self.string(v, &path),
        }
    }

    /// An optional string field of `obj`; reports `invalid_type` when present and not a string.
    pub fn opt_str<'v>(
        &mut self,
        obj: &'v Map<Str<'v>, Value<'v>>,
        key: &str,
        parent: &Path<'_>,
    ) -> Option<&'v str> {
        let v = obj.get(key)?;
        self.string(v, &parent.key(key))
    }

    /// Checks a string is non-empty and has at most `max` Unicode scalar values.
    pub fn chars(&mut self, s: &str, path: &Path<'_>, min: usize, max: usize) {
        if s.is_empty() && min > 0 {
            let msg = format!("{} must not be empty", path.name());
            self.report(path, IssueCode::TooShort, msg);
            return;
        }
        // No more bytes than the limit: no more characters either, nothing to count. Otherwise
        // counting stops just past the limit: a 10 MB string costs no more than a short one.
        if s.len() <= max {
            return;
        }
        let n = s.chars().take(max.saturating_add(1)).count();
        if n > max {
            let total = s.chars().count();
            let msg = format!("{} is {total} characters; the limit is {max}", path.name());
            self.report(path, IssueCode::TooLong, msg);
        }
    }

    /// Checks a string is non-empty and at most `max` UTF-8 bytes.
    pub fn bytes(&mut self, s: &str, path: &Path<'_>, max: usize) {
        if s.is_empty() {
            let msg = format!("{} must not be empty", path.name());
            self.report(path, IssueCode::TooShort, msg);
        } else if s.len() > max {
            let msg = format!(
                "{} is {} bytes in UTF-8; the limit is {max} bytes",
                path.name(),
                s.len()
            );
            self.report(path, IssueCode::TooLong, msg);
        }
    }

    /// Checks an absolute `https` URL.
    pub fn https_url(&mut self, s: &str, path: &Path<'_>) {
        self.web_url(s, path, true);
    }

    /// Checks an absolute `https` URL, or with `https` false an absolute `http` or `https` one
    /// (Meta's Messenger takes `http` wherever it does not ask for https).
    pub fn web_url(&mut self, s: &str, path: &Path<'_>, https: bool) {
        if !is_web_url(s, https) {
            let msg = format!(
                "{} must be an absolute {} URL; got {}",
                path.name(),
                if https { "https" } else { "http or https" },
                show(s)
            );
            self.report(path, IssueCode::InvalidUrl, msg);
        }
    }

    /// Reports every key of `obj` not in `allowed`, suggesting a near match.
    pub fn closed(&mut self, obj: &Map<Str, Value>, allowed: &[&str], path: &Path<'_>) {
        self.closed_except(obj, allowed, &[], path);
    }

    /// Like [`Ctx::closed`], but keys in `reported` were already reported another way.
    pub fn closed_except(
        &mut self,
        obj: &Map<Str, Value>,
        allowed: &[&str],
        reported: &[&str],
        path: &Path<'_>,
    ) {
        for key in obj.keys() {
            if allowed.contains(&key.as_str()) || reported.contains(&key.as_str()) {
                continue;
            }
            if self.issues.len() > MAX_ISSUES {
                return;
            }
            let kp = path.key(key);
            let msg = match suggest(key, allowed) {
                Some(s) => format!("unknown field {}; did you mean `{s}`?", show(key)),
                None => format!(
                    "unknown field {}; allowed here: {}",
                    show(key),
                    allowed.join(", ")
                ),
            };
            self.report(&kp, IssueCode::UnknownField, msg);
        }
    }

    /// Reports a value outside `allowed`: `not_supported` for one Meta has retired
    /// ([`DEPRECATED`]), which says so rather than reading as a typo, else `invalid_value`.
    pub fn one_of(&mut self, s: &str, allowed: &[&str], path: &Path<'_>) -> bool {
        if allowed.contains(&s) {
            return true;
        }
        // Only where Meta's own shapes are: a Hub `interactive.type` of "payment" is a typo.
        let meta = path.within("attachment") || path.within("quick_replies");
        let retired = meta && DEPRECATED.contains(&(path.name(), s));
        let msg = format!(
            "{} must be one of {}; got {}{}",
            path.name(),
            allowed.join(", "),
            show(s),
            if retired {
                ", which Meta has deprecated"
            } else {
                ""
            }
        );
        let code = if retired {
            IssueCode::NotSupported
        } else {
            IssueCode::InvalidValue
        };
        self.report(path, code, msg);
        false
    }
}

/// `"s"` for plurals.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// An absolute `https://host...` URL: no whitespace or control characters, none of the
/// characters RFC 3986 never allows unescaped (`<>"{}|\^` and backtick), and every `%`
/// followed by two hex digits.
pub fn is_https_url(s: &str) -> bool {
    is_web_url(s, true)
}

/// [`is_https_url`], or with `https` false the same rules for an `http://` URL as well.
pub fn is_web_url(s: &str, https: bool) -> bool {
    let bytes = s.as_bytes();
    let start = if bytes
        .get(..8)
        .is_some_and(|b| b.eq_ignore_ascii_case(b"https://"))
    {
        8
    } else if !https
        && bytes
            .get(..7)
            .is_some_and(|b| b.eq_ignore_ascii_case(b"http://"))
    {
        7
    } else {
        return false;
    };
    // Byte searches: the delimiters are ASCII, and `str` pattern searches cost calls.
    let rest = bytes.get(start..).unwrap_or(&[]);
    let authority_end = rest
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = rest.get(..authority_end).unwrap_or(&[]);
    let host = match authority.iter().rposition(|&b| b == b'@') {
        Some(at) => authority.get(at + 1..).unwrap_or(&[]),
        None => authority,
    };
    // The bytes in one pass: each `%` before two hex digits, and no ASCII whitespace, control
    // or character a URL cannot hold as it is (`<`, `"`, ...); then, only in a URL with
    // characters beyond ASCII, none of those that is whitespace or a control character.
    let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
    let bytes_ok = bytes.iter().enumerate().all(|(i, &b)| match b {
        b'%' => hex(i + 1) && hex(i + 2),
        // ASCII whitespace and controls are at or below the space, or DEL.
        0..=b' ' | 0x7f | b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'`' => false,
        _ => true,
    });
    let clean = bytes_ok
        && (s.is_ascii()
            || !s
                .chars()
                .any(|c| !c.is_ascii() && (c.is_whitespace() || c.is_control())));
    !host.is_empty() && host.first() != Some(&b':') && s.len() <= 2048 && clean
}

/// A key from `allowed` that `key` probably meant: the same letters ignoring case, `_` and `-`
/// (`quickReplies` → `quick_replies`), or one edit away. Case is folded for ASCII only: every
/// allowed key is ASCII, and Unicode case tables would add 11 KB to the module.
pub fn suggest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    if key.len() > 64 {
        return None;
    }
    let k = norm(key);
    allowed
        .iter()
        .find(|a| norm(a) == k)
        .or_else(|| {
            allowed.iter().find(|a| {
                let a = norm(a);
                edit_distance(&a, &k) <= 1 || swapped(&a, &k)
            })
        })
        .copied()
}

/// Two neighbouring letters swapped (`lable` for `label`): the commonest typo, two edits apart.
fn swapped(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a.get(i) != b.get(i)).collect();
    a.len() == b.len()
        && matches!(diff.as_slice(), [i, j] if *j == i + 1 && a.get(*i) == b.get(*j) && a.get(*j) == b.get(*i))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(usize::MAX / 2) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX / 2) + 1;
            let ins = cur.get(j).copied().unwrap_or(usize::MAX / 2) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_letters_are_suggested() {
        assert_eq!(suggest("lable", &["label", "scope"]), Some("label"));
        assert_eq!(suggest("lbeal", &["label"]), None);
    }

    #[test]
    fn paths_render() {
        let root = Path::ROOT;
        let c = root.key("content");
        let q = c.key("quick_replies");
        let i = q.index(2);
        let t = i.key("title");
        assert_eq!(t.render(), "content.quick_replies[2].title");
        assert_eq!(root.key("from").render(), "from");
        assert_eq!(root.render(), "");
        assert_eq!(i.name(), "quick_replies");
    }

    #[test]
    fn suggestions() {
        let allowed = ["text", "quick_replies", "attachment"];
        assert_eq!(suggest("quickReplies", &allowed), Some("quick_replies"));
        assert_eq!(suggest("attachmnt", &allowed), Some("attachment"));
        assert_eq!(suggest("zzz", &allowed), None);
    }

    #[test]
    fn urls() {
        assert!(is_https_url("https://example.com/a.jpg"));
        assert!(is_https_url("HTTPS://example.com"));
        assert!(!is_https_url("http://example.com/a.jpg"));
        assert!(!is_https_url("https://"));
        assert!(!is_https_url("https:///path"));
        assert!(!is_https_url("https://exa mple.com"));
        assert!(!is_https_url("example.com"));
        assert!(!is_https_url("https://a.b/x|y"));
        assert!(!is_https_url("https://a.b/{x}"));
        assert!(!is_https_url("https://a.b/%zz"));
        assert!(!is_https_url("https://a.b/%2"));
        assert!(is_https_url("https://a.b/%20x?q=1#f"));
        // The host is what follows the last `@` of the authority, which ends at `/`, `?` or `#`.
        assert!(is_https_url("https://user@cdn.example.com/a@b"));
        assert!(!is_https_url("https://user@/path"));
        assert!(!is_https_url("https://user@:443/path"));
        assert!(!is_https_url("https://?q=1"));
        assert!(!is_https_url("https://#frag"));
        // Non-ASCII: letters are fine, Unicode whitespace and controls are not.
        assert!(is_https_url("https://exämple.com/föto.jpg"));
        assert!(!is_https_url("https://exämple.com/a\u{00A0}b"));
        assert!(!is_https_url("https://exämple.com/a\u{0085}b"));
        assert!(!is_https_url("https://exämple.com/a\u{2003}b"));
        assert!(!is_https_url("https://a.b/\u{7f}"));
        assert!(!is_https_url("https://a.b/\tx"));
        // http where https is not asked for, with the same rules.
        assert!(is_web_url("http://a.b/x.png", false));
        assert!(is_web_url("HTTP://a.b", false));
        assert!(is_web_url("https://a.b", false));
        assert!(!is_web_url("http://a.b", true));
        assert!(!is_web_url("http://", false));
        assert!(!is_web_url("http://a.b/x y", false));
        assert!(!is_web_url("ftp://a.b/x", false));
    }

    #[test]
    fn show_truncates() {
        let long = "x".repeat(100);
        assert_eq!(show(&long).chars().count(), 43);
    }
}
