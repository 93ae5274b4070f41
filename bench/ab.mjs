// A/B of pkg/ builds in one process (`node bench/ab.mjs pkg /tmp/pkgB ...`): parse, build and a
// send's own work per build, as ratios to the same floors the bench uses, paired per round.
// AB_ONLY=parse,build,send picks sections, AB_ROUNDS the rounds. `--dump-bodies FILE` writes the
// bench's send bodies as JSON for the native bench (examples/core_bench.rs) and exits.
import { bench, pairedRatio, pairedDiff } from './lib/timing.mjs';
import { webhookFixtures } from './lib/fixtures.mjs';
import { sendBodies, SEND_BODY } from './lib/send-bodies.mjs';
import { ANSWER } from './lib/servers.mjs';
import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';

const dump = process.argv.indexOf('--dump-bodies');
if (dump >= 0) {
  const bodies = sendBodies().map(({ channel, body }) => ({ channel, body }));
  writeFileSync(process.argv[dump + 1], JSON.stringify(bodies));
  process.exit(0);
}
const dirs = process.argv.slice(2);
const only = process.env.AB_ONLY ?? 'parse,build,send';
const libs = [];
for (const d of dirs) libs.push({ name: d, lib: await import(resolve(d, 'node.js')) });
const texts = webhookFixtures().map((f) => f.text);
const n = texts.length;
const opts = { rounds: Number(process.env.AB_ROUNDS ?? 20), sampleMs: 20, warmupMs: 500, maxWarmupMs: 3000, minWarmupCalls: 20000 };
const fmt = (ns) => `${(ns / 1000).toFixed(2)} µs`;
const report = (title, results, floorName) => {
  const floor = results.find((r) => r.name === floorName);
  console.log(`\n${title}`);
  for (const r of results) console.log(`  ${r.name.padEnd(28)} ${fmt(r.ns.median).padStart(10)}  ${floor && r !== floor ? pairedRatio(r, floor).toFixed(2) + '×' : ''}`);
};
if (only.includes('parse')) {
  const r = await bench([{ name: 'JSON.parse', fn: (i) => JSON.parse(texts[i % n]) }, ...libs.map(({ name, lib }) => ({ name, fn: (i) => lib.parseWebhook(texts[i % n]) }))], opts);
  report('parse (× JSON.parse)', r, 'JSON.parse');
}
if (only.includes('build')) {
  const list = sendBodies();
  const m = list.length;
  const attempt = (fn) => { try { return fn(); } catch (e) { return e; } };
  const r = await bench([
    { name: 'stringify+parse', fn: (i) => JSON.parse(JSON.stringify(list[i % m].body)) },
    ...libs.map(({ name, lib }) => {
      const b = { instagram: lib.buildInstagramMessage, messenger: lib.buildMessengerMessage };
      return { name, fn: (i) => attempt(() => b[list[i % m].channel](list[i % m].body)) };
    }),
    ...libs.map(({ name, lib }) => {
      const good = list.filter((x) => x.valid); const g = good.length;
      const b = { instagram: lib.buildInstagramMessage, messenger: lib.buildMessengerMessage };
      return { name: name + ' (valid)', fn: (i) => b[good[i % g].channel](good[i % g].body) };
    }),
    ...libs.map(({ name, lib }) => {
      const bad = list.filter((x) => !x.valid); const k = bad.length;
      const b = { instagram: lib.buildInstagramMessage, messenger: lib.buildMessengerMessage };
      return { name: name + ' (invalid)', fn: (i) => attempt(() => b[bad[i % k].channel](bad[i % k].body)) };
    }),
  ], opts);
  report('build (× stringify + parse)', r, 'stringify+parse');
}
if (only.includes('send')) {
  const stubFetch = async () => new Response(ANSWER, { status: 200, headers: { 'content-type': 'application/json' } });
  const url = 'https://api.chatt2.me/v1/communication/instagram/message';
  const headers = { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': 'k_test' };
  const armed = async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    try {
      const res = await stubFetch(url, { method: 'POST', headers, body: JSON.stringify(SEND_BODY), redirect: 'manual', signal: controller.signal });
      return JSON.parse(await res.text());
    } finally { clearTimeout(timer); }
  };
  const cands = [{ name: 'armed', async: true, fn: armed }, ...libs.map(({ name, lib }) => {
    const client = new lib.Chatt2me({ apiKey: 'k_test', baseUrl: 'https://api.chatt2.me', maxRetries: 0, fetch: stubFetch });
    return { name, async: true, fn: () => client.sendInstagramMessage(SEND_BODY) };
  })];
  const r = await bench(cands, { rounds: 30, sampleMs: 20, warmupMs: 300, maxWarmupMs: 3000, minWarmupCalls: 300 });
  console.log('\nsend (own work over armed)');
  for (const x of r.slice(1)) console.log(`  ${x.name.padEnd(28)} ${fmt(x.ns.median).padStart(10)}  own ${fmt(pairedDiff(x, r[0]))}`);
}
