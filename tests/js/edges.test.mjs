// Production edges through the built package: a Retry-After past the client's cap, the webhook
// handler's onError hook and option checks, bad option values of verify/parse, and webhook
// bodies as real traffic has them (no `object`, `num_edit` as a string, float timestamps).
// Issue #14's remaining items: the Hub's reactions and replies, Meta's documented optional
// fields and retired types, `referral` events, the 64 KiB send-body cap, and the handler's
// empty secret.
// Run: node --test tests/js/edges.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as pkg from '../../pkg/node.js';
// The same module instance node.js initialised (same URL): initSync() returns its exports.
import { initSync } from '../../pkg/chatt2me_wasm.js';
import { normalizeAll } from '../../bench/competitors/normalize.mjs';
import { thrown } from './lib/thrown.mjs';

const { Chatt2me, ApiError, Chatt2meError, ValidationError, SignatureError, createWebhookHandler, parseWebhook, parseWebhookEvents, verifyWebhook, signWebhook } = pkg;
const { buildInstagramMessage, buildMessengerMessage, validateInstagramMessage, validateMessengerMessage } = pkg;
const fixture = (path) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const BODY = { from: IG, to: '847495124317323', content: { text: 'hi' } };
const EVENT = '{"eventType":"Message","channelId":"c","messageId":"m","from":"u","timestamp":1700000000,"channel":"instagram","content":{"type":"text","text":"hi"}}';
const URL_ = 'https://receiver.example/hook';


describe('Retry-After past the cap', () => {
  test('429 with Retry-After: 120 is not retried early: rate_limited, retryAfter 120, one attempt', async () => {
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      return new Response('{"errorMessage":"slow down"}', { status: 429, headers: { 'retry-after': '120' } });
    };
    const started = Date.now();
    const error = await new Chatt2me({ apiKey: 'sk_edges', fetch, maxRetries: 2 }).sendInstagramMessage(BODY).then(
      () => assert.fail('resolved'),
      (e) => e,
    );
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retryAfter, 120);
    assert.equal(error.attempts, 1);
    assert.equal(calls, 1);
    assert.ok(Date.now() - started < 5000, 'it did not wait');
  });

  test('429 with Retry-After: 1 is still retried', async () => {
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      return calls === 1
        ? new Response('{}', { status: 429, headers: { 'retry-after': '1' } })
        : new Response('{"messageId":"m1","status":"sent"}', { status: 200 });
    };
    const result = await new Chatt2me({ apiKey: 'sk_edges', fetch }).sendInstagramMessage(BODY);
    assert.equal(result.messageId, 'm1');
    assert.equal(calls, 2);
  });
});

describe('createWebhookHandler', () => {
  const post = (body) => new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  test('onError(error, request) is called when onEvent throws; the answer is still a bare 500', async () => {
    const failure = new Error('database down');
    const seen = [];
    const handler = createWebhookHandler({
      secret: false,
      onEvent() {
        throw failure;
      },
      onError(error, request) {
        seen.push([error, request]);
      },
    });
    const request = post(EVENT);
    const response = await handler(request);
    assert.equal(response.status, 500);
    assert.deepEqual(JSON.parse(await response.text()), { error: 'handler_failed' });
    assert.equal(seen.length, 1);
    assert.equal(seen[0][0], failure);
    assert.equal(seen[0][1], request);
  });

  test('an async onEvent that rejects reaches onError too, and an onError that throws changes nothing', async () => {
    let calls = 0;
    const handler = createWebhookHandler({
      secret: false,
      async onEvent() {
        throw new Error('later');
      },
      onError(error) {
        calls += 1;
        assert.equal(error.message, 'later');
        throw new Error('and the logger failed');
      },
    });
    assert.equal((await handler(post(EVENT))).status, 500);
    assert.equal(calls, 1);
  });

  test('options are checked when the handler is created: invalid_config', () => {
    for (const options of [{ maxBytes: 0 }, { maxBytes: -1 }, { maxBytes: 'big' }, { toleranceSeconds: -5 }, { toleranceSeconds: 'x' }, { onError: 'log' }]) {
      const e = thrown(() => createWebhookHandler({ secret: 'whsec_x', onEvent() {}, ...options }));
      assert.ok(e instanceof Chatt2meError, `${JSON.stringify(options)}: ${e}`);
      assert.equal(e.code, 'invalid_config', JSON.stringify(options));
    }
  });
});

