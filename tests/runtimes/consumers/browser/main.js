// The page every browser build loads (Vite, webpack): import the package by its bare name with
// named imports, as a web app does (a namespace import would hide tree-shaking mistakes), run
// the smoke, and leave the outcome on window.__smoke for the test to read.
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

const config = JSON.parse(new URLSearchParams(location.search).get("config"));
const out = document.getElementById("out");
smoke(lib, config).then(
  (result) => {
    window.__smoke = { ok: true, result };
    out.textContent = result.checks.map((c) => `ok ${c}`).join("\n");
  },
  (error) => {
    window.__smoke = { ok: false, error: String(error && error.stack ? error.stack : error) };
    out.textContent = window.__smoke.error;
  },
);
