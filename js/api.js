// The public API of chatt2me-wasm. The Rust core (compiled to wasm) does the work: validation,
// webhook parsing, signatures, reading the API's answers. This file moves values across the
// boundary (JSON text in, JSON text out), turns failures into Error subclasses, and runs the one
// asynchronous part: the calls to fetch, with their timer and abort signal.
//
// `createApi(wasm)` is called by each runtime entry (node.js, workerd.js, browser.js, deno.js,
// web.js) with the initialised wasm-bindgen module, and the entry exports what it returns. The
// entries' exports are therefore bindings the importer uses, so a bundler honouring
// `"sideEffects": false` keeps the entry, and with it the initialisation.

import {
  Chatt2meError,
  ValidationError,
  WebhookError,
  SignatureError,
  convert,
} from "./errors.js";

/**
 * The API over an initialised wasm-bindgen module: `{ buildInstagramMessage, ..., Chatt2me }`.
 * The module keeps no state between calls, so one API object per loaded module is all there is.
 */
export function createApi(wasm) {
  const INSTAGRAM = 0;
  const MESSENGER = 1;
  const DEFAULT_BASE_URL = "https://api.chatt2.me";
  const DEFAULT_MAX_BYTES = 1024 * 1024;
  const MAX_U32 = 0xffffffff;
  const toString = Object.prototype.toString;
  const encoder = new TextEncoder();
  // Strings are encoded into one reused buffer (the glue copies the bytes into wasm memory at
  // once, so nothing keeps a view of it): no new ArrayBuffer per body. Bodies over 16 KiB get
  // a buffer of their own, so a rare large one does not stay allocated.
  let scratch = new Uint8Array(4096);
  function utf8(text) {
    const worst = text.length * 3;
    if (worst > 49152) return encoder.encode(text);
    if (scratch.length < worst) scratch = new Uint8Array(49152);
    return scratch.subarray(0, encoder.encodeInto(text, scratch).written);
  }

  function describe(value) {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "object") return toString.call(value).slice(8, -1);
    return typeof value;
  }

  function call(fn) {
    try {
      return fn();
    } catch (e) {
      throw convert(e);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Send bodies

  /** The body as JSON text, or the issue that says why it cannot be one. */
  function bodyText(input) {
    let text;
    try {
      text = JSON.stringify(input);
    } catch (e) {
      const why = e instanceof RangeError ? "it is nested too deeply" : String(e && e.message);
      return { issues: [{ path: "", code: "invalid_type", message: `the message cannot be serialized as JSON: ${why}` }] };
    }
    if (typeof text !== "string") {
      return {
        issues: [{ path: "", code: "invalid_type", message: `the message must be an object { from, to, content }; got ${describe(input)}` }],
      };
    }
    return { text };
  }

  function issuesOf(channel, input) {
    const body = bodyText(input);
    if (body.issues) return body.issues;
    const out = wasm.validateMessage(channel, utf8(body.text));
    return out === undefined ? [] : JSON.parse(out);
  }

  /** A path for the summary: an unknown key can be megabytes long, the error message must not be. */
  function clip(path) {
    return path.length > 120 ? `${path.slice(0, 120)}…` : path;
  }

  function summary(issues) {
    const head = issues.length === 1 ? "The message is invalid: " : `The message has ${issues.length} problems: `;
    const shown = issues.slice(0, 3).map((i) => (i.path ? `${clip(i.path)}: ${i.message}` : i.message));
    const more = issues.length > 3 ? `; and ${issues.length - 3} more (see .issues)` : "";
    return head + shown.join("; ") + more;
  }

  const NOT_PLAIN = Symbol("not plain");
  const objectProto = Object.prototype;

  /**
   * A copy of a plain JSON-shaped value, equal to `JSON.parse(JSON.stringify(value))`, or
   * NOT_PLAIN for anything whose JSON text is not a plain copy of it (a toJSON method, a class
   * instance, undefined in an array, -0, NaN, a `__proto__` key, deep nesting, ...). Each
   * property is read once, so the copy is what gets serialized and validated: a getter cannot
   * answer differently the second time.
   */
  function plainCopy(v, depth = 0) {
    switch (typeof v) {
      case "string":
      case "boolean":
        return v;
      case "number":
        return Number.isFinite(v) && !Object.is(v, -0) ? v : NOT_PLAIN;
      case "object": {
        if (v === null) return null;
        if (depth > 32) return NOT_PLAIN; // send bodies are shallow; cycles end here too
        if (Array.isArray(v)) {
          const out = new Array(v.length);
          for (let i = 0; i < v.length; i++) {
            const c = plainCopy(v[i], depth + 1);
            if (c === NOT_PLAIN || c === undefined) return NOT_PLAIN;
            out[i] = c;
          }
          return out;
        }
        if (Object.getPrototypeOf(v) !== objectProto || typeof v.toJSON === "function") return NOT_PLAIN;
        const out = {};
        for (const k of Object.keys(v)) {
          if (k === "__proto__") return NOT_PLAIN;
          const c = plainCopy(v[k], depth + 1);
          if (c === NOT_PLAIN) return NOT_PLAIN;
          if (c !== undefined) out[k] = c;
        }
        return out;
      }
      case "undefined":
        return undefined; // dropped from objects, refused in arrays (JSON writes null there)
      default:
        return NOT_PLAIN;
    }
  }

  function build(channel, input) {
    // Plain data is copied first and the copy serialized: it is then exactly what was validated,
    // and no second parse is needed to return a new object. Anything else goes through JSON.
    let copy;
    try {
      copy = plainCopy(input);
    } catch {
      copy = NOT_PLAIN; // a throwing getter or Proxy trap: serializing says what went wrong
    }
    const body = bodyText(copy === NOT_PLAIN ? input : copy);
    if (body.issues) throw new ValidationError(summary(body.issues), body.issues);
    const out = wasm.validateMessage(channel, utf8(body.text));
    if (out !== undefined) {
      const issues = JSON.parse(out);
      throw new ValidationError(summary(issues), issues);
    }
    // A new object, exactly what is sent: never the caller's, which they may change later.
    return copy === NOT_PLAIN ? JSON.parse(body.text) : copy;
  }

  /** Every problem of an Instagram send body, by field path; `[]` when valid. Never throws for bad input. */
  function validateInstagramMessage(input) {
    return issuesOf(INSTAGRAM, input);
  }

  /** Every problem of a Messenger send body, by field path; `[]` when valid. Never throws for bad input. */
  function validateMessengerMessage(input) {
    return issuesOf(MESSENGER, input);
  }

  /** The exact body for `POST /v1/communication/instagram/message`; throws `ValidationError` with every issue. */
  function buildInstagramMessage(input) {
    return build(INSTAGRAM, input);
  }

  /** The exact body for `POST /v1/communication/messenger/message`; throws `ValidationError` with every issue. */
  function buildMessengerMessage(input) {
    return build(MESSENGER, input);
  }

  // ------------------------------------------------------------------------------------------
  // Webhooks

  function maxBytesOf(options) {
    const max = options?.maxBytes ?? DEFAULT_MAX_BYTES;
    if (typeof max !== "number" || !(max >= 0)) {
      throw new WebhookError("maxBytes must be a non-negative number of bytes", "invalid_input");
    }
    return Math.min(Math.floor(max), MAX_U32);
  }

  /** A Uint8Array view of the body, or null when it is not bytes. */
  function asBytes(body) {
    const tag = toString.call(body);
    if (tag === "[object Uint8Array]") return body;
    if (tag === "[object ArrayBuffer]") {
      try {
        return new Uint8Array(body);
      } catch {
        // A detached (transferred) ArrayBuffer cannot be viewed: the engine throws a TypeError.
        throw new WebhookError("the body is a detached ArrayBuffer (it was transferred): there are no bytes to read", "invalid_input");
      }
    }
    return null;
  }

  function tooLarge(length, max) {
    return new WebhookError(`the webhook body is at least ${length} bytes; maxBytes is ${max}`, "body_too_large");
  }

  function badBody(body, fn) {
    return new WebhookError(
      `${fn} takes the body as a string, Uint8Array or ArrayBuffer; got ${describe(body)}`,
      "invalid_input",
    );
  }

  // Events cross the boundary in the compact form written by `src/webhook/event.rs` (one array
  // slot per field, fixed order); these build the object literals, so every event of a kind has
  // the same shape, and `raw` is an own accessor that parses the exact body on first access.

  function content(c) {
    switch (c[0]) {
      case "text":
        return {
          type: "text",
          text: c[1],
          quickReplies: c[2] === null ? null : c[2].map((q) => ({ contentType: q[0], title: q[1], payload: q[2] })),
          quickReplyPayload: c[3],
        };
      case "image":
      case "audio":
      case "video":
      case "file":
        return { type: c[0], url: c[1], caption: c[2], attachmentId: c[3] };
      case "sticker":
        return { type: "sticker", url: c[1], stickerId: c[2] };
      case "location":
        return { type: "location", latitude: c[1], longitude: c[2], name: c[3], address: c[4] };
      case "interactive":
        return {
          type: "interactive",
          interactiveType: c[1],
          reply: c[2] === null ? null : { id: c[2][0], title: c[2][1], description: c[2][2] },
        };
      case "template":
        return {
          type: "template",
          templateType: c[1],
          text: c[2],
          title: c[3],
          buttons: c[4].map((b) => ({ type: b[0], title: b[1], url: b[2], payload: b[3] })),
          elements: c[5],
        };
      case "share":
        return { type: "share", shareType: c[1], url: c[2], id: c[3] };
      default:
        return { type: "unknown", contentType: c[1], raw: c[2] };
    }
  }

  // Each event carries its body's parser in a private field, stamped onto the plain object literal
  // through a constructor that returns its argument (the object keeps Object.prototype, and the
  // field is invisible to Object.keys, JSON.stringify, spread and deepEqual). One shared accessor
  // reads it. A WeakMap entry per event cost a microsecond, a getter closure per event more.
  class Passthrough {
    constructor(target) {
      return target;
    }
  }
  class RawStamp extends Passthrough {
    #parse;
    constructor(target, parse) {
      super(target);
      this.#parse = parse;
    }
    static read(event) {
      return #parse in event ? event.#parse() : undefined;
    }
  }
  const RAW = {
    get() {
      return RawStamp.read(this);
    },
    enumerable: true,
    configurable: true,
  };

  function event(a, getRaw) {
    const flags = a[11];
    const e = {
      type: a[0],
      eventType: a[1],
      channel: a[2],
      channelId: a[3],
      messageId: a[4],
      from: a[5],
      to: a[6],
      timestamp: a[7] === null ? null : new Date(a[7]),
      attachments: a[8].map((x) => ({ type: x[0], url: x[1] })),
      replyTo: a[9] === null ? null : { messageId: a[9][0], storyUrl: a[9][1], storyId: a[9][2] },
      referral: a[10],
      isEcho: (flags & 1) !== 0,
      isDeleted: (flags & 2) !== 0,
      isUnsupported: (flags & 4) !== 0,
      content: a[12] === null ? null : content(a[12]),
      status: a[13],
      reaction: a[14] === null ? null : { action: a[14][0], messageId: a[14][1], reaction: a[14][2], emoji: a[14][3] },
    };
    switch (e.type) {
      case "message":
      case "echo":
        e.editCount = a[15];
        break;
      case "status":
        e.error = a[15] === null ? null : { code: a[15][0], message: a[15][1] };
        break;
      case "postback":
        e.postback = { title: a[15][0], payload: a[15][1] };
        break;
    }
    new RawStamp(e, getRaw);
    Object.defineProperty(e, "raw", RAW);
    return e;
  }

  /** The events of the core's output, sharing one lazily parsed, exact `raw`. */
  function hydrate(out, rawOf, single) {
    let parsed = false;
    let raw;
    const getRaw = () => {
      if (!parsed) {
        raw = rawOf();
        parsed = true;
      }
      return raw;
    };
    const value = JSON.parse(out);
    return single ? event(value, getRaw) : value.map((a) => event(a, getRaw));
  }

  function textParser(text) {
    return () => JSON.parse(wasm.losslessUtf8(utf8(text)) ?? text);
  }

  function bytesParser(bytes) {
    const copy = bytes.slice();
    return () => JSON.parse(wasm.losslessBytes(copy));
  }

  function parse(body, options, single, fn) {
    const max = maxBytesOf(options);
    if (typeof body === "string") {
      // A string of n UTF-16 units is at least n UTF-8 bytes: refuse without encoding it.
      if (body.length > max) throw tooLarge(body.length, max);
      // Encoded in one native call: faster than the glue's per-character copy of a string.
      const out = call(() => wasm.parseWebhookBytes(utf8(body), max, single));
      return hydrate(out, textParser(body), single);
    }
    const bytes = asBytes(body);
    if (bytes) {
      if (bytes.length > max) throw tooLarge(bytes.length, max);
      const out = call(() => wasm.parseWebhookBytes(bytes, max, single));
      return hydrate(out, bytesParser(bytes), single);
    }
    if (body !== null && typeof body === "object" && !ArrayBuffer.isView(body)) {
      // Already parsed by the caller: ids beyond 2^53 may have been rounded before we saw them.
      let text;
      try {
        text = JSON.stringify(body);
      } catch (e) {
        throw new WebhookError(`the webhook object cannot be serialized as JSON: ${e && e.message}`, "invalid_input");
      }
      return parse(text, options, single, fn);
    }
    throw badBody(body, fn);
  }

  /**
   * The typed event of a webhook body (string, Uint8Array, ArrayBuffer or parsed object).
   * Refuses a Meta batch holding several events: use `parseWebhookEvents` for those.
   */
  function parseWebhook(body, options) {
    return parse(body, options, true, "parseWebhook");
  }

  /** Every typed event of a webhook body (Meta batches hold many). */
  function parseWebhookEvents(body, options) {
    return parse(body, options, false, "parseWebhookEvents");
  }

  function headerOf(header) {
    if (header === null || header === undefined) return undefined;
    if (typeof header === "string") return header;
    if (typeof header === "object" && typeof header.get === "function") {
      return header.get("x-hub-signature") ?? undefined; // a Headers object
    }
    throw new SignatureError("the signature header must be a string (the X-hub-Signature value)", "malformed_header");
  }

  function secretsOf(secret) {
    const list = Array.isArray(secret) ? secret : [secret];
    if (list.length === 0 || !list.every((s) => typeof s === "string" && s.length > 0)) {
      throw new SignatureError(
        "the signing secret must be a non-empty string (or an array of them, during rotation)",
        "missing_secret",
      );
    }
    return list;
  }

  function unixSeconds(now) {
    if (now === undefined || now === null) return Date.now() / 1000;
    if (now instanceof Date) return now.getTime() / 1000;
    if (typeof now === "number" && Number.isFinite(now)) return now > 1e11 ? now / 1000 : now;
    throw new SignatureError("`now` must be a Date or a unix time", "malformed_header");
  }

  function verify(body, header, secret, options, single, fn) {
    const max = maxBytesOf(options);
    const tolerance = options?.toleranceSeconds ?? 300;
    if (typeof tolerance !== "number" || !(tolerance >= 0)) {
      throw new SignatureError("toleranceSeconds must be a non-negative number", "malformed_header");
    }
    const secrets = secretsOf(secret);
    const h = headerOf(header);
    const now = unixSeconds(options?.now);
    if (typeof body === "string") {
      if (body.length > max) throw tooLarge(body.length, max);
      const out = call(() => wasm.verifyWebhookBytes(utf8(body), h, secrets, tolerance, now, max, single));
      return hydrate(out, textParser(body), single);
    }
    const bytes = asBytes(body);
    if (bytes) {
      if (bytes.length > max) throw tooLarge(bytes.length, max);
      const out = call(() => wasm.verifyWebhookBytes(bytes, h, secrets, tolerance, now, max, single));
      return hydrate(out, bytesParser(bytes), single);
    }
    if (body !== null && typeof body === "object" && !ArrayBuffer.isView(body)) {
      throw new SignatureError(
        `${fn} needs the raw body exactly as received (a string, Uint8Array or ArrayBuffer), not a parsed object: ` +
          "parsing and re-serializing changes the bytes, so no signature can match. " +
          "Read it with `await request.text()` (Workers, Deno, Node 18+ Request) or, in Express, " +
          "`express.raw({ type: 'application/json' })` on the webhook route, and pass that.",
        "body_not_raw",
      );
    }
    throw badBody(body, fn);
  }

  /** Verifies `X-hub-Signature` over the raw body, then returns its typed event. */
  function verifyWebhook(body, signatureHeader, secret, options) {
    return verify(body, signatureHeader, secret, options, true, "verifyWebhook");
  }

  /** Verifies `X-hub-Signature` over the raw body, then returns every typed event. */
  function verifyWebhookEvents(body, signatureHeader, secret, options) {
    return verify(body, signatureHeader, secret, options, false, "verifyWebhookEvents");
  }

  /** The `X-hub-Signature` value the Hub would send for `body` (for your own tests). */
  function signWebhook(body, secret, options) {
    const [s] = secretsOf(secret);
    const t = Math.floor(unixSeconds(options?.timestamp));
    if (typeof body === "string") return wasm.signWebhookBytes(utf8(body), s, t);
    const bytes = asBytes(body);
    if (bytes) return wasm.signWebhookBytes(bytes, s, t);
    if (body !== null && typeof body === "object") {
      let text;
      try {
        text = JSON.stringify(body);
      } catch (e) {
        throw new WebhookError(`the webhook object cannot be serialized as JSON: ${e && e.message}`, "invalid_input");
      }
      if (typeof text === "string") return wasm.signWebhookBytes(utf8(text), s, t);
    }
    throw badBody(body, "signWebhook");
  }

  /** `{ from, to }` for answering an event (its channel as `from`, its sender as `to`), or null. */
  function replyTarget(event) {
    if (event === null || typeof event !== "object") return null;
    const { channelId, from } = event;
    return typeof channelId === "string" && typeof from === "string" ? { from: channelId, to: from } : null;
  }

  /** The body as bytes, or null once it exceeds `max` (read as a stream, so a chunked body without
   * content-length is never held whole). */
  async function readCapped(request, max) {
    if (request.body === null) return new Uint8Array(0);
    const reader = request.body.getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }

  function jsonResponse(status, value, headers = {}) {
    return new Response(JSON.stringify(value), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });
  }

  /**
   * A `(request: Request) => Promise<Response>` for Workers, Deno, Bun and Node 18+ that answers
   * the Hub's endpoint verification, checks the signature (when a secret is given), parses every
   * event and awaits `onEvent(event, request)` for each.
   */
  function createWebhookHandler(options) {
    if (options === null || typeof options !== "object" || typeof options.onEvent !== "function") {
      throw new Chatt2meError("createWebhookHandler needs { onEvent(event) { ... } }", { code: "invalid_config" });
    }
    const { secret, toleranceSeconds, maxBytes = DEFAULT_MAX_BYTES, onEvent } = options;
    if (secret !== undefined && secret !== null) secretsOf(secret);
    return async function handleWebhook(request) {
      if (request === null || typeof request !== "object" || typeof request.headers?.get !== "function") {
        throw new Chatt2meError("the webhook handler takes a Request (the Fetch API's, as in Workers, Deno, Bun and Node 18+)", { code: "invalid_input" });
      }
      const token = request.headers.get("x-validation-token");
      if (token !== null) {
        // Endpoint verification: answer 200 with the token as a JSON string.
        return new Response(JSON.stringify(token), { status: 200, headers: { "content-type": "application/json" } });
      }
      if (request.method !== "POST") {
        return jsonResponse(405, { error: "method_not_allowed" }, { allow: "POST" });
      }
      const declared = Number(request.headers.get("content-length"));
      if (declared > maxBytes) return jsonResponse(413, { error: "body_too_large" });
      let events;
      try {
        const body = await readCapped(request, maxBytes);
        if (body === null) return jsonResponse(413, { error: "body_too_large" });
        const opts = { maxBytes, toleranceSeconds, now: options.now?.() };
        events =
          secret === undefined || secret === null
            ? parseWebhookEvents(body, opts)
            : verifyWebhookEvents(body, request.headers.get("x-hub-signature"), secret, opts);
      } catch (e) {
        if (e instanceof SignatureError) return jsonResponse(401, { error: e.code });
        if (e instanceof WebhookError) {
          return jsonResponse(e.code === "body_too_large" ? 413 : 400, { error: e.code, message: e.message });
        }
        return jsonResponse(400, { error: "unreadable_body" });
      }
      try {
        for (const event of events) await onEvent(event, request);
      } catch {
        // The Hub logs the response body: never put internal details there.
        return jsonResponse(500, { error: "handler_failed" });
      }
      return jsonResponse(200, { ok: true, events: events.length });
    };
  }

  // ------------------------------------------------------------------------------------------
  // Sending

  function configError(message) {
    return new Chatt2meError(message, { code: "invalid_config" });
  }

  function positiveMs(value, name) {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > 2 ** 31 - 1) {
      throw configError(`${name} must be a positive number of milliseconds`);
    }
    return value;
  }

  function redact(error, key) {
    // A server that echoes headers must not carry the key into an error, a log or a stack.
    if (typeof key !== "string" || key.length === 0) return error;
    const scrub = (s) => (typeof s === "string" ? s.split(key).join("[redacted]") : s);
    error.message = scrub(error.message);
    if (typeof error.stack === "string") error.stack = scrub(error.stack);
    if ("body" in error && error.body !== null) {
      const text = JSON.stringify(error.body);
      if (text.includes(key)) error.body = JSON.parse(scrub(text));
    }
    if ("errorMessage" in error) error.errorMessage = scrub(error.errorMessage);
    return error;
  }

  /** A plain-object description for `fromDescription`: no stack captured until it is thrown. */
  function transport(name, code, message, attempts, cause) {
    return { name, code, message, attempts, cause };
  }

  /** Resolves after `ms`, or as soon as `signal` aborts; leaves no timer or listener behind. */
  function sleep(ms, signal) {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done);
    });
  }

  /** A client of the Hub API. Holds no wasm memory: nothing to free. */
  class Chatt2me {
    #apiKey;
    #fetch;
    #urls;

    constructor(options) {
      const { apiKey, baseUrl = DEFAULT_BASE_URL, fetch, timeoutMs = 30_000, maxRetries = 2 } = options ?? {};
      if (typeof apiKey !== "string" || apiKey.trim() === "") {
        throw configError("apiKey is required: your application's API key (sent as x-api-key)");
      }
      if (fetch !== undefined && typeof fetch !== "function") {
        throw configError("fetch must be a function compatible with the global fetch");
      }
      if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10) {
        throw configError("maxRetries must be an integer from 0 to 10");
      }
      if (typeof baseUrl !== "string") throw configError("baseUrl must be a string");
      this.#apiKey = apiKey;
      this.#fetch = fetch;
      this.baseUrl = call(() => wasm.checkBaseUrl(baseUrl));
      this.#urls = [wasm.sendUrl(this.baseUrl, INSTAGRAM), wasm.sendUrl(this.baseUrl, MESSENGER)];
      this.timeoutMs = positiveMs(timeoutMs, "timeoutMs");
      this.maxRetries = maxRetries;
      Object.freeze(this);
    }

    /** Validates, then sends an Instagram Direct message. */
    sendInstagramMessage(message, options) {
      return this.#send(INSTAGRAM, message, options);
    }

    /** Validates, then sends a Messenger message. */
    sendMessengerMessage(message, options) {
      return this.#send(MESSENGER, message, options);
    }

    async #send(channel, message, options) {
      const body = bodyText(message);
      if (body.issues) throw new ValidationError(summary(body.issues), body.issues);
      const found = wasm.validateMessage(channel, utf8(body.text));
      if (found !== undefined) {
        const issues = JSON.parse(found);
        throw new ValidationError(summary(issues), issues);
      }
      const timeoutMs = options?.timeoutMs === undefined ? this.timeoutMs : positiveMs(options.timeoutMs, "timeoutMs");
      const signal = options?.signal ?? undefined;
      if (signal !== undefined && (typeof signal !== "object" || typeof signal.addEventListener !== "function")) {
        throw configError("signal must be an AbortSignal (for example AbortSignal.timeout(ms) or an AbortController's signal)");
      }
      try {
        return await this.#attempts(this.#urls[channel], body.text, timeoutMs, signal);
      } catch (e) {
        throw redact(convert(e), this.#apiKey);
      }
    }

    /**
     * The loop around fetch. One AbortController carries both the whole-call timeout and the
     * caller's signal; the abort reason (a plain object: only its identity matters, and an Error
     * would capture a stack on every send) tells them apart. The core reads every answer and
     * decides on retries.
     */
    async #attempts(url, text, timeoutMs, signal) {
      // The injected fetch is called as given; the global one (never `window.fetch`) on globalThis.
      const injected = this.#fetch;
      const fetchFn = injected ?? globalThis.fetch;
      if (typeof fetchFn !== "function") {
        throw transport("NetworkError", "network", "no fetch: this runtime has no global fetch; pass one as the `fetch` option", 0);
      }
      if (signal?.aborted) {
        throw transport("AbortError", "aborted", "the send was aborted by the caller's signal before it started", 0, signal.reason);
      }
      const controller = new AbortController();
      const timeoutReason = {};
      const userReason = {};
      const onUserAbort = () => controller.abort(userReason);
      const userAborted = () => controller.signal.reason === userReason || signal?.aborted === true;
      const timer = setTimeout(() => controller.abort(timeoutReason), timeoutMs);
      try {
        try {
          signal?.addEventListener("abort", onUserAbort);
        } catch (cause) {
          throw transport("Chatt2meError", "invalid_config", "signal must be an AbortSignal", 0, cause);
        }
        const headers = { "content-type": "application/json", accept: "application/json", "x-api-key": this.#apiKey };
        const deadline = Date.now() + timeoutMs;
        for (let attempt = 1; ; attempt++) {
          const init = { method: "POST", headers, body: text, redirect: "manual", signal: controller.signal };
          // Everything read from the response stays inside the try: a custom fetch may answer
          // with anything, and what it throws is a NetworkError like any failed fetch.
          let status, retryAfter, requestId, opaque, answer;
          try {
            const response = await (injected ? fetchFn(url, init) : fetchFn.call(globalThis, url, init));
            answer = await response.text();
            status = response.status;
            retryAfter = response.headers.get("retry-after") ?? undefined;
            requestId = response.headers.get("x-request-id") ?? undefined;
            opaque = response.type === "opaqueredirect";
          } catch (cause) {
            if (controller.signal.reason === timeoutReason) {
              throw transport(
                "TimeoutError",
                "timeout",
                `the API did not answer within ${timeoutMs} ms (the timeout covers the whole call); the message may or may not have been sent, so it is not retried`,
                attempt,
              );
            }
            if (userAborted()) {
              throw transport("AbortError", "aborted", "the send was aborted by the caller's signal", attempt, signal.reason);
            }
            const detail = typeof cause?.message === "string" ? cause.message : "";
            throw transport(
              "NetworkError",
              "network",
              `could not reach the API at ${this.baseUrl}: ${detail}; not retried, since the message may have been sent`,
              attempt,
              cause,
            );
          }
          const now = Date.now();
          const out = JSON.parse(
            wasm.attemptOutcome(status, retryAfter, requestId, opaque, typeof answer === "string" ? answer : "", now, deadline, attempt, this.maxRetries, Math.random()),
          );
          if (out.result) return out.result;
          if (out.retryInMs === null) throw out.error;
          await sleep(out.retryInMs, controller.signal);
          if (userAborted()) {
            throw transport("AbortError", "aborted", "the send was aborted by the caller's signal while waiting to retry", attempt, signal.reason);
          }
        }
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onUserAbort);
      }
    }

    toJSON() {
      return { baseUrl: this.baseUrl, timeoutMs: this.timeoutMs, maxRetries: this.maxRetries };
    }

    toString() {
      return `Chatt2me { baseUrl: ${this.baseUrl} }`;
    }

    [Symbol.for("nodejs.util.inspect.custom")]() {
      return `Chatt2me { baseUrl: '${this.baseUrl}', timeoutMs: ${this.timeoutMs}, maxRetries: ${this.maxRetries}, apiKey: [redacted] }`;
    }
  }

  return {
    validateInstagramMessage,
    validateMessengerMessage,
    buildInstagramMessage,
    buildMessengerMessage,
    parseWebhook,
    parseWebhookEvents,
    verifyWebhook,
    verifyWebhookEvents,
    signWebhook,
    replyTarget,
    createWebhookHandler,
    Chatt2me,
  };
}
