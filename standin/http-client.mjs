// Outbound POSTs to webhook receivers (verification handshake and deliveries).
//
// node:http(s) instead of fetch: header names go out exactly as written (`X-hub-Signature`),
// and `agent: false` leaves no keep-alive socket behind that would hold a test process open.

import http from 'node:http';
import https from 'node:https';

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs `body` (a string) to `url`. Never rejects: a network error, a timeout or an abort gives
 * `{ statusCode: 0, body: null, error }`, as the Hub logs a failed call with status code 0.
 * @returns {Promise<{statusCode: number, body: string|null, error?: string}>}
 */
export function postJson(url, { headers = {}, body = '', timeoutMs = 5000, signal } = {}) {
  return new Promise((resolve) => {
    let settled = false;
    let timer;
    let onAbort;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const fail = (error) => finish({ statusCode: 0, body: null, error: String(error?.message ?? error) });

    let target;
    try {
      target = new URL(url);
    } catch (error) {
      fail(error);
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    let req;
    try {
      req = client.request(target, {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
      });
    } catch (error) {
      fail(error); // e.g. a header value Node refuses to send
      return;
    }
    onAbort = () => req.destroy(new Error('aborted'));
    timer = setTimeout(() => req.destroy(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });

    req.on('error', fail);
    req.on('response', (res) => {
      const chunks = [];
      let size = 0;
      res.on('data', (chunk) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
      });
      res.on('end', () => finish({ statusCode: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.end(body);
  });
}
