#!/usr/bin/env node
// The command line of chatt2me-wasm: `npx chatt2me-wasm webhooks …` and `npx chatt2me-wasm send …`.
// It only reads arguments, calls the client (which validates and makes the requests) and prints.
// The API key comes from CHATT2ME_API_KEY only, never from an argument, and is never printed.
// Exit codes: 0 done, 1 the API or the client's validation refused, 2 usage.
import { parseArgs } from "node:util";
import { Chatt2me, isChatt2meError } from "./node.js";

const BIN = "chatt2me-wasm";
const WEBHOOK_FLAGS = `  --endpoint URL        https (plain http only to 127.0.0.1, localhost, [::1])
  --event-type TYPE     Message | MessageStatus
  --auth PROTOCOL       NoAuthentication | Oauth20 | PasswordAuthentication | AWSSignatureV4 | JWT | JWTExchange
  --label LABEL         the name shown in the dashboard
  --scope SCOPE
  --header 'Key: value' sent on every delivery (repeatable)
  --signed              deliveries carry X-hub-Signature; the signing secret is printed once`;
const COMMON = `  --json                the result as JSON (dates as ISO strings, without \`raw\`)
  -h, --help            this help`;
const ENV = `Environment: CHATT2ME_API_KEY (required), CHATT2ME_BASE_URL (default https://api.chatt2.me),
CHATT2ME_TIMEOUT_MS (the whole call; default 30000).
Exit codes: 0 done; 1 the API or validation refused (a retry that was not made counts); 2 usage.`;

const HELP = {
  root: `Usage: ${BIN} <command> [options]

Commands:
  webhooks list|get|create|update|delete|logs|retry   manage webhook endpoints and their deliveries
  send                                                send a message on any channel

Run \`${BIN} <command> --help\` for its options.
${ENV}
`,
  webhooks: `Usage: ${BIN} webhooks <subcommand> [options]

Subcommands:
  list [--offset N] [--limit N] [--all]              the registered webhooks
  get <id>                                           one webhook
  create --endpoint URL --event-type T --auth P ...  register an endpoint (the Hub runs its handshake)
  update <id> [create's flags, at least one]         change a webhook
  delete <id>                                        remove a webhook
  logs <id> [--status S] [--offset N] [--limit N] [--all]   its delivery attempts, newest first
  retry <id> <logId...>                              re-send failed deliveries

Run \`${BIN} webhooks <subcommand> --help\` for its options.
${ENV}
`,
  list: `Usage: ${BIN} webhooks list [--offset N] [--limit N] [--all] [--json]

  --offset N            webhooks to skip (default 0)
  --limit N             page size, 1 to 50 (default 20; 50 with --all)
  --all                 every webhook from --offset on, page by page (--json: { data }, no pagination)
${COMMON}
`,
  get: `Usage: ${BIN} webhooks get <id> [--json]

${COMMON}
`,
  create: `Usage: ${BIN} webhooks create --endpoint URL --event-type TYPE --auth PROTOCOL [options]

${WEBHOOK_FLAGS}
${COMMON}
`,
  update: `Usage: ${BIN} webhooks update <id> [options, at least one]

${WEBHOOK_FLAGS}
  --unsigned            deliveries no longer carry X-hub-Signature
${COMMON}
`,
  delete: `Usage: ${BIN} webhooks delete <id> [--json]

${COMMON}
`,
  logs: `Usage: ${BIN} webhooks logs <id> [--status S] [--offset N] [--limit N] [--all] [--json]

  --status S            Success | Error | Failed (Error and Failed are the same)
  --offset N            entries to skip (default 0)
  --limit N             page size, 1 to 50 (default 20; 50 with --all)
  --all                 every entry from --offset on, page by page (--json: { data }, no pagination)
${COMMON}
`,
  retry: `Usage: ${BIN} webhooks retry <id> <logId...> [--json]

Re-sends failed deliveries (one log: retryLog, several: retryLogs). Exits 1 if any was not retried.
${COMMON}
`,
  send: `Usage: ${BIN} send --channel whatsapp|telegram|sms|web-chatt|instagram|messenger --from X --to Y (--text T | --image-url URL [--text caption])

  --channel CHANNEL     whatsapp | telegram | sms | web-chatt | instagram | messenger
  --from X              the channel UUID (WhatsApp, SMS: or the phone number; Telegram: or the bot
                        username; Instagram: or the username; Messenger: or the Page id; Web Chatt: the UUID only)
  --to Y                the recipient: WhatsApp 5511993986082 (no +), SMS +5511944574999,
                        Telegram the chat id, Web Chatt the visitor id, Instagram the IGSID, Messenger the PSID
  --text T              the text (with --image-url: its caption)
  --image-url URL       an https image (on SMS: sent as MMS)
${COMMON}
`,
};

