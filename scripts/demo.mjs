// `make demo`: the whole job end to end, through the built package.
//
// By default it starts the local stand-in of the Hub API and a webhook receiver built on
// createWebhookHandler, registers the receiver with signing on (hub.webhooks.create), sends one
// message of each kind on Instagram and Messenger and on each of WhatsApp, Telegram, SMS and Web
// Chatt, answers an inbound WhatsApp message with hub.reply, and prints each send result and
// each verified typed event that arrives.
// Then it makes one delivery fail on purpose, finds it in the delivery log, re-sends it, shows
// the new attempt succeed, and deletes its webhooks. With CHATT2ME_API_KEY, CHATT2ME_FROM and
// CHATT2ME_TO set (and optionally CHATT2ME_BASE_URL) it sends to the real API instead, and lists
// the webhooks registered there.
import { createServer } from "node:http";
import { once } from "node:events";
import {
  Chatt2me,
  buildInstagramMessage,
  validateInstagramMessage,
  createWebhookHandler,
  isChatt2meError,
} from "../pkg/node.js";

const tty = process.stdout.isTTY;
const paint = (code) => (s) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = paint("1");
const dim = paint("2");
const green = paint("32");
const red = paint("31");
const cyan = paint("36");

const say = (...lines) => console.log(...lines);
const heading = (s) => say(`\n${bold(s)}`);

/** One message of each kind, in both content models. */
function messages(from, to) {
  const mid = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDc4NTIwMzA3MzQyOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI3NjAzNTI3NzI5ODYzMDkzODozMjU2NTQ3Njc1OTE5NzUwNTY4MjQwMjMzNzY4NDk3OTcxMgZDZD";
  const image = "https://img.odcdn.com.br/wp-content/uploads/2025/03/pokemon-tipo-1920x1080.jpg";
  const content = {
    "text": { text: "Hello from chatt2me-wasm!" },
    "quick replies": {
      text: "Como posso ajudar?",
      quick_replies: [
        { content_type: "text", title: "Suporte", payload: "SUPORTE" },
        { content_type: "text", title: "Vendas", payload: "VENDAS" },
      ],
    },
    "image attachment": { attachment: { type: "image", payload: { url: image } } },
    "like_heart sticker": { attachment: { type: "like_heart" } },
    "button template": {
      attachment: {
        type: "template",
        payload: {
          template_type: "button",
          text: "Tap a button",
          buttons: [
            { type: "web_url", url: "https://www.messenger.com", title: "Abrir" },
            { type: "postback", title: "Falar com suporte", payload: "SUPORTE" },
          ],
        },
      },
    },
    "generic template": {
      attachment: {
        type: "template",
        payload: {
          template_type: "generic",
          elements: [{ title: "Card 1", subtitle: "Subtitle 1", image_url: image, buttons: [{ type: "postback", title: "Select", payload: "CARD1" }] }],
        },
      },
    },
    "reaction": { sender_action: "react", payload: { message_id: mid, reaction: "love" } },
    "Hub imageUrl + caption": { imageUrl: image, text: "Optional caption" },
    "Hub interactive buttons": {
      interactive: {
        type: "button",
        body: { text: "How can I help you?" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "SUPPORT", title: "Support" } },
            { type: "reply", reply: { id: "SALES", title: "Sales" } },
          ],
        },
      },
    },
  };
  return Object.entries(content).map(([kind, c]) => ({ kind, body: { from, to, content: c } }));
}

const short = (id) => (id && id.length > 28 ? `${id.slice(0, 27)}…` : id ?? "null");

function showResult(kind, result) {
  say(`  ${green("sent")}  ${kind.padEnd(24)} ${dim("messageId")} ${short(result.messageId)}  ${dim("status")} ${result.status ?? "-"}  ${dim("type")} ${result.type ?? "-"}`);
}

function showError(kind, e) {
  if (!isChatt2meError(e)) throw e;
  const extra = e.status ? ` ${dim("status")} ${e.status}` : "";
  say(`  ${red("failed")} ${kind.padEnd(23)} ${e.name} ${dim("code")} ${e.code}${extra}\n         ${e.message}`);
}

