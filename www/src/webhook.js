// The webhook panel: a body (pasted, or an example from the docs), an optional secret and
// X-hub-Signature header; the typed event, live. With a secret the body goes through
// verifyWebhook, without one through parseWebhook. "Sign" fills in the header the Hub would send.

import { h, replace, pretty } from "./dom.js";
import { WEBHOOK_FIXTURES } from "./fixtures.js";

function randomSecret() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `whsec_${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function show(value) {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** A definition list of the non-empty fields of `obj` (the `raw` of unknown content excepted). */
function fields(obj, testPrefix) {
  return Object.entries(obj)
    .filter(([k, v]) => k !== "raw" && v !== null && v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [
      h("dt", { text: k }),
      h(
        "dd",
        { "data-testid": testPrefix ? `${testPrefix}-${k}` : undefined },
        // Lists (quick replies, buttons, elements): one item a line.
        Array.isArray(v) ? h("ul", {}, v.map((item) => h("li", { text: show(item) }))) : show(v),
      ),
    ]);
}

export function createWebhookPanel({ parseWebhook, verifyWebhook, signWebhook, replyTarget, SignatureError, onReply }) {
  const body = h("textarea", { id: "wh-body", class: "mono", rows: 14, spellcheck: "false", "data-testid": "webhook-body", "aria-label": "Webhook body" });
  const secret = h("input", { id: "wh-secret", type: "text", spellcheck: "false", autocomplete: "off", placeholder: "whsec_… (optional)", "data-testid": "webhook-secret" });
  const header = h("input", { id: "wh-header", type: "text", spellcheck: "false", autocomplete: "off", placeholder: "t=…,v1=… (optional)", "data-testid": "webhook-signature" });
  const signature = h("div", { class: "signature", "data-testid": "signature-status", "aria-live": "polite" });
  const event = h("div", { class: "event", "data-testid": "event", "aria-live": "polite" });

  const examples = h(
    "div",
    { class: "examples", role: "group", "aria-label": "Examples from the docs" },
    h("span", { class: "examples-label", text: "Examples" }),
    WEBHOOK_FIXTURES.map(([id, label], i) =>
      h("button", { type: "button", class: "chip-btn", "data-fixture": id, text: label, on: { click: () => load(i) } }),
    ),
  );

  const signButton = h("button", {
    type: "button",
    class: "secondary",
    "data-testid": "sign",
    text: "Sign with the secret",
    title: "signWebhook(body, secret): the header the Hub would send now",
    on: { click: sign },
  });

  function load(i) {
    body.value = WEBHOOK_FIXTURES[i][2];
    header.value = ""; // a new body: any old signature no longer matches
    for (const b of examples.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.fixture === WEBHOOK_FIXTURES[i][0]));
    update();
  }

  function sign() {
    if (secret.value === "") secret.value = randomSecret();
    try {
      header.value = signWebhook(body.value, secret.value);
    } catch (e) {
      header.value = "";
      replace(signature, h("div", { class: "sig bad" }, h("strong", { text: `${e.name} ${e.code ?? ""}` }), " ", e.message));
      return;
    }
    update();
  }

  function errorBox(e, testId) {
    return h(
      "div",
      { class: "result error", "data-testid": testId },
      h("h3", {}, h("span", { class: "dot" }), h("span", { "data-testid": `${testId}-name`, text: e.name }), e.code ? h("code", { class: "code-tag", "data-testid": `${testId}-code`, text: e.code }) : null),
      h("p", { class: "error-message", text: e.message }),
    );
  }

  function eventView(ev, verified) {
    const { raw: _raw, content, reaction, postback, error, ...common } = ev;
    const target = replyTarget(ev);
    const sub = (title, obj, prefix) => (obj ? h("div", { class: "sub" }, h("h4", { text: title }), h("dl", {}, fields(obj, prefix))) : null);
    return h(
      "div",
      { class: `typed ${verified === false ? "unverified" : ""}`.trim() },
      h(
        "div",
        { class: "event-head" },
        h("span", { class: "type-pill", "data-testid": "event-type", dataset: { type: ev.type }, text: ev.type }),
        content ? h("span", { class: "type-pill content", "data-testid": "event-content-type", text: `content: ${content.type}` }) : null,
        ev.channel ? h("span", { class: "muted", text: ev.channel }) : null,
      ),
      verified === false ? h("p", { class: "hint warn", text: "Parsed without a valid signature: a receiver must refuse this body." }) : null,
      h(
        "dl",
        { class: "main-fields" },
        [
          ["from", ev.from],
          ["to", ev.to],
          ["channelId", ev.channelId],
          ["messageId", ev.messageId],
          ["timestamp", ev.timestamp],
          ["eventType", ev.eventType],
        ].map(([k, v]) => [h("dt", { text: k }), h("dd", { "data-testid": `event-${k}`, class: v === null ? "null" : "", text: show(v) ?? "null" })]),
      ),
      sub("content", content, "content"),
      sub("reaction", reaction, "reaction"),
      sub("postback", postback, "postback"),
      sub("error", error, "status-error"),
      h(
        "div",
        { class: "reply" },
        h("span", { class: "muted", text: "replyTarget(event): " }),
        h("code", { "data-testid": "reply-target", text: target ? pretty(target).replace(/\s+/g, " ") : "null (no channelId or no sender)" }),
        target ? h("button", { type: "button", class: "link-btn", text: "Reply with the composer", on: { click: () => onReply(target) } }) : null,
      ),
      h("details", {}, h("summary", { text: "The whole event" }), h("pre", { class: "code small", text: pretty({ ...common, content, reaction, postback, error }) })),
    );
  }

  function update() {
    const text = body.value;
    const key = secret.value;
    let verified = null;
    let sigView;
    if (key === "") {
      sigView = h("div", { class: "sig neutral", "data-state": "unchecked" }, h("strong", { text: "Signature not checked" }), " — no secret: parseWebhook(body).");
    } else {
      try {
        verifyWebhook(text, header.value || null, key);
        verified = true;
        sigView = h("div", { class: "sig good", "data-state": "valid" }, h("strong", { text: "Signature valid" }), " — verifyWebhook(body, header, secret).");
      } catch (e) {
        if (e instanceof SignatureError) {
          verified = false;
          sigView = h("div", { class: "sig bad", "data-state": "invalid" }, h("strong", { text: `SignatureError ${e.code}` }), " — ", e.message);
        } else {
          // The signature held; the body did not parse. The event view shows the WebhookError.
          verified = true;
          sigView = h("div", { class: "sig good", "data-state": "valid" }, h("strong", { text: "Signature valid" }), " — but the body is not an event.");
        }
      }
    }
    replace(signature, sigView);
    if (text.trim() === "") {
      replace(event, h("p", { class: "placeholder", text: "Paste a body, or pick an example." }));
      return;
    }
    try {
      replace(event, eventView(parseWebhook(text), verified));
    } catch (e) {
      replace(event, errorBox(e, "webhook-error"));
    }
  }

  for (const el of [body, secret, header]) el.addEventListener("input", update);
  // An edited body is no longer the example.
  body.addEventListener("input", () => {
    for (const b of examples.querySelectorAll("button")) b.setAttribute("aria-pressed", "false");
  });

  const root = h(
    "div",
    { class: "grid" },
    h(
      "div",
      { class: "card" },
      examples,
      h("div", { class: "field" }, h("label", { for: "wh-body", text: "Body (raw, as received)" }), body),
      h(
        "div",
        { class: "row two" },
        h("div", { class: "field" }, h("label", { for: "wh-secret", text: "Signing secret" }), secret),
        h("div", { class: "field" }, h("label", { for: "wh-header", text: "X-hub-Signature" }), header),
      ),
      h("div", { class: "actions" }, signButton, h("span", { class: "send-hint", text: "A random secret is made if none is set." })),
    ),
    h("div", { class: "card" }, h("h3", { text: "Typed event" }), signature, event),
  );

  return { root, load, update };
}
