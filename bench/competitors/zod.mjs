// The zod 4 equivalent of chatt2me-wasm: schemas of the four webhook envelope kinds (flat Hub
// events, the OpenAPI-era envelope with a relayed send or a Messenger echo, Meta-native objects
// and Meta's batch), then the shared normalization; and the send rules of src/send/ as closed
// schemas for both content models. Webhook schemas are open (`looseObject`): a webhook endpoint
// must not reject tomorrow's fields; send schemas are closed (`strictObject`), as ours.

import { z } from 'zod';
import { normalize } from './normalize.mjs?for=zod'; // a module instance of its own: no type feedback shared between competitors
import {
  LIMITS as L, QUICK_REPLY_TYPES, SENDER_ACTIONS,
  charsBetween, fromOk, isHttpsUrl, present, reactionOk, textOk, toOk, unique,
} from './send-rules.mjs?for=zod';

// ------------------------------------------------------------------------------------------
// Webhooks

const id = z.union([z.string(), z.number()]);
const ts = z.union([z.number(), z.string()]);
const str = z.string().optional();
const oid = id.optional();
const flag = z.boolean().optional();

const party = z.looseObject({ id: oid, pageId: oid });
const button = z.looseObject({ type: str, title: str, url: str, payload: oid });
const attachmentPayload = z.looseObject({
  url: str,
  attachment_id: oid,
  sticker_id: oid,
  id: oid,
  template_type: str,
  text: str,
  buttons: z.array(button).optional(),
  elements: z.array(z.looseObject({})).optional(),
  coordinates: z.looseObject({ lat: z.number(), long: z.number() }).optional(),
});
const attachment = z.looseObject({ type: z.string(), title: str, payload: attachmentPayload.optional() });
const metaMessage = z.looseObject({
  mid: oid,
  text: str,
  is_echo: flag,
  is_deleted: flag,
  is_unsupported: flag,
  app_id: oid,
  attachments: z.union([z.array(attachment), attachment]).optional(),
  attachment: attachment.optional(),
  quick_replies: z.array(z.looseObject({ content_type: str, title: str, payload: oid })).optional(),
  quick_reply: z.looseObject({ payload: oid }).optional(),
  reply_to: z.looseObject({ mid: oid, story: z.looseObject({ url: str, id: oid }).optional() }).optional(),
  referral: z.unknown().optional(),
});
const metaFields = {
  sender: party.optional(),
  recipient: party.optional(),
  timestamp: ts.optional(),
  message: metaMessage.optional(),
  reaction: z.looseObject({ mid: oid, action: z.enum(['react', 'unreact']).optional(), reaction: str, emoji: str }).optional(),
  postback: z.looseObject({ mid: oid, title: str, payload: oid, referral: z.unknown().optional() }).optional(),
  read: z.looseObject({ mid: oid }).optional(),
  message_edit: z.looseObject({ mid: oid, text: str, num_edit: z.number().int().nonnegative().optional() }).optional(),
  referral: z.unknown().optional(),
};
const META_EVENT_KEYS = ['message', 'reaction', 'postback', 'read', 'message_edit', 'referral'];
/** A Meta messaging object: `{sender, recipient, timestamp, message | reaction | postback | read | message_edit}`. */
const metaItem = z.looseObject(metaFields).refine((o) => o.sender !== undefined || o.recipient !== undefined, 'a messaging object has sender or recipient');
const metaItemInEnvelope = z
  .looseObject(metaFields)
  .refine((o) => o.sender !== undefined && META_EVENT_KEYS.some((k) => o[k] !== undefined), 'sender and an event');

/** The payload of the OpenAPI-era envelope when it is the Send API request the Hub relayed. */
const relayedSend = z
  .looseObject({
    recipient: party,
    messaging_type: str,
    message: metaMessage.optional(),
    sender_action: str,
    payload: z.looseObject({ message_id: oid, reaction: str }).optional(),
  })
  .refine((o) => o.message !== undefined || o.sender_action !== undefined, 'message or sender_action');

