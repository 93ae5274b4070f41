// The normalization every competitor shares: a webhook body that a schema library has already
// validated (zod, valibot or ajv) becomes the same typed event chatt2me-wasm returns, field for
// field (everything but `raw`). It is a plain-JS port of src/webhook/parse.rs, written the way a
// careful user of a schema library would write the mapping after `schema.parse(...)`: dispatch
// on which keys are present, read the fields, default to null.
//
// What it cannot do that ours does: ids sent as JSON numbers beyond 2^53 are already rounded by
// `JSON.parse` before any schema sees them (none of the fixtures has one in a typed field).

const hasOwn = Object.prototype.hasOwnProperty;

function isObj(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
function strOf(o, k) {
  const v = o[k];
  return typeof v === 'string' ? v : null;
}
function idOf(o, k) {
  const v = o[k];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}
function objOf(o, k) {
  const v = o[k];
  return isObj(v) ? v : null;
}
function lower(s) {
  return s === null ? null : s.toLowerCase();
}

/** Unix seconds or milliseconds (told apart by size), a numeric string or an ISO date → ms. */
export function timestampMs(v) {
  let n;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const t = v.trim();
    n = t === '' ? NaN : Number(t);
    if (Number.isNaN(n)) {
      const ms = Date.parse(t);
      return Number.isNaN(ms) ? null : ms;
    }
  } else return null;
  if (!Number.isFinite(n) || n < 0) return null;
  const ms = n < 1e11 ? n * 1000 : n;
  if (ms > 8.64e15) return null;
  return Math.round(ms);
}

function date(ms) {
  return ms === null ? null : new Date(ms);
}

function common(fields) {
  return {
    eventType: fields.eventType ?? null,
    channel: fields.channel ?? null,
    channelId: fields.channelId ?? null,
    messageId: fields.messageId ?? null,
    from: fields.from ?? null,
    to: fields.to ?? null,
    timestamp: fields.timestamp ?? null,
    attachments: [],
    replyTo: null,
    referral: null,
    isEcho: false,
    isDeleted: false,
    isUnsupported: false,
    standby: false,
  };
}

function message(type, c, content, editCount = null, quickReplyPayload = null) {
  c.type = type;
  c.content = content;
  c.status = null;
  c.reaction = null;
  c.editCount = editCount;
  c.quickReplyPayload = quickReplyPayload;
  return c;
}
function other(type, c, status) {
  c.type = type;
  c.content = null;
  c.status = status;
  c.reaction = null;
  return c;
}
function reactionEvent(c, reaction) {
  c.type = 'reaction';
  c.content = null;
  c.status = null;
  c.reaction = reaction;
  return c;
}

function text(t, quickReplies = null, quickReplyPayload = null) {
  return { type: 'text', text: t, quickReplies, quickReplyPayload };
}
function unknownContent(contentType, raw) {
  return { type: 'unknown', contentType, raw };
}

/** One event from a validated body (a Meta batch of one; batches of several are refused, as by parseWebhook). */
export function normalize(root) {
  const events = normalizeAll(root);
  if (events.length !== 1) throw new Error(`expected one event, got ${events.length}`);
  return events[0];
}

/** Every event of a validated body. */
export function normalizeAll(root) {
  if (!isObj(root)) throw new Error('a webhook body is a JSON object');
  if (typeof root.object === 'string' && hasOwn.call(root, 'entry')) return metaBatch(root.object, root.entry);
  const payload = root.payload;
  if (isObj(payload)) return [hubEnvelope(root, payload)];
  if (hasOwn.call(root, 'eventType') || hasOwn.call(root, 'channelId') || hasOwn.call(root, 'content') || hasOwn.call(root, 'messageId')) {
    return [flat(root)];
  }
  if (hasOwn.call(root, 'sender') || hasOwn.call(root, 'recipient')) return [metaItem(root, null, null, null)];
  throw new Error('not a Hub Chatt2.me or Meta webhook');
}

