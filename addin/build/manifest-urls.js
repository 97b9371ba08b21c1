/**
 * The development manifest points at https://localhost:3000; a production build swaps that base for
 * ADDIN_PUBLIC_URL (no trailing slash). Any build with ADDIN_PORT set (and no ADDIN_PUBLIC_URL) points
 * at https://localhost:<ADDIN_PORT> instead, where `npm start` serves the add-in. Plain JS: used by
 * webpack.config.js and by the tests.
 */
const DEV_URL = "https://localhost:3000";

function withPublicUrl(xml, publicUrl) {
  const base = String(publicUrl || "").replace(/\/+$/, "");
  return base ? xml.split(DEV_URL).join(base) : xml;
}

/** The add-in's local origin for a port (ADDIN_PORT): https://localhost:<port>, DEV_URL when unset or invalid. */
function devUrlFor(port) {
  const n = Number(port);
  return port !== undefined && port !== null && port !== "" && Number.isInteger(n) && n > 0 && n < 65536 ? `https://localhost:${n}` : DEV_URL;
}

/** The API's local base for a port (PORT): http://localhost:<port>, http://localhost:7071 when unset or invalid. */
function apiUrlFor(port) {
  const n = Number(port);
  return port !== undefined && port !== null && port !== "" && Number.isInteger(n) && n > 0 && n < 65536 ? `http://localhost:${n}` : "http://localhost:7071";
}

/**
 * dist/manifest.xml from manifest.xml: production builds use ADDIN_PUBLIC_URL when set; otherwise (and in
 * development) the URLs point at https://localhost:<ADDIN_PORT> (unchanged for 3000).
 */
function manifestFor(xml, { production, publicUrl, addinPort }) {
  const base = String(publicUrl || "").replace(/\/+$/, "");
  if (production && base) return withPublicUrl(xml, base);
  return withPublicUrl(xml, devUrlFor(addinPort));
}

module.exports = { DEV_URL, withPublicUrl, devUrlFor, apiUrlFor, manifestFor };
