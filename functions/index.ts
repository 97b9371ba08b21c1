/**
 * Azure Functions entry (package.json "main": "dist/functions/index.js" after `tsc`). Registers every
 * route of the table with the host; services (Cosmos, token verification) come from the environment.
 */
import { registerRoutes } from "./routes";
import { servicesFromEnv } from "./lib/services";

registerRoutes(servicesFromEnv);
