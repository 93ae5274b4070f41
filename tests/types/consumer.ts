// A TypeScript consumer: this file must compile under `tsc --strict`. It narrows events on
// `type` and content on `content.type`, and uses every export with its declared types.
import {
  buildInstagramMessage,
  validateMessengerMessage,
  buildWhatsAppMessage,
  validateWhatsAppMessage,
  buildTelegramMessage,
  validateTelegramMessage,
  buildSmsMessage,
  validateSmsMessage,
  buildWebChattMessage,
  validateWebChattMessage,
  type WhatsAppMessageInput,
  type ChannelContent,
  parseWebhook,
  parseWebhookEvents,
  verifyWebhook,
  signWebhook,
  replyTarget,
  createWebhookHandler,
  reviveWebhookEvent,
  Chatt2me,
  type Webhook,
  type WebhookPage,
  type WebhookLog,
  type WebhookLogPage,
  type RetriedLog,
  type RetriedLogs,
  ApiError,
  ValidationError,
  isChatt2meError,
  type WebhookEvent,
  type Issue,
  type SendResult,
} from "chatt2me-wasm";

const body = buildInstagramMessage({ from: "6cbd6789-1d2b-47e0-9391-5eb91d2839ea", to: "847495124317323", content: { text: "Hi!" } });
const to: string = body.to;
const reply = buildInstagramMessage({ from: "chatt2me_demo", to, content: { text: "Sure!", context: { messageId: "9b509e32-bfec-4fe6-8a63-2c22017a3a17" } } });
const react = buildInstagramMessage({ from: "chatt2me_demo", to, content: { reaction: { messageId: reply.content.context?.messageId ?? "", emoji: "👍" } } });
const withMetadata = buildInstagramMessage({ from: "chatt2me_demo", to, content: { text: "Hi", metadata: "order-42" } });
const issues: Issue[] = validateMessengerMessage({ nope: true });
const firstPath: string | undefined = issues[0]?.path;

function describe(event: WebhookEvent): string {
  switch (event.type) {
    case "message":
    case "echo": {
      const c = event.content; // MessageContent, not null
      switch (c.type) {
        case "text":
          return c.text.toUpperCase();
        case "image":
        case "audio":
        case "video":
        case "file":
          return c.url ?? "no url";
        case "location":
          return `${c.latitude.toFixed(4)},${c.longitude.toFixed(4)}`;
        case "interactive":
          return c.reply?.id ?? "";
        case "template":
          return c.buttons.map((b) => b.title ?? "").join();
        case "sticker":
          return c.stickerId ?? "sticker";
        case "share":
          return `${c.shareType} ${c.id ?? ""} ${c.title ?? ""} ${c.text ?? ""}`;
        case "unknown":
          return JSON.stringify(c.raw);
      }
    }
    case "status":
      return event.status ?? event.error?.code ?? "";
    case "reaction":
      return `${event.reaction.action} ${event.reaction.reaction ?? ""}`;
    case "postback":
      return event.postback.payload ?? "";
    case "referral":
      return `${event.source ?? ""} ${event.ref ?? ""} ${event.adId ?? ""}`;
    case "delivery":
      return `${event.delivery.messageIds.join()} ${event.delivery.watermark ?? 0}`;
    case "optin":
      return event.optin.oneTimeNotifToken ?? event.optin.notificationMessagesToken ?? event.optin.userRef ?? "";
    case "handover": {
      const action: "pass" | "take" | "request" = event.handover.action;
      return `${action} ${event.handover.newOwnerAppId ?? event.handover.requestedOwnerAppId ?? ""}`;
    }
    case "account_linking":
      return `${event.accountLinking.status ?? ""} ${event.accountLinking.authorizationCode ?? ""}`;
    case "read":
    case "unknown":
      return String(event.raw);
  }
}

const event = parseWebhook('{"eventType":"Message"}');
const when: Date | null = event.timestamp;
const target: { from: string; to: string } | null = replyTarget(event);
const all: WebhookEvent[] = parseWebhookEvents(new Uint8Array(0), { maxBytes: 1024 });
const header: string = signWebhook("{}", "secret", { timestamp: new Date() });
verifyWebhook("{}", header, ["old", "new"], { toleranceSeconds: 60, now: 1700000000 });

const handler: (request: Request) => Promise<Response> = createWebhookHandler({
  secret: "s",
  onEvent: async (e) => {
    if (e.standby) return; // another app owns the conversation
    if (e.type === "message" && e.content.type === "text") console.log(e.content.text, e.channelId);
    if (e.type === "message" && e.quickReplyPayload !== null) console.log(e.quickReplyPayload.length);
  },
});

async function send(): Promise<SendResult> {
  const hub = new Chatt2me({ apiKey: "k", baseUrl: "http://127.0.0.1:8787", timeoutMs: 5000, maxRetries: 0 });
  try {
    return await hub.sendInstagramMessage({ from: "chatt2me_demo", to, content: { imageUrl: "https://a.b/c.jpg", text: "caption" } }, { signal: AbortSignal.timeout(1000) });
  } catch (e) {
    if (e instanceof ApiError) console.log(e.status, e.code, e.retryAfter, e.requestId);
    if (e instanceof ValidationError) console.log(e.issues.map((i) => i.code));
    if (isChatt2meError(e)) console.log(e.code);
    throw e;
  }
}

