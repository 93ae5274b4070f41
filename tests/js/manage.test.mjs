// hub.webhooks (issue #13) through the built package, against the real stand-in of the Hub API
// over loopback HTTP, with a real local receiver. Requests are counted at the server (the
// stand-in's call log), never inferred from the client.
// Run: node --test tests/js/manage.test.mjs

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import util from 'node:util';
import { startStandin } from '../../standin/server.mjs';
import * as pkg from '../../pkg/node.js';

const { Chatt2me, ApiError, ValidationError, TimeoutError, AbortError, NetworkError } = pkg;

const KEY = 'sk_live_MANAGE_SECRET_789';
const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const IGSID = '847495124317323';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MISSING = '00000000-0000-4000-8000-000000000000';
const WEBHOOK_KEYS = [
  'active', 'applicationId', 'authenticationProtocol', 'createdDate', 'endpoint', 'eventType', 'id',
  'isVerified', 'label', 'lastModifiedDate', 'numberOfErrors', 'raw', 'requiresSignature', 'scope',
  'signingSecret', 'verifiedAt',
];
const LOG_KEYS = [
  'createdDate', 'id', 'isDeleted', 'messageId', 'raw', 'responseBody', 'sendAt', 'status', 'statusCode',
  'webhook', 'webhookId',
];

let standin;
let receiver;

