// A parse loop to profile (run under `node --cpu-prof`): parseWebhook over the fixture mix.
//   node --cpu-prof --cpu-prof-dir=DIR bench/lib/profile.mjs <parses> [text|bytes]
import { webhookFixtures } from './fixtures.mjs';

const { parseWebhook } = await import('../../pkg/node.js');
const n = Number(process.argv[2] ?? 200_000);
const asBytes = process.argv[3] === 'bytes';
const encoder = new TextEncoder();
const bodies = webhookFixtures().map((f) => (asBytes ? encoder.encode(f.text) : f.text));
let sink = 0;
for (let i = 0; i < n; i++) sink += parseWebhook(bodies[i % bodies.length]).type.length;
process.stdout.write(String(sink));
