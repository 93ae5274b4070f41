// Webhooks (issue #3) through the built package: every fixture into the expected typed event,
// the input forms, exact ids, batches, errors, and X-hub-Signature. The expected events are
// computed here from the fixture JSON and the documented mapping (docs/hub-api.md §4,
// docs/hub-docs-site.md §1.16, instagram-limits.md §8), never copied from the parser's output.
// Run: node --test tests/js/webhook.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as pkg from '../../pkg/node.js';
import { thrown } from './lib/thrown.mjs';

const {
  parseWebhook,
  parseWebhookEvents,
  verifyWebhook,
  verifyWebhookEvents,
  signWebhook,
  replyTarget,
  Chatt2meError,
  WebhookError,
  SignatureError,
  isChatt2meError,
} = pkg;

const FIXTURES = new URL('../fixtures/', import.meta.url);
const DIRS = ['chatt2me/', 'chatt2me/superseded/', 'chatt2me-site/webhooks/'];
const fixtureFiles = DIRS.flatMap((dir) =>
  readdirSync(new URL(dir, FIXTURES))
    .filter((name) => name.endsWith('.json'))
    .map((name) => `${dir}${name}`),
);
const readFixture = (path) => readFileSync(new URL(path, FIXTURES), 'utf8');


function assertError(error, Class, code) {
  assert.ok(error instanceof Class, `expected ${Class.name}, got ${error?.name}: ${error?.message}`);
  assert.ok(error instanceof Chatt2meError);
  assert.ok(error instanceof Error);
  assert.equal(error.name, Class.name);
  assert.equal(error.code, code, error.message);
  assert.equal(isChatt2meError(error), true);
  return error;
}

// ---------------------------------------------------------------------------------------------
// The expected event of each documented shape, from the fixture JSON.

/** Content of a Meta `message` object (relayed send or echo): the first attachment, else the text. */
function metaContent(message) {
  const attachments = message.attachment ? [message.attachment] : message.attachments ?? [];
  if (attachments.length === 0) {
    return {
      type: 'text',
      text: message.text,
      quickReplies: message.quick_replies
        ? message.quick_replies.map((q) => ({ contentType: q.content_type, title: q.title ?? null, payload: q.payload ?? null }))
        : null,
      quickReplyPayload: message.quick_reply?.payload ?? null,
    };
  }
  const [a] = attachments;
  switch (a.type) {
    case 'image':
    case 'audio':
    case 'video':
    case 'file':
      return { type: a.type, url: a.payload.url ?? null, caption: message.text ?? null, attachmentId: a.payload.attachment_id ?? null };
    case 'like_heart':
      return { type: 'sticker', url: null, stickerId: null };
    case 'template':
      return {
        type: 'template',
        templateType: a.payload.template_type,
        text: a.payload.text ?? message.text ?? null,
        title: a.title ?? null,
        buttons: (a.payload.buttons ?? []).map((b) => ({ type: b.type, title: b.title ?? null, url: b.url ?? null, payload: b.payload ?? null })),
        elements: a.payload.elements ?? [],
      };
    default:
      throw new Error(`no expectation for attachment type ${a.type}`);
  }
}

const attachmentsOf = (message) =>
  (message.attachment ? [message.attachment] : message.attachments ?? []).map((a) => ({ type: a.type, url: a.payload?.url ?? null }));

/** OpenAPI-era relay envelope {eventType, timestamp (ISO), channel?, payload: Send API request}. */
function relayExpected(json) {
  const p = json.payload;
  const base = {
    eventType: json.eventType,
    // Lowercase as delivered; without it, only Instagram relays are documented without messaging_type.
    channel: json.channel !== undefined ? json.channel.toLowerCase() : 'messaging_type' in p ? null : 'instagram',
    channelId: null,
    messageId: null,
    from: null,
    to: p.recipient.id,
    timestamp: Date.parse(json.timestamp),
    status: null,
    isEcho: true,
  };
  if (p.sender_action) {
    return {
      ...base,
      type: 'reaction',
      content: null,
      reaction: { action: p.sender_action, messageId: p.payload.message_id, reaction: p.payload.reaction ?? null, emoji: null },
      attachments: [],
    };
  }
  return { ...base, type: 'echo', content: metaContent(p.message), reaction: null, attachments: attachmentsOf(p.message) };
}

/** Messenger message_echoes: Meta's echo in the envelope, timestamp in ms in the payload. */
function echoExpected(json) {
  const p = json.payload;
  return {
    type: 'echo',
    eventType: json.eventType,
    channel: 'messenger', // sender.pageId is the Hub's Messenger decoration
    channelId: null,
    messageId: p.message.mid,
    from: p.sender.id,
    to: p.recipient.id,
    timestamp: p.timestamp,
    status: null,
    isEcho: p.message.is_echo,
    content: metaContent(p.message),
    reaction: null,
    attachments: attachmentsOf(p.message),
  };
}

