// Property tests (issue #7) with fast-check, through the built package:
// 1. a body our validator accepts also passes the stand-in's JSON Schema (written independently
//    from the API docs), on generated bodies of every kind on both channels, valid and mutated
//    (Hub reactions and replies, Meta's optional URL-button fields and message metadata among
//    them: issue #14);
//    and on the space both readings call valid, our validator accepts everything (the converse);
// 2. verifyWebhook(signWebhook(x)) round-trips: the events equal parseWebhook's, and `raw`
//    deep-equals the body (numbers beyond a double's precision as their exact text).
// Known disagreements between the two readings of the docs are listed once, each as a `todo`
// test that fails until the lead decides which reading is right.
// Run: npm ci --prefix tests/js && node --test tests/js/properties.test.mjs
// (FC_RUNS=5000 for a longer run; FC_SEED=<n> to replay a failure.)

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { validate as schema } from '../../standin/schema.mjs';
import * as pkg from '../../pkg/node.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const check = (property) => fc.assert(property, { numRuns: RUNS, seed: SEED });

const ours = {
  instagram: pkg.validateInstagramMessage,
  messenger: pkg.validateMessengerMessage,
};
const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const MS = '0b1c2d3e-4f50-4617-8899-aabbccddeeff';
const bytes = (s) => Buffer.byteLength(s, 'utf8');
const chars = (s) => [...s].length;

// ---------------------------------------------------------------------------------------------
// Generators of send bodies

/** Short human-ish text (any Unicode, graphemes), non-empty. */
const shortText = (max) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((s) => chars(s) <= max);
/** A message text within the channel's limit, now and then right at it. */
const messageText = (channel) =>
  fc.oneof(
    { weight: 4, arbitrary: shortText(60) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('a', 'é', '😀', '👍🏽', '中').map((u) =>
        channel === 'instagram' ? u.repeat(Math.floor(1000 / bytes(u))) : u.repeat(Math.floor(1999 / chars(u))),
      ),
    },
  ).filter((s) => (channel === 'instagram' ? bytes(s) <= 1000 : chars(s) <= 1999));
const https = fc
  .tuple(fc.domain(), fc.array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/), { maxLength: 3 }), fc.constantFrom('', '.jpg', '.mp4', '.mp3'))
  .map(([host, segs, ext]) => `https://${host}/${segs.join('/')}${ext}`);
/** Messenger takes http wherever Meta does not ask for https (issue #20); Instagram https only. */
const httpUrl = https.map((u) => `http${u.slice(5)}`);
const urlFor = (channel) => (channel === 'messenger' ? fc.oneof(https, httpUrl) : https);
const id = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/);
const username = fc.tuple(fc.boolean(), fc.stringMatching(/^[A-Za-z0-9._]{1,30}$/)).map(([at, u]) => (at ? `@${u}` : u));
const from = {
  instagram: fc.oneof(fc.uuid(), fc.constant(IG), username),
  messenger: fc.oneof(fc.uuid(), fc.constant(MS), fc.stringMatching(/^[0-9]{1,20}$/)),
};
const to = fc.oneof(fc.constantFrom('847495124317323', '26203292189261166'), fc.stringMatching(/^[0-9A-Za-z_-]{1,64}$/));

const quickReplyFor = (channel) =>
  fc.oneof(
    fc.record({ content_type: fc.constant('text'), title: shortText(20), payload: shortText(100), image_url: urlFor(channel) }, { requiredKeys: ['content_type', 'title', 'payload'] }),
    fc.record({ content_type: fc.constantFrom('user_phone_number', 'user_email') }),
  );
