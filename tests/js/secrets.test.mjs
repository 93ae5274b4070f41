// Secrets (issue #7): the webhook signing secret and the API key never appear in an error (message,
// stack, cause, util.inspect, JSON), a handler response, or anything written to the console while
// a corpus of failures runs; the key never travels over plain http beyond loopback; signature
// comparison is constant-time with no early exit over candidates; verifyWebhook refuses a parsed
// object and says why.
// The key's absence from client errors and redirects is covered in depth by client.test.mjs
// ("the API key never appears", "redirects"); this file adds the signing secret, console output,
// and the plain-http rule against WHATWG URL parsing (what fetch uses).
// Run: node --test tests/js/secrets.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { readFileSync } from 'node:fs';
import { startStandin } from '../../standin/server.mjs';
import * as pkg from '../../pkg/node.js';
import { thrown } from './lib/thrown.mjs';

const SECRET = 'whsec_SECRET_signing_7f3a9c';
const OLD_SECRET = 'whsec_SECRET_previous_11b2';
const KEY = 'sk_live_SECRET_api_key_5e8d';
const SECRETS = [SECRET, OLD_SECRET, KEY];
const NOW = 1_700_000_000;
const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const body = readFileSync(new URL('../fixtures/chatt2me/instagram-text.json', import.meta.url), 'utf8');
const goodHeader = pkg.signWebhook(body, SECRET, { timestamp: NOW });
const v1 = goodHeader.split('v1=')[1];