class UsageError extends Error {}

const flag = (type, extra = {}) => ({ type, ...extra });
const BASE = { json: flag("boolean"), help: flag("boolean", { short: "h" }) };
const PAGE = { offset: flag("string"), limit: flag("string"), all: flag("boolean") };
const WEBHOOK = {
  endpoint: flag("string"),
  "event-type": flag("string"),
  auth: flag("string"),
  label: flag("string"),
  scope: flag("string"),
  header: flag("string", { multiple: true }),
  signed: flag("boolean"),
};
// The options and the positional arguments (`[min, max]`) of each command.
const COMMANDS = {
  list: [PAGE, [0, 0]],
  get: [{}, [1, 1]],
  create: [WEBHOOK, [0, 0]],
  update: [{ ...WEBHOOK, unsigned: flag("boolean") }, [1, 1]],
  delete: [{}, [1, 1]],
  logs: [{ ...PAGE, status: flag("string") }, [1, 1]],
  retry: [{}, [2, Infinity]],
  send: [{ channel: flag("string"), from: flag("string"), to: flag("string"), text: flag("string"), "image-url": flag("string") }, [0, 0]],
};
const ARGUMENTS = { get: "<id>", update: "<id>", delete: "<id>", logs: "<id>", retry: "<id> <logId...>" };

// Remote text (labels, error messages) goes to a terminal: control characters are shown escaped.
const clean = (s) => String(s).replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
const show = (v) => (v === null || v === undefined ? "-" : v instanceof Date ? v.toISOString() : typeof v === "boolean" ? (v ? "yes" : "no") : clean(v));

function table(rows, columns) {
  const cells = [Object.keys(columns), ...rows.map((row) => Object.values(columns).map((get) => show(get(row))))];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((line) => line[i].length)));
  return cells.map((line) => line.map((cell, i) => cell.padEnd(i === line.length - 1 ? 0 : widths[i])).join("  ")).join("\n");
}
const fields = (pairs) => table(pairs, { field: ([k]) => k, value: ([, v]) => v }).split("\n").slice(1).join("\n");

const WEBHOOK_COLUMNS = {
  id: (w) => w.id,
  label: (w) => w.label,
  eventType: (w) => w.eventType,
  endpoint: (w) => w.endpoint,
  verified: (w) => w.isVerified,
  signed: (w) => w.requiresSignature,
  errors: (w) => w.numberOfErrors,
};
const LOG_COLUMNS = { id: (l) => l.id, status: (l) => l.status, statusCode: (l) => l.statusCode, sendAt: (l) => l.sendAt, messageId: (l) => l.messageId };
const RETRY_COLUMNS = { webhookLogId: (r) => r.webhookLogId, retried: (r) => r.success, newLogId: (r) => r.newLogId };

function webhookText(w) {
  const lines = fields([
    ["id", w.id],
    ["label", w.label],
    ["eventType", w.eventType],
    ["endpoint", w.endpoint],
    ["active", w.active],
    ["verified", w.isVerified ? `yes (${show(w.verifiedAt)})` : w.isVerified],
    ["authentication", w.authenticationProtocol],
    ["scope", w.scope],
    ["signed", w.requiresSignature],
    ["errors", w.numberOfErrors],
    ["created", w.createdDate],
    ["modified", w.lastModifiedDate],
  ]);
  return w.signingSecret ? `${lines}\n\n${secretNote(w.signingSecret)}` : lines;
}
const secretNote = (secret) =>
  `signing secret: ${clean(secret)}\nKeep it now: it is not shown again. Verify deliveries with verifyWebhook(rawBody, header, secret).`;

