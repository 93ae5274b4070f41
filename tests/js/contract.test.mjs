// The JS contract of issue #2 through the built package: exported names, build = the exact body,
// the ValidationError shape with every issue at once, validate never throws, and error
// recognition across two loaded copies of the package. Run: node --test tests/js/contract.test.mjs

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pkg from '../../pkg/node.js';

const {
  buildInstagramMessage,
  buildMessengerMessage,
  validateInstagramMessage,
  validateMessengerMessage,
  Chatt2meError,
  ValidationError,
  WebhookError,
  SignatureError,
  ApiError,
  TimeoutError,
  AbortError,
  NetworkError,
  isChatt2meError,
} = pkg;

const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const MS = '0b1c2d3e-4f50-4617-8899-aabbccddeeff';
const IGSID = '847495124317323';
const PSID = '26203292189261166';
const ISSUE_CODES = new Set([
  'required', 'invalid_type', 'too_long', 'too_short', 'too_many', 'too_few',
  'invalid_url', 'invalid_format', 'invalid_value', 'unknown_field', 'conflict', 'not_supported',
]);

const channels = {
  instagram: { build: buildInstagramMessage, validate: validateInstagramMessage, from: IG, to: IGSID },
  messenger: { build: buildMessengerMessage, validate: validateMessengerMessage, from: MS, to: PSID },
};

/** Checks the shape of an issues array: [{path, code, message}] with known codes. */
function assertIssues(issues) {
  assert.ok(Array.isArray(issues), 'issues is an array');
  for (const issue of issues) {
    assert.deepEqual(Object.keys(issue).sort(), ['code', 'message', 'path']);
    assert.equal(typeof issue.path, 'string');
    assert.ok(ISSUE_CODES.has(issue.code), `unknown issue code ${issue.code}`);
    assert.equal(typeof issue.message, 'string');
    assert.ok(issue.message.length > 0);
  }
}

function buildError(build, input) {
  try {
    build(input);
  } catch (e) {
    return e;
  }
  assert.fail('build accepted the input');
}

// ---------------------------------------------------------------------------------------------

describe('exports', () => {
  test('every documented name is exported with the right kind', () => {
    const functions = [
      'buildInstagramMessage', 'validateInstagramMessage', 'buildMessengerMessage', 'validateMessengerMessage',
      'buildWhatsAppMessage', 'validateWhatsAppMessage', 'buildTelegramMessage', 'validateTelegramMessage',
      'buildSmsMessage', 'validateSmsMessage', 'buildWebChattMessage', 'validateWebChattMessage',
      'parseWebhook', 'parseWebhookEvents', 'verifyWebhook', 'verifyWebhookEvents', 'signWebhook',
      'replyTarget', 'createWebhookHandler', 'reviveWebhookEvent', 'isChatt2meError',
    ];
    const classes = ['Chatt2me', 'Chatt2meError', 'ValidationError', 'WebhookError', 'SignatureError', 'ApiError', 'TimeoutError', 'AbortError', 'NetworkError'];
    for (const name of [...functions, ...classes]) assert.equal(typeof pkg[name], 'function', `${name} is not exported`);
    for (const name of classes) assert.ok(pkg[name].prototype, `${name} is a class`);
    // Nothing of the wasm glue leaks into the public surface.
    for (const name of Object.keys(pkg)) assert.ok([...functions, ...classes].includes(name), `unexpected export ${name}`);
  });

  test('the error class hierarchy', () => {
    const chain = [
      [ValidationError, Chatt2meError],
      [WebhookError, Chatt2meError],
      [SignatureError, WebhookError],
      [ApiError, Chatt2meError],
      [TimeoutError, Chatt2meError],
      [AbortError, Chatt2meError],
      [NetworkError, Chatt2meError],
      [Chatt2meError, Error],
    ];
    for (const [Child, Parent] of chain) assert.ok(Child.prototype instanceof Parent, `${Child.name} extends ${Parent.name}`);
    assert.ok(new SignatureError('m', 'signature_mismatch') instanceof Chatt2meError);
  });

  test('the package.json of pkg/ names the Node entry', async () => {
    const meta = (await import('../../pkg/package.json', { with: { type: 'json' } })).default;
    assert.equal(meta.name, 'chatt2me-wasm');
    // import → node.js; require → node.cjs (the same module through require(esm)), typed by index.d.cts.
    assert.equal(meta.exports['.'].node.default, './node.js');
    assert.deepEqual(meta.exports['.'].node.require, { types: './index.d.cts', default: './node.cjs' });
    assert.match(meta.version, /^\d+\.\d+\.\d+/);
  });
});

