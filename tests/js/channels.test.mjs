// WhatsApp, Telegram, SMS and Web Chatt (issue #21) through the built package, against the
// stand-in over loopback HTTP: every docs request example of these channels validates and is
// accepted; Web Chatt's session_not_found is a typed failure; hub.rawRequest; the webhooks of
// these channels, and a reply to an inbound WhatsApp message delivered to a real handler.
// Run: node --test tests/js/channels.test.mjs

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { startStandin } from '../../standin/server.mjs';
import * as pkg from '../../pkg/node.js';

const { Chatt2me, ApiError, ValidationError, parseWebhook, createWebhookHandler } = pkg;

const KEY = 'sk_test_channels_SECRET';
const WA = '3f1c2a5e-7b8d-4e6f-9a0b-1c2d3e4f5a6b';
const TG = '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a';
const SMS = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const WEB = 'c0ffee00-1234-4abc-8def-0123456789ab';
const VISITOR = 'visitor-1f2e3d4c';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const site = (name) => JSON.parse(readFileSync(new URL(`../fixtures/chatt2me-site/${name}`, import.meta.url), 'utf8'));

let standin;
before(async () => {
  standin = await startStandin({ quiet: true, apiKey: KEY });
});
after(() => standin?.close());
beforeEach(() => standin.state.reset());

const hub = (options = {}) => new Chatt2me({ apiKey: KEY, baseUrl: standin.url, maxRetries: 0, timeoutMs: 10_000, ...options });

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('the call succeeded');
}

/** A docs example with its placeholder `from` ("channel-uuid", ...) as the stand-in's channel. */
function example(name, from, to) {
  const body = site(`requests/${name}`);
  return { from, to: body.to ?? to, content: body.content };
}

const channels = {
  whatsapp: {
    send: 'sendWhatsAppMessage', validate: pkg.validateWhatsAppMessage, build: pkg.buildWhatsAppMessage, from: WA, to: '5511993986082', route: 'whatsapp',
    examples: [
      'send-text-content-types.json', 'send-text-concepts.json', 'content-image.json', 'content-video.json', 'content-audio.json',
      'send-interactive-quick-reply-buttons.json', 'send-whatsapp-template-simple.json', 'send-whatsapp-template-body-parameters.json',
      'send-whatsapp-payment-request-pix.json', 'content-whatsapp-payment-request-boleto.json', 'content-whatsapp-payment-request-link.json',
      'reaction.json', 'reaction-remove.json', 'reply-context.json', 'reply-image-context.json',
    ],
  },
  telegram: {
    send: 'sendTelegramMessage', validate: pkg.validateTelegramMessage, build: pkg.buildTelegramMessage, from: TG, to: '123456789', route: 'telegram',
    examples: ['send-text-telegram-authentication-page.json', 'content-image.json', 'content-video.json', 'content-audio.json', 'reaction.json', 'reaction-remove.json', 'reply-context.json', 'reply-image-context.json'],
  },
  sms: {
    send: 'sendSmsMessage', validate: pkg.validateSmsMessage, build: pkg.buildSmsMessage, from: SMS, to: '+5511944574999', route: 'sms',
    examples: ['send-sms-text.json', 'send-sms-mms-image.json'],
  },
  webchatt: {
    send: 'sendWebChattMessage', validate: pkg.validateWebChattMessage, build: pkg.buildWebChattMessage, from: WEB, to: VISITOR, route: 'web-chatt2me',
    examples: ['send-text-content-types.json', 'content-image.json', 'content-video.json', 'content-audio.json', 'reaction.json', 'reply-context.json'],
  },
};

describe('every docs example of these channels validates and is accepted by the stand-in', () => {
  for (const [name, c] of Object.entries(channels)) {
    test(`${name}: ${c.examples.length} examples`, async () => {
      for (const file of c.examples) {
        // The examples on a shared page are WhatsApp's; `to` is the channel's own.
        const body = example(file, c.from, c.to);
        if (name !== 'whatsapp' && name !== 'sms') body.to = c.to;
        assert.deepEqual(c.validate(body), [], `${file} on ${name}`);
        assert.deepEqual(c.build(body), body);
        const result = await hub()[c.send](body);
        assert.match(result.messageId, UUID, file);
        assert.equal(result.status, 'sent');
        assert.equal(result.recipientId, null);
      }
      assert.equal(standin.state.messages.length, c.examples.length);
      assert.ok(standin.state.calls.every((call) => call.path === `/v1/communication/${c.route}/message`));
    });
  }

  test('what a channel does not take is refused before any request, naming the channel', async () => {
    const e = await rejection(hub().sendSmsMessage({ from: SMS, to: '+5511944574999', content: { videoUrl: 'https://example.com/v.mp4' } }));
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(e.issues.map((i) => `${i.path} ${i.code}`), ['content.videoUrl not_supported']);
    assert.match(e.message, /SMS/);
    const t = await rejection(hub().sendTelegramMessage({ from: TG, to: '1', content: { template: { id: WA } } }));
    assert.match(t.issues[0].message, /not available on Telegram/);
    const wa = await rejection(hub().sendWhatsAppMessage({ from: WA, to: '+5511993986082', content: { document: { url: 'https://a.b/c.pdf' } } }));
    assert.deepEqual(wa.issues.map((i) => `${i.path} ${i.code}`), ['to invalid_format', 'content.document not_supported']);
    assert.match(wa.issues[1].message, /hub\.rawRequest/);
    assert.equal(standin.state.calls.length, 0);
  });

  test('the alternate from forms reach the same channel', async () => {
    await hub().sendWhatsAppMessage({ from: '+5511912345678', to: '5511993986082', content: { text: 'a' } });
    await hub().sendSmsMessage({ from: '12025550100', to: '+5511944574999', content: { text: 'b' } });
    await hub().sendTelegramMessage({ from: '@chatt2me_demo_bot', to: '-1001234567890', content: { text: 'c' } });
    assert.deepEqual(standin.state.messages.map((m) => m.channelId), [WA, SMS, TG]);
  });
});

