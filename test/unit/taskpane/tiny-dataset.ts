import { Dataset, loadDataset } from "../../../src/core/dataset";
import { TableName, TextDataset } from "../../../src/core/schema";
import { columnsOf } from "../../../src/core/validate";

/**
 * A dataset small enough to read at a glance, for the pane's models: two elements, three
 * products, three markets, a year of mine production, one stored share and one control measure.
 * Its figures are made up for the tests (only their arithmetic matters), so changes to the
 * reviewed data in src/data never move these tests.
 */
type Rows = Record<string, string>[];

function table(name: TableName, rows: Rows) {
  const columns = columnsOf(name);
  return { columns, rows: rows.map((row) => columns.map((column) => row[column] ?? "")) };
}

export const TINY: TextDataset = {
  meta: {
    version: "tiny.1",
    knownThrough: "2026-06-22",
    controlsKnownFrom: "2010-01-01",
    licence: "CC BY 4.0",
  },
  tables: {
    sources: table("sources", [
      {
        id: "usgs",
        publisher: "USGS",
        title: "Mineral Commodity Summaries",
        url: "https://example.org/usgs",
        published: "2026",
      },
      {
        id: "argus",
        publisher: "Argus",
        title: "Argus Metals",
        url: "https://example.org/argus",
        published: "2025-05-06",
      },
      {
        id: "smm",
        publisher: "SMM",
        title: "SMM prices",
        url: "https://example.org/smm",
        published: "2025-07-01",
      },
      {
        id: "iea",
        publisher: "IEA",
        title: "Rare Earth Elements",
        url: "https://example.org/iea",
        published: "2025",
      },
      {
        id: "mofcom",
        publisher: "MOFCOM",
        title: "Announcement No. 18",
        url: "https://example.org/mofcom",
        published: "2025-04-04",
      },
    ]),
    atomic_weights: table("atomic_weights", [
      { symbol: "Dy", atomic_weight: "162.5", source: "usgs" },
      { symbol: "Tb", atomic_weight: "158.93", source: "usgs" },
      { symbol: "O", atomic_weight: "15.999", source: "usgs" },
    ]),
    elements: table("elements", [
      {
        symbol: "Dy",
        z: "66",
        name: "Dysprosium",
        name_zh: "镝",
        class_usgs: "heavy",
        class_mofcom: "medium-heavy",
        main_oxide: "Dy2O3",
        source: "usgs",
      },
      {
        symbol: "Tb",
        z: "65",
        name: "Terbium",
        name_zh: "铽",
        class_usgs: "heavy",
        class_mofcom: "medium-heavy",
        main_oxide: "Tb4O7",
        source: "usgs",
      },
    ]),
    products: table("products", [
      {
        id: "Dy2O3",
        formula: "Dy2O3",
        kind: "oxide",
        elements: "Dy",
        name: "Dysprosium oxide",
        name_zh: "氧化镝",
        default_market: "USGS",
        source: "usgs",
      },
      {
        id: "Tb4O7",
        formula: "Tb4O7",
        kind: "oxide",
        elements: "Tb",
        name: "Terbium oxide",
        name_zh: "氧化铽",
        default_market: "USGS",
        source: "usgs",
      },
      {
        id: "Tb metal",
        kind: "metal",
        elements: "Tb",
        name: "Terbium metal",
        name_zh: "金属铽",
        default_market: "China",
        source: "usgs",
      },
    ]),
    countries: table("countries", [
      { id: "CN", iso2: "CN", iso3: "CHN", name: "China", name_zh: "中国", kind: "country" },
      {
        id: "US",
        iso2: "US",
        iso3: "USA",
        name: "United States",
        name_zh: "美国",
        kind: "country",
      },
      { id: "WORLD", name: "World", name_zh: "世界", kind: "aggregate" },
    ]),
    stages: table("stages", [
      {
        id: "mining",
        name: "Mining",
        name_zh: "开采",
        measure: "tonnes",
        aliases: "mine production",
      },
      { id: "separation", name: "Separation", name_zh: "分离", measure: "share" },
    ]),
    markets: table("markets", [
      {
        id: "USGS",
        name: "USGS annual average",
        name_zh: "USGS 年均价",
        basis: "annual average",
        currency: "USD",
        unit: "USD/kg",
        vat_included: "no",
        source: "usgs",
      },
      {
        id: "Europe",
        name: "Europe",
        name_zh: "欧洲",
        basis: "CIF Rotterdam",
        currency: "USD",
        unit: "USD/kg",
        vat_included: "no",
        source: "argus",
      },
      {
        id: "China",
        name: "China domestic",
        name_zh: "中国国内",
        basis: "ex-works, VAT included",
        currency: "CNY",
        unit: "CNY/t",
        vat_included: "yes",
        source: "smm",
      },
    ]),
    prices: table("prices", [
      {
        product: "Dy2O3",
        market: "USGS",
        period: "2023",
        low: "330",
        high: "330",
        unit: "USD/kg",
        estimated: "no",
        source: "usgs",
      },
      {
        product: "Dy2O3",
        market: "USGS",
        period: "2024",
        low: "257",
        high: "257",
        unit: "USD/kg",
        estimated: "yes",
        source: "usgs",
      },
      {
        product: "Dy2O3",
        market: "Europe",
        period: "2025-05-06",
        low: "700",
        high: "1000",
        unit: "USD/kg",
        estimated: "no",
        source: "argus",
      },
      {
        product: "Dy2O3",
        market: "China",
        period: "2025-07-01",
        low: "1600000",
        high: "1700000",
        unit: "CNY/t",
        estimated: "no",
        source: "smm",
      },
      {
        product: "Tb metal",
        market: "China",
        period: "2025-07-01",
        low: "9000000",
        high: "9200000",
        unit: "CNY/t",
        estimated: "no",
        source: "smm",
      },
    ]),
    fx: table("fx", []),
    volumes: table("volumes", [
      {
        country: "CN",
        stage: "mining",
        year: "2024",
        tonnes: "270000",
        estimated: "no",
        vintage: "MCS2026",
        source: "usgs",
      },
      {
        country: "US",
        stage: "mining",
        year: "2024",
        tonnes: "45000",
        estimated: "no",
        vintage: "MCS2026",
        source: "usgs",
      },
      {
        country: "WORLD",
        stage: "mining",
        year: "2024",
        tonnes: "390000",
        estimated: "no",
        vintage: "MCS2026",
        source: "usgs",
      },
    ]),
    shares: table("shares", [
      {
        country: "CN",
        stage: "separation",
        year: "2024",
        share: "0.91",
        source: "iea",
        note: "Refining.",
      },
    ]),
    controls: table("controls", [
      {
        id: "cn-18-2025",
        regime: "China",
        authority: "MOFCOM",
        number: "No. 18 of 2025",
        title: "Export licences for seven rare earths",
        kind: "export-licence",
        announced: "2025-04-04",
        effective: "2025-04-04",
        elements: "Dy|Tb",
        scope: "Oxides, metals and alloys",
        source: "mofcom",
      },
    ]),
    suspensions: table("suspensions", []),
  },
};

export function tinyDataset(): Dataset {
  const loaded = loadDataset(TINY);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.value;
}
