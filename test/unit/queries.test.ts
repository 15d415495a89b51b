import { elementControl, controlTimeline } from "../../src/core/controls";
import { Day, dayFromIso } from "../../src/core/dates";
import { priceHistory, priceOnOrBefore } from "../../src/core/prices";
import { share, tonnes } from "../../src/core/supply";
import { realDataset } from "../helpers/dataset";

// Expected values are copied from the sources (USGS MCS 2025/2026, Argus, Benchmark, SMM, MOFCOM), not computed.
const dataset = realDataset();
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

  test("the day before a series starts has no price, and says when it starts", () => {
    expect(europeDy("2025-05-05")).toEqual({
      ok: false,
      kind: "unavailable",
      message: "No Dy2O3 price for Europe on or before 2025-05-05; the series starts 2025-05-06.",
    });
  });

  test("on the first assessment day, and until the next, the first assessment holds (Argus 700-1,000)", () => {
    for (const iso of ["2025-05-06", "2025-06-30"])
      expect(europeDy(iso)).toMatchObject({ ok: true, value: { low: 700, high: 1000, mid: 850 } });
  });

  test("a monthly assessment starts on the first of its month (Benchmark, July 2025: 800)", () => {
    expect(europeDy("2025-07-01")).toMatchObject({
      ok: true,
      value: { mid: 800, observation: { period: { text: "2025-07" } } },
    });
  });

  test("no date means the latest assessment", () => {
    expect(europeDy(undefined)).toMatchObject({ ok: true, value: { mid: 800 } });
  });

  test("an annual average covers its year (USGS Dy2O3: 2023 330, 2024 257)", () => {
    const usgs = (iso: string) =>
      priceOnOrBefore(dataset, product("Dy2O3"), market("USGS"), day(iso), "USD/kg");
    expect(usgs("2023-12-31")).toMatchObject({ ok: true, value: { mid: 330 } });
    expect(usgs("2024-01-01")).toMatchObject({ ok: true, value: { mid: 257 } });
  });

  test("a range quoted by the source keeps low and high (USGS Sc2O3 2021: 890-1,000)", () => {
    expect(
      priceOnOrBefore(dataset, product("Sc2O3"), market("USGS"), day("2021-06-30"), "USD/kg")
    ).toMatchObject({ ok: true, value: { low: 890, high: 1000, mid: 945 } });
  });

  test("units convert by mass within a currency (SMM FOB China CeO2 1,677-1,762 USD/t)", () => {
    expect(
      priceOnOrBefore(dataset, product("CeO2"), market("FOB China"), undefined, "USD/kg")
    ).toMatchObject({ ok: true, value: { low: 1.677, high: 1.762 } });
    expect(
      priceOnOrBefore(dataset, product("Dy2O3"), market("China"), day("2025-02-20"), "CNY/kg")
    ).toMatchObject({ ok: true, value: { low: 1740, high: 1750, mid: 1745 } });
  });

  test("currencies convert only at a sourced rate of the assessment's own period (Fed G.5A 2023: 7.0809)", () => {
    const converted = priceOnOrBefore(
      dataset,
      product("Dy2O3"),
      market("USGS"),
      day("2023-06-30"),
      "CNY/kg"
    );
    expect(converted.ok && converted.value.mid).toBeCloseTo(330 * 7.0809, 6);
    expect(
      priceOnOrBefore(dataset, product("Dy2O3"), market("China"), day("2025-02-20"), "USD/kg")
    ).toEqual({
      ok: false,
      kind: "unavailable",
      message:
        "Dy2O3 in China for 2025-02-20 is quoted in CNY/t, and the dataset has no sourced CNY/USD rate for 2025-02; ask in CNY/kg or CNY/t.",
    });
  });

  test("a market without the product names the markets that have it", () => {
    expect(
      priceOnOrBefore(dataset, product("Lu2O3"), market("Europe"), undefined, "USD/kg")
    ).toEqual({
      ok: false,
      kind: "unavailable",
      message: "No Lu2O3 price in the Europe market. Markets with Lu2O3 prices: USGS.",
    });
  });

  test("a history keeps the assessments between two dates, inclusive, oldest first", () => {
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
      ["2022", 382],
      ["2023", 330],
      ["2024", 257],
    ]);
  });
});

