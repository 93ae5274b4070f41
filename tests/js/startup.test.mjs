// A cold start pays only for what it uses: importing the package, parsing a webhook, building a
// body, making a client and a webhook handler read none of the runtime's Fetch API globals.
// Node loads its whole Fetch implementation (undici) on the first read of `Response`, `Request`,
// `Headers`, `ReadableStream` or `fetch`, which more than doubles the package's cold start; a
// handler that only parses webhooks must not pay it. Run in a fresh process, whose globals are
// untouched, with each of those globals replaced by an accessor that records its reads.
// Run: node --test tests/js/startup.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = new URL('../../pkg/node.js', import.meta.url).href;
const GLOBALS = ['Response', 'Request', 'Headers', 'ReadableStream', 'fetch', 'FormData'];

const SCRIPT = `
const read = [];
for (const name of ${JSON.stringify(GLOBALS)}) {
  const own = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() { read.push(name); return own.get ? own.get.call(this) : own.value; },
  });
}
const pkg = await import(${JSON.stringify(ENTRY)});
const text = JSON.stringify({ eventType: 'Message', channelId: 'c', messageId: 'm', from: '1', channel: 'whatsapp', content: { type: 'text', text: 'hi' } });
const steps = {
  parseWebhook: () => pkg.parseWebhook(text),
  parseWebhookEvents: () => pkg.parseWebhookEvents(text),
  buildInstagramMessage: () => pkg.buildInstagramMessage({ from: '6cbd6789-1d2b-47e0-9391-5eb91d2839ea', to: '1', content: { text: 'x' } }),
  'new Chatt2me': () => new pkg.Chatt2me({ apiKey: 'k' }),
  createWebhookHandler: () => pkg.createWebhookHandler({ secret: 'whsec_x', onEvent() {} }),
};
const out = { import: read.splice(0) };
for (const [name, step] of Object.entries(steps)) { step(); out[name] = read.splice(0); }
// The probe itself: a read is recorded.
globalThis.Response;
out.probe = read.splice(0);
process.stdout.write(JSON.stringify(out));
`;

test('import, parse, build, a client and a handler read no Fetch API global', () => {
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { encoding: 'utf8', cwd: fileURLToPath(new URL('.', import.meta.url)) }));
  assert.ok(out.probe.includes('Response'), 'the probe does not record reads');
  const { probe, ...steps } = out;
  assert.deepEqual(Object.keys(steps), ['import', 'parseWebhook', 'parseWebhookEvents', 'buildInstagramMessage', 'new Chatt2me', 'createWebhookHandler']);
  for (const [step, read] of Object.entries(steps)) assert.deepEqual(read, [], `${step} read ${read.join(', ')}`);
});
