/*
 * Chinese function help: dist/functions.zh-CN.json is what Chinese Excel reads (the manifest names
 * it for zh-CN). It must describe exactly the functions dist/functions.json declares, in Chinese,
 * with the trade's usual terms; and the build must fail rather than ship help that is missing or
 * describes parameters that do not exist.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import webpack from "webpack";

interface Parameter {
  name: string;
  type?: string;
  optional?: boolean;
  description?: string;
}
interface Fn {
  id: string;
  name: string;
  description?: string;
  parameters: Parameter[];
  result?: { description?: string };
}
interface Metadata {
  functions: Fn[];
}
interface Localized {
  metadata: Metadata;
  errors: string[];
  warnings: string[];
}
type PluginOptions = { locale: string; translations: string; source?: string };
const { localizeMetadata, LocalizedMetadataPlugin } =
  require("../../scripts/localized-metadata") as {
    localizeMetadata(metadata: Metadata, translations: unknown, locale: string): Localized;
    LocalizedMetadataPlugin: new (options: PluginOptions) => webpack.WebpackPluginInstance;
  };

const root = path.resolve(__dirname, "../..");
const translationsFile = path.join(root, "src", "functions", "metadata.zh-CN.json");

function loadDist(name: string): Metadata {
  const file = path.join(root, "dist", name);
  if (!fs.existsSync(file)) throw new Error(`dist/${name} is missing: run npm run build first`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as Metadata;
}

/** The metadata with every description taken out: what must not differ between languages. */
function withoutDescriptions(metadata: Metadata): unknown {
  return JSON.parse(JSON.stringify(metadata), (key, value) =>
    key === "description" ? undefined : value
  );
}

