/**
 * The local API host over its own embedded Cosmos DB server, as most HTTP tests start it: random ports, a
 * fresh development signing key, the sample register seeded, the host's log silenced.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startApi, startEmbeddedCosmos, type ApiHandle, type EmbeddedCosmos, type StartApiOptions } from "../../scripts/local-host";
import { signDevToken, type DevClaims } from "../../functions/local/dev-key";

export interface LocalApi extends ApiHandle {
  cosmos: EmbeddedCosmos;
  /** Where this host's development key lives (for a second host that accepts the same tokens). */
  keyDir: string;
  /** A token this host accepts. */
  token(claims: DevClaims): Promise<string>;
  /** Closes the host, then its store. */
  close(): Promise<void>;
}

export async function startLocalApi(opts: Pick<StartApiOptions, "allowedOrigins"> = {}): Promise<LocalApi> {
  const keyDir = mkdtempSync(path.join(tmpdir(), "tt-devkey-"));
  const cosmos = await startEmbeddedCosmos(0);
  const api = await startApi({ port: 0, cosmos, devKeyDir: keyDir, log: () => undefined, ...opts });
  return {
    ...api,
    cosmos,
    keyDir,
    token: (claims) => signDevToken(claims, keyDir),
    close: async () => {
      await api.close();
      await cosmos.close();
    },
  };
}
