// What real traffic carries, round two (issue #20, and #18 item 6), through the built package:
// every field Meta documents surfaces in the typed event (deliveries, opt-ins, handovers, account
// linking, standby, shares with their text, id and title, legacy fallback and location URLs,
// product elements, quick reply payloads whatever the content), the competitors' normalizer
// agrees field for field, and the validator accepts every body Meta documents (Messenger's call,
// log in, log out and game play buttons, media/receipt/product templates, http URLs, quick
// replies beside an attachment), Instagram's own rules where they differ, as the stand-in's
// schema does.
// Run: node --test tests/js/traffic.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as pkg from '../../pkg/node.js';
import { normalizeAll } from '../../bench/competitors/normalize.mjs';
import { validate as schema } from '../../standin/schema.mjs';
import { messageEvent } from '../../standin/events.mjs';
import { DEFAULT_CHANNELS } from '../../standin/channels.mjs';

const { parseWebhook, parseWebhookEvents, buildMessengerMessage, validateInstagramMessage, validateMessengerMessage, ValidationError } = pkg;
const REALWORLD = new URL('../fixtures/realworld/', import.meta.url);
const fixture = (file) => readFileSync(new URL(file, REALWORLD), 'utf8');
const plain = ({ raw, ...event }) => ({ ...event });
const page = (item) => JSON.stringify({ object: 'page', entry: [{ id: 'PAGE_ID', time: 1458692752478, messaging: [item] }] });
const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const codes = (issues) => issues.map((i) => [i.path, i.code]);

describe("webhooks: Messenger's other messaging fields are typed events", () => {
  test('delivery: the mids and the watermark', () => {
    const event = parseWebhook(fixture('messenger4j-delivery-with-mids.json'));
    assert.equal(event.type, 'delivery');
    assert.deepEqual(event.delivery, { messageIds: ['mid.1458668856218:ed81099e15d3f4f233'], watermark: 1458668856253 });
    assert.deepEqual([event.content, event.status, event.reaction], [null, null, null]);
    assert.ok(event.timestamp instanceof Date, 'the entry time stands in');
  });

  test("optin: Meta's one-time notification token and the checkbox plugin's user_ref", () => {
    const event = parseWebhook(page({ sender: { id: '<PSID>' }, recipient: { id: '<PAGE_ID>' }, timestamp: 1458692752478, optin: { type: 'one_time_notif_req', payload: '<USER_DEFINED_PAYLOAD>', one_time_notif_token: '<ONE_TIME_NOTIF_TOKEN>' } }));
    assert.equal(event.type, 'optin');
    assert.equal(event.optin.oneTimeNotifToken, '<ONE_TIME_NOTIF_TOKEN>');
    assert.equal(event.optin.type, 'one_time_notif_req');
    const checkbox = parseWebhook(fixture('messenger4j-optin-user-ref-no-sender.json'));
    assert.deepEqual([checkbox.from, checkbox.optin.ref, checkbox.optin.userRef], [null, 'PASS_THROUGH_PARAM', 'REF_FROM_CHECKBOX_PLUGIN']);
  });

  test('handover: pass, take and request thread control, app ids exact', () => {
    const events = parseWebhookEvents(fixture('gometa-fb-thread-control-policy-optin-batch.json'));
    assert.deepEqual(events.map((e) => e.type), ['handover', 'handover', 'unknown', 'optin']);
    assert.deepEqual(events[0].handover, { action: 'take', newOwnerAppId: '263902037430900', previousOwnerAppId: '111', requestedOwnerAppId: null, metadata: null });
    assert.equal(events[1].handover.action, 'pass');
    const big = parseWebhook('{"object":"page","entry":[{"id":"P","time":1,"messaging":[{"sender":{"id":"1"},"recipient":{"id":"P"},"timestamp":1,"request_thread_control":{"requested_owner_app_id":26390203743090012,"metadata":"m"}}]}]}');
    assert.deepEqual(big.handover, { action: 'request', newOwnerAppId: null, previousOwnerAppId: null, requestedOwnerAppId: '26390203743090012', metadata: 'm' });
    assert.equal(big.raw.entry[0].messaging[0].request_thread_control.requested_owner_app_id, '26390203743090012');
  });

  test('account_linking: status and authorization code', () => {
    const event = parseWebhook(fixture('messenger4j-account-linking-linked.json'));
    assert.equal(event.type, 'account_linking');
    assert.deepEqual(event.accountLinking, { status: 'linked', authorizationCode: 'PASS_THROUGH_AUTHORIZATION_CODE' });
  });

  test('standby: true on entry[].standby[] items only', () => {
    const events = parseWebhookEvents(fixture('botbuilder-standby-and-messaging-same-entry.json'));
    assert.deepEqual(events.map((e) => [e.type, e.standby]), [['unknown', true], ['unknown', true], ['message', false]]);
  });
});

