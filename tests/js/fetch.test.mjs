// The send runs in wasm: an injected fetch is called from wasm code (a wasm frame on its stack),
// the answer's body is read with a cap (a 2 MiB stream is cancelled after about 1 MiB and the
// send fails with ApiError invalid_response), and without an injected fetch the global one is
// called — on globalThis, never `window.fetch` — with `(url, init)` and `redirect: "manual"`.
// Run: node --test tests/js/fetch.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as pkg from '../../pkg/node.js';

const { Chatt2me, ApiError } = pkg;

const API_KEY = 'sk_fetch_tests';
const BASE_URL = 'http://127.0.0.1:1';
const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const MESSAGE = { from: IG, to: '847495124317323', content: { text: 'hi' } };
const SENT = '{"messageId":"m1","status":"sent"}';
const sent = () => new Response(SENT, { status: 200, headers: { 'content-type': 'application/json' } });

/**
 * A wasm frame as V8 prints it: `at wasm://wasm/00119c0a:wasm-function[332]:0x2aa79`, or with a
 * name section `at name (wasm://wasm/...)`, or `<anonymous>:wasm-function[N]` in older builds.
 */
const WASM_FRAME = /wasm:\/\/wasm\/[0-9a-f]+|wasm-function\[\d+\]/;

/** `new Error().stack` with every frame (not only the default 10). */
function fullStack() {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    return new Error('where fetch was called from').stack;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

// ---------------------------------------------------------------------------------------------

describe('an injected fetch', () => {
  test('is called from wasm, with (url, init), and its answer becomes the result', async (t) => {
    const calls = [];
    const fetch = async (url, init) => {
      calls.push({ url, init, stack: fullStack() });
      return sent();
    };
    const hub = new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch });
    const result = await hub.sendInstagramMessage(MESSAGE);

    assert.equal(calls.length, 1);
    const [{ url, init, stack }] = calls;
    const frames = stack.split('\n').slice(1).map((line) => line.trim());
    const wasmFrames = frames.filter((line) => WASM_FRAME.test(line));
    t.diagnostic(`${frames.length} frames, ${wasmFrames.length} wasm: ${wasmFrames.slice(0, 2).join(' | ')}`);
    assert.ok(wasmFrames.length > 0, `no wasm frame below the injected fetch:\n${stack}`);
    // The control: a stack taken in plain JS has none, so the pattern does not match any stack.
    assert.doesNotMatch(fullStack(), WASM_FRAME);
    // This file's frames (fullStack, the fetch) come first, then (at most) the wasm-bindgen glue,
    // then wasm: no other JS between.
    const ours = frames.findIndex((line) => !line.includes(import.meta.url));
    assert.match(frames[ours - 1], /^at fetch \(/, frames.slice(0, ours).join('\n'));
    const firstWasm = frames.findIndex((line) => WASM_FRAME.test(line));
    for (const line of frames.slice(ours, firstWasm)) {
      assert.match(line, /\/pkg\/chatt2me_wasm\.js:/, `a JS frame outside the wasm-bindgen glue between fetch and wasm: ${line}`);
    }

    assert.equal(url, `${BASE_URL}/v1/communication/instagram/message`);
    assert.equal(init.method, 'POST');
    assert.equal(init.redirect, 'manual');
    assert.deepEqual(JSON.parse(init.body), MESSAGE);
    assert.equal(new Headers(init.headers).get('x-api-key'), API_KEY);

    assert.equal(result.messageId, 'm1');
    assert.equal(result.status, 'sent');
    assert.deepEqual(result.raw, JSON.parse(SENT));
  });

  test("a result's raw is the answer, exact, parsed on first access and the same object after", async () => {
    const answer = '{"messageId":"m1","status":"sent","recipientId":12345678901234567890,"extra":{"n":[1,2.5]}}';
    const fetch = async () => new Response(answer, { status: 200, headers: { 'content-type': 'application/json' } });
    const result = await new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch }).sendInstagramMessage(MESSAGE);
    assert.equal(result.recipientId, '12345678901234567890', 'an id beyond 2^53 keeps its digits');
    assert.deepEqual(Object.keys(result), ['messageId', 'status', 'recipientId', 'type', 'errorCode', 'errorMessage', 'raw']);
    assert.deepEqual(result.raw, { messageId: 'm1', status: 'sent', recipientId: '12345678901234567890', extra: { n: [1, 2.5] } });
    assert.equal(result.raw, result.raw, 'parsed once');
    assert.deepEqual(JSON.parse(JSON.stringify(result)).raw, result.raw);
    assert.deepEqual({ ...result }.raw, result.raw);
    result.raw = { replaced: true };
    assert.deepEqual(result.raw, { replaced: true }, 'raw is writable, as the declared type says');
  });

  test('a small body streamed in 3-byte chunks is read whole', async () => {
    const bytes = new TextEncoder().encode(SENT);
    let pulls = 0;
    const fetch = async () => {
      let at = 0;
      const body = new ReadableStream(
        {
          pull(controller) {
            pulls += 1;
            if (at >= bytes.length) {
              controller.close();
              return;
            }
            controller.enqueue(bytes.slice(at, at + 3));
            at += 3;
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const result = await new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch }).sendInstagramMessage(MESSAGE);
    assert.equal(result.messageId, 'm1');
    assert.ok(pulls >= Math.ceil(bytes.length / 3), `only ${pulls} pulls`);
  });

  test('a 200 with a 2 MiB body stream: ApiError invalid_response, the stream cancelled after about 1 MiB', async (t) => {
    const CHUNK = 64 * 1024;
    const TOTAL = 32; // 2 MiB
    const CAP = 1024 * 1024; // MAX_RESPONSE_BYTES of src/wasm/client.rs
    const chunk = new Uint8Array(CHUNK).fill(0x20); // spaces: JSON whitespace, never a parse error before the cap
    const streams = [];
    const fetch = async () => {
      const state = { pulls: 0, cancelled: false, cancelledAfter: null, closed: false };
      streams.push(state);
      const body = new ReadableStream(
        {
          pull(controller) {
            state.pulls += 1;
            controller.enqueue(chunk.slice());
            if (state.pulls === TOTAL) {
              controller.close();
              state.closed = true;
            }
          },
          cancel() {
            state.cancelled = true;
            state.cancelledAfter = state.pulls;
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const hub = new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch });
    const error = await rejection(hub.sendInstagramMessage(MESSAGE));

    assert.ok(error instanceof ApiError, `expected ApiError, got ${error?.name}: ${error?.message}`);
    assert.equal(error.code, 'invalid_response', error.message);
    assert.equal(error.status, 200);
    assert.equal(streams.length, 1, 'an over-long answer is not retried');
    const [state] = streams;
    t.diagnostic(`${state.pulls} of ${TOTAL} chunks of ${CHUNK} bytes pulled; cancelled: ${state.cancelled}; ${error.message}`);
    assert.equal(state.cancelled, true, 'the stream was not cancelled');
    assert.equal(state.closed, false, 'every chunk was pulled');
    assert.ok(state.pulls < TOTAL, `${state.pulls} of ${TOTAL} chunks pulled`);
    // The read stops at the first chunk that passes the cap (one more may be in flight).
    assert.ok(state.pulls * CHUNK <= CAP + 2 * CHUNK, `${state.pulls * CHUNK} bytes pulled for a cap of ${CAP}`);
    assert.equal(state.cancelledAfter, state.pulls, 'pulled again after cancelling');
  });

  // The runtime's own Response is read through the engine's own accessors (js/transport.js,
  // `platformFetch`); anything else a custom fetch answers goes through the guarded reader, with
  // the same cap. Either way each chunk is copied as it is read and must be a Uint8Array.
  describe('answers that are not the runtime\'s own Response', () => {
    class OwnResponse extends Response {}
    const streamOf = (chunks, state = {}) =>
      new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(next);
        },
        cancel() {
          state.cancelled = true;
        },
      });
    const bytes = new TextEncoder().encode(SENT);
    const cases = [
      ['a Response subclass', () => new OwnResponse(streamOf([bytes.slice(0, 5), bytes.slice(5)]), { status: 200 })],
      ['a plain object with a body stream', () => ({ status: 200, body: streamOf([bytes.slice(0, 7), bytes.slice(7)]) })],
      ['a plain object with text()', () => ({ status: 200, text: async () => SENT })],
      ['a Response in a Proxy that forwards', () => new Proxy(new Response(SENT, { status: 200 }), {})],
    ];
    for (const [name, answer] of cases) {
      test(`${name}: its answer read`, async () => {
        const hub = new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch: async () => answer() });
        const outcome = await hub.sendInstagramMessage(MESSAGE).then((r) => r, (e) => e);
        assert.equal(outcome.messageId, 'm1', `${outcome?.name}: ${outcome?.message}`);
        assert.deepEqual(outcome.raw, JSON.parse(SENT));
      });
    }

    test('a chunk that is not a Uint8Array fails the read (as the platform\'s own text() does), and the send is not repeated', async () => {
      for (const answer of [
        () => new Response(streamOf([bytes.slice(0, 5), 'not bytes', bytes.slice(5)]), { status: 200 }),
        () => ({ status: 200, body: streamOf([bytes.slice(0, 5), [1, 2, 3]]) }),
        // A plain object that claims to be one.
        () => new Response(streamOf([Object.create(Uint8Array.prototype, { [Symbol.toStringTag]: { value: 'Uint8Array' }, length: { value: 3 } })]), { status: 200 }),
      ]) {
        let calls = 0;
        const fetch = async () => {
          calls += 1;
          return answer();
        };
        const error = await rejection(new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch }).sendInstagramMessage(MESSAGE));
        assert.equal(error.name, 'NetworkError', error.message);
        assert.match(error.message, /a body chunk is not a Uint8Array/);
        assert.match(error.message, /may or may not have been sent/);
        assert.equal(calls, 1);
      }
    });

    test('chunks are copied as they are read: a source that writes over its buffer, or a chunk whose length property lies', async () => {
      const reused = () => {
        // One buffer, refilled on every pull (a source may do that once a chunk is read).
        const buffer = new Uint8Array(4);
        let at = 0;
        return new ReadableStream(
          {
            pull(controller) {
              if (at >= bytes.length) {
                buffer.fill(0x20);
                controller.close();
                return;
              }
              const part = bytes.subarray(at, at + 4);
              buffer.fill(0x20);
              buffer.set(part);
              controller.enqueue(part.length === 4 ? buffer : buffer.subarray(0, part.length));
              at += 4;
            },
          },
          { highWaterMark: 0 },
        );
      };
      const lying = () => {
        const chunk = bytes.slice();
        let reads = 0;
        Object.defineProperty(chunk, 'length', { get: () => (reads++ % 2 === 0 ? 1 : 1 << 30) });
        return new ReadableStream({
          start(controller) {
            controller.enqueue(chunk);
            controller.close();
          },
        });
      };
      for (const [name, body] of [['reused buffer', reused], ['lying length', lying]]) {
        for (const wrap of [(b) => new Response(b, { status: 200 }), (b) => new OwnResponse(b, { status: 200 }), (b) => ({ status: 200, body: b })]) {
          const hub = new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch: async () => wrap(body()) });
          const result = await hub.sendInstagramMessage(MESSAGE);
          assert.equal(result.messageId, 'm1', name);
          assert.deepEqual(result.raw, JSON.parse(SENT), name);
        }
      }
      // The instance is whole after them.
      const after = await new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch: async () => sent() }).sendInstagramMessage(MESSAGE);
      assert.equal(after.messageId, 'm1');
    });

    test('a chunk that fails the read cancels its stream; a stream of empty chunks ends at the cap', async () => {
      const state = {};
      const fetch = async () => new Response(streamOf([bytes.slice(0, 5), 'not bytes', bytes.slice(5)], state), { status: 200 });
      await rejection(new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch }).sendInstagramMessage(MESSAGE));
      assert.equal(state.cancelled, true, 'the refused stream was left locked and running');
      let pulls = 0;
      const empties = () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              pulls += 1;
              controller.enqueue(new Uint8Array(0));
            },
          }),
          { status: 200 },
        );
      const error = await rejection(new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch: async () => empties(), timeoutMs: 60_000 }).sendInstagramMessage(MESSAGE));
      assert.equal(error.code, 'invalid_response', error.message);
      assert.ok(pulls <= (1 << 20) + 2, `${pulls} pulls`);
    });

    test("a Response's own properties that shadow its accessors are not what is read: its body is", async () => {
      const response = new Response(SENT, { status: 200 });
      Object.defineProperty(response, 'body', { value: new Response('{"messageId":"shadow"}').body });
      Object.defineProperty(response, 'status', { value: 500 });
      const result = await new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch: async () => response }).sendInstagramMessage(MESSAGE);
      assert.equal(result.messageId, 'm1');
    });

    test('a Response subclass past the cap: invalid_response, its stream cancelled', async () => {
      const state = {};
      const chunks = Array.from({ length: 20 }, () => new Uint8Array(64 * 1024).fill(0x20));
      const fetch = async () => new OwnResponse(streamOf(chunks, state), { status: 200 });
      const error = await rejection(new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch }).sendInstagramMessage(MESSAGE));
      assert.equal(error.code, 'invalid_response', error.message);
      assert.equal(state.cancelled, true);
      assert.ok(chunks.length > 0, 'every chunk was read');
    });

    test('a text() past the cap: invalid_response', async () => {
      const fetch = async () => ({ status: 200, text: async () => ' '.repeat(1024 * 1024 + 1) });
      const error = await rejection(new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL, fetch }).sendInstagramMessage(MESSAGE));
      assert.equal(error.code, 'invalid_response', error.message);
    });
  });
});

