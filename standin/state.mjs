// Everything the stand-in remembers: the request logs, accepted messages, webhooks, deliveries,
// webhook logs and pending faults. The HTTP layer (server.mjs) drives it; in-process tests read
// it directly as `state` from startStandin().

import { FaultQueue } from './faults.mjs';
import { findChannel, DEFAULT_CHANNELS, DEFAULT_WEB_CHATT_VISITORS } from './channels.mjs';
import { inboundEvent, messageEvent, messageType, newMessageId, statusEvent } from './events.mjs';
import { deliver, deliverBody, newWebhook, publicWebhook, verifyEndpoint, webhookChanges } from './webhooks.mjs';
import { WebhookLogStore } from './logs.mjs';
import { deliveryPlan, normalizeInbound, runEvent } from './inbound.mjs';

export const DEFAULT_APPLICATION_ID = '00000000-0000-0000-0000-000000000001';

export class StandinState {
  /** Every request to a send endpoint, in arrival order (see requestLog()). */
  sends = [];
  /**
   * Every API request (sends and webhook management alike, not /__standin/), so tests can count
   * a client's attempts: { at, requestId, method, path, query, status, fault? }.
   */
  calls = [];
  /** Accepted sends: { kind, channelId, to, messageId, type, content, at }. */
  messages = [];
  /** Webhook delivery attempts, retries included: { webhookId, eventType, url, messageId, statusCode, ok, body, logId, retryOf?, ... }. */
  deliveries = [];
  /** Registered webhooks by id (internal records, with headers and secret). */
  webhooks = new Map();
  /** The webhook logs the API lists and retries: one entry per delivery attempt. */
  logs = new WebhookLogStore();
  faults = new FaultQueue();

  /** Web Chatt visitors with an active widget session (a visitor who writes opens one). */
  webChattSessions = new Set(DEFAULT_WEB_CHATT_VISITORS);

  #processed = 0;
  #duplicates = 0;
  #acceptedBodies = new Set();
  // Deliveries run one after another, in send order, after the response has gone out; retries
  // join the same chain, so settled() covers them too.
  #deliveryChain = Promise.resolve();
  #abort = new AbortController();

  constructor({ channels = DEFAULT_CHANNELS, webhookSecret, applicationId = DEFAULT_APPLICATION_ID, allowRemoteWebhooks = false } = {}) {
    this.channels = channels;
    this.webhookSecret = webhookSecret;
    this.applicationId = applicationId;
    this.allowRemoteWebhooks = allowRemoteWebhooks;
  }

  /** Accepted sends (faulted and rejected requests excluded). */
  get processed() {
    return this.#processed;
  }

  /** Accepted sends whose exact body text had already been accepted before. */
  get duplicates() {
    return this.#duplicates;
  }

  /** Queues faults for upcoming sends (an array or one object); throws FaultError if invalid. */
  addFaults(faults) {
    return this.faults.add(faults);
  }

  /** Forgets faults, request logs, messages, webhooks, deliveries and webhook logs. */
  reset() {
    this.sends = [];
    this.calls = [];
    this.logs.clear();
    this.messages = [];
    this.deliveries = [];
    this.webhooks.clear();
    this.faults.clear();
    this.#processed = 0;
    this.#duplicates = 0;
    this.#acceptedBodies.clear();
    this.webChattSessions = new Set(DEFAULT_WEB_CHATT_VISITORS);
  }

  /**
   * A user writes to one of the channels: `{channel, from, content, channelId?}` (`channel` a
   * kind, `content` the docs' inbound shape, default a text). Delivers the docs' flat `Message`
   * event to the `Message` webhooks; a Web Chatt visitor gets an active session. Returns
   * `{messageId, event}`.
   */
  inbound({ channel: kind, from, content = { type: 'text', text: 'Hello' }, channelId } = {}) {
    const channel = this.channels.find((c) => c.kind === kind && (channelId === undefined || c.id === channelId));
    if (!channel) throw new Error(`no ${kind} channel${channelId ? ` ${channelId}` : ''}`);
    if (typeof from !== 'string' || from === '') throw new Error('from must be the sender id');
    if (kind === 'webchatt') this.webChattSessions.add(from);
    const event = inboundEvent({ kind, channel, from, content, now: Date.now() });
    this.#schedule(() => this.#deliverEvent('Message', event, event.messageId)).catch(() => {});
    return { messageId: event.messageId, event };
  }

  async #deliverEvent(eventType, event, messageId) {
    for (const webhook of [...this.webhooks.values()]) {
      if (!webhook.active || !webhook.isVerified || webhook.eventType !== eventType || this.#abort.signal.aborted) continue;
      this.#record(webhook, await deliver(webhook, event, { signal: this.#abort.signal, messageId }));
    }
  }

