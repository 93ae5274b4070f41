// Finds Debian's Chromium (the browser the e2e test drives through playwright-core), installing
// it with apt-get when it is missing and we are root. Playwright's own browser download is not
// used: this machine reaches only the package registries.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** The Chromium flags of every run: headless, and nothing that reaches the network by itself. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function apt(args) {
  const r = spawnSync("apt-get", args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return r.status === 0;
}

/** The path of a Chromium executable; throws when there is none and none can be installed. */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    throw new Error(`no Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\` as root (or set CHROMIUM_PATH)`);
  }
  console.error("e2e: installing Chromium (apt-get install -y chromium)…");
  if (!apt(["install", "-y", "chromium"])) {
    // A fresh machine may have no package lists yet.
    if (!apt(["update"]) || !apt(["install", "-y", "chromium"])) {
      throw new Error("apt-get install -y chromium failed");
    }
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is not there`);
  return CHROMIUM;
}