describe('bad option values of verify and parse are invalid_config', () => {
  const header = signWebhook(EVENT, 'whsec_x', { timestamp: 1700000000 });
  for (const [label, fn] of [
    ['parseWebhook maxBytes -1', () => parseWebhook(EVENT, { maxBytes: -1 })],
    ['parseWebhook maxBytes "1"', () => parseWebhook(EVENT, { maxBytes: '1' })],
    ['verifyWebhook toleranceSeconds -1', () => verifyWebhook(EVENT, header, 'whsec_x', { now: 1700000000, toleranceSeconds: -1 })],
    ['verifyWebhook now "soon"', () => verifyWebhook(EVENT, header, 'whsec_x', { now: 'soon' })],
    ['signWebhook timestamp NaN', () => signWebhook(EVENT, 'whsec_x', { timestamp: Number.NaN })],
  ]) {
    test(label, () => {
      const e = thrown(fn);
      assert.ok(e instanceof Chatt2meError, String(e));
      assert.equal(e.name, 'Chatt2meError');
      assert.equal(e.code, 'invalid_config');
    });
  }
});

describe('webhook bodies as real traffic has them', () => {
  test('entry[].messaging[] without object: the channel comes from the items', () => {
    const body = JSON.stringify({
      entry: [{ time: 1700000000, messaging: [{ sender: { id: '1', pageId: 'p' }, recipient: { id: '2' }, message: { mid: 'm1', text: 'hi' } }] }],
    });
    const [event] = parseWebhookEvents(body);
    assert.equal(event.type, 'message');
    assert.equal(event.channel, 'messenger');
    assert.equal(event.timestamp.getTime(), 1_700_000_000_000);
  });

  test('message_edit keeps editCount (a number or a string) and the edited text', () => {
    for (const numEdit of [3, '3']) {
      const body = JSON.stringify({
        object: 'instagram',
        entry: [{ messaging: [{ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, message_edit: { mid: 'm', text: 'fixed', num_edit: numEdit } }] }],
      });
      const event = parseWebhook(body);
      assert.equal(event.editCount, 3, String(numEdit));
      assert.equal(event.content.text, 'fixed');
    }
  });

  test('timestamps as floats, strings of digits and ISO strings', () => {
    for (const ts of ['1492414608999.0', '"1492414608999"', '"2017-04-17T07:36:48.999Z"']) {
      const event = parseWebhook(`{"eventType":"Message","timestamp":${ts},"content":{"type":"text","text":"x"}}`);
      assert.equal(event.timestamp.getTime(), 1_492_414_608_999, ts);
    }
  });
});

describe('what the review found', () => {
  test('a fetch that ignores its signal cannot hold a send past its timeout', async () => {
    const fetch = () => new Promise(() => {}); // never settles, never looks at init.signal
    const started = Date.now();
    const error = await new Chatt2me({ apiKey: 'sk_edges', fetch, timeoutMs: 150 }).sendInstagramMessage(BODY).then(
      () => assert.fail('resolved'),
      (e) => e,
    );
    assert.equal(error.code, 'timeout', String(error));
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  });

  test('an answer whose body never ends cannot either', async () => {
    const fetch = async () => new Response(new ReadableStream({ pull() { return new Promise(() => {}); } }), { status: 200 });
    const error = await new Chatt2me({ apiKey: 'sk_edges', fetch, timeoutMs: 150 }).sendInstagramMessage(BODY).then(
      () => assert.fail('resolved'),
      (e) => e,
    );
    assert.equal(error.code, 'timeout', String(error));
  });

  test('the key is scrubbed from the cause of a network failure too', async () => {
    const KEY = 'sk_edges_cause_3f9a';
    const fetch = async () => {
      throw new TypeError(`connect failed for request with headers {"x-api-key":"${KEY}"}`);
    };
    const error = await new Chatt2me({ apiKey: KEY, fetch }).sendInstagramMessage(BODY).then(
      () => assert.fail('resolved'),
      (e) => e,
    );
    assert.equal(error.code, 'network');
    assert.ok(!error.message.includes(KEY), error.message);
    assert.ok(!String(error.cause.message).includes(KEY), error.cause.message);
    assert.ok(!String(error.cause.stack).includes(KEY));
  });

  test('the handler: now must be a function; a now() that throws is a 500, which the Hub retries', async () => {
    const e = thrown(() => createWebhookHandler({ secret: 'whsec_x', onEvent() {}, now: new Date() }));
    assert.equal(e.code, 'invalid_config');
    const handler = createWebhookHandler({
      secret: 'whsec_x',
      onEvent() {},
      now() {
        throw new Error('clock');
      },
    });
    const response = await handler(new Request(URL_, { method: 'POST', headers: { 'x-hub-signature': 't=1,v1=' + '0'.repeat(64) }, body: EVENT }));
    assert.equal(response.status, 500);
  });
});

