/** The local API host (re-exported for scripts/start.ts and other scripts): see functions/local/host.ts. */
export { startApi, type ApiHandle, type StartApiOptions } from "../functions/local/host";
export { startEmbeddedCosmos, EMBEDDED_WARNING, type EmbeddedCosmos } from "../functions/local/embedded-cosmos";
