import { Dataset, loadDataset } from "../../src/core/dataset";
import { readDataDirectory } from "../../scripts/dataset-files";
import { DIST, loadBundle } from "../helpers/excel-runtime";

/**
 * Data layer: REE.HHI and REE.CONVERT over the real data in the production bundle (dist/), checked
 * against figures computed here straight from the CSV rows, not through the add-in's code paths.
 */
const loaded = loadDataset(readDataDirectory().dataset);
const data = (): Dataset => {
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.value;
};
const bundle = loadBundle({ now: new Date(2026, 10, 28, 12), dist: DIST });

/** The USGS mining tonnes of a year, of the newest publication that gives a world total. */
function newestMiningEdition(year: number) {
  const rows = data().rows.volumes.filter((row) => row.stage === "mining" && row.year === year);
  const published = (vintage: string) =>
    data().source(rows.find((row) => row.vintage === vintage)!.source).published;
  const vintages = [...new Set(rows.map((row) => row.vintage))].filter((vintage) =>
    rows.some((row) => row.vintage === vintage && row.country === "WORLD")
  );
  vintages.sort((a, b) => (published(a) < published(b) ? 1 : published(a) > published(b) ? -1 : 0));
  return rows.filter((row) => row.vintage === vintages[0]);
}

describe('=REE.HHI("mining",2025) is the sum of the squared USGS shares × 10,000', () => {
  const edition = newestMiningEdition(2025);
  const world = edition.find((row) => row.country === "WORLD")!.tonnes;
  const countries = edition.filter((row) => data().countries.get(row.country)?.kind === "country");

  test("computed here from the tonnes: each country's tonnes over the world total", () => {
    const expected = countries.reduce((sum, row) => sum + (row.tonnes / world) ** 2, 0) * 10_000;
    expect(bundle.call("HHI", "mining", 2025)).toBeCloseTo(expected, 9);
  });

  test("and from REE.SHARE of each country, as an analyst would square them in a sheet", () => {
    const shares = countries.map((row) =>
      bundle.call("SHARE", data().countries.get(row.country)!.name, "mining", 2025)
    );
    for (const share of shares) expect(typeof share).toBe("number");
    const expected = (shares as number[]).reduce((sum, share) => sum + share ** 2, 0) * 10_000;
    expect(bundle.call("HHI", "mining", 2025)).toBeCloseTo(expected, 9);
  });

  test("Other countries and the world total are not countries: they are unattributed", () => {
    const named = countries.reduce((sum, row) => sum + row.tonnes, 0);
    expect(bundle.call("HHI", "mining", 2025, null, "unattributed")).toBeCloseTo(
      1 - named / world,
      12
    );
    expect(bundle.call("HHI", "mining", 2025, null, "countries")).toBe(
      countries.filter((row) => row.tonnes > 0).length
    );
  });
});

test('=REE.CONVERT(1,"Dy2O3","Dy") is the stoichiometric factor from the dataset\'s atomic weights', () => {
  const weight = (symbol: string) =>
    data().rows.atomic_weights.find((row) => row.symbol === symbol)!.atomic_weight;
  const factor = (2 * weight("Dy")) / (2 * weight("Dy") + 3 * weight("O"));
  expect(bundle.call("CONVERT", 1, "Dy2O3", "Dy")).toBeCloseTo(factor, 12);
  expect(bundle.call("CONVERT", 1, "Dy", "REO")).toBeCloseTo(1 / factor, 12);
});
