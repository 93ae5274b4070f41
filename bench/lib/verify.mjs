// What a user without chatt2me-wasm writes to verify `X-hub-Signature: t=<unix s>,v1=<hex>`
// (HMAC-SHA256 of `${t}.${body}`) before parsing: with node:crypto, and with WebCrypto (the
// only choice on Workers and Deno). Same rules as ours: t is 1–12 digits, any v1 may match,
// |now − t| ≤ tolerance, constant-time comparison.

import { createHmac, timingSafeEqual } from 'node:crypto';

function parseHeader(header) {
  if (typeof header !== 'string' || header.trim() === '') throw new Error('missing X-hub-Signature');
  let t = null;
  const v1 = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') t = value;
    else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) v1.push(value);
  }
  if (t === null || !/^\d{1,12}$/.test(t) || v1.length === 0) throw new Error('malformed X-hub-Signature');
  return { t, v1 };
}

function checkTime(t, nowSeconds, tolerance) {
  if (Math.abs(nowSeconds - Number(t)) > tolerance) throw new Error('signature timestamp out of tolerance');
}

/** node:crypto: createHmac + timingSafeEqual, then `parse(body)`. */
export function verifyWithNodeCrypto(body, header, secret, nowSeconds, parse, tolerance = 300) {
  const { t, v1 } = parseHeader(header);
  checkTime(t, nowSeconds, tolerance);
  const expected = createHmac('sha256', secret).update(t).update('.').update(body).digest();
  let ok = false;
  for (const hex of v1) ok = timingSafeEqual(Buffer.from(hex, 'hex'), expected) || ok;
  if (!ok) throw new Error('signature mismatch');
  return parse(body);
}

const encoder = new TextEncoder();

function hexBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/** The HMAC key for WebCrypto, imported once per secret (as a long-lived handler would). */
export function importHmacKey(secret) {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}

/** WebCrypto: `crypto.subtle.verify` (constant time), then `parse(body)`. */
export async function verifyWithWebCrypto(body, header, key, nowSeconds, parse, tolerance = 300) {
  const { t, v1 } = parseHeader(header);
  checkTime(t, nowSeconds, tolerance);
  const data = encoder.encode(`${t}.${body}`);
  let ok = false;
  for (const hex of v1) ok = (await crypto.subtle.verify('HMAC', key, hexBytes(hex), data)) || ok;
  if (!ok) throw new Error('signature mismatch');
  return parse(body);
}
