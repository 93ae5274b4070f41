// Memory after many parses, in a process of its own (run with --expose-gc):
//   node --expose-gc bench/lib/memory.mjs <total parses> <sample every>
// Prints one JSON object: samples of the wasm linear memory and the JS heap (after a full GC)
// taken every <sample every> parses of the fixture mix.

import { webhookFixtures } from './fixtures.mjs';

const total = Number(process.argv[2] ?? 1_000_000);
const every = Number(process.argv[3] ?? 100_000);
if (typeof globalThis.gc !== 'function') {
  console.error('run with --expose-gc');
  process.exit(2);
}

const { parseWebhook } = await import('../../pkg/node.js');
// The bundled module is one instance: once pkg/node.js has initialised it, initSync() returns the
// existing exports, memory included, without instantiating anything.
const { initSync } = await import('../../pkg/chatt2me_wasm.js');
const memory = initSync().memory;

const bodies = webhookFixtures().map((f) => f.text);
let sink = 0;
function sample(parses) {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { parses, wasmBytes: memory.buffer.byteLength, heapUsed: m.heapUsed, heapTotal: m.heapTotal, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers };
}

const samples = [sample(0)];
for (let i = 1; i <= total; i++) {
  const event = parseWebhook(bodies[i % bodies.length]);
  sink += event.type.length;
  if (i % every === 0) samples.push(sample(i));
}
process.stdout.write(JSON.stringify({ total, every, samples, sink }));
