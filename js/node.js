// Node.js entry (import and require): the wasm is read and instantiated synchronously at load,
// with no top-level await, so `require("chatt2me-wasm")` works through require(esm) too.
// node:fs comes from `process.getBuiltinModule` (Node ≥ 20.16): a named ESM import of node:fs
// evaluates every lazy export of the module, which loads Node's whole streams stack, a third of
// a cold start.
import { initSync } from "./chatt2me_wasm.js";

const { readFileSync } = process.getBuiltinModule("node:fs");
initSync({ module: readFileSync(new URL("./chatt2me_wasm_bg.wasm", import.meta.url)) });

export * from "./entry.js";
