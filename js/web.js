// Explicit-initialisation entry (`chatt2me-wasm/web`), for pages that want to choose when and
// from where the .wasm is fetched: `await init()` (or `init(urlOrResponseOrModule)`) once, then
// use the API.
import wasmInit from "./chatt2me_wasm.js";

let ready;
export default function init(source) {
  ready ??= wasmInit({ module_or_path: source ?? new URL("./chatt2me_wasm_bg.wasm", import.meta.url) });
  return ready;
}

export * from "./api.js";
