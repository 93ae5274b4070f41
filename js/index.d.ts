// Public declarations of chatt2me-wasm. The data types (events, content, issues, send results)
// are generated from the Rust types into ./chatt2me_wasm.d.ts; this file declares the functions,
// the client and the error classes around them.

import type {
  WebhookEvent as WebhookEventData,
  MessageContent,
  Issue,
  IssueCode,
  SendResult,
  Reaction,
  ReactionAction,
  Attachment,
  ReplyTo,
  Media,
  QuickReplyOption,
  InteractiveReply,
  TemplateButton,
  StatusError,
  Postback,
  Webhook,
  Pagination,
  WebhookPage,
  LogWebhook,
  WebhookLog,
  WebhookLogPage,
  RetriedLog,
  RetriedLogResult,
  RetriedLogs,
} from "./chatt2me_wasm.js";

export type {
  MessageContent,
  Issue,
  IssueCode,
  SendResult,
  Reaction,
  ReactionAction,
  Attachment,
  ReplyTo,
  Media,
  QuickReplyOption,
  InteractiveReply,
  TemplateButton,
  StatusError,
  Postback,
  Webhook,
  Pagination,
  WebhookPage,
  LogWebhook,
  WebhookLog,
  WebhookLogPage,
  RetriedLog,
  RetriedLogResult,
  RetriedLogs,
};

/** A typed webhook event: switch on `type`, then on `content.type`. */
export type WebhookEvent = WebhookEventData & {
  /** The whole delivered JSON, exact: integers beyond 2^53 arrive as decimal strings. Built on first access. */
  readonly raw: unknown;
};
/** The `type` of an event. */
export type WebhookEventType = WebhookEvent["type"];

// ---------------------------------------------------------------------------------------------
// Send bodies

/** JSON that can be sent. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Meta-style content (the OpenAPI spec). */
export interface MetaContent {
  text?: string;
  quick_replies?: Array<{ content_type: "text" | "user_phone_number" | "user_email"; title?: string; payload?: string; image_url?: string }>;
  attachment?: { type: "image" | "audio" | "video" | "file" | "like_heart" | "MEDIA_SHARE" | "template"; payload?: { [key: string]: JsonValue } };
  attachments?: Array<{ type: "image"; payload: { url?: string; attachment_id?: string; is_reusable?: boolean } }>;
  sender_action?: "typing_on" | "typing_off" | "mark_seen" | "react" | "unreact";
  payload?: { message_id: string; reaction?: string };
  /** Delivered back on the message echo; up to 1000 characters. Not with `sender_action`. */
  metadata?: string;
}

/** Hub-normalized content (the docs site). */
export interface HubContent {
  text?: string;
  imageUrl?: string;
  videoUrl?: string;
  audioUrl?: string;
  interactive?: {
    type: "button" | "list" | "cta_url";
    body: { text: string };
    action: { [key: string]: JsonValue };
  };
  /** React to a message (`messageId`: the Hub's message UUID); without `emoji`, or `""`, removes the reaction. Sent alone. */
  reaction?: { messageId: string; emoji?: string };
  /** Makes this message a reply to `messageId` (the Hub's message UUID). */
  context?: { messageId: string };
}

/** A WhatsApp interactive header ("Interactive messages"): text (up to 60), or an image or video link. */
export type WhatsAppHeader =
  | { type: "text"; text: string }
  | { type: "image"; image: { link: string } }
  | { type: "video"; video: { link: string } };

/** Content on WhatsApp, Telegram, SMS and Web Chatt: the Hub's normalized model, each channel taking what its row of the availability matrix says (`not_supported` names the channel otherwise). */
export interface ChannelContent {
  /** Text alone, or the caption of media. */
  text?: string;
  imageUrl?: string;
  /** Not on SMS. */
  videoUrl?: string;
  /** Not on SMS. */
  audioUrl?: string;
  /** WhatsApp only, with `audioUrl`: a voice note (Ogg/Opus). */
  voice?: boolean;
  /** WhatsApp and Web Chatt: `button` (1–3 reply buttons, titles up to 20) and `list`; Telegram: `list` only (sent as a poll, 2+ rows). `header` and `footer`: WhatsApp only. */
  interactive?: {
    type: "button" | "list";
    header?: WhatsAppHeader;
    body: { text: string };
    footer?: { text: string };
    action: { [key: string]: JsonValue };
  };
  /** WhatsApp only: an approved template by its Hub id; `components` as the docs' body parameters. */
  template?: { id: string; components?: Array<{ type: "body"; parameters: Array<{ type: "text"; text: string }> }> };
  /** WhatsApp only: a charge by PIX, Boleto or payment link, as the docs' three examples. */
  paymentRequest?: WhatsAppPaymentRequest;
  /** Not on SMS. Without `emoji`, or `""`, removes the reaction. Sent alone. */
  reaction?: { messageId: string; emoji?: string };
  /** Not on SMS: makes this message a reply to `messageId`. */
  context?: { messageId: string };
}

