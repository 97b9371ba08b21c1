/**
 * `npm start`: the cloud API on http://127.0.0.1:7071/api, against COSMOS_ENDPOINT when it is set,
 * otherwise against an embedded in-memory Cosmos DB (no account needed). Stop with Ctrl+C.
 * and the Excel add-in (dist/addin, built by `npm start`) over HTTPS on https://localhost:3000.
 */
import { cosmosSettingsFromEnv } from "../functions/lib/services";
import { EMBEDDED_WARNING, startApi, startEmbeddedCosmos } from "./local-host";
import { startAddinServer } from "./serve-addin";

async function main() {
  const closers: (() => Promise<void>)[] = [];
  let cosmos;
  if (process.env.COSMOS_ENDPOINT) {
    cosmos = cosmosSettingsFromEnv();
    console.log(`Cosmos DB: ${cosmos.endpoint} (${cosmos.key ? "account key" : "managed identity / DefaultAzureCredential"})`);
  } else {
    const embedded = await startEmbeddedCosmos(Number(process.env.EMBEDDED_COSMOS_PORT ?? 0));
    closers.push(embedded.close);
    cosmos = embedded;
    const bar = "=".repeat(EMBEDDED_WARNING.length + 4);
    console.log(`\n${bar}\n  ${EMBEDDED_WARNING}\n${bar}\n  (${embedded.endpoint}; set COSMOS_ENDPOINT to use a real account)\n`);
  }

  const api = await startApi({ port: Number(process.env.PORT ?? 7071), cosmos });
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
    console.log(`Add-in: ${addin.url}/taskpane.html  (sideload dist/manifest.xml; certificate ${addin.trusted ? "trusted" : "NOT trusted — see above"})`);
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
