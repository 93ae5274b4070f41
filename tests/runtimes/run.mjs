#!/usr/bin/env node
// Runs the packed chatt2me-wasm in every runtime it claims, for real:
//
//   node tests/runtimes/run.mjs [--only word,word] [--list] [--verbose] [--pkg DIR]
//
// It packs pkg/ with `npm pack`, lints the tarball (publint, attw), then for each runtime makes
// a throwaway consumer project in tests/runtimes/.work/<name>/ that installs the tarball with
// npm, and runs the same smoke (smoke/smoke.mjs) there against a local stand-in of the Hub API:
// Node ESM, CJS and an esbuild bundle; TypeScript consumers (tsc 5.9 and 7); workerd (Miniflare)
// with examples/worker; Chromium (Vite build, Vite dev, webpack 5, no bundler); Deno.
// One line per runtime, then `runtimes: N passed, N failed`; exit 1 on any failure.
// RUNTIMES_DEBUG=1 logs each step with its time on stderr.
//
// Needs pkg/ built (make build). Installs what it lacks: this folder's npm tools (npm ci),
// the repository's (for the stand-in), and Debian's chromium (apt-get, as root).

import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
let PKG = join(ROOT, "pkg");
const WORK = join(HERE, ".work");
const CONSUMERS = join(HERE, "consumers");
const SMOKE = join(HERE, "smoke", "smoke.mjs");
const BIN = join(HERE, "node_modules", ".bin");
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// ------------------------------------------------------------------------------------------
// Small helpers

class Failure extends Error {}

const DEBUG = Boolean(process.env.RUNTIMES_DEBUG);
const T0 = performance.now();
function debug(...args) {
  if (DEBUG) console.error(`[${((performance.now() - T0) / 1000).toFixed(1)}s]`, ...args);
}

function fail(message) {
  throw new Failure(message);
}

function assert(ok, message) {
  if (!ok) fail(message);
}

