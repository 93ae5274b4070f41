// A TypeScript consumer: this file must compile under `tsc --strict`. It narrows events on
// `type` and content on `content.type`, and uses every export with its declared types.
import {
  buildInstagramMessage,
  validateMessengerMessage,
  parseWebhook,
  parseWebhookEvents,
  verifyWebhook,
  signWebhook,
  replyTarget,
  createWebhookHandler,
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

export { describe, when, target, all, handler, send, firstPath, manage, react, withMetadata };
