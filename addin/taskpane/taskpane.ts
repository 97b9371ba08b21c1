/**
 * Placeholder task pane (another engineer builds the real one). It runs in the same shared runtime as
 * the custom functions: sign-in should end with `window.TTAddin.setAuthToken(token)` (see
 * addin/functions/public-api.ts).
 */
Office.onReady(() => {
  const status = document.getElementById("status");
  if (status) status.textContent = "TT 函数已就绪，例如 =TT.TECHSUBSIDY(800000) / TT functions ready, e.g. =TT.TECHSUBSIDY(800000)";
});