  /** The body of GET /__standin/requests. */
  requestLog() {
    return { sends: this.sends, processed: this.#processed, duplicates: this.#duplicates, calls: this.calls };
  }

  /** Resolves once every delivery scheduled so far has been attempted. */
  async settled() {
    let chain;
    do {
      chain = this.#deliveryChain;
      await chain;
    } while (chain !== this.#deliveryChain);
  }

  findChannel(kind, from) {
    return findChannel(this.channels, kind, from);
  }

  /**
   * Records an accepted send and schedules its webhook deliveries (they start after the caller
   * has answered, on a later turn of the event loop). Returns the send response body.
   */
  acceptSend({ kind, channel, body, rawBody }) {
    const messageId = newMessageId(kind);
    const type = messageType(body.content);
    this.#processed += 1;
    if (this.#acceptedBodies.has(rawBody)) this.#duplicates += 1;
    else this.#acceptedBodies.add(rawBody);

    const now = Date.now();
    this.messages.push({ kind, channelId: channel.id, to: body.to, messageId, type, content: body.content, at: new Date(now).toISOString() });
    const send = { kind, channel, to: body.to, content: body.content, messageId, now };
    this.#schedule(() => this.#deliverSend(send)).catch(() => {}); // nobody awaits deliveries
    // Instagram and Messenger answer as the spec's SendMessageOutput; the docs show no success
    // body for the other channels, so they answer the generic {messageId, status}.
    if (kind !== 'instagram' && kind !== 'messenger') return { messageId, status: 'sent' };
    return { messageId, status: 'sent', recipientId: body.to, type };
  }

  /**
   * Many people write to the channels (POST /__standin/inbound/run): delivers the flat `Message` event of each inbound message
   * (`{ messages: [{ from, text, channel?, messageId? }], redeliver?, concurrency?, seed? }`, see
   * inbound.mjs) to every active, verified `Message` webhook, `redeliver` of them twice, with up
   * to `concurrency` deliveries in flight. Runs on the delivery chain (settled() covers it);
   * each attempt is logged as any delivery. Throws InboundError for a bad request. Resolves once
   * every delivery is over with `{ messages: [{ messageId, from, channel }], deliveries: [{
   * messageId, redelivery, statusCode, durationMs }] }` in plan order.
   */
  receive(input) {
    const { messages, redeliver, concurrency, seed } = normalizeInbound(input, this.channels);
    const plan = deliveryPlan(messages.length, { redeliver, seed });
    for (const m of messages) if (m.channel.kind === 'webchatt') this.webChattSessions.add(m.from); // as inbound()
    return this.#schedule(async () => {
      const now = Date.now();
      const bodies = messages.map((m) => JSON.stringify(runEvent(m, now)));
      const results = new Array(plan.length);
      let next = 0;
      const worker = async () => {
        while (next < plan.length && !this.#abort.signal.aborted) {
          const at = next;
          next += 1;
          const { index, redelivery } = plan[at];
          const { messageId } = messages[index];
          for (const webhook of [...this.webhooks.values()]) {
            if (!webhook.active || !webhook.isVerified || webhook.eventType !== 'Message') continue;
            const record = await deliverBody(webhook, bodies[index], { signal: this.#abort.signal, messageId });
            this.#record(webhook, { ...record, inbound: true, redelivery });
            results[at] = { messageId, redelivery, statusCode: record.statusCode, durationMs: record.durationMs };
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return {
        messages: messages.map(({ messageId, from, channel }) => ({ messageId, from, channel: channel.kind })),
        deliveries: results.filter(Boolean),
      };
    });
  }

  /** Appends `task` to the delivery chain; resolves with its result once it has run. */
  #schedule(task) {
    const run = this.#deliveryChain
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(task);
    this.#deliveryChain = run.catch(() => {}); // deliver() never rejects; this only guards the chain
    return run;
  }

  async #deliverSend(send) {
    const events = { Message: messageEvent(send), MessageStatus: statusEvent(send) };
    for (const webhook of [...this.webhooks.values()]) {
      const event = events[webhook.eventType];
      if (!webhook.active || !webhook.isVerified || !event || this.#abort.signal.aborted) continue;
      this.#record(webhook, await deliver(webhook, event, { signal: this.#abort.signal, messageId: send.messageId }));
    }
  }

  /**
   * Files one delivery attempt: in `deliveries`, in the webhook's error count and, while the
   * webhook is still registered (a delete or reset may have come meanwhile), in its log.
   * Returns the log entry, or undefined.
   */
  #record(webhook, record, { retryOf } = {}) {
    const current = this.webhooks.get(webhook.id);
    if (!record.ok && current) current.numberOfErrors += 1;
    const entry = current ? this.logs.add(webhook, record, { messageId: record.messageId ?? null, retryOf }) : undefined;
    this.deliveries.push({ ...record, logId: entry?.id ?? null, ...(retryOf ? { retryOf } : {}) });
    return entry;
  }

  /** The webhook with this id (any case), or undefined. */
  findWebhook(id) {
    return this.webhooks.get(String(id).toLowerCase());
  }

  /** Registers a webhook from a validated create body and runs the handshake. Returns the 201 body. */
  async createWebhook(input) {
    const webhook = newWebhook(input, { applicationId: this.applicationId, signingSecret: this.webhookSecret });
    const check = await verifyEndpoint(webhook, { signal: this.#abort.signal, allowRemote: this.allowRemoteWebhooks });
    if (check.verified) {
      webhook.isVerified = true;
      webhook.verifiedAt = new Date().toISOString();
    }
    webhook.verification = check;
    this.webhooks.set(webhook.id, webhook);
    return publicWebhook(webhook, { withSecret: true });
  }

  /**
   * Applies a validated update body to a registered webhook. A changed endpoint is verified
   * again (isVerified/verifiedAt follow the result, as on create) before the changes take effect.
   * Returns the 200 body, or undefined if the webhook is gone (also when it was deleted during
   * the handshake).
   */
  async updateWebhook(id, input) {
    const webhook = this.findWebhook(id);
    if (!webhook) return undefined;
    const { changes, endpointChanged, secretCreated } = webhookChanges(webhook, input, { signingSecret: this.webhookSecret });
    if (endpointChanged) {
      const check = await verifyEndpoint({ ...webhook, ...changes }, { signal: this.#abort.signal, allowRemote: this.allowRemoteWebhooks });
      changes.isVerified = check.verified;
      changes.verifiedAt = check.verified ? new Date().toISOString() : null;
      changes.verification = check;
    }
    if (this.webhooks.get(webhook.id) !== webhook) return undefined;
    Object.assign(webhook, changes);
    return publicWebhook(webhook, { withSecret: secretCreated });
  }

  /** Removes a webhook and its logs. Returns false if there was none. */
  deleteWebhook(id) {
    const webhook = this.findWebhook(id);
    if (!webhook) return false;
    this.webhooks.delete(webhook.id);
    this.logs.forgetWebhook(webhook.id);
    return true;
  }

  /** The body of GET …/webhook/{id}/webhook-log (`status`: "Success", "Error" or undefined). */
  listLogs(webhookId, { offset, limit, status }) {
    return this.logs.list(webhookId, { offset, limit, status });
  }

  /**
   * Resends the body of log `logId` of `webhookId` to the webhook's current endpoint, with its
   * current headers and signing, and resolves once that attempt is over and logged (so the new
   * log already holds the outcome when the caller answers).
   * Only failed attempts can be retried. A webhook that is not verified (e.g. its new endpoint
   * failed the handshake, or is off loopback) is not called.
   * @returns {Promise<{result: 'retried', newLogId: string} | {result: 'not_found' | 'not_retryable' | 'not_delivered'}>}
   */
  async retryLog(webhookId, logId) {
    const entry = this.logs.get(webhookId, logId);
    if (!entry) return { result: 'not_found' };
    if (entry.status === 'Success') return { result: 'not_retryable' };
    return this.#schedule(async () => {
      // Read the webhook when its turn comes: an update meanwhile decides where the resend goes.
      const webhook = this.webhooks.get(webhookId);
      if (!webhook?.active || !webhook.isVerified || this.#abort.signal.aborted) return { result: 'not_delivered' };
      const record = await deliverBody(webhook, entry.body, { signal: this.#abort.signal, messageId: entry.messageId });
      const log = this.#record(webhook, record, { retryOf: entry.id });
      return log ? { result: 'retried', newLogId: log.id } : { result: 'not_delivered' };
    });
  }

  /** The body of GET /v1/organization/webhook. */
  listWebhooks({ offset, limit }) {
    const all = [...this.webhooks.values()];
    return {
      data: all.slice(offset, offset + limit).map((webhook) => publicWebhook(webhook)),
      pagination: { offset, limit, total: all.length, totalPages: Math.ceil(all.length / limit) },
    };
  }

  /** Aborts in-flight handshakes and deliveries; later ones are not attempted. */
  shutdown() {
    this.#abort.abort();
  }
}
