/*
 * The check on open: at most once a day, quiet offline, and only ever telling of a newer dataset.
 * The unit layer's bundled data is the fixture ("fixture.1").
 */
import { BUNDLED_DATASET, dataState } from "../../../src/functions/store";
import {
  CHECK_INTERVAL_MS,
  CheckStorage,
  LAST_CHECK_KEY,
  quietUpdateCheck,
} from "../../../src/taskpane/shell/update-check";

const URL = "https://localhost:3000/dataset.json";
const HOUR = 60 * 60 * 1000;
const OPENED = Date.UTC(2026, 10, 28, 9);

function published(version: string): string {
  const dataset = JSON.parse(JSON.stringify(BUNDLED_DATASET));
  dataset.meta.version = version;
  return JSON.stringify(dataset);
}

function memoryStorage(): CheckStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

/** A server that counts its answers. */
function server(answer: () => Promise<string>) {
  const calls: string[] = [];
  return {
    calls,
    fetchText: (url: string) => {
      calls.push(url);
      return answer();
    },
  };
}

test("a newer published dataset is told once a day; nothing is applied", async () => {
  const storage = memoryStorage();
  const newer = server(async () => published("fixture.2"));
  const check = (now: number) =>
    quietUpdateCheck({ url: URL, fetchText: newer.fetchText, storage, now: () => now });

  await expect(check(OPENED)).resolves.toMatchObject({ version: "fixture.2", newer: true });
  expect(storage.items.get(LAST_CHECK_KEY)).toBe(String(OPENED));
  expect(String(dataState()!.base.meta.version)).toBe("fixture.1");

  // Opened again the same day: no request at all.
  await expect(check(OPENED + 5 * HOUR)).resolves.toBeUndefined();
  expect(newer.calls).toHaveLength(1);

  // A day later it checks again.
  await expect(check(OPENED + CHECK_INTERVAL_MS)).resolves.toMatchObject({ version: "fixture.2" });
  expect(newer.calls).toHaveLength(2);
});

test("offline it says nothing and does not count as a check, so the next opening tries again", async () => {
  const storage = memoryStorage();
  const offline = server(() => Promise.reject(new TypeError("Failed to fetch")));
  await expect(
    quietUpdateCheck({ url: URL, fetchText: offline.fetchText, storage, now: () => OPENED })
  ).resolves.toBeUndefined();
  expect(storage.items.has(LAST_CHECK_KEY)).toBe(false);
  await quietUpdateCheck({
    url: URL,
    fetchText: offline.fetchText,
    storage,
    now: () => OPENED + HOUR,
  });
  expect(offline.calls).toHaveLength(2);
});

test("the same version, an older one or an invalid file: nothing to tell, and checked for the day", async () => {
  for (const answer of [published("fixture.1"), published("fixture.0"), "{not json"]) {
    const storage = memoryStorage();
    const reply = server(async () => answer);
    await expect(
      quietUpdateCheck({ url: URL, fetchText: reply.fetchText, storage, now: () => OPENED })
    ).resolves.toBeUndefined();
    expect(storage.items.get(LAST_CHECK_KEY)).toBe(String(OPENED));
  }
});

test("storage that refuses, or a clock set back, never stops the check nor makes it throw", async () => {
  const refusing: CheckStorage = {
    getItem: () => {
      throw new Error("SecurityError: storage is disabled");
    },
    setItem: () => {
      throw new Error("SecurityError: storage is disabled");
    },
  };
  const newer = server(async () => published("fixture.2"));
  await expect(
    quietUpdateCheck({ url: URL, fetchText: newer.fetchText, storage: refusing })
  ).resolves.toMatchObject({ version: "fixture.2" });

  const storage = memoryStorage();
  storage.setItem(LAST_CHECK_KEY, String(OPENED + 10 * CHECK_INTERVAL_MS));
  await expect(
    quietUpdateCheck({ url: URL, fetchText: newer.fetchText, storage, now: () => OPENED })
  ).resolves.toMatchObject({ version: "fixture.2" });
});
