// Cloudflare Workers entry: Workers forbid compiling wasm from bytes at runtime, so the .wasm is
// imported as a module (wrangler and miniflare compile it at upload) and instantiated here.
import module from "./chatt2me_wasm_bg.wasm";
import { initSync } from "./chatt2me_wasm.js";

initSync({ module });

export * from "./entry.js";
