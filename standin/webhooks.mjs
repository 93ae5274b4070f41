// Registered webhooks: the endpoint-verification handshake, the public `Webhook` object, an
// update, and one delivery. Mechanics from the docs site (docs/hub-docs-site.md §1.13–1.15, §1.19):
// * Verification: POST with `X-Validation-Token: <token>` plus the custom headers; passes on
//   HTTP 200 with a body equal to JSON.stringify(token). Anything else leaves isVerified false.
//   It runs on create and again when an update changes the endpoint.
//   The verification body is undocumented; the stand-in sends `{}`.
// * Delivery: POST, compact JSON, `content-type: application/json`, the custom headers, and
//   `X-hub-Signature: t=..,v1=..` when requiresSignature. Any 2xx counts as a success. No
//   automatic retries (the docs describe only manual ones).

import { randomBytes, randomUUID } from 'node:crypto';
import { postJson } from './http-client.mjs';
import { signature } from './events.mjs';

export const HANDSHAKE_TIMEOUT_MS = 5000;
export const DELIVERY_TIMEOUT_MS = 5000;

// Framing headers are the stand-in's to set; a custom one would corrupt the request.
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'host', 'connection']);

/** The custom `headers: [{key, value}]` of a webhook as a header object. */
function customHeaders(webhook) {
  return Object.fromEntries((webhook.headers ?? [])
    .filter(({ key }) => !RESERVED_HEADERS.has(key.toLowerCase()))
    .map(({ key, value }) => [key, value]));
}

/** True when `url` points at this machine (127.0.0.0/8, localhost, [::1]). */
export function isLoopback(url) {
  let host;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Runs the verification handshake against `webhook.endpoint`. Unless `allowRemote`, only loopback
 * endpoints are called: a local stand-in must not send traffic off the machine, so a remote
 * endpoint is registered but stays unverified (and so gets no deliveries).
 * @returns {Promise<{verified: boolean, statusCode: number, error?: string}>}
 */
export async function verifyEndpoint(webhook, { signal, allowRemote = false } = {}) {
  if (!allowRemote && !isLoopback(webhook.endpoint)) {
    return { verified: false, statusCode: 0, error: 'not called: the stand-in only calls loopback endpoints (see allowRemoteWebhooks)' };
  }
  const token = randomBytes(24).toString('hex');
  const answer = await postJson(webhook.endpoint, {
    headers: { 'Content-Type': 'application/json', ...customHeaders(webhook), 'X-Validation-Token': token },
    body: '{}',
    timeoutMs: HANDSHAKE_TIMEOUT_MS,
    signal,
  });
  const verified = answer.statusCode === 200 && answer.body === JSON.stringify(token);
  return { verified, statusCode: answer.statusCode, ...(answer.error ? { error: answer.error } : {}) };
}

/** A new webhook record (internal: keeps headers and the secret) from a validated create body. */
export function newWebhook(input, { applicationId, signingSecret, now = new Date() }) {
  const iso = now.toISOString();
  return {
    id: randomUUID(),
    applicationId,
    active: true,
    label: input.label,
    eventType: input.eventType,
    endpoint: input.endpoint,
    numberOfErrors: 0,
    authenticationProtocol: input.authenticationProtocol,
    scope: input.scope ?? null,
    isVerified: false,
    verifiedAt: null,
    createdDate: iso,
    lastModifiedDate: iso,
    headers: input.headers ?? [],
    requiresSignature: input.requiresSignature === true,
    signingSecret: input.requiresSignature === true ? newSecret(signingSecret) : null,
    verification: null, // { verified, statusCode, error? } of the last handshake
  };
}

/** A fresh signing secret: the configured one, else 32 random bytes in hex. */
function newSecret(signingSecret) {
  return signingSecret ?? randomBytes(32).toString('hex');
}

/**
 * What a validated update body changes on `webhook`: the fields to assign, not a new record, so
 * that the caller can apply them to the live record once the handshake (if any) is done, while
 * deliveries meanwhile still see the old endpoint and their error counts are not lost.
 * Turning `requiresSignature` on creates a secret only when the webhook has none yet: a secret
 * once issued stays the webhook's, and is not shown again.
 * @returns {{ changes: object, endpointChanged: boolean, secretCreated: boolean }}
 */
export function webhookChanges(webhook, input, { signingSecret, now = new Date() }) {
  const changes = { lastModifiedDate: now.toISOString() };
  for (const field of ['label', 'endpoint', 'eventType', 'authenticationProtocol', 'scope', 'headers', 'requiresSignature']) {
    if (input[field] !== undefined) changes[field] = input[field];
  }
  const secretCreated = input.requiresSignature === true && !webhook.signingSecret;
  if (secretCreated) changes.signingSecret = newSecret(signingSecret);
  const endpointChanged = changes.endpoint !== undefined && changes.endpoint !== webhook.endpoint;
  return { changes, endpointChanged, secretCreated };
}

/**
 * The `Webhook` object of the API. The signing secret is shown only when it has just been
 * created, by a create or an update that turns signing on (the docs: it is returned "when you
 * enable signing").
 */
export function publicWebhook(webhook, { withSecret = false } = {}) {
  // headers, the secret and the last handshake result stay internal.
  const { headers, signingSecret, verification, ...shown } = webhook;
  return withSecret && webhook.requiresSignature ? { ...shown, signingSecret } : shown;
}

/**
 * POSTs one event to a webhook. Returns the delivery record (see deliverBody()).
 * @param {object} event  the event body (serialised compactly here; the signature covers these bytes)
 */
export function deliver(webhook, event, options) {
  return deliverBody(webhook, JSON.stringify(event), options);
}

/**
 * POSTs an already serialised event body to the webhook's current endpoint, with its current
 * headers and, when signed, a signature made now (a retry resends the same bytes with a fresh
 * `t`). Returns the delivery record: `sendAt` is when the call started, `sentAt` when it ended,
 * `durationMs` how long the receiver took to answer (or to fail).
 */
export async function deliverBody(webhook, body, { signal, messageId } = {}) {
  const sendAt = new Date().toISOString();
  const started = performance.now();
  const headers = { 'Content-Type': 'application/json', ...customHeaders(webhook) };
  if (webhook.requiresSignature) {
    headers['X-hub-Signature'] = signature(webhook.signingSecret, body, Math.floor(Date.now() / 1000));
  }
  const answer = await postJson(webhook.endpoint, { headers, body, timeoutMs: DELIVERY_TIMEOUT_MS, signal });
  const ok = answer.statusCode >= 200 && answer.statusCode < 300;
  return {
    id: randomUUID(),
    webhookId: webhook.id,
    eventType: webhook.eventType,
    url: webhook.endpoint,
    messageId,
    statusCode: answer.statusCode,
    ok,
    ...(answer.error ? { error: answer.error } : {}),
    responseBody: answer.body,
    body,
    signature: headers['X-hub-Signature'] ?? null,
    sendAt,
    sentAt: new Date().toISOString(),
    durationMs: performance.now() - started,
  };
}