/** The docs site's flat Message event; timestamp in unix seconds. */
function flatExpected(json) {
  const c = json.content;
  let content;
  if (c.type === 'text') content = { type: 'text', text: c.text, quickReplies: null, quickReplyPayload: null };
  else if (c.type === 'interactive') {
    const reply = c.interactive[c.interactive.type];
    content = { type: 'interactive', interactiveType: c.interactive.type, reply: { id: reply.id, title: reply.title, description: reply.description ?? null } };
  } else if (c.type === 'location') {
    const l = c.location;
    content = { type: 'location', latitude: l.latitude, longitude: l.longitude, name: l.name ?? null, address: l.address ?? null, url: null };
  } else throw new Error(`no expectation for content type ${c.type}`);
  return {
    type: 'message',
    eventType: json.eventType,
    channel: json.channel ?? null,
    channelId: json.channelId ?? null,
    messageId: json.messageId ?? null,
    from: json.from ?? null,
    to: null,
    timestamp: json.timestamp === undefined ? null : json.timestamp * 1000,
    status: null,
    isEcho: false,
    content,
    reaction: null,
    attachments: [],
  };
}

/** The docs' `{sender: {id}}` fragments: a Meta messaging object with no event key. */
function fragmentExpected(json) {
  return {
    type: 'unknown',
    eventType: null,
    channel: null,
    channelId: null,
    messageId: null,
    from: json.sender.id,
    to: null,
    timestamp: null,
    status: null,
    isEcho: false,
    content: null,
    reaction: null,
    attachments: [],
  };
}

function expectedFor(path, json) {
  const name = path.split('/').pop();
  if (path.startsWith('chatt2me/') && name.startsWith('messenger-echo-')) return echoExpected(json);
  if (path.startsWith('chatt2me/')) return relayExpected(json);
  if (name.startsWith('message-')) return flatExpected(json);
  if (name.startsWith('fragment-')) return fragmentExpected(json);
  throw new Error(`no expectation for ${path}`);
}

/** The checked fields of an event, timestamp as epoch ms. */
function project(event) {
  assert.ok(event.timestamp === null || event.timestamp instanceof Date, 'timestamp is a Date or null');
  return {
    type: event.type,
    eventType: event.eventType,
    channel: event.channel,
    channelId: event.channelId,
    messageId: event.messageId,
    from: event.from,
    to: event.to,
    timestamp: event.timestamp === null ? null : event.timestamp.getTime(),
    status: event.status,
    isEcho: event.isEcho,
    content: event.content,
    reaction: event.reaction,
    attachments: event.attachments,
  };
}

// ---------------------------------------------------------------------------------------------

describe('every fixture parses to the expected event', () => {
  test('all fixture files are covered', () => {
    assert.equal(fixtureFiles.length, 24, fixtureFiles.join('\n'));
  });

  for (const path of fixtureFiles) {
    test(path, () => {
      const text = readFixture(path);
      const json = JSON.parse(text);
      const expected = expectedFor(path, json);
      const event = parseWebhook(text);
      assert.deepStrictEqual(project(event), expected);
      assert.deepStrictEqual(event.raw, json, 'raw is the whole delivered JSON');
      if (expected.timestamp !== null) assert.ok(!Number.isNaN(event.timestamp.getTime()));

      // parseWebhookEvents gives the same single event.
      const events = parseWebhookEvents(text);
      assert.equal(events.length, 1);
      assert.deepStrictEqual(project(events[0]), expected);

      // The same from bytes, an ArrayBuffer and an already parsed object.
      const bytes = new TextEncoder().encode(text);
      for (const input of [bytes, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), json]) {
        const again = parseWebhook(input);
        assert.deepStrictEqual(project(again), expected);
        assert.deepStrictEqual(again.raw, json);
      }
    });
  }

  test('the superseded Messenger variants differ only in channel', () => {
    const channelOf = (name) => parseWebhook(readFixture(`chatt2me/superseded/${name}`)).channel;
    assert.equal(channelOf('messenger-message-text-channel-instagram.json'), 'instagram'); // as delivered (a typo in the docs)
    assert.equal(channelOf('messenger-message-text-channel-messenger.json'), 'messenger');
    assert.equal(channelOf('messenger-message-text.json'), null);
  });

  test('replyTarget: channelId → from, sender → to; null when the event lacks one', () => {
    const flat = parseWebhook(readFixture('chatt2me-site/webhooks/message-text-whatsapp.json'));
    assert.deepEqual(replyTarget(flat), { from: '6cbd6789-1d2b-47e0-9391-5eb91d2839ea', to: '5511993986082' });
    assert.equal(replyTarget(parseWebhook(readFixture('chatt2me/messenger-echo-text.json'))), null);
    assert.equal(replyTarget(parseWebhook(readFixture('chatt2me-site/webhooks/message-location-abridged.json'))), null);
    assert.equal(replyTarget(null), null);
    assert.equal(replyTarget('x'), null);
  });
});

