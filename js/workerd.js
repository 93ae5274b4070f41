// Cloudflare Workers entry: Workers forbid compiling wasm from bytes at runtime, so the .wasm is
// imported as a module (wrangler and miniflare compile it at upload) and instantiated here.
import module from "./chatt2me_wasm_bg.wasm";
import { initSync } from "./chatt2me_wasm.js";
import * as glue from "./glue.js";
import { createApi } from "./api.js";

initSync({ module });

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
