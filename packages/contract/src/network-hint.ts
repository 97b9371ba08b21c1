/**
 * Why a cross-origin call failed. Browsers report a CORS refusal and an unreachable server the same way
 * (fetch rejects with "Failed to fetch"), so after a failure the pane asks again with mode "no-cors": that
 * request is not subject to CORS, so if it gets an (opaque) answer the server is up and it is this
 * origin that the API does not allow; if it fails too, the server cannot be reached at all.
 */
import type { Bilingual } from "@tt/engine";

export type NetworkDiagnosis = { code: "CORS_REFUSED" | "NETWORK"; message: Bilingual };

export async function diagnoseNetworkFailure(opts: {
  url: string;
  base: string;
  reason: string;
  origin: string | undefined;
  fetch: typeof fetch;
}): Promise<NetworkDiagnosis> {
  const { url, base, reason, origin } = opts;
  let serverAnswers = false;
  if (origin && origin !== "null" && !sameOrigin(base, origin)) {
    try {
      await opts.fetch(`${base}/api/health`, { method: "GET", mode: "no-cors", cache: "no-store" });
      serverAnswers = true;
    } catch {
      serverAnswers = false;
    }
  }
  if (serverAnswers) {
    return {
      code: "CORS_REFUSED",
      message: {
        zh: `位于 ${base} 的接口不允许来自本加载项来源（${origin}）的调用。请在接口的 ALLOWED_ORIGINS 中加入 ${origin}（本地：ALLOWED_ORIGINS=${origin} npm start，或设置 ADDIN_PORT；Azure：infra 参数 allowedOrigins），然后重试。`,
        en: `The API at ${base} does not allow this origin (${origin}). Set ALLOWED_ORIGINS on the API to include ${origin} (locally: ALLOWED_ORIGINS=${origin} npm start, or set ADDIN_PORT; in Azure: the infra parameter allowedOrigins), then retry.`,
      },
    };
  }
  return {
    code: "NETWORK",
    message: {
      zh: `无法连接云端接口 ${url}：${reason}。请确认接口已启动且地址正确（任务窗格中的接口地址，或 npm start 打印的 API 地址）。`,
      en: `Cannot reach the cloud API at ${url}: ${reason}. Check that the API is running and the address is right (the API address in the task pane, or the API line npm start prints).`,
    },
  };
}

function sameOrigin(base: string, origin: string): boolean {
  try {
    return new URL(base).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}
