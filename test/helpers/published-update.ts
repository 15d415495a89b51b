/*
 * A published update for the browser tests and the README's pictures: the bundled dataset with a
 * later version and Dy2O3's Europe prices revised up 10%, carrying its changelog, served in place
 * of the add-in's dataset.json.
 */
import { readFileSync } from "fs";
import * as path from "path";
import type { Route } from "playwright-core";
import { changesPart, diffDatasets } from "../../src/core/changelog";
import type { TextDataset } from "../../src/core/schema";
import type { Pane } from "./browser";

const GENERATED = path.resolve(__dirname, "../../generated/dataset.json");
export const NEXT_VERSION = "2099.01.1";

export function publishedUpdate(): TextDataset {
  const bundled: TextDataset = JSON.parse(readFileSync(GENERATED, "utf8"));
  const next: TextDataset = JSON.parse(JSON.stringify(bundled));
  next.meta.version = NEXT_VERSION;
  const prices = next.tables.prices;
  const column = (name: string) => prices.columns.indexOf(name);
  for (const row of prices.rows)
    if (row[column("product")] === "Dy2O3" && row[column("market")] === "Europe")
      for (const field of ["low", "high"])
        row[column(field)] = String(Math.round(Number(row[column(field)]) * 110) / 100);
  next.changes = changesPart(diffDatasets(bundled, next));
  return next;
}

/**
 * Serves `dataset` as the pane's published dataset.json from now on; returns how many times it
 * was asked for. Routes added later run first, so this wins over the pane's own file.
 */
export async function servePublished(
  pane: Pane,
  dataset: TextDataset
): Promise<{ requests: () => number; reset(): void }> {
  const body = JSON.stringify(dataset);
  let requests = 0;
  await pane.context.route("**/dataset.json", async (route: Route) => {
    requests += 1;
    await route.fulfill({ status: 200, contentType: "application/json", body });
  });
  return { requests: () => requests, reset: () => (requests = 0) };
}