/** Runs a command; resolves to {code, stdout, stderr}. Rejects only if it cannot start. */
function run(command, args, { cwd = HERE, env = {}, timeoutMs = 180_000, input } = {}) {
  debug("run", basename(command), args.join(" "), "in", relative(HERE, cwd) || ".");
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[run.mjs] ${command} timed out after ${timeoutMs} ms; killed`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

/** Like run(), but fails with the output when the exit code is not 0. */
async function must(command, args, options) {
  const out = await run(command, args, options);
  if (out.code !== 0) {
    fail(`${basename(command)} ${args.join(" ")} exited ${out.code}\n${tail(out.stdout)}\n${tail(out.stderr)}`);
  }
  return out;
}

function tail(text, lines = 40) {
  const all = String(text).trimEnd().split("\n");
  return all.slice(-lines).join("\n");
}

async function poll(what, fn, { timeoutMs = 15_000, everyMs = 50 } = {}) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) fail(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function filesUnder(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath ?? entry.path, entry.name));
  }
  return out;
}

// ------------------------------------------------------------------------------------------
// Preparation: tools, the package tarball, the stand-in

function sh(command, args, cwd) {
  const out = spawnSync(command, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
  if (out.status !== 0) {
    console.error(`[run.mjs] ${command} ${args.join(" ")} failed (${out.status ?? out.error})`);
    process.exit(2);
  }
}

function prepareTools() {
  if (!existsSync(join(PKG, "node.js")) || !existsSync(join(PKG, "chatt2me_wasm_bg.wasm"))) {
    console.error("[run.mjs] pkg/ is not built: run `make build` first");
    process.exit(2);
  }
  if (!existsSync(join(ROOT, "node_modules", "ajv"))) {
    console.error("[run.mjs] installing the repository's npm tools (the stand-in needs ajv)");
    sh("npm", ["ci", "--no-audit", "--no-fund"], ROOT);
  }
  // npm ci when node_modules is missing or older than the lock (npm writes its own copy there).
  const installed = join(HERE, "node_modules", ".package-lock.json");
  if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(HERE, "package-lock.json")).mtimeMs) {
    console.error("[run.mjs] installing tests/runtimes npm tools (npm ci)");
    sh("npm", ["ci", "--no-audit", "--no-fund"], HERE);
  }
  if (!existsSync(CHROMIUM)) {
    console.error("[run.mjs] installing Debian's chromium (apt-get)");
    sh("apt-get", ["update", "-qq"], HERE);
    sh("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], HERE);
  }
}

async function pack() {
  await rm(WORK, { recursive: true, force: true });
  await mkdir(WORK, { recursive: true });
  const out = await must("npm", ["pack", PKG, "--pack-destination", WORK, "--json"], { cwd: WORK });
  const [info] = JSON.parse(out.stdout);
  const tarball = join(WORK, info.filename);
  const files = info.files.map((f) => f.path);
  return { tarball, files, version: info.version };
}

// ------------------------------------------------------------------------------------------
// Consumers

const ctx = {
  /** @type {{tarball: string, files: string[], version: string}} */ pack: null,
  standin: null,
  apiKey: `sk_test_runtimes_${randomBytes(6).toString("hex")}`,
  secret: `whsec_runtimes_${randomBytes(12).toString("hex")}`,
  nonce: randomBytes(4).toString("hex"),
  browser: null,
};

/** The config handed to the smoke of one runtime. */
function smokeConfig(runtime) {
  return { runtime, nonce: ctx.nonce, standinUrl: ctx.standin.url, apiKey: ctx.apiKey, secret: ctx.secret };
}

/**
 * A throwaway consumer project in .work/<name>: the template files of consumers/<template>, the
 * shared smoke, a package.json depending on the tarball, `npm install`.
 */
async function consumer(name, { template = name, type = "module", smokeDir = ".", extra = {} } = {}) {
  const dir = join(WORK, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  if (template) await cp(join(CONSUMERS, template), dir, { recursive: true });
  await mkdir(join(dir, smokeDir), { recursive: true });
  await cp(SMOKE, join(dir, smokeDir, "smoke.mjs"));
  const pkg = {
    name: `consumer-${name}`,
    private: true,
    type,
    dependencies: { "chatt2me-wasm": `file:${relative(dir, ctx.pack.tarball)}` },
    ...extra,
  };
  await writeFile(join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  await must("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir });
  assert(existsSync(join(dir, "node_modules", "chatt2me-wasm", "chatt2me_wasm_bg.wasm")), "the tarball did not install");
  return dir;
}

/** The SMOKE_RESULT line of a process's output. */
function resultLine(out, what) {
  const line = out.stdout.split("\n").find((l) => l.startsWith("SMOKE_RESULT "));
  if (out.code !== 0 || !line) {
    fail(`${what} exited ${out.code} without a result\n${tail(out.stdout)}\n${tail(out.stderr)}`);
  }
  return JSON.parse(line.slice("SMOKE_RESULT ".length));
}

/**
 * Checks a smoke's result against what it must hold and against the stand-in's own log: the
 * send really arrived from that runtime (its text, the key) and the message id is the one the
 * stand-in issued.
 */
async function checkSmoke(runtime, result) {
  const { CHECKS } = await import(pathToFileURL(SMOKE));
  assert(result && Array.isArray(result.checks), `${runtime}: no checks in the result: ${JSON.stringify(result)}`);
  const missing = CHECKS.filter((c) => !result.checks.includes(c));
  assert(missing.length === 0, `${runtime}: checks not run: ${missing.join("; ")}`);
  const text = `smoke ${runtime} ${ctx.nonce}`;
  assert(result.text === text, `${runtime}: the smoke sent ${JSON.stringify(result.text)}, not ${JSON.stringify(text)}`);
  const sends = ctx.standin.state.sends.filter((s) => s.body?.content?.text === text);
  const ok = sends.filter((s) => s.outcome === "ok" && s.hasApiKey && s.path === "/v1/communication/instagram/message");
  assert(ok.length === 1, `${runtime}: the stand-in logged ${ok.length} accepted sends with this runtime's text (want 1)`);
  const whatsapp = sends.filter((s) => s.outcome === "ok" && s.hasApiKey && s.path === "/v1/communication/whatsapp/message");
  assert(whatsapp.length === 1, `${runtime}: the stand-in logged ${whatsapp.length} accepted WhatsApp sends with this runtime's text (want 1)`);
  const wa = ctx.standin.state.messages.find((m) => m.messageId === result.whatsapp?.messageId);
  assert(wa && wa.kind === "whatsapp" && wa.to === "5511993986082", `${runtime}: the WhatsApp SendResult's messageId is not one the stand-in issued`);
  assert(sends.some((s) => s.outcome === 401), `${runtime}: the stand-in never saw the wrong-key send`);
  const message = ctx.standin.state.messages.find((m) => m.messageId === result.send.messageId);
  assert(message && message.to === "847495124317323", `${runtime}: the SendResult's messageId is not one the stand-in issued`);
  return `${result.checks.length} checks, sent ${result.send.messageId.slice(0, 12)}…`;
}

// ------------------------------------------------------------------------------------------
// Runtimes