function showEvent(event) {
  const c = event.content;
  const what = c ? `content.type=${c.type}${c.type === "text" ? ` "${c.text}"` : ""}` : event.reaction ? `reaction=${event.reaction.action}:${event.reaction.reaction ?? ""}` : `status=${event.status}`;
  const who = event.to ? `${dim("to")} ${event.to}` : `${dim("from")} ${event.from ?? "-"}`;
  say(`  ${cyan("event")} ${event.type.padEnd(8)} ${dim("eventType")} ${event.eventType}  ${dim("channel")} ${event.channel}  ${who}  ${what}`);
}

async function realApi() {
  const { CHATT2ME_API_KEY: apiKey, CHATT2ME_FROM: from, CHATT2ME_TO: to, CHATT2ME_BASE_URL: baseUrl } = process.env;
  heading(`Sending to the real Hub API at ${baseUrl ?? "https://api.chatt2.me"} (CHATT2ME_API_KEY is set)`);
  say(dim("  Webhooks are not received in this mode: the Hub delivers them to your registered endpoint."));
  const hub = new Chatt2me({ apiKey, baseUrl, maxRetries: 1 });
  let failures = 0;
  try {
    const { data, pagination } = await hub.webhooks.list({ limit: 50 });
    say(`  ${pagination.total ?? data.length} webhook(s) registered`);
    for (const webhook of data) showWebhook(webhook);
  } catch (e) {
    failures += 1;
    showError("webhooks.list", e);
  }
  for (const { kind, body } of messages(from, to).slice(0, 2)) {
    try {
      showResult(kind, await hub.sendInstagramMessage(body));
    } catch (e) {
      failures += 1;
      showError(kind, e);
    }
  }
  return failures === 0 ? 0 : 1;
}

function showWebhook(w) {
  const verified = w.isVerified ? green("verified") : red("NOT verified");
  say(`  ${dim("webhook")} ${w.id}  ${(w.label ?? "-").padEnd(20)} ${(w.eventType ?? "-").padEnd(13)} ${verified}  ${dim(w.endpoint ?? "")}`);
}

function showLog(log) {
  const status = log.status === "Success" ? green(log.status) : red(log.status ?? "-");
  say(`  ${dim("log")} ${log.id}  ${status.padEnd(tty ? 16 : 7)} ${dim("statusCode")} ${log.statusCode}  ${dim("sendAt")} ${log.sendAt?.toISOString() ?? "-"}  ${dim("messageId")} ${short(log.messageId)}`);
}

/** A node:http server in front of a fetch-style handler. */
async function startReceiver(handle) {
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers,
      body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
    });
    const response = await handle(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, url: `http://127.0.0.1:${server.address().port}/webhooks/chatt2me` };
}

