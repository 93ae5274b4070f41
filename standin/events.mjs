// What an accepted send produces: the message id, the response `type`, and the bodies of the
// webhook events delivered afterwards. Pure functions: no I/O, the clock is passed in.
//
// Event shapes (see docs/hub-api.md §4 and docs/hub-docs-site.md §1.16):
// * Instagram `Message`: the OpenAPI-era relay envelope, i.e. the Meta Send API request the Hub made:
//   {"eventType":"Message","timestamp":"<ISO ms Z>","payload":{"recipient":{"id":to},"message":{...}}}
//   or, for react/unreact, "sender_action" + "payload" instead of "message"
//   (fixtures: tests/fixtures/chatt2me/instagram-*.json).
// * Messenger `Message`: Meta's `message_echoes` object, decorated with `sender.pageId`
//   (fixtures: tests/fixtures/chatt2me/messenger-echo-*.json).
// * `MessageStatus`: the docs site's flat event {eventType, messageId, status, timestamp (unix s), channel}.
//
// Hub-normalized content has no documented event, so it is mapped to the closest Meta shape:
// * imageUrl/videoUrl/audioUrl -> an attachment {type: image|video|audio, payload: {url}}. The
//   optional caption is not part of the event: a Meta message cannot carry text and a media
//   attachment together, so the Hub presumably sends the caption separately (undocumented).
// * interactive (button, list, cta_url) -> a text message holding interactive.body.text.
// * reaction {messageId, emoji?} -> on Instagram the relay of a react (unreact without emoji)
//   sender action; on Messenger no `Message` event, as for sender actions.
// * context {messageId} (a reply) -> the message's Meta `reply_to: {mid}`.
// Sender actions produce no `Message` event, except react/unreact on Instagram, which the
// Instagram relay examples show. Messenger echoes exist only for messages, so no Messenger
// sender action has a `Message` event. Every accepted send has a `MessageStatus` event.

import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';

/** `message.app_id` of the Messenger echoes in the docs; a JSON number (below 2^53). */
export const MESSENGER_APP_ID = 854313003749170;

function digits(count) {
  let out = String(randomInt(1, 10));
  while (out.length < count) out += String(randomInt(0, 10));
  return out;
}

/**
 * A fresh message id in the style of the channel: Instagram ids are base64 of an
 * `ig_message_item:...` string (they start with "aWdf"), Messenger ids are "m_" + base64url.
 */
export function newMessageId(channel) {
  // The docs' ids on the other channels are UUIDs ("IDs use the UUID v4 string format").
  if (channel !== 'instagram' && channel !== 'messenger') return randomUUID();
  if (channel === 'instagram') {
    const raw = `ig_message_item:1:IGMessageThread:${digits(17)}:${digits(39)}`;
    return Buffer.from(raw).toString('base64url');
  }
  return `m_${randomBytes(64).toString('base64url').slice(0, 86)}`;
}

const MEDIA_TYPE = { image: 'Image', audio: 'Audio', video: 'Video', file: 'File' };

/**
 * The `type` of the send response (InstagramMessageType / MessengerMessageType), derived from
 * validated content. The docs never say how it is derived; this is the stand-in's mapping.
 */
export function messageType(content) {
  if (content.reaction) return 'Reaction';
  if (content.sender_action) {
    // react/unreact -> Reaction; mark_seen and the typing indicators -> Read, the only
    // enum value that stands for a sender action that is not a reaction.
    return ['react', 'unreact'].includes(content.sender_action) ? 'Reaction' : 'Read';
  }
  if (content.interactive) {
    return content.interactive.type === 'list' ? 'List' : 'Button';
  }
  if (content.imageUrl) return 'Image';
  if (content.videoUrl) return 'Video';
  if (content.audioUrl) return 'Audio';
  if (content.attachments) return 'Image';
  const { attachment } = content;
  if (attachment) {
    if (MEDIA_TYPE[attachment.type]) return MEDIA_TYPE[attachment.type];
    if (attachment.type === 'like_heart') return 'Sticker';
    if (attachment.type === 'MEDIA_SHARE') return 'Card'; // a shared post renders as a card
    return attachment.payload.template_type === 'button' ? 'Button' : 'Template';
  }
  return content.quick_replies ? 'QuickReply' : 'Text';
}

/**
 * The Meta `message` object (Send API style) for validated content, or null for sender actions.
 * Meta-style content is relayed as sent; Hub-normalized content is mapped (see the header).
 */
function metaMessage(content) {
  if (content.sender_action || content.reaction) return null;
  const { context, ...rest } = content;
  const replyTo = context ? { reply_to: { mid: context.messageId } } : {};
  if (rest.interactive) return { text: rest.interactive.body.text, ...replyTo };
  for (const [key, type] of [['imageUrl', 'image'], ['videoUrl', 'video'], ['audioUrl', 'audio']]) {
    if (rest[key]) return { attachment: { type, payload: { url: rest[key] } }, ...replyTo };
  }
  return { ...structuredClone(rest), ...replyTo };
}

