// `require("chatt2me-wasm/web")`: the ES module entry through require(esm) (Node >= 20.19), one
// instance with `import`. Written as an ES module compiled to CommonJS would be (`__esModule`,
// `exports.default` = `init`), which is what its declarations, web.d.cts, describe.
"use strict";
const web = require("./web.js");
Object.defineProperty(exports, "__esModule", { value: true });
exports.default = web.default;
for (const name of Object.keys(web)) if (name !== "default") exports[name] = web[name];