/** Chinese outside the quoted values a user types ("氧化镝" alone is an example, not a translation). */
const isChinese = (text: string | undefined): boolean =>
  /[\u4e00-\u9fff]/.test((text ?? "").replace(/"[^"]*"/g, ""));

describe("dist/functions.zh-CN.json", () => {
  let english: Metadata;
  let chinese: Metadata;
  beforeAll(() => {
    english = loadDist("functions.json");
    chinese = loadDist("functions.zh-CN.json");
  });
  const byId = (id: string): Fn => {
    const fn = chinese.functions.find((f) => f.id === id);
    if (!fn) throw new Error(`${id} is missing from dist/functions.zh-CN.json`);
    return fn;
  };
  const parameter = (id: string, name: string): string =>
    byId(id).parameters.find((p) => p.name === name)?.description ?? "";

  test("lists the same functions as functions.json: ids, names, parameters (names, order, types, optional), results and options alike", () => {
    expect(chinese.functions.map((fn) => fn.id)).toEqual(english.functions.map((fn) => fn.id));
    expect(chinese.functions.map((fn) => fn.name)).toEqual(english.functions.map((fn) => fn.id));
    expect(withoutDescriptions(chinese)).toEqual(withoutDescriptions(english));
  });

  test("every function and every parameter is described in Chinese", () => {
    const notChinese = chinese.functions.flatMap((fn) => [
      ...(isChinese(fn.description) ? [] : [fn.id]),
      ...fn.parameters.filter((p) => !isChinese(p.description)).map((p) => `${fn.id}(${p.name})`),
    ]);
    expect(notChinese).toEqual([]);
  });

  test("is built from the translation file as it is now (not a stale build)", () => {
    const translations: unknown = JSON.parse(fs.readFileSync(translationsFile, "utf8"));
    const rebuilt = localizeMetadata(english, translations, "zh-CN");
    expect(rebuilt.errors).toEqual([]);
    expect(chinese).toEqual(rebuilt.metadata);
  });

  test("uses the trade's usual terms where an analyst looks for them", () => {
    expect(parameter("PRICE", "product")).toContain("氧化镝");
    expect(parameter("PRICE", "product")).toContain("镨钕");
    expect(byId("CONTROLLED").description).toContain("出口管制");
    expect(byId("CONTROLLED").description).toContain("配额");
    expect(byId("CONTROLS").description).toContain("出口管制");
    expect(parameter("SHARE", "stage")).toContain("分离冶炼");
    // The dataset's own Chinese name for the stage, which the function accepts as typed.
    expect(parameter("SHARE", "stage")).toContain('"冶炼分离"');
    expect(parameter("SHARE", "stage")).toContain("开采");
    expect(parameter("SHARE", "stage")).toContain("储量");
    expect(parameter("TONNES", "stage")).toContain("储量");
    expect(parameter("TRADE", "product")).toContain("永磁体");
  });

  test("each description shows an example call of its own function, as the English does", () => {
    const withoutExample = chinese.functions
      .filter((fn) => !fn.description?.includes(`=REE.${fn.name}(`))
      .map((fn) => fn.id);
    expect(withoutExample).toEqual([]);
  });
});

/* A small metadata of two functions stands for the generated one below. */
const generated: Metadata = {
  functions: [
    {
      id: "PRICE",
      name: "PRICE",
      description: "Price of a product.",
      parameters: [
        { name: "product", type: "string", description: "Product." },
        { name: "date", type: "any", optional: true, description: "Date." },
      ],
      result: {},
    },
    {
      id: "LIST",
      name: "LIST",
      description: "Valid names.",
      parameters: [{ name: "kind", type: "string", description: "Kind." }],
      result: { description: "A column." },
    },
  ],
};
const complete = {
  PRICE: { description: "价格。", parameters: { product: "产品。", date: "日期。" } },
  LIST: { description: "名称。", parameters: { kind: "类别。" }, result: "一列。" },
};
const withPrice = (price: unknown) => ({ ...complete, PRICE: price });

describe("localizeMetadata: the descriptions replaced, nothing else", () => {
  test("a complete translation replaces every description and keeps ids, names, types and order", () => {
    const { metadata, errors, warnings } = localizeMetadata(generated, complete, "zh-CN");
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(metadata.functions[0].description).toBe("价格。");
    expect(metadata.functions[0].parameters).toEqual([
      { name: "product", type: "string", description: "产品。" },
      { name: "date", type: "any", optional: true, description: "日期。" },
    ]);
    expect(metadata.functions[1].result).toEqual({ description: "一列。" });
    expect(withoutDescriptions(metadata)).toEqual(withoutDescriptions(generated));
    // The generated metadata itself is left as it was.
    expect(generated.functions[0].description).toBe("Price of a product.");
  });

  test("a function with no translation is an error naming it", () => {
    const { errors } = localizeMetadata(generated, { PRICE: complete.PRICE }, "zh-CN");
    expect(errors).toEqual(["zh-CN has no translation for LIST."]);
  });

  test("a parameter with no translation is an error naming the function and the parameter", () => {
    const { errors } = localizeMetadata(
      generated,
      withPrice({ description: "价格。", parameters: { product: "产品。" } }),
      "zh-CN"
    );
    expect(errors).toEqual(["zh-CN has no translation for PRICE(date)."]);
  });

  test("a translated parameter the function does not have is an error listing the ones it has", () => {
    const { errors } = localizeMetadata(
      generated,
      withPrice({
        description: "价格。",
        parameters: { ...complete.PRICE.parameters, market: "市场。" },
      }),
      "zh-CN"
    );
    expect(errors).toEqual([
      "zh-CN translates PRICE(market), but PRICE has no parameter market; its parameters are product, date.",
    ]);
  });

  test("a translation for a function not declared yet is a warning, not an error", () => {
    const { errors, warnings, metadata } = localizeMetadata(
      generated,
      { ...complete, HHI: { description: "指数。", parameters: { stage: "环节。" } } },
      "zh-CN"
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      "zh-CN has a translation for HHI, which is not a function (yet): it is not used.",
    ]);
    expect(metadata.functions.map((fn) => fn.id)).toEqual(["PRICE", "LIST"]);
  });

  test("a misspelt function id fails, as the function it meant has no translation", () => {
    const { PRICE, ...rest } = complete;
    const { errors, warnings } = localizeMetadata(generated, { ...rest, PRICES: PRICE }, "zh-CN");
    expect(errors).toEqual(["zh-CN has no translation for PRICE."]);
    expect(warnings).toHaveLength(1);
  });

  test("empty text, a misspelt key, a missing result text and a malformed entry are errors", () => {
    expect(
      localizeMetadata(
        generated,
        withPrice({ description: " ", parameters: complete.PRICE.parameters }),
        "zh-CN"
      ).errors
    ).toEqual(["zh-CN PRICE: the translation must be text."]);
    expect(
      localizeMetadata(
        generated,
        withPrice({ descripton: "价格。", parameters: complete.PRICE.parameters }),
        "zh-CN"
      ).errors
    ).toEqual([
      'zh-CN PRICE: unknown key "descripton"; an entry has "description", "parameters" and, where the result is described, "result".',
      "zh-CN has no translation for PRICE.",
    ]);
    expect(
      localizeMetadata(
        generated,
        { ...complete, LIST: { description: "名称。", parameters: { kind: "类别。" } } },
        "zh-CN"
      ).errors
    ).toEqual(["zh-CN has no translation for the result of LIST."]);
    expect(localizeMetadata(generated, withPrice("价格。"), "zh-CN").errors).toEqual([
      'zh-CN PRICE: expected {"description": …, "parameters": {…}}.',
    ]);
    expect(localizeMetadata(generated, [], "zh-CN").errors).toEqual([
      "The zh-CN translations must be an object keyed by function id.",
    ]);
  });
});

