// Runtime keys equal declared keys: every event variant (`type`) and every content variant
// (`content.type`), and the nested objects with declared types, parsed from real bodies (the
// fixtures, and small bodies written here for the variants no fixture yields), must have exactly
// the keys the published declarations give them: `Object.keys(value)` against the properties the
// TypeScript checker resolves from pkg/index.d.ts (its `WebhookEvent` is the generated one of
// pkg/chatt2me_wasm.d.ts plus `raw`) — aliases, interfaces with `extends`, intersections and
// unions discriminated on `type` resolved by the compiler, no key list written here. Every
// variant and every nested object type the declarations name must have been met at least once.
// The typescript devDependency is TypeScript 7 (tsgo): there is no lib/typescript.js; its JS API
// is `typescript/unstable/sync`, which runs the bundled compiler as a child process.
// Run: node --test tests/js/shapes.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { API, TypeFlags } from 'typescript/unstable/sync';
import * as pkg from '../../pkg/node.js';

const PKG_DIR = fileURLToPath(new URL('../../pkg/', import.meta.url));
const INDEX_DTS = fileURLToPath(new URL('../../pkg/index.d.ts', import.meta.url));
const GENERATED_DTS = fileURLToPath(new URL('../../pkg/chatt2me_wasm.d.ts', import.meta.url));

// ---------------------------------------------------------------------------------------------
// The declared shapes, from the compiler
//
// A shape is one of:
//   { kind: 'opaque' }                         primitives, literals, unknown: no keys to check
//   { kind: 'foreign', name }                  an object type not declared by the package (Date)
//   { kind: 'array', element }
//   { kind: 'object', name, props: Map<key, shape> }
//   { kind: 'union', variants: Map<type value, object shape> }   discriminated on `type`
// each with `nullable` when the declared type admits null.

const STRUCTURED = TypeFlags.Object | TypeFlags.Intersection;

/** Builds shapes with one compiler session; closed once the shapes are read. */
function declaredShapes() {
  const api = new API({ cwd: fileURLToPath(new URL('../../', import.meta.url)) });
  try {
    const snapshot = api.updateSnapshot({ openFiles: [INDEX_DTS] });
    const project = snapshot.getDefaultProjectForFile(INDEX_DTS);
    const { checker, program } = project;

    const typeOfAlias = (file, name) => {
      const source = program.getSourceFile(file);
      assert.ok(source, `${file} is not in the program`);
      const statement = source.statements.find((s) => s.name?.text === name);
      assert.ok(statement, `${file} declares no ${name}`);
      return checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(statement.name));
    };
    const declaredInPackage = (symbol) =>
      symbol.declarations.length > 0 && symbol.declarations.every((d) => d.path.startsWith(PKG_DIR));
    const typeValue = (member) => {
      const prop = checker.getPropertyOfType(member, 'type');
      const t = prop && checker.getTypeOfSymbol(prop);
      return t && t.flags & TypeFlags.StringLiteral ? t.value : undefined;
    };

    const building = new Set();
    const shapeOf = (type, where) => {
      const members = type.flags & TypeFlags.Union ? type.getTypes() : [type];
      // `unknown` and `any` admit anything, null included.
      if (members.some((m) => m.flags & TypeFlags.AnyOrUnknown)) return { kind: 'opaque', nullable: true };
      const nullable = members.some((m) => m.flags & TypeFlags.Null);
      const rest = members.filter((m) => !(m.flags & (TypeFlags.Null | TypeFlags.Undefined)));
      const structured = rest.filter((m) => m.flags & STRUCTURED);
      if (structured.length === 0) return { kind: 'opaque', nullable };
      assert.equal(structured.length, rest.length, `${where}: objects mixed with primitives (${checker.typeToString(type)})`);
      if (structured.length > 1) {
        const variants = new Map();
        for (const member of structured) {
          const value = typeValue(member);
          assert.ok(value !== undefined, `${where}: a union member without a literal \`type\` (${checker.typeToString(member)})`);
          assert.ok(!variants.has(value), `${where}: two union members with type "${value}"`);
          variants.set(value, objectShape(member, where));
        }
        return { kind: 'union', variants, nullable };
      }
      const [t] = structured;
      if (checker.isArrayType(t)) {
        return { kind: 'array', element: shapeOf(checker.getTypeArguments(t)[0], `${where}[]`), nullable };
      }
      const symbol = t.getSymbol();
      if (symbol && !declaredInPackage(symbol)) return { kind: 'foreign', name: symbol.name, nullable };
      return { ...objectShape(t, where), nullable };
    };
    const objectShape = (t, where) => {
      assert.ok(!building.has(t.id), `${where}: a recursive declared type`);
      building.add(t.id);
      const props = new Map();
      for (const prop of checker.getPropertiesOfType(t)) {
        props.set(prop.name, shapeOf(checker.getTypeOfSymbol(prop), `${where}.${prop.name}`));
      }
      building.delete(t.id);
      const symbol = t.getSymbol();
      const name = symbol && symbol.name !== '__type' ? symbol.name : checker.typeToString(t);
      return { kind: 'object', name, props, nullable: false };
    };

    return {
      event: shapeOf(typeOfAlias(INDEX_DTS, 'WebhookEvent'), 'event'),
      generatedEvent: shapeOf(typeOfAlias(GENERATED_DTS, 'WebhookEvent'), 'generated event'),
      content: shapeOf(typeOfAlias(GENERATED_DTS, 'MessageContent'), 'content'),
      results: Object.fromEntries(
        ['SendResult', 'Webhook', 'WebhookPage', 'WebhookLogPage', 'RetriedLog', 'RetriedLogs'].map((name) => [
          name,
          shapeOf(typeOfAlias(GENERATED_DTS, name), name),
        ]),
      ),
    };
  } finally {
    api.close();
  }
}

