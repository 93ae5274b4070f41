#!/usr/bin/env node
// Local stand-in of the Hub Chatt2.me API (in the spirit of stripe-mock): the two send endpoints,
// webhook registration with the verification handshake, signed webhook deliveries, and control
// endpoints under /__standin/ to inject faults and read what happened. See README.md.
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
import { DEFAULT_CHANNELS } from './channels.mjs';
import { StandinState } from './state.mjs';
import { publicWebhook } from './webhooks.mjs';

export const DEFAULT_API_KEY = 'sk_test_standin';
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
// Past the cap the rest of a body is read and thrown away (so the client sees the 413 rather than
// a reset connection), up to this much; beyond it the socket is simply destroyed.
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

const SEND_PATH = /^\/v1\/communication\/(instagram|messenger)\/message$/;
const WEBHOOK_PATH = /^\/v1\/organization\/webhook(?:\/([^/]+))?$/;

const ERRORS = {
  unauthorized: [401, { errorMessage: 'Invalid API key', errorCode: 'unauthorized' }],
  channelNotFound: [404, { errorMessage: 'Channel not found for this application', errorCode: 'channel_not_found' }],
  webhookNotFound: [404, { errorMessage: 'Webhook not found for this application', errorCode: 'webhook_not_found' }],
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

  async function handleSend(req, res, kind) {
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

    const fault = state.faults.take(to);
    if (fault) {
      record.fault = fault.kind;
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
    sendJson(res, 200, state.acceptSend({ kind, channel, body: parsed.value, rawBody: read.text }));
    return finish('ok');
  }

  async function handleWebhooks(req, res, id) {
    if (req.headers['x-api-key'] !== apiKey) return sendError(res, 'unauthorized');
    if (id === undefined && req.method === 'POST') {
      const read = await readBody(req);
      if (read.aborted) return undefined;
      if (read.tooLarge) return sendError(res, 'tooLarge');
      const parsed = parseJson(read.text);
      if (!parsed.ok) return invalidPayload(res, `Request body is not valid JSON: ${parsed.message}`);
      const check = validate('createWebhook', parsed.value);
      if (!check.ok) return invalidPayload(res, `Invalid payload: ${check.message}`);
      return sendJson(res, 201, await state.createWebhook(parsed.value));
    }
    if (id === undefined && req.method === 'GET') {
      const query = new URL(req.url, 'http://standin').searchParams;
      const offset = Number(query.get('offset') ?? 0);
      const limit = Number(query.get('limit') ?? 20);
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 50) {
        return invalidPayload(res, 'offset must be an integer >= 0 and limit an integer from 1 to 50');
      }
      return sendJson(res, 200, state.listWebhooks({ offset, limit }));
    }
    const webhook = id === undefined ? undefined : state.webhooks.get(id);
    if (id !== undefined && (req.method === 'GET' || req.method === 'DELETE')) {
      if (!webhook) return sendError(res, 'webhookNotFound');
      if (req.method === 'GET') return sendJson(res, 200, publicWebhook(webhook));
      state.webhooks.delete(id);
      res.writeHead(204);
      return res.end();
    }
    return sendError(res, 'notFound');
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
      case 'POST /__standin/reset':
        state.reset();
        return sendJson(res, 200, { ok: true });
      case 'POST /__standin/faults': {
        const read = await readBody(req);
        if (read.aborted) return undefined;
        if (read.tooLarge) return sendError(res, 'tooLarge');
        const parsed = parseJson(read.text);
        if (!parsed.ok) return invalidPayload(res, `Request body is not valid JSON: ${parsed.message}`);
        try {
          return sendJson(res, 200, { queued: state.addFaults(parsed.value) });
        } catch (error) {
          if (error instanceof FaultError) return invalidPayload(res, error.message);
          throw error;
        }
      }
      default:
        return sendError(res, 'notFound');
    }
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
    const send = SEND_PATH.exec(path);
    if (send && req.method === 'POST') return handleSend(req, res, send[1]);
    const webhook = WEBHOOK_PATH.exec(path);
    if (webhook) {
      let id;
      try {
        id = webhook[1] === undefined ? undefined : decodeURIComponent(webhook[1]);
      } catch {
        return sendError(res, 'notFound'); // a malformed %-escape names no webhook
      }
      return handleWebhooks(req, res, id);
    }
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