describe("the webpack plugin", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ree-localized-"));
    fs.writeFileSync(path.join(dir, "entry.js"), "export const unused = 1;\n");
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Stands for custom-functions-metadata-plugin: emits the generated functions.json. */
  const emitGenerated: webpack.WebpackPluginInstance = {
    apply(compiler: webpack.Compiler) {
      compiler.hooks.thisCompilation.tap("EmitGenerated", (compilation) => {
        compilation.emitAsset(
          "functions.json",
          new compiler.webpack.sources.RawSource(JSON.stringify(generated))
        );
      });
    },
  };

  /** Builds with the given translations; the build's errors, warnings and output folder. */
  function build(
    translations: unknown
  ): Promise<{ errors: string[]; warnings: string[]; out: string }> {
    const name = `case-${fs.readdirSync(dir).length}`;
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(translations));
    const out = path.join(dir, name);
    const compiler = webpack({
      mode: "none",
      context: dir,
      entry: "./entry.js",
      output: { path: out },
      plugins: [
        emitGenerated,
        new LocalizedMetadataPlugin({ locale: "zh-CN", translations: file }),
      ],
    });
    return new Promise((resolve, reject) => {
      compiler.run((error, stats) => {
        compiler.close(() => undefined);
        if (error || !stats) return reject(error);
        const info = stats.toJson({ all: false, errors: true, warnings: true });
        resolve({
          errors: (info.errors ?? []).map((e) => e.message),
          warnings: (info.warnings ?? []).map((w) => w.message),
          out,
        });
      });
    });
  }

  test("writes functions.zh-CN.json beside functions.json", async () => {
    const { errors, out } = await build(complete);
    expect(errors).toEqual([]);
    const written = JSON.parse(fs.readFileSync(path.join(out, "functions.zh-CN.json"), "utf8"));
    expect(written).toEqual(localizeMetadata(generated, complete, "zh-CN").metadata);
  });

  test("fails the build, and writes no Chinese metadata, when a parameter has no translation", async () => {
    const { errors, out } = await build(
      withPrice({ description: "价格。", parameters: { product: "产品。" } })
    );
    expect(errors).toEqual([expect.stringContaining("zh-CN has no translation for PRICE(date).")]);
    expect(fs.existsSync(path.join(out, "functions.zh-CN.json"))).toBe(false);
  });

  test("warns of a translation for a function not declared yet, and still writes the file", async () => {
    const { errors, warnings, out } = await build({
      ...complete,
      SPREAD: { description: "价差。" },
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining("translation for SPREAD")]);
    expect(fs.existsSync(path.join(out, "functions.zh-CN.json"))).toBe(true);
  });
});