/** `content.paymentRequest` ("Payment Request"): amounts are integers in cents with `offset` 100. */
export interface WhatsAppPaymentRequest {
  bodyText: string;
  /** Up to 35 letters, digits, `_`, `-`, `.`. */
  referenceId: string;
  paymentMethod: "pix" | "boleto" | "payment_link";
  pix?: { code: string; merchantName: string; key: string; keyType: "CPF" | "CNPJ" | "EMAIL" | "PHONE" | "EVP" };
  boleto?: { digitableLine: string };
  paymentLink?: { url: string };
  currency?: "BRL";
  totalAmountCents?: number;
  offset?: number;
  items?: Array<{ retailerId: string; name: string; amountCents: number; quantity: number }>;
  tax?: { valueCents: number; offset?: number; description?: string };
  subtotalCents?: number;
}

/** A WhatsApp send body. */
export interface WhatsAppMessageInput {
  /** The channel UUID, or the business phone number with or without `+`. */
  from: string;
  /** E.164 without `+`, such as `5511993986082`. */
  to: string;
  content: ChannelContent;
}
/** A Telegram send body. */
export interface TelegramMessageInput {
  /** The channel UUID, or the bot username with or without `@`. */
  from: string;
  /** The chat id: digits, negative for groups. */
  to: string;
  content: ChannelContent;
}
/** An SMS send body (an MMS with `imageUrl`). */
export interface SmsMessageInput {
  /** The channel UUID, or the sender phone number with or without `+`. */
  from: string;
  /** E.164 with `+`, such as `+5511944574999`. */
  to: string;
  content: Pick<ChannelContent, "text" | "imageUrl">;
}
/** A Web Chatt send body. */
export interface WebChattMessageInput {
  /** The channel UUID only (not the widget public key). */
  from: string;
  /** The visitor id from webhooks. */
  to: string;
  content: ChannelContent;
}

/** A send body: the API's own wire shape. */
export interface SendMessageInput {
  /** The channel UUID, or (Instagram) the username with or without `@`, or (Messenger) the Page id. */
  from: string;
  /** The recipient: IGSID on Instagram, PSID on Messenger. */
  to: string;
  content: MetaContent | HubContent;
}

/** Every problem of an Instagram send body, by field path; `[]` when valid. Never throws for bad input. */
export function validateInstagramMessage(input: unknown): Issue[];
/** Every problem of a Messenger send body, by field path; `[]` when valid. Never throws for bad input. */
export function validateMessengerMessage(input: unknown): Issue[];
/** The exact body for the Instagram send endpoint. @throws {ValidationError} with every issue. */
export function buildInstagramMessage<T extends SendMessageInput>(input: T): T;
/** The exact body for the Messenger send endpoint. @throws {ValidationError} with every issue. */
export function buildMessengerMessage<T extends SendMessageInput>(input: T): T;

/** Every problem of a WhatsApp send body, by field path; `[]` when valid. Never throws for bad input. */
export function validateWhatsAppMessage(input: unknown): Issue[];
/** Every problem of a Telegram send body, by field path; `[]` when valid. Never throws for bad input. */
export function validateTelegramMessage(input: unknown): Issue[];
/** Every problem of an SMS send body, by field path; `[]` when valid. Never throws for bad input. */
export function validateSmsMessage(input: unknown): Issue[];
/** Every problem of a Web Chatt send body, by field path; `[]` when valid. Never throws for bad input. */
export function validateWebChattMessage(input: unknown): Issue[];
/** The exact body for the WhatsApp send endpoint. @throws {ValidationError} with every issue. */
export function buildWhatsAppMessage<T extends WhatsAppMessageInput>(input: T): T;
/** The exact body for the Telegram send endpoint. @throws {ValidationError} with every issue. */
export function buildTelegramMessage<T extends TelegramMessageInput>(input: T): T;
/** The exact body for the SMS send endpoint. @throws {ValidationError} with every issue. */
export function buildSmsMessage<T extends SmsMessageInput>(input: T): T;
/** The exact body for the Web Chatt send endpoint. @throws {ValidationError} with every issue. */
export function buildWebChattMessage<T extends WebChattMessageInput>(input: T): T;

