// Vite config of the demo page. The package is imported as a user would (`from "chatt2me-wasm"`):
// it resolves to the package's `browser` entry, which awaits the .wasm at the top level, so the
// build target must allow top-level await. The package is a link to ../pkg (file: dependency)
// and the page imports webhook fixtures from ../tests/fixtures: both live outside www/, so the
// dev server is allowed to read the repository root.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  // Relative asset URLs: dist/ works from any path (and from `vite preview`).
  base: "./",
  build: {
    target: "es2022",
    // The .wasm must stay a file (streamed with instantiateStreaming), never a data: URL.
    assetsInlineLimit: (file) => (file.endsWith(".wasm") ? false : undefined),
  },
  optimizeDeps: {
    // Pre-bundling would move browser.js away from the .wasm it locates with import.meta.url.
    exclude: ["chatt2me-wasm"],
  },
  server: {
    host: "127.0.0.1",
    fs: { allow: [repoRoot] },
  },
  preview: {
    host: "127.0.0.1",
  },
});
