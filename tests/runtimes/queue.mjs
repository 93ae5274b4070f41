#!/usr/bin/env node
// The Worker of examples/worker-queue at scale, in workerd (Miniflare), against the stand-in:
//
//   node tests/runtimes/queue.mjs [--messages 900] [--redeliver 100] [--concurrency 8]
//
// It bundles the example with its own `npm run build` (wrangler, offline, against pkg/), runs
// dist/ in workerd with the bindings of its wrangler.toml (the EVENTS queue and its consumer
// settings, the dead-letter queue, SEEN in KV), registers it at the stand-in as a signed
// `Message` webhook (the handshake over HTTP), and has the stand-in deliver 1,000 signed inbound
// messages: 900 people, 100 of them delivered twice (the 45 below among them; every other copy
// within 8 deliveries of the first), 8 deliveries in flight. 5 % of the replies (45) meet a 503 at
// the stand-in, a third of those with `Retry-After: 1`. Beside them, one
// message whose replies always get 503 (it must end in the dead-letter queue) and one whose reply
// gets a 400 (it must be acknowledged, not retried).
//
// Checks: every delivery answered 200; every one of the 900 messages answered by exactly one
// accepted reply, from the channel that received it to its sender, with the example's text; no
// reply for the dead letter and the 400 beyond their attempts; a retried 503 with Retry-After came
// back no sooner; each decision of the consumer on batches handed to its queue() (done, claims,
// copies in one batch, events it does not answer, JSON bodies, 429 and 503 delays); and, without
// WEBHOOK_SECRET, that the handshake is answered and deliveries get
// 503. Prints the p50/p99 of the `fetch` answers and the consumer's throughput.
// Needs pkg/ built (make build); installs the example's npm dependencies if missing (npm ci).

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE = join(ROOT, 'examples', 'worker-queue');
const T0 = performance.now();
const seconds = () => ((performance.now() - T0) / 1000).toFixed(1);

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '900' },
    redeliver: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
  },
});
const UNIQUE = Number(args.messages);
const REDELIVER = Number(args.redeliver);
const CONCURRENCY = Number(args.concurrency);
const FAULTED = Math.round(UNIQUE * 0.05); // 5 % of the replies meet a 503

class Failure extends Error {}

function fail(message) {
  throw new Failure(message);
}

function assert(ok, message) {
  if (!ok) fail(message);
}