// 1. Flat events of the docs site.
function flat(o) {
  const eventType = strOf(o, 'eventType');
  const c = common({
    eventType,
    channel: lower(strOf(o, 'channel')),
    channelId: idOf(o, 'channelId'),
    messageId: idOf(o, 'messageId'),
    from: idOf(o, 'from'),
    to: idOf(o, 'to') ?? idOf(o, 'recipientId'),
    timestamp: date(timestampMs(o.timestamp)),
  });
  const kind = (eventType ?? '').toLowerCase();
  if (kind === 'messagestatus' || kind === 'message_status') {
    c.type = 'status';
    c.content = null;
    c.status = strOf(o, 'status');
    c.reaction = null;
    c.error = statusError(o);
    return c;
  }
  const isMessage = kind === 'message' || eventType === null;
  const content = o.content;
  if (isObj(content) && isMessage) {
    const reaction = flatReaction(content);
    if (reaction) return reactionEvent(c, reaction);
    return message('message', c, flatContent(content, c));
  }
  return other('unknown', c, strOf(o, 'status'));
}

function statusError(o) {
  const nested = objOf(o, 'error');
  const code = idOf(o, 'errorCode') ?? (nested && idOf(nested, 'code'));
  const msg = strOf(o, 'errorMessage') ?? (nested && strOf(nested, 'message'));
  return code === null && msg === null ? null : { code: code ?? null, message: msg ?? null };
}

function flatReaction(content) {
  if (content.type !== 'reaction') return null;
  const r = objOf(content, 'reaction');
  const emoji = (r && strOf(r, 'emoji')) ?? strOf(content, 'emoji');
  return {
    action: emoji ? 'react' : 'unreact',
    messageId: (r && (idOf(r, 'message_id') ?? idOf(r, 'messageId'))) ?? idOf(content, 'messageId'),
    reaction: emoji,
    emoji,
  };
}

const MEDIA = { image: 'image', video: 'video', audio: 'audio', voice: 'audio', file: 'file', document: 'file' };

function flatContent(c, ev) {
  const kind = strOf(c, 'type');
  const inner = kind === null ? null : objOf(c, kind);
  const pick = (k) => strOf(c, k) ?? (inner && strOf(inner, k));
  switch (kind) {
    case 'text': {
      const t = c.text;
      if (typeof t === 'string') return text(t);
      if (isObj(t) && typeof t.body === 'string') return text(t.body);
      return unknownContent(kind, c);
    }
    case 'image': case 'audio': case 'video': case 'file': case 'document': case 'voice': {
      const url = pick('url') ?? pick('link') ?? strOf(c, `${kind}Url`);
      ev.attachments.push({ type: kind, url });
      return { type: MEDIA[kind], url, caption: pick('caption') ?? strOf(c, 'text'), attachmentId: pick('id') };
    }
    case 'sticker':
      return { type: 'sticker', url: pick('url') ?? pick('link'), stickerId: inner && idOf(inner, 'id') };
    case 'location': {
      const src = inner ?? c;
      if (typeof src.latitude === 'number' && typeof src.longitude === 'number') {
        return { type: 'location', latitude: src.latitude, longitude: src.longitude, name: strOf(src, 'name'), address: strOf(src, 'address'), url: null };
      }
      return unknownContent(kind, c);
    }
    case 'interactive': {
      const i = objOf(c, 'interactive');
      const itype = i && strOf(i, 'type');
      const r = i && itype !== null ? objOf(i, itype) : null;
      return { type: 'interactive', interactiveType: itype, reply: r && interactiveReply(r) };
    }
    case 'button':
      return inner
        ? { type: 'interactive', interactiveType: 'button', reply: { id: idOf(inner, 'payload'), title: strOf(inner, 'text'), description: null } }
        : unknownContent(kind, c);
    default:
      return unknownContent(kind, c);
  }
}

function interactiveReply(r) {
  return { id: idOf(r, 'id'), title: strOf(r, 'title'), description: strOf(r, 'description') };
}

