import { elementControl, controlTimeline } from "../../src/core/controls";
import { Day, dayFromIso } from "../../src/core/dates";
import { rateFor, unitsPerUsd } from "../../src/core/fx";
import { defaultMarket, priceHistory, priceOnOrBefore } from "../../src/core/prices";
import { share, tonnes } from "../../src/core/supply";
import { loadDataset } from "../../src/core/dataset";
import { fixtureDataset, fixtureTextDataset } from "../helpers/dataset";

// On the synthetic fixture (test/fixtures/dataset; its README says which row is there for which case).
const dataset = fixtureDataset();
const day = (iso: string): Day => {
  const parsed = dayFromIso(iso);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};
const product = (id: string) => dataset.products.get(id)!;
const market = (id: string) => dataset.markets.get(id)!;
const country = (id: string) => dataset.countries.get(id)!;
const stage = (id: string) => dataset.stages.get(id)!;
const element = (symbol: string) => dataset.elements.find((row) => row.symbol === symbol)!;

describe("price on or before a date", () => {
  const europeDy = (iso: string | undefined) =>
    priceOnOrBefore(
      dataset,
      product("Dy2O3"),
      market("Europe"),
      iso === undefined ? undefined : day(iso),
      "USD/kg"
    );
  const usgsDy = (iso: string) =>
    priceOnOrBefore(dataset, product("Dy2O3"), market("USGS"), day(iso), "USD/kg");

  test("the day before a series starts has no price, and says when it starts", () => {
    expect(europeDy("2025-04-14")).toEqual({
      ok: false,
      kind: "unavailable",
      message: "No Dy2O3 price for Europe on or before 2025-04-14; the series starts 2025-04-15.",
    });
  });

  test("on the first assessment day, and until the next, the first assessment holds (600-900)", () => {
    for (const iso of ["2025-04-15", "2025-06-30"])
      expect(europeDy(iso)).toMatchObject({ ok: true, value: { low: 600, high: 900, mid: 750 } });
  });

  test("a monthly assessment starts on the first of its month (July 2025: 820)", () => {
    expect(europeDy("2025-07-01")).toMatchObject({
      ok: true,
      value: { mid: 820, observation: { period: { text: "2025-07" } } },
    });
  });

  test("no date means the latest assessment", () => {
    expect(europeDy(undefined)).toMatchObject({ ok: true, value: { mid: 820 } });
  });

  test("an annual average covers its year (2023 300, 2024 260)", () => {
    expect(usgsDy("2023-12-31")).toMatchObject({ ok: true, value: { mid: 300 } });
    expect(usgsDy("2024-01-01")).toMatchObject({ ok: true, value: { mid: 260 } });
  });

  test("where two editions give the same year, the newest edition answers and the older stays on record", () => {
    expect(usgsDy("2024-06-30")).toMatchObject({
      ok: true,
      value: { mid: 260, observation: { vintage: "FA2026", estimated: false } },
    });
    const editions = dataset.priceEditionsOf("Dy2O3", "USGS", "2024");
    expect(editions.map((edition) => [edition.vintage, edition.high, edition.estimated])).toEqual([
      ["FA2026", 260, false],
      ["FA2025", 250, true],
    ]);
  });

  test("a range quoted by the source keeps low and high, and an estimate says so (2025: 200-220)", () => {
    expect(usgsDy("2025-06-30")).toMatchObject({
      ok: true,
      value: { low: 200, high: 220, mid: 210, observation: { estimated: true } },
    });
  });

  test("a single published value is its own low, high and mid", () => {
    expect(
      priceOnOrBefore(dataset, product("Dy2O3"), market("China"), day("2025-05-12"), "CNY/t")
    ).toMatchObject({ ok: true, value: { low: 1500000, high: 1500000, mid: 1500000 } });
  });

  test("a one-point series answers from its only point on, and nothing before it", () => {
    const tb = (iso: string) =>
      priceOnOrBefore(dataset, product("Tb4O7"), market("USGS"), day(iso), "USD/kg");
    expect(tb("2025-12-31")).toMatchObject({ ok: true, value: { mid: 900 } });
    expect(tb("2024-12-31")).toEqual({
      ok: false,
      kind: "unavailable",
      message: "No Tb4O7 price for USGS on or before 2024-12-31; the series starts 2025.",
    });
  });

  test("units convert by mass within a currency (FOB China La2O3 1,500-1,600 USD/t)", () => {
    expect(
      priceOnOrBefore(dataset, product("La2O3"), market("FOB China"), undefined, "USD/kg")
    ).toMatchObject({ ok: true, value: { low: 1.5, high: 1.6 } });
    expect(
      priceOnOrBefore(dataset, product("Dy2O3"), market("China"), day("2025-02-14"), "CNY/kg")
    ).toMatchObject({ ok: true, value: { low: 1400, high: 1420, mid: 1410 } });
  });

  test("currencies convert only at a sourced rate of the assessment's own period", () => {
    // An annual figure at the year's average (2023: 7 CNY per USD).
    const annual = priceOnOrBefore(
      dataset,
      product("Dy2O3"),
      market("USGS"),
      day("2023-06-30"),
      "CNY/kg"
    );
    expect(annual.ok && annual.value.mid).toBeCloseTo(300 * 7, 9);
    // A daily assessment at its month's average (2025-03: 7.25): 1,450,000 CNY/t is 200 USD/kg.
    const daily = priceOnOrBefore(
      dataset,
      product("Dy2O3"),
      market("China"),
      day("2025-03-31"),
      "USD/kg"
    );
    expect(daily.ok && daily.value.mid).toBeCloseTo(200, 9);
    expect(daily.ok && daily.value.fx?.row.period).toBe("2025-03");
  });

  test("a month without a rate is #N/A, never converted at a neighbouring month's rate", () => {
    expect(
      priceOnOrBefore(dataset, product("Dy2O3"), market("China"), day("2025-05-12"), "USD/kg")
    ).toEqual({
      ok: false,
      kind: "unavailable",
      message:
        "Dy2O3 in China for 2025-05-12 is quoted in CNY/t, and the dataset has no sourced CNY/USD rate for 2025-05; ask in CNY/kg or CNY/t.",
    });
    expect(rateFor(dataset, "CNY", "2025-05")).toEqual({
      ok: false,
      kind: "unavailable",
      message:
        "The dataset has no sourced CNY/USD rate for 2025-05, and never borrows another period's rate. The monthly CNY rates run from 2025-02 to 2025-06.",
    });
  });

  test("a rate quoted as US dollars per unit (the euro) is inverted exactly", () => {
    const euro = rateFor(dataset, "EUR", "2025-03");
    expect(euro.ok && euro.value.perUsd).toBe(1 / 1.08);
    expect(euro.ok && unitsPerUsd(euro.value.row)).toBe(1 / 1.08);
  });

  test("a market without the product names the markets that have it", () => {
    expect(
      priceOnOrBefore(dataset, product("Tb4O7"), market("China"), undefined, "USD/kg")
    ).toEqual({
      ok: false,
      kind: "unavailable",
      message: "No Tb4O7 price in the China market. Markets with Tb4O7 prices: Europe, USGS.",
    });
  });

  test("a product whose default market has no data says which markets do", () => {
    const fallback = defaultMarket(dataset, product("Ho2O3"));
    expect(fallback).toMatchObject({ ok: true, value: { id: "Europe" } });
    expect(
      priceOnOrBefore(dataset, product("Ho2O3"), market("Europe"), undefined, "USD/kg")
    ).toEqual({
      ok: false,
      kind: "unavailable",
      message: "No Ho2O3 price in the Europe market. Markets with Ho2O3 prices: China.",
    });
    expect(defaultMarket(dataset, product("Pr6O11"))).toEqual({
      ok: false,
      kind: "unavailable",
      message: "The dataset has no price for Pr6O11 in any market.",
    });
  });

  test("a history keeps the assessments between two dates, inclusive, oldest first, newest edition only", () => {
    const history = priceHistory(
      dataset,
      product("Dy2O3"),
      market("USGS"),
      day("2022-01-01"),
      day("2024-01-01"),
      "USD/kg"
    );
    expect(
      history.ok && history.value.map((price) => [price.observation.period.text, price.mid])
    ).toEqual([
      ["2022", 400],
      ["2023", 300],
      ["2024", 260],
    ]);
  });
});