/** Instagram `Message` event (relay envelope), or null when the send has none. */
function instagramMessageEvent({ to, content, now }) {
  const payload = { recipient: { id: to } };
  if (content.sender_action === 'react' || content.sender_action === 'unreact') {
    payload.sender_action = content.sender_action;
    payload.payload = structuredClone(content.payload);
  } else if (content.reaction) {
    const { messageId, emoji } = content.reaction;
    payload.sender_action = emoji ? 'react' : 'unreact';
    payload.payload = emoji ? { message_id: messageId, reaction: emoji } : { message_id: messageId };
  } else {
    const message = metaMessage(content);
    if (!message) return null; // typing_on / typing_off / mark_seen
    payload.message = message;
  }
  return { eventType: 'Message', timestamp: new Date(now).toISOString(), payload };
}

/** One Meta `message` turned into the `text` / `attachments` of a Messenger echo. */
function echoParts(message) {
  if (message.attachments) {
    return { attachments: message.attachments.map(({ type, payload }) => ({ type, payload: mediaPayload(payload) })) };
  }
  const { attachment } = message;
  if (!attachment) return { text: message.text }; // quick replies are not echoed (fixture)
  if (attachment.type !== 'template') {
    const echoed = { type: attachment.type };
    if (attachment.payload) echoed.payload = mediaPayload(attachment.payload);
    return { attachments: [echoed] };
  }
  const template = attachment.payload;
  if (template.template_type === 'button') {
    // Meta echoes a button template with its text twice: as message text and as the title.
    return {
      text: template.text,
      attachments: [{
        type: 'template',
        title: template.text,
        payload: { template_type: 'button', buttons: structuredClone(template.buttons) },
      }],
    };
  }
  if (template.template_type === 'product') {
    // Meta's messages webhook shows a product template as `payload.product.elements`, without a
    // type; the stand-in has no catalog to fill in retailer_id, image_url, title and subtitle.
    return { attachments: [{ type: 'template', payload: { product: { elements: template.elements.map(({ id }) => ({ id })) } } }] };
  }
  if (template.template_type !== 'generic') {
    // Media and receipt templates: echoed as sent.
    return { attachments: [{ type: 'template', payload: structuredClone(template) }] };
  }
  return {
    attachments: [{
      type: 'template',
      title: template.elements[0].title,
      payload: {
        template_type: 'generic',
        sharable: template.sharable ?? false,
        elements: structuredClone(template.elements),
      },
    }],
  };
}

// The echo of an uploaded media shows where it lives, not how it was uploaded.
function mediaPayload({ url, attachment_id: attachmentId }) {
  return url ? { url } : { attachment_id: attachmentId };
}

/** Messenger `message_echoes` event, or null for sender actions. */
function messengerEchoEvent({ channel, to, content, messageId, now }) {
  const message = metaMessage(content);
  if (!message) return null;
  const { text, attachments } = echoParts(message);
  // Key order follows the fixtures: mid, is_echo, text, app_id, attachments.
  const echo = { mid: messageId, is_echo: true };
  if (text !== undefined) echo.text = text;
  echo.app_id = MESSENGER_APP_ID;
  if (attachments) echo.attachments = attachments;
  return {
    eventType: 'message_echoes',
    timestamp: new Date(now).toISOString(),
    payload: {
      sender: { id: channel.pageId, pageId: channel.pageId },
      recipient: { id: to },
      timestamp: now,
      message: echo,
    },
  };
}

/**
 * The `Message` event body for an accepted send, or null when there is none.
 * @param {{kind: 'instagram'|'messenger', channel: object, to: string, content: object, messageId: string, now: number}} send
 */
export function messageEvent(send) {
  if (send.kind === 'instagram') return instagramMessageEvent(send);
  // WhatsApp, Telegram, SMS and Web Chatt: `Message` is what a user sent (webhooks, "Event
  // types"); a send of the business has no documented echo, only its `MessageStatus`.
  return send.kind === 'messenger' ? messengerEchoEvent(send) : null;
}

/**
 * The docs' flat `Message` event of a user's message (webhooks, "Event types", "Text message
 * received"): {eventType, channelId, messageId, from, timestamp (unix s), channel, content}.
 */
export function inboundEvent({ kind, channel, from, content, now }) {
  return {
    eventType: 'Message',
    channelId: channel.id,
    messageId: randomUUID(),
    from,
    timestamp: Math.floor(now / 1000),
    channel: kind,
    content: structuredClone(content),
  };
}

/** The flat `MessageStatus` event for an accepted send (status `sent`). */
export function statusEvent({ kind, messageId, now }) {
  return {
    eventType: 'MessageStatus',
    messageId,
    status: 'sent',
    timestamp: Math.floor(now / 1000),
    channel: kind,
  };
}

/**
 * The `X-hub-Signature` value for a raw body: `t=<unix s>,v1=<hex HMAC-SHA256(secret, "t.body")>`.
 */
export function signature(secret, rawBody, unixSeconds) {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
