export * from "./index.js";
/** Fetches and instantiates the .wasm once; resolves when the API is ready. */
export default function init(source?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<unknown>;