/**
 * What the declarations name: every union variant (`type=message`, `content.type=text`) and
 * every path at which a package-declared object sits (`replyTo`, `content.buttons[]`, ...).
 */
function declaredCoverage(shape, path = '', out = { variants: new Set(), objects: new Set() }) {
  const at = (key) => (path ? `${path}.${key}` : key);
  switch (shape.kind) {
    case 'union':
      // A variant is counted as the variant, its properties as nested paths.
      for (const [value, variant] of shape.variants) {
        out.variants.add(`${at('type')}=${value}`);
        for (const [key, prop] of variant.props) declaredCoverage(prop, at(key), out);
      }
      break;
    case 'array':
      declaredCoverage(shape.element, `${path}[]`, out);
      break;
    case 'object':
      out.objects.add(path);
      for (const [key, prop] of shape.props) declaredCoverage(prop, at(key), out);
      break;
    default:
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The runtime check

const seen = { variants: new Set(), objects: new Set() };
let checkedObjects = 0;

/** Checks `value` against `shape`, recursively; `where` names the body and the path for messages. */
function check(value, shape, where, path = '') {
  const at = (key) => (path ? `${path}.${key}` : key);
  const here = `${where} › ${path || 'event'}`;
  if (value === null) {
    assert.ok(shape.nullable, `${here}: null, but the declared type does not admit null`);
    return;
  }
  assert.notEqual(value, undefined, `${here}: undefined`);
  switch (shape.kind) {
    case 'opaque':
      return;
    case 'foreign': {
      const ctor = globalThis[shape.name];
      if (typeof ctor === 'function') assert.ok(value instanceof ctor, `${here}: not a ${shape.name}`);
      return;
    }
    case 'array':
      assert.ok(Array.isArray(value), `${here}: not an array`);
      for (const element of value) check(element, shape.element, where, `${path}[]`);
      return;
    case 'union': {
      assert.equal(typeof value, 'object', `${here}: not an object`);
      const variant = shape.variants.get(value.type);
      assert.ok(variant, `${here}: type ${JSON.stringify(value.type)} is none of the declared ${[...shape.variants.keys()].join(', ')}`);
      seen.variants.add(`${at('type')}=${value.type}`);
      checkObject(value, variant, where, path);
      return;
    }
    case 'object':
      assert.equal(typeof value, 'object', `${here}: not an object`);
      assert.ok(!Array.isArray(value), `${here}: an array`);
      seen.objects.add(path);
      checkObject(value, shape, where, path);
      return;
    default:
      assert.fail(`${here}: unexpected shape ${shape.kind}`);
  }
}

function checkObject(value, shape, where, path) {
  checkedObjects += 1;
  const at = (key) => (path ? `${path}.${key}` : key);
  const declared = [...shape.props.keys()].sort();
  const actual = Object.keys(value).sort();
  assert.deepEqual(actual, declared, `${where} › ${path || 'event'} (${shape.name}): Object.keys differ from the declared keys`);
  for (const [key, prop] of shape.props) check(value[key], prop, where, at(key));
}

// ---------------------------------------------------------------------------------------------
// The bodies: every webhook fixture, and small bodies for what no fixture yields

const FIXTURES = new URL('../fixtures/', import.meta.url);
const fixtureBodies = ['chatt2me/', 'chatt2me/superseded/', 'chatt2me-site/webhooks/'].flatMap((dir) =>
  readdirSync(new URL(dir, FIXTURES))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: dir + f, text: readFileSync(new URL(dir + f, FIXTURES), 'utf8') })),
);

