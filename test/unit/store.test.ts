import {
  applyData,
  commitData,
  dataState,
  onDataChange,
  prepareData,
} from "../../src/functions/store";

afterEach(() => {
  applyData({ layers: [], history: [], previous: null });
});

describe("the shared data changes for everyone at once, or not at all", () => {
  test("a listener that throws does not stop the others from seeing the change", () => {
    const seen: string[] = [];
    const stopFailing = onDataChange(() => {
      throw new Error("a pane section failed to render");
    });
    const stopSeeing = onDataChange((state) =>
      seen.push(state.history.map((e) => e.detail).join())
    );
    const error = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const history = [
        { date: "2026-11-28", action: "import" as const, from: "x", to: "x", detail: "a.csv" },
      ];
      expect(applyData({ history }).ok).toBe(true);
      expect(seen).toEqual(["a.csv"]);
      expect(dataState()!.history).toEqual(history);
      expect(error).toHaveBeenCalled();
    } finally {
      stopFailing();
      stopSeeing();
      error.mockRestore();
    }
  });

  test("a change prepared from a state that has since changed is refused", () => {
    const before = dataState();
    const prepared = prepareData({ history: [] });
    if (!prepared.ok) throw new Error(prepared.message);
    expect(
      applyData({ history: [{ date: "2026-11-28", action: "remove", from: "x", to: "x" }] }).ok
    ).toBe(true);
    const result = commitData(prepared.value, before);
    expect(result).toMatchObject({ ok: false });
    expect(dataState()!.history).toHaveLength(1);
  });
});
