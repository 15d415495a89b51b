/*
 * Offline checks of manifest.xml (no Office, no network).
 *
 * Each check is a function of the manifest's XML text that returns a list of problems, so every
 * test runs it on the real manifest (expects no problems) and on one deliberately broken copy
 * (expects the problem to be reported) — a check that cannot fail is not a check.
 */
import * as fs from "fs";
import * as path from "path";

/* xml2js is the parser office-addin-manifest itself uses (strict sax underneath). No bundled types. */
type XmlParser = {
  parseString(xml: string, callback: (err: Error | null, result: unknown) => void): void;
};
const xml2js = require("xml2js") as {
  Parser: new (options: object) => XmlParser;
};

const ROOT = path.resolve(__dirname, "../..");
const MANIFEST_PATH = path.join(ROOT, "manifest.xml");
const DEV_ORIGIN = "https://localhost:3000";

/* ------------------------------------------------------------------ XML helpers */

interface El {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: El[];
  parent?: El;
}

function toEl(name: string, raw: unknown, parent?: El): El {
  const el: El = { name, attrs: {}, text: "", children: [], parent };
  if (typeof raw === "string") {
    el.text = raw.trim();
    return el;
  }
  if (raw && typeof raw === "object") {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (key === "$") el.attrs = value as Record<string, string>;
      else if (key === "_") el.text = String(value).trim();
      else for (const child of value as unknown[]) el.children.push(toEl(key, child, el));
    }
  }
  return el;
}

/** Parses the manifest; throws if the XML is not well-formed. */
function parseManifest(xml: string): El {
  let result: unknown;
  let error: Error | null = null;
  new xml2js.Parser({ explicitArray: true, explicitCharkey: true }).parseString(
    xml,
    (err, value) => {
      error = error ?? err;
      result = value;
    }
  );
  if (error) throw error;
  if (!result || typeof result !== "object") throw new Error("empty XML document");
  const entries = Object.entries(result as Record<string, unknown>);
  if (entries.length !== 1) throw new Error("XML document must have exactly one root element");
  const [name, raw] = entries[0];
  return toEl(name, raw);
}

function all(root: El, name: string): El[] {
  const found: El[] = [];
  const visit = (el: El) => {
    if (el.name === name) found.push(el);
    el.children.forEach(visit);
  };
  visit(root);
  return found;
}

function child(el: El | undefined, name: string): El | undefined {
  return el?.children.find((c) => c.name === name);
}

function childPath(el: El | undefined, ...names: string[]): El | undefined {
  return names.reduce<El | undefined>((cur, n) => child(cur, n), el);
}

function ancestors(el: El): El[] {
  const list: El[] = [];
  for (let p = el.parent; p; p = p.parent) list.push(p);
  return list;
}

/** Resource strings/urls/images by id: { "bt:Url": { "Taskpane.Url": "https://..." }, ... } */
function resources(root: El): Record<string, Map<string, string>> {
  const res = childPath(root, "VersionOverrides", "Resources");
  const table = (group: string, item: string) =>
    new Map(
      (child(res, group)?.children ?? [])
        .filter((c) => c.name === item)
        .map((c) => [c.attrs.id, c.attrs.DefaultValue])
    );
  return {
    images: table("bt:Images", "bt:Image"),
    urls: table("bt:Urls", "bt:Url"),
    shortStrings: table("bt:ShortStrings", "bt:String"),
    longStrings: table("bt:LongStrings", "bt:String"),
  };
}

function customFunctionsExtensionPoint(root: El): El | undefined {
  return all(root, "ExtensionPoint").find((e) => e.attrs["xsi:type"] === "CustomFunctions");
}

function parseOrProblem(xml: string): El | string {
  try {
    return parseManifest(xml);
  } catch (err) {
    return `manifest.xml is not well-formed XML: ${(err as Error).message}`;
  }
}

/* ------------------------------------------------------------------ checks (XML text -> problems) */

