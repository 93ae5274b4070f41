// A hostile corpus through the public JS API (issue #7), on ONE module instance for the whole
// file: a wasm trap would kill the instance and every later call, so each answer must be a typed
// error (isChatt2meError) or a well-formed result — never a TypeError/RangeError from the glue,
// never a WebAssembly.RuntimeError — and at the end the same instance still works. Then memory:
// many build/parse/verify calls, failures included, with wasm memory and the externref table
// bounded.
// Run: node --test tests/js/hostile.test.mjs   (HOSTILE_FULL=1: 1 000 000 calls instead of 100 000)

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as pkg from '../../pkg/node.js';
// The same module instance node.js initialised (same URL): initSync() returns its exports.
import { initSync } from '../../pkg/chatt2me_wasm.js';

const wasm = initSync();
const FULL = process.env.HOSTILE_FULL === '1';
const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const MS = '0b1c2d3e-4f50-4617-8899-aabbccddeeff';
const SECRET = 'whsec_hostile_corpus_secret';
const NOW = 1_700_000_000;

const FIXTURES = new URL('../fixtures/', import.meta.url);
const fixtures = ['chatt2me/', 'chatt2me/superseded/', 'chatt2me-site/webhooks/'].flatMap((dir) =>
  readdirSync(new URL(dir, FIXTURES))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: dir + f, text: readFileSync(new URL(dir + f, FIXTURES), 'utf8') })),
);
const enc = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// The contract every answer is checked against

const protoNames = () => ({
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  objectSymbols: Object.getOwnPropertySymbols(Object.prototype).length,
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  function: Object.getOwnPropertyNames(Function.prototype).sort(),
});
const protoBefore = protoNames();
let calls = 0;

/** Every object in a result, `raw` included, is a plain object, array or Date, with no polluted props. */
function assertWellFormed(value, where = 'result', seen = new Set()) {
  if (value === null || typeof value !== 'object') {
    assert.ok(['string', 'number', 'boolean'].includes(typeof value) || value === null, `${where}: a ${typeof value}`);
    return;
  }
  if (seen.has(value)) return;
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  assert.ok(proto === Object.prototype || proto === Array.prototype || proto === Date.prototype, `${where}: prototype is not Object/Array/Date.prototype`);
  assert.equal(value.polluted, Object.hasOwn(value, 'polluted') ? value.polluted : undefined, `${where}: inherits "polluted"`);
  for (const key of Object.getOwnPropertyNames(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d.get) assert.equal(key, 'raw', `${where}.${key}: an unexpected accessor`);
    assertWellFormed(value[key], `${where}.${key}`, seen);
  }
}

/**
 * Runs `fn`: returns {value} or {error}. A throw must be a typed error of this package with a
 * bounded message; anything else (TypeError, RangeError, RuntimeError) fails the test.
 */
function answer(what, fn, { own = false } = {}) {
  calls += 1;
  let value;
  try {
    value = fn();
  } catch (error) {
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `${what}: the wasm instance trapped: ${error?.message}`);
    // An argument whose own code throws (a getter, toJSON, a Proxy trap, a revoked Proxy): its
    // exception may propagate as it is — that is the caller's error, not the library's.
    if (own && !pkg.isChatt2meError(error) && OWN_ERRORS.test(String(error?.message))) return { error };
    assert.ok(pkg.isChatt2meError(error), `${what}: threw ${error?.name}: ${String(error?.message).slice(0, 300)}`);
    assert.equal(typeof error.code, 'string', what);
    assert.ok(error.message.length > 0 && error.message.length < 4096, `${what}: a message of ${error.message.length} characters`);
    return { error };
  }
  // A handler (a function) and a client are not data; everything else is checked all the way down.
  if (typeof value !== 'function' && !(value instanceof pkg.Chatt2me)) assertWellFormed(value, what);
  return { value };
}

/** The same for async functions. */
async function answerAsync(what, fn, { own = false } = {}) {
  calls += 1;
  let value;
  try {
    value = await fn();
  } catch (error) {
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `${what}: the wasm instance trapped: ${error?.message}`);
    if (own && !pkg.isChatt2meError(error) && OWN_ERRORS.test(String(error?.message))) return { error };
    assert.ok(pkg.isChatt2meError(error), `${what}: rejected with ${error?.name}: ${String(error?.message).slice(0, 300)}`);
    return { error };
  }
  return { value };
}

const parsers = {
  parseWebhook: (body, o) => pkg.parseWebhook(body, o),
  parseWebhookEvents: (body, o) => pkg.parseWebhookEvents(body, o),
  verifyWebhook: (body, o) => pkg.verifyWebhook(body, sign(body), SECRET, { now: NOW, ...o }),
  verifyWebhookEvents: (body, o) => pkg.verifyWebhookEvents(body, sign(body), SECRET, { now: NOW, ...o }),
};
function sign(body) {
  try {
    return pkg.signWebhook(body, SECRET, { timestamp: NOW });
  } catch {
    return `t=${NOW},v1=${'0'.repeat(64)}`;
  }
}
const forms = (text) => [
  ['string', text],
  ['Uint8Array', enc.encode(text)],
  ['ArrayBuffer', enc.encode(text).buffer],
];

/** Parses `body` with every parser; returns the answers. */
function parseAll(what, body, options) {
  return Object.entries(parsers).map(([name, fn]) => [name, answer(`${name}(${what})`, () => fn(body, options))]);
}