describe('Web Chatt', () => {
  test('a visitor without an active session is session_not_found, a typed ApiError', async () => {
    const e = await rejection(hub().sendWebChattMessage({ from: WEB, to: 'visitor-gone', content: { text: 'hi' } }));
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 'session_not_found');
    assert.equal(e.errorCode, 'session_not_found');
    assert.equal(e.status, 200);
    assert.ok(!JSON.stringify(e).includes(KEY) && !e.message.includes(KEY));
    assert.equal(standin.state.messages.length, 0);
    // The visitor writes (opening a session); now the answer goes through.
    standin.state.inbound({ channel: 'webchatt', from: 'visitor-gone', content: { type: 'text', text: 'hello?' } });
    const ok = await hub().sendWebChattMessage({ from: WEB, to: 'visitor-gone', content: { text: 'hi' } });
    assert.equal(ok.status, 'sent');
  });

  test('from is the UUID only', () => {
    const issues = pkg.validateWebChattMessage({ from: 'widget-public-key', to: VISITOR, content: { text: 'a' } });
    assert.deepEqual(issues.map((i) => `${i.path} ${i.code}`), ['from invalid_format']);
  });
});

describe('hub.rawRequest', () => {
  test('any /v1/ call, with the key, its query encoded and the answer parsed', async () => {
    const created = await hub().rawRequest('POST', '/v1/organization/webhook', {
      body: { label: 'raw', endpoint: 'https://example.com/hook', eventType: 'Message', authenticationProtocol: 'NoAuthentication' },
    });
    assert.match(created.id, UUID);
    const page = await hub().rawRequest('get', '/v1/organization/webhook', { query: { offset: 0, limit: 5, skipped: undefined } });
    assert.equal(page.data.length, 1);
    assert.equal(standin.state.calls.at(-1).query, '?offset=0&limit=5');
    // Numbers as JS writes them, as URLSearchParams would: String(n).
    const numbers = { a: 1.5, b: 1e21, c: -0, d: 0.1 + 0.2, e: -7 };
    await hub().rawRequest('GET', '/v1/organization/webhook', { query: numbers });
    assert.equal(standin.state.calls.at(-1).query, `?${new URLSearchParams(numbers)}`);
    assert.equal(standin.state.calls.at(-1).query, '?a=1.5&b=1e%2B21&c=0&d=0.30000000000000004&e=-7');
    assert.equal(await hub().rawRequest('DELETE', `/v1/organization/webhook/${created.id}`), undefined);
  });

  test('content the package cannot check goes through it, and the API is the judge', async () => {
    const body = { from: WA, to: '5511993986082', content: { text: 'sent raw' } };
    const sent = await hub().rawRequest('POST', '/v1/communication/whatsapp/message', { body });
    assert.equal(sent.status, 'sent');
    const refused = await rejection(hub().rawRequest('POST', '/v1/communication/whatsapp/message', { body: { ...body, content: { document: {} } } }));
    assert.ok(refused instanceof ApiError);
    assert.equal(refused.code, 'bad_request');
    assert.equal(refused.status, 400);
  });

  test('a bad method, path, query or body is a ValidationError, and nothing is sent', async () => {
    for (const [args, path] of [
      [['TRACE', '/v1/x'], 'method'],
      [['GET', 'https://evil.example/v1/x'], 'path'],
      [['GET', '/v1/../admin'], 'path'],
      [['GET', '/v1/x?a=1'], 'path'],
      [['GET', '/v1/x', { body: {} }], 'body'],
      [['GET', '/v1/x', { query: { a: {} } }], 'query.a'],
      [['GET', '/v1/x', { query: { n: null } }], 'query.n'],
      [['GET', '/v1/x', { query: new Proxy({}, { ownKeys() { throw new Error('hostile'); } }) }], 'query'],
      [['GET', '/v1/x', { query: { get a() { throw new Error('getter'); } } }], 'query'],
      [['POST', '/v1/x', { body: { get a() { throw new Error('getter'); } } }], 'body'],
      [['POST', '/v1/x', { body: () => 1 }], 'body'],
    ]) {
      const e = await rejection(hub().rawRequest(...args));
      assert.ok(e instanceof ValidationError, String(args));
      assert.equal(e.issues[0].path, path, String(args));
    }
    assert.equal(standin.state.calls.length, 0);
  });

  test('the retry rules of every call: a GET retries a 503, a POST does not retry a 500', async () => {
    standin.state.addFaults([{ path: '/v1/organization/webhook', method: 'GET', status: 503, times: 1 }]);
    const page = await hub({ maxRetries: 2 }).rawRequest('GET', '/v1/organization/webhook');
    assert.equal(page.pagination.total, 0);
    assert.equal(standin.state.calls.length, 2);
    standin.state.addFaults([{ status: 500 }]);
    const e = await rejection(hub({ maxRetries: 2 }).rawRequest('POST', '/v1/communication/sms/message', { body: { from: SMS, to: '+5511944574999', content: { text: 'x' } } }));
    assert.equal(e.code, 'server_error');
    assert.equal(e.attempts, 1);
  });

  test('the API key is in no error', async () => {
    const e = await rejection(new Chatt2me({ apiKey: 'sk_wrong_KEY_999', baseUrl: standin.url }).rawRequest('GET', '/v1/organization/webhook'));
    assert.equal(e.code, 'unauthorized');
    assert.ok(!JSON.stringify(e).includes('sk_wrong_KEY_999') && !e.stack.includes('sk_wrong_KEY_999'));
  });
});

