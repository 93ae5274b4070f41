// The ajv equivalent of chatt2me-wasm's webhook parsing: a JSON Schema (draft-07) of the four
// envelope kinds, compiled once with ajv, then the shared normalization. Objects are open (JSON
// Schema's default), unions are `anyOf`, the key-presence rules are `required` alternatives.

import Ajv from 'ajv';
import { normalize } from './normalize.mjs?for=ajv'; // a module instance of its own: no type feedback shared between competitors

const str = { type: 'string' };
const num = { type: 'number' };
const bool = { type: 'boolean' };
const id = { type: ['string', 'number'] };
const ts = { type: ['number', 'string'] };
const obj = (properties, required = [], extra = {}) => ({ type: 'object', properties, required, ...extra });
const arr = (items) => ({ type: 'array', items });
// Shared subschemas are definitions, referenced: ajv compiles each once, into a function of its own.
const ref = (name) => ({ $ref: `#/definitions/${name}` });

const party = obj({ id, pageId: id });
const button = obj({ type: str, title: str, url: str, payload: id });
const attachment = obj(
  {
    type: str,
    title: str,
    payload: obj({
      url: str,
      attachment_id: id,
      sticker_id: id,
      id,
      template_type: str,
      text: str,
      buttons: arr(button),
      elements: arr({ type: 'object' }),
      coordinates: obj({ lat: num, long: num }, ['lat', 'long']),
    }),
  },
  ['type'],
);
const metaMessage = obj({
  mid: id,
  text: str,
  is_echo: bool,
  is_deleted: bool,
  is_unsupported: bool,
  app_id: id,
  attachments: { anyOf: [arr(attachment), attachment] },
  attachment,
  quick_replies: arr(obj({ content_type: str, title: str, payload: id })),
  quick_reply: obj({ payload: id }),
  reply_to: obj({ mid: id, story: obj({ url: str, id }) }),
});
const metaFields = {
  sender: ref('party'),
  recipient: ref('party'),
  timestamp: ts,
  message: ref('metaMessage'),
  reaction: obj({ mid: id, action: { enum: ['react', 'unreact'] }, reaction: str, emoji: str }),
  postback: obj({ mid: id, title: str, payload: id }),
  read: obj({ mid: id }),
  message_edit: obj({ mid: id, text: str, num_edit: { type: 'integer', minimum: 0 } }),
};
const META_EVENT_KEYS = ['message', 'reaction', 'postback', 'read', 'message_edit', 'referral'];
const metaItem = { allOf: [ref('metaFields')], anyOf: [{ required: ['sender'] }, { required: ['recipient'] }] };
const metaItemInEnvelope = { allOf: [ref('metaFields')], required: ['sender'], anyOf: META_EVENT_KEYS.map((k) => ({ required: [k] })) };
const relayedSend = obj(
  {
    recipient: party,
    messaging_type: str,
    message: ref('metaMessage'),
    sender_action: str,
    payload: obj({ message_id: id, reaction: str }),
  },
  ['recipient'],
  { anyOf: [{ required: ['message'] }, { required: ['sender_action'] }] },
);

const media = obj({ url: str, link: str, caption: str, id: str });
const mediaContent = (type) =>
  obj({ type: { const: type }, url: str, link: str, caption: str, text: str, id: str, [type]: media, [`${type}Url`]: str }, ['type']);
const coords = { latitude: num, longitude: num, name: str, address: str };
const KNOWN_CONTENT = ['text', 'image', 'audio', 'video', 'file', 'document', 'voice', 'sticker', 'location', 'interactive', 'button', 'reaction'];
const content = {
  anyOf: [
    obj({ type: { const: 'text' }, text: { anyOf: [str, obj({ body: str }, ['body'])] } }, ['type', 'text']),
    ...['image', 'audio', 'video', 'file', 'document', 'voice'].map(mediaContent),
    obj({ type: { const: 'sticker' }, url: str, link: str, sticker: obj({ url: str, link: str, id }) }, ['type']),
    obj({ type: { const: 'location' }, location: obj(coords, ['latitude', 'longitude']), latitude: num, longitude: num, name: str, address: str }, ['type'], {
      anyOf: [{ required: ['location'] }, { required: ['latitude', 'longitude'] }],
    }),
    obj(
      {
        type: { const: 'interactive' },
        interactive: obj(
          { type: str, button_reply: obj({ id, title: str, description: str }), list_reply: obj({ id, title: str, description: str }) },
          ['type'],
        ),
      },
      ['type', 'interactive'],
    ),
    obj({ type: { const: 'button' }, button: obj({ text: str, payload: id }) }, ['type', 'button']),
    obj({ type: { const: 'reaction' }, emoji: str, messageId: id, reaction: obj({ emoji: str, message_id: id, messageId: id }) }, ['type']),
    obj({ type: str }, [], { not: { required: ['type'], properties: { type: { enum: KNOWN_CONTENT } } } }),
  ],
};
const flatFields = {
  eventType: str,
  channel: str,
  channelId: id,
  messageId: id,
  from: id,
  to: id,
  recipientId: id,
  timestamp: ts,
  status: str,
  errorCode: id,
  errorMessage: str,
  error: obj({ code: id, message: str }),
  content: ref('content'),
};
const flat = obj(flatFields, [], { anyOf: ['eventType', 'channelId', 'content', 'messageId'].map((k) => ({ required: [k] })) });
const envelope = obj(
  { eventType: str, timestamp: ts, channel: str, payload: { anyOf: [metaItemInEnvelope, relayedSend, obj(flatFields)] } },
  ['payload'],
);
const batch = obj(
  {
    object: str,
    entry: arr(
      obj({ id, time: ts, messaging: arr(metaItem), standby: arr(metaItem), changes: arr(obj({ field: str })) }),
    ),
  },
  ['object', 'entry'],
);

export const webhookJsonSchema = {
  definitions: { metaFields: obj(metaFields), metaMessage, content, party },
  anyOf: [batch, envelope, flat, metaItem],
};

const ajv = new Ajv({ allErrors: false, strict: false });
const validate = ajv.compile(webhookJsonSchema);

function check(value) {
  if (!validate(value)) {
    const e = validate.errors?.[0];
    throw new Error(`invalid webhook: ${e ? `${e.instancePath} ${e.message}` : 'no match'}`);
  }
  return value;
}

/** Webhook text → the typed event. */
export function parseWebhook(text) {
  return normalize(check(JSON.parse(text)));
}

/** An already parsed body → the typed event. */
export function parseWebhookValue(value) {
  return normalize(check(value));
}