describe('build returns the exact body', () => {
  const url = (name) => `https://example.com/${name}`;
  const kinds = {
    text: { text: 'Hello from chatt2me!' },
    'text with emoji and accents': { text: 'Olá 👋 ça va ? 你好' },
    'quick replies': {
      text: 'Como posso ajudar?',
      quick_replies: [
        { content_type: 'text', title: 'Suporte', payload: 'SUPORTE' },
        { content_type: 'text', title: 'Vendas', payload: 'VENDAS' },
        { content_type: 'user_phone_number' },
        { content_type: 'user_email' },
      ],
    },
    'image by url': { attachment: { type: 'image', payload: { url: url('a.jpg') } } },
    'image by attachment_id': { attachment: { type: 'image', payload: { attachment_id: '1234567890' } } },
    audio: { attachment: { type: 'audio', payload: { url: url('a.mp3') } } },
    video: { attachment: { type: 'video', payload: { url: url('a.mp4'), is_reusable: true } } },
    file: { attachment: { type: 'file', payload: { url: url('a.pdf') } } },
    'like_heart sticker': { attachment: { type: 'like_heart' } },
    MEDIA_SHARE: { attachment: { type: 'MEDIA_SHARE', payload: { id: '17895695668004550' } } },
    'attachments[] of images': { attachments: [1, 2, 3].map((n) => ({ type: 'image', payload: { url: url(`${n}.jpg`) } })) },
    'button template': {
      attachment: {
        type: 'template',
        payload: {
          template_type: 'button',
          text: 'Tap a button',
          buttons: [
            { type: 'web_url', url: 'https://www.messenger.com', title: 'Abrir' },
            { type: 'postback', title: 'Falar com suporte', payload: 'SUPORTE' },
          ],
        },
      },
    },
    'generic template': {
      attachment: {
        type: 'template',
        payload: {
          template_type: 'generic',
          sharable: false,
          image_aspect_ratio: 'square',
          elements: [
            {
              title: 'Card 1',
              image_url: url('c1.jpg'),
              default_action: { type: 'web_url', url: 'https://example.com/' },
              buttons: [{ type: 'postback', title: 'Select', payload: 'CARD1' }],
              subtitle: 'Subtitle 1',
            },
            { title: 'Card 2', image_url: url('c2.jpg'), subtitle: 'Subtitle 2' },
          ],
        },
      },
    },
    typing_on: { sender_action: 'typing_on' },
    typing_off: { sender_action: 'typing_off' },
    mark_seen: { sender_action: 'mark_seen' },
    react: { sender_action: 'react', payload: { message_id: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZA', reaction: 'love' } },
    unreact: { sender_action: 'unreact', payload: { message_id: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZA' } },
    'Hub imageUrl + caption': { imageUrl: 'https://example.com/image.jpg', text: 'Optional caption' },
    'Hub imageUrl': { imageUrl: 'https://example.com/image.jpg' },
    'Hub videoUrl + caption': { videoUrl: url('v.mp4'), text: 'A video' },
    'Hub audioUrl': { audioUrl: url('a.mp3') },
    'interactive button': {
      interactive: {
        type: 'button',
        body: { text: 'How can I help you?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'SUPPORT', title: 'Support' } },
            { type: 'reply', reply: { id: 'SALES', title: 'Sales' } },
            { type: 'reply', reply: { id: 'OTHER', title: 'Other' } },
          ],
        },
      },
    },
    'interactive list': {
      interactive: {
        type: 'list',
        body: { text: 'Choose one' },
        action: { button: 'Options', sections: [{ title: 'Plans', rows: [{ id: 'basic', title: 'Basic', description: 'The basic plan' }, { id: 'pro', title: 'Pro' }] }] },
      },
    },
    'interactive cta_url': {
      interactive: { type: 'cta_url', body: { text: 'See the catalogue' }, action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'https://example.com/catalogue' } } },
    },
  };
  const instagramOnly = new Set(['like_heart sticker', 'MEDIA_SHARE']);

  for (const [channel, { build, validate, from, to }] of Object.entries(channels)) {
    for (const [kind, content] of Object.entries(kinds)) {
      if (channel === 'messenger' && instagramOnly.has(kind)) continue;
      test(`${channel}: ${kind}`, () => {
        const input = { from, to, content };
        const snapshot = structuredClone(input);
        assert.deepEqual(validate(input), []);
        const body = build(input);
        assert.deepStrictEqual(body, input);
        assert.equal(JSON.stringify(body), JSON.stringify(input), 'same keys in the same order');
        assert.notEqual(body, input, 'a new object, not the input');
        assert.equal(Object.getPrototypeOf(body), Object.prototype, 'a plain object');
        assert.deepStrictEqual(input, snapshot, 'the input is not modified');
      });
    }
  }

  for (const kind of instagramOnly) {
    test(`messenger refuses the Instagram-only ${kind} as not_supported`, () => {
      const error = buildError(buildMessengerMessage, { from: MS, to: PSID, content: kinds[kind] });
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.issues.map((i) => [i.path, i.code]), [['content.attachment.type', 'not_supported']]);
    });
  }

  test('the result is JSON.parse(JSON.stringify(input)), whatever the input holds', () => {
    class Text {
      constructor(text) {
        this.text = text;
      }
    }
    const nested = { type: 'template', payload: { template_type: 'button', text: 'Pick', buttons: [{ type: 'postback', title: 'A', payload: 'a' }] } };
    const inputs = [
      { from: IG, to: IGSID, content: { text: 'hi', extra: undefined } },
      { from: IG, to: IGSID, content: new Text('a class instance') },
      { from: IG, to: IGSID, content: { text: { toJSON: () => 'from toJSON' } } },
      { from: IG, to: IGSID, content: { attachment: nested } },
      { from: IG, to: IGSID, content: JSON.parse('{"text":"an own __proto__ key","__proto__":{"x":1}}') },
      Object.assign(Object.create(null), { from: IG, to: IGSID, content: { text: 'null prototype' } }),
    ];
    for (const input of inputs) {
      let body;
      try {
        body = buildInstagramMessage(input);
      } catch (e) {
        // Refused as invalid is fine (the __proto__ key is unknown); it must be for the JSON form.
        assert.ok(e instanceof ValidationError, String(e));
        assert.deepEqual(e.issues, validateInstagramMessage(JSON.parse(JSON.stringify(input))));
        continue;
      }
      assert.deepStrictEqual(body, JSON.parse(JSON.stringify(input)));
      assert.equal(JSON.stringify(body), JSON.stringify(input));
      assert.equal(Object.getPrototypeOf(body), Object.prototype);
    }
  });

  test('a getter is read once: the body returned is the body validated', () => {
    let reads = 0;
    const content = {
      get text() {
        reads += 1;
        return reads === 1 ? 'first read' : 'x'.repeat(5000);
      },
    };
    const body = buildInstagramMessage({ from: IG, to: IGSID, content });
    assert.equal(reads, 1);
    assert.deepStrictEqual(body, { from: IG, to: IGSID, content: { text: 'first read' } });
  });

  test('from as an Instagram username, with and without @', () => {
    for (const from of ['chatt2me_demo', '@chatt2me_demo', 'some.user_1']) {
      const input = { from, to: IGSID, content: { text: 'hi' } };
      assert.deepStrictEqual(buildInstagramMessage(input), input);
    }
  });
});

