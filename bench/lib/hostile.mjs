// Wasm memory after ~1 MiB hostile bodies, in a process of its own:
//   node bench/lib/hostile.mjs [repeats]
// The shapes of tests/js/memory.test.mjs the bench reports: bodies just under the default maxBytes
// (1 MiB) whose bulk is an unknown field `x` the parser skips (empty objects, empty arrays, short
// keys, numbers, a long escaped string) or the `content.text` it reads (`\n` escapes). After a
// warm-up parse of a fixture, each body is parsed as a string and as bytes through the public
// parseWebhook, and its `raw` read once; then every body `repeats` more times. Prints one JSON
// object: the wasm memory (`memory.buffer.byteLength`, which never shrinks) after the warm-up,
// after each shape, and after the repeats, with the time each parse took.

import { readFileSync } from 'node:fs';
import { MAX_BYTES, fill, ENVELOPE, TEXT_PREFIX } from '../../tests/js/lib/hostile-bodies.mjs';

const repeats = Number(process.argv[2] ?? 3);
const pkg = await import('../../pkg/node.js');
// The same module instance pkg/node.js initialised: initSync() returns its exports.
const { initSync } = await import('../../pkg/chatt2me_wasm.js');
const memory = () => initSync().memory.buffer.byteLength;

const inX = (open, part, sep, close) => fill(ENVELOPE + open, part, sep, `${close}}`);

const SHAPES = {
  'x: [{},{},...]': inX('[', () => '{}', ',', ']'),
  'x: [[],[],...]': inX('[', () => '[]', ',', ']'),
  'x: {"a0":0,"a1":0,...} (many short keys)': inX('{', (i) => `"a${i}":0`, ',', '}'),
  'x: [1,2,3,...] (numbers)': inX('[', (i) => String(i + 1), ',', ']'),
  'x: "\\u00e9\\u00e9..." (a long escaped string)': inX('"', () => '\\u00e9', '', '"'),
  'content.text: "\\n\\n\\n..."': fill(TEXT_PREFIX, () => '\\n', '', '"}}'),
};

const encoder = new TextEncoder();
/** Parses the body, checks the event (a text message, unless `type` says otherwise) and reads its raw once. */
function parseAndRead(body, type = 'message') {
  const event = pkg.parseWebhook(body);
  if (event.type !== type || event.content?.type !== 'text' || event.raw === undefined) throw new Error(`not the expected event: ${event.type}`);
  return event;
}

const fixture = readFileSync(new URL('../../tests/fixtures/chatt2me/instagram-text.json', import.meta.url), 'utf8');
parseAndRead(fixture, 'echo');
const warm = memory();
const shapes = [];
for (const [name, { text }] of Object.entries(SHAPES)) {
  const bytes = encoder.encode(text);
  if (bytes.length !== text.length || bytes.length > MAX_BYTES) throw new Error(`${name}: not an ASCII body under maxBytes`);
  const before = memory();
  const ms = [];
  for (const body of [text, bytes]) {
    const t0 = performance.now();
    parseAndRead(body);
    ms.push(performance.now() - t0);
  }
  shapes.push({ name, bytes: bytes.length, before, after: memory(), stringMs: ms[0], bytesMs: ms[1] });
}
const first = memory();
for (let r = 0; r < repeats; r++) {
  for (const { text } of Object.values(SHAPES)) {
    parseAndRead(text);
    parseAndRead(encoder.encode(text));
  }
}
process.stdout.write(JSON.stringify({ warm, shapes, first, repeats, end: memory() }));