// ---------------------------------------------------------------------------------------------

describe('hostile webhook bodies', () => {
  test('truncated JSON: every prefix of every fixture, as string and as bytes (cut inside characters too)', () => {
    for (const { name, text } of fixtures) {
      const bytes = enc.encode(text);
      for (let n = 0; n < bytes.length; n += 1) {
        const part = bytes.subarray(0, n);
        let json = true;
        try {
          JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(part));
        } catch {
          json = false;
        }
        const { error } = answer(`parseWebhookEvents(${name}[..${n}])`, () => pkg.parseWebhookEvents(part));
        if (!json) assert.equal(error?.code, 'invalid_json', `${name}[..${n}]`);
        if (n % 7 === 0) {
          const str = text.slice(0, n);
          const r = answer(`parseWebhook(${name}.slice(0, ${n}))`, () => pkg.parseWebhook(str));
          let strJson = true;
          try {
            JSON.parse(str);
          } catch {
            strJson = false;
          }
          if (!strJson) assert.equal(r.error?.code, 'invalid_json');
        }
      }
    }
  });

  test('100 000-deep nesting: arrays, objects, inside an envelope; text, bytes, parsed object', () => {
    const depth = 100_000;
    const texts = [
      '['.repeat(depth) + ']'.repeat(depth),
      '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
      `{"eventType":"Message","content":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      '['.repeat(depth), // unterminated as well
    ];
    for (const text of texts) {
      for (const [form, body] of forms(text)) {
        for (const [name, r] of parseAll(`deep ${form}`, body, { maxBytes: 10 * text.length })) {
          assert.equal(r.error?.code, 'invalid_json', `${name} ${form}`);
          assert.match(r.error.message, /nesting|deep|end of input/, r.error.message);
        }
      }
    }
    let deep = {};
    const root = { eventType: 'Message', content: deep };
    for (let i = 0; i < depth; i += 1) deep = deep.a = {};
    for (const name of ['parseWebhook', 'parseWebhookEvents']) {
      const r = answer(`${name}(deep object)`, () => pkg[name](root));
      assert.equal(r.error?.code, 'invalid_input');
    }
    for (const name of ['verifyWebhook', 'verifyWebhookEvents']) {
      const r = answer(`${name}(deep object)`, () => pkg[name](root, 't=1,v1=' + '0'.repeat(64), SECRET));
      assert.equal(r.error?.code, 'body_not_raw');
    }
    const r = answer('signWebhook(deep object)', () => pkg.signWebhook(root, SECRET));
    assert.equal(r.error?.code, 'invalid_input', 'signWebhook of an object that cannot be serialized');
  });

  test('10 MB strings: refused by the default maxBytes before parsing, parsed exactly when allowed', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const text = JSON.stringify({ eventType: 'Message', channelId: IG, from: '847495124317323', content: { type: 'text', text: big } });
    for (const [form, body] of forms(text)) {
      for (const [name, r] of parseAll(`10 MB ${form}`, body)) assert.equal(r.error?.code, 'body_too_large', `${name} ${form}`);
      for (const [name, r] of parseAll(`10 MB ${form}`, body, { maxBytes: 11 * 1024 * 1024 })) {
        const event = Array.isArray(r.value) ? r.value[0] : r.value;
        assert.equal(event?.content?.text?.length, big.length, name);
        assert.equal(event.raw.content.text.length, big.length, name);
      }
    }
    // A 10 MB key and a 10 MB non-JSON body.
    assert.equal(answer('10 MB garbage', () => pkg.parseWebhook(big, { maxBytes: 1e8 })).error?.code, 'invalid_json');
    const header = `t=${NOW},v1=${'0'.repeat(64)},v1=${'a'.repeat(10 * 1024 * 1024)}`;
    const sig = answer('10 MB header', () => pkg.verifyWebhook('{}', header, SECRET, { now: NOW }));
    assert.equal(sig.error?.code, 'signature_mismatch');
  });

  test('a 10 MB key: unrecognized, with a short message', () => {
    const key = JSON.stringify({ ['k'.repeat(10 * 1024 * 1024)]: 1 });
    const error = (() => {
      try {
        pkg.parseWebhook(key, { maxBytes: 1e8 });
      } catch (e) {
        return e;
      }
    })();
    assert.equal(error?.code, 'unrecognized');
    assert.ok(error.message.length < 4096, `a message of ${error.message.length} characters`);
  });

  test('million-element arrays: as the body, in a batch, in a message', () => {
    const million = 1_000_000;
    const list = '[' + '0,'.repeat(million - 1) + '0]';
    assert.equal(answer('1M array', () => pkg.parseWebhookEvents(list, { maxBytes: 1e8 })).error?.code, 'unrecognized');
    const attachments = `{"eventType":"Message","payload":{"recipient":{"id":"1"},"message":{"attachments":[${'{},'.repeat(million - 1)}{}]}}}`;
    const many = answer('1M attachments', () => pkg.parseWebhook(attachments, { maxBytes: 1e8 }));
    assert.equal(many.value?.attachments.length, million);
    const entries = JSON.stringify({ object: 'instagram', entry: Array.from({ length: 100_000 }, () => ({ messaging: [{}] })) });
    const batch = answer('100k-entry batch', () => pkg.parseWebhookEvents(entries, { maxBytes: 1e8 }));
    assert.equal(batch.value?.length, 100_000);
    assert.equal(answer('100k-entry batch, single', () => pkg.parseWebhook(entries, { maxBytes: 1e8 })).error?.code, 'multiple_events');
  });

  test('invalid UTF-8 bytes anywhere: invalid_json, never a crash', () => {
    const bad = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xf4, 0x90, 0x80, 0x80]];
    for (const { name, text } of fixtures.slice(0, 6)) {
      const bytes = enc.encode(text);
      for (const seq of bad) {
        for (const at of [0, 1, bytes.indexOf(0x22) + 1, Math.floor(bytes.length / 2), bytes.length - 2, bytes.length]) {
          const body = new Uint8Array([...bytes.subarray(0, at), ...seq, ...bytes.subarray(at)]);
          for (const [parser, r] of parseAll(`${name} + ${seq} at ${at}`, body)) {
            if (parser.startsWith('verify')) continue; // signature first: a mismatch or the same parse error
            assert.equal(r.error?.code, 'invalid_json', `${parser} ${name} ${seq} at ${at}`);
          }
        }
      }
    }
  });

  test('lone surrogates in JS strings: raw keeps them as JSON.parse does; no crash', () => {
    for (const s of ['\ud800', '\udc00', 'a\ud83d', '\ude00b', '\ud83d\ud83d']) {
      const text = `{"eventType":"Message","channelId":"c","from":"f${s}","content":{"type":"text","text":"${s}"}}`;
      for (const [name, r] of parseAll(`lone ${escape(s)}`, text)) {
        const event = Array.isArray(r.value) ? r.value[0] : r.value;
        assert.ok(event, `${name}: ${r.error?.message}`);
        assert.deepEqual(event.raw, JSON.parse(text), `${name}: raw`);
        assert.equal(typeof event.content.text, 'string');
      }
      const escaped = JSON.stringify({ eventType: 'Message', from: s, content: { type: 'text', text: s } });
      assert.deepEqual(answer('escaped lone', () => pkg.parseWebhook(escaped)).value.raw, JSON.parse(escaped));
      assert.equal(typeof answer('sign lone', () => pkg.signWebhook(text, SECRET)).value, 'string');
      assert.ok(Array.isArray(answer('validate lone', () => pkg.validateInstagramMessage({ from: IG, to: s, content: { text: s } })).value));
      assert.equal(typeof answer('secret lone', () => pkg.signWebhook('{}', s)).value, 'string');
    }
  });

  test('duplicate keys resolve like JSON.parse: the last one wins, in events and in raw', () => {
    const text = '{"eventType":"MessageStatus","eventType":"Message","from":"first","from":"second","channelId":"a","content":{"type":"image","type":"text","text":"1","text":"2"}}';
    for (const [name, r] of parseAll('duplicates', text)) {
      const event = Array.isArray(r.value) ? r.value[0] : r.value;
      assert.equal(event.type, 'message', name);
      assert.equal(event.from, 'second', name);
      assert.deepEqual(event.content, { type: 'text', text: '2', quickReplies: null, quickReplyPayload: null }, name);
      assert.deepEqual(event.raw, JSON.parse(text));
    }
  });

  test('__proto__ / constructor / prototype keys at every level: results are plain, Object.prototype untouched', () => {
    const poison = '"__proto__":{"polluted":"yes","toString":1},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},';
    for (const { name, text } of fixtures) {
      // Insert the keys first into every object of the fixture text.
      const poisoned = text.replace(/\{(\s*")/g, `{${poison}$1`);
      assert.notEqual(poisoned, text);
      for (const [form, body] of forms(poisoned)) parseAll(`${name} poisoned ${form}`, body);
      const parsed = JSON.parse(poisoned);
      answer(`parseWebhookEvents(${name} poisoned object)`, () => pkg.parseWebhookEvents(parsed));
      // And keys that are only that.
      for (const [form, body] of forms(`{${poison.slice(0, -1)}}`)) parseAll(`only poison ${form}`, body);
    }
    const send = JSON.parse(`{${poison}"from":"${IG}","to":"1","content":{${poison}"text":"hi"}}`);
    const issues = answer('validate poisoned send body', () => pkg.validateInstagramMessage(send)).value;
    assert.ok(issues.some((i) => i.path === '__proto__' && i.code === 'unknown_field'), JSON.stringify(issues));
    assert.equal(answer('build poisoned send body', () => pkg.buildInstagramMessage(send)).error?.code, 'validation_failed');
    assert.equal({}.polluted, undefined);
    assert.deepEqual(protoNames(), protoBefore);
  });

  test('numbers: 1e400, -0, huge integers — ids stay exact strings, raw keeps them exact', () => {
    const text =
      '{"eventType":"Message","channelId":1e400,"from":26203292189261166,"messageId":-0,"to":123456789012345678901234567890,' +
      '"timestamp":1e400,"content":{"type":"location","latitude":-0,"longitude":1e-400,"n":[1E+2,-9007199254740993,9007199254740992]}}';
    for (const [name, r] of parseAll('numbers', text)) {
      const event = Array.isArray(r.value) ? r.value[0] : r.value;
      assert.equal(event.channelId, '1e400', name);
      assert.equal(event.from, '26203292189261166', name);
      assert.equal(event.messageId, '-0', name);
      assert.equal(event.to, '123456789012345678901234567890', name);
      assert.equal(event.timestamp, null, name);
      assert.equal(event.raw.channelId, '1e400');
      assert.equal(event.raw.from, '26203292189261166');
      assert.ok(Object.is(event.raw.messageId, -0));
      assert.equal(event.raw.to, '123456789012345678901234567890');
      assert.deepEqual(event.raw.content.n, [100, '-9007199254740993', 9007199254740992]);
    }
    for (const ts of ['-1', '1e20', '-0', '99999999999999999999', '"9999-99-99T99:99:99Z"', '"1700000000"', '1700000000.5', 'null', '[]']) {
      const r = answer(`timestamp ${ts}`, () => pkg.parseWebhook(`{"eventType":"Message","timestamp":${ts},"content":{"type":"text","text":"x"}}`));
      const t = r.value.timestamp;
      assert.ok(t === null || (t instanceof Date && !Number.isNaN(t.getTime())), `timestamp ${ts}: ${t}`);
    }
  });

  test('wrong JSON types at every field of every webhook shape', () => {
    const wrong = [null, true, 0, -1.5, '', 'x', [], {}, [[]], { a: {} }, 26203292189261166n];
    const paths = (v, prefix = []) =>
      v !== null && typeof v === 'object' ? [prefix, ...Object.entries(v).flatMap(([k, c]) => paths(c, [...prefix, k]))] : [prefix];
    let n = 0;
    for (const { name, text } of fixtures) {
      const doc = JSON.parse(text);
      for (const path of paths(doc).filter((p) => p.length > 0)) {
        for (const w of wrong) {
          const copy = structuredClone(doc);
          let parent = copy;
          for (const k of path.slice(0, -1)) parent = parent[k];
          parent[path.at(-1)] = typeof w === 'bigint' ? 0 : w;
          let body = JSON.stringify(copy);
          if (typeof w === 'bigint') body = body.replace(/:0(?=[,}\]])/, `:${w}`);
          answer(`parseWebhookEvents(${name} ${path.join('.')} = ${JSON.stringify(String(w))})`, () => pkg.parseWebhookEvents(body));
          n += 1;
        }
      }
    }
    assert.ok(n > 1000, `only ${n} variants`);
  });
});

// ---------------------------------------------------------------------------------------------

const VALID_SEND = [
  { text: 'Hello' },
  { text: 'Pick', quick_replies: [{ content_type: 'text', title: 'Yes', payload: 'Y' }] },
  { attachment: { type: 'image', payload: { url: 'https://example.com/a.jpg' } } },
  { attachments: [{ type: 'image', payload: { url: 'https://example.com/1.jpg' } }] },
  { attachment: { type: 'template', payload: { template_type: 'button', text: 't', buttons: [{ type: 'postback', title: 'B', payload: 'P' }] } } },
  { attachment: { type: 'template', payload: { template_type: 'generic', elements: [{ title: 'T', subtitle: 'S' }] } } },
  { sender_action: 'react', payload: { message_id: 'm', reaction: 'love' } },
  { imageUrl: 'https://example.com/a.jpg', text: 'c' },
  { interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } } },
  { interactive: { type: 'list', body: { text: 'b' }, action: { button: 'B', sections: [{ title: 'S', rows: [{ id: 'r', title: 'R' }] }] } } },
  { interactive: { type: 'cta_url', body: { text: 'b' }, action: { name: 'cta_url', parameters: { display_text: 'D', url: 'https://example.com' } } } },
];

describe('hostile send bodies', () => {
  test('wrong JSON types at every field of a send body of every kind, both channels', () => {
    const wrong = [null, true, 0, -1.5, '', 'x', [], {}, [[]], { a: {} }, 'http://example.com', -0, 1e308];
    const paths = (v, prefix = []) =>
      v !== null && typeof v === 'object' ? [prefix, ...Object.entries(v).flatMap(([k, c]) => paths(c, [...prefix, k]))] : [prefix];
    for (const [channel, from, build, validate] of [
      ['instagram', IG, pkg.buildInstagramMessage, pkg.validateInstagramMessage],
      ['messenger', MS, pkg.buildMessengerMessage, pkg.validateMessengerMessage],
    ]) {
      for (const content of VALID_SEND) {
        const body = { from, to: '847495124317323', content };
        for (const path of paths(body).filter((p) => p.length > 0)) {
          for (const w of wrong) {
            const copy = structuredClone(body);
            let parent = copy;
            for (const k of path.slice(0, -1)) parent = parent[k];
            const before = parent[path.at(-1)];
            parent[path.at(-1)] = w;
            const what = `${channel} ${path.join('.')} = ${JSON.stringify(w)}`;
            const issues = answer(`validate ${what}`, () => validate(copy)).value;
            assert.ok(Array.isArray(issues), what);
            const built = answer(`build ${what}`, () => build(copy));
            assert.equal(built.error === undefined, issues.length === 0, what);
            if (built.error) assert.deepEqual(built.error.issues, issues, what);
            else assert.deepEqual(built.value, JSON.parse(JSON.stringify(copy)), what);
            const typeChanged = typeof before !== typeof w || Array.isArray(before) !== Array.isArray(w) || (before === null) !== (w === null);
            if (typeChanged && typeof before !== 'boolean') assert.ok(issues.length > 0, `${what}: a type change went unnoticed`);
          }
        }
      }
    }
  });

  // Issue #14: a body over 64 KiB of JSON is refused whole, at the root, before it is copied
  // into wasm (it used to be read, and the text reported at content.text).
  test('a 10 MB text and a 10 MB unknown key: one issue each, short messages', () => {
    const big = 'é'.repeat(5 * 1024 * 1024);
    const text = answer('10 MB text', () => pkg.validateInstagramMessage({ from: IG, to: '1', content: { text: big } })).value;
    assert.deepEqual(text.map((i) => [i.path, i.code]), [['', 'too_long']]);
    assert.ok(text[0].message.length < 200, text[0].message.slice(0, 300));
    assert.match(text[0].message, /65536 \(64 KiB\)/);
    const key = answer('10 MB key', () => pkg.buildMessengerMessage({ from: MS, to: '1', content: { text: 'x', [big]: 1 } })).error;
    assert.equal(key.issues.length, 1);
    assert.ok(key.message.length < 1000, `a message of ${key.message.length} characters`);
  });

  test('100 000-deep content and cyclic bodies: an invalid_type issue at the root, not a RangeError', () => {
    let deep = {};
    const body = { from: IG, to: '1', content: deep };
    for (let i = 0; i < 100_000; i += 1) deep = deep.a = {};
    const cyclic = { from: IG, to: '1', content: { text: 'x' } };
    cyclic.content.self = cyclic;
    for (const [name, input] of [['deep', body], ['cyclic', cyclic]]) {
      const issues = answer(`validate ${name}`, () => pkg.validateInstagramMessage(input)).value;
      assert.deepEqual(issues.map((i) => [i.path, i.code]), [['', 'invalid_type']], name);
      assert.equal(answer(`build ${name}`, () => pkg.buildMessengerMessage(input)).error?.code, 'validation_failed');
    }
    const depth = '{"a":'.repeat(200) + '1' + '}'.repeat(200);
    const issues = answer('validate 200-deep JSON', () => pkg.validateInstagramMessage({ from: IG, to: '1', content: JSON.parse(depth) })).value;
    assert.ok(issues.length > 0);
  });

  let millionIssues;
  test('a million bad quick replies: a well-formed answer', () => {
    // 2 MB of JSON: over the 64 KiB cap, refused whole (issue #14; it used to be too_many).
    const qr = answer('1M quick replies', () => pkg.validateInstagramMessage({ from: IG, to: '1', content: { text: 'x', quick_replies: new Array(1e6).fill(0) } })).value;
    assert.ok(Array.isArray(qr) && qr.length > 0);
    assert.deepEqual(qr.map((i) => [i.path, i.code]), [['', 'too_long']]);
    millionIssues = qr.length;
  });

  test(
    'a million bad quick replies yields a bounded number of issues',
    () => {
      assert.ok(millionIssues <= 1000, `${millionIssues} issues`);
    },
  );

  test('bad quick replies just under the cap: too_many, and a bounded number of issues', () => {
    const qr = answer('16 000 quick replies', () => pkg.validateInstagramMessage({ from: IG, to: '1', content: { text: 'x', quick_replies: new Array(16_000).fill({}) } })).value;
    assert.deepEqual([qr[0].path, qr[0].code], ['content.quick_replies', 'too_many']);
    assert.ok(qr.length <= 101, `${qr.length} issues`);
  });

  test(
    'a body with 5 000 unknown keys yields a bounded number of issues',
    () => {
      const content = { text: 'x' };
      for (let i = 0; i < 5000; i += 1) content[`unknown_${i}`] = 1;
      const issues = answer('5 000 unknown keys', () => pkg.validateInstagramMessage({ from: IG, to: '1', content })).value;
      assert.ok(issues.length <= 1000, `${issues.length} issues`);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Non-object and exotic arguments to every exported function

const revoked = (() => {
  const r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
})();
const throwingProxy = new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } });
const cyclic = { a: 1 };
cyclic.self = cyclic;
/** The messages of the exceptions the arguments below throw themselves. */
const OWN_ERRORS = /^(toJSON|getter|trap)$|proxy that has been revoked/;
const EXOTIC = [
  ['null', null],
  ['undefined', undefined],
  ['a function', () => {}],
  ['a symbol', Symbol('s')],
  ['a BigInt', 10n],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['a cyclic object', cyclic],
  ['an Int16Array', new Int16Array([1, 2, 3])],
  ['a Float64Array', new Float64Array([1.5])],
  ['a DataView', new DataView(new ArrayBuffer(8))],
  ['a SharedArrayBuffer', new SharedArrayBuffer(8)],
  ['a Uint8Array over a SharedArrayBuffer', new Uint8Array(new SharedArrayBuffer(4))],
  ['a detached ArrayBuffer', (() => { const b = new ArrayBuffer(8); structuredClone(b, { transfer: [b] }); return b; })()],
  ['a Uint8ClampedArray', new Uint8ClampedArray([123, 125])],
  ['a Date', new Date(0)],
  ['a Map', new Map([['a', 1]])],
  ['a Promise', Promise.resolve(1)],
  ['an Error', new Error('e')],
  ['an object with a throwing toJSON', { toJSON() { throw new Error('toJSON'); } }, true],
  ['an object with a throwing getter', Object.defineProperty({}, 'from', { enumerable: true, get() { throw new Error('getter'); } }), true],
  ['a revoked Proxy', revoked, true],
  ['a Proxy whose traps throw', throwingProxy, true],
  ['an array', [1, 2]],
  ['an empty string', ''],
  ['a number', 42],
];

describe('exotic arguments to every exported function', () => {
  const body = fixtures.find((f) => f.name.endsWith('instagram-text.json')).text;
  const header = pkg.signWebhook(body, SECRET, { timestamp: NOW });
  const fns = {
    buildInstagramMessage: (x) => pkg.buildInstagramMessage(x),
    buildMessengerMessage: (x) => pkg.buildMessengerMessage(x),
    validateInstagramMessage: (x) => pkg.validateInstagramMessage(x),
    validateMessengerMessage: (x) => pkg.validateMessengerMessage(x),
    'parseWebhook(x)': (x) => pkg.parseWebhook(x),
    'parseWebhook(body, x)': (x) => pkg.parseWebhook(body, x),
    'parseWebhook(body, {maxBytes: x})': (x) => pkg.parseWebhook(body, { maxBytes: x }),
    'parseWebhookEvents(x)': (x) => pkg.parseWebhookEvents(x),
    'parseWebhookEvents(body, x)': (x) => pkg.parseWebhookEvents(body, x),
    'verifyWebhook(x, header, secret)': (x) => pkg.verifyWebhook(x, header, SECRET, { now: NOW }),
    'verifyWebhook(body, x, secret)': (x) => pkg.verifyWebhook(body, x, SECRET, { now: NOW }),
    'verifyWebhook(body, header, x)': (x) => pkg.verifyWebhook(body, header, x, { now: NOW }),
    'verifyWebhook(body, header, [x])': (x) => pkg.verifyWebhook(body, header, [SECRET, x], { now: NOW }),
    'verifyWebhook(body, header, secret, x)': (x) => pkg.verifyWebhook(body, header, SECRET, x),
    'verifyWebhook(body, header, secret, {now: x})': (x) => pkg.verifyWebhook(body, header, SECRET, { now: x }),
    'verifyWebhook(body, header, secret, {toleranceSeconds: x})': (x) => pkg.verifyWebhook(body, header, SECRET, { now: NOW, toleranceSeconds: x }),
    'verifyWebhookEvents(x, header, secret)': (x) => pkg.verifyWebhookEvents(x, header, SECRET, { now: NOW }),
    'verifyWebhookEvents(body, x, secret)': (x) => pkg.verifyWebhookEvents(body, x, SECRET, { now: NOW }),
    'verifyWebhookEvents(body, header, x)': (x) => pkg.verifyWebhookEvents(body, header, x, { now: NOW }),
    'verifyWebhookEvents(body, header, secret, {maxBytes: x})': (x) => pkg.verifyWebhookEvents(body, header, SECRET, { now: NOW, maxBytes: x }),
    'signWebhook(x, secret)': (x) => pkg.signWebhook(x, SECRET),
    'signWebhook(body, x)': (x) => pkg.signWebhook(body, x),
    'signWebhook(body, secret, x)': (x) => pkg.signWebhook(body, SECRET, x),
    'signWebhook(body, secret, {timestamp: x})': (x) => pkg.signWebhook(body, SECRET, { timestamp: x }),
    'replyTarget(x)': (x) => pkg.replyTarget(x),
    'createWebhookHandler(x)': (x) => pkg.createWebhookHandler(x),
    'createWebhookHandler({onEvent, secret: x})': (x) => pkg.createWebhookHandler({ onEvent() {}, secret: x }),
    'createWebhookHandler({onEvent, maxBytes: x})': (x) => pkg.createWebhookHandler({ secret: false, onEvent() {}, maxBytes: x }),
    'new Chatt2me(x)': (x) => new pkg.Chatt2me(x),
    'new Chatt2me({apiKey: x})': (x) => new pkg.Chatt2me({ apiKey: x }),
    'new Chatt2me({baseUrl: x})': (x) => new pkg.Chatt2me({ apiKey: 'k', baseUrl: x }),
    'new Chatt2me({fetch: x})': (x) => new pkg.Chatt2me({ apiKey: 'k', fetch: x }),
    'new Chatt2me({timeoutMs: x})': (x) => new pkg.Chatt2me({ apiKey: 'k', timeoutMs: x }),
    'new Chatt2me({maxRetries: x})': (x) => new pkg.Chatt2me({ apiKey: 'k', maxRetries: x }),
    'isChatt2meError(x)': (x) => pkg.isChatt2meError(x),
  };
  for (const [name, fn] of Object.entries(fns)) {
    test(name, () => {
      for (const [label, x, own] of EXOTIC) answer(`${name} with ${label}`, () => fn(x), { own });
    });
  }

  test('isChatt2meError answers a boolean for anything', () => {
    // A predicate used in catch blocks: it never throws, whatever was thrown.
    for (const [label, x] of EXOTIC) assert.equal(typeof answer(label, () => pkg.isChatt2meError(x)).value, 'boolean', label);
  });

  test('client send methods and the webhook handler: typed rejections only', async () => {
    const noNetwork = () => Promise.reject(new Error('no network in this test'));
    const hub = new pkg.Chatt2me({ apiKey: 'sk_hostile', fetch: noNetwork });
    const valid = { from: IG, to: '1', content: { text: 'hi' } };
    const handler = pkg.createWebhookHandler({ secret: false, onEvent() {} });
    for (const [label, x, own] of EXOTIC) {
      await answerAsync(`sendInstagramMessage(${label})`, () => hub.sendInstagramMessage(x), { own });
      await answerAsync(`sendMessengerMessage(valid, ${label})`, () => hub.sendMessengerMessage({ ...valid, from: MS }, x), { own });
      await answerAsync(`sendInstagramMessage(valid, {signal: ${label}})`, () => hub.sendInstagramMessage(valid, { signal: x }), { own });
      await answerAsync(`sendInstagramMessage(valid, {timeoutMs: ${label}})`, () => hub.sendInstagramMessage(valid, { timeoutMs: x }), { own });
      await answerAsync(`handleWebhook(${label})`, () => handler(x), { own });
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('bytes that lie about themselves', () => {
  test('a Uint8Array whose length property lies, and objects dressed as one: read by what the engine knows, never trapping', () => {
    const { text } = fixtures.find((f) => f.name.endsWith('instagram-text.json'));
    const real = enc.encode(text);
    const lying = real.slice();
    let reads = 0;
    Object.defineProperty(lying, 'length', { get: () => (reads++ % 2 === 0 ? 1 : 1 << 30) });
    const header = pkg.signWebhook(text, SECRET, { timestamp: NOW });
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(pkg.parseWebhook(lying).raw, JSON.parse(text));
      assert.equal(pkg.parseWebhookEvents(lying).length, 1);
      assert.equal(pkg.verifyWebhook(lying, header, SECRET, { now: NOW }).type, 'echo');
    }
    // A claimed length is not allocated: the body is not bytes at all (within maxBytes, the
    // module once allocated and filled what it claimed).
    const dressed = Object.create(Uint8Array.prototype, { [Symbol.toStringTag]: { value: 'Uint8Array' }, length: { value: 2 ** 23 } });
    const buffer = Object.create(ArrayBuffer.prototype, { [Symbol.toStringTag]: { value: 'ArrayBuffer' }, byteLength: { value: 2 ** 23 } });
    for (const fake of [dressed, buffer]) {
      const error = answer('a dressed-up object', () => pkg.parseWebhook(fake, { maxBytes: 2 ** 24 })).error;
      assert.ok(error instanceof pkg.WebhookError, String(error));
      // Not bytes: refused as a body of no known kind, or read as the (empty) object it is.
      assert.ok(['invalid_input', 'unrecognized'].includes(error.code), `${error.code}: ${error.message}`);
    }
    // maxBytes counts as 16 MiB at most, however large it is given: no body makes the module
    // hold more.
    const huge = new Uint8Array((16 << 20) + 1).fill(0x20);
    for (const maxBytes of [Infinity, 2 ** 32, 2 ** 53]) {
      assert.equal(answer('huge', () => pkg.parseWebhook(huge, { maxBytes })).error?.code, 'body_too_large');
    }
    assert.equal(answer('huge', () => pkg.signWebhook(huge, SECRET, { timestamp: NOW })).error?.code, 'body_too_large');
    // A Uint8Array beyond maxBytes by its real length, whatever its length property says.
    const big = new Uint8Array(4096).fill(0x20);
    Object.defineProperty(big, 'length', { value: 1 });
    assert.equal(answer('big', () => pkg.parseWebhook(big, { maxBytes: 100 })).error?.code, 'body_too_large');
    assert.equal(pkg.parseWebhook(text).type, 'echo', 'the instance still works');
  });
});

describe('option getters that call back into the module', () => {
  test('an option read while the module is reading options (re-entry) neither traps nor changes the answer', () => {
    const { text } = fixtures.find((f) => f.name.endsWith('instagram-text.json'));
    const header = pkg.signWebhook(text, SECRET, { timestamp: NOW });
    let inner = 0;
    const options = {
      get maxBytes() {
        // Re-enters while the outer call reads its own options.
        inner += pkg.parseWebhook(text, { maxBytes: 1 << 20, now: NOW }).type === 'echo' ? 1 : 0;
        return 1 << 20;
      },
      get now() {
        inner += pkg.verifyWebhook(text, header, SECRET, { now: NOW }).type === 'echo' ? 1 : 0;
        return NOW;
      },
    };
    assert.equal(pkg.verifyWebhook(text, header, SECRET, options).type, 'echo');
    assert.equal(pkg.parseWebhook(text, options).type, 'echo');
    assert.ok(inner >= 3, `${inner} inner calls`);
    assert.equal(pkg.parseWebhook(text).type, 'echo', 'the instance still works');
  });
});

describe('after the whole corpus, the same instance', () => {
  test('still parses, verifies, signs and builds correctly, and Object.prototype is untouched', () => {
    assert.ok(calls > 10_000, `only ${calls} calls in the corpus`);
    const { text } = fixtures.find((f) => f.name.endsWith('instagram-text.json'));
    const header = pkg.signWebhook(text, SECRET, { timestamp: NOW });
    for (const event of [pkg.parseWebhook(text), pkg.verifyWebhook(enc.encode(text), header, SECRET, { now: NOW })]) {
      assert.equal(event.type, 'echo');
      assert.equal(event.to, '847495124317323');
      assert.equal(event.content.text, 'Hello from chatt2me!');
      assert.deepEqual(event.raw, JSON.parse(text));
    }
    const body = { from: IG, to: '847495124317323', content: { text: 'still here' } };
    assert.deepEqual(pkg.buildInstagramMessage(body), body);
    assert.deepEqual(pkg.validateMessengerMessage({ ...body, from: MS }), []);
    assert.deepEqual(protoNames(), protoBefore);
    assert.equal({}.polluted, undefined);
  });
});

// ---------------------------------------------------------------------------------------------

describe('memory', () => {
  test(`${FULL ? '1 000 000' : '100 000'} build / parse / verify calls, failures included: wasm memory and the externref table stay bounded`, (t) => {
    const total = FULL ? 1_000_000 : 100_000;
    const { text } = fixtures.find((f) => f.name.endsWith('messenger-echo-generic-template.json'));
    const bytes = enc.encode(text);
    const header = pkg.signWebhook(text, SECRET, { timestamp: NOW });
    const bad = `t=${NOW},v1=${'0'.repeat(64)}`;
    const body = { from: IG, to: '847495124317323', content: { text: 'hello', quick_replies: [{ content_type: 'text', title: 'Yes', payload: 'Y' }] } };
    const invalid = { from: 'not valid!', to: '', content: { text: '', extra: 1 } };
    const ops = [
      () => pkg.buildInstagramMessage(body),
      () => pkg.buildInstagramMessage(invalid),
      () => pkg.validateMessengerMessage(invalid),
      () => pkg.parseWebhook(text).raw,
      () => pkg.parseWebhookEvents(bytes),
      () => pkg.parseWebhook('{"eventType": tru'),
      () => pkg.verifyWebhook(text, header, SECRET, { now: NOW }),
      () => pkg.verifyWebhook(bytes, bad, [SECRET, 'other'], { now: NOW }),
      () => pkg.verifyWebhook(text, header, SECRET, { now: NOW + 1000 }),
      () => pkg.signWebhook(bytes, SECRET, { timestamp: NOW }),
    ];
    const snapshot = () => ({ memory: wasm.memory.buffer.byteLength, table: wasm.__wbindgen_externrefs.length });
    const run = (n) => {
      let failures = 0;
      for (let i = 0; i < n; i += 1) {
        try {
          ops[i % ops.length]();
        } catch (e) {
          if (!pkg.isChatt2meError(e)) throw e;
          failures += 1;
        }
      }
      return failures;
    };
    run(10_000); // warm up: the allocator reaches its working set
    const warm = snapshot();
    const failures = run(total);
    const end = snapshot();
    t.diagnostic(`${total} calls, ${failures} failures; wasm memory ${warm.memory} → ${end.memory} bytes; externref table ${warm.table} → ${end.table}`);
    assert.ok(failures >= (total * 4) / ops.length, `${failures} failures`);
    // Bounded: no growth at all after warm-up, beyond one 64 KiB page of allocator slack.
    assert.ok(end.memory <= warm.memory + 65536, `wasm memory grew from ${warm.memory} to ${end.memory} bytes`);
    assert.equal(end.table, warm.table, 'the externref table grew: JS handles leak');
  });

  test(`${FULL ? '100 000' : '10 000'} sends through the client, failures included: the externref table and wasm memory stay bounded`, async (t) => {
    const total = FULL ? 100_000 : 10_000;
    let n = 0;
    // Alternately: a sent message, a 429 with a body, a network failure, a body that is not JSON.
    const fetch = async () => {
      n += 1;
      switch (n % 4) {
        case 0:
          return new Response('{"messageId":"m","status":"sent"}', { status: 200, headers: { 'content-type': 'application/json' } });
        case 1:
          return new Response('{"errorMessage":"slow down","errorCode":"rate_limited"}', { status: 429 });
        case 2:
          throw new Error('connection reset');
        default:
          return new Response('{"messageId": ', { status: 200 });
      }
    };
    const hub = new pkg.Chatt2me({ apiKey: 'sk_memory', fetch, maxRetries: 0 });
    const body = { from: IG, to: '1', content: { text: 'hi' } };
    const controller = new AbortController();
    const snapshot = () => ({ memory: wasm.memory.buffer.byteLength, table: wasm.__wbindgen_externrefs.length });
    const run = async (count) => {
      const outcomes = {};
      for (let i = 0; i < count; i += 1) {
        const r = await answerAsync('send', () => hub.sendInstagramMessage(body, { signal: controller.signal }));
        const key = r.error ? r.error.code : 'sent';
        outcomes[key] = (outcomes[key] ?? 0) + 1;
      }
      return outcomes;
    };
    await run(2000);
    const warm = snapshot();
    const outcomes = await run(total);
    const end = snapshot();
    t.diagnostic(`${total} sends ${JSON.stringify(outcomes)}; wasm memory ${warm.memory} → ${end.memory} bytes; externref table ${warm.table} → ${end.table}`);
    assert.deepEqual(Object.keys(outcomes).sort(), ['invalid_response', 'network', 'rate_limited', 'sent']);
    assert.ok(end.memory <= warm.memory + 65536, `wasm memory grew from ${warm.memory} to ${end.memory} bytes`);
    assert.equal(end.table, warm.table, 'the externref table grew: JS handles leak');
  });
});

after(() => {
  assert.deepEqual(protoNames(), protoBefore, 'Object.prototype changed');
});