describe('exact ids and numbers', () => {
  test('an id sent as a JSON number beyond 2^53 becomes its exact decimal string, in the event and in raw', () => {
    const body =
      '{"eventType":"Message","channelId":"6cbd6789-1d2b-47e0-9391-5eb91d2839ea","messageId":"m1","from":26203292189261166,' +
      '"timestamp":1700000000,"channel":"instagram","content":{"type":"text","text":"hi"},"extra":{"big":12345678901234567890,"small":854313003749170,"float":1.5}}';
    assert.notEqual(String(JSON.parse(body).from), '26203292189261166', 'JSON.parse alone would round it');
    for (const input of [body, new TextEncoder().encode(body)]) {
      const event = parseWebhook(input);
      assert.equal(event.from, '26203292189261166');
      assert.equal(event.raw.from, '26203292189261166');
      assert.equal(event.raw.extra.big, '12345678901234567890');
      assert.equal(event.raw.extra.small, 854313003749170, 'integers within 2^53 stay numbers');
      assert.equal(event.raw.extra.float, 1.5);
      assert.deepEqual(replyTarget(event), { from: '6cbd6789-1d2b-47e0-9391-5eb91d2839ea', to: '26203292189261166' });
    }
  });

  test("raw from bytes is the text of the bytes as given: non-ASCII kept, and the caller's later writes to them do not reach it", () => {
    const body = JSON.stringify({ eventType: 'Message', channelId: 'c', messageId: 'm', from: '1', channel: 'whatsapp', content: { type: 'text', text: 'ação 🚀' } });
    const bytes = new TextEncoder().encode(body);
    const single = parseWebhook(bytes);
    const batch = parseWebhookEvents(bytes);
    bytes.fill(0x20);
    for (const event of [single, batch[0]]) {
      assert.deepEqual(event.raw, JSON.parse(body));
      assert.equal(event.raw.content.text, 'ação 🚀');
      assert.equal(event.content.text, 'ação 🚀');
    }
  });

  test('Meta ids as numbers in a batch stay exact', () => {
    const body = '{"object":"page","entry":[{"id":"847421668462669","time":1700000000123,"messaging":[{"sender":{"id":26203292189261166},"recipient":{"id":847421668462669},"timestamp":1700000000001,"message":{"mid":"m_1","text":"hi"}}]}]}';
    const [event] = parseWebhookEvents(body);
    assert.equal(event.from, '26203292189261166');
    assert.equal(event.to, '847421668462669');
    assert.equal(event.raw.entry[0].messaging[0].sender.id, '26203292189261166');
  });

  test('app_id of the Messenger echoes stays the exact number', () => {
    const event = parseWebhook(readFixture('chatt2me/messenger-echo-text.json'));
    assert.equal(event.raw.payload.message.app_id, 854313003749170);
  });
});

