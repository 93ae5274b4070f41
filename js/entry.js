// What every runtime entry exports: the wasm-bindgen exports of the Rust core, and the error
// classes. The entry that re-exports this module initialises the wasm before anything is called.
import * as core from "./chatt2me_wasm.js";

const { Pages, synchronous } = core;

// `for await (const webhook of hub.webhooks.all())`: the iterator is its own iterable.
Pages.prototype[Symbol.asyncIterator] = function () {
  return this;
};

// The synchronous exports that throw errors the core makes: their stacks are taken at the caller
// (errors.js, `synchronous`).
export const buildInstagramMessage = synchronous(core.buildInstagramMessage);
export const buildMessengerMessage = synchronous(core.buildMessengerMessage);
export const buildWhatsAppMessage = synchronous(core.buildWhatsAppMessage);
export const buildTelegramMessage = synchronous(core.buildTelegramMessage);
export const buildSmsMessage = synchronous(core.buildSmsMessage);
export const buildWebChattMessage = synchronous(core.buildWebChattMessage);
export const parseWebhook = synchronous(core.parseWebhook);
export const parseWebhookEvents = synchronous(core.parseWebhookEvents);
export const verifyWebhook = synchronous(core.verifyWebhook);
export const verifyWebhookEvents = synchronous(core.verifyWebhookEvents);
export const signWebhook = synchronous(core.signWebhook);
export const createWebhookHandler = synchronous(core.createWebhookHandler);

export {
  validateInstagramMessage,
  validateMessengerMessage,
  validateWhatsAppMessage,
  validateTelegramMessage,
  validateSmsMessage,
  validateWebChattMessage,
  replyTarget,
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
