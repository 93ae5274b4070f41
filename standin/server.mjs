#!/usr/bin/env node
// Local stand-in of the Hub Chatt2.me API (in the spirit of stripe-mock): the six send endpoints,
// webhook management (create, list, get, update, delete) with the verification handshake, signed
// webhook deliveries with their logs and manual retries, and control endpoints under /__standin/
// to inject faults and read what happened. See README.md.
//
//   node standin/server.mjs [--port 8787] [--api-key KEY] [--webhook-secret S] [--quiet] [--allow-remote-webhooks]
//
//   import { startStandin } from './standin/server.mjs';
//   const standin = await startStandin({ quiet: true });   // { url, port, close(), state }

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { validate } from './schema.mjs';
import { applyFault, FaultError } from './faults.mjs';
import { DEFAULT_CHANNELS, ROUTES } from './channels.mjs';
import { StandinState } from './state.mjs';
import { publicWebhook } from './webhooks.mjs';
import { statusFilter } from './logs.mjs';
import { InboundError } from './inbound.mjs';

export const DEFAULT_API_KEY = 'sk_test_standin';
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
// Past the cap the rest of a body is read and thrown away (so the client sees the 413 rather than
// a reset connection), up to this much; beyond it the socket is simply destroyed.
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

const SEND_PATH = /^\/v1\/communication\/(instagram|messenger|whatsapp|telegram|sms|web-chatt2me)\/message$/;
// The channel kind of a route segment.
const KIND_OF_ROUTE = Object.fromEntries(Object.entries(ROUTES).map(([kind, route]) => [route, kind]));
const WEBHOOKS_PATH = '/v1/organization/webhook';
// Ids in paths are UUIDs (the OpenAPI `format: uuid`); anything else names nothing.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ERRORS = {
  unauthorized: [401, { errorMessage: 'Invalid API key', errorCode: 'unauthorized' }],
  channelNotFound: [404, { errorMessage: 'Channel not found for this application', errorCode: 'channel_not_found' }],
  webhookNotFound: [404, { errorMessage: 'Webhook not found for this application', errorCode: 'webhook_not_found' }],
  logNotFound: [404, { errorMessage: 'Webhook log not found', errorCode: 'log_not_found' }],
  logCannotBeRetried: [400, { errorMessage: 'Log cannot be retried', errorCode: 'log_cannot_be_retried' }],
  notFound: [404, { errorMessage: 'Not found', errorCode: 'not_found' }],
  tooLarge: [413, { errorMessage: `Request body larger than ${MAX_BODY_BYTES} bytes`, errorCode: 'payload_too_large' }],
};

function sendJson(res, status, body, headers = {}) {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The body of a retry (or one entry of a bulk retry): `success` means the resend was attempted. */
function retryResult(outcome) {
  return outcome.result === 'retried' ? { success: true, newLogId: outcome.newLogId } : { success: false, newLogId: null };
}

function sendError(res, name) {
  const [status, body] = ERRORS[name];
  sendJson(res, status, body);
}

function invalidPayload(res, message) {
  sendJson(res, 400, { errorMessage: message, errorCode: 'invalid_payload' });
}

/**
 * Reads the request body as UTF-8 text. Resolves `{ text }`, `{ tooLarge: true }` (the body was
 * over the cap; it has been drained) or `{ aborted: true }` (the client went away).
 */
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.socket.destroy();
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => resolve({ aborted: true }));
    req.on('aborted', () => resolve({ aborted: true }));
  });
}

function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error.message };
  }
}

/**
 * The JSON body of a control request (`/__standin/...`): `{ value }`, or undefined once the
 * request was aborted or answered (413 past the size cap, 400 for text that is not JSON).
 */
async function controlBody(req, res) {
  const read = await readBody(req);
  if (read.aborted) return undefined;
  if (read.tooLarge) return void sendError(res, 'tooLarge');
  const parsed = parseJson(read.text);
  if (!parsed.ok) return void invalidPayload(res, `Request body is not valid JSON: ${parsed.message}`);
  return { value: parsed.value };
}

/**
 * The webhook-management endpoint a request is for: `{ name, webhookId?, logId? }`, or null when
 * the method and path name none (an undecodable %-escape names none either). Ids come back
 * decoded and unchecked.
 */