// Hub-normalized inbound content, discriminated on `type` (unknown types are kept).
const media = z.looseObject({ url: str, link: str, caption: str, id: str });
const mediaContent = (type) => z.looseObject({ type: z.literal(type), url: str, link: str, caption: str, text: str, id: str, [type]: media.optional(), [`${type}Url`]: str });
const coords = { latitude: z.number(), longitude: z.number(), name: str, address: str };
const optionalCoords = { latitude: z.number().optional(), longitude: z.number().optional(), name: str, address: str };
const knownContent = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text'), text: z.union([z.string(), z.looseObject({ body: z.string() })]) }),
  mediaContent('image'), mediaContent('audio'), mediaContent('video'), mediaContent('file'), mediaContent('document'), mediaContent('voice'),
  z.looseObject({ type: z.literal('sticker'), url: str, link: str, sticker: z.looseObject({ url: str, link: str, id: oid }).optional() }),
  z
    .looseObject({ type: z.literal('location'), location: z.looseObject(coords).optional(), ...optionalCoords })
    .refine((c) => c.location !== undefined || (c.latitude !== undefined && c.longitude !== undefined), 'latitude and longitude'),
  z.looseObject({
    type: z.literal('interactive'),
    interactive: z.looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: oid, title: str, description: str }).optional(),
      list_reply: z.looseObject({ id: oid, title: str, description: str }).optional(),
    }),
  }),
  z.looseObject({ type: z.literal('button'), button: z.looseObject({ text: str, payload: oid }) }),
  z.looseObject({
    type: z.literal('reaction'),
    emoji: str,
    messageId: oid,
    reaction: z.looseObject({ emoji: str, message_id: oid, messageId: oid }).optional(),
  }),
]);
const KNOWN_CONTENT = new Set(['text', 'image', 'audio', 'video', 'file', 'document', 'voice', 'sticker', 'location', 'interactive', 'button', 'reaction']);
const otherContent = z.looseObject({ type: str }).refine((c) => !KNOWN_CONTENT.has(c.type), 'a known content type in an unknown shape');
const flatFields = {
  eventType: str,
  channel: str,
  channelId: oid,
  messageId: oid,
  from: oid,
  to: oid,
  recipientId: oid,
  timestamp: ts.optional(),
  status: str,
  errorCode: oid,
  errorMessage: str,
  error: z.looseObject({ code: oid, message: str }).optional(),
  content: z.union([knownContent, otherContent]).optional(),
};
/** A flat event of the docs site: `{eventType, channelId, messageId, from, timestamp, channel, content}`. */
const flat = z
  .looseObject(flatFields)
  .refine((o) => ['eventType', 'channelId', 'content', 'messageId'].some((k) => o[k] !== undefined), 'a flat event');

/** The OpenAPI-era envelope `{eventType, timestamp, channel?, payload}`. */
const envelope = z.looseObject({
  eventType: str,
  timestamp: ts.optional(),
  channel: str,
  payload: z.union([metaItemInEnvelope, relayedSend, z.looseObject(flatFields)]),
});

/** Meta's own batch `{object, entry[].messaging[]}`. */
const batch = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: oid,
      time: ts.optional(),
      messaging: z.array(metaItem).optional(),
      standby: z.array(metaItem).optional(),
      changes: z.array(z.looseObject({ field: str })).optional(),
    }),
  ),
});

export const webhookSchema = z.union([batch, envelope, flat, metaItem]);

/** Webhook text → the typed event. */
export function parseWebhook(text) {
  return normalize(webhookSchema.parse(JSON.parse(text)));
}

/** An already parsed body → the typed event. */
export function parseWebhookValue(value) {
  return normalize(webhookSchema.parse(value));
}

// ------------------------------------------------------------------------------------------
// Send bodies (built on first use, so that importing this module for webhooks costs no more
// than a webhook-only module would)

