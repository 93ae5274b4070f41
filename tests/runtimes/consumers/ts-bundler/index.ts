// A TypeScript consumer of a bundler (Vite, webpack, esbuild, wrangler): moduleResolution
// bundler, DOM types, strict. Also the explicit-init entry and the .wasm subpath, which has no
// declarations of its own on purpose: the environment's ambient `*.wasm` module applies
// (here ./env.d.ts, as @cloudflare/workers-types declares it).
import * as lib from "chatt2me-wasm";
import { Chatt2me, TimeoutError, AbortError, NetworkError, type WebhookEvent } from "chatt2me-wasm";
import init, { buildMessengerMessage, validateMessengerMessage } from "chatt2me-wasm/web";
import wasmModule from "chatt2me-wasm/chatt2me_wasm_bg.wasm";
import { smoke, CHECKS, type SmokeConfig } from "./smoke.mjs";

await init(wasmModule);
await init(new URL("https://cdn.example/chatt2me_wasm_bg.wasm"));

const params = new URLSearchParams(location.search);
const config: SmokeConfig = JSON.parse(params.get("config") ?? "{}");
const { checks, send } = await smoke(lib, config);
document.title = `${checks.length}/${CHECKS.length} ${send.status ?? ""}`;

const body = buildMessengerMessage({
  from: "847421668462669",
  to: "26203292189261166",
  content: { text: "hi", quick_replies: [{ content_type: "text", title: "Yes", payload: "YES" }] },
});
const issues = validateMessengerMessage(body).map((i) => `${i.path}: ${i.code}`);

export async function send2(client: Chatt2me, controller: AbortController): Promise<string> {
  try {
    const r = await client.sendMessengerMessage(body, { signal: controller.signal });
    return r.type ?? "";
  } catch (e) {
    if (e instanceof TimeoutError || e instanceof AbortError) return `gave up after ${e.attempts}`;
    if (e instanceof NetworkError) return String(e.cause);
    return issues.join();
  }
}

export function text(event: WebhookEvent): string | null {
  return event.type === "message" && event.content.type === "text" ? event.content.text : null;
}

// @ts-expect-error `to` is required
buildMessengerMessage({ from: "a", content: { text: "x" } });
