/*
 * Metadata layer: the built dist/functions.json is the add-in's public API as Excel sees it.
 * The expected table below is written out by hand on purpose: any change to a function's id, its
 * parameters (name, type, optional) or its result shape must fail here and be made deliberately.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { makeCatalogue } from "../../src/functions/catalogue";

const root = path.resolve(__dirname, "../..");
const distJson = path.join(root, "dist", "functions.json");
const source = path.join(root, "src", "functions", "functions.ts");

interface Parameter {
  name: string;
  type: string;
  optional?: boolean;
  description?: string;
  dimensionality?: string;
  repeating?: boolean;
}
interface Fn {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters: Parameter[];
  result?: { type?: string; dimensionality?: string };
  options?: Record<string, unknown>;
}
interface Metadata {
  allowCustomDataForDataTypeAny?: boolean;
  functions: Fn[];
}

type P = [name: string, type: string, optional: boolean];
interface Expected {
  id: string;
  params: P[];
  result: "scalar" | "matrix";
}

const req = false;
const opt = true;
const EXPECTED: Expected[] = [
  {
    id: "PRICE",
    params: [
      ["product", "string", req],
      ["market", "string", opt],
      ["date", "any", opt],
      ["unit", "string", opt],
      ["field", "string", opt],
      ["vintage", "string", opt],
    ],
    result: "scalar",
  },
  {
    id: "PRICEHISTORY",
    params: [
      ["product", "string", req],
      ["market", "string", opt],
      ["start", "any", opt],
      ["end", "any", opt],
      ["unit", "string", opt],
      ["headers", "any", opt],
      ["vintage", "string", opt],
    ],
    result: "matrix",
  },
  {
    id: "SHARE",
    params: [
      ["country", "string", req],
      ["stage", "string", req],
      ["year", "any", opt],
      ["element", "string", opt],
      ["field", "string", opt],
      ["vintage", "string", opt],
    ],
    result: "scalar",
  },
  {
    id: "TONNES",
    params: [
      ["country", "string", req],
      ["stage", "string", req],
      ["year", "any", opt],
      ["field", "string", opt],
      ["vintage", "string", opt],
    ],
    result: "scalar",
  },
  {
    id: "CONTROLLED",
    params: [
      ["element", "string", req],
      ["date", "any", opt],
      ["regime", "string", opt],
      ["field", "string", opt],
    ],
    result: "scalar",
  },
  {
    id: "CONTROLS",
    params: [
      ["element", "string", opt],
      ["date", "any", opt],
      ["headers", "any", opt],
    ],
    result: "matrix",
  },
  {
    id: "ELEMENT",
    params: [
      ["element", "string", req],
      ["property", "string", opt],
    ],
    result: "scalar",
  },
  {
    id: "PRODUCT",
    params: [
      ["product", "string", req],
      ["property", "string", opt],
    ],
    result: "scalar",
  },
  {
    id: "COUNTRY",
    params: [
      ["country", "string", req],
      ["property", "string", opt],
    ],
    result: "scalar",
  },
  {
    id: "LIST",
    params: [["kind", "string", req]],
    result: "matrix",
  },
  {
    id: "FX",
    params: [
      ["currency", "string", req],
      ["date", "any", opt],
      ["field", "string", opt],
    ],
    result: "scalar",
  },
  {
    id: "TRADE",
    params: [
      ["product", "string", req],
      ["exporter", "string", req],
      ["importer", "string", req],
      ["period", "any", req],
      ["field", "string", opt],
    ],
    result: "scalar",
  },
  {
    id: "EVENTS",
    params: [
      ["start", "any", opt],
      ["end", "any", opt],
      ["country", "string", opt],
      ["headers", "any", opt],
    ],
    result: "matrix",
  },
  {
    id: "DATAINFO",
    params: [["field", "string", opt]],
    result: "matrix",
  },
  {
    id: "HHI",
    params: [
      ["stage", "string", req],
      ["year", "any", opt],
      ["element", "string", opt],
      ["field", "string", opt],
    ],
    result: "scalar",
  },
  {
    id: "CONVERT",
    params: [
      ["value", "any", req],
      ["from", "string", req],
      ["to", "string", req],
    ],
    result: "scalar",
  },
  {
    id: "SPREAD",
    params: [
      ["product", "string", req],
      ["market", "string", req],
      ["versus", "string", req],
      ["date", "any", opt],
      ["unit", "string", opt],
      ["field", "string", opt],
    ],
    result: "scalar",
  },
];

function loadMetadata(): Metadata {
  if (!fs.existsSync(distJson)) {
    throw new Error(`${path.relative(root, distJson)} is missing: run npm run build first`);
  }
  return JSON.parse(fs.readFileSync(distJson, "utf8")) as Metadata;
}

const shapeOf = (p: Parameter): P => [p.name, p.type, p.optional === true];

describe("the JSDoc Excel reads agrees with the one declaration of each function (src/functions/catalogue.ts)", () => {
  const catalogue = makeCatalogue();
  test.each(Object.keys(catalogue))(
    "%s: same parameters, in order, optional alike, same shape",
    (id) => {
      const declared = catalogue[id as keyof typeof catalogue];
      const fn = loadMetadata().functions.find((f) => f.id === id);
      expect(fn).toBeDefined();
      expect(fn!.parameters.map((p) => [p.name, p.optional === true])).toEqual(
        declared.parameters.map((p) => [p.name, "optional" in p])
      );
      expect(fn!.result?.dimensionality === "matrix").toBe(declared.spills);
    }
  );
  test("every function Excel sees is declared, and every declared function is exported to Excel", () => {
    expect(
      loadMetadata()
        .functions.map((f) => f.id)
        .sort()
    ).toEqual(Object.keys(catalogue).sort());
  });
});

describe("dist/functions.json", () => {
  let metadata: Metadata;
  beforeAll(() => {
    metadata = loadMetadata();
  });
  const byId = (id: string): Fn => {
    const fn = metadata.functions.find((f) => f.id === id);
    if (!fn) throw new Error(`function ${id} is missing from dist/functions.json`);
    return fn;
  };

  test("lets the functions return Excel data types (the cards of ELEMENT, PRODUCT and COUNTRY)", () => {
    // A top-level flag in Excel's metadata schema (CustomFunctionsRuntime 1.4); without it Excel
    // refuses an entity from a custom function.
    expect(metadata.allowCustomDataForDataTypeAny).toBe(true);
    // The card functions' results are untyped ("any"), the type that may carry an entity.
    for (const id of ["ELEMENT", "PRODUCT", "COUNTRY"])
      expect(byId(id).result?.type ?? "any").toBe("any");
  });

  test("declares exactly the expected functions, in order", () => {
    expect(metadata.functions.map((f) => f.id)).toEqual(EXPECTED.map((e) => e.id));
  });

  test.each(EXPECTED.map((e) => [e.id, e] as const))("%s: name equals id", (id) => {
    expect(byId(id).name).toBe(id);
  });

  test.each(EXPECTED.map((e) => [e.id, e] as const))(
    "%s: parameters (name, type, optional)",
    (id, expected) => {
      const fn = byId(id);
      expect(fn.parameters.map(shapeOf)).toEqual(expected.params);
      // Every parameter takes a single value: none is a range (matrix) or repeating.
      const nonScalar = fn.parameters
        .filter((p) => (p.dimensionality ?? "scalar") !== "scalar" || p.repeating)
        .map((p) => p.name);
      expect(nonScalar).toEqual([]);
    }
  );

  test.each(EXPECTED.map((e) => [e.id, e] as const))(
    "%s: result dimensionality",
    (id, expected) => {
      const fn = byId(id);
      expect(fn.result?.dimensionality ?? "scalar").toBe(expected.result);
    }
  );

  test.each(EXPECTED.map((e) => [e.id, e] as const))(
    "%s: no function options (not volatile, streaming or cancelable)",
    (id) => {
      const options = byId(id).options ?? {};
      expect(Object.entries(options).filter(([, v]) => v)).toEqual([]);
    }
  );

  test.each(EXPECTED.map((e) => [e.id, e] as const))(
    "%s: described, with an https helpUrl, every parameter described",
    (id) => {
      const fn = byId(id);
      expect(typeof fn.description).toBe("string");
      expect(fn.description!.trim().length).toBeGreaterThan(0);
      expect(fn.helpUrl).toMatch(/^https:\/\//);
      expect(() => new URL(fn.helpUrl!)).not.toThrow();
      const undescribed = fn.parameters
        .filter((p) => !p.description || p.description.trim() === "")
        .map((p) => p.name);
      expect(undescribed).toEqual([]);
    }
  );
});

describe("a bad JSDoc makes generation report an error", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ree-metadata-"));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, code: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, code);
    return file;
  };

  test("a misspelt JSDoc type ({strin}) is reported", async () => {
    const file = write(
      "misspelt.ts",
      [
        "/**",
        " * Broken on purpose.",
        " * @customfunction BROKEN",
        " * @param {strin} x A parameter whose JSDoc type is misspelt.",
        " * @returns {number} A number.",
        " */",
        // JS-style (untyped) so that the JSDoc type is the one the generator reads.
        "export function broken(x) { return x ? 1 : 0; }",
        "",
      ].join("\n")
    );
    const result = await generateCustomFunctionsMetadata(file);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.join("\n")).toMatch(/strin/);
    expect(result.metadataJson).toBe("");
  });

  test("an unsupported parameter type (Map<string, string>) is reported", async () => {
    const file = write(
      "unsupported.ts",
      [
        "/**",
        " * Broken on purpose.",
        " * @customfunction BROKEN",
        " * @param x A parameter of a type Excel cannot pass.",
        " * @returns A number.",
        " */",
        "export function broken(x: Map<string, string>): number { return x.size; }",
        "",
      ].join("\n")
    );
    const result = await generateCustomFunctionsMetadata(file);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.join("\n")).toMatch(/does not support type "Map"/);
    expect(result.metadataJson).toBe("");
  });

  test("src/functions/functions.ts generates without errors, and dist/functions.json is up to date with it", async () => {
    const result = await generateCustomFunctionsMetadata(source);
    expect(result.errors).toEqual([]);
    const generated = JSON.parse(result.metadataJson) as Metadata;
    expect(generated.functions.map((f) => f.id)).toEqual(EXPECTED.map((e) => e.id));
    // dist is built from the same source by the same generator: a mismatch means a stale build.
    const built = loadMetadata();
    if (JSON.stringify(built.functions) !== JSON.stringify(generated.functions)) {
      throw new Error(
        "dist/functions.json differs from what src/functions/functions.ts generates: run npm run build first"
      );
    }
  });
});
