// The predicates and limits of the send rules (src/send/*.rs, limits.rs), shared by the zod and
// valibot schemas: what a user of those libraries would write as small helper functions for the
// checks the libraries have no built-in for (Instagram usernames, https-only URLs, characters
// counted as Unicode scalars rather than UTF-16 units, UTF-8 bytes).

export const LIMITS = {
  IG_TEXT_MAX_BYTES: 1000,
  MESSENGER_TEXT_MAX_CHARS: 1999,
  BUTTON_TEMPLATE_TEXT_MAX_CHARS: 640,
  BUTTON_TEMPLATE_MAX_BUTTONS: 3,
  GENERIC_MAX_ELEMENTS: 10,
  GENERIC_TITLE_MAX_CHARS: 80,
  GENERIC_SUBTITLE_MAX_CHARS: 80,
  GENERIC_MAX_BUTTONS: 3,
  BUTTON_TITLE_MAX_CHARS: 20,
  POSTBACK_PAYLOAD_MAX_CHARS: 1000,
  ATTACHMENTS_MAX: 10,
  QUICK_REPLIES_MAX: 13,
  QUICK_REPLY_TITLE_MAX_CHARS: 20,
  QUICK_REPLY_PAYLOAD_MAX_CHARS: 1000,
  INTERACTIVE_MAX_BUTTONS: 3,
  INTERACTIVE_TITLE_MAX_CHARS: 20,
  INTERACTIVE_ID_MAX_CHARS: 256,
  LIST_BUTTON_MAX_CHARS: 20,
  LIST_MAX_SECTIONS: 10,
  LIST_MAX_ROWS: 10,
  LIST_TITLE_MAX_CHARS: 24,
  LIST_DESCRIPTION_MAX_CHARS: 72,
  LIST_ROW_ID_MAX_CHARS: 200,
  CTA_DISPLAY_TEXT_MAX_CHARS: 20,
  IG_USERNAME_MAX_CHARS: 30,
  REACTION_MAX_CHARS: 10,
};

export const REACTION_NAMES = ['love', 'like', 'laugh', 'wow', 'sad', 'angry', 'smile', 'dislike'];
export const SENDER_ACTIONS = ['typing_on', 'typing_off', 'mark_seen', 'react', 'unreact'];
export const QUICK_REPLY_TYPES = ['text', 'user_phone_number', 'user_email'];

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const IG_USERNAME = /^@?[A-Za-z0-9._]{1,30}$/;
const ACCOUNT_ID = /^[A-Za-z0-9._:-]{0,128}$/;
const WS_OR_CONTROL = /[\s\p{Cc}]/u;

export const isUuid = (s) => UUID.test(s);

/** `from`: the channel UUID, or the Instagram username / the Messenger Page id. */
export function fromOk(channel, s) {
  if (s.length === 0) return false;
  if (isUuid(s)) return true;
  return channel === 'instagram' ? IG_USERNAME.test(s) : ACCOUNT_ID.test(s);
}

/** `to`: non-empty, no whitespace. */
export const toOk = (s) => s.length > 0 && !/\s/u.test(s);

/** Unicode scalar values between min and max (UTF-16 length is an upper bound: fast path). */
export function charsBetween(s, min, max) {
  if (s.length < min) return false;
  if (s.length <= max) return true;
  let n = 0;
  for (const _ of s) if (++n > max) return false;
  return true;
}

/** Non-empty and at most `max` UTF-8 bytes (a UTF-16 unit is at most 3 bytes: fast path). */
export function utf8Between(s, max) {
  if (s.length === 0) return false;
  if (s.length * 3 <= max) return true;
  return Buffer.byteLength(s, 'utf8') <= max;
}

/** Instagram counts UTF-8 bytes, Messenger characters. */
export function textOk(channel, s) {
  return channel === 'instagram' ? utf8Between(s, LIMITS.IG_TEXT_MAX_BYTES) : charsBetween(s, 1, LIMITS.MESSENGER_TEXT_MAX_CHARS);
}

/** An absolute https URL with a host, no whitespace or control characters, at most 2048 bytes. */
export function isHttpsUrl(s) {
  if (s.length < 9 || s.slice(0, 8).toLowerCase() !== 'https://') return false;
  const rest = s.slice(8);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return host.length > 0 && host[0] !== ':' && Buffer.byteLength(s) <= 2048 && !WS_OR_CONTROL.test(s);
}

/** One of Meta's reaction names, or an emoji: no ASCII, no whitespace, a few scalars. */
export function reactionOk(r) {
  if (REACTION_NAMES.includes(r)) return true;
  if (r.length === 0) return false;
  let n = 0;
  for (const c of r) {
    if (c.charCodeAt(0) < 128 || /\s/u.test(c)) return false;
    if (++n > LIMITS.REACTION_MAX_CHARS) return false;
  }
  return true;
}

/** The keys of `o` among `keys`. */
export const present = (o, keys) => keys.filter((k) => o[k] !== undefined);

/** Whether the ids are all different. */
export function unique(ids) {
  return new Set(ids).size === ids.length;
}
