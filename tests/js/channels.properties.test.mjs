// Property tests for WhatsApp, Telegram, SMS and Web Chatt (issue #21), with fast-check, through
// the built package: on generated bodies of every kind each channel takes, valid and mutated,
// the validator (validate<Channel>Message) and the stand-in's JSON Schema of that channel
// (standin/schema/, written from the docs, not from the Rust) agree:
// 1. what the validator accepts, the schema accepts (on every body, mutated ones included);
// 2. on bodies valid by both readings, the validator accepts all (the converse);
// 3. each mutation that breaks a documented rule is refused by both.
// Run: npm ci --prefix tests/js && node --test tests/js/channels.properties.test.mjs
// (FC_RUNS=5000 for a longer run; FC_SEED=<n> to replay a failure.)

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validate as schema } from '../../standin/schema.mjs';
import * as pkg from '../../pkg/node.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const check = (property) => fc.assert(property, { numRuns: RUNS, seed: SEED });
const chars = (s) => [...s].length;

const shortText = (max) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((s) => chars(s) <= max);
const https = fc
  .tuple(fc.domain(), fc.array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/), { maxLength: 3 }), fc.constantFrom('', '.jpg', '.mp4', '.ogg'))
  .map(([host, segs, ext]) => `https://${host}/${segs.join('/')}${ext}`);
const id = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/);
const messageId = fc.oneof(fc.uuid(), fc.constant('9b509e32-bfec-4fe6-8a63-2c22017a3a17'), fc.constant('wamid.HBgLNTUxMTk5'));
const emoji = fc.constantFrom('❤️', '👍', '😂', '👍🏽', '🇧🇷', '👨🏻‍👩🏻‍👧🏻‍👦🏻', '');
const phone = fc.stringMatching(/^[1-9][0-9]{6,14}$/);
const botUsername = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{1,26}$/).map((s) => `${s}bot`);

/** Each channel: its validator, schema name, limits, and what it takes. */
const CHANNELS = {
  whatsapp: {
    validate: pkg.validateWhatsAppMessage,
    from: fc.oneof(fc.uuid(), phone, phone.map((p) => `+${p}`)),
    to: phone,
    text: 4096, caption: 1024, body: 1024,
    kinds: ['text', 'image', 'video', 'audio', 'voice', 'button', 'list', 'template', 'payment', 'reaction'],
    header: true, minRows: 1,
  },
  telegram: {
    validate: pkg.validateTelegramMessage,
    from: fc.oneof(fc.uuid(), botUsername, botUsername.map((b) => `@${b}`)),
    to: fc.oneof(fc.stringMatching(/^[0-9]{1,16}$/), fc.stringMatching(/^-100[0-9]{10}$/)),
    text: 4096, caption: 1024, body: 300,
    kinds: ['text', 'image', 'video', 'audio', 'list', 'reaction'],
    header: false, minRows: 2,
  },
  sms: {
    validate: pkg.validateSmsMessage,
    from: fc.oneof(fc.uuid(), phone, phone.map((p) => `+${p}`)),
    to: phone.map((p) => `+${p}`),
    text: 1600, caption: 1600, body: 0,
    kinds: ['text', 'image'],
    header: false, minRows: 1,
  },
  webchatt: {
    validate: pkg.validateWebChattMessage,
    from: fc.uuid(),
    to: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    text: null, caption: null, body: null,
    kinds: ['text', 'image', 'video', 'audio', 'button', 'list', 'reaction'],
    header: false, minRows: 1,
  },
};

/** A text within `max` characters, now and then right at it. */
const textUpTo = (max) =>
  max === null
    ? fc.oneof(shortText(60), fc.constant('é'.repeat(5000)))
    : fc.oneof({ weight: 4, arbitrary: shortText(Math.min(60, max)) }, { weight: 1, arbitrary: fc.constantFrom('a', 'é', '😀', '中').map((u) => u.repeat(max)) });

