// Explicit-initialisation entry (`chatt2me-wasm/web`), for pages that choose when and from where
// the .wasm is fetched: `await init()` (or `init(urlOrResponseOrModule)`) once, then use the API.
import load from "./chatt2me_wasm.js";

let ready;
/** Fetches and instantiates the .wasm once; resolves when the API is ready. */
export default function init(source) {
  ready ??= load({ module_or_path: source ?? new URL("./chatt2me_wasm_bg.wasm", import.meta.url) });
  return ready;
}

export * from "./entry.js";