const item = (key, value, extra = {}) => ({ sender: { id: '1111' }, recipient: { id: '2222' }, timestamp: 1700000000001, [key]: value, ...extra });
const batch = (object, items, list = 'messaging') => ({ object, entry: [{ id: '2222', time: 1700000000123, [list]: items }] });
const message = (m) => batch('instagram', [item('message', { mid: 'm1', ...m })]);
const flat = (content, extra = {}) => ({ eventType: 'Message', channelId: 'ch-1', messageId: 'msg-1', from: '5511999999999', timestamp: 1700000000, channel: 'whatsapp', content, ...extra });
const CDN = 'https://cdn.example';

const writtenBodies = Object.entries({
  'meta: text with a tapped quick reply, replying to a message': message({ text: 'hi', quick_reply: { payload: 'QR_1' }, reply_to: { mid: 'm0' } }),
  'meta: a story reply': message({ text: 'nice story', reply_to: { story: { url: `${CDN}/story.jpg`, id: '179' } } }),
  'meta: a file': message({ attachments: [{ type: 'file', payload: { url: `${CDN}/a.pdf` } }] }),
  'meta: an image and a video': message({ attachments: [{ type: 'image', payload: { url: `${CDN}/a.jpg` } }, { type: 'video', payload: { url: `${CDN}/b.mp4` } }] }),
  'meta: a shared reel': message({ attachments: [{ type: 'ig_reel', payload: { url: `${CDN}/reel.mp4`, title: 'reel', reel_video_id: '42' } }] }),
  'meta: a shared post (MEDIA_SHARE with an id)': message({ attachments: [{ type: 'MEDIA_SHARE', payload: { id: '17900000000000001' } }] }),
  'meta: an ephemeral attachment without payload': message({ attachments: [{ type: 'ephemeral' }] }),
  'meta: a location': message({ attachments: [{ type: 'location', title: 'Office', payload: { coordinates: { lat: -23.5613, long: -46.6565 } } }] }),
  'meta: a sticker (image with sticker_id)': message({ attachments: [{ type: 'image', payload: { url: `${CDN}/s.png`, sticker_id: 369239263222822 } }] }),
  'meta: an attachment of an unknown type': message({ attachments: [{ type: 'contact', payload: { name: 'x' } }] }),
  'meta: a deleted message (no text, no attachment)': message({ is_deleted: true }),
  'meta: a message with a referral': message({ text: 'from an ad', referral: { ref: 'r', source: 'ADS', type: 'OPEN_THREAD', ads_context_data: { ad_title: 't' } } }),
  'meta: an echo': message({ text: 'sent by us', is_echo: true }),
  'meta: an edit': batch('instagram', [item('message_edit', { mid: 'x1', text: 'edited', num_edit: 2 })]),
  'meta: a reaction': batch('instagram', [item('reaction', { mid: 'm1', action: 'react', reaction: 'love', emoji: '❤️' })]),
  'meta: an unreact': batch('instagram', [item('reaction', { mid: 'm1', action: 'unreact' })]),
  'meta: a postback': batch('page', [item('postback', { mid: 'm2', title: 'Start', payload: 'START' })]),
  'meta: a read receipt (standby)': batch('page', [item('read', { mid: 'm9' })], 'standby'),
  'meta: a referral alone (an m.me link)': batch('page', [item('referral', { ref: 'r', source: 'SHORTLINK', type: 'OPEN_THREAD' })]),
  'meta: a referral from an ad': batch('instagram', [item('referral', { ref: 'r', ad_id: '120210', source: 'ADS', type: 'OPEN_THREAD', ads_context_data: { ad_title: 't' } })]),
  'meta: a referral without ref (Discover tab)': batch('page', [item('referral', { source: 'DISCOVER_TAB', type: 'OPEN_THREAD' })]),
  'meta: a referral that is no object (unknown event)': batch('page', [item('referral', 'ADS')]),
  'meta: a delivery': batch('page', [item('delivery', { mids: ['mid.1458668856218:ed81099e15d3f4f233'], watermark: 1458668856253 })]),
  'meta: a one-time notification opt-in': batch('page', [item('optin', { type: 'one_time_notif_req', payload: 'P', one_time_notif_token: 'T' })]),
  'meta: a checkbox opt-in without sender': batch('page', [{ recipient: { id: '2222' }, timestamp: 1, optin: { ref: 'r', user_ref: 'u' } }]),
  'meta: pass, take and request thread control': batch('page', [
    item('pass_thread_control', { previous_owner_app_id: null, new_owner_app_id: '123456789', metadata: 'm' }),
    item('take_thread_control', { previous_owner_app_id: '123456789', metadata: 'm' }),
    item('request_thread_control', { requested_owner_app_id: 123456789, metadata: null }),
  ]),
  'meta: account linking': batch('page', [item('account_linking', { status: 'linked', authorization_code: 'C' })]),
  'meta: a message in standby': batch('page', [item('message', { mid: 'sb', text: 'another app owns this' })], 'standby'),
  'meta: an ig_post share with text': message({ text: 'look', attachments: [{ type: 'ig_post', payload: { ig_post_media_id: '18139494541428835', title: 'caption', url: `${CDN}/p.jpg` } }] }),
  'meta: a legacy fallback and location with their own url': batch('page', [item('message', { mid: 'fb', attachments: [{ type: 'location', title: 'HQ', url: `${CDN}/map`, payload: { coordinates: { lat: 37.48, long: -122.14 } } }, { type: 'fallback', title: 'A link', URL: `${CDN}/a`, payload: null }] })]),
  'meta: a product template echo': batch('page', [item('message', { mid: 'pt', is_echo: true, attachments: [{ type: 'template', payload: { product: { elements: [{ id: '1', retailer_id: 'r', image_url: `${CDN}/p.jpg`, title: 't', subtitle: '$1' }] } } }] })]),
  'meta: a quick reply beside an image': message({ quick_reply: { payload: 'QR_2' }, attachments: [{ type: 'image', payload: { url: `${CDN}/a.jpg` } }] }),
  'meta: a changes[] item (unknown event)': { object: 'instagram', entry: [{ id: '2222', time: 1700000000, changes: [{ field: 'comments', value: { id: 'c1', text: 'nice' } }] }] },
  'meta: a mixed batch': batch('instagram', [
    item('message', { mid: 'a', text: 'one' }),
    item('reaction', { mid: 'a', action: 'react', reaction: 'like' }),
    item('postback', { title: 'Go', payload: 'GO' }),
    item('read', { mid: 'a' }),
  ]),
  'meta: a messaging object alone': item('message', { mid: 'solo', text: 'no batch' }),
  'flat: a MessageStatus with errorCode/errorMessage': { eventType: 'MessageStatus', messageId: 'm1', status: 'error', timestamp: 1700000000, channel: 'whatsapp', errorCode: '131047', errorMessage: 'Re-engagement message' },
  'flat: a MessageStatus with a nested error': { eventType: 'message_status', messageId: 'm1', status: 'failed', error: { code: 130472, message: 'experiment' } },
  'flat: a MessageStatus without error': { eventType: 'MessageStatus', messageId: 'm1', status: 'delivered', timestamp: 1700000000123 },
  'flat: a document': flat({ type: 'document', document: { url: `${CDN}/d.pdf`, caption: 'the contract', id: 'media-1' } }),
  'flat: an image by imageUrl': flat({ type: 'image', imageUrl: `${CDN}/i.jpg`, text: 'caption' }),
  'flat: a voice note': flat({ type: 'voice', voice: { url: `${CDN}/v.ogg` } }),
  'flat: a sticker': flat({ type: 'sticker', sticker: { url: `${CDN}/s.webp`, id: 'st-1' } }),
  'flat: a location with name and address': flat({ type: 'location', location: { latitude: -23.5, longitude: -46.6, name: 'Office', address: 'Av. Paulista, 1000' } }),
  'flat: an interactive list reply': flat({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'row-1', title: 'Row', description: 'The first row' } } }),
  'flat: a template button reply': flat({ type: 'button', button: { text: 'Yes', payload: 'YES' } }),
  'flat: a reaction': flat({ type: 'reaction', reaction: { emoji: '👍', message_id: 'm0' } }),
  'flat: an unknown content type': flat({ type: 'hologram', hologram: { frames: 3 } }),
  'flat: a Telegram text (issue #21)': flat({ type: 'text', text: 'hi' }, { channel: 'telegram', from: '-1001234567890' }),
  'flat: an SMS text (issue #21)': flat({ type: 'text', text: 'hi' }, { channel: 'sms', from: '+5511944574999' }),
  'flat: a Web Chatt text (issue #21)': flat({ type: 'text', text: 'hi' }, { channel: 'webchatt', from: 'visitor-1' }),
  'flat: a Telegram poll answer (unknown content)': flat({ type: 'poll_answer', poll_answer: { option_ids: [0] } }, { channel: 'telegram' }),
  'flat: a WhatsApp MessageStatus': { eventType: 'MessageStatus', messageId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', status: 'sent', timestamp: 1700000000, channel: 'whatsapp' },
  'flat: an unknown event type': { eventType: 'SomethingNew', messageId: 'm1', channel: 'INSTAGRAM', brandNew: { nested: [1, 'two'] } },
  'envelope: a relayed react': { eventType: 'Message', channel: 'instagram', payload: { recipient: { id: '1' }, sender_action: 'react', payload: { message_id: 'm0', reaction: 'love' } } },
  'envelope: a relayed typing_on (unknown event)': { eventType: 'Message', payload: { recipient: { id: '1' }, sender_action: 'typing_on' } },
  'envelope: a Meta item with a postback': { eventType: 'messaging_postbacks', timestamp: 1700000000, payload: item('postback', { title: 'Menu', payload: 'MENU' }) },
  'envelope: a flat status inside': { eventType: 'MessageStatus', channel: 'messenger', payload: { messageId: 'm1', status: 'read' } },
}).map(([name, body]) => ({ name, text: JSON.stringify(body) }));

