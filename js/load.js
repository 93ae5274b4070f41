// Compiling the .wasm in browsers (inlined into browser.js and web.js), from a URL, a Request, a
// Response (or a promise of one), bytes or a compiled module. Streaming compilation needs the
// `application/wasm` type; from a server that sends another, the bytes are compiled.
export async function compile(source) {
  let s = await source;
  if (s instanceof WebAssembly.Module) return s;
  if (typeof s === "string" || s instanceof URL || s instanceof Request) s = await fetch(s);
  if (!(s instanceof Response)) return WebAssembly.compile(s);
  try {
    return await WebAssembly.compileStreaming(s.clone());
  } catch {
    return WebAssembly.compile(await s.arrayBuffer());
  }
}
