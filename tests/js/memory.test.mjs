// Bounded wasm memory for hostile bodies just under the default maxBytes (1 MiB), through the
// built package, on ONE module instance: bodies whose bulk is an unknown field (`x`) of empty
// objects, empty arrays, short keys, numbers, escapes — skipped by the parser — and bodies whose
// bulk sits in fields the parser reads (a ~1 MiB escaped `content.text`, a Meta batch of
// thousands of items). Each is parsed as a string and as bytes, and its `raw` read once. Wasm
// memory (which never shrinks) may grow by at most 8 MiB over its size after a warm-up parse,
// and repeating every body 5 more times must grow it no further (64 KiB of allocator slack).
// Run: node --test tests/js/memory.test.mjs

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as pkg from '../../pkg/node.js';
// The same module instance node.js initialised (same URL): initSync() returns its exports.
import { initSync } from '../../pkg/chatt2me_wasm.js';
import { MAX_BYTES, fill, ENVELOPE, TEXT_PREFIX } from './lib/hostile-bodies.mjs';

const wasm = initSync();
const BOUND = 8 * 1024 * 1024;
const SLACK = 64 * 1024;
const REPEATS = 5;
const enc = new TextEncoder();
const memory = () => wasm.memory.buffer.byteLength;
const MiB = (n) => `${(n / (1024 * 1024)).toFixed(2)} MiB`;

// ---------------------------------------------------------------------------------------------
// The bodies: each as close under 1 MiB as its unit allows (ASCII only, so characters = bytes)

const META_ITEM = '{"sender":{"id":"1"},"recipient":{"id":"2"},"timestamp":1,"message":{"mid":"m","text":"x"}}';

/** One filler in the unknown field `x`: the event is the small text message around it. */
function inX(open, part, sep, close, checkRaw) {
  const { text, count } = fill(ENVELOPE + open, part, sep, `${close}}`);
  return {
    text,
    parse: 'parseWebhook',
    check(event) {
      assert.equal(event.type, 'message');
      assert.deepEqual(event.content, { type: 'text', text: 'hi', quickReplies: null, quickReplyPayload: null });
      checkRaw(event.raw.x, count);
    },
  };
}

/** A ~1 MiB `content.text` made of one escape, which the event carries unescaped. */
function inText(escape, char) {
  const { text, count } = fill(TEXT_PREFIX, () => escape, '', '"}}');
  return {
    text,
    parse: 'parseWebhook',
    check(event) {
      assert.equal(event.type, 'message');
      assert.equal(event.content.type, 'text');
      assert.equal(event.content.text.length, count * char.length);
      assert.equal(event.content.text, char.repeat(count));
      assert.equal(event.raw.content.text.length, count * char.length);
    },
  };
}

const SHAPES = {
  'x: [{},{},...]': inX('[', () => '{}', ',', ']', (x, n) => {
    assert.equal(x.length, n);
    assert.deepEqual(x[n - 1], {});
  }),
  'x: [[],[],...]': inX('[', () => '[]', ',', ']', (x, n) => {
    assert.equal(x.length, n);
    assert.deepEqual(x[n - 1], []);
  }),
  'x: {"a0":0,"a1":0,...}': inX('{', (i) => `"a${i}":0`, ',', '}', (x, n) => {
    assert.equal(Object.keys(x).length, n);
    assert.equal(x[`a${n - 1}`], 0);
  }),
  'x: [1,2,3,...]': inX('[', (i) => String(i + 1), ',', ']', (x, n) => {
    assert.equal(x.length, n);
    assert.equal(x[n - 1], n);
  }),
  'x: [9007199254740993,...] (integers beyond 2^53: raw rewrites each)': inX('[', () => '9007199254740993', ',', ']', (x, n) => {
    assert.equal(x.length, n);
    assert.equal(x[n - 1], '9007199254740993');
  }),
  'x: "\\n\\n\\n..."': inX('"', () => '\\n', '', '"', (x, n) => assert.equal(x, '\n'.repeat(n))),
  'x: "\\u00e9\\u00e9..."': inX('"', () => '\\u00e9', '', '"', (x, n) => assert.equal(x, 'é'.repeat(n))),
  'content.text: "\\n\\n\\n..."': inText('\\n', '\n'),
  'content.text: "\\u00e9\\u00e9..."': inText('\\u00e9', 'é'),
  'content.text: "\\ud83d\\ude00..." (surrogate pairs)': inText('\\ud83d\\ude00', '😀'),
  'Meta batch: entry[0].messaging of thousands of items': (() => {
    const { text, count } = fill('{"object":"instagram","entry":[{"messaging":[', () => META_ITEM, ',', ']}]}');
    return {
      text,
      parse: 'parseWebhookEvents',
      check(events) {
        assert.equal(events.length, count);
        assert.ok(events.every((e) => e.type === 'message' && e.content.text === 'x' && e.from === '1'));
        assert.equal(events[count - 1].raw.entry[0].messaging.length, count);
      },
    };
  })(),
};

