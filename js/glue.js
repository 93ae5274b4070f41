// The wasm-bindgen functions the API calls, without the glue's asynchronous loader: entries that
// instantiate synchronously (Node, Workers, Deno) import this namespace, so bundlers leave the
// loader (and its WebAssembly.instantiate of fetched bytes, which Workers forbid) out.
export {
  attemptOutcome,
  checkBaseUrl,
  losslessBytes,
  losslessUtf8,
  parseWebhookBytes,
  sendUrl,
  signWebhookBytes,
  validateMessage,
  verifyWebhookBytes,
} from "./chatt2me_wasm.js";
