// A CommonJS TypeScript consumer on Node: `import x = require()` of the ES-module package, which
// Node >= 20.19 supports (require(esm)) and TypeScript >= 5.8 models under module nodenext/node20.
import lib = require("chatt2me-wasm");

const client: lib.Chatt2me = new lib.Chatt2me({ apiKey: "sk_test_x", baseUrl: "http://127.0.0.1:8787" });
export const body = lib.buildInstagramMessage({ from: "chatt2me_demo", to: "847495124317323", content: { text: "hi" } });
export async function go(): Promise<string | null> {
  const out = await client.sendInstagramMessage(body);
  return out.messageId;
}
export function isValidation(e: unknown): e is lib.ValidationError {
  return e instanceof lib.ValidationError;
}
// @ts-expect-error no default export: the API is the module's named exports
lib.default;