const bodies = [...fixtureBodies, ...writtenBodies];

// ---------------------------------------------------------------------------------------------

let shapes;
before(() => {
  shapes = declaredShapes();
});

describe('declared shapes', () => {
  test('the declarations resolve to unions discriminated on `type`, and index.d.ts adds exactly `raw`', () => {
    assert.equal(shapes.event.kind, 'union');
    assert.equal(shapes.content.kind, 'union');
    assert.ok(shapes.event.variants.size >= 2 && shapes.content.variants.size >= 2);
    assert.deepEqual([...shapes.event.variants.keys()].sort(), [...shapes.generatedEvent.variants.keys()].sort());
    for (const [type, variant] of shapes.event.variants) {
      const generated = [...shapes.generatedEvent.variants.get(type).props.keys()];
      assert.ok(!generated.includes('raw'), `the generated ${type} event declares raw itself`);
      assert.deepEqual([...variant.props.keys()].sort(), [...generated, 'raw'].sort(), type);
      // The content of message-like events is MessageContent.
      const content = variant.props.get('content');
      if (content.kind === 'union') assert.deepEqual([...content.variants.keys()].sort(), [...shapes.content.variants.keys()].sort());
    }
  });
});

describe('runtime keys equal declared keys', () => {
  test('parseWebhookEvents: every event of every body', () => {
    for (const { name, text } of bodies) {
      const events = pkg.parseWebhookEvents(text);
      assert.ok(events.length > 0, `${name}: no events`);
      events.forEach((event, i) => check(event, shapes.event, `${name} [${i}] (parseWebhookEvents)`));
    }
  });

  test('parseWebhook (string and bytes) and verifyWebhook: every single-event body', () => {
    const secret = 'whsec_shapes';
    const now = 1_700_000_000;
    let singles = 0;
    for (const { name, text } of bodies) {
      if (pkg.parseWebhookEvents(text).length !== 1) continue;
      singles += 1;
      check(pkg.parseWebhook(text), shapes.event, `${name} (parseWebhook string)`);
      check(pkg.parseWebhook(new TextEncoder().encode(text)), shapes.event, `${name} (parseWebhook bytes)`);
      const header = pkg.signWebhook(text, secret, { timestamp: now });
      check(pkg.verifyWebhook(text, header, secret, { now }), shapes.event, `${name} (verifyWebhook)`);
    }
    assert.ok(singles > bodies.length / 2, `only ${singles} single-event bodies`);
  });

  test('createWebhookHandler: the events handed to onEvent', async () => {
    const events = [];
    const handler = pkg.createWebhookHandler({ secret: false, onEvent: (event) => void events.push(event) });
    let expected = 0;
    for (const { name, text } of bodies) {
      expected += pkg.parseWebhookEvents(text).length;
      const response = await handler(new Request('https://receiver.example/hook', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }));
      assert.equal(response.status, 200, name);
    }
    assert.equal(events.length, expected);
    events.forEach((event, i) => check(event, shapes.event, `onEvent #${i}`));
  });

  test('reviveWebhookEvent: every event after a structured clone, and after JSON', () => {
    for (const { name, text } of bodies) {
      pkg.parseWebhookEvents(text).forEach((event, i) => {
        check(pkg.reviveWebhookEvent(structuredClone(event)), shapes.event, `${name} [${i}] (clone, revived)`);
        check(pkg.reviveWebhookEvent(JSON.stringify(event)), shapes.event, `${name} [${i}] (JSON, revived)`);
      });
    }
  });

  test('the nested content of every message-like event, checked against MessageContent directly', () => {
    let contents = 0;
    for (const { name, text } of bodies) {
      for (const event of pkg.parseWebhookEvents(text)) {
        if (event.content === null) continue;
        contents += 1;
        check(event.content, shapes.content, name, 'content');
      }
    }
    assert.ok(contents > 0);
  });
});

