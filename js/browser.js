// Browser entry, for bundlers (Vite, webpack 5, esbuild) and for native ES modules: the .wasm is
// located next to this file with `new URL(..., import.meta.url)` (bundlers copy it as an asset)
// and streamed in with a top-level await, so importers never call an init function.
import load from "./chatt2me_wasm.js";
import * as glue from "./glue.js";
import { createApi } from "./api.js";

await load({ module_or_path: new URL("./chatt2me_wasm_bg.wasm", import.meta.url) });

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