describe("tonnes and shares", () => {
  test("tonnes come from the newest USGS edition that has the year (Australia 2024: MCS2026 29,000, not MCS2025's 13,000)", () => {
    expect(tonnes(dataset, country("AUS"), stage("mining"), 2024)).toMatchObject({
      ok: true,
      value: { row: { tonnes: 29000, vintage: "MCS2026 v1.3" } },
    });
    expect(tonnes(dataset, country("USA"), stage("mining"), 2023)).toMatchObject({
      ok: true,
      value: { row: { tonnes: 41600, vintage: "MCS2025" } },
    });
  });

  test("the default year is the latest published (mine production 2025: China 270,000 t)", () => {
    expect(tonnes(dataset, country("CHN"), stage("mining"), undefined)).toMatchObject({
      ok: true,
      value: { row: { year: 2025, tonnes: 270000, estimated: true } },
    });
  });

  test("a share is computed from tonnes where tonnes exist: country over world, same vintage", () => {
    expect(share(dataset, country("CHN"), stage("mining"), 2025, undefined)).toMatchObject({
      ok: true,
      value: { share: 270000 / 390000 },
    });
    // 2024 revised by MCS2026: world 380,000, not MCS2025's 390,000.
    expect(share(dataset, country("CHN"), stage("mining"), 2024, undefined)).toMatchObject({
      ok: true,
      value: { share: 270000 / 380000 },
    });
  });

  test("a share over a world total given as 'more than' is flagged as an upper bound", () => {
    expect(share(dataset, country("CHN"), stage("reserves"), 2025, undefined)).toMatchObject({
      ok: true,
      value: { share: 44000000 / 75000000, note: expect.stringContaining("upper bound") },
    });
  });

  test("where only shares are published the stored share is used (IEA separation: 2023 92%, 2024 91%)", () => {
    expect(share(dataset, country("CHN"), stage("separation"), 2023, undefined)).toMatchObject({
      ok: true,
      value: { share: 0.92, stored: { source: "S4" } },
    });
    expect(share(dataset, country("CHN"), stage("separation"), undefined, undefined)).toMatchObject(
      { ok: true, value: { share: 0.91, year: 2024 } }
    );
    expect(share(dataset, country("CHN"), stage("separation"), undefined, "heavy")).toMatchObject({
      ok: true,
      value: { share: 0.999 },
    });
  });

  test("no published figure is #N/A with the years that do exist, never a guess", () => {
    expect(share(dataset, country("MYS"), stage("separation"), 2024, undefined)).toEqual({
      ok: false,
      kind: "unavailable",
      message: "No published separation share for Malaysia in 2024. Years with data: 2023, 2024.",
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
    // No. 18 of 2025: effective on publication, 2025-04-04.
    ["Dy", "2025-04-03", "not controlled"],
    ["Dy", "2025-04-04", "controlled"],
    ["Dy", "2025-04-05", "controlled"],
    ["Sc", "2025-04-04", "controlled"],
    ["La", "2025-04-04", "not controlled"],
    // No. 57: announced 2025-10-09, due 2025-11-08, suspended by No. 70 from 2025-11-07: never took effect.
    ["Ho", "2025-10-09", "not controlled"],
    ["Ho", "2025-11-06", "not controlled"],
    ["Ho", "2025-11-07", "not controlled"],
    ["Ho", "2025-11-08", "suspended"],
    ["Ho", "2025-11-09", "suspended"],
    // The suspension runs until 2026-11-10 inclusive; No. 18 is untouched by it.
    ["Eu", "2026-11-10", "suspended"],
    ["Dy", "2025-11-08", "controlled"],
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
    ).toEqual([["MOFCOM/GAC Announcement No. 18 of 2025", day("2025-04-04")]]);
  });

  test("after the data horizon, a status that hangs on an unconfirmed scheduled change is unknown", () => {
    expect(elementControl(dataset, element("Ho"), day("2026-11-11"), "China")).toEqual({
      ok: false,
      kind: "unavailable",
      message:
        "Unknown: the suspension of MOFCOM/GAC Announcement No. 57 of 2025 is scheduled to end after 2026-11-10, past the data's horizon (2026-06-22); no source confirms what happened, so Ho's status on 2026-11-11 is unknown. Update the data.",
    });
  });

  test("after the data horizon, a status with no scheduled change in between is given, with a warning", () => {
    expect(elementControl(dataset, element("Dy"), day("2026-11-28"), "China")).toMatchObject({
      ok: true,
      value: { status: "controlled", warning: expect.stringContaining("after the data's horizon") },
    });
    expect(elementControl(dataset, element("Ho"), day("2026-08-01"), "China")).toMatchObject({
      ok: true,
      value: { status: "suspended" },
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
    const timeline = controlTimeline(dataset, element("Ho"), day("2025-11-08"), "China");
    expect(timeline.map((entry) => [entry.measure.id, entry.status])).toEqual([
      ["CN-QUOTA-2010", "ended"],
      ["CN-2025-57", "suspended"],
    ]);
  });
});
