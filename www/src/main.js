// The demo page of chatt2me-wasm. The package is imported like any app would; its browser entry
// loads the WebAssembly core with a top-level await before this module runs.
import {
  validateInstagramMessage,
  buildInstagramMessage,
  Chatt2me,
  isChatt2meError,
  parseWebhook,
  verifyWebhook,
  signWebhook,
  replyTarget,
  SignatureError,
} from "chatt2me-wasm";
import pkg from "chatt2me-wasm/package.json";
import "./style.css";
import { h, replace, pretty, $ } from "./dom.js";
import { showIssues, breakablePath } from "./fields.js";
import { createComposer } from "./compose.js";
import { createWebhookPanel } from "./webhook.js";

const STANDIN_KEY = "sk_test_standin";
const HUB_URL = "https://api.chatt2.me";
const DEFAULT_FROM = "6cbd6789-1d2b-47e0-9391-5eb91d2839ea"; // the stand-in's Instagram channel
const DEFAULT_TO = "847495124317323"; // the IGSID of the docs' examples
const SEND_PATH = "/v1/communication/instagram/message";

/** The stand-in's URL: `?standin=` on the page, else the one `make www` injected, else its default. */
const standinUrl = (
  new URLSearchParams(location.search).get("standin") ||
  import.meta.env.VITE_STANDIN_URL ||
  "http://127.0.0.1:8787"
).replace(/\/+$/, "");

// ---------------------------------------------------------------------------------------------
// Compose: validation at the fields, the issue list, the exact body

const issueList = h("ol", { class: "issue-list", "data-testid": "issue-list" });
const issueCount = h("span", { class: "badge", "data-testid": "issue-count" });
const bodyView = h("pre", { class: "code", "data-testid": "body" });
const bodyState = h("p", { class: "body-state", "data-testid": "body-state" });

let current = { message: null, issues: [], built: null };

const composer = createComposer({ from: DEFAULT_FROM, to: DEFAULT_TO, onChange: revalidate });

function revalidate() {
  const { message, syntaxError } = composer.message();
  let issues;
  if (syntaxError) {
    issues = [{ path: "", code: "invalid_json", message: `Not JSON: ${syntaxError}` }];
  } else {
    issues = validateInstagramMessage(message);
  }
  let built = null;
  if (!syntaxError && issues.length === 0) built = buildInstagramMessage(message);
  current = { message: syntaxError ? null : message, issues, built };

  const shown = showIssues(composer.root, issues);
  issueCount.textContent = issues.length === 0 ? "valid" : `${issues.length} issue${issues.length === 1 ? "" : "s"}`;
  issueCount.className = `badge ${issues.length === 0 ? "ok" : "bad"}`;
  replace(
    issueList,
    shown.map(({ issue, el }) =>
      h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: "issue-item",
            title: "Go to the field",
            on: {
              click: () => {
                el?.scrollIntoView({ block: "center", behavior: "smooth" });
                el?.querySelector("input:not([disabled]), textarea, select")?.focus({ preventScroll: true });
              },
            },
          },
          h("code", { class: "path" }, issue.path ? breakablePath(issue.path) : "(body)"),
          h("span", { class: "code-tag", text: issue.code }),
          h("span", { class: "msg", text: issue.message }),
        ),
      ),
    ),
  );
  issueList.hidden = issues.length === 0;
  if (built) {
    bodyView.textContent = pretty(built);
    bodyView.dataset.built = "true";
    bodyState.textContent = "buildInstagramMessage(input): the exact JSON the API receives.";
  } else {
    // The input as composed, dimmed: what would be refused.
    bodyView.textContent = syntaxError ? "" : pretty(current.message);
    bodyView.dataset.built = "false";
    bodyState.textContent = syntaxError
      ? "The editor does not hold valid JSON yet."
      : `Not built: buildInstagramMessage throws a ValidationError while ${issues.length === 1 ? "an issue remains" : "issues remain"}. Below, the input as composed.`;
  }
  bodyView.hidden = Boolean(syntaxError);
  updateSendHint();
}

// ---------------------------------------------------------------------------------------------
// Send

const send = {
  target: "standin",
  urls: { standin: standinUrl, hub: HUB_URL },
  keys: { standin: STANDIN_KEY, hub: "" },
  fault: "",
};

const FAULTS = [
  ["", "Answer normally"],
  [JSON.stringify({ status: 500 }), "500 server error"],
  [JSON.stringify({ status: 429, retryAfter: "1", times: 3 }), "429 three times (retries run out)"],
  [JSON.stringify({ kind: "malformed" }), "Malformed JSON answer"],
  [JSON.stringify({ kind: "drop" }), "Drop the connection"],
  [JSON.stringify({ kind: "hang" }), "Never answer (client times out)"],
];

const sendButton = h("button", { type: "button", class: "primary", "data-testid": "send", text: "Send message" });
const sendHint = h("p", { class: "send-hint", "data-testid": "send-hint" });
const sendResult = h("div", { class: "send-result", "data-testid": "send-result", "aria-live": "polite" });
const sendSettings = h("div", { class: "send-settings" });

