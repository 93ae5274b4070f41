// The error classes of chatt2me-wasm. Every failure is a `Chatt2meError` with a stable `code`;
// `name` is assigned explicitly so it survives minification. The Rust core builds each error
// from a description `{ name, code, message, ... }` through `fromDescription`, or, for a
// `ValidationError`, from its message and issues through `validationError`.

const BRAND = Symbol.for("chatt2me-wasm.error");

/** Base class of every error this package throws. */
export class Chatt2meError extends Error {
  static name = "Chatt2meError";
  constructor(message, options = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "Chatt2meError";
    this.code = options.code ?? "error";
  }
}
// A registry symbol, so `isChatt2meError` recognises errors from another loaded copy too.
Object.defineProperty(Chatt2meError.prototype, BRAND, { value: true });

/** A send body broke one or more rules; `issues` lists all of them. */
export class ValidationError extends Chatt2meError {
  static name = "ValidationError";
  constructor(message, issues) {
    super(message, { code: "validation_failed" });
    this.name = "ValidationError";
    this.issues = issues;
  }
}

/** A webhook body was refused (`invalid_json`, `unrecognized`, `body_too_large`, ...). */
export class WebhookError extends Chatt2meError {
  static name = "WebhookError";
  constructor(message, code) {
    super(message, { code });
    this.name = "WebhookError";
  }
}

/** A webhook signature was refused (`missing_header`, `signature_mismatch`, ...). */
export class SignatureError extends WebhookError {
  static name = "SignatureError";
  constructor(message, code) {
    super(message, code);
    this.name = "SignatureError";
  }
}

/** The API answered, and not with a sent message. */
export class ApiError extends Chatt2meError {
  static name = "ApiError";
  constructor(message, data) {
    super(message, { code: data.code });
    this.name = "ApiError";
    this.status = data.status ?? 0;
    this.errorCode = data.errorCode ?? null;
    this.errorMessage = data.errorMessage ?? null;
    this.body = data.body ?? null;
    this.requestId = data.requestId ?? null;
    this.retryAfter = data.retryAfter ?? null;
    this.attempts = data.attempts ?? 1;
  }
}

/** The whole call (all attempts and reading the body) exceeded `timeoutMs`. */
export class TimeoutError extends Chatt2meError {
  static name = "TimeoutError";
  constructor(message, attempts) {
    super(message, { code: "timeout" });
    this.name = "TimeoutError";
    this.attempts = attempts;
  }
}

/** The caller's `signal` aborted the send. */
export class AbortError extends Chatt2meError {
  static name = "AbortError";
  constructor(message, attempts, cause) {
    super(message, { code: "aborted", cause });
    this.name = "AbortError";
    this.attempts = attempts;
  }
}

/** `fetch` failed before an answer arrived (DNS, TLS, connection reset, ...). */
export class NetworkError extends Chatt2meError {
  static name = "NetworkError";
  constructor(message, attempts, cause) {
    super(message, { code: "network", cause });
    this.name = "NetworkError";
    this.attempts = attempts;
  }
}

/** Whether `value` is an error of this package (of any loaded copy). */
export function isChatt2meError(value) {
  try {
    return value instanceof Error && value[BRAND] === true;
  } catch {
    return false; // a revoked Proxy or a throwing getPrototypeOf trap: not ours
  }
}

/**
 * The stack of an error the core throws from a synchronous export, taken where it is thrown to
 * rather than where it is made. Made inside the core, an error's stack would start with the
 * frames of the module (`wasm-function[…]`, the glue), which say nothing to the caller, and
 * capturing them is most of what a thrown `ValidationError` costs. So, while a synchronous export
 * runs (`synchronous`), errors are made without a stack, and the export's wrapper gives each one
 * the caller's frames as it throws it, with V8's `Error.captureStackTrace` (Node, Deno, workerd,
 * Chromium). Elsewhere errors are made as before, with the stack of where they are made.
 */
const captureStack = typeof Error.captureStackTrace === "function" ? Error.captureStackTrace : undefined;
let inSynchronous = 0;
const unstacked = new WeakSet();

/** `fn`, an export of the glue, with the stacks of the errors it throws taken at its caller. */
export function synchronous(fn) {
  if (captureStack === undefined) return fn;
  const exported = function (...args) {
    inSynchronous++;
    try {
      return fn.apply(this, args);
    } catch (error) {
      if (unstacked.delete(error)) captureStack(error, exported);
      throw error;
    } finally {
      inSynchronous--;
    }
  };
  Object.defineProperty(exported, "name", { value: fn.name });
  return exported;
}

/** The error class for a description thrown by the wasm core. */
export function fromDescription(d) {
  return withoutStack(() => made(d));
}

/**
 * The `ValidationError` of an invalid input, from its message and its issues (an array the core
 * builds with serde-wasm-bindgen): not one JSON description, whose message would repeat them.
 */
export function validationError(message, issues) {
  return withoutStack(() => new ValidationError(message, issues));
}

