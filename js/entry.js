// What every runtime entry exports: the API over the wasm-bindgen functions, and the error
// classes. `createApi` only builds closures; the entry that re-exports this module initialises
// the wasm before anything is called. The build inlines this module (and api.js, errors.js) into
// each entry, so a bundler sees the entry's exports as its own and keeps its initialisation
// even with `"sideEffects": false`.
import * as glue from "./glue.js";
import { createApi } from "./api.js";

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