// ---------------------------------------------------------------------------------------------
// Issue #14, the remaining items

const MS = '0b1c2d3e-4f50-4617-8899-aabbccddeeff';
const HUB_ID = '9b509e32-bfec-4fe6-8a63-2c22017a3a17';
const CHANNELS = [
  ['instagram', IG, buildInstagramMessage, validateInstagramMessage],
  ['messenger', MS, buildMessengerMessage, validateMessengerMessage],
];
const codes = (issues) => issues.map((i) => [i.path, i.code]);

describe("the Hub's reactions and replies", () => {
  test("the docs' four examples build as they are, on Instagram and Messenger", () => {
    for (const file of ['reaction', 'reaction-remove', 'reply-context', 'reply-image-context']) {
      const { content } = JSON.parse(fixture(`chatt2me-site/requests/${file}.json`));
      for (const [channel, from, build] of CHANNELS) {
        const body = { from, to: '5511993986082', content };
        assert.deepEqual(build(body), body, `${file} on ${channel}`);
      }
    }
  });

  test('react, remove (no emoji, or ""), reply with text, media or an interactive message', () => {
    for (const content of [
      { reaction: { messageId: HUB_ID, emoji: '👍🏽' } },
      { reaction: { messageId: HUB_ID.toUpperCase() } },
      { reaction: { messageId: HUB_ID, emoji: '' } },
      { text: 'Sure!', context: { messageId: HUB_ID } },
      { videoUrl: 'https://example.com/v.mp4', context: { messageId: HUB_ID } },
      { interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: 'A', title: 'A' } }] } }, context: { messageId: HUB_ID } },
    ]) {
      for (const [channel, from, , validate] of CHANNELS) assert.deepEqual(validate({ from, to: '1', content }), [], `${JSON.stringify(content)} on ${channel}`);
    }
  });

  test('any id a send returned or an event carried is a messageId: UUIDs and Meta-style mids alike', () => {
    const echo = parseWebhook(fixture('chatt2me/messenger-echo-text.json'));
    for (const id of ['aWdfZAG1faXRlbToxOklHTWVzc2FnZA', 'def456gh-1234-5678-abcd-901234567890', echo.messageId]) {
      for (const [channel, from, , validate] of CHANNELS) {
        assert.deepEqual(validate({ from, to: '1', content: { reaction: { messageId: id, emoji: '👨🏻‍👩🏻‍👧🏻‍👦🏻' } } }), [], `${id} on ${channel}`);
        assert.deepEqual(validate({ from, to: '1', content: { text: 'yes', context: { messageId: id } } }), [], `${id} on ${channel}`);
      }
    }
  });

  test("refused: an id with a space, a reaction with company, a reply with nothing to say, text for an emoji", () => {
    const mid = 'two words';
    const cases = [
      [{ reaction: { messageId: mid, emoji: '👍' } }, 'content.reaction.messageId', 'invalid_format'],
      [{ text: 'hi', context: { messageId: mid } }, 'content.context.messageId', 'invalid_format'],
      [{ reaction: { messageId: HUB_ID, emoji: 'lol' } }, 'content.reaction.emoji', 'invalid_value'],
      [{ interactive: { type: 'payment', body: { text: 'Pay' }, action: {} } }, 'content.interactive.type', 'invalid_value'],
      [{ reaction: { messageId: HUB_ID, emoji: '👍' }, text: 'hi' }, 'content.text', 'conflict'],
      [{ reaction: { messageId: HUB_ID }, context: { messageId: HUB_ID } }, 'content.context', 'conflict'],
      [{ reaction: { messageId: HUB_ID }, sender_action: 'react' }, 'content.reaction', 'conflict'],
      [{ context: { messageId: HUB_ID } }, 'content.text', 'required'],
      [{ reaction: { emoji: '👍' } }, 'content.reaction.messageId', 'required'],
      [{ reaction: { messageId: HUB_ID, emoji: '👍'.repeat(17) } }, 'content.reaction.emoji', 'invalid_value'],
      [{ text: 'hi', quick_replies: [{ content_type: 'user_email' }], context: { messageId: HUB_ID } }, 'content.context', 'conflict'],
    ];
    for (const [content, path, code] of cases) {
      for (const [channel, from, build, validate] of CHANNELS) {
        const issues = validate({ from, to: '1', content });
        assert.ok(issues.some((i) => i.path === path && i.code === code), `${JSON.stringify(content)} on ${channel}: ${JSON.stringify(codes(issues))}`);
        assert.throws(() => build({ from, to: '1', content }), ValidationError);
      }
    }
    const [issue] = validateInstagramMessage({ from: IG, to: '1', content: { reaction: { messageId: mid } } });
    assert.match(issue.message, /without spaces/);
  });
});

