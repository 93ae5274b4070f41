// Fail closed (issue #18), through the built package: a handler never runs unverified by
// accident; the API key shows in no view of an error, at any depth; a key no header can carry is
// refused when the client is made; a lone surrogate in a webhook string is one U+FFFD.
// (Retries that never act twice are in manage.test.mjs, with a gateway that acts, then answers
// 504; call buttons in the Messenger rules are in edges.test.mjs.)
// Run: node --test tests/js/failclosed.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import * as pkg from '../../pkg/node.js';
import { thrown } from './lib/thrown.mjs';

const { Chatt2me, Chatt2meError, NetworkError, ApiError, createWebhookHandler, signWebhook, parseWebhook } = pkg;

const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const BODY = { from: IG, to: '847495124317323', content: { text: 'hi' } };
const EVENT = JSON.stringify({ eventType: 'Message', channel: 'instagram', messageId: 'm1', from: '1', to: '2', content: { type: 'text', text: 'forged' } });
const URL_ = 'https://receiver.example/webhooks';


async function rejected(promise) {
  return promise.then(
    (v) => assert.fail(`resolved with ${util.inspect(v)}`),
    (e) => e,
  );
}

/** Every view of an error a log can show. */
function views(error) {
  const out = [String(error), String(error.stack), util.inspect(error, { depth: Infinity, showHidden: true })];
  try {
    out.push(JSON.stringify(error));
  } catch (e) {
    out.push(`JSON.stringify threw: ${e.message}`);
  }
  return out;
}

function assertNoKey(error, ...forms) {
  for (const view of views(error)) {
    for (const form of forms) assert.ok(!view.includes(form), `the key (${JSON.stringify(form)}) shows in:\n${view}`);
  }
}

describe('the webhook handler fails closed', () => {
  test('secret undefined, null or left out (an unset variable) is invalid_config, naming secret: false', () => {
    const env = {};
    for (const options of [{ secret: env.WEBHOOK_SECRET }, { secret: null }, {}]) {
      const e = thrown(() => createWebhookHandler({ ...options, onEvent: () => assert.fail('no event') }));
      assert.ok(e instanceof Chatt2meError, String(e));
      assert.equal(e.code, 'invalid_config');
      assert.match(e.message, /secret: false/);
      assert.match(e.message, /requiresSignature: false/);
    }
  });

  test('a forged, unsigned POST never reaches onEvent; with secret: false, written down, it does', async () => {
    const seen = [];
    const signed = createWebhookHandler({ secret: 'whsec_real', onEvent: (e) => void seen.push(e) });
    const forged = new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: EVENT });
    assert.equal((await signed(forged)).status, 401);
    assert.equal(seen.length, 0);
    const unsigned = createWebhookHandler({ secret: false, onEvent: (e) => void seen.push(e) });
    const plain = new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: EVENT });
    assert.equal((await unsigned(plain)).status, 200);
    assert.equal(seen.length, 1);
    // The handshake is answered either way: the Hub verifies the endpoint before the secret exists.
    const handshake = await signed(new Request(URL_, { method: 'POST', headers: { 'x-validation-token': 'n1' } }));
    assert.equal(await handshake.text(), '"n1"');
  });

  test('a signed delivery passes the handler made with the secret', async () => {
    const seen = [];
    const handler = createWebhookHandler({ secret: 'whsec_real', onEvent: (e) => void seen.push(e) });
    const request = new Request(URL_, { method: 'POST', headers: { 'x-hub-signature': signWebhook(EVENT, 'whsec_real') }, body: EVENT });
    assert.equal((await handler(request)).status, 200);
    assert.equal(seen[0].messageId, 'm1');
  });
});

