// End-to-end test of the demo page: builds it (vite build), serves dist/ with the stand-in of the
// Hub API, and drives it in headless Chromium (Debian's, through playwright-core), on a desktop
// and on a phone-sized viewport: compose a message with an error, see the issue at its field,
// fix it, see the body, send it (the stand-in records it), get a typed ApiError, paste a webhook
// and read the typed event, sign and verify it. Screenshots of each step go to test-output/www/.
//
//   node www/test/e2e.mjs          (installs www/'s npm deps and Chromium when missing)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDeps, startWww } from "../serve.mjs";
import { ensureChromium, CHROMIUM_ARGS } from "./chromium.mjs";

const wwwDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repoDir = path.dirname(wwwDir);
const shotsDir = path.join(repoDir, "test-output", "www");
const fixture = (p) => readFileSync(path.join(repoDir, "tests", "fixtures", p), "utf8");

const INSTAGRAM_CHANNEL = "6cbd6789-1d2b-47e0-9391-5eb91d2839ea";
const TOO_LONG_TITLE = "Talk to our sales team!!"; // 24 characters; the limit is 20
const VIEWPORTS = [
  ["desktop", { viewport: { width: 1280, height: 900 } }],
  ["mobile", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
];

let www;
let browser;
let api; // the package, as Node loads it: checks what the page did, independently

before(async () => {
  ensureDeps({ quiet: true });
  const executablePath = ensureChromium();
  const { chromium } = await import("playwright-core");
  api = await import("chatt2me-wasm");
  mkdirSync(shotsDir, { recursive: true });
  for (const f of readdirSync(shotsDir)) if (f.endsWith(".png")) rmSync(path.join(shotsDir, f));
  www = await startWww({ mode: "preview", port: 0, standinPort: 0, quiet: true });
  // launch() runs Chromium with a fresh temporary --user-data-dir of its own.
  browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
  });
});

after(async () => {
  await browser?.close();
  await www?.close();
});

/** The text of a test id, trimmed. */
async function text(page, id) {
  return (await page.getByTestId(id).textContent())?.trim();
}

/** The issue messages shown at the element standing for `path`, and whether it is marked. */
async function issuesAt(page, issuePath) {
  return page.locator(`[data-path="${issuePath}"]`).evaluate((el) => ({
    marked: el.classList.contains("has-issue"),
    messages: [...el.querySelectorAll(":scope > .issue-slot > li")].map((li) => li.textContent),
  }));
}