function webhookRoute(method, path) {
  if (path !== WEBHOOKS_PATH && !path.startsWith(`${WEBHOOKS_PATH}/`)) return null;
  let segments;
  try {
    segments = path.slice(WEBHOOKS_PATH.length).split('/').slice(1).map(decodeURIComponent);
  } catch {
    return null;
  }
  if (segments.includes('')) return null;
  const [webhookId, logs, third, fourth] = segments;
  if (segments.length > 1 && logs !== 'webhook-log') return null;
  switch (`${method} ${segments.length}`) {
    case 'POST 0': return { name: 'create' };
    case 'GET 0': return { name: 'list' };
    case 'GET 1': return { name: 'get', webhookId };
    case 'PATCH 1': return { name: 'update', webhookId };
    case 'DELETE 1': return { name: 'delete', webhookId };
    case 'GET 2': return { name: 'listLogs', webhookId };
    case 'POST 3': return third === 'retry' ? { name: 'retryLogs', webhookId } : null;
    case 'POST 4': return fourth === 'retry' ? { name: 'retryLog', webhookId, logId: third } : null;
    default: return null;
  }
}

/**
 * `offset` and `limit` of a list request (offset >= 0, limit 1..50, defaults 0 and 20), or null
 * when either is given but is not such an integer in plain digits.
 */
function pageParams(query) {
  const read = (name, fallback) => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    return /^[0-9]{1,9}$/.test(raw) ? Number(raw) : NaN;
  };
  const offset = read('offset', 0);
  const limit = read('limit', 20);
  return Number.isInteger(offset) && Number.isInteger(limit) && limit >= 1 && limit <= 50 ? { offset, limit } : null;
}

/**
 * Request headers for the log: lower-case names (as Node gives them), with the `x-api-key` entry
 * replaced by `hasApiKey: boolean` so that no key ever appears in a log.
 */
function loggedHeaders(req) {
  const { 'x-api-key': apiKey, ...rest } = req.headers;
  return { ...rest, hasApiKey: apiKey !== undefined };
}

/**
 * Starts the stand-in on 127.0.0.1.
 * @param {object} [options]
 * @param {string} [options.apiKey]         the accepted `x-api-key` (default "sk_test_standin")
 * @param {number} [options.port]           0 (default) picks a free port
 * @param {string} [options.webhookSecret]  signing secret given to every signed webhook (default: random per webhook)
 * @param {object[]} [options.channels]     known channels (default: channels.mjs DEFAULT_CHANNELS)
 * @param {boolean} [options.quiet]         no request log on stderr
 * @param {boolean} [options.cors]          answer CORS preflights and allow any origin (default true)
 * @param {boolean} [options.allowRemoteWebhooks]  also call webhook endpoints off loopback (default false)
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>, state: StandinState}>}
 */