describe('ValidationError', () => {
  const many = {
    from: 'not a uuid!',
    to: 'has space',
    content: {
      text: 'pick one',
      quickReplies: [],
      quick_replies: [
        { content_type: 'text', title: 'Ok', payload: 'OK' },
        { content_type: 'text', title: 'Fine', payload: 'FINE' },
        { content_type: 'text', title: 'A title of 24 characters', payload: 'LONG' },
        { content_type: 'text', title: '', payload: 'x'.repeat(1001) },
        { content_type: 'sms' },
      ],
    },
  };

  test('name, code, issues: every issue at once, by path', () => {
    const error = buildError(buildInstagramMessage, many);
    assert.ok(error instanceof ValidationError);
    assert.ok(error instanceof Chatt2meError);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'ValidationError');
    assert.equal(error.code, 'validation_failed');
    assert.equal(isChatt2meError(error), true);
    assertIssues(error.issues);
    const byPath = Object.fromEntries(error.issues.map((i) => [i.path, i]));
    assert.deepEqual(Object.keys(byPath).sort(), [
      'content.quickReplies',
      'content.quick_replies[2].title',
      'content.quick_replies[3].payload',
      'content.quick_replies[3].title',
      'content.quick_replies[4].content_type',
      'from',
      'to',
    ]);
    assert.equal(byPath['content.quick_replies[2].title'].code, 'too_long');
    assert.equal(byPath['content.quick_replies[2].title'].message, 'title is 24 characters; the limit is 20');
    assert.equal(byPath['content.quick_replies[3].payload'].code, 'too_long');
    assert.match(byPath['content.quick_replies[3].payload'].message, /1001.*1000/);
    assert.equal(byPath['content.quick_replies[3].title'].code, 'too_short');
    assert.equal(byPath['content.quick_replies[4].content_type'].code, 'invalid_value');
    assert.match(byPath['content.quick_replies[4].content_type'].message, /sms/);
    assert.equal(byPath['content.quickReplies'].code, 'unknown_field');
    assert.match(byPath['content.quickReplies'].message, /did you mean `quick_replies`/);
    assert.equal(byPath.from.code, 'invalid_format');
    assert.equal(byPath.to.code, 'invalid_format');
    // The summary names the count and the first problems; the issues match validate().
    assert.match(error.message, /7 problems/);
    assert.deepEqual(error.issues, validateInstagramMessage(many));
  });

  const limits = [
    ['instagram', { text: 'a'.repeat(1001) }, 'content.text', 'too_long', ['1001', '1000', 'bytes']],
    ['instagram', { text: 'é'.repeat(501) }, 'content.text', 'too_long', ['1002', '1000', 'bytes']],
    ['messenger', { text: 'a'.repeat(2000) }, 'content.text', 'too_long', ['2000', '1999']],
    ['instagram', { text: '' }, 'content.text', 'too_short', []],
    [
      'instagram',
      { text: 'x', quick_replies: Array.from({ length: 14 }, (_, i) => ({ content_type: 'text', title: `t${i}`, payload: 'p' })) },
      'content.quick_replies',
      'too_many',
      ['14', '13'],
    ],
    ['instagram', { attachments: Array.from({ length: 11 }, () => ({ type: 'image', payload: { url: 'https://e.com/a.jpg' } })) }, 'content.attachments', 'too_many', ['11', '10']],
    [
      'instagram',
      { attachment: { type: 'template', payload: { template_type: 'button', text: 't'.repeat(641), buttons: [{ type: 'postback', title: 'a', payload: 'p' }] } } },
      'content.attachment.payload.text',
      'too_long',
      ['641', '640'],
    ],
    ['instagram', { imageUrl: 'http://example.com/a.jpg' }, 'content.imageUrl', 'invalid_url', ['http://example.com/a.jpg']],
    ['instagram', { imageUrl: 'https://example.com/a.jpg', attachment: { type: 'like_heart' } }, 'content.imageUrl', 'conflict', []],
    ['instagram', { sender_action: 'wave' }, 'content.sender_action', 'invalid_value', ['wave']],
    ['instagram', {}, 'content', 'required', []],
    [
      'instagram',
      { interactive: { type: 'button', header: { type: 'text', text: 'h' }, body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x' } }] } } },
      'content.interactive.header',
      'not_supported',
      ['WhatsApp'],
    ],
  ];
  for (const [channel, content, path, code, mentions] of limits) {
    test(`${channel} ${path} ${code}`, () => {
      const { build, validate, from, to } = channels[channel];
      const input = { from, to, content };
      const issues = validate(input);
      assertIssues(issues);
      const issue = issues.find((i) => i.path === path);
      assert.ok(issue, `no issue at ${path}: ${JSON.stringify(issues)}`);
      assert.equal(issue.code, code);
      for (const m of mentions) assert.ok(issue.message.includes(m), `"${issue.message}" does not mention ${m}`);
      const error = buildError(build, input);
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.issues, issues);
    });
  }

  test('root fields have bare paths; a wrong content type is invalid_type, never coerced', () => {
    const issues = validateInstagramMessage({ from: 42, to: ['x'], content: 'hi' });
    assertIssues(issues);
    assert.deepEqual(issues.map((i) => [i.path, i.code]), [['from', 'invalid_type'], ['to', 'invalid_type'], ['content', 'invalid_type']]);
    assert.deepEqual(validateInstagramMessage({}).map((i) => [i.path, i.code]), [['from', 'required'], ['to', 'required'], ['content', 'required']]);
  });

  test('a lone surrogate in a text is reported at its path', {
  }, () => {
    const issues = validateInstagramMessage({ from: IG, to: IGSID, content: { text: 'broken \ud800 text' } });
    assert.equal(issues.length, 1);
    assert.equal(issues[0].path, 'content.text');
  });
});

