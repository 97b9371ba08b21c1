/**
 * Builds the Excel add-in into dist/addin/ (served at https://localhost:3000/ in development):
 *   functions.js          the TT.* custom functions (addin/functions/functions.ts)
 *   functions.json        their metadata, generated from the JSDoc by custom-functions-metadata-plugin
 *   functions-zh-cn.json  the same with Chinese descriptions (scripts/localize-functions.ts, from @zh tags)
 *   taskpane.html/.js     the task pane; the page loads BOTH bundles (shared runtime)
 *   web.html/.js          the web page for institutes and provincial staff without the add-in, served by the
 *                         Functions app itself at /api/web (functions/web-get.ts), hence script URLs "web/…"
 *   assets/               icons
 * and dist/manifest.xml: manifest.xml with https://localhost:3000 replaced by env ADDIN_PUBLIC_URL
 * (production builds only), else by https://localhost:<ADDIN_PORT> when ADDIN_PORT is set.
 *
 *   npx webpack --mode production      (npm run build)
 *   npx webpack --mode development
 * Environment: API_BASE_URL (default http://localhost:<PORT, default 7071>) is compiled in as the cloud API default;
 * TT_NAA_CLIENT_ID / TT_NAA_AUTHORITY / TT_NAA_SCOPES configure the task pane's Microsoft sign-in (NAA);
 * ADDIN_PUBLIC_URL is where dist/addin will be hosted in production (https://…).
 */
const fs = require("fs");
const path = require("path");
const webpack = require("webpack");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const { apiUrlFor, devUrlFor, manifestFor } = require("./addin/build/manifest-urls");
const FUNCTIONS_SOURCE = "./addin/functions/functions.ts";
const FUNCTIONS_BUDGET_BYTES = 150 * 1024;

/** Emits functions-zh-cn.json from the generated functions.json and the @zh JSDoc tags. */
class LocalizeFunctionsPlugin {
  apply(compiler) {
    const { localizeMetadata, readChineseDocs } = require("tsx/cjs/api").require("./scripts/localize-functions.ts", __filename);
    compiler.hooks.thisCompilation.tap("LocalizeFunctionsPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "LocalizeFunctionsPlugin", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          const english = compilation.getAsset("functions.json");
          if (!english) return; // metadata generation failed: its errors are already reported
          try {
            const zh = localizeMetadata(english.source.source().toString(), readChineseDocs(path.resolve(FUNCTIONS_SOURCE)));
            compilation.emitAsset("functions-zh-cn.json", new webpack.sources.RawSource(zh));
          } catch (e) {
            compilation.errors.push(new webpack.WebpackError(e.message));
          }
        },
      );
    });
  }
}

/** Writes dist/manifest*.xml: localhost URLs swapped for ADDIN_PUBLIC_URL in production. */
class ManifestPlugin {
  constructor(production) {
    this.production = production;
  }
  apply(compiler) {
    compiler.hooks.afterEmit.tap("ManifestPlugin", (compilation) => {
      const publicUrl = (process.env.ADDIN_PUBLIC_URL || "").replace(/\/+$/, "");
      const outDir = path.resolve(__dirname, "dist");
      fs.mkdirSync(outDir, { recursive: true });
      if (this.production && !publicUrl) {
        compilation.warnings.push(
          new webpack.WebpackError(
            `ADDIN_PUBLIC_URL is not set: dist/manifest.xml keeps the ${devUrlFor(process.env.ADDIN_PORT)} development URLs (ADDIN_PORT).`,
          ),
        );
      }
      if (publicUrl && !publicUrl.startsWith("https://")) {
        compilation.warnings.push(
          new webpack.WebpackError(`ADDIN_PUBLIC_URL=${publicUrl} is not https: Office loads add-ins over HTTPS only.`),
        );
      }
      for (const name of fs.readdirSync(__dirname).filter((f) => /^manifest(\..+)?\.xml$/.test(f))) {
        const xml = fs.readFileSync(path.join(__dirname, name), "utf8");
        fs.writeFileSync(
          path.join(outDir, name),
          manifestFor(xml, { production: this.production, publicUrl, addinPort: process.env.ADDIN_PORT }),
        );
      }
    });
  }
}

module.exports = (env, argv) => {
  const production = argv.mode !== "development";
  return {
    mode: production ? "production" : "development",
    devtool: "source-map",
    entry: {
      functions: FUNCTIONS_SOURCE,
      taskpane: "./addin/taskpane/taskpane.ts",
      web: "./addin/web/web.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist/addin"),
      filename: "[name].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            // ES modules so webpack can drop unused engine exports; type checking is `tsc --noEmit` in npm run build.
            options: {
              transpileOnly: true,
              configFile: path.resolve(__dirname, "addin/tsconfig.json"),
              compilerOptions: {
                module: "es2020",
                moduleResolution: "bundler",
                sourceMap: true,
                rootDir: __dirname,
                composite: false,
                declaration: false,
                emitDeclarationOnly: false,
              },
            },
          },
        },
      ],
    },
    plugins: [
      // The add-in gets the lean policy module (no verbatim quotes or titles; packages/engine/tools/compile-policy.ts)
      // in place of the full one, which keeps functions.js under its size budget.
      new webpack.NormalModuleReplacementPlugin(/[\\/]generated[\\/]policy-data$/, (resource) => {
        resource.request = resource.request.replace(/policy-data$/, "policy-data.lean");
      }),
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: FUNCTIONS_SOURCE }),
      new LocalizeFunctionsPlugin(),
      new webpack.DefinePlugin({
        // API_BASE_URL, else the local API on PORT (npm start's API port; 7071 when unset).
        __TT_API_BASE_URL__: JSON.stringify(process.env.API_BASE_URL || apiUrlFor(process.env.PORT)),
        // Task pane sign-in (nested app authentication); empty client id → the pane says how to configure it.
        __TT_NAA_CLIENT_ID__: JSON.stringify(process.env.TT_NAA_CLIENT_ID || ""),
        __TT_NAA_AUTHORITY__: JSON.stringify(process.env.TT_NAA_AUTHORITY || ""),
        __TT_NAA_SCOPES__: JSON.stringify(process.env.TT_NAA_SCOPES || ""),
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./addin/taskpane/taskpane.html",
        chunks: ["functions", "taskpane"], // shared runtime: one page hosts the functions and the pane
        chunksSortMode: "manual",
      }),
      new HtmlWebpackPlugin({
        filename: "web.html",
        template: "./addin/web/web.html",
        chunks: ["web"],
        // Served at /api/web: relative "web/web.js" resolves to /api/web/web.js (functions/web-get.ts).
        publicPath: "web/",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "addin/assets/*.png", to: "assets/[name][ext]" },
          // The quoted clauses for TT.EXPLAIN, fetched once on first use (addin/functions/quotes.ts).
          { from: "packages/engine/src/generated/policy-quotes.json", to: "policy-quotes.json" },
        ],
      }),
      new ManifestPlugin(production),
    ],
    performance: {
      hints: production ? "warning" : false,
      maxAssetSize: FUNCTIONS_BUDGET_BYTES,
      maxEntrypointSize: FUNCTIONS_BUDGET_BYTES,
      assetFilter: (name) => name === "functions.js",
    },
    devServer: {
      static: path.resolve(__dirname, "dist/addin"),
      headers: { "Access-Control-Allow-Origin": "*" },
      server: "https",
      port: Number(process.env.ADDIN_PORT) || 3000,
    },
  };
};
