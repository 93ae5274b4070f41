// @ts-check
// The smoke that every runtime runs, unchanged: Node (ESM and CJS), Deno, workerd, Chromium
// (Vite and webpack builds). The TypeScript consumers type-check this very file (checkJs,
// strict) against the package's declarations.
//
// It takes the package's namespace (however the runtime loaded it) and the run's config, and
// returns the names of the checks that passed, the SendResult and the signature it made; it
// throws on the first failure. The harness then checks the stand-in's own log for the send.

export const INSTAGRAM_CHANNEL = "6cbd6789-1d2b-47e0-9391-5eb91d2839ea";
export const RECIPIENT = "847495124317323";
export const WHATSAPP_CHANNEL = "3f1c2a5e-7b8d-4e6f-9a0b-1c2d3e4f5a6b";
export const WHATSAPP_RECIPIENT = "5511993986082";

/** The checks a complete run passes, in order (the harness requires all of them). */
export const CHECKS = [
  "build: valid body returned as is",
  "build: ValidationError with every issue",
  "build: Hub-normalized content model",
  "webhook: signature made",
  "webhook: verified from a string",
  "webhook: verified from bytes",
  "webhook: typed event fields",
  "webhook: replyTarget",
  "webhook: tampered body is a SignatureError",
  "webhook: handler answers the handshake",
  "webhook: handler accepts a signed delivery",
  "webhook: handler refuses a bad signature",
  "send: SendResult from the stand-in",
  "send: ApiError for a wrong key",
  "send: a WhatsApp message",
  "webhooks: create, list, update and delete from this runtime",
];

/**
 * @typedef {typeof import("chatt2me-wasm")} Lib
 * @typedef {{ runtime: string, nonce: string, standinUrl: string, apiKey: string, secret: string }} SmokeConfig
 * @typedef {{ checks: string[], send: import("chatt2me-wasm").SendResult, whatsapp: import("chatt2me-wasm").SendResult, text: string }} SmokeResult
 */

/**
 * @param {Lib} lib
 * @param {SmokeConfig} config
 * @returns {Promise<SmokeResult>}
 */
