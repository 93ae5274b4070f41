// Injected failures, queued through POST /__standin/faults or state.addFaults(). A fault is
// taken by the next request it matches (in queue order) and is used up after `times` requests.
// Without a `path` a fault matches only the send endpoints (what it always did, and what the
// send tests rely on); with one it matches any API request whose path starts with it, so the
// webhook management endpoints can fail too. See README.md for the format.

export const FAULT_KINDS = ['status', 'slow', 'drop', 'malformed', 'redirect', 'hang', 'stall'];
const KEYS = new Set(['to', 'path', 'method', 'times', 'status', 'retryAfter', 'body', 'kind', 'delayMs', 'location']);
// The control endpoints are never faulted: a test must always be able to reset and read.
const CONTROL_PREFIX = '/__standin';
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const MAX_DELAY_MS = 10 * 60 * 1000;

/** The body of a truncated JSON response, for the `malformed` fault. */
export const MALFORMED_BODY = '{"messageId": "x", ';

/** What a `stall` fault writes of its body before it stops: the start of a JSON object. */
export const STALL_BODY_START = '{"messageId": "';

/** Thrown for an invalid fault description (becomes a 400 on the control endpoint). */
export class FaultError extends Error {}

const isInt = (value, min, max) => Number.isInteger(value) && value >= min && value <= max;

/** Checks one fault description and fills in the defaults. */
export function normalizeFault(input, index = 0) {
  const at = `fault ${index}`;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new FaultError(`${at}: must be an object`);
  }
  for (const key of Object.keys(input)) {
    if (!KEYS.has(key)) throw new FaultError(`${at}: unknown key '${key}'`);
  }
  const kind = input.kind ?? 'status';
  if (!FAULT_KINDS.includes(kind)) throw new FaultError(`${at}: kind must be one of ${FAULT_KINDS.join(', ')}`);
  if (input.to !== undefined && typeof input.to !== 'string') throw new FaultError(`${at}: to must be a string`);
  if (input.path !== undefined) {
    if (typeof input.path !== 'string' || !input.path.startsWith('/')) throw new FaultError(`${at}: path must be a string starting with /`);
    if (input.path.startsWith(CONTROL_PREFIX)) throw new FaultError(`${at}: the control endpoints cannot be faulted`);
  }
  if (input.method !== undefined && (typeof input.method !== 'string' || !/^[A-Za-z]+$/.test(input.method))) {
    throw new FaultError(`${at}: method must be an HTTP method name such as GET`);
  }
  if (input.times !== undefined && !isInt(input.times, 1, 1e6)) throw new FaultError(`${at}: times must be a positive integer`);
  if (input.delayMs !== undefined && !isInt(input.delayMs, 0, MAX_DELAY_MS)) {
    throw new FaultError(`${at}: delayMs must be an integer from 0 to ${MAX_DELAY_MS}`);
  }
  if (input.retryAfter !== undefined && !['string', 'number'].includes(typeof input.retryAfter)) {
    throw new FaultError(`${at}: retryAfter must be a string`);
  }
  if (input.location !== undefined && typeof input.location !== 'string') throw new FaultError(`${at}: location must be a string`);

  let { status } = input;
  if (status !== undefined && !isInt(status, 200, 599)) throw new FaultError(`${at}: status must be an integer from 200 to 599`);
  if (kind === 'redirect') {
    status ??= 307;
    if (!REDIRECT_STATUSES.includes(status)) throw new FaultError(`${at}: a redirect needs status ${REDIRECT_STATUSES.join('/')}`);
  }
  if (kind === 'status') status ??= 500;
  if (kind === 'stall') status ??= 200;

  return {
    kind,
    to: input.to,
    path: input.path,
    method: input.method?.toUpperCase(),
    times: input.times ?? 1,
    status,
    retryAfter: input.retryAfter === undefined ? undefined : String(input.retryAfter),
    body: input.body,
    // `slow` without a delay would not be slow; one second is enough to trip short client timeouts.
    delayMs: input.delayMs ?? (kind === 'slow' ? 1000 : 0),
    location: input.location,
  };
}

/** The ordered queue of pending faults. */
export class FaultQueue {
  #faults = [];

  /** Validates and appends faults (an array or a single object). Returns the queue length. */
  add(input) {
    const list = Array.isArray(input) ? input : [input];
    const faults = list.map((fault, i) => normalizeFault(fault, i)); // all or nothing
    this.#faults.push(...faults);
    return this.#faults.length;
  }

  /**
   * Takes the first fault that applies to a request, counting one use. Returns a copy, or null
   * when none applies.
   * @param {object} request
   * @param {string} request.method  upper case, as Node gives it
   * @param {string} request.path    the path without the query
   * @param {boolean} request.send   whether it is a POST to a send endpoint
   * @param {string} [request.to]    a send body's string `to`, if it has one
   */
  take({ method, path, send, to }) {
    const index = this.#faults.findIndex((fault) => matches(fault, { method, path, send, to }));
    if (index < 0) return null;
    const fault = this.#faults[index];
    fault.times -= 1;
    if (fault.times === 0) this.#faults.splice(index, 1);
    return { ...fault };
  }

  /** The pending faults (copies), for GET /__standin/faults. */
  list() {
    return this.#faults.map((fault) => ({ ...fault }));
  }

  clear() {
    this.#faults = [];
  }
}

/** Whether `fault` applies to a request (see take()). */
function matches(fault, { method, path, send, to }) {
  if (fault.path === undefined ? !send : !path.startsWith(fault.path)) return false;
  if (fault.method !== undefined && fault.method !== method) return false;
  // `to` names a send's recipient: a request without one (any non-send) never matches it.
  return fault.to === undefined || fault.to === to;
}

/** The default JSON body of an injected error response. */
export function injectedBody(fault) {
  return fault.body !== undefined
    ? fault.body
    : { errorMessage: `Injected ${fault.status}`, errorCode: 'injected' };
}

/**
 * Answers a request according to `fault`. Returns 'continue' when the request should then
 * be processed normally (a `slow` fault without a status), else 'done'.
 * @param {object} ctx  { req, res, sleep(ms) -> Promise<boolean> (false when the server is closing), sendJson(res, status, body, headers) }
 */
export async function applyFault(fault, { req, res, sleep, sendJson }) {
  if (fault.delayMs > 0 && !(await sleep(fault.delayMs))) return 'done';
  switch (fault.kind) {
    case 'slow':
      if (fault.status === undefined) return 'continue';
      break; // a slow error answer: same as `status`, after the delay
    case 'drop':
      req.socket.destroy();
      return 'done';
    case 'hang':
      return 'done'; // never answered; close() destroys the socket
    case 'stall':
      // Headers and the first bytes of the body go out, the rest never does: a client whose
      // timeout stops at the headers would wait forever. close() destroys the socket.
      res.writeHead(fault.status, {
        'content-type': 'application/json; charset=utf-8',
        ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
      });
      res.write(STALL_BODY_START);
      return 'done';
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(MALFORMED_BODY) });
      res.end(MALFORMED_BODY);
      return 'done';
    case 'redirect':
      sendJson(res, fault.status, injectedBody(fault), { location: fault.location ?? req.url });
      return 'done';
    default:
      break;
  }
  const headers = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
  sendJson(res, fault.status, injectedBody(fault), headers);
  return 'done';
}
