/**
 * What a handler needs, passed in explicitly (no module globals), so one process can host several
 * configurations (tests, the local host) and the Functions entry builds one from the environment.
 */
import type { Authenticator } from "./auth";
import { authenticatorFromEnv } from "./auth";
import { Repository, type CosmosSettings } from "./repository";
import type { Institute } from "./documents";
import sampleRegister from "../data/institutes.json";

export interface Services {
  repo: Repository;
  auth: Authenticator;
}

export const SAMPLE_INSTITUTES = sampleRegister as Institute[];

export function cosmosSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CosmosSettings {
  const endpoint = env.COSMOS_ENDPOINT;
  if (!endpoint) throw new Error("COSMOS_ENDPOINT is not set (see functions/README.md; `npm start` runs an embedded store instead)");
  return {
    endpoint,
    ...(env.COSMOS_KEY ? { key: env.COSMOS_KEY } : {}),
    ...(env.COSMOS_DATABASE ? { database: env.COSMOS_DATABASE } : {}),
  };
}

/** Opens the store; seeds the sample register when asked (SEED_SAMPLE_INSTITUTES=true, always in local mode). */
export async function openServices(opts: {
  cosmos: CosmosSettings;
  auth: Authenticator;
  seedSampleInstitutes: boolean;
}): Promise<Services> {
  // Seeding runs whenever the database and containers are (re)created, so an empty store that restarted
  // gets its sample register back without restarting the API.
  const repo = await Repository.open(
    opts.cosmos,
    opts.seedSampleInstitutes ? { afterEnsure: async (r) => void (await r.seedInstitutes(SAMPLE_INSTITUTES)) } : {},
  );
  return { repo, auth: opts.auth };
}

let fromEnv: Promise<Services> | undefined;

/** The Functions host's services, built once from the environment (rebuilt after a failed start). */
export function servicesFromEnv(): Promise<Services> {
  fromEnv ??= openServices({
    cosmos: cosmosSettingsFromEnv(),
    auth: authenticatorFromEnv(),
    seedSampleInstitutes: process.env.SEED_SAMPLE_INSTITUTES === "true",
  }).catch((e) => {
    fromEnv = undefined;
    throw e;
  });
  return fromEnv;
}
