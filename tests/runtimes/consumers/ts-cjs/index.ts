// A CommonJS TypeScript project ("type": "commonjs") compiled with module node16, nodenext and
// commonjs, then run by Node: both import forms type-check against index.d.cts and load the
// package through its `require` entry.
import lib = require("chatt2me-wasm");
import { Chatt2me, ValidationError, buildInstagramMessage, isChatt2meError, signWebhook, verifyWebhook } from "chatt2me-wasm";
import type { SendResult, WebhookEvent } from "chatt2me-wasm";

interface Config {
  runtime: string;
  nonce: string;
  standinUrl: string;
  apiKey: string;
  secret: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.SMOKE_CONFIG ?? "{}") as Config;
  const checks: string[] = [];
  if (lib.Chatt2me !== Chatt2me) throw new Error("the two import forms gave two copies");
  checks.push("import = require() and import {} name the same exports");

  const body = buildInstagramMessage({ from: "chatt2me_demo", to: "847495124317323", content: { text: `ts-cjs ${config.nonce}` } });
  try {
    buildInstagramMessage({ from: "chatt2me_demo", to: "847495124317323", content: { text: "" } });
    throw new Error("an empty text was accepted");
  } catch (e) {
    if (!(e instanceof ValidationError) || !isChatt2meError(e) || e.issues[0]?.path !== "content.text") throw e;
  }
  checks.push("build and ValidationError");

  const delivery = JSON.stringify({ eventType: "Message", channel: "instagram", messageId: "m1", content: { type: "text", text: "hi" } });
  const event: WebhookEvent = verifyWebhook(delivery, signWebhook(delivery, config.secret), config.secret);
  if (event.type !== "message" || event.content?.type !== "text") throw new Error(`event ${JSON.stringify(event)}`);
  checks.push("signWebhook and verifyWebhook");

  const hub = new Chatt2me({ apiKey: config.apiKey, baseUrl: config.standinUrl });
  const sent: SendResult = await hub.sendInstagramMessage(body);
  if (typeof sent.messageId !== "string") throw new Error(`no messageId: ${JSON.stringify(sent)}`);
  checks.push("send to the stand-in");
  const whatsapp: SendResult = await hub.sendWhatsAppMessage({ from: "3f1c2a5e-7b8d-4e6f-9a0b-1c2d3e4f5a6b", to: "5511993986082", content: { text: "ts-cjs" } });
  if (typeof whatsapp.messageId !== "string") throw new Error(`no WhatsApp messageId: ${JSON.stringify(whatsapp)}`);
  checks.push("a WhatsApp send");
  console.log(`TS_CJS_RESULT ${JSON.stringify({ checks, messageId: sent.messageId, whatsapp: whatsapp.messageId, entry: require.resolve("chatt2me-wasm") })}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