describe('webhooks: what messages carry beside their content', () => {
  test("an Instagram post share: the text, Meta's ig_post_media_id as id, the caption as title", () => {
    const payload = { ig_post_media_id: '18139494541428835', title: 'Build a workspace', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18139494541428835' };
    const body = JSON.stringify({ object: 'instagram', entry: [{ time: 1761287298065, id: '1', messaging: [{ sender: { id: '2' }, recipient: { id: '1' }, timestamp: 1761287294014, message: { mid: 'm', text: 'look at this', attachments: [{ type: 'share', payload }, { type: 'ig_post', payload }] } }] }] });
    const event = parseWebhook(body);
    assert.deepEqual(event.content, { type: 'share', shareType: 'share', url: payload.url, id: '18139494541428835', title: 'Build a workspace', text: 'look at this' });
    assert.deepEqual(parseWebhook(fixture('office-ig-post-ig-post-media-id.json')).content.id, '18614582272044180');
  });

  test('legacy fallback and location: the url on the attachment itself', () => {
    const event = parseWebhook(fixture('messenger4j-attachments-image-fallback-location.json'));
    assert.deepEqual(event.attachments.map((a) => a.url), ['http://image.url', '<URL_OF_THE_ATTACHMENT>', null]);
    const location = parseWebhook(page({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, message: { mid: 'm', attachments: [{ type: 'location', title: 'Facebook HQ', url: 'https://www.facebook.com/l.php?u=x', payload: { coordinates: { lat: 37.48, long: -122.14 } } }] } }));
    assert.deepEqual([location.content.name, location.content.url], ['Facebook HQ', 'https://www.facebook.com/l.php?u=x']);
  });

  test('product template elements, and a quick reply payload without text or beside an attachment', () => {
    const product = parseWebhook(page({ sender: { id: 'P' }, recipient: { id: '1' }, timestamp: 1, message: { mid: 'm', is_echo: true, attachments: [{ type: 'template', payload: { product: { elements: [{ id: '1234567890', retailer_id: 'R-1', image_url: 'https://fb.cdn.com/p.jpg', title: 'Some product', subtitle: '$40' }] } } }] } }));
    assert.equal(product.content.templateType, 'product');
    assert.deepEqual(product.content.elements[0], { id: '1234567890', retailer_id: 'R-1', image_url: 'https://fb.cdn.com/p.jpg', title: 'Some product', subtitle: '$40' });
    const beside = parseWebhook(page({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, message: { mid: 'm', quick_reply: { payload: 'QR' }, attachments: [{ type: 'image', payload: { url: 'https://a.b/c.jpg' } }] } }));
    assert.deepEqual([beside.content.type, beside.quickReplyPayload], ['image', 'QR']);
    const alone = parseWebhook(page({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, message: { mid: 'm', quick_reply: { payload: 'QR2' } } }));
    assert.equal(alone.quickReplyPayload, 'QR2');
  });

  test("the competitors' normalizer gives the same events, for every real-world body", () => {
    let compared = 0;
    for (const file of readdirSync(REALWORLD).filter((f) => f.endsWith('.json'))) {
      const text = fixture(file);
      const json = JSON.parse(text);
      if (!json.object && !json.entry && !json.sender && !json.recipient) continue; // a send body
      if (json.recipient && json.message && !json.sender) continue;
      assert.deepEqual(parseWebhookEvents(text).map(plain), normalizeAll(json), file);
      compared += 1;
    }
    assert.ok(compared >= 10, `${compared} compared`);
  });
});

describe("send bodies: what Meta documents, per channel; the stand-in's schema agrees", () => {
  const content = (file) => {
    const v = JSON.parse(fixture(file));
    return v.message ?? v;
  };
  const both = (channel, body) => {
    const ours = (channel === 'instagram' ? validateInstagramMessage : validateMessengerMessage)(body);
    return [ours, schema(channel, body).ok];
  };

  test("Messenger's call button (a real body of another project): accepted on Messenger, refused on Instagram naming the channel", () => {
    const body = { from: IG, to: '1', content: content('messenger4j-generic-template-buttons.json') };
    assert.deepEqual(buildMessengerMessage(body), body);
    assert.deepEqual(both('messenger', body), [[], true]);
    const [issues, ok] = both('instagram', body);
    assert.equal(ok, false);
    assert.deepEqual(codes(issues), [['content.attachment.payload.elements[0].buttons[1].type', 'not_supported']]);
    assert.match(issues[0].message, /phone_number buttons are not available on Instagram; Meta offers them on Messenger only/);
    const bad = structuredClone(body);
    bad.content.attachment.payload.elements[0].buttons[1].payload = '510-555-1234';
    const [badIssues, badOk] = both('messenger', bad);
    assert.equal(badOk, false);
    assert.deepEqual(codes(badIssues), [['content.attachment.payload.elements[0].buttons[1].payload', 'invalid_format']]);
    assert.match(badIssues[0].message, /E\.164/);
  });

  test('log in / log out, media, receipt and product templates, http URLs: the bodies other projects send', () => {
    for (const file of ['messenger4j-generic-account-link-buttons.json', 'fbsamples-fb-media-template.json', 'messagingapis-receipt-template.json', 'messenger4j-receipt-template-u003d.json', 'backaged-ig-message-product-template.json', 'messagingapis-text-quick-replies-image-url.json']) {
      const body = { from: IG, to: '1', content: content(file) };
      assert.deepEqual(both('messenger', body), [[], true], file);
    }
    const product = { from: IG, to: '1', content: content('backaged-ig-message-product-template.json') };
    assert.deepEqual(both('instagram', product), [[], true]);
    for (const file of ['fbsamples-fb-media-template.json', 'messagingapis-receipt-template.json']) {
      const [issues, ok] = both('instagram', { from: IG, to: '1', content: content(file) });
      assert.equal(ok, false, file);
      assert.deepEqual(codes(issues), [['content.attachment.payload.template_type', 'not_supported']], file);
    }
    const [qrIssues] = both('instagram', { from: IG, to: '1', content: content('messagingapis-text-quick-replies-image-url.json') });
    assert.deepEqual(codes(qrIssues), [['content.quick_replies[0].image_url', 'invalid_url']]);
  });

  test("Meta's limits: receipt summary.total_cost, ≤ 100 receipt elements, one media element, ≤ 10 products", () => {
    const receipt = content('messagingapis-receipt-template.json');
    const without = structuredClone(receipt);
    delete without.attachment.payload.summary.total_cost;
    const cases = [
      [without, 'content.attachment.payload.summary.total_cost', 'required'],
      [{ attachment: { type: 'template', payload: { ...receipt.attachment.payload, elements: Array(101).fill(receipt.attachment.payload.elements[0]) } } }, 'content.attachment.payload.elements', 'too_many'],
      [{ attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: '1' }, { media_type: 'video', attachment_id: '2' }] } } }, 'content.attachment.payload.elements', 'too_many'],
      [{ attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'audio', attachment_id: '1' }] } } }, 'content.attachment.payload.elements[0].media_type', 'invalid_value'],
      [{ attachment: { type: 'template', payload: { template_type: 'product', elements: Array(11).fill({ id: '1' }) } } }, 'content.attachment.payload.elements', 'too_many'],
      [{ attachment: { type: 'template', payload: { template_type: 'button', text: 't', buttons: [{ type: 'web_url', url: 'http://a.example', title: 'Go', messenger_extensions: true }] } } }, 'content.attachment.payload.buttons[0].url', 'invalid_url'],
      [{ attachment: { type: 'template', payload: { template_type: 'button', text: 't', buttons: [{ type: 'account_link', url: 'http://a.example/auth' }] } } }, 'content.attachment.payload.buttons[0].url', 'invalid_url'],
    ];
    for (const [c, path, code] of cases) {
      const body = { from: IG, to: '1', content: c };
      const [issues, ok] = both('messenger', body);
      assert.deepEqual(codes(issues), [[path, code]], path);
      assert.equal(ok, false, `the schema refuses ${path}`);
      assert.throws(() => buildMessengerMessage(body), ValidationError);
    }
  });

  test('quick replies beside an attachment: Messenger yes, Instagram no; what Meta retired stays refused', () => {
    const c = { attachment: { type: 'image', payload: { url: 'https://a.example/x.jpg' } }, quick_replies: [{ content_type: 'text', title: 'Yes', payload: 'YES' }] };
    assert.deepEqual(both('messenger', { from: IG, to: '1', content: c }), [[], true]);
    const [issues, ok] = both('instagram', { from: IG, to: '1', content: c });
    assert.deepEqual([codes(issues), ok], [[['content.text', 'required']], false]);
    const [retired] = both('messenger', { from: IG, to: '1', content: content('messagingapis-one-time-notif-req.json') });
    assert.equal(retired[0].code, 'not_supported');
    assert.match(retired[0].message, /deprecated/);
  });
});