/** A webhook receiver on loopback: passes the handshake; answers deliveries with `status`. */
async function startReceiver() {
  const r = { status: 200, deliveries: [], handshakes: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const token = req.headers['x-validation-token'];
      if (token !== undefined) {
        r.handshakes += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(token));
        return;
      }
      r.deliveries.push(JSON.parse(body));
      res.writeHead(r.status).end(r.status < 300 ? 'OK' : 'Broken on purpose');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${server.address().port}/hook`;
  r.close = () => new Promise((resolve) => server.close(resolve));
  return r;
}

before(async () => {
  standin = await startStandin({ quiet: true, apiKey: KEY });
  receiver = await startReceiver();
});
after(async () => {
  await standin?.close();
  await receiver?.close();
});
beforeEach(() => {
  standin.state.reset();
  receiver.status = 200;
});

const hub = (options = {}) => new Chatt2me({ apiKey: KEY, baseUrl: standin.url, timeoutMs: 10_000, ...options });
const input = (extra = {}) => ({
  label: 'Orders',
  endpoint: receiver.url,
  eventType: 'Message',
  authenticationProtocol: 'NoAuthentication',
  ...extra,
});
/** The management requests the server saw (method and path). */
const calls = (method) =>
  standin.state.calls.filter((c) => c.path.startsWith('/v1/organization/webhook') && (!method || c.method === method));
const faults = (...list) => standin.state.addFaults(list);

/** Every way the key could show: message, stack, inspection, JSON, cause. */
function assertNoKey(error) {
  const seen = [String(error), error.stack, util.inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error)];
  for (const text of seen) assert.ok(!String(text).includes(KEY), `the key leaked: ${text}`);
}

async function rejects(promise, Class, code) {
  const error = await promise.then(
    (value) => assert.fail(`resolved with ${util.inspect(value)}`),
    (e) => e,
  );
  assert.ok(error instanceof Class, `${error?.name}: ${error?.message}`);
  assert.equal(error.code, code, error.message);
  assertNoKey(error);
  return error;
}

describe('create, get, update, delete', () => {
  test('create answers the typed Webhook: dates as Date, verified by the handshake, raw exact', async () => {
    const before = receiver.handshakes;
    const webhook = await hub().webhooks.create(input({ headers: [{ key: 'X-Receiver', value: 'r1' }] }));
    assert.deepEqual(Object.keys(webhook).sort(), WEBHOOK_KEYS);
    assert.match(webhook.id, UUID);
    assert.equal(webhook.label, 'Orders');
    assert.equal(webhook.endpoint, receiver.url);
    assert.equal(webhook.isVerified, true);
    assert.ok(webhook.createdDate instanceof Date && !Number.isNaN(webhook.createdDate.getTime()));
    assert.ok(webhook.verifiedAt instanceof Date);
    assert.equal(webhook.signingSecret, null);
    assert.equal(webhook.raw.id, webhook.id);
    assert.equal(webhook.raw.createdDate, webhook.createdDate.toISOString());
    assert.equal(receiver.handshakes, before + 1);
    assert.equal(calls('POST').length, 1);
  });

  test('signing on: the secret is in the create answer only', async () => {
    const webhook = await hub().webhooks.create(input({ requiresSignature: true }));
    assert.equal(typeof webhook.signingSecret, 'string');
    assert.ok(webhook.signingSecret.length >= 16);
    const again = await hub().webhooks.get(webhook.id);
    assert.equal(again.signingSecret, null);
    assert.equal(again.requiresSignature, true);
  });

  test('every problem of an input is reported by path, before any request', async () => {
    const error = await rejects(
      hub().webhooks.create({
        endpoint: 'http://example.com/hook',
        eventType: 'Messages',
        authenticationProtocol: 'NoAuthentication',
        headers: [{ key: 'X-A', value: 'a\r\nInjected: 1' }, { key: 'Content-Length', value: '1' }],
        lable: 'typo',
      }),
      ValidationError,
      'validation_failed',
    );
    assert.deepEqual(
      error.issues.map((i) => [i.path, i.code]),
      [
        ['lable', 'unknown_field'],
        ['endpoint', 'invalid_url'],
        ['eventType', 'invalid_value'],
        ['headers[0].value', 'invalid_format'],
        ['headers[1].key', 'invalid_value'],
      ],
    );
    assert.match(error.issues[0].message, /did you mean `label`/);
    await rejects(hub().webhooks.get('not-a-uuid'), ValidationError, 'validation_failed');
    await rejects(hub().webhooks.update(MISSING, {}), ValidationError, 'validation_failed');
    await rejects(hub().webhooks.list({ limit: 51 }), ValidationError, 'validation_failed');
    await rejects(hub().webhooks.listLogs(MISSING, { status: 'Pending' }), ValidationError, 'validation_failed');
    await rejects(hub().webhooks.retryLogs(MISSING, []), ValidationError, 'validation_failed');
    const dup = await rejects(hub().webhooks.retryLogs(MISSING, [MISSING, MISSING]), ValidationError, 'validation_failed');
    assert.deepEqual(dup.issues.map((i) => [i.path, i.code]), [['webhookLogIds[1]', 'conflict']]);
    const ids = await rejects(hub().webhooks.retryLog(7, 'x'), ValidationError, 'validation_failed');
    assert.deepEqual(ids.issues.map((i) => i.path), ['webhookId', 'webhookLogId']);
    assert.throws(() => hub().webhooks.all({ limit: 0 }), ValidationError);
    assert.equal(calls().length, 0, 'no request for an invalid input');
  });

  test('update changes the fields given; a new endpoint runs the handshake again', async () => {
    const created = await hub().webhooks.create(input());
    const handshakes = receiver.handshakes;
    const renamed = await hub().webhooks.update(created.id, { label: 'Renamed' });
    assert.equal(renamed.label, 'Renamed');
    assert.equal(renamed.id, created.id);
    assert.ok(renamed.lastModifiedDate instanceof Date && created.lastModifiedDate instanceof Date);
    assert.ok(renamed.lastModifiedDate.getTime() >= created.lastModifiedDate.getTime());
    assert.equal(receiver.handshakes, handshakes, 'no handshake when the endpoint is unchanged');
    const moved = await hub().webhooks.update(created.id, { endpoint: `${receiver.url}/v2` });
    assert.equal(moved.endpoint, `${receiver.url}/v2`);
    assert.equal(receiver.handshakes, handshakes + 1);
    assert.equal(calls('PATCH').length, 2);
  });

  test('delete answers undefined; the webhook is gone (webhook_not_found, from the body)', async () => {
    const created = await hub().webhooks.create(input());
    assert.equal(await hub().webhooks.delete(created.id), undefined);
    const error = await rejects(hub().webhooks.get(created.id), ApiError, 'webhook_not_found');
    assert.equal(error.status, 404);
    assert.equal(error.errorCode, 'webhook_not_found');
    await rejects(hub().webhooks.delete(MISSING), ApiError, 'webhook_not_found');
    await rejects(hub().webhooks.update(MISSING, { label: 'x' }), ApiError, 'webhook_not_found');
  });

  test('a wrong key is unauthorized, and the key is in no error', async () => {
    const error = await rejects(
      new Chatt2me({ apiKey: 'sk_live_WRONG', baseUrl: standin.url }).webhooks.list(),
      ApiError,
      'unauthorized',
    );
    assert.equal(error.status, 401);
  });
});

describe('pages', () => {
  test('list pages with offset and limit; all() iterates every webhook to the end', async () => {
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await hub().webhooks.create(input({ label: `w${i}` }))).id);
    const first = await hub().webhooks.list({ offset: 0, limit: 3 });
    assert.equal(first.data.length, 3);
    assert.deepEqual(first.pagination, { offset: 0, limit: 3, total: 7, totalPages: 3 });
    const last = await hub().webhooks.list({ offset: 6, limit: 3 });
    assert.equal(last.data.length, 1);
    const seen = [];
    const before = calls('GET').length;
    for await (const webhook of hub().webhooks.all({ limit: 3 })) {
      assert.ok(webhook.createdDate instanceof Date);
      seen.push(webhook.id);
    }
    assert.deepEqual([...seen].sort(), [...ids].sort());
    assert.equal(calls('GET').length - before, 3, 'one request per page');
  });

  test('allLogs filters by status and reads to the end', async () => {
    const webhook = await hub().webhooks.create(input());
    receiver.status = 500;
    for (let i = 0; i < 3; i++) await hub().sendInstagramMessage({ from: IG, to: IGSID, content: { text: `m${i}` } });
    await standin.state.settled();
    receiver.status = 200;
    await hub().sendInstagramMessage({ from: IG, to: IGSID, content: { text: 'ok' } });
    await standin.state.settled();
    const failed = [];
    for await (const log of hub().webhooks.allLogs(webhook.id, { status: 'Error', limit: 2 })) failed.push(log);
    assert.equal(failed.length, 3);
    assert.ok(failed.every((l) => l.status === 'Error' && l.statusCode === 500 && l.webhookId === webhook.id));
    const all = [];
    for await (const log of hub().webhooks.allLogs(webhook.id)) all.push(log);
    assert.equal(all.length, 4);
  });

  test('aborting mid-iteration rejects the next page and ends the iteration', async () => {
    for (let i = 0; i < 5; i++) await hub().webhooks.create(input({ label: `w${i}` }));
    const controller = new AbortController();
    const pages = hub().webhooks.all({ limit: 2 }, { signal: controller.signal });
    const got = [];
    const error = await (async () => {
      try {
        for await (const webhook of pages) {
          got.push(webhook.id);
          if (got.length === 3) controller.abort(new Error('enough'));
        }
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof AbortError, String(error));
    assert.equal(got.length, 3);
    assert.deepEqual(await pages.next(), { value: undefined, done: true });
  });

  test('an abort while the last page is being handed out still ends the iteration', async () => {
    for (let i = 0; i < 4; i++) await hub().webhooks.create(input({ label: `w${i}` }));
    const controller = new AbortController();
    const pages = hub().webhooks.all({ limit: 50 }, { signal: controller.signal });
    assert.equal((await pages.next()).done, false);
    controller.abort();
    await rejects(pages.next(), AbortError, 'aborted');
    assert.deepEqual(await pages.next(), { value: undefined, done: true });
  });

  test('return() while a page is on its way drops it and fetches nothing more', async () => {
    for (let i = 0; i < 3; i++) await hub().webhooks.create(input({ label: `w${i}` }));
    faults({ path: '/v1/organization/webhook', method: 'GET', kind: 'slow', delayMs: 200 });
    const pages = hub().webhooks.all({ limit: 1 });
    const pending = pages.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(await pages.return(), { value: undefined, done: true });
    assert.deepEqual(await pending, { value: undefined, done: true });
    assert.deepEqual(await pages.next(), { value: undefined, done: true });
    assert.equal(calls('GET').length, 1);
  });

  test('break ends it without fetching further pages', async () => {
    for (let i = 0; i < 5; i++) await hub().webhooks.create(input({ label: `w${i}` }));
    const before = calls('GET').length;
    for await (const webhook of hub().webhooks.all({ limit: 2 })) {
      assert.match(webhook.id, UUID);
      break;
    }
    assert.equal(calls('GET').length - before, 1);
  });
});

describe('logs and retries', () => {
  test('a failed delivery is found, re-sent, and the new log succeeds', async () => {
    const webhook = await hub().webhooks.create(input());
    receiver.status = 503;
    const sent = await hub().sendInstagramMessage({ from: IG, to: IGSID, content: { text: 'retry me' } });
    await standin.state.settled();
    const { data, pagination } = await hub().webhooks.listLogs(webhook.id, { status: 'Error' });
    assert.equal(data.length, 1);
    assert.equal(pagination.total, 1);
    const [failed] = data;
    assert.deepEqual(Object.keys(failed).sort(), LOG_KEYS);
    assert.equal(failed.statusCode, 503);
    assert.equal(failed.responseBody, 'Broken on purpose');
    assert.equal(failed.messageId, sent.messageId);
    assert.ok(failed.sendAt instanceof Date);
    assert.deepEqual(failed.webhook, { id: webhook.id, endpoint: webhook.endpoint, eventType: 'Message' });
    // 'Failed' is the docs site's name for the same filter.
    assert.deepEqual((await hub().webhooks.listLogs(webhook.id, { status: 'Failed' })).data.map((l) => l.id), [failed.id]);

    receiver.status = 200;
    const delivered = receiver.deliveries.length;
    const retried = await hub().webhooks.retryLog(webhook.id, failed.id);
    assert.equal(receiver.deliveries.length, delivered + 1, 'the retry delivered the event again');
    assert.deepEqual(receiver.deliveries.at(-1), receiver.deliveries.at(-2), 'the same event body');
    assert.equal(retried.success, true);
    assert.match(retried.newLogId, UUID);
    const ok = await hub().webhooks.listLogs(webhook.id, { status: 'Success' });
    assert.deepEqual(ok.data.map((l) => [l.id, l.statusCode, l.messageId]), [[retried.newLogId, 200, sent.messageId]]);

    const refused = await rejects(hub().webhooks.retryLog(webhook.id, retried.newLogId), ApiError, 'bad_request');
    assert.equal(refused.status, 400);
    assert.match(refused.errorMessage, /cannot be retried/);
    await rejects(hub().webhooks.retryLog(webhook.id, MISSING), ApiError, 'log_not_found');
  });

  test('bulk retry answers one result per id, in order', async () => {
    const webhook = await hub().webhooks.create(input());
    receiver.status = 500;
    await hub().sendInstagramMessage({ from: IG, to: IGSID, content: { text: 'a' } });
    await hub().sendInstagramMessage({ from: IG, to: IGSID, content: { text: 'b' } });
    await standin.state.settled();
    const failed = (await hub().webhooks.listLogs(webhook.id, { status: 'Error' })).data.map((l) => l.id);
    assert.equal(failed.length, 2);
    receiver.status = 200;
    const { results } = await hub().webhooks.retryLogs(webhook.id, [failed[0], MISSING, failed[1]]);
    assert.deepEqual(results.map((r) => [r.webhookLogId, r.success]), [[failed[0], true], [MISSING, false], [failed[1], true]]);
    assert.equal(results[1].newLogId, null);
    assert.ok(results[0].newLogId !== failed[0] && UUID.test(results[0].newLogId));
    assert.equal((await hub().webhooks.listLogs(webhook.id, { status: 'Success' })).data.length, 2);
  });
});

describe('retries, timeouts and aborts', () => {
  test('GET and DELETE retry 5xx, PATCH never does; the server counts every attempt', async () => {
    const created = await hub().webhooks.create(input());
    faults({ path: '/v1/organization/webhook', method: 'GET', status: 503, times: 2 });
    const before = calls('GET').length;
    const page = await hub({ maxRetries: 2 }).webhooks.list();
    assert.equal(page.data.length, 1);
    assert.equal(calls('GET').length - before, 3);

    // Issue #18: a PATCH may turn signing on and issue a secret shown once; it is never repeated.
    faults({ path: `/v1/organization/webhook/${created.id}`, method: 'PATCH', status: 502, times: 1 });
    const patched = await rejects(hub({ maxRetries: 2 }).webhooks.update(created.id, { label: 'again' }), ApiError, 'server_error');
    assert.equal(patched.attempts, 1);
    assert.match(patched.message, /whether the webhook was changed is unknown/);
    assert.ok(patched.message.includes(`hub.webhooks.get("${created.id}")`), patched.message);
    assert.equal(calls('PATCH').length, 1);

    faults({ path: '/v1/organization/webhook', method: 'GET', status: 500, times: 5 });
    const error = await rejects(hub({ maxRetries: 2 }).webhooks.get(created.id), ApiError, 'server_error');
    assert.equal(error.attempts, 3);
  });

  test('DELETE retries a 504; PATCH and POST are not retried after a dropped connection', async () => {
    const created = await hub().webhooks.create(input());
    faults({ path: `/v1/organization/webhook/${created.id}`, method: 'DELETE', status: 504, times: 1 });
    assert.equal(await hub({ maxRetries: 1 }).webhooks.delete(created.id), undefined);
    assert.equal(calls('DELETE').length, 2);
    const other = await hub().webhooks.create(input());
    faults({ path: `/v1/organization/webhook/${other.id}`, method: 'PATCH', kind: 'drop', times: 1 });
    const dropped = await rejects(hub({ maxRetries: 2 }).webhooks.update(other.id, { label: 'kept' }), NetworkError, 'network');
    assert.equal(dropped.attempts, 1);
    assert.match(dropped.message, /whether the webhook was changed is unknown, so the request was not repeated/);
    assert.equal(calls('PATCH').length, 1);
    const posts = calls('POST').length;
    faults({ path: '/v1/organization/webhook', method: 'POST', kind: 'drop', times: 1 });
    const error = await rejects(hub({ maxRetries: 2 }).webhooks.create(input()), NetworkError, 'network');
    assert.equal(error.attempts, 1);
    assert.match(error.message, /whether the webhook was created is unknown/);
    assert.equal(calls('POST').length - posts, 1);
  });

  test('a POST is not retried on a 5xx: it may have been processed', async () => {
    faults({ path: '/v1/organization/webhook', method: 'POST', status: 500, times: 3 });
    const error = await rejects(hub({ maxRetries: 2 }).webhooks.create(input()), ApiError, 'server_error');
    assert.equal(error.attempts, 1);
    assert.equal(calls('POST').length, 1);
  });

  test('a GET is retried after a dropped connection', async () => {
    faults({ path: '/v1/organization/webhook', method: 'GET', kind: 'drop', times: 1 });
    const page = await hub({ maxRetries: 1 }).webhooks.list();
    assert.deepEqual(page.data, []);
    assert.equal(calls('GET').length, 2);
    faults({ path: '/v1/organization/webhook', method: 'GET', kind: 'drop', times: 5 });
    const error = await rejects(hub({ maxRetries: 1 }).webhooks.list(), NetworkError, 'network');
    assert.equal(error.attempts, 2);
  });

  test('timeoutMs and signal apply to each call', async () => {
    faults({ path: '/v1/organization/webhook', kind: 'hang', times: 1 });
    await rejects(hub().webhooks.list({}, { timeoutMs: 200 }), TimeoutError, 'timeout');
    const controller = new AbortController();
    controller.abort();
    await rejects(hub().webhooks.list(undefined, { signal: controller.signal }), AbortError, 'aborted');
  });

  test('an error body quoting the key is redacted', async () => {
    faults({ path: '/v1/organization/webhook', status: 400, body: { errorMessage: `bad key ${KEY}`, errorCode: 'x' } });
    const error = await rejects(hub().webhooks.create(input()), ApiError, 'bad_request');
    assert.match(error.errorMessage, /\[redacted\]/);
  });
});

describe('answers of other servers (an injected fetch)', () => {
  const ID = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
  const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const served = (answer) => {
    const urls = [];
    const fetch = async (url) => {
      urls.push(new URL(url));
      return answer(new URL(url));
    };
    return { urls, hub: new Chatt2me({ apiKey: KEY, baseUrl: 'https://api.example', fetch, maxRetries: 0 }) };
  };
  const webhooks = (from, n) => Array.from({ length: n }, (_, i) => ({ id: `w${from + i}` }));

  test('pages shorter than asked for: total decides, every item is read', async () => {
    const { urls, hub } = served((url) => {
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return json({ data: webhooks(offset, Math.max(0, Math.min(20, 45 - offset))), pagination: { offset, limit: 20, total: 45, totalPages: 3 } });
    });
    const ids = [];
    for await (const w of hub.webhooks.all()) ids.push(w.id);
    assert.equal(ids.length, 45);
    assert.equal(new Set(ids).size, 45);
    assert.deepEqual(urls.map((u) => u.searchParams.get('offset')), [null, '20', '40']);
  });

  test('a server that ignores offset and gives no total does not hold the iteration for ever', async () => {
    const { urls, hub } = served(() => json({ data: webhooks(0, 50), pagination: {} }));
    const ids = [];
    for await (const w of hub.webhooks.all()) ids.push(w.id);
    assert.equal(ids.length, 50, 'the repeated page is not handed out again');
    assert.equal(urls.length, 2);
  });

  test('raw keeps integers a double cannot hold; a generic 404 is not_found', async () => {
    const body = `{"id":"${ID}","numberOfErrors":3,"future":123456789012345678901234}`;
    const { hub } = served(() => new Response(body, { status: 200 }));
    const webhook = await hub.webhooks.get(ID);
    assert.equal(webhook.raw.future, '123456789012345678901234');
    assert.equal(webhook.numberOfErrors, 3);
    const generic = served(() => json({ errorMessage: 'Application, channel, webhook, or log not found for the credentials used' }, 404));
    await rejects(generic.hub.webhooks.get(ID), ApiError, 'not_found');
    await rejects(generic.hub.sendInstagramMessage({ from: IG, to: IGSID, content: { text: 'x' } }), ApiError, 'not_found');
  });
});

/**
 * A gateway in front of the stand-in that lets the Hub act and then loses its answer: the
 * request is forwarded and processed, and the client gets `lose` (a 504, or a dropped
 * connection) instead, for the first `times` requests matching `method`.
 */
async function startLossyGateway(method, times, lose) {
  const g = { forwarded: 0 };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const answer = await fetch(standin.url + req.url, {
        method: req.method,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')),
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const body = Buffer.from(await answer.arrayBuffer());
      g.forwarded += 1;
      if (req.method === method && times > 0) {
        times -= 1;
        if (lose === 'drop') return req.socket.destroy();
        return res.writeHead(504, { 'content-type': 'text/html' }).end('<html>504 Gateway Time-out</html>');
      }
      res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  g.url = `http://127.0.0.1:${server.address().port}`;
  g.close = () => new Promise((resolve) => server.close(resolve));
  return g;
}