function checkNamespace(xml: string): string[] {
  const root = parseOrProblem(xml);
  if (typeof root === "string") return [root];
  const problems: string[] = [];
  const { shortStrings } = resources(root);
  if (shortStrings.get("Functions.Namespace") !== "REE") {
    problems.push(
      `ShortString Functions.Namespace is ${JSON.stringify(shortStrings.get("Functions.Namespace"))}, expected "REE"`
    );
  }
  const ep = customFunctionsExtensionPoint(root);
  if (!ep) return [...problems, "no ExtensionPoint xsi:type=CustomFunctions"];
  const resid = child(ep, "Namespace")?.attrs.resid;
  if (resid !== "Functions.Namespace") {
    problems.push(
      `CustomFunctions Namespace resid is ${JSON.stringify(resid)}, expected "Functions.Namespace"`
    );
  } else if (shortStrings.get(resid) !== "REE") {
    problems.push(
      `CustomFunctions Namespace resolves to ${JSON.stringify(shortStrings.get(resid))}, expected "REE"`
    );
  }
  return problems;
}

function checkSharedRuntime(xml: string): string[] {
  const root = parseOrProblem(xml);
  if (typeof root === "string") return [root];
  const problems: string[] = [];
  const runtimes = all(root, "Runtime");
  if (runtimes.length !== 1)
    problems.push(`expected exactly one <Runtime>, found ${runtimes.length}`);
  const runtime = runtimes[0]?.attrs;
  if (runtime && runtime.lifetime !== "long")
    problems.push(`Runtime lifetime is ${JSON.stringify(runtime.lifetime)}, expected "long"`);
  const runtimeResid = runtime?.resid;
  const pageResid = childPath(customFunctionsExtensionPoint(root), "Page", "SourceLocation")?.attrs
    .resid;
  const functionFileResid = all(root, "FunctionFile")[0]?.attrs.resid;
  if (!runtimeResid) problems.push("Runtime has no resid");
  if (pageResid !== runtimeResid)
    problems.push(`CustomFunctions Page resid ${pageResid} != Runtime resid ${runtimeResid}`);
  if (functionFileResid !== runtimeResid)
    problems.push(`FunctionFile resid ${functionFileResid} != Runtime resid ${runtimeResid}`);
  const url = runtimeResid ? resources(root).urls.get(runtimeResid) : undefined;
  if (url !== `${DEV_ORIGIN}/taskpane.html`)
    problems.push(
      `Runtime resid ${runtimeResid} resolves to ${url}, expected ${DEV_ORIGIN}/taskpane.html`
    );
  return problems;
}

const URL_ELEMENTS = [
  "bt:Url",
  "bt:Image",
  "SourceLocation",
  "IconUrl",
  "HighResolutionIconUrl",
  "SupportUrl",
];

function checkHttps(xml: string): string[] {
  const root = parseOrProblem(xml);
  if (typeof root === "string") return [root];
  const problems: string[] = [];
  const visit = (el: El) => {
    for (const [attr, value] of Object.entries(el.attrs)) {
      if (attr === "xmlns" || attr.startsWith("xmlns:")) continue; // namespace names, not fetched
      const isUrlAttr = attr === "DefaultValue" && URL_ELEMENTS.includes(el.name);
      if ((isUrlAttr || /^[a-z][a-z0-9+.-]*:/i.test(value)) && !value.startsWith("https://")) {
        problems.push(`<${el.name} ${attr}="${value}"> is not an https:// URL`);
      }
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(el.text) && !el.text.startsWith("https://")) {
      problems.push(`<${el.name}>${el.text}</${el.name}> is not an https:// URL`);
    }
    el.children.forEach(visit);
  };
  visit(root);
  for (const name of URL_ELEMENTS.filter((n) => n !== "bt:Url" && n !== "bt:Image")) {
    for (const el of all(root, name)) {
      if (!el.attrs.DefaultValue && !el.attrs.resid)
        problems.push(`<${name}> has neither DefaultValue nor resid`);
    }
  }
  return problems;
}

