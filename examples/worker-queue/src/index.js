// A Hub Chatt2.me webhook receiver for scale on Cloudflare Workers.
//
//   fetch: verify the signature, put every event on the EVENTS queue, answer 200 at once.
//   queue: answer each inbound message exactly once: de-duplicated by messageId in SEEN (KV),
//          replied with hub.reply, retried with a delay when the failure may pass (rate limits,
//          timeouts, network failures, 5xx), acknowledged after logging when it will not;
//          after 5 attempts a message goes to the dead-letter queue, which is logged and kept.
//
// Bindings (wrangler.toml, README.md):
//   EVENTS             Queue producer (chatt2me-events)
//   SEEN               KV namespace
//   WEBHOOK_SECRET     secret: the webhook's signingSecret
//   CHATT2ME_API_KEY   secret: the application's API key
//   CHATT2ME_BASE_URL  var, optional: default https://api.chatt2.me
//   REPLY_TEXT         var, optional: the text of the reply
import { Chatt2me, createWebhookHandler, reviveWebhookEvent } from "chatt2me-wasm";

const DEAD_LETTERS = "chatt2me-events-dlq"; // wrangler.toml's dead_letter_queue
const DEFAULT_REPLY = "Thanks for your message! We'll get back to you soon.";
// A Queue message holds at most 128 KB, and each event carries its delivery (`raw`): larger
// bodies get 413 here, in the Hub's webhook log, instead of failing in EVENTS.send.
const MAX_BODY_BYTES = 96 * 1024;
// The Hub's docs give no re-delivery window: a failed or late delivery comes again within
// minutes when the Hub re-sends it, or hours or days later when someone retries it from the
// webhook log (hub.webhooks.retryLog). Seven days is assumed; raise it if your team retries
// older logs.
const DONE_TTL_SECONDS = 7 * 24 * 3600;
// A claim outlives the claiming message's retries (at most 4, each at most MAX_DELAY_SECONDS).
const CLAIM_TTL_SECONDS = 3600;
const DEAD_TTL_SECONDS = 30 * 24 * 3600;
const MAX_DELAY_SECONDS = 300;
// Worth another attempt; anything else (a ValidationError, 400, 401, 404, send_failed, ...) will
// fail the same way again.
const TRANSIENT = new Set(["rate_limited", "server_error", "timeout", "network"]);

// One handler per set of bindings (workerd hands every request of an isolate the same `env`).
const handlers = new WeakMap();

export default {
  async fetch(request, env) {
    if (!env.WEBHOOK_SECRET) {
      // The Hub verifies the endpoint before it shows the signing secret: answer that handshake,
      // refuse deliveries until the secret is set.
      const token = request.headers.get("x-validation-token");
      return token === null ? Response.json({ error: "webhook_secret_not_set" }, { status: 503 }) : Response.json(token);
    }
    let handler = handlers.get(env);
    if (handler === undefined) {
      handler = createWebhookHandler({
        secret: env.WEBHOOK_SECRET,
        maxBytes: MAX_BODY_BYTES,
        // The event as it is: a Queue message is a structured clone, which keeps its Date and
        // raw. If this throws, the Hub gets 500 and delivers the whole body again: the
        // consumer's de-duplication makes that harmless.
        onEvent: (event) => env.EVENTS.send(event),
        onError: (error) => console.error(`enqueue failed: ${error?.name} ${error?.message}`),
      });
      handlers.set(env, handler);
    }
    return handler(request);
  },

  async queue(batch, env) {
    if (batch.queue === DEAD_LETTERS) return deadLetters(batch, env);
    const hub = new Chatt2me({
      apiKey: env.CHATT2ME_API_KEY,
      baseUrl: env.CHATT2ME_BASE_URL || undefined,
      maxRetries: 0, // every wait is the queue's (message.retry with a delay), none in this isolate
      timeoutMs: 10_000,
    });
    try {
      // Copies of one message in this batch (a re-delivery enqueued right behind the first, or a
      // retry beside a later copy) are taken one after another, each deciding on what the one
      // before left in SEEN; different messages are answered concurrently.
      const copies = new Map();
      for (const message of batch.messages) {
        const key = keyOf(message.body) ?? message.id;
        copies.set(key, [...(copies.get(key) ?? []), message]);
      }
      await Promise.all(
        [...copies.values()].map(async (messages) => {
          for (const message of messages) await answerOnce(message, env, hub);
        }),
      );
    } finally {
      hub.free();
    }
  },
};