const quickReply = quickReplyFor('instagram');
const mediaPayloadFor = (channel) => fc.oneof(
  fc.record({ url: urlFor(channel), is_reusable: fc.boolean() }, { requiredKeys: ['url'] }),
  fc.record({ attachment_id: fc.stringMatching(/^[0-9]{1,20}$/), is_reusable: fc.boolean() }, { requiredKeys: ['attachment_id'] }),
);
const mediaPayload = mediaPayloadFor('instagram');
/** Meta's optional URL-button fields (URL button reference), shared with `default_action`. */
const webviewOptions = {
  webview_height_ratio: fc.constantFrom('compact', 'tall', 'full'),
  messenger_extensions: fc.boolean(),
  fallback_url: https,
  webview_share_button: fc.constantFrom('hide', 'show'),
};
const button = fc.oneof(
  fc.record({ type: fc.constant('web_url'), url: https, title: shortText(20), ...webviewOptions }, { requiredKeys: ['type', 'url', 'title'] }),
  fc.record({ type: fc.constant('postback'), title: shortText(20), payload: shortText(200) }),
);
/** Messenger's own buttons (issues #18, #20): call, log in, log out, game play; URL buttons over http. */
const messengerButton = fc.oneof(
  fc.record({ type: fc.constant('phone_number'), title: shortText(20), payload: fc.stringMatching(/^\+[1-9][0-9]{6,14}$/) }),
  fc.record({ type: fc.constant('account_link'), url: https }),
  fc.constant({ type: 'account_unlink' }),
  fc.record(
    { type: fc.constant('game_play'), title: shortText(20), payload: shortText(50), game_metadata: fc.oneof(fc.record({ player_id: id }), fc.record({ context_id: id })) },
    { requiredKeys: ['type', 'title'] },
  ),
  fc.record({ type: fc.constant('web_url'), url: httpUrl, title: shortText(20), messenger_extensions: fc.constant(false) }, { requiredKeys: ['type', 'url', 'title'] }),
);
const buttonFor = (channel) => (channel === 'messenger' ? fc.oneof(button, messengerButton) : button);
const elementFor = (channel) =>
  fc
    .record(
      {
        title: shortText(80),
        subtitle: shortText(80),
        image_url: urlFor(channel),
        default_action: fc.record({ type: fc.constant('web_url'), url: https, ...webviewOptions }, { requiredKeys: ['type', 'url'] }),
        buttons: fc.array(buttonFor(channel), { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: ['title'] },
    )
    .filter((e) => Object.keys(e).length >= 2);
const template = (payload) => fc.record({ attachment: fc.record({ type: fc.constant('template'), payload }) });
/** Amounts as Meta's receipt example has them: integers and cents. */
const amount = fc.integer({ min: 0, max: 1_000_000 }).map((n) => (n % 3 === 0 ? n : n / 100));
/** Meta's media, receipt (Messenger) and product (both) templates (issue #20). */
const productTemplate = template(fc.record({ template_type: fc.constant('product'), elements: fc.array(fc.record({ id: fc.stringMatching(/^[0-9]{1,20}$/) }), { minLength: 1, maxLength: 10 }) }));
const mediaTemplate = template(
  fc.record(
    {
      template_type: fc.constant('media'),
      elements: fc.tuple(
        fc.oneof(
          fc.record({ media_type: fc.constantFrom('image', 'video'), attachment_id: fc.stringMatching(/^[0-9]{1,20}$/), buttons: fc.array(buttonFor('messenger'), { minLength: 1, maxLength: 3 }) }, { requiredKeys: ['media_type', 'attachment_id'] }),
          fc.record({ media_type: fc.constantFrom('image', 'video'), url: urlFor('messenger'), buttons: fc.array(buttonFor('messenger'), { minLength: 1, maxLength: 3 }) }, { requiredKeys: ['media_type', 'url'] }),
        ),
      ),
      sharable: fc.boolean(),
    },
    { requiredKeys: ['template_type', 'elements'] },
  ),
);
const receiptTemplate = template(
  fc.record(
    {
      template_type: fc.constant('receipt'),
      recipient_name: shortText(40),
      merchant_name: shortText(30),
      order_number: id,
      currency: fc.constantFrom('USD', 'BRL', 'EUR'),
      payment_method: shortText(30),
      timestamp: fc.constant('1428444852'),
      order_url: urlFor('messenger'),
      sharable: fc.boolean(),
      elements: fc.array(
        fc.record({ title: shortText(10), subtitle: shortText(10), quantity: fc.integer({ min: 1, max: 9 }), price: amount, currency: fc.constant('USD'), image_url: urlFor('messenger') }, { requiredKeys: ['title', 'price'] }),
        { minLength: 1, maxLength: 100 },
      ),
      address: fc.record(
        { street_1: shortText(30), street_2: fc.constantFrom('', 'Apt 2'), city: shortText(20), postal_code: fc.stringMatching(/^[0-9]{5}$/), state: fc.constantFrom('CA', 'SP'), country: fc.constantFrom('US', 'BR') },
        { requiredKeys: ['street_1', 'city', 'postal_code', 'state', 'country'] },
      ),
      summary: fc.record({ subtotal: amount, shipping_cost: amount, total_tax: amount, total_cost: amount }, { requiredKeys: ['total_cost'] }),
      adjustments: fc.array(fc.record({ name: shortText(30), amount }), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: ['template_type', 'recipient_name', 'order_number', 'currency', 'payment_method', 'summary'] },
  ),
);
const uniqueBy = (arb, key, opts) => fc.uniqueArray(arb, { ...opts, selector: key });
/** Meta's `message.metadata`: a string of up to 1000 characters, now and then at the limit. */
const metadata = fc.oneof({ weight: 4, arbitrary: fc.oneof(fc.constant(''), shortText(60)) }, { weight: 1, arbitrary: fc.constant('é'.repeat(1000)) });
/** The Hub's message UUID, in either case. */
const hubMessageId = fc.oneof(fc.uuid(), fc.uuid().map((u) => u.toUpperCase()), fc.constant('9b509e32-bfec-4fe6-8a63-2c22017a3a17'), fc.constant('aWdfZAG1faXRlbToxOklHTWVzc2FnZA'), fc.constant('m_jcSS'));
const context = fc.record({ messageId: hubMessageId });
/** A reaction's emoji: one emoji sequence (up to 16 code points), or "" to remove it. */
const emoji = fc.constantFrom('❤️', '👍', '😂', '👍🏽', '🇧🇷', '👩🏽‍❤️‍💋‍👨🏻', '👨🏻‍👩🏻‍👧🏻‍👦🏻', '');
/** A Hub-normalized kind, sometimes as a reply (`context`). */
const withContext = (arb) => fc.tuple(arb, fc.option(context, { nil: undefined })).map(([c, ctx]) => (ctx ? { ...c, context: ctx } : c));

/** `content` of every kind, valid by both readings of the docs. */
const content = (channel) => {
  const kinds = [
    fc.record({ text: messageText(channel), metadata }, { requiredKeys: ['text'] }),
    fc.record({ text: messageText(channel), quick_replies: fc.array(quickReplyFor(channel), { minLength: 1, maxLength: 13 }), metadata }, { requiredKeys: ['text', 'quick_replies'] }),
    fc.record({ attachment: fc.record({ type: fc.constantFrom('image', 'audio', 'video', 'file'), payload: mediaPayloadFor(channel) }), metadata }, { requiredKeys: ['attachment'] }),
    fc.record({ attachments: fc.array(fc.record({ type: fc.constant('image'), payload: mediaPayload }), { minLength: 1, maxLength: 10 }), metadata }, { requiredKeys: ['attachments'] }),
    fc.record({
      attachment: fc.record({
        type: fc.constant('template'),
        payload: fc.record(
          { template_type: fc.constant('button'), text: shortText(640), buttons: fc.array(buttonFor(channel), { minLength: 1, maxLength: 3 }), sharable: fc.boolean() },
          { requiredKeys: ['template_type', 'text', 'buttons'] },
        ),
      }),
    }),
    fc.record({
      attachment: fc.record({
        type: fc.constant('template'),
        payload: fc.record(
          {
            template_type: fc.constant('generic'),
            elements: fc.array(elementFor(channel), { minLength: 1, maxLength: 10 }),
            sharable: fc.boolean(),
            image_aspect_ratio: fc.constantFrom('horizontal', 'square'),
          },
          { requiredKeys: ['template_type', 'elements'] },
        ),
      }),
    }),
    fc.record({ sender_action: fc.constantFrom('typing_on', 'typing_off', 'mark_seen') }),
    fc.record({
      sender_action: fc.constant('react'),
      payload: fc.record({ message_id: id, reaction: fc.constantFrom('love', 'like', 'laugh', 'wow', 'sad', 'angry', '❤️', '😂', '👍🏽') }),
    }),
    fc.record({ sender_action: fc.constant('unreact'), payload: fc.record({ message_id: id }) }),
    withContext(fc.record({ imageUrl: https, text: messageText(channel) }, { requiredKeys: ['imageUrl'] })),
    withContext(fc.record({ videoUrl: https, text: messageText(channel) }, { requiredKeys: ['videoUrl'] })),
    withContext(fc.record({ audioUrl: https, text: messageText(channel) }, { requiredKeys: ['audioUrl'] })),
    // Hub reactions (react, remove) and replies (docs site, "Reactions and reply").
    fc.record({ reaction: fc.record({ messageId: hubMessageId, emoji }, { requiredKeys: ['messageId'] }) }),
    fc.record({ text: messageText(channel), context }),
    withContext(fc.record({
      interactive: fc.record({
        type: fc.constant('button'),
        body: fc.record({ text: messageText(channel) }),
        action: fc.record({
          buttons: uniqueBy(fc.record({ type: fc.constant('reply'), reply: fc.record({ id: shortText(256), title: shortText(20) }) }), (b) => b.reply.id, {
            minLength: 1,
            maxLength: 3,
          }),
        }),
      }),
    })),
    fc.record({
      interactive: fc.record({
        type: fc.constant('list'),
        body: fc.record({ text: messageText(channel) }),
        action: fc.record({
          button: shortText(20),
          sections: fc
            .array(fc.record({ title: shortText(24), rows: fc.array(fc.record({ id: shortText(200), title: shortText(24) }), { minLength: 1, maxLength: 4 }) }), {
              minLength: 1,
              maxLength: 3,
            })
            .filter((sections) => {
              const ids = sections.flatMap((s) => s.rows.map((r) => r.id));
              return ids.length <= 10 && new Set(ids).size === ids.length;
            }),
        }),
      }),
    }),
    fc.record({
      interactive: fc.record({
        type: fc.constant('cta_url'),
        body: fc.record({ text: messageText(channel) }),
        action: fc.record({ name: fc.constant('cta_url'), parameters: fc.record({ display_text: shortText(20), url: https }) }),
      }),
    }),
  ];
  kinds.push(productTemplate);
  // Messenger only: quick replies beside an attachment, the media and receipt templates.
  if (channel === 'messenger') {
    kinds.push(
      fc.record({ attachment: fc.record({ type: fc.constantFrom('image', 'video'), payload: mediaPayloadFor(channel) }), quick_replies: fc.array(quickReplyFor(channel), { minLength: 1, maxLength: 13 }) }),
      mediaTemplate,
      receiptTemplate,
    );
  }
  // Instagram only (ours refuses both on Messenger; the schema refuses only like_heart there).
  if (channel === 'instagram') {
    kinds.push(fc.constant({ attachment: { type: 'like_heart' } }), fc.record({ attachment: fc.record({ type: fc.constant('MEDIA_SHARE'), payload: fc.record({ id }) }) }));
  }
  return fc.oneof(...kinds);
};

const validBody = (channel) => fc.record({ from: from[channel], to, content: content(channel) });

/** One arbitrary change at a random place of a valid body. */
const strange = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1.5, '', ' ', 'x', 'http://example.com/a.jpg', 'HTTPS://example.com/a.jpg', 'https://exa mple.com', [], {}, 'a'.repeat(2001), 'é'.repeat(501)),
  // Values with a meaning in the newer shapes: a Meta mid where the Hub's UUID goes, a UUID,
  // an emoji sequence one code point too long, text where an emoji goes, an id with a space, types Meta has retired, webview values.
  fc.constantFrom('aWdfZAG1faXRlbToxOklHTWVzc2FnZA', '9b509e32-bfec-4fe6-8a63-2c22017a3a17', '👍'.repeat(17), 'lol', 'two words', 'location', 'list', 'open_graph', 'element_share', 'payment', 'hide', 'show', 'tall', 'é'.repeat(1001)),
  // Issue #20's shapes: Messenger's buttons and templates, phone numbers, http.
  fc.constantFrom('phone_number', 'account_link', 'account_unlink', 'game_play', 'media', 'receipt', 'product', 'one_time_notif_req', '+15105551234', '15105551234', 'video', 'audio', 56.14, '56.14'),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.jsonValue({ maxDepth: 2 }),
);
function paths(value, prefix = []) {
  if (value === null || typeof value !== 'object') return [prefix];
  const out = [prefix];
  for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
  return out;
}
function mutate(body, choice, replacement, op) {
  const copy = structuredClone(body);
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[choice % all.length];
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const last = path.at(-1);
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last, 1);
    else delete parent[last];
  } else if (op === 'add' && parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
    parent[last][typeof replacement === 'string' && replacement ? replacement : 'extra'] = replacement;
  } else {
    parent[last] = replacement;
  }
  return copy;
}
const mutatedBody = (channel) =>
  fc.tuple(validBody(channel), fc.nat(), strange, fc.constantFrom('replace', 'delete', 'add')).map(([b, choice, r, op]) => mutate(b, choice, r, op));

