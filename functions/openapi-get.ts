/** GET /api/openapi.json — the OpenAPI document generated from the zod schemas. Public. */
import { endpoint, json } from "./lib/http";
import { openApiDocument } from "./lib/openapi";

let cached: ReturnType<typeof openApiDocument> | undefined;

export const openapiGet = endpoint(async () => json(200, (cached ??= openApiDocument()), { "Cache-Control": "public, max-age=300" }));