export async function startStandin(options = {}) {
  const {
    apiKey = DEFAULT_API_KEY,
    port = 0,
    webhookSecret,
    channels = DEFAULT_CHANNELS,
    quiet = false,
    cors = true,
    allowRemoteWebhooks = false,
  } = options;
  const state = new StandinState({ channels, webhookSecret, allowRemoteWebhooks });

  // Timers of `slow` faults, so that close() can end them instead of waiting.
  const sleepers = new Set();
  let closing = false;
  const sleep = (ms) => new Promise((resolve) => {
    const sleeper = { resolve, timer: setTimeout(() => { sleepers.delete(sleeper); resolve(true); }, ms) };
    sleepers.add(sleeper);
  });

  async function handleSend(req, res, kind, call) {
    const record = {
      at: new Date().toISOString(),
      requestId: res.getHeader('x-request-id'),
      method: req.method,
      path: req.url,
      channel: kind,
      to: null,
      body: null,
      headers: loggedHeaders(req),
      hasApiKey: req.headers['x-api-key'] !== undefined,
      outcome: 'pending',
    };
    state.sends.push(record);
    const finish = (outcome) => {
      record.outcome = outcome;
    };

    const read = await readBody(req);
    if (read.aborted) return finish('aborted');
    if (read.tooLarge) {
      sendError(res, 'tooLarge');
      return finish(413);
    }
    const parsed = parseJson(read.text);
    record.body = parsed.ok ? parsed.value : read.text;
    const to = parsed.ok && typeof parsed.value?.to === 'string' ? parsed.value.to : undefined;
    record.to = to ?? null;

    const fault = state.faults.take({ method: req.method, path: call.path, send: true, to });
    if (fault) {
      record.fault = fault.kind;
      call.fault = fault.kind;
      finish('faulted');
      const next = await applyFault(fault, { req, res, sleep, sendJson });
      if (next === 'done' || closing) return undefined;
      // A `slow` fault without a status answers normally after its delay, and the message is
      // processed even if the client gave up meanwhile, as a real server would: a client retry
      // then shows up as a duplicate.
      finish('pending');
    }

    if (req.headers['x-api-key'] !== apiKey) {
      sendError(res, 'unauthorized');
      return finish(401);
    }
    if (!parsed.ok) {
      invalidPayload(res, `Request body is not valid JSON: ${parsed.message}`);
      return finish(400);
    }
    const check = validate(kind, parsed.value);
    if (!check.ok) {
      invalidPayload(res, `Invalid payload: ${check.message}`);
      return finish(400);
    }
    const channel = state.findChannel(kind, parsed.value.from);
    if (!channel) {
      sendError(res, 'channelNotFound');
      return finish(404);
    }
    // Content types, footnote 2: a Web Chatt send "is sent when the visitor has an active widget
    // session, or error with errorCode session_not_found otherwise" (the HTTP status is not
    // documented; the troubleshooting page's error body comes with the send's answer).
    if (kind === 'webchatt' && !state.webChattSessions.has(parsed.value.to)) {
      sendJson(res, 200, { messageId: null, status: 'error', errorMessage: 'The visitor has no active widget session', errorCode: 'session_not_found' });
      return finish('session_not_found');
    }
    sendJson(res, 200, state.acceptSend({ kind, channel, body: parsed.value, rawBody: read.text }));
    return finish('ok');
  }

  /**
   * Reads a JSON body and checks it against a schema. Returns the value, or undefined when the
   * request has been answered (413, 400) or the client went away.
   */
  async function readValidBody(req, res, schema) {
    const read = await readBody(req);
    if (read.aborted) return undefined;
    if (read.tooLarge) return sendError(res, 'tooLarge');
    const parsed = parseJson(read.text);
    if (!parsed.ok) return invalidPayload(res, `Request body is not valid JSON: ${parsed.message}`);
    const check = validate(schema, parsed.value);
    if (!check.ok) return invalidPayload(res, `Invalid payload: ${check.message}`);
    return parsed.value;
  }

  /** The webhook-management endpoints: the key first, then the webhook, then the body. */
  async function handleWebhooks(req, res, route) {
    if (req.headers['x-api-key'] !== apiKey) return sendError(res, 'unauthorized');
    const query = new URL(req.url, 'http://standin').searchParams;
    if (route.name === 'create') {
      const body = await readValidBody(req, res, 'createWebhook');
      return body === undefined ? undefined : sendJson(res, 201, await state.createWebhook(body));
    }
    if (route.name === 'list') {
      const page = pageParams(query);
      if (!page) return invalidPayload(res, 'offset must be an integer >= 0 and limit an integer from 1 to 50');
      return sendJson(res, 200, state.listWebhooks(page));
    }

    const webhook = UUID.test(route.webhookId) ? state.findWebhook(route.webhookId) : undefined;
    if (!webhook) return sendError(res, 'webhookNotFound');
    switch (route.name) {
      case 'get':
        return sendJson(res, 200, publicWebhook(webhook));
      case 'delete':
        state.deleteWebhook(webhook.id);
        res.writeHead(204);
        return res.end();
      case 'update': {
        const body = await readValidBody(req, res, 'updateWebhook');
        if (body === undefined) return undefined;
        const updated = await state.updateWebhook(webhook.id, body);
        return updated ? sendJson(res, 200, updated) : sendError(res, 'webhookNotFound');
      }
      case 'listLogs': {
        const page = pageParams(query);
        if (!page) return invalidPayload(res, 'offset must be an integer >= 0 and limit an integer from 1 to 50');
        const status = statusFilter(query.get('status'));
        if (status === null) return invalidPayload(res, 'status must be Success, Error or Failed');
        return sendJson(res, 200, state.listLogs(webhook.id, { ...page, status }));
      }
      case 'retryLog': {
        if (!UUID.test(route.logId)) return sendError(res, 'logNotFound');
        // Answered once the resend is over, so the new log already holds its outcome.
        const outcome = await state.retryLog(webhook.id, route.logId);
        if (outcome.result === 'not_found') return sendError(res, 'logNotFound');
        if (outcome.result === 'not_retryable') return sendError(res, 'logCannotBeRetried');
        return sendJson(res, 200, retryResult(outcome));
      }
      case 'retryLogs': {
        const body = await readValidBody(req, res, 'retryWebhookLogs');
        if (body === undefined) return undefined;
        // One after another, in request order; a log that cannot be retried just fails its entry.
        const results = [];
        for (const webhookLogId of body.webhookLogIds) {
          results.push({ webhookLogId, ...retryResult(await state.retryLog(webhook.id, webhookLogId)) });
        }
        return sendJson(res, 200, { results });
      }
      default:
        return sendError(res, 'notFound');
    }
  }

  async function handleControl(req, res, path) {
    const route = `${req.method} ${path}`;
    switch (route) {
      case 'GET /__standin/health':
        return sendJson(res, 200, { ok: true });
      case 'GET /__standin/requests':
        return sendJson(res, 200, state.requestLog());
      case 'GET /__standin/deliveries':
        return sendJson(res, 200, { deliveries: state.deliveries });
      case 'GET /__standin/faults':
        return sendJson(res, 200, { faults: state.faults.list() });
      case 'POST /__standin/inbound': {
        const body = await controlBody(req, res);
        if (body === undefined) return undefined;
        try {
          return sendJson(res, 200, state.inbound(body.value));
        } catch (error) {
          return invalidPayload(res, error.message);
        }
      }
      case 'POST /__standin/reset':
        state.reset();
        return sendJson(res, 200, { ok: true });
      case 'POST /__standin/faults': {
        const body = await controlBody(req, res);
        if (body === undefined) return undefined;
        try {
          return sendJson(res, 200, { queued: state.addFaults(body.value) });
        } catch (error) {
          if (error instanceof FaultError) return invalidPayload(res, error.message);
          throw error;
        }
      }
      case 'POST /__standin/inbound/run': {
        const body = await controlBody(req, res);
        if (body === undefined) return undefined;
        try {
          return sendJson(res, 200, await state.receive(body.value));
        } catch (error) {
          if (error instanceof InboundError) return invalidPayload(res, error.message);
          throw error;
        }
      }
      default:
        return sendError(res, 'notFound');
    }
  }

  /**
   * Adds a request to `state.calls`. Its status is filled in when the status line is written
   * (not when the response has finished), so a client holding the answer always finds it there;
   * it stays null when no answer is sent (a dropped or hung request, a client gone).
   */
  function trackCall(req, res, path) {
    const search = new URL(req.url, 'http://standin').search;
    const call = {
      at: new Date().toISOString(),
      requestId: res.getHeader('x-request-id'),
      method: req.method,
      path,
      query: search,
      status: null,
    };
    state.calls.push(call);
    const writeHead = res.writeHead.bind(res);
    res.writeHead = (status, ...rest) => {
      call.status = status;
      return writeHead(status, ...rest);
    };
    return call;
  }

  async function route(req, res) {
    res.setHeader('x-request-id', randomUUID());
    if (cors) {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-expose-headers', 'x-request-id, retry-after, location');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
          'access-control-allow-headers': 'content-type, x-api-key',
          'access-control-max-age': '600',
        });
        return res.end();
      }
    }
    const path = new URL(req.url, 'http://standin').pathname;
    if (path.startsWith('/__standin/')) return handleControl(req, res, path);
    const call = trackCall(req, res, path);
    const send = SEND_PATH.exec(path);
    // Sends take their faults once the body is read, since a fault may target a recipient.
    if (send && req.method === 'POST') return handleSend(req, res, KIND_OF_ROUTE[send[1]], call);

    // Any other API request: a fault with a `path` answers it before anything is checked.
    const fault = state.faults.take({ method: req.method, path, send: false });
    if (fault) {
      call.fault = fault.kind;
      const next = await applyFault(fault, { req, res, sleep, sendJson });
      if (next === 'done' || closing) return undefined;
    }
    const webhook = webhookRoute(req.method, path);
    if (webhook) return handleWebhooks(req, res, webhook);
    return sendError(res, 'notFound');
  }

  const server = http.createServer((req, res) => {
    if (!quiet) {
      const started = Date.now();
      res.on('finish', () => process.stderr.write(`${req.method} ${req.url} -> ${res.statusCode} (${Date.now() - started} ms)\n`));
    }
    route(req, res).catch((error) => {
      // Never crash on a request: report it as a 500 (or drop the connection if already answered).
      if (!quiet) process.stderr.write(`stand-in error: ${error?.stack ?? error}\n`);
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { errorMessage: 'Stand-in internal error', errorCode: 'internal_error' });
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;

  let closed;
  function close() {
    closed ??= (async () => {
      closing = true;
      state.shutdown();
      for (const sleeper of sleepers) {
        clearTimeout(sleeper.timer);
        sleeper.resolve(false);
      }
      sleepers.clear();
      const stopped = new Promise((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // also the idle keep-alive ones and hung requests
      await stopped;
      await state.settled();
    })();
    return closed;
  }

  return { url: `http://127.0.0.1:${actualPort}`, port: actualPort, close, state };
}

function parseArgs(argv) {
  const options = {};
  const names = { '--port': 'port', '--api-key': 'apiKey', '--webhook-secret': 'webhookSecret' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    if (flag === '--quiet') options.quiet = true;
    else if (flag === '--allow-remote-webhooks') options.allowRemoteWebhooks = true;
    else if (names[flag]) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`${flag} needs a value`);
      options[names[flag]] = value;
    } else if (flag === '--help' || flag === '-h') {
      options.help = true;
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  if (options.port !== undefined) {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');
    options.port = port;
  }
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write('usage: node standin/server.mjs [--port 8787] [--api-key KEY] [--webhook-secret S] [--quiet] [--allow-remote-webhooks]\n');
    return;
  }
  const standin = await startStandin({ port: 8787, ...options });
  // The URL alone on stdout, so scripts can read it; everything else goes to stderr.
  process.stdout.write(`${standin.url}\n`);
  const stop = () => standin.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