/** Width/height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return undefined;
  if (bytes.subarray(12, 16).toString("latin1") !== "IHDR") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Every icon URL is a PNG in assets/ of the size it claims. `rootDir` holds assets/. */
function checkImages(xml: string, rootDir = ROOT): string[] {
  const root = parseOrProblem(xml);
  if (typeof root === "string") return [root];
  const problems: string[] = [];
  const expectFile = (label: string, url: string | undefined, size: number) => {
    if (!url?.startsWith(`${DEV_ORIGIN}/assets/`)) {
      problems.push(`${label}: ${url} is not under ${DEV_ORIGIN}/assets/`);
      return;
    }
    const file = path.join(rootDir, new URL(url).pathname);
    if (!fs.existsSync(file)) {
      problems.push(`${label}: ${path.relative(rootDir, file)} does not exist`);
      return;
    }
    const dims = pngSize(fs.readFileSync(file));
    if (!dims) problems.push(`${label}: ${path.relative(rootDir, file)} is not a PNG`);
    else if (dims.width !== size || dims.height !== size) {
      problems.push(
        `${label}: ${path.relative(rootDir, file)} is ${dims.width}x${dims.height}, expected ${size}x${size}`
      );
    }
  };

  const { images } = resources(root);
  if (images.size === 0) problems.push("no bt:Image resources");
  for (const [id, url] of images) {
    const m = /^Icon\.(\d+)x(\d+)$/.exec(id ?? "");
    if (!m || m[1] !== m[2]) {
      problems.push(`bt:Image id ${id} does not say its size as Icon.NxN`);
      continue;
    }
    expectFile(`bt:Image ${id}`, url, Number(m[1]));
  }
  // Image references (<bt:Image size="16" resid="Icon.16x16"/>) point at an image of that size.
  for (const ref of all(root, "bt:Image").filter((e) => e.attrs.resid !== undefined)) {
    if (!images.has(ref.attrs.resid))
      problems.push(`bt:Image resid ${ref.attrs.resid} is not a bt:Images resource`);
    else if (ref.attrs.resid !== `Icon.${ref.attrs.size}x${ref.attrs.size}`) {
      problems.push(`bt:Image size ${ref.attrs.size} refers to ${ref.attrs.resid}`);
    }
  }
  expectFile("IconUrl", child(root, "IconUrl")?.attrs.DefaultValue, 32);
  expectFile("HighResolutionIconUrl", child(root, "HighResolutionIconUrl")?.attrs.DefaultValue, 64);
  return problems;
}

function checkIdentity(xml: string): string[] {
  const root = parseOrProblem(xml);
  if (typeof root === "string") return [root];
  const problems: string[] = [];
  if (root.name !== "OfficeApp" || root.attrs["xsi:type"] !== "TaskPaneApp") {
    problems.push(
      `root is <${root.name} xsi:type=${root.attrs["xsi:type"]}>, expected <OfficeApp xsi:type="TaskPaneApp">`
    );
  }
  const version = child(root, "Version")?.text ?? "";
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(version))
    problems.push(`Version ${JSON.stringify(version)} is not four numeric parts`);
  const id = child(root, "Id")?.text ?? "";
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    problems.push(`Id ${JSON.stringify(id)} is not a GUID`);
  if (/^0{8}-/.test(id) || /^(.)\1{7}-/.test(id))
    problems.push(`Id ${id} looks like a placeholder, not a random GUID`);
  const hosts = child(root, "Hosts")?.children.map((h) => h.attrs.Name) ?? [];
  if (hosts.length !== 1 || hosts[0] !== "Workbook")
    problems.push(`Hosts are ${JSON.stringify(hosts)}, expected ["Workbook"]`);
  const overrideHosts =
    childPath(root, "VersionOverrides", "Hosts")?.children.map((h) => h.attrs["xsi:type"]) ?? [];
  if (overrideHosts.length !== 1 || overrideHosts[0] !== "Workbook") {
    problems.push(
      `VersionOverrides hosts are ${JSON.stringify(overrideHosts)}, expected ["Workbook"]`
    );
  }
  if (child(root, "Permissions")?.text !== "ReadWriteDocument")
    problems.push("Permissions is not ReadWriteDocument");
  return problems;
}