async function standinDemo() {
  const { startStandin } = await import("../standin/server.mjs");
  const apiKey = "sk_test_demo";
  const standin = await startStandin({ apiKey, quiet: true });
  const instagram = "6cbd6789-1d2b-47e0-9391-5eb91d2839ea";
  const igsid = "847495124317323";
  heading(`Local stand-in of the Hub API at ${standin.url}`);
  say(dim("  (set CHATT2ME_API_KEY, CHATT2ME_FROM and CHATT2ME_TO to send to the real API instead)"));

  // The receiver answers the verification handshake first; once the webhook is registered it
  // verifies every delivery with the signing secret the API returned. `failNext` makes it answer
  // one delivery with a 500, as a receiver that is down would.
  const events = [];
  const onEvent = (event) => {
    events.push(event);
    showEvent(event);
  };
  let failNext = false;
  // Until the webhooks exist there is no signing secret: this first handler answers the
  // X-Validation-Token handshake of hub.webhooks.create and is replaced before any message.
  let handle = createWebhookHandler({ secret: false, onEvent });
  const receiver = await startReceiver((request) => {
    if (failNext && !request.headers.has("x-validation-token")) {
      failNext = false;
      return new Response("down for maintenance", { status: 500 });
    }
    return handle(request);
  });
  const hub = new Chatt2me({ apiKey, baseUrl: standin.url });

  heading("Registering the receiver (hub.webhooks.create)");
  const webhooks = [];
  for (const eventType of ["Message", "MessageStatus"]) {
    const webhook = await hub.webhooks.create({
      label: `demo-${eventType}`,
      endpoint: receiver.url,
      eventType,
      authenticationProtocol: "NoAuthentication",
      requiresSignature: true,
    });
    say(`  webhook ${eventType.padEnd(13)} ${webhook.isVerified ? green("verified") : red("NOT verified")} (X-Validation-Token handshake), signing on`);
    webhooks.push(webhook);
  }
  handle = createWebhookHandler({ secret: webhooks.map((w) => w.signingSecret), onEvent });
  const listed = await hub.webhooks.list();
  say(`  hub.webhooks.list() → ${listed.pagination.total} webhooks`);
  for (const webhook of listed.data) showWebhook(webhook);

  heading("Building and validating before anything is sent");
  const body = buildInstagramMessage({ from: instagram, to: igsid, content: { text: "Hi!" } });
  say(`  buildInstagramMessage → ${JSON.stringify(body)}`);
  const bad = { from: "chatt2me demo", to: igsid, content: { text: "Pick one", quick_replies: [{ content_type: "text", title: "A title that is far too long", payload: "X" }] } };
  for (const issue of validateInstagramMessage(bad)) {
    say(`  ${red("issue")} ${issue.path.padEnd(30)} ${issue.code.padEnd(15)} ${issue.message}`);
  }

  heading("Sending one message of each kind (events arrive as the Hub delivers them)");
  for (const { kind, body } of messages(instagram, igsid)) {
    try {
      showResult(kind, await hub.sendInstagramMessage(body));
    } catch (e) {
      showError(kind, e);
    }
    await standin.state.settled();
  }
  try {
    const r = await hub.sendMessengerMessage({ from: "847421668462669", to: "26203292189261166", content: { text: "Hello from chatt2me-wasm!" } });
    showResult("Messenger text", r);
  } catch (e) {
    showError("Messenger text", e);
  }
  await standin.state.settled();

  heading("Every Hub channel: WhatsApp, Telegram, SMS and Web Chatt");
  const WA = "3f1c2a5e-7b8d-4e6f-9a0b-1c2d3e4f5a6b";
  const onChannels = [
    ["WhatsApp text", "sendWhatsAppMessage", { from: WA, to: "5511993986082", content: { text: "Olá! Seu pedido foi confirmado." } }],
    ["WhatsApp buttons + header", "sendWhatsAppMessage", {
      from: "+5511912345678",
      to: "5511993986082",
      content: {
        interactive: {
          type: "button",
          header: { type: "text", text: "Customer support" },
          body: { text: "How can I help you?" },
          footer: { text: "Reply with an option" },
          action: { buttons: [{ type: "reply", reply: { id: "SUPPORT", title: "Support" } }, { type: "reply", reply: { id: "SALES", title: "Sales" } }] },
        },
      },
    }],
    ["WhatsApp template", "sendWhatsAppMessage", { from: WA, to: "5511993986082", content: { template: { id: "0a9d4cbd-d321-41f5-abda-16255c273ee0", components: [{ type: "body", parameters: [{ type: "text", text: "Maria" }, { type: "text", text: "Order #12345" }] }] } } }],
    ["WhatsApp PIX request", "sendWhatsAppMessage", {
      from: WA,
      to: "5511993986082",
      content: {
        paymentRequest: {
          bodyText: "Payment via PIX", referenceId: "order-987654344", paymentMethod: "pix",
          pix: { code: "00020101021226...", merchantName: "Example Store", key: "39580525000189", keyType: "CNPJ" },
          totalAmountCents: 50000, offset: 100, items: [{ retailerId: "prod-001", name: "Product A", amountCents: 50000, quantity: 1 }],
        },
      },
    }],
    ["Telegram text", "sendTelegramMessage", { from: "@chatt2me_demo_bot", to: "123456789", content: { text: "Hello from chatt2me-wasm!" } }],
    ["Telegram poll (list)", "sendTelegramMessage", {
      from: "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a",
      to: "-1001234567890",
      content: { interactive: { type: "list", body: { text: "Lunch?" }, action: { button: "Vote", sections: [{ title: "Options", rows: [{ id: "pizza", title: "Pizza" }, { id: "sushi", title: "Sushi" }] }] } } },
    }],
    ["SMS text", "sendSmsMessage", { from: "+12025550100", to: "+5511944574999", content: { text: "Your code is 123456" } }],
    ["SMS with image (MMS)", "sendSmsMessage", { from: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", to: "+5511944574999", content: { text: "Check out our promotion!", imageUrl: "https://example.com/promo.jpg" } }],
    ["Web Chatt text", "sendWebChattMessage", { from: "c0ffee00-1234-4abc-8def-0123456789ab", to: "visitor-1f2e3d4c", content: { text: "Hi! An agent will be with you shortly." } }],
    ["Web Chatt, no session", "sendWebChattMessage", { from: "c0ffee00-1234-4abc-8def-0123456789ab", to: "visitor-who-left", content: { text: "Still there?" } }],
    ["video on SMS", "sendSmsMessage", { from: "+12025550100", to: "+5511944574999", content: { videoUrl: "https://example.com/v.mp4" } }],
  ];
  for (const [kind, method, body] of onChannels) {
    try {
      showResult(kind, await hub[method](body));
    } catch (e) {
      showError(kind, e);
    }
    await standin.state.settled();
  }

  heading("A customer writes on WhatsApp; the handler's event is answered with hub.reply");
  const before = events.length;
  standin.state.inbound({ channel: "whatsapp", from: "5511993986082", content: { type: "text", text: "Where is my order?" } });
  await standin.state.settled();
  const inbound = events.slice(before).find((e) => e.type === "message" && e.channel === "whatsapp");
  let answered = false;
  if (inbound) {
    const reply = await hub.reply(inbound, { text: "It left the warehouse this morning 🚚", context: { messageId: inbound.messageId } });
    showResult("hub.reply (WhatsApp)", reply);
    answered = standin.state.messages.at(-1).to === inbound.from;
    await standin.state.settled();
  }

  heading("Typed errors");
  try {
    await hub.sendInstagramMessage({ from: "00000000-0000-4000-8000-000000000000", to: igsid, content: { text: "Hi" } });
  } catch (e) {
    showError("unknown channel", e);
  }
  try {
    await hub.sendInstagramMessage(bad);
  } catch (e) {
    showError("invalid message", e);
  }

  heading("A delivery that fails, found in the log and re-sent");
  const [messages_] = webhooks;
  failNext = true;
  const lost = await hub.sendInstagramMessage({ from: instagram, to: igsid, content: { text: "This delivery fails the first time" } });
  await standin.state.settled();
  say(`  sent ${short(lost.messageId)}; the receiver answered its delivery with a 500`);
  const failed = await hub.webhooks.listLogs(messages_.id, { status: "Error" });
  say(`  hub.webhooks.listLogs(id, { status: "Error" }) → ${failed.data.length}`);
  failed.data.forEach(showLog);
  let recovered = false;
  for (const log of failed.data) {
    const retry = await hub.webhooks.retryLog(messages_.id, log.id);
    say(`  hub.webhooks.retryLog(id, ${log.id}) → success ${retry.success}, newLogId ${retry.newLogId}`);
    await standin.state.settled();
    for await (const entry of hub.webhooks.allLogs(messages_.id, { status: "Success" })) {
      if (entry.id !== retry.newLogId) continue;
      showLog(entry);
      recovered = entry.messageId === lost.messageId;
    }
  }

  heading("Cleaning up (hub.webhooks.delete)");
  for (const webhook of webhooks) await hub.webhooks.delete(webhook.id);
  say(`  deleted ${webhooks.length}; hub.webhooks.list() → ${(await hub.webhooks.list()).pagination.total} left`);

  const { processed, duplicates } = standin.state;
  heading("Summary");
  say(`  ${processed} sends accepted by the stand-in, ${duplicates} duplicates; ${events.length} verified webhook events received`);
  receiver.server.closeAllConnections?.();
  receiver.server.close();
  await standin.close();
  return events.length > 0 && duplicates === 0 && recovered && answered ? 0 : 1;
}

const real = process.env.CHATT2ME_API_KEY && process.env.CHATT2ME_FROM && process.env.CHATT2ME_TO;
process.exitCode = await (real ? realApi() : standinDemo());