describe('stacks start at the caller', () => {
  // A synchronous export's error gets its stack where it is thrown to (errors.js, `synchronous`):
  // the caller's frames, none of the module's (`wasm-function[…]`, the bundled glue).
  const frames = (error) => error.stack.split('\n').slice(1).map((l) => l.trim());
  function callsTheLibrary(fn, ...args) {
    try {
      fn(...args);
    } catch (error) {
      return error;
    }
    return assert.fail('expected a throw');
  }

  test('ValidationError, WebhookError and SignatureError: first frame is the caller, message kept', () => {
    const thrown = [
      callsTheLibrary(buildInstagramMessage, { from: IG, to: '1', content: {} }),
      callsTheLibrary(pkg.parseWebhook, '{"x":'),
      callsTheLibrary(pkg.verifyWebhook, '{}', 't=1,v1=00', 'whsec_x', { now: 1 }),
    ];
    assert.deepEqual(thrown.map((e) => e.name), ['ValidationError', 'WebhookError', 'SignatureError']);
    for (const error of thrown) {
      assert.ok(error.stack.startsWith(`${error.name}: ${error.message}`), error.stack);
      const [first, ...rest] = frames(error);
      assert.match(first, /^at callsTheLibrary \(.*contract\.test\.mjs:\d+:\d+\)$/, error.stack);
      for (const frame of [first, ...rest]) {
        assert.doesNotMatch(frame, /wasm-function|chatt2me_wasm\.js|wasm:\/\//, error.stack);
      }
    }
  });

  test('a realm whose Error.stackTraceLimit cannot be set: errors are made with their stack', () => {
    const script = `
      Object.defineProperty(Error, 'stackTraceLimit', { value: 10, writable: false });
      const lib = await import(${JSON.stringify(new URL('../../pkg/node.js', import.meta.url).href)});
      try { lib.buildInstagramMessage({}); } catch (e) {
        process.stdout.write(JSON.stringify([e.name, e.stack.split('\\n').length > 1]));
      }`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), ['ValidationError', true]);
  });

  test('an error of an async call keeps the stack where it was made', async () => {
    const hub = new pkg.Chatt2me({ apiKey: 'k_test', fetch: async () => new Response('{}', { status: 200 }) });
    const error = await hub.sendInstagramMessage({ from: IG, to: '1', content: {} }).catch((e) => e);
    assert.equal(error.name, 'ValidationError');
    assert.ok(frames(error).length > 0, error.stack);
  });
});

