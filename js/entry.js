// What every runtime entry exports: the wasm-bindgen exports of the Rust core, and the error
// classes. The entry that re-exports this module initialises the wasm before anything is called.
import { Pages } from "./chatt2me_wasm.js";

// `for await (const webhook of hub.webhooks.all())`: the iterator is its own iterable.
Pages.prototype[Symbol.asyncIterator] = function () {
  return this;
};

export {
  validateInstagramMessage,
  validateMessengerMessage,
  buildInstagramMessage,
  buildMessengerMessage,
  validateWhatsAppMessage,
  validateTelegramMessage,
  validateSmsMessage,
  validateWebChattMessage,
  buildWhatsAppMessage,
  buildTelegramMessage,
  buildSmsMessage,
  buildWebChattMessage,
  parseWebhook,
  parseWebhookEvents,
  verifyWebhook,
  verifyWebhookEvents,
  signWebhook,
  replyTarget,
  createWebhookHandler,
  reviveWebhookEvent,
  Chatt2me,
  Chatt2meError,
  ValidationError,
  WebhookError,
  SignatureError,
  ApiError,
  TimeoutError,
  AbortError,
  NetworkError,
  isChatt2meError,
} from "./chatt2me_wasm.js";
