import { loadDataset } from "../../src/core/dataset";
import { parseTextDataset } from "../../src/core/validate";
import { realDataset, realTextDataset, withCell } from "../helpers/dataset";

const text = realTextDataset();

describe("the bundled dataset", () => {
  test("is valid: every record has a known source and every source is used", () => {
    expect(parseTextDataset(text).issues).toEqual([]);
  });

  test("holds the 17 rare earths", () => {
    expect(realDataset().elements.map((element) => element.symbol)).toEqual([
      "Sc",
      "Y",
      "La",
      "Ce",
      "Pr",
      "Nd",
      "Pm",
      "Sm",
      "Eu",
      "Gd",
      "Tb",
      "Dy",
      "Ho",
      "Er",
      "Tm",
      "Yb",
      "Lu",
    ]);
  });

  test("metal content factors follow from atomic weights", () => {
    const dataset = realDataset();
    expect(dataset.metalContent.get("Dy2O3")).toBeCloseTo(0.871, 3);
    expect(dataset.metalContent.get("Nd2O3")).toBeCloseTo(0.857, 3);
    expect(dataset.metalContent.get("Tb metal")).toBe(1);
    expect(dataset.metalContent.get("DyFe")).toBe(0.8);
  });
});

describe("schema rejection names the table, row and field", () => {
  test.each([
    ["sources", "S1", "url", "http://pubs.usgs.gov/", "must be an https:// URL"],
    ["atomic_weights", "Dy", "atomic_weight", "heavy", "must be a plain number"],
    ["elements", "Dy", "class_usgs", "medium", "must be light, heavy or neither"],
    ["products", "Dy2O3", "kind", "powder", "must be oxide, metal or alloy"],
    ["countries", "CHN", "iso2", "CHN", "must be two capital letters"],
    ["stages", "mining", "measure", "kg", "must be tonnes or share"],
    ["markets", "China", "currency", "EUR", "must be USD or CNY"],
    ["prices", "Dy2O3", "low", "1,000", "must be a plain number"],
    ["fx", "2021", "per_usd", "-6.45", "must be positive"],
    ["volumes", "CHN", "year", "24", "must be a four-digit year"],
    ["shares", "CHN", "share", "94", "must be a fraction from 0 to 1"],
    ["controls", "CN-2025-18", "effective", "2025-02-30", "must be an ISO date"],
    ["suspensions", "CN-2025-57", "from", "soon", "must be an ISO date"],
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
    ["controls", "CN-2025-18", "elements", "Sm|Xx", "unknown element 'Xx'"],
    ["suspensions", "CN-2025-57", "by", "CN-2099-1", "unknown measure 'CN-2099-1'"],
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