const uniqueBy = (arb, selector, opts) => fc.uniqueArray(arb, { ...opts, selector });
const header = fc.oneof(
  fc.record({ type: fc.constant('text'), text: shortText(60) }),
  fc.record({ type: fc.constant('image'), image: fc.record({ link: https }) }),
  fc.record({ type: fc.constant('video'), video: fc.record({ link: https }) }),
);
const withHeader = (c, arb) =>
  c.header
    ? fc.tuple(arb, fc.option(header, { nil: undefined }), fc.option(shortText(60), { nil: undefined })).map(([i, h, f]) => ({
        ...i,
        ...(h ? { header: h } : {}),
        ...(f ? { footer: { text: f } } : {}),
      }))
    : arb;
const body = (c) => fc.record({ text: c.body === null ? shortText(80) : shortText(Math.min(80, c.body)) });
const buttons = (c) =>
  withHeader(
    c,
    fc.record({
      type: fc.constant('button'),
      body: body(c),
      action: fc.record({
        buttons: uniqueBy(fc.record({ type: fc.constant('reply'), reply: fc.record({ id, title: shortText(20) }) }), (b) => b.reply.id, { minLength: 1, maxLength: 3 }),
      }),
    }),
  );
const row = fc.record({ id, title: shortText(24), description: shortText(72) }, { requiredKeys: ['id', 'title'] });
const list = (c) =>
  withHeader(
    c,
    fc.record({
      type: fc.constant('list'),
      body: body(c),
      action: fc.record({
        button: shortText(20),
        sections: fc.array(fc.record({ title: shortText(24), rows: fc.array(row, { minLength: c.minRows, maxLength: 3 }) }, { requiredKeys: ['rows'] }), { minLength: 1, maxLength: 3 }),
      }),
    }),
  ).filter((i) => {
    const ids = i.action.sections.flatMap((s) => s.rows.map((r) => r.id));
    return new Set(ids).size === ids.length;
  });