describe('the events as the core hands them over (src/json/slots.rs)', () => {
  // Every non-ASCII character written as a JSON escape: the same JSON value, in an ASCII body.
  const escaped = (text) => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const plain = (event) => JSON.parse(JSON.stringify(event));

  test('an ASCII body, the same body with its text unescaped, and its bytes give the same events', () => {
    const realworld = readdirSync(new URL('realworld/', FIXTURES)).filter((name) => name.endsWith('.json')).map((name) => `realworld/${name}`);
    const bodies = [...fixtureFiles, ...realworld].map((path) => JSON.stringify(JSON.parse(readFixture(path))));
    bodies.push(JSON.stringify({
      eventType: 'Message', channelId: 'c', messageId: 'm "q"', from: '1', channel: 'whatsapp',
      content: { type: 'text', text: 'ação 🚀 \\ \n\t "x" \u0001 \u2028' },
    }));
    bodies.push(
      '{"object":"instagram","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1700000000001,' +
        '"message":{"mid":"m_ç","text":"olá 👋","quick_reply":{"payload":"PÇ"}}},' +
        '{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1700000000003,"message":{"mid":"m_2","attachments":[{"type":"image","payload":{"url":"https://x.example/ç.png"}}]}},' +
        '{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1700000000002,"reaction":{"mid":"m_1","action":"react","reaction":"love","emoji":"❤️"}}]}]}',
    );
    let nonAscii = 0;
    for (const body of bodies) {
      const ascii = escaped(body);
      assert.match(ascii, /^[\x00-\x7f]*$/);
      if (ascii !== body) nonAscii++;
      let want;
      try {
        want = plain(parseWebhookEvents(ascii));
      } catch (error) {
        // Not an envelope of the Hub's (some captures are Meta's own); the text does not count.
        assert.equal(error.code, 'unrecognized', body);
        continue;
      }
      for (const input of [body, new TextEncoder().encode(body), new TextEncoder().encode(ascii).buffer]) {
        assert.deepStrictEqual(plain(parseWebhookEvents(input)), want, body);
      }
      assert.deepStrictEqual(JSON.parse(JSON.stringify(parseWebhookEvents(ascii).map((e) => e.raw))), [].concat(...want.map(() => [JSON.parse(body)])));
    }
    assert.ok(nonAscii >= 3, `only ${nonAscii} bodies with non-ASCII text`);
    // The strings themselves, against the bodies' own JSON.
    const [text] = parseWebhookEvents(bodies.at(-2));
    assert.equal(text.content.text, JSON.parse(bodies.at(-2)).content.text);
    assert.equal(text.messageId, 'm "q"');
    const [meta, image, reaction] = parseWebhookEvents(escaped(bodies.at(-1)));
    assert.deepStrictEqual([meta.messageId, meta.content.text, meta.content.quickReplyPayload, image.attachments[0].url, reaction.reaction.emoji],
      ['m_ç', 'olá 👋', 'PÇ', 'https://x.example/ç.png', '❤️']);
  });

  test('content kept exactly is parsed as JSON.parse parses it: a "__proto__" key stays an own property', () => {
    const content = { type: 'hologram', ['__proto__']: { polluted: true }, n: [1, 2.5e3, -0, 'x'] };
    const text = '{"eventType":"Message","channelId":"c1","from":"u1","content":{"type":"hologram","__proto__":{"polluted":true},"n":[1,2.5e3,-0,"x"]}}';
    for (const body of [text, `${text.slice(0, -1)},"note":"ç"}`]) {
      const event = parseWebhook(body);
      const raw = event.content.raw;
      assert.equal(Object.getPrototypeOf(raw), Object.prototype);
      assert.ok(Object.hasOwn(raw, '__proto__'));
      assert.deepStrictEqual(raw.__proto__, { polluted: true });
      assert.equal(Object.is(raw.n[2], -0), true);
      assert.equal({}.polluted, undefined);
      assert.equal(content.type, raw.type);
    }
  });

  // A child process of its own, whose first parse is of a body that grows wasm memory: every name
  // of a field is read from memory after the growth.
  test('events read after wasm memory grew, in a fresh module, are the same as here', () => {
    const script = `
      const { parseWebhookEvents } = await import(${JSON.stringify(new URL('../../pkg/node.js', import.meta.url).href)});
      const big = JSON.stringify({ eventType: 'Message', channelId: 'c', from: '1', content: { type: 'text', text: 'x'.repeat(8 << 20) } });
      parseWebhookEvents(big, { maxBytes: 16 << 20 });
      const bodies = JSON.parse(process.argv[1]);
      process.stdout.write(JSON.stringify(bodies.map((body) => parseWebhookEvents(body))));`;
    const bodies = fixtureFiles.map(readFixture);
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(bodies)], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.deepStrictEqual(JSON.parse(child.stdout), bodies.map((body) => plain(parseWebhookEvents(body))));
  });

  test('a string kept from an event does not keep its body alive', () => {
    const script = `
      const { parseWebhook } = await import(${JSON.stringify(new URL('../../pkg/node.js', import.meta.url).href)});
      const note = 'x'.repeat(1 << 20), kept = [];
      for (const ascii of [true, false]) {
        gc(); const before = process.memoryUsage().heapUsed;
        for (let i = 0; i < 40; i++) {
          // Of a non-ASCII body every string is in the text beside the slots, the 1 MiB one too.
          const event = parseWebhook(JSON.stringify({ eventType: 'Message', channelId: 'channel-00000000-' + i, from: 'user-0000000000' + i,
            messageId: 'mid.$cAAAAAAAAAAAAAAAAAAA' + i, note: ascii ? note : undefined,
            content: ascii ? { type: 'text', text: 'hello there ' + i } : { type: 'text', text: note + 'ç' + i } }), { maxBytes: 4 << 20 });
          kept.push(event.messageId, event.from, event.channelId);
        }
        gc(); gc();
        console.log((process.memoryUsage().heapUsed - before) / 2 ** 20);
      }`;
    const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const grown = child.stdout.trim().split('\n').map(Number);
    assert.equal(grown.length, 2);
    // 40 bodies of 1 MiB: kept by their strings, 40 MiB (80 as UTF-16 for the second).
    for (const mib of grown) assert.ok(mib < 8, `strings kept from 40 events of 1 MiB keep ${mib.toFixed(1)} MiB`);
  });

  test("what code in the realm defines on Object.prototype or Array.prototype neither runs nor changes an event", () => {
    const body = JSON.stringify({ eventType: 'Message', channelId: 'c', from: 'u', messageId: 'm',
      content: { type: 'image', url: 'https://x.example/alice.png', caption: 'caption of alice' } });
    const meta = readFixture('chatt2me/instagram-quick-reply.json');
    const want = [parseWebhook(body), parseWebhook(meta)].map((e) => ({ content: e.content, attachments: e.attachments }));
    let calls = 0;
    const batch = readFixture('realworld/gosdk-fb-reaction-and-ads-referral.json');
    const wantBatch = plain(parseWebhookEvents(batch));
    const defined = [
      // What `Object.defineProperty` would read from a descriptor that inherits.
      [Object.prototype, 'set', { value() { calls++; } }],
      [Object.prototype, 'get', { get() { calls++; return undefined; } }],
      [Object.prototype, 'caption', { set() { calls++; parseWebhook(JSON.stringify({ eventType: 'Message', channelId: 'c', from: 'u', content: { type: 'text', text: 'y'.repeat(1 << 20) } })); }, get() { return 'from the prototype'; } }],
      [Object.prototype, 'url', { value: 'read-only on the prototype', writable: false }],
      [Object.prototype, 'title', { get() { calls++; return 'getter only'; } }],
      [Array.prototype, '0', { set() { calls++; }, get() { return 'index accessor'; } }],
    ];
    // Descriptors without a prototype: the ones installed first would change the later ones.
    for (const [target, key, descriptor] of defined) Object.defineProperty(target, key, { __proto__: null, ...descriptor, configurable: true });
    let got;
    let events;
    try {
      got = [parseWebhook(body), parseWebhook(meta)].map((e) => ({ content: e.content, attachments: e.attachments }));
      events = parseWebhookEvents(batch);
    } finally {
      for (const [target, key] of defined) delete target[key];
    }
    assert.equal(calls, 0);
    assert.deepStrictEqual(got, want);
    assert.ok(Object.hasOwn(events, '0'));
    assert.deepStrictEqual(plain(events), wantBatch);
    assert.ok(Object.hasOwn(got[0].content, 'caption') && Object.hasOwn(got[0].content, 'url'));
    assert.ok(Object.hasOwn(got[1].content.quickReplies, '0'));
    assert.equal(got[1].content.quickReplies.length, 2);
  });

  test("a Proxy given to Array.prototype as its prototype neither runs nor drops an element", () => {
    const meta = readFixture('chatt2me/instagram-quick-reply.json');
    const want = plain(parseWebhook(meta));
    let traps = 0;
    const proxy = new Proxy(Object.prototype, {
      has(target, key) { traps++; return Reflect.has(target, key); },
      set() { traps++; return true; },
    });
    Object.setPrototypeOf(Array.prototype, proxy);
    let got;
    try {
      got = parseWebhook(meta);
    } finally {
      Object.setPrototypeOf(Array.prototype, Object.prototype);
    }
    assert.equal(traps, 0);
    assert.equal(got.content.quickReplies.length, 2);
    assert.deepStrictEqual(plain(got), want);
  });

  test('names are the same after wasm memory grows, and a batch is each of its events', () => {
    const body = readFixture('chatt2me/instagram-quick-reply.json');
    const before = plain(parseWebhook(body));
    // A body of 8 MiB of text grows the module's memory past where it was.
    const big = JSON.stringify({ eventType: 'Message', channelId: 'c', from: '1', content: { type: 'text', text: 'x'.repeat(8 << 20) } });
    assert.equal(parseWebhook(big, { maxBytes: 16 << 20 }).content.text.length, 8 << 20);
    assert.deepStrictEqual(plain(parseWebhook(body)), before);
    const batch = '{"object":"instagram","entry":[{"id":"1","time":1,"messaging":[' +
      '{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1700000000001,"message":{"mid":"m_1","text":"olá","quick_reply":{"payload":"P"}}},' +
      '{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1700000000002,"reaction":{"mid":"m_1","action":"react","reaction":"love","emoji":"❤"}},' +
      '{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1700000000003,"message":{"mid":"m_2","attachments":[{"type":"image","payload":{"url":"https://x.example/a.png"}}]}}]}]}';
    const events = parseWebhookEvents(batch);
    assert.deepStrictEqual(events.map((e) => e.type), ['message', 'reaction', 'message']);
    assert.equal(events[0].content.quickReplyPayload, 'P');
    assert.equal(events[0].content.text, 'olá');
    assert.deepStrictEqual(events[1].reaction, { action: 'react', messageId: 'm_1', reaction: 'love', emoji: '❤' });
    assert.deepStrictEqual(events[2].attachments, [{ type: 'image', url: 'https://x.example/a.png' }]);
    assert.deepStrictEqual(plain(events), plain(parseWebhookEvents(escaped(batch))));
  });
});

