// Misuses the types must reject: each line marked @ts-expect-error has to be an error, or
// `tsc` fails on the unused directive.
import { parseWebhook, buildInstagramMessage, buildSmsMessage, buildWhatsAppMessage, Chatt2me, createWebhookHandler, reviveWebhookEvent, ValidationError, type WebhookEvent } from "chatt2me-wasm";

const event: WebhookEvent = parseWebhook("{}");

if (event.type === "status") {
  // @ts-expect-error: a status event has no content
  event.content.type;
}
if (event.type === "reaction") {
  // @ts-expect-error: reaction events carry no status string
  event.status.toUpperCase();
}
if (event.type === "referral") {
  // @ts-expect-error: a referral event has no content
  event.content.type;
}
if (event.type === "message" && event.content.type === "image") {
  // @ts-expect-error: images have no `text` field
  event.content.text;
}
if (event.type === "message") {
  // @ts-expect-error: content.type is a closed union
  if (event.content.type === "gif") console.log("never");
}
// @ts-expect-error: event types are a closed union
if (event.type === "comment") console.log("never");
// @ts-expect-error: `from` is a string, not a number
buildInstagramMessage({ from: 1, to: "x", content: { text: "hi" } });
// @ts-expect-error: content must be an object of a known model
buildInstagramMessage({ from: "a", to: "b", content: { sender_action: "wave" } });
// @ts-expect-error: a reaction names its message by messageId
buildInstagramMessage({ from: "a", to: "b", content: { reaction: { emoji: "👍" } } });
// @ts-expect-error: apiKey is required
new Chatt2me({ baseUrl: "https://api.chatt2.me" });
// @ts-expect-error: timestamp is a Date, not a string
const s: string | null = event.timestamp;
const hub = new Chatt2me({ apiKey: "k" });
// @ts-expect-error: eventType is Message or MessageStatus
void hub.webhooks.create({ endpoint: "https://a.b", eventType: "Messages", authenticationProtocol: "JWT" });
// @ts-expect-error: endpoint is required to create
void hub.webhooks.create({ eventType: "Message", authenticationProtocol: "JWT" });
// @ts-expect-error: the log status filter is a closed union
void hub.webhooks.listLogs("w", { status: "Pending" });
// @ts-expect-error: dates are Dates, not strings
hub.webhooks.get("w").then((w) => { const d: string | null = w.createdDate; return d; });
// @ts-expect-error: the signing secret is required (fail closed); false accepts unsigned deliveries
createWebhookHandler({ onEvent() {} });
declare const unset: string | undefined;
// @ts-expect-error: an environment variable that may be unset is not a secret
createWebhookHandler({ secret: unset, onEvent() {} });
// @ts-expect-error: true is not a secret; false is the explicit "unsigned"
createWebhookHandler({ secret: true, onEvent() {} });
createWebhookHandler({ secret: false, onEvent() {} });
// @ts-expect-error: SMS takes text and imageUrl only
buildSmsMessage({ from: "a", to: "+1", content: { videoUrl: "https://a.b/c.mp4" } });
// @ts-expect-error: a payment method is one of pix, boleto, payment_link
buildWhatsAppMessage({ from: "a", to: "1", content: { paymentRequest: { bodyText: "b", referenceId: "r", paymentMethod: "card" } } });
// @ts-expect-error: rawRequest's query values are strings, numbers or booleans
void hub.rawRequest("GET", "/v1/x", { query: { a: { nested: 1 } } });
// @ts-expect-error: session_not_found is an ApiError code, not a ValidationError's
declare const v: ValidationError; if (v.code === "session_not_found") console.log("never");
export { s };

// A revived event is a union like any other: no content before narrowing on `type`.
const revived = reviveWebhookEvent({});
// @ts-expect-error: content may be null until `type` says a message
revived.content.type;
// @ts-expect-error: reviveWebhookEvent takes one value
reviveWebhookEvent();
