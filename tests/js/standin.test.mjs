// Tests of the Hub API stand-in (standin/), over real HTTP on loopback.
// Run: node --test tests/js/standin.test.mjs

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { startStandin } from '../../standin/server.mjs';
import { messageEvent } from '../../standin/events.mjs';

const KEY = 'sk_test_standin';
const IG_CHANNEL = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const MS_CHANNEL = '0b1c2d3e-4f50-4617-8899-aabbccddeeff';
const PAGE_ID = '847421668462669';
const IGSID = '847495124317323';
const PSID = '26203292189261166';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const FIXTURES = new URL('../fixtures/', import.meta.url);
const fixture = (path) => JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8'));

let standin;
before(async () => {
  standin = await startStandin({ quiet: true });
});
after(() => standin.close());
beforeEach(() => standin.state.reset());

// ---------------------------------------------------------------------------------------------
// helpers

async function call(method, path, { body, raw, key = KEY, headers = {}, ...init } = {}) {
  const res = await fetch(`${standin.url}${path}`, {
    method,
    headers: {
      ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(key ? { 'x-api-key': key } : {}),
      ...headers,
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    ...init,
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: json };
}

const sendTo = (channel, body, options) => call('POST', `/v1/communication/${channel}/message`, { body, ...options });
const ig = (content, extra = {}) => sendTo('instagram', { from: IG_CHANNEL, to: IGSID, content, ...extra });
const ms = (content, extra = {}) => sendTo('messenger', { from: MS_CHANNEL, to: PSID, content, ...extra });
const addFaults = (faults) => call('POST', '/__standin/faults', { body: faults, key: null });
const requestLog = async () => (await call('GET', '/__standin/requests', { key: null })).body;

/**
 * A local webhook receiver. `handshake`: 'json' answers the verification as documented
 * (JSON.stringify(token)), 'plain' echoes the bare token, 'status' answers 500.
 */
async function startReceiver({ handshake = 'json', deliveryStatus = 200 } = {}) {
  const handshakes = [];
  const deliveries = [];
  // `receiver.deliveryStatus` may be changed later (a receiver that gets fixed).
  const receiver = { handshakes, deliveries, deliveryStatus };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString('utf8') };
      const token = req.headers['x-validation-token'];
      if (token !== undefined) {
        handshakes.push(entry);
        if (handshake === 'json') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(token));
        else if (handshake === 'plain') res.writeHead(200, { 'content-type': 'text/plain' }).end(token);
        else res.writeHead(500).end('nope');
        return;
      }
      deliveries.push(entry);
      res.writeHead(receiver.deliveryStatus).end(receiver.deliveryStatus < 300 ? 'OK' : 'Broken');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  });
}

async function registerWebhook(receiver, overrides = {}) {
  const res = await call('POST', '/v1/organization/webhook', {
    body: {
      label: 'Test receiver',
      endpoint: receiver.url,
      eventType: 'Message',
      authenticationProtocol: 'NoAuthentication',
      ...overrides,
    },
  });
  assert.equal(res.status, 201, res.text);
  return res.body;
}

function verifySignature(rawBody, header, secret) {
  const parts = Object.fromEntries(header.split(',').map((part) => part.trim().split('=')));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${rawBody}`).digest('hex');
  assert.match(parts.v1, /^[0-9a-f]{64}$/);
  assert.ok(timingSafeEqual(Buffer.from(parts.v1, 'hex'), Buffer.from(expected, 'hex')), 'HMAC must verify');
  assert.ok(Math.abs(Math.floor(Date.now() / 1000) - Number(parts.t)) <= 300, 't within 300 s');
}

async function waitFor(predicate, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// ---------------------------------------------------------------------------------------------

describe('basics', () => {
  test('health and x-request-id on every response', async () => {
    const health = await call('GET', '/__standin/health', { key: null });
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { ok: true });
    assert.match(health.headers.get('x-request-id'), UUID);
    const missing = await call('GET', '/v1/nothing/here');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { errorMessage: 'Not found', errorCode: 'not_found' });
    assert.match(missing.headers.get('x-request-id'), UUID);
    assert.notEqual(health.headers.get('x-request-id'), missing.headers.get('x-request-id'));
  });

  test('unknown method on a send path is a 404', async () => {
    const res = await call('GET', '/v1/communication/instagram/message');
    assert.equal(res.status, 404);
  });

  test('CORS preflight is answered', async () => {
    const res = await call('OPTIONS', '/v1/communication/instagram/message', { key: null });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers'), /x-api-key/);
  });
});

describe('authentication', () => {
  const body = { from: IG_CHANNEL, to: IGSID, content: { text: 'hi' } };
  for (const [name, key] of [['missing', null], ['wrong', 'sk_live_wrong'], ['empty', '']]) {
    test(`401 with a ${name} API key, on both send endpoints`, async () => {
      for (const channel of ['instagram', 'messenger']) {
        const res = await sendTo(channel, body, { key, headers: key === '' ? { 'x-api-key': '' } : {} });
        assert.equal(res.status, 401);
        assert.deepEqual(res.body, { errorMessage: 'Invalid API key', errorCode: 'unauthorized' });
        assert.match(res.headers.get('x-request-id'), UUID);
      }
      assert.equal((await requestLog()).processed, 0);
    });
  }

  test('the key is checked before the body', async () => {
    const res = await sendTo('instagram', undefined, { key: null, raw: '{not json' });
    assert.equal(res.status, 401);
  });

  test('webhook endpoints need the key too', async () => {
    assert.equal((await call('GET', '/v1/organization/webhook', { key: null })).status, 401);
    assert.equal((await call('POST', '/v1/organization/webhook', { key: 'x', body: {} })).status, 401);
  });

  test('a custom key is honoured', async () => {
    const other = await startStandin({ quiet: true, apiKey: 'k_custom' });
    try {
      const post = (key) => fetch(`${other.url}/v1/communication/instagram/message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify(body),
      });
      assert.equal((await post(KEY)).status, 401);
      assert.equal((await post('k_custom')).status, 200);
    } finally {
      await other.close();
    }
  });
});

describe('400 invalid payload', () => {
  const qr = (n) => Array.from({ length: n }, (_, i) => ({ content_type: 'text', title: `Option ${i}`, payload: `P${i}` }));
  const buttons = [{ type: 'reply', reply: { id: 'A', title: 'A' } }];
  const image = { type: 'image', payload: { url: 'https://example.com/a.jpg' } };

  const invalid = {
    'body is not JSON': { raw: '{"from": "x", ' },
    'body is a JSON array': { raw: '[]' },
    'body is JSON null': { raw: 'null' },
    'mixed models: imageUrl + attachment': { content: { imageUrl: 'https://example.com/a.jpg', attachment: image } },
    'mixed models: interactive + quick_replies': {
      content: { interactive: { type: 'button', body: { text: 'b' }, action: { buttons } }, quick_replies: qr(1) },
    },
    'mixed models: audioUrl + sender_action': { content: { audioUrl: 'https://example.com/a.mp3', sender_action: 'typing_on' } },
    'mixed kinds: text + attachment': { content: { text: 'hi', attachment: image } },
    'text over 1000 UTF-8 bytes (501 x "ç" = 1002 bytes)': { content: { text: 'ç'.repeat(501) } },
    'text over 1000 UTF-8 bytes (251 emoji)': { content: { text: '😀'.repeat(251) } },
    'empty text': { content: { text: '' } },
    '14 quick replies': { content: { text: 'pick', quick_replies: qr(14) } },
    'quick replies without text': { content: { quick_replies: qr(1) } },
    'text quick reply without payload': { content: { text: 'pick', quick_replies: [{ content_type: 'text', title: 'A' }] } },
    'quick reply title over 20 chars': { content: { text: 'pick', quick_replies: [{ content_type: 'text', title: 'x'.repeat(21), payload: 'P' }] } },
    'header on interactive': {
      content: { interactive: { type: 'button', header: { type: 'text', text: 'H' }, body: { text: 'b' }, action: { buttons } } },
    },
    'footer on interactive': {
      content: { interactive: { type: 'button', footer: { text: 'F' }, body: { text: 'b' }, action: { buttons } } },
    },
    'interactive without body': { content: { interactive: { type: 'button', action: { buttons } } } },
    '4 reply buttons': { content: { interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [...buttons, ...buttons, ...buttons, ...buttons] } } } },
    'unknown interactive type': { content: { interactive: { type: 'location_request_message', body: { text: 'b' } } } },
    'unknown key in the envelope': { content: { text: 'hi' }, extra: { messaging_type: 'RESPONSE' } },
    'unknown key in content': { content: { text: 'hi', voice: true } },
    'unknown key in a quick reply': { content: { text: 'hi', quick_replies: [{ content_type: 'text', title: 'A', payload: 'P', imageUrl: 'https://e.com/i.png' }] } },
    'http imageUrl': { content: { imageUrl: 'http://example.com/a.jpg' } },
    'http attachment url': { content: { attachment: { type: 'image', payload: { url: 'http://example.com/a.jpg' } } } },
    'relative attachment url': { content: { attachment: { type: 'image', payload: { url: '/a.jpg' } } } },
    'http web_url button': {
      content: { attachment: { type: 'template', payload: { template_type: 'button', text: 't', buttons: [{ type: 'web_url', url: 'http://e.com', title: 'Go' }] } } },
    },
    'url and attachment_id together': { content: { attachment: { type: 'image', payload: { url: 'https://e.com/a.jpg', attachment_id: '123' } } } },
    'unknown attachment type': { content: { attachment: { type: 'sticker' } } },
    'image attachment without payload': { content: { attachment: { type: 'image' } } },
    'like_heart with a payload': { content: { attachment: { type: 'like_heart', payload: {} } } },
    'attachments with a video': { content: { attachments: [image, { type: 'video', payload: { url: 'https://e.com/v.mp4' } }] } },
    '11 image attachments': { content: { attachments: Array(11).fill(image) } },
    'button template with 4 buttons': {
      content: { attachment: { type: 'template', payload: { template_type: 'button', text: 't', buttons: Array(4).fill({ type: 'postback', title: 'x', payload: 'p' }) } } },
    },
    'button template text over 640 chars': {
      content: { attachment: { type: 'template', payload: { template_type: 'button', text: 'x'.repeat(641), buttons: [{ type: 'postback', title: 'x', payload: 'p' }] } } },
    },
    'generic element with only a title': {
      content: { attachment: { type: 'template', payload: { template_type: 'generic', elements: [{ title: 'Card' }] } } },
    },
    'generic with 11 elements': {
      content: { attachment: { type: 'template', payload: { template_type: 'generic', elements: Array(11).fill({ title: 'Card', subtitle: 's' }) } } },
    },
    'typing_on with a payload': { content: { sender_action: 'typing_on', payload: { message_id: 'm' } } },
    'react without reaction': { content: { sender_action: 'react', payload: { message_id: 'm' } } },
    'unknown sender_action': { content: { sender_action: 'typing' } },
    'missing content': { omit: 'content' },
    'missing from': { omit: 'from' },
    'missing to': { omit: 'to' },
    'empty content': { content: {} },
    'empty to': { extra: { to: '' } },
    'to with whitespace': { extra: { to: '8474 951' } },
    'from neither UUID nor username': { extra: { from: 'channel-uuid' } },
    'from as a number': { extra: { from: 42 } },
  };

  for (const [name, spec] of Object.entries(invalid)) {
    test(name, async () => {
      let res;
      if (spec.raw !== undefined) {
        res = await sendTo('instagram', undefined, { raw: spec.raw });
      } else {
        const body = { from: IG_CHANNEL, to: IGSID, content: spec.content ?? { text: 'hi' }, ...spec.extra };
        if (spec.omit) delete body[spec.omit];
        res = await sendTo('instagram', body);
      }
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.errorCode, 'invalid_payload');
      assert.equal(typeof res.body.errorMessage, 'string');
      assert.ok(res.body.errorMessage.length > 0);
    });
  }

  test('error messages point at the problem', async () => {
    assert.match((await ig({ text: 'ç'.repeat(501) })).body.errorMessage, /\/content\/text .*1000 UTF-8 bytes/);
    assert.match((await ig({ text: 'x', quick_replies: qr(14) })).body.errorMessage, /quick_replies .*13/);
    assert.match(
      (await ig({ interactive: { type: 'button', header: { type: 'text', text: 'H' }, body: { text: 'b' }, action: { buttons } } })).body.errorMessage,
      /additional property 'header'/,
    );
    assert.match((await ig({ imageUrl: 'http://e.com/a.jpg' })).body.errorMessage, /\/content\/imageUrl .*https/);
  });

  test('the Instagram byte limit: 1000 bytes pass, and Messenger counts characters instead', async () => {
    assert.equal((await ig({ text: 'ç'.repeat(500) })).status, 200); // 1000 bytes
    assert.equal((await ig({ text: '😀'.repeat(250) })).status, 200); // 1000 bytes
    assert.equal((await ig({ text: 'x'.repeat(1000) })).status, 200);
    assert.equal((await ig({ text: 'x'.repeat(1001) })).status, 400);
    assert.equal((await ms({ text: 'ç'.repeat(501) })).status, 200);
    assert.equal((await ms({ text: 'ç'.repeat(1999) })).status, 200);
    assert.equal((await ms({ text: 'x'.repeat(2000) })).status, 400);
  });

  test('13 quick replies are fine', async () => {
    const res = await ig({ text: 'pick', quick_replies: qr(13) });
    assert.equal(res.status, 200);
    assert.equal(res.body.type, 'QuickReply');
  });

  test('Messenger has no like_heart sticker', async () => {
    const res = await ms({ attachment: { type: 'like_heart' } });
    assert.equal(res.status, 400);
    assert.match(res.body.errorMessage, /attachment\/type/);
  });

  test('Messenger from must be a UUID, a Page ID or an account id (no @, no spaces)', async () => {
    assert.equal((await ms({ text: 'hi' }, { from: '@chatt2me_demo' })).status, 400);
    assert.equal((await ms({ text: 'hi' }, { from: 'page id' })).status, 400);
  });

  test('an invalid body is rejected before the channel lookup', async () => {
    const res = await ig({ text: '' }, { from: '11111111-2222-3333-4444-555555555555' });
    assert.equal(res.status, 400);
  });
});

