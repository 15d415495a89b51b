import { elementControl } from "../../src/core/controls";
import { Dataset, loadDataset } from "../../src/core/dataset";
import { dayFromIso, parsePeriod } from "../../src/core/dates";
import { tonnes } from "../../src/core/supply";
import { parseTextDataset } from "../../src/core/validate";
import { TABLE_NAMES } from "../../src/core/schema";
import { readDataDirectory } from "../../scripts/dataset-files";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { changesPart, diffDatasets, previousRelease } from "../../src/core/changelog";
import { TextDataset } from "../../src/core/schema";
import { RELEASES_DIRECTORY, readRelease, releasedVersions } from "../../scripts/data-release";

/**
 * Data layer: facts about the real dataset in src/data, read as the build reads it. Unlike the
 * logic tests (which run on the synthetic fixture), these are expected to change with the data:
 * a reviewer checks them when a data change touches the figures they name. Counts and the version
 * are read from the data itself, never typed here, so adding a row does not break this layer.
 */
const { dataset: text, csvErrors } = readDataDirectory();
const loaded = loadDataset(text);
const data = (): Dataset => {
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.value;
};
const day = (iso: string) => {
  const parsed = dayFromIso(iso);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe("src/data loads", () => {
  test("every file parses and the whole dataset is valid", () => {
    expect(csvErrors).toEqual([]);
    expect(parseTextDataset(text).issues).toEqual([]);
    expect(loaded).toMatchObject({ ok: true });
  });

  test("every row of every file is loaded", () => {
    for (const table of TABLE_NAMES)
      expect([table, data().rows[table].length]).toEqual([
        table,
        text.tables[table]?.rows.length ?? 0,
      ]);
  });

  test("the version is a release number YYYY.MM.N, and DATAINFO reports it as meta.json gives it", () => {
    expect(String(text.meta.version)).toMatch(/^\d{4}\.\d{2}\.\d+$/);
    expect(data().meta.version).toBe(text.meta.version);
  });

  test("nothing in the data happens after its horizon (knownThrough) except a scheduled end", () => {
    const horizon = data().knownThrough;
    const dated = [
      ...data().rows.prices.map((row) => [`prices ${row.product} ${row.market}`, row.period]),
      ...data().rows.controls.map((row) => [`controls ${row.id}`, row.effective]),
      ...data().rows.suspensions.map((row) => [`suspensions ${row.measure}`, row.from]),
      ...data().rows.events.map((row) => [`events ${row.country}`, row.date]),
    ];
    const startOf = (period: string) => {
      const parsed = parsePeriod(period);
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.value.start;
    };
    const late = dated.filter(([, period]) => startOf(period) > horizon);
    expect(late).toEqual([]);
  });
});

describe("every figure is sourced", () => {
  const cited = new Set(
    TABLE_NAMES.filter((table) => table !== "sources").flatMap((table) =>
      (data().rows[table] as { source?: string }[]).map((row) => row.source)
    )
  );

  test("every source is cited by some record", () => {
    expect(data().rows.sources.filter((source) => !cited.has(source.id))).toEqual([]);
  });

  test("every source's url is an https address of a document, never a bare homepage", () => {
    const homepages = data()
      .rows.sources.filter((source) => {
        // A site's front page; "?p=57207" (a WordPress article id) still names one document.
        const url = new URL(source.url);
        return ["", "/"].includes(url.pathname) && url.search === "";
      })
      .map((source) => source.id);
    expect(homepages).toEqual([]);
    for (const source of data().rows.sources) expect(source.url).toMatch(/^https:\/\//);
  });
});

describe("sourced facts a reviewer checks when the data changes", () => {
  test("USGS MCS 2026: Dy2O3 averaged 330 US$/kg in 2023", () => {
    const editions = data().priceEditionsOf("Dy2O3", "USGS", "2023");
    const mcs2026 = editions.find((edition) => edition.vintage === "MCS2026");
    expect(mcs2026).toMatchObject({ low: 330, high: 330, unit: "USD/kg" });
    expect(mcs2026?.source.title).toContain("Mineral Commodity Summaries 2026");
  });

  test("USGS MCS 2026 v1.3: China mined 270,000 t REO in 2025 (estimated)", () => {
    const china = tonnes(data(), data().countries.get("CHN")!, data().stages.get("mining")!, 2025);
    expect(china).toMatchObject({
      ok: true,
      value: { row: { tonnes: 270000, vintage: "MCS2026 v1.3", estimated: true, source: "S2" } },
    });
  });

  test("USGS MCS 2026 revised Australia's 2024 mine production to 29,000 t (MCS 2025: 13,000 t)", () => {
    const vintages = data().volumeVintagesOf("mining", 2024);
    const australia = vintages.map((vintage) => [
      vintage.vintage,
      vintage.byCountry.get("AUS")?.tonnes,
    ]);
    expect(australia).toEqual([
      ["MCS2026 v1.3", 29000],
      ["MCS2025", 13000],
    ]);
  });

  test("MOFCOM/GAC No. 18 of 2025 controls Dy (with Sm, Gd, Tb, Lu, Sc, Y) from 2025-04-04", () => {
    const no18 = data().measures.find((measure) => measure.id === "CN-2025-18");
    expect(no18).toMatchObject({
      number: "MOFCOM/GAC Announcement No. 18 of 2025",
      effective: day("2025-04-04"),
      elements: ["Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"],
    });
    const dy = data().elements.find((element) => element.symbol === "Dy")!;
    const on = (iso: string) => {
      const result = elementControl(data(), dy, day(iso), "China");
      return result.ok && result.value.status;
    };
    expect([on("2025-04-03"), on("2025-04-04")]).toEqual(["not controlled", "controlled"]);
  });

  test("No. 70 of 2025 suspends No. 57 (Ho, Er, Tm, Eu, Yb) from 2025-11-07 until 2026-11-10", () => {
    expect(data().rows.suspensions).toContainEqual(
      expect.objectContaining({
        measure: "CN-2025-57",
        by: "CN-2025-70",
        from: "2025-11-07",
        until: "2026-11-10",
      })
    );
  });

  test("USGS MCS 2022 gave Nd2O3's 2021 average as 49 US$/kg; MCS 2026 revised it to 98, and both stay", () => {
    const editions = data()
      .priceEditionsOf("Nd2O3", "USGS", "2021")
      .map((edition) => [edition.vintage, edition.high]);
    expect(editions).toContainEqual(["MCS2022", 49]);
    expect(editions[0]).toEqual(["MCS2026", 98]);
  });

  test("USGS MCS 2023 data release: China's reserves 44,000,000 t REO (for 2022)", () => {
    const china = tonnes(
      data(),
      data().countries.get("CHN")!,
      data().stages.get("reserves")!,
      2022,
      "MCS2023"
    );
    expect(china).toMatchObject({
      ok: true,
      value: { row: { tonnes: 44000000, source: "UH-MCS2023-WORLD" } },
    });
  });

  test("every atomic weight is the IUPAC 2021 edition's, cited (Gd 157.25 and Lu 174.9668, not the 2024 revisions)", () => {
    const weights = new Map(data().rows.atomic_weights.map((row) => [row.symbol, row]));
    expect(weights.get("Gd")?.atomic_weight).toBe(157.25);
    expect(weights.get("Lu")?.atomic_weight).toBe(174.9668);
    expect(weights.get("Ho")?.atomic_weight).toBe(164.930329);
    for (const row of weights.values()) expect(row.note).not.toMatch(/not re-checked/);
  });

  test("Federal Reserve G.5A: 7.0809 CNY per US dollar in 2023", () => {
    expect(data().fxRateOf("CNY", "2023")).toMatchObject({
      per_usd: 7.0809,
      source: "FRB-G5A",
    });
  });

  test("the dataset covers the 17 rare earths", () => {
    expect(data().elements.map((element) => element.symbol)).toEqual([
      "Sc",
      "Y",
      "La",
      "Ce",
      "Pr",
      "Nd",
      "Pm",
      "Sm",
      "Eu",
      "Gd",
      "Tb",
      "Dy",
      "Ho",
      "Er",
      "Tm",
      "Yb",
      "Lu",
    ]);
  });
});

test("the bundled changelog is from the release before this version (2026.06.1) to this version (2026.11.1)", () => {
  const bundled = JSON.parse(
    readFileSync(join(__dirname, "..", "..", "generated", "dataset.json"), "utf8")
  ) as TextDataset;
  const version = String(text.meta.version);
  const from = previousRelease(releasedVersions(RELEASES_DIRECTORY), version);
  if (from === undefined) throw new Error(`data-releases/ holds no release before ${version}`);
  const release = readRelease(RELEASES_DIRECTORY, from);
  if (!release.ok) throw new Error(release.message);
  expect([bundled.changes?.from, bundled.changes?.to]).toEqual([from, version]);
  expect(bundled.changes).toEqual(changesPart(diffDatasets(release.value, text)));
});
