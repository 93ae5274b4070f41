// Webhook logs: one entry per delivery attempt (first deliveries and manual retries alike), as
// the docs site describes them (docs/hub-docs-site.md §1.17–1.18), in the OpenAPI `WebhookLog`
// shape (docs/hub-api.md §3).
// * `status` is "Success" for a 2xx answer and "Error" for anything else, a timeout or a network
//   failure included (statusCode 0). "Error" is the OpenAPI enum; the docs site calls the same
//   thing "Failed", so the list filter accepts both names.
// * Lists are newest first (the order of a log viewer), ties broken by arrival.
// * `isDeleted` is left out, as in the docs site's example: nothing deletes a log here.
// * An entry keeps the exact body it delivered (not shown) so that a retry can resend it.

import { randomUUID } from 'node:crypto';

/** `?status=` values and the log status each selects. */
const STATUS_FILTERS = { Success: 'Success', Error: 'Error', Failed: 'Error' };

/**
 * The log status a `?status=` value selects: undefined when there is no filter, null when the
 * value is not one of Success, Error, Failed.
 */
export function statusFilter(value) {
  if (value === null || value === undefined) return undefined;
  return Object.hasOwn(STATUS_FILTERS, value) ? STATUS_FILTERS[value] : null;
}

/** `WebhookLog.status` of an attempt answered with `statusCode` (0: no answer). */
export function logStatus(statusCode) {
  return statusCode >= 200 && statusCode < 300 ? 'Success' : 'Error';
}

/** The `WebhookLog` object of the API (the delivered body and the retry link stay internal). */
export function publicLog(entry) {
  const { body, retryOf, error, ...shown } = entry;
  return shown;
}

export class WebhookLogStore {
  // In creation order; lists read it backwards.
  #entries = [];
  #byId = new Map();

  /**
   * Records one delivery attempt (a record from webhooks.mjs deliver()) to `webhook`.
   * @param {string|null} messageId  the Hub message id of the event, if any
   * @param {string} [retryOf]       the log this attempt resent
   * @returns {object} the entry
   */
  add(webhook, attempt, { messageId = null, retryOf } = {}) {
    const entry = {
      id: randomUUID(),
      webhookId: webhook.id,
      statusCode: attempt.statusCode,
      responseBody: attempt.responseBody ?? null,
      status: logStatus(attempt.statusCode),
      sendAt: attempt.sendAt,
      createdDate: new Date().toISOString(),
      messageId,
      // The webhook as this attempt saw it: after an endpoint change, old entries still show
      // where they went and a retry's entry shows the new endpoint.
      webhook: { id: webhook.id, endpoint: attempt.url, eventType: webhook.eventType },
      body: attempt.body,
      ...(retryOf ? { retryOf } : {}),
      ...(attempt.error ? { error: attempt.error } : {}),
    };
    this.#entries.push(entry);
    this.#byId.set(entry.id, entry);
    return entry;
  }

  /** The entry `id` of webhook `webhookId`, or undefined (also for another webhook's log). */
  get(webhookId, id) {
    const entry = this.#byId.get(String(id).toLowerCase());
    return entry?.webhookId === webhookId ? entry : undefined;
  }

  /** The body of GET …/webhook-log: newest first, optionally only one status. */
  list(webhookId, { offset, limit, status }) {
    const all = this.#entries
      .filter((entry) => entry.webhookId === webhookId && (status === undefined || entry.status === status))
      .reverse();
    return {
      data: all.slice(offset, offset + limit).map(publicLog),
      pagination: { offset, limit, total: all.length, totalPages: Math.ceil(all.length / limit) },
    };
  }

  /** Every entry, oldest first (internal records, for in-process tests). */
  all() {
    return [...this.#entries];
  }

  /** Drops the logs of a deleted webhook: they can no longer be listed or retried. */
  forgetWebhook(webhookId) {
    this.#entries = this.#entries.filter((entry) => entry.webhookId !== webhookId);
    for (const [id, entry] of this.#byId) if (entry.webhookId === webhookId) this.#byId.delete(id);
  }

  clear() {
    this.#entries = [];
    this.#byId.clear();
  }
}