describe('the API key shows in no view of an error', () => {
  const KEY = 'sk_live_"Deep\\Key/é_42';
  const ESCAPED = JSON.stringify(KEY).slice(1, -1); // sk_live_\"Deep\\Key/é_42
  const ASCII_ESCAPED = ESCAPED.replace('é', '\\u00e9');
  const send = (fetch) => rejected(new Chatt2me({ apiKey: KEY, fetch, maxRetries: 0 }).sendInstagramMessage(BODY));

  test('a fetch failure with the key three causes deep (what undici throws, quoting a header)', async () => {
    const error = await send(() =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('socket closed', { cause: new Error(`x-api-key=${KEY}`) }) })),
    );
    assert.ok(error instanceof NetworkError);
    assertNoKey(error, KEY);
    // Redacted, not dropped: the chain is still there to debug with.
    assert.match(util.inspect(error, { depth: Infinity }), /x-api-key=\[redacted\]/);
  });

  test("an AggregateError's errors, a string cause and a rejected string", async () => {
    const aggregate = await send(() => Promise.reject(new AggregateError([new Error('a'), new Error(`b ${KEY}`), `c ${KEY}`], `all failed ${KEY}`)));
    assertNoKey(aggregate, KEY);
    const stringCause = await send(() => Promise.reject(new Error('x', { cause: `header ${KEY}` })));
    assertNoKey(stringCause, KEY);
    const rejectedString = await send(() => Promise.reject(`x-api-key: ${KEY}`));
    assertNoKey(rejectedString, KEY);
  });

  test('a numeric key in a number cause', async () => {
    const numeric = '90071992547409';
    const error = await rejected(
      new Chatt2me({ apiKey: numeric, fetch: () => Promise.reject(new Error('x', { cause: 90071992547409 })), maxRetries: 0 }).sendInstagramMessage(BODY),
    );
    assertNoKey(error, numeric);
  });

  test('a key echoed back JSON-escaped, as \\uXXXX, in a body, a message and a header', async () => {
    const fetch = async () =>
      new Response(`{"errorMessage":"bad key ${ESCAPED}","errorCode":"${ASCII_ESCAPED}","echo":{"headers":{"x-api-key":"${ASCII_ESCAPED.toUpperCase().replace('\\U00E9', '\\u00E9')}"}}}`, {
        status: 401,
        headers: { 'content-type': 'application/json', 'x-request-id': KEY },
      });
    const error = await send(fetch);
    assert.ok(error instanceof ApiError);
    assertNoKey(error, KEY, ESCAPED, ASCII_ESCAPED);
  });

  test('cycles and a chain deeper than any log prints: bounded, nothing of the key left', async () => {
    const cyclic = new Error(`loop ${KEY}`);
    cyclic.cause = cyclic;
    const first = await send(() => Promise.reject(cyclic));
    assertNoKey(first, KEY);
    let deep = new Error(`bottom ${KEY}`);
    for (let i = 0; i < 5000; i += 1) deep = new Error(`level ${i}`, { cause: deep });
    const second = await send(() => Promise.reject(deep));
    assert.ok(second instanceof NetworkError);
    assertNoKey(second, KEY);
  });

  test('a frozen cause holding the key is replaced by a redacted copy', async () => {
    const frozen = Object.freeze(new Error(`frozen ${KEY}`));
    const error = await send(() => Promise.reject(new TypeError('fetch failed', { cause: frozen })));
    assertNoKey(error, KEY);
    assert.match(util.inspect(error, { depth: Infinity }), /frozen \[redacted\]/);
  });
});

describe('an apiKey no header can carry is refused when the client is made', () => {
  test('line breaks, control characters, characters beyond Latin-1: invalid_config, key not echoed', () => {
    for (const apiKey of ['sk_test\nabc', 'sk_test\r\nx-evil: 1', 'sk_\u0000x', 'sk_€uro', 'sk_😀', 'sk_\u0001x']) {
      const e = thrown(() => new Chatt2me({ apiKey }));
      assert.ok(e instanceof Chatt2meError, JSON.stringify(apiKey));
      assert.equal(e.code, 'invalid_config');
      assert.match(e.message, /cannot be sent in an HTTP header/);
      for (const view of views(e)) assert.ok(!view.includes(apiKey.trim()), view);
    }
  });

  test('what a header carries is taken: Latin-1, inner tabs and spaces, surrounding whitespace (trimmed on the wire)', async () => {
    let sent;
    const fetch = async (url, init) => {
      sent = new Headers(init.headers).get('x-api-key');
      return Response.json({ messageId: 'm', status: 'sent' });
    };
    for (const apiKey of ['sk_é_latin1', 'sk a\tb', '  sk_padded \n']) {
      await new Chatt2me({ apiKey, fetch }).sendInstagramMessage(BODY);
      assert.equal(sent, apiKey.trim());
    }
  });
});

describe('a lone surrogate is one U+FFFD in every string of an event', () => {
  test('ids, text and nested strings; raw keeps what was delivered', () => {
    const text = String.raw`{"eventType":"Message","channel":"instagram","channelId":"c\ud800","messageId":"m\udc00x","from":"\udbff1","to":"2","content":{"type":"text","text":"a\ud800b\ud83d\ude00 \udfff\ud800\ud800"}}`;
    const event = parseWebhook(text);
    assert.equal(event.channelId, 'c\ufffd');
    assert.equal(event.messageId, 'm\ufffdx');
    assert.equal(event.from, '\ufffd1');
    assert.equal(event.content.text, 'a\ufffdb\u{1f600} \ufffd\ufffd\ufffd');
    // As JSON.parse + TextEncoder/TextDecoder give.
    const whatwg = new TextDecoder().decode(new TextEncoder().encode(JSON.parse(text).content.text));
    assert.equal(event.content.text, whatwg);
    assert.equal(event.raw.content.text, JSON.parse(text).content.text);
  });

  test('a Meta-native message too', () => {
    const text = String.raw`{"object":"instagram","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"1"},"recipient":{"id":"2"},"timestamp":1,"message":{"mid":"x\ud800y","text":"t\udbffz"}}]}]}`;
    const event = parseWebhook(text);
    assert.equal(event.messageId, 'x\ufffdy');
    assert.equal(event.content.text, 't\ufffdz');
  });
});
