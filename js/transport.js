// The answer of one request of the client (src/wasm/client.rs), and the request a webhook handler
// is handed (src/wasm/handler.rs). The Rust core builds the request, calls `fetch` and decides
// what the answer means (and whether to retry); this reads the answer in one step, so the Rust
// side awaits one Promise per attempt rather than one per step and per chunk (each await of a JS
// Promise from Rust costs two closures and a task wake-up; see bench/README.md, "Measured
// choices"). The body is read chunk by chunk with a cap, its stream cancelled once past it, each
// chunk copied as it is read (its source may write over it later) and refused unless it is a
// `Uint8Array`; every wait races the call's end. A `Response` or `Request` of the runtime's own
// Fetch API is read through the engine's own accessors and methods, which no own property or
// subclass changes; anything else a custom `fetch` answers, with guards (a property read that
// throws counts as absent).
import { chunkCopy } from "./events.js";

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
 * Waits for `stop()`, the cancel of a refused body's stream; a cancel that throws, rejects or
 * returns no Promise changes nothing: the body is refused already.
 */
async function cancelled(stop, until) {
  try {
    await settle(stop(), until);
  } catch {
    // Nothing to do.
  }
}

/** The chunks of a body (each a fresh copy), as one `Uint8Array`. */
function joined(chunks, total) {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
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
    return new Uint8Array(0);
  }
  const reader = getReader.call(stream);
  const read = get(reader, "read");
  if (typeof read !== "function") throw new TypeError("the body's reader has no read()");
  const chunks = [];
  let total = 0;
  for (;;) {
    const chunk = await settle(read.call(reader), until);
    if (get(chunk, "done")) break;
    const bytes = chunkCopy(get(chunk, "value"));
    total += bytes.length;
    if (total > cap) {
      await cancelled(() => {
        const stop = get(reader, "cancel");
        return typeof stop === "function" ? stop.call(reader) : undefined;
      }, until);
      return null;
    }
    chunks.push(bytes);
  }
  return joined(chunks, total);
}

// The accessors and methods of the runtime's own Fetch API and streams, or null without them:
// looked up at the first body read, not as the module loads (Node loads its whole Fetch API on
// the first read of the global `Response`, about 17 ms of a cold start, which a module that never
// sends should not pay).
let platform;
function platformFetch() {
  if (platform === undefined) {
    try {
      const getter = (proto, key) => Object.getOwnPropertyDescriptor(proto, key)?.get;
      const reader = ReadableStreamDefaultReader.prototype;
      const own = {
        responseBody: getter(Response.prototype, "body"),
        responseStatus: getter(Response.prototype, "status"),
        requestBody: getter(Request.prototype, "body"),
        getReader: ReadableStream.prototype.getReader,
        read: reader.read,
        cancel: reader.cancel,
      };
      platform = Object.values(own).every((f) => typeof f === "function") ? own : null;
    } catch {
      platform = null;
    }
  }
  return platform;
}

/**
 * The bytes of a body `stream` of the runtime's own (what its `body` accessor gave), read by the
 * engine's own reader, or null past `cap`. Its chunks are made by the reader (plain objects), and
 * each value is copied as it is read.
 */
async function streamBytes(own, stream, cap, until) {
  if (stream === null) return new Uint8Array(0);
  const reader = own.getReader.call(stream);
  const chunks = [];
  let total = 0;
  for (;;) {
    const chunk = await settle(own.read.call(reader), until);
    if (chunk.done) break;
    const bytes = chunkCopy(chunk.value);
    total += bytes.length;
    if (total > cap) {
      await cancelled(() => own.cancel.call(reader), until);
      return null;
    }
    chunks.push(bytes);
  }
  return joined(chunks, total);
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
  const own = platformFetch();
  if (own !== null) {
    let status;
    let stream;
    try {
      // The engine's own accessors: they throw for anything that is not one of its Responses.
      status = own.responseStatus.call(response);
      stream = own.responseBody.call(response);
    } catch {
      stream = undefined;
    }
    if (stream !== undefined) return [status, await streamBytes(own, stream, cap, until), response];
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
  const own = platformFetch();
  if (own !== null) {
    let stream;
    try {
      stream = own.requestBody.call(request);
    } catch {
      stream = undefined;
    }
    if (stream !== undefined) return streamBytes(own, stream, cap, undefined);
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