describe('validate never throws', () => {
  const cyclic = { from: IG, to: IGSID, content: { text: 'x' } };
  cyclic.content.self = cyclic;
  const deep = (() => {
    const root = {};
    let node = root;
    for (let i = 0; i < 100_000; i += 1) {
      node.a = {};
      node = node.a;
    }
    return { from: IG, to: IGSID, content: root };
  })();
  const deepArray = (() => {
    const root = [];
    let node = root;
    for (let i = 0; i < 100_000; i += 1) {
      const next = [];
      node.push(next);
      node = next;
    }
    return root;
  })();
  const huge = 'x'.repeat(10 * 1024 * 1024);
  const inputs = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['NaN', Number.NaN],
    ['a string', '{"from":"x"}'],
    ['an array', [IG, IGSID, { text: 'x' }]],
    ['a function', () => ({ from: IG })],
    ['a symbol', Symbol('message')],
    ['a BigInt', 10n],
    ['a BigInt inside', { from: IG, to: IGSID, content: { text: 1n } }],
    ['a cyclic object', cyclic],
    ['100000-deep nesting', deep],
    ['a 100000-deep array', deepArray],
    ['a 10 MB string field', { from: IG, to: IGSID, content: { text: huge } }],
    ['a 10 MB unknown key', { from: IG, to: IGSID, content: { text: 'x', [huge.slice(0, 1024 * 1024)]: 1 } }],
    ['odd numbers', { from: -0, to: 1e308, content: { text: 'x', quick_replies: [{ content_type: 'text', title: Number.NaN, payload: Infinity }] } }],
    ['a throwing toJSON', { toJSON() { throw new Error('boom'); } }],
    ['a throwing getter', { from: IG, to: IGSID, get content() { throw new Error('boom'); } }],
    ['a hostile Proxy', new Proxy({}, { ownKeys() { throw new Error('trap'); } })],
    ['a Map', new Map([['from', IG]])],
  ];

  for (const [channel, { build, validate }] of Object.entries(channels)) {
    for (const [name, input] of inputs) {
      test(`${channel}: ${name} gives issues, and build a ValidationError`, () => {
        const issues = validate(input);
        assertIssues(issues);
        assert.ok(issues.length > 0);
        for (const issue of issues) assert.ok(issue.message.length < 2000, `a ${issue.message.length}-character message`);
        const error = buildError(build, input);
        assert.ok(error instanceof ValidationError, `build threw ${error?.name}: ${error?.message}`);
        assert.equal(error.code, 'validation_failed');
        assert.ok(error.message.length < 5000);
      });
    }
  }

  test('a 10 MB text: the message gives the size and the limit, not the text', () => {
    // Issue #14: over the 64 KiB cap the body is refused whole, before it is copied into wasm.
    const [issue] = validateInstagramMessage({ from: IG, to: IGSID, content: { text: huge } });
    assert.equal(issue.path, '');
    assert.equal(issue.code, 'too_long');
    assert.match(issue.message, /at least 104858\d\d bytes .*65536/);
  });

  test('the same module instance keeps working afterwards', () => {
    const input = { from: IG, to: IGSID, content: { text: 'still here' } };
    for (let i = 0; i < 3; i += 1) {
      assert.deepStrictEqual(buildInstagramMessage(input), input);
      assert.deepStrictEqual(buildMessengerMessage({ from: MS, to: PSID, content: { text: 'and here' } }), { from: MS, to: PSID, content: { text: 'and here' } });
      assert.equal(validateInstagramMessage(null).length, 1);
    }
  });
});