async function lintPackage() {
  const { tarball, files } = ctx.pack;
  for (const f of ["chatt2me_wasm_bg.wasm", "node.js", "node.cjs", "workerd.js", "browser.js", "deno.js", "web.js", "index.d.ts", "index.d.cts", "chatt2me_wasm.d.cts", "package.json"]) {
    assert(files.includes(f), `the tarball lacks ${f}`);
  }
  const wasms = files.filter((f) => f.endsWith(".wasm"));
  assert(wasms.length === 1, `the tarball must hold one .wasm, holds ${wasms.join(", ")}`);
  const publint = await must(join(BIN, "publint"), ["run", tarball, "--strict"]);
  assert(/All good/.test(publint.stdout), `publint reported problems:\n${publint.stdout}`);
  // attw, every resolution mode, with no rule ignored. One exclusion: the ./chatt2me_wasm_bg.wasm
  // subpath is a binary asset, not a JS module: it has no declarations on purpose, so that each
  // environment's own `*.wasm` module type applies.
  const attw = await run(join(BIN, "attw"), [
    tarball,
    "--format",
    "table",
    "--exclude-entrypoints",
    "./chatt2me_wasm_bg.wasm",
  ]);
  assert(attw.code === 0 && /No problems found/.test(attw.stdout), `attw reported problems:\n${attw.stdout}\n${attw.stderr}`);
  return `publint: all good; attw: no problems (${files.length} files, ${wasms[0]})`;
}

async function nodeEsm() {
  const dir = await consumer("node-esm");
  const out = await run(process.execPath, ["main.mjs"], { cwd: dir, env: { SMOKE_CONFIG: JSON.stringify(smokeConfig("node-esm")) } });
  const result = resultLine(out, "node main.mjs");
  assert(result.entry.endsWith("/node_modules/chatt2me-wasm/node.js"), `import resolved to ${result.entry}, not node.js`);
  return `${await checkSmoke("node-esm", result)}; entry node.js`;
}

async function nodeCjs() {
  const dir = await consumer("node-cjs", { type: "commonjs" });
  const out = await run(process.execPath, ["main.cjs"], { cwd: dir, env: { SMOKE_CONFIG: JSON.stringify(smokeConfig("node-cjs")) } });
  const result = resultLine(out, "node main.cjs");
  assert(result.entry.endsWith(`${sep}node_modules${sep}chatt2me-wasm${sep}node.cjs`), `require resolved to ${result.entry}, not node.cjs`);
  const warning = out.stderr.match(/ExperimentalWarning[^\n]*/);
  return `${await checkSmoke("node-cjs", result)}; require → node.cjs → node.js${warning ? `; Node says: ${warning[0]}` : ""}`;
}

/**
 * A CommonJS TypeScript project compiled with module node16, nodenext and commonjs by tsc 5.9
 * and tsc 7 (where it still takes the mode), each output run by Node against the stand-in.
 */
async function typescriptCjs() {
  const dir = await consumer("ts-cjs", { type: "commonjs" });
  const compilers = [
    ["tsc 5.9", join(HERE, "node_modules", "typescript", "bin", "tsc")],
    ["tsc 7", join(HERE, "node_modules", "typescript-7", "bin", "tsc")],
  ];
  const ran = [];
  for (const mode of ["node16", "nodenext", "commonjs"]) {
    for (const [label, tsc] of compilers) {
      await rm(join(dir, "out"), { recursive: true, force: true });
      const out = await run(process.execPath, [tsc, "-p", `tsconfig.${mode}.json`], { cwd: dir });
      if (out.code !== 0) fail(`${label}, module ${mode}, found errors:\n${tail(out.stdout, 60)}\n${tail(out.stderr)}`);
      const js = join("out", mode, "index.js");
      const exec = await run(process.execPath, [js], { cwd: dir, env: { SMOKE_CONFIG: JSON.stringify(smokeConfig(`ts-cjs ${mode}`)) } });
      const line = exec.stdout.split("\n").find((l) => l.startsWith("TS_CJS_RESULT "));
      if (exec.code !== 0 || !line) fail(`node ${js} (${label}, ${mode}) exited ${exec.code}\n${tail(exec.stdout)}\n${tail(exec.stderr)}`);
      const result = JSON.parse(line.slice("TS_CJS_RESULT ".length));
      assert(result.entry.endsWith(`${sep}chatt2me-wasm${sep}node.cjs`), `require resolved to ${result.entry}, not node.cjs`);
      assert(ctx.standin.state.messages.some((m) => m.messageId === result.messageId), `${mode}: the messageId is not one the stand-in issued`);
      assert(ctx.standin.state.messages.some((m) => m.kind === "whatsapp" && m.messageId === result.whatsapp), `${mode}: the WhatsApp messageId is not one the stand-in issued`);
      ran.push(`${label} ${mode}`);
    }
  }
  return `compiled and ran: ${ran.join(", ")}`;
}

