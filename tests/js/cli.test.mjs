// The command line (`npx chatt2me-wasm …`, pkg/cli.js) run as a real process against the stand-in
// of the Hub API over loopback HTTP: help, usage errors (exit 2), every webhooks subcommand and
// send, human and --json output, validation and API errors (exit 1), and the key in no output.
// Requests are counted at the stand-in. Run: node --test tests/js/cli.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startStandin } from '../../standin/server.mjs';
import { verifyWebhook } from '../../pkg/node.js';

const CLI = fileURLToPath(new URL('../../pkg/cli.js', import.meta.url));
const KEY = 'sk_test_cli';
const WRONG_KEY = 'sk_test_WRONG_cli_789';
const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

let standin;
let receiver;
let endpoint;
// Deliveries (not handshakes) are answered 500 while this is true, so that they can be retried.
let failDeliveries = true;
const deliveries = [];
/** Everything the CLI printed, checked at the end for the key. */
const printed = [];

before(async () => {
  standin = await startStandin({ quiet: true, apiKey: KEY });
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const token = req.headers['x-validation-token'];
      if (req.method === 'POST' && token) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(token));
      }
      deliveries.push({ headers: req.headers, body });
      res.writeHead(failDeliveries ? 500 : 200);
      res.end(failDeliveries ? 'failing on purpose' : 'ok');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${receiver.address().port}/hooks`;
});
after(async () => {
  await standin?.close();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve()));
});

/** Runs the CLI; resolves `{ code, stdout, stderr }` whatever the exit code. */
function cli(args, { key = KEY, env = {} } = {}) {
  const base = { PATH: process.env.PATH, CHATT2ME_BASE_URL: standin.url };
  if (key !== null) base.CHATT2ME_API_KEY = key;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...base, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      printed.push(stdout, stderr);
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}
const json = async (args, options) => {
  const r = await cli([...args, '--json'], options);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};
const calls = () => standin.state.calls.length;

test('the package ships the CLI as its bin, executable, with a shebang', async () => {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
  assert.deepEqual(pkg.bin, { 'chatt2me-wasm': './cli.js' });
  assert.ok(statSync(CLI).mode & 0o111, 'pkg/cli.js is not executable');
  assert.match(await readFile(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

describe('help', () => {
  const cases = [
    [['--help'], /^Usage: chatt2me-wasm <command>/],
    [['-h'], /^Usage: chatt2me-wasm <command>/],
    [['webhooks', '--help'], /^Usage: chatt2me-wasm webhooks <subcommand>/],
    [['webhooks', 'list', '--help'], /^Usage: chatt2me-wasm webhooks list \[--offset N\]/],
    [['webhooks', 'get', '-h'], /^Usage: chatt2me-wasm webhooks get <id>/],
    [['webhooks', 'create', '--help'], /^Usage: chatt2me-wasm webhooks create --endpoint URL/],
    [['webhooks', 'update', '--help'], /^Usage: chatt2me-wasm webhooks update <id>[^]*--unsigned/],
    [['webhooks', 'delete', '--help'], /^Usage: chatt2me-wasm webhooks delete <id>/],
    [['webhooks', 'logs', '--help'], /^Usage: chatt2me-wasm webhooks logs <id> \[--status S\]/],
    [['webhooks', 'retry', '--help'], /^Usage: chatt2me-wasm webhooks retry <id> <logId\.\.\.>/],
    [['send', '--help'], /^Usage: chatt2me-wasm send --channel whatsapp\|telegram\|sms\|web-chatt\|instagram\|messenger/],
  ];
  for (const [args, usage] of cases) {
    test(args.join(' '), async () => {
      // No key needed for help, and none is asked for.
      const r = await cli(args, { key: null });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, usage);
      assert.equal(r.stderr, '');
    });
  }
  test('the root help names the environment and the exit codes', async () => {
    const r = await cli(['--help']);
    assert.match(r.stdout, /CHATT2ME_API_KEY/);
    assert.match(r.stdout, /Exit codes: 0 .*; 1 .*; 2 usage/);
  });
});

describe('usage errors exit 2 and make no request', () => {
  const cases = [
    ['no command', [], /missing command/],
    ['unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['no subcommand', ['webhooks'], /missing subcommand/],
    ['unknown subcommand', ['webhooks', 'purge'], /unknown subcommand "purge"/],
    ['unknown flag', ['webhooks', 'list', '--verbose'], /Unknown option '--verbose'/],
    ['missing id', ['webhooks', 'get'], /missing <id>/],
    ['extra argument', ['webhooks', 'get', UNKNOWN, 'more'], /unexpected argument "more"/],
    ['retry without a log id', ['webhooks', 'retry', UNKNOWN], /missing <id> <logId\.\.\.>/],
    ['create without --auth', ['webhooks', 'create', '--endpoint', 'https://example.com/h', '--event-type', 'Message'], /missing --auth/],
    ['update with nothing to change', ['webhooks', 'update', UNKNOWN], /nothing to change/],
    ['a header without a colon', ['webhooks', 'update', UNKNOWN, '--header', 'X-Env test'], /--header must be 'Key: value'/],
    ['a limit that is not a number', ['webhooks', 'list', '--limit', 'ten'], /--limit must be an integer, not "ten"/],
    ['send without --text or --image-url', ['send', '--channel', 'instagram', '--from', IG, '--to', '1'], /missing --text or --image-url/],
    ['send on an unknown channel', ['send', '--channel', 'carrier-pigeon', '--from', IG, '--to', '1', '--text', 'x'], /--channel must be whatsapp, telegram, sms, web-chatt, instagram or messenger/],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const before = calls();
      const r = await cli(args);
      assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /Run `chatt2me-wasm .*--help` for usage/);
      assert.equal(r.stdout, '');
      assert.equal(calls(), before, 'a usage error reached the API');
    });
  }

  test('--api-key is refused, pointing at CHATT2ME_API_KEY, and its value is not echoed', async () => {
    for (const args of [['webhooks', 'list', '--api-key', 'sk_typed_in_shell'], ['--api-key=sk_typed_in_shell', 'send']]) {
      const r = await cli(args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /never an argument.*set CHATT2ME_API_KEY/);
      assert.ok(!`${r.stdout}${r.stderr}`.includes('sk_typed_in_shell'));
    }
  });

  test('no CHATT2ME_API_KEY', async () => {
    for (const key of [null, '']) {
      const r = await cli(['webhooks', 'list'], { key });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /CHATT2ME_API_KEY is not set/);
    }
  });

  test('a bad CHATT2ME_BASE_URL or CHATT2ME_TIMEOUT_MS', async () => {
    let r = await cli(['webhooks', 'list'], { env: { CHATT2ME_BASE_URL: 'http://example.com' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid_config: baseUrl/);
    r = await cli(['webhooks', 'list'], { env: { CHATT2ME_TIMEOUT_MS: '-1' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid_config: timeoutMs/);
  });
});

describe('a webhook from create to delete', () => {
  let id; // Message, signed, created with the human output
  let other; // MessageStatus, created with --json
  let messageId;
  let failedLogId;
  let newLogId;

  test('create, human output, signed: the secret is shown once with a note', async () => {
    const r = await cli([
      'webhooks', 'create', '--endpoint', endpoint, '--event-type', 'Message', '--auth', 'NoAuthentication',
      '--label', 'cli primary', '--header', 'X-Env: test', '--signed',
    ]);
    assert.equal(r.code, 0, r.stderr);
    id = /^id\s+(\S+)$/m.exec(r.stdout)?.[1];
    assert.match(id ?? '', UUID);
    const stored = standin.state.webhooks.get(id);
    assert.equal(stored.label, 'cli primary');
    assert.deepEqual(stored.headers, [{ key: 'X-Env', value: 'test' }]);
    assert.equal(stored.requiresSignature, true);
    assert.match(r.stdout, /^label\s+cli primary$/m);
    assert.match(r.stdout, /^eventType\s+Message$/m);
    assert.match(r.stdout, new RegExp(`^endpoint\\s+${endpoint.replace(/[.]/g, '\\.')}$`, 'm'));
    assert.match(r.stdout, /^verified\s+yes \(\d{4}-\d\d-\d\dT/m);
    assert.match(r.stdout, new RegExp(`^signing secret: ${stored.signingSecret}$`, 'm'));
    assert.match(r.stdout, /not shown again/);
  });

  test('create --json: the Webhook with ISO dates and without raw', async () => {
    const w = await json([
      'webhooks', 'create', '--endpoint', endpoint, '--event-type', 'MessageStatus', '--auth', 'NoAuthentication', '--label', 'cli statuses',
    ]);
    other = w.id;
    assert.match(other, UUID);
    assert.equal(w.eventType, 'MessageStatus');
    assert.equal(w.endpoint, endpoint);
    assert.equal(w.label, 'cli statuses');
    assert.equal(w.isVerified, true);
    assert.match(w.createdDate, ISO);
    assert.match(w.verifiedAt, ISO);
    assert.equal(w.signingSecret, null);
    assert.ok(!('raw' in w));
  });

  test('create --json --signed: the secret in the JSON, the note on stderr', async () => {
    const r = await cli([
      'webhooks', 'create', '--endpoint', endpoint, '--event-type', 'MessageStatus', '--auth', 'NoAuthentication', '--label', 'cli signed json', '--signed', '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const w = JSON.parse(r.stdout);
    assert.equal(w.signingSecret, standin.state.webhooks.get(w.id).signingSecret);
    assert.match(r.stderr, /not shown again/);
    assert.equal((await cli(['webhooks', 'delete', w.id])).code, 0);
  });

  test('list: an aligned table holding both', async () => {
    const r = await cli(['webhooks', 'list']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^id\s+label\s+eventType\s+endpoint\s+verified\s+signed\s+errors$/);
    const row = lines.find((line) => line.startsWith(id));
    assert.ok(row, r.stdout);
    assert.match(row, /cli primary\s+Message\s+http:\/\/127\.0\.0\.1:\d+\/hooks\s+yes\s+\S+\s+0$/);
    // Columns line up: each value starts where its header does.
    for (const column of ['label', 'eventType', 'endpoint']) {
      const value = { label: 'cli primary', eventType: 'Message', endpoint }[column];
      assert.equal(row.indexOf(value), lines[0].indexOf(column), column);
    }
    assert.ok(lines.some((line) => line.startsWith(other)));
    assert.equal(lines.at(-1), '2 of 2 webhooks (offset 0)');
  });

  test('list --json, a page, --all across pages', async () => {
    const page = await json(['webhooks', 'list']);
    assert.deepEqual(page.data.map((w) => w.id).sort(), [id, other].sort());
    assert.deepEqual(page.pagination, { offset: 0, limit: 20, total: 2, totalPages: 1 });
    assert.ok(page.data.every((w) => !('raw' in w) && ISO.test(w.createdDate)));

    const first = await json(['webhooks', 'list', '--limit', '1']);
    assert.equal(first.data.length, 1);
    assert.deepEqual(first.pagination, { offset: 0, limit: 1, total: 2, totalPages: 2 });

    const before = calls();
    const all = await json(['webhooks', 'list', '--all', '--limit', '1']);
    assert.deepEqual(all.data.map((w) => w.id).sort(), [id, other].sort());
    assert.ok(calls() - before >= 2, 'all pages were not fetched one by one');
  });

  test('get, human and --json', async () => {
    const r = await cli(['webhooks', 'get', id]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^id\\s+${id}$`, 'm'));
    assert.match(r.stdout, /^authentication\s+NoAuthentication$/m);
    assert.ok(!/signing secret/.test(r.stdout), 'get showed a secret');
    const w = await json(['webhooks', 'get', id]);
    assert.equal(w.id, id);
    assert.equal(w.label, 'cli primary');
    assert.equal(w.numberOfErrors, 0);
  });

  test('update: only the flags given change', async () => {
    const r = await cli(['webhooks', 'update', id, '--label', 'cli renamed', '--header', 'X-Env: staging', '--header', 'X-Team:ops']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^label\s+cli renamed$/m);
    const stored = standin.state.webhooks.get(id);
    assert.deepEqual(stored.headers, [{ key: 'X-Env', value: 'staging' }, { key: 'X-Team', value: 'ops' }]);
    assert.equal(stored.endpoint, endpoint);
    assert.equal(stored.eventType, 'Message');
    assert.equal(stored.requiresSignature, true);
    const w = await json(['webhooks', 'get', id]);
    assert.equal(w.label, 'cli renamed');
  });

  test('remote text is printed with its control characters escaped', async () => {
    const r = await cli(['webhooks', 'update', id, '--label', 'red\x1b[31m\nline']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(standin.state.webhooks.get(id).label, 'red\x1b[31m\nline');
    assert.match(r.stdout, /^label\s+red\\u001b\[31m\\u000aline$/m);
    assert.ok(!r.stdout.includes('\x1b'));
    assert.equal((await json(['webhooks', 'get', id])).label, 'red\x1b[31m\nline');
    assert.equal((await cli(['webhooks', 'update', id, '--label', 'cli renamed'])).code, 0);
  });

  test('send, human output, delivers to the Message webhook', async () => {
    const r = await cli(['send', '--channel', 'instagram', '--from', IG, '--to', '1234567890', '--text', 'hi']);
    assert.equal(r.code, 0, r.stderr);
    messageId = /^messageId\s+(\S+)$/m.exec(r.stdout)?.[1];
    assert.ok(messageId, r.stdout);
    assert.match(r.stdout, /^status\s+sent$/m);
    assert.match(r.stdout, /^recipientId\s+1234567890$/m);
    assert.equal(standin.state.messages.at(-1).messageId, messageId);
    await standin.state.settled();
    // The Message webhook gets the relayed send, with its (updated) headers, signed.
    const delivered = deliveries.find((d) => d.headers['x-env'] === 'staging' && JSON.parse(d.body).eventType === 'Message');
    assert.ok(delivered, `no delivery to the receiver: ${JSON.stringify(deliveries)}`);
    const event = verifyWebhook(delivered.body, delivered.headers['x-hub-signature'], standin.state.webhooks.get(id).signingSecret);
    assert.equal(event.to, '1234567890');
    assert.equal(event.content.type, 'text');
    assert.equal(event.content.text, 'hi');
  });

  test('send --json', async () => {
    const r = await json(['send', '--channel', 'messenger', '--from', '847421668462669', '--to', '26203292189261166', '--text', 'hello']);
    assert.equal(r.status, 'sent');
    assert.equal(r.recipientId, '26203292189261166');
    assert.equal(r.messageId, standin.state.messages.at(-1).messageId);
    assert.ok(!('raw' in r));
    await standin.state.settled();
  });

  test('send --channel on WhatsApp, Telegram, SMS and Web Chatt (issue #21)', async () => {
    for (const [channel, from, to, kind] of [
      ['whatsapp', '3f1c2a5e-7b8d-4e6f-9a0b-1c2d3e4f5a6b', '5511993986082', 'whatsapp'],
      ['telegram', '@chatt2me_demo_bot', '123456789', 'telegram'],
      ['sms', '+12025550100', '+5511944574999', 'sms'],
      ['web-chatt', 'c0ffee00-1234-4abc-8def-0123456789ab', 'visitor-1f2e3d4c', 'webchatt'],
    ]) {
      const r = await json(['send', '--channel', channel, '--from', from, '--to', to, '--text', `hello on ${channel}`]);
      assert.equal(r.status, 'sent', channel);
      assert.equal(standin.state.messages.at(-1).kind, kind);
      assert.equal(standin.state.messages.at(-1).messageId, r.messageId);
    }
    const gone = await cli(['send', '--channel', 'web-chatt', '--from', 'c0ffee00-1234-4abc-8def-0123456789ab', '--to', 'visitor-gone', '--text', 'hi']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /session_not_found/);
    const refused = await cli(['send', '--channel', 'sms', '--from', '+12025550100', '--to', '5511944574999', '--text', 'x']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^ {2}to: .*\+/m);
    await standin.state.settled();
  });

  test('logs: the failed delivery, table and --json', async () => {
    const page = await json(['webhooks', 'logs', id]);
    const entry = page.data.find((log) => log.messageId === messageId);
    assert.ok(entry, JSON.stringify(page));
    assert.equal(entry.status, 'Error');
    assert.equal(entry.statusCode, 500);
    assert.equal(entry.webhookId, id);
    assert.match(entry.sendAt, ISO);
    assert.ok(!('raw' in entry));
    failedLogId = entry.id;

    const r = await cli(['webhooks', 'logs', id, '--status', 'Failed']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^id\s+status\s+statusCode\s+sendAt\s+messageId$/);
    const row = lines.find((line) => line.startsWith(failedLogId));
    assert.match(row, new RegExp(`^${failedLogId}\\s+Error\\s+500\\s+${entry.sendAt.replace(/[.]/g, '\\.')}\\s+${messageId}$`));
    const errors = page.data.filter((log) => log.status === 'Error').length;
    assert.ok(errors >= 1);
    assert.equal(lines.at(-1), `${errors} of ${errors} log entries (offset 0)`);

    assert.deepEqual((await json(['webhooks', 'logs', id, '--status', 'Success'])).data, []);
    const none = await cli(['webhooks', 'logs', id, '--status', 'Success']);
    assert.equal(none.stdout, 'no log entries\n');
  });

  test('retry one log: retryLog, the new attempt succeeds', async () => {
    failDeliveries = false;
    const r = await cli(['webhooks', 'retry', id, failedLogId]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^webhookLogId\s+retried\s+newLogId$/);
    const match = new RegExp(`^${failedLogId}\\s+yes\\s+(\\S+)$`).exec(lines[1]);
    assert.ok(match, r.stdout);
    newLogId = match[1];
    assert.match(newLogId, UUID);
    assert.equal(standin.state.calls.at(-1).path, `/v1/organization/webhook/${id}/webhook-log/${failedLogId}/retry`);

    const success = await json(['webhooks', 'logs', id, '--status', 'Success', '--all']);
    const entry = success.data.find((log) => log.id === newLogId);
    assert.equal(entry?.statusCode, 200);
    assert.equal(entry.messageId, messageId);
  });

  test('retry several: retryLogs; one not retried exits 1 with the results still printed', async () => {
    const r = await cli(['webhooks', 'retry', id, failedLogId, newLogId, '--json']);
    assert.equal(r.code, 1);
    const { results } = JSON.parse(r.stdout);
    assert.equal(results.length, 2);
    assert.equal(results[0].webhookLogId, failedLogId);
    assert.equal(results[0].success, true);
    assert.match(results[0].newLogId, UUID);
    assert.deepEqual(results[1], { webhookLogId: newLogId, success: false, newLogId: null });
    assert.match(r.stderr, /1 of 2 not retried/);
    assert.equal(standin.state.calls.at(-1).path, `/v1/organization/webhook/${id}/webhook-log/retry`);
  });

  test('a validation error of the client: exit 1, every issue by path, no request', async () => {
    const before = calls();
    const r = await cli([
      'webhooks', 'create', '--endpoint', 'http://example.com', '--event-type', 'Message', '--auth', 'NoAuthentication', '--header', 'bad key: v',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^ValidationError: 2 problems$/m);
    assert.match(r.stderr, /^ {2}endpoint: .*http:\/\/example\.com.* \(invalid_url\)$/m);
    assert.match(r.stderr, /^ {2}headers\[0\]\.key: .* \(invalid_format\)$/m);
    assert.equal(r.stdout, '');

    const logs = await cli(['webhooks', 'logs', id, '--limit', '51', '--status', 'Pending']);
    assert.equal(logs.code, 1);
    assert.match(logs.stderr, /^ {2}limit: .* \(invalid_value\)$/m);
    assert.match(logs.stderr, /^ {2}status: .*/m);

    const send = await cli(['send', '--channel', 'instagram', '--from', IG, '--to', 'has space', '--text', '']);
    assert.equal(send.code, 1);
    assert.match(send.stderr, /^ {2}to: /m);
    assert.match(send.stderr, /^ {2}content\.text: .* \(too_short\)$/m);
    assert.equal(calls(), before, 'an invalid input reached the API');
  });

  test('delete, then get: webhook_not_found', async () => {
    const r = await cli(['webhooks', 'delete', id]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `deleted webhook ${id}\n`);
    assert.equal(standin.state.webhooks.has(id), false);
    assert.deepEqual(await json(['webhooks', 'delete', other]), { id: other, deleted: true });

    const gone = await cli(['webhooks', 'get', id]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^ApiError webhook_not_found \(status 404\): /);
    assert.match(gone.stderr, /^request id: [0-9a-f-]{36}$/m);
    assert.equal(gone.stdout, '');
    assert.deepEqual((await json(['webhooks', 'list'])).data, []);
    assert.equal((await cli(['webhooks', 'list'])).stdout, 'no webhooks\n');
  });
});

test('an unknown webhook: exit 1, webhook_not_found', async () => {
  const r = await cli(['webhooks', 'get', UNKNOWN, '--json']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^ApiError webhook_not_found \(status 404\): .*not found/);
  assert.equal(r.stdout, '');
});

test('a wrong key: unauthorized, exit 1, the key in no output', async () => {
  for (const args of [['webhooks', 'list'], ['send', '--channel', 'instagram', '--from', IG, '--to', '1', '--text', 'x']]) {
    const r = await cli(args, { key: WRONG_KEY });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^ApiError unauthorized \(status 401\)/);
    assert.ok(!`${r.stdout}${r.stderr}`.includes(WRONG_KEY), r.stderr);
  }
});

test('an API that does not answer: a typed network error, exit 1', async () => {
  const r = await cli(['webhooks', 'list'], { env: { CHATT2ME_BASE_URL: 'http://127.0.0.1:9' } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^NetworkError network: /);
});

test('the key never appears in any output', () => {
  assert.ok(printed.length > 50, 'too few runs recorded');
  for (const text of printed) assert.ok(!text.includes(KEY), text);
});
