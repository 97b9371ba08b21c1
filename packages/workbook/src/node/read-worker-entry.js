/**
 * Entry of a workbook-reader thread (read-pool.ts, piscina `filename`): exports the task handler of
 * read-worker.ts. A compiled read-worker.js beside this file is used when present (a JavaScript
 * deployment); otherwise the TypeScript source is loaded through tsx's CommonJS hook, which is how
 * jest (ts-jest transpiles only the test's own thread), `npm start`, `npm run bench` and the local host
 * run it. Plain CommonJS so that any Node can start it.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const compiled = path.join(__dirname, "read-worker.js");
const mod = fs.existsSync(compiled) ? require(compiled) : require("tsx/cjs/api").require("./read-worker.ts", __filename);
module.exports = mod.readTask;