// ---------------------------------------------------------------------------------------------
// Known disagreements: where our validator accepts and the stand-in's schema refuses. Each is a
// question about the docs for the lead; the properties skip bodies that have one (and count them).

const walk = (v, visit, path = []) => {
  visit(v, path);
  if (v !== null && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, visit, [...path, k]);
};
// None left: the stand-in's schema was aligned with the docs where they support both readings
// (https in any case, quick-reply image_url, webview_height_ratio, list rows, Messenger account
// ids), and U+FEFF counts as whitespace in `to` on both sides. A new disagreement goes here,
// with an example, as a question about the docs.
const KNOWN = [];
const knownDisagreement = (channel, body) => KNOWN.find((k) => k.has(channel, body));

// Rules our validator has and the schema does not (documented limits the schema leaves out);
// a refusal made only of these is not a disagreement in the converse property.
const STRICTER = [
  {
    name: "a reaction is one of Meta's names or an emoji (the schema: any non-empty string)",
    covers: (channel, issue) => issue.path === 'content.payload.reaction' && issue.code === 'invalid_value',
  },
  {
    name: 'the limits of interactive messages (reply id 256, list button 20, titles 24, row id 200, 10 rows and sections, unique ids, CTA text 20)',
    covers: (channel, issue) => /^content\.interactive\.action\./.test(issue.path) && ['too_long', 'too_many', 'conflict'].includes(issue.code),
  },
  {
    name: 'a body over 64 KiB of JSON is refused whole (the schema has no size)',
    covers: (channel, issue) => issue.path === '' && issue.code === 'too_long',
  },
  {
    name: 'MEDIA_SHARE is Instagram-only',
    covers: (channel, issue) => channel === 'messenger' && issue.path === 'content.attachment.type' && issue.code === 'not_supported',
  },
];