/** `<channel>:<messageId>` of an inbound message, or null for every other event. */
function keyOf(body) {
  const { type, channel, messageId } = body ?? {};
  return type === "message" && messageId ? `${channel}:${messageId}` : null;
}

async function answerOnce(message, env, hub) {
  let event;
  try {
    event = reviveWebhookEvent(message.body);
  } catch (error) {
    console.error(`not an event, dropped: ${error.message}`);
    return message.ack();
  }
  const key = keyOf(event);
  if (key === null) return message.ack(); // echoes, statuses, reactions, reads: nothing to answer
  try {
    // done: answered (or failed for good) before. claim: another message is answering it now;
    // it will be retried or dead-lettered itself, so this copy has nothing to add.
    const [done, claim] = await Promise.all([env.SEEN.get(`done:${key}`), env.SEEN.get(`claim:${key}`)]);
    if (done !== null || (claim !== null && claim !== message.id)) return message.ack();
    if (claim === null) await env.SEEN.put(`claim:${key}`, message.id, { expirationTtl: CLAIM_TTL_SECONDS });
  } catch (error) {
    // KV unavailable: do nothing now rather than risk a second reply.
    console.error(`SEEN unavailable for ${key}: ${error?.message}`);
    return message.retry({ delaySeconds: backoff(message.attempts) });
  }

  let outcome;
  try {
    const sent = await hub.reply(event, { text: env.REPLY_TEXT || DEFAULT_REPLY });
    outcome = { replied: sent.messageId };
  } catch (error) {
    // Errors of the client never hold the API key.
    const what = `${error?.name} ${error?.code ?? ""} ${error?.message}`;
    if (TRANSIENT.has(error?.code)) {
      // A timeout, a network failure or a 5xx may also mean the Hub sent the reply: the API has no
      // idempotency key, so retrying them favours a possible second reply over none.
      const delaySeconds = error.retryAfter != null ? Math.min(Math.ceil(error.retryAfter), MAX_DELAY_SECONDS) : backoff(message.attempts);
      console.warn(`reply to ${key} failed (attempt ${message.attempts}), retry in ${delaySeconds} s: ${what}`);
      return message.retry({ delaySeconds });
    }
    console.error(`reply to ${key} failed for good, not retried: ${what}`);
    outcome = { failed: error?.code ?? "error" };
  }
  try {
    await env.SEEN.put(`done:${key}`, JSON.stringify(outcome), { expirationTtl: DONE_TTL_SECONDS });
  } catch (error) {
    // The reply went out: retrying would send it again. The claim still holds off copies.
    console.error(`could not record ${key} as answered: ${error?.message}`);
  }
  message.ack();
}

/** 1, 2, 4, 8 ... seconds after attempt 1, 2, 3, 4 ..., at most MAX_DELAY_SECONDS. */
function backoff(attempts) {
  return Math.min(2 ** Math.max(0, attempts - 1), MAX_DELAY_SECONDS);
}

async function deadLetters(batch, env) {
  for (const message of batch.messages) {
    const key = keyOf(message.body) ?? message.id;
    console.error(`dead letter (its attempts used up): ${key}`);
    // Kept whole (it is the event), for a person to look at and replay: wrangler kv key list --prefix dead:
    await env.SEEN.put(`dead:${key}`, JSON.stringify(message.body), { expirationTtl: DEAD_TTL_SECONDS });
    message.ack();
  }
}