// 2–3. The OpenAPI-era envelope `{eventType, timestamp, channel?, payload}`.
const SIGNAL_KEYS = ['delivery', 'optin', 'pass_thread_control', 'take_thread_control', 'request_thread_control', 'account_linking'];
const META_EVENT_KEYS = ['message', 'reaction', 'postback', 'read', 'message_edit', 'referral', ...SIGNAL_KEYS];

function hubEnvelope(root, payload) {
  const eventType = strOf(root, 'eventType');
  const channel = lower(strOf(root, 'channel'));
  const ts = timestampMs(root.timestamp);
  if (hasOwn.call(payload, 'sender') && META_EVENT_KEYS.some((k) => hasOwn.call(payload, k))) {
    return metaItem(payload, channel, eventType, ts);
  }
  if (hasOwn.call(payload, 'recipient') && (hasOwn.call(payload, 'message') || hasOwn.call(payload, 'sender_action'))) {
    return relayedSend(payload, eventType, channel, ts);
  }
  const merged = { ...payload };
  for (const k of ['eventType', 'channel', 'timestamp']) {
    if (!hasOwn.call(merged, k) && hasOwn.call(root, k)) merged[k] = root[k];
  }
  return flat(merged);
}

function relayedSend(p, eventType, channel, ts) {
  const recipient = objOf(p, 'recipient');
  const c = common({
    eventType,
    channel: channel ?? (hasOwn.call(p, 'messaging_type') ? null : 'instagram'),
    to: recipient && idOf(recipient, 'id'),
    timestamp: date(ts),
  });
  c.isEcho = true;
  const action = strOf(p, 'sender_action');
  if (action !== null) {
    const inner = objOf(p, 'payload');
    if (action !== 'react' && action !== 'unreact') return other('unknown', c, null);
    return reactionEvent(c, {
      action,
      messageId: inner && idOf(inner, 'message_id'),
      reaction: inner && strOf(inner, 'reaction'),
      emoji: null,
    });
  }
  const m = objOf(p, 'message');
  return message('echo', c, m ? metaContent(m, c) : unknownContent(null, p));
}

// 4. Meta-native messaging objects and Meta's batch envelope.
function metaBatch(object, entries) {
  const channel = object === 'instagram' ? 'instagram' : object === 'page' ? 'messenger' : object.toLowerCase();
  const events = [];
  if (!Array.isArray(entries)) return events;
  for (const entry of entries) {
    if (!isObj(entry)) continue;
    const entryTs = timestampMs(entry.time);
    // In the entry's order: `standby` items (another app owns the thread) may come first.
    for (const list of Object.keys(entry)) {
      const items = entry[list];
      if (!Array.isArray(items)) continue;
      if (list === 'messaging' || list === 'standby') {
        for (const item of items) {
          if (!isObj(item)) continue;
          const event = metaItem(item, channel, null, entryTs);
          event.standby = list === 'standby';
          events.push(event);
        }
      } else if (list === 'changes') {
        for (const change of items) {
          if (!isObj(change)) continue;
          events.push(other('unknown', common({ eventType: strOf(change, 'field'), channel, timestamp: date(entryTs) }), null));
        }
      }
    }
  }
  return events;
}