function sh(command, commandArgs, cwd, env = {}) {
  const out = spawnSync(command, commandArgs, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (out.status !== 0) throw new Failure(`${command} ${commandArgs.join(' ')} exited ${out.status ?? out.error}\n${out.stdout}\n${out.stderr}`);
  return out;
}

async function until(what, fn, timeoutMs, explain = () => '') {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) fail(`gave up waiting for ${what} after ${timeoutMs / 1000} s${explain()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

// ------------------------------------------------------------------------------------------
// 1. The bundle, as `npm run build` makes it.

if (!existsSync(join(ROOT, 'pkg', 'workerd.js'))) fail('pkg/ is not built: run `make build` first');
if (!existsSync(join(ROOT, 'node_modules', 'ajv'))) sh('npm', ['ci', '--no-audit', '--no-fund'], ROOT); // the stand-in's
const installed = join(EXAMPLE, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(EXAMPLE, 'package-lock.json')).mtimeMs) {
  sh('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], EXAMPLE);
}
const quiet = { WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1', WRANGLER_LOG_PATH: join(EXAMPLE, 'node_modules', '.wrangler-logs') };
sh('npm', ['run', 'build', '--silent'], EXAMPLE, quiet);
const dist = join(EXAMPLE, 'dist');
const files = await readdir(dist);
const wasm = files.filter((f) => f.endsWith('.wasm'));
assert(files.includes('index.js') && wasm.length === 1, `dist/ holds ${files.join(', ')}: want index.js and one .wasm`);
const code = await readFile(join(dist, 'index.js'), 'utf8');
assert(code.includes(`from "./${wasm[0]}"`), 'the bundle does not import the .wasm as a module');
assert(/pkg\/workerd\.js|chatt2me-wasm\/workerd\.js/.test(code), "the bundle does not hold the package's workerd.js");
console.log(`[${seconds()}s] bundled: dist/index.js (${(code.length / 1024).toFixed(0)} KiB) + ${wasm[0]}`);

// ------------------------------------------------------------------------------------------
// 2. The stand-in and the Worker in workerd, with the bindings of wrangler.toml.

const { startStandin } = await import(pathToFileURL(join(ROOT, 'standin', 'server.mjs')).href);
const lib = await import(pathToFileURL(join(ROOT, 'pkg', 'node.js')).href);
const apiKey = `sk_test_queue_${randomBytes(6).toString('hex')}`;
const secret = `whsec_queue_${randomBytes(12).toString('hex')}`;
const standin = await startStandin({ quiet: true, apiKey, webhookSecret: secret });

const requireExample = (name) => import(pathToFileURL(join(EXAMPLE, 'node_modules', ...name.split('/'))).href);
const { unstable_getMiniflareWorkerOptions: workerOptionsOf } = await requireExample('wrangler/wrangler-dist/cli.js');
const { Miniflare } = await requireExample('miniflare/dist/src/index.js');
const { workerOptions: config } = workerOptionsOf(join(EXAMPLE, 'wrangler.toml'));
const replyText = config.bindings.REPLY_TEXT;
assert(config.queueProducers?.EVENTS && config.kvNamespaces?.SEEN, 'wrangler.toml binds no EVENTS queue or no SEEN namespace');
const [mainQueue, consumer] = Object.entries(config.queueConsumers).find(([, c]) => c.deadLetterQueue);
assert(mainQueue === config.queueProducers.EVENTS.queueName, 'the consumer does not read the queue EVENTS writes');
assert(config.queueConsumers[consumer.deadLetterQueue], 'the dead-letter queue has no consumer');

const logs = [];
const options = {
  host: '127.0.0.1',
  port: 0,
  handleRuntimeStdio(stdout, stderr) {
    stdout.on('data', (d) => logs.push(String(d)));
    stderr.on('data', (d) => logs.push(String(d)));
  },
  modules: true,
  scriptPath: join(dist, 'index.js'),
  modulesRoot: dist,
  modulesRules: config.modulesRules,
  compatibilityDate: config.compatibilityDate,
  compatibilityFlags: config.compatibilityFlags,
  bindings: { ...config.bindings, WEBHOOK_SECRET: secret, CHATT2ME_API_KEY: apiKey, CHATT2ME_BASE_URL: standin.url },
  kvNamespaces: config.kvNamespaces,
  queueProducers: config.queueProducers,
  queueConsumers: config.queueConsumers,
};
const mf = new Miniflare(options);

let exitCode = 0;
try {
  const url = await mf.ready;
  const seen = await mf.getKVNamespace('SEEN');

  // The Hub's side: register the Worker (its handshake, over HTTP), signed.
  const created = await fetch(`${standin.url}/v1/organization/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ label: 'queue', endpoint: new URL('/webhook', url).href, eventType: 'Message', authenticationProtocol: 'NoAuthentication', requiresSignature: true }),
  });
  const webhook = await created.json();
  assert(created.status === 201 && webhook.isVerified === true, `the stand-in could not verify the Worker: ${created.status} ${JSON.stringify(webhook)}`);
  const forged = await mf.dispatchFetch(new URL('/webhook', url), { method: 'POST', headers: { 'x-hub-signature': lib.signWebhook('{}', `${secret}x`) }, body: '{}' });
  assert(forged.status === 401, `a forged delivery got ${forged.status}, not 401`);

  // The people, half on Instagram and half on Messenger; every one a sender of their own.
  const nonce = randomBytes(3).toString('hex');
  const people = Array.from({ length: UNIQUE }, (_, i) => ({
    from: `91${String(i).padStart(8, '0')}`,
    text: `hello ${i} ${nonce}`,
    channel: i % 2 ? 'messenger' : 'instagram',
  }));
  const dead = { from: '9300000001', text: `dead letter ${nonce}`, channel: 'instagram' };
  const refused = { from: '9300000002', text: `refused ${nonce}`, channel: 'messenger' };
  // 503s for 5 % of the replies (every 20th person), a third of them with Retry-After: 1.
  const faulted = people.filter((_, i) => i % 20 === 7).slice(0, FAULTED);
  standin.state.addFaults([
    ...faulted.map((p, i) => ({ to: p.from, status: 503, ...(i % 3 === 0 ? { retryAfter: '1' } : {}) })),
    { to: dead.from, status: 503, times: 100 },
    { to: refused.from, status: 400, body: { errorMessage: 'Injected refusal', errorCode: 'invalid_payload' } },
  ]);

  console.log(`[${seconds()}s] delivering ${UNIQUE + REDELIVER} signed messages (${UNIQUE} people, ${REDELIVER} re-deliveries, ${CONCURRENCY} in flight) + 2 edge cases`);
  const started = Date.now();
  // The re-deliveries: every faulted message (its copy may come while its reply waits for a
  // retry: the claim must hold it off), then others; every other one close behind its first.
  const faultedIndexes = people.flatMap((p, i) => (faulted.includes(p) ? [i] : []));
  const others = people.flatMap((p, i) => (faulted.includes(p) ? [] : [i])).filter((i) => i % 9 === 4);
  const redeliver = [...faultedIndexes, ...others].slice(0, REDELIVER);
  assert(redeliver.length === REDELIVER, `only ${redeliver.length} messages to re-deliver`);
  const run = await standin.state.receive({ messages: [...people, dead, refused], redeliver, concurrency: CONCURRENCY, seed: 23 });
  const deliveredIn = Date.now() - started;
  const refusedDeliveries = run.deliveries.filter((d) => d.statusCode !== 200);
  assert(refusedDeliveries.length === 0, `${refusedDeliveries.length} deliveries not answered 200: ${JSON.stringify(refusedDeliveries.slice(0, 5))}\n${logs.join('').slice(-2000)}`);
  const answers = run.deliveries.map((d) => d.durationMs).sort((a, b) => a - b);
  const p50 = percentile(answers, 50);
  const p99 = percentile(answers, 99);
  console.log(`[${seconds()}s] ${run.deliveries.length} deliveries answered 200 in ${(deliveredIn / 1000).toFixed(1)} s: fetch p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${answers.at(-1).toFixed(1)} ms`);

  // Every person answered once; the dead letter kept; the refused one recorded.
  const messageIds = new Map(run.messages.map((m) => [m.from, m.messageId]));
  const okTo = (to) => standin.state.sends.filter((s) => s.body?.to === to && s.outcome === 'ok');
  await until(
    'a reply to every person',
    () => people.every((p) => okTo(p.from).length > 0),
    60_000,
    () => {
      const missing = people.filter((p) => okTo(p.from).length === 0);
      const history = (p) => standin.state.sends.filter((x) => x.body?.to === p.from).map((x) => `${x.at} ${x.outcome}`).join(', ') || 'no request';
      const plan = (p) => run.deliveries.filter((d) => d.messageId === messageIds.get(p.from)).map((d) => (d.redelivery ? 'again' : 'first')).join('+');
      return `: ${missing.length} people without a reply, e.g. ${missing.slice(0, 5).map((p) => `${p.from} (${plan(p)}; ${history(p)})`).join('; ')}`;
    },
  );
  const lastReply = Math.max(...standin.state.sends.filter((s) => s.outcome === 'ok').map((s) => Date.parse(s.at)));
  await until('the dead letter in SEEN', async () => (await seen.list({ prefix: 'dead:' })).keys.length > 0, 60_000);
  // Late duplicates would come within the longest retry delay: wait past it.
  await new Promise((r) => setTimeout(r, 3000));

  const channelId = Object.fromEntries(standin.state.channels.map((c) => [c.kind, c.id]));
  const done = new Set();
  for (let cursor; ; ) {
    const page = await seen.list({ prefix: 'done:', cursor });
    for (const k of page.keys) done.add(k.name);
    if (page.list_complete) break;
    cursor = page.cursor;
  }
  for (const p of people) {
    const replies = okTo(p.from);
    assert(replies.length === 1, `${p.from} got ${replies.length} replies`);
    const [reply] = replies;
    assert(
      reply.path === `/v1/communication/${p.channel}/message` && reply.body.from === channelId[p.channel] && reply.body.content?.text === replyText && reply.hasApiKey,
      `the reply to ${p.from} is not the expected one: ${JSON.stringify(reply)}`,
    );
    assert(done.has(`done:${p.channel}:${messageIds.get(p.from)}`), `${p.from}: no done: mark in SEEN`);
  }
  const okReplies = standin.state.sends.filter((s) => s.outcome === 'ok');
  assert(okReplies.length === UNIQUE, `${okReplies.length} accepted replies for ${UNIQUE} people`);
  assert(standin.state.duplicates === 0, `the stand-in counted ${standin.state.duplicates} duplicate sends`);

  const faults503 = standin.state.sends.filter((s) => s.outcome === 'faulted' && s.body?.to !== dead.from && s.body?.to !== refused.from);
  assert(faults503.length === FAULTED, `${faults503.length} replies met a 503 (want ${FAULTED})`);
  // Retry-After: 1 honoured: the retry came a second or more after the 503.
  for (const [i, p] of faulted.entries()) {
    if (i % 3 !== 0) continue;
    const attempts = standin.state.sends.filter((s) => s.body?.to === p.from).map((s) => Date.parse(s.at));
    assert(attempts.length === 2 && attempts[1] - attempts[0] >= 950, `${p.from}: the retry after Retry-After: 1 came ${attempts[1] - attempts[0]} ms later`);
  }

  const deadAttempts = standin.state.sends.filter((s) => s.body?.to === dead.from);
  const maxAttempts = consumer.maxRetries + 1;
  assert(deadAttempts.length === maxAttempts && deadAttempts.every((s) => s.outcome === 'faulted'), `the dead letter was tried ${deadAttempts.length} times (want ${maxAttempts})`);
  const deadKeys = (await seen.list({ prefix: 'dead:' })).keys.map((k) => k.name);
  assert(deadKeys.length === 1 && deadKeys[0] === `dead:instagram:${messageIds.get(dead.from)}`, `dead letters in SEEN: ${deadKeys.join(', ')}`);
  const kept = lib.reviveWebhookEvent(await seen.get(deadKeys[0]));
  assert(kept.type === 'message' && kept.from === dead.from && kept.timestamp instanceof Date && kept.raw?.content?.text === dead.text, 'the dead letter does not keep the event');

  const refusedAttempts = standin.state.sends.filter((s) => s.body?.to === refused.from);
  assert(refusedAttempts.length === 1 && refusedAttempts[0].outcome === 'faulted', `the 400 was tried ${refusedAttempts.length} times (want 1)`);
  const refusedMark = await seen.get(`done:messenger:${messageIds.get(refused.from)}`, 'json');
  assert(refusedMark?.failed === 'bad_request', `the 400 is recorded as ${JSON.stringify(refusedMark)}`);

  // The consumer's figures: replies per second from the first delivery to the last reply, how
  // far the last reply came after the last delivery, and each message's wait from its first
  // delivery to its reply (the faulted ones included).
  const span = (lastReply - started) / 1000;
  const lastDelivered = started + deliveredIn;
  const deliveredAt = new Map();
  for (const d of standin.state.deliveries) if (d.inbound && !deliveredAt.has(d.messageId)) deliveredAt.set(d.messageId, Date.parse(d.sentAt));
  const waits = people
    .map((p) => Date.parse(okTo(p.from)[0].at) - deliveredAt.get(messageIds.get(p.from)))
    .sort((a, b) => a - b);
  const rate = (UNIQUE / span).toFixed(0);
  console.log(
    `[${seconds()}s] consumer: ${UNIQUE} people answered exactly once (${REDELIVER} re-deliveries skipped, ${FAULTED} 503s retried) ` +
      `in ${span.toFixed(1)} s from the first delivery: ${rate} replies/s; last reply ${((lastReply - lastDelivered) / 1000).toFixed(1)} s after the last delivery; ` +
      `delivery to reply p50 ${percentile(waits, 50)} ms, p99 ${percentile(waits, 99)} ms; dead letter after ${maxAttempts} attempts kept in SEEN; the 400 acknowledged after 1`,
  );
  // The consumer's decisions, one batch each, handed to its queue() directly (Fetcher.queue, as
  // the queue broker does): what it acknowledges, retries (after how long) and replies to.
  const worker = await mf.getWorker();
  const inbound = (n, extra = {}) =>
    lib.parseWebhook(JSON.stringify({ eventType: 'Message', channelId: channelId.instagram, messageId: `d${n}-${nonce}`, from: `950000000${n}`, timestamp: 1700000000, channel: 'instagram', content: { type: 'text', text: `case ${n}` }, ...extra }));
  const key = (n) => `instagram:d${n}-${nonce}`;
  const batchOf = async (messages) => {
    const result = await worker.queue(mainQueue, messages.map(([id, body, attempts = 1]) => ({ id, timestamp: new Date(), body, attempts })));
    assert(result.outcome === 'ok' && !result.ackAll && !result.retryBatch.retry, `queue() failed: ${JSON.stringify(result)}`);
    return { acked: [...result.explicitAcks].sort(), retried: Object.fromEntries(result.retryMessages.map((r) => [r.msgId, r.delaySeconds])) };
  };
  const repliesTo = (n) => okTo(`950000000${n}`).length;
  const cases = [
    ['answered before (done:)', async () => {
      await seen.put(`done:${key(1)}`, '{"replied":"x"}');
      return [await batchOf([['c1', inbound(1)]]), 0, { acked: ['c1'], retried: {} }];
    }],
    ['claimed by another message', async () => {
      await seen.put(`claim:${key(2)}`, 'someone-else');
      return [await batchOf([['c2', inbound(2)]]), 0, { acked: ['c2'], retried: {} }];
    }],
    ['a copy ahead of the retry that holds the claim, in one batch', async () => {
      await seen.put(`claim:${key(3)}`, 'c3-first');
      return [await batchOf([['c3-copy', inbound(3)], ['c3-first', inbound(3), 2]]), 1, { acked: ['c3-copy', 'c3-first'], retried: {} }];
    }],
    ['two fresh copies in one batch', async () => [await batchOf([['c4-a', inbound(4)], ['c4-b', inbound(4)]]), 1, { acked: ['c4-a', 'c4-b'], retried: {} }]],
    ['a status, an echo and a body that is no event', async () => {
      const status = lib.parseWebhook('{"eventType":"MessageStatus","messageId":"s1","status":"sent","timestamp":1700000000,"channel":"instagram"}');
      return [await batchOf([['c5-s', status], ['c5-e', inbound(5, { isEcho: true, eventType: 'message_echoes' })], ['c5-x', { hello: 'world' }]]), 0, { acked: ['c5-e', 'c5-s', 'c5-x'], retried: {} }];
    }],
    ['the JSON of an event (the "json" content type)', async () => [await batchOf([['c6', JSON.parse(JSON.stringify(inbound(6)))]]), 1, { acked: ['c6'], retried: {} }]],
    ['429 with Retry-After: 7', async () => {
      standin.state.addFaults({ to: '9500000007', status: 429, retryAfter: '7' });
      return [await batchOf([['c7', inbound(7)]]), 0, { acked: [], retried: { c7: 7 } }];
    }],
    ['503 without Retry-After on the third attempt', async () => {
      await seen.put(`claim:${key(8)}`, 'c8');
      standin.state.addFaults({ to: '9500000008', status: 503 });
      return [await batchOf([['c8', inbound(8), 3]]), 0, { acked: [], retried: { c8: 4 } }];
    }],
  ];
  for (const [name, run1] of cases) {
    const n = cases.findIndex(([other]) => other === name) + 1;
    const [got, replies, want] = await run1();
    assert(JSON.stringify(got) === JSON.stringify(want), `consumer, ${name}: ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    assert(repliesTo(n) === replies, `consumer, ${name}: ${repliesTo(n)} replies, want ${replies}`);
  }
  console.log(`[${seconds()}s] consumer decisions: ${cases.map(([name]) => name).join('; ')}: as expected`);

  // Before WEBHOOK_SECRET is set: the handshake is answered, deliveries are refused (503).
  const { WEBHOOK_SECRET: _, ...unset } = options.bindings;
  await mf.setOptions({ ...options, bindings: unset });
  const token = `token-${nonce}`;
  const handshake = await mf.dispatchFetch('http://example.test/webhook', { method: 'POST', headers: { 'x-validation-token': token } });
  assert(handshake.status === 200 && (await handshake.text()) === JSON.stringify(token), `without WEBHOOK_SECRET the handshake got ${handshake.status}`);
  const body = JSON.stringify({ eventType: 'Message', channelId: channelId.instagram, messageId: `m-${nonce}`, from: '9400000001', timestamp: 1700000000, channel: 'instagram', content: { type: 'text', text: 'x' } });
  const unsigned = await mf.dispatchFetch('http://example.test/webhook', { method: 'POST', headers: { 'x-hub-signature': lib.signWebhook(body, secret) }, body });
  assert(unsigned.status === 503, `without WEBHOOK_SECRET a delivery got ${unsigned.status}, not 503`);
  await unsigned.arrayBuffer();

  console.log(`queue: pass (fetch p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ${rate} replies/s; delivery to reply p50 ${percentile(waits, 50)} ms)`);
} catch (error) {
  console.error(`queue: FAIL ${error instanceof Failure ? error.message : error?.stack ?? error}\n${logs.join('').slice(-3000)}`);
  exitCode = 1;
} finally {
  await mf.dispose();
  await standin.close();
}
process.exit(exitCode);
