// Explicit-initialisation entry (`chatt2me-wasm/web`), for pages that choose when and from where
// the .wasm is fetched: `await init()` (or `init(urlOrResponseOrModule)`) once, then use the API.
import load from "./chatt2me_wasm.js";
import * as glue from "./glue.js";
import { createApi } from "./api.js";

let ready;
/** Fetches and instantiates the .wasm once; resolves when the API is ready. */
export default function init(source) {
  ready ??= load({ module_or_path: source ?? new URL("./chatt2me_wasm_bg.wasm", import.meta.url) });
  return ready;
}

export const {
  validateInstagramMessage,
  validateMessengerMessage,
  buildInstagramMessage,
  buildMessengerMessage,
  parseWebhook,
  parseWebhookEvents,
  verifyWebhook,
  verifyWebhookEvents,
  signWebhook,
  replyTarget,
  createWebhookHandler,
  Chatt2me,
} = createApi(glue);
export {
  Chatt2meError,
  ValidationError,
  WebhookError,
  SignatureError,
  ApiError,
  TimeoutError,
  AbortError,
  NetworkError,
  isChatt2meError,
} from "./errors.js";