function checkRequirements(xml: string): string[] {
  const root = parseOrProblem(xml);
  if (typeof root === "string") return [root];
  const problems: string[] = [];
  const sets = childPath(root, "Requirements", "Sets");
  if (!sets) return ["no top-level <Requirements><Sets>"];
  if (sets.attrs.DefaultMinVersion !== "1.1")
    problems.push(`Sets DefaultMinVersion is ${sets.attrs.DefaultMinVersion}, expected 1.1`);
  const shared = sets.children.find((s) => s.name === "Set" && s.attrs.Name === "SharedRuntime");
  if (!shared) problems.push('no <Set Name="SharedRuntime"> requirement');
  else if (shared.attrs.MinVersion !== "1.1")
    problems.push(`SharedRuntime MinVersion is ${shared.attrs.MinVersion}, expected 1.1`);
  return problems;
}

/** Every resid refers to a resource of the right kind (URL, image or string). */
function checkResids(xml: string): string[] {
  const root = parseOrProblem(xml);
  if (typeof root === "string") return [root];
  const problems: string[] = [];
  const { urls, shortStrings, longStrings } = resources(root);
  const visit = (el: El) => {
    const resid = el.attrs.resid;
    if (resid !== undefined && el.name !== "bt:Image") {
      const inSupertip = ancestors(el).some((a) => a.name === "Supertip");
      let table: Map<string, string>;
      let kind: string;
      if (
        el.name === "SourceLocation" ||
        el.name === "Runtime" ||
        el.name === "FunctionFile" ||
        el.name === "LearnMoreUrl"
      ) {
        [table, kind] = [urls, "bt:Url"];
      } else if (el.name === "Description" && (inSupertip || el.parent?.name === "GetStarted")) {
        [table, kind] = [longStrings, "LongString"];
      } else {
        [table, kind] = [shortStrings, "ShortString"];
      }
      if (!table.has(resid))
        problems.push(`<${el.name} resid="${resid}"> has no ${kind} with that id`);
    }
    el.children.forEach(visit);
  };
  visit(root);
  return problems;
}

/** Chinese Excel reads the zh-CN override of a resource, or its DefaultValue where there is none. */
const CHINESE = "zh-CN";
const HAS_CJK = /[\u4e00-\u9fff]/;
/** What Office accepts: a ShortString holds at most 125 characters, a LongString 250. */
const STRING_LIMITS: Record<string, number> = { "bt:ShortStrings": 125, "bt:LongStrings": 250 };

function chineseOverride(el: El | undefined, overrideName: string): string | undefined {
  return el?.children.find((c) => c.name === overrideName && c.attrs.Locale === CHINESE)?.attrs
    .Value;
}

/**
 * Every text a user sees in Chinese Excel has a zh-CN override in Chinese (the display name, the
 * description, the ribbon and Get Started strings), the functions' metadata URL has a zh-CN
 * override naming a .json beside functions.json, and the namespace has none: function names
 * stay REE.PRICE and so on in every language, as Excel's own do.
 */
