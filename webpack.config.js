const path = require("path");
const webpack = require("webpack");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { LocalizedMetadataPlugin } = require("./scripts/localized-metadata");

const urlDev = "https://localhost:3000/";
// The public repository: function help links and the manifest's support links point at it. Written
// once in the sources as REPOSITORY_IN_SOURCES and replaced at build time by this one setting.
const REPOSITORY_IN_SOURCES = "https://github.com/ree-excel/ree-excel";
const repositoryUrl = (
  process.env.ADDIN_REPOSITORY_URL ||
  process.env.npm_package_config_repository_url ||
  REPOSITORY_IN_SOURCES
).replace(/\/$/, "");
const withRepository = (text) => text.split(REPOSITORY_IN_SOURCES).join(repositoryUrl);

/** Rewrites the repository address in the generated functions.json (its helpUrl links). */
class RepositoryUrlPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("RepositoryUrlPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        {
          name: "RepositoryUrlPlugin",
          stage: compilation.constructor.PROCESS_ASSETS_STAGE_SUMMARIZE,
        },
        () => {
          const asset = compilation.getAsset("functions.json");
          if (!asset) return;
          const text = withRepository(asset.source.source().toString());
          compilation.updateAsset("functions.json", new compiler.webpack.sources.RawSource(text));
        }
      );
    });
  }
}
// Where the production build is served: set ADDIN_PRODUCTION_URL (with a trailing slash) when building for deployment.
const urlProd = process.env.ADDIN_PRODUCTION_URL || "https://ree-excel.example.com/";

// The dataset the add-in bundles, and where the build goes. The bundle tests build the same add-in
// around the synthetic fixture: --env dataset=generated/fixture-dataset.json --env out=dist-fixture.
const BUNDLED_DATASET = "generated/dataset.json";

module.exports = async (env, options) => {
  const dev = options.mode === "development";
  const serving = env.WEBPACK_SERVE === true;
  const dataset = path.resolve(__dirname, env.dataset || BUNDLED_DATASET);
  const outputPath = path.resolve(__dirname, env.out || "dist");
  return {
    devtool: "source-map",
    entry: {
      functions: "./src/functions/functions.ts",
      // The pane depends on the functions entry, so the core and the dataset ship once, in functions.js.
      taskpane: { import: "./src/taskpane/taskpane.ts", dependOn: "functions" },
      // The import worker is its own entry, loaded by name beside taskpane.html. Bundled through
      // new URL(..., import.meta.url) instead, it would put a run-time lookup of the page's
      // address into functions.js, which then fails to load where there is no page.
      "import-worker": "./src/taskpane/import/worker.ts",
    },
    output: {
      path: outputPath,
      filename: "[name].js",
      // Chunks (the chart library) load from beside taskpane.html; no run-time guessing of the
      // script's own address, which a custom-functions runtime without a document cannot do.
      publicPath: "",
      clean: true,
    },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { configFile: "tsconfig.build.json" } },
        },
        // The bundled dataset without the sources' notes; `?source-notes` gives the notes alone.
        { include: [dataset], use: path.resolve(__dirname, "scripts/dataset-loader.js") },
      ],
    },
    performance: { hints: false },
    plugins: [
      // src/functions/store.ts imports ../../generated/dataset.json (and the Data section its
      // `?source-notes`); another dataset takes its place.
      new webpack.NormalModuleReplacementPlugin(
        /[\\/]generated[\\/]dataset\.json(\?source-notes)?$/,
        (resource) => {
          resource.request =
            dataset + (resource.request.endsWith("?source-notes") ? "?source-notes" : "");
        }
      ),
      new CustomFunctionsMetadataPlugin({
        output: "functions.json",
        input: "./src/functions/functions.ts",
      }),
      new RepositoryUrlPlugin(),
      // functions.zh-CN.json: the same metadata with Chinese help, named by the manifest for zh-CN.
      new LocalizedMetadataPlugin({
        locale: "zh-CN",
        translations: path.resolve(__dirname, "src/functions/metadata.zh-CN.json"),
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["functions", "taskpane"],
        chunksSortMode: "manual",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*", to: "assets/[name][ext][query]" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          // The dataset as a deployer publishes it: the pane's "check for updates" reads it.
          { from: dataset, to: "dataset.json" },
          {
            from: "manifest*.xml",
            to: "[name][ext]",
            transform(content) {
              const manifest = withRepository(content.toString());
              return dev ? manifest : manifest.replace(new RegExp(urlDev, "g"), urlProd);
            },
          },
        ],
      }),
    ],
    devServer: {
      static: { directory: outputPath },
      headers: { "Access-Control-Allow-Origin": "*" },
      server: serving
        ? { type: "https", options: await require("./scripts/dev-certs").getHttpsOptions() }
        : undefined,
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
      client: { overlay: false },
    },
  };
};
