/**
 * The embedded Cosmos DB for local use and tests: @vercel/cosmosdb-server over plain HTTP on 127.0.0.1,
 * in memory only. Reached through the real @azure/cosmos SDK like any account.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CosmosSettings } from "../lib/repository";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createHttpServer } = require("@vercel/cosmosdb-server") as { createHttpServer: () => Server };

export const EMBEDDED_WARNING = "EMBEDDED IN-MEMORY COSMOS DB — data is lost when this process stops";

/** Any base64 string is accepted by the embedded server; this one only ever meets 127.0.0.1. */
export const EMBEDDED_KEY = Buffer.from("embedded-local-cosmos-key").toString("base64");

export interface EmbeddedCosmos extends CosmosSettings {
  endpoint: string;
  key: string;
  close(): Promise<void>;
}

export async function startEmbeddedCosmos(port = 0): Promise<EmbeddedCosmos> {
  const server = createHttpServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    key: EMBEDDED_KEY,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