function checkChinese(xml: string): string[] {
  const root = parseOrProblem(xml);
  if (typeof root === "string") return [root];
  const problems: string[] = [];
  for (const name of ["DisplayName", "Description"]) {
    const value = chineseOverride(child(root, name), "Override");
    if (value === undefined) problems.push(`<${name}> has no <Override Locale="${CHINESE}">`);
    else if (!HAS_CJK.test(value))
      problems.push(`<${name}>'s ${CHINESE} override is not Chinese: ${value}`);
  }
  const resourcesElement = childPath(root, "VersionOverrides", "Resources");
  for (const [group, limit] of Object.entries(STRING_LIMITS)) {
    for (const string of child(resourcesElement, group)?.children ?? []) {
      const id = string.attrs.id;
      const value = chineseOverride(string, "bt:Override");
      if (id === "Functions.Namespace") {
        if (value !== undefined)
          problems.push(`Functions.Namespace has a ${CHINESE} override; function names stay REE.*`);
      } else if (value === undefined) {
        problems.push(`${group} ${id} has no <bt:Override Locale="${CHINESE}">`);
      } else if (!HAS_CJK.test(value)) {
        problems.push(`${group} ${id}'s ${CHINESE} override is not Chinese: ${value}`);
      } else if (value.length > limit) {
        problems.push(
          `${group} ${id}'s ${CHINESE} override is ${value.length} characters, over ${limit}`
        );
      }
    }
  }
  const metadataUrl = (child(resourcesElement, "bt:Urls")?.children ?? []).find(
    (url) => url.attrs.id === "Functions.Metadata.Url"
  );
  const localized = chineseOverride(metadataUrl, "bt:Override");
  if (localized === undefined)
    problems.push(`Functions.Metadata.Url has no <bt:Override Locale="${CHINESE}">`);
  else if (!localized.startsWith(`${DEV_ORIGIN}/`) || !localized.endsWith(".json"))
    problems.push(
      `Functions.Metadata.Url's ${CHINESE} override ${localized} is not a .json under ${DEV_ORIGIN}/`
    );
  return problems;
}

/** Every URL the manifest gives for a locale is a file the build wrote into `distDir`. */
function checkOverridesBuilt(xml: string, distDir: string): string[] {
  const root = parseOrProblem(xml);
  if (typeof root === "string") return [root];
  return all(root, "bt:Override")
    .filter((override) => override.parent?.name === "bt:Url")
    .map((override) => override.attrs.Value)
    .filter((url) => {
      if (!url?.startsWith(`${DEV_ORIGIN}/`)) return true;
      return !fs.existsSync(path.join(distDir, new URL(url).pathname));
    })
    .map((url) => `${url} is not a file the build writes into ${path.relative(ROOT, distDir)}/`);
}

/* ------------------------------------------------------------------ tests */

const manifest = fs.readFileSync(MANIFEST_PATH, "utf8");

/** Replace text in the manifest; fail loudly if the text is not there (so a broken copy is really broken). */
function broken(from: string | RegExp, to: string, xml = manifest): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`mutation did not apply: ${from}`);
  return out;
}