describe('404 channel not found', () => {
  const notFound = { errorMessage: 'Channel not found for this application', errorCode: 'channel_not_found' };
  const cases = [
    ['instagram', 'unknown UUID', '11111111-2222-3333-4444-555555555555'],
    ['instagram', 'unknown username', '@someone_else'],
    ['instagram', 'the Messenger channel UUID', MS_CHANNEL],
    ['instagram', 'the Page ID', PAGE_ID],
    ['messenger', 'unknown UUID', '11111111-2222-3333-4444-555555555555'],
    ['messenger', 'the Instagram channel UUID', IG_CHANNEL],
    ['messenger', 'another Page ID', '100000000000001'],
  ];
  for (const [channel, name, from] of cases) {
    test(`${channel}: ${name}`, async () => {
      const res = await sendTo(channel, { from, to: '1', content: { text: 'hi' } });
      assert.equal(res.status, 404, res.text);
      assert.deepEqual(res.body, notFound);
    });
  }
});

describe('200 accepted sends', () => {
  const image = { type: 'image', payload: { url: 'https://example.com/a.jpg' } };
  const valid = [
    // Meta-style (OpenAPI) content
    ['text', { text: 'Hello from chatt2me!' }, 'Text'],
    ['text + quick replies', { text: 'Como posso ajudar?', quick_replies: [{ content_type: 'text', title: 'Suporte', payload: 'SUPORTE' }, { content_type: 'user_email' }] }, 'QuickReply'],
    ['image by url', { attachment: image }, 'Image'],
    ['image by attachment_id', { attachment: { type: 'image', payload: { attachment_id: '1234567890', is_reusable: true } } }, 'Image'],
    ['audio', { attachment: { type: 'audio', payload: { url: 'https://example.com/a.mp3' } } }, 'Audio'],
    ['video', { attachment: { type: 'video', payload: { url: 'https://example.com/v.mp4' } } }, 'Video'],
    ['file', { attachment: { type: 'file', payload: { url: 'https://example.com/f.pdf' } } }, 'File'],
    ['media share', { attachment: { type: 'MEDIA_SHARE', payload: { id: '17895695668004550' } } }, 'Card'],
    ['button template', {
      attachment: { type: 'template', payload: { template_type: 'button', text: 'Tap a button', buttons: [{ type: 'web_url', url: 'https://www.messenger.com', title: 'Abrir' }, { type: 'postback', title: 'Falar com suporte', payload: 'SUPORTE' }] } },
    }, 'Button'],
    ['generic template', {
      attachment: {
        type: 'template',
        payload: {
          template_type: 'generic',
          image_aspect_ratio: 'square',
          elements: [
            { title: 'Card 1', subtitle: 'Sub', image_url: 'https://e.com/i.jpg', default_action: { type: 'web_url', url: 'https://example.com/' }, buttons: [{ type: 'postback', title: 'Select', payload: 'CARD1' }] },
            { title: 'Card 2', subtitle: 'Subtitle 2' },
          ],
        },
      },
    }, 'Template'],
    ['several images', { attachments: [image, { type: 'image', payload: { attachment_id: '42' } }] }, 'Image'],
    ['typing_on', { sender_action: 'typing_on' }, 'Read'],
    ['typing_off', { sender_action: 'typing_off' }, 'Read'],
    ['mark_seen', { sender_action: 'mark_seen' }, 'Read'],
    ['react', { sender_action: 'react', payload: { message_id: 'aWdfZAG1', reaction: 'love' } }, 'Reaction'],
    ['unreact', { sender_action: 'unreact', payload: { message_id: 'aWdfZAG1' } }, 'Reaction'],
    // Hub-normalized (docs site) content
    ['hub image + caption', { imageUrl: 'https://example.com/image.jpg', text: 'Optional caption' }, 'Image'],
    ['hub video', { videoUrl: 'https://example.com/video.mp4' }, 'Video'],
    ['hub audio', { audioUrl: 'https://example.com/audio.mp3' }, 'Audio'],
    ['hub reaction', { reaction: { messageId: '6cbd6789-1d2b-47e0-9391-5eb91d2839ea', emoji: '❤️' } }, 'Reaction'],
    ['hub reaction removed', { reaction: { messageId: '6cbd6789-1d2b-47e0-9391-5eb91d2839ea' } }, 'Reaction'],
    ['hub reply', { text: 'Yes', context: { messageId: '6cbd6789-1d2b-47e0-9391-5eb91d2839ea' } }, 'Text'],
    ['hub interactive buttons', {
      interactive: { type: 'button', body: { text: 'How can I help you?' }, action: { buttons: [{ type: 'reply', reply: { id: 'SUPPORT', title: 'Support' } }, { type: 'reply', reply: { id: 'SALES', title: 'Sales' } }] } },
    }, 'Button'],
    ['hub interactive list', {
      interactive: { type: 'list', body: { text: 'Choose a category' }, action: { button: 'View options', sections: [{ title: 'Main courses', rows: [{ id: 'r1', title: 'Pasta', description: 'Fresh' }, { id: 'r2', title: 'Rice' }] }] } },
    }, 'List'],
    ['hub interactive cta_url', {
      interactive: { type: 'cta_url', body: { text: 'See the offer' }, action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'https://example.com/offer' } } },
    }, 'Button'],
  ];

  for (const [name, content, type] of valid) {
    test(`instagram: ${name}`, async () => {
      const res = await ig(content);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.status, 'sent');
      assert.equal(res.body.recipientId, IGSID);
      assert.equal(res.body.type, type);
      assert.match(res.body.messageId, /^aWdf[A-Za-z0-9_-]+$/);
      assert.match(res.headers.get('x-request-id'), UUID);
    });
    if (content.attachment?.type !== 'like_heart') {
      test(`messenger: ${name}`, async () => {
        const res = await ms(content);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.status, 'sent');
        assert.equal(res.body.recipientId, PSID);
        assert.equal(res.body.type, type);
        assert.match(res.body.messageId, /^m_[A-Za-z0-9_-]+$/);
      });
    }
  }

  test('instagram: like_heart sticker', async () => {
    const res = await ig({ attachment: { type: 'like_heart' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.type, 'Sticker');
  });

  for (const from of ['chatt2me_demo', '@chatt2me_demo', '@Chatt2Me_Demo', IG_CHANNEL.toUpperCase()]) {
    test(`instagram from ${JSON.stringify(from)}`, async () => {
      const res = await ig({ text: 'hi' }, { from });
      assert.equal(res.status, 200, res.text);
    });
  }

  test('messenger from the Page ID', async () => {
    const res = await ms({ text: 'hi' }, { from: PAGE_ID });
    assert.equal(res.status, 200, res.text);
  });

  test('message ids are unique', async () => {
    const a = await ig({ text: 'hi' });
    const b = await ig({ text: 'hi' });
    assert.notEqual(a.body.messageId, b.body.messageId);
  });
});