describe('Meta-native shapes (instagram-limits.md §8)', () => {
  const item = (key, value, extra = {}) => ({ sender: { id: '1111' }, recipient: { id: '2222' }, timestamp: 1700000000001, [key]: value, ...extra });
  const batch = (object, items, list = 'messaging') => ({ object, entry: [{ id: '2222', time: 1700000000123, [list]: items }] });

  test('a batch of 3 events: parseWebhookEvents gives all 3 in order, parseWebhook refuses it', () => {
    const body = JSON.stringify(
      batch('instagram', [
        item('message', { mid: 'm1', text: 'hi', quick_reply: { payload: 'QR_1' }, reply_to: { mid: 'm0' } }),
        item('reaction', { mid: 'm1', action: 'react', reaction: 'love', emoji: '❤️' }, { timestamp: 1700000000002 }),
        item('postback', { mid: 'm2', title: 'Start', payload: 'START' }, { timestamp: 1700000000003 }),
      ]),
    );
    const events = parseWebhookEvents(body);
    assert.deepEqual(events.map((e) => e.type), ['message', 'reaction', 'postback']);
    for (const e of events) {
      assert.equal(e.channel, 'instagram');
      assert.equal(e.from, '1111');
      assert.equal(e.to, '2222');
      assert.deepStrictEqual(e.raw, JSON.parse(body));
    }
    assert.deepEqual(events.map((e) => e.timestamp.getTime()), [1700000000001, 1700000000002, 1700000000003]);
    assert.deepEqual(events[0].content, { type: 'text', text: 'hi', quickReplies: null, quickReplyPayload: 'QR_1' });
    assert.equal(events[0].messageId, 'm1');
    assert.equal(events[0].replyTo.messageId, 'm0');
    assert.deepEqual(events[1].reaction, { action: 'react', messageId: 'm1', reaction: 'love', emoji: '❤️' });
    assert.deepEqual(events[2].postback, { title: 'Start', payload: 'START' });

    const error = assertError(thrown(() => parseWebhook(body)), WebhookError, 'multiple_events');
    assert.match(error.message, /3 events/);
    assert.match(error.message, /parseWebhookEvents/);
  });

  test('object "page" is Messenger; standby events count; an empty batch has no events', () => {
    const events = parseWebhookEvents(JSON.stringify(batch('page', [item('read', { mid: 'm9' })], 'standby')));
    assert.equal(events.length, 1);
    assert.equal(events[0].type, 'read');
    assert.equal(events[0].channel, 'messenger');
    assert.equal(events[0].messageId, 'm9');
    assert.deepEqual(parseWebhookEvents('{"object":"instagram","entry":[]}'), []);
    assertError(thrown(() => parseWebhook('{"object":"instagram","entry":[]}')), WebhookError, 'no_events');
  });

  test('attachments without a URL, unsend, unsupported media, edits, story replies, unreact', () => {
    const events = parseWebhookEvents(
      JSON.stringify(
        batch('instagram', [
          item('message', { mid: 'e1', attachments: [{ type: 'ephemeral' }] }),
          item('message', { mid: 'd1', is_deleted: true }),
          item('message', { mid: 'u1', is_unsupported: true }),
          item('message_edit', { mid: 'x1', text: 'edited', num_edit: 2 }),
          item('message', { mid: 's1', text: 'nice story', reply_to: { story: { url: 'https://cdn.example/story.jpg', id: '179' } } }),
          item('reaction', { mid: 'm1', action: 'unreact' }),
          item('message', { mid: 'i1', attachments: [{ type: 'image', payload: { url: 'https://cdn.example/a.jpg' } }, { type: 'video', payload: { url: 'https://cdn.example/b.mp4' } }] }),
        ]),
      ),
    );
    assert.equal(events.length, 7);
    const [ephemeral, deleted, unsupported, edit, story, unreact, two] = events;
    assert.equal(ephemeral.type, 'message');
    assert.equal(ephemeral.content.type, 'share');
    assert.equal(ephemeral.content.url, null);
    assert.deepEqual(ephemeral.attachments, [{ type: 'ephemeral', url: null }]);
    assert.equal(deleted.isDeleted, true);
    assert.equal(deleted.messageId, 'd1');
    assert.equal(unsupported.isUnsupported, true);
    assert.equal(edit.type, 'message');
    assert.equal(edit.messageId, 'x1');
    assert.equal(edit.content.text, 'edited');
    assert.equal(edit.editCount, 2);
    assert.deepEqual(story.replyTo, { messageId: null, storyUrl: 'https://cdn.example/story.jpg', storyId: '179' });
    assert.deepEqual(unreact.reaction, { action: 'unreact', messageId: 'm1', reaction: null, emoji: null });
    assert.equal(two.content.type, 'image');
    assert.deepEqual(two.attachments.map((a) => a.type), ['image', 'video']);
  });

  test('an echo (is_echo) of a Meta-native message is type "echo"', () => {
    const [event] = parseWebhookEvents(JSON.stringify(batch('instagram', [item('message', { mid: 'm1', text: 'sent by us', is_echo: true })])));
    assert.equal(event.type, 'echo');
    assert.equal(event.isEcho, true);
  });
});

