// Everything the stand-in remembers: the request log, accepted messages, webhooks, deliveries
// and pending faults. The HTTP layer (server.mjs) drives it; in-process tests read it directly
// as `state` from startStandin().

import { FaultQueue } from './faults.mjs';
import { findChannel, DEFAULT_CHANNELS } from './channels.mjs';
import { messageEvent, messageType, newMessageId, statusEvent } from './events.mjs';
import { deliver, newWebhook, publicWebhook, verifyEndpoint } from './webhooks.mjs';

export const DEFAULT_APPLICATION_ID = '00000000-0000-0000-0000-000000000001';

export class StandinState {
  /** Every request to a send endpoint, in arrival order (see requestLog()). */
  sends = [];
  /** Accepted sends: { kind, channelId, to, messageId, type, content, at }. */
  messages = [];
  /** Webhook delivery attempts: { webhookId, eventType, url, messageId, statusCode, ok, body, ... }. */
  deliveries = [];
  /** Registered webhooks by id (internal records, with headers and secret). */
  webhooks = new Map();
  faults = new FaultQueue();

  #processed = 0;
  #duplicates = 0;
  #acceptedBodies = new Set();
  // Deliveries run one after another, in send order, after the response has gone out.
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

  /** Forgets faults, logs, messages, webhooks and deliveries. */
  reset() {
    this.sends = [];
    this.messages = [];
    this.deliveries = [];
    this.webhooks.clear();
    this.faults.clear();
    this.#processed = 0;
    this.#duplicates = 0;
    this.#acceptedBodies.clear();
  }

  /** The body of GET /__standin/requests. */
  requestLog() {
    return { sends: this.sends, processed: this.#processed, duplicates: this.#duplicates };
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
    this.#schedule(() => this.#deliverSend(send));
    return { messageId, status: 'sent', recipientId: body.to, type };
  }

  #schedule(task) {
    this.#deliveryChain = this.#deliveryChain
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(task)
      .catch(() => {}); // deliver() never rejects; this only guards the chain
  }

  async #deliverSend(send) {
    const events = { Message: messageEvent(send), MessageStatus: statusEvent(send) };
    for (const webhook of [...this.webhooks.values()]) {
      const event = events[webhook.eventType];
      if (!webhook.active || !webhook.isVerified || !event || this.#abort.signal.aborted) continue;
      const record = await deliver(webhook, event, { signal: this.#abort.signal, messageId: send.messageId });
      if (!record.ok) webhook.numberOfErrors += 1;
      this.deliveries.push(record);
    }
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
