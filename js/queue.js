// Events through a queue. A webhook event is a plain object whose `timestamp` is a `Date` and
// whose `raw` is an enumerable accessor: a structured clone (Cloudflare Queues' default "v8"
// content type, postMessage, structuredClone) reads `raw` once and keeps the `Date`, so the event
// that comes out is the event that went in. JSON (the "json" content type, a Redis list, SQS)
// turns the `Date` into an ISO string. `reviveWebhookEvent` takes either back to a typed event.
import { WebhookError } from "./errors.js";
import { BUILDERS } from "./builders.js";

// The event types: those the build generated a builder for (src/shapes.rs).
const TYPES = Object.keys(BUILDERS);

function refuse(why) {
  return new WebhookError(`not a queued webhook event: ${why}`, "invalid_input");
}

function isDate(value) {
  return Object.prototype.toString.call(value) === "[object Date]";
}

/**
 * A typed event from what a queue gave back: a structured clone of a `WebhookEvent`, the object
 * its JSON parses to, or that JSON text. Returns a new event with the same keys, `timestamp` a
 * `Date` (from a `Date`, an ISO string or unix milliseconds) or `null`, and `raw` as it came.
 * Throws a `WebhookError` `invalid_input` for anything that is not an event.
 */
export function reviveWebhookEvent(queued) {
  let value = queued;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      throw refuse("the text is not JSON");
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw refuse("not an object");
  if (!TYPES.includes(value.type)) throw refuse(`its type is ${JSON.stringify(value.type) ?? "missing"}, not one of ${TYPES.join(", ")}`);
  if (!("timestamp" in value) || !("raw" in value)) throw refuse("it has no timestamp or no raw");
  let { timestamp } = value;
  if (timestamp !== null) {
    if (!isDate(timestamp) && typeof timestamp !== "string" && typeof timestamp !== "number") throw refuse("its timestamp is no time");
    timestamp = new Date(isDate(timestamp) ? timestamp.getTime() : timestamp);
    if (Number.isNaN(timestamp.getTime())) throw refuse("its timestamp is no time");
  }
  // Own data properties only, created (never assigned: a "__proto__" key stays a key).
  const event = Object.fromEntries(Object.entries(value));
  event.timestamp = timestamp;
  return event;
}