describe("Meta's documented optional fields, and the types it retired", () => {
  const message = (file) => JSON.parse(fixture(`realworld/${file}`)).message;

  test('URL buttons and default_action with their webview fields, message metadata: bodies other SDKs send', () => {
    for (const file of ['messenger4j-button-template-webview-share-hide.json', 'messagingapis-generic-template.json', 'messenger4j-text-metadata.json']) {
      for (const [channel, from, build] of CHANNELS) {
        const body = { from, to: '1', content: message(file) };
        assert.deepEqual(build(body), body, `${file} on ${channel}`);
      }
    }
  });

  test('their values are checked, and unknown keys are still refused', () => {
    const button = (extra) => ({ attachment: { type: 'template', payload: { template_type: 'button', text: 't', buttons: [{ type: 'web_url', url: 'https://a.example', title: 'Go', ...extra }] } } });
    const at = 'content.attachment.payload.buttons[0]';
    for (const [extra, path, code] of [
      [{ webview_share_button: 'hidden' }, `${at}.webview_share_button`, 'invalid_value'],
      [{ messenger_extensions: 'yes' }, `${at}.messenger_extensions`, 'invalid_type'],
      [{ fallback_url: 'http://a.example/fallback' }, `${at}.fallback_url`, 'invalid_url'],
      [{ webview_share: 'hide' }, `${at}.webview_share`, 'unknown_field'],
    ]) {
      assert.deepEqual(codes(validateMessengerMessage({ from: MS, to: '1', content: button(extra) })), [[path, code]], JSON.stringify(extra));
    }
    assert.deepEqual(codes(validateInstagramMessage({ from: IG, to: '1', content: { text: 'x', metadata: 'é'.repeat(1001) } })), [['content.metadata', 'too_long']]);
    assert.deepEqual(codes(validateInstagramMessage({ from: IG, to: '1', content: { sender_action: 'mark_seen', metadata: 'm' } })), [['content.metadata', 'conflict']]);
    assert.deepEqual(codes(validateInstagramMessage({ from: IG, to: '1', content: { text: 'x', metadata: 'm', notification_type: 'SILENT_PUSH' } })), [['content.notification_type', 'unknown_field']]);
  });

  test('retired types are not_supported, and the message says Meta deprecated them', () => {
    const list = message('messenger4j-list-template.json');
    for (const [content, path] of [
      [list, 'content.attachment.payload.template_type'],
      [{ text: 't', quick_replies: [{ content_type: 'location' }] }, 'content.quick_replies[0].content_type'],
      [{ attachment: { type: 'template', payload: { template_type: 'button', text: 't', buttons: [{ type: 'element_share' }] } } }, 'content.attachment.payload.buttons[0].type'],
    ]) {
      const issue = validateMessengerMessage({ from: MS, to: '1', content }).find((i) => i.path === path);
      assert.equal(issue?.code, 'not_supported', path);
      assert.match(issue.message, /deprecated/);
    }
    // A type that never was Meta's is a typo, not a retirement.
    const [typo] = validateMessengerMessage({ from: MS, to: '1', content: { text: 't', quick_replies: [{ content_type: 'phone' }] } });
    assert.equal(typo.code, 'invalid_value');
  });
});

