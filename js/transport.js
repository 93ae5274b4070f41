// The answer of one request of the client (src/wasm/client.rs), and the request a webhook handler
// is handed (src/wasm/handler.rs). The Rust core builds the request, calls `fetch` and decides
// what the answer means (and whether to retry); this reads the answer in one step, so the Rust
// side awaits one Promise per attempt rather than one per step and per chunk (each await of a JS
// Promise from Rust costs two closures and a task wake-up; see bench/README.md, "Measured
// choices"). The body is read chunk by chunk with a cap, its stream cancelled once past it, each
// chunk copied as it is read (its source may write over it later) and refused unless it is a
// `Uint8Array`; every wait races the call's end. A `Response` or `Request` of the runtime's own
// Fetch API is read through the accessors and reader methods of its prototypes, which no own
// property or subclass changes; anything else a custom `fetch` answers, with guards (a property
// read that throws counts as absent).
import { chunkLength } from "./events.js";

const Bytes = Uint8Array;

/** `value[key]`, `undefined` for a non-object or a read that throws (a getter, a Proxy trap). */
function get(value, key) {
  if ((typeof value !== "object" || value === null) && typeof value !== "function") return undefined;
  try {
    return value[key];
  } catch {
    return undefined;
  }
}

/**
 * The value once settled, or the rejection of `until` (the call's end) if that comes first;
 * without `until` (a webhook handler's read of its request), the value.
 */
const settle = (value, until) => (until === undefined ? value : Promise.race([value, until]));

const encoder = new TextEncoder();

/**
 * Cancels a body's stream with `stop()`; whatever it throws, rejects or returns changes nothing.
 * Within a call (`until`), waited for until the call ends; without one (a handler's request),
 * not waited for: a cancel that never settles must not hold the answer.
 */
async function cancelled(stop, until) {
  try {
    const pending = stop();
    if (until === undefined) Promise.resolve(pending).catch(Boolean);
    else await settle(pending, until);
  } catch {
    // Nothing to do.
  }
}

/**
 * Reads a body's chunks with `next()` (a Promise of `{ done, value }`) until it is done or past
 * `cap`, then cancels it with `stop()`: the bytes as one `Uint8Array`, or null past `cap`. Each
 * chunk is measured by the engine before anything is copied, copied as it is read (its source
 * may write over it later) and must be a `Uint8Array`; an empty one counts as a byte against the
 * cap, so a stream of them ends too. A read that fails cancels the stream before it rejects.
 */