describe('lenient on what we receive', () => {
  test('an unknown eventType gives type "unknown" with raw kept', () => {
    const body = { eventType: 'SomethingNew', messageId: 'm1', channel: 'INSTAGRAM', brandNew: { nested: [1, 'two'] } };
    const event = parseWebhook(JSON.stringify(body));
    assert.equal(event.type, 'unknown');
    assert.equal(event.eventType, 'SomethingNew');
    assert.equal(event.messageId, 'm1');
    assert.equal(event.channel, 'instagram');
    assert.deepStrictEqual(event.raw, body);
  });

  test('an unknown content type gives content.type "unknown" with the content kept', () => {
    const content = { type: 'hologram', hologram: { frames: 3 } };
    const event = parseWebhook(JSON.stringify({ eventType: 'Message', channelId: 'c1', from: 'u1', content }));
    assert.equal(event.type, 'message');
    assert.deepStrictEqual(event.content, { type: 'unknown', contentType: 'hologram', raw: content });
  });

  test('a MessageStatus event', () => {
    const body = { eventType: 'MessageStatus', messageId: 'm1', status: 'delivered', timestamp: 1700000000, channel: 'messenger' };
    const event = parseWebhook(JSON.stringify(body));
    assert.equal(event.type, 'status');
    assert.equal(event.status, 'delivered');
    assert.equal(event.messageId, 'm1');
    assert.equal(event.channel, 'messenger');
    assert.equal(event.timestamp.getTime(), 1700000000 * 1000);
    assert.equal(event.content, null);
  });

  test('seconds and milliseconds are told apart', () => {
    const at = (timestamp) => parseWebhook(JSON.stringify({ eventType: 'MessageStatus', messageId: 'm', status: 'sent', timestamp })).timestamp.getTime();
    assert.equal(at(1700000000), 1700000000000);
    assert.equal(at(1700000000123), 1700000000123);
    assert.equal(at('2025-12-18T20:08:40.195Z'), Date.parse('2025-12-18T20:08:40.195Z'));
  });
});