// ---------------------------------------------------------------------------------------------

for (const channel of ['instagram', 'messenger']) {
  describe(`send bodies, ${channel}`, () => {
    test('every generated valid body is accepted by our validator AND by the stand-in schema', () => {
      check(
        fc.property(validBody(channel), (body) => {
          assert.deepEqual(ours[channel](body), [], JSON.stringify(body));
          const s = schema(channel, body);
          assert.ok(s.ok, `schema refused ${JSON.stringify(body)}: ${s.message}`);
        }),
      );
    });

    test('a mutated body our validator accepts is accepted by the stand-in schema (known disagreements aside)', () => {
      const counts = { accepted: 0, refused: 0, known: 0 };
      check(
        fc.property(mutatedBody(channel), (body) => {
          if (ours[channel](body).length > 0) {
            counts.refused += 1;
            return;
          }
          if (knownDisagreement(channel, body)) {
            counts.known += 1;
            return;
          }
          counts.accepted += 1;
          const s = schema(channel, body);
          assert.ok(s.ok, `ours accepts, the schema refuses ${JSON.stringify(body)}: ${s.message}`);
        }),
      );
      // The generator must exercise both sides, or the property says nothing.
      assert.ok(counts.accepted > RUNS / 20 && counts.refused > RUNS / 5, JSON.stringify(counts));
    });

    test('a mutated body the stand-in schema accepts is accepted by our validator (its stricter rules aside)', () => {
      const counts = { agreed: 0, stricter: 0 };
      check(
        fc.property(mutatedBody(channel), (body) => {
          if (!schema(channel, body).ok) return;
          const issues = ours[channel](body);
          if (issues.length > 0 && issues.every((i) => STRICTER.some((r) => r.covers(channel, i)))) {
            counts.stricter += 1;
            return;
          }
          counts.agreed += 1;
          assert.deepEqual(issues, [], `the schema accepts, ours refuses ${JSON.stringify(body)}`);
        }),
      );
      assert.ok(counts.agreed > RUNS / 20, JSON.stringify(counts));
    });
  });
}

