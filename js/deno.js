// Deno entry: the .wasm is read from the package directory and instantiated synchronously.
import { initSync } from "./chatt2me_wasm.js";

initSync({ module: Deno.readFileSync(new URL("./chatt2me_wasm_bg.wasm", import.meta.url)) });

export * from "./api.js";
