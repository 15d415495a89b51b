import {
  differsFromBundled,
  publisherName,
  sourcesByPublisher,
} from "../../../src/taskpane/sections/data/model";
import { USER_SOURCE_PREFIX } from "../../../src/core/imports";
import { tinyDataset } from "./tiny-dataset";

const dataset = tinyDataset();

test("sources are listed by publisher", () => {
  expect(sourcesByPublisher(dataset).map((source) => source.publisher)).toEqual([
    "Argus",
    "IEA",
    "MOFCOM",
    "SMM",
    "USGS",
  ]);
});

test("other data than the add-in ships is offered the bundled data; the bundled data itself is not", () => {
  expect(differsFromBundled({ baseOrigin: "workbook", dataset }, "2026.06.1")).toBe(true);
  expect(differsFromBundled({ baseOrigin: "workbook", dataset }, "tiny.1")).toBe(false);
  expect(differsFromBundled({ baseOrigin: "bundled", dataset }, "2026.06.1")).toBe(false);
});

test("an imported source shows its publisher without the import prefix", () => {
  const source = { ...dataset.rows.sources[0], publisher: `${USER_SOURCE_PREFIX}My desk` };
  expect(publisherName(source)).toBe("My desk");
});
