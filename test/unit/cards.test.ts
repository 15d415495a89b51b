import { Card, cardFact, countryCard, elementCard, productCard } from "../../src/core/cards";
import { CountryRow, ElementRow, ProductRow } from "../../src/core/dataset";
import { dayFromIso, serialFromDay } from "../../src/core/dates";
import { fixtureDataset } from "../helpers/dataset";

/** The card facts on the fixture dataset (test/fixtures/dataset; its README says why each row is there). */
const dataset = fixtureDataset();
const day = (iso: string) => {
  const parsed = dayFromIso(iso);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};
const resolve = <T>(result: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!result.ok) throw new Error(result.message);
  return result.value;
};
const elementOf = (name: string): ElementRow => resolve(dataset.elementNames.resolve(name));
const productOf = (name: string): ProductRow => resolve(dataset.productNames.resolve(name));
const countryOf = (name: string): CountryRow => resolve(dataset.countryNames.resolve(name));
const facts = (card: Card) => Object.fromEntries(card.facts.map((fact) => [fact.name, fact.value]));

describe("an element's card", () => {
  const dy = elementCard(dataset, elementOf("Dy"), day("2025-06-01"), "China");

  test("names in English and Chinese, symbol, atomic number and weight, class, main oxide", () => {
    expect(dy.text).toBe("Dysprosium");
    expect(facts(dy)).toMatchObject({
      Name: "Dysprosium",
      "Chinese name": "镝",
      Symbol: "Dy",
      "Atomic number": 66,
      "Atomic weight": 162.5,
      Class: "heavy",
      "MOFCOM class": "medium-heavy",
      "Main oxide": "Dy2O3",
    });
  });

  test("the main oxide's price at its default market in US$/kg, and each market's latest in its own unit", () => {
    expect(cardFact(dy, "Price")).toMatchObject({
      value: 210, // the USGS 2025 range 200-220
      format: { kind: "price", unit: "USD/kg" },
      detail: "USGS, 2025",
    });
    expect(facts(dy)["Price date"]).toBe(serialFromDay(day("2025-01-01")));
    // China quotes CNY/t; its latest (2025-05-12) has no exchange rate, so it stays in CNY/t.
    expect(cardFact(dy, "China price")).toMatchObject({
      value: 1_500_000,
      format: { kind: "price", unit: "CNY/t" },
      detail: "2025-05-12",
    });
    expect(facts(dy)["Europe price"]).toBe(820);
  });

  test("the top countries by share at each stage, largest first, aggregates left out", () => {
    const mining = dy.facts.filter((fact) => fact.name.endsWith(" mining share"));
    expect(mining.map((fact) => fact.name)).toEqual([
      "China mining share",
      "United States mining share",
      "Australia mining share",
    ]);
    expect(mining[0]).toMatchObject({
      value: 210_000 / 330_000,
      format: { kind: "percent" },
      detail: "2025, FA2026",
    });
    expect(dy.facts.some((fact) => fact.name.startsWith("World"))).toBe(false);
    // A world total given as "more than" makes every share of it an upper bound.
    expect(cardFact(dy, "China reserves share")?.detail).toBe("2025, FA2026, an upper bound");
    // The published heavy-REE share belongs on a heavy element's card only.
    expect(facts(dy)["China heavy separation share"]).toBe(0.98);
    const la = elementCard(dataset, elementOf("La"), day("2025-06-01"), "China");
    expect(cardFact(la, "China heavy separation share")).toBeUndefined();
  });

  test("the export-control status on the day, with the measure and since when", () => {
    expect(facts(dy)).toMatchObject({
      Controlled: true,
      "Control status": "controlled",
      "Control measure": "Fixture Announcement No. 1 of 2025",
      "Control status since": serialFromDay(day("2025-03-01")),
    });
    const before = elementCard(dataset, elementOf("Dy"), day("2025-02-28"), "China");
    expect(facts(before)).toMatchObject({ Controlled: false, "Control status": "not controlled" });
    const ho = elementCard(dataset, elementOf("Ho"), day("2025-10-01"), "China");
    expect(facts(ho)).toMatchObject({
      Controlled: false,
      "Control status": "suspended",
      "Control measure":
        "Fixture Announcement No. 2 of 2025 (suspended by Fixture Announcement No. 3 of 2025)",
    });
  });

  test("past the horizon with a change pending, the status is unknown and says why", () => {
    const ho = elementCard(dataset, elementOf("Ho"), day("2026-11-28"), "China");
    expect(cardFact(ho, "Controlled")).toBeUndefined();
    expect(cardFact(ho, "Control status")).toMatchObject({
      value: "unknown",
      detail: expect.stringMatching(/^Unknown: the suspension of Fixture Announcement No\. 2/),
    });
  });

  test("an element without a traded oxide has no price facts, and still its other facts", () => {
    const sc = elementCard(dataset, elementOf("Sc"), day("2025-06-01"), "China");
    expect(sc.facts.some((fact) => fact.section === "prices")).toBe(false);
    expect(facts(sc)).toMatchObject({ Symbol: "Sc", Controlled: true });
  });

  test("sources list each cited document once, and the data version is on the card", () => {
    const sources = String(facts(dy).Sources).split("; ");
    expect(new Set(sources).size).toBe(sources.length);
    expect(sources).toContain("Fixture Survey, Annual Survey 2026 (synthetic), 2026-02");
    expect(facts(dy)["Data version"]).toBe(dataset.meta.version);
  });
});

