// Deno, with the package installed in node_modules by npm (package.json next to this file).
import * as lib from "chatt2me-wasm";
import { smoke } from "./smoke.mjs";

const result = await smoke(lib, JSON.parse(Deno.env.get("SMOKE_CONFIG")));
console.log(`SMOKE_RESULT ${JSON.stringify({ ...result, entry: import.meta.resolve("chatt2me-wasm") })}`);
