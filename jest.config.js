/* Each test layer is a jest project so `npm run test:<layer>` runs one and `npm test` runs them in order. */
const tsJest = {
  "^.+\\.tsx?$": ["ts-jest", { tsconfig: { module: "commonjs", moduleResolution: "node", target: "ES2020", esModuleInterop: true, resolveJsonModule: true, isolatedModules: true } }],
};
const layer = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: "node",
  transform: tsJest,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  moduleNameMapper: { "^office-addin-manifest$": "<rootDir>/test/helpers/office-addin-manifest-shim.js" },
  ...extra,
});
module.exports = {
  // A global option (jest ignores it per project): browser tests drive a real Chromium.
  testTimeout: 60000,
  projects: [
    layer("unit"),
    layer("metadata"),
    layer("bundle"),
    layer("manifest"),
    layer("browser"),
  ],
};