/** The error `make` returns, made without a stack inside a synchronous export (see above). */
function withoutStack(make) {
  if (inSynchronous === 0) return make();
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
  } catch {
    // A hardened realm (a frozen `Error`): the error keeps the stack where it is made.
    return make();
  }
  try {
    const error = make();
    unstacked.add(error);
    return error;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function made(d) {
  switch (d.name) {
    case "ValidationError":
      return new ValidationError(d.message, d.issues ?? []);
    case "WebhookError":
      return new WebhookError(d.message, d.code);
    case "SignatureError":
      return new SignatureError(d.message, d.code);
    case "ApiError":
      return new ApiError(d.message, d);
    case "TimeoutError":
      return new TimeoutError(d.message, d.attempts);
    case "AbortError":
      return new AbortError(d.message, d.attempts, d.cause);
    case "NetworkError":
      return new NetworkError(d.message, d.attempts, d.cause);
    default:
      return new Chatt2meError(d.message, { code: d.code });
  }
}

/** How far `redact` walks an error: deeper or larger graphs are cut, not left unread. */
const REDACT_MAX_DEPTH = 16;
const REDACT_MAX_NODES = 1000;
const REDACTED = "[redacted]";

/**
 * The texts the API key can show as: as given, trimmed (as it goes on the wire), JSON-escaped
 * (a server that echoes it inside a JSON string, with `\uXXXX` for anything beyond ASCII in
 * either case of hex, and `\/` for slashes) and percent-encoded (echoed inside a URL).
 */
function keyForms(key) {
  const forms = new Set();
  for (const k of [key, key.trim()]) {
    if (k.length === 0) continue;
    const json = JSON.stringify(k).slice(1, -1);
    const hex = (c) => c.charCodeAt(0).toString(16).padStart(4, "0");
    const wide = /[\u007f-\uffff]/g;
    forms.add(k).add(json).add(json.replace(/\//g, "\\/"));
    forms.add(json.replace(wide, (c) => "\\u" + hex(c))).add(json.replace(wide, (c) => "\\u" + hex(c).toUpperCase()));
    try {
      forms.add(encodeURIComponent(k));
    } catch {}
  }
  // Longest first: a form that holds another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Removes the API key from an error and from everything reachable from it that a log shows
 * (`util.inspect`, `String`, `.stack`, `JSON.stringify`): every string and number property, at
 * any depth, through `cause` chains, `AggregateError.errors`, bodies and rejected non-errors. A
 * server that echoes headers, or a runtime whose fetch failure quotes the request, must not
 * carry the key into a log. Accessors are not called; a frozen object holding the key is
 * replaced by a redacted copy; the walk is bounded and cycle-safe, and what lies beyond the
 * bound is replaced rather than left unread. It never throws.
 */
export function redact(error, key) {
  if (typeof key !== "string" || key.trim().length === 0) return error;
  try {
    const forms = keyForms(key);
    const holds = (text) => forms.some((k) => text.includes(k));
    const scrub = (text) => forms.reduce((t, k) => t.split(k).join(REDACTED), text);
    const seen = new Set();
    let nodes = 0;
    const clean = (value, depth) => {
      if (typeof value === "string") return holds(value) ? scrub(value) : value;
      if (typeof value === "number" || typeof value === "bigint") return holds(String(value)) ? REDACTED : value;
      if (value === null || typeof value !== "object") return value;
      if (seen.has(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
      if (depth > REDACT_MAX_DEPTH || ++nodes > REDACT_MAX_NODES) return REDACTED;
      seen.add(value);
      if (value instanceof Map || value instanceof Set) {
        const entries = [...value].map((entry) => clean(entry, depth + 1));
        return entries.some((entry, i) => entry !== [...value][i]) ? REDACTED : value;
      }
      // `stack` is an accessor in some engines (on the instance or its prototype): read it here.
      if (value instanceof Error) {
        const stack = value.stack;
        if (typeof stack === "string" && holds(stack)) {
          if (!Reflect.set(value, "stack", scrub(stack)) || holds(String(value.stack))) return copyOf(value, scrub);
        }
      }
      for (const name of Reflect.ownKeys(value)) {
        const d = Reflect.getOwnPropertyDescriptor(value, name);
        if (d === undefined || !("value" in d) || (name === "length" && Array.isArray(value))) continue;
        const next = clean(d.value, depth + 1);
        if (next !== d.value && !Reflect.defineProperty(value, name, { ...d, value: next })) {
          return copyOf(value, scrub);
        }
      }
      return value;
    };
    const cleaned = clean(error, 0);
    return cleaned === REDACTED && error instanceof Error ? new Chatt2meError(REDACTED, { code: error.code }) : cleaned;
  } catch {
    // A Proxy that throws from its traps: nothing of it can be trusted to be clean.
    return new Chatt2meError(REDACTED, { code: "error" });
  }
}

/** A redacted stand-in for a frozen object that holds the key: an Error keeps its class name. */
function copyOf(value, scrub) {
  if (!(value instanceof Error)) return REDACTED;
  const copy = new Error(scrub(String(value.message)));
  copy.name = scrub(String(value.name));
  return copy;
}
