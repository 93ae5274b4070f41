// Browser entry, for bundlers (Vite, webpack 5, esbuild) and for native ES modules: the .wasm is
// located next to this file with `new URL(..., import.meta.url)` (bundlers copy it as an asset)
// and compiled while it streams in, with a top-level await, so importers never call an init
// function.
import { initSync } from "./chatt2me_wasm.js";
import { compile } from "./load.js";

initSync({ module: await compile(fetch(new URL("./chatt2me_wasm_bg.wasm", import.meta.url))) });

export * from "./entry.js";
