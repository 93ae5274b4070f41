// A Cloudflare Worker that receives the Hub's webhooks and answers every inbound Instagram
// Direct or Messenger message with an automatic reply, sent through the Hub API.
//
// Bindings (see wrangler.toml and README.md):
//   WEBHOOK_SECRET     secret: the webhook's signingSecret (create the webhook with requiresSignature)
//   CHATT2ME_API_KEY   secret: your application's API key
//   CHATT2ME_BASE_URL  var, optional: default https://api.chatt2.me
//   AUTO_REPLY_TEXT    var, optional: the text of the reply
import { Chatt2me, createWebhookHandler, replyTarget } from "chatt2me-wasm";

const DEFAULT_REPLY = "Thanks for your message! We'll get back to you soon.";

export default {
  async fetch(request, env, ctx) {
    // The Hub verifies the endpoint when the webhook is created, before you have its signing
    // secret: until WEBHOOK_SECRET is set, only that handshake is answered, and deliveries are
    // refused, so nobody can make this Worker send messages. (createWebhookHandler itself throws
    // invalid_config on an undefined secret: it never runs unverified by accident.)
    if (!env.WEBHOOK_SECRET) {
      const token = request.headers.get("x-validation-token");
      return token !== null
        ? Response.json(token)
        : Response.json({ error: "webhook_secret_not_set" }, { status: 503 });
    }
    const handler = createWebhookHandler({
      secret: env.WEBHOOK_SECRET,
      onEvent(event) {
        // Only messages people sent: not the echoes of our own sends, statuses, reactions, reads.
        if (event.type !== "message") return;
        const target = replyTarget(event);
        if (target === null) return;
        // Answer the Hub at once (it logs slow answers as failed deliveries) and send the
        // reply after the response, for as long as the Worker is kept alive for it.
        ctx.waitUntil(autoReply(env, event, target));
      },
    });
    return handler(request);
  },
};

async function autoReply(env, event, target) {
  const client = new Chatt2me({
    apiKey: env.CHATT2ME_API_KEY,
    baseUrl: env.CHATT2ME_BASE_URL || undefined,
  });
  const message = { ...target, content: { text: env.AUTO_REPLY_TEXT || DEFAULT_REPLY } };
  try {
    const sent =
      event.channel === "messenger"
        ? await client.sendMessengerMessage(message)
        : event.channel === "instagram"
          ? await client.sendInstagramMessage(message)
          : null;
    if (sent) console.log(`auto-reply ${sent.messageId} to ${target.to} (${event.channel}, in reply to ${event.messageId})`);
  } catch (error) {
    // The client's errors never hold the API key. ApiError has status, errorCode, requestId.
    console.error(`auto-reply to ${target.to} failed: ${error.name} ${error.code ?? ""} ${error.message}`);
  }
}
