// createWebhookHandler (issue #3) with real `Request` objects in Node, then behind a real
// node:http server receiving signed deliveries from the stand-in of the Hub API after real sends.
// Run: node --test tests/js/handler.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { startStandin } from '../../standin/server.mjs';
import * as pkg from '../../pkg/node.js';

const { createWebhookHandler, signWebhook, Chatt2me, Chatt2meError, SignatureError } = pkg;

const SECRET = 'whsec_handler_tests';
const T = 1700000000;
const URL_ = 'https://receiver.example/webhooks/chatt2me';
const fixture = (path) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
const TEXT_EVENT = JSON.stringify(JSON.parse(fixture('chatt2me-site/webhooks/message-text-whatsapp.json')));

/** A handler whose onEvent records its calls. */
function recording(options = {}) {
  const calls = [];
  const handler = createWebhookHandler({
    secret: SECRET,
    now: () => T,
    onEvent: (event, request) => {
      calls.push({ event, request });
    },
    ...options,
  });
  return { handler, calls };
}

function post(body, headers = {}) {
  return new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

/** A POST whose body is `stream`, as a server hands over a streamed delivery. */
const streamed = (stream) => new Request(URL_, { method: 'POST', body: stream, duplex: 'half' });
const signed = (body, secret = SECRET, t = T) => post(body, { 'X-hub-Signature': signWebhook(body, secret, { timestamp: t }) });

async function json(response) {
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text, body: JSON.parse(text) };
}

// ---------------------------------------------------------------------------------------------

/** `handler` answers a delivery of `stream` with 400 `unreadable_body`. */
async function assertUnreadable(handler, stream) {
  const response = await json(await handler(streamed(stream)));
  assert.equal(response.status, 400);
  assert.equal(response.body.error, 'unreadable_body');
}

