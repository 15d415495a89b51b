import officeAddins from "eslint-plugin-office-addins";
import tsParser from "@typescript-eslint/parser";
import globals from "globals";

const OFFICE_GLOBALS = ["Office", "Excel", "CustomFunctions", "OfficeRuntime"];

/** An import of another layer's folder, by any relative path (../functions, ../../src/taskpane/dom, ...). */
const importOf = (...folders) => `^\\.{1,2}/(.*/)?(${folders.join("|")})(/|$)`;
/** Office's packages: office.js and the office-addin-* tooling. */
const OFFICE_PACKAGES = "^(@microsoft/office-js|@types/office-|office-addin-)";

/**
 * Microsoft's office-addins rules (with Prettier as a rule), the globals Office gives a page, a ban on
 * running text as code or HTML, and the layering rule from the README: src/core knows nothing of
 * Office or the layers above it, src/functions knows nothing of the task pane.
 */
export default [
  {
    ignores: [
      "dist/**",
      "dist-fixture/**",
      "generated/**",
      "coverage/**",
      "test-results/**",
      "src/data/**",
      "test/fixtures/**",
    ],
  },
  ...officeAddins.configs.recommended,
  {
    plugins: { "office-addins": officeAddins },
    languageOptions: {
      parser: tsParser,
      globals: {
        ...globals.browser,
        ...Object.fromEntries(OFFICE_GLOBALS.map((name) => [name, "readonly"])),
      },
    },
    rules: {
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-restricted-properties": [
        "error",
        {
          property: "innerHTML",
          message: "Render data as text (textContent or DOM nodes), never as HTML.",
        },
        {
          property: "outerHTML",
          message: "Render data as text (textContent or DOM nodes), never as HTML.",
        },
        {
          property: "insertAdjacentHTML",
          message: "Render data as text (textContent or DOM nodes), never as HTML.",
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='write'][callee.object.name='document']",
          message: "document.write runs text as HTML.",
        },
      ],
    },
  },
  {
    files: ["src/core/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: importOf("functions", "taskpane"),
              message:
                "src/core imports nothing from src/functions or src/taskpane: move the shared code into core.",
            },
            {
              regex: OFFICE_PACKAGES,
              message: "src/core never touches Office, so every test can run it without Excel.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        ...OFFICE_GLOBALS.map((name) => ({
          name,
          message: "src/core never touches Office; the function layer or the task pane does.",
        })),
      ],
    },
  },
  {
    files: ["src/functions/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: importOf("taskpane"),
              message:
                "src/functions imports nothing from src/taskpane; the pane imports the functions, not the other way round.",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests, the benchmark, build scripts and tool configuration run in Node (tests under jest).
    files: ["test/**", "bench/**", "scripts/**", "*.{js,mjs,cjs}"],
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
    },
  },
  {
    // Office's globals are the page's; a Node script that names one means its own.
    files: ["bench/**", "scripts/**", "*.{js,mjs,cjs}"],
    languageOptions: {
      globals: Object.fromEntries(OFFICE_GLOBALS.map((name) => [name, "off"])),
    },
  },
  {
    files: ["**/*.{js,cjs}"],
    languageOptions: {
      sourceType: "commonjs",
      parserOptions: { ecmaFeatures: { globalReturn: true } },
    },
  },
];
