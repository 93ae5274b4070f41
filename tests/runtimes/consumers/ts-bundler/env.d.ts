// What a Workers or bundler project declares for .wasm imports (as @cloudflare/workers-types does).
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
