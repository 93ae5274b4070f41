// The answer of one request of the client (src/wasm/client.rs). The Rust core builds the request,
// calls `fetch` and decides what the answer means (and whether to retry); this reads the answer
// in one step, so the Rust side awaits one Promise per attempt rather than one per step and per
// chunk (each await of a JS Promise from Rust costs two closures and a task wake-up; see
// bench/README.md, "Measured choices"). The body is read chunk by chunk with a cap and its stream
// cancelled once past it, and every wait races the call's end. What a custom `fetch` answers is
// read with guards (a property read that throws counts as absent); the runtime's own `Response`,
// whose accessors run no caller code, without them.

const toString = Object.prototype.toString;

/** `value[key]`, `undefined` for a non-object or a read that throws (a getter, a Proxy trap). */
function get(value, key) {
  if ((typeof value !== "object" || value === null) && typeof value !== "function") return undefined;
  try {
    return value[key];
  } catch {
    return undefined;
  }
}

function isBytes(value) {
  if (value instanceof Uint8Array) return true;
  if (typeof value !== "object" || value === null) return false;
  try {
    return toString.call(value) === "[object Uint8Array]";
  } catch {
    return false;
  }
}

/**
 * The value once settled, or the rejection of `until` (the call's end) if that comes first;
 * without `until` (a webhook handler's read of its request), the value.
 */
const settle = (value, until) => (until === undefined ? value : Promise.race([value, until]));

const encoder = new TextEncoder();

/** Cancels `reader` (a refused answer's stream); a cancel that throws or rejects changes nothing. */
async function cancel(reader, until) {
  const stop = get(reader, "cancel");
  if (typeof stop !== "function") return;
  let pending;
  try {
    pending = stop.call(reader);
  } catch {
    return;
  }
  await settle(pending, until).catch(Boolean);
}

/** The chunks of a body, one `Uint8Array`. */
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
 * The bytes of `owner.body` (a Response), or null once they pass `cap`. Without a stream
 * (`body: null`) the body is empty; an object that is not a Fetch API one but has `text()` is
 * read through it.
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
  if (typeof read !== "function") throw "no read()";
  const chunks = [];
  let total = 0;
  for (;;) {
    const chunk = await settle(read.call(reader), until);
    if (get(chunk, "done")) break;
    const value = get(chunk, "value");
    if (!isBytes(value)) continue;
    const length = value.length;
    if (total + length > cap) {
      await cancel(reader, until);
      return null;
    }
    chunks.push(Uint8Array.prototype.slice.call(value));
    total += length;
  }
  return joined(chunks, total);
}

// `[Response.prototype, Request.prototype, ReadableStream.prototype]`, or null without them:
// looked up at the first body read, not as the module loads (Node loads its whole Fetch API on
// the first read of the global `Response`, about 17 ms of a cold start, which a module that never
// sends should not pay).
let platform;
function platformPrototypes() {
  if (platform === undefined) {
    platform =
      typeof Response === "function" && typeof Request === "function" && typeof ReadableStream === "function"
        ? [Response.prototype, Request.prototype, ReadableStream.prototype]
        : null;
  }
  return platform;
}

/**
 * The body stream (or null) of a `Response` or `Request` of this runtime's own Fetch API whose
 * body is its own `ReadableStream` (what `fetch` answers, what a server is handed), or undefined
 * for anything else. Their accessors, the reader's and its chunks' run no code of a caller's, so
 * the body is read without the guards `bytesOf` puts around every step.
 */
function platformBody(value) {
  const own = platformPrototypes();
  if (own === null) return undefined;
  try {
    const proto = Object.getPrototypeOf(value);
    if (proto !== own[0] && proto !== own[1]) return undefined;
    const stream = value.body;
    if (stream !== null && Object.getPrototypeOf(stream) !== own[2]) return undefined;
    return stream;
  } catch {
    // A Proxy, or an object whose accessors throw: read through the guarded path.
    return undefined;
  }
}

/** The bytes of the runtime's own body `stream` (see `platformBody`), or null past `cap`. */
async function streamBytes(stream, cap, until) {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const chunk = await settle(reader.read(), until);
    if (chunk.done) break;
    const value = chunk.value;
    if (!isBytes(value)) continue;
    total += value.length;
    if (total > cap) {
      await cancel(reader, until);
      return null;
    }
    chunks.push(value);
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
  const stream = platformBody(response);
  if (stream !== undefined) return [response.status, await streamBytes(stream, cap, until), response];
  const body = await bytesOf(response, cap, until);
  const status = get(response, "status");
  return [typeof status === "number" ? status : 0, body, response];
}

/**
 * The bytes of the body of `request` (what a webhook handler is handed), or null once they pass
 * `cap`, its stream then cancelled; rejects with what reading it threw.
 */
export function requestBytes(request, cap) {
  const stream = platformBody(request);
  return stream !== undefined ? streamBytes(stream, cap, undefined) : bytesOf(request, cap, undefined);
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