function updateSendHint() {
  const n = current.issues.length;
  sendButton.disabled = current.message === null || sendButton.dataset.busy === "1";
  sendHint.textContent =
    current.message === null
      ? "Fix the JSON to send."
      : n > 0
        ? `${n} issue${n === 1 ? "" : "s"}: the client will refuse with a ValidationError and make no request.`
        : `POST ${send.urls[send.target]}${SEND_PATH}`;
  sendHint.classList.toggle("warn", current.message !== null && n > 0);
}

function renderSendSettings() {
  const target = send.target;
  const idUrl = "send-base-url";
  const idKey = "send-api-key";
  replace(
    sendSettings,
    h(
      "div",
      { class: "segmented", role: "radiogroup", "aria-label": "Send to" },
      [
        ["standin", "Local stand-in"],
        ["hub", "Hub API (real)"],
      ].map(([v, text]) =>
        h("button", {
          type: "button",
          role: "radio",
          "aria-checked": String(v === target),
          "data-target": v,
          text,
          on: {
            click: () => {
              send.target = v;
              renderSendSettings();
              updateSendHint();
            },
          },
        }),
      ),
    ),
    h(
      "div",
      { class: `callout ${target === "hub" ? "danger" : "warning"}`, role: "note", "data-testid": "key-warning" },
      h("strong", { text: "API keys belong on servers." }),
      " ",
      target === "hub"
        ? "You are about to send a real key from a browser: do this only to try the API out, with a key you can revoke. The key stays in this tab's memory, never stored; the API may also refuse browser origins (CORS). In an app, send from your backend or a Worker."
        : "This page sends from the browser so you can try the client; in an app, call sendInstagramMessage on your backend or in a Worker and never ship the key to browsers.",
    ),
    h(
      "div",
      { class: "row two" },
      h(
        "div",
        { class: "field" },
        h("label", { for: idUrl, text: "Base URL" }),
        h("input", {
          id: idUrl,
          type: "url",
          spellcheck: "false",
          "data-testid": "base-url",
          ".value": send.urls[target],
          on: {
            input: (e) => {
              send.urls[target] = e.target.value;
              updateSendHint();
            },
          },
        }),
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: idKey, text: target === "hub" ? "API key (x-api-key)" : "API key (the stand-in's test key)" }),
        h("input", {
          id: idKey,
          type: target === "hub" ? "password" : "text",
          autocomplete: "off",
          spellcheck: "false",
          placeholder: target === "hub" ? "paste a key you can revoke" : "",
          "data-testid": "api-key",
          ".value": send.keys[target],
          on: { input: (e) => (send.keys[target] = e.target.value) },
        }),
      ),
    ),
    target === "standin"
      ? h(
          "div",
          { class: "field fault" },
          h("label", { for: "send-fault", text: "The stand-in's next answer" }),
          h(
            "select",
            { id: "send-fault", "data-testid": "fault", on: { change: (e) => (send.fault = e.target.value) } },
            FAULTS.map(([v, text]) => h("option", { value: v, ".selected": v === send.fault, text })),
          ),
        )
      : null,
  );
}

function row(label, value, testId) {
  if (value === null || value === undefined || value === "") return null;
  return [h("dt", { text: label }), h("dd", { "data-testid": testId }, typeof value === "string" ? value : JSON.stringify(value))];
}

function showSendResult(result) {
  replace(
    sendResult,
    h(
      "div",
      { class: "result ok", "data-testid": "send-ok" },
      h("h3", {}, h("span", { class: "dot" }), "Sent"),
      h(
        "dl",
        {},
        row("messageId", result.messageId, "result-message-id"),
        row("status", result.status, "result-status"),
        row("recipientId", result.recipientId),
        row("type", result.type),
        row("errorCode", result.errorCode),
        row("errorMessage", result.errorMessage),
      ),
      h("details", {}, h("summary", { text: "SendResult" }), h("pre", { class: "code small", text: pretty(result) })),
    ),
  );
}

function showSendError(error) {
  const typed = isChatt2meError(error);
  replace(
    sendResult,
    h(
      "div",
      { class: "result error", "data-testid": "send-error" },
      h(
        "h3",
        {},
        h("span", { class: "dot" }),
        h("span", { "data-testid": "error-name", text: error?.name ?? "Error" }),
        typed ? h("code", { class: "code-tag", "data-testid": "error-code", text: error.code }) : null,
        typeof error?.status === "number" ? h("span", { class: "status", "data-testid": "error-status", text: `HTTP ${error.status}` }) : null,
      ),
      h("p", { class: "error-message", "data-testid": "error-message", text: error?.message ?? String(error) }),
      h(
        "dl",
        {},
        row("errorCode", error?.errorCode),
        row("errorMessage", error?.errorMessage),
        row("requestId", error?.requestId),
        row("retryAfter", error?.retryAfter),
        row("attempts", error?.attempts),
        row("cause", error?.cause ? String(error.cause.message ?? error.cause) : null),
      ),
      Array.isArray(error?.issues) && error.issues.length
        ? h(
            "ul",
            { class: "plain" },
            error.issues.map((i) => h("li", {}, h("code", { text: i.path || "(body)" }), " ", i.message)),
          )
        : null,
      typed ? null : h("p", { class: "hint", text: "Not a Chatt2meError: a bug in the page or the package." }),
    ),
  );
}