describe("asking for an older edition (vintage)", () => {
  const usgs = (iso: string | undefined, vintage?: string) =>
    priceOnOrBefore(
      dataset,
      product("Dy2O3"),
      market("USGS"),
      iso === undefined ? undefined : day(iso),
      "USD/kg",
      vintage
    );

  test("a price from the edition asked: FA2025 estimated 2024 at 250, where FA2026 revised it to 260", () => {
    expect(usgs("2024-06-30", "FA2025")).toMatchObject({
      ok: true,
      value: { mid: 250, observation: { vintage: "FA2025", estimated: true } },
    });
    expect(usgs("2024-06-30")).toMatchObject({ ok: true, value: { mid: 260 } });
    // Without a date, the edition's own latest year, not the newest edition's.
    expect(usgs(undefined, "FA2025")).toMatchObject({
      ok: true,
      value: { mid: 250, observation: { period: { text: "2024" } } },
    });
  });

  test("a year the edition does not give is #N/A naming its nearest years, never the other edition's figure", () => {
    expect(usgs("2025-06-30", "FA2025")).toEqual({
      ok: false,
      kind: "unavailable",
      message:
        "No Dy2O3 USGS annual average for 2025 in FA2025; an annual average answers only its own year. Nearest years: 2024.",
    });
  });

  test("an edition with no figure in the market says which editions have one", () => {
    const answer = priceOnOrBefore(
      dataset,
      product("Dy2O3"),
      market("Europe"),
      undefined,
      "USD/kg",
      "FA2025"
    );
    expect(answer).toMatchObject({
      kind: "unavailable",
      message: "No Dy2O3 price in the Europe market has a vintage; leave vintage empty.",
    });
    const tb = priceOnOrBefore(
      dataset,
      product("Tb4O7"),
      market("USGS"),
      undefined,
      "USD/kg",
      "FA2025"
    );
    expect(tb).toMatchObject({
      kind: "unavailable",
      message: "FA2025 gives no Tb4O7 price in the USGS market. Vintages with one: FA2026.",
    });
  });

  test("a history from one edition is that edition's series alone", () => {
    const history = priceHistory(
      dataset,
      product("Dy2O3"),
      market("USGS"),
      undefined,
      undefined,
      "USD/kg",
      "FA2025"
    );
    expect(
      history.ok && history.value.map((price) => [price.observation.period.text, price.mid])
    ).toEqual([
      ["2022", 400],
      ["2023", 300],
      ["2024", 250],
    ]);
  });

  test("tonnes and computed shares from the edition asked (Australia 2024: FA2025 10,000 of 300,000)", () => {
    expect(tonnes(dataset, country("AUS"), stage("mining"), 2024, "FA2025")).toMatchObject({
      ok: true,
      value: { row: { tonnes: 10000, vintage: "FA2025" } },
    });
    expect(
      share(dataset, country("AUS"), stage("mining"), 2024, undefined, "FA2025")
    ).toMatchObject({ ok: true, value: { share: 10000 / 300000 } });
    // The default year is the edition's latest year for the country.
    expect(tonnes(dataset, country("CHN"), stage("mining"), undefined, "FA2025")).toMatchObject({
      ok: true,
      value: { row: { year: 2024, vintage: "FA2025" } },
    });
    expect(tonnes(dataset, country("AUS"), stage("mining"), 2025, "FA2025")).toEqual({
      ok: false,
      kind: "unavailable",
      message: "No mining tonnes for Australia in 2025 in FA2025. Years with data: 2024.",
    });
    expect(tonnes(dataset, country("CHN"), stage("reserves"), undefined, "FA2025")).toMatchObject({
      message: "FA2025 gives no reserves tonnes for China.",
    });
  });

  test("one share from two publications: the newest answers, the other is asked by its vintage", () => {
    expect(share(dataset, country("CHN"), stage("separation"), 2024, undefined)).toMatchObject({
      ok: true,
      value: { share: 0.88, stored: { source: "F-SHARES-2026" } },
    });
    expect(
      share(dataset, country("CHN"), stage("separation"), 2024, undefined, "FS2024")
    ).toMatchObject({ ok: true, value: { share: 0.87, stored: { source: "F-SHARES-2024" } } });
    expect(share(dataset, country("CHN"), stage("separation"), 2024, undefined, "FA2026")).toEqual({
      ok: false,
      kind: "unavailable",
      message:
        "No published separation share for China in 2024 in FA2026. Published by: Fixture Outlook 2026 (synthetic); FS2024.",
    });
  });
});