function metaItem(item, channel, eventType, fallbackTs) {
  const sender = objOf(item, 'sender');
  const recipient = objOf(item, 'recipient');
  const ch = channel ?? ((sender && hasOwn.call(sender, 'pageId')) || eventType === 'message_echoes' ? 'messenger' : null);
  const c = common({
    eventType,
    channel: ch,
    from: sender && idOf(sender, 'id'),
    to: recipient && idOf(recipient, 'id'),
    timestamp: date(timestampMs(item.timestamp) ?? fallbackTs),
  });
  const m = objOf(item, 'message');
  if (m) {
    c.messageId = idOf(m, 'mid');
    c.isEcho = m.is_echo === true;
    c.isDeleted = m.is_deleted === true;
    c.isUnsupported = m.is_unsupported === true;
    c.referral = m.referral ?? null;
    const r = objOf(m, 'reply_to');
    if (r) {
      const story = objOf(r, 'story');
      c.replyTo = { messageId: idOf(r, 'mid'), storyUrl: story && strOf(story, 'url'), storyId: story && idOf(story, 'id') };
    }
    const quick = objOf(m, 'quick_reply');
    return message(c.isEcho ? 'echo' : 'message', c, metaContent(m, c), null, quick && idOf(quick, 'payload'));
  }
  const r = objOf(item, 'reaction');
  if (r) {
    return reactionEvent(c, {
      action: r.action === 'unreact' ? 'unreact' : 'react',
      messageId: idOf(r, 'mid'),
      reaction: strOf(r, 'reaction'),
      emoji: strOf(r, 'emoji'),
    });
  }
  const p = objOf(item, 'postback');
  if (p) {
    c.messageId = idOf(p, 'mid');
    c.referral = p.referral ?? null;
    const ev = other('postback', c, null);
    ev.postback = { title: strOf(p, 'title'), payload: idOf(p, 'payload') };
    return ev;
  }
  const read = objOf(item, 'read');
  if (read) {
    c.messageId = idOf(read, 'mid');
    return other('read', c, null);
  }
  const e = objOf(item, 'message_edit');
  if (e) {
    c.messageId = idOf(e, 'mid');
    const n = typeof e.num_edit === 'string' && /^\s*\d+\s*$/.test(e.num_edit) ? Number(e.num_edit.trim()) : e.num_edit;
    const editCount = Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : null;
    const t = strOf(e, 'text');
    return message('message', c, t !== null ? text(t) : unknownContent(null, e), editCount);
  }
  const signal = signalEvent(item, c);
  if (signal) return signal;
  c.referral = item.referral ?? null;
  const ref = objOf(item, 'referral');
  if (ref) {
    const ev = other('referral', c, null);
    ev.ref = idOf(ref, 'ref');
    ev.source = strOf(ref, 'source');
    ev.adId = idOf(ref, 'ad_id');
    return ev;
  }
  return other('unknown', c, null);
}

/** Messenger's delivery, optin, handover and account_linking fields, each its own event. */
function signalEvent(item, c) {
  const d = objOf(item, 'delivery');
  if (d) {
    const ev = other('delivery', c, null);
    const mids = Array.isArray(d.mids) ? d.mids.filter((m) => typeof m === 'string' || typeof m === 'number').map(String) : [];
    ev.delivery = { messageIds: mids, watermark: timestampMs(d.watermark) };
    return ev;
  }
  const o = objOf(item, 'optin');
  if (o) {
    const ev = other('optin', c, null);
    ev.optin = {
      type: strOf(o, 'type'),
      ref: idOf(o, 'ref'),
      userRef: idOf(o, 'user_ref'),
      payload: idOf(o, 'payload'),
      title: strOf(o, 'title'),
      oneTimeNotifToken: idOf(o, 'one_time_notif_token'),
      notificationMessagesToken: idOf(o, 'notification_messages_token'),
      notificationMessagesFrequency: strOf(o, 'notification_messages_frequency'),
      notificationMessagesTimezone: strOf(o, 'notification_messages_timezone'),
      notificationMessagesStatus: strOf(o, 'notification_messages_status'),
      tokenExpiryTimestamp: timestampMs(o.token_expiry_timestamp),
      userTokenStatus: strOf(o, 'user_token_status'),
    };
    return ev;
  }
  for (const [key, action] of [['pass_thread_control', 'pass'], ['take_thread_control', 'take'], ['request_thread_control', 'request']]) {
    const h = objOf(item, key);
    if (!h) continue;
    const ev = other('handover', c, null);
    ev.handover = {
      action,
      newOwnerAppId: idOf(h, 'new_owner_app_id'),
      previousOwnerAppId: idOf(h, 'previous_owner_app_id'),
      requestedOwnerAppId: idOf(h, 'requested_owner_app_id'),
      metadata: strOf(h, 'metadata'),
    };
    return ev;
  }
  const a = objOf(item, 'account_linking');
  if (!a) return null;
  const ev = other('account_linking', c, null);
  ev.accountLinking = { status: strOf(a, 'status'), authorizationCode: idOf(a, 'authorization_code') };
  return ev;
}

