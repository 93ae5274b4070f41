// Cold start of chatt2me-wasm (pkg/node.js: reads, compiles and instantiates the .wasm synchronously at import, through the
// bundled chatt2me_wasm.js): one fresh process per run.
// Prints {importToEventMs, processToEventMs}: from just before the dynamic import to the first
// typed event, and from the process's time origin (Node's start) to that event.
const t0 = performance.now();
const { parseWebhook } = await import('../../pkg/node.js');
const event = parseWebhook(process.argv[2]);
const t1 = performance.now();
if (event === null || typeof event !== 'object') process.exit(3);
process.stdout.write(JSON.stringify({ importToEventMs: t1 - t0, processToEventMs: t1, type: event.type ?? event.eventType ?? null }));