async function chunks(next, field, stop, cap, until) {
  const parts = [];
  let total = 0;
  let budget = 0;
  try {
    for (;;) {
      const chunk = await settle(next(), until);
      if (field(chunk, "done")) break;
      const value = field(chunk, "value");
      const length = chunkLength(value);
      budget += length === 0 ? 1 : length;
      if (budget > cap) {
        await cancelled(stop, until);
        return null;
      }
      if (length > 0) {
        parts.push(new Bytes(value));
        total += length;
      }
    }
  } catch (error) {
    await cancelled(stop, until);
    throw error;
  }
  if (parts.length === 1) return parts[0];
  const out = new Bytes(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The bytes of `owner.body` (an object a custom `fetch` answered, or a request-like object), or
 * null once they pass `cap`. Without a stream (`body: null`) the body is empty; an object that
 * is not a Fetch API one but has `text()` is read through it.
 */
async function bytesOf(owner, cap, until) {
  const stream = get(owner, "body");
  const getReader = get(stream, "getReader");
  if (typeof getReader !== "function") {
    const text = stream === null ? undefined : get(owner, "text");
    if (typeof text === "function") {
      const value = await settle(text.call(owner), until);
      const bytes = encoder.encode(typeof value === "string" ? value : "");
      return bytes.length <= cap ? bytes : null;
    }
    return new Bytes(0);
  }
  const reader = getReader.call(stream);
  const read = get(reader, "read");
  if (typeof read !== "function") throw new TypeError("the body's reader has no read()");
  const stop = () => {
    const cancel = get(reader, "cancel");
    return typeof cancel === "function" ? cancel.call(reader) : undefined;
  };
  return chunks(() => read.call(reader), get, stop, cap, until);
}

// The Fetch API's own accessors and stream methods, taken from its prototypes (own properties
// and subclasses cannot change what they read), or null without them; each kind apart, as some
// runtimes lack one (Firefox has no `Request.prototype.body`). Looked up at the first body read,
// not as the module loads (Node loads its whole Fetch API on the first read of the global
// `Response`, about 17 ms of a cold start, which a module that never sends should not pay).
let platform;
function platformFetch() {
  if (platform === undefined) {
    const getter = (type, key) => {
      try {
        const get = Object.getOwnPropertyDescriptor(globalThis[type].prototype, key)?.get;
        return typeof get === "function" ? get : undefined;
      } catch {
        return undefined;
      }
    };
    let reader;
    try {
      const { getReader } = ReadableStream.prototype;
      const { read, cancel } = ReadableStreamDefaultReader.prototype;
      if ([getReader, read, cancel].every((f) => typeof f === "function")) reader = { getReader, read, cancel };
    } catch {
      reader = undefined;
    }
    const responseBody = getter("Response", "body");
    const responseStatus = getter("Response", "status");
    platform = {
      response: reader && responseBody && responseStatus ? { body: responseBody, status: responseStatus } : undefined,
      request: reader ? getter("Request", "body") : undefined,
      reader,
    };
  }
  return platform;
}

/** The value of a chunk the runtime's own reader made (a plain object with data properties). */
const own = (chunk, key) => chunk[key];

/**
 * The bytes of a body `stream` the runtime's own accessor gave, read by its own reader methods,
 * or null past `cap`.
 */
function streamBytes(reader, stream, cap, until) {
  if (stream === null) return new Bytes(0);
  const r = reader.getReader.call(stream);
  return chunks(() => reader.read.call(r), own, () => reader.cancel.call(r), cap, until);
}

/**
 * The answer of `pending` (what `fetch` returned): `[status, the body's bytes or null past cap,
 * the response]`; the Rust side reads the headers it needs through `meta` only when the answer
 * is not a success. Rejects with what was thrown on the way, or as `call` ends (its timeout or
 * the caller's abort).
 */
export async function answer(pending, call, cap) {
  const until = call.ended;
  const response = await settle(pending, until);
  const { response: accessors, reader } = platformFetch();
  if (accessors !== undefined) {
    let status;
    let stream;
    try {
      // They throw for anything that is not one of the runtime's Responses.
      status = accessors.status.call(response);
      stream = accessors.body.call(response);
    } catch {
      stream = undefined;
    }
    if (stream !== undefined) return [status, await streamBytes(reader, stream, cap, until), response];
  }
  const body = await bytesOf(response, cap, until);
  const status = get(response, "status");
  return [typeof status === "number" ? status : 0, body, response];
}

/**
 * The bytes of the body of `request` (what a webhook handler is handed), or null once they pass
 * `cap`, its stream then cancelled; rejects with what reading it threw.
 */
export async function requestBytes(request, cap) {
  const { request: body, reader } = platformFetch();
  if (body !== undefined) {
    let stream;
    try {
      stream = body.call(request);
    } catch {
      stream = undefined;
    }
    if (stream !== undefined) return streamBytes(reader, stream, cap, undefined);
  }
  return bytesOf(request, cap, undefined);
}

/** `[retry-after, x-request-id, whether it is an opaque redirect]` of a response. */
export function meta(response) {
  const headers = get(response, "headers");
  const lookup = get(headers, "get");
  const header = (name) => {
    if (typeof lookup !== "function") return undefined;
    try {
      const value = lookup.call(headers, name);
      return typeof value === "string" ? value : undefined;
    } catch {
      return undefined;
    }
  };
  return [header("retry-after"), header("x-request-id"), get(response, "type") === "opaqueredirect"];
}

/**
 * One call of the client (src/wasm/client.rs), armed: a timer that aborts `controller` after
 * `ms`, and, given the caller's `signal`, a listener that aborts it as that signal does.
 * `ended` is a Promise rejected as either fires (every wait of the call races it, whatever
 * `fetch` does with its signal; its early rejection never counts as unhandled), `endedBy` says
 * which fired, and `disarm` clears the timer and removes the listener.
 */
class Call {
  constructor(controller, signal, ms) {
    let reject;
    this.ended = new Promise((_, r) => {
      reject = r;
    });
    this.ended.catch(Boolean);
    this.by = undefined;
    this.signal = signal;
    const end = (by) => () => {
      if (this.by !== undefined) return;
      this.by = by;
      const reason = new Error(`the call ended: ${by}`);
      controller.abort(reason);
      reject(reason);
    };
    this.onAbort = end("abort");
    if (signal !== undefined) signal.addEventListener("abort", this.onAbort);
    this.timer = setTimeout(end("timeout"), ms);
  }

  disarm() {
    clearTimeout(this.timer);
    if (this.signal === undefined) return;
    try {
      this.signal.removeEventListener("abort", this.onAbort);
    } catch {
      // A signal whose removeEventListener throws keeps a listener that can only abort a
      // call that has already ended.
    }
  }
}

/** Arms one call (see `Call`). Throws what `signal.addEventListener` throws, before arming anything. */
export function arm(controller, signal, ms) {
  return new Call(controller, signal, ms);
}

/** Clears the timer and the listener of a call, however it ended. */
export function disarm(call) {
  call.disarm();
}

/** What ended a call: `"timeout"`, `"abort"` (the caller's signal), or undefined while it runs. */
export function endedBy(call) {
  return call.by;
}