/** `payload.url`, or the attachment's own `url` / `URL` (legacy fallback and location). */
function attachmentUrl(a) {
  const p = objOf(a, 'payload');
  return (p && strOf(p, 'url')) ?? strOf(a, 'url') ?? strOf(a, 'URL');
}

function metaContent(m, c) {
  const atts = [];
  const list = m.attachments;
  if (Array.isArray(list)) {
    for (const a of list) if (isObj(a)) atts.push(a);
  } else if (isObj(list)) atts.push(list);
  const one = objOf(m, 'attachment');
  if (one) atts.push(one);
  for (const a of atts) {
    c.attachments.push({ type: strOf(a, 'type') ?? '', url: attachmentUrl(a) });
  }
  const t = strOf(m, 'text');
  if (atts.length > 0) return attachmentContent(atts[0], t);
  if (t === null) return unknownContent(null, m);
  const qr = m.quick_replies;
  const quick = objOf(m, 'quick_reply');
  return text(
    t,
    Array.isArray(qr)
      ? qr.filter(isObj).map((q) => ({ contentType: strOf(q, 'content_type'), title: strOf(q, 'title'), payload: idOf(q, 'payload') }))
      : null,
    quick && idOf(quick, 'payload'),
  );
}

const SHARE_TYPES = new Set(['share', 'ig_post', 'story_mention', 'ig_reel', 'reel', 'story', 'ig_story', 'media', 'ephemeral', 'MEDIA_SHARE', 'fallback', 'link']);

function attachmentContent(a, t) {
  const kind = strOf(a, 'type') ?? '';
  const p = objOf(a, 'payload');
  const url = attachmentUrl(a);
  const media = (type) => ({ type, url, caption: t, attachmentId: p && idOf(p, 'attachment_id') });
  switch (kind) {
    case 'image':
      if (p && hasOwn.call(p, 'sticker_id')) return { type: 'sticker', url, stickerId: idOf(p, 'sticker_id') };
      return media('image');
    case 'audio': case 'video': case 'file':
      return media(kind);
    case 'like_heart': case 'sticker':
      return { type: 'sticker', url, stickerId: p && idOf(p, 'sticker_id') };
    case 'template': {
      const product = p && objOf(p, 'product');
      const elements = p && (hasOwn.call(p, 'elements') || !product ? p.elements : product.elements);
      return {
        type: 'template',
        templateType: p && (strOf(p, 'template_type') ?? (product ? 'product' : null)),
        text: (p && strOf(p, 'text')) ?? t,
        title: strOf(a, 'title'),
        buttons: p && Array.isArray(p.buttons)
          ? p.buttons.filter(isObj).map((b) => ({ type: strOf(b, 'type'), title: strOf(b, 'title'), url: strOf(b, 'url'), payload: idOf(b, 'payload') }))
          : [],
        elements: Array.isArray(elements) ? elements : [],
      };
    }
    case 'location': {
      const coords = p && objOf(p, 'coordinates');
      if (coords && typeof coords.lat === 'number' && typeof coords.long === 'number') {
        return { type: 'location', latitude: coords.lat, longitude: coords.long, name: strOf(a, 'title'), address: null, url };
      }
      return unknownContent(kind, a);
    }
    default:
      if (SHARE_TYPES.has(kind)) {
        const id = p && (idOf(p, 'id') ?? idOf(p, 'ig_post_media_id') ?? idOf(p, 'reel_video_id'));
        return { type: 'share', shareType: kind, url, id, title: (p && strOf(p, 'title')) ?? strOf(a, 'title'), text: t };
      }
      return unknownContent(kind, a);
  }
}