/** Parses `body` as the shape says and reads `raw` once (of the event, or of the batch's first). */
function parseAndRead(shape, body) {
  const result = pkg[shape.parse](body);
  const event = Array.isArray(result) ? result[0] : result;
  assert.notEqual(event.raw, undefined);
  return result;
}

// ---------------------------------------------------------------------------------------------

describe('wasm memory for ~1 MiB hostile bodies', () => {
  let warm;
  const figures = [];

  before(() => {
    const fixture = readFileSync(new URL('../fixtures/chatt2me/instagram-text.json', import.meta.url), 'utf8');
    const event = pkg.parseWebhook(fixture);
    assert.equal(event.content.text, 'Hello from chatt2me!');
    assert.deepEqual(event.raw, JSON.parse(fixture));
    warm = memory();
  });

  for (const [name, shape] of Object.entries(SHAPES)) {
    test(name, (t) => {
      const bytes = enc.encode(shape.text);
      assert.equal(bytes.length, shape.text.length, 'an ASCII body');
      assert.ok(bytes.length <= MAX_BYTES && bytes.length > MAX_BYTES - 1024, `${bytes.length} bytes: not just under maxBytes`);
      const before = memory();
      for (const [form, body] of [['string', shape.text], ['Uint8Array', bytes]]) {
        const started = performance.now();
        shape.check(parseAndRead(shape, body));
        const after = memory();
        figures.push({ name, form, after });
        t.diagnostic(
          `${form} of ${bytes.length} bytes: ${(performance.now() - started).toFixed(0)} ms; wasm memory ${warm} → ${after} bytes (+${MiB(after - warm)} since warm-up)`,
        );
      }
      const after = memory();
      t.diagnostic(`this shape grew wasm memory by ${after - before} bytes (${MiB(after - before)})`);
      assert.ok(after - warm <= BOUND, `wasm memory grew by ${after - warm} bytes (${MiB(after - warm)}) since the warm-up (${warm} bytes), over the bound of ${MiB(BOUND)}; this shape added ${after - before} bytes`);
    });
  }

  test(`every body ${REPEATS} more times, both forms: no further growth`, (t) => {
    assert.equal(figures.length, 2 * Object.keys(SHAPES).length, 'a shape did not run');
    const first = memory();
    for (let round = 1; round <= REPEATS; round += 1) {
      for (const shape of Object.values(SHAPES)) {
        parseAndRead(shape, shape.text);
        parseAndRead(shape, enc.encode(shape.text));
      }
      t.diagnostic(`round ${round}: wasm memory ${memory()} bytes`);
    }
    const end = memory();
    t.diagnostic(`warm-up ${warm} bytes; after the first pass ${first} (+${MiB(first - warm)}); after ${REPEATS} more ${end} (+${end - first} bytes)`);
    assert.ok(end - warm <= BOUND, `wasm memory grew by ${MiB(end - warm)} since the warm-up`);
    assert.ok(end <= first + SLACK, `wasm memory grew from ${first} to ${end} bytes on repeating the same bodies`);
  });
});
