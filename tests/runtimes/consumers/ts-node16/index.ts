// A TypeScript consumer on Node (moduleResolution node16, strict). Checked with tsc --noEmit,
// together with the shared smoke.mjs (checkJs). The @ts-expect-error lines fail the check if
// the package's types ever become too loose (an `any` would make them unused).
import * as lib from "chatt2me-wasm";
import {
  ApiError,
  Chatt2me,
  ValidationError,
  buildInstagramMessage,
  createWebhookHandler,
  isChatt2meError,
  parseWebhookEvents,
  replyTarget,
  verifyWebhook,
  type Issue,
  type SendResult,
  type WebhookEvent,
} from "chatt2me-wasm";
import { smoke, type SmokeConfig } from "./smoke.mjs";

const config: SmokeConfig = JSON.parse(process.env.SMOKE_CONFIG ?? "{}");
const result = await smoke(lib, config);
const sent: SendResult = result.send;
const id: string | null = sent.messageId;

export function describe(event: WebhookEvent): string {
  switch (event.type) {
    case "message":
    case "echo":
      switch (event.content.type) {
        case "text":
          return event.content.text;
        case "image":
        case "video":
          return event.content.url ?? "(media)";
        case "location":
          return `${event.content.latitude},${event.content.longitude}`;
        default:
          return event.content.type;
      }
    case "status":
      return `${event.messageId}: ${event.status}`;
    case "reaction":
      return `${event.reaction.action} ${event.reaction.emoji ?? ""}`;
    default:
      return event.type;
  }
}

export async function handle(request: Request, secret: string): Promise<Response> {
  const raw = new Uint8Array(await request.arrayBuffer());
  const event = verifyWebhook(raw, request.headers.get("x-hub-signature"), secret);
  const target = replyTarget(event);
  if (target === null) return new Response(null, { status: 204 });
  const client = new Chatt2me({ apiKey: "sk_live_x" });
  try {
    const reply = buildInstagramMessage({ ...target, content: { text: describe(event) } });
    const out = await client.sendInstagramMessage(reply, { timeoutMs: 5000, signal: AbortSignal.timeout(10_000) });
    return Response.json({ id: out.messageId ?? id });
  } catch (e) {
    if (e instanceof ValidationError) return Response.json(e.issues satisfies Issue[], { status: 400 });
    if (e instanceof ApiError) return Response.json({ status: e.status, code: e.errorCode, retryAfter: e.retryAfter });
    if (isChatt2meError(e)) return Response.json({ code: e.code }, { status: 502 });
    throw e;
  }
}

export const handler: (request: Request) => Promise<Response> = createWebhookHandler({
  secret: ["new", "old"],
  async onEvent(event) {
    const all: WebhookEvent[] = parseWebhookEvents(JSON.stringify(event.raw));
    return all.length;
  },
});

// @ts-expect-error the API key is required
new Chatt2me({});
// @ts-expect-error `content` is an object
buildInstagramMessage({ from: "a", to: "b", content: "hi" });
// @ts-expect-error there is no such event type
export const never = (e: WebhookEvent) => e.type === "delivered";
// @ts-expect-error a parsed object cannot be verified: the raw body is needed
verifyWebhook({ eventType: "Message" }, "t=1,v1=00", "secret");
// @ts-expect-error SendResult fields are read-only data, not functions
sent.messageId();
