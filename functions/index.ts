/**
 * Azure Functions entry (package.json "main": "dist/functions/index.js", bundled by `npm run build:functions`).
 * Registers every route of the table with the host; services (Cosmos, token verification) come from the environment.
 */
import { app } from "@azure/functions";
import { registerRoutes } from "./routes";
import { servicesFromEnv } from "./lib/services";
import { SWEEP_MIN_AGE_MS } from "./lib/sweeper";
import { warmWorkbookReaders } from "@tt/workbook/node";

registerRoutes(servicesFromEnv);
// Workbook uploads are read on reader threads (packages/workbook/src/node/read-pool.ts): start the first now.
warmWorkbookReaders();

// Completes rollups cut short by faults (lib/sweeper.ts); a change-feed trigger is the production equivalent.
app.timer("rollup-sweeper", {
  schedule: "*/15 * * * * *",
  handler: async (_timer, ctx) => {
    const done = await (await servicesFromEnv()).repo.sweep(undefined, SWEEP_MIN_AGE_MS);
    if (done) ctx.log(`rollup-sweeper: completed ${done} pending document(s)`);
  },
});