describe('without an injected fetch', () => {
  test('the global fetch is called on globalThis (never window.fetch) with (url, init) and redirect "manual"', async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    const hadWindow = Object.hasOwn(globalThis, 'window');
    const savedWindow = globalThis.window;
    const calls = [];
    const windowCalls = [];
    try {
      globalThis.window = {
        fetch(...args) {
          windowCalls.push(args);
          return Promise.reject(new Error('window.fetch must not be used'));
        },
      };
      globalThis.fetch = function recordingFetch(...args) {
        calls.push({ self: this, args });
        return Promise.resolve(sent());
      };
      const hub = new Chatt2me({ apiKey: API_KEY, baseUrl: BASE_URL });
      const result = await hub.sendInstagramMessage(MESSAGE);
      assert.equal(result.messageId, 'm1');
    } finally {
      if (saved) Object.defineProperty(globalThis, 'fetch', saved);
      else delete globalThis.fetch;
      if (hadWindow) globalThis.window = savedWindow;
      else delete globalThis.window;
    }
    assert.equal(windowCalls.length, 0, 'window.fetch was called');
    assert.equal(calls.length, 1);
    const [{ self, args }] = calls;
    assert.ok(self === globalThis || self === undefined, `fetch was called with this = ${Object.prototype.toString.call(self)}`);
    assert.equal(args.length, 2, `fetch was called with ${args.length} arguments`);
    const [url, init] = args;
    assert.equal(url, `${BASE_URL}/v1/communication/instagram/message`);
    assert.equal(typeof init, 'object');
    assert.equal(init.redirect, 'manual');
    assert.equal(init.method, 'POST');
    assert.deepEqual(JSON.parse(init.body), MESSAGE);
    // Restored: the real global fetch is back.
    assert.equal(typeof globalThis.fetch, 'function');
    assert.notEqual(globalThis.fetch.name, 'recordingFetch');
  });
});
