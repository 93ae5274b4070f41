// Node.js, CommonJS: `require` the package (require(esm), Node >= 20.19). The smoke is the
// shared ES module file, loaded with import(); the package itself comes from require().
const lib = require("chatt2me-wasm");

if (typeof lib.buildInstagramMessage !== "function" || typeof lib.Chatt2me !== "function") {
  throw new Error(`require("chatt2me-wasm") did not return the API synchronously: ${Object.keys(lib)}`);
}

(async () => {
  // One instance of the module, whether required or imported: error classes are shared.
  const imported = await import("chatt2me-wasm");
  if (imported.ValidationError !== lib.ValidationError) throw new Error("require() and import() loaded two copies");
  const { smoke } = await import("./smoke.mjs");
  const result = await smoke(lib, JSON.parse(process.env.SMOKE_CONFIG));
  console.log(`SMOKE_RESULT ${JSON.stringify({ ...result, entry: require.resolve("chatt2me-wasm") })}`);
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