describe('refused bodies', () => {
  test('invalid JSON → invalid_json, saying where', () => {
    const error = assertError(thrown(() => parseWebhook('{"eventType":"Message",\n  "content": }')), WebhookError, 'invalid_json');
    assert.match(error.message, /line 2 column \d+/);
    assertError(thrown(() => parseWebhook('')), WebhookError, 'invalid_json');
    assertError(thrown(() => parseWebhookEvents(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))), WebhookError, 'invalid_json');
  });

  test('JSON that is no known envelope → unrecognized, naming what it found', () => {
    const error = assertError(thrown(() => parseWebhook('{"hello":"world","n":1}')), WebhookError, 'unrecognized');
    assert.match(error.message, /hello/);
    assertError(thrown(() => parseWebhook('[1,2,3]')), WebhookError, 'unrecognized');
    assertError(thrown(() => parseWebhook('"a string"')), WebhookError, 'unrecognized');
    assertError(thrown(() => parseWebhook('null')), WebhookError, 'unrecognized');
  });

  test('maxBytes → body_too_large, for strings, bytes, and multi-byte text', () => {
    const text = readFixture('chatt2me-site/webhooks/message-text-whatsapp.json');
    const bytes = new TextEncoder().encode(text);
    assertError(thrown(() => parseWebhook(text, { maxBytes: 100 })), WebhookError, 'body_too_large');
    assertError(thrown(() => parseWebhook(bytes, { maxBytes: 100 })), WebhookError, 'body_too_large');
    assertError(thrown(() => parseWebhook(bytes.buffer, { maxBytes: 100 })), WebhookError, 'body_too_large');
    assert.equal(parseWebhook(bytes, { maxBytes: bytes.length }).type, 'message');
    // 60 characters, 120 bytes of UTF-8.
    const accents = JSON.stringify({ eventType: 'Message', content: { type: 'text', text: 'é'.repeat(60) } });
    const size = new TextEncoder().encode(accents).length;
    assert.ok(accents.length < size);
    assertError(thrown(() => parseWebhook(accents, { maxBytes: accents.length })), WebhookError, 'body_too_large');
    assert.equal(parseWebhook(accents, { maxBytes: size }).content.text, 'é'.repeat(60));
    // The default is 1 MiB.
    const big = JSON.stringify({ eventType: 'Message', content: { type: 'text', text: 'x'.repeat(1024 * 1024) } });
    assertError(thrown(() => parseWebhook(big)), WebhookError, 'body_too_large');
  });

  test('a body of another type → invalid_input', () => {
    for (const body of [42, null, undefined, true]) assertError(thrown(() => parseWebhook(body)), WebhookError, 'invalid_input');
  });
});