describe('createWebhookHandler with Request objects', () => {
  test('the X-Validation-Token handshake: 200, the token as a JSON string, application/json', async () => {
    const { handler, calls } = recording();
    for (const token of ['a1b2c3', 'with "quotes" and \\ backslash', 'latin-1 ünïcødé']) {
      const response = await handler(new Request(URL_, { method: 'POST', headers: { 'X-Validation-Token': token, 'content-type': 'application/json' }, body: '{}' }));
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type'), /^application\/json/);
      assert.equal(await response.text(), JSON.stringify(token));
    }
    assert.equal(calls.length, 0, 'the handshake is not an event');
  });

  test('a good signature → 200 and onEvent(event, request) with the typed event', async () => {
    const { handler, calls } = recording();
    const request = signed(TEXT_EVENT);
    const response = await handler(request);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.equal(calls.length, 1);
    const [{ event, request: seen }] = calls;
    assert.equal(seen, request);
    assert.equal(event.type, 'message');
    assert.equal(event.eventType, 'Message');
    assert.equal(event.channelId, '6cbd6789-1d2b-47e0-9391-5eb91d2839ea');
    assert.equal(event.from, '5511993986082');
    assert.equal(event.timestamp.getTime(), T * 1000);
    assert.deepEqual(event.content, { type: 'text', text: "Hello, I'd like to know more about your products", quickReplies: null, quickReplyPayload: null });
    assert.deepStrictEqual(event.raw, JSON.parse(TEXT_EVENT));
  });

  test('a signature under a rotated secret is accepted', async () => {
    const { handler, calls } = recording({ secret: ['whsec_new', SECRET] });
    assert.equal((await handler(signed(TEXT_EVENT))).status, 200);
    assert.equal(calls.length, 1);
  });

  test('missing, malformed, mismatched or stale signatures → 401, onEvent not called', async () => {
    const { handler, calls } = recording();
    const cases = [
      [post(TEXT_EVENT), 'missing_header'],
      [post(TEXT_EVENT, { 'X-hub-Signature': 'nonsense' }), 'malformed_header'],
      [signed(TEXT_EVENT, 'whsec_wrong'), 'signature_mismatch'],
      [post(TEXT_EVENT.replace('Hello', 'Hallo'), { 'X-hub-Signature': signWebhook(TEXT_EVENT, SECRET, { timestamp: T }) }), 'signature_mismatch'],
      [signed(TEXT_EVENT, SECRET, T - 301), 'timestamp_out_of_tolerance'],
      [signed(TEXT_EVENT, SECRET, T + 301), 'timestamp_out_of_tolerance'],
    ];
    for (const [request, code] of cases) {
      const response = await json(await handler(request));
      assert.equal(response.status, 401, code);
      assert.equal(response.body.error, code);
    }
    assert.equal(calls.length, 0);
  });

  test('toleranceSeconds is applied', async () => {
    const { handler } = recording({ toleranceSeconds: 5 });
    assert.equal((await handler(signed(TEXT_EVENT, SECRET, T - 6))).status, 401);
    assert.equal((await handler(signed(TEXT_EVENT, SECRET, T - 5))).status, 200);
  });

  test('a body that is not JSON, or no known envelope → 400 (signed or not)', async () => {
    const { handler, calls } = recording();
    const bad = '{"eventType": "Message", ';
    const signedBad = await json(await handler(signed(bad)));
    assert.equal(signedBad.status, 400);
    assert.equal(signedBad.body.error, 'invalid_json');
    assert.equal((await json(await handler(signed('{"hello":"world"}')))).body.error, 'unrecognized');
    const unsigned = recording({ secret: false });
    assert.equal((await handler(signed(''))).status, 400);
    assert.equal((await unsigned.handler(post(bad))).status, 400);
    assert.equal(calls.length + unsigned.calls.length, 0);
  });

  test('a Meta batch → onEvent once per event, in order, each awaited', async () => {
    const order = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      now: () => T,
      onEvent: async (event) => {
        order.push(`start ${event.messageId}`);
        // The first takes longest: if the calls were not awaited one by one, the order would differ.
        await new Promise((r) => setTimeout(r, event.messageId === 'm1' ? 30 : 1));
        order.push(`end ${event.messageId}`);
      },
    });
    const body = JSON.stringify({
      object: 'instagram',
      entry: [
        { id: '2', time: T * 1000, messaging: [1, 2].map((n) => ({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: T * 1000 + n, message: { mid: `m${n}`, text: `t${n}` } })) },
        { id: '2', time: T * 1000, messaging: [{ sender: { id: '1' }, recipient: { id: '2' }, timestamp: T * 1000 + 3, reaction: { mid: 'm3', action: 'react', reaction: 'love' } }] },
      ],
    });
    const response = await handler(signed(body));
    assert.equal(response.status, 200);
    assert.deepEqual(order, ['start m1', 'end m1', 'start m2', 'end m2', 'start null', 'end null']);
  });

  test('onEvent throwing → 500 with no internal details in the body', async () => {
    const secretDetail = 'password=hunter2 at /srv/app/db.js:42';
    for (const onEvent of [
      () => {
        throw new Error(secretDetail);
      },
      async () => {
        throw new TypeError(secretDetail);
      },
      () => Promise.reject(secretDetail),
    ]) {
      const handler = createWebhookHandler({ secret: SECRET, now: () => T, onEvent });
      const response = await handler(signed(TEXT_EVENT));
      assert.equal(response.status, 500);
      const text = await response.text();
      for (const leak of ['hunter2', 'db.js', 'Error', 'at ']) assert.ok(!text.includes(leak), `the 500 body shows ${leak}: ${text}`);
    }
  });

  test('secret: false → unsigned bodies are parsed and handled', async () => {
    const { handler, calls } = recording({ secret: false });
    const response = await handler(post(fixture('chatt2me/instagram-text.json')));
    assert.equal(response.status, 200);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].event.type, 'echo');
    assert.equal(calls[0].event.to, '847495124317323');
  });

  test('maxBytes → 413, with a content-length and with a streamed body', async () => {
    const { handler, calls } = recording({ secret: false, maxBytes: 64 });
    const big = JSON.stringify({ eventType: 'Message', content: { type: 'text', text: 'x'.repeat(200) } });
    assert.equal((await handler(post(big))).status, 413);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big.slice(0, 100)));
        controller.enqueue(new TextEncoder().encode(big.slice(100)));
        controller.close();
      },
    });
    const streamed = new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' });
    assert.equal(streamed.headers.get('content-length'), null);
    const response = await json(await handler(streamed));
    assert.equal(response.status, 413);
    assert.equal(response.body.error, 'body_too_large');
    assert.equal(calls.length, 0);
    // A small body still passes.
    assert.equal((await handler(post('{"eventType":"Message","content":{"type":"text","text":"ok"}}'))).status, 200);
  });

  test("onEvent's result: a value is not waited for, a thenable is, and its rejection → 500", async () => {
    const seen = [];
    const sync = createWebhookHandler({ secret: false, onEvent: (event) => seen.push(event.type) });
    assert.equal((await sync(post(TEXT_EVENT))).status, 200);
    assert.deepEqual(seen, ['message']);
    let settled = false;
    const thenable = { then: (resolve) => setTimeout(() => { settled = true; resolve(); }, 5) };
    const waits = createWebhookHandler({ secret: false, onEvent: () => thenable });
    assert.equal((await waits(post(TEXT_EVENT))).status, 200);
    assert.equal(settled, true, 'answered before the thenable settled');
    const rejects = createWebhookHandler({ secret: false, onEvent: () => ({ then: (_, reject) => reject(new Error('no')) }) });
    assert.equal((await rejects(post(TEXT_EVENT))).status, 500);
  });

  test('a streamed body past maxBytes is cancelled before it is all pulled; a stream that fails → 400 unreadable_body', async () => {
    const { handler, calls } = recording({ secret: false, maxBytes: 1024 });
    const state = { pulls: 0, cancelled: false };
    const endless = new ReadableStream(
      {
        pull(controller) {
          state.pulls += 1;
          controller.enqueue(new Uint8Array(512).fill(0x20));
        },
        cancel() {
          state.cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const big = streamed(endless);
    assert.equal((await handler(big)).status, 413);
    assert.equal(state.cancelled, true);
    assert.ok(state.pulls <= 4, `${state.pulls} chunks pulled for a cap of 2 chunks`);
    const failing = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"eventType":'));
        controller.error(new Error('connection reset'));
      },
    });
    await assertUnreadable(handler, failing);
    assert.equal(calls.length, 0);
  });

  test('a request-like object past maxBytes whose reader cancels synchronously → 413; a chunk that is not bytes → 400', async () => {
    const { handler, calls } = recording({ secret: false, maxBytes: 8 });
    let cancelled = 0;
    const reader = {
      read: async () => ({ done: false, value: new Uint8Array(16) }),
      cancel() {
        cancelled += 1; // returns no Promise
      },
    };
    const headers = new Headers({ 'content-type': 'application/json' });
    const big = { method: 'POST', headers, body: { getReader: () => reader } };
    assert.equal((await handler(big)).status, 413);
    assert.equal(cancelled, 1);
    const notBytes = new ReadableStream({
      start(controller) {
        controller.enqueue('{"eventType":"Message"}');
        controller.close();
      },
    });
    await assertUnreadable(handler, notBytes);
    assert.equal(calls.length, 0);
  });

  test('a stream of empty chunks ends at the cap (413); a cancel that never settles does not hold the answer', async () => {
    const { handler, calls } = recording({ secret: false, maxBytes: 1000 });
    let pulls = 0;
    const empties = new ReadableStream({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(0));
      },
    });
    assert.equal((await handler(streamed(empties))).status, 413);
    assert.ok(pulls <= 1002, `${pulls} pulls for a cap of 1000`);
    const stuck = new ReadableStream({
      pull(controller) {
        controller.enqueue(new Uint8Array(600));
      },
      cancel: () => new Promise(() => {}),
    });
    const answered = await Promise.race([
      handler(streamed(stuck)).then((r) => r.status),
      new Promise((resolve) => setTimeout(() => resolve('still pending after 2 s'), 2000)),
    ]);
    assert.equal(answered, 413);
    assert.equal(calls.length, 0);
  });

  test('a Request whose chunk lies about its length: read by its real length, the instance whole', async () => {
    const { handler, calls } = recording({ secret: false });
    const chunk = new TextEncoder().encode(TEXT_EVENT);
    let reads = 0;
    Object.defineProperty(chunk, 'length', { get: () => (reads++ % 2 === 0 ? 1 : 1 << 30) });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    });
    assert.equal((await handler(streamed(stream))).status, 200);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].event.raw, JSON.parse(TEXT_EVENT));
    assert.equal((await handler(post(TEXT_EVENT))).status, 200);
  });

  test('a request-like object that is not a Request: its body read through text(), or through its stream', async () => {
    const { handler, calls } = recording({ secret: false });
    const headers = new Headers({ 'content-type': 'application/json' });
    const viaText = { method: 'POST', headers, text: async () => TEXT_EVENT };
    assert.equal((await handler(viaText)).status, 200);
    const viaStream = { method: 'POST', headers, body: new Response(TEXT_EVENT).body };
    assert.equal((await handler(viaStream)).status, 200);
    assert.deepEqual(calls.map((c) => c.event.type), ['message', 'message']);
  });

  test('invalid configuration is refused when the handler is created', () => {
    for (const options of [undefined, {}, { onEvent: 'no' }, { onEvent() {} }, { secret: undefined, onEvent() {} }, { secret: null, onEvent() {} }]) {
      assert.throws(() => createWebhookHandler(options), (e) => e instanceof Chatt2meError && e.code === 'invalid_config');
    }
    // Issue #14: an empty secret is a configuration error at creation (it was missing_secret).
    assert.throws(() => createWebhookHandler({ secret: '', onEvent() {} }), (e) => e instanceof Chatt2meError && !(e instanceof SignatureError) && e.code === 'invalid_config');
  });
});