/** tsc 5.9 and tsc 7 on one consumer project. */
async function typescript(name, extraFiles = []) {
  const dir = await consumer(name);
  const compilers = [
    ["tsc 5.9", join(HERE, "node_modules", "typescript", "bin", "tsc")],
    ["tsc 7", join(HERE, "node_modules", "typescript-7", "bin", "tsc")],
  ];
  const seen = [];
  for (const [label, tsc] of compilers) {
    const version = (await must(process.execPath, [tsc, "--version"], { cwd: dir })).stdout.trim();
    const out = await run(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit", "--strict"], { cwd: dir });
    if (out.code !== 0) fail(`${label} (${version}) found errors:\n${tail(out.stdout, 60)}\n${tail(out.stderr)}`);
    seen.push(version.replace(/^Version /, ""));
  }
  for (const f of extraFiles) assert(existsSync(join(dir, f)), `missing ${f}`);
  return `tsc --noEmit --strict clean with ${seen.join(" and ")}`;
}

async function deno() {
  const dir = await consumer("deno");
  const denoBin = join(BIN, "deno");
  const version = (await run(denoBin, ["--version"])).stdout.split("\n")[0];
  const out = await run(
    denoBin,
    ["run", "--no-prompt", "--allow-read=.", `--allow-net=${new URL(ctx.standin.url).host}`, "--allow-env=SMOKE_CONFIG", "main.mjs"],
    {
      cwd: dir,
      env: { SMOKE_CONFIG: JSON.stringify(smokeConfig("deno")), DENO_DIR: join(WORK, ".deno-cache"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    },
  );
  const result = resultLine(out, "deno run main.mjs");
  assert(result.entry.endsWith("/node_modules/chatt2me-wasm/deno.js"), `Deno resolved the package to ${result.entry}, not deno.js`);
  return `${await checkSmoke("deno", result)}; ${version}, entry deno.js`;
}

// --- workerd ------------------------------------------------------------------------------

/** Bundles a Worker project the way `wrangler deploy` would, without uploading. */
async function wranglerBundle(dir) {
  await must(join(BIN, "wrangler"), ["deploy", "--dry-run", "--outdir", "dist"], {
    cwd: dir,
    env: { WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1", WRANGLER_LOG_PATH: join(WORK, ".wrangler-logs") },
  });
  const files = await filesUnder(join(dir, "dist"));
  const main = files.find((f) => basename(f) === "index.js");
  assert(main, `wrangler wrote no dist/index.js: ${files.join(", ")}`);
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  assert(wasm.length === 1, `the bundle must carry the .wasm as one module file, has ${wasm.length}`);
  const code = await readFile(main, "utf8");
  return { main, wasm: wasm[0], code };
}

/**
 * What the Workers bundle must show: the package's workerd entry, the .wasm imported as a
 * module (not inlined, not fetched, not read), and no code path that compiles wasm from bytes.
 */
function checkWorkerBundle({ code, wasm }, { bytesPaths: checkBytes = true } = {}) {
  const entry = code.match(/node_modules\/chatt2me-wasm\/(\w+)\.js/g) ?? [];
  assert(entry.some((e) => e.endsWith("/workerd.js")), "the bundle does not hold the package's workerd.js");
  for (const other of ["node.js", "browser.js", "deno.js", "web.js"]) {
    assert(!entry.some((e) => e.endsWith(`/${other}`)), `the Workers bundle holds the package's ${other}`);
  }
  assert(code.includes(`from "./${basename(wasm)}"`), `the bundle does not import ${basename(wasm)} as a module`);
  if (!checkBytes) return "";
  const bytesPaths = [
    "WebAssembly.compile(",
    "WebAssembly.compileStreaming(",
    "WebAssembly.instantiateStreaming(",
    "WebAssembly.instantiate(",
    "readFileSync",
    "Deno.readFileSync",
    "import.meta.url",
  ].filter((s) => code.includes(s));
  assert(bytesPaths.length === 0, `the Workers bundle holds ${bytesPaths.join(", ")}`);
  assert(!/[A-Za-z0-9+/]{4096}/.test(code), "the Workers bundle holds a long base64 string (an inlined .wasm?)");
  // initSync keeps a `new WebAssembly.Module(bytes)` fallback for callers passing bytes; the
  // workerd entry passes the imported Module, and workerd itself refuses the other path (/probe).
  return code.includes("new WebAssembly.Module(") ? "initSync's Module fallback present, unused" : "no bytes path at all";
}

async function workers() {
  const { Miniflare } = await import("miniflare");
  // The example Worker, installed as its own consumer project from examples/worker.
  const example = join(WORK, "worker-example");
  await rm(example, { recursive: true, force: true });
  await cp(join(ROOT, "examples", "worker"), example, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|dist|\.wrangler|\.dev\.vars)$/.test(src),
  });
  const examplePkg = JSON.parse(await readFile(join(example, "package.json"), "utf8"));
  assert(examplePkg.dependencies?.["chatt2me-wasm"], "examples/worker/package.json does not depend on chatt2me-wasm");
  examplePkg.dependencies["chatt2me-wasm"] = `file:${relative(example, ctx.pack.tarball)}`;
  delete examplePkg.devDependencies; // wrangler comes from tests/runtimes
  await writeFile(join(example, "package.json"), JSON.stringify(examplePkg, null, 2) + "\n");
  await must("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: example });
  const smokeDir = await consumer("worker-smoke", { smokeDir: "src" });

  const toml = await readFile(join(example, "wrangler.toml"), "utf8");
  const compatibilityDate = toml.match(/^compatibility_date\s*=\s*"([^"]+)"/m)?.[1];
  const replyText = toml.match(/^AUTO_REPLY_TEXT\s*=\s*"([^"]+)"/m)?.[1];
  assert(compatibilityDate && replyText, "examples/worker/wrangler.toml lacks compatibility_date or AUTO_REPLY_TEXT");

  const exampleBundle = await wranglerBundle(example);
  const smokeBundle = await wranglerBundle(smokeDir);
  const bundleNote = checkWorkerBundle(exampleBundle);
  checkWorkerBundle(smokeBundle, { bytesPaths: false }); // its /probe compiles bytes on purpose

  const rules = [{ type: "CompiledWasm", include: ["**/*.wasm"] }];
  const logs = [];
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    handleRuntimeStdio(stdout, stderr) {
      stdout.on("data", (d) => logs.push(String(d)));
      stderr.on("data", (d) => logs.push(String(d)));
    },
    workers: [
      {
        name: "example",
        modules: true,
        scriptPath: exampleBundle.main,
        modulesRoot: dirname(exampleBundle.main),
        modulesRules: rules,
        compatibilityDate,
        bindings: {
          WEBHOOK_SECRET: ctx.secret,
          CHATT2ME_API_KEY: ctx.apiKey,
          CHATT2ME_BASE_URL: ctx.standin.url,
          AUTO_REPLY_TEXT: replyText,
        },
      },
      {
        name: "smoke",
        modules: true,
        scriptPath: smokeBundle.main,
        modulesRoot: dirname(smokeBundle.main),
        modulesRules: rules,
        compatibilityDate,
        bindings: { SMOKE_CONFIG: JSON.stringify(smokeConfig("workerd")) },
      },
    ],
  });
  try {
    const url = await mf.ready;
    // 1. workerd forbids compiling wasm from bytes: the negative control.
    const smokeWorker = await mf.getWorker("smoke");
    const { atStartup, ...probe } = await (await smokeWorker.fetch("http://smoke/probe")).json();
    for (const [how, what] of Object.entries(probe)) {
      assert(/disallowed|not allowed|CompileError|code generation/i.test(what) && what !== "compiled", `workerd let ${how} compile wasm from bytes: ${what}`);
    }
    // 2. The shared smoke, inside workerd.
    const smokeOut = await (await smokeWorker.fetch("http://smoke/smoke")).json();
    assert(smokeOut.ok, `the smoke failed in workerd: ${smokeOut.error}\n${logs.join("")}`);
    const smokeNote = await checkSmoke("workerd", smokeOut.result);

    // 3. The example Worker: the handshake, a signed inbound message, a forged one.
    // Signatures made in Node, with the same tarball (the example's node_modules).
    const lib = await import(pathToFileURL(join(example, "node_modules", "chatt2me-wasm", "node.js")).href);
    const token = `token-${ctx.nonce}`;
    const handshake = await mf.dispatchFetch("http://example.test/webhook", { method: "POST", headers: { "x-validation-token": token } });
    assert(handshake.status === 200 && (await handshake.text()) === JSON.stringify(token), `handshake answered ${handshake.status}`);

    const sender = `9${Date.now() % 1e15}`;
    const inbound = JSON.stringify({
      eventType: "Message",
      channelId: "6cbd6789-1d2b-47e0-9391-5eb91d2839ea",
      messageId: `mid.worker.${ctx.nonce}`,
      from: sender,
      timestamp: Math.floor(Date.now() / 1000),
      channel: "instagram",
      content: { type: "text", text: "Hi! Is this open today?" },
    });
    const forged = await mf.dispatchFetch("http://example.test/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature": lib.signWebhook(inbound, `${ctx.secret}x`) },
      body: inbound,
    });
    assert(forged.status === 401, `a badly signed delivery got ${forged.status}, not 401`);
    const delivered = await mf.dispatchFetch("http://example.test/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature": lib.signWebhook(inbound, ctx.secret) },
      body: inbound,
    });
    const deliveredBody = await delivered.text();
    assert(delivered.status === 200, `a signed delivery got ${delivered.status}: ${deliveredBody}`);
    const reply = await poll("the Worker's reply at the stand-in", () =>
      ctx.standin.state.sends.find((s) => s.to === sender || s.body?.to === sender),
    );
    assert(
      reply.outcome === "ok" &&
        reply.hasApiKey &&
        reply.path === "/v1/communication/instagram/message" &&
        reply.body.from === "6cbd6789-1d2b-47e0-9391-5eb91d2839ea" &&
        reply.body.content?.text === replyText,
      `the Worker's reply is not the expected one: ${JSON.stringify(reply)}`,
    );
    const repliesToForged = ctx.standin.state.sends.filter((s) => s.body?.to === sender).length;
    assert(repliesToForged === 1, `the Worker sent ${repliesToForged} replies for one signed delivery and one forged`);

    // 4. The Hub's side over real HTTP: the stand-in registers the Worker as a webhook (its
    //    handshake), then delivers signed events of our send to it; the Worker answers 200 and,
    //    as they are echoes and statuses, sends nothing back.
    const before = ctx.standin.state.sends.length;
    for (const eventType of ["Message", "MessageStatus"]) {
      const created = await fetch(`${ctx.standin.url}/v1/organization/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": ctx.apiKey },
        body: JSON.stringify({
          label: `worker-${eventType}`,
          endpoint: new URL("/webhook", url).href,
          eventType,
          authenticationProtocol: "NoAuthentication",
          requiresSignature: true,
        }),
      });
      const webhook = await created.json();
      assert(created.status === 201 && webhook.isVerified === true, `the stand-in could not verify the Worker: ${created.status} ${JSON.stringify(webhook)}`);
    }
    const client = new lib.Chatt2me({ apiKey: ctx.apiKey, baseUrl: ctx.standin.url });
    await client.sendInstagramMessage({ from: "chatt2me_demo", to: sender, content: { text: `outbound ${ctx.nonce}` } });
    await ctx.standin.state.settled();
    const deliveries = ctx.standin.state.deliveries.filter((d) => d.url?.startsWith(url.origin));
    assert(deliveries.length >= 2, `the stand-in delivered ${deliveries.length} events to the Worker (want the Message and the MessageStatus)`);
    const refused = deliveries.filter((d) => d.statusCode !== 200);
    assert(refused.length === 0, `the Worker refused deliveries: ${JSON.stringify(refused.map((d) => [d.eventType, d.statusCode]))}`);
    assert(ctx.standin.state.sends.length === before + 1, "the Worker answered an echo or a status with a send");
    return `${smokeNote}; example Worker: handshake, 401 forged, reply sent; stand-in verified + ${deliveries.length} signed deliveries 200; workerd refuses bytes compiles in requests (at startup: ${atStartup === "compiled" ? "allowed" : "refused"}); bundle: .wasm imported as a module, ${bundleNote}`;
  } finally {
    await mf.dispose();
  }
}

// --- browsers ------------------------------------------------------------------------------

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".css": "text/css",
};

/** A static file server on 127.0.0.1 for one folder. */
async function serve(root) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = resolve(root, `.${path.endsWith("/") ? `${path}index.html` : path}`);
    if (!file.startsWith(root)) return res.writeHead(403).end();
    try {
      if (!(await stat(file)).isFile()) throw new Error("not a file");
      res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () =>
      new Promise((r) => {
        server.close(r);
        server.closeAllConnections(); // Chromium keeps its connections alive
      }),
  };
}

async function browser() {
  if (ctx.browser) return ctx.browser;
  const { chromium } = await import("playwright-core");
  const userDataDir = join(WORK, ".chromium-profile");
  await rm(userDataDir, { recursive: true, force: true });
  ctx.browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return ctx.browser;
}

/** Loads a page in Chromium and returns the smoke's result it leaves on window.__smoke. */
async function runPage(url, runtime) {
  debug("browser");
  const context = await browser();
  debug("page", url);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  try {
    const full = `${url}${url.includes("?") ? "&" : "?"}config=${encodeURIComponent(JSON.stringify(smokeConfig(runtime)))}`;
    await page.goto(full);
    debug("loaded");
    const handle = await page
      .waitForFunction(() => window.__smoke, null, { timeout: 30_000 })
      .catch(() => fail(`${runtime}: the page never finished the smoke\n${problems.join("\n")}`));
    debug("smoke finished");
    const outcome = await handle.jsonValue();
    if (!outcome.ok) fail(`${runtime}: ${outcome.error}\n${problems.join("\n")}`);
    // The wrong-key send logs a 401 in the console, and the get of the deleted webhook a 404:
    // those are expected.
    const unexpected = problems.filter((p) => !/status of (401|404)/.test(p));
    assert(unexpected.length === 0, `${runtime}: the page reported problems:\n${unexpected.join("\n")}`);
    const wasm = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.includes(".wasm")));
    debug("entries");
    return { result: outcome.result, wasm };
  } finally {
    await page.close();
    debug("closed");
  }
}

async function viteBuild() {
  const { build } = await import("vite");
  const dir = await consumer("vite", { template: "browser" });
  await build({ root: dir, configFile: false, logLevel: "error", build: { outDir: "dist", emptyOutDir: true } });
  const assets = await filesUnder(join(dir, "dist"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert(wasm.length === 1, `vite emitted ${wasm.length} .wasm assets`);
  const server = await serve(join(dir, "dist"));
  try {
    const { result, wasm: fetched } = await runPage(`${server.url}/index.html`, "vite");
    assert(fetched.length === 1 && fetched[0].endsWith(basename(wasm[0])), `the page fetched ${fetched.join(", ")} instead of the emitted .wasm`);
    return `${await checkSmoke("vite", result)}; Chromium fetched ${basename(wasm[0])}`;
  } finally {
    await server.close();
  }
}

/** The Vite dev server (dependency pre-bundling, served from node_modules), as `vite` runs. */
async function viteDev() {
  const { createServer } = await import("vite");
  const dir = await consumer("vite-dev", { template: "browser" });
  const server = await createServer({
    root: dir,
    configFile: false,
    logLevel: "error",
    clearScreen: false,
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  try {
    const { result, wasm } = await runPage(new URL("index.html", server.resolvedUrls.local[0]).href, "vite-dev");
    assert(wasm.length === 1 && wasm[0].includes("chatt2me_wasm_bg.wasm"), `the page fetched ${wasm.join(", ")}`);
    return `${await checkSmoke("vite-dev", result)}; Chromium fetched ${new URL(wasm[0]).pathname}`;
  } finally {
    await server.close();
  }
}

/** One-file Node bundle (esbuild), the .wasm copied next to it: the serverless recipe. */
async function nodeBundle() {
  const esbuild = await import("esbuild");
  const dir = await consumer("node-bundle");
  const outfile = join(dir, "dist", "index.mjs");
  await esbuild.build({
    absWorkingDir: dir,
    entryPoints: ["main.mjs"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "silent",
  });
  const code = await readFile(outfile, "utf8");
  assert(code.includes("node_modules/chatt2me-wasm/node.js"), "esbuild did not pick the package's node entry");
  const config = { SMOKE_CONFIG: JSON.stringify(smokeConfig("node-bundle")) };
  // Without the .wasm beside it, the bundle must fail loudly at load (not later, not silently).
  const bare = await run(process.execPath, [outfile], { cwd: join(dir, "dist"), env: config });
  assert(bare.code !== 0 && /ENOENT[^\n]*chatt2me_wasm_bg\.wasm/.test(bare.stderr), `the bundle without its .wasm: exit ${bare.code}\n${tail(bare.stderr, 5)}`);
  await cp(join(dir, "node_modules", "chatt2me-wasm", "chatt2me_wasm_bg.wasm"), join(dir, "dist", "chatt2me_wasm_bg.wasm"));
  await rm(join(dir, "node_modules"), { recursive: true }); // what a deployment has: the bundle and the .wasm
  const out = await run(process.execPath, [outfile], { cwd: join(dir, "dist"), env: config });
  return `${await checkSmoke("node-bundle", resultLine(out, "node dist/index.mjs"))}; esbuild ${esbuild.version}, .wasm copied beside the bundle`;
}

async function webpackBuild() {
  const { default: webpack } = await import("webpack");
  const dir = await consumer("webpack", { template: "browser" });
  const stats = await new Promise((r, reject) =>
    webpack(
      {
        mode: "production",
        context: dir,
        entry: "./main.js",
        target: "web",
        devtool: false,
        performance: { hints: false },
        output: { path: join(dir, "dist"), filename: "main.js", clean: true },
      },
      (err, s) => (err ? reject(err) : r(s)),
    ),
  );
  if (stats.hasErrors() || stats.hasWarnings()) {
    fail(`webpack: ${stats.toString({ all: false, errors: true, warnings: true })}`);
  }
  const html = (await readFile(join(dir, "index.html"), "utf8")).replace('type="module" src="./main.js"', 'src="./main.js"');
  await writeFile(join(dir, "dist", "index.html"), html);
  const wasm = (await filesUnder(join(dir, "dist"))).filter((f) => f.endsWith(".wasm"));
  assert(wasm.length === 1, `webpack emitted ${wasm.length} .wasm assets`);
  const server = await serve(join(dir, "dist"));
  try {
    const { result, wasm: fetched } = await runPage(`${server.url}/index.html`, "webpack");
    assert(fetched.length === 1 && fetched[0].endsWith(basename(wasm[0])), `the page fetched ${fetched.join(", ")} instead of the emitted .wasm`);
    return `${await checkSmoke("webpack", result)}; webpack ${webpack.version}, Chromium fetched ${basename(wasm[0])}`;
  } finally {
    await server.close();
  }
}

/** No bundler: the package's files served as they are, an import map, native ES modules. */
async function browserEsm() {
  const dir = await consumer("browser-esm", { template: "browser" });
  const page = (entry, script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>no bundler</title><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "chatt2me-wasm": "./node_modules/chatt2me-wasm/${entry}" } }</script></head>
<body><pre id="out">running…</pre><script type="module">${script}</script></body></html>
`;
  const script = (init) => `
import * as lib from "chatt2me-wasm";
import { smoke } from "./smoke.mjs";
${init}
const config = JSON.parse(new URLSearchParams(location.search).get("config"));
smoke(lib, config).then((result) => (window.__smoke = { ok: true, result }), (e) => (window.__smoke = { ok: false, error: String(e.stack ?? e) }));`;
  // browser.js: top-level await, nothing to call. web.js: the one documented call, init().
  await writeFile(join(dir, "default.html"), page("browser.js", script("")));
  await writeFile(join(dir, "web.html"), page("web.js", script('import init from "chatt2me-wasm";\nawait init();')));
  const server = await serve(dir);
  try {
    const notes = [];
    for (const [file, runtime] of [["default.html", "browser-esm"], ["web.html", "browser-esm-init"]]) {
      const { result, wasm } = await runPage(`${server.url}/${file}`, runtime);
      assert(wasm.length === 1 && wasm[0].endsWith("/node_modules/chatt2me-wasm/chatt2me_wasm_bg.wasm"), `${runtime} fetched ${wasm.join(", ")}`);
      notes.push(`${runtime}: ${await checkSmoke(runtime, result)}`);
    }
    return notes.join("; ");
  } finally {
    await server.close();
  }
}

// ------------------------------------------------------------------------------------------

const RUNTIMES = [
  ["package (publint, attw)", lintPackage],
  ["node-esm", nodeEsm],
  ["node-cjs", nodeCjs],
  ["node: esbuild bundle", nodeBundle],
  ["ts node16", () => typescript("ts-node16")],
  ["ts bundler", () => typescript("ts-bundler")],
  ["ts nodenext (cjs)", () => typescript("ts-nodenext-cjs")],
  ["ts cjs: node16, nodenext, commonjs (compiled and run)", typescriptCjs],
  ["workerd (miniflare)", workers],
  ["chromium: vite build", viteBuild],
  ["chromium: vite dev", viteDev],
  ["chromium: webpack 5", webpackBuild],
  ["chromium: no bundler", browserEsm],
  ["deno", deno],
];

async function main() {
  const { values } = parseArgs({ options: { only: { type: "string" }, list: { type: "boolean" }, verbose: { type: "boolean" }, pkg: { type: "string" } } });
  if (values.list) {
    for (const [name] of RUNTIMES) console.log(name);
    return 0;
  }
  const only = values.only?.split(",").map((s) => s.trim().toLowerCase());
  const chosen = RUNTIMES.filter(([name]) => !only || only.some((o) => name.toLowerCase().includes(o)));
  if (chosen.length === 0) {
    console.error(`no runtime matches ${values.only}; --list shows them`);
    return 2;
  }
  if (values.pkg) PKG = resolve(values.pkg);
  const started = performance.now();
  prepareTools();
  ctx.pack = await pack();
  const { startStandin } = await import(pathToFileURL(join(ROOT, "standin", "server.mjs")).href);
  ctx.standin = await startStandin({ quiet: true, apiKey: ctx.apiKey, webhookSecret: ctx.secret, cors: true });
  console.log(`chatt2me-wasm ${ctx.pack.version} packed (${basename(ctx.pack.tarball)}); stand-in at ${ctx.standin.url}; node ${process.version}`);
  const width = Math.max(...chosen.map(([n]) => n.length));
  let passed = 0;
  let failed = 0;
  try {
    for (const [name, fn] of chosen) {
      const t0 = performance.now();
      let line;
      try {
        const note = await fn();
        passed++;
        line = `pass  ${name.padEnd(width)}  ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s  ${values.verbose ? note : note.slice(0, 160)}`;
      } catch (error) {
        failed++;
        const why = error instanceof Failure ? error.message : error?.stack ?? String(error);
        line = `FAIL  ${name.padEnd(width)}  ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s\n${why.replace(/^/gm, "      ")}`;
      }
      console.log(line);
    }
  } finally {
    await ctx.browser?.close().catch(() => {});
    await ctx.standin.close();
  }
  console.log(`total ${((performance.now() - started) / 1000).toFixed(0)}s`);
  console.log(`runtimes: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
