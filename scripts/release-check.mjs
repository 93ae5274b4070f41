// `make release-check`: what a release would publish, checked without publishing.
// - the npm package in pkg/: publint --strict, are-the-types-wrong (every resolution mode, no rule
//   ignored), the exact list of files `npm pack` ships, `npm publish --dry-run`;
// - the crate: `cargo package --list` (the exact list) and `cargo publish --dry-run`, which
//   builds the packaged crate on its own;
// - one version: Cargo.toml's, in both manifests and as the CHANGELOG's latest release.
// Exits 1 on the first problem, saying what it is.
import { execFileSync } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PKG = join(ROOT, "pkg");
const BIN = join(ROOT, "node_modules", ".bin");

/** Exactly what the npm package ships: no tests, bench, stand-in, Rust sources or tools. */
const NPM_FILES = [
  "CHANGELOG.md",
  "LICENSE",
  "README.md",
  "browser.js",
  "chatt2me_wasm.d.cts",
  "chatt2me_wasm.d.ts",
  "chatt2me_wasm.js",
  "chatt2me_wasm_bg.wasm",
  "cli.js",
  "deno.js",
  "index.d.cts",
  "index.d.ts",
  "node.cjs",
  "node.js",
  "package.json",
  "web.cjs",
  "web.d.cts",
  "web.d.ts",
  "web.js",
  "workerd.js",
];

/** Exactly what the crate ships (Cargo adds its normalized manifest and Cargo.lock). */
const CRATE_FILES_OUTSIDE_SRC = [
  ".cargo_vcs_info.json",
  "CHANGELOG.md",
  "Cargo.lock",
  "Cargo.toml",
  "Cargo.toml.orig",
  "LICENSE",
  "README.md",
  "examples/quickstart.rs",
  "examples/typescript.rs",
];

const checks = [];
function check(what, ok, detail) {
  if (!ok) {
    console.error(`release-check: FAIL ${what}\n${detail ?? ""}`);
    process.exit(1);
  }
  checks.push(what);
  console.log(`  ok  ${what}`);
}

function run(cmd, args, options = {}) {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20, ...options });
}

function same(actual, expected) {
  const missing = expected.filter((f) => !actual.includes(f));
  const extra = actual.filter((f) => !expected.includes(f));
  return { ok: missing.length === 0 && extra.length === 0, detail: `missing: ${missing.join(", ") || "none"}\nunexpected: ${extra.join(", ") || "none"}` };
}

const cargoVersion = readFileSync(join(ROOT, "Cargo.toml"), "utf8").match(/^version = "([^"]+)"/m)?.[1];
const npm = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
check(`one version: Cargo.toml ${cargoVersion} = pkg/package.json ${npm.version}`, cargoVersion && cargoVersion === npm.version);
check(
  "js/package.json writes no version of its own",
  readFileSync(join(ROOT, "js", "package.json"), "utf8").includes('"version": "__VERSION__"'),
);
const changelog = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");
check(`CHANGELOG.md's latest release is ${cargoVersion}`, changelog.match(/^## \[(\d[^\]]*)\]/m)?.[1] === cargoVersion);
for (const field of ["repository", "homepage", "bugs", "author", "license"]) {
  check(`package.json has ${field}`, npm[field] !== undefined);
}

// The npm package.
const dir = mkdtempSync(join(tmpdir(), "chatt2me-release-"));
try {
  const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: PKG }))[0];
  const files = packed.files.map((f) => f.path).sort();
  const list = same(files, NPM_FILES);
  check(`npm pack ships exactly ${NPM_FILES.length} files`, list.ok, list.detail);
  const tarball = join(dir, packed.filename);
  run(join(BIN, "publint"), ["run", tarball, "--strict"]);
  check("publint --strict: all good", true);
  let attw;
  try {
    attw = run(join(BIN, "attw"), [tarball, "--format", "table-flipped", "--exclude-entrypoints", "./chatt2me_wasm_bg.wasm"]);
  } catch (e) {
    attw = `${e.stdout}\n${e.stderr}`;
  }
  check("are-the-types-wrong: no problems in any resolution mode", /No problems found/.test(attw), attw);
  const dry = run("npm", ["publish", "--dry-run", "--json", "--ignore-scripts"], { cwd: PKG });
  check("npm publish --dry-run", /"name":\s*"chatt2me-wasm"/.test(dry), dry);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// The crate.
const crate = run("cargo", ["package", "--list", "--allow-dirty", "--quiet"], { cwd: ROOT })
  .split("\n")
  .map((l) => l.trim())
  .filter(Boolean)
  .sort();
const outside = crate.filter((f) => !f.startsWith("src/"));
const crateList = same(outside, CRATE_FILES_OUTSIDE_SRC);
check(`cargo package ships src/ (${crate.length - outside.length} files) and exactly ${CRATE_FILES_OUTSIDE_SRC.length} others`, crateList.ok, crateList.detail);
check("cargo package ships only .rs under src/", crate.filter((f) => f.startsWith("src/")).every((f) => f.endsWith(".rs")));
run("cargo", ["publish", "--dry-run", "--allow-dirty", "--quiet"], { cwd: ROOT });
check("cargo publish --dry-run (the packaged crate builds on its own)", true);

console.log(`release-check: ${checks.length} checks passed`);