/** The webhook-management calls, typed end to end. */
async function manage(): Promise<string[]> {
  const hub = new Chatt2me({ apiKey: "k" });
  const created: Webhook = await hub.webhooks.create({
    label: "Orders",
    endpoint: "https://example.com/hook",
    eventType: "Message",
    authenticationProtocol: "NoAuthentication",
    headers: [{ key: "X-Token", value: "t" }],
    requiresSignature: true,
  });
  const secret: string | null = created.signingSecret;
  const since: number | undefined = created.createdDate?.getTime();
  await hub.webhooks.update(created.id ?? "", { label: "Renamed" }, { timeoutMs: 1000 });
  const page: WebhookPage = await hub.webhooks.list({ offset: 0, limit: 50 });
  const total: number | null = page.pagination.total;
  const failed: WebhookLogPage = await hub.webhooks.listLogs(created.id ?? "", { status: "Error" });
  const codes: Array<number | null> = failed.data.map((log: WebhookLog) => log.statusCode);
  const one: RetriedLog = await hub.webhooks.retryLog("w", "l");
  const many: RetriedLogs = await hub.webhooks.retryLogs("w", ["l1", "l2"]);
  const gone: undefined = await hub.webhooks.delete("w");
  const ids: string[] = [];
  for await (const webhook of hub.webhooks.all({ limit: 10 }, { signal: AbortSignal.timeout(5000) })) ids.push(webhook.id ?? "");
  for await (const log of hub.webhooks.allLogs("w", { status: "Failed" })) ids.push(log.sendAt?.toISOString() ?? "");
  try {
    await hub.webhooks.get("w");
  } catch (e) {
    if (e instanceof ApiError && (e.code === "webhook_not_found" || e.code === "log_not_found")) console.log(e.status);
  }
  console.log(secret, since, total, codes, one.newLogId, many.results.map((r) => r.success), gone);
  return ids;
}

/** hub.reply answers an event on its own channel; options may name from/to. */
async function answer(event: WebhookEvent): Promise<string | null> {
  const hub = new Chatt2me({ apiKey: "k" });
  const sent: SendResult = await hub.reply(event, { text: "Thanks!" });
  const again = await hub.reply(event, { imageUrl: "https://a.b/c.jpg" }, { from: "uuid", to: "+5511944574999", timeoutMs: 1000 });
  return sent.messageId ?? again.status;
}

/** The four Hub channels beyond Meta's, rawRequest and session_not_found. */
async function channels(): Promise<unknown> {
  const hub = new Chatt2me({ apiKey: "k" });
  const pix: WhatsAppMessageInput = buildWhatsAppMessage({
    from: "+5511912345678",
    to: "5511993986082",
    content: {
      paymentRequest: {
        bodyText: "Payment via PIX",
        referenceId: "order-1",
        paymentMethod: "pix",
        pix: { code: "000201", merchantName: "Store", key: "39580525000189", keyType: "CNPJ" },
        totalAmountCents: 50000,
        offset: 100,
        items: [{ retailerId: "p1", name: "A", amountCents: 50000, quantity: 1 }],
      },
    },
  });
  const buttons: ChannelContent = {
    interactive: {
      type: "button",
      header: { type: "image", image: { link: "https://a.b/c.jpg" } },
      body: { text: "Pick" },
      footer: { text: "f" },
      action: { buttons: [{ type: "reply", reply: { id: "1", title: "One" } }] },
    },
  };
  const issues: Issue[] = [
    ...validateWhatsAppMessage({ from: "a", to: "b", content: buttons }),
    ...validateTelegramMessage({}),
    ...validateSmsMessage(null),
    ...validateWebChattMessage(1),
  ];
  buildTelegramMessage({ from: "@bot", to: "-100", content: { text: "t", context: { messageId: "m" } } });
  buildSmsMessage({ from: "+1", to: "+1", content: { text: "t", imageUrl: "https://a.b/c.jpg" } });
  buildWebChattMessage({ from: "u", to: "v", content: { audioUrl: "https://a.b/c.ogg" } });
  const results: SendResult[] = await Promise.all([
    hub.sendWhatsAppMessage(pix, { timeoutMs: 1000 }),
    hub.sendTelegramMessage({ from: "@bot", to: "1", content: { text: "t" } }),
    hub.sendSmsMessage({ from: "+1", to: "+1", content: { text: "t" } }),
    hub.sendWebChattMessage({ from: "u", to: "v", content: buttons }, { signal: AbortSignal.timeout(1000) }),
  ]);
  try {
    await hub.sendWebChattMessage({ from: "u", to: "v", content: { text: "t" } });
  } catch (e) {
    if (e instanceof ApiError && e.code === "session_not_found") console.log(e.errorCode);
  }
  const raw: unknown = await hub.rawRequest("GET", "/v1/organization/webhook", { query: { limit: 5, all: true, skip: undefined }, timeoutMs: 1000 });
  await hub.rawRequest("POST", "/v1/communication/whatsapp/message", { body: { anything: [1, "two"] } });
  return [issues, results, raw];
}

export { describe, when, target, all, handler, send, firstPath, manage, react, withMetadata, answer, channels };

// reviveWebhookEvent: a typed event from a queue's message body (unknown).
{
  const body: unknown = JSON.parse("{}");
  const queued = reviveWebhookEvent(body);
  const when: Date | null = queued.timestamp;
  const exact: unknown = queued.raw;
  if (queued.type === "message") {
    const text: string | null = queued.content.type === "text" ? queued.content.text : null;
    void text;
  }
  void when;
  void exact;
}
