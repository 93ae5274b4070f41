// The valibot equivalent of chatt2me-wasm: the same schemas as ./zod.mjs, written with valibot
// (open objects for webhooks, closed ones for send bodies), then the shared normalization.

import * as v from 'valibot';
import { normalize } from './normalize.mjs?for=valibot'; // a module instance of its own: no type feedback shared between competitors
import {
  LIMITS as L, QUICK_REPLY_TYPES, SENDER_ACTIONS,
  charsBetween, fromOk, isHttpsUrl, present, reactionOk, textOk, toOk, unique,
} from './send-rules.mjs?for=valibot';

// ------------------------------------------------------------------------------------------
// Webhooks

const id = v.union([v.string(), v.number()]);
const ts = v.union([v.number(), v.string()]);
const str = v.optional(v.string());
const oid = v.optional(id);
const flag = v.optional(v.boolean());
const loose = v.looseObject;

const party = loose({ id: oid, pageId: oid });
const button = loose({ type: str, title: str, url: str, payload: oid });
const attachmentPayload = loose({
  url: str,
  attachment_id: oid,
  sticker_id: oid,
  id: oid,
  template_type: str,
  text: str,
  buttons: v.optional(v.array(button)),
  elements: v.optional(v.array(loose({}))),
  coordinates: v.optional(loose({ lat: v.number(), long: v.number() })),
});
const attachment = loose({ type: v.string(), title: str, payload: v.optional(attachmentPayload) });
const metaMessage = loose({
  mid: oid,
  text: str,
  is_echo: flag,
  is_deleted: flag,
  is_unsupported: flag,
  app_id: oid,
  attachments: v.optional(v.union([v.array(attachment), attachment])),
  attachment: v.optional(attachment),
  quick_replies: v.optional(v.array(loose({ content_type: str, title: str, payload: oid }))),
  quick_reply: v.optional(loose({ payload: oid })),
  reply_to: v.optional(loose({ mid: oid, story: v.optional(loose({ url: str, id: oid })) })),
  referral: v.optional(v.unknown()),
});
const metaFields = {
  sender: v.optional(party),
  recipient: v.optional(party),
  timestamp: v.optional(ts),
  message: v.optional(metaMessage),
  reaction: v.optional(loose({ mid: oid, action: v.optional(v.picklist(['react', 'unreact'])), reaction: str, emoji: str })),
  postback: v.optional(loose({ mid: oid, title: str, payload: oid, referral: v.optional(v.unknown()) })),
  read: v.optional(loose({ mid: oid })),
  message_edit: v.optional(loose({ mid: oid, text: str, num_edit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))) })),
  referral: v.optional(v.unknown()),
};
const META_EVENT_KEYS = ['message', 'reaction', 'postback', 'read', 'message_edit', 'referral'];
const metaItem = v.pipe(
  loose(metaFields),
  v.check((o) => o.sender !== undefined || o.recipient !== undefined, 'a messaging object has sender or recipient'),
);
const metaItemInEnvelope = v.pipe(
  loose(metaFields),
  v.check((o) => o.sender !== undefined && META_EVENT_KEYS.some((k) => o[k] !== undefined), 'sender and an event'),
);
const relayedSend = v.pipe(
  loose({
    recipient: party,
    messaging_type: str,
    message: v.optional(metaMessage),
    sender_action: str,
    payload: v.optional(loose({ message_id: oid, reaction: str })),
  }),
  v.check((o) => o.message !== undefined || o.sender_action !== undefined, 'message or sender_action'),
);