function sendSchema(channel) {
  const ig = channel === 'instagram';
  const chars = (min, max) => z.string().refine((s) => charsBetween(s, min, max));
  const nonEmpty = z.string().min(1);
  const text = z.string().refine((s) => textOk(channel, s));
  const https = z.string().refine(isHttpsUrl);
  const webview = z.enum(['compact', 'tall', 'full']).optional();

  const button = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('web_url'), url: https, title: chars(1, L.BUTTON_TITLE_MAX_CHARS), webview_height_ratio: webview }),
    z.strictObject({ type: z.literal('postback'), title: chars(1, L.BUTTON_TITLE_MAX_CHARS), payload: chars(1, L.POSTBACK_PAYLOAD_MAX_CHARS) }),
  ]);
  const element = z
    .strictObject({
      title: chars(1, L.GENERIC_TITLE_MAX_CHARS),
      subtitle: chars(1, L.GENERIC_SUBTITLE_MAX_CHARS).optional(),
      image_url: https.optional(),
      default_action: z.strictObject({ type: z.literal('web_url'), url: https, webview_height_ratio: webview }).optional(),
      buttons: z.array(button).min(1).max(L.GENERIC_MAX_BUTTONS).optional(),
    })
    .refine((e) => present(e, ['subtitle', 'image_url', 'default_action', 'buttons']).length > 0, 'an element needs more than a title');
  const template = z.discriminatedUnion('template_type', [
    z.strictObject({
      template_type: z.literal('button'),
      text: chars(1, L.BUTTON_TEMPLATE_TEXT_MAX_CHARS),
      buttons: z.array(button).min(1).max(L.BUTTON_TEMPLATE_MAX_BUTTONS),
      sharable: z.boolean().optional(),
    }),
    z.strictObject({
      template_type: z.literal('generic'),
      elements: z.array(element).min(1).max(L.GENERIC_MAX_ELEMENTS),
      sharable: z.boolean().optional(),
      image_aspect_ratio: z.enum(['horizontal', 'square']).optional(),
    }),
  ]);
  const mediaPayload = z
    .strictObject({ url: https.optional(), attachment_id: nonEmpty.optional(), is_reusable: z.boolean().optional() })
    .refine((p) => (p.url === undefined) !== (p.attachment_id === undefined), 'url or attachment_id, not both');
  const mediaAttachment = (type) => z.strictObject({ type: z.literal(type), payload: mediaPayload });
  const image = mediaAttachment('image');
  const attachments = [image, mediaAttachment('audio'), mediaAttachment('video'), mediaAttachment('file'), z.strictObject({ type: z.literal('template'), payload: template })];
  if (ig) {
    attachments.push(
      z.strictObject({ type: z.literal('like_heart') }),
      z.strictObject({ type: z.literal('MEDIA_SHARE'), payload: z.strictObject({ id: nonEmpty }) }),
    );
  }
  const quickReply = z
    .strictObject({
      content_type: z.enum(QUICK_REPLY_TYPES),
      title: chars(1, L.QUICK_REPLY_TITLE_MAX_CHARS).optional(),
      payload: chars(1, L.QUICK_REPLY_PAYLOAD_MAX_CHARS).optional(),
      image_url: https.optional(),
    })
    .refine((q) => q.content_type !== 'text' || (q.title !== undefined && q.payload !== undefined), 'text quick replies need title and payload');

  const meta = z
    .strictObject({
      text: text.optional(),
      quick_replies: z.array(quickReply).min(1).max(L.QUICK_REPLIES_MAX).optional(),
      attachment: z.discriminatedUnion('type', attachments).optional(),
      attachments: z.array(image).min(1).max(L.ATTACHMENTS_MAX).optional(),
      sender_action: z.enum(SENDER_ACTIONS).optional(),
      payload: z.strictObject({ message_id: nonEmpty, reaction: z.string().refine(reactionOk).optional() }).optional(),
    })
    .superRefine((c, ctx) => {
      const fail = (message) => ctx.addIssue({ code: 'custom', message });
      if (present(c, ['text', 'attachment', 'attachments', 'sender_action']).length !== 1) fail('exactly one kind of content');
      if (c.quick_replies !== undefined && c.text === undefined) fail('quick replies need text');
      const action = c.sender_action;
      if (action === 'react' || action === 'unreact') {
        if (c.payload === undefined) fail('react and unreact need payload');
        else if ((action === 'react') !== (c.payload.reaction !== undefined)) fail('reaction goes with react only');
      } else if (c.payload !== undefined) fail('payload goes with react or unreact only');
    });

  const body = z.strictObject({ text });
  const replyButton = z.strictObject({
    type: z.literal('reply'),
    reply: z.strictObject({ id: chars(1, L.INTERACTIVE_ID_MAX_CHARS), title: chars(1, L.INTERACTIVE_TITLE_MAX_CHARS) }),
  });
  const row = z.strictObject({
    id: chars(1, L.LIST_ROW_ID_MAX_CHARS),
    title: chars(1, L.LIST_TITLE_MAX_CHARS),
    description: chars(1, L.LIST_DESCRIPTION_MAX_CHARS).optional(),
  });
  const interactive = z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('button'),
      body,
      action: z
        .strictObject({ buttons: z.array(replyButton).min(1).max(L.INTERACTIVE_MAX_BUTTONS) })
        .refine((a) => unique(a.buttons.map((b) => b.reply.id)), 'button ids are unique'),
    }),
    z.strictObject({
      type: z.literal('list'),
      body,
      action: z
        .strictObject({
          button: chars(1, L.LIST_BUTTON_MAX_CHARS),
          sections: z.array(z.strictObject({ title: chars(1, L.LIST_TITLE_MAX_CHARS).optional(), rows: z.array(row).min(1).max(L.LIST_MAX_ROWS) })).min(1).max(L.LIST_MAX_SECTIONS),
        })
        .refine((a) => {
          const ids = a.sections.flatMap((s) => s.rows.map((r) => r.id));
          return ids.length <= L.LIST_MAX_ROWS && unique(ids);
        }, 'at most 10 rows, unique ids'),
    }),
    z.strictObject({
      type: z.literal('cta_url'),
      body,
      action: z.strictObject({
        name: z.literal('cta_url'),
        parameters: z.strictObject({ display_text: chars(1, L.CTA_DISPLAY_TEXT_MAX_CHARS), url: https }),
      }),
    }),
  ]);
  const hub = z
    .strictObject({ text: text.optional(), imageUrl: https.optional(), videoUrl: https.optional(), audioUrl: https.optional(), interactive: interactive.optional() })
    .superRefine((c, ctx) => {
      const kinds = present(c, ['imageUrl', 'videoUrl', 'audioUrl', 'interactive']);
      if (kinds.length === 0 && c.text === undefined) ctx.addIssue({ code: 'custom', message: 'content needs one kind of content' });
      if (kinds.length > 1) ctx.addIssue({ code: 'custom', message: 'one kind of content per message' });
      if (c.interactive !== undefined && c.text !== undefined) ctx.addIssue({ code: 'custom', message: 'text goes in interactive.body.text' });
    });

  return z.strictObject({
    from: z.string().refine((s) => fromOk(channel, s), 'the channel UUID, username or Page id'),
    to: z.string().refine(toOk, 'a recipient id without whitespace'),
    content: z.union([meta, hub]),
  });
}

const sendSchemas = {};
function schemaFor(channel) {
  return (sendSchemas[channel] ??= sendSchema(channel));
}

/** The body for the channel's send endpoint; throws a ZodError with every issue. */
export function buildMessage(channel, input) {
  return schemaFor(channel).parse(input);
}

/** Whether the body is valid (for the agreement check). */
export function isValidMessage(channel, input) {
  return schemaFor(channel).safeParse(input).success;
}