// ---------------------------------------------------------------------------------------------
// Webhooks

/** A webhook body as received. Pass the raw text or bytes: parsed objects may have lost id digits. */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

export interface ParseOptions {
  /** Bodies larger than this are refused before parsing (`body_too_large`). Default 1 MiB; at most 16 MiB (a larger value counts as 16 MiB). */
  maxBytes?: number;
}

export interface VerifyOptions extends ParseOptions {
  /** Allowed distance between the signed time and now, both directions. Default 300. */
  toleranceSeconds?: number;
  /** The current time (a Date, or unix seconds/milliseconds). Default: now. */
  now?: Date | number;
}

/** The typed event of a body. @throws {WebhookError} (`invalid_json`, `unrecognized`, `body_too_large`, `multiple_events`, `no_events`, `invalid_input`); a {Chatt2meError} `internal` only for a defect of the package. */
export function parseWebhook(body: WebhookBody | object, options?: ParseOptions): WebhookEvent;
/** Every typed event of a body (Meta batches hold many). */
export function parseWebhookEvents(body: WebhookBody | object, options?: ParseOptions): WebhookEvent[];
/** Verifies `X-hub-Signature` over the raw body, then parses it. @throws {SignatureError} then {WebhookError}. */
export function verifyWebhook(
  body: WebhookBody,
  signatureHeader: string | null | undefined | { get(name: string): string | null },
  secret: string | string[],
  options?: VerifyOptions,
): WebhookEvent;
/** Like `verifyWebhook`, returning every event of a batch. */
export function verifyWebhookEvents(
  body: WebhookBody,
  signatureHeader: string | null | undefined | { get(name: string): string | null },
  secret: string | string[],
  options?: VerifyOptions,
): WebhookEvent[];
/** The `X-hub-Signature` value the Hub would send (for your own tests). */
export function signWebhook(body: WebhookBody | object, secret: string, options?: { timestamp?: Date | number }): string;
/** `{ from, to }` for answering an event, or null when it lacks the channel or the sender. */
export function replyTarget(event: WebhookEvent | null | undefined): { from: string; to: string } | null;

export interface WebhookHandlerOptions {
  /**
   * The webhook's signing secret (an array of them during rotation): unsigned or badly signed
   * requests get 401. Required: `undefined` or `null` (an unset variable) throws `invalid_config`
   * rather than turning the check off. `false` accepts unsigned deliveries, for a webhook created
   * with `requiresSignature: false`.
   */
  secret: string | string[] | false;
  toleranceSeconds?: number;
  /** Bodies larger than this are answered 413. Default 1 MiB; at most 16 MiB (a larger value counts as 16 MiB). */
  maxBytes?: number;
  /** Called once per event, in order. A throw answers 500 (with no details); the Hub then re-delivers the whole batch. */
  onEvent(event: WebhookEvent, request: Request): unknown | Promise<unknown>;
  /** Called with what `onEvent` threw (or rejected with), before the 500 answer: for your logs. */
  onError?: (error: unknown, request: Request) => unknown | Promise<unknown>;
  /** The clock, for tests. */
  now?: () => Date | number;
}

/** A fetch-style handler for Workers, Deno, Bun and Node 18+. */
export function createWebhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response>;

/**
 * A typed event again, from what a queue gave back. An event survives a structured clone as it is
 * (Cloudflare Queues' default `v8` content type, `structuredClone`, `postMessage`): its
 * `timestamp` stays a `Date` and `raw` comes along, read once. JSON (the `json` content type,
 * Redis, SQS) makes the `Date` an ISO string. This takes either (the clone, the object its JSON
 * parses to, or the JSON text) and returns a new event with the same keys, `timestamp` a `Date`
 * or `null`, and `raw` as it came.
 * @throws {WebhookError} `invalid_input` when the value is not an event (no known `type`, no `timestamp` or `raw`, a timestamp that is no time).
 */
export function reviveWebhookEvent(queued: unknown): WebhookEvent;

// ---------------------------------------------------------------------------------------------
// Sending

export interface Chatt2meOptions {
  /** The application's API key, sent as `x-api-key`. Keep it on servers. */
  apiKey: string;
  /** Default `https://api.chatt2.me`. `http` is allowed only to 127.0.0.1, localhost and [::1]. */
  baseUrl?: string;
  /** Default: the global fetch. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** The whole call, all attempts included. Default 30 000. */
  timeoutMs?: number;
  /** Retries of 429 and of 503 with Retry-After (and, for GET/PATCH/DELETE, of 5xx and network failures). Default 2; 0 means one attempt. */
  maxRetries?: number;
}