const media = loose({ url: str, link: str, caption: str, id: str });
const mediaContent = (type) => loose({ type: v.literal(type), url: str, link: str, caption: str, text: str, id: str, [type]: v.optional(media), [`${type}Url`]: str });
const coords = { latitude: v.number(), longitude: v.number(), name: str, address: str };
const knownContent = v.variant('type', [
  loose({ type: v.literal('text'), text: v.union([v.string(), loose({ body: v.string() })]) }),
  mediaContent('image'), mediaContent('audio'), mediaContent('video'), mediaContent('file'), mediaContent('document'), mediaContent('voice'),
  loose({ type: v.literal('sticker'), url: str, link: str, sticker: v.optional(loose({ url: str, link: str, id: oid })) }),
  v.pipe(
    loose({
      type: v.literal('location'),
      location: v.optional(loose(coords)),
      latitude: v.optional(v.number()),
      longitude: v.optional(v.number()),
      name: str,
      address: str,
    }),
    v.check((c) => c.location !== undefined || (c.latitude !== undefined && c.longitude !== undefined), 'latitude and longitude'),
  ),
  loose({
    type: v.literal('interactive'),
    interactive: loose({
      type: v.string(),
      button_reply: v.optional(loose({ id: oid, title: str, description: str })),
      list_reply: v.optional(loose({ id: oid, title: str, description: str })),
    }),
  }),
  loose({ type: v.literal('button'), button: loose({ text: str, payload: oid }) }),
  loose({
    type: v.literal('reaction'),
    emoji: str,
    messageId: oid,
    reaction: v.optional(loose({ emoji: str, message_id: oid, messageId: oid })),
  }),
]);
const KNOWN_CONTENT = new Set(['text', 'image', 'audio', 'video', 'file', 'document', 'voice', 'sticker', 'location', 'interactive', 'button', 'reaction']);
const otherContent = v.pipe(loose({ type: str }), v.check((c) => !KNOWN_CONTENT.has(c.type), 'a known content type in an unknown shape'));
const flatFields = {
  eventType: str,
  channel: str,
  channelId: oid,
  messageId: oid,
  from: oid,
  to: oid,
  recipientId: oid,
  timestamp: v.optional(ts),
  status: str,
  errorCode: oid,
  errorMessage: str,
  error: v.optional(loose({ code: oid, message: str })),
  content: v.optional(v.union([knownContent, otherContent])),
};
const flat = v.pipe(
  loose(flatFields),
  v.check((o) => ['eventType', 'channelId', 'content', 'messageId'].some((k) => o[k] !== undefined), 'a flat event'),
);
const envelope = loose({
  eventType: str,
  timestamp: v.optional(ts),
  channel: str,
  payload: v.union([metaItemInEnvelope, relayedSend, loose(flatFields)]),
});
const batch = loose({
  object: v.string(),
  entry: v.array(
    loose({
      id: oid,
      time: v.optional(ts),
      messaging: v.optional(v.array(metaItem)),
      standby: v.optional(v.array(metaItem)),
      changes: v.optional(v.array(loose({ field: str }))),
    }),
  ),
});

export const webhookSchema = v.union([batch, envelope, flat, metaItem]);

/** Webhook text → the typed event. */
export function parseWebhook(text) {
  return normalize(v.parse(webhookSchema, JSON.parse(text)));
}

/** An already parsed body → the typed event. */
export function parseWebhookValue(value) {
  return normalize(v.parse(webhookSchema, value));
}

// ------------------------------------------------------------------------------------------
// Send bodies (built on first use)