describe('vendor fixtures', () => {
  // Request bodies from the docs site. They carry placeholder `from`s ("channel-uuid", ...) or
  // none; the test puts the Instagram channel there. Each file is classified, so a new fixture
  // must be added here.
  const SITE_REQUESTS = {
    'content-audio.json': 200,
    'content-image.json': 200,
    'content-video.json': 200,
    'send-sms-mms-image.json': 200,
    'send-sms-text.json': 200,
    'send-text-concepts.json': 200,
    'send-text-content-types.json': 200,
    'send-text-telegram-authentication-page.json': 200,
    'reaction.json': 200, // the Hub's reactions and replies (issue #14)
    'reaction-remove.json': 200,
    'reply-context.json': 200,
    'reply-image-context.json': 200,
    'send-interactive-quick-reply-buttons.json': 400, // header/footer are WhatsApp-only
    'send-whatsapp-template-simple.json': 400, // template: WhatsApp-only
    'send-whatsapp-payment-request-pix.json': 400, // paymentRequest: WhatsApp-only
    'content-whatsapp-payment-request-boleto.json': 400,
    'content-whatsapp-payment-request-link.json': 400,
    'send-whatsapp-template-body-parameters.json': 400,
    'create-webhook.json': 'not a send',
    'retry-webhook-logs-bulk.json': 'not a send',
  };
  const known = new Set([IG_CHANNEL]);

  test('every site request fixture is classified', () => {
    const files = readdirSync(new URL('chatt2me-site/requests/', FIXTURES)).filter((f) => f.endsWith('.json'));
    assert.deepEqual(files.sort(), Object.keys(SITE_REQUESTS).sort());
  });

  for (const [file, expected] of Object.entries(SITE_REQUESTS)) {
    if (typeof expected !== 'number') continue;
    test(`site request ${file} -> ${expected} on Instagram`, async () => {
      const body = fixture(`chatt2me-site/requests/${file}`);
      if (!known.has(body.from)) body.from = IG_CHANNEL;
      body.to ??= IGSID;
      const res = await sendTo('instagram', body);
      assert.equal(res.status, expected, res.text);
    });
  }

  test('site placeholders as `from` are invalid', async () => {
    const body = fixture('chatt2me-site/requests/send-text-content-types.json');
    assert.equal(body.from, 'channel-uuid');
    assert.equal((await sendTo('instagram', body)).status, 400);
  });

  test('the interactive fixture without header/footer is valid on both channels', async () => {
    const { content } = fixture('chatt2me-site/requests/send-interactive-quick-reply-buttons.json');
    delete content.interactive.header;
    delete content.interactive.footer;
    for (const res of [await ig(content), await ms(content)]) {
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.type, 'Button');
    }
  });

  // The Instagram webhook examples are relays of the Meta request the Hub made, so the send body
  // is their payload content; the Message event the stand-in delivers must be the same payload.
  const INSTAGRAM_TYPES = {
    'instagram-audio.json': 'Audio',
    'instagram-image.json': 'Image',
    'instagram-quick-reply.json': 'QuickReply',
    'instagram-react.json': 'Reaction',
    'instagram-sticker.json': 'Sticker',
    'instagram-template-button.json': 'Button',
    'instagram-text.json': 'Text',
    'instagram-unreact.json': 'Reaction',
    'instagram-video.json': 'Video',
  };

  test('every Instagram webhook fixture is covered', () => {
    const files = readdirSync(new URL('chatt2me/', FIXTURES)).filter((f) => f.startsWith('instagram-'));
    assert.deepEqual(files.sort(), Object.keys(INSTAGRAM_TYPES).sort());
  });

  for (const [file, type] of Object.entries(INSTAGRAM_TYPES)) {
    test(`Instagram fixture ${file}: accepted, and its Message event is reproduced`, async () => {
      const receiver = await startReceiver();
      try {
        await registerWebhook(receiver);
        const { payload } = fixture(`chatt2me/${file}`);
        const content = payload.message ?? { sender_action: payload.sender_action, payload: payload.payload };
        const res = await sendTo('instagram', { from: IG_CHANNEL, to: payload.recipient.id, content });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.type, type);
        await standin.state.settled();
        assert.equal(receiver.deliveries.length, 1);
        const event = JSON.parse(receiver.deliveries[0].body);
        assert.deepEqual(Object.keys(event), ['eventType', 'timestamp', 'payload']);
        assert.equal(event.eventType, 'Message');
        assert.match(event.timestamp, ISO_MS);
        assert.deepEqual(event.payload, payload);
      } finally {
        await receiver.close();
      }
    });
  }

  // Messenger examples are Meta echoes; the send body is the content that produced them.
  const messengerSends = {
    'messenger-echo-text.json': [{ text: 'Hello from chatt2me!' }, 'Text'],
    'messenger-echo-quick-reply.json': [{ text: 'Como posso ajudar?', quick_replies: [{ content_type: 'text', title: 'Suporte', payload: 'SUPORTE' }] }, 'QuickReply'],
    'messenger-echo-image.json': [(m) => ({ attachment: m.attachments[0] }), 'Image'],
    'messenger-echo-audio.json': [(m) => ({ attachment: m.attachments[0] }), 'Audio'],
    'messenger-echo-video.json': [(m) => ({ attachment: m.attachments[0] }), 'Video'],
    'messenger-echo-button.json': [(m) => ({
      attachment: { type: 'template', payload: { template_type: 'button', text: m.text, buttons: m.attachments[0].payload.buttons } },
    }), 'Button'],
    'messenger-echo-generic-template.json': [(m) => ({
      attachment: { type: 'template', payload: { template_type: 'generic', elements: m.attachments[0].payload.elements } },
    }), 'Template'],
  };

  for (const [file, [contentOf, type]] of Object.entries(messengerSends)) {
    test(`Messenger fixture ${file}: the echo event has the documented shape`, async () => {
      const receiver = await startReceiver();
      try {
        await registerWebhook(receiver);
        const expected = fixture(`chatt2me/${file}`);
        const content = typeof contentOf === 'function' ? contentOf(expected.payload.message) : contentOf;
        const res = await sendTo('messenger', { from: PAGE_ID, to: expected.payload.recipient.id, content });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.type, type);
        await standin.state.settled();
        assert.equal(receiver.deliveries.length, 1);
        const raw = receiver.deliveries[0].body;
        assert.match(raw, /"app_id":854313003749170[,}]/, 'app_id is a JSON number');
        const event = JSON.parse(raw);
        assert.equal(event.eventType, 'message_echoes');
        assert.match(event.timestamp, ISO_MS);
        assert.equal(typeof event.payload.timestamp, 'number');
        assert.equal(event.payload.message.mid, res.body.messageId);
        assert.deepEqual(Object.keys(event.payload.message), Object.keys(expected.payload.message));
        // Ids and times differ from the recorded example; everything else must match.
        event.timestamp = expected.timestamp;
        event.payload.timestamp = expected.payload.timestamp;
        event.payload.message.mid = expected.payload.message.mid;
        assert.deepEqual(event, expected);
      } finally {
        await receiver.close();
      }
    });
  }
});

describe('webhooks', () => {
  test('registration runs the handshake, and signed deliveries verify', async () => {
    const receiver = await startReceiver();
    try {
      const webhook = await registerWebhook(receiver, {
        requiresSignature: true,
        headers: [{ key: 'X-Receiver-Auth', value: 's3cret' }],
      });
      assert.match(webhook.id, UUID);
      assert.match(webhook.applicationId, UUID);
      assert.equal(webhook.active, true);
      assert.equal(webhook.label, 'Test receiver');
      assert.equal(webhook.eventType, 'Message');
      assert.equal(webhook.endpoint, receiver.url);
      assert.equal(webhook.numberOfErrors, 0);
      assert.equal(webhook.authenticationProtocol, 'NoAuthentication');
      assert.equal(webhook.scope, null);
      assert.equal(webhook.isVerified, true);
      assert.match(webhook.verifiedAt, ISO_MS);
      assert.match(webhook.createdDate, ISO_MS);
      assert.match(webhook.lastModifiedDate, ISO_MS);
      assert.match(webhook.signingSecret, /^[0-9a-f]{64}$/);
      assert.equal('headers' in webhook, false);

      assert.equal(receiver.handshakes.length, 1);
      const handshake = receiver.handshakes[0];
      assert.match(handshake.headers['x-validation-token'], /^\S+$/);
      assert.equal(handshake.headers['x-receiver-auth'], 's3cret');

      const res = await ig({ text: 'Hello from chatt2me!' });
      assert.equal(res.status, 200);
      await standin.state.settled();
      assert.equal(receiver.deliveries.length, 1);
      const delivery = receiver.deliveries[0];
      assert.match(delivery.headers['content-type'], /^application\/json/);
      assert.equal(delivery.headers['x-receiver-auth'], 's3cret');
      assert.ok(delivery.rawHeaders.includes('X-hub-Signature'), 'header name as documented');
      verifySignature(delivery.body, delivery.headers['x-hub-signature'], webhook.signingSecret);
      assert.equal(delivery.body, JSON.stringify(JSON.parse(delivery.body)), 'compact JSON');
      assert.deepEqual(JSON.parse(delivery.body).payload, { recipient: { id: IGSID }, message: { text: 'Hello from chatt2me!' } });

      const [record] = standin.state.deliveries;
      assert.equal(record.webhookId, webhook.id);
      assert.equal(record.url, receiver.url);
      assert.equal(record.statusCode, 200);
      assert.equal(record.ok, true);
      assert.equal(record.messageId, res.body.messageId);
    } finally {
      await receiver.close();
    }
  });

  test('MessageStatus subscribers get the flat event; unsigned webhooks get no signature', async () => {
    const receiver = await startReceiver();
    try {
      const webhook = await registerWebhook(receiver, { eventType: 'MessageStatus' });
      assert.equal('signingSecret' in webhook, false);
      const a = await ig({ text: 'one' });
      const b = await ms({ sender_action: 'typing_on' });
      await standin.state.settled();
      assert.equal(receiver.deliveries.length, 2);
      const events = receiver.deliveries.map((d) => JSON.parse(d.body));
      for (const [event, res, channel] of [[events[0], a, 'instagram'], [events[1], b, 'messenger']]) {
        assert.deepEqual(Object.keys(event), ['eventType', 'messageId', 'status', 'timestamp', 'channel']);
        assert.equal(event.eventType, 'MessageStatus');
        assert.equal(event.messageId, res.body.messageId);
        assert.equal(event.status, 'sent');
        assert.ok(Number.isInteger(event.timestamp));
        assert.ok(Math.abs(event.timestamp - Date.now() / 1000) < 60, 'unix seconds');
        assert.equal(event.channel, channel);
      }
      assert.equal(receiver.deliveries[0].headers['x-hub-signature'], undefined);
    } finally {
      await receiver.close();
    }
  });

  test('Hub-normalized content is mapped to Meta shapes in events', async () => {
    const receiver = await startReceiver();
    try {
      await registerWebhook(receiver);
      await ig({ imageUrl: 'https://example.com/image.jpg', text: 'caption' });
      await ig({ interactive: { type: 'button', body: { text: 'How can I help?' }, action: { buttons: [{ type: 'reply', reply: { id: 'A', title: 'A' } }] } } });
      await ms({ videoUrl: 'https://example.com/v.mp4' });
      await ig({ sender_action: 'mark_seen' }); // no Message event
      await ms({ sender_action: 'react', payload: { message_id: 'm_1', reaction: 'love' } }); // no echo
      await standin.state.settled();
      const events = receiver.deliveries.map((d) => JSON.parse(d.body));
      assert.equal(events.length, 3);
      assert.deepEqual(events[0].payload.message, { attachment: { type: 'image', payload: { url: 'https://example.com/image.jpg' } } });
      assert.deepEqual(events[1].payload.message, { text: 'How can I help?' });
      assert.deepEqual(events[2].payload.message.attachments, [{ type: 'video', payload: { url: 'https://example.com/v.mp4' } }]);
      assert.deepEqual(events[2].payload.sender, { id: PAGE_ID, pageId: PAGE_ID });
    } finally {
      await receiver.close();
    }
  });

  for (const mode of ['plain', 'status']) {
    test(`a receiver that fails the handshake (${mode}) stays unverified and gets no deliveries`, async () => {
      const receiver = await startReceiver({ handshake: mode });
      try {
        const webhook = await registerWebhook(receiver, { requiresSignature: true });
        assert.equal(webhook.isVerified, false);
        assert.equal(webhook.verifiedAt, null);
        assert.equal(receiver.handshakes.length, 1);
        assert.equal((await ig({ text: 'hi' })).status, 200);
        await standin.state.settled();
        assert.equal(receiver.deliveries.length, 0);
        assert.equal(standin.state.deliveries.length, 0);
      } finally {
        await receiver.close();
      }
    });
  }

  test('an unreachable endpoint stays unverified', async () => {
    const receiver = await startReceiver();
    await receiver.close();
    const webhook = await registerWebhook(receiver);
    assert.equal(webhook.isVerified, false);
  });

  test('failed deliveries are recorded and counted in numberOfErrors', async () => {
    const receiver = await startReceiver({ deliveryStatus: 500 });
    try {
      const webhook = await registerWebhook(receiver);
      await ig({ text: 'hi' });
      await standin.state.settled();
      assert.equal(standin.state.deliveries[0].statusCode, 500);
      assert.equal(standin.state.deliveries[0].ok, false);
      const listed = await call('GET', `/v1/organization/webhook/${webhook.id}`);
      assert.equal(listed.body.numberOfErrors, 1);
      const viaControl = await call('GET', '/__standin/deliveries', { key: null });
      assert.equal(viaControl.body.deliveries.length, 1);
    } finally {
      await receiver.close();
    }
  });

  test('a fixed webhookSecret is used as the signing secret', async () => {
    const other = await startStandin({ quiet: true, webhookSecret: 'whsec_fixed' });
    const receiver = await startReceiver();
    try {
      const res = await fetch(`${other.url}/v1/organization/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        body: JSON.stringify({ label: 'L', endpoint: receiver.url, eventType: 'MessageStatus', authenticationProtocol: 'NoAuthentication', requiresSignature: true }),
      });
      const webhook = await res.json();
      assert.equal(webhook.signingSecret, 'whsec_fixed');
      await fetch(`${other.url}/v1/communication/messenger/message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        body: JSON.stringify({ from: PAGE_ID, to: PSID, content: { text: 'hi' } }),
      });
      await other.state.settled();
      verifySignature(receiver.deliveries[0].body, receiver.deliveries[0].headers['x-hub-signature'], 'whsec_fixed');
    } finally {
      await receiver.close();
      await other.close();
    }
  });

  test('list, get and delete', async () => {
    const receiver = await startReceiver();
    try {
      const created = [];
      for (let i = 0; i < 3; i += 1) created.push(await registerWebhook(receiver, { label: `hook ${i}`, scope: i === 0 ? 'inbox' : undefined }));
      assert.equal(created[0].scope, 'inbox');
      const page = await call('GET', '/v1/organization/webhook?offset=1&limit=2');
      assert.equal(page.status, 200);
      assert.deepEqual(page.body.pagination, { offset: 1, limit: 2, total: 3, totalPages: 2 });
      assert.deepEqual(page.body.data.map((w) => w.label), ['hook 1', 'hook 2']);
      const all = await call('GET', '/v1/organization/webhook');
      assert.deepEqual(all.body.pagination, { offset: 0, limit: 20, total: 3, totalPages: 1 });
      assert.equal(all.body.data.some((w) => 'signingSecret' in w), false);
      assert.equal((await call('GET', '/v1/organization/webhook?limit=51')).status, 400);
      assert.equal((await call('GET', '/v1/organization/webhook?offset=-1')).status, 400);

      const one = await call('GET', `/v1/organization/webhook/${created[1].id}`);
      assert.equal(one.status, 200);
      assert.equal(one.body.label, 'hook 1');

      const del = await call('DELETE', `/v1/organization/webhook/${created[1].id}`);
      assert.equal(del.status, 204);
      assert.equal(del.text, '');
      assert.equal((await call('GET', `/v1/organization/webhook/${created[1].id}`)).status, 404);
      assert.equal((await call('DELETE', `/v1/organization/webhook/${created[1].id}`)).status, 404);
      assert.equal((await call('GET', '/v1/organization/webhook')).body.pagination.total, 2);
    } finally {
      await receiver.close();
    }
  });

  const base = { label: 'L', endpoint: 'https://your-server.com/webhooks/chatt2me', eventType: 'Message', authenticationProtocol: 'NoAuthentication' };
  const badBodies = {
    'empty label': { ...base, label: '' },
    'missing endpoint': { ...base, endpoint: undefined },
    'http endpoint off loopback': { ...base, endpoint: 'http://your-server.com/hook' },
    'not a URL': { ...base, endpoint: 'your-server.com/hook' },
    'unknown eventType': { ...base, eventType: 'message_echoes' },
    'unknown authenticationProtocol': { ...base, authenticationProtocol: 'Basic' },
    'header without value': { ...base, headers: [{ key: 'X-A' }] },
    'header value with a line break': { ...base, headers: [{ key: 'X-A', value: 'a\r\nX-Evil: 1' }] },
    'header name with a space': { ...base, headers: [{ key: 'X A', value: 'v' }] },
    'requiresSignature not boolean': { ...base, requiresSignature: 'yes' },
    'unknown key': { ...base, secret: 'x' },
  };
  for (const [name, body] of Object.entries(badBodies)) {
    test(`create webhook: 400 for ${name}`, async () => {
      const res = await call('POST', '/v1/organization/webhook', { body: JSON.parse(JSON.stringify(body)) });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.errorCode, 'invalid_payload');
    });
  }

  test('create webhook: label is optional (the docs site requires it, the spec lacks it)', async () => {
    const res = await call('POST', '/v1/organization/webhook', { body: { ...base, label: undefined } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.label ?? null, null);
  });

  test('create webhook: 400 for a non-JSON body', async () => {
    const res = await call('POST', '/v1/organization/webhook', { raw: 'label=x' });
    assert.equal(res.status, 400);
  });

  test('the site fixture create-webhook.json is valid; its remote endpoint is never called', async () => {
    const res = await call('POST', '/v1/organization/webhook', { body: fixture('chatt2me-site/requests/create-webhook.json') });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.label, 'ReceivedMessages');
    assert.equal(res.body.endpoint, 'https://your-server.com/webhooks/chatt2me');
    assert.equal(res.body.isVerified, false);
    const [webhook] = standin.state.webhooks.values();
    assert.match(webhook.verification.error, /loopback/);
  });
});