describe('a gateway that lets the Hub act, then loses the answer (issue #18)', () => {
  test('update({ requiresSignature: true }) is sent once; the error says the secret may have rotated unseen and how to get one', async () => {
    const created = await hub().webhooks.create(input());
    const gateway = await startLossyGateway('PATCH', 1, '504');
    try {
      const client = new Chatt2me({ apiKey: KEY, baseUrl: gateway.url, maxRetries: 2 });
      const error = await rejects(client.webhooks.update(created.id, { requiresSignature: true }), ApiError, 'server_error');
      assert.equal(error.status, 504);
      assert.equal(error.attempts, 1);
      assert.equal(calls('PATCH').length, 1, 'the PATCH reached the Hub once');
      assert.match(error.message, /whether the webhook was changed is unknown/);
      assert.match(error.message, /signing secret that nobody saw/);
      assert.match(error.message, /redefine signature/);
      assert.match(error.message, /delete the webhook and create it again with requiresSignature: true/);
      // The Hub did act: signing is on, with a secret the caller never saw.
      const now = await hub().webhooks.get(created.id);
      assert.equal(now.requiresSignature, true);
      assert.equal(now.signingSecret, null);
      // The way out the message names works through the API, and shows a secret.
      await hub().webhooks.delete(created.id);
      const fresh = await hub().webhooks.create(input({ requiresSignature: true }));
      assert.equal(typeof fresh.signingSecret, 'string');
      assert.ok(fresh.signingSecret.length > 0);
    } finally {
      await gateway.close();
    }
  });

  test('a dropped answer to update is a NetworkError that says the outcome is unknown, sent once', async () => {
    const created = await hub().webhooks.create(input());
    const gateway = await startLossyGateway('PATCH', 1, 'drop');
    try {
      const client = new Chatt2me({ apiKey: KEY, baseUrl: gateway.url, maxRetries: 2 });
      const error = await rejects(client.webhooks.update(created.id, { label: 'renamed' }), NetworkError, 'network');
      assert.equal(error.attempts, 1);
      assert.match(error.message, /whether the webhook was changed is unknown/);
      assert.doesNotMatch(error.message, /signing secret/);
      assert.equal(calls('PATCH').length, 1);
      assert.equal((await hub().webhooks.get(created.id)).label, 'renamed');
    } finally {
      await gateway.close();
    }
  });

  test('delete that acted behind a 504 is retried, and the 404 of the retry resolves as deleted', async () => {
    const created = await hub().webhooks.create(input());
    const gateway = await startLossyGateway('DELETE', 1, '504');
    try {
      const client = new Chatt2me({ apiKey: KEY, baseUrl: gateway.url, maxRetries: 2 });
      assert.equal(await client.webhooks.delete(created.id), undefined);
      assert.equal(calls('DELETE').length, 2, 'deleted by the first, 404 to the second');
      await rejects(hub().webhooks.get(created.id), ApiError, 'webhook_not_found');
    } finally {
      await gateway.close();
    }
  });

  test('delete after a dropped answer resolves as deleted too; a first-attempt 404 stays webhook_not_found', async () => {
    const created = await hub().webhooks.create(input());
    const gateway = await startLossyGateway('DELETE', 1, 'drop');
    try {
      const client = new Chatt2me({ apiKey: KEY, baseUrl: gateway.url, maxRetries: 2 });
      assert.equal(await client.webhooks.delete(created.id), undefined);
      assert.equal(calls('DELETE').length, 2);
    } finally {
      await gateway.close();
    }
    await rejects(hub().webhooks.delete(created.id), ApiError, 'webhook_not_found');
  });
});