/** Every way an error or a value can end up in a log. */
function views(value) {
  const out = [String(value), util.inspect(value, { depth: Infinity, showHidden: true, getters: true })];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch (e) {
    out.push(`JSON.stringify threw ${e.message}`);
  }
  if (value instanceof Error) {
    out.push(value.message, String(value.stack));
    if ('cause' in value) out.push(...views(value.cause));
  }
  return out;
}
function assertNoSecret(value, what) {
  for (const view of views(value)) {
    for (const secret of SECRETS) assert.ok(!view.includes(secret), `${what} shows a secret: ${view.slice(0, 300)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Console capture for the whole file: nothing the library writes may hold a secret.

const captured = [];
const originals = {};
const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table', 'group', 'groupCollapsed', 'assert'];
const onWarning = (w) => captured.push(['process warning', [w]]);
before(() => {
  for (const m of METHODS) {
    originals[m] = console[m];
    console[m] = (...args) => captured.push([m, args]);
  }
  process.on('warning', onWarning);
});
after(() => {
  for (const m of METHODS) console[m] = originals[m];
  process.off('warning', onWarning);
});

// ---------------------------------------------------------------------------------------------

describe('the signing secret never appears', () => {
  const produced = [];
  const expectError = (what, fn, code) => {
    const e = thrown(fn);
    assert.ok(pkg.isChatt2meError(e), `${what}: ${e?.name} ${e?.message}`);
    if (code) assert.equal(e.code, code, `${what}: ${e.message}`);
    produced.push([what, e]);
    return e;
  };

  test('in any verify error: every signature code, and parse errors after a good signature', () => {
    const secrets = [SECRET, [OLD_SECRET, SECRET]];
    for (const s of secrets) {
      for (const fn of [pkg.verifyWebhook, pkg.verifyWebhookEvents]) {
        expectError('no header', () => fn(body, undefined, s, { now: NOW }), 'missing_header');
        expectError('empty header', () => fn(body, '  ', s, { now: NOW }), 'missing_header');
        expectError('garbage header', () => fn(body, 'garbage', s, { now: NOW }), 'malformed_header');
        expectError('bad v1', () => fn(body, `t=${NOW},v1=xyz`, s, { now: NOW }), 'malformed_header');
        expectError('stale', () => fn(body, goodHeader, s, { now: NOW + 301 }), 'timestamp_out_of_tolerance');
        expectError('future', () => fn(body, goodHeader, s, { now: NOW - 301 }), 'timestamp_out_of_tolerance');
        expectError('other secret', () => fn(body, goodHeader, 'whsec_other', { now: NOW }), 'signature_mismatch');
        expectError('changed body', () => fn(body + ' ', goodHeader, s, { now: NOW }), 'signature_mismatch');
        expectError('parsed object', () => fn(JSON.parse(body), goodHeader, s, { now: NOW }), 'body_not_raw');
        expectError('empty secret in the list', () => fn(body, goodHeader, [SECRET, ''], { now: NOW }), 'missing_secret');
        expectError('secret not a string', () => fn(body, goodHeader, [SECRET, 42], { now: NOW }), 'missing_secret');
        expectError('header not a string', () => fn(body, { toString: () => goodHeader }, s, { now: NOW }));
        expectError('bad now', () => fn(body, goodHeader, s, { now: 'yesterday' }));
        expectError('bad tolerance', () => fn(body, goodHeader, s, { now: NOW, toleranceSeconds: -1 }));
        expectError('too large', () => fn(body, goodHeader, s, { now: NOW, maxBytes: 10 }), 'body_too_large');
        for (const [what, text, code] of [
          ['not JSON', '{"eventType": tru', 'invalid_json'],
          ['unrecognized', '{"hello":"world"}', 'unrecognized'],
          ['empty batch', '{"object":"instagram","entry":[]}', fn === pkg.verifyWebhook ? 'no_events' : null],
        ]) {
          const header = pkg.signWebhook(text, SECRET, { timestamp: NOW });
          if (code) expectError(what, () => fn(text, header, s, { now: NOW }), code);
        }
      }
    }
    for (const [what, e] of produced) assertNoSecret(e, what);
    assert.ok(produced.length >= 60, `${produced.length} errors`);
  });

  test('in signWebhook and createWebhookHandler errors', () => {
    for (const [what, fn] of [
      ['signWebhook of a symbol', () => pkg.signWebhook(Symbol('x'), SECRET)],
      ['signWebhook with an empty secret among others', () => pkg.signWebhook(body, ['', SECRET])],
      ['handler without onEvent', () => pkg.createWebhookHandler({ secret: SECRET })],
      ['handler with a bad secret list', () => pkg.createWebhookHandler({ secret: [SECRET, ''], onEvent() {} })],
    ]) {
      const e = thrown(fn);
      assert.ok(pkg.isChatt2meError(e), `${what}: ${e?.name}`);
      assertNoSecret(e, what);
    }
    // The handler itself keeps the secret out of inspection.
    const handler = pkg.createWebhookHandler({ secret: SECRET, onEvent() {} });
    assertNoSecret(handler, 'the handler function');
    assert.ok(!handler.toString().includes(SECRET));
  });

  test('in any handler response (status, headers, body), whatever the request and even when onEvent throws with it', async () => {
    const handler = pkg.createWebhookHandler({
      secret: [OLD_SECRET, SECRET],
      now: () => NOW,
      maxBytes: 4096,
      onEvent(event) {
        if (event.to === 'throw') throw new Error(`onEvent failed with ${SECRET} and ${KEY}`);
      },
    });
    const request = (text, headers = {}, method = 'POST') =>
      new Request('https://example.com/webhook', { method, body: method === 'POST' ? text : undefined, headers: { 'content-type': 'application/json', ...headers } });
    const throwing = body.replace('847495124317323', 'throw');
    const cases = [
      ['good', request(body, { 'x-hub-signature': goodHeader }), 200],
      ['handshake', request('', { 'x-validation-token': 'tok' }), 200],
      ['GET', request(null, {}, 'GET'), 405],
      ['no signature', request(body), 401],
      ['malformed', request(body, { 'x-hub-signature': 'nope' }), 401],
      ['mismatch', request(body + ' ', { 'x-hub-signature': goodHeader }), 401],
      ['stale', request(body, { 'x-hub-signature': pkg.signWebhook(body, SECRET, { timestamp: NOW - 1000 }) }), 401],
      ['not JSON, signed', request('{x', { 'x-hub-signature': pkg.signWebhook('{x', SECRET, { timestamp: NOW }) }), 400],
      ['too large', request('x'.repeat(5000), { 'x-hub-signature': goodHeader }), 413],
      ['onEvent throws with the secret', request(throwing, { 'x-hub-signature': pkg.signWebhook(throwing, SECRET, { timestamp: NOW }) }), 500],
    ];
    for (const [what, req, status] of cases) {
      const res = await handler(req);
      assert.equal(res.status, status, what);
      const text = await res.text();
      const headers = JSON.stringify([...res.headers]);
      for (const secret of SECRETS) {
        assert.ok(!text.includes(secret), `${what}: the response body shows a secret: ${text}`);
        assert.ok(!headers.includes(secret), `${what}: a response header shows a secret`);
      }
    }
  });

  test('signWebhook output is the header only: t and a 64-hex v1', () => {
    for (const s of [SECRET, [SECRET, OLD_SECRET]]) {
      const header = pkg.signWebhook(body, s, { timestamp: NOW });
      assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
      assertNoSecret(header, 'the header');
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('the API key', () => {
  let standin;
  before(async () => {
    standin = await startStandin({ quiet: true, apiKey: KEY });
  });
  after(() => standin?.close());

  test('never appears in client errors from a corpus of failures (server echoing it included)', async () => {
    const hub = new pkg.Chatt2me({ apiKey: KEY, baseUrl: standin.url, timeoutMs: 1500, maxRetries: 1 });
    const bodyOf = (to) => ({ from: IG, to, content: { text: `for ${to}` } });
    const faults = [
      { status: 400, body: { errorMessage: `bad key ${KEY}`, errorCode: 'x', echo: { 'x-api-key': KEY } } },
      { status: 401 },
      { status: 429, retryAfter: '0', times: 2, body: { errorMessage: KEY } },
      { status: 500, body: `plain text ${KEY}` },
      { status: 503, retryAfter: '0', times: 2 },
      { kind: 'drop' },
      { kind: 'malformed' },
      { kind: 'hang' },
      { kind: 'stall' },
      { kind: 'redirect', status: 307, location: 'http://example.com/steal' },
      { status: 200, body: { status: 'error', errorMessage: `revoked ${KEY}`, errorCode: '190' } },
      { status: 418, body: { headers: { 'x-api-key': KEY } } },
    ];
    standin.state.addFaults(faults.map((f, i) => ({ ...f, to: `secret-${i}` })));
    const errors = [];
    await Promise.all(
      faults.map((_, i) =>
        hub.sendInstagramMessage(bodyOf(`secret-${i}`)).then(
          () => assert.fail(`fault ${i} succeeded`),
          (e) => errors.push(e),
        ),
      ),
    );
    const aborted = new AbortController();
    aborted.abort(new Error(`reason mentioning ${KEY}?`));
    errors.push(await hub.sendInstagramMessage(bodyOf('x'), { signal: aborted.signal }).catch((e) => e));
    errors.push(await new pkg.Chatt2me({ apiKey: 'sk_wrong', baseUrl: standin.url }).sendInstagramMessage(bodyOf('y')).catch((e) => e));
    errors.push(await hub.sendInstagramMessage({ from: IG, to: KEY, content: {} }).catch((e) => e));
    for (const e of errors) {
      assert.ok(pkg.isChatt2meError(e), `${e?.name}: ${e?.message}`);
      // The key may appear only where the caller put it themselves: in the body's `to` (validation
      // issues quote it) or in the abort reason they gave.
      if (e.code === 'validation_failed' || e.code === 'aborted') continue;
      assertNoSecret(e, `${e.name}(${e.code})`);
    }
    assert.equal(errors.filter((e) => e.code !== 'validation_failed' && e.code !== 'aborted').length, faults.length + 1);
    assertNoSecret(hub, 'the client');
    assert.equal(standin.state.duplicates, 0);
  });

  test('is never sent over plain http beyond loopback: the constructor refuses, as fetch would parse the URL', async () => {
    const candidates = [
      'http://example.com', 'http://api.chatt2.me', 'http://10.0.0.1', 'http://127.0.0.1.nip.io', 'http://localhost.evil.com',
      'http://127.0.0.2', 'http://0.0.0.0', 'http://[::ffff:127.0.0.1]', 'http://2130706433', 'http://0x7f.1', 'http://127.1',
      'http://localhost@evil.com', 'http://evil.com#@localhost', 'http://evil.com?@localhost', 'http://evil.com\\@localhost',
      'http://localhost\\@evil.com', 'http://localhost:\\evil.com', 'http://[::1]evil.com', 'http://loc\talhost.evil.com',
      'http://localhost%2eevil.com', 'http://%6c%6f%63%61%6c%68%6f%73%74', 'HTTP://LOCALHOST', 'http://localhost.', 'http://[0:0:0:0:0:0:0:1]',
      'http:/localhost', 'http:localhost', 'http://user@127.0.0.1', 'http://127.0.0.1:99999', 'ws://localhost', 'http://localhost:80:81',
      'http://127.0.0.1', 'http://localhost:8787', 'http://[::1]:8787/base', 'https://example.com',
    ];
    const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
    let accepted = 0;
    for (const baseUrl of candidates) {
      const seen = [];
      const fetch = async (url, init) => {
        seen.push(url);
        return new Response('{"messageId":"m","status":"sent"}', { status: 200 });
      };
      let hub;
      try {
        hub = new pkg.Chatt2me({ apiKey: KEY, baseUrl, fetch });
      } catch (e) {
        assert.ok(pkg.isChatt2meError(e) && e.code === 'invalid_config', `${baseUrl}: ${e?.name} ${e?.message}`);
        assertNoSecret(e, baseUrl);
        continue;
      }
      accepted += 1;
      await hub.sendInstagramMessage({ from: IG, to: '1', content: { text: 'x' } }).catch(() => {});
      for (const url of seen) {
        let parsed;
        try {
          parsed = new URL(url);
        } catch {
          continue; // fetch cannot send to a URL it cannot parse
        }
        if (parsed.protocol === 'http:') assert.ok(LOOPBACK.has(parsed.hostname), `${baseUrl}: the key would go over http to ${parsed.hostname}`);
        else assert.equal(parsed.protocol, 'https:', baseUrl);
      }
    }
    assert.ok(accepted >= 4, `${accepted} accepted`);
  });
});

// ---------------------------------------------------------------------------------------------

describe('signature comparison', () => {
  // src/webhook/signature.rs `verify`: for every secret, the expected tag is compared with every
  // `v1` candidate by `subtle::ConstantTimeEq::ct_eq`, and the results are OR-ed into a
  // `subtle::Choice` (`ok |= expected.ct_eq(candidate)`): no early exit on the first mismatching
  // byte, nor on the first matching candidate or secret; the Choice becomes a bool only after the
  // loops. Checked below: that the source still says so, and the behaviour the code implies.
  test('the source compares with subtle::ConstantTimeEq, OR-ing every candidate, without an early exit', () => {
    const src = readFileSync(new URL('../../src/webhook/signature.rs', import.meta.url), 'utf8');
    assert.match(src, /use subtle::\{Choice, ConstantTimeEq\};/);
    const fn = src.slice(src.indexOf('pub fn verify('), src.indexOf('#[cfg(test)]'));
    const loops = fn.slice(fn.indexOf('let mut ok = Choice::from(0u8);'), fn.indexOf('if bool::from(ok)'));
    assert.ok(loops.length > 0, 'the comparison loop is where it was');
    assert.match(loops, /for secret in secrets \{[\s\S]*for candidate in &parsed\.v1 \{[\s\S]*ok \|= expected\.ct_eq\(candidate\);/);
    assert.doesNotMatch(loops, /\b(break|return)\b|==|!=/, 'an early exit or a plain comparison in the loop');
  });

  test('near misses: the same length, one nibble changed (first, middle, last), all rejected with signature_mismatch', () => {
    for (const at of [0, 1, 31, 32, 62, 63]) {
      for (const replacement of ['0', 'f', '8']) {
        if (v1[at] === replacement) continue;
        const near = v1.slice(0, at) + replacement + v1.slice(at + 1);
        assert.equal(near.length, 64);
        const e = thrown(() => pkg.verifyWebhook(body, `t=${NOW},v1=${near}`, SECRET, { now: NOW }));
        assert.ok(e instanceof pkg.SignatureError);
        assert.equal(e.code, 'signature_mismatch', `nibble ${at}`);
      }
    }
    // Upper-case hex of the right tag is the same tag.
    assert.equal(pkg.verifyWebhook(body, `t=${NOW},v1=${v1.toUpperCase()}`, SECRET, { now: NOW }).type, 'echo');
  });

  test('every v1 candidate and every secret is evaluated: a correct v1 after 10 wrong ones, a right secret after a wrong one', () => {
    const wrong = Array.from({ length: 10 }, (_, i) => (i.toString(16).repeat(64)));
    const header = `t=${NOW},${wrong.map((w) => `v1=${w}`).join(',')},v1=${v1}`;
    assert.equal(pkg.verifyWebhook(body, header, SECRET, { now: NOW }).type, 'echo');
    assert.equal(pkg.verifyWebhook(body, header, ['whsec_a', 'whsec_b', SECRET], { now: NOW }).type, 'echo');
    assert.throws(() => pkg.verifyWebhook(body, `t=${NOW},${wrong.map((w) => `v1=${w}`).join(',')}`, SECRET, { now: NOW }), { code: 'signature_mismatch' });
  });
});

describe('the raw-body rule', () => {
  test('verifyWebhook / verifyWebhookEvents refuse a parsed object with body_not_raw and say why and what to do', () => {
    for (const fn of [pkg.verifyWebhook, pkg.verifyWebhookEvents]) {
      for (const parsed of [JSON.parse(body), [], { toJSON: () => body }]) {
        const e = thrown(() => fn(parsed, goodHeader, SECRET, { now: NOW }));
        assert.ok(e instanceof pkg.SignatureError, e?.name);
        assert.equal(e.code, 'body_not_raw');
        assert.match(e.message, /raw body/);
        assert.match(e.message, /not a parsed object/);
        assert.match(e.message, /re-serializ/);
        assert.match(e.message, /request\.text\(\)/);
        assert.match(e.message, /express\.raw/);
        assertNoSecret(e, 'body_not_raw');
      }
    }
    // The same bytes as a string verify.
    assert.equal(pkg.verifyWebhook(body, goodHeader, SECRET, { now: NOW }).type, 'echo');
  });
});

// Last: everything the library wrote to the console during this file.
test('nothing written to the console during the corpus shows a secret', (t) => {
  t.diagnostic(`${captured.length} console calls captured`);
  for (const [method, args] of captured) {
    for (const arg of args) {
      for (const view of views(arg)) {
        for (const secret of SECRETS) assert.ok(!view.includes(secret), `console.${method} showed a secret: ${view.slice(0, 200)}`);
      }
    }
  }
});
