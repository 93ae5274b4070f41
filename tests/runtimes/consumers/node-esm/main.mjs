// Node.js, ES modules: `import` the package like any consumer, run the smoke.
import * as lib from "chatt2me-wasm";
import { smoke } from "./smoke.mjs";

const result = await smoke(lib, JSON.parse(process.env.SMOKE_CONFIG));
console.log(`SMOKE_RESULT ${JSON.stringify({ ...result, entry: import.meta.resolve("chatt2me-wasm") })}`);