describe('signatures', () => {
  // docs/hub-docs-site.md §1.15b: the derived test vector.
  const SECRET = 'test_signing_secret';
  const T = 1700000000;
  const json = JSON.parse(readFixture('chatt2me-site/webhooks/message-text-whatsapp.json'));
  const BODY = JSON.stringify(json);
  const HEADER = 't=1700000000,v1=90d116fd8967797489acfdf98507fc9e7df2b28b10fd30d2fcaabf2eaa6bb76e';
  const hmac = (secret, t, body) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

  test('known answer: the vector of the docs, also by node:crypto', () => {
    assert.equal(
      BODY,
      '{"eventType":"Message","channelId":"6cbd6789-1d2b-47e0-9391-5eb91d2839ea","messageId":"abc123de-f456-789a-bcde-f01234567890","from":"5511993986082","timestamp":1700000000,"channel":"whatsapp","content":{"type":"text","text":"Hello, I\'d like to know more about your products"}}',
    );
    assert.equal(`t=${T},v1=${hmac(SECRET, T, BODY)}`, HEADER);
    assert.equal(signWebhook(BODY, SECRET, { timestamp: T }), HEADER);
    assert.equal(signWebhook(new TextEncoder().encode(BODY), SECRET, { timestamp: T }), HEADER);
    assert.equal(signWebhook(BODY, SECRET, { timestamp: new Date(T * 1000) }), HEADER);
  });

  test('signWebhook matches node:crypto on other bodies and secrets', () => {
    for (const [body, secret, t] of [['{}', 's', 1], ['{"text":"Olá 👋"}', 'whsec_ünïcode', 1766085396], [readFixture('chatt2me/messenger-echo-image.json'), 'x'.repeat(200), 2000000000]]) {
      assert.equal(signWebhook(body, secret, { timestamp: t }), `t=${t},v1=${hmac(secret, t, body)}`);
    }
  });

  test('verifyWebhook accepts the vector and returns the typed event', () => {
    for (const now of [T, new Date(T * 1000), T * 1000 + 999]) {
      const event = verifyWebhook(BODY, HEADER, SECRET, { now });
      assert.equal(event.type, 'message');
      assert.equal(event.messageId, json.messageId);
      assert.deepStrictEqual(event.raw, json);
    }
    const bytes = new TextEncoder().encode(BODY);
    assert.equal(verifyWebhook(bytes, HEADER, SECRET, { now: T }).from, json.from);
    assert.equal(verifyWebhook(bytes.buffer, HEADER, SECRET, { now: T }).from, json.from);
    assert.equal(verifyWebhookEvents(BODY, HEADER, SECRET, { now: T }).length, 1);
  });

  test('a Headers object as the header argument', () => {
    const headers = new Headers({ 'X-hub-Signature': HEADER, 'content-type': 'application/json' });
    assert.equal(verifyWebhook(BODY, headers, SECRET, { now: T }).type, 'message');
    assertError(thrown(() => verifyWebhook(BODY, new Headers(), SECRET, { now: T })), SignatureError, 'missing_header');
  });

  test('stale and future timestamps beyond the tolerance, saying which direction', () => {
    assert.equal(verifyWebhook(BODY, HEADER, SECRET, { now: T + 300 }).type, 'message');
    assert.equal(verifyWebhook(BODY, HEADER, SECRET, { now: T - 300 }).type, 'message');
    const stale = assertError(thrown(() => verifyWebhook(BODY, HEADER, SECRET, { now: T + 301 })), SignatureError, 'timestamp_out_of_tolerance');
    assert.match(stale.message, /past/);
    const future = assertError(thrown(() => verifyWebhook(BODY, HEADER, SECRET, { now: T - 301 })), SignatureError, 'timestamp_out_of_tolerance');
    assert.match(future.message, /future/);
    assert.ok(stale instanceof WebhookError);
    // toleranceSeconds
    assertError(thrown(() => verifyWebhook(BODY, HEADER, SECRET, { now: T + 11, toleranceSeconds: 10 })), SignatureError, 'timestamp_out_of_tolerance');
    assert.equal(verifyWebhook(BODY, HEADER, SECRET, { now: T + 3600, toleranceSeconds: 3600 }).type, 'message');
    // The default `now` is the clock: the 2023 vector is far in the past.
    assert.match(thrown(() => verifyWebhook(BODY, HEADER, SECRET)).message, /past/);
  });

  test('several v1 values: any one matching is enough', () => {
    const wrong = 'a'.repeat(64);
    const good = HEADER.split('v1=')[1];
    assert.equal(verifyWebhook(BODY, `t=${T},v1=${wrong},v1=${good}`, SECRET, { now: T }).type, 'message');
    assert.equal(verifyWebhook(BODY, `t=${T},v1=${good},v1=${wrong}`, SECRET, { now: T }).type, 'message');
    assertError(thrown(() => verifyWebhook(BODY, `t=${T},v1=${wrong},v1=${'b'.repeat(64)}`, SECRET, { now: T })), SignatureError, 'signature_mismatch');
  });

  test('secret rotation: an array of secrets, any one matching is enough', () => {
    assert.equal(verifyWebhook(BODY, HEADER, ['whsec_new', SECRET], { now: T }).type, 'message');
    assert.equal(verifyWebhook(BODY, HEADER, [SECRET, 'whsec_new'], { now: T }).type, 'message');
    assertError(thrown(() => verifyWebhook(BODY, HEADER, ['whsec_new', 'whsec_other'], { now: T })), SignatureError, 'signature_mismatch');
  });

  test('mismatch: a changed body, a wrong secret, a re-serialized body, a changed timestamp', () => {
    const mismatch = (body, header, secret) => assertError(thrown(() => verifyWebhook(body, header, secret, { now: T })), SignatureError, 'signature_mismatch');
    const error = mismatch(BODY.replace('Hello', 'Hallo'), HEADER, SECRET);
    assert.match(error.message, /raw body/);
    mismatch(BODY, HEADER, 'wrong_secret');
    mismatch(JSON.stringify(json, null, 2), HEADER, SECRET);
    mismatch(BODY, HEADER.replace(`t=${T}`, `t=${T + 1}`), SECRET);
    mismatch(`${BODY}\n`, HEADER, SECRET);
  });

  test('missing and malformed headers', () => {
    for (const header of [undefined, null, '']) {
      assertError(thrown(() => verifyWebhook(BODY, header, SECRET, { now: T })), SignatureError, 'missing_header');
    }
    const good = HEADER.split('v1=')[1];
    for (const header of ['garbage', `t=${T}`, `v1=${good}`, `t=abc,v1=${good}`, `t=${T},v1=abc`, `t=${T},v1=${'z'.repeat(64)}`]) {
      const error = assertError(thrown(() => verifyWebhook(BODY, header, SECRET, { now: T })), SignatureError, 'malformed_header');
      assert.match(error.message, /t=<unix seconds>,v1=/);
    }
  });

  test('a parsed object is refused as body_not_raw, explaining the raw-body rule', () => {
    const error = assertError(thrown(() => verifyWebhook(json, HEADER, SECRET, { now: T })), SignatureError, 'body_not_raw');
    assert.match(error.message, /raw body/);
    assert.match(error.message, /request\.text\(\)/);
    assert.match(error.message, /express\.raw/);
    assertError(thrown(() => verifyWebhookEvents(json, HEADER, SECRET, { now: T })), SignatureError, 'body_not_raw');
  });

  test('no secret → missing_secret', () => {
    for (const secret of [undefined, '', [], [''], 42]) {
      assertError(thrown(() => verifyWebhook(BODY, HEADER, secret, { now: T })), SignatureError, 'missing_secret');
    }
  });

  test('a verified batch: verifyWebhookEvents gives every event, verifyWebhook refuses several', () => {
    const body = JSON.stringify({
      object: 'instagram',
      entry: [{ id: '2', time: 1, messaging: [1, 2].map((n) => ({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: T * 1000 + n, message: { mid: `m${n}`, text: `t${n}` } })) }],
    });
    const header = signWebhook(body, SECRET, { timestamp: T });
    assert.deepEqual(verifyWebhookEvents(body, header, SECRET, { now: T }).map((e) => e.messageId), ['m1', 'm2']);
    assertError(thrown(() => verifyWebhook(body, header, SECRET, { now: T })), WebhookError, 'multiple_events');
  });

  test('a signed body that is not JSON: the signature is checked first, then invalid_json', () => {
    const body = 'not json';
    assertError(thrown(() => verifyWebhook(body, HEADER, SECRET, { now: T })), SignatureError, 'signature_mismatch');
    assertError(thrown(() => verifyWebhook(body, signWebhook(body, SECRET, { timestamp: T }), SECRET, { now: T })), WebhookError, 'invalid_json');
  });
});
