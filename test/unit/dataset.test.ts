import { loadDataset } from "../../src/core/dataset";
import { OPTIONAL_TABLES } from "../../src/core/schema";
import { parseTextDataset } from "../../src/core/validate";
import { fixtureDataset, fixtureTextDataset, withCell } from "../helpers/dataset";

const text = fixtureTextDataset();

describe("loading a dataset", () => {
  test("the fixture is valid: every record has a known source and every source is used", () => {
    expect(parseTextDataset(text).issues).toEqual([]);
  });

  test("elements are ordered by atomic number, whatever the file's order", () => {
    const copy = JSON.parse(JSON.stringify(text));
    copy.tables.elements.rows.reverse();
    const loaded = loadDataset(copy);
    expect(loaded.ok && loaded.value.elements.map((element) => element.symbol)).toEqual([
      "Sc",
      "Y",
      "La",
      "Pr",
      "Nd",
      "Pm",
      "Tb",
      "Dy",
      "Ho",
    ]);
  });

  test("metal content factors follow from atomic weights, or are given for an alloy", () => {
    const dataset = fixtureDataset();
    expect(dataset.metalContent.get("Dy2O3")).toBeCloseTo(325 / 373, 9);
    expect(dataset.metalContent.get("Nd2O3")).toBeCloseTo(288.48 / 336.48, 9);
    expect(dataset.metalContent.get("Tb metal")).toBe(1);
    expect(dataset.metalContent.get("DyFe")).toBe(0.8);
    // No formula and no stated content: no factor, rather than a guess.
    expect(dataset.metalContent.has("NdPr oxide")).toBe(false);
  });

  test("trade and events are indexed: trade by product, exporter and importer, then period; events oldest first", () => {
    const dataset = fixtureDataset();
    const magnets = dataset.tradeSeriesOf("magnets", "CHN", "USA")!;
    expect([...magnets.keys()].sort()).toEqual(["2025", "2025-04"]);
    expect(magnets.get("2025-04")!.tonnes).toBe(100);
    expect(dataset.tradeProductNames.resolve("磁体")).toMatchObject({
      ok: true,
      value: { id: "magnets" },
    });
    expect(dataset.events.map((event) => [event.date, event.value])).toEqual([
      ["2025-03-01", undefined],
      ["2025-10-15", 20],
    ]);
  });

  test("a dataset saved before the optional tables and columns existed still loads", () => {
    const older = JSON.parse(JSON.stringify(text));
    for (const table of OPTIONAL_TABLES) delete older.tables[table];
    for (const [table, column] of [
      ["prices", "vintage"],
      ["fx", "usd_per"],
    ]) {
      const position = older.tables[table].columns.indexOf(column);
      older.tables[table].columns.splice(position, 1);
      for (const row of older.tables[table].rows) row.splice(position, 1);
    }
    // Without usd_per the euro row has no rate at all, and without vintage the revision is a duplicate.
    older.tables.fx.rows = older.tables.fx.rows.filter((row: string[]) => row[1] !== "EUR");
    older.tables.prices.rows = older.tables.prices.rows.filter(
      (row: string[]) =>
        !(row[0] === "Dy2O3" && row[1] === "USGS" && row[2] === "2024" && row[3] === "250")
    );
    older.tables.sources.rows = older.tables.sources.rows.filter(
      (row: string[]) => row[0] !== "F-TRADE"
    );
    const loaded = loadDataset(older);
    expect(loaded).toMatchObject({ ok: true });
    expect(loaded.ok && loaded.value.importersOf("magnets", "CHN")).toEqual([]);
    expect(loaded.ok && loaded.value.events).toEqual([]);
  });
});

