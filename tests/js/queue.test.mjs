// Events through a queue (issue #23): an event survives a structured clone (Cloudflare Queues'
// default "v8" content type is V8's serializer, node:v8 here) with its Date and raw, and
// reviveWebhookEvent gives a typed event back from the clone, from its JSON object or its JSON
// text, and refuses what is not an event. The Worker example's test
// (tests/runtimes/queue.mjs) runs the same through workerd's real Queue.
// Run: node --test tests/js/queue.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import * as pkg from '../../pkg/node.js';

const { parseWebhookEvents, reviveWebhookEvent, createWebhookHandler, signWebhook, WebhookError } = pkg;

const FIXTURES = new URL('../fixtures/', import.meta.url);
const bodies = ['chatt2me/', 'chatt2me-site/webhooks/'].flatMap((dir) =>
  readdirSync(new URL(dir, FIXTURES))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: dir + f, text: readFileSync(new URL(dir + f, FIXTURES), 'utf8') })),
);
// A Meta batch of two events, and an id beyond 2^53 that raw keeps exact.
bodies.push({
  name: 'a Meta batch with a big id',
  text: '{"object":"instagram","entry":[{"id":"2222","time":1700000000123,"messaging":[' +
    '{"sender":{"id":"1111"},"recipient":{"id":"2222"},"timestamp":1700000000001,"message":{"mid":"a","text":"one"},"n":12345678901234567890},' +
    '{"sender":{"id":"1111"},"recipient":{"id":"2222"},"timestamp":1700000000002,"reaction":{"mid":"a","action":"react","reaction":"love"}}]}]}',
});
bodies.push({ name: 'a status', text: '{"eventType":"MessageStatus","messageId":"m1","status":"delivered","timestamp":1700000000,"channel":"instagram"}' });

const events = bodies.flatMap(({ name, text }) => parseWebhookEvents(text).map((event, i) => ({ name: `${name} [${i}]`, event })));

/** The event as plain data, for comparing: every key, raw read. */
const plain = (event) => ({ ...event });

describe('an event through a queue', () => {
  test('there are events of every kind to carry', () => {
    const types = new Set(events.map(({ event }) => event.type));
    for (const type of ['message', 'echo', 'status', 'reaction']) assert.ok(types.has(type), `no ${type} event`);
    assert.ok(events.some(({ event }) => event.timestamp instanceof Date));
  });

  test('structuredClone and V8 serialization (the Queues "v8" content type) keep every key, the Date and raw', () => {
    for (const { name, event } of events) {
      for (const [how, copy] of [
        ['structuredClone', structuredClone(event)],
        ['v8', deserialize(serialize(event))],
      ]) {
        assert.deepEqual(Object.keys(copy), Object.keys(event), `${name} (${how}): keys`);
        assert.deepEqual(copy, plain(event), `${name} (${how}): values`);
        if (event.timestamp !== null) assert.ok(copy.timestamp instanceof Date, `${name} (${how}): timestamp is no Date`);
        const revived = reviveWebhookEvent(copy);
        assert.deepEqual(Object.keys(revived), Object.keys(event), `${name} (${how}, revived): keys`);
        assert.deepEqual(revived, plain(event), `${name} (${how}, revived): values`);
        assert.notEqual(revived, copy, 'a new object');
      }
    }
  });

  test('JSON (the "json" content type) and reviveWebhookEvent: the same event, timestamp a Date again', () => {
    for (const { name, event } of events) {
      const json = JSON.stringify(event);
      for (const [how, queued] of [
        ['object', JSON.parse(json)],
        ['text', json],
      ]) {
        const revived = reviveWebhookEvent(queued);
        assert.deepEqual(Object.keys(revived), Object.keys(event), `${name} (${how}): keys`);
        assert.deepEqual(revived, plain(event), `${name} (${how}): values`);
        assert.equal(revived.timestamp === null, event.timestamp === null);
      }
    }
  });

  test('raw keeps integers beyond 2^53 exact through a clone and through JSON', () => {
    const { event } = events.find(({ name }) => name === 'a Meta batch with a big id [0]');
    const n = (raw) => raw.entry[0].messaging[0].n;
    assert.equal(n(event.raw), '12345678901234567890');
    assert.equal(n(deserialize(serialize(event)).raw), '12345678901234567890');
    assert.equal(n(reviveWebhookEvent(JSON.stringify(event)).raw), '12345678901234567890');
  });

  test('timestamps as a Date, ISO text or unix milliseconds; null stays null', () => {
    const [{ event }] = events;
    const at = new Date('2026-02-09T12:10:00.123Z');
    for (const timestamp of [at, at.toISOString(), at.getTime()]) {
      const revived = reviveWebhookEvent({ ...event, timestamp });
      assert.ok(revived.timestamp instanceof Date);
      assert.equal(revived.timestamp.getTime(), at.getTime());
    }
    assert.equal(reviveWebhookEvent({ ...event, timestamp: null }).timestamp, null);
    // The caller's Date is not shared.
    assert.notEqual(reviveWebhookEvent({ ...event, timestamp: at }).timestamp, at);
  });

  test('what is not an event is a WebhookError invalid_input', () => {
    const [{ event }] = events;
    const { raw, ...withoutRaw } = event;
    const { timestamp, ...withoutTimestamp } = event;
    for (const [what, value] of [
      ['undefined', undefined],
      ['null', null],
      ['a number', 42],
      ['text that is not JSON', '{"type":'],
      ['an array', [event]],
      ['no type', { ...event, type: undefined }],
      ['an unknown type', { ...event, type: 'Message' }],
      ['no raw', withoutRaw],
      ['no timestamp', withoutTimestamp],
      ['a timestamp that is no time', { ...event, timestamp: 'yesterday' }],
      ['a timestamp object', { ...event, timestamp: { seconds: 1 } }],
      ['an invalid Date', { ...event, timestamp: new Date(Number.NaN) }],
    ]) {
      assert.throws(
        () => reviveWebhookEvent(value),
        (e) => e instanceof WebhookError && e.code === 'invalid_input' && /not a queued webhook event/.test(e.message),
        what,
      );
    }
    void raw;
    void timestamp;
  });

  test('a "__proto__" key stays a key and pollutes nothing', () => {
    const [{ event }] = events;
    const revived = reviveWebhookEvent(`{"type":"message","timestamp":null,"raw":null,"__proto__":{"polluted":true}}`);
    assert.equal(Object.getPrototypeOf(revived), Object.prototype);
    assert.equal(revived.polluted, undefined);
    assert.equal({}.polluted, undefined);
    assert.deepEqual(Object.keys(revived), ['type', 'timestamp', 'raw', '__proto__']);
    void event;
  });

  test('the handler hands events that a queue carries whole', async () => {
    const queue = [];
    const secret = 'whsec_queue';
    const handler = createWebhookHandler({ secret, onEvent: (event) => void queue.push(serialize(event)) });
    for (const { text } of bodies) {
      const response = await handler(
        new Request('https://receiver.example/hook', { method: 'POST', headers: { 'x-hub-signature': signWebhook(text, secret) }, body: text }),
      );
      assert.equal(response.status, 200);
    }
    assert.equal(queue.length, events.length);
    queue.forEach((bytes, i) => assert.deepEqual(reviveWebhookEvent(deserialize(bytes)), plain(events[i].event)));
  });
});
