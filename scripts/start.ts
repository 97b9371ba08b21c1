/**
 * `npm start`: the cloud API on http://127.0.0.1:7071/api (PORT), against COSMOS_ENDPOINT when it is set,
 * otherwise against the embedded Cosmos DB made durable by a write-ahead journal in .data/ (TT_DATA_DIR;
 * no account needed), and the Excel add-in (dist/addin, built by `npm start`) over HTTPS on
 * https://localhost:3000 (ADDIN_PORT). Stop with Ctrl+C.
 *   npm start -- --fresh        start from an empty local store (TT_FRESH=1); the old journal is kept aside
 *   npm start -- --in-memory    no persistence at all (data is lost when the process stops)
 */
import { cosmosSettingsFromEnv } from "../functions/lib/services";
import path from "node:path";
import { startDurableCosmos } from "../functions/local/embedded-cosmos";
import { EMBEDDED_WARNING, startApi, startEmbeddedCosmos } from "./local-host";
import { startAddinServer } from "./serve-addin";
import { warmWorkbookReaders } from "@tt/workbook/node";

async function main() {
  const closers: (() => Promise<void>)[] = [];
  let cosmos;
  if (process.env.COSMOS_ENDPOINT) {
    cosmos = cosmosSettingsFromEnv();
    console.log(`Cosmos DB: ${cosmos.endpoint} (${cosmos.key ? "account key" : "managed identity / DefaultAzureCredential"})`);
  } else if (!process.argv.includes("--in-memory")) {
    const dataDir = path.resolve(process.env.TT_DATA_DIR || path.join(__dirname, "..", ".data"));
    const fresh = process.argv.includes("--fresh") || process.env.TT_FRESH === "1";
    const durable = await startDurableCosmos({ dataDir, fresh, port: Number(process.env.EMBEDDED_COSMOS_PORT ?? 0) });
    closers.push(durable.close);
    cosmos = durable;
    const r = durable.restored;
    const lines = [
      `LOCAL COSMOS DB (embedded) — data is kept in ${durable.dataDir}`,
      `restored ${r.documents} documents from ${r.records} journal records in ${r.millis} ms${r.droppedBytes ? ` (dropped an unacknowledged torn tail of ${r.droppedBytes} bytes)` : ""}${r.failed ? `; ${r.failed} records did not replay, see above` : ""}`,
      `every acknowledged write is fsync'd to ${path.basename(durable.journalFile)} first; npm start -- --fresh for an empty store`,
    ];
    const bar = "=".repeat(Math.max(...lines.map((l) => l.length)) + 4);
    console.log(
      `\n${bar}\n${lines.map((l) => `  ${l}`).join("\n")}\n${bar}\n  (${durable.endpoint}; set COSMOS_ENDPOINT to use a real account)\n`,
    );
  } else {
    const embedded = await startEmbeddedCosmos(Number(process.env.EMBEDDED_COSMOS_PORT ?? 0));
    closers.push(embedded.close);
    cosmos = embedded;
    const bar = "=".repeat(EMBEDDED_WARNING.length + 4);
    console.log(`\n${bar}\n  ${EMBEDDED_WARNING}\n${bar}\n  (${embedded.endpoint}; set COSMOS_ENDPOINT to use a real account)\n`);
  }

  const api = await startApi({ port: Number(process.env.PORT ?? 7071), cosmos });
  warmWorkbookReaders(); // uploads are read on reader threads; start the first now, not at the first upload
  closers.unshift(api.close);
  console.log(`API:    ${api.url}   (docs: ${api.url}/docs, health: ${api.url}/health)`);
  console.log(`Web:    ${api.url}/web   (institutes and provincial staff without the add-in)`);
  console.log(`Tokens: ${api.services.auth.description}`);
  if (!process.env.AUTH_JWKS_URL) console.log(`        npm run token -- --role institute --institute HLJ-001 --region CN-HL`);

  // The Excel add-in (task pane + TT.* functions) over HTTPS on :3000, for sideloading dist/manifest.xml.
  // If its certificate cannot be made or trusted, it says so plainly and the API above keeps running.
  try {
    const addin = await startAddinServer({ port: Number(process.env.ADDIN_PORT ?? 3000) });
    closers.unshift(addin.close);
    console.log(
      `Add-in: ${addin.url}/taskpane.html  (sideload dist/manifest.xml; certificate ${addin.trusted ? "trusted" : "NOT trusted — see above"})`,
    );
  } catch (e) {
    console.warn(`Add-in server not started: ${e instanceof Error ? e.message : String(e)}. The API is still running.`);
  }

  const stop = async () => {
    for (const close of closers) await close().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
