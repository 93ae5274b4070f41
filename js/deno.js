// Deno entry: the .wasm is read from the package directory and instantiated synchronously
// (run with --allow-read for the package's own files).
import { initSync } from "./chatt2me_wasm.js";

initSync({ module: Deno.readFileSync(new URL("./chatt2me_wasm_bg.wasm", import.meta.url)) });

export * from "./entry.js";
