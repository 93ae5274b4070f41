// Compiling the .wasm in browsers (inlined into browser.js and web.js), from a URL, a Response
// (or a promise of one), bytes or a compiled module. Streaming compilation needs the
// `application/wasm` type; from a server that sends another, the bytes are compiled.
export async function compile(source) {
  const s = await source;
  if (s instanceof WebAssembly.Module) return s;
  const r = typeof s === "string" || s instanceof URL ? await fetch(s) : s;
  if (!(r instanceof Response)) return WebAssembly.compile(r);
  try {
    return await WebAssembly.compileStreaming(r.clone());
  } catch {
    return WebAssembly.compile(await r.arrayBuffer());
  }
}
