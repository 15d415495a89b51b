import officeAddins from "eslint-plugin-office-addins";
import tsParser from "@typescript-eslint/parser";
import globals from "globals";

/** Microsoft's office-addins rules, plus the globals Office gives a page and a ban on running text as code or HTML. */
export default [
  ...officeAddins.configs.recommended,
  {
    plugins: { "office-addins": officeAddins },
    languageOptions: {
      parser: tsParser,
      globals: { ...globals.browser, Office: "readonly", Excel: "readonly", CustomFunctions: "readonly", OfficeRuntime: "readonly" },
    },
    rules: {
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Render data as text (textContent or DOM nodes), never as HTML." },
        { property: "outerHTML", message: "Render data as text (textContent or DOM nodes), never as HTML." },
        { property: "insertAdjacentHTML", message: "Render data as text (textContent or DOM nodes), never as HTML." },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name='write'][callee.object.name='document']", message: "document.write runs text as HTML." },
      ],
    },
  },
];