describe("a product's card", () => {
  test("names, formula, elements, spec, default market, metal content and prices", () => {
    const oxide = productCard(dataset, productOf("氧化镝"));
    expect(facts(oxide)).toMatchObject({
      Name: "Dysprosium oxide",
      "Chinese name": "氧化镝",
      Product: "Dy2O3",
      Formula: "Dy2O3",
      Kind: "oxide",
      Elements: "Dy",
      Spec: "99.5%",
      "Default market": "USGS",
      Price: 210,
      "USGS price": 210,
    });
    expect(cardFact(oxide, "Metal content")).toMatchObject({
      value: dataset.metalContent.get("Dy2O3"),
      detail: "from the formula and atomic weights",
    });
  });

  test("stated metal content is said to be stated; a default market without prices gives no Price", () => {
    const alloy = productCard(dataset, productOf("DyFe"));
    expect(cardFact(alloy, "Metal content")).toMatchObject({ value: 0.8, detail: "as stated" });
    const ho = productCard(dataset, productOf("Ho2O3"));
    expect(cardFact(ho, "Price")).toBeUndefined();
    expect(cardFact(ho, "China price")).toBeDefined();
  });
});

describe("a country's card", () => {
  const china = countryCard(dataset, countryOf("PRC"), day("2025-06-01"));

  test("codes, shares and tonnes by stage in the latest year", () => {
    expect(facts(china)).toMatchObject({
      Name: "China",
      "Chinese name": "中国",
      "ISO code": "CN",
      "ISO3 code": "CHN",
      "Mining share": 210_000 / 330_000,
      "Mining tonnes": 210_000,
      "Reserves tonnes": 40_000_000,
      "Separation share": 0.88,
      "Magnets share": 0.9,
    });
    expect(cardFact(china, "Mining tonnes")).toMatchObject({
      format: { kind: "tonnes" },
      detail: "2025, FA2026",
    });
    expect(cardFact(china, "Separation tonnes")).toBeUndefined();
  });

  test("the controls it issues, those in force on the day, and its events", () => {
    expect(facts(china)).toMatchObject({
      "Export-control measures": 5,
      // The licences of No. 1 and the technology catalogue; the quotas ended, No. 2 not yet due.
      "Measures in force": 2,
      Events: 1,
      "Last event": "Licence regime starts",
      "Last event date": serialFromDay(day("2025-03-01")),
    });
    const myanmar = countryCard(dataset, countryOf("Burma"), day("2025-06-01"));
    expect(cardFact(myanmar, "Export-control measures")).toBeUndefined();
    expect(facts(myanmar)).toMatchObject({ Events: 1, "Last event": "Mine closure" });
  });
});

test("a property is found by its name whatever its case and spacing, as Excel's =A1.[...] finds it", () => {
  const dy = elementCard(dataset, elementOf("Dy"), day("2025-06-01"), "China");
  expect(cardFact(dy, "china  MINING share")?.value).toBe(210_000 / 330_000);
  expect(cardFact(dy, "colour")).toBeUndefined();
});

test("every fact is a finite number, a boolean or text that is not empty, and names are unique", () => {
  const today = day("2026-11-28");
  const cards: Card[] = [
    ...dataset.elements.map((element) => elementCard(dataset, element, today, "China")),
    ...dataset.rows.products.map((product) => productCard(dataset, product)),
    ...dataset.rows.countries.map((country) => countryCard(dataset, country, today)),
  ];
  for (const card of cards) {
    const names = card.facts.map((fact) => fact.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const fact of card.facts)
      expect(
        typeof fact.value === "boolean" ||
          (typeof fact.value === "number" && Number.isFinite(fact.value)) ||
          (typeof fact.value === "string" && fact.value !== "")
      ).toBe(true);
  }
});

test("a status past the horizon with nothing scheduled in between carries the horizon warning", () => {
  const dy = elementCard(dataset, elementOf("Dy"), day("2026-11-28"), "China");
  expect(cardFact(dy, "Controlled")).toMatchObject({
    value: true,
    detail: expect.stringContaining("is after the data's horizon (known through 2026-03-31)"),
  });
});