describe("schema rejection names the table, row and field", () => {
  test.each([
    ["sources", "F-ANNUAL-2025", "url", "http://pubs.usgs.gov/", "must be an https:// URL"],
    ["atomic_weights", "Dy", "atomic_weight", "heavy", "must be a plain number"],
    ["elements", "Dy", "class_usgs", "medium", "must be light, heavy or neither"],
    ["products", "Dy2O3", "kind", "powder", "must be oxide, metal or alloy"],
    ["countries", "CHN", "iso2", "CHN", "must be two capital letters"],
    ["stages", "mining", "measure", "kg", "must be tonnes or share"],
    ["markets", "China", "currency", "EUR", "must be USD or CNY"],
    ["prices", "Dy2O3", "low", "1,000", "must be a plain number"],
    ["fx", "2023", "per_usd", "-6.45", "must be positive"],
    ["volumes", "CHN", "year", "24", "must be a four-digit year"],
    ["shares", "CHN", "share", "94", "must be a fraction from 0 to 1"],
    ["controls", "FX-LICENCE", "effective", "2025-02-30", "must be an ISO date"],
    ["suspensions", "FX-LATER", "from", "soon", "must be an ISO date"],
    ["fx", "2025-03", "usd_per", "0", "must be positive"],
    ["trade", "magnets", "period", "2025-04-01", "must be YYYY or YYYY-MM"],
    ["events", "2025-03-01", "date", "March 2025", "must be an ISO date"],
  ])("%s: a bad %s in row %s", (table, firstCell, field, value, message) => {
    const broken = withCell(text, table, firstCell, field, value);
    const { issues } = parseTextDataset(broken.dataset);
    expect(issues).toContainEqual({
      table,
      row: broken.row,
      field,
      message: expect.stringContaining(message),
    });
  });

  test("a missing column and a short row are reported", () => {
    const copy = JSON.parse(JSON.stringify(text));
    copy.tables.prices.columns[copy.tables.prices.columns.indexOf("unit")] = "units";
    copy.tables.sources.rows[2] = copy.tables.sources.rows[2].slice(0, 3);
    const { issues } = parseTextDataset(copy);
    expect(issues).toContainEqual({ table: "prices", field: "unit", message: "column is missing" });
    expect(issues).toContainEqual({
      table: "sources",
      row: 3,
      message: "has 3 cells, the header has 6",
    });
  });

  test("a failed load says where, and leaves nothing half-built", () => {
    const broken = withCell(text, "prices", "Dy2O3", "low", "abc").dataset;
    const loaded = loadDataset(broken);
    expect(loaded).toMatchObject({
      ok: false,
      kind: "invalid",
      message: expect.stringMatching(
        /^prices, row \d+, field "low": must be a plain number, got 'abc'/
      ),
    });
  });
});

describe("referential integrity", () => {
  test("a record citing a source that does not exist is rejected", () => {
    const broken = withCell(text, "prices", "Dy2O3", "source", "S99");
    expect(parseTextDataset(broken.dataset).issues).toContainEqual({
      table: "prices",
      row: broken.row,
      field: "source",
      message: "unknown source 'S99'",
    });
  });

  test("a source no record uses is rejected", () => {
    const copy = JSON.parse(JSON.stringify(text));
    copy.tables.sources.rows.push([
      "S999",
      "Nobody",
      "Nothing",
      "https://example.org/",
      "2025",
      "",
    ]);
    expect(parseTextDataset(copy).issues).toContainEqual({
      table: "sources",
      row: copy.tables.sources.rows.length,
      field: "id",
      message: "source 'S999' is not used by any record",
    });
  });

  test.each([
    ["prices", "Dy2O3", "product", "Dy2O4", "unknown product 'Dy2O4'"],
    ["prices", "Dy2O3", "market", "Mars", "unknown market 'Mars'"],
    ["volumes", "CHN", "country", "XXX", "unknown country 'XXX'"],
    ["controls", "FX-LICENCE", "elements", "Sc|Xx", "unknown element 'Xx'"],
    ["suspensions", "FX-LATER", "by", "FX-2099", "unknown measure 'FX-2099'"],
    ["trade", "magnets", "exporter", "XXX", "unknown country 'XXX'"],
    ["trade", "magnets", "product", "ingots", "unknown trade product 'ingots'"],
    ["events", "2025-03-01", "country", "XXX", "unknown country 'XXX'"],
  ])("%s.%s pointing nowhere is rejected", (table, firstCell, field, value, message) => {
    const broken = withCell(text, table, firstCell, field, value);
    expect(parseTextDataset(broken.dataset).issues).toContainEqual({
      table,
      row: broken.row,
      field,
      message,
    });
  });

  test("a duplicate key and a low above its high are rejected", () => {
    const copy = JSON.parse(JSON.stringify(text));
    copy.tables.prices.rows.push([...copy.tables.prices.rows[0]]);
    const lowAboveHigh = withCell(text, "prices", "Dy2O3", "low", "99999999");
    expect(parseTextDataset(copy).issues).toContainEqual(
      expect.objectContaining({
        table: "prices",
        row: copy.tables.prices.rows.length,
        message: expect.stringContaining("duplicates row 1"),
      })
    );
    expect(parseTextDataset(lowAboveHigh.dataset).issues).toContainEqual(
      expect.objectContaining({
        table: "prices",
        row: lowAboveHigh.row,
        field: "low",
        message: expect.stringContaining("is above high"),
      })
    );
  });
});
