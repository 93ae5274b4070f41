//! `hub.reply(event, content)`: the send body that answers a webhook event on its own channel.
//!
//! The docs' rule (webhooks, "Event types"): the event's `channelId` is the `from` of the reply
//! and its `from` is the `to`. The body is then checked by that channel's rules, exactly as a
//! send of the same body would be. What the event does not settle is refused with an issue
//! under `event.` (or `options.`) that says what is missing, never guessed.

use crate::error::{Error, Issue, IssueCode};

use super::check::show;
use super::Channel;

/// What `reply` reads of an event, and the caller's `options.from` / `options.to`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplyTo<'a> {
    /// The event's `type` (`message`, `postback`, ...).
    pub kind: Option<&'a str>,
    /// The event's `channel` (`whatsapp`, `instagram`, ...).
    pub channel: Option<&'a str>,
    /// The event's `channelId`: the Hub channel that received it.
    pub channel_id: Option<&'a str>,
    /// The event's `from`: who sent it.
    pub sender: Option<&'a str>,
    /// The event's `to`: who received it (a Meta recipient id, on Meta-native shapes).
    pub recipient: Option<&'a str>,
    /// `options.from`, when the caller names the channel to answer from.
    pub from: Option<&'a str>,
    /// `options.to`, when the caller names the recipient.
    pub to: Option<&'a str>,
}

/// Event types that have a sender to answer.
const ANSWERABLE: &[&str] = &["message", "postback", "referral", "reaction"];

/// The channel an event's `channel` names, as the parser delivers it (lowercase).
pub fn event_channel(name: &str) -> Option<Channel> {
    Channel::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == name || c.event_names().contains(&name))
}

fn issue(path: &str, code: IssueCode, message: String) -> Issue {
    Issue {
        path: path.into(),
        code,
        message,
    }
}

/// The channel, `from` and `to` of the reply to an event.
///
/// # Errors
/// [`Error::Invalid`] ("the reply") with an issue under `event.` for an event that cannot be answered (an
/// echo or a status, no channel, no sender, a channel the package does not send on) or whose
/// reply target the docs leave uncertain, unless `options` settles it.
pub fn target(e: &ReplyTo<'_>) -> Result<(Channel, String, String), Error> {
    let mut issues = Vec::new();
    if let Some(kind) = e.kind {
        if !ANSWERABLE.contains(&kind) {
            let why = match kind {
                "echo" => "an echo is a message your business sent; reply to the user's message",
                _ => "it has no sender to answer",
            };
            let msg = format!("a {} event cannot be replied to: {why}", show(kind));
            issues.push(issue("event.type", IssueCode::InvalidValue, msg));
        }
    }
    let channel = match e.channel {
        None => {
            let msg = "the event names no channel, so the reply's endpoint is unknown".into();
            issues.push(issue("event.channel", IssueCode::Required, msg));
            None
        }
        Some(name) => {
            let found = event_channel(name);
            if found.is_none() {
                let msg = format!(
                    "replies on {} are not supported: this package sends on {}",
                    show(name),
                    Channel::NAMES
                );
                issues.push(issue("event.channel", IssueCode::NotSupported, msg));
            }
            found
        }
    };
    // `from`: options.from, else the receiving channel's UUID; on Messenger, whose `from` may
    // be the Page id, the Meta recipient (the Page) of a Meta-native event.
    let from = e.from.or(e.channel_id).or(match channel {
        Some(Channel::Messenger) => e.recipient,
        _ => None,
    });
    if from.is_none() {
        let msg = "the event carries no channelId (the channel that received it, the reply's from); pass options.from: the channel UUID".into();
        issues.push(issue("event.channelId", IssueCode::Required, msg));
    }
    let to = match (e.to, e.sender) {
        (Some(to), _) => Some(to),
        (None, None) => {
            let msg =
                "the event carries no from (its sender, the reply's to); pass options.to".into();
            issues.push(issue("event.from", IssueCode::Required, msg));
            None
        }
        (None, Some(sender)) => match channel {
            // SMS `to` is E.164 with `+` (SMS page); whether an inbound sender carries the `+`
            // is not documented, and a number without one may lack its country code too.
            Some(c) if c.to_needs_plus() && !sender.starts_with('+') => {
                let msg = format!(
                    "the {} sender {} has no leading +: {} `to` must be E.164 with + and the docs do not say whether inbound senders carry it; pass options.to with the number to answer",
                    c.label(),
                    show(sender),
                    c.label()
                );
                issues.push(issue("event.from", IssueCode::InvalidFormat, msg));
                None
            }
            _ => Some(sender),
        },
    };
    match (channel, from, to) {
        (Some(c), Some(from), Some(to)) if issues.is_empty() => Ok((c, from.into(), to.into())),
        _ => Err(Error::Invalid {
            subject: "the reply",
            issues,
        }),
    }
}

/// The send body `{ from, to, content }` with `content` as the JSON text given.
pub fn body(from: &str, to: &str, content: &str) -> String {
    let quote = |s: &str| crate::json::to_string(s).unwrap_or_default();
    format!(
        "{{\"from\":{},\"to\":{},\"content\":{content}}}",
        quote(from),
        quote(to)
    )
}

/// The checked body answering an event, with its channel.
///
/// # Errors
/// The issues of [`target`], else every issue of the body under the channel's rules.
pub fn build(e: &ReplyTo<'_>, content: &str) -> Result<(Channel, String), Error> {
    let (channel, from, to) = target(e)?;
    let text = body(&from, &to, content);
    super::check_json(channel, &text)?;
    Ok((channel, text))
}

#[cfg(test)]
#[path = "reply_tests.rs"]
mod tests;