for (const [name, options] of VIEWPORTS) {
  test(`demo page in Chromium, ${name} ${options.viewport.width}x${options.viewport.height}`, async (t) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      // Chromium logs every non-2xx response; the 500 below is on purpose.
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console: ${m.text()}`);
    });
    let step = 0;
    const shot = (label) =>
      page.screenshot({ path: path.join(shotsDir, `${name}-${String(++step).padStart(2, "0")}-${label}.png`), fullPage: true });

    await t.test("loads the page and the wasm core", async () => {
      await page.goto(www.url);
      await page.waitForSelector("body[data-ready='1']", { timeout: 20_000 });
      assert.equal(await text(page, "standin-url"), www.standin.url);
      assert.equal(await page.getByTestId("base-url").inputValue(), www.standin.url);
      assert.equal(await page.getByTestId("api-key").inputValue(), "sk_test_standin");
      assert.match(await text(page, "key-warning"), /API keys belong on servers/);
      assert.equal(await text(page, "issue-count"), "valid");
      await shot("loaded");
    });

    await t.test("shows a 24-character quick-reply title's issue at its field", async () => {
      await page.getByTestId("qr-title-0").fill(TOO_LONG_TITLE);
      const at = await issuesAt(page, "content.quick_replies[0].title");
      assert.equal(at.marked, true);
      assert.deepEqual(at.messages, ["title is 24 characters; the limit is 20"]);
      assert.equal(await text(page, "issue-count"), "1 issue");
      const listed = await page.getByTestId("issue-list").locator("li").allTextContents();
      assert.equal(listed.length, 1);
      assert.match(listed[0], /content\.quick_replies\[0\]\.title\s*too_long/);
      assert.equal(await page.getByTestId("body").getAttribute("data-built"), "false");
      assert.match(await text(page, "body-state"), /ValidationError/);
      await page.getByTestId("qr-title-0").scrollIntoViewIfNeeded();
      await shot("issue-at-field");
    });

    let built;
    await t.test("fixing it removes the issue and shows the exact body", async () => {
      await page.getByTestId("qr-title-0").fill("Sales team");
      const at = await issuesAt(page, "content.quick_replies[0].title");
      assert.deepEqual(at, { marked: false, messages: [] });
      assert.equal(await page.locator(".has-issue").count(), 0);
      assert.equal(await text(page, "issue-count"), "valid");
      assert.equal(await page.getByTestId("body").getAttribute("data-built"), "true");
      assert.equal(await page.getByTestId("body").isVisible(), true);
      built = JSON.parse(await text(page, "body"));
      assert.deepEqual(built, {
        from: INSTAGRAM_CHANNEL,
        to: "847495124317323",
        content: {
          text: "Hi! How can we help you today?",
          quick_replies: [
            { content_type: "text", title: "Sales team", payload: "SUPPORT" },
            { content_type: "text", title: "Sales", payload: "SALES" },
          ],
        },
      });
      await shot("fixed-body");
    });

    await t.test("sends it: the stand-in records the send and the page shows the messageId", async () => {
      const before = www.standin.state.sends.length;
      await page.getByTestId("send").click();
      await page.getByTestId("send-ok").waitFor({ timeout: 15_000 });
      const sends = www.standin.state.sends.slice(before);
      assert.equal(sends.length, 1);
      assert.equal(sends[0].path, "/v1/communication/instagram/message");
      assert.equal(sends[0].outcome, "ok");
      assert.equal(sends[0].hasApiKey, true);
      assert.deepEqual(sends[0].body, built);
      const message = www.standin.state.messages.at(-1);
      assert.equal(await text(page, "result-message-id"), message.messageId);
      assert.equal(await text(page, "result-status"), "sent");
      await page.getByTestId("send-result").scrollIntoViewIfNeeded();
      await shot("sent");
    });

    await t.test("a 500 from the API shows as a typed ApiError", async () => {
      const before = www.standin.state.sends.length;
      await page.getByTestId("fault").selectOption({ label: "500 server error" });
      await page.getByTestId("send").click();
      await page.getByTestId("send-error").waitFor({ timeout: 15_000 });
      assert.equal(await text(page, "error-name"), "ApiError");
      assert.equal(await text(page, "error-code"), "server_error");
      assert.equal(await text(page, "error-status"), "HTTP 500");
      assert.match(await text(page, "error-message"), /500/);
      const sends = www.standin.state.sends.slice(before);
      assert.deepEqual(
        sends.map((s) => s.outcome),
        ["faulted"],
      );
      // The fault was for one send: the select is back to normal answers.
      assert.equal(await page.getByTestId("fault").inputValue(), "");
      await page.getByTestId("send-result").scrollIntoViewIfNeeded();
      await shot("api-error");
    });

    await t.test("the real API needs a typed-in key, under a warning that keys belong on servers", async () => {
      await page.locator("[data-target='hub']").click();
      const warning = page.getByTestId("key-warning");
      assert.match((await warning.getAttribute("class")) ?? "", /\bdanger\b/);
      assert.match(await warning.textContent(), /API keys belong on servers/);
      assert.equal(await page.getByTestId("base-url").inputValue(), "https://api.chatt2.me");
      assert.equal(await page.getByTestId("api-key").inputValue(), "");
      assert.equal(await page.getByTestId("api-key").getAttribute("type"), "password");
      const before = www.standin.state.sends.length;
      await page.getByTestId("send").click();
      await page.getByTestId("send-error").waitFor({ timeout: 15_000 });
      // No key: the client refuses before any request.
      assert.equal(await text(page, "error-name"), "Chatt2meError");
      assert.equal(await text(page, "error-code"), "invalid_config");
      assert.match(await text(page, "error-message"), /apiKey is required/);
      assert.equal(www.standin.state.sends.length, before);
      await page.getByTestId("key-warning").scrollIntoViewIfNeeded();
      await shot("real-api-warning");
      await page.locator("[data-target='standin']").click();
      assert.equal(await page.getByTestId("base-url").inputValue(), www.standin.url);
      assert.equal(await page.getByTestId("api-key").inputValue(), "sk_test_standin");
    });

    await t.test("the Hub-normalized form maps its issues too; the raw editor shows the body", async () => {
      await page.locator("[data-model='hub']").click();
      await page.locator("[data-group='hub-kind'][data-value='interactive']").click();
      await page.getByTestId("reply-title-1").fill(TOO_LONG_TITLE);
      const p = "content.interactive.action.buttons[1].reply.title";
      assert.deepEqual(await issuesAt(page, p), { marked: true, messages: ["title is 24 characters; the limit is 20"] });
      await page.getByTestId("reply-title-1").scrollIntoViewIfNeeded();
      await shot("hub-issue");
      await page.locator("[data-model='raw']").click();
      const raw = JSON.parse(await page.getByTestId("raw-json").inputValue());
      assert.equal(raw.content.interactive.action.buttons[1].reply.title, TOO_LONG_TITLE);
      // In the raw editor every issue shows at the editor itself.
      assert.deepEqual(await issuesAt(page, ""), { marked: true, messages: [`${p} title is 24 characters; the limit is 20`] });
      await page.getByTestId("raw-json").fill('{"from": "chatt2me_demo", "to": "847495124317323", "content": {"text": "Hi"}');
      assert.match(await text(page, "issue-list"), /invalid_json/);
      await page.getByTestId("raw-json").fill('{"from": "chatt2me_demo", "to": "847495124317323", "content": {"text": "Hi"}}');
      assert.equal(await text(page, "issue-count"), "valid");
      await page.locator("[data-model='meta']").click();
      assert.equal(await page.getByTestId("meta-text").inputValue(), "Hi");
      assert.equal(await page.getByTestId("from").inputValue(), "chatt2me_demo");
    });

    await t.test("a pasted webhook body shows as a typed event", async () => {
      const body = fixture("chatt2me-site/webhooks/message-text-whatsapp.json");
      await page.getByTestId("webhook-body").fill(body);
      assert.equal(await page.getByTestId("signature-status").locator("[data-state]").getAttribute("data-state"), "unchecked");
      assert.equal(await text(page, "event-type"), "message");
      assert.equal(await text(page, "event-from"), "5511993986082");
      assert.equal(await text(page, "event-to"), "null");
      assert.equal(await text(page, "event-channelId"), INSTAGRAM_CHANNEL);
      assert.equal(await text(page, "event-content-type"), "content: text");
      assert.equal(await text(page, "content-text"), JSON.parse(body).content.text);
      await page.getByTestId("event").scrollIntoViewIfNeeded();
      await shot("webhook-event");

      await page.locator("[data-fixture='instagram-quick-reply']").click();
      assert.equal(await text(page, "event-type"), "echo");
      assert.equal(await text(page, "event-to"), "847495124317323");
      assert.equal(await text(page, "event-content-type"), "content: text");
      assert.match(await text(page, "content-quickReplies"), /"title":"Suporte"/);
    });

    await t.test("signs the body with the secret, verifies it, and refuses it once changed", async () => {
      const secret = "whsec_e2e_demo";
      await page.getByTestId("webhook-secret").fill(secret);
      assert.equal(await page.getByTestId("signature-status").locator("[data-state]").getAttribute("data-state"), "invalid");
      assert.match(await text(page, "signature-status"), /SignatureError missing_header/);
      await page.getByTestId("sign").click();
      const header = await page.getByTestId("webhook-signature").inputValue();
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
      assert.ok(m, `unexpected header ${header}`);
      const body = await page.getByTestId("webhook-body").inputValue();
      // Independently of the package: HMAC-SHA256(secret, "t.body").
      assert.equal(m[2], createHmac("sha256", secret).update(`${m[1]}.${body}`).digest("hex"));
      assert.equal(api.verifyWebhook(body, header, secret).type, "echo");
      assert.equal(await page.getByTestId("signature-status").locator("[data-state]").getAttribute("data-state"), "valid");
      assert.equal(await text(page, "event-type"), "echo");
      await page.getByTestId("signature-status").scrollIntoViewIfNeeded();
      await shot("signed-verified");

      await page.getByTestId("webhook-body").fill(body.replace("Como posso ajudar?", "Como posso ajudar?!"));
      assert.equal(await page.getByTestId("signature-status").locator("[data-state]").getAttribute("data-state"), "invalid");
      assert.match(await text(page, "signature-status"), /SignatureError signature_mismatch/);
      await page.getByTestId("signature-status").scrollIntoViewIfNeeded();
      await shot("tampered");
    });

    await t.test("replyTarget fills the composer's from and to", async () => {
      await page.getByTestId("webhook-secret").fill("");
      await page.locator("[data-fixture='message-text']").click();
      await page.getByRole("button", { name: "Reply with the composer" }).click();
      assert.equal(await page.getByTestId("from").inputValue(), INSTAGRAM_CHANNEL);
      assert.equal(await page.getByTestId("to").inputValue(), "5511993986082");
    });

    await context.close();
    assert.deepEqual(problems, []);
  });
}

test("make www's dev server serves a working page (sources, not a build)", async () => {
  const dev = await startWww({ mode: "dev", port: 0, standinPort: 0, quiet: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(dev.url);
    await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 });
    assert.equal(await text(page, "standin-url"), dev.standin.url);
    await page.getByTestId("qr-title-1").fill(TOO_LONG_TITLE);
    assert.equal((await issuesAt(page, "content.quick_replies[1].title")).marked, true);
    await page.getByTestId("qr-title-1").fill("Sales");
    await page.getByTestId("send").click();
    await page.getByTestId("send-ok").waitFor({ timeout: 15_000 });
    assert.equal(await text(page, "result-message-id"), dev.standin.state.messages.at(-1).messageId);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await dev.close();
  }
});