// ---------------------------------------------------------------------------------------------
// webhook management beyond create/list/get/delete: update, logs, retries

const webhookPath = (id, rest = '') => `/v1/organization/webhook/${id}${rest}`;
const patchWebhook = (id, body, options) => call('PATCH', webhookPath(id), { body, ...options });
const listLogs = (id, query = '', options) => call('GET', `${webhookPath(id, '/webhook-log')}${query}`, options);
const retryLog = (id, logId, options) => call('POST', webhookPath(id, `/webhook-log/${logId}/retry`), options);
const retryLogs = (id, webhookLogIds, options) => call('POST', webhookPath(id, '/webhook-log/retry'), { body: { webhookLogIds }, ...options });
const UNKNOWN_ID = '11111111-2222-4333-8444-555555555555';
const WEBHOOK_NOT_FOUND = { errorMessage: 'Webhook not found for this application', errorCode: 'webhook_not_found' };
const LOG_NOT_FOUND = { errorMessage: 'Webhook log not found', errorCode: 'log_not_found' };
const LOG_CANNOT_BE_RETRIED = { errorMessage: 'Log cannot be retried', errorCode: 'log_cannot_be_retried' };
const LOG_KEYS = ['createdDate', 'id', 'messageId', 'responseBody', 'sendAt', 'status', 'statusCode', 'webhook', 'webhookId'];

/** Every log of a webhook, newest first (one page of 50 is enough here). */
async function allLogs(id, query = '') {
  const res = await listLogs(id, `?limit=50${query}`);
  assert.equal(res.status, 200, res.text);
  return res.body.data;
}

/** A send to Instagram whose MessageStatus event reaches every MessageStatus webhook; its messageId. */
async function sendOne(text = 'hi') {
  const res = await ig({ text });
  assert.equal(res.status, 200, res.text);
  await standin.state.settled();
  return res.body.messageId;
}