export interface SendOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The options of `hub.rawRequest`. */
export interface RawRequestOptions extends SendOptions {
  /** Sent as JSON (not with GET). */
  body?: unknown;
  /** Written as `URLSearchParams` writes them (a number as `String(n)`: `1e+21`, `0` for `-0`), percent-encoded into the URL; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
}

/** The options of `hub.reply`: a send's, and where the event does not settle them, `from` and `to`. */
export interface ReplyOptions extends SendOptions {
  /** The channel to answer from, when the event carries no `channelId` (Meta-native shapes). */
  from?: string;
  /** The recipient, when the event's sender is not usable as `to` (an SMS sender without `+`). */
  to?: string;
}

/** A client of the Hub API. Its few bytes of wasm memory are freed when it is garbage-collected. */
export class Chatt2me {
  constructor(options: Chatt2meOptions);
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** @throws {ValidationError} (no request made), {ApiError}, {TimeoutError}, {AbortError}, {NetworkError} */
  sendInstagramMessage(message: SendMessageInput, options?: SendOptions): Promise<SendResult>;
  /** @throws {ValidationError} (no request made), {ApiError}, {TimeoutError}, {AbortError}, {NetworkError} */
  sendMessengerMessage(message: SendMessageInput, options?: SendOptions): Promise<SendResult>;
  /**
   * Answers a webhook event on its own channel: from the channel that received it (`channelId`)
   * to its sender (`from`), through that channel's rules.
   * @throws {ValidationError} an event that cannot be answered (issues under `event.`), or content the channel refuses; no request is made. Then as a send.
   */
  reply(event: WebhookEvent | WebhookEventData, content: SendMessageInput["content"] | ChannelContent, options?: ReplyOptions): Promise<SendResult>;
  /** @throws {ValidationError} (no request made), {ApiError}, {TimeoutError}, {AbortError}, {NetworkError} */
  sendWhatsAppMessage(message: WhatsAppMessageInput, options?: SendOptions): Promise<SendResult>;
  /** @throws {ValidationError} (no request made), {ApiError}, {TimeoutError}, {AbortError}, {NetworkError} */
  sendTelegramMessage(message: TelegramMessageInput, options?: SendOptions): Promise<SendResult>;
  /** @throws {ValidationError} (no request made), {ApiError}, {TimeoutError}, {AbortError}, {NetworkError} */
  sendSmsMessage(message: SmsMessageInput, options?: SendOptions): Promise<SendResult>;
  /** A visitor with no active widget session: {ApiError} with code `session_not_found`. @throws as the other sends. */
  sendWebChattMessage(message: WebChattMessageInput, options?: SendOptions): Promise<SendResult>;
  /**
   * Any `/v1/` call the package does not model yet, with the key handling, timeouts, typed errors and
   * retry rules of every call (`GET`/`DELETE` also retry 5xx and network failures). Resolves with the
   * answer's JSON (integers beyond 2^53 as decimal strings), or `undefined` for an empty answer.
   * @throws {ValidationError} a bad method, path (not under `/v1/`), query or body; then as any call.
   */
  rawRequest(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | (string & {}),
    path: string,
    options?: RawRequestOptions,
  ): Promise<unknown>;
  /** Registering webhook endpoints, reading their delivery logs, re-sending failed deliveries. */
  readonly webhooks: Webhooks;
  toJSON(): { baseUrl: string; timeoutMs: number; maxRetries: number };
  /** Frees the client's wasm memory now rather than when it is garbage-collected; it cannot send after. */
  free(): void;
}

// ---------------------------------------------------------------------------------------------
// Webhook management

export type WebhookEventSubscription = "Message" | "MessageStatus";
export type AuthenticationProtocol =
  | "NoAuthentication"
  | "Oauth20"
  | "PasswordAuthentication"
  | "AWSSignatureV4"
  | "JWT"
  | "JWTExchange";
/** `Error` (the spec) and `Failed` (the docs site) both mean: not a 2xx. */
export type WebhookLogStatus = "Success" | "Error" | "Failed";

export interface CreateWebhookInput {
  /** `https`; plain `http` only to 127.0.0.1, localhost or [::1]. */
  endpoint: string;
  eventType: WebhookEventSubscription;
  authenticationProtocol: AuthenticationProtocol;
  /** The name shown in the dashboard (at most 255 characters). */
  label?: string;
  scope?: string | null;
  /** Sent on every delivery and on the verification call: at most 20, no CR/LF. */
  headers?: Array<{ key: string; value: string }>;
  /** Deliveries carry `X-hub-Signature`; the answer holds `signingSecret`, once. */
  requiresSignature?: boolean;
}
/** At least one field. */
export type UpdateWebhookInput = Partial<CreateWebhookInput>;

export interface PageOptions extends SendOptions {
  /** Items to skip. Default 0. */
  offset?: number;
  /** 1 to 50. Default 20 (50 for `all`). */
  limit?: number;
}
export interface LogPageOptions extends PageOptions {
  status?: WebhookLogStatus;
}

/** Every item of a list, fetching a page when the last is used up. */
export interface Pages<T> extends AsyncIterableIterator<T> {
  next(): Promise<IteratorResult<T, undefined>>;
  return(): Promise<IteratorResult<T, undefined>>;
}

/** `hub.webhooks`. Inputs are validated before any request (`ValidationError`); `GET`, `PATCH` and `DELETE` also retry 5xx and network failures. */
export interface Webhooks {
  create(webhook: CreateWebhookInput, options?: SendOptions): Promise<Webhook>;
  list(page?: PageOptions, options?: SendOptions): Promise<WebhookPage>;
  get(webhookId: string, options?: SendOptions): Promise<Webhook>;
  update(webhookId: string, patch: UpdateWebhookInput, options?: SendOptions): Promise<Webhook>;
  delete(webhookId: string, options?: SendOptions): Promise<undefined>;
  listLogs(webhookId: string, page?: LogPageOptions, options?: SendOptions): Promise<WebhookLogPage>;
  /** `success` means the Hub made the call again; its outcome is the log `newLogId`. */
  retryLog(webhookId: string, webhookLogId: string, options?: SendOptions): Promise<RetriedLog>;
  retryLogs(webhookId: string, webhookLogIds: string[], options?: SendOptions): Promise<RetriedLogs>;
  /** @throws {ValidationError} at once for bad options; each page's failure rejects `next()`. */
  all(page?: PageOptions, options?: SendOptions): Pages<Webhook>;
  allLogs(webhookId: string, page?: LogPageOptions, options?: SendOptions): Pages<WebhookLog>;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** Base class of every error this package throws. */
export class Chatt2meError extends Error {
  readonly name: string;
  readonly code: string;
}
export class ValidationError extends Chatt2meError {
  readonly name: "ValidationError";
  readonly code: "validation_failed";
  readonly issues: Issue[];
}
export type WebhookErrorCode =
  | "invalid_json"
  | "unrecognized"
  | "body_too_large"
  | "multiple_events"
  | "no_events"
  | "invalid_input"
  | SignatureErrorCode;
export type SignatureErrorCode =
  | "missing_header"
  | "malformed_header"
  | "timestamp_out_of_tolerance"
  | "signature_mismatch"
  | "body_not_raw"
  | "missing_secret";
export class WebhookError extends Chatt2meError {
  readonly name: "WebhookError" | "SignatureError";
  readonly code: WebhookErrorCode;
}
export class SignatureError extends WebhookError {
  readonly name: "SignatureError";
  readonly code: SignatureErrorCode;
}
export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "not_found"
  | "webhook_not_found"
  | "log_not_found"
  | "rate_limited"
  | "server_error"
  | "redirect"
  | "unexpected_status"
  | "send_failed"
  /** Web Chatt: the visitor has no active widget session. */
  | "session_not_found"
  | "invalid_response";
export class ApiError extends Chatt2meError {
  readonly name: "ApiError";
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  /** The response body: parsed JSON, else text. */
  readonly body: unknown;
  readonly requestId: string | null;
  /** `Retry-After`, in seconds. */
  readonly retryAfter: number | null;
  readonly attempts: number;
}
export class TimeoutError extends Chatt2meError {
  readonly name: "TimeoutError";
  readonly code: "timeout";
  readonly attempts: number;
}
export class AbortError extends Chatt2meError {
  readonly name: "AbortError";
  readonly code: "aborted";
  readonly attempts: number;
}
export class NetworkError extends Chatt2meError {
  readonly name: "NetworkError";
  readonly code: "network";
  readonly attempts: number;
  readonly cause: unknown;
}
/** Whether `value` is an error of this package (of any loaded copy). */
export function isChatt2meError(value: unknown): value is Chatt2meError;
