import {
  countryShares,
  firstChoice,
  shareRows,
  sharesNotes,
  sharesSources,
  stagesWithData,
} from "../../../src/taskpane/sections/shares/model";
import { stageYears } from "../../../src/core/supply";
import { tinyDataset } from "./tiny-dataset";

const dataset = tinyDataset();
const stage = (id: string) => dataset.stages.get(id)!;

test("the section opens on the first stage in tonnes, in its latest year", () => {
  expect(stagesWithData(dataset).map((row) => row.id)).toEqual(["mining", "separation"]);
  expect(stageYears(dataset, stage("mining"))).toEqual([2024]);
  expect(firstChoice(dataset)).toEqual({ stage: "mining", year: 2024 });
});

test("every country's share, largest first, computed from tonnes; the world total is not a country", () => {
  const shares = countryShares(dataset, stage("mining"), 2024);
  expect(shares.map((value) => [value.country.id, Number(value.share.toFixed(4))])).toEqual([
    ["CN", 0.6923],
    ["US", 0.1154],
  ]);
  expect(sharesSources(dataset, shares).map((source) => source.id)).toEqual(["usgs"]);
});

test("a published share keeps its source and note", () => {
  const shares = countryShares(dataset, stage("separation"), 2024);
  expect(shares.map((value) => value.share)).toEqual([0.91]);
  expect(sharesSources(dataset, shares).map((source) => source.id)).toEqual(["iea"]);
  expect(sharesNotes(shares)).toEqual(["Refining."]);
});

test("Insert writes each country's name beside its SHARE formula", () => {
  const shares = countryShares(dataset, stage("mining"), 2024);
  expect(shareRows(shares, stage("mining"), 2024)).toEqual([
    ["China", '=REE.SHARE("China","mining",2024)'],
    ["United States", '=REE.SHARE("United States","mining",2024)'],
  ]);
});