describe("manifest.xml", () => {
  test("is well-formed XML with an OfficeApp root", () => {
    expect(parseManifest(manifest).name).toBe("OfficeApp");
    expect(() => parseManifest(broken("</Hosts>", ""))).toThrow();
    expect(() => parseManifest(broken("</Version>", "</version>"))).toThrow();
    expect(() => parseManifest(broken("Rare-earth prices", "Rare-earth prices & more"))).toThrow();
  });

  test("custom functions namespace is REE (ShortString Functions.Namespace, referenced by CustomFunctions)", () => {
    expect(checkNamespace(manifest)).toEqual([]);
    expect(
      checkNamespace(
        broken(
          'id="Functions.Namespace" DefaultValue="REE"',
          'id="Functions.Namespace" DefaultValue="CONTOSO"'
        )
      )
    ).not.toEqual([]);
    expect(
      checkNamespace(
        broken('<Namespace resid="Functions.Namespace"/>', '<Namespace resid="REE.Group.Label"/>')
      )
    ).not.toEqual([]);
    expect(checkNamespace(broken('<Namespace resid="Functions.Namespace"/>', ""))).not.toEqual([]);
  });

  test("shared runtime: Runtime, CustomFunctions Page and FunctionFile use the same taskpane URL", () => {
    expect(checkSharedRuntime(manifest)).toEqual([]);
    expect(
      checkSharedRuntime(
        broken(
          '<FunctionFile resid="Taskpane.Url"/>',
          '<FunctionFile resid="Functions.Script.Url"/>'
        )
      )
    ).not.toEqual([]);
    expect(
      checkSharedRuntime(
        broken(
          /<Page>\s*<SourceLocation resid="Taskpane.Url"\/>/,
          '<Page><SourceLocation resid="GetStarted.LearnMoreUrl"/>'
        )
      )
    ).not.toEqual([]);
    expect(checkSharedRuntime(broken('lifetime="long"', 'lifetime="short"'))).not.toEqual([]);
    expect(checkSharedRuntime(broken(/<Runtimes>[\s\S]*<\/Runtimes>/, ""))).not.toEqual([]);
  });

  test("every URL is https://", () => {
    expect(checkHttps(manifest)).toEqual([]);
    expect(
      checkHttps(
        broken('"https://localhost:3000/functions.js"', '"http://localhost:3000/functions.js"')
      )
    ).not.toEqual([]);
    expect(
      checkHttps(broken('<SupportUrl DefaultValue="https://', '<SupportUrl DefaultValue="http://'))
    ).not.toEqual([]);
    expect(
      checkHttps(broken('<IconUrl DefaultValue="https://', '<IconUrl DefaultValue="'))
    ).not.toEqual([]);
  });

  test("every icon URL maps to a PNG in assets/ of the size its id says", () => {
    expect(checkImages(manifest)).toEqual([]);
    expect(checkImages(broken("assets/icon-16.png", "assets/icon-32.png"))).not.toEqual([]);
    expect(checkImages(broken("assets/icon-80.png", "assets/icon-81.png"))).not.toEqual([]);
    expect(
      checkImages(broken('size="16" resid="Icon.16x16"', 'size="16" resid="Icon.32x32"'))
    ).not.toEqual([]);
    expect(checkImages(broken("assets/icon-64.png", "assets/icon-128.png"))).not.toEqual([]);
  });

  test("pngSize reads IHDR and rejects non-PNG bytes", () => {
    expect(pngSize(fs.readFileSync(path.join(ROOT, "assets/icon-80.png")))).toEqual({
      width: 80,
      height: 80,
    });
    expect(pngSize(fs.readFileSync(path.join(ROOT, "assets/icon-128.png")))).toEqual({
      width: 128,
      height: 128,
    });
    expect(pngSize(Buffer.from("GIF89a not a png at all, padding padding"))).toBeUndefined();
  });

  test("identity: four-part Version, GUID Id, Excel (Workbook) host, ReadWriteDocument", () => {
    expect(checkIdentity(manifest)).toEqual([]);
    expect(
      checkIdentity(broken(/<Version>[^<]*<\/Version>/, "<Version>0.1.0</Version>"))
    ).not.toEqual([]);
    expect(checkIdentity(broken(/<Id>[^<]*<\/Id>/, "<Id>ree-excel</Id>"))).not.toEqual([]);
    expect(
      checkIdentity(broken(/<Id>[^<]*<\/Id>/, "<Id>00000000-0000-0000-0000-000000000000</Id>"))
    ).not.toEqual([]);
    expect(checkIdentity(broken('<Host Name="Workbook"/>', '<Host Name="Document"/>'))).not.toEqual(
      []
    );
    expect(
      checkIdentity(broken('<Host xsi:type="Workbook">', '<Host xsi:type="Document">'))
    ).not.toEqual([]);
  });

  test("requires SharedRuntime 1.1", () => {
    expect(checkRequirements(manifest)).toEqual([]);
    expect(
      checkRequirements(broken('<Set Name="SharedRuntime" MinVersion="1.1"/>', ""))
    ).not.toEqual([]);
    expect(
      checkRequirements(
        broken(
          '<Set Name="SharedRuntime" MinVersion="1.1"/>',
          '<Set Name="SharedRuntime" MinVersion="1.2"/>'
        )
      )
    ).not.toEqual([]);
  });

  test("every resid resolves to a resource", () => {
    expect(checkResids(manifest)).toEqual([]);
    expect(
      checkResids(broken('<bt:String id="GetStarted.Title"', '<bt:String id="GetStarted.Titel"'))
    ).not.toEqual([]);
    expect(
      checkResids(broken('<bt:Url id="Functions.Metadata.Url"', '<bt:Url id="Functions.Metadata"'))
    ).not.toEqual([]);
    expect(
      checkResids(
        broken('<bt:String id="REE.TaskpaneButton.Tooltip"', '<bt:String id="REE.Tooltip"')
      )
    ).not.toEqual([]);
  });

  test("Chinese Excel shows the add-in, its ribbon and its function help in Chinese; function names stay REE.*", () => {
    expect(checkChinese(manifest)).toEqual([]);
    expect(
      checkChinese(broken(/\s*<Override Locale="zh-CN" Value="REE 稀土供应链"\/>/, ""))
    ).toEqual(['<DisplayName> has no <Override Locale="zh-CN">']);
    expect(checkChinese(broken('Value="稀土"/>', 'Value="Rare earths"/>'))).toEqual([
      "bt:ShortStrings REE.TaskpaneButton.Label's zh-CN override is not Chinese: Rare earths",
    ]);
    expect(
      checkChinese(
        broken(/(<bt:String id="REE.TaskpaneButton.Tooltip"[^>]*>)\s*<bt:Override[^>]*\/>/, "$1")
      )
    ).toEqual(['bt:LongStrings REE.TaskpaneButton.Tooltip has no <bt:Override Locale="zh-CN">']);
    expect(
      checkChinese(
        broken(
          '<bt:String id="Functions.Namespace" DefaultValue="REE"/>',
          '<bt:String id="Functions.Namespace" DefaultValue="REE"><bt:Override Locale="zh-CN" Value="稀土"/></bt:String>'
        )
      )
    ).toEqual(["Functions.Namespace has a zh-CN override; function names stay REE.*"]);
    expect(
      checkChinese(
        broken(
          /\s*<bt:Override Locale="zh-CN" Value="https:\/\/localhost:3000\/functions.zh-CN.json"\/>/,
          ""
        )
      )
    ).toEqual(['Functions.Metadata.Url has no <bt:Override Locale="zh-CN">']);
    expect(checkChinese(broken('Value="稀土供应链"/>', `Value="${"稀土".repeat(63)}"/>`))).toEqual([
      "bt:ShortStrings REE.Group.Label's zh-CN override is 126 characters, over 125",
    ]);
  });

  test("the Chinese function metadata the manifest names is in dist after npm run build", () => {
    const dist = path.join(ROOT, "dist");
    if (!fs.existsSync(path.join(dist, "functions.json")))
      throw new Error("dist/functions.json is missing: run npm run build first");
    expect(checkOverridesBuilt(manifest, dist)).toEqual([]);
    expect(
      checkOverridesBuilt(broken("/functions.zh-CN.json", "/functions.zh-TW.json"), dist)
    ).toEqual([
      "https://localhost:3000/functions.zh-TW.json is not a file the build writes into dist/",
    ]);
  });

  test("points at the dev server's functions.js, functions.json and taskpane.html", () => {
    const { urls } = resources(parseManifest(manifest));
    expect(urls.get("Functions.Script.Url")).toBe(`${DEV_ORIGIN}/functions.js`);
    expect(urls.get("Functions.Metadata.Url")).toBe(`${DEV_ORIGIN}/functions.json`);
    expect(urls.get("Taskpane.Url")).toBe(`${DEV_ORIGIN}/taskpane.html`);
    const root = parseManifest(manifest);
    expect(childPath(root, "DefaultSettings", "SourceLocation")?.attrs.DefaultValue).toBe(
      `${DEV_ORIGIN}/taskpane.html`
    );
    expect(all(root, "AppDomains")).toEqual([]);
  });
});
