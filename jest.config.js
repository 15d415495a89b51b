/* Each test layer is a jest project so `npm run test:<layer>` runs one and `npm test` runs them in order. */
const tsJest = {
  "^.+\\.tsx?$": [
    "ts-jest",
    {
      tsconfig: {
        module: "commonjs",
        moduleResolution: "node",
        target: "ES2020",
        esModuleInterop: true,
        resolveJsonModule: true,
        isolatedModules: true,
      },
    },
  ],
};
const moduleNameMapper = {
  "^office-addin-manifest$": "<rootDir>/test/helpers/office-addin-manifest-shim.js",
};
const layer = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: "node",
  transform: tsJest,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  moduleNameMapper,
  ...extra,
});
module.exports = {
  // A global option (jest ignores it per project): browser tests drive a real Chromium.
  testTimeout: 60000,
  projects: [
    // Logic tests run on the synthetic fixture (test/fixtures/dataset), never on the live data, so a data
    // update cannot break them: the store's bundled dataset IS the fixture here.
    layer("unit", {
      moduleNameMapper: {
        ...moduleNameMapper,
        "^(\\.\\./)+generated/dataset\\.json$": "<rootDir>/generated/fixture-dataset.json",
      },
    }),
    // Facts about the real src/data: expected to change when the data does.
    layer("data"),
    layer("metadata"),
    layer("bundle"),
    layer("manifest"),
    layer("browser"),
  ],
};
