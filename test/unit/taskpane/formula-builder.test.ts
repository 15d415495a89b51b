import {
  buildFormula,
  labelCell,
  orderArguments,
  parameterNames,
} from "../../../src/taskpane/shell/formula-builder";

describe("formulas the pane writes are built by argument name, in the declared order", () => {
  test("PRICE's parameters come from its declaration", () => {
    expect(parameterNames("PRICE")).toEqual([
      "product",
      "market",
      "date",
      "unit",
      "field",
      "vintage",
    ]);
    expect(parameterNames("SHARE")).toEqual([
      "country",
      "stage",
      "year",
      "element",
      "field",
      "vintage",
    ]);
  });

  test("arguments land in the declared order whatever order they are given in", () => {
    expect(buildFormula("PRICE", { date: "2025-07-01", market: "Europe", product: "Tb4O7" })).toBe(
      '=REE.PRICE("Tb4O7","Europe","2025-07-01")'
    );
  });

  test("a skipped argument is left empty and trailing ones are dropped", () => {
    expect(buildFormula("PRICE", { product: "Dy2O3", market: "China", unit: "CNY/t" })).toBe(
      '=REE.PRICE("Dy2O3","China",,"CNY/t")'
    );
    expect(buildFormula("PRICE", { product: "Dy2O3", market: undefined, date: undefined })).toBe(
      '=REE.PRICE("Dy2O3")'
    );
    expect(buildFormula("CONTROLS", { date: "2025-11-08" })).toBe('=REE.CONTROLS(,"2025-11-08")');
    expect(buildFormula("DATAINFO", {})).toBe("=REE.DATAINFO()");
  });

  test("text is quoted with inner quotes doubled; numbers and TRUE/FALSE are literals", () => {
    expect(buildFormula("SHARE", { country: 'Côte d"Ivoire', stage: "mining", year: 2024 })).toBe(
      '=REE.SHARE("Côte d""Ivoire","mining",2024)'
    );
    expect(buildFormula("PRICEHISTORY", { product: "Dy2O3", headers: false })).toBe(
      '=REE.PRICEHISTORY("Dy2O3",,,,,FALSE)'
    );
  });

  test("a name the function does not declare is refused, naming the ones it takes", () => {
    expect(() => buildFormula("PRICE", { prodcut: "Dy2O3" } as never)).toThrow(
      'REE.PRICE has no parameter "prodcut"; it takes product, market, date, unit, field, vintage.'
    );
  });

  test("orderArguments passes any value through, for running the catalogue", () => {
    expect(orderArguments("TONNES", { field: "source", country: null })).toEqual([
      null,
      undefined,
      undefined,
      "source",
    ]);
  });

  test("a label that starts like a formula is written as text", () => {
    expect(labelCell("=HYPERLINK()")).toBe("'=HYPERLINK()");
    expect(labelCell("-1")).toBe("'-1");
    expect(labelCell("China")).toBe("China");
  });
});
