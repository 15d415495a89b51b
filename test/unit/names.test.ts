import { NameIndex, normalizeName } from "../../src/core/names";
import { fixtureDataset } from "../helpers/dataset";

const dataset = fixtureDataset();
const productOf = (name: string) => {
  const result = dataset.productNames.resolve(name);
  return result.ok ? result.value.id : result;
};
const countryOf = (name: string) => {
  const result = dataset.countryNames.resolve(name);
  return result.ok ? result.value.id : result;
};

describe("names resolve whatever way an analyst types them", () => {
  test("case, spaces, punctuation and subscripts do not matter", () => {
    expect(normalizeName(" Dy₂O₃ ")).toBe("dy2o3");
    expect(normalizeName("U.S.")).toBe("us");
  });

  test.each([
    ["Dy2O3", "Dy2O3"],
    ["dy2o3", "Dy2O3"],
    ["Dy₂O₃", "Dy2O3"],
    ["Dysprosium oxide", "Dy2O3"],
    ["氧化镝", "Dy2O3"],
    ["Dy oxide", "Dy2O3"],
    ["Dy", "Dy2O3"],
    ["dysprosium", "Dy2O3"],
    ["镝", "Dy2O3"],
    ["Tb4O7", "Tb4O7"],
    ["terbium oxide", "Tb4O7"],
    ["Tb", "Tb4O7"],
    ["Tb metal", "Tb metal"],
    ["金属铽", "Tb metal"],
    ["metal Tb", "Tb metal"],
    ["PrNd", "NdPr oxide"],
    ["NdPr oxide", "NdPr oxide"],
    ["氧化镨钕", "NdPr oxide"],
    ["DyFe", "DyFe"],
    ["Pr oxide", "Pr6O11"],
  ])("product %s is %s", (typed, id) => {
    expect(productOf(typed)).toBe(id);
  });

  test.each([
    ["Myanmar", "MMR"],
    ["Burma", "MMR"],
    ["MM", "MMR"],
    ["mmr", "MMR"],
    ["缅甸", "MMR"],
    ["China", "CHN"],
    ["PRC", "CHN"],
    ["中国", "CHN"],
    ["USA", "USA"],
    ["U.S.", "USA"],
    ["United States", "USA"],
    ["World", "WORLD"],
  ])("country %s is %s", (typed, id) => {
    expect(countryOf(typed)).toBe(id);
  });

  test.each([
    ["refining", "separation"],
    ["Mine production", "mining"],
    ["NdFeB", "magnets"],
  ])("stage %s is %s", (typed, id) => {
    const result = dataset.stageNames.resolve(typed);
    expect(result.ok && result.value.id).toBe(id);
  });

  test("an unknown name suggests the closest one", () => {
    expect(dataset.productNames.resolve("Dy2O4")).toEqual({
      ok: false,
      kind: "invalid",
      message: "Unknown product 'Dy2O4'. Did you mean Dy2O3?",
    });
    expect(dataset.countryNames.resolve("Chnia")).toMatchObject({
      ok: false,
      message: "Unknown country 'Chnia'. Did you mean China?",
    });
  });

  test("a name far from every known one points to the list instead of guessing", () => {
    expect(dataset.productNames.resolve("unobtainium")).toMatchObject({
      ok: false,
      message: `Unknown product 'unobtainium'. =REE.LIST("products") lists them.`,
    });
  });

  test("an ambiguous name lists the candidates", () => {
    const index = new NameIndex(
      "market",
      [
        { value: "a", display: "CIF Rotterdam", names: ["CIF Rotterdam", "CIF"] },
        { value: "b", display: "CIF Antwerp", names: ["CIF Antwerp", "CIF"] },
      ],
      ""
    );
    expect(index.resolve("cif")).toEqual({
      ok: false,
      kind: "invalid",
      message: "'cif' could be more than one market: CIF Rotterdam, CIF Antwerp. Type one of them.",
    });
  });
});
