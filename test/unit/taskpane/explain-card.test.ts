import { dayFromIso } from "../../../src/core/dates";
import { makeCatalogue } from "../../../src/functions/catalogue";
import { cardForCall, cardForName } from "../../../src/taskpane/sections/explain/card-model";
import { explainCall, parameterNamesOf } from "../../../src/taskpane/sections/explain/model";
import { fixtureDataset } from "../../helpers/dataset";

const dataset = fixtureDataset();
const catalogue = makeCatalogue();
const parsed = dayFromIso("2025-06-01");
if (!parsed.ok) throw new Error(parsed.message);
const TODAY = parsed.value;

describe("the card Explain shows for a typed name", () => {
  test("an element, a product or a country, by the name that is its own", () => {
    expect(cardForName(dataset, "Dy", TODAY)).toMatchObject({
      card: { kind: "element", text: "Dysprosium" },
      formula: '=REE.ELEMENT("Dy")',
    });
    // "Dy2O3" would also resolve as an element (its single-element product), but it is a product's own name.
    expect(cardForName(dataset, "dy2o3", TODAY)).toMatchObject({
      card: { kind: "product" },
      formula: '=REE.PRODUCT("Dy2O3")',
    });
    expect(cardForName(dataset, "中国", TODAY)).toMatchObject({
      card: { kind: "country", text: "China" },
      formula: '=REE.COUNTRY("China")',
    });
  });

  test("nothing for an unknown or empty name", () => {
    expect(cardForName(dataset, "Narnia", TODAY)).toBeUndefined();
    expect(cardForName(dataset, "  ", TODAY)).toBeUndefined();
  });

  test("the same facts as the function's card, each as the cell's number format shows it", () => {
    const view = cardForName(dataset, "Dy", TODAY)!;
    expect(view.facts.map((fact) => fact.term)).toEqual(view.card.facts.map((fact) => fact.name));
    const shown = Object.fromEntries(view.facts.map((fact) => [fact.term, fact.value]));
    expect(shown).toMatchObject({
      "Chinese name": "镝",
      Price: "210 USD/kg",
      "Price date": "2025-01-01",
      "China price": "1,500,000 CNY/t",
      "China mining share": "63.6%",
      Controlled: "TRUE",
    });
    expect(view.facts.find((fact) => fact.term === "Price")?.detail).toBe("USGS, 2025");
    const china = cardForName(dataset, "China", TODAY)!;
    expect(china.facts.find((fact) => fact.term === "Mining tonnes")?.value).toBe("210,000 t");
  });
});

describe("the card Explain shows for the selected cell's call", () => {
  const cardOf = (formulaName: string, values: unknown[]) =>
    cardForCall(dataset, parameterNamesOf(catalogue, formulaName), values, TODAY);

  test("the subject of the call: PRICE's product, CONTROLLED's element, SHARE's country", () => {
    expect(cardOf("PRICE", ["氧化镝", "China"])?.formula).toBe('=REE.PRODUCT("Dy2O3")');
    expect(cardOf("CONTROLLED", ["镝"])?.formula).toBe('=REE.ELEMENT("Dy")');
    expect(cardOf("SHARE", ["Burma", "mining"])?.formula).toBe('=REE.COUNTRY("Myanmar")');
    expect(cardOf("ELEMENT", ["Tb", "z"])?.formula).toBe('=REE.ELEMENT("Tb")');
  });

  test("none where the call names no subject, or one that does not resolve", () => {
    expect(cardOf("DATAINFO", ["version"])).toBeUndefined();
    expect(cardOf("PRICE", ["Dy2O4"])).toBeUndefined();
    // SHARE's group ("heavy") is not an element.
    expect(cardOf("SHARE", [null, "separation", null, "heavy"])).toBeUndefined();
  });
});

describe("explaining a card call", () => {
  test("without a property it asks for the card, and its value is the name", () => {
    const explanation = explainCall(dataset, catalogue, "PRODUCT", ["Dy2O3"], TODAY);
    expect(explanation.asks).toMatch(/^The card of Dysprosium oxide \(Dy2O3\)/);
    expect(explanation.value).toBe("Dysprosium oxide");
    expect(explanation.sources[0].text).toContain("Fixture element and product reference");
  });

  test("with a property it asks for that property", () => {
    const explanation = explainCall(
      dataset,
      catalogue,
      "COUNTRY",
      ["China", "Mining share"],
      TODAY
    );
    expect(explanation.asks).toBe("The Mining share of China.");
    expect(explanation.value).toBe("0.6364");
  });
});
