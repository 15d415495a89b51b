import {
  DATA_TYPES_OFF,
  DATA_TYPES_ON,
  ExcelError,
  FIXTURE_DIST,
  LoadedBundle,
  loadBundle,
} from "../helpers/excel-runtime";

/**
 * The card functions through the built bundle, as Excel calls them, on hosts with and without
 * data types in custom functions (the stand-in Office answers isSetSupported). The fixture
 * dataset decides the values (test/fixtures/dataset); "today" is 2026-11-28.
 */
const NOW = new Date(2026, 10, 28, 12);
const withDataTypes = loadBundle({ now: NOW, dist: FIXTURE_DIST, requirementSets: DATA_TYPES_ON });
const withoutDataTypes = loadBundle({
  now: NOW,
  dist: FIXTURE_DIST,
  requirementSets: DATA_TYPES_OFF,
});
/** Excel 365 builds before number formats on doubles: CustomFunctionsRuntime 1.4, ExcelApi 1.16. */
const olderFormats = loadBundle({
  now: NOW,
  dist: FIXTURE_DIST,
  requirementSets: { CustomFunctionsRuntime: "1.4", ExcelApi: "1.16" },
});

interface Property {
  type: string;
  basicValue: unknown;
  numberFormat?: string;
  propertyMetadata?: { sublabel?: string };
}
interface Entity {
  type: string;
  text: string;
  properties: Record<string, Property>;
  layouts: { card: { sections: { properties: string[] }[] } };
}

function entity(bundle: LoadedBundle, id: string, name: string): Entity {
  const result = bundle.call(id, name) as Entity;
  expect(result).toMatchObject({ type: "Entity" });
  return result;
}

const value = (card: Entity, name: string) => {
  expect(card.properties).toHaveProperty([name]);
  return card.properties[name].basicValue;
};

describe.each([
  ["ELEMENT", "Dy", "Dysprosium"],
  ["PRODUCT", "Dy2O3", "Dysprosium oxide"],
  ["COUNTRY", "China", "China"],
])('=REE.%s("%s")', (id, name, text) => {
  test("is an entity with at least 8 properties, showing the name, where the host has data types", () => {
    const card = entity(withDataTypes, id, name);
    expect(card.text).toBe(text);
    expect(Object.keys(card.properties).length).toBeGreaterThanOrEqual(8);
    // Every property is on the card view, once.
    const shown = card.layouts.card.sections.flatMap((section) => section.properties);
    expect([...shown].sort()).toEqual(Object.keys(card.properties).sort());
  });

  test("is the name as text where the host has no data types, and where there is no Office", () => {
    expect(withoutDataTypes.call(id, name)).toBe(text);
    expect(loadBundle({ now: NOW, dist: FIXTURE_DIST }).call(id, name)).toBe(text);
  });

  test("each property equals the same function asked for that property", () => {
    const card = entity(withDataTypes, id, name);
    for (const [property, cell] of Object.entries(card.properties))
      expect([property, withDataTypes.call(id, name, property)]).toEqual([
        property,
        cell.basicValue,
      ]);
  });
});

describe("an element's card agrees with the scalar functions", () => {
  const dy = entity(withDataTypes, "ELEMENT", "Dy");

  test("names, symbol, atomic number and weight, main oxide", () => {
    expect(value(dy, "Chinese name")).toBe("镝");
    expect(value(dy, "Symbol")).toBe("Dy");
    expect(value(dy, "Atomic number")).toBe(withDataTypes.call("ELEMENT", "Dy", "z"));
    expect(value(dy, "Atomic weight")).toBe(withDataTypes.call("ELEMENT", "Dy", "atomic_weight"));
    expect(value(dy, "Main oxide")).toBe("Dy2O3");
  });

  test("the price is PRICE's, with its unit in the number format and the period under it", () => {
    expect(value(dy, "Price")).toBe(withDataTypes.call("PRICE", "Dy2O3"));
    expect(dy.properties.Price).toMatchObject({
      type: "Double",
      numberFormat: '#,##0.00 "USD/kg"',
      propertyMetadata: { sublabel: "USGS, 2025" },
    });
    expect(value(dy, "Price date")).toBe(
      withDataTypes.call("PRICE", "Dy2O3", null, null, null, "date")
    );
    expect(dy.properties["Price date"].numberFormat).toBe("yyyy-mm-dd");
  });

  test("each market's latest price is in the market's own unit", () => {
    expect(value(dy, "China price")).toBe(
      withDataTypes.call("PRICE", "Dy2O3", "China", null, "CNY/t")
    );
    expect(dy.properties["China price"].numberFormat).toBe('#,##0 "CNY/t"');
    expect(value(dy, "Europe price")).toBe(withDataTypes.call("PRICE", "Dy2O3", "Europe"));
  });

  test("top producers' shares are SHARE's, as percentages", () => {
    expect(value(dy, "China mining share")).toBe(withDataTypes.call("SHARE", "China", "mining"));
    expect(value(dy, "United States mining share")).toBe(
      withDataTypes.call("SHARE", "United States", "mining")
    );
    expect(dy.properties["China mining share"]).toMatchObject({
      numberFormat: "0.0%",
      propertyMetadata: { sublabel: "2025, FA2026" },
    });
    // Dy is heavy, so the published heavy-REE separation share is on its card; La's is not.
    expect(value(dy, "China heavy separation share")).toBe(
      withDataTypes.call("SHARE", "China", "separation", null, "heavy")
    );
    expect(entity(withDataTypes, "ELEMENT", "La").properties).not.toHaveProperty([
      "China heavy separation share",
    ]);
  });

  test("whether it is controlled today, and by which measure, is CONTROLLED's", () => {
    expect(value(dy, "Controlled")).toBe(withDataTypes.call("CONTROLLED", "Dy"));
    expect(dy.properties.Controlled.type).toBe("Boolean");
    expect(value(dy, "Control measure")).toBe(
      withDataTypes.call("CONTROLLED", "Dy", null, null, "measure")
    );
    // After the horizon with a scheduled change pending, the status is unknown, never guessed.
    const ho = entity(withDataTypes, "ELEMENT", "Ho");
    expect(ho.properties).not.toHaveProperty(["Controlled"]);
    expect(value(ho, "Control status")).toBe("unknown");
    expect(ho.properties["Control status"].propertyMetadata?.sublabel).toBe(
      (withDataTypes.call("CONTROLLED", "Ho") as ExcelError).message
    );
  });

  test("sources name every document the card rests on", () => {
    const sources = String(value(dy, "Sources"));
    expect(sources).toContain(
      String(withDataTypes.call("PRICE", "Dy2O3", null, null, null, "source"))
    );
    expect(sources).toContain(
      String(withDataTypes.call("SHARE", "China", "mining", null, null, "source"))
    );
  });
});

