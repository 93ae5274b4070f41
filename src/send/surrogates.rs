//! Lone UTF-16 surrogate escapes, before serde_json reads a send body.
//!
//! `JSON.stringify` writes a string holding half of a surrogate pair (an emoji cut in two by
//! `slice`, say) as an escape such as `"\ud800"`. `JSON.parse` accepts that, serde_json refuses it
//! as a syntax error, and the text cannot be sent either way (it has no UTF-8 form). To report it
//! at the string that holds it rather than as "not valid JSON" at the root, each lone escape is
//! rewritten to the escapes of [`MARKER`] before parsing, and the validator looks for the marker
//! in the strings it reads (`Ctx::string`).

use std::borrow::Cow;

/// What a lone surrogate escape becomes: two noncharacters in a row, which no text holds by
/// accident. The validator only looks for it when the body had lone escapes, so a body that holds
/// the two characters themselves is not refused for them.
pub const MARKER: &str = "\u{10FFFF}\u{10FFFE}";

/// [`MARKER`] as JSON escapes, written in place of a lone escape.
const MARKER_ESCAPES: &str = "\\udbff\\udfff\\udbff\\udffe";

/// How many bytes longer the text grows at each rewritten escape (a `\uXXXX` is 6 bytes).
const GROWTH: usize = MARKER_ESCAPES.len() - ESCAPE_LEN;
const ESCAPE_LEN: usize = 6;

/// A body's text with its lone surrogate escapes rewritten.
pub struct Marked<'a> {
    /// The text to parse: the input itself when it had no lone escape.
    pub text: Cow<'a, str>,
    /// The byte offsets, in the input, of the escapes that were rewritten (in order), to point
    /// syntax errors at the input rather than at the rewritten text.
    lone_at: Vec<usize>,
}

impl Marked<'_> {
    /// Whether any lone escape was rewritten.
    pub fn any(&self) -> bool {
        !self.lone_at.is_empty()
    }

    /// The input's column for `column` (1-based, in bytes, as serde_json counts) of `line` in
    /// the rewritten text: each rewritten escape before it on that line made it longer.
    pub fn input_column(&self, line: usize, column: usize) -> usize {
        if self.lone_at.is_empty() {
            return column;
        }
        let bytes = self.text.as_bytes();
        // The rewrites never add or remove a newline, so the line is the same in both texts.
        let line_start = match line.checked_sub(2) {
            None => 0,
            Some(newlines_before) => bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .nth(newlines_before)
                .map_or(0, |(i, _)| i + 1),
        };
        let at = line_start.saturating_add(column);
        let shift: usize = self
            .lone_at
            .iter()
            .enumerate()
            .map(|(n, o)| o.saturating_add(n.saturating_mul(GROWTH)))
            .filter(|r| *r >= line_start && *r < at)
            .map(|r| {
                // Past a marker: all of its growth; inside one: what lies beyond the escape.
                let into = at - r;
                into.min(MARKER_ESCAPES.len()) - into.min(ESCAPE_LEN)
            })
            .sum();
        column.saturating_sub(shift)
    }
}

/// Whether a parsed string holds [`MARKER`] (where a lone surrogate was). Compared as its two
/// characters: a `str` pattern search would bring a substring searcher into the module for it.
pub fn is_marked(s: &str) -> bool {
    let mut marker = MARKER.chars();
    let (Some(first), Some(second)) = (marker.next(), marker.next()) else {
        return false;
    };
    let mut chars = s.chars();
    while chars.by_ref().any(|c| c == first) {
        if chars.clone().next() == Some(second) {
            return true;
        }
    }
    false
}

/// Rewrites every lone surrogate escape of `text` (a high surrogate `\uD800`–`\uDBFF` not
/// followed by an escaped low one, or a low surrogate `\uDC00`–`\uDFFF` not preceded by a high
/// one) to the escapes of [`MARKER`]. Pairs, other escapes and escaped backslashes (`\\ud800` is
/// a backslash and text) are left as they are.
pub fn mark(text: &str) -> Marked<'_> {
    // Ordinary bodies have no `\uD...` escape at all, and most have no backslash: one search
    // for a backslash (`memchr`, a word at a time), no copy.
    let bytes = text.as_bytes();
    if !bytes.contains(&b'\\')
        || !bytes
            .windows(3)
            .any(|w| matches!(w, [b'\\', b'u', b'd' | b'D']))
    {
        return unchanged(text);
    }
    let mut lone_at = Vec::new();
    let mut i = 0;
    while let Some(rel) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\\'))
    {
        let at = i + rel;
        if bytes.get(at + 1) != Some(&b'u') {
            // Any other escape, `\\` included, is two bytes the surrogates have no part in.
            i = at + 2;
            continue;
        }
        i = at + ESCAPE_LEN;
        match hex4(bytes, at + 2) {
            Some(0xD800..=0xDBFF) => {
                let low_follows = bytes.get(at + 6..at + 8) == Some(b"\\u".as_slice())
                    && matches!(hex4(bytes, at + 8), Some(0xDC00..=0xDFFF));
                if low_follows {
                    i = at + 2 * ESCAPE_LEN;
                } else {
                    lone_at.push(at);
                }
            }
            Some(0xDC00..=0xDFFF) => lone_at.push(at),
            // Not a surrogate, or not four hex digits (the parser reports those).
            _ => i = at + 2,
        }
    }
    if lone_at.is_empty() {
        return unchanged(text);
    }
    let mut out = String::with_capacity(text.len() + lone_at.len() * GROWTH);
    let mut copied = 0;
    for &at in &lone_at {
        out.push_str(text.get(copied..at).unwrap_or(""));
        out.push_str(MARKER_ESCAPES);
        copied = at + ESCAPE_LEN;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    Marked {
        text: Cow::Owned(out),
        lone_at,
    }
}

fn unchanged(text: &str) -> Marked<'_> {
    Marked {
        text: Cow::Borrowed(text),
        lone_at: Vec::new(),
    }
}

/// The value of the four hex digits (either case) at `at`, if there are four.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at + 4)?
        .iter()
        .try_fold(0u32, |acc, &b| Some(acc * 16 + char::from(b).to_digit(16)?))
}

#[cfg(test)]
#[path = "surrogates_tests.rs"]
mod tests;
