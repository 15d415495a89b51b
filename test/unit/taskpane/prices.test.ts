import {
  chooseMarket,
  firstPricedProduct,
  historyIn,
  matchProducts,
  priceFormula,
  priceHistoryFormula,
  priceView,
} from "../../../src/taskpane/sections/prices/model";
import { tinyDataset } from "./tiny-dataset";

const dataset = tinyDataset();
const product = (id: string) => dataset.products.get(id)!;
const market = (id: string) => dataset.markets.get(id)!;
const ids = (query: string) => matchProducts(dataset, query).map((row) => row.id);

describe("searching products", () => {
  test("a Chinese name finds its product", () => {
    expect(ids("氧化镝")).toEqual(["Dy2O3"]);
    expect(ids("铽")).toEqual(["Tb4O7", "Tb metal"]);
  });

  test("what the functions would resolve comes first: an element means its oxide", () => {
    expect(ids("Tb")[0]).toBe("Tb4O7");
    expect(ids("tb")).toEqual(["Tb4O7", "Tb metal"]);
  });

  test("exact names, then prefixes, then text inside a name", () => {
    expect(ids("Terbium metal")).toEqual(["Tb metal"]);
    expect(ids("oxide")).toEqual(["Dy2O3", "Tb4O7"]);
    expect(ids("dy₂o₃")).toEqual(["Dy2O3"]);
  });

  test("an empty query or one that matches nothing finds nothing", () => {
    expect(ids("  ")).toEqual([]);
    expect(ids("Neodymium")).toEqual([]);
  });
});

describe("the price shown for the chosen product, market, date and unit", () => {
  test("in the chosen unit when the data has it", () => {
    const view = priceView(dataset, product("Dy2O3"), market("Europe"), "2025-07-01", "USD/kg");
    expect(view.unit).toBe("USD/kg");
    expect(view.answer?.price).toMatchObject({ low: 700, high: 1000, mid: 850 });
    expect(view.fallback).toBeUndefined();
  });

  test("in the market's own unit, saying why, when no sourced rate converts it", () => {
    const view = priceView(dataset, product("Dy2O3"), market("China"), "", "USD/kg");
    expect(view.unit).toBe("CNY/t");
    expect(view.answer?.price.mid).toBe(1650000);
    expect(view.fallback).toMatch(/CNY\/USD rate/);
  });

  test("a failure when there is no price at all, or the date is not a date", () => {
    expect(
      priceView(dataset, product("Dy2O3"), market("Europe"), "2015-01-01", "USD/kg").failure
    ).toMatchObject({ kind: "unavailable", message: expect.stringContaining("2025-05-06") });
    expect(
      priceView(dataset, product("Dy2O3"), market("Europe"), "2025-13-01", "USD/kg").failure
    ).toMatchObject({ ok: false });
  });

  test("the history falls back to the market's unit the same way", () => {
    const history = historyIn(dataset, product("Dy2O3"), market("China"), "USD/kg");
    expect(history).toMatchObject({ ok: true, value: { unit: "CNY/t" } });
    const usgs = historyIn(dataset, product("Dy2O3"), market("USGS"), "USD/kg");
    expect(usgs.ok && usgs.value.points.map((point) => [point.period, point.value])).toEqual([
      ["2023", 330],
      ["2024", 257],
    ]);
  });
});

describe("the market offered and the formulas inserted", () => {
  test("the section opens on a priced product and its default market", () => {
    expect(firstPricedProduct(dataset).id).toBe("Dy2O3");
    expect(chooseMarket(dataset, product("Dy2O3"), "")).toBe("USGS");
    expect(chooseMarket(dataset, product("Dy2O3"), "Europe")).toBe("Europe");
    // Tb4O7 has no price in this dataset, so no market.
    expect(chooseMarket(dataset, product("Tb4O7"), "Europe")).toBe("");
  });

  test("PRICE in the unit shown, leaving out defaults", () => {
    const choice = { product: product("Dy2O3"), market: "China", date: "" };
    const view = priceView(dataset, choice.product, market("China"), "", "USD/kg");
    expect(priceFormula(choice, view)).toBe('=REE.PRICE("Dy2O3","China",,"CNY/t")');
    expect(priceFormula({ ...choice, market: "Europe", date: "2025-07-01" }, undefined)).toBe(
      '=REE.PRICE("Dy2O3","Europe","2025-07-01")'
    );
  });

  test("PRICEHISTORY in the unit its history is shown in", () => {
    const choice = { product: product("Dy2O3"), market: "China", date: "2025-07-01" };
    expect(priceHistoryFormula(dataset, choice, "USD/kg")).toBe(
      '=REE.PRICEHISTORY("Dy2O3","China",,,"CNY/t")'
    );
    expect(priceHistoryFormula(dataset, { ...choice, market: "USGS" }, "USD/kg")).toBe(
      '=REE.PRICEHISTORY("Dy2O3","USGS")'
    );
  });
});