describe('referral events', () => {
  const plain = ({ raw, ...event }) => ({ ...event });

  test('m.me links, ads and the Discover tab: type "referral" with ref, source and adId; the object exact in referral', () => {
    const expected = {
      'botbuilder-referral-shortlink.json': ['USER_DEFINED_REFERRAL_PARAM', 'SHORTLINK', null],
      'messenger4j-referral-ads.json': ['<REF DATA IF SPECIFIED IN THE AD>', 'ADS', '<ID OF THE AD>'],
      'messenger4j-referral-discover-tab.json': [null, 'DISCOVER_TAB', null],
      'jgorset-event-referral-shortlink-with-ad-id.json': ['my-ref-value', 'SHORTLINK', 'ad-id'],
    };
    for (const [file, [ref, source, adId]] of Object.entries(expected)) {
      const text = fixture(`realworld/${file}`);
      const event = parseWebhook(text);
      assert.equal(event.type, 'referral', file);
      assert.deepEqual([event.ref, event.source, event.adId], [ref, source, adId], file);
      assert.deepEqual([event.content, event.status, event.reaction], [null, null, null]);
      const delivered = JSON.parse(text);
      const item = delivered.entry ? delivered.entry[0].messaging[0] : delivered;
      assert.deepEqual(event.referral, item.referral, file);
      assert.equal(event.from, String(item.sender.id));
    }
  });

  test('in a batch beside a reaction, with ads_context_data kept; what the competitors normalizer gives too', () => {
    const text = fixture('realworld/gosdk-fb-reaction-and-ads-referral.json');
    const events = parseWebhookEvents(text);
    assert.deepEqual(events.map((e) => e.type), ['reaction', 'referral']);
    assert.deepEqual(events[1].referral.ads_context_data, { ad_title: 't' });
    assert.equal(events[1].channel, 'messenger');
    assert.deepEqual(events.map(plain), normalizeAll(JSON.parse(text)));
    assert.deepEqual(events[1].raw, JSON.parse(text));
  });

  test('an Instagram ig.me referral: ids beyond 2^53 stay exact, unknown fields stay in referral and raw', () => {
    const text = '{"object":"instagram","entry":[{"id":"17841400000000000","time":1700000000000,"messaging":[{"sender":{"id":26203292189261166},"recipient":{"id":"17841400000000000"},"timestamp":1700000000123,"referral":{"ref":"summer","source":"IG_ME","type":"OPEN_THREAD","ad_id":120210000000000001,"brand_new":{"x":1}}}]}]}';
    const event = parseWebhook(text);
    assert.equal(event.type, 'referral');
    assert.equal(event.channel, 'instagram');
    assert.equal(event.from, '26203292189261166');
    assert.equal(event.adId, '120210000000000001');
    assert.equal(event.referral.ad_id, '120210000000000001');
    assert.deepEqual(event.referral.brand_new, { x: 1 });
    assert.equal(event.raw.entry[0].messaging[0].referral.ad_id, '120210000000000001');
    assert.equal(event.timestamp.getTime(), 1700000000123);
    // Written as Meta delivers it with string ids, the normalizer agrees.
    const safe = text.replace('26203292189261166', '"2620"').replace('120210000000000001', '"1202"');
    assert.deepEqual(parseWebhookEvents(safe).map(plain), normalizeAll(JSON.parse(safe)));
  });

  test('a referral inside a message or a postback stays on that event; a referral that is no object is unknown', () => {
    const item = (extra) => JSON.stringify({ sender: { id: '1' }, recipient: { id: '2' }, ...extra });
    assert.equal(parseWebhook(item({ message: { mid: 'm', text: 'hi', referral: { ref: 'r', source: 'ADS' } } })).type, 'message');
    assert.equal(parseWebhook(item({ postback: { title: 'Go', payload: 'GO', referral: { ref: 'r' } } })).type, 'postback');
    const odd = parseWebhook(item({ referral: 'ADS' }));
    assert.equal(odd.type, 'unknown');
    assert.equal(odd.referral, 'ADS');
  });
});