export async function smoke(lib, config) {
  /** @type {string[]} */
  const checks = [];
  /**
   * @param {string} name
   * @param {boolean} ok
   * @param {unknown} [got]
   */
  const check = (name, ok, got) => {
    if (!ok) throw new Error(`${config.runtime}: check failed: ${name}${got === undefined ? "" : `; got ${show(got)}`}`);
    checks.push(name);
  };
  const text = `smoke ${config.runtime} ${config.nonce}`;

  // (a) Send bodies --------------------------------------------------------------------------
  const input = { from: INSTAGRAM_CHANNEL, to: RECIPIENT, content: { text } };
  const body = lib.buildInstagramMessage(input);
  check("build: valid body returned as is", body.from === INSTAGRAM_CHANNEL && body.to === RECIPIENT && body.content.text === text, body);

  const bad = caught(() => lib.buildInstagramMessage({ from: INSTAGRAM_CHANNEL, to: "", content: { text: "x".repeat(1001) } }));
  check(
    "build: ValidationError with every issue",
    bad instanceof lib.ValidationError &&
      bad instanceof lib.Chatt2meError &&
      bad instanceof Error &&
      lib.isChatt2meError(bad) &&
      bad.name === "ValidationError" &&
      bad.code === "validation_failed" &&
      samePaths(bad.issues, ["to", "content.text"]) &&
      bad.issues.some((i) => i.path === "content.text" && i.code === "too_long"),
    bad instanceof lib.ValidationError ? bad.issues : bad,
  );

  const hubIssues = lib.validateInstagramMessage({ from: INSTAGRAM_CHANNEL, to: RECIPIENT, content: { imageUrl: "not a url" } });
  check("build: Hub-normalized content model", hubIssues.length === 1 && hubIssues[0].path === "content.imageUrl", hubIssues);

  // (b) Webhooks -----------------------------------------------------------------------------
  const inbound = {
    eventType: "Message",
    channelId: INSTAGRAM_CHANNEL,
    messageId: `mid.${config.nonce}`,
    from: RECIPIENT,
    timestamp: 1700000000,
    channel: "instagram",
    content: { type: "text", text: `olá 👋 ${config.nonce}` },
  };
  const raw = JSON.stringify(inbound);
  const signature = lib.signWebhook(raw, config.secret);
  check("webhook: signature made", /^t=\d+,v1=[0-9a-f]{64}$/.test(signature), signature);

  const fromText = lib.verifyWebhook(raw, signature, config.secret);
  check("webhook: verified from a string", fromText.type === "message", fromText.type);
  const bytes = new TextEncoder().encode(raw);
  const event = lib.verifyWebhook(bytes, signature, [`${config.secret}-old`, config.secret]);
  check("webhook: verified from bytes", event.type === "message", event.type);
  check(
    "webhook: typed event fields",
    event.type === "message" &&
      event.channel === "instagram" &&
      event.channelId === INSTAGRAM_CHANNEL &&
      event.messageId === inbound.messageId &&
      event.from === RECIPIENT &&
      event.timestamp instanceof Date &&
      event.timestamp.getTime() === 1700000000 * 1000 &&
      event.content?.type === "text" &&
      event.content.text === inbound.content.text &&
      isRecord(event.raw) &&
      event.raw.messageId === inbound.messageId,
    event,
  );
  const target = lib.replyTarget(event);
  check("webhook: replyTarget", target !== null && target.from === INSTAGRAM_CHANNEL && target.to === RECIPIENT, target);

  const tampered = raw.replace(config.nonce, `${config.nonce}!`);
  const mismatch = caught(() => lib.verifyWebhook(tampered, signature, config.secret));
  check(
    "webhook: tampered body is a SignatureError",
    mismatch instanceof lib.SignatureError && mismatch instanceof lib.WebhookError && mismatch.code === "signature_mismatch",
    mismatch,
  );

  /** @type {import("chatt2me-wasm").WebhookEvent[]} */
  const seen = [];
  const handler = lib.createWebhookHandler({ secret: config.secret, onEvent: (e) => void seen.push(e) });
  const hook = "http://127.0.0.1/webhook";
  const handshake = await handler(new Request(hook, { method: "POST", headers: { "x-validation-token": config.nonce } }));
  check("webhook: handler answers the handshake", handshake.status === 200 && (await handshake.text()) === JSON.stringify(config.nonce), handshake.status);
  const delivered = await handler(
    new Request(hook, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature": signature }, body: raw }),
  );
  const deliveredBody = /** @type {{ ok?: boolean, events?: number }} */ (await delivered.json());
  check(
    "webhook: handler accepts a signed delivery",
    delivered.status === 200 && deliveredBody.events === 1 && seen.length === 1 && seen[0].messageId === inbound.messageId,
    { status: delivered.status, body: deliveredBody, seen: seen.length },
  );
  const forged = await handler(
    new Request(hook, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature": signature }, body: tampered }),
  );
  check("webhook: handler refuses a bad signature", forged.status === 401 && seen.length === 1, forged.status);

  // (c) Sending through the stand-in ---------------------------------------------------------
  const client = new lib.Chatt2me({ apiKey: config.apiKey, baseUrl: config.standinUrl, timeoutMs: 20_000 });
  const send = await client.sendInstagramMessage(body);
  check(
    "send: SendResult from the stand-in",
    typeof send.messageId === "string" && send.messageId.length > 0 && send.status === "sent" && send.recipientId === RECIPIENT && send.type === "Text",
    send,
  );

  const wrongKey = new lib.Chatt2me({ apiKey: `${config.apiKey}-wrong`, baseUrl: config.standinUrl, maxRetries: 0 });
  const denied = await caughtAsync(() => wrongKey.sendInstagramMessage(body));
  check(
    "send: ApiError for a wrong key",
    denied instanceof lib.ApiError && denied.status === 401 && denied.code === "unauthorized" && denied.errorCode === "unauthorized" && !String(denied.message).includes(config.apiKey),
    denied,
  );

  const whatsapp = await client.sendWhatsAppMessage(lib.buildWhatsAppMessage({ from: WHATSAPP_CHANNEL, to: WHATSAPP_RECIPIENT, content: { text } }));
  check(
    "send: a WhatsApp message",
    typeof whatsapp.messageId === "string" && whatsapp.messageId.length > 0 && whatsapp.status === "sent",
    whatsapp,
  );

  // (d) Managing webhooks: an off-loopback endpoint is registered but never called ------------
  const endpoint = `https://receiver.example/${config.runtime}/${config.nonce}`;
  const created = await client.webhooks.create({ label: text, endpoint, eventType: "MessageStatus", authenticationProtocol: "NoAuthentication" });
  const ids = [];
  for await (const w of client.webhooks.all({ limit: 1 })) ids.push(w.id);
  const renamed = await client.webhooks.update(created.id ?? "", { label: `${text} renamed` });
  const removed = await client.webhooks.delete(created.id ?? "");
  const gone = await caughtAsync(() => client.webhooks.get(created.id ?? ""));
  check(
    "webhooks: create, list, update and delete from this runtime",
    created.endpoint === endpoint &&
      created.createdDate instanceof Date &&
      ids.includes(created.id) &&
      renamed.label === `${text} renamed` &&
      removed === undefined &&
      gone instanceof lib.ApiError &&
      gone.code === "webhook_not_found",
    { created, ids, renamed, removed, gone },
  );

  return { checks, send, whatsapp, text };
}

/** @param {import("chatt2me-wasm").Issue[]} issues @param {string[]} paths */
function samePaths(issues, paths) {
  const got = issues.map((i) => i.path).sort();
  const want = [...paths].sort();
  return got.length === want.length && got.every((p, i) => p === want[i]);
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isRecord(value) {
  return typeof value === "object" && value !== null;
}

/** @param {() => unknown} fn @returns {unknown} */
function caught(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** @param {() => Promise<unknown>} fn @returns {Promise<unknown>} */
async function caughtAsync(fn) {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** @param {unknown} value */
function show(value) {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
