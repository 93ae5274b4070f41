// Vite config of the demo page. The package is imported as a user would (`from "chatt2me-wasm"`):
// it resolves to the package's `browser` entry, which awaits the .wasm at the top level. Vite 8's
// defaults already handle that (checked with the packed tarball installed from node_modules: dev
// and build work with no config); the two settings below say so explicitly for older Vite
// versions, whose default build target refuses top-level await and whose dependency pre-bundling
// is known to break `new URL("./x.wasm", import.meta.url)` inside dependencies.
// Here the package is a link to ../pkg (a file: dependency) and the page imports webhook fixtures
// from ../tests/fixtures: both live outside www/, so the dev server may read the repository root.
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
