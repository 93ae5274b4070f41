// Explicit-initialisation entry (`chatt2me-wasm/web`), for pages that choose when and from where
// the .wasm is fetched: `await init()` (or `init(urlOrResponseOrBytesOrModule)`) once, then use
// the API.
import { initSync } from "./chatt2me_wasm.js";
import { compile } from "./load.js";

let ready;
/** Fetches and instantiates the .wasm once; resolves when the API is ready. */
export default function init(source) {
  ready ??= compile(source ?? new URL("./chatt2me_wasm_bg.wasm", import.meta.url)).then(
    (module) => {
      initSync({ module });
    },
    (error) => {
      ready = undefined; // a failed fetch may succeed when called again
      throw error;
    },
  );
  return ready;
}

export * from "./entry.js";