describe('webhook update (PATCH)', () => {
  test('changes the given fields, bumps lastModifiedDate, no handshake without an endpoint change', async () => {
    const receiver = await startReceiver();
    try {
      const created = await registerWebhook(receiver, { scope: 'inbox' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const res = await patchWebhook(created.id, {
        label: 'Renamed',
        eventType: 'MessageStatus',
        authenticationProtocol: 'JWT',
        scope: null,
        endpoint: receiver.url, // the same endpoint: not a change
      });
      assert.equal(res.status, 200, res.text);
      const updated = res.body;
      assert.equal(updated.id, created.id);
      assert.equal(updated.label, 'Renamed');
      assert.equal(updated.eventType, 'MessageStatus');
      assert.equal(updated.authenticationProtocol, 'JWT');
      assert.equal(updated.scope, null);
      assert.equal(updated.endpoint, receiver.url);
      assert.equal(updated.createdDate, created.createdDate);
      assert.match(updated.lastModifiedDate, ISO_MS);
      assert.ok(updated.lastModifiedDate > created.lastModifiedDate, 'lastModifiedDate moves on');
      assert.equal(updated.isVerified, true);
      assert.equal(updated.verifiedAt, created.verifiedAt, 'not verified again');
      assert.equal(receiver.handshakes.length, 1, 'no second handshake');
      assert.equal('signingSecret' in updated, false);
      assert.equal('headers' in updated, false);
      assert.deepEqual((await call('GET', webhookPath(created.id))).body, updated);

      // The new eventType is what gets delivered.
      const messageId = await sendOne();
      assert.equal(receiver.deliveries.length, 1);
      assert.equal(JSON.parse(receiver.deliveries[0].body).messageId, messageId);
    } finally {
      await receiver.close();
    }
  });

  test('a new endpoint is verified again, with the new headers, and gets the deliveries', async () => {
    const first = await startReceiver();
    const second = await startReceiver();
    try {
      const created = await registerWebhook(first, { eventType: 'MessageStatus' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const res = await patchWebhook(created.id, { endpoint: second.url, headers: [{ key: 'X-New-Auth', value: 'n3w' }] });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.endpoint, second.url);
      assert.equal(res.body.isVerified, true);
      assert.match(res.body.verifiedAt, ISO_MS);
      assert.ok(res.body.verifiedAt > created.verifiedAt, 'verifiedAt is the new handshake');
      assert.equal(first.handshakes.length, 1);
      assert.equal(second.handshakes.length, 1);
      assert.equal(second.handshakes[0].headers['x-new-auth'], 'n3w');
      assert.notEqual(second.handshakes[0].headers['x-validation-token'], first.handshakes[0].headers['x-validation-token']);

      await sendOne();
      assert.equal(first.deliveries.length, 0);
      assert.equal(second.deliveries.length, 1);
      assert.equal(second.deliveries[0].headers['x-new-auth'], 'n3w');
    } finally {
      await first.close();
      await second.close();
    }
  });

  test('a new endpoint that fails the handshake leaves the webhook unverified, without deliveries', async () => {
    const good = await startReceiver();
    const bad = await startReceiver({ handshake: 'status' });
    try {
      const created = await registerWebhook(good, { eventType: 'MessageStatus' });
      const res = await patchWebhook(created.id, { endpoint: bad.url });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.isVerified, false);
      assert.equal(res.body.verifiedAt, null);
      assert.equal(bad.handshakes.length, 1);
      await sendOne();
      assert.equal(good.deliveries.length + bad.deliveries.length, 0);

      // Back to a good endpoint: verified again.
      const back = await patchWebhook(created.id, { endpoint: good.url });
      assert.equal(back.body.isVerified, true);
      assert.match(back.body.verifiedAt, ISO_MS);
      assert.equal(good.handshakes.length, 2);

      // A remote endpoint is never called and stays unverified.
      const remote = await patchWebhook(created.id, { endpoint: 'https://your-server.com/webhooks/chatt2me' });
      assert.equal(remote.status, 200);
      assert.equal(remote.body.isVerified, false);
      assert.match(standin.state.findWebhook(created.id).verification.error, /loopback/);
    } finally {
      await good.close();
      await bad.close();
    }
  });

  test('turning signing on returns a new secret once; deliveries follow the signing setting', async () => {
    const receiver = await startReceiver();
    try {
      const created = await registerWebhook(receiver, { eventType: 'MessageStatus' });
      assert.equal('signingSecret' in created, false);
      const on = await patchWebhook(created.id, { requiresSignature: true });
      assert.equal(on.status, 200, on.text);
      assert.match(on.body.signingSecret, /^[0-9a-f]{64}$/);
      const secret = on.body.signingSecret;
      assert.equal('signingSecret' in (await call('GET', webhookPath(created.id))).body, false);
      await sendOne('signed');
      verifySignature(receiver.deliveries[0].body, receiver.deliveries[0].headers['x-hub-signature'], secret);

      const again = await patchWebhook(created.id, { requiresSignature: true });
      assert.equal('signingSecret' in again.body, false, 'already signing: the secret is not shown again');
      const off = await patchWebhook(created.id, { requiresSignature: false });
      assert.equal('signingSecret' in off.body, false);
      await sendOne('unsigned');
      assert.equal(receiver.deliveries[1].headers['x-hub-signature'], undefined);

      const reenabled = await patchWebhook(created.id, { requiresSignature: true });
      assert.equal('signingSecret' in reenabled.body, false, 'the secret issued before is kept');
      await sendOne('signed again');
      verifySignature(receiver.deliveries[2].body, receiver.deliveries[2].headers['x-hub-signature'], secret);
      assert.equal(receiver.handshakes.length, 1);
    } finally {
      await receiver.close();
    }
  });

  test('a webhook created signed shows no secret on update', async () => {
    const receiver = await startReceiver();
    try {
      const created = await registerWebhook(receiver, { requiresSignature: true });
      const res = await patchWebhook(created.id, { requiresSignature: true, label: 'x' });
      assert.equal(res.status, 200);
      assert.equal('signingSecret' in res.body, false);
      assert.equal(standin.state.findWebhook(created.id).signingSecret, created.signingSecret);
    } finally {
      await receiver.close();
    }
  });

  const badPatches = {
    'an empty body': {},
    'an unknown key': { secret: 'x' },
    'an empty label': { label: '' },
    'an http endpoint off loopback': { endpoint: 'http://your-server.com/hook' },
    'not a URL': { endpoint: 'your-server.com/hook' },
    'an unknown eventType': { eventType: 'message_echoes' },
    'an unknown authenticationProtocol': { authenticationProtocol: 'Basic' },
    'a numeric scope': { scope: 5 },
    'a header without value': { headers: [{ key: 'X-A' }] },
    'a header value with a line break': { headers: [{ key: 'X-A', value: 'a\r\nX-Evil: 1' }] },
    'requiresSignature not boolean': { requiresSignature: 'yes' },
    'a null label': { label: null },
    'a JSON array': [],
  };
  for (const [name, body] of Object.entries(badPatches)) {
    test(`400 for ${name}, and nothing changes`, async () => {
      const receiver = await startReceiver();
      try {
        const created = await registerWebhook(receiver);
        const res = await patchWebhook(created.id, body);
        assert.equal(res.status, 400, res.text);
        assert.equal(res.body.errorCode, 'invalid_payload');
        assert.match(res.body.errorMessage, /^Invalid payload: /);
        assert.deepEqual((await call('GET', webhookPath(created.id))).body, created);
      } finally {
        await receiver.close();
      }
    });
  }

  test('400 for a body that is not JSON', async () => {
    const receiver = await startReceiver();
    try {
      const created = await registerWebhook(receiver);
      const res = await call('PATCH', webhookPath(created.id), { raw: '{"label":' });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_payload');
    } finally {
      await receiver.close();
    }
  });

  test('404 for an unknown, malformed or deleted webhook; 401 before anything else', async () => {
    const receiver = await startReceiver();
    try {
      const created = await registerWebhook(receiver);
      for (const id of [UNKNOWN_ID, 'not-a-uuid', `${created.id}x`]) {
        const res = await patchWebhook(id, { label: 'x' });
        assert.equal(res.status, 404, id);
        assert.deepEqual(res.body, WEBHOOK_NOT_FOUND);
      }
      assert.equal((await patchWebhook(UNKNOWN_ID, {})).status, 404, 'the webhook is looked up before the body');
      const upper = await patchWebhook(created.id.toUpperCase(), { label: 'UPPER' });
      assert.equal(upper.status, 200, 'UUIDs are case-insensitive');
      assert.equal(upper.body.label, 'UPPER');
      for (const key of [null, 'sk_wrong']) {
        const res = await patchWebhook(UNKNOWN_ID, { label: '' }, { key });
        assert.equal(res.status, 401);
        assert.deepEqual(res.body, { errorMessage: 'Invalid API key', errorCode: 'unauthorized' });
      }
      assert.equal((await call('DELETE', webhookPath(created.id))).status, 204);
      assert.deepEqual((await patchWebhook(created.id, { label: 'x' })).body, WEBHOOK_NOT_FOUND);
      assert.equal((await call('PUT', webhookPath(created.id), { body: { label: 'x' } })).status, 404);
    } finally {
      await receiver.close();
    }
  });
});

describe('webhook logs', () => {
  test('one log per delivery attempt, in the documented shape, newest first', async () => {
    const ok = await startReceiver();
    const failing = await startReceiver({ deliveryStatus: 500 });
    const gone = await startReceiver();
    try {
      const okHook = await registerWebhook(ok, { eventType: 'MessageStatus' });
      const failingHook = await registerWebhook(failing, { eventType: 'MessageStatus' });
      const goneHook = await registerWebhook(gone, { eventType: 'MessageStatus' });
      await gone.close(); // verified, then down: its deliveries fail without an answer
      const first = await sendOne('one');
      const second = await sendOne('two');

      const logs = await allLogs(okHook.id);
      assert.equal(logs.length, 2);
      assert.deepEqual(logs.map((l) => l.messageId), [second, first], 'newest first');
      for (const log of logs) {
        assert.deepEqual(Object.keys(log).sort(), LOG_KEYS);
        assert.match(log.id, UUID);
        assert.equal(log.webhookId, okHook.id);
        assert.equal(log.statusCode, 200);
        assert.equal(log.responseBody, 'OK');
        assert.equal(log.status, 'Success');
        assert.match(log.sendAt, ISO_MS);
        assert.match(log.createdDate, ISO_MS);
        assert.ok(log.sendAt <= log.createdDate);
        assert.deepEqual(log.webhook, { id: okHook.id, endpoint: ok.url, eventType: 'MessageStatus' });
      }
      assert.notEqual(logs[0].id, logs[1].id);

      const failed = await allLogs(failingHook.id);
      assert.deepEqual(failed.map((l) => [l.statusCode, l.responseBody, l.status, l.messageId]), [
        [500, 'Broken', 'Error', second],
        [500, 'Broken', 'Error', first],
      ]);
      const unreachable = await allLogs(goneHook.id);
      assert.deepEqual(unreachable.map((l) => [l.statusCode, l.responseBody, l.status, l.messageId]), [
        [0, null, 'Error', second],
        [0, null, 'Error', first],
      ]);
      assert.equal((await call('GET', webhookPath(goneHook.id))).body.numberOfErrors, 2);
      // Every delivery record points at its log.
      assert.equal(standin.state.deliveries.length, 6);
      const allIds = new Set([...logs, ...failed, ...unreachable].map((l) => l.id));
      assert.deepEqual(new Set(standin.state.deliveries.map((d) => d.logId)), allIds);
    } finally {
      await ok.close();
      await failing.close();
    }
  });

  test('the log shape has the keys of the docs site example', async () => {
    const receiver = await startReceiver();
    try {
      const webhook = await registerWebhook(receiver, { eventType: 'MessageStatus' });
      await sendOne();
      const [log] = await allLogs(webhook.id);
      const example = fixture('chatt2me-site/responses/list-webhook-logs.json');
      assert.deepEqual(Object.keys(log).sort(), Object.keys(example.data[0]).sort());
      assert.deepEqual(Object.keys(log.webhook).sort(), Object.keys(example.data[0].webhook).sort());
      const page = await listLogs(webhook.id);
      assert.deepEqual(Object.keys(page.body).sort(), Object.keys(example).sort());
      assert.deepEqual(page.body.pagination, { offset: 0, limit: 20, total: 1, totalPages: 1 });
    } finally {
      await receiver.close();
    }
  });

  test('pagination walks to the end with total and totalPages', async () => {
    const receiver = await startReceiver();
    try {
      const webhook = await registerWebhook(receiver, { eventType: 'MessageStatus' });
      const sent = [];
      for (let i = 0; i < 5; i += 1) sent.push(await sendOne(`m${i}`));
      const seen = [];
      for (let offset = 0; offset < 5; offset += 2) {
        const res = await listLogs(webhook.id, `?offset=${offset}&limit=2`);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body.pagination, { offset, limit: 2, total: 5, totalPages: 3 });
        assert.equal(res.body.data.length, offset === 4 ? 1 : 2);
        seen.push(...res.body.data);
      }
      assert.deepEqual(seen.map((l) => l.messageId), [...sent].reverse());
      assert.equal(new Set(seen.map((l) => l.id)).size, 5);
      const past = await listLogs(webhook.id, '?offset=5&limit=2');
      assert.deepEqual(past.body, { data: [], pagination: { offset: 5, limit: 2, total: 5, totalPages: 3 } });
    } finally {
      await receiver.close();
    }
  });

  test('status filter: Success, Error, and Failed as another name for Error', async () => {
    const receiver = await startReceiver();
    try {
      const webhook = await registerWebhook(receiver, { eventType: 'MessageStatus' });
      const good = [await sendOne('ok 1')];
      receiver.deliveryStatus = 503;
      const bad = [await sendOne('bad 1'), await sendOne('bad 2')];
      receiver.deliveryStatus = 202; // any 2xx is a success
      good.push(await sendOne('ok 2'));

      const success = await listLogs(webhook.id, '?status=Success');
      assert.deepEqual(success.body.data.map((l) => [l.messageId, l.status, l.statusCode]), [[good[1], 'Success', 202], [good[0], 'Success', 200]]);
      assert.deepEqual(success.body.pagination, { offset: 0, limit: 20, total: 2, totalPages: 1 });
      for (const name of ['Error', 'Failed']) {
        const errors = await listLogs(webhook.id, `?status=${name}&limit=1`);
        assert.equal(errors.status, 200);
        assert.deepEqual(errors.body.pagination, { offset: 0, limit: 1, total: 2, totalPages: 2 }, name);
        assert.deepEqual(errors.body.data.map((l) => [l.messageId, l.status, l.statusCode]), [[bad[1], 'Error', 503]]);
      }
      assert.equal((await listLogs(webhook.id)).body.pagination.total, 4);
    } finally {
      await receiver.close();
    }
  });

  const badQueries = ['?status=failed', '?status=Pending', '?status=', '?limit=0', '?limit=51', '?limit=abc', '?limit=1.5', '?limit=', '?offset=-1', '?offset=1e1'];
  for (const query of badQueries) {
    test(`400 for ${query}`, async () => {
      const receiver = await startReceiver();
      try {
        const webhook = await registerWebhook(receiver);
        const res = await listLogs(webhook.id, query);
        assert.equal(res.status, 400, res.text);
        assert.equal(res.body.errorCode, 'invalid_payload');
      } finally {
        await receiver.close();
      }
    });
  }

  test('404 for an unknown or malformed webhook, 401 first; logs belong to their webhook', async () => {
    const a = await startReceiver();
    const b = await startReceiver();
    try {
      const hookA = await registerWebhook(a, { eventType: 'MessageStatus' });
      const hookB = await registerWebhook(b, { eventType: 'Message' });
      await sendOne();
      await ig({ sender_action: 'mark_seen' }); // MessageStatus only
      await standin.state.settled();
      assert.equal((await allLogs(hookA.id)).length, 2);
      assert.equal((await allLogs(hookB.id)).length, 1);
      assert.ok((await allLogs(hookB.id)).every((l) => l.webhookId === hookB.id));
      for (const id of [UNKNOWN_ID, 'nope']) {
        const res = await listLogs(id);
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, WEBHOOK_NOT_FOUND);
      }
      assert.equal((await listLogs(UNKNOWN_ID, '?status=bogus')).status, 404, 'the webhook before the query');
      assert.equal((await listLogs(hookA.id, '', { key: null })).status, 401);
      assert.equal((await call('POST', webhookPath(hookA.id, '/webhook-log'))).status, 404);
      assert.deepEqual((await call('GET', webhookPath(hookA.id, '/webhook-logs'))).body, { errorMessage: 'Not found', errorCode: 'not_found' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('deleting a webhook drops its logs; reset forgets all logs', async () => {
    const receiver = await startReceiver();
    try {
      const kept = await registerWebhook(receiver, { eventType: 'MessageStatus' });
      const dropped = await registerWebhook(receiver, { eventType: 'MessageStatus' });
      await sendOne();
      assert.equal(standin.state.logs.all().length, 2);
      await call('DELETE', webhookPath(dropped.id));
      assert.deepEqual(standin.state.logs.all().map((l) => l.webhookId), [kept.id]);
      assert.equal((await call('POST', '/__standin/reset', { key: null })).status, 200);
      assert.deepEqual(standin.state.logs.all(), []);
    } finally {
      await receiver.close();
    }
  });
});

describe('webhook log retry', () => {
  test('a failed log is resent as is; the new log holds the outcome when the answer arrives', async () => {
    const receiver = await startReceiver({ deliveryStatus: 500 });
    try {
      const webhook = await registerWebhook(receiver, { eventType: 'MessageStatus' });
      const messageId = await sendOne();
      const [original] = await allLogs(webhook.id);
      assert.equal(original.status, 'Error');

      const stillBroken = await retryLog(webhook.id, original.id);
      assert.equal(stillBroken.status, 200, stillBroken.text);
      assert.equal(stillBroken.body.success, true, 'success only means the resend was attempted');
      assert.match(stillBroken.body.newLogId, UUID);
      let logs = await allLogs(webhook.id);
      assert.equal(logs.length, 2);
      assert.deepEqual([logs[0].id, logs[0].status, logs[0].statusCode, logs[0].messageId], [stillBroken.body.newLogId, 'Error', 500, messageId]);

      receiver.deliveryStatus = 200; // the receiver is fixed
      const fixed = await retryLog(webhook.id, original.id);
      assert.equal(fixed.status, 200);
      assert.equal(fixed.body.success, true);
      assert.notEqual(fixed.body.newLogId, stillBroken.body.newLogId);
      logs = await allLogs(webhook.id);
      assert.deepEqual(logs.map((l) => l.id), [fixed.body.newLogId, stillBroken.body.newLogId, original.id]);
      assert.deepEqual([logs[0].status, logs[0].statusCode, logs[0].responseBody, logs[0].messageId], ['Success', 200, 'OK', messageId]);

      assert.equal(receiver.deliveries.length, 3);
      assert.ok(receiver.deliveries.every((d) => d.body === receiver.deliveries[0].body), 'the same body each time');
      assert.equal((await call('GET', webhookPath(webhook.id))).body.numberOfErrors, 2);
      assert.deepEqual(standin.state.deliveries.map((d) => d.retryOf ?? null), [null, original.id, original.id]);

      const again = await retryLog(webhook.id, fixed.body.newLogId);
      assert.equal(again.status, 400);
      assert.deepEqual(again.body, LOG_CANNOT_BE_RETRIED);
      assert.equal(receiver.deliveries.length, 3, 'nothing resent');
    } finally {
      await receiver.close();
    }
  });

  test('a retry goes to the current endpoint, signed as the webhook is now', async () => {
    const old = await startReceiver({ deliveryStatus: 500 });
    const current = await startReceiver();
    try {
      const webhook = await registerWebhook(old, { eventType: 'MessageStatus' });
      await sendOne();
      const [failed] = await allLogs(webhook.id);
      assert.equal(old.deliveries[0].headers['x-hub-signature'], undefined);
      const patched = await patchWebhook(webhook.id, { endpoint: current.url, requiresSignature: true });
      const res = await retryLog(webhook.id, failed.id);
      assert.equal(res.body.success, true);
      assert.equal(current.deliveries.length, 1);
      assert.equal(current.deliveries[0].body, old.deliveries[0].body);
      verifySignature(current.deliveries[0].body, current.deliveries[0].headers['x-hub-signature'], patched.body.signingSecret);
      const logs = await allLogs(webhook.id);
      assert.deepEqual(logs.map((l) => [l.webhook.endpoint, l.status]), [[current.url, 'Success'], [old.url, 'Error']]);
    } finally {
      await old.close();
      await current.close();
    }
  });

  test('a webhook whose endpoint is not verified is not called: success false', async () => {
    const receiver = await startReceiver({ deliveryStatus: 500 });
    const refuses = await startReceiver({ handshake: 'plain' });
    try {
      const webhook = await registerWebhook(receiver, { eventType: 'MessageStatus' });
      await sendOne();
      const [failed] = await allLogs(webhook.id);
      await patchWebhook(webhook.id, { endpoint: refuses.url });
      const res = await retryLog(webhook.id, failed.id);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { success: false, newLogId: null });
      assert.equal(refuses.deliveries.length + receiver.deliveries.length, 1);
      assert.equal((await allLogs(webhook.id)).length, 1);
    } finally {
      await receiver.close();
      await refuses.close();
    }
  });

  test('404 for an unknown, malformed or foreign log and for an unknown webhook; 401 first', async () => {
    const a = await startReceiver({ deliveryStatus: 500 });
    const b = await startReceiver({ deliveryStatus: 500 });
    try {
      const hookA = await registerWebhook(a, { eventType: 'MessageStatus' });
      const hookB = await registerWebhook(b, { eventType: 'MessageStatus' });
      await sendOne();
      const [logOfB] = await allLogs(hookB.id);
      for (const logId of [UNKNOWN_ID, 'not-a-uuid', logOfB.id]) {
        const res = await retryLog(hookA.id, logId);
        assert.equal(res.status, 404, logId);
        assert.deepEqual(res.body, LOG_NOT_FOUND);
      }
      for (const id of [UNKNOWN_ID, 'not-a-uuid']) {
        const res = await retryLog(id, logOfB.id);
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, WEBHOOK_NOT_FOUND);
      }
      assert.equal((await retryLog(hookB.id, logOfB.id, { key: null })).status, 401);
      assert.equal((await call('GET', webhookPath(hookB.id, `/webhook-log/${logOfB.id}/retry`))).status, 404);
      assert.equal(b.deliveries.length, 1, 'none of these resent anything');
      assert.equal((await retryLog(hookB.id, logOfB.id.toUpperCase())).body.success, true, 'log ids are case-insensitive');
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('bulk retry: results in request order, success false for what cannot be retried', async () => {
    const receiver = await startReceiver({ deliveryStatus: 500 });
    const other = await startReceiver({ deliveryStatus: 500 });
    try {
      const webhook = await registerWebhook(receiver, { eventType: 'MessageStatus' });
      const otherHook = await registerWebhook(other, { eventType: 'MessageStatus' });
      await sendOne('a');
      await sendOne('b');
      receiver.deliveryStatus = 200;
      await sendOne('c');
      const [success, errorB, errorA] = await allLogs(webhook.id);
      assert.deepEqual([success.status, errorB.status, errorA.status], ['Success', 'Error', 'Error']);
      const [foreign] = await allLogs(otherHook.id);

      const res = await retryLogs(webhook.id, [errorA.id, success.id, UNKNOWN_ID, foreign.id, errorB.id]);
      assert.equal(res.status, 200, res.text);
      const { results } = res.body;
      assert.deepEqual(results.map((r) => [r.webhookLogId, r.success]), [
        [errorA.id, true], [success.id, false], [UNKNOWN_ID, false], [foreign.id, false], [errorB.id, true],
      ]);
      assert.deepEqual(results.filter((r) => !r.success).map((r) => r.newLogId), [null, null, null]);
      const logs = await allLogs(webhook.id);
      assert.equal(logs.length, 5);
      // Resent one after another, in request order: the newest log is errorB's resend.
      assert.deepEqual(logs.slice(0, 2).map((l) => [l.id, l.status, l.messageId]), [
        [results[4].newLogId, 'Success', errorB.messageId],
        [results[0].newLogId, 'Success', errorA.messageId],
      ]);
      assert.deepEqual(receiver.deliveries.slice(3).map((d) => d.body), [receiver.deliveries[0].body, receiver.deliveries[1].body]);
      assert.equal(other.deliveries.length, 3, 'the other webhook got nothing more');
    } finally {
      await receiver.close();
      await other.close();
    }
  });

  const badBulk = {
    'an empty list': { webhookLogIds: [] },
    'a non-UUID id': { webhookLogIds: ['not-a-uuid'] },
    'a missing list': {},
    'an unknown key': { webhookLogIds: [UNKNOWN_ID], force: true },
    'ids that are not strings': { webhookLogIds: [1] },
  };
  for (const [name, body] of Object.entries(badBulk)) {
    test(`bulk retry: 400 for ${name}`, async () => {
      const receiver = await startReceiver();
      try {
        const webhook = await registerWebhook(receiver);
        const res = await call('POST', webhookPath(webhook.id, '/webhook-log/retry'), { body });
        assert.equal(res.status, 400, res.text);
        assert.equal(res.body.errorCode, 'invalid_payload');
      } finally {
        await receiver.close();
      }
    });
  }

  test('bulk retry: the site fixture is a valid body; 404 and 401 as elsewhere', async () => {
    const receiver = await startReceiver();
    try {
      const webhook = await registerWebhook(receiver);
      const body = fixture('chatt2me-site/requests/retry-webhook-logs-bulk.json');
      const res = await call('POST', webhookPath(webhook.id, '/webhook-log/retry'), { body });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { results: body.webhookLogIds.map((webhookLogId) => ({ webhookLogId, success: false, newLogId: null })) });
      const example = fixture('chatt2me-site/responses/retry-webhook-logs-bulk.json');
      assert.deepEqual(Object.keys(res.body.results[0]), Object.keys(example.results[0]));
      assert.deepEqual((await retryLogs(UNKNOWN_ID, [UNKNOWN_ID])).body, WEBHOOK_NOT_FOUND);
      assert.equal((await retryLogs(webhook.id, [UNKNOWN_ID], { key: null })).status, 401);
      assert.equal((await call('POST', webhookPath(webhook.id, '/webhook-log/retry'), { raw: 'ids' })).status, 400);
    } finally {
      await receiver.close();
    }
  });
});

describe('calls and path faults', () => {
  test('every API request is recorded with its final status; control requests are not', async () => {
    const receiver = await startReceiver();
    try {
      const webhook = await registerWebhook(receiver);
      const list = await call('GET', '/v1/organization/webhook?limit=5');
      await listLogs(webhook.id);
      await patchWebhook(webhook.id, { label: 'x' });
      await call('GET', '/v1/organization/webhook', { key: null });
      await ig({ text: 'hi' });
      await call('GET', '/v1/nothing');
      await requestLog();
      await call('GET', '/__standin/faults', { key: null });
      const { calls } = await requestLog();
      assert.deepEqual(calls.map((c) => [c.method, c.path, c.status]), [
        ['POST', '/v1/organization/webhook', 201],
        ['GET', '/v1/organization/webhook', 200],
        ['GET', `/v1/organization/webhook/${webhook.id}/webhook-log`, 200],
        ['PATCH', `/v1/organization/webhook/${webhook.id}`, 200],
        ['GET', '/v1/organization/webhook', 401],
        ['POST', '/v1/communication/instagram/message', 200],
        ['GET', '/v1/nothing', 404],
      ]);
      assert.equal(calls[1].query, '?limit=5');
      assert.equal(calls[0].query, '');
      assert.equal(calls[1].requestId, list.headers.get('x-request-id'));
      assert.ok(calls.every((c) => ISO_MS.test(c.at) && !('fault' in c)));
      assert.equal(standin.state.calls.length, 7);
      assert.equal((await requestLog()).sends.length, 1, 'sends are still only the sends');
    } finally {
      await receiver.close();
    }
  });

  test('a fault with a path and a method fails matching management requests, before the key', async () => {
    await addFaults({ path: '/v1/organization/webhook', method: 'get', status: 503, times: 2, retryAfter: '1' });
    const [queued] = (await call('GET', '/__standin/faults', { key: null })).body.faults;
    assert.equal(queued.method, 'GET');
    const created = await call('POST', '/v1/organization/webhook', {
      body: { label: 'L', endpoint: 'https://your-server.com/hook', eventType: 'Message', authenticationProtocol: 'NoAuthentication' },
    });
    assert.equal(created.status, 201, 'another method is untouched');
    const first = await call('GET', webhookPath(created.body.id), { key: null });
    assert.equal(first.status, 503, 'before the key check');
    assert.equal(first.headers.get('retry-after'), '1');
    assert.deepEqual(first.body, { errorMessage: 'Injected 503', errorCode: 'injected' });
    assert.equal((await listLogs(created.body.id)).status, 503, 'any path under the prefix');
    assert.equal((await call('GET', webhookPath(created.body.id))).status, 200, 'used up');
    const { calls } = await requestLog();
    assert.deepEqual(calls.map((c) => [c.method, c.status, c.fault ?? null]), [
      ['POST', 201, null], ['GET', 503, 'status'], ['GET', 503, 'status'], ['GET', 200, null],
    ]);
  });

  test('faults without a path still touch only sends; a path fault can target one send endpoint', async () => {
    const body = { from: IG_CHANNEL, to: IGSID, content: { text: 'hi' } };
    await addFaults([{ status: 500 }, { path: '/v1/communication/instagram', status: 502 }]);
    assert.equal((await call('GET', '/v1/organization/webhook')).status, 200);
    assert.equal((await call('GET', '/v1/nothing')).status, 404);
    assert.equal((await sendTo('instagram', body)).status, 500);
    assert.equal((await sendTo('messenger', { from: PAGE_ID, to: PSID, content: { text: 'x' } })).status, 200);
    assert.equal((await sendTo('instagram', body)).status, 502);
    const log = await requestLog();
    assert.deepEqual(log.sends.map((s) => [s.outcome, s.fault ?? null]), [['faulted', 'status'], ['ok', null], ['faulted', 'status']]);
    assert.deepEqual(log.calls.map((c) => c.status), [200, 404, 500, 200, 502]);
  });

  test('a `to` fault never matches a management request', async () => {
    await addFaults({ path: '/v1', to: IGSID, status: 500 });
    assert.equal((await call('GET', '/v1/organization/webhook')).status, 200);
    assert.equal((await ig({ text: 'x' })).status, 500);
  });

  test('drop, hang, malformed and slow on management requests', async () => {
    const receiver = await startReceiver();
    try {
      const webhook = await registerWebhook(receiver);
      const logsPath = `/v1/organization/webhook/${webhook.id}/webhook-log`;
      await addFaults([
        { path: logsPath, kind: 'drop' },
        { path: logsPath, kind: 'hang' },
        { path: `/v1/organization/webhook/${webhook.id}`, method: 'PATCH', kind: 'malformed' },
        { path: `/v1/organization/webhook/${webhook.id}`, method: 'PATCH', kind: 'slow', delayMs: 200 },
      ]);
      await assert.rejects(listLogs(webhook.id), TypeError);
      await assert.rejects(listLogs(webhook.id, '', { signal: AbortSignal.timeout(200) }), { name: 'TimeoutError' });
      assert.equal((await listLogs(webhook.id)).status, 200);

      const malformed = await patchWebhook(webhook.id, { label: 'not applied' });
      assert.equal(malformed.status, 200);
      assert.equal(malformed.text, '{"messageId": "x", ');
      assert.equal((await call('GET', webhookPath(webhook.id))).body.label, 'Test receiver', 'a faulted request is not processed');

      const started = Date.now();
      const slow = await patchWebhook(webhook.id, { label: 'late' });
      assert.ok(Date.now() - started >= 180, 'delayed');
      assert.equal(slow.status, 200);
      assert.equal(slow.body.label, 'late', 'slow without a status is processed');

      const calls = (await requestLog()).calls.slice(1);
      assert.deepEqual(calls.map((c) => [c.method, c.status, c.fault ?? null]), [
        ['GET', null, 'drop'], ['GET', null, 'hang'], ['GET', 200, null],
        ['PATCH', 200, 'malformed'], ['GET', 200, null], ['PATCH', 200, 'slow'],
      ]);
    } finally {
      await receiver.close();
    }
  });

  const badFaults = {
    'a path without a leading slash': { path: 'v1/organization/webhook' },
    'a path under /__standin': { path: '/__standin/faults' },
    'a numeric path': { path: 1 },
    'a method with a space': { method: 'G ET' },
    'a numeric method': { method: 1 },
  };
  for (const [name, fault] of Object.entries(badFaults)) {
    test(`invalid fault: ${name}`, async () => {
      const res = await addFaults(fault);
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.errorCode, 'invalid_payload');
      assert.deepEqual((await call('GET', '/__standin/faults', { key: null })).body.faults, []);
    });
  }
});

describe('faults', () => {
  const body = { from: IG_CHANNEL, to: IGSID, content: { text: 'hi' } };

  test('status with Retry-After and the default body; the next send is normal', async () => {
    const queued = await addFaults([{ status: 503, retryAfter: '2' }]);
    assert.equal(queued.status, 200);
    assert.deepEqual(queued.body, { queued: 1 });
    const res = await sendTo('instagram', body);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '2');
    assert.deepEqual(res.body, { errorMessage: 'Injected 503', errorCode: 'injected' });
    assert.match(res.headers.get('x-request-id'), UUID);
    assert.equal((await sendTo('instagram', body)).status, 200);
    const log = await requestLog();
    assert.deepEqual(log.sends.map((s) => s.outcome), ['faulted', 'ok']);
    assert.equal(log.processed, 1);
  });

  test('a fault applies before authentication and validation', async () => {
    await addFaults({ status: 500 });
    const res = await sendTo('instagram', { nonsense: true }, { key: null });
    assert.equal(res.status, 500);
  });

  test('custom body, times and `to` targeting', async () => {
    await addFaults([
      { to: 'victim', status: 429, times: 2, body: { errorMessage: 'Slow down', errorCode: 'rate_limited' }, retryAfter: 1 },
    ]);
    assert.equal((await sendTo('instagram', body)).status, 200); // other recipient: untouched
    const first = await sendTo('instagram', { ...body, to: 'victim' });
    assert.equal(first.status, 429);
    assert.deepEqual(first.body, { errorMessage: 'Slow down', errorCode: 'rate_limited' });
    assert.equal(first.headers.get('retry-after'), '1');
    assert.equal((await sendTo('messenger', { from: PAGE_ID, to: 'victim', content: { text: 'x' } })).status, 429);
    assert.equal((await sendTo('instagram', { ...body, to: 'victim' })).status, 200);
    assert.equal((await requestLog()).processed, 2);
  });

  test('faults are consumed in order', async () => {
    await addFaults([{ status: 500 }, { status: 502 }]);
    await addFaults({ status: 504 });
    assert.deepEqual((await call('GET', '/__standin/faults', { key: null })).body.faults.map((f) => f.status), [500, 502, 504]);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await sendTo('instagram', body)).status);
    assert.deepEqual(statuses, [500, 502, 504, 200]);
  });

  test('slow: answers normally after the delay and processes the message', async () => {
    await addFaults({ kind: 'slow', delayMs: 300 });
    const started = Date.now();
    const res = await sendTo('instagram', body);
    assert.ok(Date.now() - started >= 280, 'delayed');
    assert.equal(res.status, 200);
    const log = await requestLog();
    assert.equal(log.processed, 1);
    assert.equal(log.sends[0].outcome, 'ok');
    assert.equal(log.sends[0].fault, 'slow');
  });

  test('slow with a status: the error comes late', async () => {
    await addFaults({ kind: 'slow', delayMs: 150, status: 504 });
    const started = Date.now();
    const res = await sendTo('instagram', body);
    assert.ok(Date.now() - started >= 130);
    assert.equal(res.status, 504);
    assert.equal((await requestLog()).processed, 0);
  });

  test('slow + client timeout + retry shows up as a duplicate', async () => {
    await addFaults({ kind: 'slow', delayMs: 300 });
    await assert.rejects(sendTo('instagram', body, { signal: AbortSignal.timeout(100) }), { name: 'TimeoutError' });
    await waitFor(() => standin.state.processed === 1);
    assert.equal((await sendTo('instagram', body)).status, 200);
    const log = await requestLog();
    assert.equal(log.processed, 2);
    assert.equal(log.duplicates, 1);
  });

  test('drop: the connection closes without a response', async () => {
    await addFaults({ kind: 'drop' });
    await assert.rejects(sendTo('instagram', body), TypeError);
    assert.equal((await sendTo('instagram', body)).status, 200);
    const log = await requestLog();
    assert.deepEqual(log.sends.map((s) => s.outcome), ['faulted', 'ok']);
    assert.equal(log.processed, 1);
  });

  test('malformed: 200 with truncated JSON', async () => {
    await addFaults({ kind: 'malformed' });
    const res = await sendTo('instagram', body);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /application\/json/);
    assert.equal(res.text, '{"messageId": "x", ');
    assert.throws(() => JSON.parse(res.text), SyntaxError);
    assert.equal((await requestLog()).processed, 0);
  });

  test('redirect: status and Location, with a default target', async () => {
    await addFaults([{ kind: 'redirect', status: 301, location: 'https://elsewhere.invalid/v1/x' }, { kind: 'redirect' }]);
    const first = await sendTo('instagram', body, { redirect: 'manual' });
    assert.equal(first.status, 301);
    assert.equal(first.headers.get('location'), 'https://elsewhere.invalid/v1/x');
    const second = await sendTo('instagram', body, { redirect: 'manual' });
    assert.equal(second.status, 307);
    assert.equal(second.headers.get('location'), '/v1/communication/instagram/message');
    assert.equal((await requestLog()).processed, 0);
  });

  test('a client that follows a 307 re-sends the body and gets through', async () => {
    await addFaults({ kind: 'redirect' });
    const res = await sendTo('instagram', body);
    assert.equal(res.status, 200);
    const log = await requestLog();
    assert.deepEqual(log.sends.map((s) => s.outcome), ['faulted', 'ok']);
  });

  test('hang: never answers', async () => {
    await addFaults({ kind: 'hang' });
    await assert.rejects(sendTo('instagram', body, { signal: AbortSignal.timeout(200) }), { name: 'TimeoutError' });
    const log = await requestLog();
    assert.equal(log.sends[0].outcome, 'faulted');
    assert.equal(log.sends[0].fault, 'hang');
    assert.equal(log.processed, 0);
  });

  test('stall: headers and the start of the body, then nothing', async () => {
    await addFaults({ kind: 'stall', retryAfter: '7' });
    const controller = new AbortController();
    const res = await fetch(`${standin.url}/v1/communication/instagram/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.equal(res.headers.get('retry-after'), '7');
    const reader = res.body.getReader();
    const first = await reader.read();
    assert.equal(new TextDecoder().decode(first.value), '{"messageId": "');
    const rest = reader.read();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(rest, { name: 'AbortError' });
    const log = await requestLog();
    assert.equal(log.sends[0].fault, 'stall');
    assert.equal(log.processed, 0);
  });

  test('faulted sends produce no webhook deliveries', async () => {
    const receiver = await startReceiver();
    try {
      await registerWebhook(receiver, { eventType: 'MessageStatus' });
      await addFaults([{ status: 500 }, { kind: 'malformed' }, { kind: 'drop' }, { kind: 'slow', delayMs: 10, status: 503 }]);
      await sendTo('instagram', body);
      await sendTo('instagram', body);
      await assert.rejects(sendTo('instagram', body));
      await sendTo('instagram', body);
      await standin.state.settled();
      assert.equal(receiver.deliveries.length, 0);
      assert.equal(standin.state.processed, 0);
      assert.equal(standin.state.messages.length, 0);
    } finally {
      await receiver.close();
    }
  });

  const badFaults = {
    'unknown kind': { kind: 'explode' },
    'unknown key': { status: 500, sttaus: 1 },
    'status out of range': { status: 99 },
    'redirect with a non-redirect status': { kind: 'redirect', status: 200 },
    'negative times': { times: -1 },
    'delay too long': { kind: 'slow', delayMs: 1e9 },
    'not an object': 42,
  };
  for (const [name, fault] of Object.entries(badFaults)) {
    test(`invalid fault: ${name}`, async () => {
      const res = await addFaults([fault]);
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_payload');
      assert.deepEqual((await call('GET', '/__standin/faults', { key: null })).body.faults, []);
    });
  }

  test('invalid JSON to the faults endpoint', async () => {
    const res = await call('POST', '/__standin/faults', { raw: '[{', key: null });
    assert.equal(res.status, 400);
  });

  test('faults can be queued in-process', async () => {
    standin.state.addFaults([{ status: 418 }]);
    assert.equal((await sendTo('messenger', { from: PAGE_ID, to: PSID, content: { text: 'x' } })).status, 418);
    assert.throws(() => standin.state.addFaults([{ kind: 'nope' }]));
  });
});

describe('request log', () => {
  test('records every send with sanitized headers and outcomes', async () => {
    await sendTo('instagram', { from: IG_CHANNEL, to: 'a', content: { text: 'hi' } });
    await sendTo('instagram', { from: IG_CHANNEL, to: 'b', content: { text: 'hi' } }, { key: 'wrong' });
    await sendTo('instagram', { from: IG_CHANNEL, to: 'c', content: {} });
    await sendTo('messenger', { from: '11111111-2222-3333-4444-555555555555', to: 'd', content: { text: 'hi' } });
    await sendTo('instagram', undefined, { raw: 'not json' });
    const log = await requestLog();
    assert.deepEqual(log.sends.map((s) => s.outcome), ['ok', 401, 400, 404, 400]);
    assert.deepEqual(log.sends.map((s) => s.to), ['a', 'b', 'c', 'd', null]);
    assert.deepEqual(log.sends.map((s) => s.path), [
      '/v1/communication/instagram/message',
      '/v1/communication/instagram/message',
      '/v1/communication/instagram/message',
      '/v1/communication/messenger/message',
      '/v1/communication/instagram/message',
    ]);
    assert.deepEqual(log.sends[0].body, { from: IG_CHANNEL, to: 'a', content: { text: 'hi' } });
    assert.equal(log.sends[4].body, 'not json');
    const [first] = log.sends;
    assert.equal(first.headers['content-type'], 'application/json');
    assert.equal(first.headers.hasApiKey, true);
    assert.equal(first.hasApiKey, true);
    assert.equal('x-api-key' in first.headers, false);
    for (const name of Object.keys(first.headers)) {
      if (name !== 'hasApiKey') assert.equal(name, name.toLowerCase());
    }
    assert.equal(JSON.stringify(log).includes(KEY), false, 'the API key never appears in the log');
    assert.equal(JSON.stringify(log).includes('wrong'), false);
    assert.equal(log.processed, 1);
    assert.equal(log.duplicates, 0);
  });

  test('duplicates count accepted sends whose exact body was accepted before', async () => {
    const body = { from: IG_CHANNEL, to: IGSID, content: { text: 'same' } };
    await sendTo('instagram', body);
    await sendTo('instagram', body);
    await sendTo('instagram', body);
    await sendTo('instagram', { ...body, content: { text: 'other' } });
    // same JSON value, different text: not a byte-for-byte duplicate
    await sendTo('instagram', undefined, { raw: JSON.stringify(body, null, 2) });
    // rejected sends never count
    await sendTo('instagram', body, { key: null });
    await sendTo('instagram', body, { key: null });
    const log = await requestLog();
    assert.equal(log.processed, 5);
    assert.equal(log.duplicates, 2);
    assert.equal(standin.state.processed, 5);
    assert.equal(standin.state.duplicates, 2);
  });

  test('reset clears logs, faults and webhooks', async () => {
    const receiver = await startReceiver();
    try {
      await registerWebhook(receiver);
      await addFaults([{ status: 500, times: 5 }]);
      await sendTo('instagram', { from: IG_CHANNEL, to: IGSID, content: { text: 'x' } });
      const reset = await call('POST', '/__standin/reset', { key: null });
      assert.equal(reset.status, 200);
      const log = await requestLog();
      assert.deepEqual(log, { sends: [], processed: 0, duplicates: 0, calls: [] });
      assert.deepEqual(standin.state.logs.all(), []);
      assert.equal((await call('GET', '/v1/organization/webhook')).body.pagination.total, 0);
      assert.equal((await sendTo('instagram', { from: IG_CHANNEL, to: IGSID, content: { text: 'x' } })).status, 200);
      await standin.state.settled();
      assert.equal(receiver.deliveries.length, 0);
    } finally {
      await receiver.close();
    }
  });
});

describe('robustness', () => {
  test('bodies over 2 MiB get 413, and the server carries on', async () => {
    const huge = JSON.stringify({ from: IG_CHANNEL, to: IGSID, content: { text: 'x'.repeat(2 * 1024 * 1024) } });
    const res = await sendTo('instagram', undefined, { raw: huge });
    assert.equal(res.status, 413);
    assert.equal(res.body.errorCode, 'payload_too_large');
    assert.equal((await requestLog()).sends[0].outcome, 413);
    assert.equal((await call('POST', '/v1/organization/webhook', { raw: huge })).status, 413);
    assert.equal((await sendTo('instagram', { from: IG_CHANNEL, to: IGSID, content: { text: 'ok' } })).status, 200);
  });

  test('odd inputs never crash the server', async () => {
    const oddBodies = ['', '""', '0', 'true', '{"from":null,"to":null,"content":null}', '{"to":{"$gt":1}}', '\u0000\u0001', '{"__proto__":{"x":1}}'];
    for (const raw of oddBodies) {
      const res = await sendTo('messenger', undefined, { raw });
      assert.equal(res.status, 400, raw);
    }
    assert.equal((await call('GET', '/v1/organization/webhook/%E0%A4%A')).status, 404);
    assert.equal((await call('POST', '/__standin/health', { key: null })).status, 404);
    assert.equal((await call('GET', '/__standin/health', { key: null })).status, 200);
  });

  test('close() ends hung requests promptly', async () => {
    const other = await startStandin({ quiet: true });
    other.state.addFaults([{ kind: 'hang' }, { kind: 'slow', delayMs: 60_000 }]);
    const post = () => fetch(`${other.url}/v1/communication/instagram/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ from: IG_CHANNEL, to: IGSID, content: { text: 'x' } }),
    });
    const hung = post().then(() => 'answered', () => 'failed');
    const slow = post().then(() => 'answered', () => 'failed');
    await waitFor(() => other.state.sends.length === 2 && other.state.sends.every((s) => s.outcome === 'faulted'));
    const started = Date.now();
    await other.close();
    assert.ok(Date.now() - started < 1000, `close took ${Date.now() - started} ms`);
    assert.deepEqual(await Promise.all([hung, slow]), ['failed', 'failed']);
    assert.equal(other.state.processed, 0);
  });
});