const template = fc.record(
  {
    id: fc.uuid(),
    components: fc.tuple(fc.array(fc.record({ type: fc.constant('text'), text: shortText(30) }), { minLength: 1, maxLength: 4 })).map(([parameters]) => [{ type: 'body', parameters }]),
  },
  { requiredKeys: ['id'] },
);
const cents = fc.nat({ max: 10_000_000 });
const payment = fc
  .tuple(
    fc.record({ bodyText: shortText(60), referenceId: fc.stringMatching(/^[A-Za-z0-9_.-]{1,35}$/) }),
    fc.oneof(
      fc.record({ paymentMethod: fc.constant('pix'), pix: fc.record({ code: shortText(40), merchantName: shortText(30), key: id, keyType: fc.constantFrom('CPF', 'CNPJ', 'EMAIL', 'PHONE', 'EVP') }) }),
      fc.record({ paymentMethod: fc.constant('boleto'), boleto: fc.record({ digitableLine: fc.oneof(fc.stringMatching(/^[0-9]{47}$/), fc.stringMatching(/^[0-9]{48}$/)) }) }),
      fc.record({ paymentMethod: fc.constant('payment_link'), paymentLink: fc.record({ url: https }) }),
    ),
    fc.record(
      {
        currency: fc.constant('BRL'),
        totalAmountCents: cents,
        offset: fc.constant(100),
        items: fc.array(fc.record({ retailerId: id, name: shortText(30), amountCents: cents, quantity: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 3 }),
        tax: fc.record({ valueCents: cents, offset: fc.constant(100), description: fc.string({ maxLength: 20 }) }, { requiredKeys: ['valueCents'] }),
        subtotalCents: cents,
      },
      { requiredKeys: [] },
    ),
  )
  .map(([a, b, c]) => ({ ...a, ...b, ...c }));

/** A reply's `context`, now and then. */
const replying = (arb) => fc.tuple(arb, fc.option(fc.record({ messageId }), { nil: undefined })).map(([c, ctx]) => (ctx ? { ...c, context: ctx } : c));
const caption = (c, media) =>
  fc.tuple(https, fc.option(textUpTo(c.caption), { nil: undefined })).map(([url, text]) => (text === undefined ? { [media]: url } : { [media]: url, text }));

function content(name) {
  const c = CHANNELS[name];
  const reply = (arb) => (name === 'sms' ? arb : replying(arb));
  const kinds = {
    text: () => reply(textUpTo(c.text).map((text) => ({ text }))),
    image: () => reply(caption(c, 'imageUrl')),
    video: () => reply(caption(c, 'videoUrl')),
    audio: () => reply(https.map((audioUrl) => ({ audioUrl }))),
    voice: () => fc.tuple(https, fc.boolean()).map(([audioUrl, voice]) => ({ audioUrl, voice })),
    button: () => buttons(c).map((interactive) => ({ interactive })),
    list: () => list(c).map((interactive) => ({ interactive })),
    template: () => template.map((t) => ({ template: t })),
    payment: () => payment.map((paymentRequest) => ({ paymentRequest })),
    reaction: () => fc.record({ messageId, emoji }, { requiredKeys: ['messageId'] }).map((reaction) => ({ reaction })),
  };
  return fc.oneof(...c.kinds.map((k) => kinds[k]()));
}

const send = (name) => fc.record({ from: CHANNELS[name].from, to: CHANNELS[name].to, content: content(name) });

/** Mutations that break a documented rule of the channel: both readings must refuse them. */
function mutations(name) {
  const c = CHANNELS[name];
  const list = [
    ['no to', (b) => ({ from: b.from, content: b.content })],
    ['no content', (b) => ({ from: b.from, to: b.to })],
    ['an unknown content key', (b) => ({ ...b, content: { ...b.content, bogus: 1 } })],
    ['an unknown top-level key', (b) => ({ ...b, extra: true })],
    ['a from with a space', (b) => ({ ...b, from: 'not a channel' })],
    ['an empty content', (b) => ({ ...b, content: {} })],
    ['a plain http media URL', (b) => ({ ...b, content: { imageUrl: 'http://example.com/a.jpg' } })],
    ['an empty text', (b) => ({ ...b, content: { text: '' } })],
    ['text and a reaction', (b) => ({ ...b, content: { text: 'a', reaction: { messageId: 'm' } } })],
    ['two media', (b) => ({ ...b, content: { imageUrl: 'https://a.b/c.jpg', videoUrl: 'https://a.b/c.mp4' } })],
    ['a document (field names never documented)', (b) => ({ ...b, content: { document: { url: 'https://a.b/c.pdf' } } })],
    ['a template outside WhatsApp, or text beside it', (b) => ({ ...b, content: { text: 'a', template: { id: 'x' } } })],
  ];
  if (c.text !== null) list.push(['text one over the limit', (b) => ({ ...b, content: { text: 'a'.repeat(c.text + 1) } })]);
  if (name === 'whatsapp') {
    list.push(
      ['to with +', (b) => ({ ...b, to: `+${b.to}` })],
      ['four buttons', (b) => ({ ...b, content: { interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: 't' } })) } } } })],
      ['a button title of 21', (b) => ({ ...b, content: { interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'b', title: 'a'.repeat(21) } }] } } } })],
      ['a header text of 61', (b) => ({ ...b, content: { interactive: { type: 'button', header: { type: 'text', text: 'a'.repeat(61) }, body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'b', title: 't' } }] } } } })],
      ['voice without audio', (b) => ({ ...b, content: { text: 'a', voice: true } })],
      ['a payment request without bodyText', (b) => ({ ...b, content: { paymentRequest: { referenceId: 'r', paymentMethod: 'payment_link', paymentLink: { url: 'https://a.b/p' } } } })],
      ['a pix payment with a boleto', (b) => ({ ...b, content: { paymentRequest: { bodyText: 'b', referenceId: 'r', paymentMethod: 'pix', boleto: { digitableLine: '1'.repeat(47) } } } })],
      ['a caption of 1025', (b) => ({ ...b, content: { imageUrl: 'https://a.b/c.jpg', text: 'a'.repeat(1025) } })],
    );
  }
  if (name === 'sms') {
    list.push(
      ['to without +', (b) => ({ ...b, to: b.to.slice(1) })],
      ['a video', (b) => ({ ...b, content: { videoUrl: 'https://a.b/c.mp4' } })],
      ['a reaction', (b) => ({ ...b, content: { reaction: { messageId: 'm', emoji: '👍' } } })],
      ['a reply', (b) => ({ ...b, content: { text: 'a', context: { messageId: 'm' } } })],
    );
  }
  if (name === 'telegram') {
    list.push(
      ['to as @username', (b) => ({ ...b, to: '@channel' })],
      ['buttons', (b) => ({ ...b, content: { interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'b', title: 't' } }] } } } })],
      ['a poll question of 301', (b) => ({ ...b, content: { interactive: { type: 'list', body: { text: 'a'.repeat(301) }, action: { button: 'v', sections: [{ rows: [{ id: '1', title: 'a' }, { id: '2', title: 'b' }] }] } } } })],
      ['a voice note', (b) => ({ ...b, content: { audioUrl: 'https://a.b/c.ogg', voice: true } })],
    );
  }
  if (name === 'webchatt') {
    list.push(
      ['from as a phone number', (b) => ({ ...b, from: '5511912345678' })],
      ['a WhatsApp header', (b) => ({ ...b, content: { interactive: { type: 'button', header: { type: 'text', text: 'h' }, body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'b', title: 't' } }] } } } })],
      ['a payment request', (b) => ({ ...b, content: { paymentRequest: { bodyText: 'b', referenceId: 'r', paymentMethod: 'payment_link', paymentLink: { url: 'https://a.b/p' } } } })],
    );
  }
  return list;
}

