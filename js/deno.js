// Deno entry: the .wasm is read from the package directory and instantiated synchronously
// (run with --allow-read for the package's own files).
import { initSync } from "./chatt2me_wasm.js";
import * as glue from "./glue.js";
import { createApi } from "./api.js";

initSync({ module: Deno.readFileSync(new URL("./chatt2me_wasm_bg.wasm", import.meta.url)) });

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
