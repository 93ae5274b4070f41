// Node.js entry (import and require): the wasm is read and instantiated synchronously at load,
// with no top-level await, so `require("chatt2me-wasm")` works through require(esm) too.
import { readFileSync } from "node:fs";
import { initSync } from "./chatt2me_wasm.js";

initSync({ module: readFileSync(new URL("./chatt2me_wasm_bg.wasm", import.meta.url)) });

export * from "./entry.js";