const describeIssues = (issues) => issues.map((i) => `${i.path} ${i.code}: ${i.message}`).join('\n');

for (const name of Object.keys(CHANNELS)) {
  describe(`${name}: the validator and the stand-in's schema agree`, () => {
    const { validate } = CHANNELS[name];
    const muts = mutations(name);

    test('valid bodies: both accept', () => {
      check(
        fc.property(send(name), (b) => {
          const ours = validate(b);
          const theirs = schema(name, b);
          assert.deepEqual(ours, [], `ours refused ${JSON.stringify(b).slice(0, 400)}:\n${describeIssues(ours)}`);
          assert.ok(theirs.ok, `the schema refused ${JSON.stringify(b).slice(0, 400)}: ${theirs.message}`);
        }),
      );
    });

    test('mutated bodies: both refuse each documented break', () => {
      check(
        fc.property(send(name), fc.constantFrom(...muts), (b, [what, mutate]) => {
          const m = mutate(structuredClone(b));
          const ours = validate(m);
          const theirs = schema(name, m);
          assert.ok(ours.length > 0, `${what}: ours accepted ${JSON.stringify(m).slice(0, 300)}`);
          assert.ok(!theirs.ok, `${what}: the schema accepted ${JSON.stringify(m).slice(0, 300)} (ours: ${describeIssues(ours)})`);
        }),
      );
    });

    test('what the validator accepts, the schema accepts (any body, mutated or not)', () => {
      const anyBody = fc.oneof(
        send(name),
        fc.tuple(send(name), fc.constantFrom(...muts)).map(([b, [, mutate]]) => mutate(structuredClone(b))),
        fc.tuple(send(name), fc.constantFrom(...Object.keys(CHANNELS))).map(([b, other]) => ({ ...b, content: fc.sample(content(other), 1)[0] })),
      );
      check(
        fc.property(anyBody, (b) => {
          if (validate(b).length === 0) assert.ok(schema(name, b).ok, `ours accepted what the schema refuses: ${JSON.stringify(b).slice(0, 400)}: ${schema(name, b).message}`);
        }),
      );
    });
  });
}