describe("the stand-in echoes Messenger's new templates, and the echo parses", () => {
  const channel = DEFAULT_CHANNELS.find((c) => c.kind === 'messenger');
  const echo = (content) => parseWebhook(JSON.stringify(messageEvent({ kind: 'messenger', channel, to: '1', content, messageId: 'm_1', now: 1_700_000_000_000 })));
  const read = (file) => {
    const v = JSON.parse(fixture(file));
    return v.message ?? v;
  };

  test('a product template echoes as payload.product.elements; media and receipt as sent; a call button on the buttons', () => {
    const product = echo(read('backaged-ig-message-product-template.json'));
    assert.equal(product.type, 'echo');
    assert.deepEqual([product.content.templateType, product.content.elements], ['product', [{ id: '<PRODUCT_ID_1>' }, { id: '<PRODUCT_ID_2>' }]]);
    const media = echo(read('fbsamples-fb-media-template.json'));
    assert.equal(media.content.templateType, 'media');
    assert.equal(media.content.elements[0].media_type, 'image');
    const receipt = echo(read('messagingapis-receipt-template.json'));
    assert.equal(receipt.content.templateType, 'receipt');
    const withoutElements = structuredClone(read('messagingapis-receipt-template.json'));
    delete withoutElements.attachment.payload.elements;
    assert.deepEqual(echo(withoutElements).content.elements, []);
    const call = echo({ attachment: { type: 'template', payload: { template_type: 'button', text: 'Need help?', buttons: [{ type: 'phone_number', title: 'Call Representative', payload: '+15105551234' }] } } });
    assert.deepEqual(call.content.buttons, [{ type: 'phone_number', title: 'Call Representative', url: null, payload: '+15105551234' }]);
  });
});
