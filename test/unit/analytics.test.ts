import { fixtureDataset } from "../helpers/dataset";
import { fixtureWith, shown } from "../helpers/cells";

/**
 * REE.HHI, REE.CONVERT and REE.SPREAD on the synthetic fixture (test/fixtures/dataset), as a cell
 * shows them: the catalogue's answer through toExcel. Figures are the fixture's, never facts.
 */
const fixture = fixtureDataset();
const squares = (...shares: number[]) => shares.reduce((sum, share) => sum + (share * 100) ** 2, 0);

describe("REE.HHI: the Herfindahl-Hirschman index of a stage", () => {
  test("from tonnes: the squared shares of the world total, newest edition (mining 2025: 210, 45, 22, 20 of 330 kt)", () => {
    const expected = squares(210 / 330, 45 / 330, 22 / 330, 20 / 330);
    expect(shown(fixture, "HHI", "mining", 2025)).toBeCloseTo(expected, 9);
    // Without a year, the latest year with a world total.
    expect(shown(fixture, "HHI", "mining")).toBeCloseTo(expected, 9);
    expect(shown(fixture, "HHI", "mining", null, null, "year")).toBe(2025);
    expect(shown(fixture, "HHI", "mining", 2025, null, "countries")).toBe(4);
  });

  test("a revised year uses the newest edition (2024: Australia 20 kt of 320 kt in FA2026, not 10 of 300)", () => {
    expect(shown(fixture, "HHI", "mine production", 2024)).toBeCloseTo(
      squares(200 / 320, 42 / 320, 25 / 320, 20 / 320),
      9
    );
    expect(shown(fixture, "HHI", "mining", 2024, null, "source")).toBe(
      "Fixture Survey, Annual Survey 2026 (synthetic), 2026-02"
    );
  });

  test("supply not attributed to named countries is reported, and the note calls the index a lower bound", () => {
    expect(shown(fixture, "HHI", "mining", 2025, null, "unattributed")).toBeCloseTo(33 / 330, 12);
    const note = shown(fixture, "HHI", "mining", 2025, null, "note");
    expect(note).toContain("From FA2026 tonnes");
    expect(note).toContain(
      "A lower bound: 10% of world supply is not attributed to named countries."
    );
    // The ceiling: the unattributed 10% as one more supplier adds 100 to the index.
    const ceiling = Math.round((squares(210 / 330, 45 / 330, 22 / 330, 20 / 330) + 100) * 10) / 10;
    expect(note).toContain(`Were it all one supplier, the index would be ${ceiling}.`);
  });

  test("an 'Other countries' row is not a country: it is lumped, counted as unattributed and named in the note", () => {
    const withOther = fixtureWith({
      volumes: [["OTHER", "mining", "2025", "30000", "", "yes", "FA2026", "F-ANNUAL-2026", ""]],
    });
    expect(shown(withOther, "HHI", "mining", 2025)).toBeCloseTo(
      squares(210 / 330, 45 / 330, 22 / 330, 20 / 330),
      9
    );
    expect(shown(withOther, "HHI", "mining", 2025, null, "countries")).toBe(4);
    expect(shown(withOther, "HHI", "mining", 2025, null, "note")).toContain(
      'A lower bound: 10% of world supply is not attributed to named countries (9.09% lumped as "Other countries", 0.909% not covered by the figures).'
    );
  });

  test("where the figures cover 100% there is no lower-bound sentence", () => {
    const whole = fixtureWith({
      volumes: [["MYS", "mining", "2025", "33000", "", "yes", "FA2026", "F-ANNUAL-2026", ""]],
    });
    expect(shown(whole, "HHI", "mining", 2025, null, "unattributed")).toBe(0);
    expect(shown(whole, "HHI", "mining", 2025, null, "note")).not.toContain("lower bound");
  });

  test("a world total given as 'more than' is said to overstate the shares", () => {
    expect(shown(fixture, "HHI", "reserves")).toBeCloseTo(squares(40 / 80, 2 / 80), 9);
    expect(shown(fixture, "HHI", "reserves", null, null, "note")).toContain(
      "The world total is given as more than 80000000 t, so each share and the index may be overstated."
    );
  });

  test("stages without tonnes use the published shares (separation 2023: China 85%, Malaysia 4%)", () => {
    expect(shown(fixture, "HHI", "refining", 2023)).toBeCloseTo(85 ** 2 + 4 ** 2, 9);
    expect(shown(fixture, "HHI", "separation", 2023, null, "unattributed")).toBeCloseTo(0.11, 12);
    expect(shown(fixture, "HHI", "separation", 2023, null, "note")).toBe(
      "From published shares (China 85%, Malaysia 4%), not tonnes. A lower bound: 11% of world supply is not attributed to named countries. Were it all one supplier, the index would be 7362."
    );
    expect(shown(fixture, "HHI", "magnets")).toBeCloseTo(8100, 9);
  });

  test("an element group answers from the group's published shares, as SHARE's element does", () => {
    expect(shown(fixture, "HHI", "separation", null, "heavy")).toBeCloseTo(98 ** 2, 9);
    expect(shown(fixture, "HHI", "separation", null, "HREE", "year")).toBe(2024);
    expect(shown(fixture, "HHI", "mining", null, "heavy")).toBe(
      "#N/A No published heavy mining shares in the dataset."
    );
  });

  test("published shares that add up to more than 100% are flagged", () => {
    const overfull = fixtureWith({
      shares: [["AUS", "separation", "2023", "", "0.2", "", "F-SHARES-2024", ""]],
    });
    expect(shown(overfull, "HHI", "separation", 2023, null, "note")).toContain(
      "The shares add up to 109%, more than 100%: they come from different figures."
    );
  });

  test("no data is #N/A with the reason; malformed arguments are #VALUE!", () => {
    expect(shown(fixture, "HHI", "metal")).toBe(
      "#N/A No published metal shares in the dataset. No authoritative figure for metal and alloy making was found."
    );
    expect(shown(fixture, "HHI", "mining", 2019)).toBe(
      "#N/A No world mining total for 2019, so no shares to index. Years with a world total: 2023-2025."
    );
    expect(shown(fixture, "HHI", "separation", 2020)).toBe(
      "#N/A No published separation shares for 2020. Years with data: 2023-2024."
    );
    expect(shown(fixture, "HHI", "mining", 2025, null, "colour")).toMatch(
      /^#VALUE! Unknown field 'colour'\./
    );
    expect(shown(fixture, "HHI", "Narnia")).toMatch(/^#VALUE! Unknown stage 'Narnia'\./);
  });

  test("a year whose figures name no country with supply is #N/A, not an index of 0", () => {
    const onlyZero = fixtureWith({
      volumes: [
        ["USA", "mining", "2019", "0", "", "", "FA2025", "F-ANNUAL-2025", ""],
        ["WORLD", "mining", "2019", "200000", "", "", "FA2025", "F-ANNUAL-2025", ""],
      ],
    });
    expect(shown(onlyZero, "HHI", "mining", 2019)).toBe(
      "#N/A The 2019 mining figures attribute no supply to a named country, so no index."
    );
  });
});

describe("REE.CONVERT: one element between oxide, metal and REO bases", () => {
  const dy2o3 = (2 * 162.5) / (2 * 162.5 + 3 * 16);
  const tb4o7 = (4 * 158.93) / (4 * 158.93 + 7 * 16);

  test("an oxide to its metal is the stoichiometric factor from the atomic weights", () => {
    expect(shown(fixture, "CONVERT", 1, "Dy2O3", "Dy")).toBeCloseTo(dy2o3, 12);
    expect(shown(fixture, "CONVERT", 1, "Tb4O7", "Tb metal")).toBeCloseTo(tb4o7, 12);
    expect(shown(fixture, "CONVERT", 1000, "氧化镝", "镝")).toBeCloseTo(1000 * dy2o3, 9);
  });

  test("metal to oxide is the inverse, and the value scales", () => {
    expect(shown(fixture, "CONVERT", 2, "Dy", "Dy2O3")).toBeCloseTo(2 / dy2o3, 12);
    expect(shown(fixture, "CONVERT", "2.5", "Dy", "Dy2O3")).toBeCloseTo(2.5 / dy2o3, 12);
  });

  test("REO means the element's main oxide, taken from the other side", () => {
    expect(shown(fixture, "CONVERT", 1, "Dy", "REO")).toBeCloseTo(1 / dy2o3, 12);
    expect(shown(fixture, "CONVERT", 1, "REO", "Tb")).toBeCloseTo(tb4o7, 12);
    expect(shown(fixture, "CONVERT", 5, "Dy2O3", "REO")).toBe(5);
  });

  test("an alloy converts by its stated metal content (DyFe: 80% Dy)", () => {
    expect(shown(fixture, "CONVERT", 1, "DyFe", "Dy")).toBeCloseTo(0.8, 12);
    expect(shown(fixture, "CONVERT", 1, "DyFe", "REO")).toBeCloseTo(0.8 / dy2o3, 12);
  });

  test("where a conversion is undefined the cell is #VALUE! saying why", () => {
    expect(shown(fixture, "CONVERT", 1, "Dy", "Tb")).toBe(
      "#VALUE! Dy metal and Tb metal are of different elements (Dy, Tb); REE.CONVERT converts one element between bases."
    );
    expect(shown(fixture, "CONVERT", 1, "NdPr oxide", "Nd")).toBe(
      "#VALUE! NdPr oxide holds more than one element (Nd, Pr); REE.CONVERT converts products of one element."
    );
    expect(shown(fixture, "CONVERT", 1, "REO", "REO")).toMatch(
      /^#VALUE! From REO to REO names no element/
    );
    expect(shown(fixture, "CONVERT", 1, "Sc", "REO")).toBe(
      "#VALUE! REO is not defined for Sc: the dataset gives it no main oxide."
    );
    expect(shown(fixture, "CONVERT", 1, "Dy2O4", "Dy")).toBe(
      `#VALUE! Unknown product 'Dy2O4'. Did you mean Dy2O3? An element symbol (its metal) or "REO" also works here.`
    );
  });

  test("an alloy of unknown content is refused, not guessed", () => {
    const unknownContent = fixtureWith({
      products: [
        [
          "HoFe",
          "",
          "alloy",
          "Ho",
          "",
          "Holmium-iron alloy",
          "钬铁合金",
          "",
          "",
          "",
          "F-REFERENCE",
        ],
      ],
    });
    expect(shown(unknownContent, "CONVERT", 1, "HoFe", "Ho")).toBe(
      "#VALUE! The Ho content of HoFe is unknown (no formula with atomic weights, no stated metal content), so it cannot be converted."
    );
  });

  test("value takes one number: text that is not a number and ranges are #VALUE!", () => {
    expect(shown(fixture, "CONVERT", "lots", "Dy2O3", "Dy")).toBe(
      "#VALUE! value must be a number, got 'lots'."
    );
    expect(shown(fixture, "CONVERT", true, "Dy2O3", "Dy")).toBe(
      "#VALUE! value must be a number, got TRUE."
    );
    expect(shown(fixture, "CONVERT", [[1], [2]], "Dy2O3", "Dy")).toBe(
      "#VALUE! value expects one value, not a range or array."
    );
  });
});

describe("REE.SPREAD: two markets' prices for one product on one date", () => {
  test("a monthly price against an annual average, in US$/kg (Europe July 2025 820 over USGS 2025 210)", () => {
    expect(shown(fixture, "SPREAD", "Dy2O3", "Europe", "USGS", "2025-07-31")).toBeCloseTo(
      820 / 210,
      12
    );
    expect(
      shown(fixture, "SPREAD", "Dy2O3", "Europe", "USGS", "2025-07-31", null, "difference")
    ).toBeCloseTo(610, 9);
    // The older of the two assessments: the annual average's first day.
    expect(shown(fixture, "SPREAD", "Dy2O3", "Europe", "USGS", "2025-07-31", null, "date")).toBe(
      45658
    );
  });

  test("without a date, the latest date both series cover", () => {
    expect(shown(fixture, "SPREAD", "Dy2O3", "Europe", "USGS")).toBeCloseTo(820 / 210, 12);
    expect(shown(fixture, "SPREAD", "Dy2O3", "Europe", "USGS", null, null, "note")).toContain(
      "Each the last assessment on or before 2025-07-31, the latest date both series cover."
    );
  });

  test("a CNY price converts at its own month's rate, and the note names both dates, units and the rate", () => {
    // China 2025-03-10: 1,450,000 CNY/t at 7.25 is 200 US$/kg.
    expect(shown(fixture, "SPREAD", "Dy2O3", "China", "USGS", "2025-03-31")).toBeCloseTo(
      200 / 210,
      12
    );
    expect(shown(fixture, "SPREAD", "Dy2O3", "China", "USGS", "2025-03-31", null, "note")).toBe(
      "China 2025-03-10: 200 USD/kg, quoted in CNY/t and converted at 7.25 CNY per USD (monthly average for 2025-03). USGS 2025: 210 USD/kg, estimated. Ratio 0.952381; difference -10 USD/kg (China minus USGS). Each the last assessment on or before 2025-03-31."
    );
    expect(shown(fixture, "SPREAD", "Dy2O3", "China", "USGS", "2025-03-31", null, "source")).toBe(
      "Fixture Daily, Fixture daily China prices (synthetic), 2025-05-12; Fixture Survey, Annual Survey 2026 (synthetic), 2026-02"
    );
  });

  test("in another unit, both prices are in it (CNY/t: the USGS average at the 2025 rate is #N/A, never a borrowed rate)", () => {
    expect(shown(fixture, "SPREAD", "Dy2O3", "China", "USGS", "2025-03-31", "CNY/t")).toMatch(
      /^#N\/A .*no sourced CNY\/USD rate for 2025/
    );
    expect(
      shown(fixture, "SPREAD", "La2O3", "FOB China", "USGS", "2025-12-31", "USD/t", "difference")
    ).toBeCloseTo(1550 - 1200, 9);
  });

  test("no rate for a price's month is #N/A (China 2025-05-12, no May rate)", () => {
    expect(shown(fixture, "SPREAD", "Dy2O3", "China", "USGS", "2025-05-31")).toMatch(
      /^#N\/A Dy2O3 in China for 2025-05-12 is quoted in CNY\/t, and the dataset has no sourced CNY\/USD rate for 2025-05/
    );
  });

  test("two daily assessments more than a day apart are refused, with both dates", () => {
    expect(shown(fixture, "SPREAD", "Dy2O3", "Europe", "China", "2025-04-30")).toBe(
      "#N/A The Dy2O3 assessments are too far apart to compare: Europe 2025-04-15, China 2025-03-10, 36 days, more than a day. Pick a date when both were assessed within a day of each other."
    );
  });

  describe("the allowed gap is one period of the coarser series", () => {
    const row = (market: string, period: string) => [
      "Dy2O3",
      market,
      period,
      "100",
      "100",
      "USD/kg",
      "",
      "",
      "F-EXPORT",
      "",
    ];
    test("daily against daily: a day apart is compared, two days apart is not", () => {
      const oneDay = fixtureWith({ prices: [row("FOB China", "2025-04-16")] });
      expect(shown(oneDay, "SPREAD", "Dy2O3", "Europe", "FOB China", "2025-04-16")).toBeCloseTo(
        7.5,
        12
      );
      const twoDays = fixtureWith({ prices: [row("FOB China", "2025-04-17")] });
      expect(shown(twoDays, "SPREAD", "Dy2O3", "Europe", "FOB China", "2025-04-17")).toMatch(
        /^#N\/A .* 2 days, more than a day\./
      );
    });

    test("monthly against daily: up to a month from the month's first day", () => {
      const sameDayNextMonth = fixtureWith({ prices: [row("FOB China", "2025-08-01")] });
      expect(
        shown(sameDayNextMonth, "SPREAD", "Dy2O3", "Europe", "FOB China", "2025-08-01")
      ).toBeCloseTo(8.2, 12);
      const later = fixtureWith({ prices: [row("FOB China", "2025-08-02")] });
      expect(shown(later, "SPREAD", "Dy2O3", "Europe", "FOB China", "2025-08-02")).toMatch(
        /^#N\/A .* 32 days, more than a month\./
      );
    });
  });

  test("the same market twice, or a market without the product, is said so", () => {
    expect(shown(fixture, "SPREAD", "Dy2O3", "Europe", "CIF Rotterdam")).toBe(
      "#VALUE! market and versus are both Europe; name two different markets."
    );
    expect(shown(fixture, "SPREAD", "Tb4O7", "Europe", "China")).toBe(
      "#N/A No Tb4O7 price in the China market. Markets with Tb4O7 prices: Europe, USGS."
    );
    expect(shown(fixture, "SPREAD", "Dy2O3", "Europe", "USGS", null, null, "colour")).toMatch(
      /^#VALUE! Unknown field 'colour'\./
    );
  });
});