describe("a product's and a country's cards agree with the scalar functions", () => {
  test("PRODUCT: names, elements, spec, metal content, prices by market", () => {
    const oxide = entity(withDataTypes, "PRODUCT", "Dy2O3");
    expect(value(oxide, "Chinese name")).toBe("氧化镝");
    expect(value(oxide, "Elements")).toBe("Dy");
    expect(value(oxide, "Spec")).toBe("99.5%");
    expect(value(oxide, "Default market")).toBe("USGS");
    expect(value(oxide, "Metal content")).toBeCloseTo(325 / 373, 12);
    expect(oxide.properties["Metal content"].numberFormat).toBe("0.0%");
    expect(value(oxide, "Price")).toBe(withDataTypes.call("PRICE", "Dy2O3"));
    expect(value(oxide, "USGS price")).toBe(withDataTypes.call("PRICE", "Dy2O3", "USGS"));
    // A product without any price still has a card, without price properties.
    const unpriced = entity(withDataTypes, "PRODUCT", "Pr6O11");
    expect(Object.keys(unpriced.properties).some((name) => name.includes("rice"))).toBe(false);
  });

  test("COUNTRY: codes, shares and tonnes by stage, controls issued, events", () => {
    const china = entity(withDataTypes, "COUNTRY", "中国");
    expect(value(china, "ISO code")).toBe("CN");
    expect(value(china, "ISO3 code")).toBe("CHN");
    expect(value(china, "Mining share")).toBe(withDataTypes.call("SHARE", "China", "mining"));
    expect(value(china, "Mining tonnes")).toBe(withDataTypes.call("TONNES", "China", "mining"));
    expect(china.properties["Mining tonnes"].numberFormat).toBe('#,##0 "t"');
    expect(value(china, "Separation share")).toBe(
      withDataTypes.call("SHARE", "China", "separation")
    );
    const measures = withDataTypes.call("CONTROLS", null, null, 0) as unknown[][];
    expect(value(china, "Export-control measures")).toBe(measures.length);
    expect(value(china, "Events")).toBe(1);
    expect(value(china, "Last event")).toBe("Licence regime starts");
    // A country that issues no controls has no control properties.
    expect(entity(withDataTypes, "COUNTRY", "Myanmar").properties).not.toHaveProperty([
      "Export-control measures",
    ]);
  });
});

describe("the host decides the shapes", () => {
  test("hosts before ExcelApi 1.19 get FormattedNumber values, which hold the same numbers", () => {
    const dy = entity(olderFormats, "ELEMENT", "Dy");
    expect(dy.properties["China mining share"]).toMatchObject({
      type: "FormattedNumber",
      basicValue: withDataTypes.call("SHARE", "China", "mining"),
      numberFormat: "0.0%",
    });
  });

  test("with a property, the answer is that one value on every host", () => {
    expect(withDataTypes.call("ELEMENT", "Dy", "name_zh")).toBe("镝");
    expect(withDataTypes.call("COUNTRY", "China", "Mining share")).toBe(
      withDataTypes.call("SHARE", "China", "mining")
    );
  });

  test("a bad name is the same error with or without data types", () => {
    const expected = expect.objectContaining({
      code: "#VALUE!",
      message: expect.stringMatching(/^Unknown element 'Xx'\./),
    });
    expect(withDataTypes.call("ELEMENT", "Xx")).toEqual(expected);
    expect(withoutDataTypes.call("ELEMENT", "Xx")).toEqual(expected);
    expect(withDataTypes.call("COUNTRY", [["China"], ["Myanmar"]])).toEqual(
      expect.objectContaining({
        code: "#VALUE!",
        message: "country expects one value, not a range or array.",
      })
    );
  });

  test("an error going in comes out unchanged", () => {
    const na = new withDataTypes.ExcelError("#N/A", "upstream");
    expect(withDataTypes.call("PRODUCT", na)).toBe(na);
  });
});
