// A run of inbound messages at scale (POST /__standin/inbound/run, state.receive): many people
// writing to the channels, each message the docs site's flat `Message` event (events.mjs
// inboundEvent), and the plan of the run: every message once, some of them again later (a
// re-delivery: the same bytes, signed anew, as when the Hub delivers a batch a second time), in a
// shuffled but reproducible order. Pure functions: no I/O, the clock and the seed are passed in.

import { randomUUID } from 'node:crypto';
import { inboundEvent } from './events.mjs';

export const MAX_INBOUND_MESSAGES = 100_000;
export const MAX_CONCURRENCY = 64;

/** Thrown for an invalid inbound request (becomes a 400 on the control endpoint). */
export class InboundError extends Error {}

/** A small seeded PRNG (mulberry32): the same seed gives the same plan. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Checks an inbound request: `{ messages: [{ from, text, channel?, messageId? }], redeliver?,
 * concurrency?, seed? }`. `channel` is a channel kind (`instagram` by default, `messenger`,
 * ...), the stand-in's default channel of that kind; `redeliver` is how many of the messages are delivered a second time (chosen by the seed), or which (their
 * indexes); `concurrency` how many deliveries are in flight at once (default 1, as the Hub's
 * one-at-a-time queue).
 */
export function normalizeInbound(input, channels) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new InboundError('the body must be an object');
  for (const key of Object.keys(input)) {
    if (!['messages', 'redeliver', 'concurrency', 'seed'].includes(key)) throw new InboundError(`unknown key '${key}'`);
  }
  const { messages, redeliver = 0, concurrency = 1, seed = 1 } = input;
  if (!Array.isArray(messages) || messages.length === 0 || messages.length > MAX_INBOUND_MESSAGES) {
    throw new InboundError(`messages must be an array of 1 to ${MAX_INBOUND_MESSAGES} messages`);
  }
  const which = Array.isArray(redeliver) ? redeliver : null;
  if (which !== null) {
    if (!which.every((i) => Number.isInteger(i) && i >= 0 && i < messages.length) || new Set(which).size !== which.length) {
      throw new InboundError(`redeliver must list distinct indexes into messages (0 to ${messages.length - 1})`);
    }
  } else if (!Number.isInteger(redeliver) || redeliver < 0 || redeliver > messages.length) {
    throw new InboundError(`redeliver must be an integer from 0 to the number of messages (${messages.length}), or a list of their indexes`);
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new InboundError(`concurrency must be an integer from 1 to ${MAX_CONCURRENCY}`);
  }
  if (!Number.isInteger(seed)) throw new InboundError('seed must be an integer');
  const list = messages.map((m, i) => {
    if (m === null || typeof m !== 'object') throw new InboundError(`message ${i}: must be an object`);
    const { from, text, channel = 'instagram', messageId = randomUUID() } = m; // any kind the stand-in has
    if (typeof from !== 'string' || from === '') throw new InboundError(`message ${i}: from must be a non-empty string`);
    if (typeof text !== 'string' || text === '') throw new InboundError(`message ${i}: text must be a non-empty string`);
    if (typeof messageId !== 'string' || messageId === '') throw new InboundError(`message ${i}: messageId must be a non-empty string`);
    const target = channels.find((c) => c.kind === channel);
    if (!target) throw new InboundError(`message ${i}: no ${JSON.stringify(channel)} channel`);
    return { channel: target, from, text, messageId };
  });
  return { messages: list, redeliver, concurrency, seed };
}

/** The flat `Message` event of one inbound message of a run: a text, with its messageId. */
export function runEvent({ channel, from, text, messageId }, now) {
  return { ...inboundEvent({ kind: channel.kind, channel, from, content: { type: 'text', text }, now }), messageId };
}

/** How close behind its first delivery every other re-delivery comes. */
export const CLOSE_BEHIND = 8;

/**
 * The order of the deliveries: each message once, in a shuffled order, and `redeliver` of them
 * (a count: chosen by the seed; or their indexes) once more, each at a random later place: every
 * other one within CLOSE_BEHIND places of the first (while the receiver may still be working on
 * it), the others anywhere after it.
 * @returns {{ index: number, redelivery: boolean }[]}  `index` into the messages
 */
export function deliveryPlan(count, { redeliver, seed }) {
  const next = random(seed);
  const shuffled = () => {
    const order = [...Array(count).keys()];
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  };
  const plan = shuffled().map((index) => ({ index, redelivery: false }));
  // Which messages come twice: those listed, or the first `redeliver` of another shuffle.
  const twice = Array.isArray(redeliver) ? redeliver : shuffled().slice(0, redeliver);
  twice.forEach((index, n) => {
    const first = plan.findIndex((d) => d.index === index && !d.redelivery);
    const room = plan.length - first;
    const at = first + 1 + Math.floor(next() * (n % 2 === 0 ? Math.min(CLOSE_BEHIND, room) : room));
    plan.splice(at, 0, { index, redelivery: true });
  });
  return plan;
}