describe("tonnes and shares", () => {
  test("tonnes come from the newest edition that has the year (Australia 2024: FA2026 20,000, not FA2025's 10,000)", () => {
    expect(tonnes(dataset, country("AUS"), stage("mining"), 2024)).toMatchObject({
      ok: true,
      value: { row: { tonnes: 20000, vintage: "FA2026" } },
    });
    // 2023 is only in the older edition, which still answers for it.
    expect(tonnes(dataset, country("CHN"), stage("mining"), 2023)).toMatchObject({
      ok: true,
      value: { row: { tonnes: 180000, vintage: "FA2025" } },
    });
  });

  test("the default year is the latest published (mine production 2025: China 210,000 t, estimated)", () => {
    expect(tonnes(dataset, country("CHN"), stage("mining"), undefined)).toMatchObject({
      ok: true,
      value: { row: { year: 2025, tonnes: 210000, estimated: true } },
    });
  });

  test("a country missing from a year is #N/A with the years that do exist", () => {
    expect(tonnes(dataset, country("USA"), stage("mining"), 2023)).toEqual({
      ok: false,
      kind: "unavailable",
      message: "No mining tonnes for United States in 2023. Years with data: 2024-2025.",
    });
  });

  test("after a series stops, #N/A adds the stage's documented reason; before it, only the years", () => {
    const text = fixtureTextDataset();
    const stages = text.tables.stages;
    const withNote = {
      ...text,
      tables: {
        ...text.tables,
        stages: {
          columns: [...stages.columns, "note"],
          rows: stages.rows.map((row) => [
            ...row,
            row[0] === "mining" ? "Not published after 2025 (fixture note)." : "",
          ]),
        },
      },
    };
    const loaded = loadDataset(withNote);
    if (!loaded.ok) throw new Error(loaded.message);
    const mining = loaded.value.stages.get("mining")!;
    expect(tonnes(loaded.value, country("CHN"), mining, 2026)).toMatchObject({
      kind: "unavailable",
      message:
        "No mining tonnes for China in 2026. Years with data: 2023-2025. Not published after 2025 (fixture note).",
    });
    expect(tonnes(loaded.value, country("CHN"), mining, 2022)).toMatchObject({
      message: "No mining tonnes for China in 2022. Years with data: 2023-2025.",
    });
  });

  test("a share is computed from tonnes where tonnes exist: country over world, same vintage", () => {
    expect(share(dataset, country("CHN"), stage("mining"), 2025, undefined)).toMatchObject({
      ok: true,
      value: { share: 210000 / 330000 },
    });
    // 2024 revised by FA2026: world 320,000, not FA2025's 300,000.
    expect(share(dataset, country("CHN"), stage("mining"), 2024, undefined)).toMatchObject({
      ok: true,
      value: { share: 200000 / 320000 },
    });
  });

  test("a share over a world total given as 'more than' is flagged as an upper bound", () => {
    expect(share(dataset, country("CHN"), stage("reserves"), 2025, undefined)).toMatchObject({
      ok: true,
      value: { share: 40000000 / 80000000, note: expect.stringContaining("upper bound") },
    });
  });

  test("where only shares are published the stored share is used (separation: 2023 85%, 2024 88%, heavy 98%)", () => {
    expect(share(dataset, country("CHN"), stage("separation"), 2023, undefined)).toMatchObject({
      ok: true,
      value: { share: 0.85, stored: { source: "F-SHARES-2024" } },
    });
    expect(share(dataset, country("CHN"), stage("separation"), undefined, undefined)).toMatchObject(
      { ok: true, value: { share: 0.88, year: 2024 } }
    );
    expect(share(dataset, country("CHN"), stage("separation"), undefined, "heavy")).toMatchObject({
      ok: true,
      value: { share: 0.98, group: "heavy" },
    });
  });

  test("no published figure is #N/A with the years that do exist, never a guess", () => {
    expect(share(dataset, country("MYS"), stage("separation"), 2024, undefined)).toEqual({
      ok: false,
      kind: "unavailable",
      message: "No published separation share for Malaysia in 2024. Years with data: 2023-2024.",
    });
    expect(tonnes(dataset, country("CHN"), stage("separation"), undefined)).toMatchObject({
      ok: false,
      kind: "unavailable",
      message: expect.stringContaining("only shares are"),
    });
    expect(share(dataset, country("CHN"), stage("metal"), undefined, undefined)).toMatchObject({
      ok: false,
      kind: "unavailable",
    });
  });
});