// Found by the converse property above (U+10FFFF was the reader's marker for lone surrogates).
test('U+10FFFF in a text is not a lone surrogate', () => {
  for (const text of ['\u{10FFFF}', '\u{10FFFF}abc', '\udbff\udfff']) {
    assert.deepEqual(ours.instagram({ from: IG, to: '1', content: { text } }), [], JSON.stringify(text));
  }
});

describe('known disagreements between our validator and the stand-in schema', () => {
  for (const k of KNOWN) {
    const [channel, body] = k.example;
    test(k.name, { todo: 'which reading of the docs is right? (question for the lead)' }, () => {
      assert.ok(k.has(channel, body), 'the example shows the disagreement it names');
      assert.equal(ours[channel](body).length === 0, schema(channel, body).ok, 'our validator and the schema disagree');
    });
  }
});

// ---------------------------------------------------------------------------------------------
// verify(sign(x)) round trip on fixture-shaped bodies

const fixtureDir = new URL('../fixtures/', import.meta.url);
const webhookFixtures = ['chatt2me', 'chatt2me-site/webhooks'].flatMap((dir) =>
  readdirSync(new URL(dir + '/', fixtureDir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => readFileSync(new URL(`${dir}/${f}`, fixtureDir), 'utf8')),
);

/** A JSON text with its leaves replaced: strings by any string, numbers by any number token. */
const fixtureShaped = fc
  .tuple(
    fc.constantFrom(...webhookFixtures),
    fc.infiniteStream(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 10 }))),
    fc.infiniteStream(
      fc.oneof(
        fc.integer().map(String),
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? '-0' : JSON.stringify(d))),
        fc.constantFrom('1e400', '-0', '26203292189261166', '1700000000', '1.0E+2'),
      ),
    ),
    fc.boolean(),
  )
  .map(([text, strings, numbers, keepTypes]) => {
    const s = strings[Symbol.iterator]();
    const n = numbers[Symbol.iterator]();
    // Replace leaf values but keep the keys and the discriminating values (eventType, type, ...).
    const out = text.replace(/("(?:[^"\\]|\\.)*")(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, (m, key, colon, value) => {
      if (/^"(eventType|type|object|sender_action|template_type|content_type|channel|field|status)"$/.test(key)) return m;
      if (value.startsWith('"')) return key + colon + (keepTypes ? JSON.stringify(s.next().value) : n.next().value);
      return key + colon + n.next().value;
    });
    return out;
  });