// ---------------------------------------------------------------------------------------------

/** A node:http server that turns each IncomingMessage into a Request for `getHandler()`. */
async function nodeServer(getHandler) {
  const seen = [];
  const server = http.createServer(async (req, res) => {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(new URL(req.url, `http://${req.headers.host}`), {
        method: req.method,
        headers,
        body: hasBody ? Buffer.concat(chunks) : undefined,
      });
      const response = await getHandler()(request);
      seen.push({ headers: req.headers, status: response.status });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      seen.push({ error });
      res.writeHead(500).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/webhooks/chatt2me`,
    seen,
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}

describe('behind a real node:http server, with deliveries from the stand-in', () => {
  test('register with requiresSignature, send, and receive the verified event', async () => {
    const standin = await startStandin({ quiet: true });
    const events = [];
    // Before registration there is no secret yet: only the handshake can arrive.
    let handler = createWebhookHandler({ secret: false, onEvent: () => assert.fail('no event before registration') });
    const receiver = await nodeServer(() => handler);
    try {
      const register = async (eventType) => {
        const response = await fetch(`${standin.url}/v1/organization/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': 'sk_test_standin' },
          body: JSON.stringify({
            label: `tests ${eventType}`,
            endpoint: receiver.url,
            eventType,
            authenticationProtocol: 'NoAuthentication',
            headers: [{ key: 'X-Receiver-Token', value: 'custom-header-value' }],
            requiresSignature: true,
          }),
        });
        assert.equal(response.status, 201);
        return response.json();
      };
      const messages = await register('Message');
      assert.equal(messages.isVerified, true, 'the handshake through the handler passed');
      assert.equal(typeof messages.signingSecret, 'string');
      assert.ok(messages.signingSecret.length > 0);
      const statuses = await register('MessageStatus');
      assert.equal(statuses.isVerified, true);
      assert.notEqual(statuses.signingSecret, messages.signingSecret);
      assert.equal(receiver.seen.length, 2);
      assert.ok(receiver.seen.every((s) => s.status === 200 && s.headers['x-validation-token']));

      // Each webhook signs with its own secret: the handler accepts both (rotation-style array).
      handler = createWebhookHandler({ secret: [messages.signingSecret, statuses.signingSecret], onEvent: (event) => events.push(event) });

      const hub = new Chatt2me({ apiKey: 'sk_test_standin', baseUrl: standin.url });
      const ig = await hub.sendInstagramMessage({ from: '6cbd6789-1d2b-47e0-9391-5eb91d2839ea', to: '847495124317323', content: { text: 'Hello over a signed webhook' } });
      const ms = await hub.sendMessengerMessage({ from: '0b1c2d3e-4f50-4617-8899-aabbccddeeff', to: '26203292189261166', content: { text: 'And on Messenger' } });
      await standin.state.settled();

      const deliveries = standin.state.deliveries;
      assert.equal(deliveries.length, 4);
      assert.ok(deliveries.every((d) => d.ok && d.statusCode === 200 && d.signature !== null), JSON.stringify(deliveries.map((d) => [d.statusCode, d.responseBody])));
      const deliveryRequests = receiver.seen.slice(2);
      assert.ok(deliveryRequests.every((s) => s.headers['x-hub-signature'] && s.headers['x-receiver-token'] === 'custom-header-value'));

      assert.equal(events.length, 4);
      const echo = events.filter((e) => e.type === 'echo');
      const status = events.filter((e) => e.type === 'status');
      assert.equal(echo.length, 2);
      assert.equal(status.length, 2);
      const igEcho = echo.find((e) => e.channel === 'instagram');
      assert.equal(igEcho.to, '847495124317323');
      assert.equal(igEcho.content.text, 'Hello over a signed webhook');
      const msEcho = echo.find((e) => e.channel === 'messenger');
      assert.equal(msEcho.messageId, ms.messageId, 'the Messenger echo carries the sent message id');
      assert.equal(msEcho.from, '847421668462669');
      assert.equal(msEcho.content.text, 'And on Messenger');
      assert.deepEqual(status.map((e) => e.messageId).sort(), [ig.messageId, ms.messageId].sort());
      assert.ok(status.every((e) => e.status === 'sent'));
      for (const e of events) assert.ok(e.timestamp instanceof Date && !Number.isNaN(e.timestamp.getTime()));

      // A handler with the wrong secret refuses the delivery; the Hub sees the 401.
      handler = createWebhookHandler({ secret: 'whsec_not_this_one', onEvent: () => assert.fail('unverified event') });
      await hub.sendInstagramMessage({ from: 'chatt2me_demo', to: '847495124317323', content: { text: 'refused' } });
      await standin.state.settled();
      assert.deepEqual(standin.state.deliveries.slice(4).map((d) => d.statusCode), [401, 401]);
      assert.equal(events.length, 4);
    } finally {
      await receiver.close();
      await standin.close();
    }
  });
});

test('the handler keeps the secrets it checked: changing the array later changes nothing', async () => {
  const { createWebhookHandler: create, signWebhook: sign } = await import('../../pkg/node.js');
  const secrets = ['whsec_kept'];
  const seen = [];
  const handler = create({ secret: secrets, onEvent: (e) => void seen.push(e) });
  secrets[0] = '';
  const body = JSON.stringify({ eventType: 'MessageStatus', messageId: 'm', status: 'sent', timestamp: Math.floor(Date.now() / 1000), channel: 'instagram' });
  const response = await handler(new Request('https://receiver.example/hook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature': sign(body, 'whsec_kept') }, body }));
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(seen.length, 1);
  assert.throws(() => create({ maxBytes: 0.5, onEvent() {} }), (e) => e.code === 'invalid_config');
});