describe('CLI', () => {
  test('prints the URL and serves with the given key', async () => {
    const child = spawn(process.execPath, [
      new URL('../../standin/server.mjs', import.meta.url).pathname,
      '--port', '0', '--api-key', 'k_cli', '--webhook-secret', 's', '--quiet',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => { out += chunk; });
      await waitFor(() => out.includes('\n'), 5000);
      const url = out.trim();
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url}/v1/communication/instagram/message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k_cli' },
        body: JSON.stringify({ from: '@chatt2me_demo', to: IGSID, content: { text: 'hi' } }),
      });
      assert.equal(res.status, 200);
    } finally {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    }
  });

  test('rejects unknown arguments', async () => {
    const child = spawn(process.execPath, [new URL('../../standin/server.mjs', import.meta.url).pathname, '--bogus'], { stdio: 'ignore' });
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
  });
});

describe('events of the Hub reactions and replies', () => {
  const HUB_ID = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
  const send = (kind, content) => messageEvent({ kind, channel: {}, to: '17841400000000000', content, messageId: 'm_1', now: 0 });

  test('an Instagram reaction is relayed as the react sender action; without emoji as unreact', () => {
    assert.deepEqual(send('instagram', { reaction: { messageId: HUB_ID, emoji: '❤️' } }).payload, {
      recipient: { id: '17841400000000000' },
      sender_action: 'react',
      payload: { message_id: HUB_ID, reaction: '❤️' },
    });
    const removed = send('instagram', { reaction: { messageId: HUB_ID } }).payload;
    assert.equal(removed.sender_action, 'unreact');
    assert.deepEqual(removed.payload, { message_id: HUB_ID });
  });

  test('a reply carries reply_to, and context is not relayed as a field', () => {
    const { message } = send('instagram', { text: 'Yes', context: { messageId: HUB_ID } }).payload;
    assert.deepEqual(message, { text: 'Yes', reply_to: { mid: HUB_ID } });
    const media = send('instagram', { imageUrl: 'https://example.com/i.jpg', context: { messageId: HUB_ID } }).payload.message;
    assert.deepEqual(media, { attachment: { type: 'image', payload: { url: 'https://example.com/i.jpg' } }, reply_to: { mid: HUB_ID } });
  });
});