describe('webhooks of these channels', () => {
  test("the docs' WhatsApp examples parse with their channel", () => {
    const text = parseWebhook(readFileSync(new URL('../fixtures/chatt2me-site/webhooks/message-text-whatsapp.json', import.meta.url)));
    assert.equal(text.type, 'message');
    assert.equal(text.channel, 'whatsapp');
    assert.equal(text.content.type, 'text');
    const button = parseWebhook(readFileSync(new URL('../fixtures/chatt2me-site/webhooks/message-interactive-button-reply-whatsapp.json', import.meta.url)));
    assert.equal(button.content.type, 'interactive');
    assert.equal(button.content.reply.id, 'SUPPORT');
  });

  test('a relay of the same shape on Telegram, SMS and Web Chatt keeps its channel; unknown content is kept', () => {
    for (const channel of ['telegram', 'sms', 'webchatt']) {
      const { event } = standin.state.inbound({ channel, from: channel === 'sms' ? '+5511944574999' : '42', content: { type: 'text', text: 'hi' } });
      const parsed = parseWebhook(JSON.stringify(event));
      assert.equal(parsed.channel, channel);
      assert.equal(parsed.channelId, event.channelId);
      assert.equal(parsed.content.text, 'hi');
    }
    const poll = parseWebhook(JSON.stringify({ eventType: 'Message', channelId: TG, messageId: 'm', from: '42', channel: 'telegram', content: { type: 'poll_answer', poll_answer: { option_ids: [1] } } }));
    assert.equal(poll.content.type, 'unknown');
    assert.deepEqual(poll.content.raw, { type: 'poll_answer', poll_answer: { option_ids: [1] } });
  });

  test('a send on WhatsApp is followed by its MessageStatus; an inbound message is answered with hub.reply', async () => {
    const received = [];
    let replied;
    const handle = createWebhookHandler({
      secret: false,
      onEvent: async (event) => {
        received.push(event);
        if (event.type === 'message') replied = await hub().reply(event, { text: 'Thanks! We will get back to you.' });
      },
    });
    const server = http.createServer(async (req, res) => {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
      const answer = await handle(request);
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${server.address().port}/hooks`;
      for (const eventType of ['Message', 'MessageStatus']) {
        await hub().webhooks.create({ label: eventType, endpoint, eventType, authenticationProtocol: 'NoAuthentication' });
      }
      const sent = await hub().sendWhatsAppMessage({ from: WA, to: '5511993986082', content: { text: 'Your order shipped' } });
      standin.state.inbound({ channel: 'whatsapp', from: '5511993986082', content: { type: 'text', text: 'Where is my order?' } });
      await standin.state.settled();
      // The reply's own status, delivered after the reply.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await standin.state.settled();
      const status = received.find((e) => e.type === 'status' && e.messageId === sent.messageId);
      assert.equal(status.channel, 'whatsapp');
      assert.equal(status.status, 'sent');
      const inbound = received.find((e) => e.type === 'message');
      assert.equal(inbound.channel, 'whatsapp');
      assert.equal(inbound.channelId, WA);
      assert.match(replied.messageId, UUID);
      const answer = standin.state.messages.at(-1);
      assert.deepEqual([answer.kind, answer.channelId, answer.to, answer.content.text], ['whatsapp', WA, '5511993986082', 'Thanks! We will get back to you.']);
    } finally {
      server.close();
    }
  });
});