describe('the 64 KiB send-body cap', () => {
  const CAP = 65536;
  /** A body whose JSON text is exactly `size` bytes (ASCII), padded in an unknown key. */
  const sized = (size) => {
    const body = { from: IG, to: '1', content: { text: 't', x: '' } };
    body.content.x = 'y'.repeat(size - JSON.stringify(body).length);
    assert.equal(JSON.stringify(body).length, size);
    return body;
  };

  test('at the cap the body is read; one byte over it is one too_long issue at the root', () => {
    assert.deepEqual(codes(validateInstagramMessage(sized(CAP))), [['content.x', 'unknown_field']]);
    const issues = validateMessengerMessage(sized(CAP + 1));
    assert.deepEqual(codes(issues), [['', 'too_long']]);
    assert.equal(issues[0].message, 'the message is at least 65537 bytes of JSON; the limit is 65536 (64 KiB)');
  });

  test('bytes, not characters: 30 000 "€" are under the cap in UTF-16 and over it in UTF-8', () => {
    const body = { from: IG, to: '1', content: { text: '€'.repeat(30_000) } };
    assert.ok(JSON.stringify(body).length < CAP);
    const [issue, ...rest] = validateInstagramMessage(body);
    assert.deepEqual([issue.path, issue.code, rest.length], ['', 'too_long', 0]);
    assert.match(issue.message, new RegExp(`at least ${Buffer.byteLength(JSON.stringify(body))} bytes`));
  });

  test('build throws ValidationError, and a send makes no request', async () => {
    const big = { from: IG, to: '1', content: { text: 'x'.repeat(70_000) } };
    const e = thrown(() => buildInstagramMessage(big));
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(codes(e.issues), [['', 'too_long']]);
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      return new Response('{}');
    };
    const error = await new Chatt2me({ apiKey: 'sk_edges', fetch }).sendMessengerMessage({ ...big, from: MS }).then(
      () => assert.fail('resolved'),
      (err) => err,
    );
    assert.ok(error instanceof ValidationError, String(error));
    assert.equal(calls, 0);
  });

  test('a 64 MB body is refused without being copied into wasm memory', () => {
    const memory = () => initSync().memory.buffer.byteLength;
    validateInstagramMessage(sized(CAP + 1)); // warm up the path
    const before = memory();
    const issues = validateInstagramMessage({ from: IG, to: '1', content: { text: 'x'.repeat(64 * 1024 * 1024) } });
    assert.deepEqual(codes(issues), [['', 'too_long']]);
    assert.ok(memory() - before < 1024 * 1024, `wasm memory grew from ${before} to ${memory()} bytes`);
  });
});

describe('the handler refuses an empty secret when it is created', () => {
  test('"", only whitespace, an empty list or one with an empty secret: Chatt2meError invalid_config', () => {
    for (const secret of ['', '  ', '\n', [], ['whsec_ok', ''], ['  '], 42, true, 0]) {
      const e = thrown(() => createWebhookHandler({ secret, onEvent() {} }));
      assert.ok(e instanceof Chatt2meError && !(e instanceof SignatureError), `${JSON.stringify(secret)}: ${e}`);
      assert.equal(e.code, 'invalid_config', JSON.stringify(secret));
      assert.match(e.message, /secret/);
    }
    // false accepts unsigned deliveries, written down; a real secret works.
    for (const secret of [false, 'whsec_ok', ['whsec_old', 'whsec_new']]) {
      assert.equal(typeof createWebhookHandler({ secret, onEvent() {} }), 'function', JSON.stringify(secret));
    }
  });

  test('verifyWebhook keeps its contract: "" is missing_secret, and any other string is a key', () => {
    const e = thrown(() => verifyWebhook(EVENT, signWebhook(EVENT, 'whsec_x', { timestamp: 1700000000 }), '', { now: 1700000000 }));
    assert.ok(e instanceof SignatureError, String(e));
    assert.equal(e.code, 'missing_secret');
    const header = signWebhook(EVENT, ' ', { timestamp: 1700000000 });
    assert.equal(verifyWebhook(EVENT, header, ' ', { now: 1700000000 }).type, 'message');
  });
});