describe('a run of inbound messages (POST /__standin/inbound/run)', () => {
  const messages = (n) => Array.from({ length: n }, (_, i) => ({ from: `9100000${String(i).padStart(5, '0')}`, text: `hi ${i}`, channel: i % 2 ? 'messenger' : 'instagram' }));

  test('each message is delivered as the flat Message event, signed; redeliveries resend the same bytes later', async () => {
    const receiver = await startReceiver();
    try {
      const webhook = await registerWebhook(receiver, { requiresSignature: true });
      await registerWebhook(receiver, { eventType: 'MessageStatus' }); // gets none of them
      const res = await call('POST', '/__standin/inbound/run', { key: null, body: { messages: messages(20), redeliver: 5, concurrency: 4, seed: 7 } });
      assert.equal(res.status, 200, res.text);
      const { messages: sent, deliveries } = res.body;
      assert.equal(sent.length, 20);
      assert.equal(deliveries.length, 25);
      assert.equal(deliveries.filter((d) => d.redelivery).length, 5);
      assert.ok(deliveries.every((d) => d.statusCode === 200 && d.durationMs >= 0));
      assert.equal(receiver.deliveries.length, 25);
      const byId = new Map();
      for (const delivery of receiver.deliveries) {
        verifySignature(delivery.body, delivery.headers['x-hub-signature'], webhook.signingSecret);
        const event = JSON.parse(delivery.body);
        assert.deepEqual(Object.keys(event), ['eventType', 'channelId', 'messageId', 'from', 'timestamp', 'channel', 'content']);
        assert.equal(event.eventType, 'Message');
        assert.equal(event.channelId, event.channel === 'instagram' ? IG_CHANNEL : MS_CHANNEL);
        assert.equal(event.content.type, 'text');
        assert.ok(Number.isInteger(event.timestamp));
        byId.set(event.messageId, [...(byId.get(event.messageId) ?? []), delivery.body]);
      }
      assert.equal(byId.size, 20);
      const twice = [...byId.values()].filter((bodies) => bodies.length === 2);
      assert.equal(twice.length, 5);
      for (const [a, b] of twice) assert.equal(a, b, 'a redelivery is the same bytes');
      // Every attempt is a log, as any delivery.
      const logs = await call('GET', `/v1/organization/webhook/${webhook.id}/webhook-log?limit=50`);
      assert.equal(logs.body.pagination.total, 25);
      // Every other re-delivery comes close behind its first.
      const places = (list) => list.map((d, at) => (d.redelivery ? at - list.findIndex((x) => x.messageId === d.messageId) : null)).filter((n) => n !== null);
      assert.ok(places(deliveries).filter((_, n) => n % 2 === 0).length >= 2);
      // Chosen re-deliveries: these, and only these.
      const chosen = await call('POST', '/__standin/inbound/run', { key: null, body: { messages: messages(6), redeliver: [1, 4] } });
      const again2 = chosen.body.deliveries.filter((d) => d.redelivery).map((d) => d.messageId).sort();
      assert.deepEqual(again2, [chosen.body.messages[1].messageId, chosen.body.messages[4].messageId].sort());
      // The same seed, the same order.
      const again = await call('POST', '/__standin/inbound/run', { key: null, body: { messages: messages(20).map((m, i) => ({ ...m, messageId: sent[i].messageId })), redeliver: 5, concurrency: 1, seed: 7 } });
      assert.equal(again.body.deliveries.length, 25);
      assert.deepEqual(again.body.deliveries.map((d) => [d.messageId, d.redelivery]), deliveries.map((d) => [d.messageId, d.redelivery]));
    } finally {
      await receiver.close();
    }
  });

  test('a receiver that fails is logged as any delivery; bad requests are 400', async () => {
    const receiver = await startReceiver({ deliveryStatus: 503 });
    try {
      await registerWebhook(receiver);
      const res = await call('POST', '/__standin/inbound/run', { key: null, body: { messages: [{ from: '1', text: 'x', messageId: 'given' }] } });
      assert.deepEqual(res.body.deliveries.map((d) => [d.messageId, d.statusCode]), [['given', 503]]);
      for (const body of [
        {},
        { messages: [] },
        { messages: [{ from: '', text: 'x' }] },
        { messages: [{ from: '1', text: 'x', channel: 'pigeon' }] },
        { messages: [{ from: '1', text: 'x' }], redeliver: 2 },
        { messages: [{ from: '1', text: 'x' }], redeliver: [1] },
        { messages: [{ from: '1', text: 'x' }, { from: '2', text: 'y' }], redeliver: [0, 0] },
        { messages: [{ from: '1', text: 'x' }], concurrency: 0 },
        { messages: [{ from: '1', text: 'x' }], extra: true },
      ]) {
        const bad = await call('POST', '/__standin/inbound/run', { key: null, body });
        assert.equal(bad.status, 400, JSON.stringify(body));
        assert.equal(bad.body.errorCode, 'invalid_payload');
      }
    } finally {
      await receiver.close();
    }
  });
});