/** A page (or, with --all, every item) as a table and where it stands. */
function pageText(page, columns, noun) {
  if (page.data.length === 0) return `no ${noun}`;
  const { pagination } = page;
  const count = pagination ? `${page.data.length} of ${show(pagination.total)} ${noun} (offset ${show(pagination.offset)})` : `${page.data.length} ${noun}`;
  return `${table(page.data, columns)}\n\n${count}`;
}

function integer(name, value) {
  if (value === undefined) return undefined;
  if (!/^-?[0-9]+$/.test(value)) throw new UsageError(`--${name} must be an integer, not "${value}"`);
  return Number(value);
}

function header(text) {
  const colon = text.indexOf(":");
  if (colon < 0) throw new UsageError(`--header must be 'Key: value', not "${text}"`);
  return { key: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() };
}

/** The webhook fields given on the command line (only those). */
function webhookInput(v) {
  if (v.signed && v.unsigned) throw new UsageError("--signed and --unsigned contradict each other");
  const input = {
    endpoint: v.endpoint,
    eventType: v["event-type"],
    authenticationProtocol: v.auth,
    label: v.label,
    scope: v.scope,
    headers: v.header?.map(header),
    requiresSignature: v.signed ? true : v.unsigned ? false : undefined,
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

function required(v, names) {
  const missing = names.filter((name) => v[name] === undefined);
  if (missing.length) throw new UsageError(`missing ${missing.map((n) => `--${n}`).join(", ")}`);
}

function client() {
  const env = process.env;
  if (!env.CHATT2ME_API_KEY) throw new UsageError("CHATT2ME_API_KEY is not set: export your application's API key in it");
  const options = { apiKey: env.CHATT2ME_API_KEY };
  if (env.CHATT2ME_BASE_URL) options.baseUrl = env.CHATT2ME_BASE_URL;
  if (env.CHATT2ME_TIMEOUT_MS) options.timeoutMs = Number(env.CHATT2ME_TIMEOUT_MS);
  try {
    return new Chatt2me(options);
  } catch (error) {
    // A bad CHATT2ME_BASE_URL or CHATT2ME_TIMEOUT_MS: the environment, so a usage error.
    throw isChatt2meError(error) ? new UsageError(`${error.code}: ${error.message}`) : error;
  }
}

/**
 * Runs one command. Resolves `{ json, text }` (what --json and the default print), with `secret`
 * (a signing secret in the result), `code` and `warning` (for stderr) when they apply.
 */
async function run(command, v, args) {
  const hub = client();
  const page = { offset: integer("offset", v.offset), limit: integer("limit", v.limit) };
  if (command === "send") {
    required(v, ["channel", "from", "to"]);
    if (v.text === undefined && v["image-url"] === undefined) throw new UsageError("missing --text or --image-url");
    const send = {
      whatsapp: hub.sendWhatsAppMessage,
      telegram: hub.sendTelegramMessage,
      sms: hub.sendSmsMessage,
      "web-chatt": hub.sendWebChattMessage,
      instagram: hub.sendInstagramMessage,
      messenger: hub.sendMessengerMessage,
    }[v.channel];
    if (!send) throw new UsageError(`--channel must be whatsapp, telegram, sms, web-chatt, instagram or messenger, not "${v.channel}"`);
    const content = v["image-url"] === undefined ? { text: v.text } : { imageUrl: v["image-url"], ...(v.text === undefined ? {} : { text: v.text }) };
    const r = await send.call(hub, { from: v.from, to: v.to, content });
    const pairs = [["messageId", r.messageId], ["status", r.status], ["recipientId", r.recipientId], ["type", r.type]];
    if (r.errorCode !== null || r.errorMessage !== null) pairs.push(["errorCode", r.errorCode], ["errorMessage", r.errorMessage]);
    return { json: r, text: fields(pairs) };
  }
  const [id, ...logIds] = args;
  switch (command) {
    case "list": {
      const result = v.all ? { data: await collect(hub.webhooks.all(page)) } : await hub.webhooks.list(page);
      return { json: result, text: pageText(result, WEBHOOK_COLUMNS, "webhooks") };
    }
    case "logs": {
      const options = { ...page, status: v.status };
      const result = v.all ? { data: await collect(hub.webhooks.allLogs(id, options)) } : await hub.webhooks.listLogs(id, options);
      return { json: result, text: pageText(result, LOG_COLUMNS, "log entries") };
    }
    case "get": {
      const w = await hub.webhooks.get(id);
      return { json: w, text: webhookText(w) };
    }
    case "create": {
      required(v, ["endpoint", "event-type", "auth"]);
      const w = await hub.webhooks.create(webhookInput(v));
      return { json: w, text: webhookText(w), secret: w.signingSecret };
    }
    case "update": {
      const patch = webhookInput(v);
      if (Object.keys(patch).length === 0) throw new UsageError("nothing to change: give at least one of the flags");
      const w = await hub.webhooks.update(id, patch);
      return { json: w, text: webhookText(w), secret: w.signingSecret };
    }
    case "delete":
      await hub.webhooks.delete(id);
      return { json: { id, deleted: true }, text: `deleted webhook ${clean(id)}` };
    case "retry": {
      const results =
        logIds.length === 1 ? [{ webhookLogId: logIds[0], ...(await hub.webhooks.retryLog(id, logIds[0])) }] : (await hub.webhooks.retryLogs(id, logIds)).results;
      const failed = results.filter((r) => r.success !== true).length;
      const json = logIds.length === 1 ? { success: results[0].success, newLogId: results[0].newLogId } : { results };
      return { json, text: table(results, RETRY_COLUMNS), code: failed ? 1 : 0, warning: failed ? `${failed} of ${results.length} not retried` : null };
    }
  }
}

async function collect(pages) {
  const items = [];
  for await (const item of pages) items.push(item);
  return items;
}

function errorText(error) {
  if (!isChatt2meError(error)) return `error: ${clean(error?.message ?? error)}`;
  if (error.name === "ValidationError") {
    const issues = error.issues.map((i) => `  ${i.path ? `${clean(i.path)}: ` : ""}${clean(i.message)} (${i.code})`);
    return [`ValidationError: ${error.issues.length} problem${error.issues.length === 1 ? "" : "s"}`, ...issues].join("\n");
  }
  if (error.name === "ApiError") {
    const id = error.requestId ? `\nrequest id: ${clean(error.requestId)}` : "";
    return `ApiError ${error.code} (status ${error.status}): ${clean(error.message)}${id}`;
  }
  return `${error.name} ${error.code}: ${clean(error.message)}`;
}

async function main(argv) {
  const out = (text) => process.stdout.write(`${text}\n`);
  const help = (name) => {
    out(HELP[name].trimEnd());
    return 0;
  };
  const usage = (message, topic) => {
    process.stderr.write(`${BIN}: ${clean(message)}\nRun \`${BIN} ${topic ? `${topic} ` : ""}--help\` for usage.\n`);
    return 2;
  };
  if (argv.some((a) => a === "--api-key" || a.startsWith("--api-key="))) {
    return usage("the API key is never an argument (it would stay in your shell history): set CHATT2ME_API_KEY instead", "");
  }
  let [command, ...rest] = argv;
  let helpName = command;
  if (command === undefined) return usage("missing command", "");
  if (command === "-h" || command === "--help" || command === "help") return help("root");
  if (command === "webhooks") {
    [command, ...rest] = rest;
    if (command === undefined) return usage("missing subcommand", "webhooks");
    if (command === "-h" || command === "--help") return help("webhooks");
    if (command === "send" || !COMMANDS[command]) return usage(`unknown subcommand "${command}"`, "webhooks");
    helpName = `webhooks ${command}`;
  } else if (command !== "send") {
    return usage(`unknown command "${command}"`, "");
  }
  const [options, [min, max]] = COMMANDS[command];
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...BASE, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    return usage(error.message, helpName);
  }
  const { values, positionals } = parsed;
  if (values.help) return help(command);
  if (positionals.length < min) return usage(`missing ${ARGUMENTS[command]}`, helpName);
  if (positionals.length > max) return usage(`unexpected argument "${positionals[max]}"`, helpName);
  try {
    const result = await run(command, values, positionals);
    if (values.json) {
      out(JSON.stringify(result.json, (key, value) => (key === "raw" ? undefined : value), 2));
      if (result.secret) process.stderr.write("signingSecret is in the output above: keep it now, it is not shown again.\n");
    } else {
      out(result.text);
    }
    if (result.warning) process.stderr.write(`${BIN}: ${result.warning}\n`);
    return result.code ?? 0;
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message, helpName);
    process.stderr.write(`${errorText(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
