import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A stand-in for Excel's custom-functions runtime: the built functions.js is run in a fresh
 * context exactly as Excel's shared runtime loads it, and records what it associates.
 */
export const DIST = join(__dirname, "..", "..", "dist");
/** The same add-in built around the synthetic fixture dataset (npm run build:fixture): the bundle tests use it. */
export const FIXTURE_DIST = join(__dirname, "..", "..", "dist-fixture");

export const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

export class ExcelError {
  constructor(
    public code: string,
    public message?: string
  ) {}
}

export interface LoadedBundle {
  functions: Map<string, (...args: unknown[]) => unknown>;
  ExcelError: typeof ExcelError;
  /** Calls a function as Excel does: omitted optional arguments arrive as null. */
  call(id: string, ...args: unknown[]): unknown;
  metadata: {
    functions: {
      id: string;
      name: string;
      parameters: { name: string; type: string; optional?: boolean }[];
      result: { dimensionality?: string };
    }[];
  };
}

/** The requirement sets (name to highest version) a stand-in Office reports as supported. */
export type RequirementSets = Record<string, string>;
/** A host with data types in custom functions and number formats on doubles (Excel 365 today). */
export const DATA_TYPES_ON: RequirementSets = { CustomFunctionsRuntime: "1.5", ExcelApi: "1.19" };
/** A host without them: Office 2021's custom functions (CustomFunctionsRuntime 1.3). */
export const DATA_TYPES_OFF: RequirementSets = { CustomFunctionsRuntime: "1.3", ExcelApi: "1.14" };

function versionAtLeast(have: string, want: string): boolean {
  const [haveMajor, haveMinor = 0] = have.split(".").map(Number);
  const [wantMajor, wantMinor = 0] = want.split(".").map(Number);
  return haveMajor > wantMajor || (haveMajor === wantMajor && haveMinor >= wantMinor);
}

/** A stand-in for office.js as the shared runtime has it: started, answering isSetSupported. */
function officeStandIn(sets: RequirementSets) {
  return {
    context: {
      requirements: {
        isSetSupported: (name: string, version = "1.1") =>
          sets[name] !== undefined && versionAtLeast(sets[name], version),
      },
    },
    onReady: (callback?: () => void) => {
      callback?.();
      return Promise.resolve({ host: "Excel", platform: "OfficeOnline" });
    },
  };
}

export function loadBundle(
  options: {
    now?: Date;
    dist?: string;
    /** The host's requirement sets; without them there is no Office at all, as in a formula engine. */
    requirementSets?: RequirementSets;
  } = {}
): LoadedBundle {
  const dist = options.dist ?? DIST;
  const functions = new Map<string, (...args: unknown[]) => unknown>();
  const CustomFunctions = {
    associate(
      id: string | Record<string, (...args: unknown[]) => unknown>,
      fn?: (...args: unknown[]) => unknown
    ) {
      if (typeof id === "object")
        for (const [key, value] of Object.entries(id)) register(key, value);
      else register(id, fn!);
    },
    Error: ExcelError,
    ErrorCode,
  };
  function register(id: string, fn: (...args: unknown[]) => unknown) {
    if (functions.has(id.toUpperCase())) throw new Error(`${id} is associated twice`);
    functions.set(id.toUpperCase(), fn);
  }
  let DateClass: DateConstructor = Date;
  if (options.now) {
    const fixed = options.now.getTime();
    class FixedDate extends Date {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(fixed);
        else super(...(args as [number]));
      }
      static now() {
        return fixed;
      }
    }
    DateClass = FixedDate as DateConstructor;
  }
  // The script runs as a browser runs a classic script: its free names CustomFunctions, self and
  // window are the runtime's. (A vm context would do too, but its slow global look-ups would
  // distort the benchmark that reuses this loader.)
  const self: Record<string, unknown> = {};
  const source = readFileSync(join(dist, "functions.js"), "utf8");
  // eslint-disable-next-line no-new-func -- the built bundle is the code under test, run as Excel runs it
  const run = new Function(
    "CustomFunctions",
    "self",
    "window",
    "Date",
    "Office",
    `${source}\n//# sourceURL=functions.js`
  );
  const office = options.requirementSets ? officeStandIn(options.requirementSets) : undefined;
  run(CustomFunctions, self, self, DateClass, office);
  const metadata = JSON.parse(readFileSync(join(dist, "functions.json"), "utf8"));
  const arity = new Map<string, number>(
    metadata.functions.map((entry: { id: string; parameters: unknown[] }) => [
      entry.id,
      entry.parameters.length,
    ])
  );
  return {
    functions,
    ExcelError,
    metadata,
    call(id, ...args) {
      const fn = functions.get(id);
      if (!fn) throw new Error(`${id} is not associated`);
      const padded = [...args];
      while (padded.length < (arity.get(id) ?? 0)) padded.push(null);
      return fn(...padded.map((arg) => (arg === undefined ? null : arg)));
    },
  };
}
