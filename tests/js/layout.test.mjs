// The objects the package hands over keep V8's fast properties: each is made by one object
// literal (an event, a send's result) and given its `raw` as a new last property, never reshaped
// after it is built. An object that is turned into a dictionary (by deleting a property, or by
// redefining a data property as an accessor) is slower to make and slower for the handler that
// reads it; this fails if a change to the hand-over does that. `%HasFastProperties` is V8's own
// test, enabled for this process only.
// Run: node --test tests/js/layout.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import * as pkg from '../../pkg/node.js';

setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('value', 'return %HasFastProperties(value)');

const FIXTURES = new URL('../fixtures/', import.meta.url);
const WEBHOOK_DIRS = ['chatt2me/', 'chatt2me/superseded/', 'chatt2me-site/webhooks/', 'realworld/'];

/** Every fixture body that parses into at least one event. */
function webhookBodies() {
  const bodies = [];
  for (const dir of WEBHOOK_DIRS) {
    for (const name of readdirSync(new URL(dir, FIXTURES)).filter((n) => n.endsWith('.json')).sort()) {
      const text = readFileSync(new URL(dir + name, FIXTURES), 'utf8');
      try {
        if (pkg.parseWebhookEvents(text).length > 0) bodies.push({ name: dir + name, text });
      } catch {
        // Not a webhook body (a realworld file of another kind): the parse tests cover it.
      }
    }
  }
  return bodies;
}

/** `value` and every object it holds have fast properties; `raw` is read first, as a handler would. */
function assertFast(value, where) {
  if (value === null || typeof value !== 'object' || value instanceof Date) return;
  assert.ok(hasFastProperties(value), `${where}: a dictionary-mode object`);
  for (const [key, member] of Object.entries(value)) {
    if (key !== 'raw') assertFast(member, `${where}.${key}`);
  }
}

describe('objects handed to JS keep fast properties', () => {
  test('the self-test tells a dictionary from a fast object', () => {
    const slow = { a: 1, b: 2 };
    delete slow.a;
    assert.equal(hasFastProperties(slow), false);
    assert.equal(hasFastProperties({ a: 1, b: 2 }), true);
  });

  test('webhook events, every fixture, by every way in; their raw read too', () => {
    const bodies = webhookBodies();
    assert.ok(bodies.length >= 30, `only ${bodies.length} bodies`);
    let events = 0;
    for (const { name, text } of bodies) {
      for (const [i, event] of pkg.parseWebhookEvents(text).entries()) {
        assertFast(event, `${name} [${i}]`);
        assert.ok(event.raw !== undefined);
        assertFast(event, `${name} [${i}] after raw`);
        assertFast(pkg.reviveWebhookEvent(JSON.stringify(event)), `${name} [${i}] revived`);
        events += 1;
      }
      if (pkg.parseWebhookEvents(text).length === 1) {
        assertFast(pkg.parseWebhook(text), `${name} (parseWebhook)`);
        assertFast(pkg.parseWebhook(new TextEncoder().encode(text)), `${name} (parseWebhook bytes)`);
      }
    }
    assert.ok(events >= bodies.length);
  });

  test("a send's result, and its raw once read", async () => {
    const answer = '{"messageId":"m1","status":"sent","recipientId":"847495124317323","type":"Text"}';
    const fetch = async () => new Response(answer, { status: 200, headers: { 'content-type': 'application/json' } });
    const hub = new pkg.Chatt2me({ apiKey: 'sk_layout', baseUrl: 'http://127.0.0.1:1', fetch });
    const message = { from: '6cbd6789-1d2b-47e0-9391-5eb91d2839ea', to: '847495124317323', content: { text: 'hi' } };
    const result = await hub.sendInstagramMessage(message);
    assert.deepEqual(Object.keys(result), ['messageId', 'status', 'recipientId', 'type', 'errorCode', 'errorMessage', 'raw']);
    assertFast(result, 'sendInstagramMessage');
    assert.deepEqual(result.raw, JSON.parse(answer));
    assertFast(result, 'sendInstagramMessage after raw');
    const event = pkg.parseWebhook(JSON.stringify({ eventType: 'Message', channelId: message.from, messageId: 'm', from: '847495124317323', channel: 'instagram', content: { type: 'text', text: 'hi' } }));
    assertFast(await hub.reply(event, { text: 'x' }), 'reply');
  });
});
