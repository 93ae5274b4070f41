// The cold start of ours in pieces, in one fresh process: each step pkg/node.js takes at import,
// then the first two calls of the public parseWebhook. Prints {readMs, compileMs, glueImportMs,
// instantiateMs, firstCallMs, secondCallMs, wasmBytes}. The bundled module (wasm-bindgen glue +
// error classes + event hydration) is imported after the compile so the compile is timed alone.
const t0 = performance.now();
const { readFileSync } = process.getBuiltinModule('node:fs');
const bytes = readFileSync(new URL('../../pkg/chatt2me_wasm_bg.wasm', import.meta.url));
const t1 = performance.now();
const module = new WebAssembly.Module(bytes);
const t2 = performance.now();
const glue = await import('../../pkg/chatt2me_wasm.js');
const t3 = performance.now();
glue.initSync({ module });
const t4 = performance.now();
const first = glue.parseWebhook(process.argv[2]);
const t5 = performance.now();
const second = glue.parseWebhook(process.argv[2]);
const t6 = performance.now();
if (first === null || typeof first !== 'object' || second === null || typeof second !== 'object') process.exit(3);
process.stdout.write(
  JSON.stringify({
    readMs: t1 - t0,
    compileMs: t2 - t1,
    glueImportMs: t3 - t2,
    instantiateMs: t4 - t3,
    firstCallMs: t5 - t4,
    secondCallMs: t6 - t5,
    wasmBytes: bytes.length,
  }),
);