function sendSchema(channel) {
  const ig = channel === 'instagram';
  const chars = (min, max) => v.pipe(v.string(), v.check((s) => charsBetween(s, min, max)));
  const nonEmpty = v.pipe(v.string(), v.minLength(1));
  const text = v.pipe(v.string(), v.check((s) => textOk(channel, s)));
  const https = v.pipe(v.string(), v.check(isHttpsUrl));
  const webview = v.optional(v.picklist(['compact', 'tall', 'full']));
  const strict = v.strictObject;
  const list = (item, min, max) => v.pipe(v.array(item), v.minLength(min), v.maxLength(max));

  const button = v.variant('type', [
    strict({ type: v.literal('web_url'), url: https, title: chars(1, L.BUTTON_TITLE_MAX_CHARS), webview_height_ratio: webview }),
    strict({ type: v.literal('postback'), title: chars(1, L.BUTTON_TITLE_MAX_CHARS), payload: chars(1, L.POSTBACK_PAYLOAD_MAX_CHARS) }),
  ]);
  const element = v.pipe(
    strict({
      title: chars(1, L.GENERIC_TITLE_MAX_CHARS),
      subtitle: v.optional(chars(1, L.GENERIC_SUBTITLE_MAX_CHARS)),
      image_url: v.optional(https),
      default_action: v.optional(strict({ type: v.literal('web_url'), url: https, webview_height_ratio: webview })),
      buttons: v.optional(list(button, 1, L.GENERIC_MAX_BUTTONS)),
    }),
    v.check((e) => present(e, ['subtitle', 'image_url', 'default_action', 'buttons']).length > 0, 'an element needs more than a title'),
  );
  const template = v.variant('template_type', [
    strict({
      template_type: v.literal('button'),
      text: chars(1, L.BUTTON_TEMPLATE_TEXT_MAX_CHARS),
      buttons: list(button, 1, L.BUTTON_TEMPLATE_MAX_BUTTONS),
      sharable: v.optional(v.boolean()),
    }),
    strict({
      template_type: v.literal('generic'),
      elements: list(element, 1, L.GENERIC_MAX_ELEMENTS),
      sharable: v.optional(v.boolean()),
      image_aspect_ratio: v.optional(v.picklist(['horizontal', 'square'])),
    }),
  ]);
  const mediaPayload = v.pipe(
    strict({ url: v.optional(https), attachment_id: v.optional(nonEmpty), is_reusable: v.optional(v.boolean()) }),
    v.check((p) => (p.url === undefined) !== (p.attachment_id === undefined), 'url or attachment_id, not both'),
  );
  const mediaAttachment = (type) => strict({ type: v.literal(type), payload: mediaPayload });
  const image = mediaAttachment('image');
  const attachments = [image, mediaAttachment('audio'), mediaAttachment('video'), mediaAttachment('file'), strict({ type: v.literal('template'), payload: template })];
  if (ig) {
    attachments.push(strict({ type: v.literal('like_heart') }), strict({ type: v.literal('MEDIA_SHARE'), payload: strict({ id: nonEmpty }) }));
  }
  const quickReply = v.pipe(
    strict({
      content_type: v.picklist(QUICK_REPLY_TYPES),
      title: v.optional(chars(1, L.QUICK_REPLY_TITLE_MAX_CHARS)),
      payload: v.optional(chars(1, L.QUICK_REPLY_PAYLOAD_MAX_CHARS)),
      image_url: v.optional(https),
    }),
    v.check((q) => q.content_type !== 'text' || (q.title !== undefined && q.payload !== undefined), 'text quick replies need title and payload'),
  );
  const meta = v.pipe(
    strict({
      text: v.optional(text),
      quick_replies: v.optional(list(quickReply, 1, L.QUICK_REPLIES_MAX)),
      attachment: v.optional(v.variant('type', attachments)),
      attachments: v.optional(list(image, 1, L.ATTACHMENTS_MAX)),
      sender_action: v.optional(v.picklist(SENDER_ACTIONS)),
      payload: v.optional(strict({ message_id: nonEmpty, reaction: v.optional(v.pipe(v.string(), v.check(reactionOk))) })),
    }),
    v.check((c) => present(c, ['text', 'attachment', 'attachments', 'sender_action']).length === 1, 'exactly one kind of content'),
    v.check((c) => c.quick_replies === undefined || c.text !== undefined, 'quick replies need text'),
    v.check((c) => {
      const action = c.sender_action;
      if (action === 'react' || action === 'unreact') return c.payload !== undefined && (action === 'react') === (c.payload.reaction !== undefined);
      return c.payload === undefined;
    }, 'payload goes with react (with reaction) or unreact (without)'),
  );

  const body = strict({ text });
  const replyButton = strict({
    type: v.literal('reply'),
    reply: strict({ id: chars(1, L.INTERACTIVE_ID_MAX_CHARS), title: chars(1, L.INTERACTIVE_TITLE_MAX_CHARS) }),
  });
  const row = strict({
    id: chars(1, L.LIST_ROW_ID_MAX_CHARS),
    title: chars(1, L.LIST_TITLE_MAX_CHARS),
    description: v.optional(chars(1, L.LIST_DESCRIPTION_MAX_CHARS)),
  });
  const interactive = v.variant('type', [
    strict({
      type: v.literal('button'),
      body,
      action: v.pipe(
        strict({ buttons: list(replyButton, 1, L.INTERACTIVE_MAX_BUTTONS) }),
        v.check((a) => unique(a.buttons.map((b) => b.reply.id)), 'button ids are unique'),
      ),
    }),
    strict({
      type: v.literal('list'),
      body,
      action: v.pipe(
        strict({
          button: chars(1, L.LIST_BUTTON_MAX_CHARS),
          sections: list(strict({ title: v.optional(chars(1, L.LIST_TITLE_MAX_CHARS)), rows: list(row, 1, L.LIST_MAX_ROWS) }), 1, L.LIST_MAX_SECTIONS),
        }),
        v.check((a) => {
          const ids = a.sections.flatMap((s) => s.rows.map((r) => r.id));
          return ids.length <= L.LIST_MAX_ROWS && unique(ids);
        }, 'at most 10 rows, unique ids'),
      ),
    }),
    strict({
      type: v.literal('cta_url'),
      body,
      action: strict({ name: v.literal('cta_url'), parameters: strict({ display_text: chars(1, L.CTA_DISPLAY_TEXT_MAX_CHARS), url: https }) }),
    }),
  ]);
  const hub = v.pipe(
    strict({ text: v.optional(text), imageUrl: v.optional(https), videoUrl: v.optional(https), audioUrl: v.optional(https), interactive: v.optional(interactive) }),
    v.check((c) => {
      const kinds = present(c, ['imageUrl', 'videoUrl', 'audioUrl', 'interactive']);
      return (kinds.length === 1 || (kinds.length === 0 && c.text !== undefined)) && !(c.interactive !== undefined && c.text !== undefined);
    }, 'one kind of content; text goes in interactive.body.text'),
  );

  return strict({
    from: v.pipe(v.string(), v.check((s) => fromOk(channel, s), 'the channel UUID, username or Page id')),
    to: v.pipe(v.string(), v.check(toOk, 'a recipient id without whitespace')),
    content: v.union([meta, hub]),
  });
}

const sendSchemas = {};
function schemaFor(channel) {
  return (sendSchemas[channel] ??= sendSchema(channel));
}

/** The body for the channel's send endpoint; throws a ValiError. */
export function buildMessage(channel, input) {
  return v.parse(schemaFor(channel), input);
}

/** Whether the body is valid (for the agreement check). */
export function isValidMessage(channel, input) {
  return v.safeParse(schemaFor(channel), input).success;
}