describe("export controls on a date", () => {
  const status = (symbol: string, iso: string) => {
    const result = elementControl(dataset, element(symbol), day(iso), "China");
    return result.ok ? result.value.status : result;
  };

  test.each([
    // No. 1: announced 2025-02-20, effective 2025-03-01.
    ["Dy", "2025-02-28", "not controlled"],
    ["Dy", "2025-03-01", "controlled"],
    ["Dy", "2025-03-02", "controlled"],
    ["Sc", "2025-03-01", "controlled"],
    ["La", "2025-03-01", "not controlled"],
    // No. 2: announced 2025-09-01, due 2025-10-01, suspended by No. 3 from 2025-09-30: never took effect.
    ["Ho", "2025-09-01", "not controlled"],
    ["Ho", "2025-09-29", "not controlled"],
    ["Ho", "2025-09-30", "not controlled"],
    ["Ho", "2025-10-01", "suspended"],
    ["Ho", "2025-10-02", "suspended"],
    // The suspension runs until 2026-09-30 inclusive; No. 1 is untouched by it.
    ["Ho", "2026-09-30", "suspended"],
    ["Dy", "2025-10-01", "controlled"],
    // Quotas from 2010 until their abolition on 2015-01-01.
    ["La", "2014-12-31", "controlled"],
    ["La", "2015-01-01", "not controlled"],
  ])("%s on %s is %s", (symbol, iso, expected) => {
    expect(status(symbol, iso)).toBe(expected);
  });

  test("the measure that decides is named, with the day its status began", () => {
    const result = elementControl(dataset, element("Dy"), day("2025-06-01"), "China");
    expect(
      result.ok && result.value.deciding.map((state) => [state.measure.number, state.since])
    ).toEqual([["Fixture Announcement No. 1 of 2025", day("2025-03-01")]]);
  });

  test("after the data horizon, a status that hangs on an unconfirmed scheduled change is unknown", () => {
    expect(elementControl(dataset, element("Ho"), day("2026-10-01"), "China")).toEqual({
      ok: false,
      kind: "unavailable",
      message:
        "Unknown: the suspension of Fixture Announcement No. 2 of 2025 is scheduled to end after 2026-09-30, past the data's horizon (2026-03-31); no source confirms what happened, so Ho's status on 2026-10-01 is unknown. Update the data.",
    });
  });

  test("after the data horizon, a status with no scheduled change in between is given, with a warning", () => {
    expect(elementControl(dataset, element("Dy"), day("2026-11-28"), "China")).toMatchObject({
      ok: true,
      value: { status: "controlled", warning: expect.stringContaining("after the data's horizon") },
    });
    expect(elementControl(dataset, element("Ho"), day("2026-08-01"), "China")).toMatchObject({
      ok: true,
      value: { status: "suspended", warning: expect.stringContaining("after the data's horizon") },
    });
  });

  test("before the timeline starts the status is unknown", () => {
    expect(elementControl(dataset, element("Dy"), day("2009-12-31"), "China")).toMatchObject({
      ok: false,
      kind: "unavailable",
      message: "The controls timeline starts 2010-01-01; 2009-12-31 is before it.",
    });
  });

  test("the timeline of one element lists its measures in date order with their status", () => {
    const timeline = controlTimeline(dataset, element("Ho"), day("2025-10-01"), "China");
    expect(timeline.map((entry) => [entry.measure.id, entry.status])).toEqual([
      ["FX-QUOTA", "ended"],
      ["FX-LATER", "suspended"],
    ]);
  });
});
