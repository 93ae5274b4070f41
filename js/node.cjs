// Node.js entry for `require` (CommonJS, and TypeScript projects compiled to it): the ES module
// entry itself, loaded through require(esm) (Node >= 20.19), so that `require` and `import` share
// one instance of the module and of its error classes. Its declarations are index.d.cts.
"use strict";
module.exports = require("./node.js");
