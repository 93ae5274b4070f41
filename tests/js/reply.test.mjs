// hub.reply(event, content, options?) through the built package, against the stand-in: the reply
// goes to the event's own channel, from the channel that received it (channelId) to its sender
// (from), through that channel's rules; what the event does not settle is a ValidationError under
// `event.`, and no request is made. Run: node --test tests/js/reply.test.mjs

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStandin } from '../../standin/server.mjs';
import * as pkg from '../../pkg/node.js';

const { Chatt2me, ValidationError, parseWebhook } = pkg;

const KEY = 'sk_test_reply_SECRET';
const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const MS = '0b1c2d3e-4f50-4617-8899-aabbccddeeff';
const IGSID = '847495124317323';
const PSID = '26203292189261166';

let standin;
before(async () => {
  standin = await startStandin({ quiet: true, apiKey: KEY });
});
after(() => standin?.close());
beforeEach(() => standin.state.reset());

const hub = () => new Chatt2me({ apiKey: KEY, baseUrl: standin.url, maxRetries: 0, timeoutMs: 10_000 });
const paths = (e) => e.issues.map((i) => `${i.path} ${i.code}`);

/** An inbound message event in the docs' flat shape (webhooks, "Event types"). */
function inbound(channel, channelId, from, content = { type: 'text', text: 'hi' }) {
  return parseWebhook(JSON.stringify({
    eventType: 'Message', channelId, messageId: 'abc123de-f456-789a-bcde-f01234567890', from, timestamp: 1700000000, channel, content,
  }));
}

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('the reply was sent');
}

describe('hub.reply', () => {
  for (const [channel, channelId, sender] of [['instagram', IG, IGSID], ['messenger', MS, PSID]]) {
    test(`answers a ${channel} message on ${channel}, from its channelId to its sender`, async () => {
      const event = inbound(channel, channelId, sender);
      const result = await hub().reply(event, { text: 'Thanks, we are on it' });
      assert.equal(typeof result.messageId, 'string');
      const [sent] = standin.state.messages;
      assert.equal(standin.state.messages.length, 1);
      assert.equal(sent.kind, channel);
      assert.equal(sent.channelId, channelId);
      assert.equal(sent.to, sender);
      assert.deepEqual(sent.content, { text: 'Thanks, we are on it' });
      assert.equal(standin.state.calls[0].path, `/v1/communication/${channel}/message`);
    });
  }

  test("the content is checked by the event channel's rules, before any request", async () => {
    const event = inbound('instagram', IG, IGSID);
    const e = await rejection(hub().reply(event, { text: 'x'.repeat(1001) }));
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(paths(e), ['content.text too_long']);
    const t = await rejection(hub().reply(event, { template: { id: IG } }));
    assert.deepEqual(paths(t)[0], 'content.template not_supported');
    assert.equal(standin.state.calls.length, 0);
  });

  test('a Meta-native Messenger event is answered from its Page (the documented alternate from)', async () => {
    const event = parseWebhook(JSON.stringify({
      object: 'page',
      entry: [{ id: '847421668462669', time: 1700000000000, messaging: [{ sender: { id: PSID }, recipient: { id: '847421668462669' }, timestamp: 1700000000000, message: { mid: 'm_1', text: 'hi' } }] }],
    }));
    assert.equal(event.channel, 'messenger');
    await hub().reply(event, { text: 'hello' });
    assert.equal(standin.state.messages[0].channelId, MS);
    assert.equal(standin.state.messages[0].to, PSID);
  });

  test('an event without channelId needs options.from, and says so', async () => {
    const event = parseWebhook(JSON.stringify({
      object: 'instagram',
      entry: [{ id: '17841400000000000', time: 1700000000000, messaging: [{ sender: { id: IGSID }, recipient: { id: '17841400000000000' }, timestamp: 1700000000000, message: { mid: 'm_2', text: 'hi' } }] }],
    }));
    const e = await rejection(hub().reply(event, { text: 'hello' }));
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(paths(e), ['event.channelId required']);
    assert.match(e.message, /options\.from/);
    await hub().reply(event, { text: 'hello' }, { from: IG });
    assert.equal(standin.state.messages[0].channelId, IG);
    assert.equal(standin.state.messages[0].to, IGSID);
  });

  test('echoes and statuses are not answered; nor are channels the package does not send on', async () => {
    const status = parseWebhook(JSON.stringify({ eventType: 'MessageStatus', messageId: 'x', status: 'read', timestamp: 1700000000, channel: 'instagram' }));
    assert.deepEqual(paths(await rejection(hub().reply(status, { text: 'a' }))).slice(0, 1), ['event.type invalid_value']);
    const pigeon = inbound('carrier-pigeon', IG, '1');
    const e = await rejection(hub().reply(pigeon, { text: 'a' }));
    assert.deepEqual(paths(e), ['event.channel not_supported']);
    assert.match(e.message, /carrier-pigeon/);
    const bad = await rejection(hub().reply(null, { text: 'a' }));
    assert.deepEqual(paths(bad), ['event invalid_type']);
    const opt = await rejection(hub().reply(inbound('instagram', IG, IGSID), { text: 'a' }, { to: 5 }));
    assert.deepEqual(paths(opt), ['options.to invalid_type']);
    assert.equal(standin.state.calls.length, 0);
  });

  test('a plain copy of an event (stored as JSON) is answered too, with send options', async () => {
    const event = JSON.parse(JSON.stringify(inbound('messenger', MS, PSID)));
    const result = await hub().reply(event, { text: 'later' }, { timeoutMs: 5000, signal: new AbortController().signal });
    assert.equal(result.status, 'sent');
    assert.equal(standin.state.messages[0].to, PSID);
  });

  test('the API key is in no reply error', async () => {
    const e = await rejection(hub().reply(inbound('instagram', IG, IGSID), { text: KEY, bogus: 1 }));
    assert.ok(!JSON.stringify(e).includes(KEY) && !String(e.message).includes(KEY));
  });
});