describe('isChatt2meError across two loaded copies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatt2me-copy-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('errors of one copy are recognised by the other, and nothing else is', async () => {
    cpSync(new URL('../../pkg/', import.meta.url), dir, { recursive: true });
    const other = await import(pathToFileURL(join(dir, 'node.js')).href);
    assert.notEqual(other.ValidationError, ValidationError, 'really a second copy');

    const ours = buildError(buildInstagramMessage, { from: IG, to: IGSID, content: {} });
    const theirs = buildError(other.buildInstagramMessage, { from: IG, to: IGSID, content: {} });
    assert.equal(theirs instanceof ValidationError, false);
    assert.equal(isChatt2meError(theirs), true);
    assert.equal(other.isChatt2meError(ours), true);
    assert.deepEqual(theirs.issues, ours.issues);
    for (const Class of ['Chatt2meError', 'ValidationError', 'WebhookError', 'SignatureError', 'ApiError', 'TimeoutError', 'AbortError', 'NetworkError']) {
      const error = Class === 'ApiError' ? new other[Class]('m', { code: 'server_error' }) : new other[Class]('m', 'code');
      assert.equal(isChatt2meError(error), true, Class);
    }
    let webhookError;
    try {
      other.parseWebhook('not json');
    } catch (e) {
      webhookError = e;
    }
    assert.equal(isChatt2meError(webhookError), true);

    for (const value of [new Error('x'), new TypeError('x'), { name: 'ValidationError', code: 'validation_failed', issues: [] }, null, undefined, 'ValidationError', 0]) {
      assert.equal(isChatt2meError(value), false, String(value));
      assert.equal(other.isChatt2meError(value), false, String(value));
    }
  });
});
