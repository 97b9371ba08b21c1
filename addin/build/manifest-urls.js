/**
 * The development manifest points at https://localhost:3000; a production build swaps that base for
 * ADDIN_PUBLIC_URL (no trailing slash). Plain JS: used by webpack.config.js and by the tests.
 */
const DEV_URL = "https://localhost:3000";

function withPublicUrl(xml, publicUrl) {
  const base = String(publicUrl || "").replace(/\/+$/, "");
  return base ? xml.split(DEV_URL).join(base) : xml;
}

module.exports = { DEV_URL, withPublicUrl };