describe('coverage', () => {
  test('every variant and every nested object type the declarations name was met', (t) => {
    const declared = declaredCoverage(shapes.event);
    assert.ok(declared.variants.has('type=message') && declared.variants.has('content.type=text'), [...declared.variants].join(' '));
    const missingVariants = [...declared.variants].filter((v) => !seen.variants.has(v));
    assert.deepEqual(missingVariants, [], 'declared variants no body produced');
    const missingObjects = [...declared.objects].filter((p) => !seen.objects.has(p));
    assert.deepEqual(missingObjects, [], 'declared nested objects no body gave');
    // Nothing was met that the declarations do not name (the union check would have failed first).
    assert.deepEqual([...seen.variants].filter((v) => !declared.variants.has(v)), []);
    t.diagnostic(`${bodies.length} bodies, ${checkedObjects} objects checked; variants: ${[...declared.variants].join(' ')}; nested: ${[...declared.objects].join(' ')}`);
  });
});

describe('results of the client: runtime keys equal declared keys', () => {
  // The client reads answers served by an injected fetch: the docs' response fixtures, and
  // answers with every documented field (and one no version knows, kept only in raw).
  const ID = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
  const LOG = 'b2c3d4e5-f6a7-8901-bcde-f23456789012';
  const webhook = {
    id: ID,
    applicationId: '00000000-0000-0000-0000-000000000001',
    active: true,
    label: 'ReceivedMessages',
    eventType: 'Message',
    endpoint: 'https://your-server.com/webhooks/chatt2me',
    numberOfErrors: 0,
    authenticationProtocol: 'NoAuthentication',
    scope: null,
    isVerified: true,
    verifiedAt: '2026-02-09T12:10:00.000Z',
    createdDate: '2026-02-09T12:00:00.000Z',
    lastModifiedDate: '2026-02-09T12:10:00.000Z',
    requiresSignature: true,
    signingSecret: 'whsec_once',
    addedLater: { n: 1 },
  };
  const response = (name) => readFileSync(new URL(`chatt2me-site/responses/${name}.json`, FIXTURES), 'utf8');
  const answers = [
    ['sendInstagramMessage', (hub) => hub.sendInstagramMessage({ from: ID, to: '1', content: { text: 'x' } }), JSON.stringify({ messageId: 'm', recipientId: '1', type: 'Text' }), 'SendResult'],
    ['sendWhatsAppMessage', (hub) => hub.sendWhatsAppMessage({ from: ID, to: '5511993986082', content: { text: 'x' } }), JSON.stringify({ messageId: ID, status: 'sent' }), 'SendResult'],
    ['sendTelegramMessage', (hub) => hub.sendTelegramMessage({ from: ID, to: '1', content: { text: 'x' } }), JSON.stringify({ messageId: ID, status: 'enqueued' }), 'SendResult'],
    ['sendSmsMessage', (hub) => hub.sendSmsMessage({ from: ID, to: '+5511944574999', content: { text: 'x' } }), JSON.stringify({ messageId: ID, status: 'sent' }), 'SendResult'],
    ['sendWebChattMessage', (hub) => hub.sendWebChattMessage({ from: ID, to: 'v', content: { text: 'x' } }), JSON.stringify({ messageId: ID, status: 'sent' }), 'SendResult'],
    ['reply', (hub) => hub.reply(pkg.parseWebhook(JSON.stringify({ eventType: 'Message', channelId: ID, messageId: 'm', from: '5511993986082', channel: 'whatsapp', content: { type: 'text', text: 'hi' } })), { text: 'x' }), JSON.stringify({ messageId: ID, status: 'sent' }), 'SendResult'],
    ['webhooks.create', (hub) => hub.webhooks.create({ endpoint: webhook.endpoint, eventType: 'Message', authenticationProtocol: 'NoAuthentication' }), JSON.stringify(webhook), 'Webhook'],
    ['webhooks.get (sparse)', (hub) => hub.webhooks.get(ID), JSON.stringify({ id: ID }), 'Webhook'],
    ['webhooks.list', (hub) => hub.webhooks.list(), JSON.stringify({ data: [webhook], pagination: { offset: 0, limit: 20, total: 1, totalPages: 1 } }), 'WebhookPage'],
    ['webhooks.listLogs', (hub) => hub.webhooks.listLogs(ID), response('list-webhook-logs'), 'WebhookLogPage'],
    ['webhooks.retryLog', (hub) => hub.webhooks.retryLog(ID, LOG), response('retry-webhook-log'), 'RetriedLog'],
    ['webhooks.retryLogs', (hub) => hub.webhooks.retryLogs(ID, [LOG]), response('retry-webhook-logs-bulk'), 'RetriedLogs'],
  ];
  for (const [name, call, body, type] of answers) {
    test(`${name} → ${type}`, async () => {
      const fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
      const result = await call(new pkg.Chatt2me({ apiKey: 'sk_test_shapes', fetch }));
      check(result, shapes.results[type], name, type);
      if ('raw' in result && type === 'Webhook') assert.deepEqual(result.raw, JSON.parse(body));
    });
  }
});
