// Node.js entry (import and require): the wasm is read and instantiated synchronously at load,
// with no top-level await, so `require("chatt2me-wasm")` works through require(esm) too.
import { readFileSync } from "node:fs";
import { initSync } from "./chatt2me_wasm.js";
import * as glue from "./glue.js";
import { createApi } from "./api.js";

initSync({ module: readFileSync(new URL("./chatt2me_wasm_bg.wasm", import.meta.url)) });

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
