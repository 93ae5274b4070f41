// The shared smoke, inside workerd. GET /smoke runs it (config from the SMOKE_CONFIG binding);
// GET /probe shows what workerd does to code that compiles wasm from bytes: it refuses during
// requests, but allows it while the script starts up, so the harness also checks the bundle
// itself (the .wasm imported as a module, no compile or instantiate of bytes anywhere).
// Named imports, as Workers code does (a namespace import would hide tree-shaking mistakes).
import {
  ApiError,
  Chatt2me,
  Chatt2meError,
  SignatureError,
  ValidationError,
  WebhookError,
  buildInstagramMessage,
  buildWhatsAppMessage,
  createWebhookHandler,
  isChatt2meError,
  replyTarget,
  signWebhook,
  validateInstagramMessage,
  verifyWebhook,
} from "chatt2me-wasm";
import { smoke } from "./smoke.mjs";

const lib = {
  ApiError,
  Chatt2me,
  Chatt2meError,
  SignatureError,
  ValidationError,
  WebhookError,
  buildInstagramMessage,
  buildWhatsAppMessage,
  createWebhookHandler,
  isChatt2meError,
  replyTarget,
  signWebhook,
  validateInstagramMessage,
  verifyWebhook,
};

// The smallest valid module: the magic number and version 1.
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

// At startup (global scope), where workerd still allows it.
let atStartup;
try {
  new WebAssembly.Module(EMPTY_MODULE);
  atStartup = "compiled";
} catch (error) {
  atStartup = `${error.name}: ${error.message}`;
}

async function attempt(fn) {
  try {
    await fn();
    return "compiled";
  } catch (error) {
    return `${error.name}: ${error.message}`;
  }
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/probe") {
      return Response.json({
        atStartup,
        module: await attempt(() => new WebAssembly.Module(EMPTY_MODULE)),
        compile: await attempt(() => WebAssembly.compile(EMPTY_MODULE)),
        instantiate: await attempt(() => WebAssembly.instantiate(EMPTY_MODULE)),
      });
    }
    try {
      return Response.json({ ok: true, result: await smoke(lib, JSON.parse(env.SMOKE_CONFIG)) });
    } catch (error) {
      return Response.json({ ok: false, error: String(error && error.stack ? error.stack : error) });
    }
  },
};