async function doSend() {
  if (current.message === null) return;
  sendButton.dataset.busy = "1";
  sendButton.textContent = "Sending…";
  updateSendHint();
  replace(sendResult, h("p", { class: "pending", text: "Waiting for the API…" }));
  try {
    const client = new Chatt2me({ apiKey: send.keys[send.target], baseUrl: send.urls[send.target], timeoutMs: 10_000 });
    if (send.target === "standin" && send.fault) {
      // One fault for this one send, then back to normal answers.
      const fault = send.fault;
      send.fault = "";
      const select = $("#send-fault");
      if (select) select.value = "";
      const r = await fetch(`${client.baseUrl}/__standin/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: fault });
      if (!r.ok) throw new Error(`the stand-in refused the fault: HTTP ${r.status}`);
    }
    const result = await client.sendInstagramMessage(current.message);
    showSendResult(result);
  } catch (error) {
    showSendError(error);
  } finally {
    delete sendButton.dataset.busy;
    sendButton.textContent = "Send message";
    updateSendHint();
  }
}
sendButton.addEventListener("click", doSend);

// ---------------------------------------------------------------------------------------------
// Webhook

const webhook = createWebhookPanel({
  parseWebhook,
  verifyWebhook,
  signWebhook,
  replyTarget,
  SignatureError,
  onReply: (target) => {
    composer.setParties(target.from, target.to);
    $("#compose").scrollIntoView({ behavior: "smooth" });
  },
});

// ---------------------------------------------------------------------------------------------
// Layout

function section(id, step, title, lead, ...children) {
  return h(
    "section",
    { id, class: "step", "aria-labelledby": `${id}-title` },
    h(
      "header",
      { class: "step-head" },
      h("span", { class: "step-no", text: step }),
      h("div", {}, h("h2", { id: `${id}-title`, text: title }), h("p", { class: "lead", text: lead })),
    ),
    children,
  );
}

renderSendSettings();

replace(
  $("#app"),
  h(
    "header",
    { class: "site" },
    h(
      "div",
      { class: "brand" },
      h("span", { class: "logo", "aria-hidden": "true" }),
      h("div", {}, h("h1", {}, "chatt2me-wasm ", h("span", { class: "light", text: "playground" })), h("p", { text: "Instagram Direct through the Hub Chatt2.me API: build, validate, send, and read webhooks. All of it runs in this tab, in the package's WebAssembly core." })),
    ),
    h(
      "div",
      { class: "chips" },
      h("span", { class: "chip", "data-testid": "pkg-version", text: `${pkg.name} ${pkg.version}` }),
      h("span", { class: "chip", title: "The local stand-in of the Hub API" }, "stand-in ", h("code", { "data-testid": "standin-url", text: standinUrl })),
    ),
  ),
  h(
    "main",
    {},
    section(
      "compose",
      "1",
      "Compose an Instagram message",
      "Pick a content model. validateInstagramMessage runs on every keystroke; each issue shows at its field.",
      h(
        "div",
        { class: "grid" },
        h("div", { class: "card" }, composer.root),
        h(
          "div",
          { class: "stack" },
          h("div", { class: "card" }, h("div", { class: "card-head" }, h("h3", { text: "Issues" }), issueCount), issueList, h("p", { class: "none", text: "No issues: the body is valid." })),
          h("div", { class: "card" }, h("div", { class: "card-head" }, h("h3", {}, h("span", { class: "method", text: "POST" }), " ", h("code", { text: SEND_PATH }))), bodyState, bodyView),
        ),
      ),
    ),
    section(
      "send",
      "2",
      "Send it",
      "Chatt2me#sendInstagramMessage validates, sends, retries 429 and 503, and throws typed errors.",
      h("div", { class: "grid" }, h("div", { class: "card" }, sendSettings, h("div", { class: "actions" }, sendButton, sendHint)), h("div", { class: "card result-card" }, h("h3", { text: "Result" }), sendResult)),
    ),
    section("webhook", "3", "Receive a webhook", "Paste a body the Hub would POST to you, with the signing secret and X-hub-Signature if you have them.", webhook.root),
  ),
  h("footer", { class: "site" }, h("p", {}, "Served by ", h("code", { text: "make www" }), ". Only this tab and the URL you send to see what you type.")),
);

replace(sendResult, h("p", { class: "placeholder", text: "Nothing sent yet." }));
revalidate();
webhook.load(0);
document.body.dataset.ready = "1";
