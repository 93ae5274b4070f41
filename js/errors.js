// The error classes of chatt2me-wasm. Every failure is a `Chatt2meError` with a stable `code`;
// `name` is assigned explicitly so it survives minification. The Rust core builds each error
// from a description `{ name, code, message, ... }` through `fromDescription`.

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

/** The error class for a description thrown by the wasm core. */
export function fromDescription(d) {
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

/**
 * Removes the API key (as given, and trimmed as it goes on the wire) from an error: a server
 * that echoes headers must not carry it into a message, a log or a stack.
 */
export function redact(error, key) {
  if (typeof key !== "string" || error === null || typeof error !== "object") return error;
  const keys = [...new Set([key, key.trim()])].filter((k) => k.length > 0);
  const scrub = (s) => (typeof s === "string" ? keys.reduce((t, k) => t.split(k).join("[redacted]"), s) : s);
  error.message = scrub(error.message);
  if (typeof error.stack === "string") error.stack = scrub(error.stack);
  if ("body" in error && error.body !== null) {
    const text = JSON.stringify(error.body);
    if (keys.some((k) => text.includes(k))) {
      try {
        error.body = JSON.parse(scrub(text));
      } catch {
        error.body = "[redacted]"; // the key sat inside a number or an escape
      }
    }
  }
  for (const f of ["errorMessage", "errorCode", "requestId"]) if (f in error) error[f] = scrub(error[f]);
  // What the runtime threw (a fetch failure) may quote the request: its text is scrubbed too.
  const cause = error.cause;
  if (cause && typeof cause === "object") {
    try {
      for (const f of ["message", "stack"]) if (typeof cause[f] === "string") cause[f] = scrub(cause[f]);
    } catch {}
  }
  return error;
}
