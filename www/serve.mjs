#!/usr/bin/env node
// Serves the demo page with the local stand-in of the Hub API (what `make www` runs).
//
//   node www/serve.mjs                  # Vite dev server on :5173, stand-in on :8787
//   node www/serve.mjs --preview        # vite build, then serve dist/ (what the e2e test drives)
//   node www/serve.mjs --port 0 --standin-port 0
//
// Installs www/'s dependencies (npm ci) when they are missing. Needs the built package in pkg/
// (`make build`) and the repository's own dependencies (the stand-in's ajv; `npm ci` at the root).
//
//   import { startWww } from './www/serve.mjs';
//   const www = await startWww({ mode: 'preview', port: 0, standinPort: 0, quiet: true });
//   // { url, standin, close() }: url already points the page at the stand-in

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const wwwDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.dirname(wwwDir);

function fail(message) {
  const error = new Error(message);
  error.code = "WWW_SETUP";
  throw error;
}

function resolvable(name, from) {
  try {
    createRequire(path.join(from, "noop.js")).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Checks what the page needs; runs `npm ci` in www/ when its dependencies are missing. */
export function ensureDeps({ quiet = false } = {}) {
  if (!existsSync(path.join(repoDir, "pkg", "package.json")) || !existsSync(path.join(repoDir, "pkg", "browser.js"))) {
    fail("pkg/ holds no built package: run `make build` first.");
  }
  if (!resolvable("ajv", repoDir)) {
    fail("the stand-in's dependencies are missing: run `npm ci` in the repository root (make does it).");
  }
  const needed = ["vite", "playwright-core", "chatt2me-wasm"];
  if (!needed.every((name) => resolvable(name, wwwDir))) {
    if (!quiet) console.error("www: installing dependencies (npm ci in www/)…");
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const r = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: wwwDir, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) fail(`npm ci in www/ failed (exit ${r.status ?? r.signal}).`);
  }
}

async function startStandinOn(port, quiet) {
  const { startStandin } = await import(pathToFileURL(path.join(repoDir, "standin", "server.mjs")).href);
  try {
    return await startStandin({ port, quiet });
  } catch (error) {
    if (error?.code !== "EADDRINUSE" || port === 0) throw error;
    console.error(`www: port ${port} is taken; the stand-in takes a free one.`);
    return startStandin({ port: 0, quiet });
  }
}

/**
 * Starts the stand-in, then Vite (`mode`: "dev" serves the sources with hot reload, "preview"
 * builds dist/ and serves it). The page learns the stand-in's URL from VITE_STANDIN_URL.
 */
export async function startWww({ mode = "dev", port = 5173, standinPort = 8787, quiet = false, outDir } = {}) {
  ensureDeps({ quiet });
  const standin = await startStandinOn(standinPort, quiet);
  let server;
  try {
    process.env.VITE_STANDIN_URL = standin.url;
    const vite = await import("vite");
    const common = {
      root: wwwDir,
      configFile: path.join(wwwDir, "vite.config.js"),
      logLevel: quiet ? "warn" : "info",
      clearScreen: false,
    };
    if (mode === "dev") {
      server = await vite.createServer({ ...common, server: { port, strictPort: false } });
      await server.listen();
    } else {
      const build = outDir ? { outDir, emptyOutDir: true } : {};
      await vite.build({ ...common, build });
      server = await vite.preview({ ...common, build, preview: { port, strictPort: false } });
    }
  } catch (error) {
    await standin.close();
    throw error;
  }
  const url = server.resolvedUrls?.local?.[0] ?? `http://127.0.0.1:${server.httpServer.address().port}/`;
  let closed = false;
  return {
    url,
    mode,
    standin,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await standin.close();
    },
  };
}

function parseArgs(argv) {
  const opts = { mode: "dev", port: 5173, standinPort: 8787 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${a} needs a port number`);
      return Number(v);
    };
    if (a === "--preview") opts.mode = "preview";
    else if (a === "--dev") opts.mode = "dev";
    else if (a === "--port") opts.port = value();
    else if (a === "--standin-port") opts.standinPort = value();
    else if (a === "--help" || a === "-h") {
      console.log("node www/serve.mjs [--dev | --preview] [--port 5173] [--standin-port 8787]");
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  return opts;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  let www;
  try {
    www = await startWww(parseArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(`www: ${error.message}`);
    process.exit(1);
  }
  console.log("");
  console.log(`  chatt2me-wasm demo (${www.mode === "dev" ? "Vite dev server" : "built, vite preview"})`);
  console.log(`  page      ${www.url}`);
  console.log(`  stand-in  ${www.standin.url}   (API key sk_test_standin; request log below)`);
  console.log("  Ctrl-C stops both.\n");
  const stop = async () => {
    await www.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