/**
 * JSON.parse with every number a double cannot hold exactly (integers beyond 2^53, values beyond
 * the double range) kept as its exact text: written here independently of the package.
 */
function exactParse(text) {
  const LIMIT = 2n ** 53n;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const token = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i))[0];
      const exact = /[.eE]/.test(token) ? Number.isFinite(Number(token)) : BigInt(token) <= LIMIT && BigInt(token) >= -LIMIT;
      out += exact ? token : JSON.stringify(token);
      i += token.length;
    } else {
      out += c;
      i += 1;
    }
  }
  return JSON.parse(out);
}

describe('signWebhook → verifyWebhook round trip', () => {
  test('the events equal parseWebhookEvents of the body, and raw deep-equals the body', () => {
    let checkedRaw = 0;
    check(
      fc.property(fixtureShaped, fc.string({ minLength: 1, maxLength: 64 }), fc.integer({ min: -300, max: 300 }), fc.boolean(), (text, secret, skew, asBytes) => {
        const now = 1_700_000_000;
        const body = asBytes ? new TextEncoder().encode(text) : text;
        const header = pkg.signWebhook(body, secret, { timestamp: now + skew });
        assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
        let parsed;
        try {
          parsed = pkg.parseWebhookEvents(body);
        } catch (e) {
          // Not every generated body is an event (e.g. a string where an object was); then verify
          // fails the same way after the signature passed.
          assert.ok(pkg.isChatt2meError(e), String(e));
          assert.throws(() => pkg.verifyWebhookEvents(body, header, [secret], { now }), (v) => v.code === e.code && v.message === e.message);
          return;
        }
        const verified = pkg.verifyWebhookEvents(body, header, ['another secret', secret], { now });
        assert.equal(verified.length, parsed.length);
        for (let i = 0; i < parsed.length; i += 1) {
          const { raw: rawV, ...v } = verified[i];
          const { raw: rawP, ...p } = parsed[i];
          assert.deepEqual(v, p);
          assert.deepEqual(rawV, rawP);
          if (parsed.length === 1) {
            assert.deepEqual(rawV, exactParse(text), 'raw is the body, exactly');
            checkedRaw += 1;
          }
        }
        // Any other secret, or a changed body, fails.
        assert.throws(() => pkg.verifyWebhookEvents(body, header, 'x' + secret, { now }), { code: 'signature_mismatch' });
        assert.throws(() => pkg.verifyWebhookEvents(text + ' ', header, secret, { now }), { code: 'signature_mismatch' });
      }),
    );
    assert.ok(checkedRaw > RUNS / 4, `raw compared only ${checkedRaw} times`);
  });
});
